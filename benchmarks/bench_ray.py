"""Benchmark: ``translate --ray`` against the one-machine run — same bytes, documents per minute, driver memory.

Run ``python benchmarks/bench_ray.py [--documents 40] [--memory 40,400]``. With the
shipped model and glossary, on a set of short releases cut from the sample press
release (Russian) and their Chinese drafts (so both directions are real text):

1. each direction one-machine (documents one after the other in this process,
   the search helper on, as ``workbench translate FOLDER`` runs), then on a local
   Ray runtime with 1 and with 2 actors; every output file compared byte for byte
   with the one-machine file; documents per minute of each (Ray's start-up
   included, printed apart);
2. the driver's memory (Python allocations' peak, ``tracemalloc``) while Ray
   translates M one-sentence documents, for each M: flat means the driver holds
   names and counts, not texts or reports.

Ratios are against the one-machine run measured in the same process.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbench.cluster import translate_on_ray  # noqa: E402
from workbench.jobs import ReportWriter, TranslateOptions, build_pipeline, plan_jobs, translate_document  # noqa: E402

SAMPLE = ROOT / "examples" / "heihe-delegation-2024.ru.txt"


def sentences_of_sample() -> list[str]:
    from workbench.segment import segment_text

    document = segment_text(SAMPLE.read_text(encoding="utf-8"), "ru")
    return [s for paragraph in document.paragraphs for s in paragraph if len(s) > 30]


def write_set(folder: Path, sentences: list[str], count: int, per_document: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        picked = [sentences[(number * per_document + k) % len(sentences)] for k in range(per_document)]
        (folder / f"release-{number:04d}.txt").write_text("\n\n".join(picked) + "\n", encoding="utf-8")
    return folder


def here(inputs: Path, out: Path, options: TranslateOptions) -> float:
    """The one-machine run; its wall time (model loading included, as Ray's actors include theirs)."""
    start = time.perf_counter()
    pipeline = build_pipeline(options)
    for job in plan_jobs([str(inputs)], str(out), options.target_lang):
        translate_document(job, pipeline, options)
    return time.perf_counter() - start


def on_ray(inputs: Path, out: Path, options: TranslateOptions, actors: int) -> tuple[float, int]:
    jobs = list(enumerate(plan_jobs([str(inputs)], str(out), options.target_lang)))
    start = time.perf_counter()
    rows = list(translate_on_ray(jobs, options, actors=actors))
    failed = sum(bool(r["error"]) for r in rows)
    return time.perf_counter() - start, failed


def same_bytes(first: Path, second: Path) -> tuple[int, int]:
    names = sorted(p.relative_to(first) for p in first.rglob("*.txt"))
    return sum((first / n).read_bytes() == (second / n).read_bytes() for n in names), len(names)


def throughput(work: Path, count: int, per_document: int) -> None:
    ru = write_set(work / "in-ru", sentences_of_sample(), count, per_document)
    print(f"{count} documents of {per_document} sentences per direction; shipped model and glossary")
    for source, target, inputs in (("ru", "zh", ru), ("zh", "ru", None)):
        if inputs is None:  # the Chinese drafts of the Russian set are the Chinese set
            inputs = work / "in-zh"
            inputs.mkdir()
            for path in sorted((work / "ru-zh-here").glob("*.txt")):
                (inputs / path.name.replace(".zh.txt", ".txt")).write_bytes(path.read_bytes())
        options = TranslateOptions(source, target)
        base = here(inputs, work / f"{source}-{target}-here", options)
        print(f"  {source}→{target} one machine: {base:6.1f} s, {count / base * 60:6.1f} documents/min")
        for actors in (1, 2):
            out = work / f"{source}-{target}-ray{actors}"
            seconds, failed = on_ray(inputs, out, options, actors)
            identical, total = same_bytes(work / f"{source}-{target}-here", out)
            print(f"  {source}→{target} Ray, {actors} actor(s): {seconds:6.1f} s, {count / seconds * 60:6.1f} "
                  f"documents/min ({base / seconds:.2f}× one machine); {identical}/{total} files identical, "
                  f"{failed} failed")


def driver_memory(work: Path, counts: list[int]) -> None:
    sentences = sentences_of_sample()
    options = TranslateOptions("ru", "zh")
    for count in counts:
        inputs = write_set(work / f"mem-{count}", sentences, count, 1)
        jobs = list(enumerate(plan_jobs([str(inputs)], str(work / f"mem-{count}-out"), "zh")))
        report = ReportWriter(str(work / f"mem-{count}.json"))
        tracemalloc.start()
        start = time.perf_counter()
        for row in translate_on_ray(jobs, options, actors=2):
            import json

            report.add(row["position"], json.loads(row["entry"]))
        report.close()
        seconds = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"  {count:5d} documents: driver peak {peak / 2**20:6.1f} MiB of Python allocations, "
              f"{count / seconds * 60:6.1f} documents/min")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=40)
    parser.add_argument("--sentences", type=int, default=3, help="sentences per document")
    parser.add_argument("--memory", default="40,400", help="document counts of the driver-memory run")
    args = parser.parse_args()
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    start = time.perf_counter()
    ray.data.range(2).map_batches(lambda b: b).take_all()
    print(f"Ray runtime up; a first empty dataset took {time.perf_counter() - start:.1f} s")
    with tempfile.TemporaryDirectory() as tmp:
        throughput(Path(tmp), args.documents, args.sentences)
        print("driver memory while Ray translates one-sentence documents:")
        driver_memory(Path(tmp), [int(n) for n in args.memory.split(",")])
    ray.shutdown()


if __name__ == "__main__":
    main()
