"""The store's schema and its migrations.

The schema version lives in SQLite's own header field ``PRAGMA user_version``
(0 for a new, empty file). :data:`MIGRATIONS` is an append-only list of SQL
scripts: script ``i`` takes a database from version ``i`` to ``i + 1``. A
released script is never edited — a change is a new script at the end — so a
database written by any older workbench can be brought up to date, and
:func:`migrate` refuses a database written by a newer one instead of guessing.

History of the versions:

1. documents, segments (one row per sentence, with a ``version`` counter for
   optimistic locking), history and the translation memory.
2. ``segments.terms_json`` (the machine draft's glossary term statuses), the
   translation memory's link to the segment it came from, and lookup indexes.
3. ``documents.extra_json`` and ``segments.extra_json``: what a bilingual file
   carries that the workbench does not use (a PO catalogue's header, comments,
   flags and plural forms; an XLIFF file's tree) and each segment's place in
   it, so that an export writes the file back as it came (JSON objects,
   ``'{}'`` for documents that have none: every older document).
4. ``documents.archived_at``: when a document was archived (``''``: it is not);
   archived documents leave the desk's lists but keep everything.
5. ``comments``: a segment's comments and a reviewer's questions (a question
   is open until the segment is approved).
"""

from __future__ import annotations

import sqlite3

from workbench.errors import SchemaError


_V1 = """
CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    layout      TEXT NOT NULL DEFAULT '[]',
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL DEFAULT ''
);
CREATE TABLE segments (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    paragraph   INTEGER NOT NULL,
    idx         INTEGER NOT NULL,
    source      TEXT NOT NULL,
    draft       TEXT NOT NULL DEFAULT '',
    target      TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'new'
                CHECK (status IN ('new', 'draft', 'translated', 'approved', 'skip')),
    version     INTEGER NOT NULL DEFAULT 1,
    updated_by  TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL,
    UNIQUE (document_id, position)
);
CREATE TABLE history (
    id         INTEGER PRIMARY KEY,
    segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
    version    INTEGER NOT NULL,
    target     TEXT NOT NULL,
    status     TEXT NOT NULL,
    user       TEXT NOT NULL DEFAULT '',
    at         TEXT NOT NULL,
    action     TEXT NOT NULL
);
CREATE TABLE tm (
    id          INTEGER PRIMARY KEY,
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    source      TEXT NOT NULL,
    target      TEXT NOT NULL,
    origin      TEXT NOT NULL DEFAULT '',
    user        TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL
);
"""

_V2 = """
ALTER TABLE segments ADD COLUMN terms_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE tm ADD COLUMN segment_id INTEGER REFERENCES segments(id) ON DELETE SET NULL;
CREATE UNIQUE INDEX tm_segment ON tm (segment_id) WHERE segment_id IS NOT NULL;
CREATE INDEX tm_pair_source ON tm (source_lang, target_lang, source);
CREATE INDEX history_segment ON history (segment_id, id);
CREATE INDEX segments_document ON segments (document_id, position);
"""

_V3 = """
ALTER TABLE documents ADD COLUMN extra_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE segments ADD COLUMN extra_json TEXT NOT NULL DEFAULT '{}';
"""

_V4 = """
ALTER TABLE documents ADD COLUMN archived_at TEXT NOT NULL DEFAULT '';
"""

_V5 = """
CREATE TABLE comments (
    id         INTEGER PRIMARY KEY,
    segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
    user       TEXT NOT NULL DEFAULT '',
    at         TEXT NOT NULL,
    text       TEXT NOT NULL,
    kind       TEXT NOT NULL DEFAULT 'comment' CHECK (kind IN ('comment', 'question')),
    resolved   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX comments_segment ON comments (segment_id, id);
"""

MIGRATIONS: list[str] = [_V1, _V2, _V3, _V4, _V5]
"""SQL scripts; ``MIGRATIONS[i]`` upgrades schema version ``i`` to ``i + 1``. Append only."""

SCHEMA_VERSION = len(MIGRATIONS)
"""The version this workbench writes."""

def statements(script: str) -> list[str]:
    """The SQL statements of *script*, each complete (``sqlite3.complete_statement``)."""
    found, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            found.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        found.append(buffer.strip())
    return found

def schema_version(conn: sqlite3.Connection) -> int:
    """The database's ``PRAGMA user_version``."""
    return conn.execute("PRAGMA user_version").fetchone()[0]

def migrate(conn: sqlite3.Connection, migrations: list[str] | None = None, *, name: str = "database") -> int:
    """Apply the missing migrations in one transaction and return the new version.

    ``executescript`` would commit before running, so statements are run one
    by one inside ``BEGIN IMMEDIATE`` (which also makes two processes opening
    a fresh file at once migrate it once). ``PRAGMA user_version`` is part of
    the transaction: a failure leaves the database at its old version, whole.

    Args:
        conn: a connection in autocommit mode (``isolation_level=None``).
        migrations: the scripts (default :data:`MIGRATIONS`; tests pass a prefix
            to build an old database).
        name: the database's name for messages.

    Raises:
        SchemaError: the database is newer than *migrations*, or a script fails.
    """
    migrations = MIGRATIONS if migrations is None else migrations
    target = len(migrations)
    if schema_version(conn) == target:
        return target
    conn.execute("BEGIN IMMEDIATE")
    current = -1
    try:
        current = schema_version(conn)
        if current > target:
            raise SchemaError(
                f"{name}: schema version {current} is newer than this workbench knows ({target}); "
                "upgrade the workbench"
            )
        for version in range(current, target):
            for statement in statements(migrations[version]):
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {int(target)}")
    except sqlite3.Error as err:
        conn.execute("ROLLBACK")
        raise SchemaError(f"{name}: cannot migrate the schema from version {current}: {err}") from err
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return target
