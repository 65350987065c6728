"""`glossary check` and `glossary import` read each term file by its extension, never a TBX or CSV as PO."""

from __future__ import annotations

import pytest

from workbench.cli import main
from workbench.glossary.check import read_entries
from workbench.glossary.formats import FORMATS, TERM_FORMATS

TBX = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="ru"><text><body>
  <termEntry id="t1">
    <descrip type="subjectField">place</descrip>
    <langSet xml:lang="ru"><tig><term>Хэйхэ</term></tig></langSet>
    <langSet xml:lang="zh"><tig><term>黑河</term></tig></langSet>
  </termEntry>
  <termEntry id="t2">
    <descrip type="subjectField">title</descrip>
    <langSet xml:lang="ru"><tig><term>глава города</term></tig></langSet>
    <langSet xml:lang="zh"><tig><term>市长</term></tig></langSet>
  </termEntry>
</body></text></martif>
"""
TSV = "ru\tzh\tkind\nХэйхэ\t黑河\tplace\nглава города\t市长\ttitle\n"
CSV = "ru,zh,kind\nХэйхэ,黑河,place\nглава города,市长,title\n"
FILES = {"terms.tbx": TBX, "terms.tsv": TSV, "terms.tab": TSV, "terms.csv": CSV}


@pytest.fixture(params=sorted(FILES))
def term_file(request, tmp_path):
    path = tmp_path / request.param
    path.write_text(FILES[request.param], encoding="utf-8")
    return path


def test_each_format_is_read_by_its_extension(term_file):
    entries, problems = read_entries(term_file)
    assert problems == []
    assert [(e.term.ru, e.term.zh, e.term.kind) for e in entries] == [
        ("Хэйхэ", "黑河", "place"), ("глава города", "市长", "title")]


def test_glossary_check_reads_them(term_file, capsys):
    assert main(["glossary", "check", str(term_file)]) == 0
    captured = capsys.readouterr()
    assert "syntax error" not in captured.out
    assert captured.err.strip() == "0 errors, 0 warnings in 1 file"


def test_glossary_import_converts_them_to_po(term_file, tmp_path, capsys):
    out = tmp_path / "out.po"
    assert main(["glossary", "import", str(term_file), "--output", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert 'msgctxt "place"\nmsgid "Хэйхэ"\nmsgstr "黑河"' in text
    assert "wrote 2 terms" in capsys.readouterr().err


def test_errors_keep_the_file_and_line_of_their_format(tmp_path, capsys):
    tbx = tmp_path / "broken.tbx"
    tbx.write_text(TBX.replace("<term>黑河</term>", "<term></term>"), encoding="utf-8")
    assert main(["glossary", "check", str(tbx)]) == 1
    out = capsys.readouterr().out
    assert f"{tbx}:" in out and "unexpected '<?xml'" not in out
    tab = tmp_path / "broken.tab"
    tab.write_text("ru\tzh\tkind\nХэйхэ\t黑河\tcity\n", encoding="utf-8")
    assert main(["glossary", "import", str(tab), "--output", str(tmp_path / "x.po")]) == 1
    assert f'{tab}:2: unknown kind "city"' in capsys.readouterr().err
    assert not (tmp_path / "x.po").exists()


def test_an_unknown_extension_lists_the_known_ones(tmp_path, capsys):
    odd = tmp_path / "terms.txt"
    odd.write_text("Хэйхэ = 黑河\n", encoding="utf-8")
    assert main(["glossary", "check", str(odd)]) == 1
    assert capsys.readouterr().out.strip() == (
        f"{odd}: unknown term file format '.txt'; expected one of {', '.join(TERM_FORMATS)}")


def test_the_registry_names_every_format_the_cli_offers():
    from workbench.commands.glossary import FORMATS as CLI_FORMATS

    assert set(CLI_FORMATS) == set(FORMATS)
    assert {TERM_FORMATS[s] for s in (".po", ".pot", ".tsv", ".tab", ".csv", ".tbx")} == set(FORMATS)
