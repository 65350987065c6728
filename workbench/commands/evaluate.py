"""``workbench evaluate``: chrF, BLEU and term success rate of a model on a test set."""

from __future__ import annotations

import argparse
import json


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "evaluate",
        help="score a model on line-aligned source/reference files (chrF, BLEU, term success)",
        description=(
            "Translate SOURCE line by line and score it against REFERENCE with sacrebleu: chrF, and BLEU "
            "(Chinese tokenisation for Chinese). With --glossary the term success rate is reported too."
        ),
    )
    parser.add_argument("--source", required=True, metavar="F", help="source text, one segment per line")
    parser.add_argument("--reference", required=True, metavar="F", help="reference translations, line-aligned")
    parser.add_argument("--from", dest="source_lang", choices=("ru", "zh"), help="default: detected")
    parser.add_argument("--to", dest="target_lang", choices=("ru", "zh"), required=True)
    parser.add_argument("--model", metavar="NAME_OR_PATH", help="model, pivot chain A,B, or the shipped default")
    parser.add_argument("--glossary", action="append", metavar="PATH",
                        help="term file or folder (repeatable): enforce terms and report their success rate")
    parser.add_argument("--enforce", choices=("constrained", "off"), default="constrained")
    parser.add_argument("--hints", choices=("on", "off"), default="on",
                        help="term hints for a model trained with them (see workbench translate --help)")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--limit", type=int, help="score only the first N lines")
    parser.add_argument("--output", metavar="F", help="also write the translations here")
    parser.add_argument("--json", action="store_true", help="print the scores as one JSON object")
    parser.add_argument("--device", default="cpu")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from workbench.errors import InputError
    from workbench.evaluation import score_results
    from workbench.glossary.loader import load_glossaries
    from workbench.glossary.model import Glossary
    from workbench.languages import detect_language
    from workbench.models import load_translator
    from workbench.pipeline import Pipeline
    from workbench.textio import read_text, write_text_atomic

    sources = read_text(args.source).rstrip("\n").split("\n")
    references = read_text(args.reference).rstrip("\n").split("\n")
    if len(sources) != len(references):
        raise InputError(f"{args.source} has {len(sources)} lines but {args.reference} has {len(references)}")
    if args.limit:
        sources, references = sources[:args.limit], references[:args.limit]
    source_lang = args.source_lang or detect_language("\n".join(sources[:200]), name=args.source)
    glossary = load_glossaries(args.glossary) if args.glossary else Glossary()
    translator = load_translator(args.model, source_lang, args.target_lang, device=args.device)
    pipeline = Pipeline(translator, glossary, enforce=args.enforce, num_beams=args.beam,
                        hints=args.hints == "on")
    results = pipeline.translate_sentences(sources)
    if args.output:
        write_text_atomic(args.output, "".join(r.output + "\n" for r in results))
    scores = score_results(results, references, args.target_lang)
    if args.json:
        print(json.dumps({"model": translator.name, "from": source_lang, "to": args.target_lang,
                          "beam": args.beam, "enforce": args.enforce, "hints": pipeline.hints, **scores.as_dict()}, ensure_ascii=False))
    else:
        rate = scores.term_success_rate
        print("model\tdirection\tsegments\tchrF\tBLEU\tterms\tterm success")
        print(f"{translator.name}\t{source_lang}→{args.target_lang}\t{scores.segments}\t{scores.chrf:.2f}\t"
              f"{scores.bleu:.2f}\t{scores.terms}\t{'-' if rate is None else f'{rate:.3f}'}")
    return 0
