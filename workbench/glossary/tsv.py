"""Term files as TSV, for spreadsheets: import to and export from the canonical PO format.

The first row is a header naming the columns, in any order:

========== ===========================================================
ru         Russian term, dictionary form (required)
zh         Chinese term: the form translations must produce (required)
kind       person, organisation, place, title, event or other
ru_variants further Russian spellings, separated by `` | ``
zh_variants further Chinese spellings, separated by `` | ``
ru_derived derived words accepted in a Russian translation («китайский»), by `` | ``
notes      notes for translators (line breaks allowed inside quotes)
references where the term is attested, separated by spaces
fuzzy      ``yes`` while not yet confirmed, else empty
========== ===========================================================

Only ``ru`` and ``zh`` are required; a column that is left out is empty.
Quoting follows spreadsheets ("excel-tab"): a cell holding a tab, a line
break or ``"`` is written in double quotes with inner quotes doubled.
"""

from __future__ import annotations

import csv
import io
import os
from typing import Iterable

from workbench.glossary.model import Glossary, Term
from workbench.glossary.po import (
    Issue,
    RawEntry,
    _terms,
    atomic_write_text,
    decode_utf8,
    join_forms,
    raise_for_errors,
    split_forms,
)

COLUMNS = ("ru", "zh", "kind", "ru_variants", "zh_variants", "ru_derived", "notes", "references", "fuzzy")
REQUIRED = ("ru", "zh")
_YES = {"yes", "y", "true", "1", "x", "fuzzy", "да"}
_NO = {"", "no", "n", "false", "0", "нет"}


def parse_tsv(path: str | os.PathLike) -> tuple[list[RawEntry], list[Issue]]:
    """Read a TSV term file leniently: every row that could be read, and every issue.

    Never raises for bad content. A UTF-8 BOM (as spreadsheets write it) is
    accepted; bytes that are not UTF-8 are reported with their line.
    """
    name = str(path)
    try:
        data = open(path, "rb").read()
    except OSError as err:
        return [], [(0, "error", f"cannot read file: {err.strerror or err}")]
    bom = data.startswith(b"\xef\xbb\xbf")
    text, issues = decode_utf8(data)
    if bom:
        issues = [i for i in issues if "byte order mark" not in i[2]]
    entries: list[RawEntry] = []
    reader = csv.reader(io.StringIO(text, newline=""), dialect="excel-tab")
    columns: list[str] | None = None
    last = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            issues.append((last + 1, "error", f"malformed row: {err}"))
            break
        start, last = last + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if columns is None:
            columns = _header(row, start, issues)
            if columns is None:
                return [], issues
            continue
        if len(row) > len(columns):
            extra = [c for c in row[len(columns):] if c.strip()]
            if extra:
                issues.append((start, "error", f"row has {len(row)} fields but the header has {len(columns)}"))
                continue
        cells = dict(zip(columns, row))
        entry = _row_entry(cells, name, start, issues)
        if entry is not None:
            entries.append(entry)
    if columns is None:
        issues.append((1, "error", f"no header row; expected columns: {', '.join(COLUMNS)}"))
    return entries, issues


def _header(row: list[str], line: int, issues: list[Issue]) -> list[str] | None:
    columns = [cell.strip().lower() for cell in row]
    unknown = [c for c in columns if c and c not in COLUMNS]
    problems = []
    if unknown:
        problems.append("unknown column(s) " + ", ".join(f'"{c}"' for c in unknown)
                        + f"; expected: {', '.join(COLUMNS)}")
    duplicated = sorted({c for c in columns if c and columns.count(c) > 1})
    if duplicated:
        problems.append("duplicated column(s) " + ", ".join(f'"{c}"' for c in duplicated))
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        problems.append("missing required column(s) " + ", ".join(f'"{c}"' for c in missing)
                        + " (the first row must be the header)")
    for message in problems:
        issues.append((line, "error", message))
    return None if problems else columns


def _row_entry(cells: dict[str, str], name: str, line: int, issues: list[Issue]) -> RawEntry | None:
    ru_raw = cells.get("ru", "")
    zh_raw = cells.get("zh", "")
    if "|" in ru_raw or "|" in zh_raw:
        issues.append((line, "error", "put further spellings in ru_variants / zh_variants, not after | in ru / zh"))
    fuzzy_cell = cells.get("fuzzy", "").strip().lower()
    if fuzzy_cell not in _YES | _NO:
        issues.append((line, "error", f'fuzzy must be "yes" or empty, not "{cells.get("fuzzy", "")}"'))
    ru_variants = [v for v in split_forms(cells.get("ru_variants", ""))] if cells.get("ru_variants", "").strip() else []
    zh_variants = [v for v in split_forms(cells.get("zh_variants", ""))] if cells.get("zh_variants", "").strip() else []
    kind_cell = cells.get("kind", "")
    term = Term(
        ru=ru_raw.strip(),
        zh=zh_raw.strip(),
        kind=kind_cell.strip() or "other",
        ru_variants=tuple(ru_variants),
        zh_variants=tuple(zh_variants),
        ru_derived=tuple(w for w in split_forms(cells.get("ru_derived", "")) if w),
        notes=cells.get("notes", "").strip(),
        references=tuple(cells.get("references", "").split()),
        fuzzy=fuzzy_cell in _YES,
        origin=f"{name}:{line}",
    )
    ru_full = ru_raw + (" | " + cells["ru_variants"] if cells.get("ru_variants", "").strip() else "")
    zh_full = zh_raw + (" | " + cells["zh_variants"] if cells.get("zh_variants", "").strip() else "")
    return RawEntry(term=term, path=name, line=line, ru_raw=ru_full, zh_raw=zh_full,
                    kind_raw=kind_cell if kind_cell.strip() else None, fmt="tsv")


def read_tsv(path: str | os.PathLike) -> Glossary:
    """Read one TSV term file.

    Raises:
        GlossaryError: unreadable file, bad header (unknown columns are named),
            malformed rows; every problem is in ``.problems`` as ``file:line: message``.
    """
    entries, issues = parse_tsv(path)
    raise_for_errors(issues, str(path))
    return Glossary(terms=[e.term for e in entries], sources=[str(path)])


def format_tsv(glossary_or_terms: Glossary | Iterable[Term]) -> str:
    """The TSV text (header row first) of a glossary or any iterable of terms."""
    out = io.StringIO()
    writer = csv.writer(out, dialect="excel-tab", lineterminator="\n")
    writer.writerow(COLUMNS)
    for term in _terms(glossary_or_terms):
        writer.writerow([
            term.ru,
            term.zh,
            term.kind,
            join_forms(term.ru_variants),
            join_forms(term.zh_variants),
            join_forms(term.ru_derived),
            term.notes,
            " ".join(term.references),
            "yes" if term.fuzzy else "",
        ])
    return out.getvalue()


def write_tsv(glossary_or_terms: Glossary | Iterable[Term], path: str | os.PathLike) -> None:
    """Write terms as TSV atomically (temporary file in the same folder + ``os.replace``)."""
    atomic_write_text(path, format_tsv(glossary_or_terms))
