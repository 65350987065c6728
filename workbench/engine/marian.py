"""MarianMT through transformers: loading, batching, length limits, constrained decoding.

The same code serves the models this project ships under ``models/`` and any
``Helsinki-NLP/opus-mt-*`` checkpoint: both are OPUS-MT directories read by
``MarianMTModel`` and ``MarianTokenizer``. Multilingual checkpoints choose the
target language with a ``>>xx<<`` token in front of the source.

Nothing is cut silently: a sentence longer than the model's limit is split at
a safe point (see :func:`workbench.segment.split_long`) and translated in parts.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Sequence

from workbench.engine.base import Constraint, Hypothesis
from workbench.errors import ModelError

log = logging.getLogger(__name__)

#: ``>>xx<<`` tokens tried, in order, for each target language: ours, then OPUS-MT's.
LANGUAGE_TOKENS = {
    "zh": (">>zh<<", ">>cmn_Hans<<", ">>zho_Hans<<", ">>zho<<", ">>cmn<<"),
    "ru": (">>ru<<", ">>rus<<"),
    "en": (">>en<<", ">>eng<<"),
}

#: Longest source, in tokens, sent to the model in one piece; longer sentences are
#: split at clause boundaries and the parts' translations joined. Marian's positions
#: go to 512, but quality falls long before: the shipped model never saw a pair over
#: 128 tokens, and on the dev sentences over 100 tokens, beam 4, splitting at 100
#: rather than 200 raised chrF from 11.8 to 14.1 (TICO-19 ru→zh, 49 sentences),
#: 24.5 to 32.0 (TICO-19 zh→ru, 18), 5.1 to 5.6 (WMT21 ru→zh, 33) and 19.0 to 24.0
#: (WMT21 zh→ru, 3); at 126 the gains were about half. It also shortens the
#: constrained searches that the longest sentence of a batch holds open.
DEFAULT_MAX_SOURCE_TOKENS = 100

#: Sentences with terms first decoded on the fast path as a sample (see
#: ``MarianTranslator._first_try_fast``), and the share of them that must come out
#: with every term for the others to be tried too: a try costs about a quarter of a
#: constrained search (0.02 s against 0.07 s a sentence with the shipped model).
FIRST_TRY_PROBE = 8
FIRST_TRY_PAYS = 0.25


def resolve_model_path(name_or_path: str) -> str:
    """A local directory as an absolute path, a hub id unchanged; a clear error otherwise."""
    path = Path(name_or_path).expanduser()
    if path.is_dir():
        if not (path / "config.json").exists():
            raise ModelError(f"{path}: not a model directory (no config.json)")
        return str(path.resolve())
    if path.exists() or name_or_path.startswith((".", "/", "~")) or name_or_path.count("/") > 1:
        raise ModelError(f"{name_or_path}: no such model directory")
    return name_or_path


def model_languages(name_or_path: str) -> tuple[set[str], set[str]] | None:
    """Source and target languages a model declares (tokenizer_config or hub id), if any."""
    path = Path(name_or_path)
    config_file = path / "tokenizer_config.json"
    if config_file.exists():
        config = json.loads(config_file.read_text(encoding="utf-8"))
        source, target = config.get("source_lang"), config.get("target_lang")
        if source and target:
            return set(str(source).split("+")), set(str(target).split("+"))
    stem = path.name.lower()
    if stem.startswith("opus-mt-") and stem.count("-") == 3:
        _, _, source, target = stem.split("-")
        return {source}, {target}
    return None


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
        self.name = name_or_path
        self.source_lang = source_lang
        self.target_lang = target_lang
        self.device = device
        self.batch_size = batch_size
        self.model_path = resolve_model_path(name_or_path)
        self.tokenizer, self.model = _load(self.model_path, allow_pickle, device)
        self.prefix = self._language_prefix()
        limit = min(self.tokenizer.model_max_length, self.model.config.max_position_embeddings) - 2
        self.max_source_tokens = min(max_source_tokens or DEFAULT_MAX_SOURCE_TOKENS, limit)
        self.max_target_tokens = self.model.config.max_position_embeddings - 2
        vocab = self.tokenizer.get_vocab()
        self.vocab = vocab
        from workbench.engine.constrained import piece_table

        self.piece_texts = piece_table(vocab)  # id → text: lets the searches read their own output
        from workbench.train.hints import HINT_TOKEN

        self.banned_ids = sorted({vocab["<pad>"], vocab.get("<unk>", vocab["<pad>"]),
                                  vocab.get(HINT_TOKEN, vocab["<pad>"])})  # a hint is never written
        self._words = None  # WordBoundaries, built on the first constrained batch
        self.fast_path = fast_path
        self.quantize = str(device).startswith("cpu") if quantize is None else quantize
        self._ct2 = None  # CT2Decoder, created on the first plain batch
        self.parallel = parallel
        self._helper = None  # SearchHelper, forked on the first call with terms in two sentences
        # A model may ask for a repetition penalty in its generation_config (our small
        # shipped model does: it loops without one); every decoder below applies it.
        self.repetition_penalty = float(getattr(self.model.generation_config, "repetition_penalty", None) or 1.0)
        # and a length penalty (beams ranked by score / length^p; ours: 1.5, its outputs run short)
        self.length_penalty = float(getattr(self.model.generation_config, "length_penalty", None) or 1.0)

    def _language_prefix(self) -> str:
        codes = getattr(self.tokenizer, "supported_language_codes", None) or []
        if not codes:
            return ""
        for code in LANGUAGE_TOKENS.get(self.target_lang, ()):
            if code in codes:
                return code + " "
        raise ModelError(
            f"{self.name}: multilingual model has no target token for {self.target_lang!r} "
            f"(it knows {', '.join(codes[:8])})"
        )

    def count_tokens(self, sentence: str) -> int:
        """Source tokens of ``sentence`` (without the language token and ``</s>``)."""
        return len(self.tokenizer.spm_source.encode(sentence))

    def split_to_fit(self, sentence: str) -> list[str]:
        """Pieces of ``sentence`` that each fit :attr:`max_source_tokens`; joined, they give it back."""
        if self.count_tokens(sentence) <= self.max_source_tokens:
            return [sentence]
        from workbench.segment import split_long

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
        from workbench.train.hints import CONFIG_KEY, HINT_TOKEN

        declared = getattr(self.model.config, CONFIG_KEY, None)
        return bool(declared) and HINT_TOKEN in self.vocab

    def translate(self, sentences: Sequence[str], constraints: Sequence[Sequence[Constraint]] | None = None,
                  *, num_beams: int = 4, enforce: bool = True, hints: bool = False) -> list[Hypothesis]:
        """Translate sentences; sentences with constraints are decoded under them.

        ``enforce=False`` decodes the sentences with constraints in the same
        batches as enforcement would, only without the constrained search (see
        :meth:`_run_jobs`): so the two differ only where the search ran.
        ``hints`` (for a model that :attr:`reads_hints`) appends the hints of
        each piece's constraints to that piece after the split, so they never
        count towards its length and go with the terms they stand for.
        """
        hinting = hints and self.reads_hints
        constraints = constraints or [()] * len(sentences)
        results: list[Hypothesis] = []
        jobs = []  # (sentence index, piece text, constraints, their indices in the sentence)
        for index, (sentence, wanted) in enumerate(zip(sentences, constraints)):
            pieces = self.split_to_fit(sentence) if sentence.strip() else [sentence]
            owner = [_owning_piece(c, pieces) for c in wanted]
            for number, piece in enumerate(pieces):
                mine = [k for k, p in enumerate(owner) if p == number]
                if hinting:
                    piece = _with_hints(piece, [wanted[k] for k in mine])
                jobs.append((index, piece, tuple(wanted[k] for k in mine), mine))
            results.append(Hypothesis(text="", met=[False] * len(wanted), parts=len(pieces)))
        outputs = self._run_jobs([(piece, wanted) for _, piece, wanted, _ in jobs], num_beams, enforce)
        joiner = "" if self.target_lang == "zh" else " "
        for (index, _, _, mine), output in zip(jobs, outputs):
            result = results[index]
            result.text = joiner.join(filter(None, [result.text, output.text]))
            result.complete = result.complete and output.complete
            for k, met in zip(mine, output.met):
                result.met[k] = met
        return results

    def alternatives(self, sentence: str, n: int = 3, *, num_beams: int | None = None) -> list[str]:
        """The ``n`` best unconstrained translations of one sentence (that fits the model)."""
        import torch

        beams = max(n, num_beams or n)
        fast = self._fast_decoder()
        if fast is not None:
            [hypotheses] = fast.decode(self._source_tokens([sentence]), num_beams=beams,
                                       max_new_tokens=self._max_new_tokens(sentence), num_hypotheses=n)
            return [self._decode(self.tokenizer.convert_tokens_to_ids(tokens)) for tokens, _ in hypotheses]
        batch = self._encode([sentence])
        with torch.inference_mode():
            generated = self.model.generate(
                **batch, num_beams=beams, num_return_sequences=n, do_sample=False,
                max_new_tokens=self._max_new_tokens(sentence), max_length=None,
                bad_words_ids=[[i] for i in self.banned_ids],
            )
        return [self._decode(row[1:]) for row in generated.tolist()]

    def _run_jobs(self, jobs, num_beams, enforce: bool = True) -> list[Hypothesis]:
        """Translate (text, constraints) pairs, keeping their order.

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
        order = sorted(range(len(jobs)), key=lambda i: self.count_tokens(jobs[i][0]))
        outputs: list[Hypothesis | None] = [None] * len(jobs)
        for i in order:
            if not jobs[i][0].strip():
                outputs[i] = Hypothesis(text="", met=[False] * len(jobs[i][1]))
        live = [i for i in order if outputs[i] is None]
        plain = [i for i in live if not jobs[i][1]]
        forced = [i for i in live if jobs[i][1]]
        natural: dict[int, int] = {}
        tops: dict[int, Hypothesis] = {}
        if forced:
            forced, natural = self._first_try_fast([jobs[i] for i in forced], forced, outputs, num_beams, tops)
        if not enforce:
            self._unenforced(jobs, forced, tops, outputs, num_beams)
            forced = []
        helper = self._search_helper(len(forced))  # forked before CTranslate2's threads get busy
        pending = self._plain_later([jobs[i][0] for i in plain], num_beams) if plain else None
        self._run_constrained(jobs, forced, natural, outputs, num_beams, helper)
        if pending is not None:
            for i, hyp in zip(plain, pending()):
                outputs[i] = hyp
        return outputs  # type: ignore[return-value]

    def _run_constrained(self, jobs, forced: list[int], natural: dict[int, int], outputs: list,
                         num_beams: int, helper) -> None:
        """Constrained searches of ``forced`` (length-sorted) in batches, half of them on ``helper``.

        On a CPU the sentences are dealt into two halves (:func:`_halves`), each
        batched by length; the halves are the same with or without a helper, so
        are the drafts.
        """
        import torch

        from workbench.engine.helper import THREADS_LOCK, torch_threads

        def run_here(group):
            for i, hyp in zip(group, self._constrained([jobs[i] for i in group], num_beams,
                                                        [natural.get(i) for i in group])):
                outputs[i] = hyp

        here, there = _halves(forced) if str(self.device).startswith("cpu") else (forced, [])
        if helper is None:
            torch.set_num_threads(torch_threads())
            for group in _chunks(here, self.batch_size) + _chunks(there, self.batch_size):
                run_here(group)
            return
        futures = self._submit(helper, jobs, _chunks(there, self.batch_size), num_beams, natural)
        with THREADS_LOCK:  # one core for the helper, one for this process
            threads = torch.get_num_threads()
            torch.set_num_threads(1)
            try:
                for group in _chunks(here, self.batch_size):
                    run_here(group)
            finally:
                torch.set_num_threads(threads)
        for group, future in futures:
            hyps = None
            if future is not None:
                try:
                    hyps = future.result()
                except Exception as err:  # noqa: BLE001 - the helper died: its batches run here
                    self._helper_failed(err)
            if hyps is None:
                run_here(group)
                continue
            for i, hyp in zip(group, hyps):
                outputs[i] = hyp

    def _submit(self, helper, jobs, groups, num_beams: int, natural: dict[int, int]) -> list:
        """(group, future) for each batch given to ``helper``; future None where it refused work."""
        try:
            return [(group, helper.submit([jobs[i] for i in group], num_beams, [natural.get(i) for i in group]))
                    for group in groups]
        except Exception as err:  # noqa: BLE001 - a dead helper refuses work: all of it runs here
            self._helper_failed(err)
            return [(group, None) for group in groups]

    def _helper_failed(self, err: Exception) -> None:
        if self._helper:
            log.warning("%s: search helper failed (%s); decoding in this process from now on", self.name, err)
        self._close_helper()

    def _search_helper(self, sentences: int):
        """The forked helper process (:mod:`workbench.engine.helper`), or None when it would not pay.

        Made on the first call with two or more sentences to constrain, on a Linux
        CPU with two cores or more, unless ``parallel`` is False.
        """
        if self.parallel is False or self._helper is False or sentences < 2:
            return None
        if self._helper is None:
            from workbench.engine import helper

            if not (str(self.device).startswith("cpu") and helper.cores() >= 2 and helper.can_fork()):
                self._helper = False
                return None
            self._prepare_constrained()
            try:
                self._helper = helper.SearchHelper(self)
            except Exception as err:  # noqa: BLE001 - no helper is no error: decode here
                log.warning("%s: no search helper (%s); decoding in this process", self.name, err)
                self._helper = False
                return None
        return self._helper

    def _prepare_constrained(self) -> None:
        """Build what every constrained search shares, once, before a fork copies it."""
        if self.quantize:
            from workbench.engine.decoder import prepared_weights

            prepared_weights(self.model, True)
        self._word_boundaries()

    def _word_boundaries(self):
        """The target vocabulary's :class:`WordBoundaries` (built once), or None for Chinese."""
        if self.target_lang == "zh":
            return None
        if self._words is None:
            from workbench.engine.constrained import WordBoundaries

            self._words = WordBoundaries.from_vocab(self.vocab)
        return self._words

    def _close_helper(self) -> None:
        if self._helper:
            helper, self._helper = self._helper, False
            helper.close()

    def close(self) -> None:
        """Stop the search helper process, if one runs (it also stops when this process ends)."""
        self._close_helper()

    def _encode(self, texts: Sequence[str]):
        batch = self.tokenizer([self.prefix + t for t in texts], return_tensors="pt", padding=True)
        return batch.to(self.device)

    def _max_new_tokens(self, text: str, extra: int = 0) -> int:
        return min(self.max_target_tokens, 2 * self.count_tokens(text) + 10 + extra)

    def _fast_decoder(self):
        """The CTranslate2 decoder for this checkpoint, or None (not installed, off, or failed)."""
        if self.fast_path == "off" or self._ct2 is False:
            return None
        if self._ct2 is None:
            from workbench.engine import ct2

            if not ct2.available():
                self._ct2 = False
                return None
            try:
                self._ct2 = ct2.CT2Decoder(self.model_path, device=self.device,
                                           repetition_penalty=self.repetition_penalty,
                                           length_penalty=self.length_penalty)
            except ModelError as err:
                log.warning("fast path unavailable, using transformers: %s", err)
                self._ct2 = False
                return None
        return self._ct2

    def _first_try_fast(self, jobs, indices, outputs, num_beams, tops=None) -> tuple[list[int], dict[int, int]]:
        """Accept the fast path's translation where it already has every term.

        The model often writes the agreed forms itself; then there is nothing to
        force, and the sentence comes out as it would without the glossary. But
        a model that does not know the glossary's names (the shipped one rarely
        does) would pay for the try and decode again: so the
        :data:`FIRST_TRY_PROBE` shortest sentences (``indices`` come sorted by
        length) go first, and the rest get the try only if at least
        :data:`FIRST_TRY_PAYS` of those were accepted. Short sentences make a
        cheap probe, and one biased towards trying: they hold fewer terms.

        Returns the indices that still need the constrained decoder, and the
        token length of the best finished hypothesis of each sentence tried: the
        length the model itself chose, which bounds the constrained search.
        ``tops`` (when given) receives each tried sentence's translation.
        """
        if self._fast_decoder() is None:
            return indices, {}
        probe, rest = indices[:FIRST_TRY_PROBE], indices[FIRST_TRY_PROBE:]
        natural = self._try_fast(jobs[:FIRST_TRY_PROBE], probe, outputs, num_beams, tops)
        accepted = sum(outputs[i] is not None for i in probe)
        if rest and accepted >= FIRST_TRY_PAYS * len(probe):
            natural.update(self._try_fast(jobs[FIRST_TRY_PROBE:], rest, outputs, num_beams, tops))
        return [i for i in indices if outputs[i] is None], natural

    def _try_fast(self, jobs, indices, outputs, num_beams, tops=None) -> dict[int, int]:
        """The fast path's translation of ``jobs``; fills ``outputs`` where it has every term.

        Only the best hypothesis counts, decoded as the plain path decodes. A
        lower one that happened to hold the terms was often a short one
        (CTranslate2 ranks hypotheses as they finish), and lost what the sentence
        said: TICO-19 zh→ru line 481 lost the «2» of «2,8 процента».
        """
        from workbench.engine.check import satisfies

        texts = [text for text, _ in jobs]
        limit = max(self._max_new_tokens(t) for t in texts)
        decoded = self._fast_decoder().decode(self._source_tokens(texts), num_beams=num_beams,
                                              max_new_tokens=limit)
        natural = {}
        for index, (_, wanted), [(tokens, complete)] in zip(indices, jobs, decoded):
            if complete:
                natural[index] = len(tokens)
            text = self._decode(self.tokenizer.convert_tokens_to_ids(tokens))
            if tops is not None:
                tops[index] = Hypothesis(text=text, met=[False] * len(wanted), complete=complete)
            if complete and satisfies(text, wanted, self.target_lang):
                outputs[index] = Hypothesis(text=text, met=[True] * len(wanted), complete=True)
        return natural

    def _unenforced(self, jobs, indices, tops: dict, outputs, num_beams) -> None:
        """Jobs with terms, left unforced: the fast path's try where there was one, else one plain call."""
        for i in indices:
            if i in tops:
                outputs[i] = tops[i]
        untried = [i for i in indices if i not in tops]
        if untried:
            for i, hyp in zip(untried, self._plain_later([jobs[i][0] for i in untried], num_beams)()):
                outputs[i] = Hypothesis(text=hyp.text, met=[False] * len(jobs[i][1]), complete=hyp.complete)

    def _source_tokens(self, texts: Sequence[str]) -> list[list[str]]:
        batch = self._encode(texts)
        pad = self.vocab["<pad>"]
        return [self.tokenizer.convert_ids_to_tokens([i for i in row if i != pad])
                for row in batch["input_ids"].tolist()]

    def _plain_later(self, texts: Sequence[str], num_beams: int):
        """Unconstrained translations of ``texts``: a function that returns their hypotheses.

        On the fast path they are decoded on CTranslate2's own threads meanwhile
        (the constrained searches run); otherwise by ``generate()`` in batches, now.
        """
        fast = self._fast_decoder()
        if fast is not None:
            return self._generate_ct2_later(fast, texts, num_beams)
        hypotheses = [hyp for group in _chunks(list(texts), self.batch_size)
                      for hyp in self._generate_torch(group, num_beams)]
        return lambda: hypotheses

    def _generate_ct2_later(self, fast, texts: Sequence[str], num_beams: int):
        """Start the fast path on ``texts``; returns a function that waits for its hypotheses."""
        sources = self._source_tokens(texts)
        limit = max(self._max_new_tokens(t) for t in texts)
        wait = fast.decode_later(sources, num_beams=num_beams, max_new_tokens=limit)

        def hypotheses() -> list[Hypothesis]:
            results = []
            for [(tokens, complete)] in wait():
                ids = self.tokenizer.convert_tokens_to_ids(tokens)
                results.append(Hypothesis(text=self._decode(ids), complete=complete))
            return results

        return hypotheses

    def _generate_torch(self, texts: Sequence[str], num_beams: int) -> list[Hypothesis]:
        import torch

        from workbench.engine.helper import torch_threads

        torch.set_num_threads(torch_threads())  # CTranslate2 may have left this thread at one
        batch = self._encode(texts)
        limit = max(self._max_new_tokens(t) for t in texts)
        with torch.inference_mode():
            generated = self.model.generate(
                **batch, num_beams=num_beams, do_sample=False, max_new_tokens=limit,
                bad_words_ids=[[i] for i in self.banned_ids], max_length=None,
            )
        eos = self.model.config.eos_token_id
        hypotheses = []
        for row in generated.tolist():
            body = row[1:]
            complete = eos in body
            hypotheses.append(Hypothesis(text=self._decode(body), complete=complete))
        return hypotheses

    def _constrained(self, jobs, num_beams: int = 1, natural=None) -> list[Hypothesis]:
        from workbench.engine.constrained import build_tries, constrained_greedy, set_deadlines
        from workbench.languages import character_ratio

        texts = [text for text, _ in jobs]
        sp = self.tokenizer.spm_target
        spaced = self.target_lang != "zh"
        words = self._word_boundaries()
        tries = [build_tries(wanted, sp, self.vocab, spaced=spaced) for _, wanted in jobs]
        ratio = character_ratio(self.source_lang, self.target_lang)
        for (text, wanted), row in zip(jobs, tries):
            set_deadlines(row, wanted, text, ratio, self.target_lang)
            for constraint, trie in zip(wanted, row):
                if trie is None:
                    log.warning("%s: the model's vocabulary cannot spell %r; the term cannot be enforced",
                                self.name, constraint.alternatives[0])
        term_tokens = [sum(t.max_length for t in row if t) + 2 for row in tries]
        ceilings = [self._max_new_tokens(text, extra) for text, extra in zip(texts, term_tokens)]
        limits = [_constrained_limit(ceiling, extra, length)
                  for ceiling, extra, length in zip(ceilings, term_tokens, natural or [None] * len(texts))]
        batch = self._encode(texts)
        if num_beams > 1:
            from workbench.engine.beam import constrained_beam_search

            results = constrained_beam_search(
                self.model, batch["input_ids"], batch["attention_mask"], tries, limits, self.banned_ids,
                num_beams=num_beams, hard_limit=self.max_target_tokens, words=words,
                repetition_penalty=self.repetition_penalty, piece_texts=self.piece_texts,
                quantize=self.quantize, length_penalty=self.length_penalty, ceilings=ceilings)
            return [Hypothesis(text=self._decode(r.tokens), met=r.met, complete=r.complete) for r in results]
        states = constrained_greedy(self.model, batch["input_ids"], batch["attention_mask"],
                                    tries, limits, self.banned_ids, hard_limit=self.max_target_tokens,
                                    words=words, repetition_penalty=self.repetition_penalty,
                                    piece_texts=self.piece_texts, quantize=self.quantize, ceilings=ceilings)
        return [Hypothesis(text=self._decode(s.tokens), met=list(s.met), complete=s.complete) for s in states]

    def _decode(self, ids: Sequence[int]) -> str:
        text = self.tokenizer.decode(list(ids), skip_special_tokens=True)
        return text.strip()


def _with_hints(piece: str, constraints: Sequence[Constraint]) -> str:
    """``piece`` with the distinct hints of its constraints (:func:`workbench.train.hints.with_hints`)."""
    from workbench.train.hints import with_hints

    hints = list(dict.fromkeys(c.hint for c in constraints if c.hint))
    return with_hints(piece, hints) if hints else piece


def _constrained_limit(ceiling: int, term_tokens: int, natural: int | None) -> int:
    """Token budget of a constrained search: the source-based ``ceiling``, or less.

    Where the fast path's unconstrained beam finished at ``natural`` tokens, see
    :func:`~workbench.engine.constrained.natural_budget`; the searches may lift that
    budget, once, to the ceiling (``_Search._lift_bound``, :meth:`RowState.step`).
    """
    from workbench.engine.constrained import natural_budget

    return min(ceiling, natural_budget(natural, term_tokens)) if natural else ceiling


def _chunks(items: list, size: int):
    """Consecutive runs of ``size`` items (none for an empty list); a short tail joins the run before.

    A batch's steps cost about the same whatever its width (2.6 ms a step for one
    sentence of the shipped model, 10 ms for sixteen): a last batch of one long
    sentence ran 70 steps on its own, where joining the batch before cost it
    little more than its rows.
    """
    size = max(1, size)
    chunks = [items[start:start + size] for start in range(0, len(items), size)]
    if len(chunks) > 1 and len(chunks[-1]) * 4 <= size:
        chunks[-2:] = [chunks[-2] + chunks[-1]]
    return chunks


def _halves(indices: list) -> tuple[list, list]:
    """Length-sorted ``indices`` dealt alternately: (this process's half, the helper's half).

    Both halves span every length, so they take about as long; the helper's holds
    the longest sentence, as this process also waits on the fast path and decodes
    the text.
    """
    last = (len(indices) - 1) % 2  # the parity of the longest sentence's position
    return indices[1 - last::2], indices[last::2]


def _owning_piece(constraint: Constraint, pieces: Sequence[str]) -> int:
    """The piece of a split sentence that holds the constraint's source text (else the first)."""
    for number, piece in enumerate(pieces):
        if constraint.source and constraint.source in piece:
            return number
    return 0


def _load_hint(path: str, err: Exception, offline: bool) -> str:
    """One line saying what went wrong loading a model, and what to do."""
    if "safetensors" in str(err).lower():
        return f"{str(err).splitlines()[0]} (pass --allow-pickle to load a pytorch_model.bin)"
    if not Path(path).exists() and (offline or isinstance(err, TypeError)):
        return ("not found in the local Hugging Face cache" + (" (HF_HUB_OFFLINE=1)" if offline else "")
                + "; download it once with internet access, or pass a model directory")
    return str(err).splitlines()[0]


def _compute_dtype(device: str):
    """fp32 on CPUs; on GPUs the stored dtype (``"auto"``), fp16 being fast there."""
    import torch

    return torch.float32 if str(device).startswith("cpu") else "auto"


def _load(path: str, allow_pickle: bool, device: str):
    """Load tokenizer and model; safetensors only unless ``allow_pickle``; never remote code."""
    import warnings

    try:
        from transformers import MarianMTModel, MarianTokenizer
    except ImportError as err:  # pragma: no cover - dependency missing
        raise ModelError(f"transformers is not installed: {err}") from err
    offline = os.environ.get("HF_HUB_OFFLINE") == "1"
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*sacremoses.*")
            tokenizer = MarianTokenizer.from_pretrained(path, local_files_only=offline)
        # transformers 5 keeps the stored dtype; fp16 weights (our shipped model) would
        # then run in fp16 on the CPU, which has no fast fp16 kernels: ten times slower.
        model = MarianMTModel.from_pretrained(
            path, use_safetensors=None if allow_pickle else True, trust_remote_code=False,
            local_files_only=offline, dtype=_compute_dtype(device),
        )
    except (OSError, ValueError, KeyError, TypeError) as err:  # TypeError: tokenizer files missing
        raise ModelError(f"cannot load model {path}: {_load_hint(path, err, offline)}") from err
    model.eval().to(device)
    return tokenizer, model
