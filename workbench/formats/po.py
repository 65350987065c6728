"""Bilingual PO (gettext) via polib: one segment per entry, one per plural form.

Our own files: ``msgctxt`` is ``p{paragraph}s{index}`` (so equal sentences
stay separate entries), ``msgid`` the source, ``msgstr`` the translation.
Statuses: a machine draft is a ``fuzzy`` entry, ``approved`` and ``skip``
are flags of their own (PO has no such states; gettext tools keep unknown
flags), a translated entry has none, a new one an empty ``msgstr``. The
header carries the languages (``Language``, ``X-Source-Language``) and the
layout (``X-Workbench-Layout``, JSON on one line). A segment's glossary terms
are extracted comments (``#.``) saying whether each is in the exported
``msgstr`` (:func:`workbench.formats.xliff.term_notes`). The review's comments and
questions are translator comments (``# wang — Comment (…): …``), in our files and
after another tool's own translator comments alike (:mod:`workbench.formats.comments`).

A catalogue from another tool (Django, Weblate, Poedit…) is kept whole in the
store (:class:`Catalogue`): its header comment and fields (``Plural-Forms``,
``Language-Team``…), and per entry its ``msgctxt``, flags (``python-format``),
translator and extracted comments, references, ``#|`` previous msgids, plural
``msgid_plural``, and the obsolete entries. The export writes that catalogue
back with only the translations and the review flags (``fuzzy``…) changed.
A plural entry is one segment per ``msgstr[n]``: the first shows ``msgid``,
the others ``msgid_plural`` (a catalogue with one form, Chinese, shows
``msgid_plural``), so each form is translated on its own.

Encodings: the charset the header declares is honoured, as msgfmt does
(``charset=windows-1251``); the export is UTF-8 and says so in its header.
"""

from __future__ import annotations

import codecs
import json
import re

from workbench.errors import DocumentError, InputError
from workbench.formats import (
    ImportedDocument, bilingual_languages, check_declared_language, decode_text, normalise_lang,
)
from workbench.formats.comments import comment_lines, review_notes
from workbench.formats.xliff import exported_target, term_checker, term_notes
from workbench.segment import default_layout

_CONTEXT = re.compile(r"^p(\d+)s(\d+)$")
_POLIB_LINE = re.compile(r"\s*\(line (\d+)\)")
_CHARSET = re.compile(rb"Content-Type:[^\"\\\n]*charset=([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_PLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
STATUS_FLAGS = ("fuzzy", "approved", "skip")
"""The flags that carry a segment's review state: rewritten on export, every other flag kept."""
ENTRY_FIELDS = ("msgid", "msgid_plural", "msgctxt", "msgstr", "msgstr_plural", "flags", "comment", "tcomment",
                "occurrences", "previous_msgctxt", "previous_msgid", "previous_msgid_plural", "obsolete")
"""What is kept of each entry (every field polib parses)."""


class _Lines(str):
    """PO text that polib splits at ``\\n`` only.

    polib splits a text with ``str.splitlines``, which also breaks at a
    vertical tab (U+000B), a form feed and other separators: a valid file with
    a ``\\v`` inside a string became a syntax error. msgfmt and polib reading
    a path split at newlines only; so do we.
    """

    def splitlines(self, keepends: bool = False) -> list[str]:  # noqa: ARG002 (polib's call)
        return self.split("\n")


def decode_po(data: bytes, name: str) -> tuple[str, str]:
    """The text of a PO file in the charset its header declares, and that charset (``utf-8`` by default).

    A BOM means UTF-8; ``charset=CHARSET`` (a template's placeholder) too.

    Raises:
        InputError: an unknown charset, or bytes that are not in it (file and line).
    """
    match = _CHARSET.search(data[:65536])
    declared = match.group(1).decode("ascii") if match else ""
    line = data[:match.start()].count(b"\n") + 1 if match else 1
    if data.startswith(codecs.BOM_UTF8) or declared.upper() in ("", "CHARSET"):
        return decode_text(data, name), "utf-8"
    try:
        charset = codecs.lookup(declared).name
    except LookupError:
        raise InputError(f"{name}:{line}: unknown charset {declared!r} in the Content-Type header") from None
    if charset == "utf-8":
        return decode_text(data, name), charset
    try:
        text = data.decode(charset)
    except UnicodeDecodeError as err:
        bad = data[:err.start].count(b"\n") + 1
        raise InputError(f"{name}:{bad}: not valid {declared} (byte 0x{data[err.start]:02X}), the charset "
                         f"its header declares on line {line}") from None
    return text.replace("\r\n", "\n").replace("\r", "\n"), declared


def parse(data: bytes, name: str):
    """A polib catalogue from the bytes of a PO file, and its charset.

    Raises:
        InputError: an encoding problem. DocumentError: a syntax error (``name:line: message``).
    """
    import polib

    text, charset = decode_po(data, name)
    try:
        catalog = polib.pofile(_Lines(text), wrapwidth=0)
    except (OSError, ValueError) as err:
        message = str(err)
        line = _POLIB_LINE.search(message)
        where = f"{name}:{line.group(1)}" if line else name
        raise DocumentError(f"{where}: {_POLIB_LINE.sub('', message)}") from err
    return catalog, charset


def read(data: bytes, name: str, source_lang: str | None = None, target_lang: str | None = None) -> ImportedDocument:
    """A bilingual document from a PO file.

    Entries whose ``msgctxt`` is ``p{N}s{M}`` are grouped into paragraph N;
    any other entry is a paragraph of its own (one segment per plural form).
    Obsolete entries and entries without text are kept, not translated.

    Raises:
        InputError: an encoding problem; the declared ``Language`` is not the
            script of the translations (unless the user named the languages).
        DocumentError: a syntax error (``name:line: message``), or no entries.
    """
    catalog, charset = parse(data, name)
    nplurals = _nplurals(catalog.metadata.get("Plural-Forms", ""))
    paragraphs: list[list[str]] = []
    targets: list[tuple[str, str] | None] = []
    extras: list[dict | None] = []
    entries = [_entry_record(entry) for entry in catalog]
    last_paragraph = None
    for number, entry in enumerate(catalog):
        if entry.obsolete or not entry.msgid.strip():
            continue
        match = _CONTEXT.match(entry.msgctxt or "")
        paragraph = ("p", int(match.group(1))) if match else ("entry", number)
        if paragraph != last_paragraph:
            paragraphs.append([])
            last_paragraph = paragraph
        for form, source, translation in _forms(entry, nplurals):
            paragraphs[-1].append(" ".join(source.split()))
            targets.append(_target(entry, translation))
            extras.append({"entry": number, "form": form} if form is not None else {"entry": number})
    if not paragraphs:
        raise DocumentError(f"{name}: no entries to translate")
    layout = _layout(catalog.metadata.get("X-Workbench-Layout"), len(paragraphs), name)
    notices: list[str] = []
    metadata = catalog.metadata
    sources = [s for p in paragraphs for s in p]
    if source_lang is None and target_lang is None and normalise_lang(metadata.get("Language")):
        _check_target_language(metadata["Language"], sources, targets, name)
    source, target = bilingual_languages(
        "\n".join(sources), name,
        (normalise_lang(metadata.get("X-Source-Language")), normalise_lang(metadata.get("Language"))),
        (f"X-Source-Language: {metadata['X-Source-Language']}" if metadata.get("X-Source-Language") else "",
         f"Language: {metadata['Language']}" if metadata.get("Language") else ""),
        (source_lang, target_lang), notices)
    if codecs.lookup(charset).name != "utf-8":
        notices.append(f"{name}: read as {charset} (the charset its header declares); exported as UTF-8, "
                       "with the header's charset changed to match")
    kept = {"po": {"header": catalog.header, "metadata": list(metadata.items()),
                   "header_fuzzy": bool(catalog.metadata_is_fuzzy), "charset": charset, "entries": entries}}
    document_name = metadata.get("X-Workbench-Document") or name
    return ImportedDocument(document_name, source, target, paragraphs, layout,
                            targets if any(targets) else None, extra=kept, segment_extras=extras,
                            notices=notices)


def _nplurals(plural_forms: str) -> int | None:
    match = _PLURALS.search(plural_forms or "")
    return int(match.group(1)) if match and int(match.group(1)) > 0 else None


def _forms(entry, nplurals: int | None) -> list[tuple[int | None, str, str]]:
    """``(form, source, translation)`` per segment of an entry; form ``None`` for a singular entry."""
    if not entry.msgid_plural:
        return [(None, entry.msgid, entry.msgstr)]
    forms = sorted(entry.msgstr_plural) or list(range(nplurals or 2))
    if len(forms) == 1:
        return [(forms[0], entry.msgid_plural, entry.msgstr_plural.get(forms[0], ""))]
    return [(n, entry.msgid if n == 0 else entry.msgid_plural, entry.msgstr_plural.get(n, "")) for n in forms]


def _entry_record(entry) -> dict:
    """Everything polib parsed of an entry, as JSON (plural keys as strings, references as pairs)."""
    record = {field: getattr(entry, field) for field in ENTRY_FIELDS}
    record["msgstr_plural"] = {str(k): v for k, v in entry.msgstr_plural.items()}
    record["occurrences"] = [list(pair) for pair in entry.occurrences]
    return record


def _target(entry, text: str) -> tuple[str, str] | None:
    text = text.strip()
    if "skip" in entry.flags:
        return (text, "skip")
    if not text:
        return None
    if "fuzzy" in entry.flags:
        return (text, "draft")
    return (text, "approved" if "approved" in entry.flags else "translated")


def _check_target_language(declared: str, sources: list[str], targets: list[tuple[str, str] | None],
                           name: str) -> None:
    """The ``Language`` header against the script of the translations that are not copies of their source."""
    texts = [t[0] for s, t in zip(sources, targets) if t and t[0] and t[0] != s]
    if texts:
        check_declared_language(texts, normalise_lang(declared), name, f"Language: {declared}", "translations")


def _layout(value: str | None, count: int, name: str) -> list[str]:
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
    """The document as a PO file: the kept catalogue with new translations, else our own layout."""
    kept = store.document_extra(doc_id).get("po")
    if kept:
        return _write_kept(store, doc_id, kept)
    return _write_own(store, doc_id)


def _write_own(store, doc_id: int) -> bytes:
    import polib

    from workbench import __version__

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
    comments = review_notes(store, doc_id)
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
        _add_review_comments(entry, comments.get(row.id, []))
        catalog.append(entry)
    return str(catalog).encode("utf-8") + b"\n"


def _write_kept(store, doc_id: int, kept: dict) -> bytes:
    """The catalogue as imported, each segment's translation and state put back in its entry and form.

    Glossary notes are not added to another tool's catalogue: its entries'
    comments go back unchanged. In our own file imported back they are ours,
    and made anew about the exported translation.
    """
    import polib


    info = store.get_document(doc_id)
    # Our own file imported back: its extracted comments are our glossary notes, made anew.
    ours = any(key == "X-Workbench-Document" for key, _ in kept.get("metadata", []))
    checker = None
    catalog = _kept_file_class()(wrapwidth=78)
    catalog.header = kept.get("header", "")
    metadata = dict(kept.get("metadata", []))
    if codecs.lookup(kept.get("charset") or "utf-8").name != "utf-8" and "Content-Type" in metadata:
        metadata["Content-Type"] = re.sub(r"charset=[A-Za-z0-9_.:-]+", "charset=UTF-8", metadata["Content-Type"])
    catalog.metadata = metadata
    catalog.metadata_is_fuzzy = kept.get("header_fuzzy", False)
    comments = review_notes(store, doc_id)
    rows_of: dict[int, list] = {}
    for row in store.segments(doc_id):
        rows_of.setdefault(row.extra.get("entry", -1), []).append(row)
    for number, record in enumerate(kept.get("entries", [])):
        entry = polib.POEntry(**{k: v for k, v in record.items() if k not in ("msgstr_plural", "occurrences")})
        entry.msgstr_plural = {int(k): v for k, v in record.get("msgstr_plural", {}).items()}
        entry.occurrences = [tuple(pair) for pair in record.get("occurrences", [])]
        entry.flags = list(record.get("flags", []))
        rows = rows_of.get(number)
        if rows:
            for row in rows:
                text = row.target if row.status == "skip" else exported_target(row)
                form = row.extra.get("form")
                before = entry.msgstr if form is None else entry.msgstr_plural.get(int(form), "")
                if text.strip() == before.strip():
                    text = before  # unchanged: as the file had it, to the last space and newline
                elif text:
                    text = _newlines_as(entry.msgid if not form else entry.msgid_plural or entry.msgid, text)
                if form is None:
                    entry.msgstr = text
                else:
                    entry.msgstr_plural[int(form)] = text
            _set_status_flags(entry, rows)
            if ours and len(rows) == 1:
                checker = checker or term_checker(info.target_lang)
                row = rows[0]
                entry.comment = "\n".join(term_notes(row.terms_json, exported_target(row), info.target_lang,
                                                      row.draft, checker))
            _add_review_comments(entry, [note for row in rows for note in comments.get(row.id, [])])
        catalog.append(entry)
    return str(catalog).encode("utf-8") + b"\n"


def _add_review_comments(entry, notes) -> None:
    """The review's comments and questions after the entry's translator comments (``# wang — Comment …``)."""
    if notes:
        entry.tcomment = "\n".join(filter(None, [entry.tcomment, *comment_lines(notes)]))


def _newlines_as(source: str, text: str) -> str:
    """*text* starting and ending with a newline where *source* does (``msgfmt -c`` requires it).

    The editor shows a source with its whitespace normalised, so a new
    translation lacks the newlines its ``msgid`` begins or ends with.
    """
    text = text.strip("\n")
    return ("\n" if source.startswith("\n") else "") + text + ("\n" if source.endswith("\n") else "")


def _kept_file_class():
    """A polib catalogue that writes its header fields in their own order (polib puts its own first)."""
    import polib

    class KeptFile(polib.POFile):
        def ordered_metadata(self):
            return list(self.metadata.items())

    return KeptFile


def _set_status_flags(entry, rows) -> None:
    """``fuzzy`` while any form is a machine draft; ``approved``/``skip`` when every form is."""
    statuses = {row.status for row in rows}
    if statuses == {"new"}:
        return  # nothing translated: a fuzzy entry without text stays as the file had it
    wanted = []
    if "draft" in statuses and any(row.draft or row.target for row in rows if row.status == "draft"):
        wanted = ["fuzzy"]
    elif statuses == {"approved"}:
        wanted = ["approved"]
    elif statuses == {"skip"}:
        wanted = ["skip"]
    had = [flag for flag in entry.flags if flag in STATUS_FLAGS]
    if sorted(had) != sorted(wanted):
        entry.flags = [flag for flag in entry.flags if flag not in STATUS_FLAGS] + wanted
