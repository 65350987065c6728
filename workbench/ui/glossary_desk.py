"""The glossary desk: finding, editing, confirming, removing and adding terms, and taking term candidates,
in plain Python over :mod:`workbench.glossary.edit` (the glossary tab, :mod:`.glossary_tab`, wires it).

Every change is checked like ``workbench glossary check``, written atomically, with ``NAME.po~`` kept.
The desk never writes over an edit it has not seen: an entry opened in the form carries the
:class:`~workbench.glossary.edit.FileStamp` of its file taken when it was read, and a change is made
only if the file still has that stamp; otherwise the entry is read again and shown, and nothing is
written (two translators, or a translator and a text editor, on the same file).

A change is used by the next translation without a restart:
:class:`workbench.ui.drafting.Pipelines` compares the files' stamps before each drafting chunk and
re-translation. Only the segment editor's term highlighting and QA keep their own matcher (in
:class:`workbench.ui.review.Review`); the tab clears it after each change it makes.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass, field
from pathlib import Path

from workbench.errors import GlossaryError, WorkbenchError
from workbench.glossary.candidates import propose
from workbench.glossary.check import check_paths, find_term_files, read_entries
from workbench.glossary.edit import (
    FileStamp, add_term, confirm_term, file_stamp, find_terms, remove_term, update_term,
)
from workbench.glossary.model import KINDS, Term
from workbench.glossary.po import join_derived, join_forms, split_derived, split_forms
from workbench.languages import LANGUAGES
from workbench.morphology.palladius import to_cyrillic
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
    """A :class:`Term` from the form's fields, written as in the PO file.

    Variants follow the canonical form after `` | ``; the notes box holds the
    ``#.`` comment, derived words included as a ``derived: китайский`` line.
    """
    ru_forms = [f for f in split_forms(ru or "") if f]
    zh_forms = [f for f in split_forms(zh or "") if f]
    notes, derived = split_derived(notes or "")
    return Term(ru=ru_forms[0] if ru_forms else "", zh=zh_forms[0] if zh_forms else "", kind=kind or "other",
                ru_variants=tuple(ru_forms[1:]), zh_variants=tuple(zh_forms[1:]), notes=notes,
                ru_derived=derived, fuzzy=bool(fuzzy))


def suggestion(zh: str, kind: str) -> str:
    """The Palladius transcription of a person's or place's Chinese name («黑河», place → «Хэйхэ»), else ``""``."""
    name = split_forms(zh or "")[0]
    if kind not in TRANSCRIBED_KINDS or not name:
        return ""

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
    term = raw.term
    return {"path": str(raw.path), "line": raw.line, "ru": term.ru, "zh": term.zh, "kind": term.kind,
            "ru_forms": join_forms(term.ru_forms), "zh_forms": join_forms(term.zh_forms),
            "notes": join_derived(term.notes, term.ru_derived),
            "fuzzy": term.fuzzy, "stamp": list(astuple(stamp))}


def _stamp_of(entry: dict):
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
        files, _problems = find_term_files(self.pipelines.paths())
        entries = []
        for path in files:
            entries.extend(read_entries(path)[0])
        return entries

    def search(self, query: str) -> list:
        """Entries (:class:`~workbench.glossary.po.RawEntry`) matching *query* in either language; Russian in
        any inflected form («Якутской городской думой» finds «Якутская городская дума»)."""
        entries = self._entries()
        by_term = {id(e.term): e for e in entries}
        return [by_term[id(t)] for t in find_terms(query or "", [e.term for e in entries])]

    @staticmethod
    def rows(lang: str, entries) -> list[list]:
        """The results table's rows: ru, zh, kind, fuzzy, notes, file:line."""
        return [[join_forms(e.term.ru_forms), join_forms(e.term.zh_forms), i18n.kind_name(lang, e.term.kind),
                 "✓" if e.term.fuzzy else "", join_derived(e.term.notes, e.term.ru_derived),
                 f"{shown_name(e.path)}:{e.line}"]
                for e in entries]

    def load(self, path: str, ru: str, zh: str, kind: str) -> dict | None:
        """The entry ``ru → zh (kind)`` of *path* as on disk now, with the stamp of the file it was read from
        (``None``: no longer there)."""
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
        new = form_term(ru, zh, kind, notes, fuzzy)
        if not new.ru or not new.zh:
            return Outcome(False, i18n.text(lang, "gl_err_required"), entry=entry)
        return self._change(lang, entry, lambda path, old, stamp: update_term(path, old, new, stamp), new,
                            "gl_saved")

    def confirm(self, lang: str, entry: dict) -> Outcome:
        """Clear the entry's fuzzy flag (as on disk; unsaved edits of the form are not written)."""
        after = Term(entry["ru"], entry["zh"], entry["kind"]) if entry else None
        return self._change(lang, entry, confirm_term, after, "gl_confirmed")

    def remove(self, lang: str, entry: dict) -> Outcome:
        return self._change(lang, entry, remove_term, None, "gl_removed")

    def _change(self, lang, entry, action, after: Term | None, done_key: str) -> Outcome:
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

        return shown_problems([str(p) for p in check_paths(self.files())
                               if p.path == entry["path"] and p.line == entry["line"] and not p.is_error])

    # --- adding ---------------------------------------------------------------------

    def add(self, lang: str, path: str, ru: str, zh: str, kind: str, notes: str = "", fuzzy: bool = False) -> Outcome:
        """Add a term to the glossary file *path* (one of :meth:`files`)."""
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
