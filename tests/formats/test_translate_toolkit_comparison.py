"""Why PO and XLIFF are kept by hand (polib, lxml) rather than read with translate-toolkit.

Each test is a file of our corpus that translate-toolkit (``translate.storage``,
3.20.4) gets wrong and that our readers get right (their own tests:
``test_po_round_trip.py``, ``test_xliff_round_trip.py``). They run where
translate-toolkit is installed (the ``test`` extra installs it) and are
skipped elsewhere: it is not a dependency of the workbench itself. Besides these, translate-toolkit is
GPL-3.0-or-later, and the workbench is MIT.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from catalog_diff import lines_diff, xliff_structure

factory = pytest.importorskip("translate.storage.factory")

DATA = Path(__file__).parent.parent / "data" / "interop"


@pytest.mark.parametrize("name", ["windows-1251.po", "koi8-r.po"])
def test_translate_toolkit_ignores_a_declared_cyrillic_charset(name):
    # ours: test_a_windows_1251_catalogue_is_read_by_its_header_and_exported_as_utf8
    store = factory.getobject(str(DATA / "edge" / name))
    assert store.units[1].source != "Делегация города Хэйхэ прибыла в Якутск."  # mojibake


def test_translate_toolkit_refuses_an_indented_catalogue_that_msgfmt_and_polib_accept():
    # ours: test_import_then_export_gives_the_catalogue_back_unchanged[polib-indented.po]
    with pytest.raises(Exception, match="Syntax error on line 23"):
        factory.getobject(str(DATA / "po" / "polib-indented.po"))


def test_translate_toolkit_cannot_save_an_xliff_with_a_processing_instruction():
    # ours: test_import_then_export_gives_the_file_back_unchanged[okapi-style.zh.xlf]
    store = factory.getobject(str(DATA / "xliff" / "okapi-style.zh.xlf"))
    with pytest.raises(AttributeError):
        bytes(store)


def test_translate_toolkit_changes_the_units_it_translates():
    # ours: test_translating_changes_only_the_targets[angular-style.ru.xlf]
    path = DATA / "xliff" / "angular-style.ru.xlf"
    store = factory.getobject(str(path))
    for unit in store.units:
        unit.target = "译文"
    changed = lines_diff(xliff_structure(path.read_bytes(), False), xliff_structure(bytes(store), False))
    assert any('xml:space="preserve"' in line for line in changed)


def test_translate_toolkit_loses_the_sources_of_an_omegat_tmx_1_1():
    # ours: test_ru_zh_memories_keep_direction_authors_and_inline_codes (3 zh→ru entries)
    store = factory.getobject(str(DATA / "tmx" / "omegat-style-1.1.zh-ru.tmx"))
    assert [unit.source for unit in store.units] == [None] * 4  # TMX 1.1's lang="ZH-CN" is not read


def test_translate_toolkit_pairs_a_russian_text_with_an_english_one_and_flattens_inline_codes():
    # ours: the English-only unit is skipped and counted; <bpt>/<ept> become {1} placeholders
    store = factory.getobject(str(DATA / "tmx" / "trados-style.ru-zh.tmx"))
    assert store.units[3].target == "Press office of the mayor's office"
    assert store.units[1].source == 'Визит продлится <cf bold="True">три дня</cf>.'
