"""``workbench translate --ray``: documents spread over a Ray cluster with Ray Data.

The driver makes a dataset of the documents' names and output paths (never
their text), and ``map_batches`` hands them, one per batch, to a pool of
actors; each actor builds the pipeline (model, glossary) once and runs
:func:`workbench.jobs.translate_document` on every document it is given —
the very function the one-machine run uses, so every output file is
byte-identical to that run's. Outputs are written atomically by the actor, so
a worker killed mid-document leaves no half file: Ray restarts the actor and
retries the document (Ray Data's actor pools retry by default), and the
driver keeps the first result of each document. A document that cannot be
read comes back as an error row naming it and the others go on.

Inputs and the output folder must be on storage every node sees (one
machine, or a shared file system), as with any Ray Data job on local paths.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from workbench.errors import InputError, WorkbenchError
from workbench.jobs import DocumentJob, TranslateOptions, build_pipeline, translate_document

INSTALL_HINT = "--ray needs Ray: pip install -e '.[cluster]' (or pip install 'ray[data]')"
LOCAL = "local"
"""``--ray`` without an address: start a Ray runtime on this machine for the run."""


class DocumentTranslator:
    """A Ray Data actor: the pipeline built once, then one document per call."""

    def __init__(self, options: dict):
        self.options = TranslateOptions(**{**options, "glossary": _tuple(options.get("glossary"))})
        self.pipeline = None

    def __call__(self, batch: dict) -> dict:
        rows = {"position": [], "name": [], "entry": [], "error": []}
        for position, name, output in zip(batch["position"], batch["name"], batch["output"]):
            entry, error = "", ""
            try:
                if self.pipeline is None:
                    # no forked search helper: Ray gives each actor its own core
                    self.pipeline = build_pipeline(self.options, parallel=False)
                job = DocumentJob(str(name), str(output))
                entry = _dumps(translate_document(job, self.pipeline, self.options))
            except (WorkbenchError, OSError, UnicodeError) as err:
                error = str(err)
            for key, value in (("position", int(position)), ("name", str(name)), ("entry", entry),
                               ("error", error)):
                rows[key].append(value)
        return rows


def translate_on_ray(jobs: Iterable[tuple[int, DocumentJob]], options: TranslateOptions, address: str = LOCAL,
                     actors: int | None = None) -> Iterator[dict]:
    """Each job's result row as its document finishes: ``position``, ``name``, ``entry`` (the report
    entry as JSON, empty on failure) and ``error`` (empty on success); each document once."""
    ray = import_ray()
    jobs = list(jobs)
    if not jobs:
        return
    started = connect(ray, address)
    try:
        yield from _run(ray, jobs, options, actors or _cluster_cpus(ray))
    finally:
        if started:
            ray.shutdown()


def _run(ray, jobs: list[tuple[int, DocumentJob]], options: TranslateOptions, actors: int) -> Iterator[dict]:
    import logging

    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False  # the command prints its own documents-per-minute line
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    items = [{"position": position, "name": job.name, "output": job.output} for position, job in jobs]
    dataset = ray.data.from_items(items, override_num_blocks=block_count(len(items), actors))
    translated = dataset.map_batches(
        DocumentTranslator, fn_constructor_kwargs={"options": options.to_dict()}, batch_size=1,
        compute=ray.data.ActorPoolStrategy(size=min(actors, len(items))), num_cpus=1)
    seen: set[int] = set()
    for row in translated.iter_rows():
        position = int(row["position"])
        if position not in seen:  # a retried document is reported once
            seen.add(position)
            yield {"position": position, "name": str(row["name"]), "entry": str(row["entry"]),
                   "error": str(row["error"])}


DOCUMENTS_PER_BLOCK = 8
"""At most this many documents in one block of the dataset (one actor call each)."""


def block_count(documents: int, actors: int) -> int:
    """How many blocks to cut the documents into: at least four per actor, else blocks of
    :data:`DOCUMENTS_PER_BLOCK`.

    The driver keeps some bookkeeping per block (about 1.5 KB): a block per
    document made its memory grow with the archive; blocks of eight keep that
    an eighth, and four per actor keep every actor busy to the end. A worker
    killed mid-block has its whole block retried: the documents it had
    finished are written again, the same bytes, and reported once.
    """
    return max(1, min(documents, max(4 * actors, -(-documents // DOCUMENTS_PER_BLOCK))))


def import_ray():
    """Ray, or an :class:`InputError` saying in one line how to install it."""
    try:
        import ray
        import ray.data  # noqa: F401  (the extra, not only the core)
    except ImportError:
        raise InputError(INSTALL_HINT) from None
    return ray


def connect(ray, address: str) -> bool:
    """Join the cluster at *address* (``local``: start one here); whether this call started Ray."""
    if ray.is_initialized():
        return False
    options = {"include_dashboard": False, "log_to_driver": False, "logging_level": "ERROR"}
    try:
        if address == LOCAL:
            ray.init(**options)
        else:
            ray.init(address=address, **options)
    except (ConnectionError, RuntimeError, ValueError) as err:
        raise InputError(f"--ray {address}: cannot reach the Ray cluster: {err}") from None
    return True


def _cluster_cpus(ray) -> int:
    return max(1, int(ray.cluster_resources().get("CPU", 1)))


def _tuple(value):
    return tuple(value) if value is not None else None


def _dumps(entry: dict) -> str:
    import json

    return json.dumps(entry, ensure_ascii=False)
