"""Editing PO term files: find, add, update, remove, confirm — checked, atomic, with a backup."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.errors import GlossaryError
from workbench.glossary.edit import (add_term, confirm_term, file_stamp, find_terms, remove_term,
                                     update_term)
from workbench.glossary.loader import load_glossaries
from workbench.glossary.model import Term
from workbench.glossary.po import read_po

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def po(tmp_path):
    path = tmp_path / "heihe.po"
    shutil.copy(ROOT / "glossaries" / "heihe.po", path)
    return path


@pytest.mark.parametrize("query, expected", [
    ("Якутской городской думой", "Якутская городская дума"),
    ("Северо-Восточным федеральным университетом", "Северо-Восточный федеральный университет имени М. К. Аммосова"),
    ("городская дума", "Якутская городская дума"),
    ("杜马", "Якутская городская дума"),
    ("госпожой Чэнь Сяоцзе", "Чэнь Сяоцзе"),
    ("китайских", "Китай"),  # a derived word, inflected
    ("якутскому", "Якутск"),  # derived from two terms: both are found
    ("якутскому", "Якутия"),
])
def test_find_terms(po, query, expected):
    assert expected in [t.ru for t in find_terms(query, read_po(po))]


def test_add_confirm_update_remove_round_trip(po):
    original = po.read_bytes()
    stamp = file_stamp(po)
    term = Term("Суйфэньхэ", "绥芬河", "place", notes="Город в провинции Хэйлунцзян.", fuzzy=True)
    stamp = add_term(po, term, stamp)
    assert (Path(str(po) + "~")).read_bytes() == original
    added = next(t for t in read_po(po) if t.ru == "Суйфэньхэ")
    assert added.fuzzy and added.notes == term.notes
    stamp = confirm_term(po, added, stamp)
    confirmed = next(t for t in read_po(po) if t.ru == "Суйфэньхэ")
    assert not confirmed.fuzzy
    stamp = update_term(po, confirmed, replace(confirmed, zh_variants=("绥芬河市",)), stamp)
    assert next(t for t in read_po(po) if t.ru == "Суйфэньхэ").zh_variants == ("绥芬河市",)
    remove_term(po, next(t for t in read_po(po) if t.ru == "Суйфэньхэ"), stamp)
    assert po.read_bytes() == original  # every other entry, comment and the header kept as written


def test_change_that_brings_an_error_is_refused(po):
    before = po.read_bytes()
    with pytest.raises(GlossaryError) as err:
        add_term(po, Term("Хэйхэ", "黑河市政府", "place"))
    assert '"Хэйхэ" translated 黑河市政府 here but 黑河' in str(err.value)
    with pytest.raises(GlossaryError, match="unknown kind"):
        add_term(po, Term("Суйфэньхэ", "绥芬河", "city"))
    with pytest.raises(GlossaryError, match="msgstr is empty"):
        update_term(po, next(t for t in read_po(po) if t.ru == "Харбин"), Term("Харбин", "", "place"))
    assert po.read_bytes() == before


def test_stale_file_is_refused(po):
    stamp = file_stamp(po)
    text = po.read_text(encoding="utf-8")
    po.write_text(text + "\n", encoding="utf-8")  # someone else saved the file meanwhile
    os.utime(po, ns=(stamp.mtime_ns, stamp.mtime_ns))  # even with the old mtime: size and hash differ
    with pytest.raises(GlossaryError, match="changed on disk since it was read"):
        add_term(po, Term("Суйфэньхэ", "绥芬河", "place"), stamp)


def test_unknown_term(po):
    with pytest.raises(GlossaryError, match="no entry"):
        remove_term(po, Term("Нет такого", "没有", "other"))


def test_change_is_used_by_the_next_load(po):
    assert "Суйфэньхэ" not in [t.ru for t in load_glossaries([po.parent])]
    add_term(po, Term("Суйфэньхэ", "绥芬河", "place"))
    assert "Суйфэньхэ" in [t.ru for t in load_glossaries([po.parent])]


def test_cli_actions(po, capsys):
    assert main(["glossary", "add", "Суйфэньхэ", "绥芬河 | 绥芬河市", "--kind", "place", "--fuzzy",
                 "--file", str(po)]) == 0
    assert main(["glossary", "find", "Суйфэньхэ", "--glossary", str(po)]) == 0
    assert "place: Суйфэньхэ → 绥芬河 | 绥芬河市 [fuzzy]" in capsys.readouterr().out
    assert main(["glossary", "confirm", "Суйфэньхэ", "--file", str(po)]) == 0
    assert main(["glossary", "edit", "绥芬河", "--note", "Город.", "--file", str(po)]) == 0
    term = next(t for t in read_po(po) if t.ru == "Суйфэньхэ")
    assert not term.fuzzy and term.notes == "Город."
    assert main(["glossary", "edit", "绥芬河", "--derived", "суйфэньхэский", "--file", str(po)]) == 0
    term = next(t for t in read_po(po) if t.ru == "Суйфэньхэ")
    assert term.ru_derived == ("суйфэньхэский",) and term.notes == "Город."
    assert main(["glossary", "edit", "绥芬河", "--derived", "китайский язык", "--file", str(po)]) == 1
    assert 'derived word "китайский язык" of "Суйфэньхэ" must be one word' in capsys.readouterr().err
    assert main(["glossary", "edit", "绥芬河", "--derived", "", "--file", str(po)]) == 0
    assert next(t for t in read_po(po) if t.ru == "Суйфэньхэ").ru_derived == ()
    assert main(["glossary", "add", "Хэйхэ", "黑河市政府", "--kind", "place", "--file", str(po)]) == 1
    assert "change refused" in capsys.readouterr().err
    assert main(["glossary", "remove", "Суйфэньхэ", "--file", str(po)]) == 0
    assert main(["glossary", "find", "Суйфэньхэ", "--glossary", str(po)]) == 1
