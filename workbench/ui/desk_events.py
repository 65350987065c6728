"""The desk's events beyond the editor's own: the segment grid that follows the open segment, the
documents' housekeeping (archive, restore, delete), comments and a reviewer's questions, and a colleague's
save reaching the open editor.

:class:`DeskEvents` is mixed into the app's layout (:mod:`.app`), whose components it wires; the logic
is in :mod:`.desk` and :mod:`.review`.
"""

from __future__ import annotations

import gradio as gr

from workbench.errors import RoleError
from workbench.ui import desk, i18n
from workbench.ui.drafting import count_undrafted
from workbench.ui.notices import refused_line
from workbench.ui.users import display_user, role_of, user_of
from workbench.ui.views import EditorView


class DeskEvents:
    """Wiring over the components that :class:`workbench.ui.app._Layout` builds."""

    def documents_table(self, lang: str, archived: bool = False):
        return desk.documents_table(self.wb.store, lang, archived,
                                    lambda doc_id: count_undrafted(self.wb.store, doc_id))

    def grid_inputs(self) -> list:
        return [self.lang, self.doc, self.cur, self.grid_status, self.grid_query]

    def render_grid(self, lang, doc_id, cur, status, query):
        """The segment grid as filtered, the open segment highlighted."""
        return desk.segments_table(self.wb.store, doc_id, lang, status, query, cur.get("seg_id") if cur else None)

    def _housekeeping_events(self) -> None:
        """The grid follows the open segment, its filter, its search; documents are archived, restored, deleted."""
        wb, doc_out, seg_out, doc_view = self.wb, self.doc_outputs(), self.seg_outputs(), self.doc_view
        for event in (self.cur.change, self.grid_status.change, self.grid_query.change, self.lang.change):
            event(self.render_grid, self.grid_inputs(), [self.seg_table], api_visibility="private",
                  show_progress="hidden")

        def ask_delete(lang, doc_id):
            if not doc_id:
                return gr.skip(), gr.skip(), refused_line(lang, i18n.text(lang, "err_no_document"))
            info = wb.store.get_document(int(doc_id))
            question = i18n.text(lang, "delete_question", name=info.name, count=info.total)
            return gr.update(visible=True), f"**{question}**", ""

        self.delete_btn.click(ask_delete, [self.lang, self.doc], [self.delete_box, self.delete_md, self.doc_msg],
                              api_visibility="private")
        self.delete_no.click(lambda: gr.update(visible=False), None, [self.delete_box], api_visibility="private")

        def after(lang, archived, message):
            doc_id = desk.latest_document(wb.store)
            return [message] + doc_view(lang, doc_id, archived) + self.open_segment(lang, doc_id).values()

        def on_delete(lang, doc_id, archived):
            if not doc_id:
                return [gr.update(visible=False)] + [gr.skip()] * (1 + len(doc_out) + len(seg_out))
            info = wb.store.get_document(int(doc_id))
            count = wb.store.delete_document(int(doc_id))
            return [gr.update(visible=False)] + after(lang, archived, i18n.text(lang, "deleted", name=info.name,
                                                                                count=count))

        self.delete_yes.click(on_delete, [self.lang, self.doc, self.show_archived],
                              [self.delete_box, self.doc_msg] + doc_out + seg_out, api_visibility="private")

        def on_archive(archive: bool):
            def handler(lang, doc_id, archived):
                if not doc_id:
                    return [refused_line(lang, i18n.text(lang, "err_no_document"))] \
                        + [gr.skip()] * (len(doc_out) + len(seg_out))
                info = wb.store.set_archived(int(doc_id), archive)
                if archive:
                    return after(lang, archived, i18n.text(lang, "archived", name=info.name,
                                                           show=i18n.text(lang, "show_archived")))
                return [i18n.text(lang, "restored", name=info.name)] + doc_view(lang, info.id, archived) \
                    + self.open_segment(lang, info.id).values()
            return handler

        for button, archive in ((self.archive_btn, True), (self.restore_btn, False)):
            button.click(on_archive(archive), [self.lang, self.doc, self.show_archived],
                         [self.doc_msg] + doc_out + seg_out, api_visibility="private")

    def _comment_events(self) -> None:
        """Comments (anyone) and a reviewer's "send back with a question"."""
        wb = self.wb
        out = [self.comment_box] + self.seg_outputs()

        def unchanged(message: str) -> list:
            return [gr.skip()] + EditorView(message=message).values()

        def on_comment(lang, cur, text, request: gr.Request):
            if not cur:
                return unchanged(refused_line(lang, i18n.text(lang, "err_no_segment")))
            if not (text or "").strip():
                return unchanged(refused_line(lang, i18n.text(lang, "err_comment_empty")))
            wb.review.comment(cur["seg_id"], text, user_of(request))
            view = EditorView(comments=self.comments_text(lang, cur["seg_id"]),
                              message=i18n.text(lang, "comment_added"))
            return [""] + view.values()

        def on_send_back(lang, cur, text, request: gr.Request):
            if not cur:
                return unchanged(refused_line(lang, i18n.text(lang, "err_no_segment")))
            if not (text or "").strip():
                return unchanged(refused_line(lang, i18n.text(lang, "err_question_empty")))
            try:
                outcome = wb.review.send_back(cur["seg_id"], text, cur["version"], user_of(request),
                                              role_of(wb, request))
            except RoleError:
                return unchanged(refused_line(lang, i18n.text(lang, "err_reviewer_sends_back")))
            if outcome.conflict:
                return unchanged(refused_line(lang, i18n.text(lang, "err_send_back_stale")))
            view = self.seg_view(lang, outcome.segment)
            view.message = "↩️ " + i18n.text(lang, "sent_back", position=outcome.segment.position + 1)
            return [""] + view.values()

        inputs = [self.lang, self.cur, self.comment_box]
        self.comment_btn.click(on_comment, inputs, out, api_visibility="private")
        self.send_back_btn.click(on_send_back, inputs, out, api_visibility="private")

    def colleague_saved(self, lang: str, cur: dict, row, typed: str | None) -> tuple[list, EditorView]:
        """The conflict panel's outputs (state, heading, theirs, yours) and the editor when the open segment
        was saved elsewhere (a colleague, another tab) while it was open here.

        The translation box is never written here: *typed* is the box as it was when the poll was sent, and
        the translator may have typed since, so replacing the box could lose their keystrokes. Where the
        stored text is what the box held (the translator's own save, not yet acknowledged), the editor takes
        the new version quietly. Otherwise the colleague's text is shown beside the translator's in the
        conflict panel: "Keep theirs" loads it, "Overwrite with mine" saves the box over it.
        """
        typed = typed or ""
        if row.target == typed:
            view = self.seg_view(lang, row)
            view.target = view.message = gr.skip()
            return [gr.skip()] * 4, view
        values = {"who": display_user(lang, row.updated_by), "at": i18n.local_time(lang, row.updated_at),
                  "version": row.version}
        state = {"seg_id": row.id, "version": row.version, "yours": typed, "status": "translated"}
        view = EditorView(conflict_panel=gr.update(visible=True),
                          message="🔄 " + i18n.text(lang, "colleague_saved", **values))
        heading = i18n.text(lang, "colleague_heading", **values)
        return [state, f"**{heading}**", row.target or row.draft, typed], view

    def comments_text(self, lang: str, seg_id: int) -> str:
        """A segment's comments and questions, oldest first; an open question stands out."""
        lines = []
        for c in self.wb.review.comments(seg_id):
            head = f"**{display_user(lang, c['user'])}**, {i18n.local_time(lang, c['at'])}"
            if c["kind"] == "question":
                state = i18n.text(lang, "question_answered" if c["resolved"] else "question_open")
                head = f"{'✅' if c['resolved'] else '❓'} {head} · {state}"
            lines.append(f"{head}: {c['text']}")
        return "  \n".join(lines) if lines else i18n.text(lang, "no_comments")
