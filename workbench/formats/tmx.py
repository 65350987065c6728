"""TMX 1.4: the approved segments of a document as a translation memory for other CAT tools.

Each approved segment is a ``<tu>`` with its source and target ``<tuv>``
(``xml:lang`` ``ru``/``zh``), stamped with who approved it (``creationid``)
and when (``creationdate``, ``YYYYMMDDThhmmssZ`` as TMX requires). TMX is not
a document to review: :mod:`workbench.memory` reads it into the translation
memory (``workbench memory import``).
"""

from __future__ import annotations

from workbench.formats.xliff import xml_text
from workbench.memory import read_tmx
from workbench.store.db import utc_now

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def tmx_date(iso: str) -> str:
    """``2024-05-14T09:30:00Z`` → ``20240514T093000Z`` (TMX 1.4 §3, ASCII date)."""
    digits = iso.replace("-", "").replace(":", "").replace("+0000", "Z")
    return digits if digits.endswith("Z") else digits + "Z"


def write(store, doc_id: int) -> bytes:
    """The approved segments of a document as TMX 1.4."""
    from lxml import etree

    from workbench import __version__

    info = store.get_document(doc_id)
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", {
        "creationtool": "workbench", "creationtoolversion": __version__, "datatype": "plaintext",
        "segtype": "sentence", "adminlang": "en", "srclang": info.source_lang, "o-tmf": "workbench",
        "creationdate": tmx_date(utc_now()),
    })
    body = etree.SubElement(root, "body")
    for row in store.segments(doc_id):
        if row.status != "approved" or not row.target.strip():
            continue
        unit = etree.SubElement(body, "tu", tuid=str(row.id), creationdate=tmx_date(row.updated_at))
        if row.updated_by:
            unit.set("creationid", row.updated_by)
        etree.SubElement(unit, "prop", type="x-document").text = info.name
        for lang, text in ((info.source_lang, row.source), (info.target_lang, row.target)):
            variant = etree.SubElement(unit, "tuv")
            variant.set(_XML_LANG, lang)
            etree.SubElement(variant, "seg").text = xml_text(text, row)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True,
                          doctype='<!DOCTYPE tmx SYSTEM "tmx14.dtd">')


def read_memory(data: bytes, name: str, source_lang: str, target_lang: str) -> list[tuple[str, str]]:
    """The ``(source, target)`` pairs of a TMX file for one direction (for :meth:`Store.add_tm`).

    A thin view of :func:`workbench.memory.read_tmx`, which ``workbench memory
    import`` uses: language tags matched on their first part (``zh-CN`` is
    ``zh``), units without both languages skipped.

    Raises:
        DocumentError: not well-formed, or not TMX (``name:line: message``).
    """
    units = read_tmx(data, name, source_lang, target_lang).units
    return [(getattr(u, source_lang), getattr(u, target_lang)) for u in units]
