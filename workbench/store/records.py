"""The store's records (a document, a segment, a history row, a comment, a memory entry) and the SQL
column lists they are read from; the statuses and languages the store accepts; the store's clock.

Kept apart from :class:`workbench.store.db.Store` so that every part of the store (documents, review,
memory) reads rows the same way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

from workbench.errors import StoreError
from workbench.languages import LANGUAGES

STATUSES = ("new", "draft", "translated", "approved", "skip")
"""Segment statuses: ``new`` (nothing yet), ``draft`` (a machine draft to review),
``translated`` (a translator's text), ``approved`` (final; goes to the translation
memory), ``skip`` (not for translation: the source is kept as it is)."""

LANGS = LANGUAGES
DB_ENV = "WORKBENCH_DB"
BUSY_TIMEOUT_MS = 5000


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


def _check_json(text: str) -> None:
    try:
        json.loads(text)
    except ValueError as err:
        raise StoreError(f"terms_json is not valid JSON: {err}") from err
