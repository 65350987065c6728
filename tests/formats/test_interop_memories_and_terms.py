"""Issue 24: the interop corpus's translation memories (TMX) and term files (TBX, CSV), as other tools wrote them.

Every TMX goes into the memory, or is refused in one line naming it; the memory exported and imported again
loses and doubles nothing. Every term file is read, or refused with a line naming it and the line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.glossary.check import check_paths
from workbench.glossary.loader import load_glossaries
from workbench.memory import export_tmx, import_tmx
from workbench.store import Store

CORPUS = Path(__file__).resolve().parents[1] / "data" / "interop"
MEMORIES = sorted(CORPUS.rglob("*.tmx"))
TERM_FILES = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".tbx", ".csv"))


def test_the_corpus_has_memories_and_term_files_of_other_tools():
    assert len(MEMORIES) >= 4 and len(TERM_FILES) >= 6
    assert any(p.read_bytes().startswith(b"\xff\xfe") for p in MEMORIES)  # a UTF-16 export (Trados)


@pytest.mark.parametrize("path", MEMORIES, ids=lambda p: p.name)
def test_every_memory_imports_and_comes_back_whole(tmp_path, path):
    with Store(tmp_path / "memory.db") as store:
        report = import_tmx(store, path, user="test")
        assert report.units == sum(report.added.values()) + report.present + report.skipped
        exported = tmp_path / "back.tmx"
        export_tmx(store, exported)
        again = import_tmx(store, exported)
        assert sum(again.added.values()) == 0 and again.present == sum(report.added.values())


def test_ru_zh_memories_keep_direction_authors_and_inline_codes(tmp_path):
    with Store(tmp_path / "memory.db") as store:
        trados = import_tmx(store, CORPUS / "tmx" / "trados-style.ru-zh.tmx")
        omegat = import_tmx(store, CORPUS / "tmx" / "omegat-style-1.1.zh-ru.tmx")
        assert (trados.added, trados.skipped, trados.tagged) == ({"ru→zh": 3}, 1, 2)
        assert (omegat.added, omegat.skipped) == ({"zh→ru": 3}, 1)  # the zh-TW unit is left out
        (match,) = store.tm_lookup("Визит продлится три дня.", "ru", "zh", min_score=60)
        assert "三天" in match.target and match.origin == "trados-style.ru-zh.tmx"
        (mayor,) = store.tm_lookup("景泉市长会见了代表团。", "zh", "ru")
        assert (mayor.target, mayor.score) == ("Мэр Цзин Цюань принял делегацию.", 100)


@pytest.mark.parametrize("path", TERM_FILES, ids=lambda p: p.name)
def test_every_term_file_is_read_or_refused_with_its_name(path):
    problems = check_paths([path])
    errors = [p for p in problems if p.is_error]
    if errors:
        assert all(str(e).startswith(f"{path}:") for e in errors)
        return
    terms = load_glossaries([path]).terms
    assert terms and all(t.ru and t.zh for t in terms)


def test_other_tools_ru_zh_term_files_give_their_terms():
    memoq = load_glossaries([CORPUS / "glossary" / "memoq-style.ru-zh.tbx"]).terms
    assert [(t.ru, t.zh) for t in memoq] == [("Хэйхэ", "黑河"), ("Цзин Цюань", "景泉")]
    weblate = load_glossaries([CORPUS / "glossary" / "weblate-style.ru-zh.csv"]).terms
    assert [(t.ru, t.zh, t.kind) for t in weblate] == [("Хэйхэ", "黑河", "other"), ("Цзин Цюань", "景泉", "other"),
                                                       ("Айхуэй", "爱辉", "other")]
