"""The MarianMT translator: which sentences go to which decoder, in which batches.

:class:`MarianTranslator` is the engine the pipeline uses. It splits sentences
to fit the model (:class:`~workbench.engine.marian.MarianModel`), sends plain
pieces to the fast path (:mod:`workbench.engine.fastpath`), gives pieces with
terms the fast path's try first and the constrained search after, and on a
CPU with two cores runs half of those searches in a forked helper process
(:mod:`workbench.engine.searches`). Batches are sorted by length; the drafts do
not depend on whether the helper runs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable, Sequence

from workbench.engine.base import Constraint, Hypothesis
from workbench.engine.fastpath import FastPath, FirstTry
from workbench.engine.hints import with_hints
from workbench.engine.marian import Job, MarianModel
from workbench.engine.searches import Searches, chunks

log = logging.getLogger(__name__)

#: Sentences with terms first decoded on the fast path as a sample (see
#: ``MarianTranslator._first_try``), and the share of them that must come out
#: with every term for the others to be tried too: a try costs about a quarter of a
#: constrained search (0.02 s against 0.07 s a sentence with the shipped model).
FIRST_TRY_PROBE = 8
FIRST_TRY_PAYS = 0.25


@dataclass(frozen=True)
class DecodeOptions:
    """How one call decodes: beam width (1: greedy) and whether terms are imposed."""

    num_beams: int = 4
    enforce: bool = True


@dataclass
class Piece:
    """One piece of a sentence (a sentence too long for the model comes in several).

    Attributes:
        sentence: index of its sentence in the call.
        text: the piece, with its hints appended when the model reads them.
        constraints: the constraints whose source is in this piece.
        owned: their indices among the sentence's constraints.
    """

    sentence: int
    text: str
    constraints: tuple[Constraint, ...]
    owned: list[int]

    @property
    def job(self) -> Job:
        return self.text, self.constraints


class MarianTranslator:
    """A MarianMT checkpoint for one direction, with optional glossary constraints.

    Args:
        name_or_path: a local OPUS-MT directory or a hub id (offline with
            ``HF_HUB_OFFLINE=1`` when it is cached).
        source_lang, target_lang: ``ru``, ``zh`` or ``en``.
        device: ``cpu`` or ``cuda``.
        allow_pickle: load ``pytorch_model.bin`` when no safetensors exist
            (pickle files can run code: off unless the user opts in).
        max_source_tokens: longest piece of a sentence given to the model.
        batch_size: sentences per batch (batches are sorted by length).
        fast_path: ``auto`` decodes sentences without constraints with
            CTranslate2 when it is installed (converted and cached on first
            use), ``off`` always uses transformers.
        quantize: run the constrained searches' encoder and decoder linear
            layers as dynamic int8 products; default: on a CPU (a decoder step
            of the shipped model 1.5-2.5x faster than in fp32; term-set chrF
            35.2 / 45.2 against 35.5 / 44.8 with the small products in fp32),
            off on a GPU. ``generate()`` stays in fp32. Activations are
            quantized per product over the whole batch, so a sentence's draft
            can differ slightly with the sentences batched beside it.
        parallel: run half of the constrained batches in a forked helper
            process (:mod:`workbench.engine.helper`); default: on a Linux CPU
            with two cores or more. ``False`` keeps everything
            in this process.
    """

    def __init__(self, name_or_path: str, source_lang: str, target_lang: str, *,
                 device: str = "cpu", allow_pickle: bool = False,
                 max_source_tokens: int | None = None, batch_size: int = 16,
                 fast_path: str = "auto", quantize: bool | None = None, parallel: bool | None = None):
        self.marian = MarianModel(name_or_path, source_lang, target_lang, device=device,
                                  allow_pickle=allow_pickle, max_source_tokens=max_source_tokens,
                                  quantize=quantize)
        self.name = name_or_path
        self.source_lang = source_lang
        self.target_lang = target_lang
        self.device = device
        self.batch_size = batch_size
        self.fast = FastPath(self.marian, fast_path)
        self.searches = Searches(self.marian, device, batch_size, parallel)

    @property
    def reads_hints(self) -> bool:
        """Whether the model was trained with term hints (``config.json`` declares it)."""
        return self.marian.reads_hints

    def split_to_fit(self, sentence: str) -> list[str]:
        """Pieces of ``sentence`` that each fit the model; joined, they give it back."""
        return self.marian.split_to_fit(sentence)

    def translate(self, sentences: Sequence[str], constraints: Sequence[Sequence[Constraint]] | None = None,
                  *, num_beams: int = 4, enforce: bool = True, hints: bool = False) -> list[Hypothesis]:
        """Translate sentences; sentences with constraints are decoded under them.

        ``enforce=False`` decodes the sentences with constraints in the same
        batches as enforcement would, only without the constrained search (see
        :meth:`_schedule`): so the two differ only where the search ran.
        ``hints`` (for a model that :attr:`reads_hints`) appends the hints of
        each piece's constraints to that piece after the split, so they never
        count towards its length and go with the terms they stand for.
        """
        constraints = constraints or [()] * len(sentences)
        pieces = self._pieces(sentences, constraints, hints and self.reads_hints)
        outputs = self._schedule([piece.job for piece in pieces], DecodeOptions(num_beams, enforce))
        results = [Hypothesis(text="", met=[False] * len(wanted), parts=0) for wanted in constraints]
        joiner = "" if self.target_lang == "zh" else " "
        for piece, output in zip(pieces, outputs):
            result = results[piece.sentence]
            result.parts += 1
            result.text = joiner.join(filter(None, [result.text, output.text]))
            result.complete = result.complete and output.complete
            for k, met in zip(piece.owned, output.met):
                result.met[k] = met
        return results

    def _pieces(self, sentences: Sequence[str], constraints, hinting: bool) -> list[Piece]:
        """The pieces of every sentence, each with the constraints (and hints) it holds."""
        pieces = []
        for index, (sentence, wanted) in enumerate(zip(sentences, constraints)):
            texts = self.split_to_fit(sentence) if sentence.strip() else [sentence]
            owner = [_owning_piece(c, texts) for c in wanted]
            for number, text in enumerate(texts):
                owned = [k for k, p in enumerate(owner) if p == number]
                if hinting:
                    text = _with_hints(text, [wanted[k] for k in owned])
                pieces.append(Piece(index, text, tuple(wanted[k] for k in owned), owned))
        return pieces

    def alternatives(self, sentence: str, n: int = 3, *, num_beams: int | None = None) -> list[str]:
        """The ``n`` best unconstrained translations of one sentence (that fits the model)."""
        beams = max(n, num_beams or n)
        if self.fast.decoder() is not None:
            return self.fast.n_best(sentence, n, beams)
        return self.marian.n_best(sentence, n, beams)

    def _schedule(self, jobs: Sequence[Job], options: DecodeOptions) -> list[Hypothesis]:
        """Translate (text, constraints) jobs, keeping their order.

        Plain jobs go to the fast path in one call (CTranslate2 makes its own
        length-sorted batches and runs them on its own threads, meanwhile the
        constrained searches run), or to ``generate()`` in batches; jobs with
        terms first get the fast path's try, then the constrained search in
        length-sorted batches.

        Without ``enforce`` the jobs with terms get the same try, and keep its
        translation instead of the search's (:meth:`_unenforced`). CTranslate2's
        int8 output depends on which sentences share its call: when enforcement
        was measured against all sentences decoded in one call, 7 to 18 lines
        without terms per 500-line dev set came out differently, and moved chrF
        by up to 0.06 either way, as much as the terms did.
        """
        order = sorted(range(len(jobs)), key=lambda i: self.marian.count_tokens(jobs[i][0]))
        outputs: dict[int, Hypothesis] = {i: Hypothesis(text="", met=[False] * len(jobs[i][1]))
                                          for i in order if not jobs[i][0].strip()}
        live = [i for i in order if i not in outputs]
        plain = [i for i in live if not jobs[i][1]]
        forced = [i for i in live if jobs[i][1]]
        if options.enforce:
            # the helper forks before CTranslate2's threads get busy, so before the try: one
            # fork per translator, also where the try then takes every sentence
            self.searches.prepare(len(forced))
        texts = [jobs[i][0] for i in plain]
        start_plain = (lambda: self._plain_later(texts, options.num_beams)) if plain else (lambda: None)
        if forced:
            tried, pending = self._first_try(jobs, forced, options.num_beams, start_plain)
        else:
            tried, pending = FirstTry(), start_plain()
        outputs.update(tried.accepted)
        forced = [i for i in forced if i not in tried.accepted]
        if not options.enforce:
            outputs.update(self._unenforced(jobs, forced, tried.tops, options.num_beams))
            forced = []
        alongside = pending is not None and self.fast.decoder() is not None  # generate() is done by now
        outputs.update(self.searches.run(jobs, forced, tried.natural, options.num_beams, alongside=alongside))
        if pending is not None:
            outputs.update(zip(plain, pending()))
        return [outputs[i] for i in range(len(jobs))]

    def _first_try(self, jobs: Sequence[Job], indices: list[int], num_beams: int,
                   meanwhile: Callable[[], object] = lambda: None) -> tuple[FirstTry, object]:
        """The fast path's try of the jobs with terms (``indices``, sorted by length).

        The model often writes the agreed forms itself; then there is nothing to
        force, and the sentence comes out as it would without the glossary. But
        a model that does not know the glossary's names (the shipped one rarely
        does) would pay for the try and decode again: so the
        :data:`FIRST_TRY_PROBE` shortest sentences go first, and the rest get the
        try only if at least :data:`FIRST_TRY_PAYS` of those were accepted. Short
        sentences make a cheap probe, and one biased towards trying: they hold
        fewer terms.

        ``meanwhile`` runs once the probe is on CTranslate2's threads, and its
        result is returned with the try's (the scheduler starts the plain
        sentences there): a probe of one or two sentences kept one of two
        threads busy while the other waited. The rest's try then queues behind
        them; the cores are busy either way.
        """
        if self.fast.decoder() is None:
            return FirstTry(), meanwhile()
        probe, rest = indices[:FIRST_TRY_PROBE], indices[FIRST_TRY_PROBE:]
        wait = self.fast.try_terms_later([jobs[i] for i in probe], probe, num_beams)
        started = meanwhile()
        tried = wait()
        if rest and len(tried.accepted) >= FIRST_TRY_PAYS * len(probe):
            tried.add(self.fast.try_terms([jobs[i] for i in rest], rest, num_beams))
        return tried, started

    def _unenforced(self, jobs, indices: list[int], tops: dict, num_beams: int) -> dict[int, Hypothesis]:
        """Jobs with terms, left unforced: the fast path's try where there was one, else one plain call."""
        outputs = {i: tops[i] for i in indices if i in tops}
        untried = [i for i in indices if i not in tops]
        if untried:
            for i, hyp in zip(untried, self._plain_later([jobs[i][0] for i in untried], num_beams)()):
                outputs[i] = Hypothesis(text=hyp.text, met=[False] * len(jobs[i][1]), complete=hyp.complete)
        return outputs

    def _plain_later(self, texts: Sequence[str], num_beams: int) -> Callable[[], list[Hypothesis]]:
        """Unconstrained translations of ``texts``: a function that returns their hypotheses.

        On the fast path they are decoded on CTranslate2's own threads meanwhile
        (the constrained searches run); otherwise by ``generate()`` in batches, now.
        """
        if self.fast.decoder() is not None:
            return self.fast.translate_later(texts, num_beams)
        hypotheses = [hyp for group in chunks(list(texts), self.batch_size)
                      for hyp in self.marian.generate(group, num_beams)]
        return lambda: hypotheses

    def close(self) -> None:
        """Stop the search helper process, if one runs (it also stops when this process ends)."""
        self.searches.close()


def _with_hints(piece: str, constraints: Sequence[Constraint]) -> str:
    """``piece`` with the distinct hints of its constraints (:func:`workbench.engine.hints.with_hints`)."""
    hints = list(dict.fromkeys(c.hint for c in constraints if c.hint))
    return with_hints(piece, hints) if hints else piece


def _owning_piece(constraint: Constraint, pieces: Sequence[str]) -> int:
    """The piece of a split sentence that holds the constraint's source text (else the first)."""
    for number, piece in enumerate(pieces):
        if constraint.source and constraint.source in piece:
            return number
    return 0
