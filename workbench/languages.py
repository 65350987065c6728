"""Which script a character belongs to, and which language a text is in.

The workbench knows two languages: Russian (``"ru"``, Cyrillic script) and
Chinese (``"zh"``, Han script). Detection is a plain count of Cyrillic versus
Han characters — good enough to pick the translation direction for a press
release, and cheap. The ranges below are code-point blocks from the Unicode
Character Database (``Blocks.txt``, Unicode 15.1).
"""

from __future__ import annotations

from .errors import InputError

#: Han (Chinese) ideographs, as inclusive ``(first, last)`` code points.
HAN_RANGES: tuple[tuple[int, int], ...] = (
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs (the common characters)
    (0x3400, 0x4DBF),  # CJK Unified Ideographs Extension A
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0x20000, 0x2FA1F),  # Extensions B–F (20000–2EBEF) and the
    #                      Compatibility Ideographs Supplement (2F800–2FA1F)
    (0x30000, 0x323AF),  # Extensions G (30000–3134F) and H (31350–323AF)
    (0x3007, 0x3007),  # 〇 IDEOGRAPHIC NUMBER ZERO (in CJK Symbols and Punctuation)
)

#: Cyrillic letters, as inclusive ``(first, last)`` code points.
CYRILLIC_RANGES: tuple[tuple[int, int], ...] = (
    (0x0400, 0x04FF),  # Cyrillic (Russian А–я, Ё ё, and other Cyrillic alphabets)
    (0x0500, 0x052F),  # Cyrillic Supplement
    (0x2DE0, 0x2DFF),  # Cyrillic Extended-A (combining letters, Church Slavonic)
    (0xA640, 0xA69F),  # Cyrillic Extended-B (Old Cyrillic, Old Abkhasian)
    (0x1C80, 0x1C8F),  # Cyrillic Extended-C (Old Church Slavonic variants)
)



def _char_class(ranges: tuple[tuple[int, int], ...]) -> str:
    return "".join(chr(first) if first == last else f"{chr(first)}-{chr(last)}" for first, last in ranges)


HAN_CLASS = _char_class(HAN_RANGES)
""":data:`HAN_RANGES` as the inside of a regular-expression character class: ``f"[{HAN_CLASS}]+"``."""
CYRILLIC_CLASS = _char_class(CYRILLIC_RANGES)
""":data:`CYRILLIC_RANGES` likewise: ``f"[{CYRILLIC_CLASS}]"``."""

LANGUAGES = ("ru", "zh")
"""The languages the workbench translates between."""

DIRECTIONS = (("ru", "zh"), ("zh", "ru"))
"""Every translation direction, ``(source, target)``."""


def other_language(lang: str) -> str:
    """The language a text in *lang* is translated into: ``"ru"`` → ``"zh"``, ``"zh"`` → ``"ru"``."""
    return LANGUAGES[1 - LANGUAGES.index(lang)]


def _in(code: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(first <= code <= last for first, last in ranges)


def is_han(char: str) -> bool:
    """True for a Han ideograph (any of :data:`HAN_RANGES`)."""
    return _in(ord(char), HAN_RANGES)


def is_cyrillic(char: str) -> bool:
    """True for a Cyrillic character (any of :data:`CYRILLIC_RANGES`)."""
    return _in(ord(char), CYRILLIC_RANGES)


def script_of(char: str) -> str:
    """The script of one character.

    Returns ``"cyrillic"``, ``"han"``, ``"latin"`` (a Latin letter, accented
    or not), ``"digit"``, ``"space"`` or ``"other"`` (punctuation, symbols,
    letters of other scripts).
    """
    if len(char) != 1:
        raise ValueError(f"script_of() takes one character, got {char!r}")
    code = ord(char)
    if _in(code, CYRILLIC_RANGES):
        return "cyrillic"
    if _in(code, HAN_RANGES):
        return "han"
    if char.isspace():
        return "space"
    if char.isdigit():
        return "digit"
    # Basic Latin, Latin-1 Supplement, Latin Extended-A/B, IPA: 0041–02AF;
    # Latin Extended Additional: 1E00–1EFF.
    if char.isalpha() and (code <= 0x02AF or 0x1E00 <= code <= 0x1EFF):
        return "latin"
    return "other"


def _letters(text: str) -> int:
    return sum(1 for c in text if c.isalpha())


def han_share(text: str) -> float:
    """Han characters as a share of all letters (``str.isalpha``) in *text*.

    0.0 when *text* has no letters at all.
    """
    letters = _letters(text)
    if not letters:
        return 0.0
    return sum(1 for c in text if _in(ord(c), HAN_RANGES)) / letters


def cyrillic_share(text: str) -> float:
    """Cyrillic letters as a share of all letters (``str.isalpha``) in *text*.

    0.0 when *text* has no letters at all.
    """
    letters = _letters(text)
    if not letters:
        return 0.0
    return sum(1 for c in text if c.isalpha() and _in(ord(c), CYRILLIC_RANGES)) / letters


def count_scripts(text: str) -> tuple[int, int]:
    """``(cyrillic, han)`` character counts of *text*."""
    cyrillic = han = 0
    for c in text:
        code = ord(c)
        if code < 0x0400:
            continue
        if _in(code, CYRILLIC_RANGES):
            cyrillic += 1
        elif _in(code, HAN_RANGES):
            han += 1
    return cyrillic, han


HAN_WEIGHT = 2
"""How many Cyrillic letters one Han character counts as in :func:`detect_language`.

A Chinese text is about half as many characters as the same text in Russian
(one character is a syllable, often a word), so a Chinese sentence quoting a
Russian name in brackets would lose a plain one-for-one count.
"""


def detect_language(text: str, *, name: str | None = None) -> str:
    """``"ru"`` or ``"zh"``, whichever script dominates *text*.

    Compares the number of Cyrillic characters with :data:`HAN_WEIGHT` times
    the number of Han characters; a tie goes to ``"ru"``.

    Args:
        name: the file the text comes from, to start the error message with
            (an all-number file is otherwise an error about no file at all).

    Raises:
        InputError: the text has neither Cyrillic nor Han characters.
    """
    cyrillic, han = count_scripts(text)
    if not cyrillic and not han:
        where = f"{name}: " if name else ""
        raise InputError(f"{where}cannot tell the language: no Cyrillic or Chinese text; pass --from")
    return "zh" if HAN_WEIGHT * han > cyrillic else "ru"


#: Characters of a translation per character of its source, by (source, target):
#: measured on the TICO-19 dev set (971 parallel sentences; en 137,844, ru 158,324
#: and zh 43,679 characters, spaces included). The constrained search uses it to
#: expect where in the output a term of the source belongs (see
#: :func:`workbench.engine.constrained.set_deadlines`).
CHARACTER_RATIOS: dict[tuple[str, str], float] = {
    ("ru", "zh"): 0.276, ("zh", "ru"): 3.62,
    ("en", "zh"): 0.317, ("zh", "en"): 3.16,
    ("en", "ru"): 1.149, ("ru", "en"): 0.871,
}


def character_ratio(source_lang: str, target_lang: str) -> float | None:
    """Typical output characters per source character for the pair, or None if not measured."""
    return CHARACTER_RATIOS.get((source_lang, target_lang))
