"""Plain text: one paragraph per non-empty line, blank lines kept (see :mod:`workbench.segment`)."""

from __future__ import annotations

from workbench.formats import ImportedDocument, decode_text, pick_languages


def read(data: bytes, name: str, source_lang: str | None = None, target_lang: str | None = None) -> ImportedDocument:
    """A UTF-8 text file cut into paragraphs and sentences; HTML is refused.

    Raises:
        InputError: not UTF-8, empty, or no Russian or Chinese text.
        DocumentError: the text looks like HTML (file and line given).
    """
    from workbench.errors import InputError
    from workbench.segment import segment_text
    from workbench.textio import refuse_markup

    text = decode_text(data, name)
    if not text.strip():
        raise InputError(f"{name}: file is empty")
    refuse_markup(text, name)
    source_lang, target_lang = pick_languages(text, name, source_lang, target_lang)
    document = segment_text(text, source_lang)
    return ImportedDocument(name, source_lang, target_lang, document.paragraphs, document.layout)


def write(store, doc_id: int) -> bytes:
    """The translated text (target, else draft, else source) with the source's layout."""
    return store.document_text(doc_id).encode("utf-8")
