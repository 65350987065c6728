"""The model tab: "Adapt the model to approved segments" as a background job, the switch of the drafts to
the new version, and one-click rollback — in plain Python and in headless Chromium.

Both run the real adaptation of the tiny test model on 60 approved glossary pairs, with a small general
corpus made from ``tests/data`` (``--general``); each test has its own versions folder.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_ui_browser import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import glossary_pairs, write_general_corpus
from ui_support import free_port, start_server, stop
from workbench.store import Store


@pytest.fixture
def versions(tmp_path, monkeypatch):
    folder = tmp_path / "versions"
    monkeypatch.setenv("WORKBENCH_MODELS_DIR", str(folder))
    return folder


@pytest.fixture
def general(tmp_path) -> Path:
    folder = tmp_path / "general"
    folder.mkdir()
    return write_general_corpus(folder)


def approved_store(path: Path) -> Path:
    pairs = glossary_pairs()
    with Store(path) as store:
        store.create_document("approved terms", "ru", "zh", [[s for s, _ in pairs]], ["", ""],
                              targets=[(t, "approved") for _, t in pairs])
    return path


def test_the_adapt_job_switches_drafts_to_the_new_version_and_back(tiny_model, versions, general, tmp_path):
    from workbench.train.adapt import AdaptOptions
    from workbench.ui.adapting import AdaptManager
    from workbench.ui.drafting import Pipelines
    from workbench.versions import chosen_model

    store = Store(approved_store(tmp_path / "job.db"))
    pipelines = Pipelines(str(tiny_model))
    before = pipelines.get("ru", "zh")[0].translator
    assert Path(before.marian.path) == tiny_model.resolve()
    manager = AdaptManager(store, pipelines, general=general, options=AdaptOptions(epochs=2, threads=1))
    job = manager.start("ru", "zh")
    assert manager.start("ru", "zh") is job  # one job at a time
    manager.wait(300)
    assert job.state == "done", job.error
    assert job.made_default and job.card["segments"]["adaptation"] == 60
    adapted = Path(chosen_model("ru", "zh"))
    assert adapted.parent == versions
    # the next draft loads the adapted version; the other direction keeps its model
    assert Path(pipelines.get("ru", "zh")[0].translator.marian.path) == adapted
    assert pipelines.model_for("zh", "ru") == str(tiny_model)
    assert manager.current("ru", "zh")[1]["name"] == adapted.name

    assert manager.rollback("ru", "zh") == str(tiny_model)
    assert chosen_model("ru", "zh") is None
    assert Path(pipelines.get("ru", "zh")[0].translator.marian.path) == tiny_model.resolve()
    assert adapted.is_dir()  # rollback deletes nothing
    store.close()


def test_too_few_approved_segments_fail_the_job_with_the_reason(tiny_model, versions, tmp_path):
    from workbench.ui.adapting import AdaptManager
    from workbench.ui.drafting import Pipelines

    with Store(tmp_path / "empty.db") as store:
        manager = AdaptManager(store, Pipelines(str(tiny_model)))
        manager.start("zh", "ru")
        job = manager.wait(60)
    assert job.state == "failed"
    assert job.error.startswith("only 0 zh→ru pair(s) to adapt on; at least 50 are needed")


pytestmark_browser = pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing")


@pytestmark_browser
def test_adapt_and_roll_back_in_the_browser(tiny_model, versions, general, tmp_path):
    playwright_api = pytest.importorskip("playwright.sync_api")
    from playwright.sync_api import expect

    db = approved_store(tmp_path / "browser.db")
    port = free_port()
    server = start_server(db, port, "--model", str(tiny_model), "--general", str(general),
                          log=tmp_path / "server.log")
    try:
        with playwright_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                page = browser.new_context(locale="en-US").new_page()
                page.set_default_timeout(30_000)
                expect.set_options(timeout=30_000)
                page.goto(f"http://127.0.0.1:{port}/")
                page.get_by_role("tab", name="Model").click()
                expect(page.locator("#adapt-current")).to_contain_text("Drafts of Russian → Chinese use model")
                page.locator("#adapt-start").click()
                expect(page.locator("#adapt-status")).to_contain_text("Done in", timeout=300_000)
                status = page.locator("#adapt-status").inner_text()
                assert "held-out chrF" in status and "general chrF" in status
                assert "New drafts and re-translations use" in status
                expect(page.locator("#adapt-current")).to_contain_text("adapted version")
                defaults = json.loads((versions / "defaults.json").read_text(encoding="utf-8"))
                adapted = Path(defaults["ru-zh"]["model"])
                assert adapted.parent == versions and adapted.name in page.locator("#adapt-current").inner_text()

                page.locator("#adapt-rollback").click()
                expect(page.locator("#adapt-status")).to_contain_text("Rolled back")
                expect(page.locator("#adapt-current")).not_to_contain_text("adapted version")
                assert "ru-zh" not in json.loads((versions / "defaults.json").read_text(encoding="utf-8"))
                assert adapted.is_dir()
            finally:
                browser.close()
    finally:
        stop(server)
