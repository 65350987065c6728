"""Form checks: empty or untranslated targets, punctuation and spacing, length.

Character classes (CJK Unified Ideographs with Extension A and the
compatibility block; the BMP Cyrillic block) as in :mod:`workbench.glossary.check`.
"""

from __future__ import annotations

import re

from workbench.languages import CYRILLIC_CLASS, HAN_CLASS
from workbench.qa import Pair, check

HAN = HAN_CLASS
_HAN = re.compile(f"[{HAN}]")
_CYRILLIC_RUN = re.compile(f"[{CYRILLIC_CLASS}]+(?:[\\s\\-][{CYRILLIC_CLASS}]+)*")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9&+]*(?:-[A-Za-z0-9]+)*")
_ROMAN_NUMERAL = re.compile(r"[IVXLC]+")
_FULL_WIDTH_PUNCT = "，。：；？！《》“”‘’（）、【】"


def _words(text: str) -> set[str]:
    return {w.lower() for w in _LATIN_WORD.findall(text)}


@check("empty-target", "error")
def empty_target(pair: Pair):
    """The source has text but the translation is empty: translate the segment."""
    if pair.source.strip() and not pair.target.strip():
        yield "the translation is empty"


@check("untranslated", "error")
def untranslated(pair: Pair):
    """Text of the source language left in the translation: Russian words in a Chinese
    translation (or Chinese characters in a Russian one), or a target identical to its source."""
    target = pair.target
    if target.strip() and target.strip() == pair.source.strip() and (_HAN.search(target) or _CYRILLIC_RUN.search(target)):
        yield "the translation is the source text itself"
        return
    if pair.target_lang == "zh":
        runs = _CYRILLIC_RUN.findall(target)
        if runs:
            yield "Russian left untranslated: " + ", ".join(f"«{r}»" for r in runs[:5])
    else:
        runs = re.findall(f"[{HAN}]+", target)
        if runs:
            yield "Chinese left untranslated: " + ", ".join(f"«{r}»" for r in runs[:5])


@check("latin", "warning")
def latin(pair: Pair):
    """Latin-letter words in the translation that the source does not have. Acronyms and brands
    written in Latin letters in the source (IT, EXPO) may stay; anything else is probably
    left-over or invented."""
    allowed = _words(pair.source)
    extra = [w for w in _LATIN_WORD.findall(pair.target)
             if w.lower() not in allowed and not _ROMAN_NUMERAL.fullmatch(w)]  # numerals: see «numbers»
    if extra:
        yield "Latin words not in the source: " + ", ".join(dict.fromkeys(extra))


_ASCII_PUNCT = {",": "，", ".": "。", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
_HAN_ASCII_PUNCT = re.compile(f"(?<=[{HAN}])[,.:;?!()]|[()](?=[{HAN}])")


@check("zh-punctuation", "warning")
def zh_punctuation(pair: Pair):
    """Chinese text takes full-width punctuation: ，。：；？！（） rather than , . : ; ? ! ( ),
    《》 around titles and “” around quotations rather than «» or "…"."""
    if pair.target_lang != "zh":
        return
    target = pair.target
    bad = sorted({m.group() for m in _HAN_ASCII_PUNCT.finditer(target)}, key=list(_ASCII_PUNCT).index)
    if bad:
        yield "ASCII punctuation next to Chinese characters: " + ", ".join(
            f"«{c}» → «{_ASCII_PUNCT[c]}»" for c in bad)
    if "«" in target or "»" in target:
        yield "«» in Chinese: use 《》 for titles of works and events, “” for quotations and names"
    if re.search(f'"[^"]*[{HAN}]', target):
        yield 'straight quotes "…" in Chinese: use “…”'


@check("ru-punctuation", "warning")
def ru_punctuation(pair: Pair):
    """Russian text takes Russian punctuation: , . : ; ? ! ( ) and «» for quotations — not the
    full-width Chinese ，。：；？！（）《》“”."""
    if pair.target_lang != "ru":
        return
    bad = sorted({c for c in pair.target if c in _FULL_WIDTH_PUNCT})
    if bad:
        yield "Chinese punctuation in Russian: " + " ".join(bad)


@check("zh-spacing", "warning")
def zh_spacing(pair: Pair):
    """Chinese text has no spaces between characters."""
    if pair.target_lang == "zh" and re.search(f"[{HAN}，。：；？！“”《》][ \u3000\u00A0]+[{HAN}“”《》]", pair.target):
        yield "space between Chinese characters"


@check("double-space", "warning")
def double_space(pair: Pair):
    """Two or more spaces in a row inside the translation."""
    if re.search(r"\S[ \u00A0]{2,}\S", pair.target):
        yield "doubled spaces in the translation"


@check("whitespace", "info")
def whitespace(pair: Pair):
    """Leading or trailing whitespace of the translation differs from the source's (it matters
    when segments are joined back into a document)."""
    if not pair.target.strip():
        return
    for side, pattern in (("leading", r"^\s*"), ("trailing", r"\s*$")):
        src = re.search(pattern, pair.source).group()
        tgt = re.search(pattern, pair.target).group()
        if bool(src) != bool(tgt) or (src != tgt and "\n" in src + tgt):
            yield f"{side} whitespace differs from the source ({src!r} vs {tgt!r})"


_SENTENCE_END = ".!?…。！？"
_CLOSERS = "\"'»”’)）]】》 \t"


@check("end-punctuation", "warning")
def end_punctuation(pair: Pair):
    """The source ends a sentence (. ! ? …) but the translation does not, or the other way round."""
    src = pair.source.rstrip(_CLOSERS)
    tgt = pair.target.rstrip(_CLOSERS)
    if not src or not tgt:
        return
    src_end, tgt_end = src[-1] in _SENTENCE_END, tgt[-1] in _SENTENCE_END
    if src_end and not tgt_end:
        yield f"the source ends with «{src[-1]}», the translation has no sentence-final punctuation"
    elif tgt_end and not src_end and src[-1] not in ",;:—–-":
        yield f"the translation ends with «{tgt[-1]}», the source has no sentence-final punctuation"


#: Russian characters per Chinese character: 1.3–6.5 keeps about 99 % of the UN, TICO-19 and
#: WMT21 ru/zh pairs with ≥ 15 Chinese characters (medians 2.9–3.7).
RATIO_BAND = (1.3, 6.5)
MIN_ZH_CHARS = 15


@check("length-ratio", "warning")
def length_ratio(pair: Pair):
    """The translation is much shorter or longer than usual for the source: a sentence may be
    missing or repeated. Russian runs about 2–4.5 letters per Chinese character."""
    ru, zh = (pair.source, pair.target) if pair.source_lang == "ru" else (pair.target, pair.source)
    ru_chars = len(re.sub(r"\s", "", ru))
    zh_chars = len(re.sub(r"\s", "", zh))
    if zh_chars < MIN_ZH_CHARS and ru_chars < MIN_ZH_CHARS * RATIO_BAND[1]:
        return
    if not zh_chars or not ru_chars:
        return
    ratio = ru_chars / zh_chars
    low, high = RATIO_BAND
    if ratio < low or ratio > high:
        short = "Chinese" if ratio > high else "Russian"
        yield (f"{ru_chars} Russian characters for {zh_chars} Chinese ({ratio:.1f} per character; usual "
               f"{low}–{high}): the {short} side looks too short")
