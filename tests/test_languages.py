"""Scripts and language detection."""

from __future__ import annotations

import pytest

from workbench.errors import InputError
from workbench.languages import (
    count_scripts,
    cyrillic_share,
    detect_language,
    han_share,
    is_cyrillic,
    is_han,
    script_of,
)


@pytest.mark.parametrize(
    "char, script",
    [
        ("Я", "cyrillic"),
        ("ё", "cyrillic"),
        ("Ԁ", "cyrillic"),  # U+0500, Cyrillic Supplement
        ("中", "han"),  # U+4E2D, CJK Unified Ideographs
        ("㐀", "han"),  # U+3400, Extension A
        ("豈", "han"),  # U+F900, Compatibility Ideographs
        ("𠀀", "han"),  # U+20000, Extension B
        ("〇", "han"),
        ("a", "latin"),
        ("é", "latin"),
        ("7", "digit"),
        (" ", "space"),
        ("\u3000", "space"),
        ("。", "other"),
        ("«", "other"),
        ("あ", "other"),  # Hiragana is not Han
    ],
)
def test_script_of(char, script):
    assert script_of(char) == script


def test_script_of_wants_one_character():
    with pytest.raises(ValueError):
        script_of("ab")


def test_is_helpers():
    assert is_han("黑") and not is_han("Х")
    assert is_cyrillic("Х") and not is_cyrillic("X")


def test_shares_count_letters_only():
    assert han_share("") == 0.0
    assert cyrillic_share("123 ...") == 0.0
    assert han_share("黑河 2024") == 1.0
    assert cyrillic_share("Хэйхэ, 2024!") == 1.0
    assert cyrillic_share("Хэйхэ Heihe") == pytest.approx(0.5)
    assert han_share("黑河Heihe") == pytest.approx(2 / 7)


def test_count_scripts():
    assert count_scripts("Хэйхэ 黑河 Heihe") == (5, 2)


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Евгений Григорьев встретился с делегацией города Хэйхэ КНР", "ru"),
        ("雅库茨克市长会见了黑河市代表团。", "zh"),
        ("黑河市代表团（Делегация города Хэйхэ）访问了雅库茨克市，会见了市长。", "zh"),
        ("Делегация Хэйхэ (黑河) прибыла в Якутск.", "ru"),
        ("Хэйхэ 黑河", "ru"),  # 5 Cyrillic against 2 × 2 Han
        ("Хэйхэ 黑河市", "zh"),  # 5 against 2 × 3
        ("ООО «Испытание автомобилей» IT-Куб 2024", "ru"),
    ],
)
def test_detect_language(text, lang):
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", ["", "   \n", "Hello, world! 2024", "<p>…</p>"])
def test_detect_language_refuses_without_cyrillic_or_han(text):
    with pytest.raises(InputError, match=r"cannot tell the language: no Cyrillic or Chinese text; pass --from"):
        detect_language(text)


def test_import_is_light():
    import subprocess
    import sys

    code = "import sys, workbench.languages, workbench.segment, workbench.textio; print('razdel' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_command_line_starts_without_the_heavy_libraries():
    """``workbench --help`` and every subcommand's parser load no torch, transformers, gradio, CTranslate2 or
    Ray: those are imported where a command uses them (a glossary check must not wait for torch)."""
    import subprocess
    import sys

    code = ("import sys, workbench.cli; workbench.cli.build_parser();"
            "print(sorted(m for m in ('torch', 'transformers', 'gradio', 'ctranslate2', 'ray') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
