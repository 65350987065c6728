"""Benchmark: how many established Russian spellings Palladius transcription reproduces.

Run ``python benchmarks/bench_palladius.py``. Reads ``tests/data/palladius_names.tsv``
(Chinese names and places with their established Russian spelling), transcribes
each from its characters and from its pinyin, and prints the share reproduced
exactly — overall, and for the rows the rules alone must get right (not in the
tables of established exceptions) — then lists every miss.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.morphology import palladius  # noqa: E402

TABLE = Path(__file__).resolve().parents[1] / "tests" / "data" / "palladius_names.tsv"


def read_rows(path: Path = TABLE) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def main() -> int:
    rows = read_rows()
    established = {**palladius.ESTABLISHED_PLACES, **palladius.ESTABLISHED_PERSONS}
    misses = [(r, palladius.to_cyrillic(r["zh"], r["kind"])) for r in rows]
    misses = [(r, got) for r, got in misses if got != r["russian"]]
    by_rule = [r for r in rows if r["zh"] not in established]
    rule_misses = [r for r, _ in misses if r["zh"] not in established]
    print(f"from characters: {len(rows) - len(misses)}/{len(rows)} = {1 - len(misses) / len(rows):.3f}")
    print(f"  by the rules alone (no exception table entry): {len(by_rule) - len(rule_misses)}/{len(by_rule)}")
    pinyin_rows = [r for r in rows if r["zh"] not in established]
    pinyin_misses = [r for r in pinyin_rows if palladius.to_cyrillic(r["pinyin"], r["kind"]) != r["russian"]]
    print(f"from pinyin: {len(pinyin_rows) - len(pinyin_misses)}/{len(pinyin_rows)}")
    for row, got in misses:
        print(f"  miss: {row['zh']} ({row['kind']}): expected {row['russian']}, got {got}")
    for row in pinyin_misses:
        print(f"  pinyin miss: {row['pinyin']} ({row['kind']}): expected {row['russian']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
