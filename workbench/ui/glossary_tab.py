"""The glossary tab: find, edit, confirm, remove and add terms, and take term candidates.

:class:`GlossaryDesk` is the tab's logic in plain Python over
:mod:`workbench.glossary.edit`, which checks every change like ``workbench
glossary check``, writes atomically and keeps ``NAME.po~``. The tab never
writes over an edit it has not seen: an entry opened in the form carries the
:class:`~workbench.glossary.edit.FileStamp` of its file taken when it was read,
and a change is made only if the file still has that stamp; otherwise the
entry is read again and shown, and nothing is written (two translators, or a
translator and a text editor, on the same file).

A change is used by the next translation without a restart:
:class:`workbench.ui.drafting.Pipelines` compares the files' stamps before each
drafting chunk and re-translation. Only the segment editor's term highlighting
and QA keep their own matcher (in :class:`workbench.ui.review.Review`); the tab
clears it after each change it makes.

:func:`add_glossary_tab` is the Gradio wiring, called once by :mod:`.app`.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass, field
from pathlib import Path

import gradio as gr

from workbench.errors import GlossaryError, WorkbenchError
from workbench.glossary.model import KINDS, Term
from workbench.ui import i18n
from workbench.ui.notices import refusal, warn
from workbench.languages import LANGUAGES

DEFAULT_FILE = "heihe.po"
"""The file new terms go to by default (else the first glossary file)."""

TRANSCRIBED_KINDS = ("person", "place")
"""Kinds whose Russian is normally the Palladius transcription of the Chinese."""

RESULT_COLUMNS = ("gl_col_ru", "gl_col_zh", "gl_col_kind", "gl_col_fuzzy", "gl_col_notes", "gl_col_where")
CANDIDATE_COLUMNS = ("gl_col_ru", "gl_col_zh", "gl_col_count", "gl_col_example")


@dataclass
class Outcome:
    """What a change did.

    Attributes:
        ok: the file was written.
        message: one line for the translator, in the interface language.
        problems: ``file:line: message`` lines (why a change was refused, or warnings of a written entry).
        entry: the form's entry after the change (read again from disk), ``None`` for an empty form.
        stale: refused because the file changed on disk since the entry was read.
    """

    ok: bool
    message: str
    problems: list[str] = field(default_factory=list)
    entry: dict | None = None
    stale: bool = False


def form_term(ru: str, zh: str, kind: str, notes: str = "", fuzzy: bool = False) -> Term:
    """A :class:`Term` from the form's fields, written as in the PO file.

    Variants follow the canonical form after `` | ``; the notes box holds the
    ``#.`` comment, derived words included as a ``derived: китайский`` line.
    """
    from workbench.glossary.po import split_derived, split_forms

    ru_forms = [f for f in split_forms(ru or "") if f]
    zh_forms = [f for f in split_forms(zh or "") if f]
    notes, derived = split_derived(notes or "")
    return Term(ru=ru_forms[0] if ru_forms else "", zh=zh_forms[0] if zh_forms else "", kind=kind or "other",
                ru_variants=tuple(ru_forms[1:]), zh_variants=tuple(zh_forms[1:]), notes=notes,
                ru_derived=derived, fuzzy=bool(fuzzy))


def suggestion(zh: str, kind: str) -> str:
    """The Palladius transcription of a person's or place's Chinese name («黑河», place → «Хэйхэ»), else ``""``."""
    from workbench.glossary.po import split_forms

    name = split_forms(zh or "")[0]
    if kind not in TRANSCRIBED_KINDS or not name:
        return ""
    from workbench.morphology.palladius import to_cyrillic

    try:
        return to_cyrillic(name, kind)
    except WorkbenchError:  # not Chinese nor pinyin: nothing to suggest
        return ""


def approved_pairs(store) -> list[tuple[str, str]]:
    """(Russian, Chinese) of every approved segment of the store, whichever way it was translated."""
    pairs = []
    for doc in store.list_documents():
        if {doc.source_lang, doc.target_lang} != set(LANGUAGES):
            continue
        for row in store.segments(doc.id):
            if row.status == "approved" and row.target.strip():
                pairs.append((row.source, row.target) if doc.source_lang == "ru" else (row.target, row.source))
    return pairs


def shown_name(path) -> str:
    """A glossary file as translators see it: its name (``heihe.po``), not where it is on the server."""
    return Path(path).name


def shown_problems(problems) -> list[str]:
    """``file:line: message`` lines with the files' names only."""
    from workbench.ui.notices import hide_paths

    return [hide_paths(str(p)) for p in problems]


def _entry_state(raw, stamp) -> dict:
    """The form's state for an entry read from disk: where it is, what it says, the file's stamp then."""
    from workbench.glossary.po import join_derived, join_forms

    term = raw.term
    return {"path": str(raw.path), "line": raw.line, "ru": term.ru, "zh": term.zh, "kind": term.kind,
            "ru_forms": join_forms(term.ru_forms), "zh_forms": join_forms(term.zh_forms),
            "notes": join_derived(term.notes, term.ru_derived),
            "fuzzy": term.fuzzy, "stamp": list(astuple(stamp))}


def _stamp_of(entry: dict):
    from workbench.glossary.edit import FileStamp

    return FileStamp(*entry["stamp"])


class GlossaryDesk:
    """The glossary tab's logic over the glossary files of a :class:`~workbench.ui.drafting.Pipelines`.

    Args:
        pipelines: gives the glossary paths (files and folders). Whoever reads
            the glossary through it (drafting, the segment editor) sees a change
            on their next read, as the file stamps differ.
    """

    def __init__(self, pipelines):
        self.pipelines = pipelines

    # --- files and search -------------------------------------------------------

    def files(self) -> list[Path]:
        """The PO term files that can be edited here."""
        from workbench.glossary.check import find_term_files

        files, _problems = find_term_files(self.pipelines.paths())
        if not files:  # an empty glossary folder: the default file is created by the first term
            files = [Path(p) / DEFAULT_FILE for p in self.pipelines.paths() if Path(p).is_dir()][:1]
        return [f for f in files if f.suffix.lower() == ".po"]

    def default_file(self) -> str | None:
        files = self.files()
        chosen = next((f for f in files if f.name == DEFAULT_FILE), files[0] if files else None)
        return str(chosen) if chosen else None

    def file_choices(self) -> list[tuple[str, str]]:
        """``(shown name, value)`` of each file for the form: the file name, never the server's path."""
        return [(shown_name(f), shown_name(f)) for f in self.files()]

    def resolve(self, name: str | None) -> str | None:
        """The file a form names (its shown name, or its path as :meth:`files` gives it), else ``None``."""
        for path in self.files():
            if name in (str(path), shown_name(path)):
                return str(path)
        return None

    def _entries(self) -> list:
        from workbench.glossary.check import find_term_files, read_entries

        files, _problems = find_term_files(self.pipelines.paths())
        entries = []
        for path in files:
            entries.extend(read_entries(path)[0])
        return entries

    def search(self, query: str) -> list:
        """Entries (:class:`~workbench.glossary.po.RawEntry`) matching *query* in either language; Russian in
        any inflected form («Якутской городской думой» finds «Якутская городская дума»)."""
        from workbench.glossary.edit import find_terms

        entries = self._entries()
        by_term = {id(e.term): e for e in entries}
        return [by_term[id(t)] for t in find_terms(query or "", [e.term for e in entries])]

    @staticmethod
    def rows(lang: str, entries) -> list[list]:
        """The results table's rows: ru, zh, kind, fuzzy, notes, file:line."""
        from workbench.glossary.po import join_derived, join_forms

        return [[join_forms(e.term.ru_forms), join_forms(e.term.zh_forms), i18n.kind_name(lang, e.term.kind),
                 "✓" if e.term.fuzzy else "", join_derived(e.term.notes, e.term.ru_derived),
                 f"{shown_name(e.path)}:{e.line}"]
                for e in entries]

    def load(self, path: str, ru: str, zh: str, kind: str) -> dict | None:
        """The entry ``ru → zh (kind)`` of *path* as on disk now, with the stamp of the file it was read from
        (``None``: no longer there)."""
        from workbench.glossary.check import read_entries
        from workbench.glossary.edit import file_stamp

        for _attempt in range(3):  # a stamp that matches the text read: retry if written meanwhile
            stamp = file_stamp(path)
            entries = read_entries(path)[0] if stamp.size >= 0 else []
            if file_stamp(path) == stamp:
                break
        for raw in entries:
            if (raw.term.ru, raw.term.zh, raw.term.kind) == (ru, zh, kind):
                return _entry_state(raw, stamp)
        return None

    # --- changing an entry --------------------------------------------------------

    def save(self, lang: str, entry: dict, ru: str, zh: str, kind: str, notes: str, fuzzy: bool) -> Outcome:
        """Write the form over the entry it was loaded from."""
        from workbench.glossary.edit import update_term

        new = form_term(ru, zh, kind, notes, fuzzy)
        if not new.ru or not new.zh:
            return Outcome(False, i18n.text(lang, "gl_err_required"), entry=entry)
        return self._change(lang, entry, lambda path, old, stamp: update_term(path, old, new, stamp), new,
                            "gl_saved")

    def confirm(self, lang: str, entry: dict) -> Outcome:
        """Clear the entry's fuzzy flag (as on disk; unsaved edits of the form are not written)."""
        from workbench.glossary.edit import confirm_term

        after = Term(entry["ru"], entry["zh"], entry["kind"]) if entry else None
        return self._change(lang, entry, confirm_term, after, "gl_confirmed")

    def remove(self, lang: str, entry: dict) -> Outcome:
        from workbench.glossary.edit import remove_term

        return self._change(lang, entry, remove_term, None, "gl_removed")

    def _change(self, lang, entry, action, after: Term | None, done_key: str) -> Outcome:
        from workbench.glossary.edit import file_stamp

        if not entry:
            return Outcome(False, i18n.text(lang, "gl_err_no_entry"))
        path, expected = entry["path"], _stamp_of(entry)
        old = Term(entry["ru"], entry["zh"], entry["kind"])
        if file_stamp(path) != expected:
            return self._stale(lang, entry)
        try:
            action(path, old, expected)
        except GlossaryError as err:
            if file_stamp(path) != expected:  # written by someone else while we checked ours
                return self._stale(lang, entry)
            return Outcome(False, i18n.text(lang, "gl_refused", ru=entry["ru"]), shown_problems(err.problems),
                           entry)
        if after is None:
            return Outcome(True, i18n.text(lang, done_key, ru=entry["ru"], path=shown_name(path)))
        reloaded = self.load(path, after.ru, after.zh, after.kind)
        return Outcome(True, i18n.text(lang, done_key, ru=after.ru, path=shown_name(path)), self._warnings(reloaded),
                       reloaded)

    def _stale(self, lang: str, entry: dict) -> Outcome:
        current = self.load(entry["path"], entry["ru"], entry["zh"], entry["kind"])
        key = "gl_stale" if current else "gl_stale_gone"
        return Outcome(False, i18n.text(lang, key, path=shown_name(entry["path"]), ru=entry["ru"]), entry=current,
                       stale=True)

    def _warnings(self, entry: dict | None) -> list[str]:
        """Warnings of ``glossary check`` for a written entry (errors were refused before writing)."""
        if not entry:
            return []
        from workbench.glossary.check import check_paths

        return shown_problems([str(p) for p in check_paths(self.files())
                               if p.path == entry["path"] and p.line == entry["line"] and not p.is_error])

    # --- adding ---------------------------------------------------------------------

    def add(self, lang: str, path: str, ru: str, zh: str, kind: str, notes: str = "", fuzzy: bool = False) -> Outcome:
        """Add a term to the glossary file *path* (one of :meth:`files`)."""
        from workbench.glossary.edit import add_term

        term = form_term(ru, zh, kind, notes, fuzzy)
        if not term.ru or not term.zh:
            return Outcome(False, i18n.text(lang, "gl_err_required"))
        if kind not in KINDS:
            return Outcome(False, i18n.text(lang, "gl_err_kind", kinds=", ".join(KINDS)))
        path = self.resolve(str(path)) if path else None
        if not path:
            return Outcome(False, i18n.text(lang, "gl_err_file"))
        try:
            add_term(path, term)
        except GlossaryError as err:
            return Outcome(False, i18n.text(lang, "gl_refused", ru=term.ru), shown_problems(err.problems))
        added = self.load(path, term.ru, term.zh, term.kind)
        return Outcome(True, i18n.text(lang, "gl_added", ru=term.ru, zh=term.zh, path=shown_name(path)),
                       self._warnings(added), added)

    # --- candidates -------------------------------------------------------------------

    def candidates(self, store, rejected=()) -> list[dict]:
        """Term candidates from the approved segments (:func:`workbench.glossary.candidates.propose`),
        without the ones rejected in this session."""
        from workbench.glossary.candidates import propose

        pairs = approved_pairs(store)
        if not pairs:
            return []
        skip = set(rejected)
        return [{"ru": c.ru, "zh": c.zh, "count": c.count, "example": c.examples[0] if c.examples else ""}
                for c in propose(pairs, [e.term for e in self._entries()]) if c.ru not in skip]

    def accept(self, lang: str, candidate: dict, path: str, kind: str = "other") -> Outcome:
        """Add a candidate to *path* as an unconfirmed (fuzzy) term."""
        if not candidate:
            return Outcome(False, i18n.text(lang, "gl_err_no_candidate"))
        if not candidate.get("zh"):
            return Outcome(False, i18n.text(lang, "gl_err_candidate_zh", ru=candidate["ru"]))
        return self.add(lang, path, candidate["ru"], candidate["zh"], kind or "other", fuzzy=True)


# ============================================================================ Gradio wiring


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
