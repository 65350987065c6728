"""Machine drafts for a stored document: the pipeline's translation of each segment.

Drafts go through :meth:`Store.set_draft`, which never touches a
translator's target nor the segment version, so drafting can run while
translators work on the same document.
"""

from __future__ import annotations

import json
from typing import Callable

from workbench.errors import WorkbenchError


def draft_document(store, doc_id: int, pipeline, *, redraft: bool = False, batch_size: int = 16,
                   first_batch_size: int | None = None,
                   progress: Callable[[int], None] | None = None, results: list | None = None) -> int:
    """Draft the segments of a document that need one; returns how many were drafted.

    Args:
        store: a :class:`workbench.store.Store`.
        pipeline: a :class:`workbench.pipeline.Pipeline` for the document's direction.
        redraft: also replace existing drafts (default: only segments without one).
        first_batch_size: a smaller first batch, so that the first draft is
            stored (and a translator can start) as early as possible.
        progress: called with the number of segments drafted after each batch.
        results: where to append each drafted segment's ``SegmentResult`` (a batch run's report).

    Skipped segments and segments a translator has already translated or
    approved are left alone.

    Raises:
        WorkbenchError: the pipeline translates another direction.
    """
    info = store.get_document(doc_id)
    if (pipeline.source_lang, pipeline.target_lang) != (info.source_lang, info.target_lang):
        raise WorkbenchError(f"document {info.name!r} is {info.source_lang}→{info.target_lang}, the model "
                             f"translates {pipeline.source_lang}→{pipeline.target_lang}")
    pending = [row for row in store.segments(doc_id)
               if row.status in ("new", "draft") and (redraft or not row.draft)]
    done = 0
    first = min(first_batch_size or batch_size, batch_size)
    chunks = [pending[:first]] + [pending[i:i + batch_size] for i in range(first, len(pending), batch_size)]
    for chunk in filter(None, chunks):
        translated = pipeline.translate_sentences([row.source for row in chunk], batch_size=batch_size)
        if results is not None:
            results.extend(translated)
        for row, result in zip(chunk, translated):
            terms = json.dumps([t.to_json(info.target_lang) for t in result.terms], ensure_ascii=False)
            store.set_draft(row.id, result.output, terms)
        done += len(chunk)
        if progress:
            progress(len(chunk))
    return done
