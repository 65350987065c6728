"""``workbench translate`` refusals that come before any model is loaded name the file they are about."""

from __future__ import annotations

import pytest

from workbench.cli import main

BAD_INPUTS = {
    "numbers.txt": ("2024 2025\n12 345,67\n", "ru", "cannot tell the language"),
    "punctuation.txt": ("!!! ... ??? —\n«» ()\n", "ru", "cannot tell the language"),
    "fullwidth.txt": ("ＡＢＣ１２３，黑河市。\n", "zh", "the text is already in 'zh'"),
    "traditional.txt": ("黑河市代表團抵達雅庫茨克。\n", "zh", "the text is already in 'zh'"),
}


@pytest.mark.parametrize("filename", sorted(BAD_INPUTS))
def test_the_four_bad_inputs_name_their_file(tmp_path, capsys, filename):
    text, target, message = BAD_INPUTS[filename]
    path = tmp_path / filename
    path.write_text(text, encoding="utf-8")
    assert main(["translate", str(path), "--to", target]) == 1
    assert capsys.readouterr().err.strip().startswith(f"workbench translate: error: {path}: {message}")


def test_with_several_inputs_only_the_chinese_ones_are_named(tmp_path, capsys):
    russian, chinese = tmp_path / "ru.txt", tmp_path / "zh.txt"
    russian.write_text("Хэйхэ.\n", encoding="utf-8")
    chinese.write_text("黑河市代表团抵达雅库茨克。黑河市。\n", encoding="utf-8")
    assert main(["translate", str(russian), str(chinese), "--to", "zh", "--output", str(tmp_path / "out")]) == 1
    assert f"error: {chinese}: the text is already in 'zh'" in capsys.readouterr().err


def test_terms_names_the_file_it_cannot_tell_the_language_of(tmp_path, capsys):
    path = tmp_path / "numbers.txt"
    path.write_text("2024 2025\n", encoding="utf-8")
    assert main(["terms", str(path)]) == 1
    assert f"error: {path}: cannot tell the language" in capsys.readouterr().err
