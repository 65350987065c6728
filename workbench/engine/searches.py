"""Constrained searches in length-sorted batches, half of them in a forked helper process.

On a CPU with two cores the sentences with terms are dealt into two halves
(:func:`halves`), each batched by length (:func:`chunks`); this process
searches one half on one torch thread while the helper
(:class:`workbench.engine.helper.SearchHelper`) searches the other. The
halves are the same with or without a helper, so are the drafts.
"""

from __future__ import annotations

import logging
from typing import Sequence

from workbench.engine import helper
from workbench.engine.base import Hypothesis
from workbench.engine.helper import THREADS_LOCK, torch_threads
from workbench.engine.marian import Job, MarianModel

log = logging.getLogger(__name__)


class Searches:
    """Runs :meth:`MarianModel.search` over batches, with a helper process where it pays.

    Args:
        marian: the model searched.
        device: where it runs (the helper only on a CPU).
        batch_size: sentences per batch.
        parallel: ``False`` keeps every search in this process; ``None``
            (default) forks a helper on a Linux CPU with two cores or more.
    """

    def __init__(self, marian: MarianModel, device: str, batch_size: int, parallel: bool | None = None):
        self.marian = marian
        self.device = device
        self.batch_size = batch_size
        self.parallel = parallel
        self.helper = None  # SearchHelper, forked on the first call with terms in two sentences; False: none

    def prepare(self, sentences: int) -> None:
        """Fork the helper now if ``sentences`` searches are coming and it would pay.

        Made on the first call with two or more sentences to constrain, on a Linux
        CPU with two cores or more, unless ``parallel`` is False; the caller forks
        before it starts other threads (a fork copies only the calling thread).
        """
        if self.parallel is False or self.helper is False or sentences < 2 or self.helper is not None:
            return

        if not (str(self.device).startswith("cpu") and helper.cores() >= 2 and helper.can_fork()):
            self.helper = False
            return
        self.marian.prepare_search()
        try:
            self.helper = helper.SearchHelper(self.marian)
        except Exception as err:  # noqa: BLE001 - no helper is no error: decode here
            log.warning("%s: no search helper (%s); decoding in this process", self.marian.name, err)
            self.helper = False

    def run(self, jobs: Sequence[Job], forced: list[int], natural: dict[int, int],
            num_beams: int, *, alongside: bool = False) -> dict[int, Hypothesis]:
        """Hypotheses of the jobs numbered ``forced`` (sorted by length), searched under their terms.

        ``alongside``: the fast path decodes other sentences on every core meanwhile. A
        search here then runs on one torch thread: on two, the OpenMP threads of torch and
        CTranslate2 wait on each other, and the one search of a 324-sentence WMT21 file
        took 0.68-1.43 s instead of 0.13 s.
        """
        import torch

        mine, theirs = halves(forced) if str(self.device).startswith("cpu") else (forced, [])
        outputs: dict[int, Hypothesis] = {}
        helper = self.helper if len(forced) >= 2 else None
        if not helper:
            torch.set_num_threads(1 if alongside else torch_threads())
            for group in chunks(mine, self.batch_size) + chunks(theirs, self.batch_size):
                outputs.update(self._here(jobs, group, natural, num_beams))
            return outputs
        futures = self._submit(helper, jobs, chunks(theirs, self.batch_size), num_beams, natural)
        with THREADS_LOCK:  # one core for the helper, one for this process
            threads = torch.get_num_threads()
            torch.set_num_threads(1)
            try:
                for group in chunks(mine, self.batch_size):
                    outputs.update(self._here(jobs, group, natural, num_beams))
            finally:
                torch.set_num_threads(threads)
        for group, future in futures:
            outputs.update(self._collect(group, future) or self._here(jobs, group, natural, num_beams))
        return outputs

    def _here(self, jobs, group: list[int], natural: dict[int, int], num_beams: int) -> dict[int, Hypothesis]:
        found = self.marian.search([jobs[i] for i in group], num_beams, [natural.get(i) for i in group])
        return dict(zip(group, found))

    def _collect(self, group: list[int], future) -> dict[int, Hypothesis] | None:
        """The helper's hypotheses of one batch, or None (it refused the batch or died on it)."""
        if future is None:
            return None
        try:
            return dict(zip(group, future.result()))
        except Exception as err:  # noqa: BLE001 - the helper died: its batches run here
            self._failed(err)
            return None

    def _submit(self, helper, jobs, groups, num_beams: int, natural: dict[int, int]) -> list:
        """(group, future) for each batch given to ``helper``; future None where it refused work."""
        try:
            return [(group, helper.submit([jobs[i] for i in group], num_beams, [natural.get(i) for i in group]))
                    for group in groups]
        except Exception as err:  # noqa: BLE001 - a dead helper refuses work: all of it runs here
            self._failed(err)
            return [(group, None) for group in groups]

    def _failed(self, err: Exception) -> None:
        if self.helper:
            log.warning("%s: search helper failed (%s); decoding in this process from now on",
                        self.marian.name, err)
        self.close()

    def close(self) -> None:
        """Stop the helper process, if one runs (it also stops when this process ends)."""
        if self.helper:
            helper, self.helper = self.helper, False
            helper.close()


def chunks(items: list, size: int) -> list[list]:
    """Consecutive runs of ``size`` items (none for an empty list); a short tail joins the run before.

    A batch's steps cost about the same whatever its width (2.6 ms a step for one
    sentence of the shipped model, 10 ms for sixteen): a last batch of one long
    sentence ran 70 steps on its own, where joining the batch before cost it
    little more than its rows.
    """
    size = max(1, size)
    runs = [items[start:start + size] for start in range(0, len(items), size)]
    if len(runs) > 1 and len(runs[-1]) * 4 <= size:
        runs[-2:] = [runs[-2] + runs[-1]]
    return runs


def halves(indices: list) -> tuple[list, list]:
    """Length-sorted ``indices`` dealt alternately: (this process's half, the helper's half).

    Both halves span every length, so they take about as long; the helper's holds
    the longest sentence, as this process also waits on the fast path and decodes
    the text.
    """
    last = (len(indices) - 1) % 2  # the parity of the longest sentence's position
    return indices[1 - last::2], indices[last::2]
