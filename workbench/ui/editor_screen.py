"""The segment editor screen: the grid of segments beside the editor (source with its terms, draft,
translation, status, conflict panel, comments, QA, alternatives, memory, history), and its events —
moving between segments, saving and approving, conflicts, the helpers that fill the translation box,
and the poll that brings drafts and a colleague's saves.

:class:`EditorScreen` is mixed into the app's layout (:mod:`.app`); the logic is in :mod:`.review`
and :mod:`.desk`. Its outputs are :class:`~workbench.ui.views.EditorView` fields, by name.
"""

from __future__ import annotations

import gradio as gr

from workbench.errors import EmptyTargetError, RoleError, WorkbenchError
from workbench.store import StoreError
from workbench.ui import desk, i18n
from workbench.ui.notices import error_text, refusal, refused_line, warn
from workbench.ui.qa_text import check_name
from workbench.ui.users import display_user, role_of, user_of
from workbench.ui.views import (
    EditorView, bold, history_table, progress_text, qa_message, status_choices, tm_score_text,
)


class EditorLayout:
    """The editor tab's components, and the editor's view of a segment."""

    def _editor_tab(self, t) -> None:
        with gr.Row():
            with gr.Column(scale=2):
                self._grid_column(t)
            with gr.Column(scale=3):
                self._editor_column(t)
                self._conflict_panel(t)
                self._comments_panel(t)
                self._helpers_panel(t)

    def _grid_column(self, t) -> None:
        with gr.Row():
            self.grid_status = gr.Dropdown(desk.filter_choices("en"), value="all", label=t("grid_show"),
                                           elem_id="grid-status", scale=1)
            self.label(self.grid_status, "grid_show", "grid")
            self.grid_query = self.label(gr.Textbox(label=t("grid_search"), elem_id="grid-search", scale=2),
                                         "grid_search")
        # one line per row (long sentences cut, whole in the editor): about 25 rows on a laptop screen
        self.seg_table = gr.Dataframe(interactive=False, elem_id="segments-table", wrap=False, max_height=900,
                                      max_chars=60, column_widths=["8%", "17%", "40%", "35%"])

    def _editor_column(self, t) -> None:
        with gr.Row():
            self.prev_btn = self.label(gr.Button(t("prev"), size="sm", elem_id="prev"), "prev", "value")
            self.seg_no = self.label(gr.Number(label=t("segment_no"), precision=0, minimum=1,
                                               elem_id="segment-no"), "segment_no")
            self.next_btn = self.label(gr.Button(t("next"), size="sm", elem_id="next"), "next", "value")
        self.label(gr.Markdown(f"### {t('source')}"), "source", "heading")
        self.source_html = gr.HTML("", elem_id="source")
        self.terms_md = self.label(gr.Markdown("", elem_id="terms", label=t("terms")), "terms")
        self.draft_box = self.label(gr.Textbox(label=t("draft"), interactive=False, lines=2, elem_id="draft"),
                                    "draft")
        self.target_box = self.label(gr.Textbox(label=t("target"), lines=3, elem_id="target"), "target")
        self.status = gr.Radio(choices=status_choices("en"), label=t("status"), elem_id="status")
        self.label(self.status, "status", "status")
        with gr.Row():
            self.save_btn = self.label(gr.Button(t("save"), elem_id="save"), "save", "value")
            self.approve_btn = self.label(gr.Button(t("approve_next"), variant="primary", elem_id="approve-next"),
                                          "approve_next", "value")
            self.use_draft_btn = self.label(gr.Button(t("use_draft"), elem_id="use-draft"), "use_draft", "value")
        self.save_msg = gr.Markdown("", elem_id="save-message")

    def _conflict_panel(self, t) -> None:
        # a Column, not a Group: Gradio writes a Group's elem_id on two nested elements
        with gr.Column(visible=False, elem_id="conflict", variant="panel") as self.conflict_box:
            self.conflict_md = gr.Markdown("", elem_id="conflict-message")
            with gr.Row():
                self.theirs_box = self.label(gr.Textbox(label=t("theirs"), interactive=False, elem_id="theirs"),
                                             "theirs")
                self.yours_box = self.label(gr.Textbox(label=t("yours"), interactive=False, elem_id="yours"),
                                            "yours")
            with gr.Row():
                self.keep_btn = self.label(gr.Button(t("keep_theirs"), elem_id="keep-theirs"), "keep_theirs",
                                           "value")
                self.overwrite_btn = self.label(gr.Button(t("overwrite"), variant="stop", elem_id="overwrite"),
                                                "overwrite", "value")

    def _comments_panel(self, t) -> None:
        with gr.Accordion(t("comments"), open=True) as acc_comments:
            self.label(acc_comments, "comments")
            self.comments_md = gr.Markdown("", elem_id="comments")
            self.comment_box = self.label(gr.Textbox(label=t("comment_text"), lines=2, elem_id="comment-text"),
                                          "comment_text")
            with gr.Row():
                self.comment_btn = self.label(gr.Button(t("add_comment"), size="sm", elem_id="add-comment"),
                                              "add_comment", "value")
                self.send_back_btn = self.label(gr.Button(t("send_back"), size="sm", elem_id="send-back"),
                                                "send_back", "value")

    def _helpers_panel(self, t) -> None:
        """QA, alternatives, the memory and the history, under the editor."""
        self.label(gr.Markdown(f"### {t('qa')}"), "qa", "heading")
        self.qa_md = gr.Markdown("", elem_id="qa")
        with gr.Accordion(t("alternatives"), open=False) as acc_alt:
            self.label(acc_alt, "alternatives")
            self.retranslate_btn = self.label(gr.Button(t("retranslate"), elem_id="retranslate"), "retranslate",
                                              "value")
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

    # --- the segment view ---------------------------------------------------------

    def seg_outputs(self) -> list:
        """The editor's components, in :class:`EditorView`'s order."""
        return [self.cur, self.seg_no, self.source_html, self.terms_md, self.draft_box, self.target_box,
                self.status, self.qa_md, self.tm_radio, self.alt_radio, self.history_df, self.comments_md,
                self.conflict_box, self.save_msg]

    def seg_view(self, lang: str, row) -> EditorView:
        """The editor showing a segment (``None``: an empty editor).

        The editor's message line is cleared: "Saved: segment 10" belongs to segment 10 and to the
        language it was written in.
        """
        wb = self.wb
        if row is None:
            return EditorView({}, None, "", "", "", "", None, "", gr.update(choices=[], value=None),
                              gr.update(choices=[], value=None), None, "", gr.update(visible=False), "")
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
        return EditorView(
            cur=cur, number=row.position + 1,
            source=wb.review.source_html(row.source, terms) + wb.review.context_html(row), terms=terms_md,
            draft=row.draft or i18n.text(lang, "no_draft"), target=target, status=row.status, qa=qa,
            tm=gr.update(choices=tm_choices, value=None,
                         label=i18n.text(lang, "tm") if tm_choices else i18n.text(lang, "no_tm")),
            alternatives=gr.update(choices=[], value=None), history=history_table(wb, row.id, lang),
            comments=self.comments_text(lang, row.id), conflict_panel=gr.update(visible=False), message="")

    def open_segment(self, lang: str, doc_id, seg_id=None, position=None) -> EditorView:
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

    def concordance_text(self, lang: str, cur: dict, text: str) -> str:
        """The memory entries that contain *text*, the text in bold in both languages' columns."""
        text = " ".join((text or "").split())
        if not text or not (cur or {}).get("doc_id"):
            return ""
        found = self.wb.review.concordance(cur["doc_id"], text)
        if not found:
            return i18n.text(lang, "tm_search_none", text=text)
        rows = [f"- {bold(m['source'], text)}  ⟶ {bold(m['target'], text)}" for m in found]
        return i18n.text(lang, "tm_search_found", text=text, count=len(found)) + "\n\n" + "\n".join(rows)

    @staticmethod
    def qa_text(lang: str, findings) -> str:
        if not findings:
            return i18n.text(lang, "qa_clean")
        icons = {"error": "⛔", "warning": "⚠️", "info": "ℹ️"}

        return "  \n".join(f"{icons.get(f.severity, '•')} **{check_name(lang, f.check)}** — {qa_message(lang, f)}"
                           for f in findings)


class EditorEvents:
    """The editor's events (over the components of :class:`EditorLayout`)."""

    def _editor_events(self) -> None:
        self._navigation_events()
        self._save_events()
        self._conflict_events()
        self._comment_events()
        self._helper_events()
        self._poll_events()

    def _navigation_events(self) -> None:
        seg_out = self.seg_outputs()

        def goto(offset):
            def handler(lang, cur, number):
                if not cur:
                    raise refusal(lang, i18n.text(lang, "err_no_segment"))
                position = cur["position"] + offset if offset else int(number or 1) - 1
                if not offset and position == cur["position"]:
                    # the segment shown already: events run side by side, and a reload that came
                    # back after Approve & next would put the saved segment back and clear its message
                    return EditorView().values()
                return self.open_segment(lang, cur["doc_id"], position=position).values()
            return handler

        for event, offset in ((self.prev_btn.click, -1), (self.next_btn.click, +1), (self.seg_no.submit, 0)):
            event(goto(offset), [self.lang, self.cur, self.seg_no], seg_out, api_visibility="private")

        def on_select(lang, doc_id, evt: gr.SelectData):
            """The grid may be filtered: the row's own number (its first cell) says which segment it is."""
            try:
                position = int(evt.row_value[0]) - 1
            except (TypeError, ValueError, IndexError):
                return EditorView().values()
            if not doc_id:
                return EditorView().values()
            return self.open_segment(lang, doc_id, position=position).values()

        self.seg_table.select(on_select, [self.lang, self.doc], seg_out, api_visibility="private")

    def save_outputs(self) -> list:
        """A save's outputs: the conflict state and panel's texts, the progress line, the editor."""
        return [self.conflict, self.conflict_md, self.theirs_box, self.yours_box, self.progress] + self.seg_outputs()

    def save(self, lang, cur, target, status, advance, request: gr.Request, base_version=None) -> list:
        """Save the translation box (from *base_version*, else the version the editor loaded); the outputs of
        :meth:`save_outputs`: the next segment (*advance*), this one saved, a conflict, or a refusal."""
        if not cur:
            return _only_message(refused_line(lang, i18n.text(lang, "err_no_segment")))
        version = base_version if base_version is not None else cur["version"]
        try:
            outcome = self.wb.review.save(cur["seg_id"], target or "", status or "translated", version,
                                          user_of(request), role_of(self.wb, request))
        except RoleError:
            return _only_message(refused_line(lang, i18n.text(lang, "err_reviewer_approves")))
        except EmptyTargetError:  # an empty text approved: the translator's text stays as typed
            return _only_message(refused_line(lang, i18n.text(lang, "err_empty",
                                                              status=i18n.status_name(lang, status))))
        except StoreError as err:
            return _only_message(refused_line(lang, err))
        if outcome.conflict:
            theirs = outcome.conflict["theirs"]
            heading = i18n.text(lang, "conflict_heading", who=display_user(lang, theirs["updated_by"]),
                                at=i18n.local_time(lang, theirs["updated_at"]), version=theirs["version"])
            state = {"seg_id": cur["seg_id"], "version": theirs["version"], "yours": target,
                     "status": outcome.conflict["status"]}
            view = EditorView(conflict_panel=gr.update(visible=True), message=i18n.text(lang, "not_saved"))
            return [state, f"**{heading}**", theirs["target"] or theirs["draft"], target, gr.skip()] + view.values()
        return self._saved(lang, outcome, target, advance)

    def _saved(self, lang, outcome, target, advance) -> list:
        row = outcome.segment
        message = "✅ " + i18n.text(lang, "saved", position=row.position + 1, version=row.version,
                                   status=i18n.status_name(lang, row.status), at=i18n.local_time(lang, row.updated_at))
        if outcome.findings:
            warn(lang, i18n.text(lang, "qa_warning", count=len(outcome.findings), position=row.position + 1,
                                 first=qa_message(lang, outcome.findings[0])))
        if advance:
            following = self.wb.review.next_segment(row.document_id, row.position)
            if following is None:
                message += " " + i18n.text(lang, "all_done")
            view = self.seg_view(lang, following or row)
        else:
            view = self.seg_view(lang, row)
            view.qa = self.qa_text(lang, outcome.findings)
            if row.target == target:  # the box may hold keystrokes typed while the save was on its way
                view.target = gr.skip()
        view.message = message
        return [{}, "", "", "", progress_text(self.wb, row.document_id, lang)] + view.values()

    def _save_events(self) -> None:
        def on_save(lang, cur, target, status, request: gr.Request):
            return self.save(lang, cur, target, status, False, request)

        def on_approve(lang, cur, target, status, request: gr.Request):
            """Approve & next; where reviewers approve, a translator's text goes to review (translated) instead."""
            if role_of(self.wb, request) == "translator":
                outputs = self.save(lang, cur, target, "translated", True, request)
                if isinstance(outputs[-1], str) and outputs[-1].startswith("✅"):
                    outputs[-1] += " " + i18n.text(lang, "sent_for_review")
                return outputs
            return self.save(lang, cur, target, "approved", True, request)

        inputs = [self.lang, self.cur, self.target_box, self.status]
        self.save_btn.click(on_save, inputs, self.save_outputs(), api_visibility="private")
        self.approve_btn.click(on_approve, inputs, self.save_outputs(), api_visibility="private")

    def _conflict_events(self) -> None:
        def keep_theirs(lang, conflict, cur):
            if not conflict:
                return [gr.skip()] + EditorView().values()
            view = self.open_segment(lang, cur.get("doc_id"), conflict["seg_id"])
            view.message = i18n.text(lang, "kept_theirs", version=view.cur["version"])
            return [{}] + view.values()

        self.keep_btn.click(keep_theirs, [self.lang, self.conflict, self.cur], [self.conflict] + self.seg_outputs(),
                            api_visibility="private")

        def overwrite(lang, conflict, cur, target, request: gr.Request):
            """Saves the translation box as it is now (it may have changed since the conflict was shown)."""
            if not conflict:
                return [gr.skip()] * len(self.save_outputs())
            return self.save(lang, cur, target, conflict["status"], False, request, base_version=conflict["version"])

        self.overwrite_btn.click(overwrite, [self.lang, self.conflict, self.cur, self.target_box],
                                 self.save_outputs(), api_visibility="private")

    def _helper_events(self) -> None:
        """The draft, an alternative or a memory match into the translation box; re-translation; concordance."""
        wb = self.wb
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

        self.retranslate_btn.click(retranslate, [self.lang, self.cur], [self.alt_radio], api_visibility="private")
        self.use_alt_btn.click(lambda choice: choice if choice else gr.skip(), [self.alt_radio], [self.target_box],
                               api_visibility="private")
        self.use_tm_btn.click(lambda choice: choice if choice else gr.skip(), [self.tm_radio], [self.target_box],
                              api_visibility="private")
        self.tm_search.submit(self.concordance_text, [self.lang, self.cur, self.tm_search], [self.tm_found],
                              api_visibility="private")

    def _poll_events(self) -> None:
        """Polling: progress, tables, the open segment's draft as drafts arrive, and a colleague's save of it."""
        wb = self.wb
        poll_out = [self.tick_sig, self.progress, self.docs_table, self.seg_table, self.conflict, self.conflict_md,
                    self.theirs_box, self.yours_box] + self.seg_outputs()

        def on_tick(lang, doc_id, cur, signature, typed, status, query, archived):
            if not doc_id:
                return [gr.skip()] * len(poll_out)
            rows = wb.store.segments(int(doc_id))
            job = wb.drafting.job(int(doc_id))
            new_sig = repr(([(r.status, r.version, bool(r.draft)) for r in rows],
                            job and (job.state, job.done), [(d.id, d.archived) for d in wb.store.list_documents()],
                            lang, status, query, archived))
            if new_sig == signature:
                return [gr.skip()] * len(poll_out)
            panel, view = [gr.skip()] * 4, EditorView()
            row = next((r for r in rows if r.id == cur.get("seg_id")), None) if cur else None
            if row is not None and row.version != cur["version"]:
                panel, view = self.colleague_saved(lang, cur, row, typed)
            elif row is not None:
                view.draft = row.draft or i18n.text(lang, "no_draft")
            grid = desk.segments_table(wb.store, doc_id, lang, status, query, cur.get("seg_id") if cur else None)
            return [new_sig, progress_text(wb, int(doc_id), lang), self.documents_table(lang, archived), grid] \
                + panel + view.values()

        self.timer.tick(on_tick, [self.lang, self.doc, self.cur, self.tick_sig, self.target_box, self.grid_status,
                                  self.grid_query, self.show_archived], poll_out,
                        api_visibility="private", show_progress="hidden")


class EditorScreen(EditorLayout, EditorEvents):
    """The editor tab: its components and its events (over :class:`workbench.ui.app._Layout`'s shared state)."""


def _only_message(message: str) -> list:
    """A save's outputs that change nothing but the editor's message line."""
    return [gr.skip()] * 5 + EditorView(message=message).values()
