"""QA checks: a case table of real Russian and Chinese segments, and the approved sample."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.glossary.loader import load_glossaries
from workbench.qa import Finding, all_checks, run_checks
from workbench.qa.numbers import zh_numeral
from workbench.qa.terms import TermIndex

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parents[1] / "data" / "qa"


@pytest.fixture(scope="module")
def index():
    return TermIndex(load_glossaries([ROOT / "glossaries"]))


RU_ZH, ZH_RU = ("ru", "zh"), ("zh", "ru")

# (source, target, direction, ids that must be found, ids that must not be found)
CASES = [
    # --- glossary terms, ru → zh
    ("Делегация города Хэйхэ прибыла в Якутск.", "黑河市代表团抵达雅库茨克。", RU_ZH, set(), {"term-missing", "term-altered"}),
    ("Делегация города Хэйхэ прибыла в Якутск.", "代表团抵达雅库茨克。", RU_ZH, {"term-missing"}, set()),
    ("Делегация прибыла в Хэйхэ.", "代表团抵达黑和。", RU_ZH, {"term-missing"}, set()),
    ("С делегацией встретился Евгений Григорьев.", "叶夫根尼·格里戈里耶夫会见了代表团。", RU_ZH, set(), {"term-missing"}),
    ("С делегацией встретился Евгений Григорьев.", "叶夫根尼·格里高里耶夫会见了代表团。", RU_ZH, {"term-altered"}, {"term-missing"}),
    ("Делегацию возглавила госпожа Чэнь Сяоцзе.", "代表团由陈晓洁女士率领。", RU_ZH, set(), {"term-missing"}),
    ("Делегацию возглавила госпожа Чэнь Сяоцзе.", "代表团由陈小洁女士率领。", RU_ZH, {"term-altered"}, {"term-missing"}),
    ("Соглашение подписано с Якутской городской Думой.", "已与雅库茨克市杜马签署协议。", RU_ZH, set(), {"term-missing"}),
    ("Делегация посетила Благовещенск.", "代表团访问了海兰泡。", RU_ZH, {"term-altered"}, {"term-missing"}),
    ("Делегация посетила Благовещенск.", "代表团访问了布拉戈维申斯克。", RU_ZH, set(), {"term-altered", "term-missing"}),
    ("Студенты Северо-Восточного федерального университета приехали в Хэйхэ.",
     "东北联邦大学的学生来到黑河。", RU_ZH, {"term-altered"}, {"term-missing"}),
    ("Форум прошёл в Харбине.", "论坛在哈尔滨举行。", RU_ZH, set(), {"term-missing"}),
    ("Проект поддержало Народное правительство города Хэйхэ.", "该项目得到了黑河市人民政府的支持。", RU_ZH, set(), {"term-missing"}),
    ("Проект поддержало Народное правительство города Хэйхэ.", "该项目得到了黑河市政府的支持。", RU_ZH, {"term-missing"}, set()),
    ("Визит прошёл без происшествий.", "访问顺利结束。", RU_ZH, set(), {"term-missing", "term-altered"}),
    # --- glossary terms, zh → ru
    ("黑河市代表团抵达雅库茨克。", "Делегация города Хэйхэ прибыла в Якутск.", ZH_RU, set(), {"term-missing", "term-altered"}),
    ("黑河市代表团抵达雅库茨克。", "Делегация города Хэйхе прибыла в Якутск.", ZH_RU, {"term-altered"}, set()),
    ("黑河市代表团抵达雅库茨克。", "Делегация прибыла в Якутск.", ZH_RU, {"term-missing"}, set()),
    ("黑河市人民政府代表团抵达。", "Прибыла делегация Народного правительства города Хэйхэ.", ZH_RU, set(), {"term-missing"}),
    ("代表团会见了雅库茨克市杜马代表。", "Делегация встретилась с депутатами Якутской городской думы.", ZH_RU, set(), {"term-missing"}),
    ("代表团访问了中华人民共和国。", "Делегация посетила КНР.", ZH_RU, {"term-altered"}, {"term-missing"}),
    ("代表团访问了中华人民共和国。", "Делегация посетила Китайскую Народную Республику.", ZH_RU, set(), {"term-altered", "term-missing"}),
    # a derived word of the glossary («китайский» of «Китай») is the term rendered as it should be
    ("中国代表团抵达雅库茨克。", "Китайская делегация прибыла в Якутск.", ZH_RU, set(), {"term-altered", "term-missing"}),
    ("中国代表团抵达雅库茨克。", "Делегация прибыла в Якутск.", ZH_RU, {"term-missing"}, set()),
    # «якутский» is a derived word of both Якутск and Якутия: it stands for each
    ("雅库特和雅库茨克的代表团抵达黑河。", "Якутская делегация прибыла в Хэйхэ.", ZH_RU, set(), {"term-missing"}),
    ("景泉先生发表讲话。", "Выступил господин Цзин Цюань.", ZH_RU, set(), {"term-missing"}),
    ("景泉先生发表讲话。", "Выступил господин Цзин Цуань.", ZH_RU, {"term-altered"}, set()),
    # --- numbers, years, dates
    ("26 марта с делегацией встретился глава города.", "3月26日，市长会见了代表团。", RU_ZH, set(), {"numbers"}),
    ("26 марта с делегацией встретился глава города.", "3月25日，市长会见了代表团。", RU_ZH, {"numbers"}, set()),
    ("Ярмарка состоится 15-19 мая.", "博览会将于5月15日至19日举行。", RU_ZH, set(), {"numbers"}),
    ("Ярмарка состоится 15-19 мая.", "博览会将于5月15日至18日举行。", RU_ZH, {"numbers"}, set()),
    ("В 2015 году был подписан договор.", "2015年签署了协议。", RU_ZH, set(), {"numbers"}),
    ("В 2015 году был подписан договор.", "2016年签署了协议。", RU_ZH, {"numbers"}, set()),
    ("Города сотрудничают более 15 лет.", "两市合作已有15多年。", RU_ZH, set(), {"numbers"}),
    ("Города сотрудничают более 15 лет.", "两市合作已有15年以上。", RU_ZH, set(), {"numbers"}),
    ("Города сотрудничают более 15 лет.", "两市合作已有十五年以上。", RU_ZH, set(), {"numbers"}),
    ("Города сотрудничают более 15 лет.", "两市合作已有十年以上。", RU_ZH, {"numbers"}, set()),
    ("Она инспектор I класса.", "她是一级巡视员。", RU_ZH, set(), {"numbers"}),
    ("Он пригласил на VIII ЭКСПО.", "他邀请参加第八届博览会。", RU_ZH, set(), {"numbers"}),
    ("Он пригласил на VIII ЭКСПО.", "他邀请参加第七届博览会。", RU_ZH, {"numbers"}, set()),
    ("Делегация приехала в июне.", "代表团于6月来访。", RU_ZH, set(), {"numbers"}),
    ("Делегация приехала в июне.", "代表团于7月来访。", RU_ZH, {"numbers"}, set()),
    ("Сотрудничество двух городов развивается.", "两市合作不断发展。", RU_ZH, set(), {"numbers"}),
    ("В 2025 г. исполняется 10 лет договору.", "2025年是协议签署10周年。", RU_ZH, set(), {"numbers"}),
    ("2025年是协议签署10周年。", "В 2025 году исполняется 10 лет договору.", ZH_RU, set(), {"numbers"}),
    ("2025年是协议签署10周年。", "В 2025 году исполняется 100 лет договору.", ZH_RU, {"numbers"}, set()),
    ("二〇一五年签署了协议。", "Договор подписан в 2015 году.", ZH_RU, set(), {"numbers"}),
    # --- untranslated text, Latin
    ("Делегация посетила Якутск.", "代表团访问了Якутск。", RU_ZH, {"untranslated"}, set()),
    ("Делегация посетила Якутск.", "Делегация посетила Якутск.", RU_ZH, {"untranslated"}, set()),
    ("代表团访问了雅库茨克。", "Делегация посетила 雅库茨克.", ZH_RU, {"untranslated"}, set()),
    ("Центр «IT-Куб» открыт.", "“IT立方”中心已开放。", RU_ZH, set(), {"latin", "untranslated"}),
    ("Центр цифрового образования открыт.", "数字教育center已开放。", RU_ZH, {"latin"}, set()),
    ("Делегация посетила Якутск.", "代表团访问了雅库茨克。", RU_ZH, set(), {"untranslated", "latin"}),
    # --- punctuation and spacing
    ("Делегация посетила Якутск, затем Хэйхэ.", "代表团访问了雅库茨克,随后访问黑河。", RU_ZH, {"zh-punctuation"}, set()),
    ("Делегация посетила Якутск.", "代表团访问了雅库茨克.", RU_ZH, {"zh-punctuation"}, set()),
    ("Делегация посетила Якутск.", "代表团访问了雅库茨克。", RU_ZH, set(), {"zh-punctuation", "end-punctuation"}),
    ("Делегация посетила «Остров Сокровищ».", "代表团参观了«金银岛»。", RU_ZH, {"zh-punctuation"}, set()),
    ("Делегация посетила «Остров Сокровищ».", "代表团参观了“金银岛”。", RU_ZH, set(), {"zh-punctuation"}),
    ("Цена выросла до 1.5 млн.", "价格涨到1.5 млн。", RU_ZH, set(), {"zh-punctuation"}),
    ("代表团访问了雅库茨克。", "Делегация посетила Якутск。", ZH_RU, {"ru-punctuation"}, set()),
    ("代表团访问了雅库茨克。", "Делегация посетила Якутск.", ZH_RU, set(), {"ru-punctuation"}),
    ("Делегация посетила Якутск.", "代表团访问了 雅库茨克。", RU_ZH, {"zh-spacing"}, set()),
    ("Делегация посетила Якутск.", "代表团  访问了雅库茨克。", RU_ZH, {"double-space", "zh-spacing"}, set()),
    ("代表团访问了雅库茨克。", "Делегация  посетила Якутск.", ZH_RU, {"double-space"}, set()),
    ("代表团访问了雅库茨克。", "Делегация посетила Якутск.", ZH_RU, set(), {"double-space"}),
    ("Делегация посетила Якутск.", " 代表团访问了雅库茨克。", RU_ZH, {"whitespace"}, set()),
    ("Делегация посетила Якутск. ", "代表团访问了雅库茨克。", RU_ZH, {"whitespace"}, set()),
    ("Делегация посетила Якутск.", "代表团访问了雅库茨克", RU_ZH, {"end-punctuation"}, set()),
    ("Предложения:", "建议：", RU_ZH, set(), {"end-punctuation"}),
    # --- empty target, length
    ("Делегация посетила Якутск.", "", RU_ZH, {"empty-target"}, set()),
    ("Делегация посетила Якутск.", "   ", RU_ZH, {"empty-target"}, {"whitespace"}),
    ("", "", RU_ZH, set(), {"empty-target"}),
    ("В рамках сотрудничества представительных органов было подписано соглашение об организации "
     "детского отдыха между городами, давшее старт программе школьного обмена.", "签署了协议。",
     RU_ZH, {"length-ratio"}, set()),
    ("签署了协议，由此启动了两市之间的学生交流项目，并组织了互访。", "Подписано соглашение.", ZH_RU, {"length-ratio"}, set()),
    ("В рамках сотрудничества представительных органов было подписано соглашение об организации "
     "детского отдыха.", "在代表机关合作框架内，签署了关于组织儿童休假的协议。", RU_ZH, set(), {"length-ratio"}),
    ("Да.", "是。", RU_ZH, set(), {"length-ratio"}),
]


@pytest.mark.parametrize("source, target, direction, present, absent", CASES)
def test_case_table(index, source, target, direction, present, absent):
    found = {f.check for f in run_checks(source, target, *direction, terms=index)}
    assert present <= found, f"expected {present - found}, found {found}"
    assert not (absent & found), f"unexpected {absent & found}"


def test_case_table_size():
    assert len(CASES) >= 60
    assert sum(bool(case[3]) for case in CASES) >= 30 and sum(not case[3] for case in CASES) >= 20


def test_approved_sample_has_no_findings(index):
    sources = (DATA / "sample_approved.ru.txt").read_text(encoding="utf-8").splitlines()
    targets = (DATA / "sample_approved.zh.txt").read_text(encoding="utf-8").splitlines()
    assert len(sources) == len(targets) >= 15
    findings = [f"{n}: {f.check}: {f.message}" for n, (s, t) in enumerate(zip(sources, targets), 1)
                for f in run_checks(s, t, "ru", "zh", terms=index)]
    assert findings == []


def test_every_check_has_an_id_severity_and_description():
    registered = all_checks()
    assert {"term-missing", "term-altered", "numbers", "untranslated", "zh-punctuation", "empty-target",
            "double-space", "whitespace", "length-ratio"} <= set(registered)
    for check in registered.values():
        assert check.severity in ("error", "warning", "info") and check.description


def test_terms_as_a_plain_list():
    from workbench.glossary.model import Term

    terms = [Term("Хэйхэ", "黑河", "place")]
    found = run_checks("Делегация из Хэйхэ.", "代表团。", "ru", "zh", terms=terms)
    assert [f.check for f in found] == ["term-missing"]
    assert found[0] == Finding("term-missing", "error", "glossary term «Хэйхэ» → 黑河: 黑河 is missing in the translation")


@pytest.mark.parametrize("text, value", [("十五", 15), ("二〇一五", 2015), ("一百二十", 120), ("三万", 30000), ("两", 2), ("乐", None)])
def test_zh_numerals(text, value):
    assert zh_numeral(text) == value


def test_cli_text_json_and_exit_status(tmp_path, capsys):
    source = tmp_path / "s.ru.txt"
    target = tmp_path / "t.zh.txt"
    source.write_text("Делегация города Хэйхэ прибыла 26 марта.\n\nВторая строка.\n", encoding="utf-8")
    target.write_text("代表团于3月25日抵达.\n\n第二行。\n", encoding="utf-8")
    args = ["qa", "--source", str(source), "--target", str(target), "--from", "ru", "--to", "zh",
            "--glossary", str(ROOT / "glossaries")]
    assert main(args) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"{target}:1: error: [term-missing] glossary term «Хэйхэ» → 黑河: 黑河 is missing in the translation" in out
    assert f"{target}:1: warning: [zh-punctuation] ASCII punctuation next to Chinese characters: «.» → «。»" in out
    assert main(args + ["--json"]) == 1
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {"line": 1, "check": "numbers", "severity": "error",
            "message": "number(s) of the source missing in the translation: 26"} in rows
    assert all(set(row) == {"line", "check", "severity", "message"} for row in rows)


def test_cli_clean_and_misaligned(tmp_path, capsys):
    source = tmp_path / "s.ru.txt"
    target = tmp_path / "t.zh.txt"
    source.write_text("Делегация посетила Якутск.\n", encoding="utf-8")
    target.write_text("代表团访问了雅库茨克。\n", encoding="utf-8")
    args = ["qa", "--source", str(source), "--target", str(target), "--from", "ru", "--to", "zh", "--no-glossary"]
    assert main(args) == 0
    target.write_text("代表团访问了雅库茨克。\n第二行。\n", encoding="utf-8")
    assert main(args) == 1
    err = capsys.readouterr().err
    assert f"{source} has 1 lines but {target} has 2" in err
