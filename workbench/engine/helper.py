"""A second process that runs constrained searches beside this one, so both CPU cores decode.

A constrained search is Python bookkeeping between many small tensor
operations: on the 2-core machine this project is measured on, one search kept
about 1.2 cores busy. Python threads do not help (two searches on two threads
took as long as one after the other: the bookkeeping and the dispatch of each
small operation hold the interpreter lock). A process does: the helper is a
*fork* of this one, made once the model is loaded and its int8 weights are
prepared, so it starts in a fraction of a second, shares the weights' memory
and needs nothing loaded again. It decodes half of the batches with one torch
thread while this process decodes the other half with one.

Drafts do not change: the same batch gives the same output in either process
(int8 products and reductions do not depend on the thread count), which a test
checks. If the helper dies, its batches are decoded here and no helper is used
again by that translator (logged).

Only where ``fork`` is the platform's safe default (Linux) and the device is
the CPU; elsewhere :func:`can_fork` says no and everything runs in-process.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading

#: Serialises the parallel phases of all translators in this process: each sets
#: torch's process-wide thread count to one while it runs.
THREADS_LOCK = threading.Lock()

#: Seconds a new helper may take to answer its first call (it normally takes a few
#: hundredths); past that it is stopped and the searches run in this process.
STARTUP_TIMEOUT = 60.0
#: How often a helper looks whether the process it was forked from still runs.
PARENT_CHECK_SECONDS = 1.0

_DEFAULT_THREADS: int | None = None
_MODEL = None  # in the helper process: the forked copy of the parent's model (MarianModel)
# the model being forked: a fork copies it, so the parent keeps no reference to it in
# the pool (a translator that is no longer used can be collected, and its helper stopped)
_FORKING = None
_FORK_LOCK = threading.Lock()


def can_fork() -> bool:
    """True where a forked helper is safe: Linux (macOS frameworks and Windows cannot fork)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def cores() -> int:
    """CPU cores this process may run on.

    Not ``torch.get_num_threads()``: once CTranslate2 (one OpenMP thread per
    batch) has run in a thread, torch reports one thread there.
    """
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def torch_threads() -> int:
    """torch's process-wide thread count, as a thread that CTranslate2 never ran in sees it.

    CTranslate2 (one OpenMP thread per batch) leaves torch at one thread in the
    thread that called it, and a constrained search run there afterwards took
    2.15 s instead of 1.79 s on the sample press release (2 cores): the
    searches set this count back before they run.
    """
    global _DEFAULT_THREADS
    if _DEFAULT_THREADS is None:
        import torch

        seen: list[int] = []
        reader = threading.Thread(target=lambda: seen.append(torch.get_num_threads()))
        reader.start()
        reader.join()
        _DEFAULT_THREADS = seen[0]
    return _DEFAULT_THREADS


def _adopt() -> None:
    """Helper-process start: keep the model inherited from the fork, use one torch thread."""
    global _MODEL
    import torch

    torch.set_num_threads(1)
    _MODEL = _FORKING
    _let_go_of_network_sockets()
    parent = os.getppid()
    threading.Thread(target=_end_with, args=(parent,), daemon=True, name="end-with-parent").start()


def _let_go_of_network_sockets() -> None:
    """Point every inherited TCP/UDP socket of the fork at ``/dev/null``.

    A fork copies the parent's open sockets: the web server's listening socket and
    its browsers' keep-alive connections. When the server then closed an idle
    connection, the helper's copy kept it open, so the browser saw no end, sent its
    next request on it and waited for ever for a reply nobody read (a reloaded
    review page hung on "Loading..."). The descriptors stay taken (by ``/dev/null``)
    so that a stale socket object closing its number cannot close something else;
    the helper's own pipes to this process are not sockets and are left alone.
    """
    import socket
    import stat

    null = os.open(os.devnull, os.O_RDWR)
    try:
        for name in os.listdir("/proc/self/fd"):
            fd = int(name)
            try:
                if fd == null or not stat.S_ISSOCK(os.fstat(fd).st_mode):
                    continue
                probe = socket.socket(fileno=fd)
                family = probe.family
                probe.detach()
            except OSError:
                continue
            if family in (socket.AF_INET, socket.AF_INET6):
                os.dup2(null, fd)
    finally:
        os.close(null)


def _end_with(parent: int) -> None:
    """Exit once the parent process is gone (killed, it could not stop its helper)."""
    import time

    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(0)


def _search(jobs, num_beams, natural):
    return _MODEL.search(jobs, num_beams, natural)


def _ready() -> bool:
    """A torch operation in the helper: proves the fork left torch usable there."""
    import torch

    return _MODEL is not None and float(torch.ones(4) @ torch.ones(4)) == 4.0


class SearchHelper:
    """One forked process that runs :meth:`MarianModel.search` on the batches it is given."""

    def __init__(self, model):
        global _FORKING
        import weakref
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("fork")
        self._pool = ProcessPoolExecutor(1, mp_context=context, initializer=_adopt)
        # fork now, before the caller starts CTranslate2's threads or others: a fork copies
        # only the calling thread, and a lock another thread held would stay held in the copy
        with _FORK_LOCK:
            _FORKING = model
            try:
                if not self._pool.submit(_ready).result(timeout=STARTUP_TIMEOUT):
                    raise RuntimeError("the helper's torch does not compute")
            except BaseException:
                self.close(kill=True)
                raise
            finally:
                _FORKING = None
        weakref.finalize(model, _shutdown, self._pool)  # the helper ends with its model

    def submit(self, jobs, num_beams: int, natural):
        """A future of the hypotheses of one constrained batch."""
        return self._pool.submit(_search, jobs, num_beams, natural)

    def close(self, kill: bool = False) -> None:
        """Stop the helper (``kill``: without waiting for it, e.g. when it does not answer)."""
        _shutdown(self._pool, kill)


def _shutdown(pool, kill: bool = False) -> None:
    if kill:
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.kill()
    pool.shutdown(wait=not kill, cancel_futures=True)
