"""Term candidates: Russian names missing from the glossary, in dictionary form, with their Chinese."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.glossary.candidates import dictionary_form, propose
from workbench.glossary.loader import load_glossaries

ROOT = Path(__file__).resolve().parents[2]

PAIRS = [
    ("В Якутске почтили память Марфы Колесовой-Расторгуевой.", "雅库茨克纪念了玛尔法·科列索娃-拉斯托尔古耶娃。"),
    ("Выступила народная артистка Марфа Колесова-Расторгуева.", "人民艺术家玛尔法·科列索娃-拉斯托尔古耶娃发表讲话。"),
    ("Делегацию принял господин Ван Ян.", "汪洋先生接见了代表团。"),
    ("Делегация посетила гимназию «Северная звезда».", "代表团参观了“北极星”中学。"),
    ("Дети из гимназии «Северная звезда» приехали в Хэйхэ.", "“北极星”中学的孩子们来到了黑河。"),
    ("Делегацию возглавила госпожа Чэнь Сяоцзе.", "代表团由陈晓洁女士率领。"),
    ("Делегация прибыла в Якутск.", "代表团抵达雅库茨克。"),
]


@pytest.fixture(scope="module")
def glossary():
    return load_glossaries([ROOT / "glossaries"])


def test_propose(glossary):
    found = {c.ru: c for c in propose(PAIRS, glossary)}
    assert found["Марфа Колесова-Расторгуева"].zh == "玛尔法·科列索娃-拉斯托尔古耶娃"  # co-occurrence
    assert found["Марфа Колесова-Расторгуева"].count == 2
    assert found["Ван Ян"].zh == "汪洋"  # Palladius transcription, seen once
    assert found["Северная звезда"].zh == "北极星"  # a quoted name
    assert "Чэнь Сяоцзе" not in found  # in the glossary
    assert "Делегация" not in " ".join(found)  # a sentence-initial capital is no name
    assert list(found)[0] in ("Марфа Колесова-Расторгуева", "Северная звезда")  # most frequent first


def test_without_glossary_the_known_terms_are_proposed():
    found = {c.ru for c in propose(PAIRS)}
    assert "Чэнь Сяоцзе" in found


def test_a_name_seen_once_and_not_transcribed_gets_no_chinese():
    found = propose([("Выступил Гавриил Чиряев.", "加夫里尔·奇里亚耶夫发表了讲话。")])
    assert [(c.ru, c.zh) for c in found] == [("Гавриил Чиряев", "")]


@pytest.mark.parametrize("name, lemma", [
    ("Якутской городской Думой", "Якутская городская Дума"),
    ("Марфы Колесовой-Расторгуевой", "Марфа Колесова-Расторгуева"),
    ("Гавриила Иосифовича Чиряева", "Гавриил Иосифович Чиряев"),
    ("Великой Отечественной войны", "Великая Отечественная война"),
    ("Остров Сокровищ", "Остров Сокровищ"),
])
def test_dictionary_form(name, lemma):
    assert dictionary_form(name) == lemma


def test_cli(tmp_path, capsys):
    source, target = tmp_path / "s.ru.txt", tmp_path / "s.zh.txt"
    source.write_text("\n".join(ru for ru, _ in PAIRS) + "\n", encoding="utf-8")
    target.write_text("\n".join(zh for _, zh in PAIRS) + "\n", encoding="utf-8")
    args = ["glossary", "candidates", "--source", str(source), "--target", str(target),
            "--glossary", str(ROOT / "glossaries")]
    assert main(args + ["--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {"ru": "Ван Ян", "zh": "汪洋", "count": 1, "examples": ["Делегацию принял господин Ван Ян."]} in rows
    assert main(args) == 0
    assert "Северная звезда\t北极星\t2" in capsys.readouterr().out
