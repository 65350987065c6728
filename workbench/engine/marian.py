"""One MarianMT checkpoint for one direction: encode, generate, decode, search.

:class:`MarianModel` holds what every decoding of the checkpoint shares: its
tokenizer and weights, the target-language token, the length limits, the
tokens never written, the penalties its ``generation_config`` asks for. How
sentences are batched and which decoder gets them is the scheduler's job
(:mod:`workbench.engine.scheduler`).

Nothing is cut silently: a sentence longer than the model's limit is split at
a safe point (see :func:`workbench.segment.split_long`) and translated in parts.
"""

from __future__ import annotations

import logging
from typing import Sequence

from workbench.engine.base import Constraint, Hypothesis
from workbench.engine.beam import constrained_beam_search
from workbench.engine.checkpoint import language_prefix, load_checkpoint, resolve_model_path
from workbench.engine.constrained import (
    NONWORD_PENALTY, WordBoundaries, build_tries, constrained_greedy, natural_budget, piece_table, set_deadlines,
)
from workbench.engine.decoder import prepared_weights
from workbench.engine.helper import torch_threads
from workbench.engine.hints import CONFIG_KEY, HINT_TOKEN, strip_hints
from workbench.languages import character_ratio
from workbench.segment import split_long

log = logging.getLogger(__name__)

#: Longest source, in tokens, sent to the model in one piece; longer sentences are
#: split at clause boundaries and the parts' translations joined. Marian's positions
#: go to 512, but quality falls long before: the shipped model never saw a pair over
#: 128 tokens, and on the dev sentences over 100 tokens, beam 4, splitting at 100
#: rather than 200 raised chrF from 11.8 to 14.1 (TICO-19 ru→zh, 49 sentences),
#: 24.5 to 32.0 (TICO-19 zh→ru, 18), 5.1 to 5.6 (WMT21 ru→zh, 33) and 19.0 to 24.0
#: (WMT21 zh→ru, 3); at 126 the gains were about half. It also shortens the
#: constrained searches that the longest sentence of a batch holds open.
DEFAULT_MAX_SOURCE_TOKENS = 100

#: A piece of work for the model: source text (one piece of a sentence) and its constraints.
Job = tuple[str, Sequence[Constraint]]


class MarianModel:
    """A loaded OPUS-MT checkpoint, ready to decode ``source_lang`` → ``target_lang``.

    Args: as :class:`workbench.engine.scheduler.MarianTranslator`, which builds it.
    """

    def __init__(self, name_or_path: str, source_lang: str, target_lang: str, *,
                 device: str = "cpu", allow_pickle: bool = False,
                 max_source_tokens: int | None = None, quantize: bool | None = None):
        self.name = name_or_path
        self.source_lang = source_lang
        self.target_lang = target_lang
        self.device = device
        self.path = resolve_model_path(name_or_path)
        self.tokenizer, self.model = load_checkpoint(self.path, allow_pickle, device)
        self.prefix = language_prefix(self.tokenizer, target_lang, name_or_path)
        limit = min(self.tokenizer.model_max_length, self.model.config.max_position_embeddings) - 2
        self.max_source_tokens = min(max_source_tokens or DEFAULT_MAX_SOURCE_TOKENS, limit)
        self.max_target_tokens = self.model.config.max_position_embeddings - 2
        self.vocab = self.tokenizer.get_vocab()

        self.piece_texts = piece_table(self.vocab)  # id → text: lets the searches read their own output
        pad = self.vocab["<pad>"]
        self.banned_ids = sorted({pad, self.vocab.get("<unk>", pad), self.vocab.get(HINT_TOKEN, pad)})  # a hint is never written
        self.quantize = str(device).startswith("cpu") if quantize is None else quantize
        self._words = None  # WordBoundaries, built on the first constrained batch
        generation = self.model.generation_config
        # A model may ask for a repetition penalty in its generation_config (our small
        # shipped model does: it loops without one); every decoder applies it.
        self.repetition_penalty = float(getattr(generation, "repetition_penalty", None) or 1.0)
        # and a length penalty (beams ranked by score / length^p; ours: 1.5, its outputs run short)
        self.length_penalty = float(getattr(generation, "length_penalty", None) or 1.0)
        # what a constrained beam search takes off for each stray piece around its terms (NonWords,
        # LoneCharacters); an attribute, so that a benchmark can set it to 0 to compare
        self.nonword_penalty = NONWORD_PENALTY

    # --- text and tokens ---------------------------------------------------------------------

    def count_tokens(self, sentence: str) -> int:
        """Source tokens of ``sentence`` (without the language token and ``</s>``)."""
        return len(self.tokenizer.spm_source.encode(sentence))

    def split_to_fit(self, sentence: str) -> list[str]:
        """Pieces of ``sentence`` that each fit :attr:`max_source_tokens`; joined, they give it back."""
        if self.count_tokens(sentence) <= self.max_source_tokens:
            return [sentence]

        max_chars = max(1, len(sentence) // 2)
        lang = "zh" if self.source_lang == "zh" else "ru"  # English (a pivot leg) splits at the same marks
        while True:
            pieces = split_long(sentence, max_chars, lang)
            if all(self.count_tokens(p) <= self.max_source_tokens for p in pieces) or max_chars == 1:
                return pieces
            max_chars = max(1, max_chars * 2 // 3)

    @property
    def reads_hints(self) -> bool:
        """Whether the model was trained with term hints (``config.json`` declares it)."""
        declared = getattr(self.model.config, CONFIG_KEY, None)
        return bool(declared) and HINT_TOKEN in self.vocab

    def encode(self, texts: Sequence[str]):
        """A padded batch of ``texts`` behind the target-language token, on the model's device."""
        batch = self.tokenizer([self.prefix + t for t in texts], return_tensors="pt", padding=True)
        return batch.to(self.device)

    def source_tokens(self, texts: Sequence[str]) -> list[list[str]]:
        """The source pieces of ``texts`` as the fast path takes them (no padding)."""
        pad = self.vocab["<pad>"]
        return [self.tokenizer.convert_ids_to_tokens([i for i in row if i != pad])
                for row in self.encode(texts)["input_ids"].tolist()]

    def decode(self, ids: Sequence[int]) -> str:
        """Target text of token ids, special tokens dropped."""
        return self.tokenizer.decode(list(ids), skip_special_tokens=True).strip()

    def decode_pieces(self, tokens: Sequence[str]) -> str:
        """Target text of token strings (what the fast path returns)."""
        return self.decode(self.tokenizer.convert_tokens_to_ids(list(tokens)))

    def max_new_tokens(self, text: str, extra: int = 0) -> int:
        """Target tokens allowed for source ``text``: twice its length and ten, ``extra`` more.

        Hints appended to ``text`` do not count: the translation is of the sentence (with
        them, the sample press release's source is half as long again).
        """
        return min(self.max_target_tokens, 2 * self.count_tokens(strip_hints(text)) + 10 + extra)

    # --- decoding ----------------------------------------------------------------------------

    def generate(self, texts: Sequence[str], num_beams: int) -> list[Hypothesis]:
        """Unconstrained translations of ``texts`` in one ``generate()`` batch."""
        import torch


        torch.set_num_threads(torch_threads())  # CTranslate2 may have left this thread at one
        batch = self.encode(texts)
        limit = max(self.max_new_tokens(t) for t in texts)
        with torch.inference_mode():
            generated = self.model.generate(
                **batch, num_beams=num_beams, do_sample=False, max_new_tokens=limit,
                bad_words_ids=[[i] for i in self.banned_ids], max_length=None,
            )
        eos = self.model.config.eos_token_id
        return [Hypothesis(text=self.decode(row[1:]), complete=eos in row[1:]) for row in generated.tolist()]

    def n_best(self, sentence: str, n: int, num_beams: int) -> list[str]:
        """The ``n`` best unconstrained translations of one sentence by ``generate()``."""
        import torch

        with torch.inference_mode():
            generated = self.model.generate(
                **self.encode([sentence]), num_beams=num_beams, num_return_sequences=n, do_sample=False,
                max_new_tokens=self.max_new_tokens(sentence), max_length=None,
                bad_words_ids=[[i] for i in self.banned_ids],
            )
        return [self.decode(row[1:]) for row in generated.tolist()]

    def search(self, jobs: Sequence[Job], num_beams: int = 1, natural=None) -> list[Hypothesis]:
        """Constrained translations of one batch: beam search with ``num_beams`` > 1, else greedy.

        ``natural`` gives, per job, the token length at which the fast path's
        unconstrained beam finished (or None): it bounds the search
        (:func:`constrained_limit`).
        """
        texts = [text for text, _ in jobs]
        tries = self._tries(jobs)
        term_tokens = [sum(t.max_length for t in row if t) + 2 for row in tries]
        ceilings = [self.max_new_tokens(text, extra) for text, extra in zip(texts, term_tokens)]
        limits = [constrained_limit(ceiling, extra, length)
                  for ceiling, extra, length in zip(ceilings, term_tokens, natural or [None] * len(texts))]
        batch = self.encode(texts)
        shared = dict(hard_limit=self.max_target_tokens, words=self.word_boundaries(),
                      repetition_penalty=self.repetition_penalty, piece_texts=self.piece_texts,
                      quantize=self.quantize, ceilings=ceilings)
        if num_beams > 1:
            results = constrained_beam_search(
                self.model, batch["input_ids"], batch["attention_mask"], tries, limits, self.banned_ids,
                num_beams=num_beams, length_penalty=self.length_penalty,
                nonword_penalty=self.nonword_penalty, **shared)
            return [Hypothesis(text=self.decode(r.tokens), met=r.met, complete=r.complete) for r in results]

        states = constrained_greedy(self.model, batch["input_ids"], batch["attention_mask"],
                                    tries, limits, self.banned_ids, **shared)
        return [Hypothesis(text=self.decode(s.tokens), met=list(s.met), complete=s.complete) for s in states]

    def _tries(self, jobs: Sequence[Job]) -> list[list]:
        """Each job's term tries, with deadlines; a term the vocabulary cannot spell is logged."""
        sp = self.tokenizer.spm_target
        spaced = self.target_lang != "zh"
        tries = [build_tries(wanted, sp, self.vocab, spaced=spaced) for _, wanted in jobs]
        ratio = character_ratio(self.source_lang, self.target_lang)
        for (text, wanted), row in zip(jobs, tries):
            set_deadlines(row, wanted, text, ratio, self.target_lang)
            for constraint, trie in zip(wanted, row):
                if trie is None:
                    log.warning("%s: the model's vocabulary cannot spell %r; the term cannot be enforced",
                                self.name, constraint.alternatives[0])
        return tries

    def prepare_search(self) -> None:
        """Build what every constrained search shares, once, before a fork copies it."""
        if self.quantize:
            prepared_weights(self.model, True)
        self.word_boundaries()

    def word_boundaries(self):
        """The target vocabulary's :class:`WordBoundaries` (built once), or None for Chinese."""
        if self.target_lang == "zh":
            return None
        if self._words is None:
            self._words = WordBoundaries.from_vocab(self.vocab)
        return self._words


def constrained_limit(ceiling: int, term_tokens: int, natural: int | None) -> int:
    """Token budget of a constrained search: the source-based ``ceiling``, or less.

    Where the fast path's unconstrained beam finished at ``natural`` tokens, see
    :func:`~workbench.engine.constrained.natural_budget`; the searches may lift that
    budget, once, to the ceiling (``_Search._lift_bound``, :meth:`RowState.step`).
    """
    return min(ceiling, natural_budget(natural, term_tokens)) if natural else ceiling
