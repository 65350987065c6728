"""Term files as CSV (comma-separated, for spreadsheets that do not like tabs).

The same columns and rules as :mod:`workbench.glossary.tsv` (a header row naming
the columns; ``ru`` and ``zh`` required; variants joined by `` | ``; ``fuzzy``
``yes`` or empty), written with the csv module's default "excel" dialect.
"""

from __future__ import annotations

import csv
import io
import os
from typing import Iterable

from workbench.glossary.model import Glossary, Term
from workbench.glossary.po import Issue, RawEntry, atomic_write_text, raise_for_errors
from workbench.glossary.tsv import COLUMNS, format_tsv, parse_tsv


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
    # the TSV reader does the checking; give it the same rows tab-separated, line for line
    out = io.StringIO()
    csv.writer(out, dialect="excel-tab", lineterminator="\n").writerows(rows)
    with tempfile.TemporaryDirectory() as tmp:
        staged = os.path.join(tmp, "terms.tsv")
        with open(staged, "w", encoding="utf-8", newline="") as handle:
            handle.write(out.getvalue())
        entries, issues = parse_tsv(staged)
    name = str(path)
    for entry in entries:
        entry.path = name
        entry.fmt = "tsv"
        object.__setattr__(entry.term, "origin", f"{name}:{entry.line}")
    return entries, issues


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
