"""Find the terms of a glossary in a text: Russian in any inflected form, Chinese by longest match.

Russian: the text is tokenised with razdel; a term form is a sequence of
tokens. A text word matches a term word when their lemma sets intersect (or
they are spelt the same; punctuation must be identical, «им.» = «имени»). The
words of a term that inflect together (see
:func:`workbench.morphology.russian.analyse_term`) must also agree in the
text: share a case (and number, gender) among their readings, so «Северо-
Восточным федеральным университетом» matches and «Северо-Восточного
федеральным университетом» does not. Terms are indexed by the lemmas of
their first word, so the cost is about linear in the length of the text.

Chinese: a form matches where it is spelt, unless it lies inside a longer
word (jieba's segmentation, :func:`workbench.morphology.chinese.inside_words`:
中国 is not found in 发展中国家); terms are indexed by their first character
and the lengths of their forms.

Overlapping matches resolve to the longest span; ties go to the earliest
start, then to the term that comes first in the glossary.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from workbench.glossary.model import Term

from workbench.languages import LANGUAGES
from workbench.morphology import chinese, russian as ru


@dataclass(frozen=True)
class TermMatch:
    """One occurrence of a glossary term in a text."""

    term: Term  #: the glossary entry
    start: int  #: character offsets in the text passed to :meth:`TermMatcher.find`
    end: int
    text: str  #: the span as written in the text
    form: str  #: which of ``term.source_forms(lang)`` matched


@dataclass(frozen=True)
class _Pattern:
    """A Russian term form compiled for matching."""

    order: int  # position of the term in the glossary
    term: Term
    form: str
    keys: tuple[str, ...]  # token keys (folded spelling)
    lemmas: tuple[frozenset | None, ...]  # lemma set per token; None: spelling must be equal
    agreeing: tuple[int, ...]  # token positions that must agree in case


def _compile_ru(order: int, term: Term, form: str) -> _Pattern | None:
    toks = ru.analyse_term(form, term.kind or None)
    if not toks:
        return None
    keys, lemmas, agreeing = [], [], []
    for i, t in enumerate(toks):
        keys.append(t.key)
        lemmas.append(ru.term_word_lemmas(t))
        if t.role == ru.AGREE and t.parse is not None:
            agreeing.append(i)
    return _Pattern(order, term, form, tuple(keys), tuple(lemmas), tuple(agreeing))


class TermMatcher:
    """Finds the terms of a glossary in texts of one language.

    Args:
        terms: the glossary entries (a :class:`~workbench.glossary.model.Glossary` will do).
        lang: ``'ru'`` or ``'zh'``: the language of the texts searched.
    """

    def __init__(self, terms: Iterable[Term], lang: str):
        if lang not in LANGUAGES:
            raise ValueError(f"lang must be 'ru' or 'zh', not {lang!r}")
        self.lang = lang
        self.terms = list(terms)
        if lang == "ru":
            self._build_ru()
        else:
            self._build_zh()

    # ---------------------------------------------------------------- Russian

    def _build_ru(self) -> None:
        self._index: dict[str, list[_Pattern]] = {}
        seen: set[tuple[int, str]] = set()
        for order, term in enumerate(self.terms):
            for form in term.source_forms("ru"):
                form = form.strip()
                if not form or (order, form) in seen:
                    continue
                seen.add((order, form))
                pat = _compile_ru(order, term, form)
                if pat is None:
                    continue
                first = pat.lemmas[0] if pat.lemmas[0] is not None else frozenset((pat.keys[0],))
                for k in first | {pat.keys[0]}:
                    self._index.setdefault(k, []).append(pat)

    def _find_ru(self, text: str) -> list[TermMatch]:
        toks = ru.tokenize(text)
        keys = [ru.token_key(t) for _, _, t in toks]
        lemma_cache: list[frozenset | None] = [None] * len(toks)

        def lemmas(j: int) -> frozenset:
            got = lemma_cache[j]
            if got is None:
                got = lemma_cache[j] = ru.token_lemmas(toks[j][2])
            return got

        found: list[tuple[int, int, int, _Pattern]] = []
        index = self._index
        n = len(toks)
        for i in range(n):
            cands: dict[int, _Pattern] = {}
            for k in lemmas(i) | {keys[i]}:
                for pat in index.get(k, ()):
                    cands[id(pat)] = pat
            for pat in cands.values():
                m = len(pat.keys)
                if i + m > n:
                    continue
                if not self._tokens_match(pat, i, keys, lemmas):
                    continue
                if len(pat.agreeing) > 1 and not ru.agree(
                    ru.agreement_features(toks[i + j][2], pat.lemmas[j]) for j in pat.agreeing
                ):
                    continue
                found.append((toks[i][0], toks[i + m - 1][1], pat.order, pat))
        return self._resolve(text, [(s, e, o, p.term, p.form) for s, e, o, p in found])

    @staticmethod
    def _tokens_match(pat: _Pattern, i: int, keys, lemmas) -> bool:
        for j, key in enumerate(pat.keys):
            tk = keys[i + j]
            if tk == key:
                continue
            want = pat.lemmas[j]
            if want is None:
                return False
            got = lemmas(i + j)
            if len(got) == 1 and not any(ch.isalpha() for ch in tk):
                return False
            if want.isdisjoint(got):
                return False
        return True

    # ---------------------------------------------------------------- Chinese

    def _build_zh(self) -> None:
        self._zh_forms: dict[str, tuple[int, Term]] = {}
        lengths: dict[str, set[int]] = {}
        for order, term in enumerate(self.terms):
            for form in term.source_forms("zh"):
                form = form.strip()
                if not form or form in self._zh_forms:
                    continue  # the first term with a spelling keeps it
                self._zh_forms[form] = (order, term)
                lengths.setdefault(form[0], set()).add(len(form))
        self._zh_lengths = {c: sorted(ls, reverse=True) for c, ls in lengths.items()}
        self._jieba_taught = False  # the spellings go to jieba's dictionary on the first match

    def _find_zh(self, text: str) -> list[TermMatch]:
        found = []
        forms, lengths = self._zh_forms, self._zh_lengths
        for i, c in enumerate(text):
            ls = lengths.get(c)
            if not ls:
                continue
            for L in ls:
                s = text[i : i + L]
                hit = forms.get(s)
                if hit is not None:
                    found.append((i, i + L, hit[0], hit[1], s))
        if found:
            if not self._jieba_taught:
                chinese.add_words(forms)
                self._jieba_taught = True
            inside = chinese.inside_words(text, [(f[0], f[1]) for f in found])
            found = [f for f in found if (f[0], f[1]) not in inside]
        return self._resolve(text, found)

    # ---------------------------------------------------------------- common

    def find(self, text: str) -> list[TermMatch]:
        """The terms in ``text``, sorted by start, non-overlapping."""
        if not text:
            return []
        return self._find_ru(text) if self.lang == "ru" else self._find_zh(text)

    @staticmethod
    def _resolve(text: str, found) -> list[TermMatch]:
        """Keep the longest of overlapping matches (then earliest, then first in the glossary)."""
        found.sort(key=lambda f: (-(f[1] - f[0]), f[0], f[2]))
        taken = bytearray(len(text) + 1)
        kept = []
        for s, e, _, term, form in found:
            if any(taken[s:e]):
                continue
            taken[s:e] = b"\x01" * (e - s)
            kept.append(TermMatch(term, s, e, text[s:e], form))
        kept.sort(key=lambda m: m.start)
        return kept
