"""The review store: documents, segments, their history and the translation memory, in SQLite.

A document is imported once (segmented into sentences by
:mod:`workbench.segment`, its layout kept), then lives in the store while
machine drafts arrive and translators edit, approve or skip segments. Every
change is a history row; approved segments feed the translation memory that
later documents are matched against. Saves use optimistic locking (a segment
``version``), so two translators on the same file never overwrite each
other silently (:class:`ConflictError`).

Typical use::

    store = Store()                                   # $WORKBENCH_DB or ~/.local/share/workbench
    doc_id = store.create_document("release.txt", "ru", "zh", document.paragraphs, document.layout)
    row = store.segments(doc_id)[0]
    row = store.save_segment(row.id, "黑河市代表团…", "approved", row.version, user="li")
"""

from workbench.store.db import (
    STATUSES,
    ConflictError,
    DocumentInfo,
    HistoryRow,
    SegmentRow,
    Store,
    StoreError,
    TMEntry,
    TMMatch,
    CommentRow,
    default_db_path,
)
from workbench.store.schema import SCHEMA_VERSION, SchemaError, migrate

__all__ = [
    "STATUSES", "ConflictError", "DocumentInfo", "HistoryRow", "SegmentRow", "Store", "StoreError",
    "TMEntry", "TMMatch", "CommentRow", "default_db_path", "SCHEMA_VERSION", "SchemaError", "migrate",
]
