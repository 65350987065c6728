"""The fast path: CTranslate2's decoding of a checkpoint, and what the scheduler asks of it.

Plain sentences go here (converted and cached on first use, see
:mod:`workbench.engine.ct2`); so do the first tries of sentences with terms,
whose translation is kept where the model already wrote every term.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Callable, Sequence

from workbench.engine import ct2
from workbench.engine.base import Hypothesis
from workbench.engine.check import satisfies
from workbench.engine.marian import Job, MarianModel
from workbench.errors import ModelError

log = logging.getLogger(__name__)


@dataclass
class FirstTry:
    """What the fast path's try of sentences with terms decided.

    Attributes:
        accepted: job index → translation that already has every term.
        natural: job index → token length of its finished best hypothesis
            (the length the model chose, which bounds the constrained search).
        tops: job index → its best translation, terms or not (kept without
            enforcement).
    """

    accepted: dict[int, Hypothesis] = field(default_factory=dict)
    natural: dict[int, int] = field(default_factory=dict)
    tops: dict[int, Hypothesis] = field(default_factory=dict)

    def add(self, other: "FirstTry") -> None:
        self.accepted.update(other.accepted)
        self.natural.update(other.natural)
        self.tops.update(other.tops)


class FastPath:
    """CTranslate2 decoding of ``marian``'s checkpoint, or nothing (not installed, off, or failed)."""

    def __init__(self, marian: MarianModel, mode: str = "auto"):
        self.marian = marian
        self.mode = mode
        self._decoder = None  # CT2Decoder once made; False when there is none

    def decoder(self):
        """The CTranslate2 decoder, made on first use, or None."""
        if self.mode == "off" or self._decoder is False:
            return None
        if self._decoder is None:
            if not ct2.available():
                self._decoder = False
                return None
            try:
                self._decoder = ct2.CT2Decoder(self.marian.path, device=self.marian.device,
                                               repetition_penalty=self.marian.repetition_penalty,
                                               length_penalty=self.marian.length_penalty)
            except ModelError as err:
                log.warning("fast path unavailable, using transformers: %s", err)
                self._decoder = False
                return None
        return self._decoder

    def n_best(self, sentence: str, n: int, num_beams: int) -> list[str]:
        """The ``n`` best translations of one sentence."""
        [hypotheses] = self.decoder().decode(self.marian.source_tokens([sentence]), num_beams=num_beams,
                                             max_new_tokens=self.marian.max_new_tokens(sentence),
                                             num_hypotheses=n)
        return [self.marian.decode_pieces(tokens) for tokens, _ in hypotheses]

    def try_terms(self, jobs: Sequence[Job], indices: Sequence[int], num_beams: int) -> FirstTry:
        """Decode ``jobs`` (numbered ``indices``); accept those whose best translation has every term."""
        return self.try_terms_later(jobs, indices, num_beams)()

    def try_terms_later(self, jobs: Sequence[Job], indices: Sequence[int],
                        num_beams: int) -> Callable[[], FirstTry]:
        """Start :meth:`try_terms` on CTranslate2's own threads; returns a function that waits for it.

        Only the best hypothesis counts, decoded as the plain path decodes. A
        lower one that happened to hold the terms was often a short one
        (CTranslate2 ranks hypotheses as they finish), and lost what the sentence
        said: TICO-19 zh→ru line 481 lost the «2» of «2,8 процента».
        """
        marian = self.marian
        texts = [text for text, _ in jobs]
        limit = max(marian.max_new_tokens(t) for t in texts)
        wait = self.decoder().decode_later(marian.source_tokens(texts), num_beams=num_beams, max_new_tokens=limit)

        def tried() -> FirstTry:
            result = FirstTry()
            for index, (_, wanted), [(tokens, complete)] in zip(indices, jobs, wait()):
                if complete:
                    result.natural[index] = len(tokens)
                text = marian.decode_pieces(tokens)
                result.tops[index] = Hypothesis(text=text, met=[False] * len(wanted), complete=complete)
                if complete and satisfies(text, wanted, marian.target_lang):
                    result.accepted[index] = Hypothesis(text=text, met=[True] * len(wanted), complete=True)
            return result

        return tried

    def translate_later(self, texts: Sequence[str], num_beams: int) -> Callable[[], list[Hypothesis]]:
        """Start decoding ``texts`` on CTranslate2's own threads; returns a function that waits for them."""
        marian = self.marian
        limit = max(marian.max_new_tokens(t) for t in texts)
        wait = self.decoder().decode_later(marian.source_tokens(texts), num_beams=num_beams,
                                           max_new_tokens=limit)

        def hypotheses() -> list[Hypothesis]:
            return [Hypothesis(text=marian.decode_pieces(tokens), complete=complete)
                    for [(tokens, complete)] in wait()]

        return hypotheses
