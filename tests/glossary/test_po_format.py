"""PO term files: reading, writing (atomic), and every way a file can be broken."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workbench.errors import GlossaryError, WorkbenchError
from workbench.glossary.model import Glossary, Term
from workbench.glossary.po import _polib_error_line, parse_po, read_po, write_po

DATA = Path(__file__).resolve().parents[1] / "data" / "glossary"

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def test_read_po_fields_variants_and_origin():
    glossary = read_po(DATA / "good.po")
    assert isinstance(glossary, Glossary)
    assert glossary.sources == [str(DATA / "good.po")]
    heihe, jing = glossary.terms  # the obsolete #~ entry is ignored
    assert heihe.ru == "Хэйхэ" and heihe.ru_variants == ("г. Хэйхэ",)
    assert heihe.zh == "黑河" and heihe.zh_variants == ("黑河市",)
    assert heihe.kind == "place"
    assert heihe.notes == "Город-побратим."
    assert heihe.references == ("sample.ru.txt:3", "zh2ru-idterms/geo_city.tsv:115")
    assert heihe.fuzzy is False
    assert heihe.origin == f"{DATA / 'good.po'}:10"  # the msgid line, not the comment line
    assert jing.fuzzy is True and jing.kind == "person" and jing.origin.endswith(":15")


def test_read_po_strips_whitespace(tmp_path):
    path = tmp_path / "ws.po"
    path.write_text(HEADER + 'msgctxt " place "\nmsgid "  Якутск |  г. Якутск "\nmsgstr " 雅库茨克 "\n', encoding="utf-8")
    (term,) = read_po(path).terms
    assert (term.ru, term.ru_variants, term.zh, term.kind) == ("Якутск", ("г. Якутск",), "雅库茨克", "place")


def test_syntax_error_names_file_and_line():
    path = DATA / "syntax_error.po"
    with pytest.raises(GlossaryError) as info:
        read_po(path)
    assert str(info.value).startswith(f"{path}:12: unterminated string")
    assert info.value.problems == [f'{path}:12: unterminated string (missing closing ") after msgid']


def test_syntax_error_found_by_polib_names_file_and_line():
    path = DATA / "syntax_polib.po"
    with pytest.raises(GlossaryError) as info:
        read_po(path)
    assert info.value.problems == [f"{path}:11: syntax error: unknown keyword msgold"]


def test_polib_message_is_parsed_for_the_line():
    err = OSError("Syntax error in po file /x/a.po(line 6): unescaped double quote found")
    assert _polib_error_line(err) == (6, "error", "syntax error: unescaped double quote found")
    assert _polib_error_line(OSError("Syntax error in po file a.po(line 3)")) == (3, "error", "syntax error")


@pytest.mark.parametrize("text, line, message", [
    ('msgid "a"\nmsgstr "b"\nfoo bar\n', 3, "syntax error: unexpected 'foo'"),
    ('msgid "a"\n\nmsgid "b"\nmsgstr "c"\n', 1, "syntax error: msgid without msgstr"),
    ('msgid "a"\nmsgstr "b" x\n', 2, "unexpected text after the closing quote"),
    ('msgid "a\\q"\nmsgstr "b"\n', 1, "invalid escape sequence \\q"),
    ('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\n', 2, "msgid_plural: plural forms are not used"),
    (HEADER + 'msgid "a"\nmsgstr "b"\n\nmsgid ""\nmsgstr "c"\n', 8, "msgid is empty"),
])
def test_broken_po_reports_line(tmp_path, text, line, message):
    path = tmp_path / "broken.po"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GlossaryError) as info:
        read_po(path)
    assert any(p.startswith(f"{path}:{line}: {message}") for p in info.value.problems), info.value.problems


def test_bom_is_an_error_with_line():
    path = DATA / "bom.po"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with pytest.raises(GlossaryError) as info:
        read_po(path)
    assert info.value.problems[0].startswith(f"{path}:1: file starts with a byte order mark")
    entries, _issues = parse_po(path)  # the rest of the file is still read, for the checker
    assert [e.term.ru for e in entries] == ["Якутск"]


def test_non_utf8_bytes_give_the_line_of_the_bad_byte(tmp_path):
    path = tmp_path / "latin1.po"
    path.write_bytes((HEADER + 'msgctxt "place"\nmsgid "Якутск"\nmsgstr "雅库茨克"\n\n').encode("utf-8")
                     + 'msgctxt "place"\nmsgid "Hérault"\n'.encode("latin-1") + 'msgstr "埃罗"\n'.encode("utf-8"))
    with pytest.raises(GlossaryError) as info:
        read_po(path)
    assert info.value.problems == [f"{path}:10: invalid UTF-8 byte 0xE9 at column 9; term files must be UTF-8"]


def test_other_charset_in_header_is_an_error(tmp_path):
    path = tmp_path / "cp.po"
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=CP1251\\n"\n\nmsgid "а"\nmsgstr "阿"\n',
                    encoding="utf-8")
    with pytest.raises(GlossaryError, match="charset CP1251"):
        read_po(path)


def test_missing_file_and_binary_garbage_do_not_crash(tmp_path):
    with pytest.raises(GlossaryError, match="cannot read file"):
        read_po(tmp_path / "nope.po")
    path = tmp_path / "binary.po"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(GlossaryError):
        read_po(path)


def _terms():
    return [
        Term(ru="Хэйхэ", zh="黑河", kind="place", zh_variants=("黑河市",), notes="Не склоняется.\nГород-побратим.",
             references=("heihe-delegation-2024.ru.txt:5", "zh2ru-idterms"), fuzzy=False),
        Term(ru="Северо-Восточный федеральный университет имени М. К. Аммосова", zh="阿莫索夫东北联邦大学",
             kind="organisation", ru_variants=("СВФУ",), fuzzy=True),
        Term(ru="Цзин Цюань", zh="景泉", kind="person", notes='Фамилия "Цзин".', fuzzy=True),
        Term(ru="Китай", zh="中国", kind="place", notes="Страна.", ru_derived=("китайский", "китаец")),
        Term(ru="Ысыах Туймаады", zh="图伊马达伊瑟阿赫节", kind="event", references=("a.txt:1", "b.txt:22")),
    ]


def test_write_then_read_keeps_every_field(tmp_path):
    path = tmp_path / "out.po"
    write_po(Glossary(terms=_terms()), path)
    text = path.read_text(encoding="utf-8")
    assert '"Content-Type: text/plain; charset=UTF-8\\n"' in text
    assert '"Language: zh\\n"' in text and "Project-Id-Version" in text
    assert 'msgid "Северо-Восточный федеральный университет имени М. К. Аммосова | СВФУ"' in text
    assert 'msgstr "黑河 | 黑河市"' in text
    assert "#. Страна.\n#. derived: китайский | китаец\n" in text
    assert read_po(path).terms == _terms()  # origin is not compared
    write_po(_terms(), path)  # a plain list of terms works too
    assert read_po(path).terms == _terms()


def test_write_is_atomic_and_leaves_no_temp_files(tmp_path, monkeypatch):
    path = tmp_path / "g.po"
    write_po(_terms(), path)
    before = path.read_bytes()
    assert sorted(os.listdir(tmp_path)) == ["g.po"]

    def boom(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(WorkbenchError, match="g.po: cannot write: disk full"):
        write_po(_terms()[:1], path)
    assert path.read_bytes() == before  # the old file is untouched
    assert sorted(os.listdir(tmp_path)) == ["g.po"]  # and the temporary file is gone


def test_write_keeps_file_mode(tmp_path):
    path = tmp_path / "g.po"
    path.write_text("", encoding="utf-8")
    os.chmod(path, 0o640)
    write_po(_terms(), path)
    assert (path.stat().st_mode & 0o777) == 0o640
