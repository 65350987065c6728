"""Does a finished translation already hold every constraint? (No decoding needed then.)

A constraint is satisfied when one of its alternatives occurs — as a whole
word in a spaced language (Russian), anywhere in Chinese — at least once and
no more often than the source has the term.
"""

from __future__ import annotations

import re
from typing import Sequence

from workbench.engine.base import Constraint


def occurrences(text: str, alternatives: Sequence[str], target_lang: str) -> int:
    """Non-overlapping occurrences of any alternative (longest first) in ``text``."""
    forms = set(alternatives)
    if target_lang != "zh":  # a lower-case form (an adjective) may open the sentence
        forms |= {form[:1].upper() + form[1:] for form in alternatives if form[:1].islower()}
    forms = sorted(forms, key=len, reverse=True)
    body = "|".join(re.escape(form) for form in forms)
    pattern = f"(?:{body})" if target_lang == "zh" else rf"(?<![\w-])(?:{body})(?![\w-])"
    return len(re.findall(pattern, text))


def satisfies(text: str, constraints: Sequence[Constraint], target_lang: str) -> bool:
    """True when every constraint occurs at least once, and its capped forms at most ``count`` times.

    A derived word (``Constraint.accepted``) meets a term without counting as a
    copy of it: «российской территории России» holds «Россия» once.
    """
    for c in constraints:
        capped = [a for a in c.alternatives if a not in c.accepted]
        if occurrences(text, c.alternatives, target_lang) < 1:
            return False
        if capped and occurrences(text, capped, target_lang) > max(1, c.count):
            return False
    return True
