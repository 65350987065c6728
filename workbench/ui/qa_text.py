"""QA findings in the interface language.

The checks of :mod:`workbench.qa` write their messages in English for the
command line (``workbench qa``) and scripts. The browser shows them in Russian
or Chinese too: each message form is matched here by a pattern whose named
groups are the message's data (the quoted words, the numbers), and the data is
put into the same message in the interface language. A message this table does
not know is shown as the check wrote it, so a new check is never hidden, and
``tests/ui/test_ui_i18n.py`` checks that every message the checks can write is
known.
"""

from __future__ import annotations

import re

from workbench.ui import i18n

#: ``(check id, pattern of its English message, message key)``; the key's ``{fields}`` are the groups.
PATTERNS: list[tuple[str, re.Pattern, str]] = [(check, re.compile(pattern + r"\Z"), key) for check, pattern, key in [
    ("empty-target", r"the translation is empty", "qa_empty"),
    ("untranslated", r"the translation is the source text itself", "qa_same_as_source"),
    ("untranslated", r"Russian left untranslated: (?P<items>.+)", "qa_russian_left"),
    ("untranslated", r"Chinese left untranslated: (?P<items>.+)", "qa_chinese_left"),
    ("latin", r"Latin words not in the source: (?P<items>.+)", "qa_latin"),
    ("zh-punctuation", r"ASCII punctuation next to Chinese characters: (?P<items>.+)", "qa_ascii_punctuation"),
    ("zh-punctuation", r"«» in Chinese: .+", "qa_guillemets"),
    ("zh-punctuation", r'straight quotes "…" in Chinese: .+', "qa_straight_quotes"),
    ("ru-punctuation", r"Chinese punctuation in Russian: (?P<items>.+)", "qa_zh_punctuation_in_ru"),
    ("zh-spacing", r"space between Chinese characters", "qa_zh_spacing"),
    ("double-space", r"doubled spaces in the translation", "qa_double_space"),
    ("whitespace", r"(?P<side>leading|trailing) whitespace differs from the source .*", "qa_whitespace"),
    ("end-punctuation", r"the source ends with «(?P<mark>.+)», the translation has no sentence-final punctuation",
     "qa_end_missing"),
    ("end-punctuation", r"the translation ends with «(?P<mark>.+)», the source has no sentence-final punctuation",
     "qa_end_extra"),
    ("length-ratio", r"(?P<ru>\d+) Russian characters for (?P<zh>\d+) Chinese \((?P<ratio>[\d.]+) per character; "
                     r"usual (?P<low>[\d.]+)–(?P<high>[\d.]+)\): the Chinese side looks too short", "qa_zh_short"),
    ("length-ratio", r"(?P<ru>\d+) Russian characters for (?P<zh>\d+) Chinese \((?P<ratio>[\d.]+) per character; "
                     r"usual (?P<low>[\d.]+)–(?P<high>[\d.]+)\): the Russian side looks too short", "qa_ru_short"),
    ("numbers", r"number\(s\) of the source missing in the translation: (?P<items>.+)", "qa_numbers_missing"),
    ("numbers", r"number\(s\) in the translation not in the source: (?P<items>.+)", "qa_numbers_extra"),
    ("term-missing", r"glossary term «(?P<term>.+)» → (?P<target>.+?): (?P=target) is missing in the translation",
     "qa_term_missing"),
    ("term-altered", r"glossary term «(?P<term>.+)» → (?P<target>.+?): the translation has the variant "
                     r"(?P<found>.+) instead", "qa_term_variant"),
    ("term-altered", r"glossary term «(?P<term>.+)» → (?P<target>.+?): the translation has (?P<found>.+) instead",
     "qa_term_altered"),
]]


def finding_text(lang: str, finding) -> str:
    """A finding's message in *lang* (``en``: as the check wrote it)."""
    if lang == "en":
        return finding.message
    for check, pattern, key in PATTERNS:
        if check != finding.check:
            continue
        match = pattern.match(finding.message)
        if match:
            values = match.groupdict()
            if "side" in values:
                values["side"] = i18n.text(lang, f"qa_side_{values['side']}")
            return i18n.text(lang, key, **values)
    return finding.message


def check_name(lang: str, check: str) -> str:
    """A check's id (``term-missing``) as the interface names it."""
    return i18n.text(lang, "qa_check_" + check.replace("-", "_"))
