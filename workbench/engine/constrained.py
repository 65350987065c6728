"""Guaranteed glossary terms: the token tries of the terms, and constrained greedy decoding over them.

The beam search (:mod:`workbench.engine.beam`, used at ``num_beams`` > 1) builds on the tries,
the term spotter and the repetition penalty defined here; greedy decoding (``num_beams=1``) is
this module's own.

Each constraint (a glossary term) is a trie of the token sequences of all its
alternatives (inflected forms, tokenisations with and without a word-initial
``▁``). Decoding is greedy with the decoder's key/value cache, and per row:

* when the model freely picks the first token of an unmet term, the term is
  *entered* and continued along the trie; among the children the model's
  scores choose, so for zh→ru the decoder picks the case that fits;
* end-of-sentence is refused while a term is unmet: the best-scoring start
  of an unmet term is taken instead, and so is a term whose tokens would no
  longer fit in the remaining length budget.

The result is guaranteed to contain one alternative of every constraint that
could be tokenised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from workbench.engine.base import Constraint
from workbench.engine.decoder import encode, incremental_decoder

WORD_START = "\u2581"  # SentencePiece's word-boundary marker


@dataclass
class TrieNode:
    """A node of a constraint trie; ``terminal`` marks the end of an alternative."""

    children: dict[int, "TrieNode"] = field(default_factory=dict)
    terminal: bool = False


@dataclass
class ConstraintTrie:
    """The token sequences of one constraint's alternatives."""

    root: TrieNode
    min_length: int
    max_length: int
    count: int = 1  # how many times the source has the term: the most the output may have it
    texts: tuple[str, ...] = ()  # the alternatives as text, for TermSpotter
    accepted: frozenset[str] = frozenset()  # texts the spotter accepts, never forced (not in the trie)
    deadline: int | None = None  # output characters by which the term must have started (set_deadlines)

    @classmethod
    def from_sequences(cls, sequences: Sequence[Sequence[int]]) -> "ConstraintTrie":
        root = TrieNode()
        for sequence in sequences:
            node = root
            for token in sequence:
                node = node.children.setdefault(token, TrieNode())
            node.terminal = True
        lengths = [len(s) for s in sequences]
        return cls(root=root, min_length=min(lengths), max_length=max(lengths))


def tokenisations(text: str, sp, vocab: dict[str, int], *, spaced: bool = True) -> list[list[int]]:
    """Token-id sequences that spell ``text``: word-initial and glued to the previous token.

    A Russian term after a space starts with ``▁``, after «( it is glued;
    Chinese has no spaces, so ``spaced=False`` offers the glued spelling only
    (unless it cannot be spelled). Pieces missing from the vocabulary
    disqualify a spelling rather than turning into ``<unk>``.
    """
    pieces = sp.encode(text, out_type=str)
    candidates = [pieces] if spaced else []
    if pieces and pieces[0] == WORD_START:
        candidates.append(pieces[1:])
    elif pieces and pieces[0].startswith(WORD_START):
        glued = pieces[0][len(WORD_START):]
        if glued in vocab:
            candidates.append([glued, *pieces[1:]])
        else:  # spell the first word without its boundary marker, if the vocabulary can
            respelled = sp.encode(glued, out_type=str)
            if respelled and respelled[0] == WORD_START and len(respelled) > 1:
                candidates.append([*respelled[1:], *pieces[1:]])
    sequences = []
    for candidate in candidates:
        if candidate and all(piece in vocab for piece in candidate):
            ids = [vocab[piece] for piece in candidate]
            if ids not in sequences:
                sequences.append(ids)
    if not sequences and not spaced:
        return tokenisations(text, sp, vocab, spaced=True)
    return sequences


def build_tries(constraints: Sequence[Constraint], sp, vocab, *, spaced: bool = True) -> list[ConstraintTrie | None]:
    """One trie per constraint; ``None`` where no alternative can be spelled in the vocabulary."""
    tries: list[ConstraintTrie | None] = []
    for constraint in constraints:
        accepted = set(constraint.accepted)
        sequences = [ids for alt in constraint.alternatives if alt not in accepted
                     for ids in tokenisations(alt, sp, vocab, spaced=spaced)]
        trie = ConstraintTrie.from_sequences(sequences) if sequences else None
        if trie is not None:
            trie.count = max(1, constraint.count)
            trie.texts = tuple(alt for alt in constraint.alternatives if alt)
            trie.accepted = frozenset(alt for alt in trie.texts if alt in accepted)
        tries.append(trie)
    return tries


def piece_table(vocab: dict[str, int]) -> list[str]:
    """Id → text of each piece (``▁`` as a space), what :class:`TermSpotter` reads output with.

    Special tokens read as nothing; a byte piece (``<0xE6>``, a byte of a rare
    character) as U+FFFD, so it is never part of a spotted term.
    """
    texts = [""] * (max(vocab.values(), default=-1) + 1)
    for piece, index in vocab.items():
        if piece.startswith("<0x"):
            texts[index] = "\ufffd"
        elif not (piece.startswith("<") and piece.endswith(">")):
            texts[index] = piece.replace(WORD_START, " ")
    return texts


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "-"


class TermSpotter:
    """Sees a term that the model writes by itself, whatever pieces it spells it with.

    The tries hold one or two tokenisations of each alternative, but a model may
    write «Россия» as ``▁Рос`` + ``си`` + ``я``. Such a term did not meet its
    constraint, and the search forced it a second time. The spotter reads the text
    instead: in a spaced language (Russian) a term counts when its word ends, so
    «Россиянин» is not «Россия»; in Chinese, as soon as its last character is written.
    A search keeps a short ``tail`` of its output text per hypothesis for this.

    Letter case is ignored in the looking and reported in the answer (``exact``):
    «россия» written in the middle of a sentence is the term in the wrong case,
    which a beam search drops rather than let the right spelling be forced
    beside it («Официальная россия Россия в…» was the one duplicated term of the
    zh→ru term set); a lower-case term capitalised (sentence start) is exact.
    """

    def __init__(self, tries: Sequence["ConstraintTrie | None"], texts: Sequence[str],
                 words: "WordBoundaries | None", eos_id: int = 0):
        self.texts, self.eos_id = texts, eos_id  # texts: from piece_table
        self.spaced = words is not None  # a spaced language: its word boundaries are given
        # pieces that go on with the word before them: they never end a term (asked of every candidate)
        self.continuation = words.continuation if words is not None else frozenset()
        # last letter, lower case → (constraint, text, accepted: a derived word) of the terms
        self.by_last: dict[str, list[tuple[int, str, bool]]] = {}
        longest = 0
        for index, trie in enumerate(tries):
            for text in (trie.texts if trie is not None else ()):
                self.by_last.setdefault(text[-1].lower(), []).append((index, text, text in trie.accepted))
                longest = max(longest, len(text))
        for entries in self.by_last.values():
            entries.sort(key=lambda entry: -len(entry[1]))  # the longest term wins, as in the matcher
        self.keep = longest + 1  # the term and the character before it
        self._before: dict[str, tuple[int, bool, bool] | None] = {}  # spot() of tails seen (one sentence)

    @classmethod
    def for_tries(cls, tries, texts: Sequence[str] | None, words: "WordBoundaries | None",
                  eos_id: int) -> "TermSpotter | None":
        """A spotter for these tries, or None when there is nothing to spot (no texts, no terms)."""
        spotter = cls(tries, texts, words, eos_id) if texts else None
        return spotter if spotter is not None and spotter.by_last else None

    def text(self, token: int) -> str:
        return self.texts[token] if 0 <= token < len(self.texts) and token != self.eos_id else ""

    def tail_after(self, tail: str, token: int) -> str:
        """The end of the output text once ``token`` is written (as much as :meth:`spot` reads)."""
        return (tail + self.text(token))[-self.keep:]

    def completes(self, tail: str, token: int) -> tuple[int, bool, bool, bool] | None:
        """``(constraint, ended before this token, exact, accepted)`` of a term ``token`` completes, or None.

        In Russian the term ended before this token (a word boundary); in Chinese it
        ends with it. The search asks this of every candidate token, and most complete
        nothing: the new tail is built only when a term could end with this token.
        ``exact`` is False for a term written in other letter case (see the class).
        """
        if self.spaced:
            if token in self.continuation:
                return None
            if tail not in self._before:  # the same for every boundary token after this tail
                self._before[tail] = self.spot(tail)
            found = self._before[tail]
            return None if found is None else (found[0], True, found[1], found[2])
        text = self.text(token)
        if text[-1:].lower() not in self.by_last:
            return None
        found = self.spot((tail + text)[-self.keep:])
        return None if found is None else (found[0], False, found[1], found[2])

    def spot(self, tail: str) -> tuple[int, bool, bool] | None:
        """``(constraint, exact, accepted)`` of the term that ends ``tail`` (a whole word in a spaced language)."""
        folded = tail.lower()
        if len(folded) != len(tail):  # a letter whose lower case is longer: compare as written
            folded = tail
        miscased = None  # the longest term wins, as in the matcher; of equal length, one spelled exactly
        for index, text, accepted in self.by_last.get(folded[-1:], ()):
            if miscased is not None and len(text) < miscased[1]:
                break
            if folded.endswith(text.lower()):
                if self.spaced and _word_char(tail[-len(text) - 1:-len(text)]):
                    continue
                if _same_spelling(tail[-len(text):], text):
                    return index, True, accepted
                miscased = miscased or (index, len(text), accepted)
        return (miscased[0], False, miscased[2]) if miscased else None


def _same_spelling(written: str, term: str) -> bool:
    """``written`` is ``term``, or ``term`` with its first letter capitalised (a sentence start)."""
    return written == term or (term[:1].islower() and written == term[:1].upper() + term[1:])


@dataclass
class WordBoundaries:
    """Which target pieces continue a word and which end one, to keep terms whole words.

    In a spaced language (Russian) a term must not be glued to the word before
    it or after it («Хэйхэулярн» would no longer be the term): after a term the
    next piece may not be a word continuation, and a term spelled without its
    ``▁`` may only start after a piece that does not end in a letter («, (, -).
    Chinese needs none of this: ``None`` is passed instead.
    """

    continuation: frozenset[int]
    word_end: frozenset[int]
    continuation_ids: object = None  # a tensor of the continuation ids, for masking

    @classmethod
    def from_vocab(cls, vocab: dict[str, int]) -> "WordBoundaries":
        import torch

        # a hyphen joins words too («Якутия-Ысыах» is one word to a reader)
        continuation = frozenset(i for piece, i in vocab.items() if piece[:1].isalnum() or piece[:1] == "-")
        word_end = frozenset(i for piece, i in vocab.items() if piece[-1:].isalnum() or piece[-1:] == "-")
        ids = torch.tensor(sorted(continuation), dtype=torch.long)
        return cls(continuation=continuation, word_end=word_end, continuation_ids=ids)


#: Taken off a hypothesis's log-probability for each stray piece it writes around its terms: a
#: Russian word that is no word (:class:`NonWords`), a lone rare character before a Chinese term
#: (:class:`LoneCharacters`). A weak model cut short by a forced term, or lost around it, leaves
#: pieces («Вознике Китая», «希黑河市人民政府», «雅库茨克斯坦») that no reader can use. Drafts with one:
#: term set zh→ru 40 → 17 (chrF 47.48 → 47.27), ru→zh 15 → 5 (chrF 38.88 → 38.89), mined set
#: 600 → 321 of 2,117 (chrF 38.86 → 38.77); 1.0 left more (25, 446), 3.0 cost more chrF
#: (docs/decoding.md).
NONWORD_PENALTY = 2.0
_WORD_RUN = re.compile(r"[\w-]+")


class NonWords:
    """The words a hypothesis writes in a Russian draft, and what they cost if they are no words.

    A word is a word when pymorphy3's dictionary has it (every part of a hyphenated one), when a
    glossary term's forms hold it, or when it has a digit or a Latin letter or is written in capitals
    (an abbreviation: «КНР», «ООО»). Anything else is a stray piece and costs ``penalty``: a penalty,
    not a ban, so that a name the dictionary lacks still comes out where the model is sure of it.

    The cost is charged once per word, as soon as it is due: when the unfinished word can no longer
    become a word (no dictionary word starts so: «Вашинадц»), or when a word ends that is only the
    start of one («октя», «важн»). Charged only at a word's end, a stray piece was cheaper
    unfinished, and the search grew it into monsters («Вашинадцатиянканской»).
    A hypothesis carries its unfinished word as an opaque state (:meth:`after`).
    """

    CHARGED = "\0"  #: starts the state of an unfinished word already charged

    def __init__(self, term_texts: Sequence[str], piece_texts: Sequence[str], penalty: float = NONWORD_PENALTY):
        from workbench.morphology.russian import analyzer, fold

        self.fold = fold
        self.known = frozenset(fold(w) for text in term_texts for w in _WORD_RUN.findall(text))
        self.texts, self.penalty = piece_texts, penalty
        self.dictionary = analyzer().dictionary.words
        self._after: dict[tuple[str, int], tuple[str, float]] = {}
        self._starts: dict[str, bool] = {}

    def after(self, state: str, token: int) -> tuple[str, float]:
        """(the state once ``token`` follows, the cost of what it writes); ``""`` is a word boundary."""
        key = (state, token)
        found = self._after.get(key)
        if found is None:
            found = self._after[key] = self._step(state, token)
        return found

    def at_end(self, state: str) -> float:
        """The cost of the last word, once the hypothesis ends."""
        return 0.0 if state.startswith(self.CHARGED) or self.is_word(state) else self.penalty

    def _step(self, state: str, token: int) -> tuple[str, float]:
        charged = state.startswith(self.CHARGED)
        text = state.lstrip(self.CHARGED) + (self.texts[token] if 0 <= token < len(self.texts) else " ")
        runs = list(_WORD_RUN.finditer(text))
        cost, new_state = 0.0, ""
        for run in runs:
            word, paid = run.group(), charged and run.start() == 0  # the first run goes on with the state's word
            if run.end() == len(text):  # unfinished
                if not paid and not self.may_become_word(word):
                    cost, paid = cost + self.penalty, True
                new_state = (self.CHARGED if paid else "") + word
            elif not paid and not self.is_word(word):
                cost += self.penalty
        return new_state, cost

    def is_word(self, word: str) -> bool:
        from workbench.morphology.russian import is_known

        if self._exempt(word):
            return True
        return all(is_known(part) for part in word.split("-") if part)

    def may_become_word(self, word: str) -> bool:
        """Whether a word starts with ``word`` (the dictionary's, a term's, or one of the exempt kinds)."""
        if self._exempt(word):
            return True
        *done, last = word.split("-")
        return all(self.is_word(part) for part in done if part) and (not last or self._starts_word(last))

    def _exempt(self, word: str) -> bool:
        if not word.strip("-") or self.fold(word) in self.known or len(word) > 1 and word.isupper():
            return True
        return any(ch.isdigit() or "a" <= ch.lower() <= "z" for ch in word)

    def _starts_word(self, prefix: str) -> bool:
        """A dictionary or term word starts with ``prefix``; «е» also reads «ё» (the dictionary writes ё)."""
        prefix = prefix.lower()
        found = self._starts.get(prefix)
        if found is None:
            folded = self.fold(prefix)
            found = any(word.startswith(folded) for word in self.known) or any(
                next(iter(self.dictionary.iterkeys(variant)), None) is not None for variant in _yo_variants(prefix))
            self._starts[prefix] = found
        return found


#: Han characters that stand alone before a name in press prose (short forms: 赴俄, 访华, 中美).
LONE_ALLOWED = frozenset("赴访俄华中美日韩英法德")
#: jieba's frequency under which a character left on its own is a stray piece (希, 古, 基; not 在, 与, 市).
LONE_RARE_BELOW = 10_000


class LoneCharacters:
    """The cost of a stray piece around a Chinese term: before it («希黑河市人民政府»), glued after it («雅库茨克斯坦»).

    A weak model cut short by a forced term leaves the first character of the word it had begun:
    one character that jieba leaves on its own and that is rarely a word by itself. After the term
    it often goes on with the word it had planned, as if the term were that word's start.
    """

    def __init__(self, penalty: float = NONWORD_PENALTY):
        self.penalty = penalty
        self._cost: dict[str, float] = {}
        self._glue: dict[tuple[str, str], float] = {}

    def before_term(self, tail: str) -> float:
        """The cost of a term that starts after the text ``tail`` ends."""
        tail = tail[-4:]
        found = self._cost.get(tail)
        if found is None:
            found = self._cost[tail] = self.penalty if tail and _lone_character(tail) else 0.0
        return found

    def after_term(self, tail: str, text: str) -> float:
        """The cost of ``text`` written right after a term that ends ``tail``: glued into a word with it.

        jieba reads a word that takes the term's last character (景泉|源 as 泉源, 中学|习 as 学习,
        远东|京 as 东京), or a transliteration goes on (雅库茨克|斯坦, 雅库茨克|斯黑).
        """
        key = (tail, text)
        found = self._glue.get(key)
        if found is None:
            found = self._glue[key] = self.penalty if text and _glued(tail, text) else 0.0
        return found


def _glued(tail: str, text: str) -> bool:
    from workbench.morphology.chinese import plain_words

    if not "\u4e00" <= text[0] <= "\u9fff":
        return False
    if text.startswith("斯"):
        return True
    start = 0  # a word that takes the term's last character only (泉源, not 黑河市 of the variant 黑河 | 黑河市)
    for word in plain_words(tail + text, hmm=False):
        if start < len(tail) < start + len(word):
            return start == len(tail) - 1
        start += len(word)
    return False


def _lone_character(text: str) -> bool:
    from workbench.morphology.chinese import plain_words

    return rare_lone_character(plain_words(text)[-1])


def rare_lone_character(token: str) -> bool:
    """True for one Han character that is rarely a word by itself (a jieba token; see :data:`LONE_RARE_BELOW`)."""
    from workbench.morphology.chinese import dictionary_frequency

    if len(token) != 1 or not "\u4e00" <= token <= "\u9fff" or token in LONE_ALLOWED:
        return False
    return dictionary_frequency(token) < LONE_RARE_BELOW


def _yo_variants(prefix: str, most: int = 4) -> list[str]:
    """``prefix`` with each choice of its «е» read as «ё» (the last ``most`` of them; earlier ones as written)."""
    spots = [i for i, ch in enumerate(prefix) if ch == "е"][-most:]
    variants = []
    for mask in range(1 << len(spots)):
        chars = list(prefix)
        for bit, i in enumerate(spots):
            if mask >> bit & 1:
                chars[i] = "ё"
        variants.append("".join(chars))
    return variants


#: Output characters a term may come after the place :func:`set_deadlines` expects it,
#: by target language: 2 Chinese characters, 4 Russian ones (on the term set, ru→zh chrF
#: 39.2 against 38.8 with 3, 37.8 with 5; zh→ru 45.1 against 44.1 with 8, 44.5 with 14).
DEADLINE_SLACK = {"zh": 2, "ru": 4}
DEFAULT_DEADLINE_SLACK = 6


#: What may stand before a term that opens its sentence: the term still opens the translation.
OPENING_MARKS = " \t\u3000\"'«“„‘「『（(《-—–•*"


def set_deadlines(tries: Sequence[ConstraintTrie | None], constraints: Sequence[Constraint], source: str,
                  ratio: float | None, target_lang: str) -> None:
    """Give each term the output length by which it must have started: where its source words are.

    A model that does not know a name gives its tokens a low score wherever they
    go, and the best-scoring place for them is the end: the search then wrote the
    sentence without them and, at the length budget, every unmet term in a row
    («…合作合作。市长雅库茨克黑河»), with the sentence cut (119 of the 125 ru→zh term-set
    drafts). A term whose source starts at character ``c`` now has to start by
    output character ``c × ratio`` (``ratio``: :func:`workbench.languages.character_ratio`)
    plus :data:`DEADLINE_SLACK`; past it the hypothesis may only start the term, so
    terms stand about where their source words stand, and the model ends the
    sentence itself. No deadline where the ratio is unknown or the source text is not
    in this piece (a pivot's second leg reads English).

    A term that opens its source sentence (nothing but :data:`OPENING_MARKS` before it)
    opens the translation: deadline 0. With the slack, a weak model wrote one piece
    first and the term after it («希叶夫根尼·格里戈里耶夫…», «Инк Якутск…»): on the term
    sets this took drafts with a stray piece from 35 to 14 (ru→zh, chrF 39.11 → 39.04)
    and from 42 to 38 (zh→ru, chrF 46.80 → 47.51), on the sample press release from 8 to 5.
    """
    if not ratio:
        return
    slack = DEADLINE_SLACK.get(target_lang, DEFAULT_DEADLINE_SLACK)
    for constraint, trie in zip(constraints, tries):
        at = source.find(constraint.source) if trie is not None and constraint.source else -1
        if at >= 0:
            opens = not source[:at].strip(OPENING_MARKS)
            trie.deadline = 0 if opens else int(at * ratio) + slack


def overdue_terms(tries: Sequence[ConstraintTrie | None], unmet: Sequence[int], chars: int) -> list[int]:
    """The unmet terms whose deadline (:func:`set_deadlines`) ``chars`` output characters have passed."""
    return [i for i in unmet if tries[i].deadline is not None and chars >= tries[i].deadline]


def natural_budget(length: int, term_tokens: int) -> int:
    """Token budget of a constrained search once the model's own length is known.

    ``length`` is where the model, unforced, ended (or would have ended) the
    sentence; the forced terms add ``term_tokens`` (they mostly replace words the
    model would have written for the same source words). It keeps a model that
    writes on after a forced term from running to the source-based limit. On the
    term test set with the shipped model, slack after the terms only cost time:
    +5 tokens scored chrF 35.0 / 44.6 (ru→zh / zh→ru) at 1.47× / 1.58× the time
    of plain beam search, +0 scored 35.8 / 45.0 at 1.20× / 1.48× (1.5 × ``length``,
    an earlier rule, 1.9× and 1–2 chrF lower). A budget is never allowed to cost a
    term: the beam search stretches it when no hypothesis could finish in it; nor
    to cut a sentence or pick a short one: both searches may lift it, once, to
    the source-based limit (greedy where its row did not end within it, the beam
    search unless its best translation did: ``_Search._lift_bound``,
    :meth:`RowState.step`).
    The engine applies it with the length of the fast path's unconstrained beam;
    the beam search with the first step at which ``</s>`` becomes a candidate.
    (Before the terms' deadlines, a quarter more room, once, where every
    hypothesis at the budget was cut, gave fewer cut drafts on the sample, 22
    against 23 of 42, but chrF 35.4 against 35.7 on the ru→zh term set: not
    kept. With the deadlines, the lift to the source-based limit leaves none cut
    at the same chrF.)
    """
    return length + term_tokens


def out_vocab(model) -> int:
    """Width of the model's output layer (the logits)."""
    return model.get_output_embeddings().weight.shape[0]


class RepetitionPenalty:
    """CTRL-style penalty on tokens a row has already produced (as HF and CTranslate2 apply it).

    Keeps each row's tokens so far (row × step, following the beam's reordering)
    and rescales only those logits: a gather and a scatter of a few dozen values
    per row, where a row × vocabulary mask cost two full-width passes a step.
    A penalty of 1.0 makes every method a no-op.
    """

    def __init__(self, penalty: float, rows: int, vocab: int, device):
        import torch

        self.penalty = penalty
        self.history = torch.zeros((rows, 0), dtype=torch.long, device=device) if penalty != 1.0 else None

    def apply(self, logits):
        """``logits`` with the penalty applied, in place (each seen token once, however often seen)."""
        if self.history is None or self.history.shape[1] == 0:
            return logits
        import torch

        values = logits.gather(1, self.history)
        values = torch.where(values > 0, values / self.penalty, values * self.penalty)
        return logits.scatter_(1, self.history, values)

    def advance(self, parents, next_tokens) -> None:
        """Follow the beam: row ``i`` continues row ``parents[i]`` with ``next_tokens[i]``."""
        if self.history is None:
            return
        import torch

        history = self.history[parents] if parents is not None else self.history
        self.history = torch.cat((history, next_tokens.view(-1, 1)), dim=1)

    def select(self, keep) -> None:
        if self.history is not None:
            self.history = self.history[keep]


class RowState:
    """Decoding state of one sentence: which terms are met, and where inside a term we are."""

    def __init__(self, tries: Sequence[ConstraintTrie | None], max_new_tokens: int, eos_id: int,
                 hard_limit: int | None = None, words: WordBoundaries | None = None,
                 spotter: TermSpotter | None = None, ceiling: int | None = None):
        self.tries = tries
        self.spotter = spotter
        self.tail = ""
        self.unmet = [i for i, trie in enumerate(tries) if trie is not None]
        self.met = [False] * len(tries)
        self.active: tuple[int, TrieNode] | None = None
        self.tokens: list[int] = []
        self.max_new_tokens = max_new_tokens
        self.hard_limit = max(hard_limit or max_new_tokens, max_new_tokens)
        # how far a budget set from the model's own length may be lifted (see step)
        self.ceiling = min(self.hard_limit, max(ceiling or max_new_tokens, max_new_tokens))
        self.eos_id = eos_id
        self.done = False
        self.complete = False
        self.words = words
        self.just_finished = False
        self.chars = 0  # output characters so far, for the terms' deadlines (set_deadlines)

    def step(self, logp) -> int:
        """Choose the next token from this row's log-probabilities and advance the state.

        At the budget, with every term placed, the row goes on, once, to its
        ceiling: the budget was the model's unforced length, and a forced term can
        lead it down a longer path (as the beam search's ``_Search._lift_bound``).
        """
        token = self._inside_term(logp) if self.active else None
        if token is None:
            token = self._free_choice(logp)
        self.tokens.append(token)
        if self.spotter is not None:
            self.chars += len(self.spotter.text(token))
        self._spot(token)
        if token == self.eos_id:
            self.done = self.complete = True
        elif len(self.tokens) >= self.hard_limit:
            self.done = True  # the model's positions are used up
        elif len(self.tokens) >= self.max_new_tokens and not (self.unmet or self.active):
            self.done = self.ceiling <= self.max_new_tokens
            self.max_new_tokens = self.ceiling
        return token

    def _inside_term(self, logp) -> int | None:
        index, node = self.active
        children = list(node.children)
        if children:
            best_child = max(children, key=lambda t: float(logp[t]))
            if not node.terminal or float(logp[best_child]) >= float(logp.max()):
                self._advance(index, node.children[best_child])
                return best_child
        self._finish(index)
        return None

    def _spot(self, token: int) -> None:
        """A term the model has just finished writing by itself meets its constraint."""
        if self.spotter is None:
            return
        seen = self.spotter.completes(self.tail, token)
        self.tail = self.spotter.tail_after(self.tail, token)
        found = seen[0] if seen and seen[2] else None  # a term in the wrong case is not the term
        if found is not None and found in self.unmet and not (self.active and self.active[0] == found):
            self.met[found] = True
            self.unmet.remove(found)

    def _free_choice(self, logp) -> int:
        if self.just_finished and self.words is not None:
            logp = logp.clone()
            logp[self.words.continuation_ids] = float("-inf")
        self.just_finished = False
        remaining = self.max_new_tokens - len(self.tokens)
        if not self.unmet:
            return int(logp.argmax())
        token = int(logp.argmax())
        if token == self.eos_id and self.spotter is not None:  # the last word may be a term
            spotted = self.spotter.spot(self.tail)
            found = spotted[0] if spotted and spotted[1] else None
            if found in self.unmet:
                self.met[found] = True
                self.unmet.remove(found)
                if not self.unmet:
                    return token
        needed = sum(self.tries[i].max_length for i in self.unmet)
        if token == self.eos_id or remaining <= needed + 1:
            return self._force_start(logp)
        overdue = overdue_terms(self.tries, self.unmet, self.chars)
        if overdue and self.spotter is not None and any(self._may_start(t) for i in overdue
                                                         for t in self.tries[i].root.children):
            return self._force_start(logp, overdue)
        if self._may_start(token):
            for index in self.unmet:
                child = self.tries[index].root.children.get(token)
                if child is not None:
                    self._advance(index, child)
                    break
        return token

    def _may_start(self, token: int) -> bool:
        """False for a glued term start right after a letter (it would join the previous word)."""
        if self.words is None or token not in self.words.continuation:
            return True
        return not self.tokens or self.tokens[-1] not in self.words.word_end

    def _force_start(self, logp, terms: Sequence[int] | None = None) -> int:
        """Start the unmet term (of ``terms``, default all) whose first token the model likes best."""
        terms = self.unmet if terms is None else terms
        options = [(float(logp[t]), t, i) for i in terms for t in self.tries[i].root.children
                   if self._may_start(t)]
        if not options:  # only glued spellings exist: accept one rather than miss the term
            options = [(float(logp[t]), t, i) for i in terms for t in self.tries[i].root.children]
        _, token, index = max(options)
        self._advance(index, self.tries[index].root.children[token])
        return token

    def _advance(self, index: int, node: TrieNode) -> None:
        self.active = (index, node)
        if node.terminal and not node.children:
            self._finish(index)

    def _finish(self, index: int) -> None:
        self.active = None
        self.just_finished = True
        self.met[index] = True
        if index in self.unmet:
            self.unmet.remove(index)


def constrained_greedy(model, input_ids, attention_mask, tries_per_row, max_new_tokens, banned_ids,
                       hard_limit: int | None = None, words: WordBoundaries | None = None,
                       repetition_penalty: float = 1.0, piece_texts: Sequence[str] | None = None,
                       quantize: bool = False, ceilings: Sequence[int] | None = None):
    """Greedy decoding of one batch under per-row constraint tries.

    ``ceilings`` (per row, default ``max_new_tokens``): how far a row whose budget
    ran out with every term placed may go on (see :meth:`RowState.step`).

    ``piece_texts`` (id → text, :func:`piece_table`) lets the search see terms spelled in pieces
    the tries do not hold (:class:`TermSpotter`); ``quantize``: int8 linear layers
    (:mod:`workbench.engine.decoder`). Returns one :class:`RowState`
    per row (tokens, met flags, completeness).
    """
    import torch

    config = model.config
    eos_id = config.eos_token_id
    seen = RepetitionPenalty(repetition_penalty, len(tries_per_row), out_vocab(model), input_ids.device)
    states = [RowState(tries, limit, eos_id, hard_limit, words,
                       TermSpotter.for_tries(tries, piece_texts, words, eos_id), ceiling)
              for tries, limit, ceiling in zip(tries_per_row, max_new_tokens, ceilings or max_new_tokens)]
    with torch.inference_mode():
        hidden = encode(model, input_ids, attention_mask, quantize=quantize)
        decoder = incremental_decoder(model, hidden, attention_mask, 1, quantize=quantize)
        next_tokens = torch.full((len(states),), config.decoder_start_token_id, dtype=torch.long)
        while not all(state.done for state in states):
            logp = torch.log_softmax(seen.apply(decoder.step(next_tokens)), dim=-1)
            logp[:, banned_ids] = float("-inf")
            chosen = []
            for row, state in enumerate(states):
                chosen.append(config.pad_token_id if state.done else state.step(logp[row]))
            next_tokens = torch.tensor(chosen, dtype=torch.long)
            seen.advance(None, next_tokens)
    return states
