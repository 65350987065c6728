"""Find and load glossaries: the term files that constrain a translation.

:func:`load_glossaries` reads files and folders of term files and refuses a
broken glossary: it runs the error checks of :mod:`workbench.glossary.check`
(syntax, encoding, empty fields, unknown kinds, conflicting or duplicate
terms across all files, wrong script), so translation never runs on one.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from workbench.errors import GlossaryError
from workbench.glossary.check import Problem, check_and_read, find_term_files
from workbench.glossary.model import Glossary

#: Environment variable naming the glossary folder (overrides ./glossaries/).
GLOSSARY_DIR_ENV = "WORKBENCH_GLOSSARY_DIR"

__all__ = ["GLOSSARY_DIR_ENV", "default_glossary_paths", "find_term_files", "load_glossaries"]


def default_glossary_paths(cwd: str | os.PathLike | None = None) -> list[Path]:
    """Where glossaries are looked for when none are named.

    ``$WORKBENCH_GLOSSARY_DIR`` if set (even if it does not exist: the loader
    then says so), else ``./glossaries/`` if it exists, else the
    ``glossaries/`` folder next to the package source if it exists, else ``[]``.
    """
    env = os.environ.get(GLOSSARY_DIR_ENV, "").strip()
    if env:
        return [Path(env)]
    here = Path(cwd) if cwd is not None else Path.cwd()
    local = here / "glossaries"
    if local.is_dir():
        return [local]
    import workbench

    shipped = Path(workbench.__file__).resolve().parents[1] / "glossaries"
    if shipped.is_dir():
        return [shipped]
    return []


def load_glossaries(paths: Iterable[str | os.PathLike]) -> Glossary:
    """Load term files (each by its extension: ``.po``, ``.tsv``/``.tab``, ``.csv``, ``.tbx``) and folders
    of ``*.po`` into one glossary.

    Raises:
        GlossaryError: any error of :func:`workbench.glossary.check.check_paths`
            ``.problems`` lists every error as ``file:line: message``.
    """
    problems, entries, files = check_and_read(list(paths))
    errors = [p for p in problems if p.is_error]
    if errors:
        raise GlossaryError(_summary(errors), [str(p) for p in errors])
    return Glossary(terms=[e.term for e in entries], sources=[str(f) for f in files])


def _summary(errors: list[Problem]) -> str:
    first = str(errors[0])
    if len(errors) == 1:
        return f"glossary error: {first}"
    return f"{len(errors)} glossary errors, the first: {first}"
