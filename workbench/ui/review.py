"""What the segment editor shows and does, without Gradio: terms, QA, memory, saving, conflicts.

Everything here takes and returns plain data (store rows, dicts, strings), so
the Gradio wiring in :mod:`workbench.ui.app` stays thin and the same logic
serves the browser and the HTTP API. A save names the version the editor
loaded; a stale one comes back as a :class:`SaveOutcome` with ``conflict``
set — both texts, theirs and yours — and nothing is written.
"""

from __future__ import annotations

import html
import re
import threading
from collections import Counter
from dataclasses import asdict, dataclass, field

from workbench.errors import RoleError
from workbench.formats.context import SegmentContexts
from workbench.glossary.matching import TermMatcher
from workbench.pipeline import TermChecker
from workbench.store import ConflictError, SegmentRow, StoreError
from workbench.tm_diff import marked_source, repair

WORK_STATUSES = ("new", "draft", "translated")
"""Statuses of segments that still need a translator (``Approve & next`` goes to the next of these)."""

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass
class Finding:
    """A QA finding as the editor shows it."""

    check: str
    severity: str
    message: str


@dataclass
class SaveOutcome:
    """The result of a save: the row as stored, or the conflict (nothing saved).

    Attributes:
        segment: the segment after the save (``None`` on conflict).
        conflict: ``{"theirs": segment dict, "yours": text, "status": wanted status}`` or ``None``.
        findings: QA findings of the saved text.
    """

    segment: SegmentRow | None = None
    conflict: dict | None = None
    findings: list[Finding] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "saved": self.segment is not None,
            "segment": segment_json(self.segment) if self.segment else None,
            "conflict": self.conflict,
            "findings": [asdict(f) for f in self.findings],
        }


def segment_json(row: SegmentRow) -> dict:
    """A segment row as JSON-able data (for the API)."""
    return asdict(row)


class Review:
    """The editor's logic over a store and the shared pipelines.

    Args:
        store: a :class:`workbench.store.Store`.
        pipelines: a :class:`workbench.ui.drafting.Pipelines` (for terms and re-translation).
    """

    def __init__(self, store, pipelines):
        self.store = store
        self.pipelines = pipelines
        self._matchers: dict[str, object] = {}
        self._qa_index = None
        self._glossary = None  # the glossary the caches above were built from
        self._lock = threading.Lock()
        self._contexts = None

    # --- glossary terms -----------------------------------------------------

    def _current_glossary(self):
        """The glossary as on disk now; the term caches are dropped when it changed (call under the lock)."""
        glossary = self.pipelines.glossary()
        if glossary is not self._glossary:
            self._glossary = glossary
            self._matchers.clear()
            self._qa_index = None
        return glossary

    def _matcher(self, lang: str):
        with self._lock:
            glossary = self._current_glossary()
            if lang not in self._matchers:
                self._matchers[lang] = TermMatcher(list(glossary), lang)
            return self._matchers[lang]

    def terms(self, source: str, source_lang: str, target_lang: str) -> list[dict]:
        """Glossary terms of a source: ``{"start", "end", "text", "target", "kind"}`` per occurrence."""
        if not source.strip():
            return []
        return [{"start": m.start, "end": m.end, "text": m.text, "target": m.term.target(target_lang),
                 "kind": m.term.kind} for m in self._matcher(source_lang).find(source)]

    @staticmethod
    def source_html(source: str, terms: list[dict]) -> str:
        """The source as HTML: escaped text, each term in ``<mark>`` with its agreed translation as title."""
        parts, position = [], 0
        for term in sorted(terms, key=lambda t: t["start"]):
            if term["start"] < position:
                continue
            parts.append(html.escape(source[position:term["start"]]))
            parts.append(f'<mark class="term" title="{html.escape(term["target"], quote=True)}">'
                         f'{html.escape(source[term["start"]:term["end"]])}</mark>')
            position = term["end"]
        parts.append(html.escape(source[position:]))
        return f'<div class="source-text">{"".join(parts)}</div>'

    def context_html(self, row) -> str:
        """What the segment's file says about it (ids, notes, msgctxt, plural form), as small escaped lines."""
        with self._lock:
            if self._contexts is None:
                self._contexts = SegmentContexts(self.store)
            lines = self._contexts.lines(row)
        if not lines:
            return ""
        return '<div class="source-context">' + "<br>".join(html.escape(line) for line in lines) + "</div>"

    # --- QA -----------------------------------------------------------------

    def qa(self, source: str, target: str, source_lang: str, target_lang: str) -> list[Finding]:
        """QA findings of a translation: :mod:`workbench.qa` when installed, else a term and number check."""
        if not target.strip():
            return []
        try:
            from workbench.qa import run_checks
            from workbench.qa.terms import TermIndex
        except ImportError:
            return self._basic_qa(source, target, source_lang, target_lang)
        with self._lock:
            glossary = self._current_glossary()
            if self._qa_index is None:
                self._qa_index = TermIndex(glossary)
        findings = run_checks(source, target, source_lang, target_lang, terms=self._qa_index)
        return [Finding(f.check, f.severity, f.message) for f in findings if f.severity != "info"]

    def _basic_qa(self, source: str, target: str, source_lang: str, target_lang: str) -> list[Finding]:
        checker = TermChecker(target_lang)
        findings = []
        for match in self._matcher(source_lang).find(source):
            if not checker.has(target, match.term):
                findings.append(Finding("term-missing", "error",
                                        f"«{match.text}» must be «{match.term.target(target_lang)}»"))
        numbers = Counter(_NUMBER.findall(source)), Counter(_NUMBER.findall(target))
        if numbers[0] != numbers[1]:
            differ = sorted((numbers[0] - numbers[1]) + (numbers[1] - numbers[0]))
            findings.append(Finding("numbers", "error", "numbers differ: " + ", ".join(differ)))
        return findings

    # --- memory, alternatives, history ----------------------------------------

    def tm(self, row: SegmentRow, limit: int = 5) -> list[dict]:
        """Translation-memory matches of a segment (exact first), this segment's own entry excluded.

        A fuzzy match also gives its source with what differs from the segment marked (``marked``),
        and, when numbers or glossary terms are all that differ, its target with the segment's put in
        (``target``; the memory's own in ``memory_target``; ``repaired``: ``["numbers", "terms"]``, or
        what of them was put in; empty when nothing was).
        """
        info = self.store.get_document(row.document_id)
        matches = self.store.tm_lookup(row.source, info.source_lang, info.target_lang, limit=limit + 1)
        own = row.target if row.status == "approved" else None
        found = []
        for match in matches:
            if match.exact and match.target == own:
                continue
            entry = asdict(match)
            entry.update(marked=match.source, memory_target=match.target, repaired=[])
            if not match.exact:
                entry["marked"] = marked_source(row.source, match.source, info.source_lang)
                repaired = repair(row.source, match.source, match.target, info.source_lang,
                                  self.terms(row.source, info.source_lang, info.target_lang),
                                  self.terms(match.source, info.source_lang, info.target_lang))
                if repaired is not None:
                    entry.update(target=repaired[0], repaired=repaired[1])
            found.append(entry)
        return found[:limit]

    def concordance(self, doc_id: int, text: str, limit: int = 20) -> list[dict]:
        """Memory entries of the document's direction whose source or translation contains *text*."""
        info = self.store.get_document(doc_id)
        return [{"source": m.source, "target": m.target, "origin": m.origin}
                for m in self.store.tm_search(text, info.source_lang, info.target_lang, limit)]

    def alternatives(self, row: SegmentRow, n: int = 3) -> list[dict]:
        """Up to *n* machine translations of a segment, glossary-enforced first, each with missing terms."""
        info = self.store.get_document(row.document_id)
        pipeline, lock = self.pipelines.get(info.source_lang, info.target_lang)
        with lock:
            results = pipeline.alternatives(row.source, n)
        return [{"text": r.output,
                 "missing": [t.term.target(info.target_lang) for t in r.terms if not t.present]}
                for r in results]

    def history(self, seg_id: int) -> list[dict]:
        """A segment's changes, newest first."""
        return [asdict(h) for h in reversed(self.store.history(seg_id))]

    # --- review: comments and questions ------------------------------------------

    def comments(self, seg_id: int) -> list[dict]:
        """A segment's comments and questions, oldest first."""
        return [asdict(c) for c in self.store.comments(seg_id)]

    def comment(self, seg_id: int, text: str, user: str) -> dict:
        """Add a comment (anyone may comment).

        Raises:
            StoreError: an empty comment.
        """
        return asdict(self.store.add_comment(seg_id, user, text))

    def send_back(self, seg_id: int, question: str, base_version: int, user: str,
                  role: str | None = None) -> SaveOutcome:
        """A reviewer sends a segment back with a question; a stale version gives a conflict.

        Raises:
            RoleError: a translator where reviewers approve. StoreError: no question.
        """
        if role not in (None, "reviewer"):
            raise RoleError(f"{user} is a {role}: only a reviewer sends segments back")
        try:
            row = self.store.send_back(seg_id, question, base_version, user)
        except ConflictError as err:
            return SaveOutcome(conflict={"theirs": segment_json(err.current), "yours": err.current.target,
                                         "status": err.current.status})
        return SaveOutcome(segment=row)

    # --- navigation -----------------------------------------------------------

    def next_segment(self, doc_id: int, after_position: int) -> SegmentRow | None:
        """The next segment after *after_position* that still needs work (wrapping around), or ``None``."""
        rows = self.store.segments(doc_id)
        ordered = rows[after_position + 1:] + rows[:after_position + 1]
        return next((r for r in ordered if r.status in WORK_STATUSES), None)

    def first_segment(self, doc_id: int) -> SegmentRow | None:
        """The first segment that needs work, else the first segment."""
        rows = self.store.segments(doc_id)
        return next((r for r in rows if r.status in WORK_STATUSES), rows[0] if rows else None)

    # --- saving ---------------------------------------------------------------

    def save(self, seg_id: int, target: str, status: str, base_version: int, user: str,
             role: str | None = None) -> SaveOutcome:
        """Save a translator's text from *base_version*; a stale version gives a conflict, not an error.

        A translator's text saved as ``new`` or ``draft`` becomes ``translated``. With roles
        (*role* not ``None``) only a reviewer approves.

        Raises:
            StoreError: an empty translation marked translated/approved, an unknown status.
            RoleError: a translator approving where reviewers approve.
        """
        if status == "approved" and role not in (None, "reviewer"):
            raise RoleError(f"{user} is a {role}: only a reviewer approves segments")
        target = target or ""
        if status in ("new", "draft") and target.strip():
            status = "translated"
        try:
            row = self.store.save_segment(seg_id, target, status, base_version, user)
        except ConflictError as err:
            theirs = err.current
            return SaveOutcome(conflict={"theirs": segment_json(theirs), "yours": target, "status": status})
        info = self.store.get_document(row.document_id)
        findings = self.qa(row.source, row.target, info.source_lang, info.target_lang) if status != "skip" else []
        return SaveOutcome(segment=row, findings=findings)


__all__ = ["Finding", "Review", "SaveOutcome", "StoreError", "WORK_STATUSES", "segment_json"]
