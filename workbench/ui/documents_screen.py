"""The documents screen: the list of documents and their housekeeping, importing a text, a file or a
translation memory, marking segments not for translation, and exporting.

:class:`DocumentsScreen` is mixed into the app's layout (:mod:`.app`); the logic is in
:mod:`.importing`, :mod:`.exporting` and :mod:`.desk`.
"""

from __future__ import annotations

import gradio as gr

from workbench.errors import UnreviewedSegmentsError, WorkbenchError
from workbench.ui import desk, i18n
from workbench.ui.exporting import EXPORT_FORMATS, export_message, export_to_file, unreviewed_choice
from workbench.ui.importing import ALLOWED_EXTENSIONS, MemoryImported, detect_direction, import_into, mark_skip
from workbench.ui.notices import refused_line
from workbench.ui.users import user_of
from workbench.ui.views import EditorView, direction_choices, unreviewed_choices


class DocumentsScreen:
    """The documents tab's components and events (over :class:`workbench.ui.app._Layout`'s shared state)."""

    # --- layout -------------------------------------------------------------------

    def _documents_tab(self, t) -> None:
        self._documents_list(t)
        self._import_form(t)
        self._skip_form(t)
        self._export_form(t)

    def _documents_list(self, t) -> None:
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

    def _import_form(self, t) -> None:
        self.label(gr.Markdown(f"### {t('import_heading')}"), "import_heading", "heading")
        with gr.Row():
            with gr.Column(scale=3):
                self.paste = self.label(gr.Textbox(lines=8, label=t("paste"), elem_id="paste-text"), "paste")
            with gr.Column(scale=2):
                self.upload = self.label(gr.File(label=t("upload"), file_count="single", type="filepath",
                                                 file_types=list(ALLOWED_EXTENSIONS), elem_id="upload"), "upload")
                self.doc_name = self.label(gr.Textbox(label=t("doc_name"), elem_id="doc-name"), "doc_name")
                self.direction = gr.Dropdown(choices=direction_choices("en"), value="auto", label=t("direction"),
                                             elem_id="direction")
                self.label(self.direction, "direction", "direction")
                self.detected = gr.Markdown("", elem_id="detected")
                self.import_btn = self.label(gr.Button(t("import_button"), variant="primary", elem_id="import"),
                                             "import_button", "value")
        self.import_msg = gr.Markdown("", elem_id="import-message")

    def _skip_form(self, t) -> None:
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

    def _export_form(self, t) -> None:
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

    # --- events -------------------------------------------------------------------

    def _documents_events(self) -> None:
        self._housekeeping_events()
        self._import_events()
        self._skip_events()
        self._export_events()

    def _import_events(self) -> None:
        wb, doc_out, seg_out = self.wb, self.doc_outputs(), self.seg_outputs()

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
                return [refused_line(lang, err)] + [gr.skip()] * (6 + len(doc_out)) + EditorView().values()
            if isinstance(done, MemoryImported):  # a TMX: the memory grows, the form is cleared, the editor stays
                message = "✅ " + i18n.text(lang, "memory_imported", name=done.name, units=done.units,
                                           added=done.added, present=done.present, skipped=done.skipped)
                return [message, "", None, "", "auto", ""] + [gr.skip()] * (1 + len(doc_out)) \
                    + EditorView().values()
            wb.drafting.start(done.doc_id)
            message = i18n.text(lang, "imported", name=done.name, count=done.count,
                                direction=i18n.direction_name(lang, done.source_lang, done.target_lang))
            for notice in done.notices:  # what the file carries that could not be kept, languages overruled
                gr.Warning(notice)
            return [message, "", None, "", "auto", "", gr.Tabs(selected="editor")] \
                + self.doc_view(lang, done.doc_id) + self.open_segment(lang, done.doc_id).values()

        self.import_btn.click(on_import, [self.lang, self.paste, self.upload, self.doc_name, self.direction],
                              [self.import_msg, self.paste, self.upload, self.doc_name, self.direction, self.detected,
                               self.tabs] + doc_out + seg_out, api_visibility="private")

    def _skip_events(self) -> None:
        """Not for translation: segments by number ("3, 7-9"), marked or brought back."""
        wb, doc_out, seg_out = self.wb, self.doc_outputs(), self.seg_outputs()

        def on_skip(skip: bool):
            def handler(lang, doc_id, numbers, cur, request: gr.Request):
                unchanged = [gr.skip()] * (1 + len(doc_out)) + EditorView().values()
                if not doc_id:
                    return [refused_line(lang, i18n.text(lang, "err_no_document"))] + unchanged
                rows = wb.store.segments(int(doc_id))
                try:
                    wanted = set(desk.parse_numbers(numbers, len(rows)))
                except WorkbenchError as err:
                    return [refused_line(lang, err)] + unchanged
                ids = [r.id for r in rows if r.position + 1 in wanted]
                changed, conflicts = mark_skip(wb.store, ids, skip=skip, user=user_of(request))
                message = i18n.text(lang, "skip_done" if skip else "unskip_done", count=changed)
                if conflicts:
                    message += " " + i18n.text(lang, "skip_conflicts", count=conflicts)
                seg = self.open_segment(lang, doc_id, cur.get("seg_id")) if cur else self.seg_view(lang, None)
                return [message, ""] + self.doc_view(lang, doc_id) + seg.values()
            return handler

        skip_in = [self.lang, self.doc, self.skip_numbers, self.cur]
        skip_out = [self.skip_msg, self.skip_numbers] + doc_out + seg_out
        for button, skip in ((self.skip_btn, True), (self.unskip_btn, False)):
            button.click(on_skip(skip), skip_in, skip_out, api_visibility="private").then(
                self.render_grid, self.grid_inputs(), [self.seg_table], api_visibility="private",
                show_progress="hidden")

    def _export_events(self) -> None:
        """Export: approved text as it stands, the rest as the translator chose (marked), and the counts said."""
        wb = self.wb

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
