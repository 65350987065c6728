"""The input format of a model trained with term hints: ``SOURCE <hint> HINT <hint> HINT``.

The engine appends the glossary targets of a segment's terms in this format when its model declares
hints in ``config.json`` (:data:`CONFIG_KEY`); training (:mod:`workbench.train.hints`) writes its
hinted sources the same way. The token is a special token of the model's vocabulary, so
``MarianTokenizer`` and CTranslate2 read it as one id, never as text.
"""

from __future__ import annotations

from typing import Sequence

#: The reserved token between a source and each of its hints.
HINT_TOKEN = "<hint>"
#: ``config.json`` key that declares a model trained with hints (its value names the token).
CONFIG_KEY = "workbench_term_hints"


def with_hints(source: str, hints: Sequence[str]) -> str:
    """``source`` followed by each hint after :data:`HINT_TOKEN`."""
    return source + "".join(f" {HINT_TOKEN} {hint}" for hint in hints)


def strip_hints(line: str) -> str:
    """The source of a hinted line (SentencePiece must not learn hints as running text)."""
    return line.split(f" {HINT_TOKEN} ", 1)[0]
