"""The glossary tab's logic on a copy of the shipped glossary: search, add, edit, confirm, remove, stale
stamps, the Palladius suggestion, term candidates, and a change reaching the next translation without a
restart."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest

from ui_support import ROOT, FakeTranslator
from workbench.store import Store
from workbench.ui.drafting import DraftingManager, Pipelines
from workbench.ui.glossary_desk import GlossaryDesk, approved_pairs, suggestion
from workbench.ui.importing import import_into
from workbench.ui.review import Review


@pytest.fixture
def folder(tmp_path) -> Path:
    target = tmp_path / "glossaries"
    shutil.copytree(ROOT / "glossaries", target)
    return target


@pytest.fixture
def po(folder) -> str:
    return str(folder / "heihe.po")


@pytest.fixture
def desk(folder) -> GlossaryDesk:
    return GlossaryDesk(Pipelines(None, [folder], FakeTranslator))


def _found(desk, query):
    return [entry.term.ru for entry in desk.search(query)]


@pytest.mark.parametrize("query, term", [
    ("Якутской городской думой", "Якутская городская дума"),
    ("Северо-Восточным федеральным университетом", "Северо-Восточный федеральный университет имени М. К. Аммосова"),
    ("господина Цзин Цюаня", "Цзин Цюань"),
    ("хэйх", "Хэйхэ"),  # part of a Russian form
    ("黑河", "Хэйхэ"),
    ("黑河市", "Хэйхэ"),  # a Chinese variant
    ("景泉", "Цзин Цюань"),
])
def test_search_finds_inflected_russian_and_chinese(desk, query, term):
    assert term in _found(desk, query)


def test_search_rows_show_every_column(desk, po):
    [row] = desk.rows("en", [e for e in desk.search("Якутской городской думой")])
    ru, zh, kind, fuzzy, notes, where = row
    assert (ru, kind, fuzzy) == ("Якутская городская дума", "organisation", "")
    assert zh and where.startswith(f"{Path(po).name}:") and where.split(":")[-1].isdigit()
    assert "/" not in where  # no server path in the browser
    assert desk.search("   ") == [] and desk.search("Нет такого термина") == []


def test_default_file_is_heihe(desk, po):
    assert desk.default_file() == po and po in [str(f) for f in desk.files()]


def test_add_refused_lists_the_problems_and_writes_nothing(desk, po):
    before = Path(po).read_bytes()
    outcome = desk.add("en", po, "Хэйхэ", "黑龙", "place")
    assert not outcome.ok and outcome.message == "Not saved: the change to «Хэйхэ» would break the glossary."
    assert len(outcome.problems) == 1 and '"Хэйхэ" translated 黑龙 here but 黑河 at' in outcome.problems[0]
    assert outcome.problems[0].startswith(f"{Path(po).name}:")  # the file name, not the server path
    outcome = desk.add("ru", po, "Яхт-клуб", "Yacht Club", "organisation")
    assert not outcome.ok and outcome.message.startswith("Не сохранено")
    assert 'the Chinese term "Yacht Club" (msgstr) has no Chinese characters' in outcome.problems[0]
    assert desk.add("zh", po, "Новый мост", " ", "other").message == "俄文和中文术语都必须填写。"
    assert not desk.add("en", "/etc/passwd", "Новый мост", "新桥", "other").ok  # only the glossary's files
    assert Path(po).read_bytes() == before and not Path(po + "~").exists()


def test_no_entry_selected(desk):
    for outcome in (desk.save("en", None, "Хэйхэ", "黑河", "place", "", False), desk.confirm("en", None),
                    desk.remove("en", None)):
        assert not outcome.ok and outcome.message == "Select an entry in the search results first."


def test_add_edit_confirm_remove(desk, po):
    outcome = desk.add("en", po, "Новый мост", "新桥", "other", notes="Мост через Амур.", fuzzy=True)
    assert outcome.ok and outcome.message.startswith("Added «Новый мост» → 新桥")
    assert Path(po + "~").exists()  # the file before the change
    [entry] = desk.search("Новым мостом")
    state = desk.load(po, entry.term.ru, entry.term.zh, entry.term.kind)
    assert state["fuzzy"] and state["notes"] == "Мост через Амур." and state["line"] == entry.line

    outcome = desk.save("en", state, "Новый мост | Амурский мост", "新桥", "place", "Мост Хэйхэ — Благовещенск.",
                        True)
    assert outcome.ok, outcome.problems
    state = outcome.entry
    assert (state["ru_forms"], state["kind"], state["notes"]) == ("Новый мост | Амурский мост", "place",
                                                                  "Мост Хэйхэ — Благовещенск.")
    assert "Новый мост" in _found(desk, "Амурским мостом")  # a variant, found inflected

    outcome = desk.confirm("en", state)
    assert outcome.ok and outcome.entry["fuzzy"] is False
    [written] = [e for e in polib.pofile(po) if e.msgid == "Новый мост | Амурский мост"]
    assert "fuzzy" not in written.flags and written.msgctxt == "place"

    outcome = desk.remove("en", outcome.entry)
    assert outcome.ok and outcome.entry is None and outcome.message.startswith("«Новый мост» was removed")
    assert "Новый мост" not in Path(po).read_text(encoding="utf-8")


def test_a_stale_stamp_is_refused_and_the_entry_reloaded(desk, po):
    [entry] = [e for e in desk.search("Хэйхэ") if e.term.ru == "Хэйхэ"]
    state = desk.load(po, "Хэйхэ", "黑河", "place")
    # another translator edits the notes of the same entry meanwhile
    text = Path(po).read_text(encoding="utf-8")
    theirs = text.replace(state["notes"], "Изменено коллегой.", 1)
    Path(po).write_text(theirs, encoding="utf-8")

    outcome = desk.save("en", state, "Хэйхэ", "黑河 | 黑河市", "place", "Моя правка.", False)
    assert not outcome.ok and outcome.stale
    assert "was changed on disk after you opened «Хэйхэ»; nothing was written" in outcome.message
    assert Path(po).read_text(encoding="utf-8") == theirs  # never silently overwritten
    assert outcome.entry["notes"] == "Изменено коллегой." and outcome.entry["stamp"] != state["stamp"]
    assert not desk.confirm("en", state).ok and not desk.remove("en", state).ok
    assert Path(po).read_text(encoding="utf-8") == theirs

    # made again on the reloaded entry, the change goes through
    assert desk.save("en", outcome.entry, "Хэйхэ", "黑河 | 黑河市", "place", "Моя правка.", False).ok
    assert "Моя правка." in Path(po).read_text(encoding="utf-8")


def test_a_stale_entry_that_is_gone(desk, po):
    state = desk.load(po, "Айхуэй", "爱辉", "place")
    text = Path(po).read_text(encoding="utf-8")
    Path(po).write_text(text.replace('msgid "Айхуэй"\nmsgstr "爱辉"', 'msgid "Айгунь"\nmsgstr "瑷珲"'),
                        encoding="utf-8")
    outcome = desk.remove("zh", state)
    assert outcome.stale and outcome.entry is None and "其中已没有“Айхуэй”" in outcome.message


@pytest.mark.parametrize("zh, kind, ru", [
    ("黑河", "place", "Хэйхэ"),
    ("黑河 | 黑河市", "place", "Хэйхэ"),
    ("景泉", "person", "Цзин Цюань"),
    ("黑河", "organisation", ""),  # only people and places are transcribed
    ("Хэйхэ", "place", ""),  # Cyrillic typed in the Chinese field: no suggestion
    ("", "person", ""),
])
def test_palladius_suggestion(zh, kind, ru):
    assert suggestion(zh, kind) == ru


class _CountingFactory:
    def __init__(self):
        self.calls = 0

    def __call__(self, source_lang, target_lang):
        self.calls += 1
        return FakeTranslator(source_lang, target_lang)


def test_the_next_translation_uses_a_new_term_without_a_restart(folder, po, tmp_path):
    factory = _CountingFactory()
    pipelines = Pipelines(None, [folder], factory)
    source = "Делегация осмотрела Новый мост."
    with Store(tmp_path / "ui.db") as store:
        review = Review(store, pipelines)
        desk = GlossaryDesk(pipelines)
        drafting = DraftingManager(store, pipelines)
        doc_id = import_into(store, text=source).doc_id
        drafting.start(doc_id)
        assert drafting.wait(doc_id, 60).state == "done"
        assert store.segments(doc_id)[0].draft == "译文。"
        assert review.terms(source, "ru", "zh") == []
        first, _lock = pipelines.get("ru", "zh")

        assert desk.add("en", po, "Новый мост", "新桥", "place").ok

        drafting.start(doc_id, redraft=True)
        assert drafting.wait(doc_id, 60).state == "done"
        assert store.segments(doc_id)[0].draft == "译文新桥。"  # the fake writes each constraint
        assert [t["target"] for t in review.terms(source, "ru", "zh")] == ["新桥"]
        alternatives = review.alternatives(store.segments(doc_id)[0])
        assert alternatives[0]["text"] == "译文新桥。"
        second, _lock = pipelines.get("ru", "zh")
        assert second is not first and second.translator is first.translator  # the model is not reloaded
        assert factory.calls == 1
        assert pipelines.get("ru", "zh")[0] is second  # unchanged files: nothing rebuilt

        from workbench.glossary.edit import add_term
        from workbench.glossary.model import Term

        add_term(po, Term(ru="Делегация", zh="代表团", kind="other"))  # a change made outside the tab
        assert [t["target"] for t in review.terms(source, "ru", "zh")] == ["代表团", "新桥"]


def test_a_broken_hand_edit_stops_drafting_with_its_message(folder, po):
    pipelines = Pipelines(None, [folder], FakeTranslator)
    pipelines.get("ru", "zh")
    Path(po).write_text(Path(po).read_text(encoding="utf-8") + '\nmsgctxt "place"\nmsgid "Хэйхэ"\nmsgstr "黑龙"\n',
                        encoding="utf-8")
    from workbench.errors import GlossaryError

    with pytest.raises(GlossaryError, match="translated 黑龙 here but 黑河"):
        pipelines.get("ru", "zh")


def _approve(store, doc_id, targets):
    for row, target in zip(store.segments(doc_id), targets):
        store.save_segment(row.id, target, "approved", row.version, "li")


def test_candidates_from_approved_segments_accept_and_reject(desk, po, tmp_path):
    with Store(tmp_path / "ui.db") as store:
        ru_doc = import_into(store, text="Гостей из Хэйхэ встретил Чжан Мин в Якутске.\n\n"
                                         "Делегация осмотрела Новый мост.\n", direction="ru-zh").doc_id
        _approve(store, ru_doc, ["张明在雅库茨克迎接了黑河客人。"])  # the second segment stays new
        zh_doc = import_into(store, text="代表团参观了北方文化中心。", direction="zh-ru").doc_id
        _approve(store, zh_doc, ["Делегация посетила Северный Культурный Центр."])
        assert approved_pairs(store) == [("Гостей из Хэйхэ встретил Чжан Мин в Якутске.", "张明在雅库茨克迎接了黑河客人。"),
                                         ("Делегация посетила Северный Культурный Центр.", "代表团参观了北方文化中心。")]
        found = {c["ru"]: c for c in desk.candidates(store)}
        assert found["Чжан Мин"]["zh"] == "张明" and found["Чжан Мин"]["count"] == 1
        assert "Новый Мост" not in found and "Новый мост" not in found  # not approved

        outcome = desk.accept("en", found["Чжан Мин"], po, "person")
        assert outcome.ok and outcome.entry["fuzzy"] and outcome.entry["kind"] == "person"
        assert "Чжан Мин" in _found(desk, "张明")
        assert "Чжан Мин" not in {c["ru"] for c in desk.candidates(store)}  # now a term

        rejected = [c["ru"] for c in desk.candidates(store)]
        assert rejected and desk.candidates(store, rejected) == []
        no_zh = {"ru": "Северный Культурный Центр", "zh": "", "count": 1, "example": ""}
        assert desk.accept("en", no_zh, po, "organisation").message.startswith("No Chinese was found")
        assert not desk.accept("en", None, po).ok


def test_the_app_has_the_glossary_tab(folder, po):
    from workbench.ui.app import build_app

    with Store(":memory:") as store:
        app = build_app(store, glossary_paths=[folder], translator_factory=FakeTranslator)
    ids = {getattr(block, "elem_id", None): block for block in app.blocks.values()}
    assert {"glossary-query", "glossary-results", "glossary-save", "glossary-remove-confirm",
            "glossary-add", "glossary-use-suggestion", "glossary-candidates"} <= set(ids)
    assert ids["glossary-file"].value == Path(po).name


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing")
def test_the_glossary_tab_in_the_browser(folder, po, tmp_path):
    """The wiring, in headless Chromium (the app in this process, the fake engine): search an inflected
    form, open the entry, lose a race against a hand edit, add a place from its Palladius suggestion."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    from ui_support import free_port
    from workbench.ui.app import build_app, launch_app

    expect = playwright_api.expect
    expect.set_options(timeout=30_000)
    store = Store(tmp_path / "ui.db")
    app = build_app(store, glossary_paths=[folder], translator_factory=FakeTranslator)
    port = free_port()
    launch_app(app, port=port, prevent_thread_lock=True)
    try:
        with playwright_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                 args=["--headless", "--no-sandbox", "--disable-gpu"])
            page = browser.new_page(locale="en-US")
            page.goto(f"http://127.0.0.1:{port}/")
            page.get_by_role("tab", name="Glossary").click()
            page.locator("#glossary-query").locator("input, textarea").first.fill("Якутской городской думой")
            page.locator("#glossary-search").click()
            expect(page.locator("#glossary-results")).to_contain_text("Якутская городская дума")
            page.locator("#glossary-results span:visible", has_text="Якутская городская дума").first.click()
            expect(page.locator("#glossary-where")).to_contain_text("heihe.po:")

            theirs = Path(po).read_text(encoding="utf-8") + "\n# a colleague was here\n"
            Path(po).write_text(theirs, encoding="utf-8")
            page.locator("#glossary-notes textarea").fill("Моя правка.")
            page.locator("#glossary-save").click()
            expect(page.locator("#glossary-message")).to_contain_text("was changed on disk")
            assert Path(po).read_text(encoding="utf-8") == theirs
            assert page.locator("#glossary-notes textarea").input_value() != "Моя правка."  # reloaded

            page.locator("#glossary-add-zh").locator("input, textarea").first.fill("漠河")
            page.locator("#glossary-add-kind input").click()
            page.get_by_role("option", name="place").click()
            expect(page.locator("#glossary-suggestion")).to_contain_text("«Мохэ»")
            page.locator("#glossary-use-suggestion").click()
            expect(page.locator("#glossary-add-ru").locator("input, textarea").first).to_have_value("Мохэ")
            page.locator("#glossary-add").click()
            expect(page.locator("#glossary-message")).to_contain_text("Added «Мохэ» → 漠河")
            assert 'msgid "Мохэ"' in Path(po).read_text(encoding="utf-8")
            browser.close()
    finally:
        app.close()
        store.close()
