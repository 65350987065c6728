"""The figures of a trained model-v2 candidate against the shipped model, as Markdown (evaluate.sh's last step).

    python models/recipe-v2/summary.py EVAL_DIR SHIPPED_MODEL NEW_MODEL

Reads what ``evaluate.sh`` wrote into EVAL_DIR: dev chrF per set and direction (beam 4, no
glossary) for both models, the sample press release (seconds with the model's load, terms
present, drafts with a stray piece), the model's size, the last lines of its training
log, glossary enforcement and case agreement with and without hints, and throughput. The targets are the model-v2 issue's.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

#: chrF targets of the issue on the held-out news set (ru→zh, zh→ru): the dev sets are a proxy.
CHRF_TARGETS = {"ru→zh": 10.0, "zh→ru": 25.0}
SAMPLE_SECONDS = 30.0


def quality(path: Path) -> dict[tuple[str, str], float]:
    """(set, direction) → chrF, from bench_quality's JSON lines."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("{")]
    return {(r["set"], r["direction"]): r["chrf"] for r in rows}


def chrf_table(shipped: dict, new: dict) -> list[str]:
    lines = ["| dev set | direction | shipped | new | change | held-out target |", "|---|---|---|---|---|---|"]
    for key in sorted(set(shipped) | set(new)):
        old, now = shipped.get(key), new.get(key)
        change = f"{now - old:+.2f}" if old is not None and now is not None else "?"
        lines.append(f"| {key[0]} | {key[1]} | {old} | {now} | {change} | {CHRF_TARGETS.get(key[1], '')} |")
    return lines


def sample_lines(folder: Path) -> list[str]:
    from strays import stray_pieces

    seconds = float((folder / "sample-seconds.txt").read_text().strip() or "nan")
    report = json.loads((folder / "sample.json").read_text(encoding="utf-8"))
    summary = report["summary"]
    outputs = [s["output"] for d in report["documents"] for s in d["segments"]]
    strays = [o for o in outputs if stray_pieces(o, "zh")]
    verdict = "under" if seconds < SAMPLE_SECONDS else "OVER"
    return [f"- sample press release ru→zh: {seconds:.1f} s with the load ({verdict} {SAMPLE_SECONDS:.0f} s), "
            f"{summary['present']}/{summary['terms']} terms, {summary['incomplete']} incomplete, "
            f"{len(strays)} of {len(outputs)} drafts with a stray piece"]


def enforcement_lines(path: Path) -> list[str]:
    """Term success, chrF, drafts with a stray piece and case agreement per direction and mode."""
    lines = ["| direction | mode | term success | chrF | stray drafts | case agreement |", "|---|---|---|---|---|---|"]
    sample = []
    for row in (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("{")):
        if "sample_release" in row:
            s = row["sample_release"]
            cost = s.get("hint_cost", {})
            chars = cost.get("chars", {})
            sample = [f"- sample press release in the benchmark: {s['terms_present']}/{s['terms']} terms, "
                      f"{s['stray_pieces']['drafts']} of {s['sentences']} drafts with a stray piece, "
                      f"hints cost {cost.get('ratio', '?')}x the time without "
                      f"(drafts of {chars.get('with_hints', '?')} characters with hints, {chars.get('without', '?')} without)"]
            continue
        for mode, r in row.items():
            if isinstance(r, dict) and "term_success" in r:
                strays = r["stray_pieces"]
                lines.append(f"| {row['direction']} | {mode} | {r['term_success']:.3f} | {r['chrf']} | "
                             f"{strays['drafts']} of {strays['of']} | {r.get('case_agreement', '')} |")
    return lines + sample


def agreement_lines(path: Path) -> list[str]:
    """bench_agreement's tables, without its per-row lines."""
    return [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("  ")]


def throughput_lines(path: Path) -> list[str]:
    """Source words per second with the glossary, and the ratio to CTranslate2 driven directly (target ≥ 0.9)."""
    lines = []
    for row in (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("{")):
        with_glossary = row["workbench_glossary"]
        lines.append(f"- {row['direction']}: {with_glossary['words_per_s']} words/s with the glossary, "
                     f"{with_glossary['ratio_to_direct']}x CTranslate2 direct ({row[row['baseline']]['words_per_s']} words/s)")
    return lines


def main() -> None:
    folder, shipped, new = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    out = [f"# Model v2 candidate: {new}", ""]
    out += chrf_table(quality(folder / f"quality-{shipped.name}.jsonl"), quality(folder / f"quality-{new.name}.jsonl"))
    out += ["", f"- size: {(folder / 'size.txt').read_text().split()[0]} (limit 120 MB in git)"]
    out += sample_lines(folder)
    log = folder / "train.log"
    if log.exists():
        out += ["", "## Training log (last lines)", "```", *log.read_text(encoding="utf-8").splitlines()[-6:], "```"]
    out += ["", "## Glossary enforcement (term test sets, beam 4)", *enforcement_lines(folder / "enforcement.txt")]
    out += ["", "## Case agreement (written set)", "```", *agreement_lines(folder / "agreement.txt"), "```"]
    out += ["", "## Throughput (500 WMT21 lines, beam 4)", *throughput_lines(folder / "throughput.txt")]
    print("\n".join(out))


if __name__ == "__main__":
    main()
