"""The translator interface shared by every engine.

An engine turns a batch of source sentences into target sentences. Each
sentence may carry :class:`Constraint` objects: target strings of which at
least one alternative must appear in the output (a glossary term, possibly
in several inflected forms). An engine honours every constraint it is given
(:class:`~workbench.engine.scheduler.MarianTranslator` by constrained search);
:attr:`Hypothesis.met` says which ones it placed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, Sequence


@dataclass(frozen=True)
class Constraint:
    """A disjunctive lexical constraint: the output must contain one of ``alternatives``.

    Attributes:
        alternatives: target strings in order of preference; the decoder's
            scores choose among them (e.g. the case of a Russian term).
        label: what the constraint stands for, for messages (the glossary term).
        source: the source text it translates; when a long sentence is split,
            the constraint goes with the piece that contains this text.
        count: how often the source has the term; the output may hold it at
            least once and at most this often.
        accepted: alternatives that meet the constraint when the model writes
            them itself, but are never forced, and do not count towards
            ``count``: a term's derived words. Forced, a model that does not
            know a name wrote «прибыла в якутян» for 抵达雅库茨克; and «российской
            территории России» holds the term once, not twice.
    """

    alternatives: tuple[str, ...]
    label: str = ""
    source: str = ""
    count: int = 1
    accepted: tuple[str, ...] = ()
    hint: str = ""


@dataclass
class Hypothesis:
    """One translation of one source sentence.

    Attributes:
        text: the detokenised output.
        met: for each constraint of the request, whether the decoder placed it.
        complete: False when decoding stopped at the length limit without an
            end-of-sentence token (the output may then be incomplete).
        parts: how many pieces the source was split into to fit the model.
    """

    text: str
    met: list[bool] = field(default_factory=list)
    complete: bool = True
    parts: int = 1


class Translator(Protocol):
    """What the pipeline needs from an engine.

    Besides :meth:`translate`, the pipeline uses where an engine has them (a test's fake engine has
    not): ``reads_hints`` (its model was trained with term hints), ``split_to_fit(sentence)`` (the
    pieces a sentence too long for the model is translated in) and ``alternatives(sentence, n)``
    (n different translations, for re-translation in the editor).
    """

    source_lang: str
    target_lang: str
    name: str

    def translate(
        self,
        sentences: Sequence[str],
        constraints: Sequence[Sequence[Constraint]] | None = None,
        *,
        num_beams: int = 4,
        enforce: bool = True,
        hints: bool = False,
    ) -> list[Hypothesis]:
        """Translate ``sentences``; ``constraints[i]`` applies to ``sentences[i]``.

        With ``hints`` an engine whose model reads term hints appends each
        constraint's :attr:`Constraint.hint` to the source; others ignore it.
        With ``enforce=False`` the constraints are not imposed: they only tell the
        engine which sentences hold terms, so that it can batch them as it would
        with enforcement and the two outputs differ only by the enforcement.
        """
        ...
