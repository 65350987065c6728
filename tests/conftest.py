"""Shared fixtures: a tiny, randomly initialised Marian model built once per test run
(:mod:`workbench.testing`), the shipped glossary, the sample press release."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SAMPLE = ROOT / "examples" / "heihe-delegation-2024.ru.txt"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
# CTranslate2 conversions of the test models go to a throwaway cache.
os.environ.setdefault("WORKBENCH_CACHE_DIR", tempfile.mkdtemp(prefix="workbench-test-cache-"))
# Adapted model versions and the chosen defaults (defaults.json) of a test never touch the user's.
os.environ.setdefault("WORKBENCH_MODELS_DIR", tempfile.mkdtemp(prefix="workbench-test-models-"))


def _glossary_lines() -> list[str]:
    """Both sides of every shipped term, so the tiny vocabulary can spell them all."""
    import polib

    lines = []
    for path in sorted((ROOT / "glossaries").glob("**/*.po")):
        for entry in polib.pofile(str(path)):
            lines.extend(part.strip() for part in entry.msgid.split("|"))
            lines.extend(part.strip() for part in entry.msgstr.split("|"))
    return lines


def build_tiny_model(folder: Path, *, multilingual: bool = True, source_lang: str = "ru+zh",
                     target_lang: str = "ru+zh", seed: int = 0, extra_text: str = "") -> Path:
    """A tiny random OPUS-MT model in ``folder`` (:func:`workbench.testing.build_tiny_model`) whose
    vocabulary covers the test corpus, the shipped glossary and the sample press release."""
    from workbench.testing import build_tiny_model as build

    texts = [(DATA / "corpus.ru.txt").read_text(encoding="utf-8"),
             (DATA / "corpus.zh.txt").read_text(encoding="utf-8"),
             "\n".join(_glossary_lines()), extra_text]
    if SAMPLE.exists():
        texts.append(SAMPLE.read_text(encoding="utf-8"))
    return build(folder, texts, multilingual=multilingual, source_lang=source_lang, target_lang=target_lang,
                 seed=seed)


def glossary_pairs(n: int = 60) -> list[tuple[str, str]]:
    """Russian → Chinese glossary terms, shuffled (names, titles, organisations)."""
    import random

    import polib

    pairs = []
    for path in sorted((ROOT / "glossaries").glob("**/*.po")):
        for entry in polib.pofile(str(path)):
            ru, zh = entry.msgid.split("|")[0].strip(), entry.msgstr.split("|")[0].strip()
            if ru and zh:
                pairs.append((ru, zh))
    random.Random(0).shuffle(pairs)
    assert len(pairs) >= n
    return pairs[:n]


def write_general_corpus(folder: Path) -> Path:
    """A general corpus for ``workbench adapt`` in *folder* (``train``/``dev`` ``.ru``/``.zh``: the test corpus)."""
    ru = (DATA / "corpus.ru.txt").read_text(encoding="utf-8").splitlines()
    zh = (DATA / "corpus.zh.txt").read_text(encoding="utf-8").splitlines()[:len(ru)]
    for split in ("train", "dev"):
        (folder / f"{split}.ru").write_text("\n".join(ru) + "\n", encoding="utf-8")
        (folder / f"{split}.zh").write_text("\n".join(zh) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory) -> Path:
    """A tiny multilingual (ru+zh, ``>>xx<<`` tokens) random Marian model directory."""
    return build_tiny_model(tmp_path_factory.mktemp("tiny-model"))


@pytest.fixture(scope="session")
def ru_zh(tiny_model):
    """The tiny model as a ru→zh translator."""
    from workbench.engine.scheduler import MarianTranslator

    return MarianTranslator(str(tiny_model), "ru", "zh")


@pytest.fixture(scope="session")
def zh_ru(tiny_model):
    """The tiny model as a zh→ru translator."""
    from workbench.engine.scheduler import MarianTranslator

    return MarianTranslator(str(tiny_model), "zh", "ru")


@pytest.fixture(scope="session")
def glossary():
    """The shipped glossary."""
    from workbench.glossary.loader import load_glossaries

    return load_glossaries([ROOT / "glossaries"])


@pytest.fixture(scope="session")
def sample_text() -> str:
    if not SAMPLE.exists():
        pytest.skip("examples/heihe-delegation-2024.ru.txt is missing")
    return SAMPLE.read_text(encoding="utf-8")


# --- markers: `pytest -m "not slow and not browser"` is the quick loop (see README) -----------------------

SLOW_MODULES = {"test_cluster.py", "test_train.py", "test_hints.py", "test_adapt.py", "test_ui_sigkill.py",
                "test_ui_adapt.py", "test_jobs.py"}
"""Modules whose tests start processes, clusters or training runs (seconds to a minute each)."""


def pytest_collection_modifyitems(items):
    """``browser`` for the tests that drive Chromium, ``shipped_model`` for those that load the shipped
    model, ``slow`` for those and the modules of :data:`SLOW_MODULES`."""
    import inspect
    import re

    for item in items:
        try:
            source = inspect.getsource(item.function)
        except (OSError, TypeError, AttributeError):
            source = ""
        module = Path(str(item.fspath)).name
        if re.search(r"chromium|new_page\(", source) or "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
        if "start_server(" in source:
            item.add_marker(pytest.mark.slow)
        if module == "test_shipped_model.py" or "shipped_model" in getattr(item, "fixturenames", ()) \
                or "default_model(" in source:
            item.add_marker(pytest.mark.shipped_model)
        if module in SLOW_MODULES or item.get_closest_marker("browser") or item.get_closest_marker("shipped_model"):
            item.add_marker(pytest.mark.slow)
