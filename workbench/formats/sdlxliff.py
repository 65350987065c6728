"""SDLXLIFF, Trados Studio's bilingual file: XLIFF 1.2 with segments marked inside each trans-unit.

What Trados writes::

    <trans-unit id="0b1e…">
      <source>Делегация прибыла. Визит продлится <g id="1">три дня</g>.</source>
      <seg-source><mrk mtype="seg" mid="1">Делегация прибыла.</mrk> <mrk mtype="seg" mid="2">…</mrk></seg-source>
      <target><mrk mtype="seg" mid="1">代表团抵达。</mrk> <mrk mtype="seg" mid="2"/></target>
      <sdl:seg-defs><sdl:seg id="1" conf="ApprovedTranslation" origin="tm"/><sdl:seg id="2"/></sdl:seg-defs>
    </trans-unit>

A trans-unit with a ``<seg-source>`` is a paragraph and each ``<mrk
mtype="seg">`` a segment; units without one (Trados' structure units, tags
only) are not translated. A segment's state is its ``sdl:seg`` ``conf``:
``ApprovedTranslation``/``ApprovedSignOff`` approved, ``Translated`` a
translator's text, ``Draft`` and the rejected ones drafts; a ``locked``
segment is not for translation (Trados locks it so that nobody changes it).

The file's tree is kept, as for XLIFF 1.x (:mod:`workbench.formats.xliff`);
the export writes each segment's text into its target ``<mrk>`` and its
state into its ``sdl:seg`` (``conf``, ``origin="interactive"``), creating the
target as a copy of the ``seg-source`` when there is none. Tag definitions,
contexts, file info and the other segments go back as they came.

The review's comments and questions go where Trados keeps its own: a
``<cmt-def>`` in the file's ``<doc-info>`` (one ``<Comment>`` each, with its
author and date; an open question has severity High) and, around the
segment's text, ``<mrk mtype="x-sdl-comment" sdl:cid="…">`` (the target's
text, or the source's where the segment has no translation yet).
"""

from __future__ import annotations

from workbench.errors import DocumentError
from workbench.formats import ImportedDocument, declared_file_languages, refuse_unsupported_source
from workbench.formats.comments import labelled
from workbench.formats.xliff import _local, _text, exported_target, insert_after, parse_xml, qualifier, xml_text
from workbench.segment import default_layout

SDL = "http://sdl.com/FileTypes/SdlXliff/1.0"
CONF_OF = {"approved": "ApprovedTranslation", "translated": "Translated", "draft": "Draft"}
_APPROVED = ("ApprovedTranslation", "ApprovedSignOff")


def _seg_marks(element) -> list:
    """The ``<mrk mtype="seg">`` of a seg-source or target, in order (nested ones included)."""
    return [m for m in element.iter() if _local(m) == "mrk" and m.get("mtype") == "seg"] if element is not None else []


def _seg_def(unit, mid: str):
    for seg in unit.iter(f"{{{SDL}}}seg"):
        if seg.get("id") == mid:
            return seg
    return None


def status(unit, mid: str, target_text: str) -> str:
    """A segment's status in the store from its ``sdl:seg`` and its unit's ``translate``."""
    seg = _seg_def(unit, mid)
    if unit.get("translate") == "no" or (seg is not None and seg.get("locked") == "true"):
        return "skip"
    if not target_text.strip():
        return "new"
    conf = seg.get("conf", "") if seg is not None else ""
    if conf in _APPROVED:
        return "approved"
    if conf == "Translated":
        return "translated"
    return "draft"


def read_file(root, file, namespace: str, name: str, source_lang: str | None,
              target_lang: str | None) -> ImportedDocument:
    """One ``<file>`` of an SDLXLIFF file as a document (its tree is added by the caller).

    Raises:
        InputError: the declared languages are not the script of the text (unless given).
        DocumentError: no segment with text; unsupported languages (``name:line: message``).
    """
    q = qualifier(namespace)
    given = source_lang is not None or target_lang is not None
    declared = (file.get("source-language"), file.get("target-language"))
    refuse_unsupported_source(declared[0], given, f"{name}:{file.sourceline}", "source-language")
    paragraphs: list[list[str]] = []
    targets: list[tuple[str, str] | None] = []
    extras: list[dict | None] = []
    inline = 0
    body = file.find(q("body"))
    units = list(body.iter(q("trans-unit"))) if body is not None else []
    for number, unit in enumerate(units):
        seg_source = unit.find(q("seg-source"))
        target_marks = {m.get("mid"): m for m in _seg_marks(unit.find(q("target")))}
        sentences = []
        for mark in _seg_marks(seg_source):
            text = " ".join(_text(mark).split())
            if not text:
                continue
            target = target_marks.get(mark.get("mid"))
            target_text = _text(target)
            inline += any(len(part) for part in (mark, target) if part is not None)
            found = status(unit, mark.get("mid"), target_text)
            sentences.append(text)
            targets.append((target_text.strip(), found) if found != "new" else None)
            extras.append({"unit": number, "mid": mark.get("mid"), "id": unit.get("id", "")})
        if sentences:
            paragraphs.append(sentences)
    if not paragraphs:
        raise DocumentError(f"{name}:{file.sourceline}: <file> has no segment with text (no <seg-source>)")
    sources = [s for p in paragraphs for s in p]
    notices: list[str] = []
    source, target = declared_file_languages(name, sources, targets, declared, ("source-language", "target-language"),
                                             (source_lang, target_lang), notices)
    if inline:
        notices.append(f"{name}: {inline} segments have inline tags (<g>, <x/>…), shown as plain text: "
                       "a target edited here is written back as plain text (unchanged ones as they were)")
    return ImportedDocument(file.get("original") or name, source, target, paragraphs, default_layout(len(paragraphs)),
                            targets if any(targets) else None, segment_extras=extras, notices=notices)


def write_kept(store, doc_id: int, kept: dict) -> bytes:
    """The SDLXLIFF file as imported, with each segment's text and state put back in its own ``<mrk>``."""
    from lxml import etree

    namespace = kept["namespace"]

    q = qualifier(namespace)
    root = parse_xml(kept["tree"].encode("utf-8"), store.get_document(doc_id).name, keep_comments=True)
    units = list(root.find(q("file")).find(q("body")).iter(q("trans-unit")))
    comments = store.document_comments(doc_id)
    for row in store.segments(doc_id):
        extra = row.extra
        if extra.get("unit") is not None and extra["unit"] < len(units):
            _put_target(units[extra["unit"]], str(extra.get("mid")), row, q)
            if comments.get(row.id):
                _add_comments(root, units[extra["unit"]], str(extra.get("mid")), row, comments[row.id], q)
    return etree.tostring(root.getroottree(), xml_declaration=True, encoding="utf-8") + b"\n"


def _put_target(unit, mid: str, row, q) -> None:
    """Write a segment's exported text into its target ``<mrk>`` and its state into its ``sdl:seg``."""
    import copy

    from lxml import etree

    text = exported_target(row)
    target = unit.find(q("target"))
    mark = next((m for m in _seg_marks(target) if m.get("mid") == mid), None)
    before = _text(mark).strip()
    if row.status == status(unit, mid, before) and (row.status in ("skip", "new") or text.strip() == before):
        return
    seg = _seg_def(unit, mid)
    if row.status == "skip":
        if seg is not None:
            seg.set("locked", "true")
        return
    if seg is not None and seg.get("locked") == "true":
        del seg.attrib["locked"]
    if not text.strip():
        return
    if target is None:
        # Trados' own shape: the seg-source's copy, every segment empty until translated.
        seg_source = unit.find(q("seg-source"))
        target = copy.deepcopy(seg_source)
        target.tag = q("target")
        for each in _seg_marks(target):
            for child in list(each):
                each.remove(child)
            each.text = None
        insert_after(seg_source, target)
        mark = next((m for m in _seg_marks(target) if m.get("mid") == mid), None)
    if mark is None:
        mark = etree.SubElement(target, q("mrk"), mtype="seg", mid=mid)
    if text.strip() != before:
        for child in list(mark):
            mark.remove(child)
        mark.text = xml_text(text, row)
    if seg is None:
        defs = unit.find(f"{{{SDL}}}seg-defs")
        if defs is None:
            defs = etree.SubElement(unit, f"{{{SDL}}}seg-defs")
        seg = etree.SubElement(defs, f"{{{SDL}}}seg", id=mid)
    seg.set("conf", CONF_OF[row.status])
    seg.set("origin", "interactive")


__all__ = ["SDL", "read_file", "status", "write_kept"]


def _add_comments(root, unit, mid: str, row, comments, q) -> None:
    """The segment's comments as Trados keeps them: a ``cmt-def`` in ``doc-info``, and the segment's text
    wrapped in a ``x-sdl-comment`` mark that points to it (the target's, else the source's)."""
    import uuid

    from lxml import etree

    cid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"workbench:{row.id}:" + ",".join(str(c.id) for c in comments)))
    info = root.find(f"{{{SDL}}}doc-info")
    if info is None:
        info = etree.Element(f"{{{SDL}}}doc-info", nsmap={None: SDL})
        root.insert(0, info)
    defs = info.find(f"{{{SDL}}}cmt-defs")
    if defs is None:
        defs = etree.SubElement(info, f"{{{SDL}}}cmt-defs")
    defs.append(_comment_def(cid, comments, row))
    mark = next((m for m in _seg_marks(unit.find(q("target"))) if m.get("mid") == mid and _text(m).strip()), None)
    if mark is None:
        mark = next((m for m in _seg_marks(unit.find(q("seg-source"))) if m.get("mid") == mid), None)
    if mark is None:
        return
    wrap = etree.Element(q("mrk"), {"mtype": "x-sdl-comment", f"{{{SDL}}}cid": cid})
    wrap.text, mark.text = mark.text, None
    for child in list(mark):
        wrap.append(child)
    mark.append(wrap)


def _comment_def(cid: str, comments, row):
    """A ``<cmt-def>`` as Trados writes it: its ``<Comments>`` in no namespace (``xmlns=""``), which lxml
    keeps only when it parses the declaration, so the element is made from text."""
    from xml.sax.saxutils import escape, quoteattr

    from lxml import etree

    items = []
    for comment in comments:
        severity = "High" if comment.kind == "question" and not comment.resolved else "Medium"
        text = labelled(comment, with_time=False)
        items.append(f"<Comment severity={quoteattr(severity)} user={quoteattr(xml_text(comment.user, row))} "
                     f"date={quoteattr(comment.at)} version=\"1.0\">{escape(xml_text(text, row))}</Comment>")
    return etree.fromstring(f'<cmt-def xmlns="{SDL}" id={quoteattr(cid)}><Comments xmlns="">{"".join(items)}'
                            "</Comments></cmt-def>")
