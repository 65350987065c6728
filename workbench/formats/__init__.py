"""Document formats: importing a file into the store and exporting a stored document.

One module per format, as in translate-toolkit's ``storage`` package; each
exposes ``read(data, name, source_lang, target_lang) -> ImportedDocument``
(except TMX, which is export-only here: a memory, not a document; it is read
into the translation memory by :mod:`workbench.memory`) and
``write(store, doc_id) -> bytes``; a format whose file may hold several
documents (XLIFF: one per ``<file>``) also has ``read_all(...) ->
list[ImportedDocument]`` (:func:`import_documents`). XLIFF 2 and SDLXLIFF
are dialects read and written by the ``xliff`` module through
:mod:`.xliff2` and :mod:`.sdlxliff`. The translation formats (txt, md, docx)
write approved text only and say which segments are not approved
(``write(store, doc_id, unreviewed=...)``: :mod:`workbench.formats.unreviewed`);
the bilingual ones give each segment's review state. Heavy libraries (python-docx, lxml, polib)
are imported inside those modules, so importing this registry is cheap.

Monolingual formats (txt, md, docx) give paragraphs of source sentences and a
*layout*: the text around the paragraphs. The layout is Markdown-flavoured —
newlines, and for Markdown and Word the block markers (``## `` for a
heading, ``- `` for a list item) and blocks that are not translated (code) —
so headings never reach the model and come back on export
(:func:`workbench.segment.join_document` puts paragraphs and layout back
together). Bilingual formats (xliff, po) also carry each segment's
translation and status, and the layout (in the XLIFF skeleton, in a PO header),
so what we write reads back the same.

PO (polib) and XLIFF (lxml) are read by our own modules, not by
translate-toolkit's ``translate.storage``: on our corpus of other tools'
files it reads a windows-1251 or KOI8-R catalogue as mojibake, refuses an
indented catalogue that msgfmt accepts, cannot save an XLIFF holding a
processing instruction, and adds attributes to the units it translates
(``tests/formats/test_translate_toolkit_comparison.py``, run where it is
installed); and it is GPL-3.0-or-later, the workbench MIT.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import DocumentError, InputError, UnsupportedFormat
from workbench.languages import LANGUAGES, count_scripts, detect_language, other_language
from workbench.textio import write_bytes_atomic

if TYPE_CHECKING:
    from workbench.store import Store

FORMATS = ("txt", "md", "docx", "xliff", "po", "tmx")
"""Every format name; each is a module of this package."""

IMPORT_FORMATS = ("txt", "md", "docx", "xliff", "po")
"""Formats a document can be imported from (TMX holds a memory, not a document)."""

EXTENSIONS = {
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".docx": "docx",
    ".xlf": "xliff", ".xliff": "xliff", ".sdlxliff": "xliff", ".po": "po", ".pot": "po", ".tmx": "tmx",
}

IMPORT_EXTENSIONS = {suffix: fmt for suffix, fmt in EXTENSIONS.items() if fmt in IMPORT_FORMATS}
"""The extensions a document is imported from: what an "expected one of" message may list."""

EXPORT_SUFFIXES = {"txt": ".txt", "md": ".md", "docx": ".docx", "xliff": ".xlf", "po": ".po", "tmx": ".tmx"}
"""The suffix each format's export is written with (a document imported from SDLXLIFF keeps ``.sdlxliff``)."""

XLIFF_SUPPORTED = "XLIFF 1.0, 1.1, 1.2, 2.0, 2.1 and SDLXLIFF are"
"""What an XLIFF refusal says is read instead."""

REFUSED_EXTENSIONS = {
    ".sdlppx": "a Trados Studio package is not supported; import its files as XLIFF 1.2",
    ".xlz": "a zipped XLIFF (.xlz) is not supported; unzip it and import the .xlf inside",
}
"""Extensions of formats we know and refuse, with the exact reason (never a bare "unknown format")."""


@dataclass
class ImportedDocument:
    """A document read from a file, ready for :meth:`workbench.store.Store.create_document`.

    Attributes:
        name: the document's name (by default the file name).
        source_lang, target_lang: ``"ru"``/``"zh"``; ``target_lang`` is
            ``None`` when the file does not say (monolingual formats).
        paragraphs: each paragraph's source sentences.
        layout: ``len(paragraphs) + 1`` strings around the paragraphs.
        targets: bilingual formats only: one ``(text, status)`` or ``None``
            per segment in order (status one of :data:`workbench.store.STATUSES`).
        fmt: the format it was read as.
        extra: bilingual formats: what the file carries beyond its segments
            (a PO catalogue's header and entries, an XLIFF file's tree), kept
            in the store so that the export writes the file back as it came.
        segment_extras: with *extra*, one dict per segment: its place in the file.
        notices: lines the import reports (``name: ...``): what could not be
            kept, one line per kind with a count; languages given by the user
            that overrule the file's. Never silent, never an error.
    """

    name: str
    source_lang: str
    target_lang: str | None
    paragraphs: list[list[str]]
    layout: list[str]
    targets: list[tuple[str, str] | None] | None = None
    fmt: str = ""
    extra: dict | None = None
    segment_extras: list[dict | None] | None = None
    notices: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return sum(len(p) for p in self.paragraphs)


def detect_format(name: str | os.PathLike[str]) -> str:
    """The format of a file from its extension.

    Raises:
        InputError: an unknown extension (the known ones are listed).
    """
    suffix = Path(str(name)).suffix.lower()
    if suffix not in EXTENSIONS:
        known = ", ".join(sorted(EXTENSIONS))
        raise InputError(f"{name}: unknown document format {suffix or '(no extension)'!r}; "
                         f"expected one of {known} (or pass the format)")
    return EXTENSIONS[suffix]


def import_format(name: str | os.PathLike[str], display: str | None = None) -> str:
    """The format a document is imported as, from its extension; a refusal says exactly why.

    Raises:
        UnsupportedFormat: a TMX file (a memory: use ``workbench memory
            import``), a format we know and do not read (SDLXLIFF…), or an
            unknown extension (the importable ones are listed, nothing else).
    """
    display = display or str(name)
    suffix = Path(str(name)).suffix.lower()
    if suffix in REFUSED_EXTENSIONS:
        raise UnsupportedFormat(f"{display}: {REFUSED_EXTENSIONS[suffix]}")
    if EXTENSIONS.get(suffix) == "tmx":
        refuse_memory(display)
    if suffix not in IMPORT_EXTENSIONS:
        known = ", ".join(sorted(IMPORT_EXTENSIONS))
        raise UnsupportedFormat(f"{display}: unknown document format {suffix or '(no extension)'!r}; "
                                f"expected one of {known} (or pass the format)")
    return IMPORT_EXTENSIONS[suffix]


def refuse_memory(display: str) -> None:
    """A TMX file is a translation memory, not a document: say where it goes instead."""
    raise UnsupportedFormat(f"{display}: a TMX file is a translation memory, not a document; "
                            f"add it to the memory with `workbench memory import {display}`")


def _module(fmt: str):
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    return importlib.import_module(f"workbench.formats.{fmt}")


def import_document(source: str | os.PathLike[str] | bytes, name: str | None = None, fmt: str | None = None, *,
                    source_lang: str | None = None, target_lang: str | None = None) -> ImportedDocument:
    """Read a document from a file path or from its bytes (an upload).

    Args:
        source: a path, or the file's content.
        name: the document's name; defaults to the name a bilingual file
            records (XLIFF ``original``, PO ``X-Workbench-Document``), else
            the file name. With bytes, *name* or *fmt* must tell the format.
        fmt: one of :data:`IMPORT_FORMATS`; default from the extension.
        source_lang: the source language; default from the file (bilingual
            formats) or detected from the script.
        target_lang: the target language when the file does not say.

    Raises:
        InputError: the file cannot be read or its format is unknown.
        DocumentError: the file is malformed (the message names the file and
            line), or holds several documents (see :func:`import_documents`).
    """
    documents = import_documents(source, name, fmt, source_lang=source_lang, target_lang=target_lang)
    if len(documents) != 1:
        display = name or (f"upload.{fmt}" if isinstance(source, (bytes, bytearray)) else str(source))
        raise DocumentError(f"{display}: {len(documents)} documents in one file (several XLIFF <file> "
                            "elements); import them with `workbench import`")
    return documents[0]


def import_documents(source: str | os.PathLike[str] | bytes, name: str | None = None, fmt: str | None = None, *,
                     source_lang: str | None = None, target_lang: str | None = None) -> list[ImportedDocument]:
    """Every document of a file: one, or one per ``<file>`` of a multi-file XLIFF (see :func:`import_document`)."""
    if isinstance(source, (bytes, bytearray)):
        if not name and not fmt:
            raise InputError("an uploaded document needs a name or a format")
        data, display = bytes(source), name or f"upload.{fmt}"
        filename = display
    else:
        path = Path(source)
        display = str(source)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError(f"{display}: no such file") from None
        except IsADirectoryError:
            raise InputError(f"{display}: is a folder, not a document") from None
        except OSError as err:
            raise InputError(f"{display}: cannot read: {err.strerror or err}") from None
        filename = path.name
    fmt = fmt or import_format(filename, display)
    if fmt == "tmx":
        refuse_memory(display)
    if fmt not in IMPORT_FORMATS:
        raise UnsupportedFormat(f"{display}: {fmt} files cannot be imported as documents "
                                f"(importable: {', '.join(IMPORT_FORMATS)})")
    module = _module(fmt)
    if hasattr(module, "read_all"):
        documents = module.read_all(data, display, source_lang, target_lang)
    else:
        documents = [module.read(data, display, source_lang, target_lang)]
    for number, document in enumerate(documents):
        # A bilingual file names the document it came from (XLIFF original, PO header): keep it.
        if name or document.name.split("#")[0] == display:
            suffix = f"#{number + 1}" if len(documents) > 1 else ""
            document.name = (name or filename) + suffix
        document.fmt = fmt
    return documents


def store_document(store: Store, document: ImportedDocument, *, target_lang: str | None = None,
                   user: str = "") -> int:
    """Create the document in *store* (target language: the file's, else *target_lang*, else the other one)."""
    target = document.target_lang or target_lang or other_language(document.source_lang)
    if target_lang and document.target_lang and target_lang != document.target_lang:
        raise InputError(f"{document.name}: the file is {document.source_lang}→{document.target_lang}, "
                         f"not {document.source_lang}→{target_lang}")
    return store.create_document(document.name, document.source_lang, target, document.paragraphs,
                                 document.layout, user=user, targets=document.targets, extra=document.extra,
                                 segment_extras=document.segment_extras)


def render_document(store: Store, doc_id: int, fmt: str, unreviewed: str | None = None) -> bytes:
    """A stored document in *fmt*, as the bytes of the file (e.g. for a download button).

    Args:
        unreviewed: for txt, md and docx, what to write for the segments that
            are not approved: ``source`` (the default), ``mark`` or ``refuse``
            (:mod:`workbench.formats.unreviewed`). XLIFF and PO carry every
            segment with its review state and TMX only approved segments, so
            for them it must be left out.

    Raises:
        InputError: an unknown format or choice, or a choice for a bilingual format.
        UnreviewedSegmentsError: ``refuse`` and a segment is not approved.
    """
    from workbench.formats import unreviewed as policy

    store.get_document(doc_id)
    module = _module(fmt)
    if fmt not in policy.MONOLINGUAL:
        if unreviewed is not None:
            raise InputError(f"{fmt} exports carry each segment's review state; the choice for unapproved "
                             f"segments ({unreviewed!r}) applies to {', '.join(policy.MONOLINGUAL)} only")
        return module.write(store, doc_id)
    choice = unreviewed or policy.DEFAULT
    if choice not in policy.CHOICES + (policy.MACHINE,):
        raise InputError(f"unknown choice {choice!r} for unapproved segments: expected one of "
                         f"{', '.join(policy.CHOICES)}")
    if choice == "refuse":
        policy.refuse_unless_final(store, doc_id)
    return module.write(store, doc_id, unreviewed=choice)


def export_document(store: Store, doc_id: int, fmt: str, path: str | os.PathLike[str],
                    unreviewed: str | None = None) -> Path:
    """Write a stored document to *path* in *fmt*, atomically; returns the path (see :func:`render_document`)."""
    data = render_document(store, doc_id, fmt, unreviewed)
    write_bytes_atomic(path, data)
    return Path(path)


# --- helpers shared by the format modules ---------------------------------


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 text (a BOM is dropped), ``\\n`` line ends.

    Raises:
        InputError: not UTF-8; the message gives the file and line.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        raise InputError(f"{name}:{line}: not valid UTF-8 (byte 0x{data[err.start]:02X}); "
                         "save the file as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def pick_languages(text: str, name: str, source_lang: str | None, target_lang: str | None) -> tuple[str, str | None]:
    """The source language (given, or detected from *text*) and the target, checked."""
    for lang in (source_lang, target_lang):
        if lang is not None and lang not in LANGUAGES:
            raise InputError(f"{name}: unsupported language {lang!r}: expected 'ru' or 'zh'")
    if source_lang is None:
        try:
            source_lang = detect_language(text[:20000])
        except InputError as err:
            raise InputError(f"{name}: {err}") from None
    if target_lang == source_lang:
        raise InputError(f"{name}: the text is already in {source_lang!r} (pass --from if detection is wrong)")
    return source_lang, target_lang


def bilingual_languages(text: str, name: str, declared: tuple[str | None, str | None],
                        labels: tuple[str, str], given: tuple[str | None, str | None],
                        notices: list[str]) -> tuple[str, str | None]:
    """The languages of a bilingual file: the user's where given, else the file's, else detected.

    Languages given with ``--from``/``--to`` win over the file's declaration
    (and the caller skips the script check): the file is imported as it is,
    e.g. to round-trip a catalogue whose source is English. The import says
    so in *notices* when the file declared otherwise.

    Args:
        declared: the file's source and target language, normalised (``None``: not ru/zh, or none).
        labels: the declarations as written, for the notice (``source-language="en"``; ``""``: none).
        given: ``--from`` and ``--to``.
    """
    given_source, given_target = given
    source = given_source or declared[0]
    target = given_target or (declared[1] if declared[1] != source else None)
    source, target = pick_languages(text, name, source, target)
    overruled = [label for label, mine, theirs in zip(labels, given, declared) if mine and label and mine != theirs]
    reasons = [f"the file declares {', '.join(overruled)}"] if overruled else []
    mismatch = script_mismatch(text, source) if given_source else None
    if mismatch:
        reasons.insert(0, f"its sources {mismatch}")
    if reasons:
        notices.append(f"{name}: imported as {source}→{target or other_language(source)} as given "
                       f"(--from/--to), although {' and '.join(reasons)}; the file's own declarations are "
                       "written back unchanged")
    return source, target


def refuse_unsupported_source(declared: str | None, given: bool, where: str, attribute: str) -> None:
    """Refuse a file whose declared source language is neither ru nor zh, unless ``--from/--to`` were given.

    Raises:
        DocumentError: ``where: unsupported ATTRIBUTE 'xx' …`` (*where*: ``name:line``).
    """
    if declared and not normalise_lang(declared) and not given:
        raise DocumentError(f"{where}: unsupported {attribute} {declared!r} (expected ru or zh; or pass --from/--to)")


def declared_file_languages(name: str, sources: list[str], targets: list, declared: tuple[str | None, str | None],
                            attributes: tuple[str, str], given: tuple[str | None, str | None],
                            notices: list[str]) -> tuple[str, str | None]:
    """The languages of one ``<file>`` of an XLIFF file (1.x, 2.x, SDLXLIFF) from its declarations.

    Without ``--from``/``--to`` each declaration must be the script of the
    texts it covers (:func:`check_declared_language`: the sources, and the
    targets that are translations); then :func:`bilingual_languages`.

    Args:
        sources: the segments' source texts; targets: per source ``(text, state)`` or ``None``.
        declared: the languages as written in the file (``None``: not declared).
        attributes: their attribute names (``srcLang``, ``trgLang``), for the messages.
    """
    if given == (None, None):
        translations = [t[0] for s, t in zip(sources, targets) if t and t[0] and t[0] != s]
        for value, texts, attribute, what in ((declared[0], sources, attributes[0], "sources"),
                                              (declared[1], translations, attributes[1], "targets")):
            if normalise_lang(value) and texts:
                check_declared_language(texts, normalise_lang(value), name, f'{attribute}="{value}"', what)
    labels = tuple(f'{attribute}="{value}"' if value else "" for attribute, value in zip(attributes, declared))
    return bilingual_languages("\n".join(sources), name, tuple(normalise_lang(v) for v in declared), labels,
                               given, notices)


LANGUAGE_NAMES = {"ru": "Russian", "zh": "Chinese"}


def check_declared_language(texts: list[str], declared: str, name: str, label: str, what: str) -> None:
    """Refuse a bilingual file whose declared language is not the script of its texts.

    A file that says ``source-language="zh"`` over English or Russian
    sources would otherwise be stored with the languages swapped and its
    targets taken for translations. The script decides as
    :func:`workbench.languages.detect_language` does (numbers and codes count
    for neither), over all the texts at once. Callers skip this when
    the user named the languages (``--from``/``--to``): then the file is
    imported as it is.

    Args:
        declared: ``ru``/``zh``, as the file says (normalised).
        label: the declaration as written, for the message (``source-language="zh"``).
        what: ``sources`` or ``targets``.

    Raises:
        InputError: the texts are in the other language, or in neither.
    """
    found = script_mismatch("\n".join(texts), declared)
    if found:
        raise InputError(f"{name}: the file declares {label} but its {what} {found}; not imported, so that the "
                         "languages are not swapped (fix the file, or pass --from/--to to import it as it is)")


def script_mismatch(text: str, lang: str) -> str | None:
    """How the script of *text* differs from *lang* (``"are Chinese"``…), or ``None`` when it is *lang* (or empty)."""
    sample = text[:20000]
    cyrillic, han = count_scripts(sample)
    if not sample.strip():
        return None
    if not cyrillic and not han:
        return "have no Russian or Chinese text (another language?)"
    actual = detect_language(sample)
    return None if actual == lang else f"are {LANGUAGE_NAMES[actual]}"


def split_paragraphs_into_sentences(texts: list[str], lang: str) -> list[list[str]]:
    """Each paragraph's sentences (whitespace normalised, as :func:`workbench.segment.segment_text` does)."""
    from workbench.segment import normalise_whitespace, split_sentences  # here: the CLI's parsers read this registry

    return [split_sentences(normalise_whitespace(text), lang) for text in texts]


def normalise_lang(value: str | None) -> str | None:
    """``ru-RU`` → ``ru``, ``zh_CN``/``zh-Hans`` → ``zh``; ``None`` for anything else or nothing."""
    if not value:
        return None
    code = value.strip().replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else None


__all__ = ["FORMATS", "IMPORT_EXTENSIONS", "IMPORT_FORMATS", "ImportedDocument", "DocumentError", "detect_format",
           "export_document", "import_document", "import_documents", "import_format", "render_document",
           "store_document", "write_bytes_atomic"]
