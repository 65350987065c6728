"""``workbench memory`` (alias ``tm``): the translation memory in and out of TMX files.

* ``workbench memory import FILE.tmx [--from ru --to zh]`` — add a TMX file's
  Russian–Chinese units to the store's memory (see :mod:`workbench.memory`
  for the directions), and say how many were added, already there, skipped.
* ``workbench memory export FILE.tmx [--from ru --to zh]`` — write the memory
  (both directions, or one) as TMX 1.4 for other CAT tools.
"""

from __future__ import annotations

import argparse

LANGS = ("ru", "zh")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "memory", aliases=["tm"], help="import or export the translation memory as TMX",
        description="Import a TMX translation memory into the review store, or export the store's memory "
                    "(approved segments and imported pairs) as TMX 1.4.")
    sub = parser.add_subparsers(dest="memory_command", metavar="ACTION")
    parser.set_defaults(func=_help(parser))

    imp = sub.add_parser(
        "import", help="add the ru–zh units of a TMX file to the memory",
        description="Add every unit of a TMX file that has both a Russian and a Chinese text (language tags "
                    "ru, ru-RU, zh, zh-CN, zh-Hans…; Traditional Chinese is left out) to the memory. A unit "
                    "goes in the direction of its srclang; srclang=\"*all*\" or a third language puts it in "
                    "both. Units without both languages are skipped and counted.")
    imp.add_argument("file", metavar="FILE.tmx", help="the TMX file")
    _add_direction(imp, "store every unit in this direction, whatever its srclang")
    imp.add_argument("--user", help="who imports it, for units that do not name their author "
                                    "(default: the login name)")
    _add_db(imp)
    imp.set_defaults(func=run_import)

    exp = sub.add_parser("export", help="write the memory as a TMX 1.4 file",
                         description="Write every memory entry as TMX 1.4 (a pair stored in both directions "
                                     "is one unit with srclang=\"*all*\"). The file is replaced atomically.")
    exp.add_argument("file", metavar="FILE.tmx", nargs="?", help="the file to write")
    exp.add_argument("--output", "-o", metavar="FILE.tmx", help="the file to write (instead of FILE.tmx)")
    _add_direction(exp, "export only this direction")
    _add_db(exp)
    exp.set_defaults(func=run_export)


def _add_direction(parser, why: str) -> None:
    parser.add_argument("--from", dest="source_lang", choices=LANGS, help=f"source language ({why}; with --to)")
    parser.add_argument("--to", dest="target_lang", choices=LANGS, help="target language (with --from)")


def _add_db(parser) -> None:
    parser.add_argument("--db", metavar="PATH",
                        help="the store (default: $WORKBENCH_DB, else ~/.local/share/workbench/workbench.db)")


def _help(parser):
    def run(args) -> int:
        parser.print_help()
        return 2

    return run


def _direction(args) -> tuple[str | None, str | None]:
    from workbench.errors import InputError

    if bool(args.source_lang) != bool(args.target_lang) or (args.source_lang and args.source_lang == args.target_lang):
        raise InputError("give both --from and --to (ru and zh, one each), or neither")
    return args.source_lang, args.target_lang


def run_import(args: argparse.Namespace) -> int:
    from workbench.commands.documents import _login
    from workbench.memory import import_tmx
    from workbench.store import Store

    source_lang, target_lang = _direction(args)
    with Store(args.db) as store:
        report = import_tmx(store, args.file, source_lang=source_lang, target_lang=target_lang,
                            user=args.user if args.user is not None else _login())
    print(report)
    return 0


def run_export(args: argparse.Namespace) -> int:
    from workbench.errors import InputError
    from workbench.memory import export_tmx
    from workbench.store import Store

    if bool(args.file) == bool(args.output):
        raise InputError("name the file to write once: FILE.tmx or --output FILE.tmx")
    output = args.file or args.output
    source_lang, target_lang = _direction(args)
    with Store(args.db) as store:
        count = export_tmx(store, output, source_lang=source_lang, target_lang=target_lang)
    print(f"wrote {output}: {count} translation units")
    return 0
