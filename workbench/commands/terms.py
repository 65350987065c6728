"""``workbench terms``: the glossary terms found in a text, for translators and maintainers."""

from __future__ import annotations

import argparse
import json
import sys

from workbench.languages import LANGUAGES, other_language


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "terms",
        help="list the glossary terms found in a text (any inflected form)",
        description=(
            "Find glossary terms in a Russian or Chinese text. Russian terms are found in any "
            "inflected form. In lines mode one JSON object is printed per input line: "
            '{"line": N, "terms": [{"source", "term", "target", "kind", "start", "end"}]}.'
        ),
    )
    parser.add_argument("input", metavar="INPUT", help="text file; - reads stdin")
    parser.add_argument("--from", dest="source_lang", choices=LANGUAGES,
                        help="language of the text (default: detected)")
    parser.add_argument("--glossary", action="append", metavar="PATH",
                        help="term file or folder (repeatable; default: the glossaries folder)")
    parser.add_argument("--format", choices=("text", "lines"), default="text",
                        help="text: one line per term found; lines: one JSON object per input line")
    parser.add_argument("--encoding", help="input encoding when not UTF-8")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from workbench.glossary.loader import default_glossary_paths, load_glossaries
    from workbench.languages import detect_language
    from workbench.glossary.matching import TermMatcher
    from workbench.textio import read_text

    text = read_text(args.input, encoding=args.encoding)
    lang = args.source_lang or detect_language(text, name=args.input)
    target_lang = other_language(lang)
    glossary = load_glossaries(args.glossary or default_glossary_paths())
    matcher = TermMatcher(list(glossary), lang)
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    for number, line in enumerate(lines, start=1):
        found = [_as_json(m, lang, target_lang) for m in matcher.find(line)]
        if args.format == "lines":
            print(json.dumps({"line": number, "terms": found}, ensure_ascii=False))
        else:
            for item in found:
                print(f"{number}:{item['start']}-{item['end']}\t{item['source']}\t"
                      f"{item['term']}\t{item['target']}\t{item['kind']}")
    sys.stdout.flush()
    return 0


def _as_json(match, lang: str, target_lang: str) -> dict:
    return {
        "source": match.text,
        "term": match.term.ru if lang == "ru" else match.term.zh,
        "target": match.term.target(target_lang),
        "kind": match.term.kind,
        "start": match.start,
        "end": match.end,
    }
