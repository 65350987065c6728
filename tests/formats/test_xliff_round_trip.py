"""XLIFF 1.x files from other tools go back as they came: ids, groups, context groups, notes, alt-trans."""

from __future__ import annotations

from pathlib import Path

import pytest
from catalog_diff import lines_diff, xliff_structure
from lxml import etree

from workbench.errors import DocumentError
from workbench.formats import import_document, render_document, store_document
from workbench.store import Store

XLIFF = Path(__file__).parent.parent / "data" / "interop" / "xliff"
OWN_STYLE = sorted(XLIFF.glob("*-style*.xlf"))
NS12 = "{urn:oasis:names:tc:xliff:document:1.2}"


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "xliff.db") as opened:
        yield opened


@pytest.mark.parametrize("path", OWN_STYLE, ids=lambda p: p.name)
def test_import_then_export_gives_the_file_back_unchanged(store, path):
    exported = render_document(store, store_document(store, import_document(path)), "xliff")
    assert lines_diff(xliff_structure(path.read_bytes()), xliff_structure(exported)) == []


@pytest.mark.parametrize("path", OWN_STYLE, ids=lambda p: p.name)
def test_translating_changes_only_the_targets(store, path):
    doc_id = store_document(store, import_document(path))
    for number, row in enumerate(store.segments(doc_id)):
        if row.status != "skip":
            store.save_segment(row.id, f"译文 {number}", "approved", row.version, "li")
    exported = render_document(store, doc_id, "xliff")
    assert lines_diff(xliff_structure(path.read_bytes(), False), xliff_structure(exported, False)) == []
    assert b"\xe8\xaf\x91\xe6\x96\x87 0" in exported  # 译文 0


def test_angular_ids_and_contexts_survive_a_translation(store):
    doc_id = store_document(store, import_document(XLIFF / "angular-style.ru.xlf"))
    rows = store.segments(doc_id)
    assert [row.extra["id"] for row in rows] == ["developing", "greeting", "8f4ab3c9e1d2"]
    store.save_segment(rows[2].id, "黑河市代表团抵达雅库茨克。", "translated", 1, "li")
    root = etree.fromstring(render_document(store, doc_id, "xliff"))
    units = {unit.get("id"): unit for unit in root.iter(f"{NS12}trans-unit")}
    assert list(units) == ["developing", "greeting", "8f4ab3c9e1d2"]
    new = units["8f4ab3c9e1d2"]
    assert [child.tag.split("}")[1] for child in new] == ["source", "target", "context-group"]
    assert (new.findtext(f"{NS12}target"), new.find(f"{NS12}target").get("state")) == (
        "黑河市代表团抵达雅库茨克。", "translated")
    assert units["greeting"].find(f"{NS12}source")[0].get("equiv-text") == "{{ name }}"


def test_inline_codes_are_kept_until_the_target_is_edited_and_the_import_says_so(store):
    path = XLIFF / "okapi-style.zh.xlf"
    document = import_document(path)
    assert document.notices == [f"{path}: 1 trans-units have inline codes (<g>, <x/>, <ph>…), shown as plain text: "
                                "a target edited here is written back as plain text (unchanged ones as they were)"]
    doc_id = store_document(store, document)
    kept = render_document(store, doc_id, "xliff")
    assert b'<g id="1" ctype="bold">\xd1\x82\xd1\x80\xd0\xb8 \xd0\xb4\xd0\xbd\xd1\x8f</g>' in kept  # три дня
    row = store.segments(doc_id)[1]
    store.save_segment(row.id, "Визит продлится три дня.", "approved", row.version, "li")  # same text
    unit = [u for u in etree.fromstring(render_document(store, doc_id, "xliff")).iter(f"{NS12}trans-unit")][1]
    target = unit.find(f"{NS12}target")
    assert (len(target[0]), target.get("state"), unit.get("approved")) == (1, "final", "yes")
    store.save_segment(row.id, "Визит продлится три полных дня.", "approved", row.version + 1, "li")
    unit = [u for u in etree.fromstring(render_document(store, doc_id, "xliff")).iter(f"{NS12}trans-unit")][1]
    target = unit.find(f"{NS12}target")
    assert [(m.tag, m.get("mtype"), m.text, len(m)) for m in target] == [
        (f"{NS12}mrk", "seg", "Визит продлится три полных дня.", 0)]
    assert unit.find(f"{NS12}seg-source") is not None and unit.find(f"{NS12}note").text == "Число дней уточнить"


def test_languages_given_win_over_a_mislabelled_file_and_the_import_says_so(tmp_path):
    path = tmp_path / "labelled-en.xlf"
    path.write_text((XLIFF / "angular-style.ru.xlf").read_text(encoding="utf-8").replace(
        'source-language="ru"', 'source-language="en"'), encoding="utf-8")
    with pytest.raises(DocumentError, match=r"labelled-en\.xlf:3: unsupported source-language 'en'"):
        import_document(path)
    document = import_document(path, source_lang="ru", target_lang="zh")
    assert document.notices[0] == (f"{path}: imported as ru→zh as given (--from/--to), although the file declares "
                                   "source-language=\"en\"; the file's own declarations are written back unchanged")


def test_xliff_2_without_its_namespace_is_a_clear_line():
    path = XLIFF / "wagtail-xliff_translated-zgpage.xliff"
    with pytest.raises(DocumentError, match=r"zgpage\.xliff:4: declares XLIFF version 2\.0 but its elements are in "
                                            r"no namespace"):
        import_document(path)


def test_the_cli_prints_what_the_import_says(tmp_path, capsys, monkeypatch):
    from workbench.cli import main

    monkeypatch.setenv("WORKBENCH_DB", str(tmp_path / "cli.db"))
    assert main(["import", str(XLIFF / "okapi-style.zh.xlf")]) == 0
    assert "1 trans-units have inline codes" in capsys.readouterr().err


NS20 = "{urn:oasis:names:tc:xliff:document:2.0}"
WAGTAIL = sorted(p for p in XLIFF.glob("wagtail-*.xliff") if b'xmlns="urn:oasis' in p.read_bytes())


def test_xliff_2_units_are_paragraphs_and_segments_segments(store):
    document = import_document(XLIFF / "xliff20-style.zh.xlf")
    assert (document.name, document.source_lang, document.target_lang) == ("news/heihe.html", "zh", "ru")
    assert document.paragraphs == [["黑河市代表团抵达雅库茨克。", "访问将持续三天。"], ["双方签署了合作协议。"], ["新华社"]]
    assert document.targets == [("Делегация города Хэйхэ прибыла в Якутск.", "approved"),
                                ("Визит продлится три дня.", "draft"), None, ("", "skip")]
    assert [(e["id"], e["segment_id"]) for e in document.segment_extras] == [
        ("lead", "s1"), ("lead", "s2"), ("agreement", "s3"), ("agency", "")]


@pytest.mark.parametrize("path", [XLIFF / "xliff20-style.zh.xlf", *WAGTAIL], ids=lambda p: p.name)
def test_xliff_2_round_trips(store, path):
    given = {} if "style" in path.name else {"source_lang": "ru", "target_lang": "zh"}  # English sources
    doc_id = store_document(store, import_document(path, **given))
    unchanged = render_document(store, doc_id, "xliff")
    assert lines_diff(xliff_structure(path.read_bytes()), xliff_structure(unchanged)) == []
    for number, row in enumerate(store.segments(doc_id)):
        if row.status != "skip":
            store.save_segment(row.id, f"译文 {number}", "approved", row.version, "li")
    translated = render_document(store, doc_id, "xliff")
    assert lines_diff(xliff_structure(path.read_bytes(), False), xliff_structure(translated, False)) == []
    segments = [s for s in etree.fromstring(translated).iter(f"{NS20}segment") if s.find(f"{NS20}target") is not None
                and s.findtext(f"{NS20}target").startswith("译文")]
    assert segments and all(s.get("state") == "final" for s in segments)


def test_a_new_xliff_2_target_follows_its_source(store):
    doc_id = store_document(store, import_document(XLIFF / "xliff20-style.zh.xlf"))
    row = store.segments(doc_id)[2]
    store.save_segment(row.id, "Стороны подписали соглашение.", "translated", row.version, "li")
    text = render_document(store, doc_id, "xliff").decode("utf-8")
    assert ('<segment id="s3" state="translated">\n          <source>双方签署了合作协议。</source>\n'
            '          <target>Стороны подписали соглашение.</target>\n        </segment>') in text


def test_a_multi_file_xliff_is_one_document_per_file(store, tmp_path, capsys, monkeypatch):
    from workbench.cli import main
    from workbench.formats import import_documents

    path = XLIFF / "multi-file.ru.xlf"
    documents = import_documents(path)
    assert [(d.name, len(d)) for d in documents] == [("release.txt", 1), ("schedule.txt", 2)]
    assert documents[0].notices == [f"{path}: 2 <file> elements, imported as 2 documents; each exports as an "
                                    "XLIFF with its own <file>"]
    with pytest.raises(DocumentError, match=r"multi-file\.ru\.xlf: 2 documents in one file"):
        import_document(path)
    second = etree.fromstring(render_document(store, store_document(store, documents[1]), "xliff"))
    assert [f.get("original") for f in second.iter(f"{NS12}file")] == ["schedule.txt"]
    assert [u.get("id") for u in second.iter(f"{NS12}trans-unit")] == ["s1", "s2"]
    monkeypatch.setenv("WORKBENCH_DB", str(tmp_path / "cli.db"))
    assert main(["import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "imported 'release.txt' as document 1" in out and "imported 'schedule.txt' as document 2" in out


def test_a_utf16_xliff_is_exported_as_utf8_and_the_import_says_so(store, tmp_path):
    path = tmp_path / "omegat-utf16.xlf"
    text = (XLIFF / "omegat-style-1.1.ru.xlf").read_text(encoding="utf-8")
    path.write_bytes(text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"))
    document = import_document(path)
    assert document.notices == [f"{path}: read as UTF-16; exported as UTF-8 (its XML declaration says so)"]
    exported = render_document(store, store_document(store, document), "xliff")
    assert exported.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert lines_diff(xliff_structure(path.read_bytes()), xliff_structure(exported)) == []


@pytest.mark.parametrize("fmt", ["xliff", "po"])
def test_our_own_file_imported_back_gets_its_glossary_notes_anew(store, tmp_path, fmt):
    path = tmp_path / "release.txt"
    path.write_text("Делегация города Хэйхэ прибыла в Якутск.\n", encoding="utf-8")
    first = store_document(store, import_document(path))
    [row] = store.segments(first)
    terms = '[{"source": "Хэйхэ", "term": "Хэйхэ", "target": "黑河", "status": "present"}]'
    store.set_draft(row.id, "黑河市代表团抵达雅库茨克。", terms)
    exported = render_document(store, first, fmt)
    assert "Хэйхэ → 黑河 (present)" in exported.decode("utf-8")
    second = store_document(store, import_document(exported, f"release.{fmt}"))
    [row] = store.segments(second)
    store.set_draft(row.id, "代表团抵达雅库茨克。", terms.replace("present", "missing"))
    store.save_segment(row.id, "代表团抵达雅库茨克。", "translated", row.version, "li")
    again = render_document(store, second, fmt).decode("utf-8")
    assert "Хэйхэ → 黑河 (missing)" in again and "(present)" not in again


SDL = "{http://sdl.com/FileTypes/SdlXliff/1.0}"
TRADOS = XLIFF / "trados-style.ru.sdlxliff"


def test_sdlxliff_segments_and_states(store):
    document = import_document(TRADOS)
    assert document.paragraphs == [["Делегация города Хэйхэ прибыла в Якутск.", "Визит продлится три дня."],
                                   ["Стороны подписали соглашение о сотрудничестве."], ["Пресс-служба мэрии."],
                                   ["Визит продлится три дня."]]
    assert document.targets == [("黑河市代表团抵达雅库茨克。", "approved"), ("访问将持续三天。", "draft"), None,
                                ("市政府新闻处。", "skip"), None]
    assert [(e["unit"], e["mid"]) for e in document.segment_extras] == [(1, "1"), (1, "2"), (2, "3"), (3, "4"),
                                                                        (4, "5")]


def test_sdlxliff_round_trip_writes_each_segment_into_its_mrk(store):
    doc_id = store_document(store, import_document(TRADOS))
    assert lines_diff(xliff_structure(TRADOS.read_bytes()),
                      xliff_structure(render_document(store, doc_id, "xliff"))) == []
    rows = store.segments(doc_id)
    store.save_segment(rows[1].id, "访问将持续三天。", "approved", rows[1].version, "li")  # text as it was
    store.save_segment(rows[2].id, "双方签署了合作协议。", "translated", rows[2].version, "li")
    store.save_segment(rows[4].id, "访问将持续三天。", "translated", rows[4].version, "li")
    exported = render_document(store, doc_id, "xliff")
    assert lines_diff(xliff_structure(TRADOS.read_bytes(), False), xliff_structure(exported, False)) == []
    units = list(etree.fromstring(exported).iter(f"{NS12}trans-unit"))
    kept = units[1].find(f"{NS12}target")
    assert kept[1].get("mid") == "2" and kept[1][0].tag == f"{NS12}g"  # unchanged text: its tags stay
    assert [s.get("conf") for s in units[1].iter(f"{SDL}seg")] == ["ApprovedTranslation", "ApprovedTranslation"]
    assert units[2].find(f"{NS12}target")[0].text == "双方签署了合作协议。"
    assert units[2].find(f"{SDL}seg-defs")[0].get("conf") == "Translated"
    assert units[4].find(f"{NS12}target")[0].text == "访问将持续三天。"  # a target made as Trados makes it
    assert [(s.get("id"), s.get("conf")) for s in units[4].iter(f"{SDL}seg")] == [("5", "Translated")]


def test_a_unit_with_tags_only_is_kept_untranslated_and_the_import_says_so(store, tmp_path):
    path = tmp_path / "interpolation.xlf"
    path.write_text((XLIFF / "angular-style.ru.xlf").read_text(encoding="utf-8").replace(
        '<source>Сайт в разработке.</source>', '<source><x id="INTERPOLATION" equiv-text="{{ title }}"/></source>'),
        encoding="utf-8")
    document = import_document(path)
    assert len(document) == 2 and document.notices[0] == (
        f"{path}: 1 trans-units have no text (tags only): not translated here, written back as they are")
    exported = render_document(store, store_document(store, document), "xliff")
    assert lines_diff(xliff_structure(path.read_bytes()), xliff_structure(exported)) == []


def test_the_editor_shows_what_the_file_says_about_a_segment(store):
    from workbench.formats.context import SegmentContexts

    contexts = SegmentContexts(store)
    angular = store.segments(store_document(store, import_document(XLIFF / "angular-style.ru.xlf")))
    assert contexts.lines(angular[0]) == ["id: developing", "sourcefile: src/app/app.component.html",
                                          "linenumber: 7", "note (description): Заглушка на главной странице",
                                          "note (meaning): home.banner"]
    okapi = store.segments(store_document(store, import_document(XLIFF / "okapi-style.zh.xlf")))
    assert contexts.lines(okapi[0]) == ["id: NFDBB2FA9-tu1 (title)"]  # not the alt-trans's notes
    path = XLIFF.parent / "po" / "django-humanize.ru.po"
    rows = store.segments(store_document(store, import_document(path, source_lang="zh", target_lang="ru")))
    assert contexts.lines(rows[1]) == ["msgctxt: ordinal 11, 12, 13", "#. Translators: Ordinal format for 11 "
                                       "(11th), 12 (12th), and 13 (13th)."]
    forms = [contexts.lines(row)[0] for row in rows if row.source == "%(value)s million"]
    assert [line.split(" (plural=")[0] for line in forms] == [
        "msgstr[0] of 4 plural forms", "msgstr[1] of 4 plural forms", "msgstr[2] of 4 plural forms",
        "msgstr[3] of 4 plural forms"]
    txt = store.create_document("x.txt", "ru", "zh", [["Привет."]], ["", "\n"])
    assert contexts.lines(store.segments(txt)[0]) == []
