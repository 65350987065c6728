"""Issue 23: a segment's comments and a reviewer's questions travel with it in the bilingual exports.

XLIFF 1.2 gets ``<note from="AUTHOR" annotates="target">`` (an open question ``priority="1"``), XLIFF 2 a
``<note category="comment|question">`` in the unit's ``<notes>`` (where the schema puts them), PO a
translator comment ``# AUTHOR — …``; another tool's file keeps its own notes and comments first.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from lxml import etree

from workbench.formats import import_document, render_document, store_document
from workbench.store import Store

X12 = "urn:oasis:names:tc:xliff:document:1.2"
X20 = "urn:oasis:names:tc:xliff:document:2.0"


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "comments.db") as opened:
        yield opened


def _comment_and_question(store, doc_id):
    """A comment on segment 1; segment 2 translated, then sent back with a question."""
    first, second = store.segments(doc_id)[:2]
    store.add_comment(first.id, "wang", "Проверить написание имени.")
    saved = store.save_segment(second.id, "访问三天。", "translated", second.version, "li")
    store.send_back(second.id, "Почему «три», а не «четыре»?", saved.version, "chen")


def _own(store):
    doc = store.create_document("visit.txt", "ru", "zh", [["Делегация прибыла."], ["Визит продлится три дня."]],
                                ["", "\n", "\n"], user="importer")
    _comment_and_question(store, doc)
    return doc


def test_our_xliff_carries_comments_and_questions_as_notes(store):
    root = etree.fromstring(render_document(store, _own(store), "xliff"))
    units = root.findall(f".//{{{X12}}}trans-unit")
    first = units[0].findall(f"{{{X12}}}note")
    assert [(n.get("from"), n.get("annotates"), n.get("priority")) for n in first] == [("wang", "target", None)]
    assert first[0].text.startswith("Comment (") and first[0].text.endswith("): Проверить написание имени.")
    (question,) = units[1].findall(f"{{{X12}}}note")
    assert (question.get("from"), question.get("priority")) == ("chen", "1")
    assert question.text.startswith("Question (open, ") and "«три», а не «четыре»" in question.text


def test_our_po_carries_them_as_translator_comments(store):
    catalog = polib.pofile(render_document(store, _own(store), "po").decode())
    first, second = catalog
    assert first.tcomment.startswith("wang — Comment (") and first.tcomment.endswith("Проверить написание имени.")
    assert second.tcomment.startswith("chen — Question (open, ")
    assert second.msgstr == "访问三天。"


def test_an_approval_answers_the_question_in_the_export(store):
    doc = _own(store)
    second = store.segments(doc)[1]
    store.save_segment(second.id, "访问将持续三天。", "approved", second.version, "chen")
    text = render_document(store, doc, "po").decode()
    assert "chen — Question (answered, " in text and "Question (open" not in text


def test_another_tools_xliff_keeps_its_notes_and_gets_ours_after_them(store):
    data = (f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="{X12}" version="1.2">'
            '<file source-language="ru" target-language="zh" original="a.txt" datatype="plaintext"><body>'
            '<trans-unit id="t1"><source>Делегация прибыла.</source><note from="developer">Заголовок</note>'
            '</trans-unit><trans-unit id="t2"><source>Визит продлится три дня.</source></trans-unit>'
            '</body></file></xliff>').encode()
    doc = store_document(store, import_document(data, "a.xlf"))
    _comment_and_question(store, doc)
    root = etree.fromstring(render_document(store, doc, "xliff"))
    first, second = root.findall(f".//{{{X12}}}trans-unit")
    assert [n.get("from") for n in first.findall(f"{{{X12}}}note")] == ["developer", "wang"]
    assert first.findall(f"{{{X12}}}note")[0].text == "Заголовок"
    assert [n.get("from") for n in second.findall(f"{{{X12}}}note")] == ["chen"]


def test_xliff_2_notes_come_before_the_segments(store):
    data = (f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="{X20}" version="2.0" srcLang="ru" trgLang="zh">'
            '<file id="f1"><unit id="u1"><segment><source>Делегация прибыла.</source></segment></unit>'
            '<unit id="u2"><notes><note category="description">Подпись к фото</note></notes>'
            '<segment><source>Визит продлится три дня.</source></segment></unit></file></xliff>').encode()
    doc = store_document(store, import_document(data, "a.xlf"))
    _comment_and_question(store, doc)
    root = etree.fromstring(render_document(store, doc, "xliff"))
    first, second = root.findall(f".//{{{X20}}}unit")
    assert [etree.QName(child).localname for child in first] == ["notes", "segment"]
    (comment,) = first.find(f"{{{X20}}}notes")
    assert (comment.get("category"), comment.get("appliesTo")) == ("comment", "target")
    assert comment.text.startswith("wang — Comment (")
    notes = second.find(f"{{{X20}}}notes")
    assert [(n.get("category"), n.get("priority")) for n in notes] == [("description", None), ("question", "1")]
    assert notes[1].text.startswith("chen — Question (open, ")


def test_another_tools_po_keeps_its_translator_comments_first(store):
    data = ('msgid ""\nmsgstr ""\n"Language: zh\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            '# от редакции\nmsgid "Делегация прибыла."\nmsgstr ""\n\n'
            'msgid "Визит продлится три дня."\nmsgstr ""\n').encode()
    doc = store_document(store, import_document(data, "a.po", source_lang="ru"))
    _comment_and_question(store, doc)
    first, second = polib.pofile(render_document(store, doc, "po").decode())
    assert first.tcomment.splitlines()[0] == "от редакции"
    assert first.tcomment.splitlines()[1].startswith("wang — Comment (")
    assert second.tcomment.startswith("chen — Question (open, ")


def test_a_document_without_comments_is_written_as_before(store):
    doc = store.create_document("plain.txt", "ru", "zh", [["Делегация прибыла."]], ["", "\n"], user="importer")
    assert b"<note" not in render_document(store, doc, "xliff")
    assert "\n# " not in render_document(store, doc, "po").decode().split("msgctxt", 1)[1]


def test_sdlxliff_comments_are_where_trados_keeps_them(store):
    """A ``cmt-def`` in ``doc-info`` (``<Comments xmlns="">``, one ``<Comment>`` each with its author, date
    and severity) and an ``x-sdl-comment`` mark around the segment's text (the source's where there is no
    translation yet); the file reads back with the same segments."""
    sdl = "http://sdl.com/FileTypes/SdlXliff/1.0"
    path = Path(__file__).resolve().parents[1] / "data" / "interop" / "xliff" / "trados-style.ru.sdlxliff"
    doc = store_document(store, import_document(path))
    first, second, third = store.segments(doc)[:3]
    store.add_comment(first.id, "wang", "«Хэйхэ» или «Хэйхе»? <проверить>")
    saved = store.save_segment(second.id, "访问三天。", "translated", second.version, "li")
    store.send_back(second.id, "Почему не «将持续»?", saved.version, "chen")
    store.add_comment(third.id, "li", "Перевода пока нет.")
    data = render_document(store, doc, "xliff")
    root = etree.fromstring(data)
    defs = root.find(f"{{{sdl}}}doc-info/{{{sdl}}}cmt-defs")
    assert len(defs) == 3
    comments = [c for d in defs for c in d.find("Comments")]  # no namespace, as Trados writes them
    assert [(c.get("user"), c.get("severity")) for c in comments] == [("wang", "Medium"), ("chen", "High"),
                                                                     ("li", "Medium")]
    assert comments[0].text == "«Хэйхэ» или «Хэйхе»? <проверить>"
    assert comments[1].text == "Question (open): Почему не «将持续»?"
    marks = {m.get(f"{{{sdl}}}cid"): m for m in root.iter(f"{{{X12}}}mrk") if m.get("mtype") == "x-sdl-comment"}
    assert set(marks) == {d.get("id") for d in defs}
    texts = sorted("".join(m.itertext()) for m in marks.values())
    assert texts == sorted(["黑河市代表团抵达雅库茨克。", "访问三天。", "Стороны подписали соглашение о сотрудничестве."])
    back = store_document(store, import_document(data, "back.sdlxliff"))
    assert [(r.source, r.target, r.status) for r in store.segments(back)] == \
        [(r.source, r.target, r.status) for r in store.segments(doc)]
