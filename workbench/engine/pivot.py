"""Pivot chains: translate through a middle language with two (or more) checkpoints.

A user with internet can chain real OPUS-MT models, e.g.
``Helsinki-NLP/opus-mt-ru-en`` then ``Helsinki-NLP/opus-mt-en-zh``. Glossary
constraints are applied on the last leg, the one that produces the target
language; the earlier legs translate freely.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from workbench.engine.base import Constraint, Hypothesis


class PivotTranslator:
    """Chain translators ``legs[0] → legs[1] → …``; each leg's target is the next one's source."""

    def __init__(self, legs: Sequence):
        if len(legs) < 2:
            raise ValueError("a pivot chain needs at least two legs")
        self.legs = list(legs)
        self.source_lang = legs[0].source_lang
        self.target_lang = legs[-1].target_lang
        self.name = " → ".join(leg.name for leg in legs)

    def translate(self, sentences: Sequence[str], constraints: Sequence[Sequence[Constraint]] | None = None,
                  *, num_beams: int = 4, enforce: bool = True, hints: bool = False) -> list[Hypothesis]:
        texts = list(sentences)
        for leg in self.legs[:-1]:
            texts = [h.text for h in leg.translate(texts, num_beams=num_beams)]
        # the source text of a constraint is in the first language, not the pivot's
        pivot_constraints = [[replace(c, source="") for c in row] for row in constraints] if constraints else None
        return self.legs[-1].translate(texts, pivot_constraints, num_beams=num_beams, enforce=enforce,
                                       hints=hints)

    @property
    def reads_hints(self) -> bool:
        """Whether the last leg (the one that meets the glossary) reads term hints."""
        return bool(getattr(self.legs[-1], "reads_hints", False))

    def split_to_fit(self, sentence: str) -> list[str]:
        return self.legs[0].split_to_fit(sentence)
