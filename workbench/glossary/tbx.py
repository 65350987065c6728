"""Term files as TBX (ISO 30042 TermBase eXchange), for exchange with CAT tools.

Written as TBX-Basic (``<martif type="TBX-Basic">``); read from TBX-Basic and
from TBX v3 (``<tbx>`` with ``conceptEntry``/``langSec``/``termSec``). One
``termEntry`` per :class:`~workbench.glossary.model.Term`:

=========================== ==========================================================
Term field                  TBX
=========================== ==========================================================
ru / zh                     ``langSet xml:lang="ru"`` / ``"zh"``, ``tig/term``; the
                            canonical form first, marked ``administrativeStatus``
                            ``preferredTerm-admn-sts``
ru_variants / zh_variants   further ``tig`` in the same ``langSet``, marked
                            ``admittedTerm-admn-sts``
ru_derived                  further ``tig`` in the ``ru`` ``langSet`` with ``<note>derived</note>``
kind                        ``<descrip type="subjectField">`` of the entry (another tool's
                            subject field, "Politics": a note, kind "other", a warning)
notes                       ``<note>`` of the entry (read: also ``descrip type="definition"``)
references                  ``<admin type="source">``, one per reference
fuzzy                       ``<termNote type="processStatus">provisionallyProcessed``
                            on every term (``finalized`` when confirmed)
=========================== ==========================================================

The XML is parsed with lxml, without network access or entity expansion.
"""

from __future__ import annotations

import os
from typing import Iterable

from workbench.glossary.model import KINDS, Glossary, Term
from workbench.glossary.po import Issue, RawEntry, _terms, atomic_write_text, join_forms, raise_for_errors

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
UNCONFIRMED = "provisionallyProcessed"
CONFIRMED = "finalized"
DERIVED = "derived"  # the <note> of a tig that holds a derived word, not a spelling of the term


def format_tbx(glossary_or_terms: Glossary | Iterable[Term]) -> str:
    """The TBX-Basic document of a glossary or any iterable of terms."""
    from lxml import etree

    root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: "ru"})
    header = etree.SubElement(root, "martifHeader")
    desc = etree.SubElement(etree.SubElement(header, "fileDesc"), "sourceDesc")
    etree.SubElement(desc, "p").text = "Russian–Chinese glossary exported by workbench"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for number, term in enumerate(_terms(glossary_or_terms), 1):
        entry = etree.SubElement(body, "termEntry", id=f"t{number}")
        etree.SubElement(entry, "descrip", type="subjectField").text = term.kind
        if term.notes:
            etree.SubElement(entry, "note").text = term.notes
        for reference in term.references:
            etree.SubElement(entry, "admin", type="source").text = reference
        for lang, forms in (("ru", term.ru_forms), ("zh", term.zh_forms)):
            lang_set = etree.SubElement(entry, "langSet", {XML_LANG: lang})
            for index, form in enumerate(forms):
                tig = etree.SubElement(lang_set, "tig")
                etree.SubElement(tig, "term").text = form
                etree.SubElement(tig, "termNote", type="administrativeStatus").text = PREFERRED if index == 0 else ADMITTED
                etree.SubElement(tig, "termNote", type="processStatus").text = UNCONFIRMED if term.fuzzy else CONFIRMED
            for word in (term.ru_derived if lang == "ru" else ()):
                tig = etree.SubElement(lang_set, "tig")
                etree.SubElement(tig, "term").text = word
                etree.SubElement(tig, "termNote", type="administrativeStatus").text = ADMITTED
                etree.SubElement(tig, "note").text = DERIVED
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode("utf-8")


def write_tbx(glossary_or_terms: Glossary | Iterable[Term], path: str | os.PathLike) -> None:
    """Write terms as TBX-Basic atomically."""
    atomic_write_text(path, format_tbx(glossary_or_terms))


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def parse_tbx(path: str | os.PathLike) -> tuple[list[RawEntry], list[Issue]]:
    """Read a TBX file leniently: every entry that could be read, and every issue (with its line)."""
    from lxml import etree

    name = str(path)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        tree = etree.parse(str(path), parser)
    except OSError as err:
        return [], [(0, "error", f"cannot read file: {err}")]
    except etree.XMLSyntaxError as err:
        return [], [(err.lineno or 0, "error", f"XML syntax error: {err.msg}")]
    root = tree.getroot()
    if _local(root.tag) not in ("martif", "tbx"):
        return [], [(root.sourceline or 1, "error", f"not a TBX file: the root element is <{_local(root.tag)}>, "
                                                     "expected <martif> or <tbx>")]
    entries: list[RawEntry] = []
    issues: list[Issue] = []
    seen = 0
    for element in root.iter():
        if _local(element.tag) in ("termEntry", "conceptEntry"):
            seen += 1
            entry = _read_entry(element, name, issues)
            if entry is not None:
                entries.append(entry)
    if seen and not entries and not any(level == "error" for _, level, _ in issues):
        issues.append((1, "error", f"none of the {seen} term entries has both a Russian and a Chinese term "
                                   "(langSet xml:lang ru… and zh…)"))
    return entries, issues


def _read_entry(element, name: str, issues: list[Issue]) -> RawEntry | None:
    line = element.sourceline or 0
    kind, notes, references, fuzzy = None, [], [], False
    forms: dict[str, list[tuple[bool, str]]] = {"ru": [], "zh": []}
    derived: list[str] = []
    given: set[str] = set()  # the languages with a langSet, empty or not
    for child in element:
        tag, kind_attr = _local(child.tag), child.get("type", "")
        if tag == "descrip" and kind_attr == "subjectField":
            kind = _kind(child, line, notes, issues)
        elif tag == "descrip" and kind_attr == "definition" and (child.text or "").strip():
            notes.append(f"definition: {' '.join(child.text.split())}")
        elif tag == "note":
            notes.append((child.text or "").strip())
        elif tag == "admin" and kind_attr == "source":
            references.append((child.text or "").strip())
        elif tag in ("langSet", "langSec"):
            lang = (child.get(XML_LANG) or child.get("lang") or "").lower().split("-")[0]
            if lang not in forms:
                issues.append((child.sourceline or line, "warning", f"langSet for {lang or 'no language'} ignored"))
                continue
            given.add(lang)
            for holder in child:
                if _local(holder.tag) not in ("tig", "ntig", "termSec"):
                    continue
                text, preferred, is_derived = "", False, False
                for part in holder.iter():
                    part_tag, part_type = _local(part.tag), part.get("type", "")
                    if part_tag == "term":
                        text = "".join(part.itertext()).strip()
                    elif part_tag == "termNote" and part_type == "administrativeStatus":
                        preferred = (part.text or "").strip() in (PREFERRED, "preferredTerm")
                    elif part_tag == "termNote" and part_type == "processStatus":
                        fuzzy = fuzzy or (part.text or "").strip() in (UNCONFIRMED, "unprocessed")
                    elif part_tag == "note":
                        is_derived = (part.text or "").strip().lower() == DERIVED
                if text and is_derived and lang == "ru":
                    derived.append(text)
                elif text:
                    forms[lang].append((preferred, text))
    ru = _ordered(forms["ru"])
    zh = _ordered(forms["zh"])
    empty = [lang for lang, found in (("ru", ru), ("zh", zh)) if lang in given and not found]
    if empty:  # a langSet without a term: a broken entry
        issues.append((line, "error", f"term entry has an empty {' and '.join(empty)} term"))
        return None
    if not ru or not zh:  # a termbase often has entries in other languages only: left out, and said
        missing = " and ".join(lang for lang, found in (("ru", ru), ("zh", zh)) if not found)
        issues.append((line, "warning", f"term entry has no {missing} term: left out"))
        return None
    term = Term(ru=ru[0], zh=zh[0], kind=kind or "other", ru_variants=tuple(ru[1:]), zh_variants=tuple(zh[1:]),
                ru_derived=tuple(derived), notes="\n".join(n for n in notes if n),
                references=tuple(r for r in references if r), fuzzy=fuzzy, origin=f"{name}:{line}")
    return RawEntry(term=term, path=name, line=line, ru_raw=join_forms(ru), zh_raw=join_forms(zh),
                    kind_raw=kind, fmt="tsv")


def _kind(element, line: int, notes: list[str], issues: list[Issue]) -> str:
    """The term's kind from ``<descrip type="subjectField">``. Another tool's subject field (memoQ,
    MultiTerm: "places", "Politics") is not one of our kinds: it is kept as a note, the kind is "other",
    and a warning says so."""
    value = " ".join((element.text or "").split())
    if value in KINDS or not value:
        return value
    notes.append(f"subject field: {value}")
    issues.append((element.sourceline or line, "warning",
                   f'subject field "{value}" is not a kind ({", ".join(KINDS)}): kept as a note, kind "other"'))
    return "other"


def _ordered(found: list[tuple[bool, str]]) -> list[str]:
    """The preferred term first (the first one when none or several are marked)."""
    preferred = [text for is_preferred, text in found if is_preferred]
    first = preferred[0] if preferred else (found[0][1] if found else None)
    if first is None:
        return []
    rest = [text for _, text in found]
    rest.remove(first)
    return [first, *rest]


def read_tbx(path: str | os.PathLike) -> Glossary:
    """Read one TBX file; raises :class:`~workbench.errors.GlossaryError` listing every problem."""
    entries, issues = parse_tbx(path)
    raise_for_errors(issues, str(path))
    return Glossary(terms=[e.term for e in entries], sources=[str(path)])
