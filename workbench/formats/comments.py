"""The review's comments and questions as bilingual exports write them (XLIFF notes, PO translator comments).

A comment travels with its segment so that an agency or a colleague in another tool sees what the
translators and reviewers said about it: who said it, when, and whether a reviewer's question is still
open (it is answered when the segment is approved). The texts of the labels are English, as the other
notes in our files are: a file is read by tools and people in any interface language.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReviewNote:
    """One comment or question, ready to be written: ``author``, ``text`` (labelled), ``question``."""

    author: str
    text: str
    question: bool


def review_notes(store, doc_id: int) -> dict[int, list[ReviewNote]]:
    """A document's comments and questions by segment id, oldest first."""
    return {seg_id: [_note(c) for c in comments] for seg_id, comments in store.document_comments(doc_id).items()}


def _note(comment) -> ReviewNote:
    return ReviewNote(comment.user, labelled(comment, with_time=True), comment.kind == "question")


def labelled(comment, with_time: bool) -> str:
    """``Comment (2026-12-05 09:12 UTC): …``, ``Question (open, …): …``; without the time (a format that
    has a date of its own) a comment is its text alone."""
    when = comment.at.replace("T", " ")[:16] + " UTC"
    if comment.kind == "question":
        state = "answered" if comment.resolved else "open"
        return f"Question ({state}, {when}): {comment.text}" if with_time else f"Question ({state}): {comment.text}"
    return f"Comment ({when}): {comment.text}" if with_time else comment.text


def comment_lines(notes: list[ReviewNote]) -> list[str]:
    """The notes as lines of a PO translator comment: the author first (PO comments have no author field)."""
    return [f"{note.author} — {line}" if number == 0 else f"  {line}"
            for note in notes for number, line in enumerate(note.text.splitlines() or [""])]


__all__ = ["ReviewNote", "comment_lines", "labelled", "review_notes"]
