"""``workbench adapt``: fine-tune the model on the approved segments (or aligned files) as a new version."""

from __future__ import annotations

import argparse
import sys

DESCRIPTION = """\
Fine-tune a model on the translators' approved segments and write it as a NEW model
directory (OPUS-MT layout; usable with --model DIR), a version of its base.

Training pairs: the approved segments of the direction in the review store (--db, default
the app's store), or two line-aligned files (--source/--target). At least 50 distinct pairs
are needed. A share of them (10%, at most 200) is held out; five times as many pairs of a
general corpus (--general: a shared/data folder, or one with train.ru/train.zh and dev.ru/dev.zh;
default $WORKBENCH_GENERAL_DATA or a shared/data beside the checkout), matched in length, are
mixed in so that the model does not forget. The model's card (README.md, adaptation.json) records chrF before/after on
the held-out pairs and on the general dev set, the segments used and the minutes spent.

The new version becomes the default for its direction unless its general chrF dropped by
more than 0.5 (or could not be measured): then it is kept but not used, and the command
says why; --force makes it the default anyway. `workbench models` lists versions with
their scores, `workbench models use NAME` / `--base` switch between them.
"""


def register(subparsers) -> None:
    p = subparsers.add_parser("adapt", help="fine-tune the model on approved segments (a new, guarded version)",
                              description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = p.add_mutually_exclusive_group()
    source.add_argument("--db", metavar="PATH",
                        help="the review store (default: $WORKBENCH_DB, else ~/.local/share/workbench/workbench.db)")
    source.add_argument("--source", metavar="FILE", help="source sentences, one per line (with --target)")
    p.add_argument("--target", metavar="FILE", help="their translations, line-aligned with --source")
    p.add_argument("--from", dest="source_lang", choices=("ru", "zh"), required=True)
    p.add_argument("--to", dest="target_lang", choices=("ru", "zh"), required=True)
    p.add_argument("--model", metavar="M",
                   help="model directory or local model name to adapt (default: the direction's default)")
    p.add_argument("--output", metavar="DIR",
                   help="the new model directory (must not exist; default: BASE.ru-zh.TIME in "
                        "$WORKBENCH_MODELS_DIR, else ~/.local/share/workbench/models)")
    p.add_argument("--general", metavar="DIR", help="general corpus to mix in and to check against")
    p.add_argument("--max-minutes", type=float, default=8.0, metavar="N",
                   help="time budget of the whole run, scoring included (default 8)")
    p.add_argument("--epochs", type=float, default=None, metavar="E", help="passes over the mixed pairs (default 6)")
    p.add_argument("--threads", type=int, default=2, help="CPU threads (default 2)")
    p.add_argument("--force", action="store_true",
                   help="make the new version the default even if the guard refuses it")
    p.add_argument("--no-default", action="store_true", help="write the version, never make it the default")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from workbench.errors import InputError
    from workbench.train.adapt import AdaptOptions, adapt, read_aligned, store_pairs

    if args.source_lang == args.target_lang:
        raise InputError("--from and --to are the same language")
    if bool(args.source) != bool(args.target):
        raise InputError("--source and --target go together (two line-aligned files)")
    if args.source:
        pairs = read_aligned(args.source, args.target)
        origin = f"{args.source} + {args.target}"
    else:
        from workbench.store.db import default_db_path

        pairs = store_pairs(args.db, args.source_lang, args.target_lang)
        origin = f"approved segments of {args.db or default_db_path()}"
    options = AdaptOptions(max_minutes=args.max_minutes, threads=args.threads, force=args.force,
                           make_default=not args.no_default)
    if args.epochs is not None:
        options.epochs = args.epochs
    result = adapt(pairs, args.source_lang, args.target_lang, model=args.model, output=args.output,
                   general=args.general, origin=origin, options=options,
                   log=lambda line: print(line, file=sys.stderr, flush=True))
    scores = result.card["chrf"]
    print(f"{result.path}: held-out chrF {scores['held_out']['before']} → {scores['held_out']['after']}, "
          f"general chrF {scores['general']['before']} → {scores['general']['after']}, "
          f"{result.card['minutes']} min")
    direction = f"{args.source_lang}→{args.target_lang}"
    if result.made_default:
        forced = " (--force: the guard refused it)" if result.reason else ""
        print(f"now the default for {direction}{forced}; `workbench models use --base` goes back")
    elif args.no_default:
        print(f"not made the default (--no-default); `workbench models use {result.path.name}` makes it one")
    else:
        print(f"not made the default for {direction}: {result.reason} "
              f"(--force, or `workbench models use {result.path.name}`, to use it anyway)")
    return 0
