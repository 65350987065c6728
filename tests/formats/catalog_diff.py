"""A structural diff of two PO catalogues: what a round trip must not change.

Compares the header (comment, fields, fuzzy) and, entry by entry, ids,
contexts, plurals, flags, notes, references, previous msgids and obsolete
state; translations are compared only when asked (an import→export with no
edits must give them back too).
"""

from __future__ import annotations

STRUCTURE = ("msgid", "msgid_plural", "msgctxt", "comment", "tcomment", "occurrences", "previous_msgctxt",
             "previous_msgid", "previous_msgid_plural", "obsolete")


def po_structure(catalog, translations: bool = True) -> dict:
    entries = []
    for entry in catalog:
        record = {field: getattr(entry, field) for field in STRUCTURE}
        record["flags"] = sorted(entry.flags)
        record["plural_forms"] = sorted(entry.msgstr_plural)
        if translations:
            record["msgstr"] = entry.msgstr
            record["msgstr_plural"] = dict(entry.msgstr_plural)
        entries.append(record)
    return {"header": catalog.header, "metadata": list(catalog.metadata.items()),
            "header_fuzzy": bool(catalog.metadata_is_fuzzy), "entries": entries}


def diff(before: dict, after: dict) -> list[str]:
    """Every difference, as ``where: before != after`` lines (empty: the same structure)."""
    found = []
    for key in ("header", "metadata", "header_fuzzy"):
        if before[key] != after[key]:
            found.append(f"{key}: {before[key]!r} != {after[key]!r}")
    if len(before["entries"]) != len(after["entries"]):
        found.append(f"entries: {len(before['entries'])} != {len(after['entries'])}")
    for number, (a, b) in enumerate(zip(before["entries"], after["entries"])):
        for key in a:
            if a[key] != b.get(key):
                found.append(f"entry {number} ({a['msgid'][:30]!r}) {key}: {a[key]!r} != {b.get(key)!r}")
    return found


SDL = "http://sdl.com/FileTypes/SdlXliff/1.0"


def xliff_structure(data: bytes, translations: bool = True) -> list[str]:
    """An XLIFF file as canonical XML (C14N, comments kept), one element per line.

    Without *translations*, every ``<target>`` of a unit is left out and the
    review attributes (``state``, ``approved``) dropped, so that only what
    a round trip must not change remains: ids, groups, context groups, notes,
    alt-trans, other tools' attributes. SDLXLIFF's segment states
    (``sdl:seg-defs``) are review state too.
    """
    from lxml import etree

    parser = etree.XMLParser(remove_comments=False, resolve_entities=False, no_network=True)
    root = etree.fromstring(data, parser)
    if not translations:
        for unit in root.iter("{*}trans-unit", "{*}segment"):
            unit.attrib.pop("approved", None)
            unit.attrib.pop("state", None)
            for target in unit.findall("{*}target") + unit.findall(f"{{{SDL}}}seg-defs"):
                unit.remove(target)
    for element in root.iter():  # indentation is layout, not structure
        if element.text is not None and not element.text.strip() and len(element):
            element.text = None
        if element.tail is not None and not element.tail.strip():
            element.tail = None
    text = etree.tostring(root, method="c14n", with_comments=True).decode("utf-8")
    return text.replace("><", ">\n<").splitlines()


def lines_diff(before: list[str], after: list[str]) -> list[str]:
    """The lines that differ (``-``/``+``), nothing when the two are the same."""
    import difflib

    return [line for line in difflib.unified_diff(before, after, lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]
