"""Lint term files: every problem of every file, each as ``file:line: message``.

:func:`check_paths` reads term files (PO; TSV/.tab, CSV and TBX by their
extension, see :mod:`workbench.glossary.formats`) without ever raising on bad
content and returns a :class:`Problem` per finding. Errors make a glossary
unusable (the loader refuses it); warnings are worth a look.

Errors: unreadable or malformed files (PO syntax, BOM, bytes that are not
UTF-8), an empty msgid or msgstr, an unknown kind, a Russian term given
different Chinese translations anywhere in the set of files, duplicate
entries, a term in the wrong script (Chinese characters in msgid, none in
msgstr, Cyrillic in msgstr, a word mixing Cyrillic and Latin letters).

Warnings: a missing kind, one Chinese term for different Russian terms, a
person or place whose Russian reads as a transcription of its Chinese but
differs slightly from the Palladius one (:func:`_palladius` says when; silence a
deliberate spelling with the note ``palladius: established spelling``),
Latin words in a Russian term (Roman numerals and short capitalised
abbreviations such as «IT» are fine), stray whitespace, a badly spaced
variant separator, a repeated variant, a wrong dot in a Chinese name.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from workbench.errors import TranscriptionError
from workbench.glossary.formats import TERM_FORMATS, term_format
from workbench.glossary.model import KINDS
from workbench.glossary.po import RawEntry
from workbench.languages import CYRILLIC_CLASS, HAN_CLASS
from workbench.morphology.russian import derived_word_problem, word_lemmas


@dataclass(frozen=True)
class Problem:
    """One finding of the checker."""

    path: str
    line: int
    severity: str  # "error" | "warning"
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {prefix}{self.message}"


# --------------------------------------------------------------------------- files


def find_term_files(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[Problem]]:
    """Files named, plus every ``*.po`` under each folder named (recursively, sorted).

    A path that does not exist becomes a problem. Each file is listed once.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            files.append(path)

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for found in sorted(path.rglob("*.po"), key=lambda p: p.relative_to(path).as_posix()):
                if found.is_file():
                    add(found)
        elif path.is_file():
            add(path)
        elif path.exists():
            problems.append(Problem(str(path), 0, "error", "not a regular file"))
        else:
            problems.append(Problem(str(path), 0, "error", "no such file or directory"))
    return files, problems


def read_entries(path: str | os.PathLike) -> tuple[list[RawEntry], list[Problem]]:
    """The entries of one term file, read by its format (:mod:`workbench.glossary.formats`), and its
    file-level problems.

    Dispatching on the extension, not the content, keeps a TBX or CSV file
    from being read as PO (``syntax error: unexpected '<?xml'``); an unknown
    extension is one problem that lists the known ones.
    """
    name = str(path)
    fmt = term_format(path)
    if fmt is None:
        suffix = Path(name).suffix or "(no extension)"
        return [], [Problem(name, 0, "error", f"unknown term file format {suffix!r}; expected one of "
                                              f"{', '.join(TERM_FORMATS)}")]
    entries, issues = fmt.parser()(path)
    return entries, [Problem(name, line, severity, message) for line, severity, message in issues]


def check_paths(paths: Iterable[str | os.PathLike]) -> list[Problem]:
    """Check term files and folders of them; every problem, in file and line order."""
    problems, _entries, _files = check_and_read(paths)
    return problems


def check_and_read(paths: Iterable[str | os.PathLike]) -> tuple[list[Problem], list[RawEntry], list[Path]]:
    """:func:`check_paths`, also returning the entries read and the files checked."""
    files, problems = find_term_files(paths)
    entries: list[RawEntry] = []
    for path in files:
        found, file_problems = read_entries(path)
        entries.extend(found)
        problems.extend(file_problems)
    problems.extend(check_entries(entries))
    order = {str(path): index for index, path in enumerate(files)}
    problems.sort(key=lambda p: (order.get(p.path, -1), p.line))
    return problems, entries, files


# --------------------------------------------------------------------------- entries

_CYRILLIC = re.compile(f"[{CYRILLIC_CLASS}]")
_HAN = re.compile(f"[{HAN_CLASS}]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
_ROMAN = re.compile(r"[IVXLCDM]+")
_BAD_NAME_DOTS = "\u2022\u30FB\u2027\uFF0E\u22C5\u2219"


def _field_names(entry: RawEntry) -> tuple[str, str, str]:
    return ("msgid", "msgstr", "msgctxt") if entry.fmt == "po" else ("ru", "zh", "kind")


def _quote(text: str) -> str:
    return f'"{text}"'


def normalise_ru(text: str) -> str:
    """Key for comparing Russian terms: lower case, ё→е, single spaces."""
    text = unicodedata.normalize("NFC", text).lower().replace("ё", "е")
    return " ".join(text.split())


def normalise_zh(text: str) -> str:
    """Key for comparing Chinese terms: NFKC (full-width forms folded), no spaces."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text)


def check_entries(entries: list[RawEntry]) -> list[Problem]:
    """Content checks of entries read from one or more files (conflicts across all of them)."""
    problems: list[Problem] = []
    for entry in entries:
        problems.extend(_check_entry(entry))
        problems.extend(_palladius(entry))
    problems.extend(_check_consistency(entries))
    return problems


def _check_entry(entry: RawEntry) -> list[Problem]:
    out: list[Problem] = []
    term = entry.term
    ru_field, zh_field, kind_field = _field_names(entry)

    def add(severity: str, message: str) -> None:
        out.append(Problem(entry.path, entry.line, severity, message))

    label = _quote(term.ru or term.zh)
    if not term.ru:
        add("error", f"{ru_field} is empty" + (f" (for {zh_field} {_quote(term.zh)})" if term.zh else ""))
    if not term.zh:
        add("error", f"{zh_field} is empty for {_quote(term.ru)}" if term.ru else f"{zh_field} is empty")

    if entry.kind_raw is None:
        add("warning", f'no kind ({kind_field}) for {label}; assuming "other"')
    elif entry.kind_raw.strip() not in KINDS:
        add("error", f"unknown kind {_quote(entry.kind_raw)} for {label}; expected one of: {', '.join(KINDS)}")

    for field, raw, forms in ((ru_field, entry.ru_raw, term.ru_forms), (zh_field, entry.zh_raw, term.zh_forms)):
        if not forms[0]:
            continue
        if any(not form for form in forms[1:]):
            add("error", f"empty variant in {field} {_quote(raw)}")
        _whitespace(raw, field, add)
        seen: set[str] = set()
        for form in forms:
            key = normalise_ru(form) if field == ru_field else normalise_zh(form)
            if form and key in seen:
                add("warning", f"{field} lists {_quote(form)} twice")
            seen.add(key)

    for form in term.ru_forms:
        if form:
            _russian_script(form, ru_field, add)
    for form in term.zh_forms:
        if form:
            _chinese_script(form, zh_field, add)
    _derived_words(term, add)
    return out


def _derived_words(term, add) -> None:
    """Derived words must be Russian words the morphology can inflect, and not the term itself."""
    forms = {normalise_ru(form) for form in term.ru_forms}
    for word in term.ru_derived:
        problem = derived_word_problem(word)
        if problem:
            severity, why = problem
            add(severity, f"derived word {_quote(word)} of {_quote(term.ru)} {why}")
        elif normalise_ru(word) in forms:
            add("warning", f"derived word {_quote(word)} repeats the term {_quote(term.ru)}")


#: A note containing this keeps a deliberate non-Palladius spelling from being reported.
PALLADIUS_NOTE = "palladius: established spelling"


def _palladius(entry: RawEntry) -> list[Problem]:
    """A warning when a person/place reads as a transcription of its (all-Han) Chinese form but is
    spelt slightly otherwise than Palladius: it must split into as many Palladius syllables as the
    Chinese has characters («Хэйхе» for 黑河), so Russian names written in Chinese (莫斯科 «Москва»)
    and translations («Якутия») are left alone, and be close to the transcription (difflib ratio
    ≥ 0.7), so that a different name is not reported as a misspelling."""
    term = entry.term
    if term.kind not in ("person", "place") or not term.ru or PALLADIUS_NOTE in term.notes.lower():
        return []
    try:
        from workbench.morphology import palladius
    except ImportError:  # pypinyin missing: nothing to compare with
        return []
    if not palladius.is_han(term.zh) or not all(word[:1].isupper() for word in term.ru.split()):
        return []
    if len("".join(term.zh.split())) not in palladius.syllable_counts(term.ru):
        return []
    try:
        expected = palladius.to_cyrillic(term.zh, term.kind)
    except TranscriptionError:  # a reading pypinyin does not know: no opinion
        return []
    if palladius.same_spelling(term.ru, expected) or _similarity(term.ru, expected) < 0.7:
        return []  # far apart: other characters or another name, not a slip of spelling
    return [Problem(entry.path, entry.line, "warning",
                    f"«{term.ru}» differs from the Palladius transcription of {term.zh}: «{expected}»")]


def _similarity(a: str, b: str) -> float:
    import difflib

    return difflib.SequenceMatcher(None, a.lower().replace(" ", ""), b.lower().replace(" ", "")).ratio()


def _whitespace(raw: str, field: str, add) -> None:
    if raw != raw.strip():
        add("warning", f"{field} has leading or trailing whitespace: {_quote(raw)}")
    if re.search(r"[\t\n\r\v\f\u00A0\u3000]", raw.strip()):
        add("warning", f"{field} contains a tab, line break or non-breaking/ideographic space: {raw.strip()!r}")
    if "  " in raw.strip():
        add("warning", f"{field} contains doubled spaces: {_quote(raw)}")
    if "|" in raw and re.search(r"(?<! )\||\|(?! )|  \||\|  ", raw):
        add("warning", f'variant separator should be " | " (one space each side) in {field} {_quote(raw)}')


def _russian_script(form: str, field: str, add) -> None:
    if _HAN.search(form):
        add("error", f"Chinese characters in the Russian term {_quote(form)} ({field})")
        return
    letters = [c for c in form if c.isalpha()]
    if not letters:
        add("error", f"the Russian term {_quote(form)} ({field}) has no letters")
        return
    odd = sorted({c for c in letters if not (_CYRILLIC.match(c) or _LATIN.match(c))})
    if odd:
        add("error", f"unexpected characters {''.join(odd)!r} in the Russian term {_quote(form)} ({field})")
    latin_words = []
    for word in _words(form):
        has_cyr, has_lat = bool(_CYRILLIC.search(word)), bool(_LATIN.search(word))
        if has_cyr and has_lat:
            add("error", f"{_quote(word)} mixes Cyrillic and Latin letters (look-alike characters?) in {field} {_quote(form)}")
        elif has_lat and not (_ROMAN.fullmatch(word) or (word.isupper() and len(word) <= 5)):
            latin_words.append(word)
    if not _CYRILLIC.search(form):
        add("warning", f"the Russian term {_quote(form)} ({field}) has no Cyrillic letters")
    elif latin_words:
        add("warning", f"Latin letters in the Russian term {_quote(form)} ({field}): {', '.join(latin_words)}")


def _chinese_script(form: str, field: str, add) -> None:
    if _CYRILLIC.search(form):
        add("error", f"Cyrillic letters in the Chinese term {_quote(form)} ({field})")
    if not _HAN.search(form):
        add("error", f"the Chinese term {_quote(form)} ({field}) has no Chinese characters")
    bad_dots = sorted({c for c in form if c in _BAD_NAME_DOTS})
    if bad_dots:
        names = ", ".join(f"U+{ord(c):04X}" for c in bad_dots)
        add("warning", f"use · (U+00B7) between the parts of a name, not {names}, in {_quote(form)}")


# --------------------------------------------------------------------------- consistency

def _lemmas(word: str) -> set[str]:
    """The word's Russian lemmas (pymorphy3, a dependency: a missing dictionary is an error, not a quiet
    fall-back to plain forms that would hide inflected duplicates)."""
    if not _CYRILLIC.search(word):
        return {word}
    return {normalise_ru(lemma) for lemma in word_lemmas(word) if lemma} or {word}


_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


def _lemma_form(form: str) -> tuple[frozenset[str], ...] | None:
    """Per word of ``form``, the set of its lemmas (None without words)."""
    words = _WORD.findall(normalise_ru(form))
    if not words:
        return None
    return tuple(frozenset(_lemmas(word) | {word}) for word in words)


def _same_lemmas(a: tuple[frozenset[str], ...], b: tuple[frozenset[str], ...]) -> bool:
    return len(a) == len(b) and all(x & y for x, y in zip(a, b))


def _check_consistency(entries: list[RawEntry]) -> list[Problem]:
    """A Russian term translated two ways (also in another inflected form: same lemmas), a duplicate
    entry, a Chinese term that translates two Russian ones (a warning)."""
    found = _Consistency(entries)
    for index, entry in enumerate(entries):
        if entry.term.ru and entry.term.zh:
            found.check_russian(index)
            found.index_russian(index)
            found.check_chinese(index)
    return found.problems


class _Consistency:
    """The indexes :func:`_check_consistency` builds entry by entry, and what it found.

    Each entry is reported once per other translation it clashes with (against the first entry that has
    it), not once per earlier entry.
    """

    def __init__(self, entries: list[RawEntry]):
        self.entries = entries
        self.problems: list[Problem] = []
        self.ru_index: dict[str, list[tuple[int, str]]] = {}
        self.zh_index: dict[str, list[tuple[int, str]]] = {}
        self.lemma_index: dict[tuple[int, str], list[tuple[int, str, tuple]]] = {}
        self.reported: set[tuple[int, int]] = set()
        self.targets_seen: dict[int, set[str]] = {}

    def _first_time(self, index: int, other_index: int, target: str) -> bool:
        if other_index == index or (other_index, index) in self.reported:
            return False
        self.reported.add((other_index, index))
        if target in self.targets_seen.setdefault(index, set()):
            return False
        self.targets_seen[index].add(target)
        return True

    def report(self, index: int, other_index: int, form: str, how: str) -> None:
        entry, other = self.entries[index], self.entries[other_index]
        if not self._first_time(index, other_index, normalise_zh(other.term.zh)):
            return
        if normalise_zh(other.term.zh) == normalise_zh(entry.term.zh):
            message = f"duplicate entry: {_quote(form)} → {entry.term.zh} is already at {other.location}{how}"
        else:
            message = f"{_quote(form)} translated {entry.term.zh} here but {other.term.zh} at {other.location}{how}"
        self.problems.append(Problem(entry.path, entry.line, "error", message))

    def check_russian(self, index: int) -> None:
        """The entry's Russian forms against the earlier entries': as written, and by lemmas."""
        for form in filter(None, self.entries[index].term.ru_forms):
            for other_index, _other_form in self.ru_index.get(normalise_ru(form), ()):
                self.report(index, other_index, form, "")
            lemmas = _lemma_form(form)
            if not lemmas:
                continue
            seen: set[int] = set()
            for first in sorted(lemmas[0]):
                for other_index, other_form, other_lemmas in self.lemma_index.get((len(lemmas), first), ()):
                    if other_index in seen:
                        continue
                    seen.add(other_index)
                    if _same_lemmas(lemmas, other_lemmas):
                        self.report(index, other_index, form, f" (same lemmas as {_quote(other_form)})")

    def index_russian(self, index: int) -> None:
        for form in filter(None, self.entries[index].term.ru_forms):
            bucket = self.ru_index.setdefault(normalise_ru(form), [])
            if not any(i == index for i, _ in bucket):
                bucket.append((index, form))
            lemmas = _lemma_form(form)
            if lemmas:
                for first in lemmas[0]:
                    self.lemma_index.setdefault((len(lemmas), first), []).append((index, form, lemmas))

    def check_chinese(self, index: int) -> None:
        """A Chinese form that an earlier entry gives for another Russian term (a warning), then indexed."""
        entry = self.entries[index]
        for form in filter(None, entry.term.zh_forms):
            key = normalise_zh(form)
            for other_index, _other_form in self.zh_index.get(key, ()):
                other = self.entries[other_index]
                if not self._first_time(index, other_index, "=" + normalise_ru(other.term.ru)):
                    continue
                self.problems.append(Problem(entry.path, entry.line, "warning",
                                             f"{_quote(form)} is also the Chinese for {_quote(other.term.ru)} "
                                             f"at {other.location} (here for {_quote(entry.term.ru)})"))
            bucket = self.zh_index.setdefault(key, [])
            if not any(i == index for i, _ in bucket):
                bucket.append((index, form))
