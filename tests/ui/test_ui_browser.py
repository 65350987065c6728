"""End to end in headless Chromium: import the sample release, watch drafts arrive, edit, approve, reload,
and a second browser saving a stale version gets the conflict shown.

The server is ``python app.py`` with the tiny test model (real Marian decoding under the glossary), run as a
subprocess; Chromium is Debian's ``/usr/bin/chromium`` driven by Playwright's sync API.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ui_support import free_port, start_server, stop
from workbench.store import Store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="/usr/bin/chromium is missing (apt-get install chromium; CI installs it)")

EDIT = "黑河市人民政府代表团访问雅库茨克（端到端测试）"


def textarea_value(page, elem_id: str) -> str:
    return page.eval_on_selector(f"#{elem_id} textarea", "el => el.value")


@pytest.fixture
def server(tmp_path, tiny_model):
    db = tmp_path / "browser.db"
    port = free_port()
    process = start_server(db, port, "--model", str(tiny_model), log=tmp_path / "server.log")
    try:
        yield f"http://127.0.0.1:{port}/", db
    finally:
        stop(process)


@pytest.fixture
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def test_review_in_the_browser(server, browser, sample_text):
    from playwright.sync_api import expect

    expect.set_options(timeout=30_000)  # the machine is busy drafting while we click
    url, db = server
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(url)
    page.locator("#paste-text textarea").fill(sample_text)
    page.locator("#paste-text textarea").blur()
    expect(page.locator("#detected")).to_contain_text("Detected: Russian → Chinese")
    page.locator("#doc-name").locator("input, textarea").first.fill("heihe-e2e")
    page.locator("#import").click()
    expect(page.locator("#import-message")).to_contain_text("Imported «heihe-e2e»", timeout=60_000)

    # The editor opens on the first segment at once; its machine draft arrives while we wait.
    expect(page.locator("#source")).to_contain_text("Евгений Григорьев")
    page.wait_for_function("() => { const t = document.querySelector('#draft textarea');"
                           " return t && t.value && !t.value.startsWith('(no draft'); }", timeout=120_000)
    draft = textarea_value(page, "draft")
    expect(page.locator("#terms")).to_contain_text("叶夫根尼·格里戈里耶夫")
    assert "叶夫根尼·格里戈里耶夫" in draft  # the glossary term is enforced even by a random model

    # Edit and approve with the keyboard shortcut; "saved" appears only after the store committed it.
    target = page.locator("#target textarea")
    target.fill(EDIT)
    target.press("Control+Enter")
    expect(page.locator("#save-message")).to_contain_text("Saved: segment 1", timeout=30_000)
    with Store(db) as store:
        info = store.find_document("heihe-e2e")
        first, second = store.segments(info.id)[:2]
        assert (first.target, first.status) == (EDIT, "approved")
    # Approve & next moved on to the next segment that needs work.
    expect(page.locator("#source")).to_contain_text(second.source[:20])

    page.reload()
    page.get_by_role("tab", name="Segment editor").click()
    expect(page.locator("#segments-table")).to_contain_text(EDIT)

    # Two translators on the same segment: B loaded version 1, A saves first, B's save is a conflict.
    link = f"{url}?doc={info.id}&seg={second.id}"
    page.goto(link)
    other = browser.new_context(locale="ru-RU").new_page()
    other.set_default_timeout(30_000)
    other.goto(link)
    expect(other.locator("#source")).to_contain_text(second.source[:20])
    expect(page.locator("#source")).to_contain_text(second.source[:20])
    # B's box is never rewritten by A's save: A's text is shown beside B's, and B's save is refused.
    other.locator("#target textarea").fill("B 的译文")
    page.locator("#target textarea").fill("A 的译文")
    page.locator("#save").click()
    expect(page.locator("#save-message")).to_contain_text("Saved: segment 2")
    expect(other.locator("#save-message")).to_contain_text("текст показан рядом с вашим")
    assert textarea_value(other, "target") == "B 的译文"
    other.locator("#save").click()
    expect(other.locator("#conflict").first).to_be_visible()
    expect(other.locator("#save-message")).to_contain_text("Не сохранено")  # Accept-Language: ru
    assert textarea_value(other, "theirs") == "A 的译文"
    assert textarea_value(other, "yours") == "B 的译文"
    with Store(db) as store:
        assert store.get_segment(second.id).target == "A 的译文"
    other.locator("#overwrite").click()
    expect(other.locator("#save-message")).to_contain_text("Сохранено: сегмент 2")
    with Store(db) as store:
        row = store.get_segment(second.id)
        assert (row.target, row.version) == ("B 的译文", 3)

    # The language switch relabels the page.
    other.locator("#ui-language").get_by_text("中文").click()
    expect(other.locator("#save")).to_have_text("保存")
    expect(other.locator("#approve-next")).to_contain_text("审定并转到下一句")


STRAY_TEXT = "Ctrl+Enter здесь ничего не утверждает"


def _text_boxes(page):
    """Every text box on screen outside the segment editor's translation box (dropdowns left out)."""
    return page.locator("textarea:visible, input[type=text]:visible, input[type=number]:visible")


def _press_ctrl_enter_in_every_box(page, tab: str) -> list[str]:
    """Open *tab*, type into each editable text box and press Ctrl+Enter there; the boxes' ids."""
    page.get_by_role("tab", name=tab).click()
    pressed = []
    boxes = _text_boxes(page)
    for number in range(boxes.count()):
        box = boxes.nth(number)
        if box.evaluate("el => !!el.closest('#target, .dropdown, [role=listbox]') || el.readOnly || el.disabled"):
            continue
        if box.get_attribute("type") != "number":
            box.fill(STRAY_TEXT)
        box.press("Control+Enter")
        pressed.append(box.evaluate("el => (el.closest('[id]') || {}).id || el.tagName"))
    return pressed


def _statuses(db, doc_id):
    with Store(db) as store:
        return [(r.status, r.version) for r in store.segments(doc_id)]


def test_ctrl_enter_approves_only_from_the_editor(server, browser, sample_text):
    """Issue 23: Ctrl+Enter in the glossary notes or the paste box approved the hidden editor's draft."""
    from playwright.sync_api import expect

    expect.set_options(timeout=30_000)
    url, db = server
    lines = [line for line in sample_text.split("\n") if line.strip()][:3]
    with Store(db) as store:
        doc_id = store.create_document("shortcut", "ru", "zh", [[line] for line in lines],
                                       ["", "\n\n", "\n\n", "\n"], user="importer")
    page = browser.new_context(locale="en-US").new_page()
    page.set_default_timeout(30_000)
    page.goto(url)  # opening the document starts its drafting
    for _ in range(240):
        if all(status == "draft" for status, _ in _statuses(db, doc_id)):
            break
        page.wait_for_timeout(500)
    # The translator opens segment 1 (its machine draft fills the translation box), then leaves the editor.
    page.reload()
    page.get_by_role("tab", name="Segment editor").click()
    expect(page.locator("#source")).to_contain_text(lines[0][:20])
    assert textarea_value(page, "target").strip(), "the editor should hold a draft that could be approved"
    before = _statuses(db, doc_id)
    assert before == [("draft", 1)] * 3

    pressed = []
    for tab in ("Documents", "Glossary", "Segment editor"):  # the editor's own other boxes too
        pressed += _press_ctrl_enter_in_every_box(page, tab)
    assert {"paste-text", "doc-name", "glossary-notes", "glossary-add-notes", "segment-no"} <= set(pressed)
    page.wait_for_timeout(2_000)  # time for any save a stray shortcut would have sent
    assert _statuses(db, doc_id) == before
    expect(page.locator("#save-message")).not_to_contain_text("Saved")

    # In the editor's translation box the shortcut still approves, once.
    page.get_by_role("tab", name="Segment editor").click()
    page.locator("#segment-no input").fill("1")
    page.locator("#segment-no input").press("Enter")
    expect(page.locator("#source")).to_contain_text(lines[0][:20])
    draft = textarea_value(page, "target")
    page.locator("#target textarea").press("Control+Enter")
    expect(page.locator("#save-message")).to_contain_text("Saved: segment 1")
    after = _statuses(db, doc_id)
    assert after[0] == ("approved", 2) and after[1:] == before[1:]
    with Store(db) as store:
        assert store.segments(doc_id)[0].target == draft


def test_export_in_the_browser_writes_only_approved_text(server, browser):
    """Issue 23: the Download button leaves unapproved segments in the source, marked, and says so."""
    from playwright.sync_api import expect

    expect.set_options(timeout=30_000)
    url, db = server
    with Store(db) as store:
        doc_id = store.create_document("export", "ru", "zh",
                                       [["Делегация прибыла в Якутск."], ["Визит продлится три дня."]],
                                       ["", "\n\n", "\n"], user="importer")
        first, second = store.segments(doc_id)
        store.set_draft(first.id, "代表团抵达雅库茨克。")
        store.save_segment(first.id, "代表团抵达雅库茨克。", "approved", 1, "li")
        store.set_draft(second.id, "机器初稿。")  # drafted, never reviewed
    page = browser.new_context(locale="en-US").new_page()
    page.set_default_timeout(30_000)
    page.goto(url)
    page.locator("#export-format input").click()
    page.get_by_role("option", name="txt", exact=True).click()
    page.locator("#export").click()
    expect(page.locator("#export-message")).to_contain_text(
        "«export» (txt): 1 of 2 segments approved; the 1 not approved are left in the source language, "
        "marked «未审定·原文».")
    link = page.locator("#export-file a").first
    expect(link).to_be_visible()
    text = page.request.get(link.get_attribute("href")).text()
    assert text == "代表团抵达雅库茨克。\n\n【未审定·原文：Визит продлится три дня.】\n"

    page.locator("#export-unreviewed").get_by_text("Export nothing until every segment is approved").click()
    page.locator("#export").click()
    expect(page.locator("#export-message")).to_contain_text(
        "1 of 2 segments are not approved, so nothing was exported")
    expect(page.locator("#export-file a")).to_have_count(0)
