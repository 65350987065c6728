"""Adapting the model from the review UI: one background job at a time, progress, rollback.

:class:`AdaptManager` runs :func:`workbench.train.adapt.adapt` on the approved
segments of a direction in a daemon thread, so the translators keep reviewing and
drafting while it trains (drafts are slower meanwhile: both share the CPU). The job
reports its stage and step for the page's poll. When the guard lets the new version
through it becomes the default (``defaults.json``, as ``workbench models use``) and
:meth:`workbench.ui.drafting.Pipelines.use_model` switches the direction's drafts
and re-translations to it without a restart. :meth:`AdaptManager.rollback` is
``workbench models use --base`` for that direction, and switches the drafts back.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from workbench.errors import WorkbenchError
from workbench.train.adapt import adapt
from workbench.versions import card, use_base


@dataclass
class AdaptJob:
    """One adaptation.

    Attributes:
        state: ``running``, ``done`` or ``failed``.
        stage: ``starting``, ``scoring``, ``training``, ``writing``.
        done, total: steps of the current stage.
        card: the new version's ``adaptation.json`` when done.
        made_default: whether the drafts now use it.
        error: the message when failed (a user error's one line).
    """

    source_lang: str
    target_lang: str
    state: str = "running"
    stage: str = "starting"
    done: int = 0
    total: int = 0
    started: float = field(default_factory=time.time)
    card: dict | None = None
    made_default: bool = False
    error: str = ""
    thread: threading.Thread | None = None

    @property
    def active(self) -> bool:
        return self.state == "running"


class AdaptManager:
    """Starts and tracks the app's adaptation job.

    Args:
        store: the review store (approved segments).
        pipelines: the app's :class:`~workbench.ui.drafting.Pipelines`.
        general: the general corpus folder (default: :func:`workbench.train.adapt.find_general`).
        options: :class:`workbench.train.adapt.AdaptOptions` (default ones).
    """

    def __init__(self, store, pipelines, general=None, options=None):
        self.store, self.pipelines = store, pipelines
        self.general, self.options = general, options
        self.job: AdaptJob | None = None
        self._lock = threading.Lock()

    def start(self, source_lang: str, target_lang: str) -> AdaptJob:
        """Start adapting this direction's model (the running job if one runs)."""
        with self._lock:
            if self.job is not None and self.job.active:
                return self.job
            job = AdaptJob(source_lang, target_lang)
            job.thread = threading.Thread(target=self._run, args=(job,), daemon=True, name="adapting")
            self.job = job
        job.thread.start()
        return job

    def wait(self, timeout: float | None = None) -> AdaptJob | None:
        """Wait for the job to end (tests)."""
        job = self.job
        if job is not None and job.thread is not None:
            job.thread.join(timeout)
        return job

    def _run(self, job: AdaptJob) -> None:
        def progress(stage: str, done: int, total: int) -> None:
            job.stage, job.done, job.total = stage, done, total

        try:
            pairs = self.store.approved_pairs(job.source_lang, job.target_lang)
            model = self.pipelines.model_for(job.source_lang, job.target_lang)
            result = adapt(pairs, job.source_lang, job.target_lang, model=model, general=self.general,
                           origin=f"approved segments of {self.store.path}", options=self.options,
                           progress=progress, log=lambda line: None)
            if result.made_default:
                self.pipelines.use_model(job.source_lang, job.target_lang, str(result.path))
            job.card, job.made_default, job.state = result.card, result.made_default, "done"
        except WorkbenchError as err:
            job.state, job.error = "failed", str(err)
        except Exception as err:  # noqa: BLE001 — a worker must report, not die silently
            job.state, job.error = "failed", f"{type(err).__name__}: {err}"

    def rollback(self, source_lang: str, target_lang: str) -> str:
        """Back to the base model for this direction; returns the model the drafts use now."""
        use_base([(source_lang, target_lang)])
        self.pipelines.use_model(source_lang, target_lang, None)
        if self.job is not None and not self.job.active:
            self.job = None  # its outcome is history now
        return self.pipelines.model_for(source_lang, target_lang)

    def current(self, source_lang: str, target_lang: str) -> tuple[str, dict | None]:
        """``(model path or name, its adaptation card or None)`` the direction drafts with now."""
        try:
            model = self.pipelines.model_for(source_lang, target_lang)
        except WorkbenchError as err:
            return str(err), None
        return model, card(model)
