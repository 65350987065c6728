"""Propose new glossary terms from translated text: Russian names the glossary lacks, with their Chinese.

Honest and simple, in three steps:

1. **Names in the Russian.** Runs of two or more capitalised words that do
   not start a sentence (a capital there proves nothing; a run that starts a
   sentence keeps its words after the first), and names in «guillemets»
   starting with a capital. Parts of the text already covered by a glossary
   term (found in any inflected form) are skipped.
2. **Dictionary form.** The words that agree with the first one (same case,
   per pymorphy3) are put in the nominative: «Якутской городской Думой» →
   «Якутская городская Дума», «Марфы Колесовой-Расторгуевой» → «Марфа
   Колесова-Расторгуева»; the rest (genitive dependents: «Остров Сокровищ»)
   stay as written. Quoted names stay as written.
3. **The Chinese.** A name written in Palladius transcription («Цзин Цюань»)
   is looked for in the Chinese sentence as a run of characters whose
   transcription is the same (:func:`workbench.morphology.palladius.to_cyrillic`).
   Otherwise, for a name seen in two or more pairs, the Chinese n-gram (2–16
   characters) that co-occurs with it best (Dice coefficient over the pairs,
   at least 0.6, longer n-grams win ties) is proposed; else none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from workbench.errors import TranscriptionError
from workbench.glossary.matching import TermMatcher
from workbench.glossary.model import Term
from workbench.languages import HAN_CLASS
from workbench.morphology.palladius import same_spelling, syllable_counts, to_cyrillic
from workbench.morphology.russian import analyzer

_CAPITALISED = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ]?[а-яё]+)*|[А-ЯЁ]{2,}"
_WORD = re.compile(r"[А-ЯЁа-яёA-Za-z]+(?:-[А-ЯЁа-яёA-Za-z]+)*")
_QUOTED = re.compile(r"«\s*([А-ЯЁA-Z][^«»]{1,80}?)\s*»")
_HAN_RUN = re.compile(f"[{HAN_CLASS}]+(?:[·\\-][{HAN_CLASS}]+)*")
_SENTENCE_START = re.compile(r"(?:^|[.!?…]\s+|[—–-]\s+|[«\"(]\s*)$")


@dataclass
class Candidate:
    """A proposed term: Russian (dictionary form), its Chinese ('' when not found), how often, where."""

    ru: str
    zh: str
    count: int
    examples: list[str] = field(default_factory=list)


def propose(pairs: list[tuple[str, str]], glossary=None, max_examples: int = 3) -> list[Candidate]:
    """Candidate terms from line-aligned Russian–Chinese pairs, most frequent first."""
    terms: list[Term] = list(glossary or [])
    matcher = None
    if terms:
        matcher = TermMatcher(terms, "ru")
    found: dict[str, Candidate] = {}
    where: dict[str, list[int]] = {}
    surface: dict[str, set[str]] = {}
    for index, (ru, _zh) in enumerate(pairs):
        covered = [(m.start, m.end) for m in matcher.find(ru)] if matcher else []
        for start, end, name, quoted in _names(ru):
            if any(s < end and start < e for s, e in covered):
                continue
            lemma = name if quoted else dictionary_form(name)
            candidate = found.setdefault(lemma, Candidate(lemma, "", 0))
            candidate.count += 1
            if len(candidate.examples) < max_examples and ru not in candidate.examples:
                candidate.examples.append(ru)
            where.setdefault(lemma, []).append(index)
            surface.setdefault(lemma, set()).add(name)
    known_zh = {form for term in terms for form in term.zh_forms}
    for lemma, candidate in found.items():
        candidate.zh = (_transcribed(lemma, surface[lemma], [pairs[i][1] for i in where[lemma]])
                        or _cooccurring(set(where[lemma]), pairs, known_zh))
    return sorted(found.values(), key=lambda c: (-c.count, c.ru))


# --------------------------------------------------------------------------- names


def _names(text: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, name, quoted) for every name of a Russian sentence."""
    out = []
    quoted_spans = []
    for match in _QUOTED.finditer(text):
        out.append((match.start(1), match.end(1), match.group(1).strip(), True))
        quoted_spans.append((match.start(), match.end()))
    words = list(_WORD.finditer(text))
    run: list[re.Match] = []

    def flush():
        if len(run) >= 2:
            start, end = run[0].start(), run[-1].end()
            if not any(s <= start and end <= e for s, e in quoted_spans):
                out.append((start, end, text[start:end], False))
        run.clear()

    for i, word in enumerate(words):
        capital = re.fullmatch(_CAPITALISED, word.group()) is not None
        between = text[words[i - 1].end():word.start()] if i else ""
        if capital and run and between.strip() == "":
            run.append(word)
            continue
        flush()
        if capital:
            if _SENTENCE_START.search(text[:word.start()]):
                continue  # a sentence-initial capital starts no run (the next capital may)
            run.append(word)
    flush()
    return out


def dictionary_form(name: str) -> str:
    """The words of ``name`` that agree with its first word, put in the nominative."""
    words = name.split()
    cases = [_cases(word) for word in words]
    if not cases[0]:
        return name
    shared, agreeing = cases[0], 1
    while agreeing < len(words) and shared & cases[agreeing]:
        shared &= cases[agreeing]
        agreeing += 1
    case = next((c for c in _cases(words[0], ordered=True) if c in shared), None)
    if case is None or case == "nomn":
        return name
    out = []
    for index, word in enumerate(words):
        parts = [_nominative(part, case) for part in word.split("-")] if index < agreeing else [None]
        out.append("-".join(parts) if all(parts) else word)
    return " ".join(out)


def _cases(word: str, ordered: bool = False):
    """Cases the word can be in (every hyphenated part must allow the case)."""
    per_part = [[p.tag.case for p in analyzer().parse(part) if p.tag.case] for part in word.split("-")]
    if ordered:
        return [c for c in dict.fromkeys(per_part[0]) if all(c in other for other in per_part[1:])]
    result = set(per_part[0])
    for other in per_part[1:]:
        result &= set(other)
    return result


def _nominative(part: str, case: str) -> str | None:
    for parse in analyzer().parse(part):
        if parse.tag.case == case:
            inflected = parse.inflect({"nomn"})
            if inflected is not None:
                word = inflected.word
                return word[:1].upper() + word[1:] if part[:1].isupper() else word
    return None


# --------------------------------------------------------------------------- Chinese side


def _transcribed(lemma: str, names: set[str], targets: list[str]) -> str:
    """A run of Chinese characters whose Palladius transcription is the name (or one of its spellings)."""
    spellings = {lemma, *names}
    counts = set().union(*(syllable_counts(s) for s in spellings))
    if not counts:
        return ""
    for target in targets:
        for run in _HAN_RUN.findall(target):
            for size in sorted(counts, reverse=True):
                for start in range(len(run) - size + 1):
                    piece = run[start:start + size]
                    if not _HAN_RUN.fullmatch(piece) or "·" in piece or "-" in piece:
                        continue
                    for kind in ("person", "place"):
                        try:
                            spelled = to_cyrillic(piece, kind)
                        except TranscriptionError:  # a piece pypinyin cannot read: not this one
                            continue
                        if any(same_spelling(spelled, s) for s in spellings):
                            return piece
    return ""


def _cooccurring(lines: set[int], pairs: list[tuple[str, str]], known: set[str]) -> str:
    if len(lines) < 2:
        return ""
    grams_by_line: list[set[str]] = []
    for _ru, zh in pairs:
        grams = set()
        for run in _HAN_RUN.findall(zh):
            for size in range(2, 17):
                for start in range(len(run) - size + 1):
                    gram = run[start:start + size]
                    if gram[0] not in "·-" and gram[-1] not in "·-":
                        grams.add(gram)
        grams_by_line.append(grams)
    counts: dict[str, int] = {}
    for grams in grams_by_line:
        for gram in grams:
            counts[gram] = counts.get(gram, 0) + 1
    both: dict[str, int] = {}
    for index in lines:
        for gram in grams_by_line[index]:
            if gram not in known:
                both[gram] = both.get(gram, 0) + 1
    best, best_key = "", (0.0, 0)
    for gram, together in both.items():
        if together < 2:
            continue
        dice = 2 * together / (len(lines) + counts[gram])
        key = (round(dice, 6), len(gram))
        if dice >= 0.6 and key > best_key:
            best, best_key = gram, key
    return best
