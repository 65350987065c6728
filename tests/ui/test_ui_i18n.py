"""The interface language beyond labels: QA findings, local times, history actions, term kinds, no server paths."""

from __future__ import annotations

import pytest

from workbench.qa import run_checks
from workbench.ui import i18n
from workbench.ui.notices import hide_paths
from workbench.ui.qa_text import PATTERNS, check_name, finding_text

# (source, target, direction): together they make every check speak
PAIRS = [
    ("Делегация прибыла в Якутск 26 марта.", "", "ru-zh"),
    ("Делегация прибыла.", "Делегация прибыла.", "ru-zh"),
    ("Делегация прибыла в Якутск 26 марта.", "代表团 抵达 Якутск, 2025  OK", "ru-zh"),
    ("Глава города Хэйхэ приветствовал гостей.", "黑龙市长向客人致意«欢迎»", "ru-zh"),
    ("Гости посетили выставку", "客人参观了\"展览\"。", "ru-zh"),
    ("代表团抵达黑河。", "Делегация прибыла в Хэйхэ。", "zh-ru"),
    ("代表团于3月26日抵达雅库茨克，受到热烈欢迎，双方签署了合作协议并参观了城市。", "Прибыли.", "zh-ru"),
    ("Делегация.", "代表团在雅库茨克受到热烈欢迎，双方签署了合作协议并参观了城市的主要名胜古迹和博物馆。", "ru-zh"),
]


def _findings(glossary):
    found = []
    for source, target, direction in PAIRS:
        source_lang, target_lang = direction.split("-")
        found += run_checks(source, target, source_lang, target_lang, terms=glossary)
    return found


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_every_qa_finding_is_translated(glossary, lang):
    findings = [f for f in _findings(glossary) if f.severity != "info"]
    assert len({f.check for f in findings}) >= 8
    for finding in findings:
        shown = finding_text(lang, finding)
        assert shown != finding.message, finding
        assert check_name(lang, finding.check) != "qa_check_" + finding.check.replace("-", "_")


def test_every_check_has_a_name_and_a_pattern_in_every_language():
    from workbench.qa import all_checks

    patterned = {check for check, _pattern, _key in PATTERNS}
    for check in all_checks():
        assert check in patterned, check
        for lang in i18n.LANGUAGES:
            assert f"qa_check_{check.replace('-', '_')}" in i18n.MESSAGES[lang]


@pytest.mark.parametrize("lang, shown", [
    ("ru", "05.12.2026 18:30 (якутское время)"),
    ("zh", "2026-12-05 17:30（北京时间）"),
    ("en", "2026-12-05 09:30 UTC"),
])
def test_times_are_local(lang, shown):
    assert i18n.local_time(lang, "2026-12-05T09:30:00Z") == shown
    assert i18n.local_time(lang, "") == ""


def test_a_yakutsk_evening_is_the_next_day_in_utc_terms():
    assert i18n.local_time("ru", "2026-12-31T16:00:00Z") == "01.01.2027 01:00 (якутское время)"


def test_history_actions_and_kinds_in_every_language():
    from workbench.glossary.model import KINDS

    for lang in ("ru", "zh"):
        for action in ("import", "draft", "edit", "status", "revert"):
            assert i18n.action_name(lang, action) != action
        assert [value for _name, value in i18n.kind_choices(lang)] == list(KINDS)
        assert all(name != kind for name, kind in i18n.kind_choices(lang))


@pytest.mark.parametrize("text, shown", [
    ("/srv/workbench/glossaries/heihe.po:42: msgstr is empty for «Хэйхэ»", "heihe.po:42: msgstr is empty for «Хэйхэ»"),
    ("cannot read /tmp/gradio/3f2a/пресс-релиз.docx: not a zip file", "cannot read пресс-релиз.docx: not a zip file"),
    ("Визит продлится три дня.", "Визит продлится три дня."),
    ("1/2 of 3", "1/2 of 3"),
])
def test_server_paths_are_hidden(text, shown):
    assert hide_paths(text) == shown


def test_no_notice_tells_translators_to_restart_the_server():
    for lang in i18n.LANGUAGES:
        for message in i18n.MESSAGES[lang].values():
            assert "--model" not in message and "README" not in message
