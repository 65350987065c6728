"""The review workbench through its HTTP API (``gradio_client``), launched in-process with a fake engine."""

from __future__ import annotations

import time
import urllib.error
import urllib.request

import pytest

from ui_support import free_port
from workbench.store import Store
from workbench.ui import build_app, launch_app
from workbench.ui.auth import hash_password

RELEASE = ("Делегация города Хэйхэ прибыла в Якутск 26 марта.\n\n"
           "Гостей встретил глава города. Стороны подписали соглашение о сотрудничестве.\n")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """``(app, client, store)`` for an app on a free port over a fresh database (one per module)."""
    from gradio_client import Client
    from ui_support import FakeTranslator as fake_factory

    store = Store(tmp_path_factory.mktemp("api") / "api.db")
    app = build_app(store, translator_factory=fake_factory)
    port = free_port()
    launch_app(app, port=port, prevent_thread_lock=True)
    try:
        yield app, Client(f"http://127.0.0.1:{port}/", verbose=False), store
    finally:
        app.workbench.drafting.stop()
        app.close()
        store.close()


def wait_for_drafts(client, doc_id: int, timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        progress = client.predict(doc_id, api_name="/progress")
        if progress["drafting"] in ("done", "failed"):
            return progress
        time.sleep(0.1)
    raise TimeoutError("drafting did not finish")


def test_import_draft_save_conflict_approve_tm(served):
    app, client, store = served
    imported = client.predict(RELEASE, "heihe-visit", "auto", api_name="/import_text")
    assert imported["segments"] == 3 and (imported["source_lang"], imported["target_lang"]) == ("ru", "zh")
    doc_id = imported["doc_id"]
    progress = wait_for_drafts(client, doc_id)
    assert progress == {"total": 3, "approved": 0, "translated": 0, "drafted": 3, "skipped": 0,
                        "drafting": "done", "error": ""}
    first, second, _ = client.predict(doc_id, api_name="/segments")
    # The fake engine writes every glossary term it was constrained to: the draft has the agreed names.
    assert first["draft"] == "译文黑河雅库茨克。" and first["status"] == "draft" and first["version"] == 1

    saved = client.predict(first["id"], "黑河市代表团3月26日抵达雅库茨克。", "translated", 1,
                           api_name="/save_segment")
    assert saved["saved"] and saved["segment"]["version"] == 2 and saved["segment"]["status"] == "translated"
    assert store.get_segment(first["id"]).target == "黑河市代表团3月26日抵达雅库茨克。"  # on disk already

    stale = client.predict(first["id"], "另一个译文。", "translated", 1, api_name="/save_segment")
    assert not stale["saved"] and stale["segment"] is None
    assert stale["conflict"]["yours"] == "另一个译文。"
    assert stale["conflict"]["theirs"]["target"] == "黑河市代表团3月26日抵达雅库茨克。"
    assert stale["conflict"]["theirs"]["version"] == 2
    assert store.get_segment(first["id"]).target == "黑河市代表团3月26日抵达雅库茨克。"  # nothing overwritten

    # "Overwrite with mine" = the same save from the version that was shown as theirs.
    mine = client.predict(first["id"], "另一个译文。", "translated", 2, api_name="/save_segment")
    assert mine["saved"] and mine["segment"]["version"] == 3

    approved = client.predict(first["id"], "黑河市代表团3月26日抵达雅库茨克。", "approved", 3,
                              api_name="/save_segment")
    assert approved["saved"] and approved["findings"] == []
    history = client.predict(first["id"], api_name="/history")
    assert [h["action"] for h in history] == ["edit", "edit", "edit", "draft", "import"]
    assert history[0]["user"] == "translator"

    # A later document with the same sentence gets the approved translation from the memory.
    again = client.predict("Делегация города Хэйхэ прибыла в Якутск 26 марта.", "again", "ru-zh",
                           api_name="/import_text")
    [segment] = client.predict(again["doc_id"], api_name="/segments")
    [match] = client.predict(segment["id"], api_name="/tm_matches")
    assert match["exact"] and match["score"] == 100 and match["target"] == "黑河市代表团3月26日抵达雅库茨克。"
    near = client.predict(second["id"], api_name="/tm_matches")
    assert near == []
    # Another date: the differing number is marked, and put into the memory's translation (issue 23).
    later = client.predict("Делегация города Хэйхэ прибыла в Якутск 27 марта.", "later", "ru-zh",
                           api_name="/import_text")
    [segment] = client.predict(later["doc_id"], api_name="/segments")
    [fuzzy] = client.predict(segment["id"], api_name="/tm_matches")
    assert not fuzzy["exact"] and fuzzy["repaired"] == ["numbers"] and fuzzy["score"] < 100
    assert fuzzy["marked"] == "Делегация города Хэйхэ прибыла в Якутск ⟦26⟧ марта."
    assert (fuzzy["target"], fuzzy["memory_target"]) == ("黑河市代表团3月27日抵达雅库茨克。", "黑河市代表团3月26日抵达雅库茨克。")
    # Another city of the glossary and another date: both put in.
    city = client.predict("Делегация города Хэйхэ прибыла в Айхуэй 28 марта.", "city", "ru-zh",
                          api_name="/import_text")
    [segment] = client.predict(city["doc_id"], api_name="/segments")
    [fuzzy] = client.predict(segment["id"], api_name="/tm_matches")
    assert fuzzy["repaired"] == ["numbers", "terms"] and fuzzy["target"] == "黑河市代表团3月28日抵达爱辉。"
    # Concordance: the memory's entries with a word, in either language.
    [entry] = client.predict(city["doc_id"], "3月26日", api_name="/tm_search")
    assert entry["source"] == "Делегация города Хэйхэ прибыла в Якутск 26 марта." and entry["origin"]


def test_save_reports_qa_and_refuses_an_empty_approval(served):
    _, client, _ = served
    doc_id = client.predict(RELEASE, "qa", "auto", api_name="/import_text")["doc_id"]
    wait_for_drafts(client, doc_id)
    first = client.predict(doc_id, api_name="/segments")[0]
    result = client.predict(first["id"], "代表团3月25日抵达。", "translated", 1, api_name="/save_segment")
    assert result["saved"]
    checks = {f["check"] for f in result["findings"]}
    assert any("term" in c for c in checks) and any("number" in c for c in checks)
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="empty"):
        client.predict(first["id"], "  ", "approved", 2, api_name="/save_segment")


def test_alternatives_enforced_first(served):
    _, client, _ = served
    doc_id = client.predict(RELEASE, "alt", "auto", api_name="/import_text")["doc_id"]
    first = client.predict(doc_id, api_name="/segments")[0]
    result = client.predict(first["id"], 3, api_name="/alternatives")
    texts = [a["text"] for a in result["alternatives"]]
    assert texts[0] == "译文黑河雅库茨克。" and len(texts) == 3
    assert result["alternatives"][0]["missing"] == []
    assert result["alternatives"][1]["missing"] == ["黑河", "雅库茨克"]
    assert result["seconds"] >= 0


def test_database_file_is_not_served(served, tmp_path):
    app, client, store = served
    base = client.src.rstrip("/")
    for url in (f"{base}/gradio_api/file={store.path}", f"{base}/file={store.path}",
                f"{base}/gradio_api/file=/etc/passwd"):
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(url, timeout=5)
        assert err.value.code in (403, 404), url


def test_login_user_goes_into_history(tmp_path, fake_factory):
    from gradio_client import Client

    users = tmp_path / "users.txt"
    users.write_text(f"li:{hash_password('Хэйхэ-2024', iterations=1000)}\n", encoding="utf-8")
    store = Store(tmp_path / "auth.db")
    app = build_app(store, translator_factory=fake_factory, auth=str(users))
    port = free_port()
    launch_app(app, port=port, prevent_thread_lock=True)
    try:
        url = f"http://127.0.0.1:{port}/"
        with pytest.raises(Exception):
            Client(url, auth=("li", "wrong"), verbose=False)
        client = Client(url, auth=("li", "Хэйхэ-2024"), verbose=False)
        doc_id = client.predict(RELEASE, "auth", "auto", api_name="/import_text")["doc_id"]
        first = store.segments(doc_id)[0]
        client.predict(first.id, "黑河市代表团3月26日抵达雅库茨克。", "approved", first.version,
                       api_name="/save_segment")
        assert client.predict(first.id, api_name="/history")[0]["user"] == "li"
        assert store.get_segment(first.id).updated_by == "li"
    finally:
        app.workbench.drafting.stop()
        app.close()
        store.close()


def test_simultaneous_saves_one_wins_one_conflicts(served):
    from concurrent.futures import ThreadPoolExecutor

    _, client, store = served
    doc_id = client.predict(RELEASE, "race", "auto", api_name="/import_text")["doc_id"]
    first = store.segments(doc_id)[0]
    texts = [f"译员{i}的译文。" for i in range(4)]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda text: client.predict(first.id, text, "translated", first.version,
                                                            api_name="/save_segment"), texts))
    winners = [r for r in results if r["saved"]]
    assert len(winners) == 1 and sum(1 for r in results if r["conflict"]) == 3
    row = store.get_segment(first.id)
    assert (row.target, row.version) == (winners[0]["segment"]["target"], first.version + 1)


def test_filter_archive_and_delete_over_the_api(served):
    _, client, store = served
    doc_id = client.predict(RELEASE, "housekeeping", "auto", api_name="/import_text")["doc_id"]
    everything = client.predict(doc_id, api_name="/segments")
    assert len(client.predict(doc_id, "all", "соглашение", api_name="/segments")) == 1
    assert len(client.predict(doc_id, "approved", "", api_name="/segments")) == 0
    assert len(everything) == 3
    assert client.predict(doc_id, True, api_name="/archive_document") == {"doc_id": doc_id, "archived": True}
    assert doc_id not in [d.id for d in store.list_documents(archived=False)]
    assert client.predict(doc_id, False, api_name="/archive_document")["archived"] is False
    assert client.predict(doc_id, api_name="/delete_document") == {"doc_id": doc_id, "deleted_segments": 3}
    assert doc_id not in [d.id for d in store.list_documents()]


def test_roles_over_the_api(tmp_path, fake_factory):
    from gradio_client import Client

    users = tmp_path / "users.txt"
    users.write_text(f"wang:{hash_password('w', iterations=1000)}:reviewer\n"
                     f"ivanova:{hash_password('i', iterations=1000)}\n", encoding="utf-8")
    store = Store(tmp_path / "roles.db")
    app = build_app(store, translator_factory=fake_factory, auth=str(users))
    port = free_port()
    launch_app(app, port=port, prevent_thread_lock=True)
    try:
        url = f"http://127.0.0.1:{port}/"
        translator = Client(url, auth=("ivanova", "i"), verbose=False)
        reviewer = Client(url, auth=("wang", "w"), verbose=False)
        doc_id = translator.predict(RELEASE, "roles", "auto", api_name="/import_text")["doc_id"]
        first = store.segments(doc_id)[0]
        with pytest.raises(Exception, match="only a reviewer approves"):
            translator.predict(first.id, "黑河代表团抵达。", "approved", first.version, api_name="/save_segment")
        saved = translator.predict(first.id, "黑河代表团抵达。", "translated", first.version, api_name="/save_segment")
        version = saved["segment"]["version"]
        with pytest.raises(Exception, match="only a reviewer sends segments back"):
            translator.predict(first.id, "?", version, api_name="/send_back")
        back = reviewer.predict(first.id, "抵达 или 到达?", version, api_name="/send_back")
        assert back["saved"] and back["segment"]["status"] == "translated"
        translator.predict(first.id, "到达.", api_name="/add_comment")
        assert [(c["user"], c["kind"]) for c in reviewer.predict(first.id, api_name="/comments")] == \
            [("wang", "question"), ("ivanova", "comment")]
        approved = reviewer.predict(first.id, "黑河代表团到达。", "approved", back["segment"]["version"],
                                    api_name="/save_segment")
        assert approved["segment"]["status"] == "approved" and store.open_questions(doc_id) == set()
    finally:
        app.workbench.drafting.stop()
        app.close()
        store.close()


def test_the_upload_route_takes_only_document_files(tmp_path):
    """Issue 23: Gradio's upload route stored any file type; only what the upload box accepts may land."""
    import httpx

    from browser_support import served_app
    from workbench.store import Store

    with Store(tmp_path / "uploads.db") as store, served_app(store) as (url, app):
        upload = f"{url}gradio_api/upload"
        refused = httpx.post(upload, files=[("files", ("tool.exe", b"MZ\x90\x00" * 64, "application/octet-stream"))])
        assert refused.status_code == 415
        assert refused.text.startswith("tool.exe: only .docx, .markdown, .md, .po, .pot, .sdlxliff, .text, .tmx, .txt, .xlf, .xliff")
        mixed = httpx.post(upload, files=[("files", ("release.txt", "Якутск.".encode(), "text/plain")),
                                          ("files", ("page.html", b"<html></html>", "text/html"))])
        assert mixed.status_code == 415 and mixed.text.startswith("page.html:")
        accepted = httpx.post(upload, files=[("files", ("Релиз.TXT", "Делегация прибыла в Якутск.".encode(),
                                                         "text/plain"))])
        assert accepted.status_code == 200, accepted.text
        stored = accepted.json()[0]
        assert stored.endswith("Релиз.TXT") and open(stored, encoding="utf-8").read() == "Делегация прибыла в Якутск."
        too_big = httpx.post(upload, files=[("files", ("big.txt", b"a" * (app.workbench.max_bytes + 200_000),
                                                        "text/plain"))])
        assert too_big.status_code == 413 and too_big.text.startswith("big.txt: larger than")
        # a translation memory may be larger than a document
        memory = httpx.post(upload, files=[("files", ("memory.tmx", b"<tmx/>" + b" " * (app.workbench.max_bytes
                                                                                       + 200_000), "text/xml"))])
        assert memory.status_code == 200, memory.text


def test_a_document_file_still_uploads_in_the_browser(tmp_path):
    """The upload check lets the page's own uploads through: a .txt chosen in the Documents tab is imported."""
    from playwright.sync_api import expect

    from browser_support import CHROMIUM, chromium, served_app
    from workbench.store import Store

    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is missing")
    release = tmp_path / "visit.txt"
    release.write_text("Делегация Хэйхэ прибыла в Якутск.\n\nВизит продлится три дня.\n", encoding="utf-8")
    expect.set_options(timeout=30_000)
    with Store(tmp_path / "browser-upload.db") as store, served_app(store) as (url, _app), chromium() as browser:
        page = browser.new_context(locale="en-US").new_page()
        page.set_default_timeout(30_000)
        page.goto(url)
        page.locator("#upload input[type=file]").set_input_files(str(release))
        expect(page.locator("#upload")).to_contain_text("visit.txt")
        page.locator("#import").click()
        expect(page.locator("#import-message")).to_contain_text("Imported «visit.txt»: 2 segments")
        assert [d.name for d in store.list_documents()] == ["visit.txt"]


def test_a_tmx_uploaded_in_the_browser_goes_into_the_memory(tmp_path):
    """Issue 24: a press office brings its years of approved pairs as TMX through the Documents tab; the
    memory then offers them in the editor (the upload's own name, not the server's copy, in the message)."""
    from playwright.sync_api import expect

    from browser_support import CHROMIUM, chromium, served_app
    from workbench.store import Store
    from workbench.ui import i18n

    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is missing")
    memory = tmp_path / "heihe-memory.tmx"
    memory.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="ru-RU" datatype="plaintext" '
        'segtype="sentence" adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/><body>'
        '<tu><tuv xml:lang="ru-RU"><seg>Визит продлится три дня.</seg></tuv><tuv xml:lang="zh-CN"><seg>访问将持续三天。'
        '</seg></tuv></tu><tu><tuv xml:lang="ru-RU"><seg>Только по-русски.</seg></tuv></tu></body></tmx>',
        encoding="utf-8")
    expect.set_options(timeout=30_000)
    with Store(tmp_path / "browser-tmx.db") as store, served_app(store) as (url, _app), chromium() as browser:
        doc_id = store.create_document("визит", "ru", "zh", [["Визит продлится три дня."]], ["", "\n"], user="a")
        page = browser.new_context(locale="ru-RU").new_page()
        page.set_default_timeout(30_000)
        page.goto(url)
        expect(page.locator("#import")).to_have_text(i18n.text("ru", "import_button"))  # the page is in Russian
        page.locator("#upload input[type=file]").set_input_files(str(memory))
        expect(page.locator("#upload")).to_contain_text("heihe-memory.tmx")
        page.locator("#import").click()
        expect(page.locator("#import-message")).to_contain_text(
            "«heihe-memory.tmx»: единиц перевода — 2; в память переводов добавлено пар — 1, уже были — 0, "
            "пропущено — 1")
        assert str(tmp_path) not in page.locator("#import-message").inner_text()
        assert [d.name for d in store.list_documents()] == ["визит"]
        (match,) = store.tm_lookup("Визит продлится три дня.", "ru", "zh")
        assert (match.target, match.score) == ("访问将持续三天。", 100)
        page.goto(f"{url}?doc={doc_id}")
        page.get_by_role("tab", name="Редактор сегментов").click()
        expect(page.locator("#tm")).to_contain_text("访问将持续三天。")
