"""``workbench glossary``: check, export and import term files.

* ``workbench glossary check PATH...`` — lint term files (PO, TSV/.tab, CSV,
  TBX: read by their extension) and folders of PO files; every problem on stdout as ``file:line: message``, a summary on stderr;
  exit 1 when there is an error.
* ``workbench glossary export PATH... --format tsv --output F|-`` — one TSV
  (or PO) file from the glossary.
* ``workbench glossary import F.tsv --output F.po`` — TSV (CSV, TBX) → PO (and, given a
  PO file and an ``--output`` ending in ``.tsv``/``.csv``/``.tbx``, PO → that format).
* ``workbench glossary find QUERY`` — terms matching a Russian query in any
  inflected form, or a Chinese substring; ``add``, ``edit``, ``remove``,
  ``confirm`` change one PO file safely (checked, atomic, with a ``~`` backup,
  refused if the file changed meanwhile; see :mod:`workbench.glossary.edit`).
* ``workbench glossary candidates --source F --target F`` — proposed new terms
  from a line-aligned translation (:mod:`workbench.glossary.candidates`).
"""

from __future__ import annotations

import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "glossary",
        help="check, edit, export and import glossary term files; propose new terms",
        description="Check, export and import glossary term files (PO is canonical; TSV for spreadsheets).",
    )
    sub = parser.add_subparsers(dest="glossary_command", metavar="ACTION")
    parser.set_defaults(func=_help(parser))

    check = sub.add_parser("check", help="lint term files and folders; exit 1 on any error",
                           description="Lint term files, each read by its extension: PO (.po, .pot), "
                                       "TSV (.tsv, .tab), CSV (.csv), TBX (.tbx); folders: every *.po inside.")
    check.add_argument("paths", nargs="+", metavar="PATH", help="term file or folder")
    check.add_argument("--no-warnings", action="store_true", help="print errors only")
    check.set_defaults(func=run_check)

    export = sub.add_parser("export", help="write the glossary as one TSV (or PO) file",
                            description="Export term files as one TSV (or PO) file. Refuses a glossary with errors.")
    export.add_argument("paths", nargs="+", metavar="PATH", help="term file or folder")
    export.add_argument("--format", choices=FORMATS, default="tsv", help="output format (default: tsv)")
    export.add_argument("--output", "-o", required=True, metavar="FILE", help="output file, or - for stdout")
    export.set_defaults(func=run_export)

    imp = sub.add_parser("import", help="convert a TSV, CSV or TBX term file to PO (or PO to those)",
                         description="Convert a term file, read by its extension (.tsv/.tab, .csv, .tbx, "
                                     ".po), to PO; the output format follows --format, else the output's "
                                     "suffix (.po / .tsv / .csv / .tbx). A file with errors is refused, "
                                     "every error listed.")
    imp.add_argument("source", metavar="FILE", help="TSV (.tsv, .tab), CSV, TBX (or PO) term file")
    imp.add_argument("--output", "-o", required=True, metavar="FILE", help="output file, or - for stdout")
    imp.add_argument("--format", choices=FORMATS, default=None, help="output format")
    imp.set_defaults(func=run_import)

    from workbench.commands import glossary_edit

    glossary_edit.register_actions(sub)


FORMATS = ("tsv", "csv", "tbx", "po")  # the names of workbench.glossary.formats.FORMATS, TSV first (the default)


def _help(parser):
    def run(args) -> int:
        parser.print_help()
        return 2

    return run


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def run_check(args) -> int:
    from workbench.glossary.check import check_and_read

    problems, _entries, files = check_and_read(args.paths)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    for problem in problems:
        if problem.is_error or not args.no_warnings:
            print(problem)
    checked = len(files) or len(args.paths)
    print(f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} in {_plural(checked, 'file')}",
          file=sys.stderr)
    return 1 if errors else 0


def _load_or_explain(paths):
    """Load with the error checks; on failure list every problem on stderr, then raise."""
    from workbench.errors import GlossaryError
    from workbench.glossary.loader import load_glossaries

    try:
        return load_glossaries(paths)
    except GlossaryError as err:
        if len(err.problems) > 1:
            for problem in err.problems:
                print(problem, file=sys.stderr)
        raise


def _emit(glossary, output: str, fmt: str) -> None:
    from workbench.glossary.formats import FORMATS
    from workbench.glossary.po import atomic_write_text

    text = FORMATS[fmt].formatter()(glossary)
    if output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        atomic_write_text(output, text)
    except OSError as err:
        from workbench.errors import InputError

        raise InputError(f"cannot write {output}: {err.strerror or err}") from None
    print(f"wrote {_plural(len(glossary), 'term')} to {output}", file=sys.stderr)


def run_export(args) -> int:
    glossary = _load_or_explain(args.paths)
    _emit(glossary, args.output, args.format)
    return 0


def run_import(args) -> int:
    from pathlib import Path

    from workbench.errors import InputError

    source = Path(args.source)
    if not source.is_file():
        raise InputError(f"{source}: no such file")
    fmt = args.format
    if fmt is None:
        suffix = Path(args.output).suffix.lower()
        if suffix[1:] in FORMATS:
            fmt = suffix[1:]
        else:
            fmt = "tsv" if source.suffix.lower() == ".po" else "po"
    glossary = _load_or_explain([source])
    _emit(glossary, args.output, fmt)
    return 0
