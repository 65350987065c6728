"""The SQLite store: documents, their segments, every change, and the translation memory.

One database file is shared by every translator of a press office. Each
segment carries a ``version`` counter for optimistic locking: a translator's
save names the version they started from (``base_version``), and a save made
from a stale version is refused with :class:`ConflictError` instead of
silently overwriting a colleague's work. Machine drafts are kept apart from
translators' text (``draft`` versus ``target``) and never bump the version,
so a background drafting job cannot clobber or invalidate a human edit.

Every write runs in one ``BEGIN IMMEDIATE`` transaction and is committed
before the method returns: when :meth:`Store.save_segment` returns, the edit
is on disk (WAL journal, ``synchronous=FULL``). ``BEGIN IMMEDIATE`` takes the
write lock before the version check, so two translators saving the same
segment at once are serialised and the second one sees the first's version.

Timestamps are ISO 8601 in UTC (``2024-05-14T09:30:00Z``).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from workbench.errors import ConflictError, DocumentError, EmptyTargetError, StoreError
from workbench.store.comments import ReviewMixin
from workbench.store.documents import DocumentsMixin, join_sentences, segment_text
from workbench.store.records import (
    _HISTORY_COLUMNS, _SEGMENT_COLUMNS, LANGS, STATUSES, CommentRow, DocumentInfo, HistoryRow, SegmentRow, TMEntry, TMMatch,
    _check_json, _check_status, utc_now,
)
from workbench.store.schema import migrate
from workbench.store.tm import (
    MemoryMixin, WordCodes, _TMSnapshot, fuzzy_key, fuzzy_scores, normalise, similarity, sorted_words,
)

DB_ENV = "WORKBENCH_DB"
BUSY_TIMEOUT_MS = 5000


def default_db_path() -> Path:
    """``$WORKBENCH_DB``, else ``$XDG_DATA_HOME/workbench/workbench.db`` (``~/.local/share/...``)."""
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV]).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "workbench" / "workbench.db"


class Store(DocumentsMixin, ReviewMixin, MemoryMixin):
    """The workbench database.

    Thread-safe: each thread gets its own connection (``threading.local``);
    SQLite's WAL mode lets readers go on while one writer commits. Two
    ``Store`` objects on the same file (two translators, two processes) see
    each other's committed work.

    Args:
        path: the database file (created with its folders); ``None`` means
            :func:`default_db_path`. ``":memory:"`` works for experiments
            in one thread only (each thread's connection would be a new,
            empty database).

    Raises:
        StoreError: the file cannot be created or is not a workbench database.
    """

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path is not None else default_db_path()
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._closed = False
        self._tm_cache: dict[tuple[str, str], tuple[tuple[int, int], _TMSnapshot]] = {}  # see MemoryMixin
        if str(self.path) != ":memory:":
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise StoreError(f"{self.path}: cannot create the folder: {err.strerror or err}") from err
        migrate(self._conn(), name=str(self.path))

    # --- connections --------------------------------------------------------

    def _conn(self) -> sqlite3.Connection:
        if self._closed:
            raise StoreError(f"{self.path}: the store is closed")
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._open()
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def _open(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False,
                                   timeout=BUSY_TIMEOUT_MS / 1000)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as err:
            raise StoreError(f"{self.path}: cannot open the database: {err}") from err
        return conn

    def close(self) -> None:
        """Close every thread's connection; the store cannot be used afterwards."""
        with self._lock:
            connections, self._connections = self._connections, []
            self._closed = True
        for conn in connections:
            conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed on success, rolled back on any exception."""
        conn = self._conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as err:
            raise StoreError(f"{self.path}: the database is busy, try again ({err})") from err
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as err:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StoreError(f"{self.path}: the change could not be saved: {err}") from err

    # --- documents ----------------------------------------------------------

    # --- segments -----------------------------------------------------------

    def segments(self, doc_id: int) -> list[SegmentRow]:
        """The segments of a document in order (an unknown document is a :class:`DocumentError`)."""
        conn = self._conn()
        rows = conn.execute(f"SELECT {_SEGMENT_COLUMNS} FROM segments WHERE document_id = ? ORDER BY position",
                            (doc_id,)).fetchall()
        if not rows and conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is None:
            raise DocumentError(f"document {doc_id} does not exist")
        return [SegmentRow(*row) for row in rows]

    def get_segment(self, seg_id: int) -> SegmentRow:
        """One segment as it is now.

        Raises:
            DocumentError: no such segment.
        """
        return self._segment(self._conn(), seg_id)

    @staticmethod
    def _segment(conn: sqlite3.Connection, seg_id: int) -> SegmentRow:
        row = conn.execute(f"SELECT {_SEGMENT_COLUMNS} FROM segments WHERE id = ?", (seg_id,)).fetchone()
        if row is None:
            raise DocumentError(f"segment {seg_id} does not exist")
        return SegmentRow(*row)

    def set_draft(self, seg_id: int, draft: str, terms_json: str = "[]") -> SegmentRow:
        """Store a machine draft and its term statuses.

        The status goes from ``new`` to ``draft``; any other status stays.
        Neither ``target`` nor ``version`` changes, so a background draft never
        overwrites a translator's text nor makes their open edit stale.
        """
        _check_json(terms_json)
        now = utc_now()
        with self._write() as conn:
            row = self._segment(conn, seg_id)
            status = "draft" if row.status == "new" else row.status
            conn.execute("UPDATE segments SET draft = ?, terms_json = ?, status = ? WHERE id = ?",
                         (draft, terms_json, status, seg_id))
            self._add_history(conn, seg_id, row.version, draft, status, "", now, "draft")
            return self._segment(conn, seg_id)

    def save_segment(self, seg_id: int, target: str, status: str, base_version: int, user: str) -> SegmentRow:
        """Save a translator's text and status, if nobody changed the segment since *base_version*.

        The version goes up by one and a history row is written; an
        ``approved`` segment enters the translation memory (and leaves it when
        it stops being approved). Committed before returning.

        Raises:
            ConflictError: *base_version* is not the current version (nothing is saved).
            StoreError: an unknown status, or ``translated``/``approved`` with an empty text.
        """
        _check_status(status)
        if status in ("translated", "approved") and not target.strip():
            raise EmptyTargetError(f"segment {seg_id}: cannot mark an empty translation as {status}")
        return self._change(seg_id, target, status, base_version, user, "edit")

    def set_status(self, seg_id: int, status: str, base_version: int, user: str) -> SegmentRow:
        """Change only the status (approve as is, mark "not for translation", reopen).

        Approving or marking translated a segment without a target takes its
        draft as the target. Same conflict rule as :meth:`save_segment`.

        Raises:
            ConflictError: *base_version* is stale.
            StoreError: an unknown status, or approving a segment with neither target nor draft.
        """
        _check_status(status)
        row = self.get_segment(seg_id)
        target = row.target
        if status in ("translated", "approved") and not target.strip():
            target = row.draft
            if not target.strip() and row.version == base_version:
                raise StoreError(f"segment {seg_id}: nothing to mark {status}: no translation and no draft")
        return self._change(seg_id, target, status, base_version, user, "status", expect=row)

    def revert(self, seg_id: int, history_id: int, base_version: int, user: str) -> SegmentRow:
        """Bring back the text and status of one history row (a new version, action ``revert``).

        Reverting to a ``draft`` row takes that machine draft as the target
        (with status ``draft``).
        """
        conn = self._conn()
        row = conn.execute(f"SELECT {_HISTORY_COLUMNS} FROM history WHERE id = ? AND segment_id = ?",
                           (history_id, seg_id)).fetchone()
        if row is None:
            raise DocumentError(f"segment {seg_id} has no history entry {history_id}")
        entry = HistoryRow(*row)
        return self._change(seg_id, entry.target, entry.status, base_version, user, "revert")

    def _change(self, seg_id: int, target: str, status: str, base_version: int, user: str, action: str,
                expect: SegmentRow | None = None) -> SegmentRow:
        now = utc_now()
        with self._write() as conn:
            row = self._segment(conn, seg_id)
            if row.version != base_version or (expect is not None and row.version != expect.version):
                raise ConflictError(row, target)
            version = row.version + 1
            conn.execute("UPDATE segments SET target = ?, status = ?, version = ?, updated_by = ?, updated_at = ? "
                         "WHERE id = ?", (target, status, version, user, now, seg_id))
            self._add_history(conn, seg_id, version, target, status, user, now, action)
            if status == "approved":  # approval answers the reviewer's questions
                conn.execute("UPDATE comments SET resolved = 1 WHERE segment_id = ? AND kind = 'question'",
                             (seg_id,))
                name, source_lang, target_lang = conn.execute(
                    "SELECT name, source_lang, target_lang FROM documents WHERE id = ?", (row.document_id,)
                ).fetchone()
                self._remember(conn, seg_id, row.source, target, source_lang, target_lang, name, user, now)
            elif row.status == "approved":
                conn.execute("DELETE FROM tm WHERE segment_id = ?", (seg_id,))
            return self._segment(conn, seg_id)

    # --- review: comments and questions ----------------------------------------

    # --- translation memory -------------------------------------------------




__all__ = [
    "LANGS", "STATUSES", "CommentRow", "ConflictError", "DocumentInfo", "EmptyTargetError", "HistoryRow",
    "SegmentRow", "Store", "StoreError", "TMEntry", "TMMatch", "WordCodes", "default_db_path", "fuzzy_key",
    "fuzzy_scores", "join_sentences", "normalise", "segment_text", "similarity", "sorted_words", "utc_now",
]
