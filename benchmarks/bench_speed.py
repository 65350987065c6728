"""Throughput of `workbench translate` on a press release against plain transformers `generate()`.

    python benchmarks/bench_speed.py [--model PATH|random] [--beam 4] [--rounds 5]

Both run in this process on the same model, beam and sentences (the sample
press release in examples/):

* baseline: ``model.generate(num_beams=beam)`` over length-sorted batches of
  16 sentences, no glossary;
* workbench: the default pipeline — shipped glossary enforced with the
  constrained beam search, CTranslate2 fast path for sentences without terms.

The two alternate for ``--rounds`` rounds after a warm-up translation, and the
ratio reported is the median of the rounds' ratios: this machine's speed drifts
by a quarter from minute to minute, and a ratio of two runs made side by side
drifts far less than two separately timed runs.

Also prints the time to load the model and translate the whole release
(the shipped-model target: under 30 s on 2 cores).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from common import SAMPLE, model_for


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", help="model path or 'random' (default: the shipped model)")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    from workbench.batch import translate_text
    from workbench.glossary.loader import default_glossary_paths, load_glossaries
    from workbench.models import load_translator
    from workbench.pipeline import Pipeline
    from workbench.segment import segment_text

    import torch

    from workbench.engine.helper import torch_threads

    threads = torch_threads()
    model = model_for(args.model, "ru", "zh")
    text = SAMPLE.read_text(encoding="utf-8")
    start = time.perf_counter()
    translator = load_translator(model, "ru", "zh")
    pipeline = Pipeline(translator, load_glossaries(default_glossary_paths()), num_beams=args.beam)
    translate_text(text, pipeline)
    cold = time.perf_counter() - start

    sentences = [s for paragraph in segment_text(text, "ru").paragraphs for s in paragraph]
    ordered = sorted(sentences, key=translator.marian.count_tokens)
    workbench_s, baseline_s = [], []
    for _ in range(args.rounds):
        start = time.perf_counter()
        result = translate_text(text, pipeline)
        workbench_s.append(time.perf_counter() - start)
        # CTranslate2 leaves torch at one OpenMP thread in the thread that called it (the
        # workbench's fast path ran here): the baseline gets every core back
        torch.set_num_threads(threads)
        start = time.perf_counter()
        for first in range(0, len(ordered), 16):
            translator.marian.generate(ordered[first:first + 16], args.beam)
        baseline_s.append(time.perf_counter() - start)
    ratios = [b / w for b, w in zip(baseline_s, workbench_s)]

    terms = [t for s in result.segments for t in s.terms]
    print(json.dumps({
        "model": model, "beam": args.beam, "sentences": len(sentences),
        "sentences_with_terms": sum(1 for s in result.segments if s.terms),
        "terms_present": f"{sum(t.present for t in terms)}/{len(terms)}",
        "load_and_translate_s": round(cold, 2),
        "workbench_s": [round(t, 2) for t in workbench_s], "generate_s": [round(t, 2) for t in baseline_s],
        "ratios": [round(r, 2) for r in ratios], "throughput_ratio": round(statistics.median(ratios), 2),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
