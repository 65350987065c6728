"""Term files in PO format, the canonical glossary format (read and written with polib).

One PO entry is one :class:`~workbench.glossary.model.Term`:

* ``msgid`` — the Russian term in dictionary form; further spellings follow
  after `` | `` (``"Северо-Восточный федеральный университет … | СВФУ"``);
* ``msgstr`` — the Chinese term; the first form is what a translation must
  produce, the rest (``"黑河 | 黑河市"``) are accepted in a Chinese source;
* ``msgctxt`` — the kind (:data:`~workbench.glossary.model.KINDS`);
* ``#.`` comments — notes for translators, except a ``#. derived: китайский |
  китаец`` line: the term's derived words; ``#:`` — where the term is attested;
* the ``fuzzy`` flag — not yet confirmed.

Obsolete entries (``#~``) are ignored. See ``glossaries/README.md``.

:func:`read_po` and :func:`write_po` are the public API. :func:`parse_po` is
the lenient reader behind both :func:`read_po` and :mod:`workbench.glossary.check`:
it never raises on bad input and reports every problem with its line.
"""

from __future__ import annotations

import bisect
import codecs
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from workbench.errors import GlossaryError
from workbench.glossary.model import VARIANT_SEPARATOR, Glossary, Term
from workbench.textio import write_text_atomic

#: ``(line, severity, message)``: a problem found while reading a file.
Issue = tuple[int, str, str]

DEFAULT_METADATA = {
    "Project-Id-Version": "workbench glossary",
    "Language": "zh",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "X-Source-Language": "ru",
}


@dataclass
class RawEntry:
    """A term as read from a file, with what the checks need beyond the :class:`Term`.

    Attributes:
        term: the term, fields stripped and variants split.
        path: the file it came from, as given.
        line: line of its ``msgid`` (PO) or of its row (TSV).
        ru_raw / zh_raw: the Russian / Chinese field exactly as written.
        kind_raw: the kind as written; None when the file gives none.
        fmt: ``"po"`` or ``"tsv"`` (chooses field names in messages).
    """

    term: Term
    path: str
    line: int
    ru_raw: str
    zh_raw: str
    kind_raw: str | None
    fmt: str = "po"

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"


# --------------------------------------------------------------------------- bytes


def decode_utf8(data: bytes) -> tuple[str, list[Issue]]:
    """Decode a term file's bytes; a BOM or bytes that are not UTF-8 become issues.

    Never raises: bad bytes are replaced (U+FFFD) so that the rest of the file
    can still be checked.
    """
    issues: list[Issue] = []
    if data.startswith(codecs.BOM_UTF8):
        issues.append((1, "error", "file starts with a byte order mark (BOM); save it as UTF-8 without BOM"))
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8"), issues
    except UnicodeDecodeError:
        pass
    lines = data.split(b"\n")
    for number, raw in enumerate(lines, 1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as err:
            byte = raw[err.start]
            issues.append(
                (number, "error", f"invalid UTF-8 byte 0x{byte:02X} at column {err.start + 1}; term files must be UTF-8")
            )
    return data.decode("utf-8", errors="replace"), issues


def split_forms(field: str) -> list[str]:
    """``"黑河 | 黑河市"`` → ``["黑河", "黑河市"]`` (each form stripped)."""
    return [part.strip() for part in field.split("|")]


def join_forms(forms: Iterable[str]) -> str:
    return VARIANT_SEPARATOR.join(forms)


# --------------------------------------------------------------------------- lexer

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr\[\d+\]|msgstr)(?=\s|\"|$)\s*(.*)$")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_ESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def _unescape(body: str) -> tuple[str, str | None]:
    """The value of a PO string body, and the first invalid escape (or None)."""
    out: list[str] = []
    bad = None
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt in _ESCAPES:
                out.append(_ESCAPES[nxt])
            else:
                bad = bad or "\\" + nxt
                out.append(nxt)
            i += 2
            continue
        out.append(char)
        i += 1
    return "".join(out), bad


def _string_error(text: str) -> str:
    if not text.startswith('"'):
        return "expected a quoted string"
    match = _STRING.match(text)
    if match is None:
        return "unterminated string (missing closing \")"
    return f"unexpected text after the closing quote: {text[match.end():].strip()[:30]!r}"


@dataclass
class _Lexed:
    msgid_lines: list[int]
    issues: list[Issue]
    empty_msgid_lines: list[int]


def _lex(text: str) -> _Lexed:
    """Check every non-comment line of a PO file and find the line of each ``msgid``.

    polib accepts some broken input silently (an unterminated string loses its
    last character), so the lexical rules are checked here first.
    """
    issues: list[Issue] = []
    msgid_lines: list[int] = []
    empty: list[int] = []  # lines of entries (not the header) whose msgid is ""
    pending: int | None = None  # line of a msgid still waiting for its msgstr
    msgid_value: list = [0, ""]
    current: str | None = None  # the keyword the continuation lines belong to
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            if line.startswith("#~"):
                current = None
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, rest = match.group(1), match.group(2)
            current = keyword
            if keyword in ("msgid_plural",) or keyword.startswith("msgstr["):
                issues.append((number, "error", f"{keyword}: plural forms are not used in term files"))
        elif line.startswith('"'):
            if current is None:
                issues.append((number, "error", "string continuation line without a msgid, msgstr or msgctxt before it"))
                continue
            keyword, rest = None, line
        else:
            word = line.split()[0][:30]
            issues.append((number, "error", f"syntax error: unexpected {word!r} (expected msgctxt, msgid, msgstr or a quoted string)"))
            current = None
            continue
        if _STRING.fullmatch(rest):
            value, bad = _unescape(rest[1:-1])
            if bad:
                issues.append((number, "error", f"invalid escape sequence {bad}"))
        else:
            what = f"after {keyword}" if keyword else "in continuation line"
            issues.append((number, "error", f"{_string_error(rest)} {what}"))
            value = "?"
        if keyword == "msgid" or keyword == "msgctxt":
            if pending is not None:
                issues.append((pending, "error", "syntax error: msgid without msgstr"))
                pending = None
        if keyword == "msgid":
            msgid_lines.append(number)
            pending = number
            msgid_value = [number, value]
        elif keyword is None and current == "msgid":
            msgid_value[1] += value
        elif keyword and keyword.startswith("msgstr"):
            if pending is None and not keyword.startswith("msgstr["):
                issues.append((number, "error", "syntax error: msgstr without msgid"))
            if pending is not None and msgid_value[1] == "" and len(msgid_lines) > 1:
                empty.append(msgid_value[0])
            pending = None
    if pending is not None:
        issues.append((pending, "error", "syntax error: msgid without msgstr"))
    return _Lexed(msgid_lines, issues, empty)


def _polib_error_line(err: Exception) -> Issue:
    """``"Syntax error in po file x.po(line 6): unescaped …"`` → ``(6, "error", "syntax error: unescaped …")``."""
    text = str(err)
    match = re.search(r"\(line (\d+)\)\s*:?\s*(.*)$", text, re.S)
    if not match:
        return 0, "error", f"cannot parse PO file: {text}"
    detail = match.group(2).strip()
    return int(match.group(1)), "error", "syntax error" + (f": {detail}" if detail else "")


# --------------------------------------------------------------------------- reading


def parse_po(path: str | os.PathLike) -> tuple[list[RawEntry], list[Issue]]:
    """Read a PO term file leniently: every entry that could be read, and every issue.

    Never raises for bad content; an unreadable file (missing, a folder) is an issue too.
    """
    import polib

    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        return [], [(0, "error", f"cannot read file: {err.strerror or err}")]
    text, issues = decode_utf8(data)
    lexed = _lex(text)
    issues.extend(lexed.issues)
    if any(severity == "error" and line > 0 for line, severity, _ in lexed.issues):
        return [], issues
    try:
        po = polib.pofile(text + ("\n" if not text.endswith("\n") else ""), encoding="utf-8", wrapwidth=0)
    except Exception as err:  # polib raises IOError/OSError/ValueError on syntax errors
        issues.append(_polib_error_line(err))
        return [], issues

    charset = _charset(po.metadata.get("Content-Type", ""))
    if charset and charset.replace("-", "").replace("_", "").lower() != "utf8":
        header_line = lexed.msgid_lines[0] if lexed.msgid_lines else 1
        issues.append((header_line, "error", f"header declares charset {charset}; term files must be UTF-8"))

    entries: list[RawEntry] = []
    for entry in po:
        if entry.obsolete:
            continue
        index = bisect.bisect_left(lexed.msgid_lines, entry.linenum or 0)
        line = lexed.msgid_lines[index] if index < len(lexed.msgid_lines) else (entry.linenum or 0)
        if entry.msgid == "":
            continue  # the header, or an empty msgid (reported below)
        entries.append(_raw_entry(entry, name, line))
    for line in lexed.empty_msgid_lines:
        issues.append((line, "error", "msgid is empty"))
    return entries, issues


def _charset(content_type: str) -> str:
    match = re.search(r"charset\s*=\s*([\w.-]+)", content_type, re.I)
    return match.group(1) if match else ""


def _raw_entry(entry, name: str, line: int) -> RawEntry:
    references = tuple(f"{where}:{num}" if num else where for where, num in entry.occurrences)
    ru_forms = split_forms(entry.msgid)
    zh_forms = split_forms(entry.msgstr)
    kind = entry.msgctxt.strip() if entry.msgctxt is not None else None
    notes, derived = split_derived(entry.comment)
    term = Term(
        ru=ru_forms[0],
        zh=zh_forms[0],
        kind=kind or "other",
        ru_variants=tuple(ru_forms[1:]),
        zh_variants=tuple(zh_forms[1:]),
        notes=notes,
        ru_derived=derived,
        references=references,
        fuzzy="fuzzy" in entry.flags,
        origin=f"{name}:{line}",
    )
    return RawEntry(term=term, path=name, line=line, ru_raw=entry.msgid, zh_raw=entry.msgstr, kind_raw=entry.msgctxt, fmt="po")


DERIVED_PREFIX = "derived:"


def split_derived(comment: str) -> tuple[str, tuple[str, ...]]:
    """The notes of a ``#.`` comment, and the derived words of its ``derived: …`` lines."""
    notes, derived = [], []
    for line in (comment or "").splitlines():
        if line.strip().lower().startswith(DERIVED_PREFIX):
            derived.extend(split_forms(line.strip()[len(DERIVED_PREFIX):]))
        else:
            notes.append(line)
    return "\n".join(notes).strip(), tuple(w for w in derived if w)


def join_derived(notes: str, derived) -> str:
    """The ``#.`` comment of a term: its notes, then a ``derived: …`` line if it has derived words."""
    lines = [notes] if notes else []
    if derived:
        lines.append(f"{DERIVED_PREFIX} {join_forms(derived)}")
    return "\n".join(lines)


def raise_for_errors(issues: list[Issue], path: str) -> None:
    """Raise :class:`GlossaryError` listing every error-severity issue of ``path``."""
    problems = [f"{path}:{line}: {message}" if line else f"{path}: {message}"
                for line, severity, message in issues if severity == "error"]
    if problems:
        extra = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise GlossaryError(problems[0] + extra, problems)


def read_po(path: str | os.PathLike) -> Glossary:
    """Read one PO term file.

    Raises:
        GlossaryError: the file cannot be read or parsed (a syntax error, a BOM,
            bytes that are not UTF-8); every problem is in ``.problems`` as
            ``file:line: message``. Content problems (an empty msgstr, an
            unknown kind …) are left to :mod:`workbench.glossary.check`.
    """
    entries, issues = parse_po(path)
    raise_for_errors(issues, str(path))
    return Glossary(terms=[e.term for e in entries], sources=[str(path)])


# --------------------------------------------------------------------------- writing


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` (UTF-8) atomically: readers see the old file or the new one, never half."""
    write_text_atomic(path, text)


def _terms(glossary_or_terms) -> list[Term]:
    if isinstance(glossary_or_terms, Term):
        return [glossary_or_terms]
    if isinstance(glossary_or_terms, Glossary):
        return list(glossary_or_terms.terms)
    return list(glossary_or_terms)


def _occurrence(reference: str) -> tuple[str, str]:
    where, sep, num = reference.rpartition(":")
    if sep and num.isdigit() and where:
        return where, num
    return reference, ""


def format_po(glossary_or_terms, metadata: dict[str, str] | None = None) -> str:
    """The PO text of a glossary (or any iterable of terms)."""
    import polib

    po = polib.POFile(wrapwidth=0)
    po.header = "Russian–Chinese glossary: msgid = Russian (dictionary form), msgstr = Chinese.\n" \
                "msgctxt = kind; variants after \" | \"; see glossaries/README.md."
    po.metadata = dict(DEFAULT_METADATA)
    po.metadata.update(metadata or {})
    for term in _terms(glossary_or_terms):
        entry = polib.POEntry(
            msgctxt=term.kind,
            msgid=join_forms(term.ru_forms),
            msgstr=join_forms(term.zh_forms),
            comment=join_derived(term.notes, term.ru_derived),
            occurrences=[_occurrence(r) for r in term.references],
            flags=["fuzzy"] if term.fuzzy else [],
        )
        po.append(entry)
    return str(po) + "\n" if not str(po).endswith("\n") else str(po)


def write_po(glossary_or_terms, path: str | os.PathLike, metadata: dict[str, str] | None = None) -> None:
    """Write terms to a PO file atomically (temporary file in the same folder + ``os.replace``).

    Every :class:`Term` field survives a :func:`read_po` round trip: kind, both
    sides with their variants, derived words, notes, references and the fuzzy flag.
    ``metadata`` adds to or overrides the default header fields.
    """
    atomic_write_text(path, format_po(glossary_or_terms, metadata))
