"""The glossary checker, the loader and the ``workbench glossary`` command."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.errors import GlossaryError
from workbench.glossary.check import Problem, check_paths
from workbench.glossary.loader import GLOSSARY_DIR_ENV, default_glossary_paths, load_glossaries

DATA = Path(__file__).resolve().parents[1] / "data" / "glossary"
ROOT = Path(__file__).resolve().parents[2]
GLOSSARIES = ROOT / "glossaries"


def _strs(problems):
    return [str(p) for p in problems]


def test_problem_str():
    assert str(Problem("a.po", 7, "error", "msgstr is empty")) == "a.po:7: msgstr is empty"
    assert str(Problem("a.po", 7, "warning", "doubled spaces")) == "a.po:7: warning: doubled spaces"


def test_good_file_has_no_problems():
    assert check_paths([DATA / "good.po"]) == []
    assert check_paths([DATA / "good.tsv"]) == []


def test_empty_msgstr():
    path = DATA / "empty_msgstr.po"
    assert _strs(check_paths([path])) == [f'{path}:12: msgstr is empty for "Хэйхэ"']


def test_duplicate_entry_is_an_error():
    path = DATA / "duplicate.po"
    (problem,) = check_paths([path])
    assert problem.severity == "error"
    assert str(problem) == f'{path}:16: duplicate entry: "хэйхэ" → 黑河 is already at {path}:8'


def test_conflict_across_two_files_names_both_locations():
    folder = DATA / "conflict"
    problems = check_paths([folder])
    assert _strs(problems) == [
        f'{folder / "b.po"}:12: "Хэйхэ" translated 黑河 here but 黑龙 at {folder / "a.po"}:12'
    ]


def test_conflict_is_found_by_lemma(tmp_path):
    path = tmp_path / "lemma.po"
    path.write_text('msgctxt "organisation"\nmsgid "Якутская городская дума"\nmsgstr "雅库茨克市杜马"\n\n'
                    'msgctxt "organisation"\nmsgid "Якутской городской думы"\nmsgstr "雅库茨克杜马"\n', encoding="utf-8")
    (problem,) = check_paths([path])
    assert problem.is_error and problem.line == 6 and "same lemmas" in problem.message


def test_same_chinese_for_two_russian_terms_is_a_warning(tmp_path):
    path = tmp_path / "zh.po"
    path.write_text('msgctxt "title"\nmsgid "мэр"\nmsgstr "市长"\n\n'
                    'msgctxt "title"\nmsgid "глава города"\nmsgstr "市长"\n', encoding="utf-8")
    (problem,) = check_paths([path])
    assert problem.severity == "warning" and problem.line == 6
    assert str(problem) == f'{path}:6: warning: "市长" is also the Chinese for "мэр" at {path}:2 (here for "глава города")'


def test_derived_words_are_checked(tmp_path):
    path = tmp_path / "derived.po"
    path.write_text('#. Страна.\n#. derived: китайский | китайских | хэйхэский | китайский язык | китай\n'
                    'msgctxt "place"\nmsgid "Китай"\nmsgstr "中国"\n', encoding="utf-8")
    problems = [(p.severity, p.line, p.message) for p in check_paths([path])]
    assert problems == [
        ("error", 4, 'derived word "китайских" of "Китай" must be an adjective or a noun in its dictionary form '
                     "(masculine, nominative singular)"),
        ("warning", 4, 'derived word "хэйхэский" of "Китай" is not in the Russian dictionary (pymorphy3)'),
        ("error", 4, 'derived word "китайский язык" of "Китай" must be one word'),
        ("warning", 4, 'derived word "китай" repeats the term "Китай"'),
    ]


def test_wrong_script():
    path = DATA / "wrong_script.po"
    problems = check_paths([path])
    errors = [str(p) for p in problems if p.is_error]
    warnings = [str(p) for p in problems if not p.is_error]
    assert errors == [
        f'{path}:8: Chinese characters in the Russian term "黑河" (msgid)',
        f'{path}:8: Cyrillic letters in the Chinese term "Хэйхэ" (msgstr)',
        f'{path}:8: the Chinese term "Хэйхэ" (msgstr) has no Chinese characters',
        f'{path}:12: "Якутcк" mixes Cyrillic and Latin letters (look-alike characters?) in msgid "Якутcк"',
    ]
    # «IT-Куб» passes: a short capitalised abbreviation; "Yakutsk Times" is only a warning
    assert warnings == [f'{path}:20: warning: the Russian term "Yakutsk Times" (msgid) has no Cyrillic letters']


def test_unknown_and_missing_kind():
    path = DATA / "unknown_kind.po"
    problems = check_paths([path])
    assert [(p.line, p.severity) for p in problems] == [(8, "error"), (11, "warning")]
    assert problems[0].message.startswith('unknown kind "persn" for "Евгений Григорьев"; expected one of: person')
    assert problems[1].message == 'no kind (msgctxt) for "Якутск"; assuming "other"'


def test_whitespace_warnings():
    path = DATA / "whitespace.po"
    problems = check_paths([path])
    assert all(p.severity == "warning" for p in problems)
    assert [p.line for p in problems] == [8, 12, 16]


def test_file_problems_are_reported_with_every_other_problem(tmp_path):
    shutil.copy(DATA / "bom.po", tmp_path / "a.po")
    shutil.copy(DATA / "syntax_error.po", tmp_path / "b.po")
    shutil.copy(DATA / "empty_msgstr.po", tmp_path / "c.po")
    (tmp_path / "d.po").write_bytes(b'msgid "\xff"\nmsgstr "x"\n')
    problems = _strs(check_paths([tmp_path]))
    assert f"{tmp_path / 'a.po'}:1: file starts with a byte order mark (BOM); save it as UTF-8 without BOM" in problems
    assert f'{tmp_path / "b.po"}:12: unterminated string (missing closing ") after msgid' in problems
    assert f'{tmp_path / "c.po"}:12: msgstr is empty for "Хэйхэ"' in problems
    assert f"{tmp_path / 'd.po'}:1: invalid UTF-8 byte 0xFF at column 8; term files must be UTF-8" in problems
    # Якутск → 雅库茨克 in a.po and c.po: a duplicate across files
    assert f'{tmp_path / "c.po"}:8: duplicate entry: "Якутск" → 雅库茨克 is already at {tmp_path / "a.po"}:8' in problems


def test_missing_path():
    assert _strs(check_paths(["/nonexistent/x.po"])) == ["/nonexistent/x.po: no such file or directory"]


def test_shipped_glossary_has_no_errors_and_enough_entries():
    problems = check_paths([GLOSSARIES])
    assert [str(p) for p in problems if p.is_error] == []
    glossary = load_glossaries([GLOSSARIES])
    assert len(glossary) >= 45
    kinds = {t.kind for t in glossary}
    assert {"person", "organisation", "place", "title", "event"} <= kinds
    by_ru = {t.ru: t for t in glossary}
    assert by_ru["Хэйхэ"].zh_forms == ("黑河", "黑河市")
    assert by_ru["Якутск"].zh == "雅库茨克"
    assert by_ru["Цзин Цюань"].fuzzy
    assert "КНР" in by_ru["Китайская Народная Республика"].ru_variants
    assert all(t.references or t.notes for t in glossary)


def test_loader_refuses_a_broken_glossary():
    with pytest.raises(GlossaryError) as info:
        load_glossaries([DATA / "conflict"])
    assert len(info.value.problems) == 1 and "translated 黑河 here but 黑龙" in info.value.problems[0]
    with pytest.raises(GlossaryError):
        load_glossaries([DATA / "bom.po"])
    glossary = load_glossaries([DATA / "good.po"])
    assert len(glossary) == 2 and glossary.sources == [str(DATA / "good.po")]


def test_loader_reads_folders_recursively_and_tsv_files(tmp_path):
    (tmp_path / "sub").mkdir()
    shutil.copy(DATA / "conflict" / "a.po", tmp_path / "sub" / "z.po")
    (tmp_path / "sub" / "z.po").write_text((DATA / "conflict" / "a.po").read_text(encoding="utf-8")
                                           .replace("黑龙", "黑河"), encoding="utf-8")
    shutil.copy(DATA / "good.tsv", tmp_path / "extra.tsv")  # not picked up from a folder
    glossary = load_glossaries([tmp_path])
    assert [t.ru for t in glossary] == ["Якутск", "Хэйхэ"]
    tsv_only = load_glossaries([tmp_path / "extra.tsv"])
    assert [t.ru for t in tsv_only] == ["Хэйхэ", "КНР"]


def test_default_glossary_paths(tmp_path, monkeypatch):
    monkeypatch.setenv(GLOSSARY_DIR_ENV, str(tmp_path / "mine"))
    assert default_glossary_paths(tmp_path) == [tmp_path / "mine"]
    monkeypatch.delenv(GLOSSARY_DIR_ENV)
    (tmp_path / "glossaries").mkdir()
    assert default_glossary_paths(tmp_path) == [tmp_path / "glossaries"]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert default_glossary_paths(elsewhere) == [GLOSSARIES]  # next to the package source


# --------------------------------------------------------------------------- CLI


def test_cli_check_exit_codes_and_summary(capsys):
    assert main(["glossary", "check", str(GLOSSARIES)]) == 0
    out, err = capsys.readouterr()
    assert out == "" and err.strip() == "0 errors, 0 warnings in 1 file"

    assert main(["glossary", "check", str(DATA / "empty_msgstr.po"), str(DATA / "unknown_kind.po")]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f'{DATA / "empty_msgstr.po"}:12: msgstr is empty for "Хэйхэ"',
        f'{DATA / "unknown_kind.po"}:8: unknown kind "persn" for "Евгений Григорьев"; expected one of: '
        "person, organisation, place, title, event, other",
        f'{DATA / "unknown_kind.po"}:11: warning: no kind (msgctxt) for "Якутск"; assuming "other"',
        f'{DATA / "unknown_kind.po"}:11: duplicate entry: "Якутск" → 雅库茨克 is already at {DATA / "empty_msgstr.po"}:8',
    ]
    assert err.strip() == "3 errors, 1 warning in 2 files"

    assert main(["glossary", "check", str(DATA / "whitespace.po")]) == 0  # warnings only
    capsys.readouterr()


def test_cli_export_and_import(tmp_path, capsys):
    tsv = tmp_path / "terms.tsv"
    assert main(["glossary", "export", str(GLOSSARIES), "--format", "tsv", "--output", str(tsv)]) == 0
    po = tmp_path / "terms.po"
    assert main(["glossary", "import", str(tsv), "--output", str(po)]) == 0
    assert main(["glossary", "check", str(po)]) == 0
    capsys.readouterr()
    assert load_glossaries([po]).terms == load_glossaries([GLOSSARIES]).terms

    assert main(["glossary", "export", str(DATA / "good.po"), "--output", "-"]) == 0
    out, _ = capsys.readouterr()
    assert out.splitlines()[0].split("\t") == ["ru", "zh", "kind", "ru_variants", "zh_variants", "ru_derived", "notes",
                                              "references", "fuzzy"]
    assert len(out.splitlines()) == 3


def test_cli_refuses_broken_input_with_one_line_error(tmp_path, capsys):
    assert main(["glossary", "import", str(DATA / "bad_columns.tsv"), "--output", str(tmp_path / "x.po")]) == 1
    _, err = capsys.readouterr()
    assert err.startswith("workbench glossary: error: glossary error: ")
    assert 'unknown column(s) "colour", "weight"' in err
    assert not (tmp_path / "x.po").exists()
    assert main(["glossary", "export", str(DATA / "syntax_error.po"), "-o", "-"]) == 1
    assert main(["glossary", "import", str(tmp_path / "missing.tsv"), "-o", str(tmp_path / "y.po")]) == 1
    capsys.readouterr()
