"""What a fuzzy memory match differs in, shown to the translator, and matches repaired where that is safe.

A fuzzy match offered as «83%» leaves the translator to find what changed.
:func:`marked_source` marks, in the memory entry's source, the words (Russian)
or characters (Chinese) that the segment does not have, as ``⟦…⟧``; the
choice list of the editor is plain text, so the marks are characters, not
colours. :func:`repair` puts the segment's numbers and glossary terms into
the memory's translation when they are all that differ and each of the
entry's numbers and term translations stands in its translation as written
(«12 июня» → «6月12日» becomes «6月15日» for «15 июня»; «в Якутск» → «雅库茨克»
becomes «黑河» for «в Хэйхэ»): the commonest fuzzy matches of a press office
(the same announcement, another date or another city) then need no edit.
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


def _spans(text: str, lang: str) -> list[tuple[int, int]]:
    return [m.span() for m in _TOKEN["zh" if lang == "zh" else "ru"].finditer(text)]


def _opcodes(query: str, source: str, lang: str):
    ours, theirs = tokens(query, lang), tokens(source, lang)
    key = (lambda t: t.casefold()) if lang != "zh" else (lambda t: t)
    matcher = SequenceMatcher(None, [key(t) for t in ours], [key(t) for t in theirs], autojunk=False)
    return ours, theirs, matcher.get_opcodes()


def marked_source(query: str, source: str, lang: str) -> str:
    """*source* (a memory entry) with what the segment *query* lacks marked ``⟦…⟧``, spacing kept as written."""
    _, _, opcodes = _opcodes(query, source, lang)
    spans = _spans(source, lang)
    parts, position = [], 0
    for tag, _, _, start, end in opcodes:
        if start == end or tag == "equal":
            continue
        first, last = spans[start][0], spans[end - 1][1]
        parts.append(source[position:first] + MARK_OPEN + source[first:last] + MARK_CLOSE)
        position = last
    return "".join(parts) + source[position:]


def repair_numbers(query: str, source: str, target: str, lang: str) -> str | None:
    """*target* with the segment's numbers put in, when numbers are all that differ; else ``None``."""
    repaired = repair(query, source, target, lang)
    return repaired[0] if repaired else None


def repair(query: str, source: str, target: str, lang: str, query_terms: list[dict] = (),
           source_terms: list[dict] = ()) -> tuple[str, list[str]] | None:
    """*target* with the segment's numbers and terms put in, and which of the two were; ``None`` if not safe.

    Every difference between *query* (the segment) and *source* (the memory
    entry) must be numbers for numbers, or a glossary term of the entry for a
    term of the segment (*source_terms*, *query_terms*: ``{"start", "end",
    "target"}`` per occurrence, as the editor finds them). Each replaced number
    and term translation must stand in *target* exactly once, as written (a
    Russian term inflected in the entry's translation is not guessed at), so
    that it is clear what to change; a match that differs in anything else is
    offered as it is.
    """
    ours, theirs, opcodes = _opcodes(query, source, lang)
    our_spans, their_spans = _spans(query, lang), _spans(source, lang)
    changes, kinds = [], []
    for tag, ours_start, ours_end, start, end in opcodes:
        if tag == "equal":
            continue
        if tag != "replace":
            return None
        # token for token where the lengths agree («Якутск 12» → «Хэйхэ 15»), else the whole stretch
        pairs = ([((start + k, start + k + 1), (ours_start + k, ours_start + k + 1)) for k in range(end - start)]
                 if end - start == ours_end - ours_start else [((start, end), (ours_start, ours_end))])
        for (old_start, old_end), (new_start, new_end) in pairs:
            change = _change(theirs[old_start:old_end], ours[new_start:new_end],
                             _covering(source_terms, their_spans[old_start][0], their_spans[old_end - 1][1]),
                             _covering(query_terms, our_spans[new_start][0], our_spans[new_end - 1][1]))
            if change is None:
                return None
            changes.append(change)
            kinds.append("numbers" if change[0] == "number" else "terms")
    if not changes:
        return None
    repaired = target
    for kind, old, new in dict.fromkeys(changes):
        if kind == "number":
            boundary = (r"(?<![\d.,])", r"(?![\d]|[.,]\d)")
        else:  # a Russian term stands as a whole word (not «Якутск» in «Якутска»); Chinese has no spaces
            boundary = (r"(?<!\w)", r"(?!\w)") if lang == "zh" else ("", "")
        found = list(re.finditer(boundary[0] + re.escape(old) + boundary[1], repaired))
        if len(found) != 1:
            return None
        repaired = repaired[:found[0].start()] + new + repaired[found[0].end():]
    return repaired, sorted(set(kinds))


def _change(old: list[str], new: list[str], old_term: dict | None, new_term: dict | None):
    """``("number", old, new)`` or ``("term", old target, new target)`` for one difference, else ``None``."""
    if len(old) == len(new) == 1 and _NUMBER.match(old[0]) and _NUMBER.match(new[0]):
        return "number", old[0], new[0]
    if old_term is not None and new_term is not None:
        return "term", old_term["target"], new_term["target"]
    return None


def _covering(terms, start: int, end: int) -> dict | None:
    """The term occurrence whose span covers ``[start, end)``, if one does."""
    return next((t for t in terms if t["start"] <= start and end <= t["end"]), None)
