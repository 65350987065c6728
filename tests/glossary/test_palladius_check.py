"""``glossary check`` warns about a person/place spelt otherwise than Palladius."""

from __future__ import annotations

from pathlib import Path

from workbench.glossary.check import check_paths

ROOT = Path(__file__).resolve().parents[2]

PO = '''msgctxt "place"
msgid "Хэйхе"
msgstr "黑河"

#. palladius: established spelling
msgctxt "place"
msgid "Айхой"
msgstr "爱辉"

msgctxt "person"
msgid "Чень Сяоцзе"
msgstr "陈晓洁"

msgctxt "place"
msgid "Москва"
msgstr "莫斯科"

msgctxt "place"
msgid "Харбин"
msgstr "哈尔滨"

msgctxt "person"
msgid "Цзин Цюань"
msgstr "景泉"

msgctxt "other"
msgid "Хунхеგу"
msgstr "红河谷"
'''


def test_palladius_warnings(tmp_path):
    path = tmp_path / "names.po"
    path.write_text(PO.replace("Хунхеგу", "Хунхегу"), encoding="utf-8")
    found = [str(p) for p in check_paths([path]) if "Palladius" in p.message]
    assert found == [
        f"{path}:2: warning: «Хэйхе» differs from the Palladius transcription of 黑河: «Хэйхэ»",
        f"{path}:11: warning: «Чень Сяоцзе» differs from the Palladius transcription of 陈晓洁: «Чэнь Сяоцзе»",
    ]


def test_shipped_glossaries_have_no_palladius_warnings():
    problems = check_paths([ROOT / "glossaries"])
    assert [str(p) for p in problems if "Palladius" in p.message] == []
