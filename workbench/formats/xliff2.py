"""XLIFF 2.0 and 2.1 (the OASIS core, ``urn:oasis:names:tc:xliff:document:2.0``), via lxml.

What is read::

    <xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="ru" trgLang="zh">
      <file id="f1" original="release.txt">
        <unit id="title">
          <notes><note category="description">Заголовок</note></notes>
          <segment id="s1" state="final">
            <source>Делегация города Хэйхэ прибыла в Якутск.</source>
            <target>黑河市代表团抵达雅库茨克。</target>
          </segment>
          <ignorable><source> </source></ignorable>
          <segment id="s2"><source>Её встретил глава города.</source></segment>
        </unit>

A ``<unit>`` (in any ``<group>``) is a paragraph, each ``<segment>`` a
segment. States (on ``<segment>``): ``final`` is approved, ``translated`` and
``reviewed`` are a translator's text, ``initial`` (the default) with a target
is a draft; ``translate="no"`` (on the unit or inherited from a group or the
file) is not for translation. Inline codes (``<ph/>``, ``<pc>``, ``<mrk>``…)
are reduced to their text, as in XLIFF 1.x.

As with XLIFF 1.x (:mod:`workbench.formats.xliff`) the file's tree is kept in
the store and written back with each segment's target and ``state`` put into
its own ``<segment>``: ids, groups, notes, ``originalData``, ignorables and
modules (metadata, size restriction…) go back as they came.
"""

from __future__ import annotations

from workbench.errors import DocumentError
from workbench.formats import ImportedDocument, declared_file_languages, refuse_unsupported_source
from workbench.formats.comments import review_notes
from workbench.formats.xliff import _text, exported_target, insert_after, parse_xml, qualifier, xml_text
from workbench.segment import default_layout

STATE_OF = {"approved": "final", "translated": "translated", "draft": "initial"}


def _translatable(element) -> bool:
    """``translate`` is inherited from the closest ancestor that sets it (default yes)."""
    while element is not None:
        value = element.get("translate") if isinstance(element.tag, str) else None
        if value is not None:
            return value != "no"
        element = element.getparent()
    return True


def status(unit, segment, target_text: str) -> str:
    """A segment's status in the store from its state and its unit's ``translate``."""
    if not _translatable(unit):
        return "skip"
    if not target_text.strip():
        return "new"
    state = segment.get("state", "initial")
    if state == "final":
        return "approved"
    if state in ("translated", "reviewed"):
        return "translated"
    return "draft"


def read_file(root, file, namespace: str, name: str, source_lang: str | None,
              target_lang: str | None) -> ImportedDocument:
    """One ``<file>`` of an XLIFF 2 file as a document (its tree is added by the caller).

    Raises:
        InputError: the declared languages are not the script of the text (unless given).
        DocumentError: no segment with text; unsupported languages (``name:line: message``).
    """
    q = qualifier(namespace)
    given = source_lang is not None or target_lang is not None
    declared = (root.get("srcLang"), root.get("trgLang"))
    refuse_unsupported_source(declared[0], given, f"{name}:{root.sourceline}", "srcLang")
    paragraphs: list[list[str]] = []
    targets: list[tuple[str, str] | None] = []
    extras: list[dict | None] = []
    inline = untranslatable = 0
    for unit_number, unit in enumerate(file.iter(q("unit"))):
        sentences = []
        for segment_number, segment in enumerate(unit.findall(q("segment"))):
            source = segment.find(q("source"))
            if source is None or not _text(source).strip():
                untranslatable += 1  # tags only: kept in the tree as it is
                continue
            target = segment.find(q("target"))
            target_text = _text(target)
            inline += any(len(part) for part in (source, target) if part is not None)
            sentences.append(" ".join(_text(source).split()))
            found = status(unit, segment, target_text)
            targets.append((target_text.strip(), found) if found != "new" else None)
            extras.append({"unit": unit_number, "segment": segment_number, "id": unit.get("id", ""),
                           "segment_id": segment.get("id", "")})
        if sentences:
            paragraphs.append(sentences)
    if not paragraphs:
        raise DocumentError(f"{name}:{file.sourceline}: <file> has no segment with text")
    sources = [s for p in paragraphs for s in p]
    notices: list[str] = []
    source, target = declared_file_languages(name, sources, targets, declared, ("srcLang", "trgLang"),
                                             (source_lang, target_lang), notices)
    if untranslatable:
        notices.append(f"{name}: {untranslatable} segments have no text (tags only): not translated here, "
                       "written back as they are")
    if inline:
        notices.append(f"{name}: {inline} segments have inline codes (<ph/>, <pc>, <mrk>…), shown as plain text: "
                       "a target edited here is written back as plain text (unchanged ones as they were)")
    return ImportedDocument(file.get("original") or name, source, target, paragraphs, default_layout(len(paragraphs)),
                            targets if any(targets) else None, segment_extras=extras, notices=notices)


def write_kept(store, doc_id: int, kept: dict) -> bytes:
    """The XLIFF 2 file as imported, with each segment's target and state put back in its ``<segment>``."""
    from lxml import etree

    namespace = kept["namespace"]

    q = qualifier(namespace)
    info = store.get_document(doc_id)
    root = parse_xml(kept["tree"].encode("utf-8"), info.name, keep_comments=True)
    units = list(root.find(q("file")).iter(q("unit")))
    changed = False
    comments = review_notes(store, doc_id)
    for row in store.segments(doc_id):
        extra = row.extra
        if extra.get("unit") is None or extra["unit"] >= len(units):
            continue
        segments = units[extra["unit"]].findall(q("segment"))
        if extra.get("segment", 0) < len(segments):
            changed |= _put_target(units[extra["unit"]], segments[extra.get("segment", 0)], row, q)
            _add_review_notes(units[extra["unit"]], segments[extra.get("segment", 0)], comments.get(row.id, []),
                              row, q)
    if changed and not root.get("trgLang"):
        root.set("trgLang", info.target_lang)  # required once a target is there
    return etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8") + b"\n"


def _put_target(unit, segment, row, q) -> bool:
    """Write a segment's exported target and state, touching nothing that did not change; whether it wrote."""
    from lxml import etree

    text = exported_target(row)
    target = segment.find(q("target"))
    before = _text(target).strip() if target is not None else ""
    if row.status == status(unit, segment, before) and (row.status in ("skip", "new") or text.strip() == before):
        return False
    if row.status == "skip":
        unit.set("translate", "no")
        return True
    if not _translatable(unit):
        unit.set("translate", "yes")
    if not text.strip():
        return True
    if target is None:
        target = etree.Element(q("target"))
        insert_after(segment.find(q("source")), target)
    if text.strip() != before:
        for child in list(target):
            target.remove(child)
        target.text = xml_text(text, row)
    segment.set("state", STATE_OF[row.status])
    return True


def _add_review_notes(unit, segment, notes, row, q) -> None:
    """The segment's comments and questions in the unit's ``<notes>`` (made where the unit has none, before its
    segments, as the schema orders them): ``category`` comment or question, ``appliesTo="target"``, an open
    question ``priority="1"``; the author starts the text (XLIFF 2 has no author attribute), and in a unit
    of several segments the segment's id follows."""
    from lxml import etree

    if not notes:
        return
    holder = unit.find(q("notes"))
    if holder is None:
        holder = etree.Element(q("notes"))
        first = next(child for child in unit if isinstance(child.tag, str)
                     and child.tag.split("}")[-1] in ("originalData", "segment", "ignorable"))
        first.addprevious(holder)
        holder.tail = first.getprevious().tail if first.getprevious() is not None else unit.text
    several = len(unit.findall(q("segment"))) > 1
    for note in notes:
        element = etree.SubElement(holder, q("note"), {"category": "question" if note.question else "comment",
                                                        "appliesTo": "target"})
        if note.question:
            element.set("priority", "1")
        about = f" (segment {segment.get('id')})" if several and segment.get("id") else ""
        element.text = xml_text(f"{note.author}{about} — {note.text}", row)


__all__ = ["read_file", "status", "write_kept"]
