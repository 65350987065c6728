"""Edit a PO term file safely: find, add, change, remove and confirm terms.

Every change goes the same way (:func:`_change`):

1. the file is read and its :class:`FileStamp` (mtime, size, SHA-256) taken;
   a caller that read the file earlier (a UI showing the terms) passes the
   stamp it saw, and the change is refused if the file has changed since;
2. the entry is changed with polib, which keeps every other entry, comment and
   the header as written;
3. the new text is checked like ``workbench glossary check`` together with the
   other ``*.po`` files of the same folder; a change that brings a new error
   (an empty field, an unknown kind, a term translated twice …) is refused
   with every problem;
4. the old file is kept as ``NAME.po~`` and the new one written atomically
   (temporary file + rename), after checking the stamp once more.

Nothing is cached: the loader reads the files afresh for every translation, so
a change is used by the next one.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import GlossaryError
from workbench.glossary.check import check_paths, normalise_ru, normalise_zh
from workbench.glossary.matching import TermMatcher
from workbench.glossary.model import KINDS, Glossary, Term, derived_word_owners
from workbench.glossary.po import (
    DEFAULT_METADATA, _occurrence, atomic_write_text, format_po, join_derived, join_forms, split_forms,
)
from workbench.morphology.palladius import _HAN

BACKUP_SUFFIX = "~"


@dataclass(frozen=True)
class FileStamp:
    """What a file looked like when it was read; compared before writing."""

    mtime_ns: int
    size: int
    sha256: str


def file_stamp(path: str | os.PathLike) -> FileStamp:
    """The stamp of ``path`` now (a missing file has size -1)."""
    try:
        data = Path(path).read_bytes()
        info = os.stat(path)
    except FileNotFoundError:
        return FileStamp(0, -1, "")
    return FileStamp(info.st_mtime_ns, info.st_size, hashlib.sha256(data).hexdigest())


# --------------------------------------------------------------------------- finding


def find_terms(query: str, glossary: Glossary | list[Term]) -> list[Term]:
    """Terms matching ``query``, in either language.

    Chinese: every term with a Chinese form containing the query. Russian: terms
    found in the query in any inflected form («Якутской городской думой» finds
    «Якутская городская дума»), terms of which a one-word query is a derived
    word («китайских» finds «Китай»), then terms with a Russian form containing
    the query (case and ё/е ignored).
    """
    terms = list(glossary)
    query = query.strip()
    if not query:
        return []
    found: dict[int, Term] = {}
    if _HAN.search(query):
        key = normalise_zh(query)
        for term in terms:
            if any(key in normalise_zh(form) for form in term.zh_forms):
                found.setdefault(id(term), term)
        return list(found.values())

    for match in TermMatcher(terms, "ru").find(query):
        found.setdefault(id(match.term), match.term)
    # a query that is one derived word, in any form, finds its terms («китайских» → Китай);
    # inside a longer query it would find too much («Якутской городской думой» → Якутск)
    owners = derived_word_owners(terms)
    words = TermMatcher([Term(ru=word, zh="") for word in owners], "ru") if owners and " " not in query else None
    for match in words.find(query) if words else ():
        for term in owners[match.term.ru]:
            found.setdefault(id(term), term)
    key = normalise_ru(query)
    for term in terms:
        if any(key in normalise_ru(form) for form in (*term.ru_forms, *term.ru_derived)):
            found.setdefault(id(term), term)
    return list(found.values())


# --------------------------------------------------------------------------- changing


def add_term(path: str | os.PathLike, term: Term, expected_stamp: FileStamp | None = None) -> FileStamp:
    """Append ``term`` to the PO file ``path`` (created if missing); returns the new stamp."""
    def change(po):
        import polib

        po.append(_entry(polib, term))
        return f"added «{term.ru}» → {term.zh}"

    return _change(path, change, expected_stamp)


def update_term(path: str | os.PathLike, old_term: Term, new_term: Term,
                expected_stamp: FileStamp | None = None) -> FileStamp:
    """Replace the entry of ``old_term`` with ``new_term`` (references kept unless given)."""
    def change(po):
        import polib

        entry = _locate(po, old_term, path)
        new = _entry(polib, new_term)
        entry.msgctxt, entry.msgid, entry.msgstr = new.msgctxt, new.msgid, new.msgstr
        entry.comment = new.comment
        if new_term.references:
            entry.occurrences = new.occurrences
        entry.flags = [f for f in entry.flags if f != "fuzzy"] + (["fuzzy"] if new_term.fuzzy else [])

    return _change(path, change, expected_stamp)


def remove_term(path: str | os.PathLike, term: Term, expected_stamp: FileStamp | None = None) -> FileStamp:
    """Delete the entry of ``term``."""
    return _change(path, lambda po: po.remove(_locate(po, term, path)), expected_stamp)


def confirm_term(path: str | os.PathLike, term: Term, expected_stamp: FileStamp | None = None) -> FileStamp:
    """Clear the fuzzy flag of ``term``'s entry."""
    def change(po):
        entry = _locate(po, term, path)
        entry.flags = [f for f in entry.flags if f != "fuzzy"]

    return _change(path, change, expected_stamp)


def _entry(polib, term: Term):
    return polib.POEntry(
        msgctxt=term.kind, msgid=join_forms(term.ru_forms), msgstr=join_forms(term.zh_forms),
        comment=join_derived(term.notes, term.ru_derived), occurrences=[_occurrence(r) for r in term.references],
        flags=["fuzzy"] if term.fuzzy else [],
    )


def _locate(po, term: Term, path):
    """The entry of ``term``: same kind, same canonical Russian and Chinese forms."""
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        if (split_forms(entry.msgid)[0] == term.ru and split_forms(entry.msgstr)[0] == term.zh
                and (entry.msgctxt or "other").strip() == term.kind):
            return entry
    raise GlossaryError(f"{path}: no entry «{term.ru}» → {term.zh} ({term.kind})")


def _change(path, change, expected_stamp: FileStamp | None) -> FileStamp:
    import polib

    path = Path(path)
    stamp = file_stamp(path)
    if expected_stamp is not None and stamp != expected_stamp:
        raise GlossaryError(f"{path} has changed on disk since it was read; reload it and make the change again")
    if stamp.size >= 0:
        text = path.read_text(encoding="utf-8")
        try:
            po = polib.pofile(text, encoding="utf-8", wrapwidth=0)
        except Exception as err:  # polib: OSError/ValueError on syntax errors
            raise GlossaryError(f"{path}: cannot edit a file that does not parse ({err}); run glossary check") from err
    else:
        text = ""
        po = polib.pofile(format_po([], DEFAULT_METADATA), encoding="utf-8", wrapwidth=0)
    change(po)
    new_text = str(po)
    new_text += "" if new_text.endswith("\n") else "\n"
    _validate(path, text, new_text)
    if file_stamp(path) != stamp:
        raise GlossaryError(f"{path} has changed on disk while the change was made; reload it and try again")
    if stamp.size >= 0:
        shutil.copy2(path, str(path) + BACKUP_SUFFIX)
    atomic_write_text(path, new_text)
    return file_stamp(path)


def _validate(path: Path, old_text: str, new_text: str) -> None:
    """Refuse ``new_text`` for ``path`` if it has an error that ``old_text`` did not have."""
    old = _errors(path, old_text) if old_text else {}
    new = _errors(path, new_text)
    introduced = [message for key, message in sorted(new.items()) if key not in old]
    if introduced:
        raise GlossaryError(f"change refused: {introduced[0]}" + (f" (and {len(introduced) - 1} more)" if len(introduced) > 1 else ""),
                            introduced)


def _errors(path: Path, text: str) -> dict[str, str]:
    """Errors of ``text`` as the content of ``path``, checked with the other PO files of its folder:
    ``{key: message}``, the key without line numbers so that an error that only moved is not new."""
    folder = path.parent if str(path.parent) else Path(".")
    siblings = [p for p in sorted(folder.glob("*.po")) if p.resolve() != path.resolve()] if folder.is_dir() else []
    with tempfile.TemporaryDirectory() as tmp:
        candidate = Path(tmp) / path.name
        candidate.write_text(text, encoding="utf-8")
        problems = check_paths([candidate, *siblings])
    out = {}
    for problem in problems:
        if problem.is_error:
            where = str(path) if problem.path == str(candidate) else problem.path
            message = problem.message.replace(str(candidate), str(path))
            key = f"{where}: " + re.sub(r"(\.po|\.tsv):\d+", r"\1", message)
            out[key] = f"{where}:{problem.line}: {message}" if problem.line else f"{where}: {message}"
    return out


__all__ = ["BACKUP_SUFFIX", "FileStamp", "KINDS", "add_term", "confirm_term", "file_stamp", "find_terms",
           "remove_term", "update_term"]
