"""Whole-file throughput in source words per second: the workbench against CTranslate2 driven directly.

    python benchmarks/bench_throughput.py [--model PATH] [--lines 500] [--beam 4] [--rounds 3]
        [--file PATH --from ru|zh]

The file is one sentence per line (default: the first ``--lines`` lines of the WMT21 news
references in ``../shared/data``, Russian for ru→zh and Chinese for zh→ru). Three runs on the
same model, beam and lines, alternating for ``--rounds`` rounds after a warm-up:

* **workbench**: :func:`workbench.batch.translate_text` with the shipped glossary enforced (as
  ``workbench translate`` runs a file), and again with no glossary;
* **CTranslate2 direct**: the same int8 conversion of the model, ``translate_batch`` over every
  line at once with the model's repetition and length penalties, in the better of two thread
  layouts (2 batches side by side, one thread each; one batch of 32 on every core), tokenised
  and detokenised by the model's SentencePiece, as a user of CTranslate2 would write it.

Reported: source words per second (Russian words; for Chinese, jieba's words), and the workbench
runs as ratios to the direct baseline (median of the rounds' ratios). The issue's target is
≥ 0.9×. Never asserted anywhere: wall time is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

from common import ROOT, model_for, read_lines

WMT21 = ROOT.parent / "shared" / "data" / "wmt21-news-enruzh"
DEFAULT_FILES = {"ru": WMT21 / "newstest2021.en-ru.ref.B.ru", "zh": WMT21 / "newstest2021.en-zh.ref.A.zh"}


def count_words(lines: list[str], lang: str) -> int:
    if lang == "ru":
        return sum(len(line.split()) for line in lines)
    from workbench.morphology.chinese import plain_words

    return sum(1 for line in lines for word in plain_words(line) if word.strip())


class DirectCT2:
    """CTranslate2 as its documentation shows it: tokenise, ``translate_batch``, detokenise."""

    LAYOUTS = {"2x1": dict(inter_threads=2, intra_threads=1, max_batch_size=8),
               "1x2": dict(inter_threads=1, intra_threads=2, max_batch_size=32)}

    def __init__(self, marian, layout: str):
        import ctranslate2

        from workbench.engine.ct2 import converted_model

        options = dict(self.LAYOUTS[layout])
        self.max_batch_size = options.pop("max_batch_size")
        cores = len(os.sched_getaffinity(0))
        options = {k: min(v, cores) for k, v in options.items()}
        self.marian = marian
        self.translator = ctranslate2.Translator(str(converted_model(marian.path)), device="cpu",
                                                 compute_type="int8", **options)

    def translate(self, lines: list[str], beam: int) -> list[str]:
        tokens = self.marian.source_tokens(lines)
        results = self.translator.translate_batch(
            tokens, beam_size=beam, max_batch_size=self.max_batch_size, disable_unk=True,
            repetition_penalty=self.marian.repetition_penalty, length_penalty=self.marian.length_penalty,
            max_decoding_length=self.marian.max_target_tokens)
        return [self.marian.decode_pieces(r.hypotheses[0]) for r in results]


def run(model: str, source_lang: str, lines: list[str], beam: int, rounds: int) -> dict:
    from workbench.batch import translate_text
    from workbench.glossary.loader import default_glossary_paths, load_glossaries
    from workbench.languages import other_language
    from workbench.models import load_translator
    from workbench.pipeline import Pipeline

    target_lang = other_language(source_lang)
    translator = load_translator(model, source_lang, target_lang)
    glossary = load_glossaries(default_glossary_paths())
    text = "\n".join(lines)
    runs = {
        "workbench_glossary": lambda: translate_text(text, Pipeline(translator, glossary, num_beams=beam)),
        "workbench_no_glossary": lambda: translate_text(text, Pipeline(translator, None, num_beams=beam)),
    }
    for layout in DirectCT2.LAYOUTS:
        direct = DirectCT2(translator.marian, layout)
        runs[f"ct2_direct_{layout}"] = lambda direct=direct: direct.translate(lines, beam)
    for job in runs.values():  # warm-up: conversion, caches, the search helper
        job()
    seconds = {name: [] for name in runs}
    for _ in range(rounds):
        for name, job in runs.items():
            start = time.perf_counter()
            job()
            seconds[name].append(time.perf_counter() - start)
    words = count_words(lines, source_lang)
    best_direct = min((n for n in runs if n.startswith("ct2_direct")), key=lambda n: statistics.median(seconds[n]))
    report = {"direction": f"{source_lang}→{target_lang}", "model": model, "lines": len(lines), "words": words,
              "beam": beam, "baseline": best_direct}
    for name, times in seconds.items():
        report[name] = {"seconds": [round(t, 2) for t in times],
                        "words_per_s": round(words / statistics.median(times))}
    for name in ("workbench_glossary", "workbench_no_glossary"):
        report[name]["ratio_to_direct"] = round(statistics.median(
            d / w for w, d in zip(seconds[name], seconds[best_direct])), 3)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", help="model path (default: the shipped model)")
    parser.add_argument("--lines", type=int, default=500)
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--file", type=Path, help="one sentence per line (default: WMT21 news)")
    parser.add_argument("--from", dest="source_lang", choices=("ru", "zh"), help="with --file: its language")
    args = parser.parse_args()
    if args.file and not args.source_lang:
        parser.error("--file needs --from")
    directions = [args.source_lang] if args.file else ["ru", "zh"]
    for source_lang in directions:
        path = args.file or DEFAULT_FILES[source_lang]
        if not path.is_file():
            parser.error(f"{path}: no such file (the default needs ../shared/data; or give --file and --from)")
        lines = [line for line in read_lines(path) if line.strip()][:args.lines]
        model = model_for(args.model, source_lang, "zh" if source_lang == "ru" else "ru")
        print(json.dumps(run(model, source_lang, lines, args.beam, args.rounds), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
