"""Term hints: target-side words appended to a source, so that the model learns to expect a term.

A model that has never seen a glossary name scores the forced name badly and
derails around it, and in Russian it picks the wrong case («с Цзин Цюань»).
Training with hints teaches it what to do with a term it is told about (Jon et
al., ACL 2021, *End-to-end lexically constrained MT for morphologically rich
languages*; Bergmanis and Pinnis, EACL 2021, *Facilitating terminology
translation with target lemma annotations*): a share of the training sources
carries, after the reserved token :data:`HINT_TOKEN`, a few words or phrases of
the reference — Russian ones in dictionary form (the model must choose the case
itself), Chinese ones as written. At translation time the pipeline appends the
glossary targets of the terms it found in the same way; the constrained search
still guarantees them.

The line format is ``SOURCE <hint> HINT <hint> HINT``; the token is a special
token of the model's vocabulary (:func:`workbench.train.layout.add_tokens`; the format is
:mod:`workbench.engine.hints`), so
``MarianTokenizer`` and CTranslate2 read it as one id, never as text.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from workbench.engine.hints import CONFIG_KEY, HINT_TOKEN, strip_hints, with_hints
from workbench.morphology.russian import analyzer

#: Share of training sources that get hints; the others keep the model working without them.
HINT_SHARE = 0.5
#: How many hints a hinted source gets, with their probabilities.
HINT_COUNTS = ((1, 0.5), (2, 0.3), (3, 0.2))
#: Chance that a hint is drawn from the names of the reference when it has any.
NAME_PREFERENCE = 0.7

_RU_WORD = re.compile(r"[А-ЯЁа-яёA-Za-z][А-ЯЁа-яёA-Za-z\-]*")
#: Endings that mark an unknown (foreign) name as oblique for sure: «Цюанем», «Ли Мину».
_UNKNOWN_OBLIQUE = ("ем", "ом", "ым", "ому", "ему")
_NAME_TAGS = {"nr", "ns", "nt", "nz", "nrt", "nrfg"}


@dataclass(frozen=True)
class Candidate:
    """A word or phrase of a reference that may become a hint."""

    text: str
    name: bool


class HintSampler:
    """Draws hints from references, in Russian (dictionary form) or Chinese (as written)."""

    def __init__(self, seed: int = 1, share: float = HINT_SHARE):
        self.rng = random.Random(seed)
        self.share = share
        self._morph = None

    def hints_for(self, reference: str, lang: str) -> list[str]:
        """Hints for one reference: none for a share ``1 - share`` of them, else 1-3."""
        return [c.text for c in self.draw(reference, lang)]

    def draw(self, reference: str, lang: str) -> list[Candidate]:
        """The candidates drawn as hints for one reference (see :meth:`hints_for`)."""
        if lang not in ("ru", "zh") or self.rng.random() >= self.share:
            return []
        candidates = self.russian_candidates(reference) if lang == "ru" else self.chinese_candidates(reference)
        if not candidates:
            return []
        wanted = self._count()
        names = [c for c in candidates if c.name]
        others = [c for c in candidates if not c.name]
        picked: list[Candidate] = []
        while len(picked) < wanted and (names or others):
            pool = names if names and (not others or self.rng.random() < NAME_PREFERENCE) else others
            choice = pool.pop(self.rng.randrange(len(pool)))
            if all(choice.text != c.text for c in picked):
                picked.append(choice)
        return picked

    def _count(self) -> int:
        roll, total = self.rng.random(), 0.0
        for count, chance in HINT_COUNTS:
            total += chance
            if roll < total:
                return count
        return HINT_COUNTS[-1][0]

    # --- Russian ----------------------------------------------------------------------------

    @property
    def morph(self):
        if self._morph is None:
            self._morph = analyzer()
        return self._morph

    def russian_candidates(self, reference: str) -> list[Candidate]:
        """Names and noun phrases of a Russian reference, in dictionary form.

        Names are runs of capitalised words that are not adjectives («Цзин Цюанем»
        → «Цзин Цюань»); noun phrases are up to two adjectives and a noun, put in
        the nominative in the noun's gender and number («Северо-Восточного
        федерального университета» → «Северо-Восточный федеральный университет»),
        also with a genitive phrase after the noun kept as it stands
        («Министерство иностранных дел»). A phrase that starts with a capital
        inside the sentence counts as a name.
        """
        words = [m.group() for m in _RU_WORD.finditer(reference)]
        parses = [self.morph.parse(w)[0] for w in words]
        out: list[Candidate] = []
        i = 0
        while i < len(words):
            j = i
            while j < len(words) and words[j][0].isupper() and "ADJF" not in parses[j].tag:
                j += 1
            if j > i and (i > 0 or j - i > 1 or _is_name(parses[i])):
                out.append(Candidate(" ".join(self._name_word(words[k]) for k in range(i, j)), True))
            i = max(j, i + 1)
        for i, parse in enumerate(parses):
            if "NOUN" not in parse.tag or (words[i][0].isupper() and i > 0 and "ADJF" not in parses[i - 1].tag):
                continue
            start = i
            while start > 0 and i - start < 2 and "ADJF" in parses[start - 1].tag:
                start -= 1
            head = self._phrase_nominative(words[start:i + 1], parses[start:i + 1])
            if head is None or len(head) <= 3:
                continue
            name = words[start][0].isupper() and start > 0
            out.append(Candidate(head, name))
            tail = _genitive_tail(words, parses, i + 1)
            if tail:
                out.append(Candidate(f"{head} {tail}", name))
        return out

    def _name_word(self, word: str) -> str:
        """A word of a name in the nominative: kept where it can be one, else inflected."""
        parse = self.morph.parse(word)[0]
        if "nomn" in parse.tag or "Fixd" in parse.tag:
            return word
        if not self.morph.word_is_known(word) and not word.lower().endswith(_UNKNOWN_OBLIQUE):
            return word  # a foreign name pymorphy3 guesses at («Цзин», «Сяоцзе»): only clear endings move
        form = parse.inflect({"nomn"})
        return _capitalised_like(form.word, word) if form is not None else word

    def _phrase_nominative(self, words: list[str], parses: list) -> str | None:
        """Adjectives + noun in the nominative, the adjectives agreeing with the noun."""
        noun = parses[-1].inflect({"nomn"})
        if noun is None:
            return None
        grammemes = {"nomn", noun.tag.number or "sing"}
        if noun.tag.number != "plur" and noun.tag.gender:
            grammemes.add(noun.tag.gender)
        out = []
        for word, parse in zip(words[:-1], parses[:-1]):
            form = parse.inflect(grammemes)
            if form is None:
                return None
            out.append(_capitalised_like(form.word, word))
        out.append(_capitalised_like(noun.word, words[-1]))
        return " ".join(out)

    # --- Chinese ----------------------------------------------------------------------------

    def chinese_candidates(self, reference: str) -> list[Candidate]:
        """jieba's proper names (nr, ns, nt, nz), adjacent ones joined, and nouns of two characters or more."""
        from workbench.morphology.chinese import plain_tagged

        out: list[Candidate] = []
        run: list[str] = []
        for word, flag in plain_tagged(reference):
            if flag in _NAME_TAGS:
                run.append(word)
                continue
            if run:
                out.append(Candidate("".join(run), True))
                run = []
            if flag.startswith("n") and len(word) >= 2:
                out.append(Candidate(word, False))
        if run:
            out.append(Candidate("".join(run), True))
        return out


def _capitalised_like(form: str, word: str) -> str:
    """``form`` with the capitals of ``word`` (each part of a hyphenated word: «Северо-Восточный»)."""
    if word.isupper() and len(word) > 1:
        return form.upper()
    parts, model = form.split("-"), word.split("-")
    if len(parts) != len(model):
        model = [word] * len(parts)
    return "-".join(p[:1].upper() + p[1:] if m[:1].isupper() else p for p, m in zip(parts, model))


def _genitive_tail(words: list[str], parses: list, start: int) -> str:
    """Up to three genitive adjectives/nouns from ``start``, ending in a noun, as they stand."""
    end = start
    while end < len(words) and end - start < 3 and "gent" in parses[end].tag \
            and ({"ADJF", "NOUN"} & {parses[end].tag.POS}):
        end += 1
    while end > start and "NOUN" not in parses[end - 1].tag:
        end -= 1
    return " ".join(words[start:end])


def _is_name(parse) -> bool:
    return bool({"Name", "Surn", "Patr", "Geox", "Orgn"} & set(str(parse.tag).replace(" ", ",").split(",")))


def add_hints(src: list[str], tgt: list[str], *, seed: int = 1, share: float = HINT_SHARE) -> tuple[list[str], dict]:
    """Sources with hints drawn from their targets, and statistics of what was drawn.

    The target language is read from the ``>>xx<<`` token of each source.
    """
    sampler = HintSampler(seed, share)
    out, hinted, hints, names, phrases = [], 0, 0, 0, 0
    for source, target in zip(src, tgt):
        lang = source[2:4] if source.startswith(">>") else ""
        drawn = sampler.draw(target, lang)
        out.append(with_hints(source, [c.text for c in drawn]))
        if drawn:
            hinted += 1
            hints += len(drawn)
            names += sum(c.name for c in drawn)
            phrases += sum(" " in c.text or (lang == "zh" and len(c.text) > 3) for c in drawn)
    stats = {"sources": len(src), "hinted": hinted, "hints": hints,
             "names_share": round(names / max(hints, 1), 3),
             "multiword_share": round(phrases / max(hints, 1), 3)}
    return out, stats


# the line format itself is the engine's (:mod:`workbench.engine.hints`); it is used from here by training
__all__ = ["CONFIG_KEY", "HINT_COUNTS", "HINT_SHARE", "HINT_TOKEN", "HintSampler", "add_hints", "strip_hints",
           "with_hints"]
