"""Background machine drafts: one worker thread per document, a few segments at a time.

A translator should not wait for a whole document to be drafted: the worker
translates :data:`CHUNK_SIZE` segments, stores each draft with
:meth:`workbench.store.Store.set_draft` (which never touches a translator's
text or the segment version) and goes on, so the first segments can be
reviewed seconds after the import while the rest are still drafting.

Models and glossaries are expensive to load, so :class:`Pipelines` loads one
:class:`~workbench.pipeline.Pipeline` per direction, once, and shares it.
The glossary files may be edited while the app runs (the glossary tab, or by
hand): before each chunk and each re-translation the files' stamps
(:func:`workbench.glossary.edit.file_stamp`) are compared with those of the
loaded glossary, and when they differ the glossary is read again and each
direction's pipeline rebuilt around the same, already loaded, model.
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
from workbench.glossary.check import find_term_files
from workbench.glossary.edit import file_stamp
from workbench.glossary.loader import default_glossary_paths, load_glossaries
from workbench.models import default_model
from workbench.pipeline import Pipeline
from workbench.store.drafts import draft_document

CHUNK_SIZE = 4
"""Segments per pipeline call: small, so the first drafts appear at once and locks are held briefly."""

TranslatorFactory = Callable[[str, str], object]
"""``factory(source_lang, target_lang)`` → a :class:`workbench.engine.base.Translator`."""


def count_undrafted(store, doc_id: int) -> int:
    """Segments of a document still waiting for a machine draft (skipped ones are not waiting)."""
    return sum(1 for r in store.segments(doc_id) if r.status == "new" and not r.draft)


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
        self._glossary_stamps: tuple = ()
        self._pipelines: dict[tuple[str, str], object] = {}
        self._locks: dict[tuple[str, str], threading.Lock] = {}
        self._built_with: dict[tuple[str, str], object] = {}  # the glossary each pipeline was built over
        self._guard = threading.Lock()
        self._loading: dict[tuple[str, str], threading.Lock] = {}
        self._overrides: dict[tuple[str, str], str] = {}  # an adapted version chosen while the app runs

    def _load_translator(self, source_lang: str, target_lang: str):
        from workbench.models import load_translator  # looked up when called: tests put a fake engine there

        return load_translator(self._overrides.get((source_lang, target_lang)) or self.model,
                               source_lang, target_lang)

    def model_for(self, source_lang: str, target_lang: str) -> str:
        """The model a direction drafts with: an adapted version chosen here, ``model``, else the default."""
        chosen = self._overrides.get((source_lang, target_lang)) or self.model
        if chosen:
            return chosen

        return default_model(source_lang, target_lang)

    def use_model(self, source_lang: str, target_lang: str, model: str | None) -> None:
        """Draft this direction with *model* from now on (``None``: back to ``model``/the default).

        The direction's pipeline is dropped, so the next draft or re-translation loads the
        new model; a chunk already running finishes with the old one.
        """
        key = (source_lang, target_lang)
        with self._guard:
            loading = self._loading.setdefault(key, threading.Lock())
        with loading:
            if model:
                self._overrides[key] = model
            else:
                self._overrides.pop(key, None)
            self._pipelines.pop(key, None)
            self._built_with.pop(key, None)

    def paths(self) -> list:
        """The glossary files and folders in use (``glossary_paths``, else the default ones)."""
        return list(self.glossary_paths) if self.glossary_paths is not None else default_glossary_paths()

    def _stamps(self, paths) -> tuple:
        """``(file, stamp)`` of every term file now: a file edited, added or removed changes it."""
        files, _problems = find_term_files(paths)
        return tuple((str(path), file_stamp(path)) for path in files)

    def glossary(self):
        """The glossary, read again when its files changed on disk (a broken glossary is a
        :class:`GlossaryError`, and the last good one is not used in its place)."""
        with self._guard:
            paths = self.paths()
            stamps = self._stamps(paths)  # taken before reading: a change made meanwhile is seen next time
            if self._glossary is None or stamps != self._glossary_stamps:
                self._glossary = load_glossaries(paths)
                self._glossary_stamps = stamps
            return self._glossary

    def get(self, source_lang: str, target_lang: str):
        """``(pipeline, lock)`` for a direction; the first call loads the model (seconds).

        A pipeline built over an older glossary is rebuilt over the current
        one, keeping its translator (the model is not loaded again).
        """
        key = (source_lang, target_lang)
        with self._guard:
            loading = self._loading.setdefault(key, threading.Lock())
        with loading:  # one load per direction, even if two documents start together

            glossary = self.glossary()
            current = self._pipelines.get(key)
            if current is None:
                translator = self.translator_factory(source_lang, target_lang)
                self._pipelines[key] = Pipeline(translator, glossary)
                self._locks[key] = threading.Lock()
            elif self._built_with.get(key) is not glossary:
                # a new object: a chunk running on the old one finishes with the glossary it started with
                self._pipelines[key] = Pipeline(current.translator, glossary, enforce=current.enforce,
                                                num_beams=current.num_beams)
            self._built_with[key] = glossary
        return self._pipelines[key], self._locks[key]

    def loaded(self, source_lang: str, target_lang: str) -> bool:
        return (source_lang, target_lang) in self._pipelines


class _LockedPipeline:
    """The direction's current pipeline, fetched per ``translate_sentences`` call (so a glossary
    change is used from the next chunk on), each call holding the direction's lock."""

    def __init__(self, pipelines: Pipelines, source_lang: str, target_lang: str, stop: threading.Event):
        self._pipelines, self._stop = pipelines, stop
        self.source_lang, self.target_lang = source_lang, target_lang

    def translate_sentences(self, sentences, **options):
        if self._stop.is_set():
            raise _Stopped()
        pipeline, lock = self._pipelines.get(self.source_lang, self.target_lang)
        with lock:
            return pipeline.translate_sentences(sentences, **options)


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

    def resume(self) -> threading.Thread:
        """Draft, one document after the other in a background thread, every document left half-drafted.

        A server killed while drafting used to leave the rest of a document
        without drafts until someone opened it in a browser; the server calls
        this when it starts. Archived documents wait until they are restored.
        """
        def run() -> None:
            for info in self.store.list_documents(archived=False):
                if self._stop.is_set():
                    return
                if info.total - info.approved - info.translated - info.drafted - info.skipped > 0:
                    self.start(info.id)
                    self.wait(info.id)

        thread = threading.Thread(target=run, daemon=True, name="drafting-resume")
        thread.start()
        return thread

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
        def progress(count: int) -> None:
            job.done += count

        try:
            info = self.store.get_document(job.doc_id)
            self.pipelines.get(info.source_lang, info.target_lang)  # loads the model ("loading")
            job.state = "running"
            locked = _LockedPipeline(self.pipelines, info.source_lang, info.target_lang, self._stop)
            draft_document(self.store, job.doc_id, locked, redraft=redraft, batch_size=self.chunk_size,
                           first_batch_size=1, progress=progress)
            job.state = "done"
        except _Stopped:
            job.state, job.error = "failed", "stopped"
        except WorkbenchError as err:
            job.state, job.error = "failed", str(err)
        except Exception as err:  # noqa: BLE001 — a worker must report, not die silently
            job.state, job.error = "failed", f"{type(err).__name__}: {err}"
