"""The review's record in the store: comments, a reviewer's questions (sending a segment back) and every
segment's history (:class:`ReviewMixin` of :class:`workbench.store.db.Store`)."""

from __future__ import annotations

from workbench.errors import ConflictError, StoreError
from workbench.store.records import _COMMENT_COLUMNS, _HISTORY_COLUMNS, CommentRow, HistoryRow, SegmentRow, utc_now


class ReviewMixin:
    """The comment, question and history methods of :class:`~workbench.store.db.Store`."""

    def add_comment(self, seg_id: int, user: str, text: str) -> CommentRow:
        """Add a comment to a segment (the segment itself is not changed).

        Raises:
            StoreError: an empty comment. DocumentError: no such segment.
        """
        if not (text or "").strip():
            raise StoreError("a comment needs a text")
        self.get_segment(seg_id)
        with self._write() as conn:
            comment_id = conn.execute("INSERT INTO comments (segment_id, user, at, text, kind) VALUES (?, ?, ?, ?, ?)",
                                      (seg_id, user, utc_now(), text.strip(), "comment")).lastrowid
        return self.comment(comment_id)

    def send_back(self, seg_id: int, question: str, base_version: int, user: str) -> SegmentRow:
        """A reviewer sends a segment back to translation with a question, in one transaction: the
        segment becomes ``translated`` again (``draft`` or ``new`` without a translator's text) and the
        question stays open until the segment is approved.

        Raises:
            ConflictError: *base_version* is stale. StoreError: no question.
        """
        if not (question or "").strip():
            raise StoreError("sending a segment back needs a question")
        now = utc_now()
        with self._write() as conn:
            current = self._segment(conn, seg_id)
            if current.version != base_version:
                raise ConflictError(current, current.target)
            status = "translated" if current.target.strip() else ("draft" if current.draft else "new")
            version = current.version + 1
            conn.execute("UPDATE segments SET status = ?, version = ?, updated_by = ?, updated_at = ? WHERE id = ?",
                         (status, version, user, now, seg_id))
            self._add_history(conn, seg_id, version, current.target, status, user, now, "return")
            if current.status == "approved":
                conn.execute("DELETE FROM tm WHERE segment_id = ?", (seg_id,))
            conn.execute("INSERT INTO comments (segment_id, user, at, text, kind) VALUES (?, ?, ?, ?, 'question')",
                         (seg_id, user, now, question.strip()))
            return self._segment(conn, seg_id)

    def comment(self, comment_id: int) -> CommentRow:
        row = self._conn().execute(f"SELECT {_COMMENT_COLUMNS} FROM comments WHERE id = ?", (comment_id,)).fetchone()
        return CommentRow(*row[:-1], resolved=bool(row[-1]))

    def comments(self, seg_id: int) -> list[CommentRow]:
        """A segment's comments and questions, oldest first."""
        rows = self._conn().execute(f"SELECT {_COMMENT_COLUMNS} FROM comments WHERE segment_id = ? ORDER BY id",
                                    (seg_id,)).fetchall()
        return [CommentRow(*row[:-1], resolved=bool(row[-1])) for row in rows]

    def document_comments(self, doc_id: int) -> dict[int, list[CommentRow]]:
        """Every comment and question of a document's segments, by segment id, oldest first (for exports)."""
        rows = self._conn().execute(
            f"SELECT {', '.join('c.' + c for c in _COMMENT_COLUMNS.split(', '))} FROM comments c "
            "JOIN segments s ON s.id = c.segment_id WHERE s.document_id = ? ORDER BY c.id", (doc_id,)).fetchall()
        found: dict[int, list[CommentRow]] = {}
        for row in rows:
            found.setdefault(row[1], []).append(CommentRow(*row[:-1], resolved=bool(row[-1])))
        return found

    def open_questions(self, doc_id: int) -> set[int]:
        """Ids of a document's segments with a question not yet answered by an approval."""
        rows = self._conn().execute(
            "SELECT DISTINCT c.segment_id FROM comments c JOIN segments s ON s.id = c.segment_id "
            "WHERE s.document_id = ? AND c.kind = 'question' AND NOT c.resolved", (doc_id,)).fetchall()
        return {row[0] for row in rows}

    def history(self, seg_id: int) -> list[HistoryRow]:
        """Every change of a segment, oldest first."""
        self.get_segment(seg_id)
        rows = self._conn().execute(f"SELECT {_HISTORY_COLUMNS} FROM history WHERE segment_id = ? ORDER BY id",
                                    (seg_id,)).fetchall()
        return [HistoryRow(*row) for row in rows]

    @staticmethod
    def _add_history(conn, seg_id, version, target, status, user, at, action) -> None:
        conn.execute("INSERT INTO history (segment_id, version, target, status, user, at, action) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)", (seg_id, version, target, status, user, at, action))
