"""The Gradio wiring of the review workbench: components, events, and the HTTP API.

Logic lives in small modules — :mod:`.importing`, :mod:`.review`, :mod:`.desk` (the grid, the
documents' housekeeping), :mod:`.drafting`, :mod:`.exporting`, :mod:`.glossary_tab`, :mod:`.adapting`,
:mod:`.i18n`, :mod:`.qa_text`, :mod:`.notices` (refusals and toasts), :mod:`.users` (login, roles) — and
this module only connects them to components (with :mod:`.desk_events`). Conventions:

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

from workbench.errors import RoleError, UnreviewedSegmentsError, WorkbenchError
from workbench.formats.unreviewed import CHOICES as UNREVIEWED_CHOICES
from workbench.store import STATUSES, Store, StoreError
from workbench.ui import i18n
from workbench.ui import desk
from workbench.ui.adapt_tab import add_adapt_tab
from workbench.ui.adapting import AdaptManager
from workbench.ui.api import api_endpoints
from workbench.ui.desk_events import DeskEvents
from workbench.ui.drafting import DraftingManager, Pipelines, count_undrafted
from workbench.ui.exporting import EXPORT_FORMATS, export_message, export_to_file, unreviewed_choice
from workbench.ui.glossary_tab import add_glossary_tab
from workbench.ui.importing import (
    ALLOWED_EXTENSIONS, MAX_BYTES, MEMORY_EXTENSIONS, MEMORY_MAX_BYTES, MemoryImported, detect_direction, human_size, import_into,
    mark_skip)
from workbench.ui.notices import error_text, hide_paths, refusal, refused_line, warn
from workbench.ui.review import Review
from workbench.ui.users import display_user, role_of, signed_in, user_of

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


def _bold(text: str, needle: str) -> str:
    """*text* as Markdown-safe text with each occurrence of *needle* (any case) in bold."""
    import re

    def escape(part: str) -> str:
        return re.sub(r"([\\`*_{}\[\]<>()#+\-.!|~])", r"\\\1", part)

    pieces, position = [], 0
    for match in re.finditer(re.escape(needle), text, flags=re.IGNORECASE):
        pieces.append(escape(text[position:match.start()]) + "**" + escape(match.group()) + "**")
        position = match.end()
    return "".join(pieces) + escape(text[position:])


def tm_score_text(lang: str, match: dict) -> str:
    """«exact», «83.3%» or «83.3%, numbers put in 🔧» (terms, numbers and terms) in the interface language."""
    if match["exact"]:
        return i18n.text(lang, "tm_exact")
    if not match["repaired"]:
        return i18n.text(lang, "tm_fuzzy", score=match["score"])
    what = i18n.text(lang, "repaired_" + "_".join(sorted(match["repaired"])))
    return i18n.text(lang, "tm_repaired", score=match["score"], what=what)


def qa_message(lang: str, finding) -> str:
    from workbench.ui.qa_text import finding_text

    return finding_text(lang, finding)


# --- tables -------------------------------------------------------------------


def history_table(wb: Workbench, seg_id: int, lang: str):
    import pandas as pd

    columns = [i18n.text(lang, k) for k in ("col_version", "col_action", "col_status", "col_target",
                                             "col_user", "col_at")]
    rows = [[h["version"], i18n.action_name(lang, h["action"]), i18n.status_name(lang, h["status"]), h["target"],
             display_user(lang, h["user"]) if h["action"] != "draft" else i18n.text(lang, "action_draft"),
             i18n.local_time(lang, h["at"])]
            for h in wb.review.history(seg_id)]
    return pd.DataFrame(rows, columns=columns)


def progress_text(wb: Workbench, doc_id: int | None, lang: str) -> str:
    if not doc_id:
        return ""
    info = wb.store.get_document(doc_id)
    drafted = info.total - count_undrafted(wb.store, doc_id)
    line = i18n.text(lang, "progress", approved=info.approved, total=info.total, translated=info.translated,
                     drafted=drafted, skipped=info.skipped)
    job = wb.drafting.job(doc_id)
    if job is not None:
        state = {"loading": "drafting_loading", "running": "drafting_running", "done": "drafting_done",
                 "failed": "drafting_failed"}[job.state]
        line += "  \n" + i18n.text(lang, state, done=job.done, total=job.total, error=hide_paths(job.error))
    return line


def status_choices(lang: str) -> list[tuple[str, str]]:
    return [(i18n.status_name(lang, s), s) for s in STATUSES]


def unreviewed_choices(lang: str) -> list[tuple[str, str]]:
    """What an export may do with segments not approved (:data:`workbench.formats.unreviewed.CHOICES`)."""
    return [(i18n.text(lang, f"unreviewed_{choice}"), choice) for choice in UNREVIEWED_CHOICES]


def direction_choices(lang: str) -> list[tuple[str, str]]:
    return [(i18n.text(lang, "direction_auto"), "auto"), (i18n.text(lang, "direction_ru_zh"), "ru-zh"),
            (i18n.text(lang, "direction_zh_ru"), "zh-ru")]


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
    from workbench.ui.auth import PasswordFile

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

    from workbench.ui.uploads import UploadTypes, allowed_suffixes

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


class _Layout(DeskEvents):
    """Components and their events (one method per screen)."""

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
        self._events()

    def _documents_tab(self, t) -> None:
        self.docs_table = gr.Dataframe(interactive=False, elem_id="documents-table", wrap=True)
        with gr.Row():
            self.show_archived = self.label(gr.Checkbox(label=t("show_archived"), elem_id="show-archived"),
                                            "show_archived")
            self.archive_btn = self.label(gr.Button(t("archive_button"), size="sm", elem_id="archive"),
                                          "archive_button", "value")
            self.restore_btn = self.label(gr.Button(t("restore_button"), size="sm", elem_id="restore"),
                                          "restore_button", "value")
            self.delete_btn = self.label(gr.Button(t("delete_button"), size="sm", variant="stop",
                                                   elem_id="delete-document"), "delete_button", "value")
        with gr.Column(visible=False, elem_id="delete-confirm", variant="panel") as self.delete_box:
            self.delete_md = gr.Markdown("", elem_id="delete-question")
            with gr.Row():
                self.delete_yes = self.label(gr.Button(t("delete_yes"), variant="stop", elem_id="delete-yes"),
                                             "delete_yes", "value")
                self.delete_no = self.label(gr.Button(t("delete_no"), elem_id="delete-no"), "delete_no", "value")
        self.doc_msg = gr.Markdown("", elem_id="document-message")
        self.label(gr.Markdown(f"### {t('import_heading')}"), "import_heading", "heading")
        with gr.Row():
            with gr.Column(scale=3):
                self.paste = self.label(gr.Textbox(lines=8, label=t("paste"), elem_id="paste-text"), "paste")
            with gr.Column(scale=2):
                self.upload = self.label(gr.File(label=t("upload"), file_count="single", type="filepath",
                                                 file_types=list(ALLOWED_EXTENSIONS), elem_id="upload"),
                                         "upload")
                self.doc_name = self.label(gr.Textbox(label=t("doc_name"), elem_id="doc-name"), "doc_name")
                self.direction = gr.Dropdown(choices=direction_choices("en"), value="auto", label=t("direction"),
                                             elem_id="direction")
                self.label(self.direction, "direction", "direction")
                self.detected = gr.Markdown("", elem_id="detected")
                self.import_btn = self.label(gr.Button(t("import_button"), variant="primary", elem_id="import"),
                                             "import_button", "value")
        self.import_msg = gr.Markdown("", elem_id="import-message")
        self.label(gr.Markdown(f"### {t('skip_heading')}"), "skip_heading", "heading")
        with gr.Row():
            self.skip_numbers = self.label(gr.Textbox(label=t("skip_choices"), placeholder="3, 7-9",
                                                      elem_id="skip-numbers", scale=2), "skip_choices")
            self.skip_now = gr.Markdown("", elem_id="skip-now")
        with gr.Row():
            self.skip_btn = self.label(gr.Button(t("skip_button"), elem_id="skip-button"), "skip_button", "value")
            self.unskip_btn = self.label(gr.Button(t("unskip_button"), elem_id="unskip-button"), "unskip_button",
                                         "value")
        self.skip_msg = gr.Markdown("", elem_id="skip-message")
        self.label(gr.Markdown(f"### {t('export_heading')}"), "export_heading", "heading")
        with gr.Row():
            self.export_fmt = self.label(gr.Dropdown(list(EXPORT_FORMATS), value="docx", label=t("export_format"),
                                                     elem_id="export-format"), "export_format")
            self.export_btn = self.label(gr.Button(t("export_button"), elem_id="export"), "export_button", "value")
            self.export_file = self.label(gr.File(label=t("export_file"), interactive=False, elem_id="export-file"),
                                          "export_file")
        self.export_unreviewed = gr.Radio(unreviewed_choices("en"), value="source", label=t("export_unreviewed"),
                                          elem_id="export-unreviewed")
        self.label(self.export_unreviewed, "export_unreviewed", "unreviewed")
        self.export_msg = gr.Markdown("", elem_id="export-message")

    def _editor_tab(self, t) -> None:
        with gr.Row():
            with gr.Column(scale=2):
                with gr.Row():
                    self.grid_status = gr.Dropdown(desk.filter_choices("en"), value="all", label=t("grid_show"),
                                                   elem_id="grid-status", scale=1)
                    self.label(self.grid_status, "grid_show", "grid")
                    self.grid_query = self.label(gr.Textbox(label=t("grid_search"), elem_id="grid-search",
                                                            scale=2), "grid_search")
                # one line per row (long sentences cut, whole in the editor): about 25 rows on a laptop screen
                self.seg_table = gr.Dataframe(interactive=False, elem_id="segments-table", wrap=False,
                                              max_height=900, max_chars=60,
                                              column_widths=["8%", "17%", "40%", "35%"])
            with gr.Column(scale=3):
                with gr.Row():
                    self.prev_btn = self.label(gr.Button(t("prev"), size="sm", elem_id="prev"), "prev", "value")
                    self.seg_no = self.label(gr.Number(label=t("segment_no"), precision=0, minimum=1,
                                                       elem_id="segment-no"), "segment_no")
                    self.next_btn = self.label(gr.Button(t("next"), size="sm", elem_id="next"), "next", "value")
                self.label(gr.Markdown(f"### {t('source')}"), "source", "heading")
                self.source_html = gr.HTML("", elem_id="source")
                self.terms_md = self.label(gr.Markdown("", elem_id="terms", label=t("terms")), "terms")
                self.draft_box = self.label(gr.Textbox(label=t("draft"), interactive=False, lines=2,
                                                       elem_id="draft"), "draft")
                self.target_box = self.label(gr.Textbox(label=t("target"), lines=3, elem_id="target"), "target")
                self.status = gr.Radio(choices=status_choices("en"), label=t("status"), elem_id="status")
                self.label(self.status, "status", "status")
                with gr.Row():
                    self.save_btn = self.label(gr.Button(t("save"), elem_id="save"), "save", "value")
                    self.approve_btn = self.label(gr.Button(t("approve_next"), variant="primary",
                                                            elem_id="approve-next"), "approve_next", "value")
                    self.use_draft_btn = self.label(gr.Button(t("use_draft"), elem_id="use-draft"), "use_draft",
                                                    "value")
                self.save_msg = gr.Markdown("", elem_id="save-message")
                # a Column, not a Group: Gradio writes a Group's elem_id on two nested elements
                with gr.Column(visible=False, elem_id="conflict", variant="panel") as self.conflict_box:
                    self.conflict_md = gr.Markdown("", elem_id="conflict-message")
                    with gr.Row():
                        self.theirs_box = self.label(gr.Textbox(label=t("theirs"), interactive=False,
                                                                elem_id="theirs"), "theirs")
                        self.yours_box = self.label(gr.Textbox(label=t("yours"), interactive=False,
                                                               elem_id="yours"), "yours")
                    with gr.Row():
                        self.keep_btn = self.label(gr.Button(t("keep_theirs"), elem_id="keep-theirs"),
                                                   "keep_theirs", "value")
                        self.overwrite_btn = self.label(gr.Button(t("overwrite"), variant="stop",
                                                                  elem_id="overwrite"), "overwrite", "value")
                with gr.Accordion(t("comments"), open=True) as acc_comments:
                    self.label(acc_comments, "comments")
                    self.comments_md = gr.Markdown("", elem_id="comments")
                    self.comment_box = self.label(gr.Textbox(label=t("comment_text"), lines=2,
                                                             elem_id="comment-text"), "comment_text")
                    with gr.Row():
                        self.comment_btn = self.label(gr.Button(t("add_comment"), size="sm", elem_id="add-comment"),
                                                      "add_comment", "value")
                        self.send_back_btn = self.label(gr.Button(t("send_back"), size="sm", elem_id="send-back"),
                                                        "send_back", "value")
                self.label(gr.Markdown(f"### {t('qa')}"), "qa", "heading")
                self.qa_md = gr.Markdown("", elem_id="qa")
                with gr.Accordion(t("alternatives"), open=False) as acc_alt:
                    self.label(acc_alt, "alternatives")
                    self.retranslate_btn = self.label(gr.Button(t("retranslate"), elem_id="retranslate"),
                                                      "retranslate", "value")
                    self.alt_radio = gr.Radio(choices=[], label=t("alternatives"), elem_id="alternatives")
                    self.label(self.alt_radio, "alternatives")
                    self.use_alt_btn = self.label(gr.Button(t("use_alternative"), elem_id="use-alternative"),
                                                  "use_alternative", "value")
                with gr.Accordion(t("tm"), open=True) as acc_tm:
                    self.label(acc_tm, "tm")
                    self.tm_radio = self.label(gr.Radio(choices=[], label=t("tm"), elem_id="tm"), "tm")
                    self.use_tm_btn = self.label(gr.Button(t("use_tm"), elem_id="use-tm"), "use_tm", "value")
                    self.tm_search = self.label(gr.Textbox(label=t("tm_search"), elem_id="tm-search"), "tm_search")
                    self.tm_found = gr.Markdown("", elem_id="tm-search-results")
                with gr.Accordion(t("history"), open=False) as acc_hist:
                    self.label(acc_hist, "history")
                    self.history_df = gr.Dataframe(interactive=False, elem_id="history", wrap=True)

    # --- segment view -------------------------------------------------------------

    def seg_outputs(self) -> list:
        return [self.cur, self.seg_no, self.source_html, self.terms_md, self.draft_box, self.target_box,
                self.status, self.qa_md, self.tm_radio, self.alt_radio, self.history_df, self.comments_md,
                self.conflict_box, self.save_msg]

    def seg_view(self, lang: str, row) -> list:
        """Outputs of :meth:`seg_outputs` for a segment (``None``: an empty editor).

        The editor's message line (the last output) is cleared: "Saved: segment 10" belongs to
        segment 10 and to the language it was written in.
        """
        wb = self.wb
        if row is None:
            return [{}, None, "", "", "", "", None, "", gr.update(choices=[], value=None),
                    gr.update(choices=[], value=None), None, "", gr.update(visible=False), ""]
        info = wb.store.get_document(row.document_id)
        terms = wb.review.terms(row.source, info.source_lang, info.target_lang)
        if terms:
            unique = dict.fromkeys(i18n.text(lang, "term_line", source=t["text"], target=t["target"]) for t in terms)
            terms_md = f"**{i18n.text(lang, 'terms')}:**  \n" + "  \n".join(f"- {line}" for line in unique)
        else:
            terms_md = i18n.text(lang, "no_terms")
        target = row.target or row.draft
        qa = self.qa_text(lang, wb.review.qa(row.source, target, info.source_lang, info.target_lang))
        tm = wb.review.tm(row)
        tm_choices = [(f"{tm_score_text(lang, m)} — {m['target']}  ⟵ {m['marked']}", m["target"]) for m in tm]
        # "loaded": the text the translation box was filled with, to tell whether the translator has typed
        cur = {"doc_id": row.document_id, "seg_id": row.id, "version": row.version, "position": row.position,
               "loaded": target}
        return [cur, row.position + 1, wb.review.source_html(row.source, terms) + wb.review.context_html(row), terms_md,
                row.draft or i18n.text(lang, "no_draft"), target, row.status, qa,
                gr.update(choices=tm_choices, value=None, label=i18n.text(lang, "tm") if tm_choices
                          else i18n.text(lang, "no_tm")),
                gr.update(choices=[], value=None), history_table(wb, row.id, lang), self.comments_text(lang, row.id),
                gr.update(visible=False), ""]

    def concordance_text(self, lang: str, cur: dict, text: str) -> str:
        """The memory entries that contain *text*, the text in bold in both languages' columns."""
        text = " ".join((text or "").split())
        if not text or not (cur or {}).get("doc_id"):
            return ""
        found = self.wb.review.concordance(cur["doc_id"], text)
        if not found:
            return i18n.text(lang, "tm_search_none", text=text)
        rows = [f"- {_bold(m['source'], text)}  ⟶ {_bold(m['target'], text)}" for m in found]
        return i18n.text(lang, "tm_search_found", text=text, count=len(found)) + "\n\n" + "\n".join(rows)

    @staticmethod
    def qa_text(lang: str, findings) -> str:
        if not findings:
            return i18n.text(lang, "qa_clean")
        icons = {"error": "⛔", "warning": "⚠️", "info": "ℹ️"}
        from workbench.ui.qa_text import check_name

        return "  \n".join(f"{icons.get(f.severity, '•')} **{check_name(lang, f.check)}** — {qa_message(lang, f)}"
                           for f in findings)

    def open_segment(self, lang: str, doc_id, seg_id=None, position=None) -> list:
        store = self.wb.store
        if not doc_id:
            return self.seg_view(lang, None)
        if seg_id:
            row = store.get_segment(int(seg_id))
        elif position is not None:
            rows = store.segments(int(doc_id))
            row = rows[max(0, min(int(position), len(rows) - 1))] if rows else None
        else:
            row = self.wb.review.first_segment(int(doc_id))
        return self.seg_view(lang, row)

    # --- events -------------------------------------------------------------------

    def _events(self) -> None:
        wb = self.wb
        seg_out = self.seg_outputs()
        doc_out = [self.doc, self.docs_table, self.skip_now, self.progress]

        def doc_view(lang, doc_id, archived=False):
            choices = desk.document_choices(wb.store, lang, archived, keep=doc_id)
            return [gr.update(choices=choices, value=doc_id), self.documents_table(lang, archived),
                    desk.skipped_line(wb.store, doc_id, lang), progress_text(wb, doc_id, lang)]

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
            return [lang, lang, user, tab] + self.relabel(lang) + doc_view(lang, doc_id) + seg

        load_outputs = [self.lang, self.lang_switch, self.user_md, self.tabs] + [c for c, _, _ in self.labels] \
            + doc_out + seg_out
        self.load_event = (on_load, load_outputs)

        def on_language(lang, doc_id, cur, archived, request: gr.Request):
            seg = self.open_segment(lang, doc_id, cur.get("seg_id")) if cur else self.seg_view(lang, None)
            return [lang, signed_in(lang, wb, request)] + self.relabel(lang) \
                + doc_view(lang, doc_id, archived) + seg

        self.lang_switch.input(on_language, [self.lang_switch, self.doc, self.cur, self.show_archived],
                               [self.lang, self.user_md] + [c for c, _, _ in self.labels] + doc_out + seg_out,
                               api_visibility="private")

        def on_doc(lang, doc_id, archived):
            if doc_id:
                wb.drafting.start(int(doc_id))
            return doc_view(lang, doc_id, archived) + self.open_segment(lang, doc_id)

        self.doc.input(on_doc, [self.lang, self.doc, self.show_archived], doc_out + seg_out, api_visibility="private")
        self.show_archived.change(lambda lang, doc_id, archived: doc_view(lang, doc_id, archived),
                                  [self.lang, self.doc, self.show_archived], doc_out, api_visibility="private")
        self._housekeeping_events(doc_out, seg_out, doc_view)

        # import
        def on_paste(lang, text, direction):
            found = detect_direction(text or "")
            if not found:
                return gr.skip(), ""
            source, target = found.split("-")
            message = i18n.text(lang, "detected", direction=i18n.direction_name(lang, source, target))
            return (gr.update(value=found) if direction == "auto" else gr.skip()), message

        self.paste.blur(on_paste, [self.lang, self.paste, self.direction], [self.direction, self.detected],
                        api_visibility="private")

        def on_import(lang, text, upload, name, direction, request: gr.Request):
            try:
                done = import_into(wb.store, text=text, upload=upload, name=name, direction=direction,
                                   user=user_of(request), max_bytes=wb.max_bytes)
            except WorkbenchError as err:  # the form stays as the translator filled it
                return [refused_line(lang, err)] + [gr.skip()] * (6 + len(doc_out) + len(seg_out))
            if isinstance(done, MemoryImported):  # a TMX: the memory grows, the form is cleared, the editor stays
                message = "✅ " + i18n.text(lang, "memory_imported", name=done.name, units=done.units,
                                           added=done.added, present=done.present, skipped=done.skipped)
                return [message, "", None, "", "auto", ""] + [gr.skip()] * (1 + len(doc_out) + len(seg_out))
            wb.drafting.start(done.doc_id)
            message = i18n.text(lang, "imported", name=done.name, count=done.count,
                                direction=i18n.direction_name(lang, done.source_lang, done.target_lang))
            for notice in done.notices:  # what the file carries that could not be kept, languages overruled
                gr.Warning(notice)
            return [message, "", None, "", "auto", "", gr.Tabs(selected="editor")] \
                + doc_view(lang, done.doc_id) + self.open_segment(lang, done.doc_id)

        self.import_btn.click(on_import, [self.lang, self.paste, self.upload, self.doc_name, self.direction],
                              [self.import_msg, self.paste, self.upload, self.doc_name, self.direction, self.detected,
                               self.tabs]
                              + doc_out + seg_out, api_visibility="private")

        # not for translation: segments by number ("3, 7-9"), marked or brought back
        def on_skip(skip: bool):
            def handler(lang, doc_id, numbers, cur, request: gr.Request):
                unchanged = [gr.skip()] * (2 + len(doc_out) + len(seg_out))
                if not doc_id:
                    return [refused_line(lang, i18n.text(lang, "err_no_document"))] + unchanged[1:]
                rows = wb.store.segments(int(doc_id))
                try:
                    wanted = set(desk.parse_numbers(numbers, len(rows)))
                except WorkbenchError as err:
                    return [refused_line(lang, err)] + unchanged[1:]
                ids = [r.id for r in rows if r.position + 1 in wanted]
                changed, conflicts = mark_skip(wb.store, ids, skip=skip, user=user_of(request))
                message = i18n.text(lang, "skip_done" if skip else "unskip_done", count=changed)
                if conflicts:
                    message += " " + i18n.text(lang, "skip_conflicts", count=conflicts)
                seg = self.open_segment(lang, doc_id, cur.get("seg_id")) if cur else self.seg_view(lang, None)
                return [message, ""] + doc_view(lang, doc_id) + seg
            return handler

        skip_in = [self.lang, self.doc, self.skip_numbers, self.cur]
        skip_out = [self.skip_msg, self.skip_numbers] + doc_out + seg_out
        for button, skip in ((self.skip_btn, True), (self.unskip_btn, False)):
            button.click(on_skip(skip), skip_in, skip_out, api_visibility="private").then(
                self.render_grid, self.grid_inputs(), [self.seg_table], api_visibility="private",
                show_progress="hidden")

        # export: approved text as it stands, the rest as the translator chose (marked), and the counts said
        def on_export(lang, doc_id, fmt, choice):
            if not doc_id:
                return None, refused_line(lang, i18n.text(lang, "err_no_document"))
            choice = unreviewed_choice(fmt, choice)
            try:
                path = export_to_file(wb.store, int(doc_id), fmt, choice)
            except UnreviewedSegmentsError as err:
                name = wb.store.get_document(int(doc_id)).name
                message = i18n.text(lang, "err_unreviewed", name=name, pending=err.pending, total=err.total)
                return None, f"⛔ {message}"
            except WorkbenchError as err:
                return None, refused_line(lang, err)
            return str(path), export_message(lang, wb.store, int(doc_id), fmt, choice)

        self.export_btn.click(on_export, [self.lang, self.doc, self.export_fmt, self.export_unreviewed],
                              [self.export_file, self.export_msg], api_visibility="private")

        self._editor_events(seg_out, doc_view)

        # polling: progress, tables, the open segment's draft as drafts arrive, and a colleague's save of it
        def on_tick(lang, doc_id, cur, signature, typed, status, query, archived):
            skip = [gr.skip()] * (8 + len(seg_out))
            if not doc_id:
                return skip
            rows = wb.store.segments(int(doc_id))
            job = wb.drafting.job(int(doc_id))
            new_sig = repr(([(r.status, r.version, bool(r.draft)) for r in rows],
                            job and (job.state, job.done), [(d.id, d.archived) for d in wb.store.list_documents()],
                            lang, status, query, archived))
            if new_sig == signature:
                return skip
            view = [gr.skip()] * (4 + len(seg_out))
            row = next((r for r in rows if r.id == cur.get("seg_id")), None) if cur else None
            if row is not None and row.version != cur["version"]:
                view = self.colleague_saved(lang, cur, row, typed)
            elif row is not None:
                view[4 + 4] = row.draft or i18n.text(lang, "no_draft")
            grid = desk.segments_table(wb.store, doc_id, lang, status, query, cur.get("seg_id") if cur else None)
            return [new_sig, progress_text(wb, int(doc_id), lang), self.documents_table(lang, archived), grid] + view

        self.timer.tick(on_tick, [self.lang, self.doc, self.cur, self.tick_sig, self.target_box, self.grid_status,
                                  self.grid_query, self.show_archived],
                        [self.tick_sig, self.progress, self.docs_table, self.seg_table, self.conflict,
                         self.conflict_md, self.theirs_box, self.yours_box] + seg_out,
                        api_visibility="private", show_progress="hidden")

    def _editor_events(self, seg_out, doc_view) -> None:
        wb = self.wb

        def goto(offset):
            def handler(lang, cur, number):
                if not cur:
                    raise refusal(lang, i18n.text(lang, "err_no_segment"))
                position = cur["position"] + offset if offset else int(number or 1) - 1
                return self.open_segment(lang, cur["doc_id"], position=position)
            return handler

        self.prev_btn.click(goto(-1), [self.lang, self.cur, self.seg_no], seg_out, api_visibility="private")
        self.next_btn.click(goto(+1), [self.lang, self.cur, self.seg_no], seg_out, api_visibility="private")
        self.seg_no.submit(goto(0), [self.lang, self.cur, self.seg_no], seg_out, api_visibility="private")

        def on_select(lang, doc_id, evt: gr.SelectData):
            """The grid may be filtered: the row's own number (its first cell) says which segment it is."""
            try:
                position = int(evt.row_value[0]) - 1
            except (TypeError, ValueError, IndexError):
                return [gr.skip()] * len(seg_out)
            if not doc_id:
                return [gr.skip()] * len(seg_out)
            return self.open_segment(lang, doc_id, position=position)

        self.seg_table.select(on_select, [self.lang, self.doc], seg_out, api_visibility="private")

        # the conflict box and the message line are the last two of seg_out
        save_out = [self.conflict, self.conflict_md, self.theirs_box, self.yours_box, self.progress] + seg_out

        def only_message(message: str, conflict_box=None) -> list:
            """save_out that changes nothing but the editor's message line (and the conflict box)."""
            return [gr.skip()] * (len(save_out) - 2) + [conflict_box or gr.skip(), message]

        def save(lang, cur, target, status, advance, request: gr.Request, base_version=None):
            if not cur:
                return only_message(refused_line(lang, i18n.text(lang, "err_no_segment")))
            version = base_version if base_version is not None else cur["version"]
            try:
                outcome = wb.review.save(cur["seg_id"], target or "", status or "translated", version,
                                         user_of(request), role_of(wb, request))
            except RoleError:
                return only_message(refused_line(lang, i18n.text(lang, "err_reviewer_approves")))
            except StoreError as err:  # an empty text approved: the translator's text stays as typed
                if "empty" in str(err):
                    return only_message(refused_line(lang, i18n.text(lang, "err_empty",
                                                                     status=i18n.status_name(lang, status))))
                return only_message(refused_line(lang, err))
            if outcome.conflict:
                theirs = outcome.conflict["theirs"]
                heading = i18n.text(lang, "conflict_heading", who=display_user(lang, theirs["updated_by"]),
                                    at=i18n.local_time(lang, theirs["updated_at"]), version=theirs["version"])
                state = {"seg_id": cur["seg_id"], "version": theirs["version"], "yours": target,
                         "status": outcome.conflict["status"]}
                return [state, f"**{heading}**", theirs["target"] or theirs["draft"], target] \
                    + only_message(i18n.text(lang, "not_saved"), gr.update(visible=True))[4:]
            row = outcome.segment
            message = "✅ " + i18n.text(lang, "saved", position=row.position + 1, version=row.version,
                                       status=i18n.status_name(lang, row.status),
                                       at=i18n.local_time(lang, row.updated_at))
            if outcome.findings:
                warn(lang, i18n.text(lang, "qa_warning", count=len(outcome.findings), position=row.position + 1,
                                     first=qa_message(lang, outcome.findings[0])))
            if advance:
                following = wb.review.next_segment(row.document_id, row.position)
                if following is None:
                    message += " " + i18n.text(lang, "all_done")
                view = self.seg_view(lang, following or row)
            else:
                view = self.seg_view(lang, row)
                view[7] = self.qa_text(lang, outcome.findings)
                if row.target == target:  # the box may hold keystrokes typed while the save was on its way
                    view[5] = gr.skip()
            view[-1] = message
            return [{}, "", "", "", progress_text(wb, row.document_id, lang)] + view

        def on_save(lang, cur, target, status, request: gr.Request):
            return save(lang, cur, target, status, False, request)

        def on_approve(lang, cur, target, status, request: gr.Request):
            """Approve & next; where reviewers approve, a translator's text goes to review (translated) instead."""
            if role_of(wb, request) == "translator":
                outputs = save(lang, cur, target, "translated", True, request)
                if isinstance(outputs[-1], str) and outputs[-1].startswith("✅"):
                    outputs[-1] += " " + i18n.text(lang, "sent_for_review")
                return outputs
            return save(lang, cur, target, "approved", True, request)

        inputs = [self.lang, self.cur, self.target_box, self.status]
        self.save_btn.click(on_save, inputs, save_out, api_visibility="private")
        self.approve_btn.click(on_approve, inputs, save_out, api_visibility="private")

        def keep_theirs(lang, conflict, cur):
            if not conflict:
                return [gr.skip()] * (1 + len(seg_out))
            view = self.open_segment(lang, cur.get("doc_id"), conflict["seg_id"])
            view[-1] = i18n.text(lang, "kept_theirs", version=view[0]["version"])
            return [{}] + view

        self.keep_btn.click(keep_theirs, [self.lang, self.conflict, self.cur], [self.conflict] + seg_out,
                            api_visibility="private")

        def overwrite(lang, conflict, cur, target, request: gr.Request):
            """Saves the translation box as it is now (it may have changed since the conflict was shown)."""
            if not conflict:
                return [gr.skip()] * len(save_out)
            return save(lang, cur, target, conflict["status"], False, request, base_version=conflict["version"])

        self.overwrite_btn.click(overwrite, [self.lang, self.conflict, self.cur, self.target_box], save_out,
                                 api_visibility="private")

        self.use_draft_btn.click(lambda cur: wb.store.get_segment(cur["seg_id"]).draft if cur else gr.skip(),
                                 [self.cur], [self.target_box], api_visibility="private")

        def retranslate(lang, cur):
            if not cur:
                raise refusal(lang, i18n.text(lang, "err_no_segment"))
            try:
                found = wb.review.alternatives(wb.store.get_segment(cur["seg_id"]))
            except WorkbenchError as err:
                raise refusal(lang, error_text(lang, err)) from None
            choices = [(a["text"] + (f"  ({i18n.text(lang, 'alt_missing', terms=', '.join(a['missing']))})"
                                     if a["missing"] else ""), a["text"]) for a in found]
            label = i18n.text(lang, "alternatives") if choices else i18n.text(lang, "no_alternatives")
            return gr.update(choices=choices, value=choices[0][1] if choices else None, label=label)

        self._comment_events(seg_out)

        self.retranslate_btn.click(retranslate, [self.lang, self.cur], [self.alt_radio], api_visibility="private")
        self.use_alt_btn.click(lambda choice: choice if choice else gr.skip(), [self.alt_radio], [self.target_box],
                               api_visibility="private")
        self.use_tm_btn.click(lambda choice: choice if choice else gr.skip(), [self.tm_radio], [self.target_box],
                              api_visibility="private")
        self.tm_search.submit(self.concordance_text, [self.lang, self.cur, self.tm_search], [self.tm_found],
                              api_visibility="private")
