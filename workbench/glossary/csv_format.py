"""Term files as CSV (comma-separated, for spreadsheets that do not like tabs).

The same columns and rules as :mod:`workbench.glossary.tsv` (a header row naming
the columns; ``ru`` and ``zh`` required; variants joined by `` | ``; ``fuzzy``
``yes`` or empty), written with the csv module's default "excel" dialect.

Other tools' glossaries are read too, by the script of their columns: Weblate's
and Transifex's CSV export (a ``source,target`` header, further columns such as
``context`` ignored) and a plain two-column file without a header. Whichever
of the two columns is in Cyrillic is ``ru``, the one in Han characters ``zh``;
anything else (two Latin columns, a Czech glossary) is refused in one line
naming the file.
"""

from __future__ import annotations

import csv
import io
import os
from typing import Iterable

from workbench.glossary.model import Glossary, Term
from workbench.glossary.po import Issue, RawEntry, atomic_write_text, raise_for_errors
from workbench.glossary.tsv import COLUMNS, format_tsv, parse_tsv
from workbench.languages import cyrillic_share, han_share


def parse_csv(path: str | os.PathLike) -> tuple[list[RawEntry], list[Issue]]:
    """Read a CSV term file leniently (see :func:`workbench.glossary.tsv.parse_tsv`)."""
    import tempfile

    try:
        data = open(path, "rb").read()
    except OSError as err:
        return [], [(0, "error", f"cannot read file: {err.strerror or err}")]
    text = data.decode("utf-8-sig", errors="replace")
    if "\ufffd" in text and "\ufffd".encode() not in data:
        return [], [(0, "error", "the file is not UTF-8; save it as UTF-8 (CSV UTF-8 in spreadsheets)")]
    rows = list(csv.reader(io.StringIO(text, newline="")))
    other_tool, notices, added_header = _two_columns(rows)
    if other_tool is None and notices:
        return [], notices
    if other_tool is not None:
        rows = other_tool
    # the TSV reader does the checking; give it the same rows tab-separated, line for line
    out = io.StringIO()
    csv.writer(out, dialect="excel-tab", lineterminator="\n").writerows(rows)
    with tempfile.TemporaryDirectory() as tmp:
        staged = os.path.join(tmp, "terms.tsv")
        with open(staged, "w", encoding="utf-8", newline="") as handle:
            handle.write(out.getvalue())
        entries, issues = parse_tsv(staged)
    if added_header:  # a header was put above a headerless file: the file's own line numbers
        issues = [(max(1, line - 1), level, message) for line, level, message in issues]
        for entry in entries:
            entry.line -= 1
    issues = notices + issues
    name = str(path)
    for entry in entries:
        entry.path = name
        entry.fmt = "tsv"
        object.__setattr__(entry.term, "origin", f"{name}:{entry.line}")
    return entries, issues


_OTHER_HEADERS = {"source", "target"}
"""The header columns of another tool's glossary export (Weblate, Transifex)."""


def _two_columns(rows: list[list[str]]) -> tuple[list[list[str]] | None, list[Issue], bool]:
    """Another tool's glossary as our rows (``ru``, ``zh``, ``kind`` header first), with a warning saying how it was
    read, and whether the header was added (a file without one); ``(None, [], False)`` for our own
    files, ``(None, [error], False)`` where the columns are not one ru and one zh."""
    first = next((row for row in rows if any(cell.strip() for cell in row)), None)
    names = [cell.strip().lower() for cell in first or ()]
    if first is None or set(names) & set(COLUMNS):
        return None, [], False
    header = _OTHER_HEADERS <= set(names)
    if header:
        columns = (names.index("source"), names.index("target"))
        data = rows[rows.index(first) + 1:]
    elif len(first) >= 2:
        columns, data = (0, 1), rows
    else:
        return None, [], False
    scripts = []
    for column in columns:
        texts = [row[column] for row in data if len(row) > column and row[column].strip()]
        cyrillic = sum(cyrillic_share(t) > 0.5 for t in texts)
        han = sum(han_share(t) > 0.5 for t in texts)
        scripts.append("ru" if cyrillic > len(texts) / 2 else "zh" if han > len(texts) / 2 else "other")
    shown = " and ".join(f'column {column + 1}{f" ({first[column].strip()})" if header else ""}'
                         for column in columns)
    if sorted(scripts) != ["ru", "zh"]:
        found = {"ru": "Russian", "zh": "Chinese", "other": "neither Russian nor Chinese"}
        return None, [(1, "error", f"{shown} are not one Russian and one Chinese column ("
                       + ", ".join(found[s] for s in scripts) + "); give a header row naming the ru and zh "
                       f"columns ({', '.join(COLUMNS)})")], False
    ru, zh = (columns if scripts[0] == "ru" else columns[::-1])
    rewritten = [["ru", "zh", "kind"]] + [[row[ru] if len(row) > ru else "", row[zh] if len(row) > zh else "",
                                           "other"] for row in data]
    notice = (1, "warning", f"read as another tool's two-column glossary: {shown}, "
              f"{'Russian and Chinese' if scripts[0] == 'ru' else 'Chinese and Russian'} by their script, "
              "every term of kind \"other\""
              + ("; further columns ignored" if max(len(row) for row in data or [first]) > 2 else ""))
    return rewritten, [notice], not header


def read_csv(path: str | os.PathLike) -> Glossary:
    """Read one CSV term file; raises :class:`~workbench.errors.GlossaryError` listing every problem."""
    entries, issues = parse_csv(path)
    raise_for_errors(issues, str(path))
    return Glossary(terms=[e.term for e in entries], sources=[str(path)])


def format_csv(glossary_or_terms: Glossary | Iterable[Term]) -> str:
    """The CSV text (header row first) of a glossary or any iterable of terms."""
    rows = csv.reader(io.StringIO(format_tsv(glossary_or_terms), newline=""), dialect="excel-tab")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def write_csv(glossary_or_terms: Glossary | Iterable[Term], path: str | os.PathLike) -> None:
    """Write terms as CSV atomically."""
    atomic_write_text(path, format_csv(glossary_or_terms))


__all__ = ["COLUMNS", "format_csv", "parse_csv", "read_csv", "write_csv"]
