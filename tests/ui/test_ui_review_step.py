"""Issue 23, item 3: a review step. Roles come from the ``--auth`` file (``user:HASH:reviewer``); where it
names roles only reviewers approve, a reviewer sends a segment back with a question, anyone comments, and the
approval answers the question."""

from __future__ import annotations

import pytest

from browser_support import CHROMIUM, chromium, served_app
from workbench.errors import InputError, RoleError
from workbench.store import Store
from workbench.ui import auth
from workbench.ui.review import Review

SOURCES = ["Делегация прибыла в Якутск.", "Визит продлится три дня."]


def _password_file(tmp_path, roles=True):
    path = tmp_path / "users.txt"
    wang = f"wang:{auth.hash_password('wang-pass', iterations=1000)}" + (":reviewer" if roles else "")
    ivanova = f"ivanova:{auth.hash_password('ivanova-pass', iterations=1000)}"
    path.write_text(f"{wang}\n{ivanova}\n", encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "review.db") as store:
        store.doc_id = store.create_document("визит", "ru", "zh", [[s] for s in SOURCES], ["", "\n\n", "\n"],
                                             user="importer")
        for row, draft in zip(store.segments(store.doc_id), ["代表团抵达。", "访问三天。"]):
            store.set_draft(row.id, draft)
        yield store


def test_roles_from_the_password_file(tmp_path):
    assert auth.PasswordFile(_password_file(tmp_path)).roles == {"wang": "reviewer", "ivanova": "translator"}
    assert auth.PasswordFile(_password_file(tmp_path, roles=False)).roles == {}  # no roles: everyone approves
    bad = tmp_path / "bad.txt"
    bad.write_text(f"li:{auth.hash_password('x', iterations=1000)}:editor\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.txt:1: unknown role 'editor' \(expected translator or reviewer\)"):
        auth.PasswordFile(bad)


def test_only_reviewers_approve_and_send_back(store, tmp_path):
    from ui_support import ROOT
    from workbench.ui.drafting import Pipelines

    review = Review(store, Pipelines(glossary_paths=[ROOT / "glossaries"]))
    row = store.segments(store.doc_id)[0]
    with pytest.raises(RoleError):
        review.save(row.id, "代表团抵达雅库茨克。", "approved", row.version, "ivanova", role="translator")
    saved = review.save(row.id, "代表团抵达雅库茨克。", "translated", row.version, "ivanova", role="translator")
    with pytest.raises(RoleError):
        review.send_back(row.id, "?", saved.segment.version, "ivanova", role="translator")
    approved = review.save(row.id, "代表团抵达雅库茨克。", "approved", saved.segment.version, "wang", role="reviewer")
    back = review.send_back(row.id, "«прибыла» — 抵达 или 到达?", approved.segment.version, "wang", role="reviewer")
    assert back.segment.status == "translated" and store.open_questions(store.doc_id) == {row.id}
    assert not store.tm_lookup(row.source, "ru", "zh")  # no longer approved, no longer in the memory
    assert [h.action for h in store.history(row.id)][-1] == "return"
    review.comment(row.id, "到达 лучше.", "ivanova")
    stale = review.send_back(row.id, "ещё вопрос", back.segment.version - 1, "wang", role="reviewer")
    assert stale.conflict and len(store.comments(row.id)) == 2
    review.save(row.id, "代表团到达雅库茨克。", "approved", back.segment.version, "wang", role="reviewer")
    assert store.open_questions(store.doc_id) == set()
    assert [(c.kind, c.resolved) for c in store.comments(row.id)] == [("question", True), ("comment", False)]
    # without roles (no --auth, or a file that names none) everyone approves, as before
    second = store.segments(store.doc_id)[1]
    assert review.save(second.id, "访问三天。", "approved", second.version, "translator").segment.status == "approved"


def _login(browser, url, user, password):
    page = browser.new_context(locale="en-US").new_page()
    page.set_default_timeout(30_000)
    page.goto(url)
    page.locator("input[type=text], input:not([type])").first.fill(user)
    page.locator("input[type=password]").fill(password)
    page.locator("input[type=password]").press("Enter")
    page.get_by_role("tab", name="Segment editor").click()
    return page


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing")
def test_review_step_in_the_browser(store, tmp_path):
    from playwright.sync_api import expect

    expect.set_options(timeout=30_000)
    first = store.segments(store.doc_id)[0]
    with served_app(store, auth=_password_file(tmp_path)) as (url, _app), chromium() as browser:
        translator = _login(browser, url, "ivanova", "ivanova-pass")
        expect(translator.locator("#user")).to_contain_text("Signed in as ivanova (translator)")
        expect(translator.locator("#source")).to_contain_text(SOURCES[0])
        translator.locator("#target textarea").fill("代表团抵达雅库茨克。")
        translator.locator("#approve-next").click()  # a translator's "approve" sends the text for review
        expect(translator.locator("#save-message")).to_contain_text("Sent for review")
        assert store.get_segment(first.id).status == "translated"
        translator.locator("#segment-no input").fill("1")
        translator.locator("#segment-no input").press("Enter")
        expect(translator.locator("#source")).to_contain_text(SOURCES[0])  # back on segment 1
        translator.locator("#status").get_by_text("approved").click()
        translator.locator("#save").click()
        expect(translator.locator("#save-message")).to_contain_text("Only a reviewer approves")
        assert store.get_segment(first.id).status == "translated"

        reviewer = _login(browser, url, "wang", "wang-pass")
        expect(reviewer.locator("#user")).to_contain_text("(reviewer)")
        expect(reviewer.locator("#source")).to_contain_text(SOURCES[0])
        reviewer.locator("#comment-text textarea").fill("抵达 или 到达?")
        reviewer.locator("#send-back").click()
        expect(reviewer.locator("#save-message")).to_contain_text("Segment 1 sent back")
        expect(reviewer.locator("#comments")).to_contain_text("open question")
        assert store.open_questions(store.doc_id) == {first.id}

        translator.reload()
        translator.get_by_role("tab", name="Segment editor").click()
        expect(translator.locator("#comments")).to_contain_text("抵达 или 到达?")
        expect(translator.locator("#segments-table")).to_contain_text("❓")
        translator.locator("#comment-text textarea").fill("到达.")
        translator.locator("#add-comment").click()
        expect(translator.locator("#comments")).to_contain_text("ivanova")
        translator.locator("#send-back").click()  # empty box: refused
        expect(translator.locator("#save-message")).to_contain_text("⛔")

        reviewer.reload()
        reviewer.get_by_role("tab", name="Segment editor").click()
        reviewer.locator("#segment-no input").fill("1")
        reviewer.locator("#segment-no input").press("Enter")
        expect(reviewer.locator("#comments")).to_contain_text("到达.")
        reviewer.locator("#approve-next").click()
        expect(reviewer.locator("#save-message")).to_contain_text("Saved: segment 1")
        assert store.get_segment(first.id).status == "approved" and store.open_questions(store.doc_id) == set()
