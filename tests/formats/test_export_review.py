"""Issue 23: an export never passes an unreviewed draft off as reviewed text.

Every test works on a real SQLite store: a document with one segment of each
kind — a machine draft nobody touched, an approved segment, one not for
translation, a translator's text nobody approved — exported in each format.
"""

from __future__ import annotations

import json

import pytest

from workbench.errors import InputError, UnreviewedSegmentsError
from workbench.formats import export_document, render_document
from workbench.formats.unreviewed import summarise
from workbench.store import Store

SOURCES = [["Делегация города Хэйхэ прибыла в Якутск.", "Её встретил глава города."],
           ["Стороны подписали соглашение о сотрудничестве."], ["Визит продлится три дня."]]
LAYOUT = ["", "\n\n", "\n", "\n"]
DRAFT = "黑河市代表团抵达雅库茨克。"  # machine draft of segment 1, never reviewed
APPROVED = "市长迎接了他们。"
UNAPPROVED = "访问将持续三天。"  # a translator's text of segment 4, not approved
HEIHE = json.dumps([{"source": "Хэйхэ", "term": "Хэйхэ", "target": "黑河", "status": "present"}],
                   ensure_ascii=False)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "review.db") as opened:
        yield opened


@pytest.fixture
def doc_id(store):
    """Segment 1 machine draft, 2 approved, 3 not for translation, 4 translated (not approved)."""
    doc = store.create_document("release.txt", "ru", "zh", SOURCES, LAYOUT, user="importer")
    a, b, c, d = store.segments(doc)
    store.set_draft(a.id, DRAFT, HEIHE)
    store.set_draft(b.id, "草稿二。")
    store.save_segment(b.id, APPROVED, "approved", 1, "li")
    store.set_status(c.id, "skip", 1, "wang")
    store.set_draft(d.id, "草稿四。")
    store.save_segment(d.id, UNAPPROVED, "translated", 1, "wang")
    return doc


def _unreviewed_texts():
    return (DRAFT, UNAPPROVED, "草稿四。")


# --- txt, md, docx --------------------------------------------------------------


def test_default_txt_export_has_only_approved_text_and_marks_the_rest_in_the_source(store, doc_id):
    text = render_document(store, doc_id, "txt").decode()
    assert text == ("【未审定·原文：Делегация города Хэйхэ прибыла в Якутск.】市长迎接了他们。\n\n"
                    "Стороны подписали соглашение о сотрудничестве.\n"
                    "【未审定·原文：Визит продлится три дня.】\n")
    assert not any(unreviewed in text for unreviewed in _unreviewed_texts())


def test_default_md_export_has_no_unreviewed_text(store, tmp_path):
    from workbench.formats import import_document, store_document

    path = tmp_path / "visit.md"
    path.write_text("# Визит делегации Хэйхэ\n\nДелегация прибыла в Якутск.\n", encoding="utf-8")
    doc = store_document(store, import_document(path))
    title, body = store.segments(doc)
    store.save_segment(title.id, "黑河代表团访问", "approved", 1, "li")
    store.set_draft(body.id, DRAFT)
    assert render_document(store, doc, "md").decode() == (
        "# 黑河代表团访问\n\n【未审定·原文：Делегация прибыла в Якутск.】\n")
    assert render_document(store, doc, "md", "mark").decode() == (
        f"# 黑河代表团访问\n\n【机器初稿：{DRAFT}】\n")


def test_default_docx_export_highlights_the_marked_segments(store, doc_id, tmp_path):
    import docx
    from docx.enum.text import WD_COLOR_INDEX

    out = export_document(store, doc_id, "docx", tmp_path / "release.zh.docx")
    paragraphs = docx.Document(str(out)).paragraphs
    assert [p.text for p in paragraphs] == [
        "【未审定·原文：Делегация города Хэйхэ прибыла в Якутск.】市长迎接了他们。",
        "Стороны подписали соглашение о сотрудничестве.", "【未审定·原文：Визит продлится три дня.】"]
    runs = [(run.text, run.font.highlight_color) for run in paragraphs[0].runs]
    assert runs == [("【未审定·原文：Делегация города Хэйхэ прибыла в Якутск.】", WD_COLOR_INDEX.YELLOW),
                    ("市长迎接了他们。", None)]


def test_mark_writes_drafts_and_unapproved_text_each_marked_as_what_it_is(store, doc_id):
    text = render_document(store, doc_id, "txt", "mark").decode()
    assert text == (f"【机器初稿：{DRAFT}】市长迎接了他们。\n\n"
                    "Стороны подписали соглашение о сотрудничестве.\n"
                    f"【未审定：{UNAPPROVED}】\n")


def test_markers_are_in_the_target_language(store):
    doc = store.create_document("新闻.txt", "zh", "ru", [["黑河市代表团抵达雅库茨克。", "市长迎接了他们。"]],
                                ["", "\n"])
    first, second = store.segments(doc)
    store.set_draft(first.id, "Делегация Хэйхэ прибыла в Якутск.")
    store.save_segment(second.id, "Их встретил глава города.", "approved", 1, "li")
    assert render_document(store, doc, "txt").decode() == (
        "[[НЕ УТВЕРЖДЕНО, ОРИГИНАЛ: 黑河市代表团抵达雅库茨克。]] Их встретил глава города.\n")
    assert render_document(store, doc, "txt", "mark").decode() == (
        "[[МАШИННЫЙ ЧЕРНОВИК: Делегация Хэйхэ прибыла в Якутск.]] Их встретил глава города.\n")


def test_refuse_writes_nothing_until_every_segment_is_approved(store, doc_id, tmp_path):
    out = tmp_path / "release.zh.txt"
    for fmt in ("txt", "md", "docx"):
        with pytest.raises(UnreviewedSegmentsError, match=r"2 of 4 segments are not approved \(segments 1, 4\)") \
                as caught:
            export_document(store, doc_id, fmt, out, "refuse")
        assert (caught.value.pending, caught.value.total) == (2, 4)
        assert not out.exists()
    for row in store.segments(doc_id):
        if row.status in ("draft", "translated"):
            store.set_status(row.id, "approved", row.version, "li")
    export_document(store, doc_id, "txt", out, "refuse")
    assert out.read_text(encoding="utf-8") == (f"{DRAFT}市长迎接了他们。\n\n"
                                               f"Стороны подписали соглашение о сотрудничестве.\n{UNAPPROVED}\n")


def test_choices_are_checked(store, doc_id):
    with pytest.raises(InputError, match="unknown choice 'drafts'"):
        render_document(store, doc_id, "txt", "drafts")
    for fmt in ("xliff", "po", "tmx"):
        with pytest.raises(InputError, match="applies to txt, md, docx only"):
            render_document(store, doc_id, fmt, "mark")


def test_summary_counts_what_the_export_wrote(store, doc_id):
    summary = summarise(store, doc_id, "source")
    assert (summary.total, summary.approved, summary.skipped, summary.translated, summary.drafted,
            summary.untranslated, summary.pending) == (4, 1, 1, 1, 1, 0, 2)
    assert summary.describe("txt") == ("1 of 4 segments approved, 1 not for translation; "
                                       "2 not approved, left in the source language, marked")
    assert summarise(store, doc_id, "mark").describe("md") == (
        "1 of 4 segments approved, 1 not for translation; 2 not approved, written marked: "
        "1 translator's text, 1 machine draft")
    assert summarise(store, doc_id).describe("xliff").endswith("2 carry their review state (draft or translated)")


# --- XLIFF and PO: states and notes about the exported target -----------------------


def _units(store, doc_id):
    from lxml import etree

    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    root = etree.fromstring(render_document(store, doc_id, "xliff"))
    units = []
    for unit in root.iterfind(".//x:trans-unit", ns):
        target = unit.find("x:target", ns)
        units.append({"approved": unit.get("approved"), "translate": unit.get("translate"),
                      "state": target.get("state") if target is not None else None,
                      "target": target.text if target is not None else None,
                      "notes": [n.text for n in unit.iterfind("x:note", ns)]})
    return units


def test_xliff_marks_unreviewed_targets_and_only_approved_ones_final(store, doc_id):
    units = _units(store, doc_id)
    assert [(u["state"], u["approved"], u["translate"], u["target"]) for u in units] == [
        ("needs-review-translation", None, None, DRAFT),
        ("final", "yes", None, APPROVED),
        (None, None, "no", None),
        ("translated", None, None, UNAPPROVED)]


def test_xliff_term_notes_describe_the_exported_target_not_the_draft(store, doc_id):
    first, second = store.segments(doc_id)[:2]
    assert _units(store, doc_id)[0]["notes"] == ["Хэйхэ → 黑河 (present)"]  # the target is the draft itself
    # The translator drops the term the draft had: the note must not say "present".
    store.save_segment(first.id, "代表团抵达雅库茨克。", "translated", first.version, "li")
    assert _units(store, doc_id)[0]["notes"] == ["Хэйхэ → 黑河 (missing)"]
    # A draft that lacked a term, corrected by the translator: present in what is exported.
    store.set_draft(second.id, "草稿二。", HEIHE.replace('"present"', '"missing"'))
    store.save_segment(second.id, "黑河市长迎接了他们。", "approved", second.version, "li")
    assert _units(store, doc_id)[1]["notes"] == ["Хэйхэ → 黑河 (present)"]


def test_term_notes_without_a_target_claim_nothing(store, doc_id):
    third = store.segments(doc_id)[2]
    store.set_draft(third.id, "草稿三。", HEIHE)  # a draft of a segment not for translation is not exported
    assert _units(store, doc_id)[2]["notes"] == ["Хэйхэ → 黑河"]


def test_russian_term_notes_accept_any_case_of_the_term(store):
    doc = store.create_document("新闻.txt", "zh", "ru", [["代表团抵达雅库茨克。"]], ["", "\n"])
    [row] = store.segments(doc)
    terms = json.dumps([{"source": "雅库茨克", "term": "雅库茨克", "target": "Якутск", "status": "missing"}],
                       ensure_ascii=False)
    store.set_draft(row.id, "Делегация прибыла.", terms)
    store.save_segment(row.id, "Делегация прибыла в Якутске.", "translated", 1, "li")
    assert _units(store, doc)[0]["notes"] == ["雅库茨克 → Якутск (present)"]


def test_po_states_and_notes_describe_the_exported_target(store, doc_id):
    import polib

    first = store.segments(doc_id)[0]
    store.save_segment(first.id, "代表团抵达雅库茨克。", "translated", first.version, "li")
    entries = {entry.msgctxt: entry for entry in polib.pofile(render_document(store, doc_id, "po").decode())}
    assert (entries["p0s0"].msgstr, entries["p0s0"].flags, entries["p0s0"].comment) == (
        "代表团抵达雅库茨克。", [], "Хэйхэ → 黑河 (missing)")
    assert (entries["p0s1"].msgstr, entries["p0s1"].flags) == (APPROVED, ["approved"])
    assert (entries["p2s0"].msgstr, entries["p2s0"].flags) == (UNAPPROVED, [])

    draft_only = store.create_document("draft.txt", "ru", "zh", [["Делегация Хэйхэ."]], ["", "\n"])
    row = store.segments(draft_only)[0]
    store.set_draft(row.id, "代表团。", HEIHE.replace('"present"', '"missing"'))
    [entry] = polib.pofile(render_document(store, draft_only, "po").decode())
    assert (entry.flags, entry.msgstr, entry.comment) == (["fuzzy"], "代表团。", "Хэйхэ → 黑河 (missing)")
