"""Helpers shared by the benchmarks: which model to measure, the data they read."""

from __future__ import annotations

import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TERMSET = ROOT / "tests" / "data" / "termset"
SAMPLE = ROOT / "examples" / "heihe-delegation-2024.ru.txt"

sys.path.insert(0, str(ROOT))


def model_for(name: str | None, source_lang: str, target_lang: str) -> str:
    """The model to measure: the one named, ``random`` (a tiny random model), or the shipped one."""
    if name == "random":
        return str(random_model())
    if name:
        return name
    from workbench.models import default_model

    return default_model(source_lang, target_lang)


def set_stray_cost(translator, penalty: float | None) -> None:
    """Set the constrained search's cost of a stray piece on every Marian leg of ``translator``.

    ``--stray-cost 0`` of the benchmarks: the search as it was before stray pieces cost anything
    (:data:`workbench.engine.constrained.NONWORD_PENALTY`); None leaves the model's default.
    """
    if penalty is None:
        return
    for leg in getattr(translator, "legs", [translator]):
        marian = getattr(leg, "marian", None)
        if marian is not None:
            marian.nonword_penalty = penalty


_RANDOM = None


def random_model() -> Path:
    """A tiny randomly initialised model, built once per process (as in the tests)."""
    global _RANDOM
    if _RANDOM is None:
        from tests.conftest import build_tiny_model

        _RANDOM = build_tiny_model(Path(tempfile.mkdtemp(prefix="bench-random-")))
    return _RANDOM


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").rstrip("\n").split("\n")


@contextmanager
def timer(into: dict, key: str):
    start = time.perf_counter()
    yield
    into[key] = time.perf_counter() - start
