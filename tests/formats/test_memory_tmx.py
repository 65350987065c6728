"""TMX into and out of the translation memory (``workbench memory``), with the real SQLite store."""

from __future__ import annotations

import pytest

from workbench.cli import main
from workbench.errors import DocumentError, InputError
from workbench.memory import export_tmx, import_tmx, memory_lang, read_tmx
from workbench.store import Store

HEADER = ('<?xml version="1.0" encoding="{encoding}"?>\n'
          '<tmx version="1.4">\n'
          '<header creationtool="OmegaT" creationtoolversion="6" segtype="sentence" o-tmf="OmegaT" '
          'adminlang="EN-US" srclang="{srclang}" datatype="plaintext"/>\n<body>\n')
UNITS = """<tu creationid="li" creationdate="20240514T093000Z">
 <tuv xml:lang="ru-RU"><seg>Делегация города Хэйхэ прибыла в Якутск.</seg></tuv>
 <tuv xml:lang="zh-CN"><seg>黑河市代表团抵达雅库茨克。</seg></tuv>
</tu>
<tu>
 <tuv xml:lang="RU"><seg>Визит продлится <bpt i="1">&lt;b&gt;</bpt>три дня<ept i="1">&lt;/b&gt;</ept>.</seg></tuv>
 <tuv xml:lang="zh-Hans"><seg>访问将持续<bpt i="1">&lt;b&gt;</bpt>三天<ept i="1">&lt;/b&gt;</ept>。</seg></tuv>
</tu>
<tu>
 <tuv xml:lang="en-US"><seg>The visit will last three days.</seg></tuv>
 <tuv xml:lang="ru"><seg>Визит продлится три дня.</seg></tuv>
</tu>
<tu>
 <tuv xml:lang="zh-TW"><seg>訪問將持續三天。</seg></tuv>
 <tuv xml:lang="ru"><seg>Визит продлится три дня.</seg></tuv>
</tu>
<tu><tuv xml:lang="ru"><seg>Только русский.</seg></tuv><tuv xml:lang="zh"><seg> </seg></tuv></tu>
"""
FOOTER = "</body>\n</tmx>\n"


def _tmx(tmp_path, name="press.tmx", srclang="ru-RU", units=UNITS, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes((HEADER.format(encoding=encoding.upper(), srclang=srclang) + units + FOOTER).encode(encoding))
    return path


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "memory.db") as opened:
        yield opened


def test_language_tags():
    assert [memory_lang(t) for t in ("ru", "ru-RU", "RU", "ru_RU", "zh", "zh-CN", "zh-Hans", "ZH-hans-CN")] == [
        "ru", "ru", "ru", "ru", "zh", "zh", "zh", "zh"]
    assert [memory_lang(t) for t in ("zh-TW", "zh-HK", "zh-Hant", "en", "", None)] == [None] * 6


def test_import_counts_added_present_and_skipped_and_the_pairs_reach_the_lookup(store, tmp_path):
    path = _tmx(tmp_path)
    report = import_tmx(store, path, user="importer")
    assert (report.units, report.added, report.present, report.skipped, report.tagged) == (
        5, {"ru→zh": 2}, 0, 3, 1)
    assert "5 translation units: 2 memory entries added (ru→zh 2), 0 already present, 3 skipped" in str(report)
    [exact] = store.tm_lookup("Делегация города Хэйхэ прибыла в Якутск.", "ru", "zh")
    assert (exact.target, exact.exact, exact.origin) == ("黑河市代表团抵达雅库茨克。", True, "press.tmx")
    [fuzzy] = store.tm_lookup("Делегация города Хэйхэ прибыла в Благовещенск.", "ru", "zh")
    assert not fuzzy.exact and fuzzy.target == "黑河市代表团抵达雅库茨克。"
    # inline codes are placeholders on both sides, not the markup they hide
    assert ("Визит продлится {1}три дня{/1}.", "访问将持续{1}三天{/1}。") in store.tm_entries("ru", "zh")
    # the unit's author and date are kept; the importer stands in where a unit names none
    users = {(e.source, e.user, e.at) for e in store.tm_all()}
    assert ("Делегация города Хэйхэ прибыла в Якутск.", "li", "2024-05-14T09:30:00Z") in users
    assert any(user == "importer" for _, user, _ in users)
    again = import_tmx(store, path)
    assert (again.added, again.present) == ({"ru→zh": 0}, 2)
    assert len(store.tm_all()) == 2


def test_directions_follow_srclang_and_the_options(store, tmp_path):
    reverse = import_tmx(store, _tmx(tmp_path, "zh.tmx", srclang="zh-CN"))
    assert reverse.added == {"zh→ru": 2}
    assert store.tm_lookup("黑河市代表团抵达雅库茨克。", "zh", "ru")[0].target.startswith("Делегация")
    both = import_tmx(store, _tmx(tmp_path, "all.tmx", srclang="*all*"))
    assert (both.added, both.present) == ({"ru→zh": 2, "zh→ru": 0}, 2)
    forced = import_tmx(store, _tmx(tmp_path, "en.tmx", srclang="EN-US"), source_lang="ru", target_lang="zh")
    assert (forced.added, forced.present) == ({"ru→zh": 0}, 2)
    with pytest.raises(InputError, match="give both --from and --to"):
        import_tmx(store, _tmx(tmp_path), source_lang="ru")


def test_utf16_and_a_unit_srclang_over_the_header(store, tmp_path):
    unit = ('<tu srclang="zh"><tuv xml:lang="zh"><seg>双方签署了合作协议。</seg></tuv>'
            '<tuv xml:lang="ru"><seg>Стороны подписали соглашение о сотрудничестве.</seg></tuv></tu>\n')
    path = _tmx(tmp_path, "utf16.tmx", units=unit, encoding="utf-16")
    assert path.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    assert import_tmx(store, path).added == {"zh→ru": 1}


def test_malformed_and_foreign_files_name_the_file_and_line(store, tmp_path):
    broken = tmp_path / "broken.tmx"
    broken.write_text('<?xml version="1.0"?>\n<tmx version="1.4"><body>\n<tu><tuv>\n</tmx>\n', encoding="utf-8")
    with pytest.raises(DocumentError, match=r"broken\.tmx:4: not well-formed XML"):
        import_tmx(store, broken)
    xliff = tmp_path / "not.tmx"
    xliff.write_text('<?xml version="1.0"?>\n<xliff version="1.2"/>\n', encoding="utf-8")
    with pytest.raises(DocumentError, match=r"not\.tmx:2: not a TMX file \(root element <xliff>\)"):
        import_tmx(store, xliff)
    with pytest.raises(InputError, match=r"missing\.tmx: no such file"):
        import_tmx(store, tmp_path / "missing.tmx")
    assert store.tm_all() == []


def test_export_merges_both_directions_and_reads_back_the_same(store, tmp_path):
    import_tmx(store, _tmx(tmp_path, "all.tmx", srclang="*all*"))
    store.add_tm([("Стороны подписали соглашение.", "双方签署了协议。")], "ru", "zh", origin="manual")
    out = tmp_path / "out" / "memory.tmx"
    out.parent.mkdir()
    assert export_tmx(store, out) == 3
    text = out.read_text(encoding="utf-8")
    assert text.count('<tu srclang="*all*"') == 2 and text.count('<tu srclang="ru"') == 1
    assert 'srclang="*all*"' in text.split("<body>")[0]
    with Store(tmp_path / "other.db") as other:
        import_tmx(other, out)
        assert sorted((e.source_lang, e.source, e.target) for e in other.tm_all()) == sorted(
            (e.source_lang, e.source, e.target) for e in store.tm_all())
    assert export_tmx(store, out, source_lang="zh", target_lang="ru") == 2
    found = read_tmx(out.read_bytes(), str(out))
    assert {u.directions for u in found.units} == {(("zh", "ru"),)}


def test_export_is_atomic(store, tmp_path, monkeypatch):
    import workbench.memory as memory

    import_tmx(store, _tmx(tmp_path))
    out = tmp_path / "memory.tmx"
    out.write_text("old", encoding="utf-8")

    def broken(entries):
        raise RuntimeError("disk full")

    monkeypatch.setattr(memory, "render_tmx", broken)
    with pytest.raises(RuntimeError):
        export_tmx(store, out)
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".memory")] == []


def test_cli_import_export_and_the_document_import_pointing_here(tmp_path, monkeypatch, capsys):
    db = tmp_path / "cli.db"
    monkeypatch.setenv("WORKBENCH_DB", str(db))
    path = _tmx(tmp_path)
    assert main(["memory", "import", str(path)]) == 0
    assert "2 memory entries added (ru→zh 2), 0 already present, 3 skipped" in capsys.readouterr().out
    assert main(["tm", "import", str(path), "--from", "zh", "--to", "ru"]) == 0
    assert "2 memory entries added (zh→ru 2)" in capsys.readouterr().out
    out = tmp_path / "back.tmx"
    assert main(["memory", "export", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"wrote {out}: 2 translation units"
    assert main(["memory", "export", "--output", str(out), "--from", "ru", "--to", "zh"]) == 0
    capsys.readouterr()
    assert main(["memory", "import", str(path), "--from", "ru"]) == 1
    assert capsys.readouterr().err.strip() == (
        "workbench memory: error: give both --from and --to (ru and zh, one each), or neither")
    assert main(["import", str(path)]) == 1
    assert capsys.readouterr().err.strip() == (
        f"workbench import: error: {path}: a TMX file is a translation memory, not a document; "
        f"add it to the memory with `workbench memory import {path}`")
