"""Benchmark: what ``workbench adapt`` gains on a domain the model barely saw, what it costs elsewhere, how long.

Run ``python benchmarks/bench_adapt.py [--shared ../shared/data] [--domain gnome-help-ru-zh]
[--sizes 1000 2000] [--test 400] [--model M] [--max-minutes 8]``.

The in-domain set: the pairs of one ``shared/data`` corpus-v2 folder (default GNOME desktop help,
added after the shipped model was trained, so it never saw them), or ``tatoeba-test-rus-zho`` (everyday
sentences, Simplified Mandarin only: a spoken-language domain, about 1,080 pairs, so ``--test 300
--sizes 780``), cleaned and deduplicated, shuffled
with a fixed seed; the first ``--test`` pairs are the in-domain test set, never trained on, and each
adaptation takes the first N of the rest. For each size the script runs :func:`workbench.train.adapt.adapt`
exactly as ``workbench adapt --source … --target …`` does (general corpus mixed in from ``--shared``, its
10% held out, the guard), with the default left alone, and prints:

* in-domain chrF on the test pairs, before (the base model) and after (the drafts as the workbench
  makes them without a glossary: beam 4, CTranslate2 int8; the scoring the guard uses), and the
  difference (target: +3);
* the general dev chrF (200 WMT21 news sentences) before and after, from the new model's card (target:
  within 0.5);
* minutes for the whole run, scoring included, and for the training alone (target: 1,000 pairs in ≤ 8),
  and the CPU minutes the process used (all threads): on a shared machine the wall time says as much
  about the neighbours as about the run, so the load average is printed too.

Wall times depend on what else the machine runs; they are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def domain_pairs(shared: Path, folder: str) -> list[tuple[str, str]]:
    from workbench.train import data
    from workbench.train.adapt import unique_pairs

    corpus = read_tatoeba_rus_zho(shared / folder) if folder.startswith("tatoeba") else data.read_v2_folder(shared,
                                                                                                             folder)
    pairs = []
    for ru, zh in zip(corpus["ru"], corpus["zh"]):
        ru, zh = data.clean(ru), data.clean(zh)
        if ru and zh and data.pair_ok(ru, "ru", zh, "zh"):
            pairs.append((ru, zh))
    pairs = unique_pairs(pairs)
    random.Random(20).shuffle(pairs)
    return pairs


def read_tatoeba_rus_zho(folder: Path) -> dict[str, list[str]]:
    """Tatoeba test rus–zho, the pairs whose Chinese is Simplified Mandarin (``cmn_Hans``): short everyday
    sentences, the closest the shared data has to a spoken-language domain (about 1,080 pairs)."""
    stem = folder / "tatoeba-test-v2021-08-07"
    ru = (stem.parent / (stem.name + ".rus")).read_text(encoding="utf-8").splitlines()
    zh = (stem.parent / (stem.name + ".zho")).read_text(encoding="utf-8").splitlines()
    labels = (stem.parent / (stem.name + ".zho.labels")).read_text(encoding="utf-8").splitlines()
    keep = [i for i, label in enumerate(labels) if label.strip() == "cmn_Hans"]
    return {"ru": [ru[i] for i in keep], "zh": [zh[i] for i in keep]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--domain", default="gnome-help-ru-zh")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000])
    parser.add_argument("--test", type=int, default=400)
    parser.add_argument("--model", default=None, help="default: the ru→zh default model")
    parser.add_argument("--max-minutes", type=float, default=8.0)
    parser.add_argument("--epochs", type=float, default=None)
    parser.add_argument("--lr", type=float, default=None)
    parser.add_argument("--general-ratio", type=float, default=None, help="general pairs per adaptation pair")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json", metavar="FILE", help="also write the results here")
    args = parser.parse_args()

    import torch

    from workbench.train.adapt import AdaptOptions, adapt, chrf, resolve_base

    torch.set_num_threads(args.threads)
    shared = Path(args.shared)
    pairs = domain_pairs(shared, args.domain)
    test, pool = pairs[:args.test], pairs[args.test:]
    print(f"{args.domain}: {len(pairs)} pairs; test {len(test)}, adaptation pool {len(pool)}", flush=True)
    base = resolve_base(args.model, "ru", "zh")
    t0 = time.time()
    base_domain = chrf(base, test, "ru", "zh")
    print(f"base {base.name}: in-domain chrF {base_domain} ({time.time() - t0:.0f} s to score)", flush=True)

    results = []
    with tempfile.TemporaryDirectory(prefix="bench-adapt-") as tmp:
        for size in args.sizes:
            if size > len(pool):
                print(f"skip {size}: only {len(pool)} pairs in the pool")
                continue
            options = AdaptOptions(max_minutes=args.max_minutes, threads=args.threads, make_default=False)
            if args.epochs is not None:
                options.epochs = args.epochs
            if args.lr is not None:
                options.lr = args.lr
            if args.general_ratio is not None:
                options.general_ratio = args.general_ratio
            cpu0 = time.process_time()
            result = adapt(pool[:size], "ru", "zh", model=str(base), output=Path(tmp) / f"adapted-{size}",
                           general=shared, origin=f"{args.domain} (bench)", options=options,
                           log=lambda line: print("  " + line, flush=True))
            cpu_minutes = (time.process_time() - cpu0) / 60
            after_domain = chrf(result.path, test, "ru", "zh")
            card = result.card
            row = {"pairs": size, "in_domain_before": base_domain, "in_domain_after": after_domain,
                   "in_domain_gain": round(after_domain - base_domain, 2),
                   "general_before": card["chrf"]["general"]["before"],
                   "general_after": card["chrf"]["general"]["after"],
                   "general_change": round(card["chrf"]["general"]["after"] - card["chrf"]["general"]["before"], 2),
                   "held_out_before": card["chrf"]["held_out"]["before"],
                   "held_out_after": card["chrf"]["held_out"]["after"],
                   "guard_passed": card["guard"]["passed"], "minutes": card["minutes"],
                   "training_minutes": card["training_minutes"], "cpu_minutes": round(cpu_minutes, 2),
                   "load_average": round(__import__("os").getloadavg()[0], 1),
                   "steps": card["steps"], "epochs": card["epochs"],
                   "lr": options.lr}
            results.append(row)
            print(json.dumps(row), flush=True)
    print("\npairs  in-domain chrF (before → after, gain)  general chrF (before → after)  minutes (training; CPU)")
    for r in results:
        print(f"{r['pairs']:5d}  {r['in_domain_before']:6.2f} → {r['in_domain_after']:6.2f} ({r['in_domain_gain']:+.2f})"
              f"            {r['general_before']:6.2f} → {r['general_after']:6.2f} ({r['general_change']:+.2f})"
              f"          {r['minutes']:.1f} ({r['training_minutes']:.1f}; {r['cpu_minutes']:.1f})")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
