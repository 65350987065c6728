"""PO catalogues from other tools go back as they came: ids, contexts, plurals, flags, notes, header.

The corpus is real catalogues (Django's, polib's test files: see
``tests/data/interop/README.md``), imported into the store, translated or not,
and exported; :mod:`catalog_diff` compares the structure of the two files.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from workbench.errors import DocumentError, InputError
from workbench.formats import import_document, render_document, store_document
from workbench.formats.po import STATUS_FLAGS, parse
from workbench.store import Store

from catalog_diff import diff, po_structure

DATA = Path(__file__).parent.parent / "data" / "interop"
CORPUS = sorted((DATA / "po").glob("*.po"))
EDGE = DATA / "edge"


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "po.db") as opened:
        yield opened


def _languages(path: Path) -> dict:
    """Django's and polib's catalogues translate English (or French…): the user names the languages."""
    return {"source_lang": "zh", "target_lang": "ru"} if ".ru." in path.name else {"source_lang": "ru",
                                                                                   "target_lang": "zh"}


def _structure(data: bytes, translations: bool = True) -> dict:
    return po_structure(parse(data, "x.po")[0], translations)


def test_the_corpus_is_real_and_sizeable():
    assert len(CORPUS) >= 20
    plural = sum(1 for path in CORPUS for entry in polib.pofile(str(path)) if entry.msgid_plural)
    assert plural >= 40


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_import_then_export_gives_the_catalogue_back_unchanged(store, path):
    if path.name == "polib-fuzzy_header.po":
        with pytest.raises(DocumentError, match=r"polib-fuzzy_header\.po: no entries to translate"):
            import_document(path, **_languages(path))
        return
    document = import_document(path, **_languages(path))
    exported = render_document(store, store_document(store, document), "po")
    before, after = _structure(path.read_bytes()), _structure(exported)
    if path.name == "polib-iso-8859-15.po":  # said at import: written back as UTF-8
        assert any("read as ISO_8859-15" in notice for notice in document.notices)
        before["metadata"] = [(k, v.replace("ISO_8859-15", "UTF-8")) for k, v in before["metadata"]]
    assert diff(before, after) == []


@pytest.mark.parametrize("name", ["django-humanize.ru.po", "django-admin.zh_Hans.po", "polib-previous_msgid.po",
                                  "polib-msgctxt.po"])
def test_translating_changes_only_the_translations(store, name):
    path = DATA / "po" / name
    doc_id = store_document(store, import_document(path, **_languages(path)))
    for number, row in enumerate(store.segments(doc_id)):
        store.save_segment(row.id, f"译文{number}", "approved" if number % 2 else "translated", row.version, "li")
    exported = render_document(store, doc_id, "po")
    before, after = _structure(path.read_bytes(), False), _structure(exported, False)
    for entry in before["entries"] + after["entries"]:
        entry["flags"] = [flag for flag in entry["flags"] if flag not in STATUS_FLAGS]
    assert diff(before, after) == []
    translated = [e for e in parse(exported, "x.po")[0] if not e.obsolete and e.msgid]
    assert all(e.msgstr.startswith("译文") or all(v.startswith("译文") for v in e.msgstr_plural.values())
               for e in translated)


def test_plural_entries_are_translated_form_by_form(store):
    path = DATA / "po" / "django-humanize.ru.po"  # Plural-Forms: nplurals=4
    doc_id = store_document(store, import_document(path, source_lang="zh", target_lang="ru"))
    rows = store.segments(doc_id)
    million = [r for r in rows if r.source == "%(value)s million"]
    assert [r.extra["form"] for r in million] == [0, 1, 2, 3]
    assert [r.target for r in million] == ["%(value)s миллион", "%(value)s миллиона", "%(value)s миллионов",
                                           "%(value)s миллионов"]
    store.save_segment(million[3].id, "%(value)s миллиона", "approved", million[3].version, "li")
    [entry] = [e for e in parse(render_document(store, doc_id, "po"), "x.po")[0]
               if e.msgid == "%(value)s million"]
    assert entry.msgstr_plural == {0: "%(value)s миллион", 1: "%(value)s миллиона", 2: "%(value)s миллионов",
                                   3: "%(value)s миллиона"}
    assert "python-format" in entry.flags


def test_each_form_shows_the_msgid_it_translates(store):
    path = DATA / "po" / "django-admin.ru.po"
    doc_id = store_document(store, import_document(path, source_lang="zh", target_lang="ru"))
    entry = next(e for e in polib.pofile(str(path)) if e.msgid_plural and e.msgid != e.msgid_plural)
    rows = [r for r in store.segments(doc_id) if r.source in (entry.msgid, entry.msgid_plural)]
    assert [(r.source, r.extra["form"]) for r in rows][:4] == [
        (entry.msgid, 0), (entry.msgid_plural, 1), (entry.msgid_plural, 2), (entry.msgid_plural, 3)]


def test_a_chinese_catalogue_with_one_form_shows_the_plural_msgid(store):
    path = DATA / "po" / "django-humanize.zh_Hans.po"  # nplurals=1
    document = import_document(path, source_lang="ru", target_lang="zh")
    rows = store.segments(store_document(store, document))
    assert [(r.source, r.target, r.extra["form"]) for r in rows if "million" in r.source] == [
        ("%(value)s million", "%(value)s 百万", 0)]


def test_our_own_export_still_groups_paragraphs(store, tmp_path):
    path = tmp_path / "release.txt"
    path.write_text("Делегация прибыла. Её встретили.\n\nВизит продлится три дня.\n", encoding="utf-8")
    doc_id = store_document(store, import_document(path))
    again = import_document(render_document(store, doc_id, "po"), "release.po")
    assert again.paragraphs == [["Делегация прибыла.", "Её встретили."], ["Визит продлится три дня."]]
    copy = store_document(store, again)
    assert render_document(store, copy, "po") .count(b'msgctxt "p0s1"') == 1


def test_a_windows_1251_catalogue_is_read_by_its_header_and_exported_as_utf8(store):
    document = import_document(EDGE / "windows-1251.po")
    assert document.paragraphs == [["Делегация города Хэйхэ прибыла в Якутск."], ["Визит продлится три дня."]]
    assert (document.source_lang, document.target_lang) == ("ru", "zh")
    assert document.notices == [f"{EDGE / 'windows-1251.po'}: read as windows-1251 (the charset its header "
                                "declares); exported as UTF-8, with the header's charset changed to match"]
    exported = render_document(store, store_document(store, document), "po")
    catalog = polib.pofile(exported.decode("utf-8"))
    assert catalog.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert catalog.metadata["Language-Team"] == "Heihe press office"
    assert catalog[0].comment == "Заголовок" and catalog[0].occurrences == [("release.txt", "1")]
    assert import_document(EDGE / "koi8-r.po").paragraphs == document.paragraphs


def test_a_vertical_tab_is_accepted_as_msgfmt_and_polib_do(store):
    document = import_document(EDGE / "vertical-tab.po")
    assert document.paragraphs == [["Делегация города Хэйхэ прибыла в Якутск."]]
    assert document.targets == [("黑河市代表团\x0b抵达雅库茨克。", "translated")]
    [entry] = parse(render_document(store, store_document(store, document), "po"), "x.po")[0]
    assert entry.msgid == "Делегация города Хэйхэ\x0bприбыла в Якутск."


def test_a_vertical_tab_cannot_go_to_xml_and_the_error_says_which_segment(store, tmp_path):
    import docx

    from workbench.memory import export_tmx

    doc_id = store_document(store, import_document(EDGE / "vertical-tab.po"))
    [row] = store.segments(doc_id)
    store.set_status(row.id, "approved", row.version, "li")
    for fmt in ("xliff", "tmx"):
        with pytest.raises(DocumentError, match=rf"document {doc_id}, segment 1: the control character U\+000B "
                                                r"cannot be written in XML; export this document as PO"):
            render_document(store, doc_id, fmt)
    with pytest.raises(DocumentError, match=r"memory entry 'Делегация города Хэйхэ прибыла в Якутск.': the control"):
        export_tmx(store, tmp_path / "memory.tmx")
    # in Word a vertical tab is a manual line break
    (tmp_path / "out.docx").write_bytes(render_document(store, doc_id, "docx"))
    assert docx.Document(str(tmp_path / "out.docx")).paragraphs[0].text == "黑河市代表团\n抵达雅库茨克。"


@pytest.mark.parametrize("name, message", [
    ("bad-charset.po", r"bad-charset\.po:6: unknown charset 'x-klingon' in the Content-Type header$"),
    ("undeclared-1251.po", r"undeclared-1251\.po:16: not valid UTF-8 \(byte 0xC2\)"),
])
def test_encoding_refusals_name_the_file_and_line(name, message):
    with pytest.raises(InputError, match=message):
        import_document(EDGE / name)


def test_bytes_not_in_the_declared_charset_name_the_line(tmp_path):
    path = tmp_path / "shift.po"
    path.write_bytes(b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=Shift_JIS\\n"\n\n'
                     b'msgid "\x81"\nmsgstr ""\n')
    with pytest.raises(InputError, match=r"shift\.po:5: not valid Shift_JIS \(byte 0x81\), the charset its "
                                         r"header declares on line 3"):
        import_document(path)


def test_a_declared_language_that_is_not_the_translations_script_is_refused(tmp_path):
    path = tmp_path / "swapped.po"
    path.write_text('msgid ""\nmsgstr ""\n"Language: ru\\n"\n\nmsgid "Делегация прибыла."\nmsgstr "代表团抵达。"\n',
                    encoding="utf-8")
    with pytest.raises(InputError, match=r"swapped\.po: the file declares Language: ru but its translations "
                                         r"are Chinese"):
        import_document(path)


def test_languages_given_win_and_the_import_says_so(store):
    path = DATA / "po" / "django-auth.zh_Hans.po"
    with pytest.raises(InputError, match=r"django-auth\.zh_Hans\.po: cannot tell the language"):
        import_document(path)
    document = import_document(path, source_lang="ru", target_lang="zh")
    assert (document.source_lang, document.target_lang) == ("ru", "zh")
    assert document.notices == [f"{path}: imported as ru→zh as given (--from/--to), although its sources have no "
                                "Russian or Chinese text (another language?); the file's own declarations are "
                                "written back unchanged"]
    catalog = parse(render_document(store, store_document(store, document), "po"), "x.po")[0]
    assert catalog.metadata["Language"] == "zh_CN"


def test_a_new_translation_keeps_the_newlines_its_msgid_has(store):
    doc_id = store_document(store, import_document(EDGE / "newlines.po"))
    first, second = store.segments(doc_id)
    assert first.source == "Делегация города Хэйхэ прибыла в Якутск."
    store.save_segment(first.id, "黑河市代表团抵达雅库茨克。", "approved", first.version, "li")
    store.save_segment(second.id, "访问将持续%(days)s天。", "translated", second.version, "li")
    entries = parse(render_document(store, doc_id, "po"), "x.po")[0]
    assert [e.msgstr for e in entries] == ["\n黑河市代表团抵达雅库茨克。\n", "访问将持续%(days)s天。"]


MSGFMT = shutil.which("msgfmt")


@pytest.mark.skipif(MSGFMT is None, reason="gettext's msgfmt is not installed")
@pytest.mark.parametrize("path", [p for p in CORPUS if p.name.startswith("django")] + [EDGE / "newlines.po"],
                         ids=lambda p: p.name)
def test_msgfmt_checks_the_exported_catalogue(store, tmp_path, path):
    doc_id = store_document(store, import_document(path, **_languages(path)))
    if path.parent == EDGE:
        for row in store.segments(doc_id):
            store.save_segment(row.id, row.source.replace("Делегация", "代表团"), "approved", row.version, "li")
    out = tmp_path / "out.po"
    out.write_bytes(render_document(store, doc_id, "po"))
    checked = subprocess.run([MSGFMT, "-c", "-o", str(tmp_path / "out.mo"), str(out)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
