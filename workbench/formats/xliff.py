"""XLIFF 1.2, the bilingual exchange format of CAT tools, via lxml.

What we write::

    <xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
      <file original="release.txt" source-language="ru" target-language="zh" datatype="plaintext">
        <header>
          <skl><internal-file form="application/json">["", "\\n\\n", "\\n"]</internal-file></skl>
          <tool tool-id="workbench" tool-name="workbench" tool-version="0.1.0"/>
        </header>
        <body>
          <group id="p0">
            <trans-unit id="p0s0" xml:space="preserve">
              <source>Делегация города Хэйхэ прибыла в Якутск.</source>
              <target state="needs-review-translation">黑河市代表团抵达雅库茨克。</target>
              <note from="glossary">Хэйхэ → 黑河 (present)</note>
            </trans-unit>

One ``<group>`` per paragraph; the layout travels as the skeleton. Statuses
map to the standard ``state`` values: ``approved`` → ``final`` (and
``approved="yes"``), ``translated`` (a translator's text nobody approved) →
``translated``, ``draft`` (the machine draft is the target) →
``needs-review-translation``, ``new`` → no target, ``skip`` →
``translate="no"``; only ``final`` targets are reviewed. The glossary notes
say whether each term is in the exported target (:func:`term_notes`), not in
the machine draft they were first computed on. Reading accepts files from
other tools too: units outside groups are paragraphs of their own,
``signed-off`` counts as approved and the other ``needs-*`` states as drafts;
inline tags (``<g>``, ``<x/>``…) are reduced to their text. XLIFF 1.0 and 1.1
have the same elements (1.0 without a namespace, 1.1 in its own), so they are
read the same way; XLIFF 2.x and SDLXLIFF are refused by name, and so is a
file whose declared languages are not the script of its text. SDLXLIFF
(Trados Studio) is XLIFF 1.2 with its segments marked inside the units:
:mod:`workbench.formats.sdlxliff`.

Round trips: the imported file's whole tree is kept in the store (comments
and processing instructions too), and each segment knows its trans-unit.
The export writes that tree back with each segment's target and state put
into its own unit: ids (Angular's keys), groups, context groups, notes,
alt-trans, seg-source and other tools' attributes and namespaces go back as
they came, and a unit whose target and state did not change is not touched.
The one thing not kept is said at import: inline codes in a target that a
translator edits (the editor shows text; the new target is plain text).
"""

from __future__ import annotations

import json
import re

from workbench.errors import DocumentError, UnsupportedFormat
from workbench.formats import ImportedDocument, XLIFF_SUPPORTED, declared_file_languages, normalise_lang
from workbench.formats.comments import review_notes
from workbench.glossary.model import Term
from workbench.pipeline import TermChecker
from workbench.segment import default_layout

NS = "urn:oasis:names:tc:xliff:document:1.2"
READ_NAMESPACES = {NS: "1.2", "urn:oasis:names:tc:xliff:document:1.1": "1.1", "": "1.0"}
"""Namespaces of the XLIFF versions read, with their version (1.0 had none)."""
_XLIFF_2 = "urn:oasis:names:tc:xliff:document:2."
XLIFF_2_NAMESPACE = _XLIFF_2 + "0"
"""The core namespace of XLIFF 2.0 and 2.1 (2.1 added modules, not a new core)."""
_SDL = "http://sdl.com/FileTypes/SdlXliff/1.0"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_STATE_OF = {"approved": "final", "translated": "translated", "draft": "needs-review-translation"}


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def parse_xml(data: bytes, name: str, keep_comments: bool = False):
    """The root element of an XML file, parsed without entities or network access.

    Args:
        keep_comments: keep comments and processing instructions (to write the file back).

    Raises:
        DocumentError: not well-formed (``name:line: message``).
    """
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=not keep_comments,
                             remove_pis=not keep_comments, huge_tree=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        line = err.lineno or (err.position[0] if getattr(err, "position", None) else 1)
        message = err.msg if hasattr(err, "msg") else str(err)
        raise DocumentError(f"{name}:{line}: not well-formed XML: {message}") from err


def _local(element) -> str:
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def _text(element) -> str:
    return "".join(element.itertext()) if element is not None else ""


def _status(unit, target_text: str, q=_q) -> str:
    if unit.get("translate") == "no":
        return "skip"
    if not target_text.strip():
        return "new"
    target = unit.find(q("target"))
    state = target.get("state", "") if target is not None else ""
    if unit.get("approved") == "yes" or state in ("final", "signed-off"):
        return "approved"
    if state in ("translated", ""):
        return "translated"
    return "draft"  # new, needs-translation, needs-review-*, needs-adaptation, needs-l10n


def xliff_namespace(root, name: str) -> str:
    """The namespace of a readable XLIFF 1.x root (``""`` for 1.0); any other file is refused by name.

    Raises:
        UnsupportedFormat: XLIFF 2.x or SDLXLIFF (the message says which versions are read).
        DocumentError: not XLIFF at all.
    """
    tag = root.tag if isinstance(root.tag, str) else ""
    namespace = tag[1:].split("}", 1)[0] if tag.startswith("{") else ""
    if _local(root) == "xliff" and namespace.startswith(_XLIFF_2):
        version = root.get("version") or "2." + namespace[len(_XLIFF_2):]
        if namespace != XLIFF_2_NAMESPACE or version not in ("2.0", "2.1"):
            raise UnsupportedFormat(f"{name}: XLIFF {version} is not supported ({XLIFF_SUPPORTED})")
        return namespace
    if _local(root) == "xliff" and not namespace and (root.get("version") or "").startswith("2"):
        raise DocumentError(f"{name}:{root.sourceline}: declares XLIFF version {root.get('version')} but its "
                            f"elements are in no namespace (an XLIFF 2 file has xmlns=\"{_XLIFF_2}0\"); "
                            "fix the file's xmlns")
    if _local(root) != "xliff" or namespace not in READ_NAMESPACES:
        raise DocumentError(f"{name}:{root.sourceline}: not an XLIFF 1.2 file (root element <{_local(root)}>, "
                            f"expected <xliff> in the namespace {NS})")
    return namespace


def read(data: bytes, name: str, source_lang: str | None = None, target_lang: str | None = None) -> ImportedDocument:
    """A bilingual document from an XLIFF 1.0, 1.1, 1.2, 2.0 or 2.1 file with one ``<file>``.

    Raises:
        DocumentError: several ``<file>`` elements (:func:`read_all` reads them), and see :func:`read_all`.
    """
    documents = read_all(data, name, source_lang, target_lang)
    if len(documents) != 1:
        raise DocumentError(f"{name}: {len(documents)} <file> elements; each is a document of its own "
                            "(`workbench import` imports them all)")
    return documents[0]


def qualifier(namespace: str):
    """``q(tag)``: *tag* in *namespace* as lxml writes it (``{urn:…}tag``; the bare tag without one)."""
    def q(tag: str) -> str:
        return f"{{{namespace}}}{tag}" if namespace else tag

    return q


def read_all(data: bytes, name: str, source_lang: str | None = None,
             target_lang: str | None = None) -> list[ImportedDocument]:
    """One bilingual document per ``<file>`` of an XLIFF file (1.0, 1.1, 1.2, 2.0, 2.1).

    Each document keeps the file's tree with its own ``<file>`` only, and
    exports as such an XLIFF; the import says so when there are several.

    Raises:
        UnsupportedFormat: XLIFF 2.2 and later.
        InputError: the declared languages are not the script of the text
            (unless the user named the languages: the user's word wins).
        DocumentError: not XLIFF, no ``<file>``, a unit without ``<source>``,
            unsupported languages; every problem is reported as ``name:line: message``.
    """
    from lxml import etree

    root = parse_xml(data, name, keep_comments=True)
    namespace = xliff_namespace(root, name)

    q = qualifier(namespace)
    files = root.findall(q("file"))
    if not files:
        raise DocumentError(f"{name}:{root.sourceline}: no <file> element")
    dialect = "xliff"
    if namespace.startswith(_XLIFF_2):
        from workbench.formats import xliff2

        read_file = xliff2.read_file
    elif _SDL in root.nsmap.values():
        from workbench.formats import sdlxliff

        read_file, dialect = sdlxliff.read_file, "sdlxliff"
    else:
        read_file = _read_file
    documents = []
    for number, file in enumerate(files):
        document = read_file(root, file, namespace, name, source_lang, target_lang)
        tree = etree.tostring(root.getroottree(), encoding="unicode")
        if len(files) > 1:
            alone = parse_xml(tree.encode("utf-8"), name, keep_comments=True)
            for index, other in enumerate(alone.findall(q("file"))):
                if index != number:
                    alone.remove(other)
            tree = etree.tostring(alone.getroottree(), encoding="unicode")
            if document.name == name:
                document.name = f"{name}#{number + 1}"
        document.extra = {"xliff": {"tree": tree, "namespace": namespace, "dialect": dialect}}
        documents.append(document)
    encoding = root.getroottree().docinfo.encoding or "UTF-8"
    if encoding.replace("_", "-").upper() not in ("UTF-8", "UTF8"):
        for document in documents:
            document.notices.append(f"{name}: read as {encoding}; exported as UTF-8 (its XML declaration says so)")
    if len(files) > 1:
        documents[0].notices.insert(0, f"{name}: {len(files)} <file> elements, imported as {len(files)} documents; "
                                       "each exports as an XLIFF with its own <file>")
    return documents


def _read_file(root, file, namespace: str, name: str, source_lang: str | None,
               target_lang: str | None) -> ImportedDocument:
    """One ``<file>`` of an XLIFF 1.x file as a document (its tree is added by :func:`read_all`)."""

    q = qualifier(namespace)
    given = source_lang is not None or target_lang is not None
    problems: list[str] = []
    file_source = normalise_lang(file.get("source-language"))
    if file.get("source-language") and not file_source and not given:
        problems.append(f"{name}:{file.sourceline}: unsupported source-language "
                        f"{file.get('source-language')!r} (expected ru or zh; or pass --from/--to)")
    paragraphs: list[list[str]] = []
    targets: list[tuple[str, str] | None] = []
    extras: list[dict | None] = []
    body = file.find(q("body"))
    if body is None:
        raise DocumentError(f"{name}:{file.sourceline}: <file> has no <body>")
    number_of = {unit: number for number, unit in enumerate(body.iter(q("trans-unit")))}
    inline = untranslatable = 0
    for element in body:
        tag = _local(element)
        units = [element] if tag == "trans-unit" else element.iter(q("trans-unit")) if tag == "group" else []
        sentences = []
        for unit in units:
            source = unit.find(q("source"))
            if source is None:
                problems.append(f"{name}:{unit.sourceline}: trans-unit {unit.get('id', '?')!r} has no <source>")
                continue
            if not _text(source).strip():
                untranslatable += 1  # tags only (Angular's lone interpolation): kept as it is
                continue
            target = unit.find(q("target"))
            target_text = _text(target)
            inline += any(len(part) for part in (source, target) if part is not None)
            sentences.append(" ".join(_text(source).split()))
            status = _status(unit, target_text, q)
            targets.append((target_text.strip(), status) if status != "new" else None)
            extras.append({"unit": number_of[unit], "id": unit.get("id", "")})
        if sentences:
            paragraphs.append(sentences)
    if problems:
        raise DocumentError("; ".join(problems))
    if not paragraphs:
        raise DocumentError(f"{name}:{body.sourceline}: no trans-unit with text")
    layout = _layout(file, len(paragraphs), name, q)
    sources = [s for p in paragraphs for s in p]
    notices: list[str] = []
    # Languages the user names win over the file's (to import a mislabelled file as it is).
    source, target = declared_file_languages(name, sources, targets,
                                             (file.get("source-language"), file.get("target-language")),
                                             ("source-language", "target-language"), (source_lang, target_lang),
                                             notices)
    if untranslatable:
        notices.append(f"{name}: {untranslatable} trans-units have no text (tags only): not translated here, "
                       "written back as they are")
    if inline:
        notices.append(f"{name}: {inline} trans-units have inline codes (<g>, <x/>, <ph>…), shown as plain text: "
                       "a target edited here is written back as plain text (unchanged ones as they were)")
    return ImportedDocument(file.get("original") or name, source, target, paragraphs, layout,
                            targets if any(targets) else None, segment_extras=extras, notices=notices)


def _layout(file, count: int, name: str, q=_q) -> list[str]:
    skeleton = file.find(f"{q('header')}/{q('skl')}/{q('internal-file')}")
    if skeleton is None or not (skeleton.text or "").strip():
        return default_layout(count)
    try:
        layout = json.loads(skeleton.text)
    except ValueError as err:
        raise DocumentError(f"{name}:{skeleton.sourceline}: the skeleton is not the workbench's layout ({err})") from err
    if not isinstance(layout, list) or len(layout) != count + 1 or not all(isinstance(p, str) for p in layout):
        raise DocumentError(f"{name}:{skeleton.sourceline}: the skeleton's layout does not fit {count} paragraphs")
    return layout


def term_notes(terms_json: str, target: str = "", target_lang: str = "zh", draft: str = "",
               checker=None) -> list[str]:
    """One line per glossary term of a segment, about the *exported* target: ``Хэйхэ → 黑河 (present)``.

    The statuses stored with a segment describe its machine draft; a
    translator's text may have dropped a term the draft had, or added one it
    lacked. So a term is ``present`` or ``missing`` in *target*: when the
    target is the draft itself the stored status stands (the pipeline also
    accepted the term's derived words), otherwise the term is looked for in the
    target. Without a target (new, not for translation) no status is claimed.

    Args:
        checker: a :class:`workbench.pipeline.TermChecker` for *target_lang*,
            shared by the segments of a document (one is made when needed).
    """
    try:
        terms = json.loads(terms_json or "[]")
    except ValueError:
        return []
    notes = []
    for term in terms if isinstance(terms, list) else []:
        if not isinstance(term, dict):
            continue
        line = f"{term.get('source', term.get('term', ''))} → {term.get('target', '')}"
        if target.strip():
            if target.strip() != draft.strip() or term.get("status") not in ("present", "missing"):
                checker = checker or term_checker(target_lang)
                term = dict(term, status="present" if _has_term(checker, target, term, target_lang) else "missing")
            line += f" ({term['status']})"
        notes.append(line)
    return notes


def term_checker(target_lang: str):
    """A :class:`workbench.pipeline.TermChecker` (imported only when an export needs one)."""
    return TermChecker(target_lang)


def _has_term(checker, target: str, term: dict, target_lang: str) -> bool:
    """Whether *target* has the term's agreed translation (in any case form, into Russian)."""
    agreed, other = str(term.get("target", "")), str(term.get("term", ""))
    if not agreed.strip():
        return False
    return checker.has(target, Term(ru=other, zh=agreed) if target_lang == "zh" else Term(ru=agreed, zh=other))


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 cannot carry at all, not even as references (a PO string may hold them)."""


def xml_text(text: str, row=None, where: str = "") -> str:
    """*text* for an XML element; a character XML cannot carry is an error naming where it is, never dropped.

    Args:
        row: the segment (named in the message), or *where*: what to name instead.

    Raises:
        DocumentError: the text has a control character such as U+000B (a vertical tab, valid in PO).
    """
    found = _NOT_XML.search(text)
    if found:
        where = where or f"document {row.document_id}, segment {row.position + 1}"
        raise DocumentError(f"{where}: the control character U+{ord(found.group()):04X} cannot be written in XML; "
                            "export this document as PO, or remove the character from the segment")
    return text


def exported_target(row) -> str:
    """The target a bilingual export gives a segment: the translator's text, else a draft's machine draft."""
    if row.status in ("new", "skip"):
        return ""
    return row.target or (row.draft if row.status == "draft" else "")


def write(store, doc_id: int) -> bytes:
    """The document as XLIFF: the kept file with new targets, else our own XLIFF 1.2 (see the module docstring)."""
    kept = store.document_extra(doc_id).get("xliff")
    if kept and kept.get("dialect") == "sdlxliff":
        from workbench.formats import sdlxliff

        return sdlxliff.write_kept(store, doc_id, kept)
    if kept and kept.get("namespace", "").startswith(_XLIFF_2):
        from workbench.formats import xliff2

        return xliff2.write_kept(store, doc_id, kept)
    if kept:
        return _write_kept(store, doc_id, kept)
    return _write_own(store, doc_id)


def _write_kept(store, doc_id: int, kept: dict) -> bytes:
    """The XLIFF file as imported, with each segment's target and state put back in its trans-unit.

    Everything else (ids, groups, context groups, notes, alt-trans, other
    tools' attributes and namespaces, comments) goes back as it came; a unit
    whose target and state are unchanged is not touched at all. Glossary notes
    are not added to another tool's units; a unit that has ours (a file we
    exported, imported back) gets them anew, about its exported target. The
    review's comments and questions are added as notes (:func:`_add_review_notes`).
    """
    from lxml import etree

    namespace = kept.get("namespace", NS)

    q = qualifier(namespace)
    info = store.get_document(doc_id)
    root = parse_xml(kept["tree"].encode("utf-8"), info.name, keep_comments=True)
    units = list(root.find(q("file")).find(q("body")).iter(q("trans-unit")))
    checker = None
    comments = review_notes(store, doc_id)
    for row in store.segments(doc_id):
        number = row.extra.get("unit")
        if number is None or number >= len(units):
            continue
        unit = units[number]
        _put_target(unit, row, q)
        ours = [note for note in unit.findall(q("note")) if note.get("from") == "glossary"]
        if ours:
            checker = checker or term_checker(info.target_lang)
            for note in ours:
                unit.remove(note)
            for line in term_notes(row.terms_json, exported_target(row), info.target_lang, row.draft, checker):
                etree.SubElement(unit, q("note"), {"from": "glossary"}).text = line
        _add_review_notes(unit, comments.get(row.id, []), row, q)
    return etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8") + b"\n"


def _put_target(unit, row, q) -> None:
    """Write a segment's exported target and state into its trans-unit, touching nothing that did not change."""
    from lxml import etree

    text = exported_target(row)
    target = unit.find(q("target"))
    before = _text(target).strip() if target is not None else ""
    before_status = _status(unit, before, q)
    if row.status == before_status and (row.status in ("skip", "new") or text.strip() == before):
        return
    if row.status == "skip":
        unit.set("translate", "no")
        return
    if unit.get("translate") == "no":
        del unit.attrib["translate"]
    if not text.strip():
        return
    if target is None:
        target = etree.Element(q("target"))
        anchor = unit.find(q("seg-source"))
        insert_after(anchor if anchor is not None else unit.find(q("source")), target)
    if text.strip() != before:
        # A target segmented as its seg-source is (one <mrk mtype="seg">) keeps its segment marker.
        holder, children = target, list(target)
        if (len(children) == 1 and _local(children[0]) == "mrk" and children[0].get("mtype") == "seg"
                and not (target.text or "").strip()):
            holder = children[0]
        for child in list(holder):
            holder.remove(child)
        holder.text = xml_text(text, row)
    target.set("state", _STATE_OF[row.status])
    if row.status == "approved":
        unit.set("approved", "yes")
    elif unit.get("approved") == "yes":
        unit.set("approved", "no")


def insert_after(anchor, element) -> None:
    """Put *element* right after *anchor*, indented as *anchor* is (the file's own layout)."""
    previous = anchor.getprevious()
    indent = previous.tail if previous is not None else anchor.getparent().text
    element.tail = anchor.tail
    if indent is not None and not indent.strip():
        anchor.tail = indent
    anchor.addnext(element)


def _write_own(store, doc_id: int) -> bytes:
    """The document as XLIFF 1.2 with targets, states and term notes."""
    from lxml import etree

    from workbench import __version__

    info = store.get_document(doc_id)
    root = etree.Element(_q("xliff"), nsmap={None: NS}, version="1.2")
    file = etree.SubElement(root, _q("file"), {"original": info.name, "source-language": info.source_lang,
                                               "target-language": info.target_lang, "datatype": "plaintext"})
    header = etree.SubElement(file, _q("header"))
    skeleton = etree.SubElement(etree.SubElement(header, _q("skl")), _q("internal-file"), form="application/json")
    skeleton.text = json.dumps(store.document_layout(doc_id), ensure_ascii=False)
    etree.SubElement(header, _q("tool"), {"tool-id": "workbench", "tool-name": "workbench",
                                          "tool-version": __version__})
    body = etree.SubElement(file, _q("body"))
    groups: dict[int, object] = {}
    checker = term_checker(info.target_lang)
    comments = review_notes(store, doc_id)
    for row in store.segments(doc_id):
        group = groups.get(row.paragraph)
        if group is None:
            group = groups[row.paragraph] = etree.SubElement(body, _q("group"), id=f"p{row.paragraph}")
        unit = etree.SubElement(group, _q("trans-unit"), id=f"p{row.paragraph}s{row.index}")
        unit.set(_XML_SPACE, "preserve")
        etree.SubElement(unit, _q("source")).text = xml_text(row.source, row)
        text = exported_target(row)
        if row.status == "skip":
            unit.set("translate", "no")
        elif text:
            etree.SubElement(unit, _q("target"), state=_STATE_OF[row.status]).text = xml_text(text, row)
            if row.status == "approved":
                unit.set("approved", "yes")
        for note in term_notes(row.terms_json, text, info.target_lang, row.draft, checker):
            etree.SubElement(unit, _q("note"), {"from": "glossary"}).text = note
        _add_review_notes(unit, comments.get(row.id, []), row, _q)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _add_review_notes(unit, notes, row, q) -> None:
    """The segment's comments and questions as ``<note from="AUTHOR" annotates="target">`` (an open
    question with ``priority="1"``, the most important), after the unit's other notes."""
    from lxml import etree

    for note in notes:
        element = etree.Element(q("note"), {"from": xml_text(note.author, row), "annotates": "target"})
        if note.question:
            element.set("priority", "1")
        element.text = xml_text(note.text, row)
        existing = unit.findall(q("note"))
        if existing:
            insert_after(existing[-1], element)
        else:
            unit.append(element)
