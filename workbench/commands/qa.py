"""``workbench qa``: check a translation against its source, line by line.

``workbench qa --source F --target F --from ru --to zh [--glossary G]... [--json]``
reads two line-aligned files (line N of the target translates line N of the
source), runs the checks of :mod:`workbench.qa` on every pair and prints
``target:LINE: severity: [check-id] message`` (or, with ``--json``, one object
per finding: ``{"line", "check", "severity", "message"}``). Exit status 1 when
any finding is an error.
"""

from __future__ import annotations

import argparse
import json
import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "qa",
        help="check a translation against its source (terms, numbers, punctuation …)",
        description="Check line-aligned source and target files: glossary terms, numbers and dates, "
                    "untranslated text, punctuation, spacing, length. Exit 1 on any error-severity finding.",
    )
    parser.add_argument("--source", required=True, metavar="FILE", help="source text, one segment per line")
    parser.add_argument("--target", required=True, metavar="FILE", help="translation, line-aligned with --source")
    parser.add_argument("--from", dest="source_lang", choices=("ru", "zh"), required=True, help="source language")
    parser.add_argument("--to", dest="target_lang", choices=("ru", "zh"), required=True, help="target language")
    parser.add_argument("--glossary", action="append", metavar="PATH",
                        help="term file or folder (repeatable; default: the glossaries folder)")
    parser.add_argument("--no-glossary", action="store_true", help="skip the glossary checks")
    parser.add_argument("--json", action="store_true", help="one JSON object per finding")
    parser.add_argument("--encoding", help="encoding of both files when not UTF-8")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from workbench.errors import InputError
    from workbench.qa import run_checks
    from workbench.textio import read_text

    if args.source_lang == args.target_lang:
        raise InputError(f"--from and --to are both {args.source_lang}")
    source_lines = read_text(args.source, encoding=args.encoding).split("\n")
    target_lines = read_text(args.target, encoding=args.encoding).split("\n")
    for lines in (source_lines, target_lines):
        if lines and lines[-1] == "":
            lines.pop()  # the final newline ends the last line, it does not start another
    if len(source_lines) != len(target_lines):
        raise InputError(f"{args.source} has {len(source_lines)} lines but {args.target} has "
                         f"{len(target_lines)}; the files must be line-aligned")
    index = None if args.no_glossary else _index(args.glossary)
    errors = 0
    for number, (source, target) in enumerate(zip(source_lines, target_lines), 1):
        if not source.strip() and not target.strip():
            continue
        for finding in run_checks(source, target, args.source_lang, args.target_lang, index, line=number):
            errors += finding.severity == "error"
            if args.json:
                print(json.dumps(finding.to_dict(), ensure_ascii=False))
            else:
                print(f"{args.target}:{number}: {finding.severity}: [{finding.check}] {finding.message}")
    sys.stdout.flush()
    return 1 if errors else 0


def _index(paths):
    from workbench.glossary.loader import default_glossary_paths, load_glossaries
    from workbench.qa.terms import TermIndex

    return TermIndex(load_glossaries(paths or default_glossary_paths()))
