"""``workbench palladius``: transcribe Chinese characters or pinyin into Russian (Palladius)."""

from __future__ import annotations

import argparse


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "palladius",
        help="transcribe Chinese characters or pinyin into Russian (Palladius system)",
        description=(
            "Transcribe a Chinese name (characters or pinyin, with or without tones) into Russian "
            "by the Palladius system: places one word (黑河 → Хэйхэ), persons surname apart "
            "(陈晓洁 → Чэнь Сяоцзе); established names win (哈尔滨 → Харбин)."
        ),
    )
    parser.add_argument("text", nargs="+", metavar="TEXT", help="Chinese characters or pinyin")
    parser.add_argument("--kind", choices=("person", "place", "organisation", "other"), default="other",
                        help="person: surname apart, given name joined; place: one word; "
                             "organisation/other: one Russian word per word (default: other)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from workbench.morphology.palladius import to_cyrillic

    print(to_cyrillic(" ".join(args.text), args.kind))
    return 0
