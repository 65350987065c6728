"""Shared fixtures: a tiny, randomly initialised Marian model built once per test run.

The model is real (``MarianMTModel`` + ``MarianTokenizer`` from an OPUS-MT
directory) but untrained, so its output is noise: exactly the case where only
the glossary constraints can put the agreed terms into the output.
"""

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
    """Write a tiny random OPUS-MT model to ``folder`` and return its path."""
    from workbench.train.layout import (LANGUAGE_TOKENS, build_vocab, marian_config,
                                        random_model, write_model_dir)

    folder.mkdir(parents=True, exist_ok=True)
    corpus = folder / "corpus.txt"
    texts = [(DATA / "corpus.ru.txt").read_text(encoding="utf-8"),
             (DATA / "corpus.zh.txt").read_text(encoding="utf-8"),
             "\n".join(_glossary_lines()), extra_text]
    if SAMPLE.exists():
        texts.append(SAMPLE.read_text(encoding="utf-8"))
    corpus.write_text("\n".join(texts), encoding="utf-8")
    spm_model = _train_spm(corpus, folder / "spm")
    vocab = build_vocab(spm_model, LANGUAGE_TOKENS if multilingual else ())
    config = marian_config(len(vocab), d_model=32, encoder_layers=1, decoder_layers=1,
                           heads=2, ffn_dim=64, max_positions=256)
    model = random_model(config, seed=seed)
    return write_model_dir(folder / "model", model, spm_model, vocab,
                           source_lang=source_lang, target_lang=target_lang)


def _train_spm(corpus: Path, prefix: Path) -> Path:
    import sentencepiece as spm

    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(prefix), vocab_size=1200, model_type="unigram",
        character_coverage=1.0, normalization_rule_name="identity", hard_vocab_limit=False,
        minloglevel=2,
    )
    return Path(f"{prefix}.model")


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
