"""The mined case-agreement set: names and the case a human translator chose, from parallel text."""

from __future__ import annotations

import csv
import lzma
import sys

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_agreement  # noqa: E402
import mined_agreement  # noqa: E402


def _xz(path, lines):
    path.parent.mkdir(parents=True, exist_ok=True)
    with lzma.open(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


def _shared(tmp_path):
    """A shared/data folder in miniature: one name list, the other lists empty, one corpus."""
    data = tmp_path / "data"
    _xz(data / "natural-earth-places-en-ru-zh" / "train.zh.xz", ["雅库茨克", "哈尔滨", "多哥", "中国"])
    _xz(data / "natural-earth-places-en-ru-zh" / "train.ru.xz", ["Якутск", "Харбин", "Того", "Китай"])
    for side in ("zh", "ru"):
        _xz(data / "iso-codes-names-en-ru-zh" / f"train.{side}.xz", [""])
        (data / "cldr48-names-en-ru-zh").mkdir(exist_ok=True)
        (data / "cldr48-names-en-ru-zh" / f"cldr.{side}").write_text("", encoding="utf-8")
    (data / "cldr48-names-en-ru-zh" / "cldr.key").write_text("", encoding="utf-8")
    (data / "zh2ru-idterms").mkdir()
    for table in ("geo_city.tsv", "geo_province.tsv", "geo_district.tsv"):
        (data / "zh2ru-idterms" / table).write_text("id\tname_zh\tname_ru\n", encoding="utf-8")
    _xz(data / "ud-pud-en-ru-zh" / "train.zh.xz", [
        "论坛在雅库茨克举行。",            # «в Якутске»: locative
        "学生们从哈尔滨来到雅库茨克。",     # two names, each once
        "多哥代表发言。",                   # indeclinable: left out
        "发展中国家的代表发言。",           # 中国 inside 发展中国家: left out
        "雅库茨克和雅库茨克",               # twice in the source: left out
        "代表团与普京举行了会谈。",         # a person of benchmarks/data/persons.tsv
    ])
    _xz(data / "ud-pud-en-ru-zh" / "train.ru.xz", [
        "Форум прошёл в Якутске.",
        "Студенты приехали из Харбина в Якутск.",
        "Выступил представитель Того.",
        "Выступили представители развивающихся стран.",
        "Якутск и Якутск",
        "Делегация провела переговоры с Путиным.",
    ])
    return data


def test_mined_rows_carry_the_translators_form_and_every_case_it_can_be(tmp_path):
    rows = mined_agreement.mine(_shared(tmp_path), per_name=15)
    got = {(r["zh"], r["term"]): (r["expected"], r["case"]) for r in rows}
    assert got == {
        ("论坛在雅库茨克举行。", "Якутск"): ("Якутске", "loct"),
        ("学生们从哈尔滨来到雅库茨克。", "Харбин"): ("Харбина", "gent"),
        ("学生们从哈尔滨来到雅库茨克。", "Якутск"): ("Якутск", "nomn|accs"),
        ("代表团与普京举行了会谈。", "Путин"): ("Путиным", "ablt"),
    }
    assert all(r["note"].startswith("ud-pud:") for r in rows)
    assert {r["term"]: r["kind"] for r in rows}["Путин"] == "person"


def test_a_bad_line_of_the_persons_list_is_named(tmp_path):
    import pytest

    listed = tmp_path / "persons.tsv"
    listed.write_text("普京\tПутин\n特朗普 Трамп\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"persons.tsv:2: expected"):
        mined_agreement.persons(listed)


def test_a_mined_set_passes_the_benchmarks_data_check(tmp_path):
    rows = mined_agreement.mine(_shared(tmp_path), per_name=1)
    assert [r["term"] for r in rows] == ["Якутск", "Харбин", "Путин"]  # one row per name
    out = tmp_path / "mined"
    mined_agreement.write(rows, out)
    sentences = bench_agreement.read_rows(out / "sentences.tsv")
    glossary = bench_agreement.load_glossary(sorted(out.glob("*.po")))
    assert bench_agreement.check_rows(sentences, glossary, out / "sentences.tsv") == []
    assert [s.cases for s in sentences] == [["loct"], ["gent"], ["ablt"]]
    with open(out / "sentences.tsv", encoding="utf-8") as handle:
        assert next(csv.reader(handle, delimiter="\t")) == ["id", "zh", "term", "expected", "case", "note"]


def test_the_frame_tally_counts_a_fix_that_repairs_or_breaks_the_expected_form():
    records = [
        {"expected": "Якутске", "case_fixes": ["Якутском → Якутске (在X)"]},
        {"expected": "Якутск", "case_fixes": ["Якутск → Якутске (在X)"]},
        {"expected": "Цзин Цюанем", "case_fixes": ["с Цзин Цюань → с Цзин Цюанем"]},
    ]
    tally = bench_agreement.tally_fixes(records)
    assert tally["在/于X"] == {"changed": 2, "repaired": 1, "broken": 1}
    assert tally["preposition"] == {"changed": 1, "repaired": 1, "broken": 0}


def test_a_missing_corpus_is_named_and_skipped(tmp_path, capsys):
    data = _shared(tmp_path)
    (data / "ud-pud-en-ru-zh" / "train.ru.xz").unlink()
    assert mined_agreement.mine(data, per_name=15) == []
    assert "ud-pud-en-ru-zh/train.zh.xz or its .ru side is missing: ud-pud skipped" in capsys.readouterr().err
