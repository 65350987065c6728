"""Glossary checks: every term of the source must be in the translation in its agreed form.

The source is searched with :class:`~workbench.glossary.matching.TermMatcher`
(Russian in any inflected form, any listed spelling). The translation must then
contain the term's *canonical* target form: in Chinese exactly (after NFKC), in
Russian in any inflected form (the same matcher, on the canonical form alone:
«Народным правительством города Хэйхэ» is fine), or one of the term's derived
words («китайских» for «Китай»). When it does not, the term is
*altered* if a listed variant or a near-spelling («Хэйхе», 黑和) stands there
instead, else *missing*.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import lru_cache

from workbench.glossary.matching import TermMatcher
from workbench.glossary.model import Term, derived_word_owners
from workbench.morphology.russian import inflect_term
from workbench.qa import Pair, check


def _nfkc(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


class TermIndex:
    """Glossary terms prepared for QA (matchers built once, reused for every segment).

    Args:
        terms: a :class:`~workbench.glossary.model.Glossary` or any iterable of terms.
    """

    def __init__(self, terms):
        self.terms: list[Term] = list(terms)
        self._matchers: dict[tuple[str, str], tuple[object, dict[int, Term]]] = {}

    def _matcher(self, lang: str, which: str):
        """``which``: ``source`` (all forms), ``canonical`` or ``variants`` (Russian target side)."""
        key = (lang, which)
        if key not in self._matchers:
            if which == "source":
                pairs = [(t, [t]) for t in self.terms]
            elif which == "canonical":  # the agreed form, or a derived word the glossary accepts
                pairs = [(replace(t, ru_variants=(), zh_variants=()), [t]) for t in self.terms if t.ru]
                owners = derived_word_owners(self.terms)  # one pattern per word, for all its terms
                pairs += [(Term(ru=word, zh=""), terms) for word, terms in owners.items()]
            else:
                pairs = [(replace(t, ru=v, ru_variants=()), [t]) for t in self.terms for v in t.ru_variants if v]
            matcher = TermMatcher([own for own, _ in pairs], lang)
            self._matchers[key] = (matcher, {id(own): origs for own, origs in pairs})
        return self._matchers[key]

    def find(self, text: str, lang: str) -> list:
        """The term matches of ``text`` (a :class:`TermMatch` per occurrence)."""
        matcher, _ = self._matcher(lang, "source")
        return matcher.find(text) if self.terms and text.strip() else []

    def russian_present(self, text: str, which: str = "canonical") -> set[int]:
        """ids of the terms whose canonical (or a variant) Russian form is in ``text``, inflected or not."""
        matcher, back = self._matcher("ru", which)
        if not back or not text.strip():
            return set()
        return {id(term) for m in matcher.find(text) for term in back[id(m.term)]}


def _source_terms(pair: Pair) -> list[tuple[Term, str]]:
    """Each term found in the source once, with the text it was found as."""
    if "source_terms" not in pair.cache:
        found: dict[int, tuple[Term, str]] = {}
        if pair.terms is not None:
            for match in pair.terms.find(pair.source, pair.source_lang):
                found.setdefault(id(match.term), (match.term, match.text))
        pair.cache["source_terms"] = list(found.values())
    return pair.cache["source_terms"]


@lru_cache(maxsize=4096)
def _ru_forms(phrase: str, kind: str) -> tuple[str, ...]:
    try:
        return tuple(dict.fromkeys(f.lower().replace("ё", "е") for f in inflect_term(phrase, kind or None)))
    except Exception:  # an odd phrase the morphology cannot inflect: its own spelling only
        return (phrase.lower().replace("ё", "е"),)


def _near_ru(target: str, term: Term) -> str | None:
    """A word sequence of ``target`` one or two edits from an inflected form of the term."""
    from rapidfuzz.distance import Levenshtein

    forms = _ru_forms(term.ru, term.kind)
    words = list(re.finditer(r"[\w\-]+", target))
    size = len(term.ru.split())
    for i in range(len(words) - size + 1):
        span = target[words[i].start():words[i + size - 1].end()]
        key = span.lower().replace("ё", "е")
        for form in forms:
            limit = 1 if len(form) < 12 else 2
            if len(form) >= 4 and 0 < Levenshtein.distance(key, form, score_cutoff=limit) <= limit:
                return span
    return None


def _near_zh(target: str, form: str) -> str | None:
    """A run of ``target`` as long as ``form`` that differs from it in one character (forms of 3+)."""
    if len(form) < 3:
        return None
    for i in range(len(target) - len(form) + 1):
        window = target[i:i + len(form)]
        if sum(a != b for a, b in zip(window, form)) == 1:
            return window
    return None


def _status(pair: Pair) -> list[tuple[Term, str, str, str]]:
    """Per source term not rendered canonically: (term, source text, 'missing'|'altered', detail)."""
    if "term_status" in pair.cache:
        return pair.cache["term_status"]
    out = []
    terms = _source_terms(pair)
    if terms and pair.target.strip():
        if pair.target_lang == "zh":
            target = _nfkc(pair.target)
            for term, seen in terms:
                if _nfkc(term.zh) in target:
                    continue
                variant = next((v for v in term.zh_variants if v and _nfkc(v) in target), None)
                if variant:
                    out.append((term, seen, "altered", f"the variant {variant}"))
                    continue
                near = _near_zh(target, _nfkc(term.zh))
                out.append((term, seen, "altered", f"«{near}»") if near else (term, seen, "missing", ""))
        else:
            present = pair.terms.russian_present(pair.target)
            variants = pair.terms.russian_present(pair.target, "variants")
            for term, seen in terms:
                if id(term) in present:
                    continue
                if id(term) in variants:
                    out.append((term, seen, "altered", "a variant spelling"))
                    continue
                near = _near_ru(pair.target, term)
                out.append((term, seen, "altered", f"«{near}»") if near else (term, seen, "missing", ""))
    pair.cache["term_status"] = out
    return out


@check("term-missing", "error")
def term_missing(pair: Pair):
    """A glossary term of the source is not in the translation in its agreed form. Use the
    glossary's form (Russian may be inflected to fit the sentence)."""
    for term, seen, status, _detail in _status(pair):
        if status == "missing":
            want = term.target(pair.target_lang)
            yield f"glossary term «{seen}» → {want}: {want} is missing in the translation"


@check("term-altered", "warning")
def term_altered(pair: Pair):
    """A glossary term of the source is rendered by a variant or a near-spelling of its agreed
    form. Use the agreed (first) form of the glossary entry."""
    for term, seen, status, detail in _status(pair):
        if status == "altered":
            want = term.target(pair.target_lang)
            yield f"glossary term «{seen}» → {want}: the translation has {detail} instead"
