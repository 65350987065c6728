"""Case government: the case a preposition asks of the Russian term that follows it.

The constrained search offers every case of a Russian term and the model's
scores choose; a weak model often chooses wrong right after a preposition that
leaves no choice («с Цзин Цюань», «для Якутск»). This module is the cheap,
general tie-breaker of the term-hint issue: where a term stands directly after
a preposition that governs one case (or, for «в»/«на», the locative or the
accusative), the term is put in that case, in its own number. Nothing else is
touched: a term after any other word keeps the model's form, and only forms of
the term itself are ever written.

The table follows the standard grammar (Русская грамматика, 1980, §§1661–1700),
keeping only prepositions whose case before a noun phrase is not in doubt in
press-release prose. «с» takes the instrumental of company («встреча с Цзин
Цюанем»); its genitive («с Якутска» = from) and accusative («с неделю») senses are
rare there. Prepositions with two live cases («за», «под», «через» with motion)
are left out.

Two rules read the Chinese source as well. A term that is the object of a
verb there (访问了雅库茨克) and follows a transitive verb in the translation
(«посетил Якутск») is put in the accusative: pymorphy3's ``tran`` grammeme,
and jieba's part of speech for the Chinese verb, so that a subject after a
verb of speech («сообщил Цзин Цюань», from 景泉说) is left alone. A term
followed by 的 modifies the noun after it (雅库茨克的学校, 东北联邦大学的教授:
the schools *of Yakutsk*, a professor *of the university*), which Russian
puts in the genitive. It applies where the term stands after no governing
preposition or verb in the translation, and not where a co-verb before the
term in the source (在, 与, 对, 向 …) makes the 的 belong to a larger phrase
(与黑河的合作: cooperation *with* Heihe).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

#: Preposition → the case it governs.
PREPOSITION_CASE = {
    **dict.fromkeys(("о", "об", "обо", "при"), "loct"),
    **dict.fromkeys(("к", "ко", "по", "благодаря", "согласно", "вопреки", "навстречу"), "datv"),
    **dict.fromkeys(("для", "из", "изо", "от", "ото", "до", "у", "без", "около", "после", "вокруг", "кроме",
                     "среди", "против", "возле", "напротив", "ради", "вблизи", "из-за", "из-под", "вместо",
                     "внутри", "посреди", "помимо", "накануне"), "gent"),
    **dict.fromkeys(("с", "со", "между", "над", "перед", "пред", "надо", "передо"), "ablt"),
}
#: Prepositions of place that take the locative («в Якутске») or, after a word of motion, the accusative.
PLACE_PREPOSITIONS = ("в", "во", "на")
#: Words of motion (lemmas, prefixes of stems) that make «в»/«на» take the accusative: «прибыли в Якутск».
MOTION_STEMS = ("прибы", "приех", "прилет", "отправ", "направ", "поех", "ехал", "вернул", "возвращ",
                "переех", "доставл", "достав", "пригла", "визит", "поездк", "прибыти", "приезд", "въезд",
                "перевез", "отбы", "выеха", "уеха", "уезжа", "летел", "полет", "путь", "дорог")
#: Chinese co-verbs and prepositions: before a term, they make a following 的 belong to their phrase.
COVERBS = ("在", "于", "到", "赴", "往", "至", "与", "和", "同", "跟", "对", "向", "给", "由", "被", "让", "把", "将",
           "为", "关于", "对于")
#: Chinese aspect particles between a verb and its object (访问了雅库茨克).
ASPECT = ("了", "过", "着")
_WORD_BEFORE = re.compile(r"([А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)?)[\s\u00a0]+$")
_WORDS = re.compile(r"[А-ЯЁа-яё]+")


@dataclass(frozen=True)
class CaseFix:
    """One term form the rule replaced."""

    start: int
    found: str
    wanted: str
    preposition: str  #: the governing word of the translation, or 的 for the source's genitive

    def describe(self) -> str:
        """«с Цзин Цюань → с Цзин Цюанем», or «Якутск → Якутска (X的)» (what the report lists)."""
        if self.preposition == "的":
            return f"{self.found} → {self.wanted} (X的)"
        return f"{self.preposition} {self.found} → {self.preposition} {self.wanted}"


def governed_case(before: str) -> tuple[str, str] | None:
    """(preposition, case) asked of a noun phrase that follows ``before``, or None.

    ``before`` is the text up to the phrase; «в»/«на» give ``loct``, or ``accs``
    when a word of motion stands among the four words before them.
    """
    m = _WORD_BEFORE.search(before)
    if not m:
        return None
    word = m.group(1).lower()
    if word in PLACE_PREPOSITIONS:
        earlier = _WORDS.findall(before[:m.start()].lower())[-4:]
        moving = any(w.startswith(MOTION_STEMS) for w in earlier)
        return word, "accs" if moving else "loct"
    case = PREPOSITION_CASE.get(word)
    return (word, case) if case else None


def object_of_verb(source: str, start: int) -> bool:
    """True when the Chinese term at ``source[start:]`` follows a verb (jieba's part of speech), aspect aside."""
    from workbench.morphology.chinese import ends_with_verb

    before = source[:start].rstrip()
    while before.endswith(ASPECT):
        before = before[:-1]
    return ends_with_verb(before[-8:])  # the last few characters tell the last word


def transitive_verb_before(before: str) -> str | None:
    """The word that ends ``before`` if it is a transitive verb, infinitive or gerund (pymorphy3's ``tran``)."""
    from workbench.morphology.russian import analyzer

    m = _WORD_BEFORE.search(before)
    if not m:
        return None
    tag = analyzer().parse(m.group(1).lower())[0].tag
    return m.group(1) if tag.POS in ("VERB", "INFN", "GRND") and "tran" in tag else None


def modifies_with_de(source: str, start: int, end: int) -> bool:
    """True when the Chinese term at ``source[start:end]`` is followed by 的 and no co-verb stands before it."""
    if source[end:end + 1] != "的":
        return False
    before = source[:start].rstrip()
    return not before.endswith(COVERBS)


def source_case(before: str, source: str, start: int, end: int) -> tuple[str, str] | None:
    """(governing word, case) that the Chinese source asks of the term at ``source[start:end]``, or None.

    The accusative of a verb's object needs the transitive verb in the translation too (``before``,
    the text up to the term there); the genitive of 的 applies after any other word.
    """
    verb = transitive_verb_before(before)
    if verb and object_of_verb(source, start):
        return verb, "accs"
    if modifies_with_de(source, start, end):
        return "的", "gent"
    return None


class TermGovernment:
    """Puts glossary terms that follow a governing preposition into its case.

    ``case_form(term, case, found)`` gives the term's form in one case, in the
    number of the form ``found`` in the text (cached by the caller).
    """

    def __init__(self, case_form):
        self.case_form = case_form

    def fix(self, text: str, terms: Iterable[tuple[object, tuple[str, ...]]], source: str = "",
            source_spans: dict | None = None) -> tuple[str, list[CaseFix]]:
        """``text`` with each misgoverned term form replaced, and the replacements made.

        ``source_spans``: term → its (start, end) in the Chinese ``source``, for the terms found
        there once; the source rules (:func:`object_of_verb`, :func:`modifies_with_de`) apply to
        those terms only, where no preposition governs them.
        """
        source_spans = source_spans or {}
        spans = []
        for term, forms in terms:
            for start, end in _occurrences(text, forms):
                spans.append((start, end, term, forms))
        # a term inside another one's form («Якутия» in «… Республики Саха (Якутия)») is that term's
        spans = [s for s in spans if not any(o[0] <= s[0] and s[1] <= o[1] and o[1] - o[0] > s[1] - s[0]
                                             for o in spans)]
        fixes: list[CaseFix] = []
        for start, end, term, forms in sorted(spans, key=lambda s: -s[0]):  # right to left: offsets hold
            governed = governed_case(text[:start])
            if governed is None and term in source_spans:
                governed = source_case(text[:start], source, *source_spans[term])
            if governed is None:
                continue
            preposition, case = governed
            found = text[start:end]
            wanted = self.case_form(term, case, found)
            if not wanted or wanted == found or wanted not in forms:
                continue
            if case == "loct" and self.case_form(term, "accs", found) == found and preposition in PLACE_PREPOSITIONS:
                continue  # «в»/«на» + accusative is grammatical; only a motion word would tell
            text = text[:start] + wanted + text[end:]
            fixes.append(CaseFix(start, found, wanted, preposition))
        return text, fixes[::-1]


def _occurrences(text: str, forms: tuple[str, ...]) -> list[tuple[int, int]]:
    """Non-overlapping whole-word spans of any of ``forms`` in ``text``, longest forms first."""
    taken: list[tuple[int, int]] = []
    for form in sorted(set(forms), key=len, reverse=True):
        for m in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text):
            if all(m.end() <= a or m.start() >= b for a, b in taken):
                taken.append((m.start(), m.end()))
    return sorted(taken)
