"""A second case-agreement set, mined from real ru–zh translations: names and the case the translator chose.

    python benchmarks/mined_agreement.py OUT_DIR [--data ../shared/data] [--per-name 15] [--frames]

``benchmarks/data/agreement/`` holds sentences written for the benchmark. This
script builds an independent set from the parallel text in ``shared/data``
(UN v1.0 dev and test, WMT22/23/24++, UD PUD, XQuAD, TICO-19 dev; the WMT21 and
TICO-19 test sets stay dev sets of the model and are not read): every Chinese
sentence that holds, once, the Chinese spelling of a place or country from the
name lists there (Natural Earth, ISO codes, CLDR, zh2ru-idterms), or of a well-known
person from ``benchmarks/data/persons.tsv`` (41 names, Chinese and Russian spelling:
shared/data has no list of persons), whose Russian reference holds one form of its
Russian name. The form the translator used is the expected one. It writes, in OUT_DIR:

* ``sentences.tsv`` — rows in the format of ``benchmarks/data/agreement/``; the
  ``case`` column lists every case the form can be («Кении»: ``gent|datv|loct``),
  the ``note`` the corpus and line;
* ``glossary.po`` — the names of those rows, kind ``place`` or ``person``.

``bench_agreement.py --data OUT_DIR`` then scores the pipeline on it. Translators
restructure freely («команда Австралии» for 澳大利亚队), so the labels are noisy:
the set compares configurations, it does not grade one. ``--frames`` prints how
often each source rule of :mod:`workbench.morphology.government` agrees with the
reference's case where it applies: the precision recorded in ``SOURCE_FRAMES``.
Names that are rows of no use are left out: indeclinable ones (every case the
same form), names inside a longer Chinese word, and beyond ``--per-name`` rows
of one name (UN text would otherwise be half «Организация Объединенных Наций»).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from common import ROOT

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
#: folder → (Chinese file, Russian file), relative to shared/data
CORPORA = {
    "un-dev": ("un-v1.0-testsets/devset/UNv1.0.devset.zh", "un-v1.0-testsets/devset/UNv1.0.devset.ru"),
    "un-test": ("un-v1.0-testsets/testset/UNv1.0.testset.zh", "un-v1.0-testsets/testset/UNv1.0.testset.ru"),
    "tico-dev": ("tico19-dev-en-ru-zh/tico19-dev.zh", "tico19-dev-en-ru-zh/tico19-dev.ru"),
    **{name: (f"{folder}/train.zh.xz", f"{folder}/train.ru.xz") for name, folder in (
        ("wmt22", "wmt22-general-en-ru-zh"), ("wmt23", "wmt23-general-en-ru-zh"), ("wmt24pp", "wmt24pp-en-ru-zh"),
        ("ud-pud", "ud-pud-en-ru-zh"), ("xquad", "xquad-en-ru-zh"))},
}
NAME_LISTS = ("natural-earth-places-en-ru-zh", "iso-codes-names-en-ru-zh")
#: Well-known persons, Chinese → Russian (one per line, tab-separated): rows of kind ``person``.
PERSONS = ROOT / "benchmarks" / "data" / "persons.tsv"
_RUSSIAN_NAME = re.compile(r"[А-ЯЁ][А-ЯЁа-яё]*(?:[ -][А-ЯЁа-яё]+){0,2}")


def read_lines(path: Path) -> list[str]:
    """The lines of a shared/data file, xz-compressed or not (a missing file names itself)."""
    from workbench.train.data import read_lines as plain, read_xz_lines

    return read_xz_lines(path) if path.suffix == ".xz" else plain(path)


def persons(path: Path = PERSONS) -> dict[str, str]:
    """Chinese spelling → Russian name of the persons in ``path`` (``FILE:LINE`` names a bad line)."""
    table = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        fields = line.split("\t")
        if len(fields) != 2 or not all(f.strip() for f in fields):
            raise SystemExit(f"{path}:{number}: expected «Chinese<TAB>Russian», got {line!r}")
        table.setdefault(fields[0].strip(), fields[1].strip())
    return table


def names(data: Path) -> dict[str, str]:
    """Chinese spelling → Russian name, from the name lists (first spelling wins)."""
    pairs: list[tuple[str, str]] = []
    for folder in NAME_LISTS:
        pairs += zip(read_lines(data / folder / "train.zh.xz"), read_lines(data / folder / "train.ru.xz"))
    keys = read_lines(data / "cldr48-names-en-ru-zh" / "cldr.key")
    pairs += [(zh, ru) for key, zh, ru in zip(keys, read_lines(data / "cldr48-names-en-ru-zh" / "cldr.zh"),
                                              read_lines(data / "cldr48-names-en-ru-zh" / "cldr.ru"))
              if key.startswith("territory")]
    for table in ("geo_city.tsv", "geo_province.tsv", "geo_district.tsv"):
        with open(data / "zh2ru-idterms" / table, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                pairs.append((row["name_zh"], row["name_ru"]))
                if row["name_zh"].endswith(("市", "省")):
                    pairs.append((row["name_zh"][:-1], row["name_ru"]))
    out: dict[str, str] = {}
    for zh, ru in pairs:
        zh, ru = zh.strip(), ru.strip()
        if len(zh) >= 2 and _RUSSIAN_NAME.fullmatch(ru):
            out.setdefault(zh, ru)
    return out


def case_forms(ru: str, kind: str = "place") -> dict[str, set[str]]:
    """Form → the cases it stands for, singular (the name lists hold singular names)."""
    from workbench.morphology.russian import inflect_term_case

    forms: dict[str, set[str]] = defaultdict(set)
    for case in CASES:
        form = inflect_term_case(ru, case, kind)
        if form:
            forms[form].add(case)
    return forms


def mine(data: Path, per_name: int) -> list[dict]:
    """The rows: one name per sentence, found once on each side, not indeclinable, at most ``per_name`` each."""
    from workbench.glossary.matching import TermMatcher
    from workbench.glossary.model import Term

    table = names(data)
    people = {zh: ru for zh, ru in persons().items() if zh not in table}
    kinds = {**{ru: "place" for ru in table.values()}, **{ru: "person" for ru in people.values()}}
    table.update(people)
    pattern = re.compile("|".join(re.escape(zh) for zh in sorted(table, key=len, reverse=True)))
    forms_of: dict[str, dict[str, set[str]]] = {}
    rows, per = [], Counter()
    for corpus, (zh_file, ru_file) in CORPORA.items():
        if not (data / zh_file).is_file() or not (data / ru_file).is_file():
            print(f"mined_agreement: {data / zh_file} or its .ru side is missing: {corpus} skipped", file=sys.stderr)
            continue
        for line, (zh, ru) in enumerate(zip(read_lines(data / zh_file), read_lines(data / ru_file)), 1):
            found = Counter(m.group() for m in pattern.finditer(zh))
            for spelling, count in found.items():
                name = table[spelling]
                if count > 1 or per[name] >= per_name:
                    continue
                forms = forms_of.setdefault(name, case_forms(name, kinds[name]))
                if len(forms) < 2:
                    continue  # indeclinable: every case the same form
                hits = [(m.start(), form) for form in forms
                        for m in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-])", ru)]
                if len({start for start, _ in hits}) != 1:
                    continue
                form = max((f for _, f in hits), key=len)
                per[name] += 1
                rows.append({"id": f"{corpus}-{line}-{spelling}", "zh": zh, "term": name, "expected": form,
                             "case": "|".join(c for c in CASES if c in forms[form]),
                             "note": f"{corpus}:{line}: {ru}"[:300], "zh_term": spelling, "corpus": corpus,
                             "kind": kinds[name]})
    # the matcher of the whole set must find each row's name: not inside a longer word
    # (中国 in 发展中国家) nor inside a longer name of the set (阿尔及尔 in 阿尔及利亚)
    terms = {row["term"]: Term(ru=row["term"], zh=row["zh_term"], kind=row["kind"]) for row in rows}
    matcher = TermMatcher(list(terms.values()), "zh")
    return [row for row in rows if any(m.term.ru == row["term"] for m in matcher.find(row["zh"]))]


def write(rows: list[dict], out: Path) -> None:
    from workbench.glossary.model import Term
    from workbench.glossary.po import write_po

    out.mkdir(parents=True, exist_ok=True)
    columns = ("id", "zh", "term", "expected", "case", "note")
    with open(out / "sentences.tsv", "w", encoding="utf-8", newline="") as handle:
        handle.write("\t".join(columns) + "\n")
        for row in rows:
            handle.write("\t".join(row[c].replace("\t", " ") for c in columns) + "\n")
    terms = {row["term"]: Term(ru=row["term"], zh=row["zh_term"], kind=row["kind"]) for row in rows}
    write_po(terms.values(), out / "glossary.po")


def frame_precision(rows: list[dict]) -> dict[str, tuple[int, float]]:
    """Per source rule (persons apart): how many rows it applies to and the share whose reference case it names."""
    from workbench.morphology.government import RULE_LABELS, frame_case, modifies_with_de, source_frame

    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        start = row["zh"].find(row["zh_term"])
        end = start + len(row["zh_term"])
        framed = frame_case(row["zh"], start, end, row["kind"])
        if framed is None and modifies_with_de(row["zh"], start, end):
            framed = ("的", "gent")
        if framed:
            word, case = framed
            frame = source_frame(word)
            if frame:
                key = f"{'/'.join(frame.words[:4])}→{case}"
            else:
                key = RULE_LABELS.get(word, "subject") + f"→{case}"
            key += " (persons)" if row["kind"] == "person" else ""
            tally[key][0] += 1
            tally[key][1] += case in row["case"].split("|")
    return {k: (n, ok / n) for k, (n, ok) in sorted(tally.items(), key=lambda kv: -kv[1][0])}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="folder to write sentences.tsv and glossary.po to")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data",
                        help="the shared/data folder (default: ../shared/data beside the checkout)")
    parser.add_argument("--per-name", type=int, default=15, help="at most this many rows per name")
    parser.add_argument("--frames", action="store_true", help="print each source rule's precision on the rows")
    args = parser.parse_args()
    if not (args.data / NAME_LISTS[0]).is_dir():
        parser.error(f"{args.data}: no {NAME_LISTS[0]} folder there (--data names shared/data)")
    rows = mine(args.data, args.per_name)
    write(rows, args.out)
    by_corpus = Counter(row["corpus"] for row in rows)
    print(f"{len(rows)} rows, {len({r['term'] for r in rows})} names -> {args.out}: "
          + ", ".join(f"{k} {v}" for k, v in by_corpus.items()))
    if args.frames:
        for rule, (n, precision) in frame_precision(rows).items():
            print(f"  {rule:<16} n={n:<5} precision {precision:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
