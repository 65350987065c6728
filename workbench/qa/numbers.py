"""Numbers, years and dates must agree between a segment and its translation.

Every number written in digits (or Roman numerals: «I класса», «VIII ЭКСПО») on
one side must appear on the other in some form: digits, Chinese numerals
(十五, 一级, 第八届, 二〇一五), a Russian month name («26 марта» ↔ 3月26日), a
Russian number word («двух городов» ↔ 两市). Ranges give both ends («15-19 мая»
↔ 5月15日至19日); «более 15 лет» ↔ 15多年 / 15年以上 compare the 15.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from workbench.morphology.russian import word_lemmas
from workbench.qa import Pair, check

_MONTHS = (
    (r"январ[ьяюе]|январём", 1), (r"феврал[ьяюе]|февралём", 2), (r"март[аеу]?|мартом", 3),
    (r"апрел[ьяюе]|апрелем", 4), (r"ма[йяюе]|маем", 5), (r"июн[ьяюе]|июнем", 6), (r"июл[ьяюе]|июлем", 7),
    (r"август[аеу]?|августом", 8), (r"сентябр[ьяюе]|сентябрём", 9), (r"октябр[ьяюе]|октябрём", 10),
    (r"ноябр[ьяюе]|ноябрём", 11), (r"декабр[ьяюе]|декабрём", 12),
)
_MONTH_WORDS = [(re.compile(rf"(?<![А-Яа-яЁё])(?:{pattern})(?![А-Яа-яЁё])", re.I), month) for pattern, month in _MONTHS]
_NUMBER_WORDS = {
    "один": 1, "два": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7, "восемь": 8,
    "девять": 9, "десять": 10, "одиннадцать": 11, "двенадцать": 12, "двадцать": 20, "тридцать": 30,
    "сорок": 40, "пятьдесят": 50, "сто": 100, "тысяча": 1000, "оба": 2, "двое": 2, "трое": 3,
    "первый": 1, "второй": 2, "третий": 3, "четвёртый": 4, "четвертый": 4, "пятый": 5, "шестой": 6,
    "седьмой": 7, "восьмой": 8, "девятый": 9, "десятый": 10, "пара": 2, "полтора": 1.5,
    "десяток": 10, "сотня": 100, "миллион": 1_000_000, "миллиард": 1_000_000_000,
}
_ROMAN = re.compile(r"(?<![\w\-])(?=[IVXLC])(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})(?![\w])")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_DIGITS = re.compile(r"\d+(?:[ \u00A0\u202F]\d{3})*(?:[.,]\d+)?")
_ZH_DIGITS = "〇零一二两三四五六七八九"
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_BIG = {"万": 10_000, "亿": 100_000_000}
_ZH_NUMERAL = re.compile(f"[{_ZH_DIGITS}十百千万亿]+")


def _to_number(text: str) -> float:
    text = re.sub(r"[ \u00A0\u202F]", "", text)
    if re.fullmatch(r"\d+[.,]\d+", text) and not re.fullmatch(r"\d{1,3}[.,]\d{3}", text):
        return float(text.replace(",", "."))
    return float(re.sub(r"[.,]", "", text))


def _roman(text: str) -> int:
    total = 0
    values = [_ROMAN_VALUES[c] for c in text]
    for i, value in enumerate(values):
        total += -value if i + 1 < len(values) and values[i + 1] > value else value
    return total


def _zh_digit(char: str) -> int:
    return {"〇": 0, "零": 0, "两": 2}.get(char, "一二三四五六七八九".find(char) + 1)


def zh_numeral(text: str) -> int | None:
    """十五 → 15, 二〇一五 → 2015, 一百二十 → 120, 三万 → 30000; None when not a numeral."""
    if not text or any(c not in _ZH_DIGITS and c not in _ZH_UNITS and c not in _ZH_BIG for c in text):
        return None
    if all(c in _ZH_DIGITS for c in text) and len(text) > 1:  # digit by digit: 二〇一五
        return int("".join(str(_zh_digit(c)) for c in text))
    total, section, digit = 0, 0, None
    for c in text:
        if c in _ZH_DIGITS:
            digit = _zh_digit(c)
        elif c in _ZH_UNITS:
            section += (1 if digit is None else digit) * _ZH_UNITS[c]
            digit = None
        else:
            total += (section + (digit or 0)) * _ZH_BIG[c]
            section, digit = 0, None
    return total + section + (digit or 0)


def _strict(text: str, lang: str) -> list[float]:
    """Numbers written in digits or Roman numerals: each must be found on the other side."""
    text = unicodedata.normalize("NFKC", text)
    found = [_to_number(m.group()) for m in _DIGITS.finditer(text)]
    found += [float(_roman(m.group())) for m in _ROMAN.finditer(text) if m.group()]
    return found


@lru_cache(maxsize=4096)
def _ru_number_word(word: str) -> float | None:
    for lemma in word_lemmas(word) | {word}:
        if lemma in _NUMBER_WORDS:
            return _NUMBER_WORDS[lemma]
    return None


def _lenient(text: str, lang: str) -> set[float]:
    """Every number the text expresses in any form (to look a number from the other side up in)."""
    text = unicodedata.normalize("NFKC", text)
    found = set(_strict(text, lang))
    for m in _DIGITS.finditer(text):  # 1.5万 = 15000 beside 1.5
        rest = text[m.end():m.end() + 1]
        if rest in _ZH_BIG:
            found.add(_to_number(m.group()) * _ZH_BIG[rest])
    if lang == "zh":
        for m in _ZH_NUMERAL.finditer(text):
            value = zh_numeral(m.group())
            if value is not None:
                found.add(float(value))
            for c in m.group():  # 一级 inside 一级巡视员, 第八届 …
                single = zh_numeral(c)
                if single is not None:
                    found.add(float(single))
    else:
        for pattern, month in _MONTH_WORDS:
            if pattern.search(text):
                found.add(float(month))
        for word in re.findall(r"[А-Яа-яЁё]+", text):
            value = _ru_number_word(word.lower())
            if value is not None:
                found.add(float(value))
    return found


def _show(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


@check("numbers", "error")
def numbers(pair: Pair):
    """A number, year or date of the source is missing from the translation, or the translation
    has a number the source does not. Digits, Chinese numerals (十五, 一级, 第八届), Russian month
    names («26 марта» = 3月26日) and number words count as the same number."""
    source_all = _lenient(pair.source, pair.source_lang)
    target_all = _lenient(pair.target, pair.target_lang)
    missing = [v for v in dict.fromkeys(_strict(pair.source, pair.source_lang)) if v not in target_all]
    extra = [v for v in dict.fromkeys(_strict(pair.target, pair.target_lang)) if v not in source_all]
    if missing:
        yield "number(s) of the source missing in the translation: " + ", ".join(map(_show, missing))
    if extra:
        yield "number(s) in the translation not in the source: " + ", ".join(map(_show, extra))
