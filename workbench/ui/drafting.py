"""Background machine drafts: one worker thread per document, a few segments at a time.

A translator should not wait for a whole document to be drafted: the worker
translates :data:`CHUNK_SIZE` segments, stores each draft with
:meth:`workbench.store.Store.set_draft` (which never touches a translator's
text or the segment version) and goes on, so the first segments can be
reviewed seconds after the import while the rest are still drafting.

Models and glossaries are expensive to load, so :class:`Pipelines` loads one
:class:`~workbench.pipeline.Pipeline` per direction, once, and shares it.
A pipeline is not meant to be used from two threads at once (the model and
the matchers keep caches), so every use goes through its lock; workers take
it per chunk, which keeps an interactive "re-translate" waiting at most one
chunk.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Callable

from workbench.errors import WorkbenchError

CHUNK_SIZE = 4
"""Segments per pipeline call: small, so the first drafts appear at once and locks are held briefly."""

TranslatorFactory = Callable[[str, str], object]
"""``factory(source_lang, target_lang)`` → a :class:`workbench.engine.base.Translator`."""


class Pipelines:
    """One pipeline per direction, loaded on first use and shared by every thread.

    Args:
        model: ``--model`` (a path, a hub id, a pivot chain), or ``None`` for the shipped model.
        glossary_paths: term files or folders (default: :func:`default_glossary_paths`).
        translator_factory: builds the engine for a direction; default
            :func:`workbench.models.load_translator` with *model*. Tests pass a fast fake.
    """

    def __init__(self, model: str | None = None, glossary_paths=None,
                 translator_factory: TranslatorFactory | None = None):
        self.model = model
        self.glossary_paths = glossary_paths
        self.translator_factory = translator_factory or self._load_translator
        self._glossary = None
        self._pipelines: dict[tuple[str, str], object] = {}
        self._locks: dict[tuple[str, str], threading.Lock] = {}
        self._guard = threading.Lock()
        self._loading: dict[tuple[str, str], threading.Lock] = {}

    def _load_translator(self, source_lang: str, target_lang: str):
        from workbench.models import load_translator

        return load_translator(self.model, source_lang, target_lang)

    def glossary(self):
        """The glossary (loaded once; a broken glossary is a :class:`GlossaryError`)."""
        with self._guard:
            if self._glossary is None:
                from workbench.glossary.loader import default_glossary_paths, load_glossaries

                paths = self.glossary_paths if self.glossary_paths is not None else default_glossary_paths()
                self._glossary = load_glossaries(paths)
            return self._glossary

    def get(self, source_lang: str, target_lang: str):
        """``(pipeline, lock)`` for a direction; the first call loads the model (seconds)."""
        key = (source_lang, target_lang)
        with self._guard:
            loading = self._loading.setdefault(key, threading.Lock())
        with loading:  # one load per direction, even if two documents start together
            if key not in self._pipelines:
                from workbench.pipeline import Pipeline

                glossary = self.glossary()
                translator = self.translator_factory(source_lang, target_lang)
                self._pipelines[key] = Pipeline(translator, glossary)
                self._locks[key] = threading.Lock()
        return self._pipelines[key], self._locks[key]

    def loaded(self, source_lang: str, target_lang: str) -> bool:
        return (source_lang, target_lang) in self._pipelines


class _LockedPipeline:
    """A pipeline whose every ``translate_sentences`` call holds the direction's lock."""

    def __init__(self, pipeline, lock: threading.Lock, stop: threading.Event):
        self._pipeline, self._lock, self._stop = pipeline, lock, stop
        self.source_lang, self.target_lang = pipeline.source_lang, pipeline.target_lang

    def translate_sentences(self, sentences, **options):
        if self._stop.is_set():
            raise _Stopped()
        with self._lock:
            return self._pipeline.translate_sentences(sentences, **options)


class _Stopped(Exception):
    pass


@dataclass
class DraftJob:
    """The drafting of one document.

    Attributes:
        state: ``loading`` (model and glossary), ``running``, ``done`` or ``failed``.
        done, total: segments drafted so far, and segments that needed a draft.
        error: the message when ``failed``.
    """

    doc_id: int
    state: str = "loading"
    done: int = 0
    total: int = 0
    error: str = ""
    thread: threading.Thread | None = None

    @property
    def active(self) -> bool:
        return self.state in ("loading", "running")


class DraftingManager:
    """Starts and tracks one drafting thread per document.

    Args:
        store: the :class:`workbench.store.Store` (thread-safe).
        pipelines: the shared :class:`Pipelines`.
        chunk_size: segments per pipeline call.
    """

    def __init__(self, store, pipelines: Pipelines, chunk_size: int = CHUNK_SIZE):
        self.store = store
        self.pipelines = pipelines
        self.chunk_size = chunk_size
        self._jobs: dict[int, DraftJob] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()

    def start(self, doc_id: int, *, redraft: bool = False) -> DraftJob:
        """Draft the segments of *doc_id* that have none, in a background thread (no-op if one runs)."""
        with self._lock:
            job = self._jobs.get(doc_id)
            if job is not None and job.active:
                return job
            job = DraftJob(doc_id)
            job.total = sum(1 for row in self.store.segments(doc_id)
                            if row.status in ("new", "draft") and (redraft or not row.draft))
            if job.total == 0:
                job.state = "done"
                self._jobs[doc_id] = job
                return job
            job.thread = threading.Thread(target=self._run, args=(job, redraft), daemon=True,
                                          name=f"drafting-{doc_id}")
            self._jobs[doc_id] = job
        job.thread.start()
        return job

    def job(self, doc_id: int) -> DraftJob | None:
        """The latest drafting job of a document, if any was started since the app started."""
        return self._jobs.get(doc_id)

    def wait(self, doc_id: int, timeout: float | None = None) -> DraftJob | None:
        """Wait for a document's drafting to end (for tests and benchmarks)."""
        job = self._jobs.get(doc_id)
        if job is not None and job.thread is not None:
            job.thread.join(timeout)
        return job

    def stop(self) -> None:
        """Ask every worker to stop after its current chunk."""
        self._stop.set()

    def _run(self, job: DraftJob, redraft: bool) -> None:
        from workbench.store.drafts import draft_document

        def progress(count: int) -> None:
            job.done += count

        try:
            info = self.store.get_document(job.doc_id)
            pipeline, lock = self.pipelines.get(info.source_lang, info.target_lang)
            job.state = "running"
            locked = _LockedPipeline(pipeline, lock, self._stop)
            draft_document(self.store, job.doc_id, locked, redraft=redraft, batch_size=self.chunk_size,
                           progress=progress)
            job.state = "done"
        except _Stopped:
            job.state, job.error = "failed", "stopped"
        except WorkbenchError as err:
            job.state, job.error = "failed", str(err)
        except Exception as err:  # noqa: BLE001 — a worker must report, not die silently
            job.state, job.error = "failed", f"{type(err).__name__}: {err}"
