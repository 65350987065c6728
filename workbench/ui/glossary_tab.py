"""The glossary tab: the Gradio wiring of :class:`~workbench.ui.glossary_desk.GlossaryDesk` (find, edit,
confirm, remove and add terms, take term candidates). :func:`add_glossary_tab` is called once by :mod:`.app`.
"""

from __future__ import annotations

import gradio as gr

from workbench.ui import i18n
from workbench.ui.glossary_desk import (
    CANDIDATE_COLUMNS, RESULT_COLUMNS, GlossaryDesk, Outcome, shown_name, suggestion,
)
from workbench.ui.notices import refusal, warn


def _table(lang: str, keys, rows):
    import pandas as pd

    return pd.DataFrame(rows, columns=[i18n.text(lang, k) for k in keys])


def _message(outcome: Outcome) -> str:
    icon = "✅" if outcome.ok else "⛔"
    lines = [f"{icon} {outcome.message}"] + [f"- `{p}`" for p in outcome.problems]
    return "  \n".join(lines) if len(lines) == 1 else lines[0] + "\n\n" + "\n".join(lines[1:])


def add_glossary_tab(layout, t) -> None:
    """The glossary tab inside the app's ``gr.Tabs`` (*layout*: the app's ``_Layout``; *t*: English labels)."""
    tab = _GlossaryTab(layout)
    with gr.Tab(t("tab_glossary"), id="glossary") as component:
        layout.label(component, "tab_glossary")
        tab.build(t)
    tab.wire()


class _GlossaryTab:
    """The tab's components (one method per panel) and events (one method per panel)."""

    def __init__(self, layout):
        wb = layout.wb
        self.store, self.lang, self.label = wb.store, layout.lang, layout.label
        self.desk = GlossaryDesk(wb.pipelines)

    # --- components -----------------------------------------------------------------

    def build(self, t) -> None:
        label = self.label
        with gr.Row():
            self.query = label(gr.Textbox(label=t("gl_query"), elem_id="glossary-query", scale=4), "gl_query")
            self.search_btn = label(gr.Button(t("gl_search"), elem_id="glossary-search", scale=1), "gl_search",
                                    "value")
        self.results = gr.Dataframe(_table("en", RESULT_COLUMNS, []), interactive=False,
                                    elem_id="glossary-results", wrap=True)
        self.keys = gr.State([])  # [path, ru, zh, kind] per result row
        self.message = gr.Markdown("", elem_id="glossary-message")
        self._entry_panel(t)
        self._add_panel(t)
        self._candidate_panel(t)

    def _entry_panel(self, t) -> None:
        label = self.label
        label(gr.Markdown(f"### {t('gl_entry')}"), "gl_entry", "heading")
        self.entry = gr.State(None)  # what GlossaryDesk.load returned, the file's stamp included
        self.where = gr.Markdown("", elem_id="glossary-where")
        with gr.Row():
            self.ed_ru = label(gr.Textbox(label=t("gl_ru"), elem_id="glossary-ru"), "gl_ru")
            self.ed_zh = label(gr.Textbox(label=t("gl_zh"), elem_id="glossary-zh"), "gl_zh")
            self.ed_kind = label(gr.Dropdown(i18n.kind_choices("en"), value=None, label=t("gl_kind"),
                                             elem_id="glossary-kind"), "gl_kind", "kind")
        self.ed_notes = label(gr.Textbox(label=t("gl_notes"), lines=2, elem_id="glossary-notes"), "gl_notes")
        self.ed_fuzzy = label(gr.Checkbox(label=t("gl_fuzzy"), elem_id="glossary-fuzzy"), "gl_fuzzy")
        with gr.Row():
            self.save_btn = label(gr.Button(t("gl_save"), variant="primary", elem_id="glossary-save"), "gl_save",
                                  "value")
            self.confirm_btn = label(gr.Button(t("gl_confirm"), elem_id="glossary-confirm"), "gl_confirm", "value")
            self.remove_btn = label(gr.Button(t("gl_remove"), variant="stop", elem_id="glossary-remove"),
                                    "gl_remove", "value")
        with gr.Column(visible=False, elem_id="glossary-remove-confirm", variant="panel") as self.remove_box:
            self.remove_md = gr.Markdown("")
            with gr.Row():
                self.remove_yes = label(gr.Button(t("gl_remove_yes"), variant="stop",
                                                  elem_id="glossary-remove-yes"), "gl_remove_yes", "value")
                self.remove_no = label(gr.Button(t("gl_remove_no"), elem_id="glossary-remove-no"), "gl_remove_no",
                                       "value")

    def _add_panel(self, t) -> None:
        label = self.label
        label(gr.Markdown(f"### {t('gl_add_heading')}"), "gl_add_heading", "heading")
        with gr.Row():
            self.add_zh = label(gr.Textbox(label=t("gl_zh"), elem_id="glossary-add-zh"), "gl_zh")
            self.add_kind = label(gr.Dropdown(i18n.kind_choices("en"), value="other", label=t("gl_kind"),
                                              elem_id="glossary-add-kind"), "gl_kind", "kind")
            self.add_ru = label(gr.Textbox(label=t("gl_ru"), elem_id="glossary-add-ru"), "gl_ru")
        with gr.Row():
            self.hint = gr.State("")
            self.hint_md = gr.Markdown("", elem_id="glossary-suggestion")
            self.use_hint = label(gr.Button(t("gl_use_suggestion"), size="sm", visible=False,
                                            elem_id="glossary-use-suggestion"), "gl_use_suggestion", "value")
        self.add_notes = label(gr.Textbox(label=t("gl_notes"), lines=2, elem_id="glossary-add-notes"), "gl_notes")
        with gr.Row():
            self.add_fuzzy = label(gr.Checkbox(label=t("gl_fuzzy"), elem_id="glossary-add-fuzzy"), "gl_fuzzy")
            default = self.desk.default_file()
            self.add_file = label(gr.Dropdown(self.desk.file_choices(), value=shown_name(default) if default else None,
                                              label=t("gl_file"), elem_id="glossary-file"), "gl_file")
            self.add_btn = label(gr.Button(t("gl_add"), variant="primary", elem_id="glossary-add"), "gl_add",
                                 "value")

    def _candidate_panel(self, t) -> None:
        label = self.label
        label(gr.Markdown(f"### {t('gl_candidates_heading')}"), "gl_candidates_heading", "heading")
        with gr.Row():
            self.find_btn = label(gr.Button(t("gl_find_candidates"), elem_id="glossary-find-candidates"),
                                  "gl_find_candidates", "value")
            self.cand_kind = label(gr.Dropdown(i18n.kind_choices("en"), value="other", label=t("gl_candidate_kind"),
                                               elem_id="glossary-candidate-kind"), "gl_candidate_kind", "kind")
        self.cand_table = gr.Dataframe(_table("en", CANDIDATE_COLUMNS, []), interactive=False,
                                       elem_id="glossary-candidates", wrap=True)
        self.cands, self.chosen, self.rejected = gr.State([]), gr.State(None), gr.State([])
        self.chosen_md = gr.Markdown("", elem_id="glossary-candidate")
        with gr.Row():
            self.accept_btn = label(gr.Button(t("gl_accept"), elem_id="glossary-accept"), "gl_accept", "value")
            self.reject_btn = label(gr.Button(t("gl_reject"), elem_id="glossary-reject"), "gl_reject", "value")

    # --- views ------------------------------------------------------------------------

    def form(self) -> list:
        return [self.entry, self.where, self.ed_ru, self.ed_zh, self.ed_kind, self.ed_notes, self.ed_fuzzy,
                self.remove_box]

    @staticmethod
    def form_view(lang: str, state: dict | None) -> list:
        if not state:
            return [None, "", "", "", None, "", False, gr.update(visible=False)]
        where = i18n.text(lang, "gl_where", where=f"{shown_name(state['path'])}:{state['line']}")
        return [state, where, state["ru_forms"], state["zh_forms"], state["kind"], state["notes"], state["fuzzy"],
                gr.update(visible=False)]

    def search_view(self, lang: str, query: str) -> list:
        found = self.desk.search(query)
        return [_table(lang, RESULT_COLUMNS, self.desk.rows(lang, found)),
                [[str(e.path), e.term.ru, e.term.zh, e.term.kind] for e in found]]

    @staticmethod
    def candidate_view(lang: str, found: list[dict]) -> list:
        rows = [[c["ru"], c["zh"] or "—", c["count"], c["example"]] for c in found]
        return [_table(lang, CANDIDATE_COLUMNS, rows), found, None, ""]

    # --- events -----------------------------------------------------------------------

    def wire(self) -> None:
        self._entry_events()
        self._add_events()
        self._candidate_events()

        # the tables' headings and the entry's line follow the interface language (set on load and by the switch)
        def on_language(lang, query, found, state):
            where = i18n.text(lang, "gl_where", where=f"{shown_name(state['path'])}:{state['line']}") if state else ""
            return self.search_view(lang, query)[0], self.candidate_view(lang, found or [])[0], where

        self.lang.change(on_language, [self.lang, self.query, self.cands, self.entry],
                         [self.results, self.cand_table, self.where], api_visibility="private",
                         show_progress="hidden")

    def _entry_events(self) -> None:
        desk, lang, form = self.desk, self.lang, self.form()

        def on_search(lang_code, query):
            view = self.search_view(lang_code, query)
            note = "" if view[1] or not (query or "").strip() else i18n.text(lang_code, "gl_not_found", query=query)
            return view + [note]

        search_out = [self.results, self.keys, self.message]
        self.search_btn.click(on_search, [lang, self.query], search_out, api_visibility="private")
        self.query.submit(on_search, [lang, self.query], search_out, api_visibility="private")

        def on_select(lang_code, found, evt: gr.SelectData):
            if evt.index is None or evt.index[0] >= len(found):
                return [gr.skip()] * (len(form) + 1)
            path, ru, zh, kind = found[evt.index[0]]
            state = desk.load(path, ru, zh, kind)
            gone = "" if state else i18n.text(lang_code, "gl_stale_gone", path=shown_name(path), ru=ru)
            return self.form_view(lang_code, state) + [gone]

        self.results.select(on_select, [lang, self.keys], form + [self.message], api_visibility="private")

        change_out = form + [self.message, self.results, self.keys]

        def shown(lang_code, outcome: Outcome, query):
            """A stale entry is shown as it is now; a refused change leaves the form as the translator left it."""
            if outcome.stale:
                warn(lang_code, outcome.message)
            view = self.form_view(lang_code, outcome.entry) if outcome.ok or outcome.stale else [gr.skip()] * len(form)
            return view + [_message(outcome)] + self.search_view(lang_code, query)

        def on_save(lang_code, state, ru, zh, kind, notes, fuzzy, query):
            return shown(lang_code, desk.save(lang_code, state, ru, zh, kind, notes, fuzzy), query)

        self.save_btn.click(on_save, [lang, self.entry, self.ed_ru, self.ed_zh, self.ed_kind, self.ed_notes,
                                      self.ed_fuzzy, self.query], change_out, api_visibility="private")
        self.confirm_btn.click(lambda lang_code, state, query: shown(lang_code, desk.confirm(lang_code, state), query),
                               [lang, self.entry, self.query], change_out, api_visibility="private")

        def ask_remove(lang_code, state):
            if not state:
                raise refusal(lang_code, i18n.text(lang_code, "gl_err_no_entry"))
            question = i18n.text(lang_code, "gl_remove_question", ru=state["ru"], zh=state["zh"],
                                 path=shown_name(state["path"]))
            return gr.update(visible=True), f"**{question}**"

        self.remove_btn.click(ask_remove, [lang, self.entry], [self.remove_box, self.remove_md],
                              api_visibility="private")
        self.remove_no.click(lambda: gr.update(visible=False), None, [self.remove_box], api_visibility="private")
        self.remove_yes.click(lambda lang_code, state, query: shown(lang_code, desk.remove(lang_code, state), query),
                              [lang, self.entry, self.query], change_out, api_visibility="private")

    def _add_events(self) -> None:
        desk, lang = self.desk, self.lang

        def on_hint(lang_code, zh, kind):
            found = suggestion(zh, kind)
            text = i18n.text(lang_code, "gl_suggestion", ru=found) if found else ""
            return found, text, gr.update(visible=bool(found))

        for event in (self.add_zh.change, self.add_kind.change):
            event(on_hint, [lang, self.add_zh, self.add_kind], [self.hint, self.hint_md, self.use_hint],
                  api_visibility="private", show_progress="hidden")
        self.use_hint.click(lambda found: found or gr.skip(), [self.hint], [self.add_ru], api_visibility="private")

        def on_add(lang_code, path, ru, zh, kind, notes, fuzzy):
            outcome = desk.add(lang_code, path, ru, zh, kind, notes, fuzzy)
            cleared = ["", "", ""] if outcome.ok else [gr.skip()] * 3
            return [_message(outcome)] + cleared

        self.add_btn.click(on_add, [lang, self.add_file, self.add_ru, self.add_zh, self.add_kind, self.add_notes,
                                    self.add_fuzzy], [self.message, self.add_ru, self.add_zh, self.add_notes],
                           api_visibility="private")

    def _candidate_events(self) -> None:
        desk, lang = self.desk, self.lang
        cand_out = [self.cand_table, self.cands, self.chosen, self.chosen_md]

        def on_find(lang_code, hidden):
            found = desk.candidates(self.store, hidden)
            return self.candidate_view(lang_code, found) + [i18n.text(lang_code, "gl_candidates_found",
                                                                      count=len(found))]

        self.find_btn.click(on_find, [lang, self.rejected], cand_out + [self.message], api_visibility="private")

        def on_pick(lang_code, found, evt: gr.SelectData):
            if evt.index is None or evt.index[0] >= len(found):
                return gr.skip(), gr.skip()
            picked = found[evt.index[0]]
            return picked, i18n.text(lang_code, "gl_candidate_chosen", ru=picked["ru"], zh=picked["zh"] or "—")

        self.cand_table.select(on_pick, [lang, self.cands], [self.chosen, self.chosen_md], api_visibility="private")

        def on_accept(lang_code, picked, path, kind, found):
            outcome = desk.accept(lang_code, picked, path, kind)
            if not outcome.ok:
                return [gr.skip()] * len(cand_out) + [_message(outcome)]
            remaining = [c for c in found if c["ru"] != picked["ru"]]
            return self.candidate_view(lang_code, remaining) + [_message(outcome)]

        self.accept_btn.click(on_accept, [lang, self.chosen, self.add_file, self.cand_kind, self.cands],
                              cand_out + [self.message], api_visibility="private")

        def on_reject(lang_code, picked, found, hidden):
            """Hidden for this browser session only (the list lives in a ``gr.State``)."""
            if not picked:
                raise refusal(lang_code, i18n.text(lang_code, "gl_err_no_candidate"))
            remaining = [c for c in found if c["ru"] != picked["ru"]]
            return self.candidate_view(lang_code, remaining) + [list(hidden or []) + [picked["ru"]]]

        self.reject_btn.click(on_reject, [lang, self.chosen, self.cands, self.rejected], cand_out + [self.rejected],
                              api_visibility="private")
