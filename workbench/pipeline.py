"""From a text to its translation: segment, find glossary terms, decode under them, check.

The pipeline is where the glossary meets the engine. For each sentence it
finds the glossary terms of the source (:mod:`workbench.glossary.matching`),
turns them into decoding constraints — ru→zh the exact Chinese, zh→ru every
inflected form of the Russian term — and afterwards checks the output, so
every segment records each term: where it was found and whether the output
has it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from workbench.engine.base import Constraint, Hypothesis, Translator
from workbench.glossary.matching import TermMatcher
from workbench.glossary.model import Glossary, Term
from workbench.morphology.government import TermGovernment
from workbench.morphology.russian import (
    analyse_term, derived_word_forms, inflect_term, inflect_term_case, other_number_forms, term_number,
)

ENFORCE_MODES = ("constrained", "off")


@dataclass
class TermStatus:
    """A glossary term found in a source segment, and whether the output has it."""

    source: str
    term: Term
    start: int
    end: int
    present: bool

    def to_json(self, target_lang: str) -> dict:
        return {
            "source": self.source,
            "term": self.term.ru if target_lang == "zh" else self.term.zh,
            "target": self.term.target(target_lang),
            "kind": self.term.kind,
            "start": self.start,
            "end": self.end,
            "fuzzy": self.term.fuzzy,
            "status": "present" if self.present else "missing",
        }


@dataclass
class SegmentResult:
    """One translated sentence with its terms."""

    source: str
    output: str
    terms: list[TermStatus] = field(default_factory=list)
    complete: bool = True
    parts: int = 1
    paragraph: int = 0
    index: int = 0
    hints: list[str] = field(default_factory=list)
    case_fixes: list[str] = field(default_factory=list)

    def to_json(self, target_lang: str) -> dict:
        record = {
            "paragraph": self.paragraph,
            "index": self.index,
            "source": self.source,
            "output": self.output,
            "complete": self.complete,
            "parts": self.parts,
            "terms": [t.to_json(target_lang) for t in self.terms],
        }
        if self.hints:  # only a model trained with hints is given any
            record["hints"] = list(self.hints)
        if self.case_fixes:
            record["case_fixes"] = list(self.case_fixes)
        return record


class TermChecker:
    """Says whether a target text contains a term: exact Chinese, or Russian in any case.

    In Russian a derived word of the term (``Term.ru_derived``, «китайский»
    for «Китай») in any form counts too: it is what the glossary accepts.
    """

    def __init__(self, target_lang: str):
        self.target_lang = target_lang
        self._matchers: dict[tuple, object] = {}

    def has(self, output: str, term: Term) -> bool:
        if self.target_lang == "zh":
            return term.zh in output

        key = (term.ru, term.ru_derived)
        matcher = self._matchers.get(key)
        if matcher is None:
            words = [Term(ru=term.ru, zh=term.zh)] + [Term(ru=word, zh=term.zh) for word in term.ru_derived]
            matcher = self._matchers[key] = TermMatcher(words, "ru")
        return bool(matcher.find(output))


def term_forms(term: Term, target_lang: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What the decoder may write for ``term``: its own forms, and its derived words' not among them.

    Chinese: the Chinese form. Russian: every case of the term, then every form
    of its derived words (accepted where the model writes them, never forced:
    see :attr:`Constraint.accepted <workbench.engine.base.Constraint>`).
    """
    if target_lang == "zh":
        return (term.zh,), ()

    kind = term.kind or None
    names = tuple(dict.fromkeys(inflect_term(term.ru) + other_number_forms(term.ru, kind)))
    derived: list[str] = []
    for word in term.ru_derived:
        derived.extend(form for form in derived_word_forms(word) if form not in names and form not in derived)
    return names, tuple(derived)


#: The most sentences :meth:`Pipeline.translate_sentences` gives the translator at once.
MAX_CHUNK = 256


def chunk_size(sentences: int) -> int:
    """Sentences per chunk of :meth:`Pipeline.translate_sentences`: the fewest even chunks of at most 256.

    Every chunk waits for its slowest batch while a core idles (the last batch of
    CTranslate2's plain sentences, or the last constrained search), so fewer,
    larger chunks are faster (``bench_throughput``, WMT21 news with the glossary:
    0.88-0.89x CTranslate2 direct in chunks of 64, 0.91-0.92x in chunks of 250); even
    sizes keep a short last chunk from paying that wait alone. A press release is
    one chunk (the sample's 42 sentences in chunks of 32 took one more constrained
    batch and a second fast-path call). The progress bar moves once per chunk:
    every 2-3 s on 2 cores.
    """
    chunks = max(1, -(-sentences // MAX_CHUNK))
    return max(1, -(-sentences // chunks))


class Pipeline:
    """Translate sentences with a glossary, recording every term's fate.

    Args:
        translator: any :class:`workbench.engine.base.Translator`.
        glossary: the terms to enforce (empty: plain translation).
        enforce: ``constrained`` (terms are decoded as constraints) or ``off``
            (terms are only found and checked, to measure their effect; the
            engine is told ``enforce=False``, see :class:`Translator`).
        num_beams: beam size for sentences without constraints.
        hints: give a model trained with term hints (:mod:`workbench.train.hints`)
            the glossary targets of the terms found, Russian in dictionary form;
            a model without them (an OPUS-MT checkpoint) is fed exactly as with
            ``hints=False``.
        government: with enforcement into Russian, put each term in the case its
            context governs: a co-verb before it in the Chinese source (在, 从, 与, 向 …)
            or its place as the subject, a preposition before it in the translation,
            a noun after it in the source, a verb whose object it is, 的 after it
            (:mod:`workbench.morphology.government`).
    """

    def __init__(self, translator: Translator, glossary: Glossary | None = None, *,
                 enforce: str = "constrained", num_beams: int = 4, hints: bool = True,
                 government: bool = True):
        self.translator = translator
        self.source_lang = translator.source_lang
        self.target_lang = translator.target_lang
        self.enforce = enforce
        self.num_beams = num_beams
        self.hints = hints and bool(getattr(translator, "reads_hints", False))
        self.government = None
        if government and enforce != "off" and self.target_lang == "ru":
            self.government = TermGovernment(self._case_form)
        self._case_forms: dict[tuple[Term, str, bool], str] = {}
        # per term: its own number is the plural, its forms in that number, in the other (_case_form)
        self._numbers: dict[Term, tuple[bool, frozenset[str], frozenset[str]]] = {}
        self.matcher = TermMatcher(list(glossary or []), self.source_lang)
        self.checker = TermChecker(self.target_lang)
        self._forms: dict[Term, tuple[tuple[str, ...], tuple[str, ...]]] = {}  # term_forms, once per term

    def find_terms(self, sentence: str):
        """Glossary terms in a source sentence (non-overlapping, longest first)."""
        return self.matcher.find(sentence)

    def constraints_for(self, matches) -> list[Constraint]:
        """One constraint per distinct term of a sentence (also with ``enforce="off"``: see below)."""
        counts = Counter(match.term for match in matches)
        constraints, seen = [], set()
        for match in matches:
            if match.term in seen:
                continue
            seen.add(match.term)
            if match.term not in self._forms:
                self._forms[match.term] = term_forms(match.term, self.target_lang)
            names, derived = self._forms[match.term]
            constraints.append(Constraint(names + derived, label=match.term.ru, source=match.text,
                                          count=counts[match.term], accepted=derived,
                                          hint=match.term.target(self.target_lang)))
        return constraints

    def translate_sentences(self, sentences: Sequence[str], *, batch_size: int | None = None,
                            progress: Callable[[int], None] | None = None) -> list[SegmentResult]:
        """Translate sentences in chunks (``progress`` is called with each chunk's size).

        A chunk is what the translator sorts by length and batches; by default
        :func:`chunk_size`.
        """
        batch_size = batch_size or chunk_size(len(sentences))
        results: list[SegmentResult] = []
        for start in range(0, len(sentences), batch_size):
            chunk = sentences[start:start + batch_size]
            matches = [self.find_terms(s) for s in chunk]
            constraints = [self.constraints_for(m) for m in matches]
            # off, the engine still knows which sentences hold terms: it decodes them as it
            # would with enforcement, up to the constrained search, so only the search differs
            hypotheses = self.translator.translate(chunk, constraints, num_beams=self.num_beams,
                                                   enforce=self.enforce != "off", **self._hint_option())
            for sentence, found, hyp, wanted in zip(chunk, matches, hypotheses, constraints):
                fixes = self._govern(sentence, hyp, found)
                result = self._result(sentence, found, hyp)
                result.case_fixes = fixes
                if self.hints:
                    result.hints = list(dict.fromkeys(c.hint for c in wanted))
                results.append(result)
            if progress:
                progress(len(chunk))
        return results

    def _govern(self, sentence: str, hypothesis: Hypothesis, matches) -> list[str]:
        """Apply case government to the terms of ``hypothesis`` in place; «found → wanted» per change."""
        if self.government is None or not matches:
            return []
        terms = {m.term: self._forms[m.term][0] for m in matches if m.term in self._forms}
        once = Counter(m.term for m in matches)
        source_spans = {m.term: (m.start, m.end) for m in matches if once[m.term] == 1}
        text, fixes = self.government.fix(hypothesis.text, terms.items(), sentence, source_spans,
                                          [(m.start, m.end) for m in matches])
        hypothesis.text = text
        return [fix.describe() for fix in fixes]

    def _case_form(self, term: Term, case: str, found: str, plural: bool | None = None) -> str:
        """``term`` in ``case``, in the number of its form ``found`` (cached), or the plural if ``plural``.

        A form of both numbers («главы»: genitive singular, nominative plural) keeps the term's own.
        """
        kind = term.kind or None
        if term not in self._numbers:
            self._numbers[term] = (term_number(analyse_term(term.ru, kind)) == "plur",
                                   frozenset(inflect_term(term.ru, kind)), frozenset(other_number_forms(term.ru, kind)))
        own_plural, own_forms, other_forms = self._numbers[term]
        if plural is None:
            plural = own_plural != (found in other_forms and found not in own_forms)
        elif not other_forms:
            plural = own_plural  # a name has one number
        key = (term, case, plural)
        if key not in self._case_forms:
            self._case_forms[key] = inflect_term_case(term.ru, case, kind, "plur" if plural else "sing")
        return self._case_forms[key]

    def _hint_option(self) -> dict:
        """``hints=True`` for a translator that reads hints; nothing for others (their signature may lack it)."""
        return {"hints": True} if self.hints else {}

    def alternatives(self, sentence: str, n: int = 3) -> list[SegmentResult]:
        """Up to ``n`` different translations of one sentence, the glossary-enforced one first.

        The others are the model's n-best list; each carries its own term
        statuses, so a translator sees which alternatives lost a term.
        """
        [first] = self.translate_sentences([sentence])
        results, seen = [first], {first.output}
        matches = self.find_terms(sentence)
        pieces = getattr(self.translator, "split_to_fit", lambda s: [s])(sentence)
        if len(pieces) == 1 and hasattr(self.translator, "alternatives"):
            for text in self.translator.alternatives(sentence, n):
                if text not in seen and len(results) < n:
                    seen.add(text)
                    results.append(self._result(sentence, matches, Hypothesis(text=text)))
        return results

    def _result(self, sentence, matches, hypothesis) -> SegmentResult:
        statuses = [
            TermStatus(source=m.text, term=m.term, start=m.start, end=m.end,
                       present=self.checker.has(hypothesis.text, m.term))
            for m in matches
        ]
        return SegmentResult(source=sentence, output=hypothesis.text, terms=statuses,
                             complete=hypothesis.complete, parts=hypothesis.parts)


def iter_terms(results: Iterable[SegmentResult]):
    """Every term status of a list of results."""
    for result in results:
        yield from result.terms
