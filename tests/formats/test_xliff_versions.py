"""XLIFF versions we read (1.0, 1.1, 1.2, 2.0, 2.1, SDLXLIFF), the ones we refuse by name, mislabelled languages."""

from __future__ import annotations

import pytest

from workbench.errors import DocumentError, InputError, UnsupportedFormat
from workbench.formats import IMPORT_EXTENSIONS, import_document, store_document
from workbench.store import Store

UNIT = ('<file source-language="{src}" target-language="{tgt}" original="release.txt" datatype="plaintext"><body>\n'
        '<trans-unit id="1"><source>{source}</source><target state="final">{target}</target></trans-unit>\n'
        '<trans-unit id="2"><source>{source2}</source><target state="needs-translation">{source2}</target>'
        '</trans-unit>\n</body></file>')
RU, ZH = "Делегация города Хэйхэ прибыла в Якутск.", "黑河市代表团抵达雅库茨克。"
RU2 = "Визит продлится три дня."


def _xliff(tmp_path, name, root, src="ru", tgt="zh", source=RU, target=ZH, source2=RU2):
    path = tmp_path / name
    body = UNIT.format(src=src, tgt=tgt, source=source, target=target, source2=source2)
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n{root}\n{body}\n</xliff>\n', encoding="utf-8")
    return path


@pytest.mark.parametrize("root", [
    '<xliff version="1.0">',
    '<xliff version="1.1" xmlns="urn:oasis:names:tc:xliff:document:1.1">',
    '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">',
])
def test_xliff_1_0_to_1_2_are_read_alike(tmp_path, root):
    document = import_document(_xliff(tmp_path, "release.xlf", root))
    assert (document.source_lang, document.target_lang, document.name) == ("ru", "zh", "release.txt")
    assert document.paragraphs == [[RU], [RU2]]
    # a target that is a copy of its source, awaiting translation, is a draft of it
    assert document.targets == [(ZH, "approved"), (RU2, "draft")]


@pytest.mark.parametrize("name, root, message", [
    ("v22.xlf", '<xliff version="2.2" xmlns="urn:oasis:names:tc:xliff:document:2.2" srcLang="ru">',
     r"^.*v22\.xlf: XLIFF 2\.2 is not supported \(XLIFF 1\.0, 1\.1, 1\.2, 2\.0, 2\.1 and SDLXLIFF are\)$"),
    ("v30.xliff", '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="3.0">',
     r"v30\.xliff: XLIFF 3\.0 is not supported \(XLIFF 1\.0, 1\.1, 1\.2, 2\.0, 2\.1 and SDLXLIFF are\)$"),
])
def test_unsupported_xliff_is_refused_in_one_line_naming_the_file(tmp_path, name, root, message):
    with pytest.raises(UnsupportedFormat, match=message) as caught:
        import_document(_xliff(tmp_path, name, root))
    assert "\n" not in str(caught.value)


def test_the_extensions_listed_are_the_ones_imported(tmp_path):
    odd = tmp_path / "notes.rtf"
    odd.write_text("x", encoding="utf-8")
    with pytest.raises(UnsupportedFormat) as caught:
        import_document(odd)
    listed = str(caught.value).split("expected one of ")[1].split(" (")[0].split(", ")
    assert sorted(listed) == sorted(IMPORT_EXTENSIONS)
    assert ".tmx" not in listed and ".sdlxliff" in listed


def test_sdlxliff_without_segments_is_a_clear_line(tmp_path):
    root = ('<xliff xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0" '
            'xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">')
    with pytest.raises(DocumentError, match=r"trados\.sdlxliff:3: <file> has no segment with text "
                                            r"\(no <seg-source>\)"):
        import_document(_xliff(tmp_path, "trados.sdlxliff", root))


V12 = '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'


@pytest.mark.parametrize("src, tgt, source, target, message", [
    ("zh", "ru", "The delegation arrived in Yakutsk.", "Делегация прибыла в Якутск.",
     r'swapped\.xlf: the file declares source-language="zh" but its sources have no Russian or Chinese text'),
    ("zh", "ru", RU, ZH, r'swapped\.xlf: the file declares source-language="zh" but its sources are Russian'),
    ("ru", "zh", RU, "Делегация прибыла.",
     r'swapped\.xlf: the file declares target-language="zh" but its targets are Russian'),
])
def test_mislabelled_languages_are_refused_not_swapped(tmp_path, src, tgt, source, target, message):
    source2 = RU2 if src == "ru" or source == RU else "The visit will last three days."
    path = _xliff(tmp_path, "swapped.xlf", V12, src, tgt, source, target, source2)
    with pytest.raises(InputError, match=message + r".*pass --from/--to to import it as it is"):
        import_document(path)


def test_languages_given_by_the_user_win_over_a_mislabelled_file(tmp_path):
    path = _xliff(tmp_path, "swapped.xlf", V12, "zh", "ru", RU, ZH)
    document = import_document(path, source_lang="ru", target_lang="zh")
    assert (document.source_lang, document.target_lang) == ("ru", "zh")
    with Store(tmp_path / "x.db") as store:
        info = store.get_document(store_document(store, document, target_lang="zh"))
        assert (info.source_lang, info.target_lang, info.approved) == ("ru", "zh", 1)
