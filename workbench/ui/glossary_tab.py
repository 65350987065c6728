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
    """A :class:`Term` from the form's fields (variants after `` | ``, as in the PO file)."""
    from workbench.glossary.po import split_forms

    ru_forms = [f for f in split_forms(ru or "") if f]
    zh_forms = [f for f in split_forms(zh or "") if f]
    return Term(ru=ru_forms[0] if ru_forms else "", zh=zh_forms[0] if zh_forms else "", kind=kind or "other",
                ru_variants=tuple(ru_forms[1:]), zh_variants=tuple(zh_forms[1:]), notes=(notes or "").strip(),
                fuzzy=bool(fuzzy))


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
        if {doc.source_lang, doc.target_lang} != {"ru", "zh"}:
            continue
        for row in store.segments(doc.id):
            if row.status == "approved" and row.target.strip():
                pairs.append((row.source, row.target) if doc.source_lang == "ru" else (row.target, row.source))
    return pairs


def _entry_state(raw, stamp) -> dict:
    """The form's state for an entry read from disk: where it is, what it says, the file's stamp then."""
    from workbench.glossary.po import join_forms

    term = raw.term
    return {"path": str(raw.path), "line": raw.line, "ru": term.ru, "zh": term.zh, "kind": term.kind,
            "ru_forms": join_forms(term.ru_forms), "zh_forms": join_forms(term.zh_forms), "notes": term.notes,
            "fuzzy": term.fuzzy, "stamp": list(astuple(stamp))}


def _stamp_of(entry: dict):
    from workbench.glossary.edit import FileStamp

    return FileStamp(*entry["stamp"])


class GlossaryDesk:
    """The glossary tab's logic over the glossary files of a :class:`~workbench.ui.drafting.Pipelines`.

    Args:
        pipelines: gives the glossary paths (files and folders).
        on_change: called after every change written (to drop cached matchers).
    """

    def __init__(self, pipelines, on_change=None):
        self.pipelines = pipelines
        self.on_change = on_change or (lambda: None)

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
        from workbench.glossary.po import join_forms

        return [[join_forms(e.term.ru_forms), join_forms(e.term.zh_forms), e.term.kind,
                 "✓" if e.term.fuzzy else "", e.term.notes, e.location] for e in entries]

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

        old = Term(entry["ru"], entry["zh"], entry["kind"])
        return self._change(lang, entry, confirm_term, old, "gl_confirmed")

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
            return Outcome(False, i18n.text(lang, "gl_refused", ru=entry["ru"]), list(err.problems), entry)
        self.on_change()
        if after is None:
            return Outcome(True, i18n.text(lang, done_key, ru=entry["ru"], path=path))
        reloaded = self.load(path, after.ru, after.zh, after.kind)
        return Outcome(True, i18n.text(lang, done_key, ru=after.ru, path=path), self._warnings(reloaded), reloaded)

    def _stale(self, lang: str, entry: dict) -> Outcome:
        current = self.load(entry["path"], entry["ru"], entry["zh"], entry["kind"])
        key = "gl_stale" if current else "gl_stale_gone"
        return Outcome(False, i18n.text(lang, key, path=entry["path"], ru=entry["ru"]), entry=current, stale=True)

    def _warnings(self, entry: dict | None) -> list[str]:
        """Warnings of ``glossary check`` for a written entry (errors were refused before writing)."""
        if not entry:
            return []
        from workbench.glossary.check import check_paths

        return [str(p) for p in check_paths(self.files())
                if p.path == entry["path"] and p.line == entry["line"] and not p.is_error]

    # --- adding ---------------------------------------------------------------------

    def add(self, lang: str, path: str, ru: str, zh: str, kind: str, notes: str = "", fuzzy: bool = False) -> Outcome:
        """Add a term to the glossary file *path* (one of :meth:`files`)."""
        from workbench.glossary.edit import add_term

        term = form_term(ru, zh, kind, notes, fuzzy)
        if not term.ru or not term.zh:
            return Outcome(False, i18n.text(lang, "gl_err_required"))
        if kind not in KINDS:
            return Outcome(False, i18n.text(lang, "gl_err_kind", kinds=", ".join(KINDS)))
        allowed = {str(f) for f in self.files()}
        if not path or str(path) not in allowed:
            return Outcome(False, i18n.text(lang, "gl_err_file"))
        try:
            add_term(path, term)
        except GlossaryError as err:
            return Outcome(False, i18n.text(lang, "gl_refused", ru=term.ru), list(err.problems))
        self.on_change()
        added = self.load(path, term.ru, term.zh, term.kind)
        return Outcome(True, i18n.text(lang, "gl_added", ru=term.ru, zh=term.zh, path=path),
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


def forget_cached_terms(review) -> None:
    """Make the segment editor build its term matcher and QA index again from the changed glossary."""
    lock = getattr(review, "_lock", None)
    if lock is None:
        return
    with lock:
        review._matchers.clear()
        review._qa_index = None


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
    wb = layout.wb
    desk = GlossaryDesk(wb.pipelines, on_change=lambda: forget_cached_terms(wb.review))
    label = layout.label
    files = [str(f) for f in desk.files()]
    with gr.Tab(t("tab_glossary"), id="glossary") as tab:
        label(tab, "tab_glossary")
        with gr.Row():
            query = label(gr.Textbox(label=t("gl_query"), elem_id="glossary-query", scale=4), "gl_query")
            search_btn = label(gr.Button(t("gl_search"), elem_id="glossary-search", scale=1), "gl_search", "value")
        results = gr.Dataframe(_table("en", RESULT_COLUMNS, []), interactive=False, elem_id="glossary-results",
                               wrap=True)
        keys = gr.State([])
        message = gr.Markdown("", elem_id="glossary-message")
        label(gr.Markdown(f"### {t('gl_entry')}"), "gl_entry", "heading")
        entry = gr.State(None)
        where = gr.Markdown("", elem_id="glossary-where")
        with gr.Row():
            ed_ru = label(gr.Textbox(label=t("gl_ru"), elem_id="glossary-ru"), "gl_ru")
            ed_zh = label(gr.Textbox(label=t("gl_zh"), elem_id="glossary-zh"), "gl_zh")
            ed_kind = label(gr.Dropdown(list(KINDS), value=None, label=t("gl_kind"), elem_id="glossary-kind"),
                            "gl_kind")
        ed_notes = label(gr.Textbox(label=t("gl_notes"), lines=2, elem_id="glossary-notes"), "gl_notes")
        ed_fuzzy = label(gr.Checkbox(label=t("gl_fuzzy"), elem_id="glossary-fuzzy"), "gl_fuzzy")
        with gr.Row():
            save_btn = label(gr.Button(t("gl_save"), variant="primary", elem_id="glossary-save"), "gl_save", "value")
            confirm_btn = label(gr.Button(t("gl_confirm"), elem_id="glossary-confirm"), "gl_confirm", "value")
            remove_btn = label(gr.Button(t("gl_remove"), variant="stop", elem_id="glossary-remove"), "gl_remove",
                               "value")
        with gr.Group(visible=False, elem_id="glossary-remove-confirm") as remove_box:
            remove_md = gr.Markdown("")
            with gr.Row():
                remove_yes = label(gr.Button(t("gl_remove_yes"), variant="stop", elem_id="glossary-remove-yes"),
                                   "gl_remove_yes", "value")
                remove_no = label(gr.Button(t("gl_remove_no"), elem_id="glossary-remove-no"), "gl_remove_no",
                                  "value")
        label(gr.Markdown(f"### {t('gl_add_heading')}"), "gl_add_heading", "heading")
        with gr.Row():
            add_zh = label(gr.Textbox(label=t("gl_zh"), elem_id="glossary-add-zh"), "gl_zh")
            add_kind = label(gr.Dropdown(list(KINDS), value="other", label=t("gl_kind"),
                                         elem_id="glossary-add-kind"), "gl_kind")
            add_ru = label(gr.Textbox(label=t("gl_ru"), elem_id="glossary-add-ru"), "gl_ru")
        with gr.Row():
            hint = gr.State("")
            hint_md = gr.Markdown("", elem_id="glossary-suggestion")
            use_hint = label(gr.Button(t("gl_use_suggestion"), size="sm", visible=False,
                                       elem_id="glossary-use-suggestion"), "gl_use_suggestion", "value")
        add_notes = label(gr.Textbox(label=t("gl_notes"), lines=2, elem_id="glossary-add-notes"), "gl_notes")
        with gr.Row():
            add_fuzzy = label(gr.Checkbox(label=t("gl_fuzzy"), elem_id="glossary-add-fuzzy"), "gl_fuzzy")
            add_file = label(gr.Dropdown(files, value=desk.default_file(), label=t("gl_file"),
                                         elem_id="glossary-file"), "gl_file")
            add_btn = label(gr.Button(t("gl_add"), variant="primary", elem_id="glossary-add"), "gl_add", "value")
        label(gr.Markdown(f"### {t('gl_candidates_heading')}"), "gl_candidates_heading", "heading")
        with gr.Row():
            find_btn = label(gr.Button(t("gl_find_candidates"), elem_id="glossary-find-candidates"),
                             "gl_find_candidates", "value")
            cand_kind = label(gr.Dropdown(list(KINDS), value="other", label=t("gl_candidate_kind"),
                                          elem_id="glossary-candidate-kind"), "gl_candidate_kind")
        cand_table = gr.Dataframe(_table("en", CANDIDATE_COLUMNS, []), interactive=False,
                                  elem_id="glossary-candidates", wrap=True)
        cands, chosen, rejected = gr.State([]), gr.State(None), gr.State([])
        chosen_md = gr.Markdown("", elem_id="glossary-candidate")
        with gr.Row():
            accept_btn = label(gr.Button(t("gl_accept"), elem_id="glossary-accept"), "gl_accept", "value")
            reject_btn = label(gr.Button(t("gl_reject"), elem_id="glossary-reject"), "gl_reject", "value")

    lang = layout.lang
    form = [entry, where, ed_ru, ed_zh, ed_kind, ed_notes, ed_fuzzy, remove_box]

    def form_view(lang_code, state):
        if not state:
            return [None, "", "", "", None, "", False, gr.update(visible=False)]
        shown = i18n.text(lang_code, "gl_where", where=f"{state['path']}:{state['line']}")
        return [state, shown, state["ru_forms"], state["zh_forms"], state["kind"], state["notes"], state["fuzzy"],
                gr.update(visible=False)]

    def search_view(lang_code, text):
        found = desk.search(text)
        return [_table(lang_code, RESULT_COLUMNS, desk.rows(lang_code, found)),
                [[str(e.path), e.term.ru, e.term.zh, e.term.kind] for e in found]]

    def on_search(lang_code, text):
        view = search_view(lang_code, text)
        note = "" if view[1] or not (text or "").strip() else i18n.text(lang_code, "gl_not_found", query=text)
        return view + [note]

    search_out = [results, keys, message]
    search_btn.click(on_search, [lang, query], search_out, api_visibility="private")
    query.submit(on_search, [lang, query], search_out, api_visibility="private")

    def on_select(lang_code, found, evt: gr.SelectData):
        if evt.index is None or evt.index[0] >= len(found):
            return [gr.skip()] * (len(form) + 1)
        state = desk.load(*found[evt.index[0]])
        if state is None:
            return form_view(lang_code, None) + [i18n.text(lang_code, "gl_stale_gone", path=found[evt.index[0]][0],
                                                            ru=found[evt.index[0]][1])]
        return form_view(lang_code, state) + [""]

    results.select(on_select, [lang, keys], form + [message], api_visibility="private")

    change_out = form + [message, results, keys]

    def shown(lang_code, outcome: Outcome, text):
        if outcome.stale:
            gr.Warning(outcome.message)
        view = form_view(lang_code, outcome.entry) if (outcome.ok or outcome.stale) else [gr.skip()] * len(form)
        return view + [_message(outcome)] + search_view(lang_code, text)

    def on_save(lang_code, state, ru, zh, kind, notes, fuzzy, text):
        return shown(lang_code, desk.save(lang_code, state, ru, zh, kind, notes, fuzzy), text)

    save_btn.click(on_save, [lang, entry, ed_ru, ed_zh, ed_kind, ed_notes, ed_fuzzy, query], change_out,
                   api_visibility="private")
    confirm_btn.click(lambda lang_code, state, text: shown(lang_code, desk.confirm(lang_code, state), text),
                      [lang, entry, query], change_out, api_visibility="private")

    def ask_remove(lang_code, state):
        if not state:
            raise gr.Error(i18n.text(lang_code, "gl_err_no_entry"))
        question = i18n.text(lang_code, "gl_remove_question", ru=state["ru"], zh=state["zh"], path=state["path"])
        return gr.update(visible=True), f"**{question}**"

    remove_btn.click(ask_remove, [lang, entry], [remove_box, remove_md], api_visibility="private")
    remove_no.click(lambda: gr.update(visible=False), None, [remove_box], api_visibility="private")
    remove_yes.click(lambda lang_code, state, text: shown(lang_code, desk.remove(lang_code, state), text),
                     [lang, entry, query], change_out, api_visibility="private")

    def on_hint(lang_code, zh, kind):
        found = suggestion(zh, kind)
        text = i18n.text(lang_code, "gl_suggestion", ru=found) if found else ""
        return found, text, gr.update(visible=bool(found))

    for event in (add_zh.change, add_kind.change):
        event(on_hint, [lang, add_zh, add_kind], [hint, hint_md, use_hint], api_visibility="private",
              show_progress="hidden")
    use_hint.click(lambda found: found or gr.skip(), [hint], [add_ru], api_visibility="private")

    def on_add(lang_code, path, ru, zh, kind, notes, fuzzy):
        outcome = desk.add(lang_code, path, ru, zh, kind, notes, fuzzy)
        cleared = ["", "", ""] if outcome.ok else [gr.skip()] * 3
        return [_message(outcome)] + cleared

    add_btn.click(on_add, [lang, add_file, add_ru, add_zh, add_kind, add_notes, add_fuzzy],
                  [message, add_ru, add_zh, add_notes], api_visibility="private")

    def candidate_view(lang_code, found):
        rows = [[c["ru"], c["zh"] or "—", c["count"], c["example"]] for c in found]
        return [_table(lang_code, CANDIDATE_COLUMNS, rows), found, None, ""]

    cand_out = [cand_table, cands, chosen, chosen_md]

    def on_find(lang_code, hidden):
        found = desk.candidates(wb.store, hidden)
        note = i18n.text(lang_code, "gl_candidates_found", count=len(found))
        return candidate_view(lang_code, found) + [note]

    find_btn.click(on_find, [lang, rejected], cand_out + [message], api_visibility="private")

    def on_pick(lang_code, found, evt: gr.SelectData):
        if evt.index is None or evt.index[0] >= len(found):
            return gr.skip(), gr.skip()
        picked = found[evt.index[0]]
        return picked, i18n.text(lang_code, "gl_candidate_chosen", ru=picked["ru"], zh=picked["zh"] or "—")

    cand_table.select(on_pick, [lang, cands], [chosen, chosen_md], api_visibility="private")

    def on_accept(lang_code, picked, path, kind, found):
        outcome = desk.accept(lang_code, picked, path, kind)
        if not outcome.ok:
            return [gr.skip()] * len(cand_out) + [_message(outcome)]
        remaining = [c for c in found if c["ru"] != picked["ru"]]
        return candidate_view(lang_code, remaining) + [_message(outcome)]

    accept_btn.click(on_accept, [lang, chosen, add_file, cand_kind, cands], cand_out + [message],
                     api_visibility="private")

    def on_reject(lang_code, picked, found, hidden):
        if not picked:
            raise gr.Error(i18n.text(lang_code, "gl_err_no_candidate"))
        remaining = [c for c in found if c["ru"] != picked["ru"]]
        return candidate_view(lang_code, remaining) + [list(hidden or []) + [picked["ru"]]]

    # the tables' headings and the entry's line follow the interface language (set on load and by the switch)
    def on_language(lang_code, text, found, state):
        where_line = i18n.text(lang_code, "gl_where", where=f"{state['path']}:{state['line']}") if state else ""
        return search_view(lang_code, text)[0], candidate_view(lang_code, found or [])[0], where_line

    lang.change(on_language, [lang, query, cands, entry], [results, cand_table, where], api_visibility="private",
                show_progress="hidden")

    reject_btn.click(on_reject, [lang, chosen, cands, rejected], cand_out + [rejected], api_visibility="private")
