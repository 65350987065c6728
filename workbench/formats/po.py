"""Bilingual PO (gettext) via polib: one entry per segment.

``msgctxt`` is ``p{paragraph}s{index}`` (so equal sentences stay separate
entries), ``msgid`` the source, ``msgstr`` the translation. Statuses: a
machine draft is a ``fuzzy`` entry, ``approved`` and ``skip`` are flags of
their own (PO has no such states; gettext tools keep unknown flags), a
translated entry has none, a new one an empty ``msgstr``. The header carries
the languages (``Language``, ``X-Source-Language``) and the layout
(``X-Workbench-Layout``, JSON on one line). A segment's glossary terms are
extracted comments (``#.``) saying whether each is in the exported ``msgstr``
(:func:`workbench.formats.xliff.term_notes`).
"""

from __future__ import annotations

import json
import re

from workbench.errors import DocumentError
from workbench.formats import ImportedDocument, decode_text, normalise_lang, pick_languages

_CONTEXT = re.compile(r"^p(\d+)s(\d+)$")
_POLIB_LINE = re.compile(r"\s*\(line (\d+)\)")


def read(data: bytes, name: str, source_lang: str | None = None, target_lang: str | None = None) -> ImportedDocument:
    """A bilingual document from a PO file.

    Entries whose ``msgctxt`` is ``p{N}s{M}`` are grouped into paragraph N;
    any other entry is a paragraph of its own. Obsolete entries are ignored.

    Raises:
        DocumentError: a syntax error (``name:line: message``), or no entries.
    """
    import polib

    text = decode_text(data, name)
    try:
        catalog = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError) as err:
        message = str(err)
        line = _POLIB_LINE.search(message)
        where = f"{name}:{line.group(1)}" if line else name
        raise DocumentError(f"{where}: {_POLIB_LINE.sub('', message)}") from err
    paragraphs: list[list[str]] = []
    targets: list[tuple[str, str] | None] = []
    last_paragraph = None
    for entry in catalog:
        if entry.obsolete or not entry.msgid.strip():
            continue
        match = _CONTEXT.match(entry.msgctxt or "")
        paragraph = ("p", int(match.group(1))) if match else ("entry", entry.linenum)
        if paragraph != last_paragraph:
            paragraphs.append([])
            last_paragraph = paragraph
        paragraphs[-1].append(" ".join(entry.msgid.split()))
        targets.append(_target(entry))
    if not paragraphs:
        raise DocumentError(f"{name}: no entries to translate")
    layout = _layout(catalog.metadata.get("X-Workbench-Layout"), len(paragraphs), name)
    file_source = normalise_lang(catalog.metadata.get("X-Source-Language"))
    file_target = normalise_lang(catalog.metadata.get("Language"))
    text = "\n".join(s for p in paragraphs for s in p)
    source, target = pick_languages(text, name, source_lang or file_source, file_target or target_lang)
    document_name = catalog.metadata.get("X-Workbench-Document") or name
    return ImportedDocument(document_name, source, target, paragraphs, layout,
                            targets if any(targets) else None)


def _target(entry) -> tuple[str, str] | None:
    text = entry.msgstr.strip()
    if "skip" in entry.flags:
        return (text, "skip")
    if not text:
        return None
    if "fuzzy" in entry.flags:
        return (text, "draft")
    return (text, "approved" if "approved" in entry.flags else "translated")


def _layout(value: str | None, count: int, name: str) -> list[str]:
    from workbench.segment import default_layout

    if not value:
        return default_layout(count)
    try:
        layout = json.loads(value)
    except ValueError as err:
        raise DocumentError(f"{name}: the X-Workbench-Layout header is not JSON ({err})") from err
    if not isinstance(layout, list) or len(layout) != count + 1 or not all(isinstance(p, str) for p in layout):
        raise DocumentError(f"{name}: the X-Workbench-Layout header does not fit {count} paragraphs")
    return layout


def write(store, doc_id: int) -> bytes:
    """The document as a PO file (see the module docstring)."""
    import polib

    from workbench import __version__
    from workbench.formats.xliff import exported_target, term_checker, term_notes

    info = store.get_document(doc_id)
    catalog = polib.POFile(wrapwidth=0)
    catalog.header = f"{info.name}: {info.source_lang} → {info.target_lang}, exported by the workbench"
    catalog.metadata = {
        "Project-Id-Version": info.name,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Language": info.target_lang,
        "X-Source-Language": info.source_lang,
        "X-Generator": f"workbench {__version__}",
        "X-Workbench-Document": info.name,
        "X-Workbench-Layout": json.dumps(store.document_layout(doc_id), ensure_ascii=False),
    }
    checker = term_checker(info.target_lang)
    for row in store.segments(doc_id):
        text = exported_target(row)
        # A skipped entry keeps a translation it had, for when it goes back to translation.
        entry = polib.POEntry(msgctxt=f"p{row.paragraph}s{row.index}", msgid=row.source,
                              msgstr=row.target if row.status == "skip" else text)
        if row.status == "draft" and text:
            entry.flags.append("fuzzy")
        elif row.status in ("approved", "skip"):
            entry.flags.append(row.status)
        notes = term_notes(row.terms_json, text, info.target_lang, row.draft, checker)
        if notes:
            entry.comment = "\n".join(notes)
        catalog.append(entry)
    return str(catalog).encode("utf-8") + b"\n"
