"""``workbench translate``: batch translation of files with the glossary enforced."""

from __future__ import annotations

import argparse
import json
import sys

from workbench.errors import InputError, WorkbenchError

LANGS = ("ru", "zh")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "translate",
        help="translate text files (ru↔zh) with glossary terms guaranteed",
        description=(
            "Translate plain-text and document files. Glossary terms found in the source (any inflected form) "
            "are decoded as constraints, so the agreed target form appears in the output. "
            "Without --glossary the term files in ./glossaries/ (or $WORKBENCH_GLOSSARY_DIR, or the "
            "shipped glossaries/) apply; without --model the shipped model for the direction is used."
        ),
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="text or document files (.md, .docx, XLIFF, .po: written back in their format), "
                             "or folders searched for them; - reads stdin")
    parser.add_argument("--from", dest="source_lang", choices=LANGS,
                        help="source language (default: detected from the text)")
    parser.add_argument("--to", dest="target_lang", choices=LANGS, required=True, help="target language")
    parser.add_argument("--glossary", action="append", metavar="PATH",
                        help="term file or folder (repeatable); replaces the default glossaries")
    parser.add_argument("--no-glossary", action="store_true", help="translate without any glossary")
    parser.add_argument("--model", metavar="NAME_OR_PATH",
                        help="model directory or hub id (default: the shipped model)")
    parser.add_argument("--output", "-o", default="-", metavar="PATH",
                        help="output file, or a folder when several inputs (or a folder) are given: "
                             "NAME.<to>.txt for each, below the folder it was found in; - is stdout (default)")
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
    parser.add_argument("--resume", action="store_true",
                        help="skip the documents whose output file exists (outputs are only ever written whole)")
    parser.add_argument("--ray", nargs="?", const="local", metavar="ADDRESS",
                        help="spread the documents over a Ray cluster: --ray alone starts one on this machine, "
                             "--ray auto or --ray ray://HOST:PORT joins a running one (pip install -e '.[cluster]')")
    parser.add_argument("--actors", type=int, metavar="N",
                        help="with --ray: how many translating actors, one CPU each (default: the cluster's CPUs)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from workbench.jobs import plan_jobs

    jobs = plan_jobs(args.inputs, args.output, args.target_lang)
    # one document is read first, so that its own faults are what the user hears of
    text = _read_input(jobs[0].name, args.encoding) if len(jobs) == 1 else None
    source_lang = _source_language([j.name for j in jobs], args.source_lang, args.target_lang, args.encoding,
                                   text)
    options = _options(args, source_lang)
    if len(jobs) == 1 and args.ray is None:
        return _translate_single(jobs[0], options, args.report, text)
    return _translate_many(jobs, options, args)


def _options(args, source_lang: str):
    from workbench.jobs import TranslateOptions

    return TranslateOptions(
        source_lang=source_lang, target_lang=args.target_lang, model=args.model,
        glossary=tuple(args.glossary) if args.glossary else None, no_glossary=args.no_glossary,
        format=args.format, encoding=args.encoding, enforce=args.enforce, hints=args.hints, beam=args.beam,
        device=args.device, allow_pickle=args.allow_pickle)


def _translate_single(job, options, report_path: str | None, text: str | None) -> int:
    """One document: its errors stop the command, as they always did."""
    from workbench.jobs import ReportWriter, build_pipeline, translate_document

    pipeline = build_pipeline(options)
    report = ReportWriter(report_path)
    try:
        with _segment_bar(job.name, text) as bar:
            report.add(0, translate_document(job, pipeline, options, progress=bar.update, text=text))
    except BaseException:
        report.discard()
        raise
    report.close()
    _warn_missing(report.counts["missing"])
    return 0


def _translate_many(jobs, options, args) -> int:
    """Several documents, here or on Ray: a failed one is named and the others go on."""
    from workbench.jobs import Progress, ReportWriter, is_done

    report = ReportWriter(args.report)
    pending = []
    for position, job in enumerate(jobs):
        if args.resume and is_done(job):
            report.add_skipped(position, job.name)
        else:
            pending.append((position, job))
    progress = Progress(len(pending), skipped=len(jobs) - len(pending))
    try:
        results = _run_on_ray(pending, options, args) if args.ray is not None else _run_here(pending, options)
        for result in results:
            if result["error"]:
                print(f"error: {result['error']}", file=sys.stderr)
                report.add_failure(result["name"], result["error"])
            else:
                report.add(result["position"], json.loads(result["entry"]))
            progress.done()
    except BaseException:
        report.discard()
        raise
    report.close()
    progress.finish()
    _warn_missing(report.counts["missing"])
    if report.failed:
        print(f"error: {len(report.failed)} of {len(pending)} documents were not translated (named above)",
              file=sys.stderr)
        return 1
    return 0


def _run_here(pending, options):
    """The documents one after the other in this process, as result rows like Ray's."""
    from workbench.jobs import build_pipeline, translate_document

    if not pending:
        return
    pipeline = build_pipeline(options)  # a model or glossary fault stops the run: it is no document's
    for position, job in pending:
        row = {"position": position, "name": job.name, "entry": "", "error": ""}
        try:
            row["entry"] = json.dumps(translate_document(job, pipeline, options), ensure_ascii=False)
        except WorkbenchError as err:
            row["error"] = str(err)
        yield row


def _run_on_ray(pending, options, args):
    from workbench.cluster import translate_on_ray

    return translate_on_ray(pending, options, address=args.ray, actors=args.actors)


def _segment_bar(name: str, text: str):
    from tqdm import tqdm

    return tqdm(desc=name if name != "-" else "stdin", unit="seg", file=sys.stderr, disable=len(text) < 2000,
                leave=False)


def _warn_missing(missing: int) -> None:
    if missing:
        print(f"warning: {missing} glossary term(s) missing from the output (see --report)", file=sys.stderr)


def _source_language(names: list[str], given: str | None, target_lang: str, encoding: str | None,
                     text: str | None = None) -> str:
    """The source language: *given*, else detected over the start of all the inputs together.

    Every refusal names the files it is about — with several inputs, "cannot
    tell the language" alone leaves the user guessing which one is the
    all-number or all-punctuation file, and "already in 'zh'" which one is
    Chinese (a Traditional-Chinese or full-width file is Chinese too).
    """
    from workbench.jobs import detection_sample
    from workbench.languages import detect_language
    from workbench.textio import read_text

    shown = {name: "<stdin>" if name == "-" else name for name in names}
    source_lang = given
    if source_lang is None:
        sample = text[:20000] if text is not None else detection_sample(names, encoding)
        try:
            source_lang = detect_language(sample)
        except InputError as err:
            raise InputError(f"{', '.join(shown.values())}: {err}") from None
    if source_lang == target_lang:
        texts = [(n, text if text is not None else _text_or_empty(read_text, n, encoding)) for n in names]
        already = [shown[n] for n, text in texts if _language_of(text) == target_lang] or list(shown.values())
        raise InputError(f"{', '.join(already)}: the text is already in {source_lang!r} "
                         "(pass --from if detection is wrong)")
    return source_lang


def _text_or_empty(read_text, name: str, encoding: str | None) -> str:
    try:
        return read_text(name, encoding=encoding)
    except WorkbenchError:
        return ""


def _language_of(text: str) -> str | None:
    from workbench.languages import detect_language

    try:
        return detect_language(text[:20000])
    except InputError:
        return None


def _read_input(name: str, encoding: str | None) -> str:
    from workbench.jobs import read_document

    return read_document(name, encoding)
