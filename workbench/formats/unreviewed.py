"""What a translation export (txt, md, docx) writes for the segments nobody approved.

A press office publishes what its translators approved. Filling the gaps
with the machine draft — as the exports once did — made an unfinished
document look finished: nothing told a reviewed sentence from a raw draft.
So an export writes an approved segment's text as it is, a segment *not for
translation* as its source, and every other segment one of three ways
(:data:`CHOICES`):

``source`` (the default)
    the source text, in a marker that names it: ``【未审定·原文：Делегация…】``
    in Chinese, ``[[НЕ УТВЕРЖДЕНО, ОРИГИНАЛ: 黑河市…]]`` in Russian. Text in the
    other language in a bracket that says so cannot pass for a translation.
``mark``
    the translator's unapproved text, else the machine draft, else the source,
    each in a marker saying which (``【未审定：…】``, ``【机器初稿：…】``): a copy
    to proofread, not to publish.
``refuse``
    no file at all while any segment is not approved
    (:class:`~workbench.errors.UnreviewedSegmentsError`): for scripts that
    must only ever publish finished documents.

The markers are in the document's target language, for the people who read
the export. Word exports also highlight them (:func:`split_marked`).
Bilingual exports (XLIFF, PO) carry every segment with its review state
instead, and TMX only approved segments, so these choices do not apply there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.errors import UnreviewedSegmentsError

CHOICES = ("source", "mark", "refuse")
"""How an export writes the segments that are not approved (see the module docstring)."""

DEFAULT = "source"

MACHINE = "machine"
"""Not a choice of an export: ``workbench translate``'s output of a document file, where every segment
is the machine draft (or the translator's text a bilingual file brought), unmarked — a machine
translation, as its plain-text output is, never an export of reviewed work."""

MONOLINGUAL = ("txt", "md", "docx")
"""The formats whose exports the choices apply to."""

_LABELS = {
    "zh": {"source": "未审定·原文", "translated": "未审定", "draft": "机器初稿"},
    "ru": {"source": "НЕ УТВЕРЖДЕНО, ОРИГИНАЛ", "translated": "НЕ УТВЕРЖДЕНО",
           "draft": "МАШИННЫЙ ЧЕРНОВИК"},
}
_BRACKETS = {"zh": ("【", "：", "】"), "ru": ("[[", ": ", "]]")}


def label(kind: str, lang: str) -> str:
    """The marker's label for *kind* (``source``, ``translated``, ``draft``) in *lang*."""
    return _LABELS[lang][kind]


def marked(text: str, kind: str, lang: str) -> str:
    """*text* in the marker of *kind*: ``【机器初稿：黑河市代表团抵达。】``."""
    opening, colon, closing = _BRACKETS[lang]
    return f"{opening}{label(kind, lang)}{colon}{text.strip()}{closing}"


def is_final(row) -> bool:
    """Approved with a text, or not for translation: what an export writes as it stands."""
    return row.status == "skip" or (row.status == "approved" and bool(row.target.strip()))


def export_text(row, target_lang: str, choice: str = DEFAULT) -> str:
    """What the export writes for one segment under *choice* (``refuse`` is checked before writing)."""
    if row.status == "skip":
        return row.source
    if is_final(row):
        return row.target
    if choice == MACHINE:
        return row.target or row.draft or row.source
    if choice == "mark" and row.target.strip():
        return marked(row.target, "translated", target_lang)
    if choice == "mark" and row.draft.strip():
        return marked(row.draft, "draft", target_lang)
    return marked(row.source, "source", target_lang)


def split_marked(text: str, lang: str) -> list[tuple[str, bool]]:
    """*text* cut into ``(piece, is_marker)`` pieces, so that Word can highlight the markers."""
    opening, colon, closing = (re.escape(part) for part in _BRACKETS[lang])
    labels = "|".join(re.escape(value) for value in _LABELS[lang].values())
    pattern = re.compile(f"{opening}(?:{labels}){colon}.*?{closing}", re.S)
    pieces, position = [], 0
    for match in pattern.finditer(text):
        if match.start() > position:
            pieces.append((text[position:match.start()], False))
        pieces.append((match.group(), True))
        position = match.end()
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces


@dataclass
class ExportSummary:
    """How many segments an export writes as reviewed, and how the others went.

    Attributes:
        total: segments of the document.
        approved: approved segments (written as approved).
        skipped: segments not for translation (written as their source).
        translated, drafted, untranslated: the segments not approved: a
            translator's text, a machine draft only, nothing at all.
        choice: the choice the export used (``None`` for bilingual formats and TMX).
    """

    total: int
    approved: int
    skipped: int
    translated: int
    drafted: int
    untranslated: int
    choice: str | None = None

    @property
    def pending(self) -> int:
        """Segments that are neither approved nor not for translation."""
        return self.translated + self.drafted + self.untranslated

    def describe(self, fmt: str) -> str:
        """One English line for the CLI: what was written as reviewed, and what happened to the rest."""
        line = f"{self.approved} of {self.total} segments approved"
        if self.skipped:
            line += f", {self.skipped} not for translation"
        if not self.pending:
            return line + "; nothing left to review"
        if fmt == "tmx":
            return line + f"; the {self.pending} others are not in the memory"
        if self.choice is None:
            return line + f"; {self.pending} carry their review state (draft or translated)"
        if self.choice == "mark":
            kinds = [(self.translated, "translator's text"), (self.drafted, "machine draft"),
                     (self.untranslated, "source, nothing to write")]
            return line + f"; {self.pending} not approved, written marked: " + ", ".join(
                f"{count} {kind}" for count, kind in kinds if count)
        return line + f"; {self.pending} not approved, left in the source language, marked"


def summarise(store, doc_id: int, choice: str | None = None) -> ExportSummary:
    """The :class:`ExportSummary` of a stored document for an export with *choice*."""
    counts = {"approved": 0, "skipped": 0, "translated": 0, "drafted": 0, "untranslated": 0}
    rows = store.segments(doc_id)
    for row in rows:
        if row.status == "skip":
            counts["skipped"] += 1
        elif is_final(row):
            counts["approved"] += 1
        elif row.target.strip():
            counts["translated"] += 1
        elif row.draft.strip():
            counts["drafted"] += 1
        else:
            counts["untranslated"] += 1
    return ExportSummary(total=len(rows), choice=choice, **counts)


def refuse_unless_final(store, doc_id: int) -> None:
    """Raise :class:`~workbench.errors.UnreviewedSegmentsError` when any segment is not approved."""
    rows = store.segments(doc_id)
    pending = [row.position + 1 for row in rows if not is_final(row)]
    if pending:
        name = store.get_document(doc_id).name
        shown = ", ".join(map(str, pending[:10])) + (", …" if len(pending) > 10 else "")
        raise UnreviewedSegmentsError(
            f"{name}: {len(pending)} of {len(rows)} segments are not approved (segments {shown}); "
            "nothing was exported. Approve them, or export them left in the source language "
            "(--unreviewed source) or as drafts, marked (--unreviewed mark)",
            pending=len(pending), total=len(rows))
