"""Issue 23, item 6: no stale or broken states in the browser (the app in this process, the fake engine).

A refused import leaves the form as it was typed, with one message line and no red "Error" badges; "Saved:
segment N" belongs to segment N; a colleague's save reaches the open editor; element ids are unique; a
translator's mistake writes no traceback to the server's log.
"""

from __future__ import annotations

import pytest

from browser_support import CHROMIUM, chromium, duplicate_ids, served_app
from workbench.store import Store

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing")

SOURCES = ["Делегация прибыла в Якутск.", "Визит продлится три дня.", "Стороны подписали соглашение."]


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "states.db") as store:
        doc_id = store.create_document("визит", "ru", "zh", [[s] for s in SOURCES], ["", "\n\n", "\n\n", "\n"],
                                       user="importer")
        for row, draft in zip(store.segments(doc_id), ["代表团抵达。", "访问三天。", "签署协议。"]):
            store.set_draft(row.id, draft)
        store.doc_id = doc_id
        yield store


def _open(browser, url, locale="en-US"):
    from playwright.sync_api import expect

    expect.set_options(timeout=30_000)
    page = browser.new_context(locale=locale).new_page()
    page.set_default_timeout(30_000)
    page.goto(url)
    expect(page.locator("#documents-table")).to_contain_text("визит")
    return page


def _hold(monkeypatch, owner, name):
    """Makes ``owner.name`` wait, once it has computed its answer, until the test says go on: (in_flight, go_on)."""
    import threading

    in_flight, go_on = threading.Event(), threading.Event()
    original = getattr(owner, name)

    def held(*args, **kwargs):
        answer = original(*args, **kwargs)
        in_flight.set()
        go_on.wait(30)
        return answer

    monkeypatch.setattr(owner, name, held)
    return in_flight, go_on


def _red_badges(page) -> int:
    return page.get_by_text("Error", exact=True).locator("visible=true").count()


def test_a_refused_import_keeps_the_form(store, capfd):
    from playwright.sync_api import expect

    with served_app(store) as (url, _app), chromium() as browser:
        page = _open(browser, url)
        page.locator("#paste-text textarea").fill("2024 — 2025")  # no language to detect
        page.locator("#doc-name").locator("input, textarea").first.fill("только цифры")
        page.locator("#import").click()
        expect(page.locator("#import-message")).to_contain_text("⛔")
        expect(page.locator("#paste-text textarea")).to_be_visible()
        expect(page.locator("#paste-text textarea")).to_have_value("2024 — 2025")
        expect(page.locator("#doc-name").locator("input, textarea").first).to_have_value("только цифры")
        assert _red_badges(page) == 0
        assert len(store.list_documents()) == 1
    assert "Traceback" not in capfd.readouterr().err


def test_saved_notice_belongs_to_its_segment_and_language(store, capfd):
    from playwright.sync_api import expect

    with served_app(store) as (url, _app), chromium() as browser:
        page = _open(browser, url)
        page.get_by_role("tab", name="Segment editor").click()
        page.locator("#save").click()
        expect(page.locator("#save-message")).to_contain_text("Saved: segment 1")
        page.locator("#next").click()
        expect(page.locator("#source")).to_contain_text(SOURCES[1])
        expect(page.locator("#save-message")).to_have_text("")

        page.locator("#save").click()
        expect(page.locator("#save-message")).to_contain_text("Saved: segment 2")
        page.locator("#ui-language").get_by_text("Русский").click()
        expect(page.locator("#save")).to_have_text("Сохранить")
        expect(page.locator("#save-message")).to_have_text("")

        # an empty approval is refused in the message line: the box is not covered, no traceback
        page.locator("#target textarea").fill("")
        page.locator("#approve-next").click()
        expect(page.locator("#save-message")).to_contain_text("Пустой перевод нельзя")
        expect(page.locator("#target textarea")).to_be_visible()
        assert _red_badges(page) == 0
    assert "Traceback" not in capfd.readouterr().err


def test_a_colleague_save_reaches_the_open_editor(store, monkeypatch):
    """The colleague's text is shown beside the translator's; the translation box is never rewritten, even
    when the translator types while the refresh is on its way (the poll read the box before the keystroke)."""
    from playwright.sync_api import expect
    from workbench.ui.desk_events import DeskEvents

    first, second, _third = store.segments(store.doc_id)
    in_flight, go_on = _hold(monkeypatch, DeskEvents, "colleague_saved")
    with served_app(store) as (url, _app), chromium() as browser:
        page = _open(browser, url + f"?doc={store.doc_id}&seg={second.id}")
        page.get_by_role("tab", name="Segment editor").click()
        expect(page.locator("#source")).to_contain_text(SOURCES[1])
        assert page.locator("#target textarea").input_value() == "访问三天。"

        # the poll sees wang's save with the untouched box; the translator types before its answer comes
        store.save_segment(second.id, "访问将持续三天。", "translated", second.version, "wang")
        assert in_flight.wait(30)
        page.locator("#target textarea").fill("我的译文。")
        go_on.set()
        expect(page.locator("#save-message")).to_contain_text("wang saved this segment", timeout=15_000)
        expect(page.locator("#conflict").first).to_be_visible()
        assert page.locator("#theirs textarea").input_value() == "访问将持续三天。"
        assert page.locator("#target textarea").input_value() == "我的译文。"

        # a plain save is refused (the box was loaded before wang's version); the overwrite saves the box
        page.locator("#save").click()
        expect(page.locator("#save-message")).to_contain_text("Not saved")
        page.locator("#target textarea").fill("我的最终译文。")
        page.locator("#overwrite").click()
        expect(page.locator("#save-message")).to_contain_text("Saved: segment 2")
        row = store.get_segment(second.id)
        assert (row.target, row.updated_by != "wang") == ("我的最终译文。", True)

        # "Keep theirs" loads the colleague's version into the box
        store.save_segment(second.id, "访问为期三天。", "translated", row.version, "wang")
        expect(page.locator("#theirs textarea")).to_have_value("访问为期三天。", timeout=15_000)
        page.locator("#keep-theirs").click()
        expect(page.locator("#target textarea")).to_have_value("访问为期三天。")
        expect(page.locator("#conflict").first).to_be_hidden()
        assert duplicate_ids(page) == []


def test_typing_while_a_save_is_on_its_way_is_kept(store, monkeypatch):
    """Save, then type on before the answer: the answer does not put the saved text back over the new typing."""
    from playwright.sync_api import expect

    _first, second, _third = store.segments(store.doc_id)
    with served_app(store) as (url, app), chromium() as browser:
        in_flight, go_on = _hold(monkeypatch, app.workbench.review, "save")
        page = _open(browser, url + f"?doc={store.doc_id}&seg={second.id}")
        page.get_by_role("tab", name="Segment editor").click()
        expect(page.locator("#source")).to_contain_text(SOURCES[1])
        page.locator("#target textarea").fill("第一稿。")
        page.locator("#save").click()
        assert in_flight.wait(30)
        page.locator("#target textarea").fill("第一稿。第二稿。")
        go_on.set()
        expect(page.locator("#save-message")).to_contain_text("Saved: segment 2")
        assert store.get_segment(second.id).target == "第一稿。"
        assert page.locator("#target textarea").input_value() == "第一稿。第二稿。"
        page.locator("#save").click()
        expect(page.locator("#save-message")).to_contain_text("version 3")
        assert store.get_segment(second.id).target == "第一稿。第二稿。"
