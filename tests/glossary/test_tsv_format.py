"""TSV import/export: header columns, bad rows, round trips with PO."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workbench.errors import GlossaryError
from workbench.glossary.model import Term
from workbench.glossary.po import read_po, write_po
from workbench.glossary.tsv import COLUMNS, format_tsv, read_tsv, write_tsv

DATA = Path(__file__).resolve().parents[1] / "data" / "glossary"
ROOT = Path(__file__).resolve().parents[2]


def test_columns_are_the_documented_ones():
    assert COLUMNS == ("ru", "zh", "kind", "ru_variants", "zh_variants", "ru_derived", "notes", "references", "fuzzy")
    assert format_tsv([]).splitlines() == ["\t".join(COLUMNS)]


def test_read_tsv_fields():
    heihe, knr = read_tsv(DATA / "good.tsv").terms
    assert heihe == Term(ru="Хэйхэ", zh="黑河", kind="place", ru_variants=("г. Хэйхэ",), zh_variants=("黑河市",),
                         notes="Город-побратим.\nНе склоняется.", references=("sample.ru.txt:3", "zh2ru"), fuzzy=True)
    assert heihe.origin == f"{DATA / 'good.tsv'}:2"
    assert knr.origin == f"{DATA / 'good.tsv'}:4"  # the quoted cell spans two lines
    assert knr.fuzzy is False and knr.notes == "" and knr.references == ()


def test_unknown_columns_are_named():
    path = DATA / "bad_columns.tsv"
    with pytest.raises(GlossaryError) as info:
        read_tsv(path)
    (problem,) = info.value.problems
    assert problem.startswith(f'{path}:1: unknown column(s) "colour", "weight"')


def test_missing_header_is_reported(tmp_path):
    path = tmp_path / "noheader.tsv"
    path.write_text("Якутск\t雅库茨克\tplace\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"noheader.tsv:1: unknown column"):
        read_tsv(path)


def test_bad_rows_report_file_and_line():
    path = DATA / "bad_rows.tsv"
    with pytest.raises(GlossaryError) as info:
        read_tsv(path)
    assert info.value.problems == [
        f'{path}:3: fuzzy must be "yes" or empty, not "maybe"',
        f"{path}:4: row has 5 fields but the header has 4",
    ]


def test_non_utf8_tsv_gives_line(tmp_path):
    path = tmp_path / "latin1.tsv"
    path.write_bytes("ru\tzh\nЯкутск\t雅库茨克\n".encode() + "Hérault\t埃罗\n".encode("latin-1", "replace"))
    with pytest.raises(GlossaryError) as info:
        read_tsv(path)
    assert info.value.problems[0].startswith(f"{path}:3: invalid UTF-8 byte 0xE9")


def test_bom_is_accepted_in_tsv(tmp_path):
    path = tmp_path / "excel.tsv"
    path.write_bytes(b"\xef\xbb\xbf" + "ru\tzh\tkind\nЯкутск\t雅库茨克\tplace\n".encode())
    assert [t.ru for t in read_tsv(path)] == ["Якутск"]


def test_po_tsv_po_round_trip_keeps_every_field(tmp_path):
    terms = read_po(ROOT / "glossaries" / "heihe.po").terms + read_po(DATA / "good.po").terms[1:]
    terms.append(Term(ru="Тест", zh="测试", kind="other", notes='Кавычки "так", таб\tи\nперевод строки.',
                      references=("x.txt:1",), fuzzy=True))
    tsv = tmp_path / "all.tsv"
    write_tsv(terms, tsv)
    back = read_tsv(tsv).terms
    assert back == terms
    po = tmp_path / "all.po"
    write_po(back, po)
    assert read_po(po).terms == terms
    assert sorted(os.listdir(tmp_path)) == ["all.po", "all.tsv"]  # no temporary files left
