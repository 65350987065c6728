"""The editing actions of ``workbench glossary``: find, add, edit, remove, confirm.

They hang under ``workbench glossary`` (registered by :mod:`.glossary` through
:func:`register_actions`); the library code is :mod:`workbench.glossary.edit`.
"""

from __future__ import annotations

import sys
from pathlib import Path

KIND_CHOICES = ("person", "organisation", "place", "title", "event", "other")


def register(subparsers) -> None:
    """Nothing at the top level: these are actions of ``workbench glossary``."""


def register_actions(sub) -> None:
    find = sub.add_parser("find", help="find terms (Russian in any inflected form, or Chinese)",
                          description="Find glossary entries: a Russian query in any inflected form "
                                      "(«Якутской городской думой»), or a Chinese substring.")
    find.add_argument("query", metavar="QUERY")
    find.add_argument("--glossary", action="append", metavar="PATH", help="term file or folder (repeatable)")
    find.set_defaults(func=run_find)

    add = sub.add_parser("add", help="add a term to a PO file",
                         description="Add a term (variants after \" | \"). The file is checked first: a change "
                                     "that brings an error is refused; the old file is kept as FILE~.")
    add.add_argument("ru", metavar="RU", help="Russian, dictionary form")
    add.add_argument("zh", metavar="ZH", help="Chinese")
    add.add_argument("--kind", choices=KIND_CHOICES, required=True)
    add.add_argument("--note", default="", help="note for translators")
    add.add_argument("--derived", default="", metavar="WORDS",
                     help='derived words accepted in a Russian translation, e.g. "китайский | китаец"')
    add.add_argument("--fuzzy", action="store_true", help="mark as not yet confirmed")
    add.add_argument("--file", metavar="FILE", help="PO file (default: heihe.po of the glossaries folder)")
    add.set_defaults(func=run_add)

    edit = sub.add_parser("edit", help="change a term", description="Change the fields given of one term.")
    edit.add_argument("term", metavar="TERM", help="the term (Russian or Chinese, as for find)")
    edit.add_argument("--ru")
    edit.add_argument("--zh")
    edit.add_argument("--kind", choices=KIND_CHOICES)
    edit.add_argument("--note")
    edit.add_argument("--derived", metavar="WORDS", help='derived words, "китайский | китаец" ("" for none)')
    _file(edit)
    edit.set_defaults(func=run_edit)

    remove = sub.add_parser("remove", help="remove a term")
    remove.add_argument("term", metavar="TERM")
    _file(remove)
    remove.set_defaults(func=run_remove)

    confirm = sub.add_parser("confirm", help="confirm a term (clear its fuzzy flag)")
    confirm.add_argument("term", metavar="TERM")
    _file(confirm)
    confirm.set_defaults(func=run_confirm)

    candidates = sub.add_parser("candidates", help="propose new terms from a line-aligned translation",
                                description="Propose multi-word Russian names missing from the glossary "
                                            "and the Chinese they align to.")
    candidates.add_argument("--source", required=True, metavar="FILE", help="Russian text, one segment per line")
    candidates.add_argument("--target", required=True, metavar="FILE", help="Chinese translation, line-aligned")
    candidates.add_argument("--glossary", action="append", metavar="PATH")
    candidates.add_argument("--json", action="store_true", help="one JSON object per candidate")
    candidates.set_defaults(func=run_candidates)


def _file(parser) -> None:
    parser.add_argument("--file", metavar="FILE", help="PO file holding the term (default: found in the glossaries)")


def _paths(paths):
    from workbench.glossary.loader import default_glossary_paths

    return paths or default_glossary_paths()


def _default_file() -> Path:
    from workbench.errors import GlossaryError

    for path in _paths(None):
        path = Path(path)
        if path.is_file():
            return path
        if (path / "heihe.po").exists():
            return path / "heihe.po"
        found = sorted(path.glob("*.po"))
        if found:
            return found[0]
    raise GlossaryError("no glossary file found; name one with --file")


def _read(paths):
    """Terms of the files, read with their origins (no error checks: an edit may fix them)."""
    from workbench.glossary.check import check_and_read
    from workbench.glossary.model import Glossary

    _problems, entries, files = check_and_read([str(p) for p in paths])
    return Glossary(terms=[e.term for e in entries], sources=[str(f) for f in files])


def _show(term) -> str:
    flags = " [fuzzy]" if term.fuzzy else ""
    ru = " | ".join(term.ru_forms)
    zh = " | ".join(term.zh_forms)
    note = f" — {term.notes}" if term.notes else ""
    derived = f" (derived: {' | '.join(term.ru_derived)})" if term.ru_derived else ""
    return f"{term.origin}: {term.kind}: {ru} → {zh}{derived}{flags}{note}"


def run_find(args) -> int:
    from workbench.glossary.edit import find_terms

    found = find_terms(args.query, _read(_paths(args.glossary)))
    for term in found:
        print(_show(term))
    if not found:
        print(f"no term matches «{args.query}»", file=sys.stderr)
        return 1
    return 0


def _one(query: str, file):
    """The single term ``query`` designates (exact canonical form preferred) and its file."""
    from workbench.errors import GlossaryError
    from workbench.glossary.edit import find_terms

    glossary = _read([file] if file else _paths(None))
    found = find_terms(query, glossary)
    exact = [t for t in found if query.strip().lower() in (t.ru.lower(), t.zh)]
    found = exact or found
    if not found:
        raise GlossaryError(f"no term matches «{query}»")
    if len(found) > 1:
        for term in found:
            print(_show(term), file=sys.stderr)
        raise GlossaryError(f"«{query}» matches {len(found)} terms; give the exact Russian or Chinese form")
    term = found[0]
    return term, Path(file) if file else Path(term.origin.rsplit(":", 1)[0])


def _apply(function, *arguments) -> int:
    from workbench.errors import GlossaryError

    try:
        function(*arguments)
    except GlossaryError as err:
        if len(err.problems) > 1:
            for problem in err.problems:
                print(problem, file=sys.stderr)
        raise
    return 0


def run_add(args) -> int:
    from workbench.glossary.edit import add_term
    from workbench.glossary.model import Term
    from workbench.glossary.po import split_forms

    ru, zh = split_forms(args.ru), split_forms(args.zh)
    term = Term(ru=ru[0], zh=zh[0], kind=args.kind, ru_variants=tuple(ru[1:]), zh_variants=tuple(zh[1:]),
                notes=args.note, fuzzy=args.fuzzy, ru_derived=_derived(args.derived))
    path = Path(args.file) if args.file else _default_file()
    _apply(add_term, path, term)
    print(f"{path}: added «{term.ru}» → {term.zh}", file=sys.stderr)
    return 0


def _derived(words: str) -> tuple[str, ...]:
    from workbench.glossary.po import split_forms

    return tuple(word for word in split_forms(words or "") if word)


def run_edit(args) -> int:
    from dataclasses import replace

    from workbench.glossary.edit import update_term
    from workbench.glossary.po import split_forms

    term, path = _one(args.term, args.file)
    changes = {}
    if args.ru is not None:
        forms = split_forms(args.ru)
        changes.update(ru=forms[0], ru_variants=tuple(forms[1:]))
    if args.zh is not None:
        forms = split_forms(args.zh)
        changes.update(zh=forms[0], zh_variants=tuple(forms[1:]))
    if args.kind is not None:
        changes["kind"] = args.kind
    if args.note is not None:
        changes["notes"] = args.note
    if args.derived is not None:
        changes["ru_derived"] = _derived(args.derived)
    new = replace(term, **changes)
    _apply(update_term, path, term, new)
    print(f"{path}: changed «{term.ru}» → {new.ru} / {new.zh} ({new.kind})", file=sys.stderr)
    return 0


def run_remove(args) -> int:
    from workbench.glossary.edit import remove_term

    term, path = _one(args.term, args.file)
    _apply(remove_term, path, term)
    print(f"{path}: removed «{term.ru}» → {term.zh}", file=sys.stderr)
    return 0


def run_confirm(args) -> int:
    from workbench.glossary.edit import confirm_term

    term, path = _one(args.term, args.file)
    _apply(confirm_term, path, term)
    print(f"{path}: confirmed «{term.ru}» → {term.zh}", file=sys.stderr)
    return 0


def run_candidates(args) -> int:
    import json

    from workbench.errors import InputError
    from workbench.glossary.candidates import propose
    from workbench.glossary.loader import load_glossaries
    from workbench.textio import read_text

    source = read_text(args.source).splitlines()
    target = read_text(args.target).splitlines()
    if len(source) != len(target):
        raise InputError(f"{args.source} has {len(source)} lines but {args.target} has {len(target)}; "
                         "the files must be line-aligned")
    glossary = load_glossaries(_paths(args.glossary))
    for candidate in propose(list(zip(source, target)), glossary):
        if args.json:
            print(json.dumps({"ru": candidate.ru, "zh": candidate.zh, "count": candidate.count,
                              "examples": candidate.examples}, ensure_ascii=False))
        else:
            print(f"{candidate.ru}\t{candidate.zh or '?'}\t{candidate.count}")
    return 0
