"""Document formats: exports read back the same; bilingual formats keep statuses; clear errors."""

from __future__ import annotations

import io

import pytest

from workbench.errors import DocumentError, InputError
from workbench.formats import (detect_format, export_document, import_document, render_document,
                               store_document)
from workbench.store import Store

RELEASE = ("Делегация города Хэйхэ прибыла в Якутск. Её встретил глава города.\n\n"
           "Стороны подписали соглашение о сотрудничестве.\n"
           "Визит продлится три дня.\n")
TRANSLATIONS = ["黑河市代表团抵达雅库茨克。", "市长迎接了他们。", "双方签署了合作协议。", "访问将持续三天。"]


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "formats.db") as opened:
        yield opened


def _import_text(store, tmp_path, text=RELEASE, filename="release.txt"):
    path = tmp_path / filename
    path.write_text(text, encoding="utf-8")
    return store_document(store, import_document(path), user="importer")


def _review(store, doc_id):
    """Segment 0 drafted, 1 approved, 2 skipped, 3 translated."""
    a, b, c, d = store.segments(doc_id)
    store.set_draft(a.id, TRANSLATIONS[0], '[{"source": "Хэйхэ", "target": "黑河", "status": "present"}]')
    store.save_segment(b.id, TRANSLATIONS[1], "approved", 1, "li")
    store.set_status(c.id, "skip", 1, "wang")
    store.save_segment(d.id, TRANSLATIONS[3], "translated", 1, "wang")


def test_plain_text_import_and_export(store, tmp_path):
    doc_id = _import_text(store, tmp_path)
    info = store.get_document(doc_id)
    assert (info.name, info.source_lang, info.target_lang, info.total) == ("release.txt", "ru", "zh", 4)
    assert [r.source for r in store.segments(doc_id)][:2] == [
        "Делегация города Хэйхэ прибыла в Якутск.", "Её встретил глава города."]
    for row, text in zip(store.segments(doc_id), TRANSLATIONS):
        store.save_segment(row.id, text, "approved", 1, "li")
    out = tmp_path / "release.zh.txt"
    export_document(store, doc_id, "txt", out)
    assert out.read_text(encoding="utf-8") == (
        "黑河市代表团抵达雅库茨克。市长迎接了他们。\n\n双方签署了合作协议。\n访问将持续三天。\n")
    back = import_document(out)
    assert (back.source_lang, len(back.paragraphs), back.layout) == ("zh", 3, ["", "\n\n", "\n", "\n"])


def test_russian_not_for_translation_in_a_chinese_export_keeps_its_space(store, tmp_path):
    doc_id = _import_text(store, tmp_path)
    for row in store.segments(doc_id)[:2]:
        store.set_status(row.id, "skip", 1, "li")
    assert render_document(store, doc_id, "txt").decode().startswith(
        "Делегация города Хэйхэ прибыла в Якутск. Её встретил глава города.\n\n")


MARKDOWN = """# Визит делегации Хэйхэ

Делегация города Хэйхэ прибыла в Якутск. Её встретил
глава города.

- Стороны подписали соглашение.
- Визит продлится три дня.

```
не переводится
```
"""


def test_markdown_keeps_markers_out_of_the_model_and_puts_them_back(store, tmp_path):
    document = import_document(_write(tmp_path / "visit.md", MARKDOWN))
    assert document.paragraphs == [["Визит делегации Хэйхэ"],
                                   ["Делегация города Хэйхэ прибыла в Якутск.", "Её встретил глава города."],
                                   ["Стороны подписали соглашение."], ["Визит продлится три дня."]]
    assert document.layout == ["# ", "\n\n", "\n\n- ", "\n- ", "\n\n```\nне переводится\n```\n"]
    doc_id = store_document(store, document)
    for row, text in zip(store.segments(doc_id), ["黑河代表团访问", *TRANSLATIONS]):
        store.save_segment(row.id, text, "approved", 1, "li")
    exported = render_document(store, doc_id, "md").decode()
    assert exported == ("# 黑河代表团访问\n\n黑河市代表团抵达雅库茨克。市长迎接了他们。\n\n"
                        "- 双方签署了合作协议。\n- 访问将持续三天。\n\n```\nне переводится\n```\n")
    back = import_document(_write(tmp_path / "visit.zh.md", exported))
    assert back.source_lang == "zh" and len(back.paragraphs) == 4 and back.layout == document.layout


def test_chinese_markdown_joins_wrapped_lines_without_a_space():
    document = import_document("黑河市代表团\n抵达雅库茨克。\n".encode(), "news.md")
    assert document.paragraphs == [["黑河市代表团抵达雅库茨克。"]]


def _docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Визит делегации Хэйхэ", level=1)
    document.add_paragraph("Делегация города Хэйхэ прибыла в Якутск. Её встретил глава города.")
    document.add_paragraph("")
    document.add_paragraph("Стороны подписали соглашение.", style="List Bullet")
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "Визит продлится три дня."
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_paragraphs_styles_and_tables(store, tmp_path):
    import docx

    document = import_document(_docx_bytes(), "visit.docx")
    assert [len(p) for p in document.paragraphs] == [1, 2, 1, 1]
    assert document.layout == ["# ", "\n\n", "\n\n- ", "\n\n", "\n"]
    doc_id = store_document(store, document)
    for row, text in zip(store.segments(doc_id), ["黑河代表团访问", *TRANSLATIONS]):
        store.save_segment(row.id, text, "approved", 1, "li")
    out = tmp_path / "visit.zh.docx"
    export_document(store, doc_id, "docx", out)
    written = docx.Document(str(out))
    assert [(p.style.name, p.text) for p in written.paragraphs] == [
        ("Heading 1", "黑河代表团访问"), ("Normal", "黑河市代表团抵达雅库茨克。市长迎接了他们。"),
        ("List Bullet", "双方签署了合作协议。"), ("Normal", "访问将持续三天。")]
    back = import_document(out)
    assert back.source_lang == "zh" and len(back.paragraphs) == 4 and back.layout == document.layout


def test_xliff_round_trip_keeps_segments_statuses_and_layout(store, tmp_path):
    doc_id = _import_text(store, tmp_path)
    _review(store, doc_id)
    out = tmp_path / "release.xlf"
    export_document(store, doc_id, "xliff", out)
    text = out.read_text(encoding="utf-8")
    assert 'source-language="ru" target-language="zh"' in text
    assert '<note from="glossary">Хэйхэ → 黑河 (present)</note>' in text
    back = import_document(out)
    _assert_same_review(store, doc_id, back)
    copy = store.segments(store_document(store, back))
    assert [(r.status, r.draft, r.target) for r in copy] == [
        ("draft", TRANSLATIONS[0], ""), ("approved", "", TRANSLATIONS[1]), ("skip", "", ""),
        ("translated", "", TRANSLATIONS[3])]


def test_po_round_trip_keeps_segments_statuses_and_layout(store, tmp_path):
    doc_id = _import_text(store, tmp_path)
    _review(store, doc_id)
    out = tmp_path / "release.po"
    export_document(store, doc_id, "po", out)
    import polib

    entries = polib.pofile(str(out))
    assert [e.msgctxt for e in entries] == ["p0s0", "p0s1", "p1s0", "p2s0"]
    assert entries[0].fuzzy and entries[0].comment == "Хэйхэ → 黑河 (present)"
    _assert_same_review(store, doc_id, import_document(out))


def _assert_same_review(store, doc_id, back):
    assert back.name == "release.txt"
    assert (back.source_lang, back.target_lang) == ("ru", "zh")
    assert back.paragraphs == [["Делегация города Хэйхэ прибыла в Якутск.", "Её встретил глава города."],
                               ["Стороны подписали соглашение о сотрудничестве."], ["Визит продлится три дня."]]
    assert back.layout == store.document_layout(doc_id)
    assert back.targets == [(TRANSLATIONS[0], "draft"), (TRANSLATIONS[1], "approved"), ("", "skip"),
                            (TRANSLATIONS[3], "translated")]


def test_tmx_has_only_approved_segments(store, tmp_path):
    from lxml import etree

    doc_id = _import_text(store, tmp_path)
    _review(store, doc_id)
    out = tmp_path / "release.tmx"
    export_document(store, doc_id, "tmx", out)
    root = etree.parse(str(out)).getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    assert root.find("header").get("srclang") == "ru"
    [unit] = root.iter("tu")
    assert unit.get("creationid") == "li" and len(unit.get("creationdate")) == 16
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert [(v.get(lang), v.findtext("seg")) for v in unit.iter("tuv")] == [
        ("ru", "Её встретил глава города."), ("zh", TRANSLATIONS[1])]


def test_a_foreign_xliff_without_groups_or_skeleton(tmp_path):
    path = _write(tmp_path / "foreign.xlf", """<?xml version="1.0"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="x" source-language="zh-CN" target-language="ru-RU" datatype="plaintext"><body>
  <trans-unit id="1"><source>黑河市代表团<g id="b">抵达</g>雅库茨克。</source>
   <target state="signed-off">Делегация Хэйхэ прибыла в Якутск.</target></trans-unit>
  <trans-unit id="2"><source>访问将持续三天。</source><target state="needs-translation"/></trans-unit>
 </body></file></xliff>""")
    document = import_document(path)
    assert (document.source_lang, document.target_lang) == ("zh", "ru")
    assert document.paragraphs == [["黑河市代表团抵达雅库茨克。"], ["访问将持续三天。"]]
    assert document.layout == ["", "\n\n", "\n"]
    assert document.targets == [("Делегация Хэйхэ прибыла в Якутск.", "approved"), None]


@pytest.mark.parametrize("filename, content, message", [
    ("broken_tag.xlf", '<?xml version="1.0"?>\n<xliff version="1.2">\n<file>\n</xliff>\n',
     r"broken_tag\.xlf:4: not well-formed XML"),
    ("not_xliff.xlf", '<?xml version="1.0"?>\n<tmx version="1.4"/>\n', r"not_xliff\.xlf:2: not an XLIFF 1\.2 file"),
    ("no_source.xlf", '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
                      '<file source-language="ru" target-language="zh" original="x"><body>\n'
                      '<trans-unit id="a"><source>Привет.</source></trans-unit>\n'
                      '<trans-unit id="b"><target>你好</target></trans-unit>\n'
                      '<trans-unit id="c"></trans-unit>\n</body></file></xliff>\n',
     r"no_source\.xlf:4: trans-unit 'b' has no <source>; .*no_source\.xlf:5: trans-unit 'c'"),
    ("bad_syntax.po", 'msgid ""\nmsgstr ""\n\nmsgid "Привет"\nmsgstr "你好"\nbroken line\n',
     r"bad_syntax\.po:6: Syntax error"),
    ("cp1251.txt", "Привет, Якутск.\nДелегация.\n".encode("cp1251"), r"cp1251\.txt:1: not valid UTF-8"),
    ("page.txt", "Делегация прибыла.\n<p>Якутск</p>\n", r"page\.txt:2: input looks like HTML"),
    ("empty.txt", "  \n", r"empty\.txt: file is empty"),
    ("latin.txt", "Only English here.\n", r"latin\.txt: cannot tell the language"),
    ("fake.docx", "not a zip", r"fake\.docx: not a .*docx"),
    ("notes.rtf", "x", r"notes\.rtf: unknown document format '\.rtf'"),
    ("memory.tmx", "<tmx/>", r"memory\.tmx: a TMX file is a translation memory, not a document; "
                             r"add it to the memory with `workbench memory import .*memory\.tmx`"),
])
def test_errors_name_the_file_and_line(tmp_path, filename, content, message):
    path = tmp_path / filename
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    with pytest.raises((DocumentError, InputError), match=message):
        import_document(path)


def test_detect_format_and_uploads():
    assert [detect_format(n) for n in ("a.TXT", "b.md", "c.docx", "d.xliff", "e.xlf", "f.po", "g.tmx")] == [
        "txt", "md", "docx", "xliff", "xliff", "po", "tmx"]
    document = import_document("Привет, Хэйхэ.\n".encode(), "upload.txt")
    assert (document.name, document.fmt, document.paragraphs) == ("upload.txt", "txt", [["Привет, Хэйхэ."]])
    with pytest.raises(InputError, match="needs a name or a format"):
        import_document(b"x")


def test_export_to_a_missing_folder_is_a_clear_error(store, tmp_path):
    from workbench.errors import WorkbenchError

    doc_id = _import_text(store, tmp_path)
    with pytest.raises(WorkbenchError, match="cannot write"):
        export_document(store, doc_id, "txt", tmp_path / "missing" / "out.txt")
    assert not (tmp_path / "missing").exists()


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_tmx_reads_back_into_another_memory(store, tmp_path):
    from workbench.formats.tmx import read_memory

    doc_id = _import_text(store, tmp_path)
    _review(store, doc_id)
    data = render_document(store, doc_id, "tmx")
    pairs = read_memory(data, "release.tmx", "ru", "zh")
    assert pairs == [("Её встретил глава города.", TRANSLATIONS[1])]
    with Store(tmp_path / "other.db") as other:
        assert other.add_tm(pairs, "ru", "zh", origin="release.tmx") == 1
        assert other.add_tm(pairs, "ru", "zh", origin="release.tmx") == 0
        [match] = other.tm_lookup("Её встретил глава города.", "ru", "zh")
        assert match.exact and match.origin == "release.tmx"
    with pytest.raises(DocumentError, match=r"x\.tmx:1: not a TMX file"):
        read_memory(b"<xliff/>", "x.tmx", "ru", "zh")
