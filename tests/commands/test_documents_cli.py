"""``workbench import``, ``documents`` and ``export`` end to end through :func:`workbench.cli.main`."""

from __future__ import annotations

import json

import pytest

from workbench.cli import main
from workbench.store import Store
from workbench.testing import FakeTranslator

RELEASE = ("Делегация города Хэйхэ прибыла в Якутск.\n\n"
           "Гостей встретил глава города. Стороны подписали соглашение.\n")


@pytest.fixture
def release(tmp_path):
    path = tmp_path / "heihe-visit.txt"
    path.write_text(RELEASE, encoding="utf-8")
    return path


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "cli.db"
    monkeypatch.setenv("WORKBENCH_DB", str(path))
    return path


def test_import_list_export(release, db, tmp_path, capsys):
    assert main(["import", str(release), "--user", "li"]) == 0
    assert "imported 'heihe-visit.txt' as document 1: 3 segments in 2 paragraphs, ru→zh" in capsys.readouterr().out
    assert main(["documents"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["ID", "NAME", "DIRECTION", "APPROVED", "CREATED"]
    assert table[1].split()[:4] == ["1", "heihe-visit.txt", "ru→zh", "0/3"]

    with Store(db) as store:
        first = store.segments(1)[0]
        store.save_segment(first.id, "黑河市代表团抵达雅库茨克。", "approved", 1, "li")
    assert main(["documents", "--json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert (listed["name"], listed["approved"], listed["total"]) == ("heihe-visit.txt", 1, 3)

    for fmt, suffix in (("txt", "txt"), ("xliff", "xlf"), ("po", "po"), ("tmx", "tmx"), ("docx", "docx")):
        out = tmp_path / f"out.{suffix}"
        assert main(["export", "heihe-visit.txt", "--format", fmt, "--output", str(out)]) == 0
        assert out.stat().st_size > 0
    assert (tmp_path / "out.txt").read_text(encoding="utf-8").startswith("黑河市代表团抵达雅库茨克。\n\n")
    # The format comes from the extension when --format is left out; DOC may be the id.
    assert main(["export", "1", "--output", str(tmp_path / "again.md")]) == 0
    assert "wrote" in capsys.readouterr().out


def test_reimporting_an_exported_xliff_keeps_statuses(release, db, tmp_path):
    assert main(["import", str(release), "--db", str(db)]) == 0
    with Store(db) as store:
        first = store.segments(1)[0]
        store.save_segment(first.id, "黑河市代表团抵达雅库茨克。", "approved", 1, "li")
    xlf = tmp_path / "round.xlf"
    assert main(["export", "1", "--output", str(xlf), "--db", str(db)]) == 0
    assert main(["import", str(xlf), "--name", "returned", "--db", str(db)]) == 0
    with Store(db) as store:
        info = store.find_document("returned")
        assert (info.total, info.approved) == (3, 1)


def test_import_with_drafts_uses_the_pipeline_and_the_glossary(release, db, monkeypatch, capsys):
    import workbench.models

    monkeypatch.setattr(workbench.models, "load_translator", lambda model, s, t, **options: FakeTranslator())
    assert main(["import", str(release), "--draft", "--to", "zh"]) == 0
    assert "drafted 3 segments" in capsys.readouterr().out
    with Store(db) as store:
        rows = store.segments(1)
        assert [r.status for r in rows] == ["draft"] * 3
        assert all(r.target == "" and r.version == 1 for r in rows)
        assert "黑河" in rows[0].draft
        terms = json.loads(rows[0].terms_json)
        assert {"source": "Хэйхэ", "target": "黑河", "status": "present"}.items() <= terms[0].items()


def test_errors_are_one_line(db, tmp_path, capsys):
    assert main(["export", "nothing", "--output", str(tmp_path / "x.txt")]) == 1
    assert capsys.readouterr().err.strip() == (
        "workbench export: error: no document with id or name 'nothing' (see `workbench documents`)")
    assert main(["import", str(tmp_path / "missing.txt")]) == 1
    assert "missing.txt: no such file" in capsys.readouterr().err
    odd = tmp_path / "odd.csv"
    odd.write_text("a,b\n", encoding="utf-8")
    assert main(["import", str(odd)]) == 1
    assert "odd.csv: unknown document format '.csv'" in capsys.readouterr().err
    assert main(["documents"]) == 0
    assert "no documents" in capsys.readouterr().out


def test_export_writes_only_approved_text_and_says_how_much(release, db, tmp_path, capsys):
    """Issue 23: a default export leaves unapproved segments in the source, marked; --unreviewed chooses."""
    assert main(["import", str(release)]) == 0
    with Store(db) as store:
        first, second, third = store.segments(1)
        store.save_segment(first.id, "黑河市代表团抵达雅库茨克。", "approved", 1, "li")
        store.set_draft(second.id, "机器初稿。")
    capsys.readouterr()
    out = tmp_path / "out.txt"
    assert main(["export", "1", "--output", str(out)]) == 0
    assert capsys.readouterr().out.strip().endswith(
        "1 of 3 segments approved; 2 not approved, left in the source language, marked")
    assert out.read_text(encoding="utf-8") == (
        "黑河市代表团抵达雅库茨克。\n\n【未审定·原文：Гостей встретил глава города.】"
        "【未审定·原文：Стороны подписали соглашение.】\n")
    assert main(["export", "1", "--output", str(out), "--unreviewed", "mark"]) == 0
    assert "【机器初稿：机器初稿。】" in out.read_text(encoding="utf-8")
    assert "1 machine draft, 1 source, nothing to write" in capsys.readouterr().out

    out.unlink()
    assert main(["export", "1", "--output", str(out), "--unreviewed", "refuse"]) == 1
    assert capsys.readouterr().err.strip() == (
        "workbench export: error: heihe-visit.txt: 2 of 3 segments are not approved (segments 2, 3); nothing "
        "was exported. Approve them, or export them left in the source language (--unreviewed source) or as "
        "drafts, marked (--unreviewed mark)")
    assert not out.exists()
    assert main(["export", "1", "--output", str(tmp_path / "out.xlf"), "--unreviewed", "mark"]) == 1
    assert "applies to txt, md, docx only" in capsys.readouterr().err
    assert main(["export", "1", "--output", str(tmp_path / "out.xlf")]) == 0
    assert "2 carry their review state" in capsys.readouterr().out
