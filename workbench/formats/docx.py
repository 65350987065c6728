"""Word documents (.docx) via python-docx: one paragraph per Word paragraph.

Reading walks the body in order, paragraphs and the paragraphs of table
cells alike, and skips empty ones. Paragraph styles that structure the text
become Markdown markers in the layout (``Title``/``Heading N`` → ``#``…,
``List Bullet`` → ``- ``, ``List Number`` → ``1. ``, ``Quote`` → ``> ``), so a
Word file exports to Markdown with its headings, and writing turns the
markers back into styles. Character formatting (bold, links) and the table
structure are not kept: the export is a clean document in the default
template, one paragraph per paragraph.
"""

from __future__ import annotations

import io
import re

from workbench.errors import DocumentError
from workbench.formats import ImportedDocument, pick_languages, split_paragraphs_into_sentences
from workbench.formats.unreviewed import export_text, split_marked
from workbench.formats.xliff import xml_text

_HEADING_STYLE = re.compile(r"^Heading (\d)$")
_MARKER = re.compile(r"^(#{1,6}) $|^\s*([-*+]) $|^\s*(\d{1,9})[.)] $|^(>[ >]*)$")


def _style_marker(style_name: str) -> str:
    match = _HEADING_STYLE.match(style_name)
    if match:
        return "#" * max(1, min(6, int(match.group(1)))) + " "
    if style_name == "Title":
        return "# "
    if style_name.startswith("List Bullet"):
        return "- "
    if style_name.startswith("List Number"):
        return "1. "
    if style_name in ("Quote", "Intense Quote"):
        return "> "
    return ""


def _open(data: bytes, name: str):
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as err:
        raise DocumentError(f"{name}: not a Word .docx document ({err})") from err
    except Exception as err:  # zipfile.BadZipFile, lxml errors from a damaged package
        if type(err).__module__.startswith(("zipfile", "lxml")):
            raise DocumentError(f"{name}: not a readable .docx document ({err})") from err
        raise


def _body_paragraphs(document):
    """``(style name, text)`` of every paragraph of the body, tables included, in order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(block, document)
            yield paragraph.style.name if paragraph.style is not None else "", paragraph.text
        elif tag == "tbl":
            for row in Table(block, document).rows:
                for cell in row.cells:
                    for paragraph in cell.paragraphs:
                        yield "", paragraph.text


def read(data: bytes, name: str, source_lang: str | None = None, target_lang: str | None = None) -> ImportedDocument:
    """Every non-empty paragraph of a .docx file, with its style as a layout marker.

    Raises:
        DocumentError: not a .docx file, or no text in it.
    """
    document = _open(data, name)
    texts, markers = [], []
    for style, text in _body_paragraphs(document):
        text = " ".join(text.split())
        if not text:
            continue
        texts.append(text)
        markers.append(_style_marker(style))
    if not texts:
        raise DocumentError(f"{name}: the document has no text")
    source_lang, target_lang = pick_languages("\n".join(texts), name, source_lang, target_lang)
    layout = [markers[0]] + ["\n\n" + marker for marker in markers[1:]] + ["\n"]
    return ImportedDocument(name, source_lang, target_lang, split_paragraphs_into_sentences(texts, source_lang),
                            layout)


def _apply_marker(paragraph, marker: str) -> None:
    match = _MARKER.match(marker)
    if not match:
        return
    hashes, bullet, number, quote = match.groups()
    style = (f"Heading {len(hashes)}" if hashes else "List Bullet" if bullet else
             "List Number" if number else "Quote")
    paragraph.style = style


def _add_text(paragraph, text: str, lang: str) -> None:
    """The paragraph's text as runs, each marker of an unapproved segment highlighted in yellow."""
    from docx.enum.text import WD_COLOR_INDEX



    for piece, is_marker in split_marked(text, lang):
        # A vertical tab (from a PO string) is Word's own manual line break; python-docx writes "\n" as one.
        run = paragraph.add_run(xml_text(piece.replace("\v", "\n"), where="a paragraph of the document"))
        if is_marker:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def write(store, doc_id: int, unreviewed: str = "source") -> bytes:
    """A .docx with one paragraph per paragraph of the translation (styles from the layout markers).

    Only approved text is written as it stands; the segments not approved
    are written as :mod:`.unreviewed` says, marked and highlighted. Lines of
    the layout that are not markers (code blocks or tables kept from a
    Markdown source) become paragraphs of their own.
    """
    import docx


    lang = store.get_document(doc_id).target_lang
    layout = store.document_layout(doc_id)
    paragraphs = store.paragraph_texts(doc_id, text_of=lambda row: export_text(row, lang, unreviewed))
    output = docx.Document()
    for number, part in enumerate(layout):
        lines = part.split("\n")
        # A part's first line ends the previous paragraph's line (e.g. closing
        # heading hashes), except before the first paragraph; its last line is
        # the next paragraph's marker.
        full_lines = lines[:-1] if number == 0 else lines[1:-1]
        if number == len(paragraphs):
            full_lines = lines[1:] if number else lines
        for line in full_lines:
            if line.strip():
                output.add_paragraph(line)
        if number < len(paragraphs):
            paragraph = output.add_paragraph()
            _add_text(paragraph, paragraphs[number], lang)
            _apply_marker(paragraph, lines[-1])
    buffer = io.BytesIO()
    output.save(buffer)
    return reproducible_zip(buffer.getvalue())


def reproducible_zip(data: bytes) -> bytes:
    """The .docx with every part dated 1980-01-01: the same document gives the same bytes.

    python-docx stamps each part with the time of saving, so two exports of one
    document (or a run of ``workbench translate`` here and on a Ray cluster)
    differed in their zip headers alone.
    """
    import zipfile

    packed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            fixed = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, item.external_attr
            target.writestr(fixed, source.read(item))
    return packed.getvalue()
