"""Lexically constrained beam search with dynamic beam allocation (Post & Vilar, 2018).

Hypotheses are *banked* by how many constraints they have met; every step
each bank keeps its best candidates, so the beam always holds hypotheses
that are further along the constraints next to ones that are freer. The cost
is a constant factor over plain beam search (about ``C + 1`` banks for ``C``
terms), not exponential in the number of terms.

Constraints are disjunctive: each is a trie of token sequences
(:class:`workbench.engine.constrained.ConstraintTrie`) — every inflected form
of a Russian term, glossary variants, several tokenisations — and the model's
scores choose the branch, so the case that fits the sentence wins.

Rules that keep the output clean:

* a hypothesis cannot end while a constraint is unmet;
* a hypothesis that has started a term can only continue it (the other
  reading of the same token lives on as a separate candidate that did not
  enter the term), so a term is either completed or its hypothesis drops
  out of the beam — never half-written;
* a term the model writes by itself meets its constraint (it is not forced
  twice), in whatever pieces it spells it (:class:`TermSpotter` reads the text),
  and no term is written more often than its source has it;
* in Russian a term is a whole word: no piece glued to it before or after;
* a stray piece around the terms costs :data:`~workbench.engine.constrained.NONWORD_PENALTY`:
  in Russian each word that is no word (:class:`~workbench.engine.constrained.NonWords`), in
  Chinese a lone rare character right before a term or a piece glued onto its end
  (:class:`~workbench.engine.constrained.LoneCharacters`);
* when the tokens left would not fit the unmet terms, only progress is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from workbench.engine.decoder import beam_rows, encode, incremental_decoder
from workbench.engine.constrained import (ConstraintTrie, LoneCharacters, NonWords, RepetitionPenalty, TermSpotter,
                                          TrieNode, WordBoundaries, natural_budget, out_vocab, overdue_terms)


class State:
    """Where a hypothesis stands on its sentence's constraints (immutable by convention).

    The search builds tens of thousands per batch: a slotted class with positional
    arguments and the bank counted once (a frozen dataclass, ``dataclasses.replace``
    and a ``bank`` property that summed ``met`` on every read cost about a tenth of
    the bookkeeping).

    ``uses`` counts each term's occurrences so far, so that a term is not written
    more often than the source has it (``flaws`` counts the times it was).
    ``claimed`` is the token position where the last term placed through a trie
    ended: the spotter does not count it again.
    """

    __slots__ = ("met", "active", "just_finished", "uses", "claimed", "bank", "flaws")

    def __init__(self, met: tuple[bool, ...], active: tuple[int, TrieNode] | None = None,
                 just_finished: bool = False, uses: tuple[int, ...] = (), claimed: int = -1, flaws: int = 0):
        self.met = met
        self.active = active
        self.just_finished = just_finished
        self.uses = uses
        self.claimed = claimed
        self.bank = sum(met)
        self.flaws = flaws  # terms written once too often or in the wrong letter case (see Tracker._count)

    def __repr__(self) -> str:
        return (f"State(met={self.met}, active={self.active and self.active[0]}, "
                f"just_finished={self.just_finished}, uses={self.uses}, claimed={self.claimed}, flaws={self.flaws})")


#: Taken off the score of a hypothesis for each flaw (see :meth:`Tracker._count`): more
#: than any sentence's log-probability, so a flawed hypothesis only lives where no sound one can.
FLAW_PENALTY = 1e4


class Tracker:
    """Constraint transitions of one sentence.

    ``transitions`` and ``end_state`` take ``position`` (the tokens written before
    this one) and ``tail`` (the end of their text, see :meth:`next_tail`); with
    ``piece_texts`` (:func:`piece_table`) the tracker also sees terms the model spells
    outside the tries.
    """

    def __init__(self, tries: Sequence[ConstraintTrie | None], eos_id: int, words: WordBoundaries | None,
                 piece_texts: Sequence[str] | None = None, nonword_penalty: float = 0.0):
        self.tries = tries
        self.eos_id = eos_id
        self.words = words
        self.usable = [i for i, trie in enumerate(tries) if trie is not None]
        self.spotter = TermSpotter.for_tries(tries, piece_texts, words, eos_id)
        # the cost of the stray pieces a hypothesis writes around its terms (a spaced target read
        # through piece_texts); a sentence without terms is searched as CTranslate2 searches it
        costs = bool(nonword_penalty and piece_texts and self.usable)
        self.nonwords = NonWords([text for trie in tries if trie is not None for text in trie.texts], piece_texts,
                                 nonword_penalty) if costs and words is not None else None
        self.lone = LoneCharacters(nonword_penalty) if costs and words is None else None
        # output characters by which each term must have started (set_deadlines); None: no
        # deadlines, also where no spotter reads the output (its text is what they measure)
        deadlines = [trie.deadline if trie is not None else None for trie in tries]
        self.deadlines = deadlines if self.spotter and any(d is not None for d in deadlines) else None
        # per set of met terms: the unmet ones, and which unmet trie each start token enters
        # (asked for every candidate token of every hypothesis: computed once each)
        self._unmet: dict[tuple[bool, ...], list[int]] = {}
        self._starts: dict[tuple[bool, ...], dict[int, tuple[int, TrieNode]]] = {}
        self._extra: dict[tuple[tuple[bool, ...], bool], list[int]] = {}
        self._needed: dict[tuple[bool, ...], int] = {}

    def initial(self) -> State:
        return State(met=tuple(trie is None for trie in self.tries), uses=(0,) * len(self.tries))

    def next_tail(self, tail: str, token: int) -> str:
        """The text tail after ``token`` (kept on each hypothesis, for the spotter)."""
        return self.spotter.tail_after(tail, token) if self.spotter else ""

    def unmet(self, state: State) -> list[int]:
        unmet = self._unmet.get(state.met)
        if unmet is None:
            unmet = self._unmet[state.met] = [i for i in self.usable if not state.met[i]]
        return unmet

    def _start_table(self, state: State) -> dict[int, tuple[int, TrieNode]]:
        """First token → (unmet term, its trie node) for this state's unmet terms."""
        table = self._starts.get(state.met)
        if table is None:
            table = {}
            for index in self.unmet(state):
                for token, node in self.tries[index].root.children.items():
                    table.setdefault(token, (index, node))
            self._starts[state.met] = table
        return table

    def needed(self, state: State) -> int:
        """Tokens still needed, at most, for the unmet terms."""
        needed = self._needed.get(state.met)
        if needed is None:
            needed = self._needed[state.met] = sum(self.tries[i].max_length for i in self.unmet(state))
        return needed

    def extra_tokens(self, state: State, last_token: int | None) -> list[int]:
        """Tokens that make progress on a constraint from this state (do not modify the list)."""
        if state.active is not None:
            return list(state.active[1].children)
        glued = self.words is not None and last_token is not None and last_token in self.words.word_end
        key = (state.met, glued)
        extra = self._extra.get(key)
        if extra is None:
            extra = self._extra[key] = [t for i in self.unmet(state) for t in self.tries[i].root.children
                                        if self._may_start(t, last_token)]
        return extra

    def chars_after(self, chars: int, token: int) -> int:
        """The output's length in characters once ``token`` is written (for the deadlines)."""
        return chars + len(self.spotter.text(token)) if self.deadlines is not None else 0

    def overdue_starts(self, state: State, chars: int, last_token: int | None) -> list[int]:
        """First tokens of the unmet terms whose deadline ``chars`` output characters have passed."""
        if self.deadlines is None or state.active is not None:
            return []
        return [token for i in overdue_terms(self.tries, self.unmet(state), chars)
                for token in self.tries[i].root.children if self._may_start(token, last_token)]

    def may_end(self, state: State, tail: str = "", position: int = 0) -> bool:
        return self.end_state(state, tail, position) is not None

    def end_state(self, state: State, tail: str = "", position: int = 0) -> State | None:
        """The state once ``</s>`` is written (the last word may be a term); None if it may not end."""
        if state.active is not None:
            if not state.active[1].terminal:
                return None
            state = self._finish_active(state, position)
        state = self._count(state, self._spot(tail, self.eos_id, position))
        return state if all(state.met) else None

    def transitions(self, state: State, token: int, last_token: int | None, forced: bool,
                    tail: str = "", position: int = 0) -> list[State]:
        """States after ``token``; empty when the token is not allowed here."""
        if state.active is not None:
            index, node = state.active
            child = node.children.get(token)
            if child is not None:
                return self._enter(state, index, child, position + 1)
            if not node.terminal:
                return []  # a started term is completed, never half-written
            state = self._finish_active(state, position)
        cleared = state
        if state.just_finished:
            if self.words is not None and token in self.words.continuation:
                return []
            cleared = State(state.met, state.active, False, state.uses, state.claimed, state.flaws)
        # (the calls below are inlined where nothing happens: this runs for every candidate)
        seen = self.spotter.completes(tail, token) if self.spotter is not None else None
        if seen is None:
            free = cleared
        else:  # the term counts, or is a flaw (a copy too many, miscased)
            free = self._count(cleared, (seen[0], position if seen[1] else position + 1, seen[2], seen[3]))
        results = [] if forced else [free]
        # entering a term: in Russian a term the spotter saw ended before this token and
        # counts; in Chinese what it sees ends with this token, which belongs to the new term
        start = free if self.words is not None else cleared
        entry = self._start_table(start).get(token)
        if entry is not None and self._may_start(token, last_token):
            results.extend(self._enter(start, entry[0], entry[1], position + 1))
        return results

    def _spot(self, tail: str, token: int, position: int):
        """(constraint, end position, exact, accepted) of a term ``token`` completes, or None."""
        seen = self.spotter.completes(tail, token) if self.spotter is not None else None
        if seen is None:
            return None
        found, before, exact, accepted = seen
        return found, position if before else position + 1, exact, accepted

    def _count(self, state: State, spotted) -> State:
        """A spotted term counts as written, unless a trie placed it.

        One copy too many, or a term written in the wrong letter case (see
        :class:`TermSpotter`), is a flaw: the search ranks a flawed hypothesis
        below every sound one (:data:`FLAW_PENALTY`). It used to drop it, but
        when every hypothesis of a beam wrote «Россия» a second time, nothing was
        left that could still place the sentence's last term, and the draft went
        out without it. A derived word the model wrote (``accepted``) meets the
        term without counting as a copy.
        """
        if spotted is None or spotted[1] == state.claimed:
            return state
        index, _, exact, accepted = spotted
        if not exact or (not accepted and state.met[index] and state.uses[index] >= self.tries[index].count):
            return State(state.met, state.active, state.just_finished, state.uses, state.claimed, state.flaws + 1)
        met, uses = list(state.met), list(state.uses)
        met[index] = True
        uses[index] += 0 if accepted else 1
        return State(tuple(met), state.active, state.just_finished, tuple(uses), state.claimed, state.flaws)

    def _enter(self, state: State, index: int, node: TrieNode, end: int) -> list[State]:
        if node.terminal and not node.children:
            return [self._met(state, index, end)]
        results = [State(state.met, (index, node), state.just_finished, state.uses, state.claimed, state.flaws)]
        if node.terminal:  # a complete alternative that a longer one extends
            results.append(self._met(state, index, end))
        return results

    def _finish_active(self, state: State, end: int) -> State:
        return self._met(state, state.active[0], end)

    @staticmethod
    def _met(state: State, index: int, end: int) -> State:
        met, uses = list(state.met), list(state.uses)
        met[index] = True
        uses[index] += 1
        return State(tuple(met), None, True, tuple(uses), end, state.flaws)

    def _may_start(self, token: int, last_token: int | None) -> bool:
        if self.words is None or token not in self.words.continuation:
            return True
        return last_token is None or last_token not in self.words.word_end


@dataclass
class Hyp:
    tokens: list[int]
    score: float
    state: State
    source_slot: int = 0  # the beam slot of its parent in the previous step
    cut: bool = False  # ended by the length budget, not by the model's choice
    tail: str = ""  # the end of its text, for the term spotter
    chars: int = 0  # the length of its text, for the terms' deadlines
    word: str = ""  # its unfinished last word, for the cost of stray pieces (Tracker.nonwords)


@dataclass
class BeamResult:
    """The best finished hypothesis of a sentence."""

    tokens: list[int]
    met: list[bool]
    complete: bool
    score: float


#: Widest beam that many constraints may ask for. Dynamic beam allocation keeps the banks with
#: the most terms met first, so a beam narrower than terms + 1 still meets every term (1.000 on
#: the term test set either way); a beam of terms + 1 cost 1.5x the time for the same chrF.
WIDEST = 4


def constrained_beam_search(model, input_ids, attention_mask, tries_per_row, max_new_tokens, banned_ids,
                            *, num_beams: int = 4, hard_limit: int | None = None,
                            words: WordBoundaries | None = None, length_penalty: float = 1.0,
                            repetition_penalty: float = 1.0, piece_texts: Sequence[str] | None = None,
                            quantize: bool = False, ceilings: Sequence[int] | None = None,
                            nonword_penalty: float = 0.0):
    """Beam search of one batch under per-sentence constraint tries (see the module docstring).

    ``ceilings`` (per sentence, default ``max_new_tokens``; never past
    ``hard_limit``) is how far a budget set from the model's own length may be
    lifted, once, unless the best translation ended within it (:meth:`_Search._lift_bound`).

    ``piece_texts`` (id → text, :func:`piece_table`) lets the search see terms spelled in pieces
    the tries do not hold; without it only the tries' spellings count. ``quantize`` runs the
    decoder's linear layers in int8 (see :mod:`workbench.engine.decoder`). ``nonword_penalty`` is
    taken off a hypothesis for each stray piece it writes around its terms (with ``piece_texts``):
    a word that is no word in a spaced target (:class:`~workbench.engine.constrained.NonWords`), a
    lone or glued character around a Chinese term (:class:`~workbench.engine.constrained.LoneCharacters`).
    """
    import torch

    config = model.config
    eos_id, start_id = config.eos_token_id, config.decoder_start_token_id
    batch = len(tries_per_row)
    trackers = [Tracker(tries, eos_id, words, piece_texts, nonword_penalty) for tries in tries_per_row]
    beam = max(num_beams, min(WIDEST, max(len(t.usable) + 1 for t in trackers)))
    limits = [min(hard_limit or m, m) if hard_limit else m for m in max_new_tokens]
    search = _Search(trackers, beam, limits, eos_id, length_penalty, banned_ids, hard_limit or max(limits),
                     ceilings)
    with torch.inference_mode():
        hidden = encode(model, input_ids, attention_mask, quantize=quantize)
        decoder = incremental_decoder(model, hidden, attention_mask, beam, quantize=quantize)
        next_tokens = torch.full((batch * beam,), start_id, dtype=torch.long, device=input_ids.device)
        open_now = list(range(batch))
        seen = RepetitionPenalty(repetition_penalty, batch * beam, out_vocab(model), input_ids.device)
        while not search.done():
            # log-probabilities are read only at the candidates: the row's log-normaliser is
            # subtracted there, and the full-width log_softmax is never written
            logits = seen.apply(decoder.step(next_tokens))
            normaliser = torch.logsumexp(logits, dim=-1)
            logits[:, banned_ids] = float("-inf")
            search.mask_glued(logits, open_now)
            rows, tokens = search.step(logits, open_now, normaliser)
            index = torch.tensor(rows, dtype=torch.long, device=logits.device)
            decoder.reorder(index)
            next_tokens = torch.tensor(tokens, dtype=torch.long, device=logits.device)
            seen.advance(index, next_tokens)
            still_open = [s for s in open_now if not search.closed[s]]
            if still_open and len(still_open) < len(open_now):
                # drop the rows of finished sentences: the remaining steps get cheaper
                kept = torch.tensor([open_now.index(s) for s in still_open], dtype=torch.long,
                                    device=logits.device)
                decoder.keep(kept)
                keep = beam_rows(kept, beam)
                next_tokens = next_tokens[keep]
                seen.select(keep)
            open_now = still_open
    return search.results()


class _LengthBudget:
    """How long a constrained search may run, per sentence: the budget from the model's own length plus
    the terms (:meth:`_bound_by_model`), lifted once where a forced term led to a longer translation
    (:meth:`_lift_bound`), extended where no hypothesis could end in it (:meth:`_extend_budget`).
    A part of :class:`_Search`, which holds the state these methods read and set."""

    def _bound_by_model(self, sentence, tracker, top_ids, base) -> None:
        """Shorten the budget once the model, unforced, would end the sentence.

        The first step at which ``</s>`` is among a hypothesis's candidates is where
        the model first considers ending it: about the length it chose; the
        constrained translation gets that plus the terms' tokens
        (:func:`natural_budget`). Without this bound a model that keeps writing
        after a forced term runs to the source-based limit (the forced mode still
        places every term in time: ``remaining`` shrinks with the limit). (Waiting
        for a ``</s>`` that would win a place in the beam, as plain beam search
        ends a translation, moved dev-set chrF by +0.01 to +0.03 but made the zh→ru
        term-set search 1.52× plain beam search instead of 1.47×: not kept.)
        """
        if sentence in self.bounded or not tracker.usable:  # without terms the model ends by itself
            return
        if any(self.eos_id in top_ids[base + slot] for slot in range(len(self.alive[sentence]))):
            self.bounded.add(sentence)
            # the terms' shortest spellings set the budget; it never falls below what the
            # hypothesis nearest to done needs to place its unmet terms in their longest
            terms = sum(tracker.tries[i].min_length for i in tracker.usable)
            floor = self.step_count + min(tracker.needed(h.state) for h in self.alive[sentence]) + 1
            self.limits[sentence] = min(self.limits[sentence],
                                        max(natural_budget(self.step_count, terms), floor))

    def _lift_bound(self, sentence) -> bool:
        """At a budget set from the model's own length, unless the best translation ended in it: go on, once.

        A forced term can lead the model down a longer path than the one it
        chose unforced; the bound (:meth:`_bound_by_model`, or the fast path's
        length) then cut every translation mid-sentence: 10 of the 125 ru→zh and
        5 of the 119 zh→ru term-set drafts, 6 of the sample press release's 42.
        Where a translation had ended within the budget, it was a short one: the
        longer ones, scoring as well or better, were cut, and a cut one ranks
        below one the model ended. The constrained drafts of the dev sets' term
        lines came out 4-19 % shorter than the unforced ones (chrF weighs recall
        twice). So the search goes on from where it is, to the source-based
        budget (the ceiling), unless a translation the model ended scores at least
        as well as every one still open (counting the ``</s>`` it still needs);
        at the ceiling a translation still unfinished is cut. Going on costs only
        the extra steps: a second search from the start took the sample press
        release from 3.69× the throughput of plain ``generate()`` to 2.81×.
        """
        ceiling = self.ceilings[sentence]
        if sentence in self.lifted or ceiling <= self.limits[sentence]:
            return False
        ended = [self._normalised(h) for h in self.finished[sentence] if not h.cut and not h.state.flaws]
        open_ = max((self._open_score(h) for h in self.alive[sentence]), default=float("-inf"))
        if ended and max(ended) >= open_:
            return False  # the model ended the best one itself: the budget did its work
        self.lifted.add(sentence)
        self.bounded.add(sentence)  # _bound_by_model must not shorten it again
        self.limits[sentence] = ceiling
        return True

    def _extend_budget(self, sentence) -> bool:
        """At the budget with no hypothesis done: give the nearest one the tokens it still needs.

        The budget is a guess at the length (the model's own plus the terms); when
        beam allocation has meanwhile dropped the hypotheses that would have fitted
        it, ending here would lose a term or leave it half-written. Only the
        model's hard limit may do that; the output is marked incomplete either way.
        """
        tracker = self.trackers[sentence]
        needed = min(tracker.needed(h.state) for h in self.alive[sentence]) + 1
        limit = min(self.hard_limit, self.step_count + needed)
        if limit <= self.step_count:
            return False
        self.limits[sentence] = limit
        return True

    def _normalised(self, hyp: Hyp) -> float:
        return hyp.score / (len(hyp.tokens) ** self.length_penalty)  # </s> counts, as in CTranslate2

    def _open_score(self, hyp: Hyp) -> float:
        """An open hypothesis's score as if it ended now: its ``</s>`` counts in the length."""
        return hyp.score / ((len(hyp.tokens) + 1) ** self.length_penalty)


class _Search(_LengthBudget):
    """The bookkeeping of a batched constrained beam search (no tensors but the scores)."""

    def __init__(self, trackers, beam, limits, eos_id, length_penalty, banned_ids, hard_limit, ceilings=None):
        self.trackers = trackers
        self.beam = beam
        self.limits = list(limits)
        self.hard_limit = hard_limit  # the model's own limit: no budget goes past it
        self.bounded: set[int] = set()  # sentences whose budget the model's own end has set
        # how far such a budget may be lifted (_lift_bound); lifted: sentences that were
        self.ceilings = [min(hard_limit, c) for c in (ceilings or limits)]
        self.lifted: set[int] = set()
        self.eos_id = eos_id
        self.length_penalty = length_penalty
        self.banned = set(banned_ids)
        self.step_count = 0
        self.alive: list[list[Hyp]] = [[Hyp([], 0.0, t.initial())] for t in trackers]
        self.finished: list[list[Hyp]] = [[] for _ in trackers]
        self.closed = [False] * len(trackers)

    def done(self) -> bool:
        return all(self.closed)

    def mask_glued(self, logits, open_sentences: list[int]) -> None:
        """Right after a term, pieces that would glue onto it are not candidates (spaced targets)."""
        for position, sentence in enumerate(open_sentences):
            words = self.trackers[sentence].words
            if words is None:
                continue
            for slot, hyp in enumerate(self.alive[sentence]):
                if hyp.state.just_finished:
                    logits[position * self.beam + slot, words.continuation_ids] = float("-inf")

    def step(self, logits, open_sentences: list[int], normaliser):
        """Extend the open sentences (whose rows ``logits`` holds, in order) by one token.

        ``logits`` minus the row's ``normaliser`` (its log-sum-exp) are the
        log-probabilities. Returns the source
        row of each new row and the token it ends with. The candidates of all
        sentences are scored with one gather (a gather per sentence was a tenth of
        the search).
        """
        import torch

        k = min(self.beam + 1, logits.shape[-1])
        top_ids = torch.topk(logits, k, dim=-1).indices.tolist()
        self.step_count += 1
        proposals, flat_rows, flat_tokens = [], [], []
        for position, sentence in enumerate(open_sentences):
            base = position * self.beam
            pairs, endings = self._candidates(sentence, top_ids, base)
            proposals.append((sentence, base, pairs, endings, len(flat_rows)))
            for slot, _, token, _ in pairs:
                flat_rows.append(base + slot)
                flat_tokens.append(token)
        scores = []
        if flat_rows:
            rows_at = torch.tensor(flat_rows, dtype=torch.long)
            picked = logits[rows_at, torch.tensor(flat_tokens, dtype=torch.long)] - normaliser[rows_at]
            scores = picked.tolist()
        rows, tokens = [], []
        for sentence, base, pairs, endings, offset in proposals:
            self._expand(sentence, pairs, scores[offset:offset + len(pairs)], endings, top_ids, base)
            kept = self.alive[sentence]
            for slot in range(self.beam):
                hyp = kept[slot] if slot < len(kept) else None
                rows.append(base + (hyp.source_slot if hyp else 0))
                tokens.append(hyp.tokens[-1] if hyp and hyp.tokens else self.eos_id)
        return rows, tokens

    def _candidates(self, sentence, top_ids, base):
        """(slot, hypothesis, token, forced) to score for one sentence, and each slot's end state."""
        tracker = self.trackers[sentence]
        self._bound_by_model(sentence, tracker, top_ids, base)
        remaining = self.limits[sentence] - self.step_count
        if remaining <= 0 and self._lift_bound(sentence):
            remaining = self.limits[sentence] - self.step_count
        pairs, endings = [], {}
        for slot, hyp in enumerate(self.alive[sentence]):
            last = hyp.tokens[-1] if hyp.tokens else None
            forced = remaining < tracker.needed(hyp.state) + 1
            extra = tracker.extra_tokens(hyp.state, last)
            if not forced and tracker.deadlines is not None:
                overdue = tracker.overdue_starts(hyp.state, hyp.chars, last)
                if overdue:  # past a term's deadline the hypothesis may only start it
                    forced, extra = True, overdue
            candidates = (list(extra) if forced else list(dict.fromkeys(top_ids[base + slot] + extra)))
            # the model's own end, or the budget's: a hypothesis ends where </s> is among its
            # best candidates (as in plain beam search), or at the limit (marked cut)
            ending = None
            if remaining <= 0 or self.eos_id in candidates:
                ending = tracker.end_state(hyp.state, hyp.tail, len(hyp.tokens))
                if ending is not None and remaining <= 0 and self.eos_id not in candidates:
                    candidates.append(self.eos_id)
            endings[slot] = ending
            for token in candidates:
                if token not in self.banned:
                    pairs.append((slot, hyp, token, forced))
        if not pairs:
            self.closed[sentence] = True
        return pairs, endings

    def _expand(self, sentence, pairs, scores, endings, top_ids, base):
        """Keep the best extensions of one sentence (dynamic beam allocation)."""
        if not pairs:
            return
        tracker = self.trackers[sentence]
        remaining = self.limits[sentence] - self.step_count
        expanded, endings_found = [], []
        nonwords = tracker.nonwords
        for (slot, hyp, token, forced), score in zip(pairs, scores):
            if score == float("-inf"):
                continue
            total = hyp.score + score
            if token == self.eos_id:
                ending = endings[slot]
                if ending is not None:
                    cut = remaining <= 0 and top_ids[base + slot][0] != self.eos_id
                    total -= FLAW_PENALTY * (ending.flaws - hyp.state.flaws)
                    if nonwords is not None:
                        total -= nonwords.at_end(hyp.word)
                    endings_found.append((total, slot, token, ending, cut))
                continue
            if nonwords is not None:
                total -= nonwords.after(hyp.word, token)[1]
            for state in tracker.transitions(hyp.state, token, hyp.tokens[-1] if hyp.tokens else None, forced,
                                             hyp.tail, len(hyp.tokens)):
                cost = FLAW_PENALTY * (state.flaws - hyp.state.flaws)
                if tracker.lone is not None and hyp.state.active is None:
                    if state.active or state.just_finished:
                        cost += tracker.lone.before_term(hyp.tail)  # a Chinese term entered here
                    if hyp.state.just_finished:  # the first piece after a Chinese term
                        cost += tracker.lone.after_term(hyp.tail, tracker.spotter.text(token))
                expanded.append((total - cost, slot, token, state))
        parents = self.alive[sentence]
        for total, slot, token, state, cut in self._endings_kept(endings_found, expanded, remaining, tracker):
            self.finished[sentence].append(Hyp(parents[slot].tokens + [token], total, state, cut=cut))
        if not expanded:  # nothing can follow: keep what we have rather than lose it
            self.closed[sentence] = True
            return
        self.alive[sentence] = self._allocate(expanded, len(tracker.usable), parents, tracker)
        self._close_if_done(sentence, remaining)

    def _endings_kept(self, endings, expanded, remaining, tracker) -> list:
        """The endings that make the beam, as in plain beam search (CTranslate2, fairseq).

        An ending counts only where it would win one of the beam's places
        against the other extensions (bank by bank, the same allocation as the
        live hypotheses): a low-scoring ``</s>`` that merely appears among a
        hypothesis's candidates would fill the finished list with short
        translations and close the sentence early. At the budget every ending
        counts: nothing else may follow.
        """
        if remaining <= 0 or not endings:
            return endings
        pool = [(total, slot, token, state) for total, slot, token, state, _ in endings]
        pool += [(total, slot, token, state) for total, slot, token, state in expanded]
        chosen = {id(c) for c in self._choose(pool, len(tracker.usable))}
        return [e for e, p in zip(endings, pool) if id(p) in chosen]

    def _allocate(self, expanded, constraints: int, parents: list[Hyp], tracker: Tracker) -> list[Hyp]:
        """Dynamic beam allocation: each bank (constraints met) gets its share, leftovers by score."""
        # (slot, token, state) triples are unique already: a slot's candidate tokens are
        # distinct, and the states one token leads to differ (free, inside a term, term met)
        chosen = self._choose(expanded, constraints)
        nonwords = tracker.nonwords
        return [Hyp(parents[slot].tokens + [token], total, state, slot,
                    tail=tracker.next_tail(parents[slot].tail, token),
                    chars=tracker.chars_after(parents[slot].chars, token),
                    word=nonwords.after(parents[slot].word, token)[0] if nonwords is not None else "")
                for total, slot, token, state in chosen]

    def _choose(self, candidates, constraints: int) -> list:
        """The beam's worth of ``(score, …, state)`` candidates, each bank its share, best first."""
        candidates = sorted(candidates, key=lambda c: -c[0])
        banks: dict[int, list] = {}
        chosen, rest = [], []
        for candidate in candidates:
            if candidate[3].flaws:  # a flawed hypothesis takes no bank's place, only what is left
                rest.append(candidate)
            else:
                banks.setdefault(candidate[3].bank, []).append(candidate)
        share = max(1, self.beam // (constraints + 1))
        for bank in sorted(banks, reverse=True):
            chosen.extend(banks[bank][:share])
            rest.extend(banks[bank][share:])
        chosen = chosen[:self.beam]
        rest.sort(key=lambda c: -c[0])
        chosen.extend(rest[:self.beam - len(chosen)])
        chosen.sort(key=lambda c: -c[0])
        return chosen

    def _close_if_done(self, sentence, remaining):
        finished, alive = self.finished[sentence], self.alive[sentence]
        if remaining <= 0 and not finished and alive and self._extend_budget(sentence):
            return
        if remaining <= 0 or not alive:
            self.closed[sentence] = True
            return
        if sum(not h.cut and not h.state.flaws for h in finished) >= self.beam:  # as fairseq: beam-many endings
            self.closed[sentence] = True

    def results(self) -> list[BeamResult]:
        out = []
        for tracker, finished, alive in zip(self.trackers, self.finished, self.alive):
            if finished:  # a sound one beats a flawed one; one the model ended beats one the budget cut
                best = max(finished, key=lambda h: (not h.state.flaws, not h.cut, self._normalised(h)))
                tokens = best.tokens[:-1]
                met = _met_after(tracker, best.state)
                out.append(BeamResult(tokens, met, not best.cut, self._normalised(best)))
            elif alive:
                best = max(alive, key=lambda h: (h.state.bank, not h.state.flaws, h.score))
                met = _met_after(tracker, best.state)
                out.append(BeamResult(best.tokens, met, False, best.score))
            else:
                out.append(BeamResult([], [False] * len(tracker.tries), False, float("-inf")))
        return out


def _met_after(tracker: Tracker, state: State) -> list[bool]:
    if state.active is not None and state.active[1].terminal:
        state = tracker._finish_active(state, -1)
    return [bool(m) and tracker.tries[i] is not None for i, m in enumerate(state.met)]

