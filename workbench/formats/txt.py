"""Plain text: one paragraph per non-empty line, blank lines kept (see :mod:`workbench.segment`)."""

from __future__ import annotations

from workbench.errors import InputError
from workbench.formats import ImportedDocument, decode_text, pick_languages
from workbench.formats.unreviewed import export_text
from workbench.segment import segment_text
from workbench.textio import refuse_markup


def read(data: bytes, name: str, source_lang: str | None = None, target_lang: str | None = None) -> ImportedDocument:
    """A UTF-8 text file cut into paragraphs and sentences; HTML is refused.

    Raises:
        InputError: not UTF-8, empty, or no Russian or Chinese text.
        DocumentError: the text looks like HTML (file and line given).
    """
    text = decode_text(data, name)
    if not text.strip():
        raise InputError(f"{name}: file is empty")
    refuse_markup(text, name)
    source_lang, target_lang = pick_languages(text, name, source_lang, target_lang)
    document = segment_text(text, source_lang)
    return ImportedDocument(name, source_lang, target_lang, document.paragraphs, document.layout)


def write(store, doc_id: int, unreviewed: str = "source") -> bytes:
    """The approved translation with the source's layout; unapproved segments marked (see :mod:`.unreviewed`)."""
    lang = store.get_document(doc_id).target_lang
    return store.document_text(doc_id, text_of=lambda row: export_text(row, lang, unreviewed)).encode("utf-8")
