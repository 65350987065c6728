"""Issue 23, item 4: a desk, not a form (the app in this process, the fake engine, headless Chromium).

The segment grid shows a screenful of rows, filters by status, searches source and translation, and
highlights the open segment; a click on a filtered row opens that segment. Boilerplate is marked "not for
translation" by number; documents are archived, restored and deleted (after a confirmation).
"""

from __future__ import annotations

import pytest

from browser_support import chromium, served_app
from workbench.store import Store
from workbench.ui.desk import format_numbers, grid_rows, parse_numbers

SOURCES = [f"Это предложение номер {n} пресс-релиза." for n in range(1, 41)]


@pytest.mark.parametrize("text, numbers", [("3", [3]), ("3, 7-9", [3, 7, 8, 9]), (" 1 2;5 ", [1, 2, 5]),
                                           ("4–5", [4, 5])])
def test_segment_numbers(text, numbers):
    assert parse_numbers(text, 10) == numbers
    assert parse_numbers(format_numbers(numbers), 10) == numbers


@pytest.mark.parametrize("text", ["", "abc", "0", "11", "5-3", "3,,x"])
def test_bad_segment_numbers_are_refused_with_the_range(text):
    from workbench.ui.desk import NumbersError

    with pytest.raises(NumbersError) as caught:
        parse_numbers(text, 10)
    assert caught.value.values == {"text": text, "total": 10}


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "desk.db") as store:
        doc_id = store.create_document("пресс-релиз", "ru", "zh", [[s] for s in SOURCES],
                                       [""] + ["\n\n"] * (len(SOURCES) - 1) + ["\n"], user="importer")
        for row in store.segments(doc_id):
            store.set_draft(row.id, f"译文{row.position + 1}。")
        for row in store.segments(doc_id)[:3]:
            store.save_segment(row.id, f"审定{row.position + 1}。", "approved", row.version, "li")
        store.doc_id = doc_id
        yield store


def test_grid_filters(store):
    rows = store.segments(store.doc_id)
    assert len(grid_rows(rows, "approved")) == 3
    assert len(grid_rows(rows, "todo")) == 37
    assert [r.position for r in grid_rows(rows, "all", "НОМЕР 17 ")] == [16]
    assert [r.position for r in grid_rows(rows, "all", "审定2")] == [1]  # the translation too


def _visible_rows(page) -> int:
    """Grid rows wholly inside the grid's scrolling box, as a translator sees them without scrolling."""
    return page.evaluate("""() => {
        const table = document.querySelector('#segments-table');
        const box = table.querySelector('.virtual-table-viewport') || table;
        const limit = box.getBoundingClientRect();
        const rows = Array.from(table.querySelectorAll('[role=row]')).filter(row => !row.closest('thead'));
        return rows.filter(tr => {
            const r = tr.getBoundingClientRect();
            return r.height > 0 && r.top >= limit.top - 1 && r.bottom <= limit.bottom + 1;
        }).length;
    }""")


def test_the_segment_grid(store):
    from playwright.sync_api import expect

    expect.set_options(timeout=30_000)
    with served_app(store) as (url, _app), chromium() as browser:
        page = browser.new_context(locale="en-US", viewport={"width": 1440, "height": 900}).new_page()
        page.set_default_timeout(30_000)
        page.goto(url)
        page.get_by_role("tab", name="Segment editor").click()
        grid = page.locator("#segments-table")
        expect(grid).to_contain_text(SOURCES[0][:20])
        expect(page.locator("#source")).to_contain_text(SOURCES[3])  # the first segment still to do
        assert _visible_rows(page) >= 20  # one line per row: 4 rows were in view before (issue 23)

        # the open segment's row is highlighted
        row = grid.locator(".virtual-row", has_text="номер 4 ").first
        expect(row.locator("[role=gridcell]").nth(2)).to_have_css("background-color", "rgb(253, 230, 138)")

        page.locator("#grid-status input").click()
        page.get_by_role("option", name="approved", exact=True).click()
        expect(grid.locator(".virtual-row")).to_have_count(3)
        page.locator("#grid-status input").click()
        page.get_by_role("option", name="all segments").click()
        expect(grid.locator(".virtual-row").nth(10)).to_be_visible()

        page.locator("#grid-search input, #grid-search textarea").first.fill("номер 17 ")
        expect(grid.locator(".virtual-row")).to_have_count(1)
        grid.locator(".virtual-row").first.locator("[role=gridcell]").nth(2).click()
        expect(page.locator("#source")).to_contain_text(SOURCES[16])
        expect(page.locator("#segment-no input")).to_have_value("17")
        expect(grid.locator(".virtual-row").first.locator("[role=gridcell]").nth(2)).to_have_css("background-color",
                                                                                 "rgb(253, 230, 138)")


def test_not_for_translation_by_number_and_the_documents_housekeeping(store):
    from playwright.sync_api import expect

    expect.set_options(timeout=30_000)
    other = store.create_document("второй", "ru", "zh", [["Второй документ."]], ["", "\n"], user="importer")
    with served_app(store) as (url, _app), chromium() as browser:
        page = browser.new_context(locale="en-US").new_page()
        page.set_default_timeout(30_000)
        page.goto(f"{url}?doc={store.doc_id}")
        expect(page.locator("#documents-table")).to_contain_text("пресс-релиз")
        assert page.locator("#documents input[type=checkbox]:visible, [id=documents] input[type=checkbox]:visible") \
            .count() <= 1  # the picker is no list of every segment as checkboxes
        numbers = page.locator("#skip-numbers input, #skip-numbers textarea").first
        numbers.fill("abc")
        page.locator("#skip-button").click()
        expect(page.locator("#skip-message")).to_contain_text("«abc» is not a list of segment numbers from 1 to 40")
        numbers.fill("38, 39-40")
        page.locator("#skip-button").click()
        expect(page.locator("#skip-now")).to_contain_text("Not for translation now: 38-40.")
        assert [r.status for r in store.segments(store.doc_id)][-4:] == ["draft", "skip", "skip", "skip"]
        numbers.fill("39")
        page.locator("#unskip-button").click()
        expect(page.locator("#skip-now")).to_contain_text("Not for translation now: 38, 40.")

        # archive: out of the lists, kept whole; restore; delete only after the question
        page.locator("#archive").click()
        expect(page.locator("#document-message")).to_contain_text("«пресс-релиз» is archived")
        expect(page.locator("#documents-table")).not_to_contain_text("пресс-релиз")
        assert store.get_document(store.doc_id).archived and store.get_document(store.doc_id).total == 40
        page.locator("#show-archived input").check()
        expect(page.locator("#documents-table")).to_contain_text("пресс-релиз (archived)")
        page.locator("#document input").click()
        page.get_by_role("option", name=f"{store.doc_id} · пресс-релиз", exact=False).click()
        page.locator("#restore").click()
        expect(page.locator("#document-message")).to_contain_text("«пресс-релиз» is back in the lists")
        assert not store.get_document(store.doc_id).archived

        page.locator("#delete-document").click()
        expect(page.locator("#delete-question")).to_contain_text("Delete «пресс-релиз» for good, with its 40 segments")
        page.locator("#delete-no").click()
        expect(page.locator("#delete-confirm")).to_be_hidden()
        assert len(store.list_documents()) == 2
        page.locator("#delete-document").click()
        page.locator("#delete-yes").click()
        expect(page.locator("#document-message")).to_contain_text("«пресс-релиз» was deleted (40 segments)")
        assert [d.id for d in store.list_documents()] == [other]
        expect(page.locator("#documents-table")).not_to_contain_text("пресс-релиз")


def test_memory_matches_marked_repaired_and_searched(store):
    """Issue 23: what a fuzzy match differs in is marked and its numbers put in; and a word with no match —
    how was it translated before? Either language, any case."""
    from playwright.sync_api import expect

    found = store.tm_search("ПРЕДЛОЖЕНИЕ номер", "ru", "zh")
    assert [m.target for m in found] == ["审定3。", "审定2。", "审定1。"]  # newest first
    assert [m.source for m in store.tm_search("审定2", "ru", "zh")] == [SOURCES[1]]
    assert store.tm_search("审定", "zh", "ru") == [] and store.tm_search("  ", "ru", "zh") == []
    assert len(store.tm_search("номер", "ru", "zh", limit=2)) == 2

    expect.set_options(timeout=30_000)
    with served_app(store) as (url, _app), chromium() as browser:
        page = browser.new_context(locale="en-US").new_page()
        page.set_default_timeout(30_000)
        page.goto(f"{url}?doc={store.doc_id}")
        page.get_by_role("tab", name="Segment editor").click()
        expect(page.locator("#source")).to_contain_text(SOURCES[3])
        # the fuzzy matches of segment 4 differ only in the number: marked, and the number put in
        tm = page.locator("#tm")
        expect(tm).to_contain_text("numbers put in 🔧 — 审定4。  ⟵ Это предложение номер ⟦3⟧ пресс-релиза.")
        tm.get_by_text("审定4。  ⟵ Это предложение номер ⟦3⟧", exact=False).click()
        page.locator("#use-tm").click()
        expect(page.locator("#target textarea")).to_have_value("审定4。")
        box = page.locator("#tm-search input, #tm-search textarea").first
        box.fill("审定2")
        box.press("Enter")
        results = page.locator("#tm-search-results")
        expect(results).to_contain_text("1 entries of the memory contain «审定2» (newest first):")
        expect(results.locator("strong")).to_have_text(["审定2"])
        expect(results).to_contain_text(SOURCES[1])
        box.fill("Якутск")
        box.press("Enter")
        expect(results).to_contain_text("No entry of the memory contains «Якутск».")
