"""Scoring translations: chrF and BLEU (sacrebleu) and the glossary term success rate.

Chinese output is scored with sacrebleu's ``zh`` tokenizer for BLEU (chrF
works on characters and needs none). A term succeeds when the output holds
it: the exact Chinese form, or the Russian term in any inflected form (judged
by lemma, as :class:`workbench.pipeline.TermChecker` does).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Scores:
    segments: int
    chrf: float
    bleu: float
    terms: int = 0
    terms_present: int = 0

    @property
    def term_success_rate(self) -> float | None:
        return self.terms_present / self.terms if self.terms else None

    def as_dict(self) -> dict:
        return {"segments": self.segments, "chrf": round(self.chrf, 2), "bleu": round(self.bleu, 2),
                "terms": self.terms, "terms_present": self.terms_present,
                "term_success_rate": None if self.term_success_rate is None
                else round(self.term_success_rate, 4)}


def corpus_scores(hypotheses: list[str], references: list[str], target_lang: str) -> tuple[float, float]:
    """(chrF, BLEU) of a line-aligned corpus."""
    import sacrebleu

    chrf = sacrebleu.corpus_chrf(hypotheses, [references]).score
    bleu = sacrebleu.corpus_bleu(hypotheses, [references], tokenize="zh" if target_lang == "zh" else "13a").score
    return chrf, bleu


def score_results(results, references: list[str], target_lang: str) -> Scores:
    """Scores of pipeline results (one per reference line) against the references."""
    outputs = [r.output for r in results]
    chrf, bleu = corpus_scores(outputs, references, target_lang)
    statuses = [t for r in results for t in r.terms]
    return Scores(len(outputs), chrf, bleu, len(statuses), sum(t.present for t in statuses))
