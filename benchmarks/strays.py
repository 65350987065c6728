"""Stray pieces in drafts: a syllable or character the source does not motivate, at the start or before a term.

The weak models write «Вед Народное правительство…», «Коли Губинском округе…» or
«希叶夫根尼·格里戈里耶夫…»: a piece of a word, then the sentence. No check can know what the
source motivates, so these are proxies, and each piece they find is listed for a reader:

* Russian: a word that is no dictionary word (pymorphy3), glossary word, Latin word or number,
  standing first in the draft or right before a glossary term. A stray piece that happens to be
  a word («Вес», «Воз») is missed; the benchmarks also list the commonest first words.
* Chinese: a single character that jieba leaves on its own, first in the draft or right before a
  glossary term, and that is no common word by itself (jieba frequency under 10,000: 希, 古, 基;
  not 在, 与, 对, 市).
"""

from __future__ import annotations

import re
from collections import Counter

WORD_RE = re.compile(r"\w+(?:[-‐‑]\w+)*")


def fold(text: str) -> str:
    return text.lower().replace("ё", "е")


def russian_stray(word: str, known: frozenset[str]) -> bool:
    """True for a word that is no dictionary word, glossary word, Latin word or number."""
    from workbench.morphology.russian import analyzer

    if re.search(r"[\dA-Za-z]", word) or fold(word) in known:
        return False
    morph = analyzer()
    return not all(morph.word_is_known(fold(part)) for part in re.split(r"[-‐‑]", word))


def chinese_stray(token: str) -> bool:
    """True for a single Han character that is rarely a word by itself (the constrained search's own test)."""
    from workbench.engine.constrained import rare_lone_character

    return rare_lone_character(token)


def stray_pieces(output: str, lang: str, targets: list[str] = (), known: frozenset[str] = frozenset()) -> list[str]:
    """The stray pieces of one draft: first in it, or right before one of ``targets`` (term forms)."""
    if lang == "ru":
        return _russian_pieces(output, targets, known)
    return _chinese_pieces(output, targets)


def _russian_pieces(output: str, targets, known) -> list[str]:
    words = list(WORD_RE.finditer(output))
    if not words:
        return []
    candidates = [words[0]]
    starts = {m.start() for target in targets for m in re.finditer(re.escape(target), output, re.IGNORECASE)}
    candidates += [w for w, nxt in zip(words, words[1:]) if nxt.start() in starts]
    seen, pieces = set(), []
    for word in candidates:
        if word.start() not in seen and russian_stray(word.group(), known):
            seen.add(word.start())
            pieces.append(word.group())
    return pieces


def _chinese_pieces(output: str, targets) -> list[str]:
    """jieba's words of the text between the terms (a term is one piece): the first, and each last before a term."""
    from workbench.morphology.chinese import plain_words

    text = output.strip()
    pattern = "|".join(re.escape(t) for t in sorted(set(targets), key=len, reverse=True) if t)
    parts = re.split(f"({pattern})", text) if pattern else [text]
    pieces = []
    for i in range(0, len(parts), 2):  # even: text between terms, odd: a term
        words = [w for w in plain_words(parts[i]) if w.strip()]
        if not words:
            continue
        first = i == 0 and chinese_stray(words[0])
        if first:
            pieces.append(words[0])
        if i + 1 < len(parts) and chinese_stray(words[-1]) and not (first and len(words) == 1):
            pieces.append(words[-1])
    return pieces


def draft_strays(result, target_lang: str, known: frozenset[str] = frozenset()) -> list[str]:
    """The stray pieces of a pipeline result, before any form of its terms (``SegmentResult``)."""
    from workbench.pipeline import term_forms

    targets = [form for status in result.terms for form in term_forms(status.term, target_lang)[0]]
    return stray_pieces(result.output, target_lang, targets, known)


def glossary_words(glossary) -> frozenset[str]:
    """Every word of every Russian form of every term and of its derived words, folded."""
    from workbench.morphology.russian import derived_word_forms, inflect_term

    words = set()
    for term in glossary:
        forms = [form for ru in term.ru_forms for form in inflect_term(ru, term.kind)]
        forms += [form for word in term.ru_derived for form in derived_word_forms(word)]
        for form in forms:
            words.update(fold(w) for w in WORD_RE.findall(form))
    return frozenset(words)


def first_words(drafts: list[str], lang: str, n: int = 10) -> dict[str, int]:
    """The commonest first words (Russian) or first characters (Chinese): a stray word that is a word shows here."""
    firsts = [(m.group() if (m := WORD_RE.search(d)) else "") if lang == "ru" else d.strip()[:1] for d in drafts]
    return dict(Counter(f for f in firsts if f).most_common(n))
