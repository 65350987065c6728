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

import json
import os
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator, Sequence

from workbench.errors import DocumentError, WorkbenchError
from workbench.store.schema import migrate

STATUSES = ("new", "draft", "translated", "approved", "skip")
"""Segment statuses: ``new`` (nothing yet), ``draft`` (a machine draft to review),
``translated`` (a translator's text), ``approved`` (final; goes to the translation
memory), ``skip`` (not for translation: the source is kept as it is)."""

LANGS = ("ru", "zh")
DB_ENV = "WORKBENCH_DB"
BUSY_TIMEOUT_MS = 5000


class StoreError(WorkbenchError):
    """The database cannot be opened or written, or a request makes no sense."""


class ConflictError(StoreError):
    """A save was made from a stale version of the segment; nothing was written.

    Attributes:
        current: the segment as it is now in the database.
        attempted_target: the text that was not saved (to offer it back).
    """

    def __init__(self, current: SegmentRow, attempted_target: str):
        who = current.updated_by or "another user"
        super().__init__(
            f"segment {current.id} was changed meanwhile by {who} at {current.updated_at} "
            f"(version {current.version}); your edit was not saved"
        )
        self.current = current
        self.attempted_target = attempted_target


@dataclass
class DocumentInfo:
    """A document and how far along it is (segment counts per status; they do not overlap)."""

    id: int
    name: str
    source_lang: str
    target_lang: str
    created_at: str
    total: int = 0
    approved: int = 0
    translated: int = 0
    drafted: int = 0
    skipped: int = 0
    archived: bool = False


@dataclass
class SegmentRow:
    """One sentence of a document with its machine draft and its translation.

    Attributes:
        position: 0-based order in the document.
        paragraph, index: 0-based paragraph, and sentence within it.
        draft: the machine draft, or ``""``.
        target: the translator's text, or ``""``.
        version: starts at 1; every translator's change adds one.
        terms_json: JSON list of the draft's glossary term statuses
            (:meth:`workbench.pipeline.TermStatus.to_json`), ``"[]"`` if none.
        extra_json: JSON object: the segment's place in the file it was
            imported from (a PO entry and plural form, an XLIFF unit), kept
            by the bilingual formats to write that file back; ``"{}"`` if none.
    """

    id: int
    document_id: int
    position: int
    paragraph: int
    index: int
    source: str
    draft: str
    target: str
    status: str
    version: int
    updated_by: str
    updated_at: str
    terms_json: str = "[]"
    extra_json: str = "{}"

    @property
    def extra(self) -> dict:
        """:attr:`extra_json` as a dict."""
        return json.loads(self.extra_json or "{}")


@dataclass
class HistoryRow:
    """One change of a segment.

    ``target`` and ``status`` are the segment's after the change, except for
    ``action == "draft"``, where ``target`` is the new machine draft (the
    translator's text is untouched by drafts). ``action`` is one of
    ``import``, ``draft``, ``edit``, ``status``, ``revert``, ``return`` (sent back by a reviewer).
    """

    id: int
    segment_id: int
    version: int
    target: str
    status: str
    user: str
    at: str
    action: str


@dataclass
class CommentRow:
    """A comment on a segment, or a reviewer's question (``kind``), open until the segment is approved."""

    id: int
    segment_id: int
    user: str
    at: str
    text: str
    kind: str
    resolved: bool


@dataclass
class TMMatch:
    """A translation-memory hit: ``score`` 0–100, 100 only for an exact source."""

    source: str
    target: str
    score: float
    exact: bool
    origin: str


@dataclass(frozen=True)
class TMEntry:
    """One translation-memory entry, as a TMX file carries it (see :mod:`workbench.memory`).

    ``user`` and ``at`` keep who made the pair and when (a TMX unit's
    ``creationid``/``creationdate``), so an exported memory says what the
    imported one said; ``at`` is ``""`` when unknown (the import time is used).
    """

    source_lang: str
    target_lang: str
    source: str
    target: str
    origin: str = ""
    user: str = ""
    at: str = ""


def default_db_path() -> Path:
    """``$WORKBENCH_DB``, else ``$XDG_DATA_HOME/workbench/workbench.db`` (``~/.local/share/...``)."""
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV]).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "workbench" / "workbench.db"


def utc_now() -> str:
    """The current time, ISO 8601 in UTC to the second: ``2024-05-14T09:30:00Z``."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


_SEGMENT_COLUMNS = ("id, document_id, position, paragraph, idx, source, draft, target, status, "
                    "version, updated_by, updated_at, terms_json, extra_json")
_HISTORY_COLUMNS = "id, segment_id, version, target, status, user, at, action"
_COMMENT_COLUMNS = "id, segment_id, user, at, text, kind, resolved"
_DOCUMENT_QUERY = """
    SELECT d.id, d.name, d.source_lang, d.target_lang, d.created_at,
           COUNT(s.id),
           COALESCE(SUM(s.status = 'approved'), 0),
           COALESCE(SUM(s.status = 'translated'), 0),
           COALESCE(SUM(s.status = 'draft'), 0),
           COALESCE(SUM(s.status = 'skip'), 0),
           d.archived_at != ''
    FROM documents d LEFT JOIN segments s ON s.document_id = d.id
"""


def _check_status(status: str) -> None:
    if status not in STATUSES:
        raise StoreError(f"unknown status {status!r}: expected one of {', '.join(STATUSES)}")


def _check_lang(lang: str, what: str) -> None:
    if lang not in LANGS:
        raise StoreError(f"unsupported {what} language {lang!r}: expected 'ru' or 'zh'")


class Store:
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
        self._tm_cache: dict[tuple[str, str], tuple[tuple[int, int], _TMSnapshot]] = {}
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

    def create_document(self, name: str, source_lang: str, target_lang: str,
                        paragraphs: Sequence[Sequence[str]], layout: Sequence[str], user: str = "",
                        targets: Sequence[tuple[str, str] | None] | None = None, extra: dict | None = None,
                        segment_extras: Sequence[dict | None] | None = None) -> int:
        """Store a segmented document and return its id.

        Args:
            paragraphs: each paragraph's sentences (see :class:`workbench.segment.Document`).
            layout: the text around the paragraphs, ``len(paragraphs) + 1`` strings.
            user: who imported it.
            targets: for bilingual imports, one ``(text, status)`` or ``None``
                per segment in document order. A ``draft`` text becomes the
                machine draft, any other the translator's target; approved
                segments go to the translation memory.
            extra: what the file carries beyond its segments, kept to write
                it back (:meth:`document_extra`); JSON-serialisable.
            segment_extras: one dict (or ``None``) per segment in document
                order: its place in that file (:attr:`SegmentRow.extra`).

        Raises:
            DocumentError: the layout or the targets do not fit the paragraphs.
            StoreError: an unknown language or status.
        """
        _check_lang(source_lang, "source")
        _check_lang(target_lang, "target")
        if source_lang == target_lang:
            raise StoreError(f"source and target language are both {source_lang!r}")
        if len(layout) != len(paragraphs) + 1:
            raise DocumentError(f"{name}: layout has {len(layout)} parts for {len(paragraphs)} paragraphs; "
                                "expected one more than paragraphs")
        sentences = [(p, s, text) for p, paragraph in enumerate(paragraphs) for s, text in enumerate(paragraph)]
        if targets is not None and len(targets) != len(sentences):
            raise DocumentError(f"{name}: {len(targets)} translations for {len(sentences)} segments")
        for item in targets or ():
            if item is not None:
                _check_status(item[1])
        if segment_extras is not None and len(segment_extras) != len(sentences):
            raise DocumentError(f"{name}: {len(segment_extras)} segment records for {len(sentences)} segments")
        extra_json = json.dumps(extra or {}, ensure_ascii=False)
        now = utc_now()
        with self._write() as conn:
            doc_id = conn.execute(
                "INSERT INTO documents (name, source_lang, target_lang, layout, created_at, created_by, extra_json) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (name, source_lang, target_lang, json.dumps(list(layout), ensure_ascii=False), now, user,
                 extra_json),
            ).lastrowid
            for position, (p, s, source) in enumerate(sentences):
                text, status = (targets[position] if targets and targets[position] else ("", "new"))
                draft, target = (text, "") if status == "draft" else ("", text)
                segment_extra = segment_extras[position] if segment_extras else None
                seg_id = conn.execute(
                    "INSERT INTO segments (document_id, position, paragraph, idx, source, draft, target, "
                    "status, version, updated_by, updated_at, extra_json) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)",
                    (doc_id, position, p, s, source, draft, target, status, user, now,
                     json.dumps(segment_extra or {}, ensure_ascii=False)),
                ).lastrowid
                self._add_history(conn, seg_id, 1, text, status, user, now, "import")
                if status == "approved":
                    self._remember(conn, seg_id, source, target, source_lang, target_lang, name, user, now)
        return doc_id

    def list_documents(self, archived: bool | None = None) -> list[DocumentInfo]:
        """Every document, oldest first, with its counts (``archived``: only those, or only the others)."""
        where = "" if archived is None else (" WHERE d.archived_at != ''" if archived else " WHERE d.archived_at = ''")
        rows = self._conn().execute(_DOCUMENT_QUERY + where + " GROUP BY d.id ORDER BY d.id").fetchall()
        return [DocumentInfo(*row[:-1], archived=bool(row[-1])) for row in rows]

    def set_archived(self, doc_id: int, archived: bool = True) -> DocumentInfo:
        """Archive a document (it leaves the lists of the desk, keeping everything) or bring it back.

        Raises:
            DocumentError: no such document.
        """
        self.get_document(doc_id)
        with self._write() as conn:
            conn.execute("UPDATE documents SET archived_at = ? WHERE id = ?", (utc_now() if archived else "", doc_id))
        return self.get_document(doc_id)

    def delete_document(self, doc_id: int) -> int:
        """Delete a document with its segments and their history; returns how many segments went.

        The translation memory keeps the document's approved pairs (their link to the segment is
        cleared): what was approved stays reusable.

        Raises:
            DocumentError: no such document.
        """
        info = self.get_document(doc_id)
        with self._write() as conn:
            conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        return info.total

    def get_document(self, doc_id: int) -> DocumentInfo:
        """One document with its counts.

        Raises:
            DocumentError: no such document.
        """
        row = self._conn().execute(_DOCUMENT_QUERY + " WHERE d.id = ? GROUP BY d.id", (doc_id,)).fetchone()
        if row is None:
            raise DocumentError(f"document {doc_id} does not exist")
        return DocumentInfo(*row[:-1], archived=bool(row[-1]))

    def find_document(self, reference: int | str) -> DocumentInfo:
        """A document by id or by name (as the CLI takes it).

        Raises:
            DocumentError: none, or several documents have that name (their ids are listed).
        """
        text = str(reference).strip()
        if text.isdigit():
            try:
                return self.get_document(int(text))
            except DocumentError:
                pass
        ids = [r[0] for r in self._conn().execute("SELECT id FROM documents WHERE name = ? ORDER BY id", (text,))]
        if not ids:
            raise DocumentError(f"no document with id or name {text!r} (see `workbench documents`)")
        if len(ids) > 1:
            raise DocumentError(f"several documents are named {text!r} (ids {', '.join(map(str, ids))}); "
                                "give the id")
        return self.get_document(ids[0])

    def document_layout(self, doc_id: int) -> list[str]:
        """The stored layout (``len(paragraphs) + 1`` strings) of a document."""
        row = self._conn().execute("SELECT layout FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise DocumentError(f"document {doc_id} does not exist")
        return json.loads(row[0])

    def document_extra(self, doc_id: int) -> dict:
        """What the document's file carries beyond its segments (``{}`` if nothing was kept)."""
        row = self._conn().execute("SELECT extra_json FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise DocumentError(f"document {doc_id} does not exist")
        return json.loads(row[0] or "{}")

    def document_text(self, doc_id: int, which: str = "target",
                      text_of: Callable[[SegmentRow], str] | None = None) -> str:
        """The document rebuilt with its stored layout.

        ``which="target"``: each segment's target, else its draft, else its
        source (a ``skip`` segment always gives its source, as it is not for
        translation); joined as the target language. This is the working view
        of a document, not what may be published: the exports pass *text_of*
        (:func:`workbench.formats.unreviewed.export_text`), which writes only
        approved text as it stands. ``which="source"``: the original text.
        """
        if which not in ("target", "source"):
            raise StoreError(f"which must be 'target' or 'source', not {which!r}")
        from workbench.segment import join_document

        info = self.get_document(doc_id)
        layout = self.document_layout(doc_id)
        lang = info.source_lang if which == "source" else info.target_lang
        paragraphs = self.paragraph_texts(doc_id, which, text_of)
        return join_document([[p] for p in paragraphs], lang, layout=layout)

    def paragraph_texts(self, doc_id: int, which: str = "target",
                        text_of: Callable[[SegmentRow], str] | None = None) -> list[str]:
        """Each paragraph's text: its segments (as in :meth:`document_text`, or *text_of* each) joined
        by :func:`join_sentences`."""
        info = self.get_document(doc_id)
        layout = self.document_layout(doc_id)
        groups: list[list[str]] = [[] for _ in range(len(layout) - 1)]
        text_of = text_of or segment_text
        for row in self.segments(doc_id):
            groups[row.paragraph].append(row.source if which == "source" else text_of(row))
        lang = info.source_lang if which == "source" else info.target_lang
        return [join_sentences(group, lang) for group in groups]

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
            raise StoreError(f"segment {seg_id}: cannot mark an empty translation as {status}")
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

    def approved_pairs(self, source_lang: str, target_lang: str) -> list[tuple[str, str]]:
        """``(source, target)`` of every approved segment of a direction, oldest first (what
        ``workbench adapt`` learns from; imported memory pairs are not segments and are left out)."""
        _check_lang(source_lang, "source")
        _check_lang(target_lang, "target")
        rows = self._conn().execute(
            "SELECT s.source, s.target FROM segments s JOIN documents d ON d.id = s.document_id "
            "WHERE s.status = 'approved' AND d.source_lang = ? AND d.target_lang = ? ORDER BY s.id",
            (source_lang, target_lang)).fetchall()
        return [(source, target) for source, target in rows if source.strip() and target.strip()]

    # --- translation memory -------------------------------------------------

    @staticmethod
    def _remember(conn, seg_id, source, target, source_lang, target_lang, origin, user, at) -> None:
        # One entry per segment: re-approving a corrected segment replaces its entry.
        conn.execute("DELETE FROM tm WHERE segment_id = ?", (seg_id,))
        conn.execute("INSERT INTO tm (source_lang, target_lang, source, target, origin, user, at, segment_id) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     (source_lang, target_lang, source, target, origin, user, at, seg_id))

    def add_tm(self, pairs: Sequence[tuple[str, str]], source_lang: str, target_lang: str,
               origin: str = "", user: str = "") -> int:
        """Add external pairs (e.g. from a TMX file) to the memory; returns how many were new."""
        entries = [TMEntry(source_lang, target_lang, s, t, origin, user) for s, t in pairs]
        return sum(self.add_tm_entries(entries))

    def add_tm_entries(self, entries: Sequence[TMEntry]) -> list[bool]:
        """Add entries in one transaction (all or none); per entry, whether it was new.

        An entry is not new when the memory already has the same pair for its
        direction (from any origin, an approved segment included) or an earlier
        entry of *entries* had it; empty texts are never added. One
        transaction, so an import that fails half-way leaves the memory as it was.
        """
        for entry in entries:
            _check_lang(entry.source_lang, "source")
            _check_lang(entry.target_lang, "target")
        now, added = utc_now(), []
        with self._write() as conn:
            for e in entries:
                if not e.source.strip() or not e.target.strip():
                    added.append(False)
                    continue
                known = conn.execute("SELECT 1 FROM tm WHERE source_lang = ? AND target_lang = ? AND source = ? "
                                     "AND target = ?", (e.source_lang, e.target_lang, e.source, e.target)).fetchone()
                if known is None:
                    conn.execute("INSERT INTO tm (source_lang, target_lang, source, target, origin, user, at) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?)",
                                 (e.source_lang, e.target_lang, e.source, e.target, e.origin, e.user, e.at or now))
                added.append(known is None)
        return added

    def tm_all(self, source_lang: str | None = None, target_lang: str | None = None) -> list[TMEntry]:
        """Every memory entry (of one direction when given), oldest first: what a TMX export writes."""
        query, values = "SELECT source_lang, target_lang, source, target, origin, user, at FROM tm", []
        if source_lang and target_lang:
            query += " WHERE source_lang = ? AND target_lang = ?"
            values = [source_lang, target_lang]
        rows = self._conn().execute(query + " ORDER BY id", values).fetchall()
        return [TMEntry(*row) for row in rows]

    def tm_entries(self, source_lang: str, target_lang: str) -> list[tuple[str, str]]:
        """Every ``(source, target)`` of the memory for a direction, oldest first."""
        rows = self._conn().execute("SELECT source, target FROM tm WHERE source_lang = ? AND target_lang = ? "
                                    "ORDER BY id", (source_lang, target_lang)).fetchall()
        return [(s, t) for s, t in rows]

    def tm_lookup(self, source: str, source_lang: str, target_lang: str, limit: int = 5,
                  min_score: float = 70.0) -> list[TMMatch]:
        """Memory entries for *source*: exact ones first (score 100, newest first), then fuzzy ones.

        Exact means the same text up to whitespace. Fuzzy scores compare
        normalised texts (lower case, punctuation removed) with rapidfuzz
        (:func:`similarity`: Chinese by characters, Russian by words), capped
        at 99 so only an exact match scores 100.
        """
        snapshot = self._tm_snapshot(source_lang, target_lang)
        entries = snapshot.entries
        same = snapshot.by_plain.get(_plain(source), [])
        exact: list[TMMatch] = []
        seen: set[str] = set()
        for index in reversed(same):
            _, entry_source, target, origin = entries[index]
            if target not in seen:
                seen.add(target)
                exact.append(TMMatch(entry_source, target, 100.0, True, origin))
        if len(exact) >= limit:
            return exact[:limit]
        scores = fuzzy_scores(fuzzy_key(normalise(source), source_lang, snapshot.codes), snapshot.keys,
                              source_lang, min_score, snapshot.sorted_keys)
        excluded = set(same)
        fuzzy: dict[tuple[str, str], TMMatch] = {}
        for index in sorted(scores):
            _, entry_source, target, origin = entries[index]
            if index in excluded or target in seen:
                continue
            score = min(99.0, scores[index])
            key = (entry_source, target)
            if key not in fuzzy or fuzzy[key].score < score:
                fuzzy[key] = TMMatch(entry_source, target, round(score, 1), False, origin)
        ranked = sorted(fuzzy.values(), key=lambda m: -m.score)
        return (exact + ranked)[:limit]

    def tm_search(self, text: str, source_lang: str, target_lang: str, limit: int = 20) -> list[TMMatch]:
        """Concordance: memory entries whose source or translation contains *text* (any case), newest first.

        What a translator asks when a word has no fuzzy match: how was «Народный хурал» translated before?
        """
        needle = " ".join(text.split()).casefold()
        if not needle:
            return []
        found: list[TMMatch] = []
        for _, source, target, origin in reversed(self._tm_snapshot(source_lang, target_lang).entries):
            if needle in " ".join(source.split()).casefold() or needle in " ".join(target.split()).casefold():
                found.append(TMMatch(source, target, 0.0, False, origin))
                if len(found) == limit:
                    break
        return found

    def prepare_tm(self, source_lang: str, target_lang: str) -> None:
        """Build a direction's lookup keys now (about 1.5 s for 100,000 entries), so that the first
        lookup after a large import does not pay for them."""
        self._tm_snapshot(source_lang, target_lang)

    def _tm_snapshot(self, source_lang: str, target_lang: str) -> _TMSnapshot:
        """A direction's entries with their lookup keys, cached until the memory changes."""
        conn = self._conn()
        stamp = tuple(conn.execute("SELECT COALESCE(MAX(id), 0), COUNT(*) FROM tm WHERE source_lang = ? "
                                   "AND target_lang = ?", (source_lang, target_lang)).fetchone())
        cached = self._tm_cache.get((source_lang, target_lang))
        if cached and cached[0] == stamp:
            return cached[1]
        rows = conn.execute("SELECT id, source, target, origin FROM tm WHERE source_lang = ? AND target_lang = ? "
                            "ORDER BY id", (source_lang, target_lang)).fetchall()
        snapshot = _TMSnapshot(rows, source_lang)
        self._tm_cache[(source_lang, target_lang)] = (stamp, snapshot)
        return snapshot


class _TMSnapshot:
    """A direction of the memory prepared for lookups, built once per change of the memory.

    Attributes:
        entries: ``(id, source, target, origin)``, oldest first.
        by_plain: source up to whitespace → indices of *entries* (the exact matches).
        codes: Russian only: the words of the entries as characters (:class:`WordCodes`).
        keys: per entry, the text fuzzy scores compare (:func:`fuzzy_key`).
        sorted_keys: Russian only: the keys' words sorted (:func:`sorted_words`).

    Preparing these once, not per lookup, is what keeps a lookup in a
    100,000-entry memory (a TMX import) fast enough for the editor.
    """

    def __init__(self, rows: list[tuple[int, str, str, str]], lang: str):
        self.entries = rows
        self.by_plain: dict[str, list[int]] = {}
        for index, row in enumerate(rows):
            self.by_plain.setdefault(_plain(row[1]), []).append(index)
        self.codes = WordCodes() if lang != "zh" else None
        self.keys = [fuzzy_key(normalise(row[1]), lang, self.codes, grow=True) for row in rows]
        self.sorted_keys = [sorted_words(key) for key in self.keys] if lang != "zh" else None


def segment_text(row: SegmentRow) -> str:
    """What a segment contributes to the translated document (see :meth:`Store.document_text`)."""
    if row.status == "skip":
        return row.source
    return row.target or row.draft or row.source


def normalise(text: str) -> str:
    """Text for fuzzy matching: lower case, letters and digits only, single spaces.

    Like ``rapidfuzz.utils.default_process``, which keeps Han characters
    (they are alphanumeric) and drops punctuation of both scripts.
    """
    return " ".join("".join(c if c.isalnum() else " " for c in text.casefold()).split())


class WordCodes:
    """Russian words as single characters, one per distinct word.

    rapidfuzz's ``fuzz.ratio`` of two coded texts is then the ratio of their
    word sequences, computed in C over a 100,000-entry memory. Words, not
    letters: by letters, two unrelated sentences of one press release shared
    enough «-ского», «-ация» and «делегаци-» to score 79.1 (issue 23); by
    words they score 66.7 and stay under the 70 a match needs, while a
    sentence with one name changed of six words still scores 83.3.
    """

    FIRST = 0x10000  # above the Basic Multilingual Plane: a million codes, no surrogates

    def __init__(self):
        self._codes: dict[str, str] = {}

    def encode(self, words: list[str], grow: bool = True) -> str:
        """*words* as a string of codes; unknown words get new codes (kept only when *grow*)."""
        extra: dict[str, str] = {}
        coded = []
        for word in words:
            code = self._codes.get(word) or extra.get(word)
            if code is None:
                code = chr(self.FIRST + len(self._codes) + len(extra))
                (self._codes if grow else extra)[word] = code
            coded.append(code)
        return "".join(coded)


def fuzzy_key(normalised: str, lang: str, codes: WordCodes | None = None, *, grow: bool = False) -> str:
    """What fuzzy scores compare: Chinese without spaces (it has none), Russian words coded by *codes*.

    Keys compared with each other need the same *codes*; a memory's entries
    add their words (*grow*), a query does not change the memory's codes.
    """
    if lang == "zh":
        return normalised.replace(" ", "")
    if codes is None:
        codes, grow = WordCodes(), True
    return codes.encode(normalised.split(), grow)


def fuzzy_scores(query: str, candidates: list[str], lang: str, min_score: float,
                 sorted_candidates: list[str] | None = None) -> dict[int, float]:
    """:func:`similarity` of *query* to every candidate that reaches *min_score*, by index.

    *query* and *candidates* are :func:`fuzzy_key` texts; *sorted_candidates*
    their :func:`sorted_words` when already made (Russian only).

    The same scores, computed by rapidfuzz's ``process.extract`` in C rather
    than one Python call per entry: a memory imported from a TMX holds
    100,000 entries, and the editor looks one up per segment shown.
    """
    from rapidfuzz import fuzz, process

    def extract(scorer, choices, text) -> dict[int, float]:
        found = process.extract(text, choices, scorer=scorer, processor=None, score_cutoff=min_score, limit=None)
        return {index: score for _, score, index in found}

    scores = extract(fuzz.ratio, candidates, query)
    if lang == "zh":
        return scores
    # token_sort_ratio is the ratio of the texts with their words sorted: sort the query's once
    # (the candidates' are sorted once per snapshot, see sorted_words)
    for index, score in extract(fuzz.ratio, sorted_candidates or [sorted_words(c) for c in candidates],
                                sorted_words(query)).items():
        scores[index] = max(score, scores.get(index, 0.0))
    return scores


def sorted_words(key: str) -> str:
    """A Russian key's word codes sorted: ``fuzz.ratio`` of two such is the word-order-free score.

    Two sequences sorted by the same order have the common words as their
    longest common subsequence, so the order of the codes is as good as the
    alphabet's.
    """
    return "".join(sorted(key))


def similarity(query: str, candidate: str, lang: str) -> float:
    """0–100 similarity of two normalised texts.

    Chinese is compared character by character (``fuzz.ratio``, spaces
    removed: Chinese has none). Russian word by word: the better of the ratio
    of the word sequences and of the sorted ones (a changed word order is
    forgiven). Not ``token_set_ratio``: it scores 100 whenever one text's
    words are a subset of the other's, so a short memory entry would match
    every long sentence.
    """
    from rapidfuzz import fuzz

    if lang == "zh":
        return fuzz.ratio(query.replace(" ", ""), candidate.replace(" ", ""))
    words, other = query.split(), candidate.split()
    return max(fuzz.ratio(words, other), fuzz.ratio(sorted(words), sorted(other)))


def join_sentences(sentences: Sequence[str], lang: str) -> str:
    """Sentences of one paragraph as text: ``" "`` between them in Russian, ``""`` in Chinese.

    In a Chinese text, two neighbours that are not Chinese at the junction (an
    untranslated Russian sentence kept as a fallback, a Latin name) still get
    a space, so «Якутск.» and «Её…» do not run together.
    """
    parts = [s.strip() for s in sentences if s.strip()]
    if lang != "zh":
        return " ".join(parts)
    text = parts[0] if parts else ""
    for part in parts[1:]:
        text += (" " if _is_western(text[-1]) and _is_western(part[0]) else "") + part
    return text


def _is_western(char: str) -> bool:
    # Below U+2E80 (CJK Radicals Supplement) nothing is Chinese script or full-width punctuation.
    return ord(char) < 0x2E80


def _plain(text: str) -> str:
    return " ".join(text.split())


def _check_json(text: str) -> None:
    try:
        json.loads(text)
    except ValueError as err:
        raise StoreError(f"terms_json is not valid JSON: {err}") from err
