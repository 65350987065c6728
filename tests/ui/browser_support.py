"""Helpers of the in-process browser tests: the app on a free port with the fake engine, headless Chromium,
and the locale walk (every string on screen, checked for words of another language)."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]

# Names that stay as they are in every interface language: formats, keys, the language switch.
ALLOWED = {"TMX", "XLIFF", "TXT", "MD", "DOCX", "PO", "txt", "md", "markdown", "docx", "xliff", "xlf", "po", "tmx",
           "Ctrl", "Enter", "English", "Русский", "中文", "KB", "MB", "API"}
_LATIN = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_CYRILLIC = re.compile(r"[\u0400-\u04FF][\u0400-\u04FF'’-]*")
_HAN = re.compile(r"[\u3400-\u9fff]+")
FOREIGN = {"ru": (_LATIN, _HAN), "zh": (_LATIN, _CYRILLIC), "en": (_CYRILLIC, _HAN)}


@contextlib.contextmanager
def served_app(store, **options):
    """The workbench over *store*, launched in this process on a free port; yields its URL."""
    from ui_support import FakeTranslator, free_port
    from workbench.ui.app import build_app, launch_app

    options.setdefault("translator_factory", FakeTranslator)
    app = build_app(store, **options)
    port = free_port()
    launch_app(app, port=port, prevent_thread_lock=True)
    try:
        yield f"http://127.0.0.1:{port}/", app
    finally:
        app.workbench.drafting.stop()
        app.close()


@contextlib.contextmanager
def chromium():
    import pytest

    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def screen_text(page) -> str:
    """What the translator sees: the page's visible text, the values and placeholders of its boxes."""
    return page.evaluate("""() => {
        const parts = [document.body.innerText, document.title];
        for (const el of document.querySelectorAll('textarea, input[type=text], input[type=number], input:not([type])')) {
            if (el.getClientRects().length === 0) continue;
            parts.push(el.value || '', el.placeholder || '');
        }
        return parts.join('\\n');
    }""")


def foreign_words(text: str, lang: str, data=()) -> list[str]:
    """Words of *text* in a script foreign to *lang* (``data``: texts of the documents, left out)."""
    for item in sorted(data, key=len, reverse=True):
        if item:
            text = re.sub(rf"(?<!\w){re.escape(item)}(?!\w)", " ", text)
    found = []
    for pattern in FOREIGN[lang]:
        found += [w for w in pattern.findall(text) if w not in ALLOWED]
    return found


def duplicate_ids(page) -> list[str]:
    return page.evaluate("""() => {
        const seen = {}, twice = [];
        for (const el of document.querySelectorAll('[id]')) {
            if (!el.id) continue;
            if (seen[el.id]) twice.push(el.id); else seen[el.id] = 1;
        }
        return twice;
    }""")
