"""The term file formats, one registry: a file's suffix names its format; a format has a lenient reader
and a writer.

Everything that reads or writes term files goes through it: the loader (``--glossary``, the review
app's glossary), ``workbench glossary check``, and ``glossary export``/``import``. So a TBX or CSV file
given anywhere is read as what it is, never as PO, and a new format is one line here (and its module).
The modules are imported on use: lxml only for TBX.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable


@dataclass(frozen=True)
class TermFormat:
    """A term file format: its name, its suffixes, and where its functions live.

    Attributes:
        parse: ``parse(path) -> (entries, issues)``, a lenient reader that never raises for bad content.
        format: ``format(glossary_or_terms) -> str``, the file's text.
    """

    name: str
    suffixes: tuple[str, ...]
    module: str
    parse: str
    format: str

    def parser(self) -> Callable:
        return getattr(importlib.import_module(self.module), self.parse)

    def formatter(self) -> Callable:
        return getattr(importlib.import_module(self.module), self.format)


FORMATS: dict[str, TermFormat] = {f.name: f for f in (
    TermFormat("po", (".po", ".pot"), "workbench.glossary.po", "parse_po", "format_po"),
    TermFormat("tsv", (".tsv", ".tab"), "workbench.glossary.tsv", "parse_tsv", "format_tsv"),
    TermFormat("csv", (".csv",), "workbench.glossary.csv_format", "parse_csv", "format_csv"),
    TermFormat("tbx", (".tbx",), "workbench.glossary.tbx", "parse_tbx", "format_tbx"),
)}
"""The formats by name (PO is the canonical one: the shipped glossary, what a PO editor opens)."""

TERM_FORMATS: dict[str, str] = {suffix: f.name for f in FORMATS.values() for suffix in f.suffixes}
"""Suffix (lower case, with the dot) → format name."""


def term_format(path: str | os.PathLike) -> TermFormat | None:
    """The format of a term file from its suffix; ``None`` if it is not a term file's."""
    name = TERM_FORMATS.get(Path(str(path)).suffix.lower())
    return FORMATS[name] if name else None


__all__ = ["FORMATS", "TERM_FORMATS", "TermFormat", "term_format"]
