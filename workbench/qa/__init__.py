"""Translator QA: small checks of one source segment against its translation.

A *check* is a function over a :class:`Pair` (source, target, their languages,
the glossary) registered with :func:`check` under an id and a severity:

* ``error`` — the translation is wrong as it stands (a glossary term missing, a
  number changed, Russian left in a Chinese target, an empty target);
* ``warning`` — probably wrong, worth a look (a term in a variant spelling,
  ASCII punctuation in Chinese, a suspicious length);
* ``info`` — cosmetic (whitespace at the ends differs).

Each check's docstring is what a translator reads about it. :func:`run_checks`
runs every check (or those named) and returns :class:`Finding` objects. The
checks live in :mod:`.checks` (form), :mod:`.numbers` and :mod:`.terms`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Callable, Iterable

from workbench.languages import LANGUAGES

SEVERITIES = ("error", "warning", "info")
_MODULES = ("workbench.qa.checks", "workbench.qa.numbers", "workbench.qa.terms")


@dataclass(frozen=True)
class Finding:
    """One problem found in a translation.

    Attributes:
        check: id of the check that found it (``term-missing``, ``numbers`` …).
        severity: ``error``, ``warning`` or ``info``.
        message: for the translator, naming what is wrong and what to do.
        line: line of the segment in a line-aligned file (0 when not known).
    """

    check: str
    severity: str
    message: str
    line: int = 0

    def to_dict(self) -> dict:
        return {"line": self.line, "check": self.check, "severity": self.severity, "message": self.message}


@dataclass
class Pair:
    """What a check looks at: one source segment and its translation."""

    source: str
    target: str
    source_lang: str
    target_lang: str
    terms: "object | None" = None  #: a :class:`workbench.qa.terms.TermIndex` or None
    cache: dict = field(default_factory=dict)  #: for checks that share work (e.g. term matches)


@dataclass(frozen=True)
class Check:
    """A registered check."""

    id: str
    severity: str
    function: Callable[[Pair], Iterable[str]]

    @property
    def description(self) -> str:
        return (self.function.__doc__ or "").strip()


#: Every check, by id, in registration order.
REGISTRY: dict[str, Check] = {}


def check(check_id: str, severity: str):
    """Register ``function(pair) -> iterable of messages`` as check ``check_id``."""
    if severity not in SEVERITIES:
        raise ValueError(f"severity must be one of {SEVERITIES}, not {severity!r}")

    def register(function):
        REGISTRY[check_id] = Check(check_id, severity, function)
        return function

    return register


def all_checks() -> dict[str, Check]:
    """Every registered check (importing the modules that define them)."""
    for name in _MODULES:
        importlib.import_module(name)
    return REGISTRY


def run_checks(source: str, target: str, source_lang: str, target_lang: str, terms=None,
               only: Iterable[str] | None = None, line: int = 0) -> list[Finding]:
    """Run the QA checks on one segment and its translation.

    Args:
        source, target: the segment and its translation.
        source_lang, target_lang: ``"ru"`` / ``"zh"``.
        terms: glossary terms — a :class:`~workbench.glossary.model.Glossary`, a list of
            :class:`~workbench.glossary.model.Term`, or a prepared
            :class:`workbench.qa.terms.TermIndex` (build it once for many segments).
        only: ids of the checks to run (default: all).
        line: stored in each finding (for line-aligned files).
    """
    from workbench.qa.terms import TermIndex

    if source_lang not in LANGUAGES or target_lang not in LANGUAGES or source_lang == target_lang:
        raise ValueError(f"unsupported direction {source_lang}→{target_lang}")
    index = terms if isinstance(terms, TermIndex) or terms is None else TermIndex(terms)
    pair = Pair(source, target, source_lang, target_lang, index)
    wanted = set(only) if only is not None else None
    findings: list[Finding] = []
    for check_id, registered in all_checks().items():
        if wanted is not None and check_id not in wanted:
            continue
        for message in registered.function(pair):
            findings.append(Finding(check_id, registered.severity, message, line))
    return findings


__all__ = ["Check", "Finding", "Pair", "REGISTRY", "SEVERITIES", "all_checks", "check", "run_checks"]
