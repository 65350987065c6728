"""``workbench translate``: batch translation of files with the glossary enforced."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from workbench.errors import InputError, WorkbenchError

LANGS = ("ru", "zh")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "translate",
        help="translate text files (ru↔zh) with glossary terms guaranteed",
        description=(
            "Translate plain-text files. Glossary terms found in the source (any inflected form) "
            "are decoded as constraints, so the agreed target form appears in the output. "
            "Without --glossary the term files in ./glossaries/ (or $WORKBENCH_GLOSSARY_DIR, or the "
            "shipped glossaries/) apply; without --model the shipped model for the direction is used."
        ),
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="text file(s); - reads stdin")
    parser.add_argument("--from", dest="source_lang", choices=LANGS,
                        help="source language (default: detected from the text)")
    parser.add_argument("--to", dest="target_lang", choices=LANGS, required=True, help="target language")
    parser.add_argument("--glossary", action="append", metavar="PATH",
                        help="term file or folder (repeatable); replaces the default glossaries")
    parser.add_argument("--no-glossary", action="store_true", help="translate without any glossary")
    parser.add_argument("--model", metavar="NAME_OR_PATH",
                        help="model directory or hub id (default: the shipped model)")
    parser.add_argument("--output", "-o", default="-", metavar="PATH",
                        help="output file, or a folder when several inputs are given; - is stdout (default)")
    parser.add_argument("--format", choices=("text", "lines"), default="text",
                        help="text: keep paragraphs; lines: one output line per input line")
    parser.add_argument("--report", metavar="FILE.json",
                        help="write each segment's source, output and terms with their status")
    parser.add_argument("--encoding", help="input encoding when not UTF-8 (e.g. cp1251, gb18030)")
    parser.add_argument("--enforce", choices=("constrained", "off"), default="constrained",
                        help="glossary enforcement (off: terms are only checked)")
    parser.add_argument("--hints", choices=("on", "off"), default="on",
                        help="give a model trained with term hints the glossary targets of the terms found "
                             "(default on; models without hints are fed the same either way)")
    parser.add_argument("--beam", type=int, default=4, help="beam size for segments without terms")
    parser.add_argument("--device", default="cpu", help="cpu or cuda")
    parser.add_argument("--allow-pickle", action="store_true",
                        help="allow loading pytorch_model.bin (pickle) when a model has no safetensors")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    texts = [(name, _read_input(name, args.encoding)) for name in args.inputs]
    source_lang = _source_language(texts, args.source_lang, args.target_lang)
    outputs = _output_paths(args.inputs, args.output, args.target_lang)
    pipeline = _build_pipeline(args, source_lang)
    documents = []
    for (name, text), destination in zip(texts, outputs):
        result = _translate_one(name, text, pipeline, args.format)
        _write_output(destination, result.output)
        documents.append(_report_entry(name, result, args, source_lang))
    if args.report:
        _write_report(args.report, documents)
    missing = sum(1 for d in documents for s in d["segments"] for t in s["terms"] if t["status"] == "missing")
    if missing:
        print(f"warning: {missing} glossary term(s) missing from the output (see --report)", file=sys.stderr)
    return 0


def _source_language(texts: list[tuple[str, str]], given: str | None, target_lang: str) -> str:
    """The source language: *given*, else detected over all the inputs together.

    Every refusal names the files it is about — with several inputs, "cannot
    tell the language" alone leaves the user guessing which one is the
    all-number or all-punctuation file, and "already in 'zh'" which one is
    Chinese (a Traditional-Chinese or full-width file is Chinese too).
    """
    from workbench.languages import detect_language

    shown = {name: "<stdin>" if name == "-" else name for name, _ in texts}
    source_lang = given
    if source_lang is None:
        try:
            source_lang = detect_language(" ".join(t for _, t in texts)[:20000])
        except InputError as err:
            raise InputError(f"{', '.join(shown.values())}: {err}") from None
    if source_lang == target_lang:
        already = [shown[name] for name, text in texts if _language_of(text) == target_lang] or list(shown.values())
        raise InputError(f"{', '.join(already)}: the text is already in {source_lang!r} "
                         "(pass --from if detection is wrong)")
    return source_lang


def _language_of(text: str) -> str | None:
    from workbench.languages import detect_language

    try:
        return detect_language(text[:20000])
    except InputError:
        return None


def _read_input(name: str, encoding: str | None) -> str:
    from workbench.textio import detect_markup, read_text
    from workbench.errors import DocumentError

    text = read_text(name, encoding=encoding)
    if not text.strip():
        raise InputError(f"{name}: file is empty")
    line = detect_markup(text)
    if line is not None:
        raise DocumentError(
            f"{name}:{line}: input looks like HTML or XML markup; workbench translate takes plain text — "
            "convert it first (e.g. pandoc -t plain)"
        )
    return text


def _output_paths(inputs: list[str], output: str, target_lang: str) -> list[str]:
    if len(inputs) == 1 or output == "-":
        return [output] * len(inputs)
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{output}: several inputs need --output to be a folder")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in inputs:
        if name == "-":
            raise InputError("stdin (-) cannot be combined with other inputs")
        paths.append(str(folder / f"{Path(name).stem}.{target_lang}.txt"))
    return paths


def _build_pipeline(args, source_lang: str):
    from workbench.glossary.loader import default_glossary_paths, load_glossaries
    from workbench.glossary.model import Glossary
    from workbench.models import load_translator
    from workbench.pipeline import Pipeline

    if args.no_glossary:
        glossary = Glossary()
    else:
        glossary = load_glossaries(args.glossary or default_glossary_paths())
    translator = load_translator(args.model, source_lang, args.target_lang,
                                 device=args.device, allow_pickle=args.allow_pickle)
    return Pipeline(translator, glossary, enforce=args.enforce, num_beams=args.beam, hints=args.hints == "on")


def _translate_one(name: str, text: str, pipeline, mode: str):
    from tqdm import tqdm

    from workbench.batch import translate_lines, translate_text

    translate = translate_lines if mode == "lines" else translate_text
    with tqdm(desc=name if name != "-" else "stdin", unit="seg", file=sys.stderr,
              disable=len(text) < 2000, leave=False) as bar:
        try:
            return translate(text, pipeline, progress=bar.update)
        except WorkbenchError as err:
            raise type(err)(f"{name}: {err}") from err


def _write_output(destination: str, text: str) -> None:
    from workbench.textio import write_text_atomic

    write_text_atomic(destination, text)


def _report_entry(name: str, result, args, source_lang: str) -> dict:
    translator = getattr(args, "model", None)
    return {
        "input": name,
        "from": source_lang,
        "to": args.target_lang,
        "model": translator or "default",
        "enforce": args.enforce,
        "hints": args.hints,
        "segments": [s.to_json(args.target_lang) for s in result.segments],
    }


def _write_report(path: str, documents: list[dict]) -> None:
    from workbench.textio import write_text_atomic

    terms = [t for d in documents for s in d["segments"] for t in s["terms"]]
    summary = {
        "segments": sum(len(d["segments"]) for d in documents),
        "terms": len(terms),
        "present": sum(t["status"] == "present" for t in terms),
        "missing": sum(t["status"] == "missing" for t in terms),
        # segments whose decoding reached its length budget before the model ended them
        "incomplete": sum(not seg["complete"] for d in documents for seg in d["segments"]),
    }
    payload = {"summary": summary, "documents": documents}
    write_text_atomic(path, json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
