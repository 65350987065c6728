"""What the file a segment came from says about it, for the translator: ids, contexts, notes, plural forms.

A PO or XLIFF file from another tool is kept whole in the store (see
:mod:`workbench.formats.po`, :mod:`workbench.formats.xliff`); its comments,
notes and contexts are what the developer wrote for the translator
(``#. Label of the submit button``, ``<note from="description">``). The
editor shows them under the source, and for a PO plural form which form it
is: without that, the forms of ``%(count)s items`` look alike.

Typical use::

    contexts = SegmentContexts(store)
    lines = contexts.lines(row)    # ["msgstr[1] of 4 plural forms (plural=…)", "#. Translators: …"]
"""

from __future__ import annotations

import re

from workbench.formats.xliff import _local, _text, parse_xml

_OUR_CONTEXT = re.compile(r"^p\d+s\d+$")
_PLURAL = re.compile(r"plural\s*=\s*(.+?);?\s*$")
MAX_LINES = 8


class SegmentContexts:
    """A segment's context lines, with each document's kept file read once (documents never change it)."""

    def __init__(self, store):
        self.store = store
        self._documents: dict[int, tuple[dict, object]] = {}

    def lines(self, row) -> list[str]:
        """Short lines about *row* from its file (at most :data:`MAX_LINES`); ``[]`` for our own formats."""
        extra = row.extra
        if not extra:
            return []
        kept, tree = self._document(row.document_id)
        if "po" in kept:
            found = _po_lines(kept["po"], extra)
        elif "xliff" in kept and tree is not None:
            found = _xliff_lines(kept["xliff"], tree, extra)
        else:
            found = []
        return [line if len(line) <= 300 else line[:299] + "…" for line in found[:MAX_LINES]]

    def _document(self, doc_id: int):
        if doc_id not in self._documents:
            kept = self.store.document_extra(doc_id)
            tree = None
            if "xliff" in kept:
                tree = parse_xml(kept["xliff"]["tree"].encode("utf-8"), f"document {doc_id}", keep_comments=True)
            self._documents[doc_id] = (kept, tree)
        return self._documents[doc_id]


def _po_lines(kept: dict, extra: dict) -> list[str]:
    entries = kept.get("entries", [])
    if not 0 <= extra.get("entry", -1) < len(entries):
        return []
    entry = entries[extra["entry"]]
    found = []
    if "form" in extra:
        forms = len(entry.get("msgstr_plural") or {}) or 2
        plural = dict(kept.get("metadata", [])).get("Plural-Forms", "")
        rule = _PLURAL.search(plural)
        found.append(f"msgstr[{int(extra['form'])}] of {forms} plural forms"
                     + (f" (plural={rule.group(1)})" if rule else ""))
    if entry.get("msgctxt") and not _OUR_CONTEXT.match(entry["msgctxt"]):
        found.append(f"msgctxt: {entry['msgctxt']}")
    ours = any(key == "X-Workbench-Document" for key, _ in kept.get("metadata", []))
    if entry.get("comment") and not ours:
        found += [f"#. {line}" for line in entry["comment"].splitlines() if line.strip()]
    if entry.get("tcomment"):
        found += [f"# {line}" for line in entry["tcomment"].splitlines() if line.strip()]
    flags = [flag for flag in entry.get("flags", []) if flag not in ("fuzzy", "approved", "skip")]
    if flags:
        found.append("#, " + ", ".join(flags))
    if entry.get("occurrences"):
        found.append("#: " + " ".join(f"{path}:{line}" if line else path for path, line in entry["occurrences"][:3]))
    return found


def _xliff_lines(kept: dict, root, extra: dict) -> list[str]:
    namespace = kept.get("namespace", "")
    unit_tag = "unit" if namespace.endswith(":2.0") else "trans-unit"
    units = [u for u in root.iter() if isinstance(u.tag, str) and _local(u) == unit_tag
             and (u.tag.startswith(f"{{{namespace}}}") if namespace else "}" not in u.tag)]
    number = extra.get("unit")
    if number is None or not 0 <= number < len(units):
        return []
    unit = units[number]
    found = []
    if unit.get("id") and not _OUR_CONTEXT.match(unit.get("id", "")) and kept.get("dialect") != "sdlxliff":
        found.append(f"id: {unit.get('id')}" + (f" ({unit.get('resname')})" if unit.get("resname") else ""))
    for element in unit.iter():
        if not isinstance(element.tag, str) or any(_local(a) == "alt-trans" for a in element.iterancestors()):
            continue  # a memory match's notes are about the match
        name = _local(element)
        if name == "note" and element.get("from") != "glossary":
            label = element.get("from") or element.get("category") or ""
            found.append(f"note{f' ({label})' if label else ''}: {' '.join(_text(element).split())}")
        elif name == "context":
            found.append(f"{element.get('context-type', 'context')}: {' '.join(_text(element).split())}")
    return found


__all__ = ["MAX_LINES", "SegmentContexts"]
