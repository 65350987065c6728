"""The review workbench's app: the page (its header, tabs and the events every screen shares), the
HTTP API, and launching it.

The screens are their own modules — :mod:`.documents_screen`, :mod:`.editor_screen` (with
:mod:`.desk_events`), :mod:`.glossary_tab`, :mod:`.adapt_tab` — and the logic lives in small modules
below them: :mod:`.importing`, :mod:`.review`, :mod:`.desk` (the grid, the documents' housekeeping),
:mod:`.drafting`, :mod:`.exporting`, :mod:`.adapting`, :mod:`.i18n`, :mod:`.views` (texts, tables, the
editor's outputs by name), :mod:`.qa_text`, :mod:`.notices` (refusals and toasts), :mod:`.users` (login,
roles). Conventions:

* the segment being edited is kept as ``{"doc_id", "seg_id", "version",
  "position", "loaded"}`` in a ``gr.State``; every save passes that version, so a save
  made from a stale copy is refused by the store and shown as a conflict;
* the status line says "saved" only after :meth:`Store.save_segment` returned
  (the edit is committed to disk by then);
* every label is set from :mod:`.i18n` when the page loads (language from
  ``Accept-Language``) and when the translator switches the language;
* the same operations are exposed as API endpoints (``/import_text``,
  ``/save_segment``, ``/alternatives`` …) for scripts, tests and benchmarks.
"""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from workbench.errors import WorkbenchError
from workbench.store import Store
from workbench.ui import desk, i18n
from workbench.ui.adapt_tab import add_adapt_tab
from workbench.ui.adapting import AdaptManager
from workbench.ui.api import api_endpoints
from workbench.ui.auth import PasswordFile
from workbench.ui.desk_events import DeskEvents
from workbench.ui.documents_screen import DocumentsScreen
from workbench.ui.drafting import DraftingManager, Pipelines
from workbench.ui.editor_screen import EditorScreen
from workbench.ui.glossary_tab import add_glossary_tab
from workbench.ui.importing import MAX_BYTES, MEMORY_EXTENSIONS, MEMORY_MAX_BYTES, human_size
from workbench.ui.review import Review
from workbench.ui.uploads import UploadTypes, allowed_suffixes
from workbench.ui.users import signed_in
from workbench.ui.views import direction_choices, progress_text, status_choices, unreviewed_choices

POLL_SECONDS = 1.5
CONCURRENCY = 8

CSS = """
.source-text { font-size: 1.1em; line-height: 1.6; padding: 0.5em; }
.source-text mark.term { background: #fde68a; border-radius: 3px; padding: 0 2px; }
.source-context { font-size: 0.85em; color: #6b7280; padding: 0 0.6em 0.4em; }
#conflict { border: 2px solid #dc2626; border-radius: 6px; padding: 0.5em; }
/* Gradio's progress overlay writes "processing |", "queue: 1/2 |" and "0.4s" in English whatever the
   interface language; the spinner says as much. */
.meta-text, .meta-text-center, .progress-text { visibility: hidden; }
"""

# Ctrl+Enter (Cmd+Enter on a Mac) approves the open segment, but only when typed in the segment
# editor's own translation box while it is on screen. A page-wide shortcut approved the hidden
# editor's machine draft from the glossary notes or the paste box (issue 23): typing there must
# never change a segment. A held key (auto-repeat) and an IME composition (Chinese input confirms
# with Enter) never approve either, so one keystroke approves at most one segment.
JS = """
() => {
  document.addEventListener('keydown', (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.key !== 'Enter') return;
    if (event.repeat || event.isComposing) return;
    const box = event.target;
    if (!box || box.tagName !== 'TEXTAREA' || !box.closest('#target')) return;
    const button = document.querySelector('#approve-next');
    const shown = (el) => el.getClientRects().length > 0;
    if (!button || button.disabled || !shown(box) || !shown(button)) return;
    event.preventDefault();
    button.click();
  });
  // The tab's title follows the interface language (the page heading is set by the server).
  setInterval(() => {
    const heading = document.querySelector('#app-title h2');
    if (heading && heading.textContent && document.title !== heading.textContent) {
      document.title = heading.textContent;
    }
  }, 1000);
}
"""


class Workbench:
    """The app's shared objects: the store, the pipelines, the drafting threads, the editor logic."""

    def __init__(self, store: Store, pipelines: Pipelines, max_bytes: int = MAX_BYTES, general=None):
        self.store = store
        self.pipelines = pipelines
        self.drafting = DraftingManager(store, pipelines)
        self.review = Review(store, pipelines)
        self.adapting = AdaptManager(store, pipelines, general=general)
        self.max_bytes = max_bytes
        self.roles: dict[str, str] = {}  # {user: role} from an --auth file that names roles, else empty


# --- the app ------------------------------------------------------------------


def build_app(store: Store, *, model: str | None = None, glossary_paths=None, auth=None,
              translator_factory=None, max_bytes: int = MAX_BYTES, general=None) -> gr.Blocks:
    """The review workbench as a ``gr.Blocks`` (launch it with :func:`launch_app`).

    Args:
        store: the review store (shared by every browser session).
        model: ``--model`` for the machine drafts (default: the shipped model).
        glossary_paths: term files or folders (default: the default glossaries).
        auth: ``None`` (no login), a password file path, or a ``check(user, password)`` callable.
        translator_factory: ``factory(source_lang, target_lang)`` → translator (tests: a fast fake).
        max_bytes: the largest upload accepted.
        general: the general corpus folder of "Adapt the model" (default: found as ``workbench adapt`` does).
    """
    wb = Workbench(store, Pipelines(model, glossary_paths, translator_factory), max_bytes, general)
    with gr.Blocks(title=i18n.text("en", "title"), analytics_enabled=False) as app:
        ui = _Layout(wb)
        ui.build()
        on_load, load_outputs = ui.load_event
        app.load(on_load, None, load_outputs, api_visibility="private")
        api_endpoints(wb)
    # Gradio runs one call per event at a time by default: several translators (and every page's
    # progress poll) must not queue behind one re-translation. The store is thread-safe.
    app.queue(default_concurrency_limit=CONCURRENCY)
    app.workbench = wb
    app.workbench_auth = _resolve_auth(auth)
    wb.roles = getattr(app.workbench_auth, "roles", {}) or {}
    return app


def _resolve_auth(auth):
    if auth is None or callable(auth):
        return auth

    return PasswordFile(auth)


def launch_app(app: gr.Blocks, *, host: str = "127.0.0.1", port: int | None = 7860, **options):
    """Launch on *host*:*port* (loopback by default) serving no file outside the app's own.

    ``allowed_paths`` stays empty and the database files are blocked outright.
    """
    store_path = Path(app.workbench.store.path)
    blocked = [str(store_path.resolve()) + suffix for suffix in ("", "-wal", "-shm", "-journal")] \
        if str(store_path) != ":memory:" else []
    options.setdefault("quiet", True)
    # The footer keeps the API page and the settings (both translated by Gradio); "Built with Gradio" goes.
    options.setdefault("footer_links", ["api", "settings"])
    options.setdefault("i18n", gradio_strings())
    options.setdefault("app_kwargs", {"middleware": [_upload_check(app)]})
    return app.launch(server_name=host, server_port=port, auth=app.workbench_auth, allowed_paths=[],
                      blocked_paths=blocked, max_file_size=max(app.workbench.max_bytes, MEMORY_MAX_BYTES), css=CSS,
                      js=JS,
                      show_error=True, **options)


def _upload_check(app: gr.Blocks):
    """Gradio's upload route takes only the files the page's upload boxes accept (:mod:`.uploads`)."""
    from starlette.middleware import Middleware


    return Middleware(UploadTypes, allowed_from=lambda: allowed_suffixes(app), max_bytes=app.workbench.max_bytes,
                      limits={suffix: max(app.workbench.max_bytes, MEMORY_MAX_BYTES) for suffix in MEMORY_EXTENSIONS})


def gradio_strings() -> gr.I18n:
    """Words of Gradio's own that its Russian and Chinese dictionaries lack (a screen reader announced
    "common.complete" after each action)."""
    strings = {"ru": {"common.complete": "Готово", "common.error": "Ошибка",
                      "status.queue_position": "В очереди: {position} из {size}"},
               "zh": {"common.complete": "完成", "common.error": "错误",
                      "status.queue_position": "排队中：第 {position} 位，共 {size} 位"}}
    return gr.I18n(ru=strings["ru"], zh=strings["zh"], **{"zh-CN": strings["zh"], "zh-TW": strings["zh"]})


class _Layout(DocumentsScreen, EditorScreen, DeskEvents):
    """The page: its shared state and header, the screens (mixed in), the labels of every language."""

    def __init__(self, wb: Workbench):
        self.wb = wb
        self.labels: list[tuple[object, str, str]] = []  # (component, attribute, i18n key)

    def label(self, component, key: str, attribute: str = "label"):
        self.labels.append((component, attribute, key))
        return component

    def limits(self) -> dict:
        """The upload limits the labels name."""
        return {"limit": human_size(self.wb.max_bytes), "memory_limit": human_size(MEMORY_MAX_BYTES)}

    def relabel(self, lang: str) -> list:
        """One ``gr.update`` per labelled component, in :attr:`labels` order."""
        updates = []
        for component, attribute, key in self.labels:
            value = i18n.text(lang, key, **self.limits())
            if attribute == "heading":
                updates.append(gr.update(value=f"### {value}"))
            elif attribute == "h2":
                updates.append(gr.update(value=f"## {value}"))
            elif attribute == "status":
                updates.append(gr.update(label=value, choices=status_choices(lang)))
            elif attribute == "direction":
                updates.append(gr.update(label=value, choices=direction_choices(lang)))
            elif attribute == "grid":
                updates.append(gr.update(label=value, choices=desk.filter_choices(lang)))
            elif attribute == "kind":
                updates.append(gr.update(label=value, choices=i18n.kind_choices(lang)))
            elif attribute == "unreviewed":
                updates.append(gr.update(label=value, choices=unreviewed_choices(lang)))
            else:
                updates.append(gr.update(**{attribute: value}))
        return updates

    # --- layout -----------------------------------------------------------------

    def build(self) -> None:
        t = lambda key: i18n.text("en", key, **self.limits())  # noqa: E731
        self.lang = gr.State("en")
        self.cur = gr.State({})
        self.conflict = gr.State({})
        self.tick_sig = gr.State("")
        with gr.Row():
            self.title = self.label(gr.Markdown(f"## {t('title')}", elem_id="app-title"), "title", "h2")
            self.lang_switch = gr.Radio([(name, code) for code, name in i18n.LANGUAGE_NAMES.items()], value="en",
                                        label=t("ui_language"), elem_id="ui-language", scale=0)
            self.label(self.lang_switch, "ui_language")
            self.user_md = gr.Markdown("", elem_id="user")
        if getattr(self.wb.pipelines, "model", None) is None:  # drafts from the small shipped model
            self.label(gr.Markdown(t("model_notice"), elem_id="model-notice"), "model_notice", "value")
        with gr.Row():
            self.doc = self.label(gr.Dropdown(choices=[], label=t("document"), elem_id="document", scale=2),
                                  "document")
            self.progress = gr.Markdown("", elem_id="progress")
        with gr.Tabs(selected="documents") as self.tabs:
            with gr.Tab(t("tab_documents"), id="documents") as tab_docs:
                self.label(tab_docs, "tab_documents")
                self._documents_tab(t)
            with gr.Tab(t("tab_editor"), id="editor") as tab_editor:
                self.label(tab_editor, "tab_editor")
                self._editor_tab(t)
            add_glossary_tab(self, t)
            add_adapt_tab(self, t, self.wb.adapting)
        self.timer = gr.Timer(POLL_SECONDS)
        self._page_events()
        self._documents_events()
        self._editor_events()

    def doc_outputs(self) -> list:
        """The document picker, the documents' table, the "not for translation" line, the progress line."""
        return [self.doc, self.docs_table, self.skip_now, self.progress]

    def doc_view(self, lang: str, doc_id, archived: bool = False) -> list:
        """Outputs of :meth:`doc_outputs` for a document."""
        choices = desk.document_choices(self.wb.store, lang, archived, keep=doc_id)
        return [gr.update(choices=choices, value=doc_id), self.documents_table(lang, archived),
                desk.skipped_line(self.wb.store, doc_id, lang), progress_text(self.wb, doc_id, lang)]

    def _page_events(self) -> None:
        """The page load (language, document and segment), the language switch, the document picker."""
        wb, doc_out, seg_out, doc_view = self.wb, self.doc_outputs(), self.seg_outputs(), self.doc_view
        labelled = [c for c, _, _ in self.labels]

        # page load: language from Accept-Language, the document and segment from ?doc=&seg= or the latest
        def on_load(request: gr.Request):
            lang = i18n.pick_language(request.headers.get("accept-language") if request else None)
            params = dict(request.query_params) if request else {}
            documents = wb.store.list_documents()
            doc_id = desk.latest_document(wb.store)
            if params.get("doc", "").isdigit() and any(d.id == int(params["doc"]) for d in documents):
                doc_id = int(params["doc"])
            seg_id = int(params["seg"]) if params.get("seg", "").isdigit() else None
            if doc_id:
                wb.drafting.start(doc_id)
            try:
                seg = self.open_segment(lang, doc_id, seg_id)
            except WorkbenchError:
                seg = self.open_segment(lang, doc_id)
            user = signed_in(lang, wb, request)
            tab = gr.Tabs(selected="editor") if seg_id else gr.skip()
            return [lang, lang, user, tab] + self.relabel(lang) + doc_view(lang, doc_id) + seg.values()

        self.load_event = (on_load, [self.lang, self.lang_switch, self.user_md, self.tabs] + labelled
                           + doc_out + seg_out)

        def on_language(lang, doc_id, cur, archived, request: gr.Request):
            seg = self.open_segment(lang, doc_id, cur.get("seg_id")) if cur else self.seg_view(lang, None)
            return [lang, signed_in(lang, wb, request)] + self.relabel(lang) \
                + doc_view(lang, doc_id, archived) + seg.values()

        self.lang_switch.input(on_language, [self.lang_switch, self.doc, self.cur, self.show_archived],
                               [self.lang, self.user_md] + labelled + doc_out + seg_out, api_visibility="private")

        def on_doc(lang, doc_id, archived):
            if doc_id:
                wb.drafting.start(int(doc_id))
            return doc_view(lang, doc_id, archived) + self.open_segment(lang, doc_id).values()

        self.doc.input(on_doc, [self.lang, self.doc, self.show_archived], doc_out + seg_out, api_visibility="private")
        self.show_archived.change(lambda lang, doc_id, archived: doc_view(lang, doc_id, archived),
                                  [self.lang, self.doc, self.show_archived], doc_out, api_visibility="private")
