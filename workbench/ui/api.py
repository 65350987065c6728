"""The workbench's HTTP API: the screens' operations on plain JSON, for ``gradio_client`` scripts.

Each function becomes an endpoint named after it (``/import_text``, ``/save_segment`` …) through
``gr.api``; its type hints are the API's schema and its docstring the API page's description. The
logged-in user (``--auth``) is taken from the request, as in the browser.
"""

from __future__ import annotations

import time

import gradio as gr

from workbench.errors import WorkbenchError
from workbench.ui.desk import grid_rows
from workbench.ui.drafting import count_undrafted
from workbench.ui.importing import import_into
from workbench.ui.notices import api_error
from workbench.ui.review import segment_json
from workbench.ui.users import role_of, user_of


def _user(request) -> str:
    return user_of(request)


def _role(wb, request) -> str | None:
    return role_of(wb, request)


def api_endpoints(wb) -> None:
    """The HTTP API (``gradio_client``): the same operations as the screens, on plain JSON."""
    for function in _document_endpoints(wb) + _segment_endpoints(wb) + _review_endpoints(wb):
        gr.api(function, api_name=function.__name__)


def _document_endpoints(wb) -> list:
    """Importing a text, following a document's drafting, archiving and deleting documents."""

    def import_text(text: str, name: str = "", direction: str = "auto", request: gr.Request = None) -> dict:
        """Import a pasted text; drafting starts in the background. Returns the document's id and size."""
        try:
            done = import_into(wb.store, text=text, name=name, direction=direction, user=_user(request),
                               max_bytes=wb.max_bytes)
        except WorkbenchError as err:
            raise api_error(err) from None
        wb.drafting.start(done.doc_id)
        return {"doc_id": done.doc_id, "name": done.name, "segments": done.count,
                "source_lang": done.source_lang, "target_lang": done.target_lang}

    def progress(doc_id: int) -> dict:
        """A document's counts and its drafting state."""
        info = wb.store.get_document(int(doc_id))
        job = wb.drafting.job(int(doc_id))
        return {"total": info.total, "approved": info.approved, "translated": info.translated,
                "drafted": info.total - count_undrafted(wb.store, int(doc_id)), "skipped": info.skipped,
                "drafting": job.state if job else "idle", "error": job.error if job else ""}

    def segments(doc_id: int, status: str = "all", query: str = "") -> list:
        """The segments of a document (id, source, draft, target, status, version …); *status* one of
        all, todo, new, draft, translated, approved, skip; *query* searches the source, translation and draft."""
        return [segment_json(r) for r in grid_rows(wb.store.segments(int(doc_id)), status, query)]

    def archive_document(doc_id: int, archived: bool = True) -> dict:
        """Archive a document (out of the lists, kept whole) or, with ``archived=false``, restore it."""
        try:
            info = wb.store.set_archived(int(doc_id), bool(archived))
        except WorkbenchError as err:
            raise api_error(err) from None
        return {"doc_id": info.id, "archived": info.archived}

    def delete_document(doc_id: int) -> dict:
        """Delete a document, its segments and their history (approved pairs stay in the memory)."""
        try:
            count = wb.store.delete_document(int(doc_id))
        except WorkbenchError as err:
            raise api_error(err) from None
        return {"doc_id": int(doc_id), "deleted_segments": count}

    return [import_text, progress, segments, archive_document, delete_document]


def _segment_endpoints(wb) -> list:
    """A segment's translation: saving it, re-translating, the memory and the history."""

    def save_segment(seg_id: int, target: str, status: str, base_version: int, request: gr.Request = None) -> dict:
        """Save from *base_version*: ``{"saved": true, "segment"}`` or ``{"saved": false, "conflict"}``."""
        try:
            outcome = wb.review.save(int(seg_id), target, status, int(base_version), _user(request),
                                     _role(wb, request))
        except WorkbenchError as err:
            raise api_error(err) from None
        return outcome.to_json()

    def alternatives(seg_id: int, n: int = 3) -> dict:
        """Re-translate a segment: up to *n* alternatives, glossary-enforced first, and the handler's time."""
        started = time.perf_counter()
        try:
            found = wb.review.alternatives(wb.store.get_segment(int(seg_id)), int(n))
        except WorkbenchError as err:
            raise api_error(err) from None
        return {"alternatives": found, "seconds": time.perf_counter() - started}

    def tm_matches(seg_id: int) -> list:
        """Translation-memory matches of a segment (exact first, then fuzzy with scores)."""
        return wb.review.tm(wb.store.get_segment(int(seg_id)))

    def tm_search(doc_id: int, text: str) -> list:
        """Concordance: memory entries of the document's direction whose source or translation has *text*."""
        return wb.review.concordance(int(doc_id), text)

    def history(seg_id: int) -> list:
        """A segment's changes, newest first (with the user of each)."""
        return wb.review.history(int(seg_id))

    return [save_segment, alternatives, tm_matches, tm_search, history]


def _review_endpoints(wb) -> list:
    """Comments and a reviewer's questions."""

    def comments(seg_id: int) -> list:
        """A segment's comments and a reviewer's questions (kind, resolved), oldest first."""
        return wb.review.comments(int(seg_id))

    def add_comment(seg_id: int, text: str, request: gr.Request = None) -> dict:
        """Comment on a segment (anyone)."""
        try:
            return wb.review.comment(int(seg_id), text, _user(request))
        except WorkbenchError as err:
            raise api_error(err) from None

    def send_back(seg_id: int, question: str, base_version: int, request: gr.Request = None) -> dict:
        """A reviewer sends a segment back with a question: ``{"saved": true, "segment"}`` or the conflict."""
        try:
            outcome = wb.review.send_back(int(seg_id), question, int(base_version), _user(request), _role(wb, request))
        except WorkbenchError as err:
            raise api_error(err) from None
        return outcome.to_json()

    return [comments, add_comment, send_back]
