"""What the tests (and benchmarks) of the workbench and of code built on it need from it: a fast fake
engine, and a tiny randomly initialised Marian model built from a handful of texts.

Neither is used by the workbench itself. The fake stands in for the model where a test is about
something else (the store, the UI, the CLI); a test of translation uses the tiny model, which is real
(``MarianMTModel`` + ``MarianTokenizer`` from an OPUS-MT directory) but untrained, so its output is
noise: exactly the case where only the glossary constraints can put the agreed terms into it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from workbench.engine.base import Hypothesis
from workbench.train.layout import LANGUAGE_TOKENS, build_vocab, marian_config, random_model, write_model_dir


class FakeTranslator:
    """Instant "translation": 译文 + every constraint's first alternative + 。 (enforced or not); the
    alternatives of a re-translation are numbered variants."""

    name = "fake"

    def __init__(self, source_lang: str = "ru", target_lang: str = "zh"):
        self.source_lang, self.target_lang = source_lang, target_lang

    def translate(self, sentences, constraints=None, *, num_beams=4, enforce=True, hints=False):
        constraints = constraints if constraints and enforce else [[] for _ in sentences]
        return [Hypothesis(text="译文" + "".join(c.alternatives[0] for c in cs) + "。") for cs in constraints]

    def alternatives(self, sentence, n=3):
        return [f"候选{i}。" for i in range(n)]


def build_tiny_model(folder: Path, texts: Iterable[str], *, multilingual: bool = True, source_lang: str = "ru+zh",
                     target_lang: str = "ru+zh", seed: int = 0) -> Path:
    """Write a tiny random OPUS-MT model to ``folder`` (its vocabulary learnt from *texts*); its path.

    The vocabulary should cover what the test translates and forces (the glossary's terms), so that
    no term falls back to ``<unk>``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    corpus = folder / "corpus.txt"
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


__all__ = ["FakeTranslator", "build_tiny_model"]
