"""TBX and CSV term files: every field survives PO → TBX → PO and PO → CSV → PO."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.cli import main
from workbench.errors import GlossaryError
from workbench.glossary.csv_format import read_csv, write_csv
from workbench.glossary.model import Term
from workbench.glossary.po import read_po
from workbench.glossary.tbx import read_tbx, write_tbx

ROOT = Path(__file__).resolve().parents[2]

TRICKY = [
    Term("Хэйхэ", "黑河", "place", zh_variants=("黑河市",), notes="Не склоняется.\nВторая строка, «кавычки» & <угол>",
         references=("heihe-delegation-2024.ru.txt:1", "zh2ru-idterms/geo_city.tsv:115")),
    Term("Цзин Цюань", "景泉", "person", fuzzy=True, notes='"Цзин" — фамилия'),
    Term("Северо-Восточный федеральный университет", "东北联邦大学", "organisation", ru_variants=("СВФУ",)),
    Term("глава города", "市长", "title"),
    Term("Китай", "中国", "place", notes="Страна.", ru_derived=("китайский", "китаец")),
]


@pytest.mark.parametrize("write, read, suffix", [(write_tbx, read_tbx, "tbx"), (write_csv, read_csv, "csv")])
def test_round_trip_keeps_every_field(tmp_path, write, read, suffix):
    shipped = read_po(ROOT / "glossaries" / "heihe.po").terms
    for terms in (TRICKY, shipped):
        path = tmp_path / f"terms.{suffix}"
        write(terms, path)
        assert read(path).terms == terms


def test_tbx_mapping(tmp_path):
    path = tmp_path / "t.tbx"
    write_tbx(TRICKY[:2], path)
    text = path.read_text(encoding="utf-8")
    assert '<martif type="TBX-Basic" xml:lang="ru">' in text
    assert '<descrip type="subjectField">place</descrip>' in text
    assert '<termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>' in text
    assert '<termNote type="processStatus">provisionallyProcessed</termNote>' in text
    write_tbx(TRICKY[-1:], path)
    assert "<term>китайский</term>" in path.read_text(encoding="utf-8")
    assert "<note>derived</note>" in path.read_text(encoding="utf-8")


def test_tbx_v3_is_read(tmp_path):
    path = tmp_path / "v3.tbx"
    path.write_text('''<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Core" style="dca" xml:lang="ru" xmlns="urn:iso:std:iso:30042:ed-2">
  <text><body>
    <conceptEntry id="c1">
      <descrip type="subjectField">place</descrip>
      <langSec xml:lang="ru"><termSec><term>Хэйхэ</term></termSec></langSec>
      <langSec xml:lang="zh-CN"><termSec><term>黑河</term></termSec><termSec><term>黑河市</term></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>''', encoding="utf-8")
    assert read_tbx(path).terms == [Term("Хэйхэ", "黑河", "place", zh_variants=("黑河市",))]


def test_tbx_errors_name_the_line(tmp_path):
    path = tmp_path / "bad.tbx"
    path.write_text('<martif type="TBX-Basic"><text><body>\n<termEntry>\n<langSet xml:lang="ru"><tig><term>Хэйхэ'
                    '</term></tig></langSet></termEntry></body></text></martif>', encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"bad.tbx:1: none of the 1 term entries has both a Russian and a "
                                            r"Chinese term"):
        read_tbx(path)
    path.write_text("<martif><text>\n<body></text></martif>", encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"bad.tbx:2: XML syntax error"):
        read_tbx(path)


def test_cli_export_import_round_trip(tmp_path):
    for fmt in ("tbx", "csv", "tsv"):
        exported = tmp_path / f"terms.{fmt}"
        back = tmp_path / f"back-{fmt}.po"
        direct = tmp_path / "direct.po"
        assert main(["glossary", "export", str(ROOT / "glossaries"), "--format", fmt, "-o", str(exported)]) == 0
        assert main(["glossary", "import", str(exported), "-o", str(back)]) == 0
        assert main(["glossary", "export", str(ROOT / "glossaries"), "--format", "po", "-o", str(direct)]) == 0
        assert read_po(back).terms == read_po(direct).terms


def test_another_tools_tbx_keeps_what_it_can_and_says_what_it_left(tmp_path):
    """A memoQ/MultiTerm export: entries in other languages only are left out with a warning each, a
    subject field that is not one of our kinds becomes a note, a definition a note too."""
    from workbench.glossary.tbx import parse_tbx

    path = tmp_path / "memoq.tbx"
    path.write_text('''<martif type="TBX-Basic-V1" xml:lang="en-US"><text><body>
<termEntry id="e1"><descrip type="subjectField">places</descrip><descrip type="definition">Город-побратим</descrip>
<langSet xml:lang="ru-RU"><tig><term>Хэйхэ</term></tig></langSet>
<langSet xml:lang="zh-Hans"><tig><term>黑河</term></tig></langSet></termEntry>
<termEntry id="e2"><langSet xml:lang="ru-RU"><tig><term>Якутск</term></tig></langSet></termEntry>
</body></text></martif>''', encoding="utf-8")
    entries, issues = parse_tbx(path)
    assert [(e.term.ru, e.term.zh, e.term.kind) for e in entries] == [("Хэйхэ", "黑河", "other")]
    assert entries[0].term.notes == "subject field: places\ndefinition: Город-побратим"
    assert [(line, level) for line, level, _ in issues] == [(2, "warning"), (5, "warning")]
    assert "is not a kind" in issues[0][2] and issues[1][2] == "term entry has no zh term: left out"


def test_other_tools_csv_glossaries_are_read_by_the_script_of_their_columns(tmp_path):
    """Weblate's export (source,target,context…) and a plain two-column file; Latin columns are refused."""
    from workbench.glossary.csv_format import parse_csv

    weblate = tmp_path / "weblate.csv"
    weblate.write_text('source,target,context\n黑河,Хэйхэ,город\n景泉,"Цзин Цюань",\n', encoding="utf-8")
    entries, issues = parse_csv(weblate)
    assert [(e.term.ru, e.term.zh, e.line) for e in entries] == [("Хэйхэ", "黑河", 2), ("Цзин Цюань", "景泉", 3)]
    assert [level for _, level, _ in issues] == ["warning"]
    assert "column 1 (source) and column 2 (target), Chinese and Russian" in issues[0][2]
    assert "further columns ignored" in issues[0][2]

    plain = tmp_path / "plain.csv"
    plain.write_text("Якутск,雅库茨克\nХэйхэ|Хэйхе,黑河\n", encoding="utf-8")
    entries, issues = parse_csv(plain)
    assert [(e.term.ru, e.line) for e in entries][:1] == [("Якутск", 1)]
    assert (2, "error") in [(line, level) for line, level, _ in issues]  # the file's own line number

    czech = tmp_path / "czech.csv"
    czech.write_text("address bar,adresní řádek\napply,použít\n", encoding="utf-8")
    entries, issues = parse_csv(czech)
    assert entries == [] and [(line, level) for line, level, _ in issues] == [(1, "error")]
    assert "are not one Russian and one Chinese column (neither Russian nor Chinese" in issues[0][2]

    ours = tmp_path / "ours.csv"
    ours.write_text("ru,zh,kind\nХэйхэ,黑河,place\n", encoding="utf-8")
    entries, issues = parse_csv(ours)
    assert [(e.term.ru, e.term.kind) for e in entries] == [("Хэйхэ", "place")] and issues == []
