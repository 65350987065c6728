"""Issue 23, item 5: the whole interface in Russian, Chinese and English.

Headless Chromium opens the workbench with a ru-RU, a zh-CN and an en-US browser, walks every tab with every
accordion open, saves a segment with a QA finding (the toast), and reads everything on screen: no word of
another language may be left outside the documents' own text (a Russian interface has no English words, a
Chinese one no Russian or English ones; format names such as XLIFF and the language switch excepted). Times
are local: Yakutsk (UTC+9) in Russian, Beijing time (Heihe) in Chinese. No server path is shown.
"""

from __future__ import annotations

import pytest

from browser_support import CHROMIUM, chromium, foreign_words, screen_text, served_app
from workbench.store import Store

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing")

SOURCES = ["Делегация прибыла в Якутск 26 марта.", "Визит продлится три дня."]
TARGETS = ["代表团于3月26日抵达雅库茨克。", "访问将持续天。"]  # the second lacks the number: a QA finding
DATA = SOURCES + TARGETS + ["визит делегации", "heihe.po"]
TAB_NAMES = {"ru": ("Документы", "Редактор сегментов", "Глоссарий"), "zh": ("文档", "句段编辑", "术语表"),
             "en": ("Documents", "Segment editor", "Glossary")}
LOCAL_TIME = {"ru": "(якутское время)", "zh": "（北京时间）", "en": "UTC"}
SAVE = {"ru": "Сохранить", "zh": "保存", "en": "Save"}


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "locales.db") as store:
        doc_id = store.create_document("визит делегации", "ru", "zh", [[s] for s in SOURCES], ["", "\n\n", "\n"],
                                       user="translator")
        first, second = store.segments(doc_id)
        for row, target in zip((first, second), TARGETS):
            store.set_draft(row.id, target)
        store.save_segment(first.id, TARGETS[0], "approved", 1, "translator")
        store.second = second.id
        store.doc_id = doc_id
        yield store


def _walk(page, lang) -> str:
    from playwright.sync_api import expect

    texts = []
    for tab in TAB_NAMES[lang]:
        page.get_by_role("tab", name=tab).click()
        page.wait_for_timeout(500)
        for header in page.locator("button.label-wrap:visible").all():  # open every accordion
            if "open" not in (header.get_attribute("class") or ""):
                header.click()
        page.wait_for_timeout(500)
        texts.append(screen_text(page))
        if tab == TAB_NAMES[lang][1]:  # a save with a QA finding: the toast, the QA lines, the history
            page.locator("#save").click()
            expect(page.locator("#save-message")).to_contain_text("✅")
            expect(page.locator("#history")).to_contain_text(LOCAL_TIME[lang])
            texts.append(screen_text(page))
    return "\n".join(texts)


@pytest.mark.parametrize("locale, lang", [("ru-RU", "ru"), ("zh-CN", "zh"), ("en-US", "en")])
def test_every_string_on_screen_is_in_the_interface_language(store, locale, lang):
    from playwright.sync_api import expect

    expect.set_options(timeout=30_000)
    with served_app(store) as (url, _app), chromium() as browser:
        page = browser.new_context(locale=locale, viewport={"width": 1400, "height": 1000}).new_page()
        page.set_default_timeout(30_000)
        page.goto(f"{url}?doc={store.doc_id}&seg={store.second}")
        expect(page.locator("#save")).to_have_text(SAVE[lang])
        shown = _walk(page, lang)
        assert foreign_words(shown, lang, DATA) == []
        assert "/" + "glossaries/" not in shown and "/tmp/" not in shown  # no server paths
        assert LOCAL_TIME[lang] in shown
        expect(page).to_have_title({"ru": "Рабочее место переводчика", "zh": "翻译审校工作台",
                                    "en": "Review workbench"}[lang])


@pytest.mark.parametrize("locale, lang", [("ru-RU", "ru"), ("zh-CN", "zh")])
def test_the_login_page_speaks_the_browser_language(locale, lang):
    with Store(":memory:") as store, served_app(store, auth=lambda user, password: False) as (url, _app), \
            chromium() as browser:
        page = browser.new_context(locale=locale).new_page()
        page.goto(url)
        page.wait_for_selector("input[type=password]", timeout=30_000)
        shown = screen_text(page)
        assert shown.strip() and foreign_words(shown, lang) == []
