"""Benchmark: a 100,000-unit TMX into the translation memory, and fuzzy lookups over the memory it makes.

Run ``python benchmarks/bench_tmx.py [--units 100000] [--queries 200] [--shared ../shared/data]``.

The TMX is written from real ru–zh pairs of ``shared/data`` (software help and UI, UN, news…: the
first distinct pairs of each folder in turn) in the shape Trados and OmegaT write (``srclang`` ru-RU,
``zh-CN``, a creation date and author per unit, inline ``<ph>`` codes in some units). Without the
shared data, the pairs are made up from a word list (slower to match: all sentences look alike).

Measured in one process:
- the import (``workbench.memory.import_tmx``: parse, normalise, store in SQLite), against its
  baseline, lxml's bare parse of the same file (the ratio says what the memory adds to reading XML);
- the first lookup (it prepares the memory's lookup keys once per change of the memory);
- lookups of queries a translator meets (a memory sentence with one word changed, a sentence with a
  number changed, and sentences from elsewhere), p50 / p95 / max, against the same lookups in a
  1,000-entry memory (the ratio says how lookups grow with the memory).
Targets (issue 24): import under 60 s, a lookup under 50 ms.
"""

from __future__ import annotations

import argparse
import lzma
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.memory import import_tmx  # noqa: E402
from workbench.store import Store  # noqa: E402

FOLDERS = ("wmt22-general-en-ru-zh", "wmt23-general-en-ru-zh", "wmt24pp-en-ru-zh", "ud-pud-en-ru-zh", "xquad-en-ru-zh",
           "gnome-help-ru-zh", "libreoffice-help-ru-zh", "gimp-help-ru-zh", "kicad-doc-ru-zh", "debian-faq-ru-zh",
           "debian-install-guide-ru-zh", "maint-guide-ru-zh", "debian-ddtp-descriptions-en-ru-zh",
           "l10n-ui-libreoffice-mozilla-ru-zh", "debian-gettext-l10n-en-ru-zh")


def real_pairs(shared: Path, wanted: int) -> list[tuple[str, str]]:
    """Distinct ru–zh pairs from the shared folders, taken in turn so that no one register fills the file."""
    columns = []
    for folder in FOLDERS:
        ru, zh = shared / folder / "train.ru.xz", shared / folder / "train.zh.xz"
        if ru.exists() and zh.exists():
            with lzma.open(ru, "rt", encoding="utf-8") as a, lzma.open(zh, "rt", encoding="utf-8") as b:
                columns.append([(x.strip(), y.strip()) for x, y in zip(a, b) if x.strip() and y.strip()])
    pairs, seen, position = [], set(), 0
    while len(pairs) < wanted and any(position < len(c) for c in columns):
        for column in columns:
            if position < len(column) and column[position][0] not in seen:
                seen.add(column[position][0])
                pairs.append(column[position])
        position += 1
    return pairs[:wanted]


def made_up_pairs(wanted: int, rng: random.Random) -> list[tuple[str, str]]:
    words = ("делегация город визит соглашение сотрудничество правительство народный университет мэр область "
             "культура спорт торговля граница мост река выставка форум молодёжь туризм").split()
    hanzi = "代表团城市访问协议合作政府人民大学市长地区文化体育贸易边境桥河展览论坛青年旅游"
    pairs = []
    for number in range(wanted):
        ru = " ".join(rng.choice(words) for _ in range(rng.randint(5, 14))).capitalize() + f" {number}."
        zh = "".join(rng.choice(hanzi) for _ in range(rng.randint(8, 24))) + f"{number}。"
        pairs.append((ru, zh))
    return pairs


def write_tmx(path: Path, pairs: list[tuple[str, str]]) -> None:
    """A TMX 1.4 in Trados's shape: a unit per pair, dates and authors, every tenth unit with an inline code."""
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="SDL Language '
                  'Platform" creationtoolversion="8.0" segtype="sentence" o-tmf="SDL TM8 Format" adminlang="en-US" '
                  'srclang="ru-RU" datatype="xml"/>\n<body>\n')
        for number, (ru, zh) in enumerate(pairs):
            ru, zh = escape(ru), escape(zh)
            if number % 10 == 0:
                ru, zh = f'<ph x="1" type="bold">&lt;b&gt;</ph>{ru}', f'<ph x="1" type="bold">&lt;b&gt;</ph>{zh}'
            out.write(f'<tu creationdate="20240315T081500Z" creationid="press\\ivanova">'
                      f'<tuv xml:lang="ru-RU"><seg>{ru}</seg></tuv><tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv></tu>\n')
        out.write("</body>\n</tmx>\n")


def queries(pairs: list[tuple[str, str]], count: int, rng: random.Random) -> list[str]:
    """A third each: one word of a memory sentence replaced, a number changed or added, a sentence from elsewhere."""
    chosen = [pairs[rng.randrange(len(pairs))][0] for _ in range(count)]
    found = []
    for number, sentence in enumerate(chosen):
        words = sentence.split()
        if number % 3 == 0 and len(words) > 3:
            words[rng.randrange(len(words))] = rng.choice(("Якутск", "Хэйхэ", "делегация", "сотрудничество"))
            found.append(" ".join(words))
        elif number % 3 == 1:
            found.append(sentence.rstrip(".") + f" в {rng.randint(1990, 2030)} году.")
        else:
            found.append("Глава города встретился с делегацией " + " ".join(reversed(words[:6])) + ".")
    return found


def time_lookups(store: Store, texts: list[str]) -> list[float]:
    times = []
    for text in texts:
        start = time.perf_counter()
        store.tm_lookup(text, "ru", "zh")
        times.append((time.perf_counter() - start) * 1000)
    return times


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered))) - 1)]
    return f"p50 {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms, max {ordered[-1]:.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    args = parser.parse_args()
    rng = random.Random(7)
    pairs = real_pairs(args.shared, args.units) if args.shared.exists() else []
    origin = f"{len(pairs)} from shared/data"
    if len(pairs) < args.units:
        origin += f", {args.units - len(pairs)} made up"
        pairs += made_up_pairs(args.units - len(pairs), rng)
    work = Path(tempfile.mkdtemp(prefix="bench-tmx-"))
    tmx = work / "memory.tmx"
    write_tmx(tmx, pairs)
    size = tmx.stat().st_size / 1e6
    print(f"{args.units} units ({origin}), {size:.1f} MB TMX")

    from lxml import etree

    start = time.perf_counter()
    etree.parse(str(tmx))
    parse_s = time.perf_counter() - start

    with Store(work / "memory.db") as store:
        start = time.perf_counter()
        report = import_tmx(store, tmx, user="bench")
        import_s = time.perf_counter() - start
        print(report)
        print(f"import: {import_s:.1f} s (target < 60 s); bare lxml parse {parse_s:.2f} s, "
              f"ratio {import_s / parse_s:.1f}×")
        texts = queries(pairs, args.queries, rng)
        start = time.perf_counter()
        store.tm_lookup(texts[0], "ru", "zh")
        print(f"first lookup (prepares the memory's keys): {time.perf_counter() - start:.2f} s")
        large = time_lookups(store, texts)
        hits = sum(1 for text in texts if store.tm_lookup(text, "ru", "zh"))

    with Store(work / "small.db") as small:
        small_tmx = work / "small.tmx"
        write_tmx(small_tmx, pairs[:1000])
        import_tmx(small, small_tmx, user="bench")
        small.tm_lookup(texts[0], "ru", "zh")
        base = time_lookups(small, texts)
    print(f"lookup, {args.units}-unit memory: {summary(large)} (target < 50 ms); "
          f"{hits}/{len(texts)} queries found a match")
    print(f"lookup, 1,000-unit memory (baseline): {summary(base)}; ratio of medians "
          f"{statistics.median(large) / statistics.median(base):.1f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
