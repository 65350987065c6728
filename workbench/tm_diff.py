"""What a fuzzy memory match differs in, shown to the translator, and matches repaired where that is safe.

A fuzzy match offered as «83%» leaves the translator to find what changed.
:func:`marked_source` marks, in the memory entry's source, the words (Russian)
or characters (Chinese) that the segment does not have, as ``⟦…⟧``; the
choice list of the editor is plain text, so the marks are characters, not
colours. :func:`repair_numbers` puts the segment's numbers into the memory's
translation when the numbers are all that differ and each of the entry's
numbers stands in its translation as written («12 июня» → «6月12日» becomes
«6月15日» for «15 июня»): the commonest fuzzy match of a press office (the
same announcement, another date) then needs no edit.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

MARK_OPEN, MARK_CLOSE = "⟦", "⟧"
_TOKEN = {"ru": re.compile(r"\w+|[^\w\s]", re.UNICODE), "zh": re.compile(r"\d+(?:[.,]\d+)*|\S")}
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)*$")


def tokens(text: str, lang: str) -> list[str]:
    """Words and punctuation (Russian), characters and whole numbers (Chinese)."""
    return _TOKEN["zh" if lang == "zh" else "ru"].findall(text)


def _opcodes(query: str, source: str, lang: str):
    ours, theirs = tokens(query, lang), tokens(source, lang)
    key = (lambda t: t.casefold()) if lang != "zh" else (lambda t: t)
    matcher = SequenceMatcher(None, [key(t) for t in ours], [key(t) for t in theirs], autojunk=False)
    return ours, theirs, matcher.get_opcodes()


def marked_source(query: str, source: str, lang: str) -> str:
    """*source* (a memory entry) with what the segment *query* lacks marked ``⟦…⟧``."""
    _, theirs, opcodes = _opcodes(query, source, lang)
    parts = []
    joiner = "" if lang == "zh" else " "
    for tag, _, _, start, end in opcodes:
        if start == end:
            continue
        piece = joiner.join(theirs[start:end])
        parts.append(piece if tag == "equal" else f"{MARK_OPEN}{piece}{MARK_CLOSE}")
    text = joiner.join(parts)
    return re.sub(r" ([,.;:!?»)])", r"\1", text) if lang != "zh" else text


def repair_numbers(query: str, source: str, target: str, lang: str) -> str | None:
    """*target* with the segment's numbers put in, when numbers are all that differ; else ``None``.

    Each replaced number must stand in *target* exactly once, so that it is
    clear which one to change; a match that differs in anything else is
    offered as it is.
    """
    ours, theirs, opcodes = _opcodes(query, source, lang)
    changes = []
    for tag, ours_start, ours_end, start, end in opcodes:
        if tag == "equal":
            continue
        old, new = theirs[start:end], ours[ours_start:ours_end]
        if tag != "replace" or len(old) != len(new) or not all(_NUMBER.match(t) for t in old + new):
            return None
        changes.extend(zip(old, new))
    if not changes:
        return None
    repaired = target
    for old, new in changes:
        found = [m for m in re.finditer(rf"(?<![\d.,]){re.escape(old)}(?![\d]|[.,]\d)", repaired)]
        if len(found) != 1:
            return None
        repaired = repaired[:found[0].start()] + new + repaired[found[0].end():]
    return repaired
