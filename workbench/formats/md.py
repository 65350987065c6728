"""Markdown: paragraphs are blocks; block markers and code stay out of the model.

Reading keeps only the prose for translation. The markers that start a block
— ``#``–``######`` headings, ``-``/``*``/``+`` and ``1.`` list items, ``>``
quotes, with their indentation — go into the layout, as do the blocks that
are not prose and are kept byte for byte: fenced code (````` ``` ````` and
``~~~``), tables (lines starting with ``|``), horizontal rules, HTML lines and
link reference definitions. Lines of one paragraph that were wrapped are
joined (with a space in Russian, with nothing in Chinese): a translation
cannot keep the source's line breaks anyway. Inline markup (``**bold**``,
``[link](url)``) stays in the sentence text.
"""

from __future__ import annotations

import re

from workbench.errors import InputError
from workbench.formats import ImportedDocument, decode_text, pick_languages, split_paragraphs_into_sentences
from workbench.formats.unreviewed import export_text

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^(\s{0,3}#{1,6}[ \t]+)(.*?)([ \t]+#+[ \t]*)?$")
_ITEM = re.compile(r"^(\s*(?:[-*+]|\d{1,9}[.)])[ \t]+)(\S.*)$")
_QUOTE = re.compile(r"^(\s{0,3}(?:>[ \t]?)+)(\S.*)$")
_VERBATIM = re.compile(r"^\s*(\||<[!/A-Za-z]|\[[^\]]+\]:\s|(?:[-*_][ \t]*){3,}$|#{1,6}\s*$)")


def parse(text: str, lang: str) -> tuple[list[str], list[str]]:
    """``(paragraph texts, layout)`` of a Markdown text: see the module docstring."""
    joiner = "" if lang == "zh" else " "
    paragraphs: list[str] = []
    layout: list[str] = []
    pending = ""  # layout text since the end of the last paragraph
    fence = None  # the open fence's marker while inside a code block
    open_paragraph = False  # the last line was prose that a next line may continue
    lines = text.split("\n")
    for number, line in enumerate(lines):
        last = number == len(lines) - 1
        newline = "" if last else "\n"
        if fence is not None:
            pending += line + newline
            if line.strip().startswith(fence):
                fence = None
            continue
        match = _FENCE.match(line)
        if match:
            fence = match.group(1)[0] * 3
            pending += line + newline
            open_paragraph = False
            continue
        if not line.strip() or _VERBATIM.match(line):
            pending += line + newline
            open_paragraph = False
            continue
        prefix, body, suffix, continues = "", line.strip(), "", False
        for pattern in (_HEADING, _ITEM, _QUOTE):
            match = pattern.match(line)
            if match:
                prefix, body = match.group(1), match.group(2).strip()
                if pattern is _HEADING:
                    suffix = match.group(3) or ""
                break
        else:
            continues = open_paragraph
        if continues:
            paragraphs[-1] += joiner + body
            pending = newline
        else:
            layout.append(pending + prefix)
            paragraphs.append(body)
            pending = suffix + newline
        open_paragraph = not suffix and prefix.strip()[:1] != "#"
    layout.append(pending)
    return paragraphs, layout


def read(data: bytes, name: str, source_lang: str | None = None, target_lang: str | None = None) -> ImportedDocument:
    """A UTF-8 Markdown file: blocks of prose become paragraphs of sentences."""
    text = decode_text(data, name)
    paragraphs, layout = parse(text, source_lang or "ru")
    if not paragraphs:
        raise InputError(f"{name}: no text to translate")
    source_lang, target_lang = pick_languages("\n".join(paragraphs), name, source_lang, target_lang)
    if source_lang == "zh":  # wrapped lines join without a space in Chinese
        paragraphs, layout = parse(text, source_lang)
    return ImportedDocument(name, source_lang, target_lang,
                            split_paragraphs_into_sentences(paragraphs, source_lang), layout)


def write(store, doc_id: int, unreviewed: str = "source") -> bytes:
    """The translated Markdown: markers and code blocks put back around the approved translation
    (unapproved segments marked: see :mod:`.unreviewed`)."""
    lang = store.get_document(doc_id).target_lang
    return store.document_text(doc_id, text_of=lambda row: export_text(row, lang, unreviewed)).encode("utf-8")
