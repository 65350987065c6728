"""Case agreement zh→ru: does a forced Russian term stand in the case its sentence needs?

    python benchmarks/bench_agreement.py [--enforce constrained|off|both] [--hints on|off|both]
        [--model PATH|random] [--beam 4] [--limit N] [--json OUT] [--errors] [--check] [--data DIR]

Reads ``benchmarks/data/agreement/`` (see its README): Chinese press-release
sentences written for this benchmark, each with one glossary term and the
exact Russian form of it that a correct translation contains («в Якутске»
needs «Якутске», «с Цзин Цюанем» «Цзин Цюанем»). The glossary is
``glossaries/heihe.po`` plus the benchmark's ``extra.po`` (persons,
organisations and titles heihe.po lacks). Each configuration translates every
sentence with :class:`workbench.pipeline.Pipeline` and reports:

* **agreement** — share of rows whose output holds the expected form as a
  whole word sequence (see :func:`agrees`), per case, number and kind and
  overall: what issue 19 item 4 asks for; ``inflected`` is the rows whose
  form differs from the dictionary form (an undeclined term cannot pass them);
* **presence** — share whose output holds the term in any form or a derived
  word (:class:`workbench.pipeline.TermChecker`), i.e. term success;
* **stray starts** — drafts whose first word, or a word right before a term, is
  not a Russian dictionary word (pymorphy3), a glossary form, Latin or a number:
  a cheap proxy for «a stray piece that the source does not motivate» (a
  syllable before a forced name); each is listed (see ``strays.py``).

``--hints`` is passed to the pipeline only when given and only if this
version of ``Pipeline`` takes it; without it the pipeline's default applies.
``--data DIR`` scores another set in the same format instead (``DIR/sentences.tsv``
and the ``.po`` files beside it), such as the one ``mined_agreement.py`` mines
from human translations, whose ``case`` column may list several cases
(``gent|datv|loct``: every case the expected form can be). Each configuration
also tallies, per case-government rule, the term forms it changed and how many
of them it repaired (the expected form) or broke.

``--check`` only validates the data (every term in the glossary and found by
the matcher in its sentence, every expected form a real form of its term) and
needs no model; the same check runs before any translation.
"""

from __future__ import annotations

import argparse
import csv
import inspect
import json
import re
import sys
import time
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

from common import ROOT, model_for, set_stray_cost
from strays import draft_strays, first_words, fold, glossary_words

DATA = ROOT / "benchmarks" / "data" / "agreement"
SENTENCES = DATA / "sentences.tsv"
GLOSSARIES = [ROOT / "glossaries" / "heihe.po", DATA / "extra.po"]

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
NUMBERS = ("sing", "plur")


@dataclass
class Row:
    """One benchmark sentence; the TSV columns, in this order (first line: their names).

    * ``id`` — a unique name, ``<case>-<nn>``;
    * ``zh`` — the Chinese source sentence (written for this benchmark);
    * ``term`` — the scored glossary term: its Russian dictionary form exactly as
      ``Term.ru`` (the first form of a msgid). Other terms may occur in the
      sentence; only this one is scored;
    * ``expected`` — the exact Russian form of ``term`` that a correct translation
      contains («Цзин Цюанем», «Северо-Восточного федерального университета»: a
      leading part of a long term is enough where the rest is fixed);
    * ``case`` — the pymorphy3 case tag that form has (nomn, gent, datv, accs,
      ablt, loct), followed by ``,plur`` when it is plural: ``gent,plur``;
    * ``note`` — the Russian context the form stands in, and why (indeclinable,
      accusative equal to the nominative, …); free text.
    """

    id: str
    zh: str
    term: str
    expected: str
    case: str
    note: str

    @property
    def grammatical_case(self) -> str:
        return self.case.split(",")[0]

    @property
    def cases(self) -> list[str]:
        """The cases the expected form may stand in: one, or several joined by «|» in a mined set."""
        return self.grammatical_case.split("|")

    @property
    def number(self) -> str:
        return "plur" if "plur" in self.case.split(",")[1:] else "sing"


def read_rows(path=SENTENCES) -> list[Row]:
    """The rows of the TSV (UTF-8, tab-separated, no quoting; first line names the columns)."""
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = [name for name in Row.__dataclass_fields__ if name not in (reader.fieldnames or [])]
        if missing:
            raise SystemExit(f"{path}:1: no column {', '.join(missing)} (the first line names the columns)")
        rows = []
        for row in reader:
            if None in row.values():
                raise SystemExit(f"{path}:{reader.line_num}: fewer columns than the first line names")
            rows.append(Row(**{name: row[name].strip() for name in Row.__dataclass_fields__}))
        return rows


def load_glossary(paths=GLOSSARIES):
    from workbench.glossary.loader import load_glossaries

    return load_glossaries(paths)


# --------------------------------------------------------------------------
# The data check
# --------------------------------------------------------------------------

_WORD_RE = re.compile(r"\w+(?:[-‐‑]\w+)*|[^\w\s]")


def check_rows(rows: list[Row], glossary, source=SENTENCES) -> list[str]:
    """Problems with the data: unknown terms, terms the matcher misses, forms that are not the term's."""
    from workbench.glossary.matching import TermMatcher
    from workbench.morphology.russian import analyzer

    morph = analyzer()
    terms = {term.ru: term for term in glossary}
    matcher = TermMatcher(list(glossary), "zh")
    problems, seen = [], set()
    for row in rows:
        where = f"{source.name}:{row.id}"
        if row.id in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(row.id)
        if not set(row.cases) <= set(CASES) or row.case.split(",")[1:] not in ([], ["plur"]):
            problems.append(f"{where}: case {row.case!r} is not CASE, CASE|CASE… or CASE,plur")
        if row.term not in terms:
            problems.append(f"{where}: {row.term!r} is no glossary term")
            continue
        if not any(match.term.ru == row.term for match in matcher.find(row.zh)):
            problems.append(f"{where}: the matcher does not find {row.term!r} in the sentence")
        problems.extend(f"{where}: {p}" for p in _form_problems(morph, row))
    return problems


def _form_problems(morph, row: Row) -> list[str]:
    """Each word of ``expected`` is the term's word as it stands or a form of it in the row's case and number."""
    term_words, expected_words = _WORD_RE.findall(row.term), _WORD_RE.findall(row.expected)
    if len(expected_words) > len(term_words):
        return [f"{row.expected!r} has more words than {row.term!r}"]
    problems = []
    declared = re.search(r"не склоняется|= им\.", row.note)
    if _is_dictionary_form(row.term, row.expected) and "nomn" not in row.cases and not declared:
        # «с Цзин Цюань» must not pass for an indeclinable name: say so in the note
        problems.append(f"{row.expected!r} is the dictionary form in {row.case}: note «не склоняется» or «= им.»")
    for word, form in zip(term_words, expected_words):
        if fold(word) == fold(form):
            continue  # a word that stays: a genitive dependent, an indeclinable name
        lemmas = {p.normal_form for p in morph.parse(fold(word))}
        parses = [p for p in morph.parse(fold(form)) if p.normal_form in lemmas]
        if not parses:
            problems.append(f"{form!r} is no form of {word!r}")
        elif not any(_has_case(p.tag, case, row.number) for p in parses for case in row.cases):
            problems.append(f"{form!r} is not {row.grammatical_case} {row.number} of {word!r}")
    return problems


def _has_case(tag, case: str, number: str) -> bool:
    # the accusative of a person is its genitive («пригласил Цзин Цюаня»); pymorphy3's
    # predictor tags an unknown given name inanimate, so any genitive stands in for it
    cases = {case, "gent"} if case == "accs" else {case}
    return any(c in tag for c in cases) and (number in tag or {"sing": "Sgtm", "plur": "Pltm"}[number] in tag)


# --------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------


def agrees(output: str, expected: str) -> bool:
    """Whether ``output`` holds ``expected`` as whole words, exactly.

    Exact but for ё = е and, for a form that starts with a small letter
    («побратимские связи»), a capital first letter (it may open the sentence).
    A form with a capital must keep it: «якутске» is not «Якутске».
    """
    output, expected = output.replace("ё", "е").replace("Ё", "Е"), expected.replace("ё", "е")
    first = re.escape(expected[0])
    if expected[0].islower():
        first = f"[{re.escape(expected[0])}{re.escape(expected[0].upper())}]"
    return re.search(rf"(?<!\w){first}{re.escape(expected[1:])}(?!\w)", output) is not None


# --------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------


def pipeline_takes_hints() -> bool:
    from workbench.pipeline import Pipeline

    return "hints" in inspect.signature(Pipeline).parameters


def run_config(translator, glossary, rows: list[Row], enforce: str, hints: str | None, beam: int,
               known: frozenset[str], government: str = "on") -> dict:
    """Translate every row under one configuration; per-row records and the summary."""
    from workbench.pipeline import Pipeline, TermChecker

    options = {} if hints is None else {"hints": hints == "on"}
    options["government"] = government == "on"
    pipeline = Pipeline(translator, glossary, enforce=enforce, num_beams=beam, **options)
    start = time.perf_counter()
    results = pipeline.translate_sentences([row.zh for row in rows])
    seconds = time.perf_counter() - start
    checker = TermChecker("ru")
    terms = {term.ru: term for term in glossary}
    records = []
    for row, result in zip(rows, results):
        records.append({
            **asdict(row), "output": result.output,
            "agrees": agrees(result.output, row.expected),
            "present": checker.has(result.output, terms[row.term]),
            "stray_pieces": draft_strays(result, "ru", known),
            "hints": list(getattr(result, "hints", []) or []),
            "case_fixes": list(getattr(result, "case_fixes", []) or []),
        })
    return {"enforce": enforce, "hints": hints or "default", "government": government, "beam": beam,
            "seconds": round(seconds, 1), "summary": summarise(records, terms), "rows": records}


def _is_dictionary_form(term: str, expected: str) -> bool:
    return all(fold(w) == fold(f) for w, f in zip(_WORD_RE.findall(term), _WORD_RE.findall(expected)))


def summarise(records: list[dict], terms) -> dict:
    groups: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        case, *rest = record["case"].split(",")
        groups[case].append(record)
        groups["plur" if "plur" in rest else "sing"].append(record)
        groups[terms[record["term"]].kind or "other"].append(record)
        if not _is_dictionary_form(record["term"], record["expected"]):
            groups["inflected"].append(record)  # the rows an undeclined term cannot pass
        groups["all"].append(record)

    def share(items, key):
        return round(sum(bool(r[key]) for r in items) / max(1, len(items)), 3)

    summary = {name: {"n": len(items), "agreement": share(items, "agrees"), "presence": share(items, "present")}
               for name, items in groups.items()}
    strays = [{"id": r["id"], "pieces": r["stray_pieces"], "output": r["output"]} for r in records if r["stray_pieces"]]
    summary["stray_starts"] = {"count": len(strays), "drafts": strays}
    summary["case_fixes"] = tally_fixes(records)
    # the proxy misses a stray piece that happens to be a word («Воз», «Вес»): the commonest
    # first words show it at a glance
    summary["first_words"] = first_words([r["output"] for r in records], "ru")
    return summary


_FIX_BY_SOURCE = re.compile(r"^(?P<found>.+) → (?P<wanted>.+) \((?P<rule>subject|[^()\sА-яЁё]*X[^()\s]*)\)$")  # «Якутск → Якутска (X的)»
_FIX_BY_WORD = re.compile(r"^(?P<prep>\S+) (?P<found>.+) → (?P=prep) (?P<wanted>.+)$")  # «с Цзин Цюань → с Цзин Цюанем»


def _frame_label(rule: str) -> str:
    """«抵达X» → «往/前往/赴/抵达…X»: the source frame a word belongs to, so a frame is tallied once."""
    try:
        from workbench.morphology.government import source_frame
    except ImportError:  # a version without source frames
        return rule
    frame = source_frame(rule[:-1]) if rule.endswith("X") else None
    if frame is None:
        return rule
    return "/".join(frame.words[:3]) + ("…" if len(frame.words) > 3 else "") + "X"


def tally_fixes(records: list[dict]) -> dict[str, dict[str, int]]:
    """Per government rule: the forms it changed, how many it repaired (the expected form) and broke.

    The rule is the source frame of a fix («在X», «X的», «subject»), or «preposition» for one the
    translation's own preposition or verb asked for. A fix of another term of the row counts in
    ``changed`` only.
    """
    tally: dict[str, dict[str, int]] = defaultdict(lambda: {"changed": 0, "repaired": 0, "broken": 0})
    for record in records:
        for fix in record.get("case_fixes", []):
            m = _FIX_BY_SOURCE.match(fix) or _FIX_BY_WORD.match(fix)
            if not m:
                continue
            rule = _frame_label(m.groupdict().get("rule") or "preposition")
            found, wanted = m.group("found"), m.group("wanted")
            tally[rule]["changed"] += 1
            tally[rule]["repaired"] += agrees(wanted, record["expected"]) and not agrees(found, record["expected"])
            tally[rule]["broken"] += agrees(found, record["expected"]) and not agrees(wanted, record["expected"])
    return dict(sorted(tally.items(), key=lambda kv: -kv[1]["changed"]))


def print_table(configs: list[dict]) -> None:
    """Agreement (and presence for the whole set) per case, number and kind: one column per configuration."""
    names = [f"{c['enforce']}/h={c['hints']}/g={c['government']}" for c in configs]
    first = configs[0]["summary"]
    kinds = sorted(k for k in first if k not in (*CASES, *NUMBERS, "inflected", "all", "stray_starts", "first_words",
                                                 "case_fixes") and "|" not in k)
    width = max(len(n) for n in names) + 2
    print(f"{'agreement':<22}" + "".join(f"{n:>{width}}" for n in names))
    for group in (*CASES, *NUMBERS, *kinds, "inflected", "all"):
        if group not in first:
            continue
        label = f"{group} (n={first[group]['n']})"
        print(f"{label:<22}" + "".join(f"{c['summary'][group]['agreement']:>{width}.3f}" for c in configs))
    print(f"{'presence, all':<22}" + "".join(f"{c['summary']['all']['presence']:>{width}.3f}" for c in configs))
    print(f"{'stray starts':<22}" + "".join(f"{c['summary']['stray_starts']['count']:>{width}}" for c in configs))
    print(f"{'seconds':<22}" + "".join(f"{c['seconds']:>{width}.1f}" for c in configs))
    for name, config in zip(names, configs):
        for rule, t in config["summary"]["case_fixes"].items():
            print(f"  case fixes [{name}] {rule}: {t['changed']} changed, {t['repaired']} repaired, "
                  f"{t['broken']} broken")
    for name, config in zip(names, configs):
        common = ", ".join(f"{word} {n}" for word, n in config["summary"]["first_words"].items())
        print(f"  commonest first words [{name}]: {common}")
    for name, config in zip(names, configs):
        for stray in config["summary"]["stray_starts"]["drafts"]:
            print(f"  stray piece [{name}] {stray['id']}: «{' | '.join(stray['pieces'])}» in {stray['output']}")


def print_errors(configs: list[dict]) -> None:
    for config in configs:
        for record in config["rows"]:
            if not record["agrees"]:
                print(f"  [{config['enforce']}/hints={config['hints']}] {record['id']} wants «{record['expected']}»: "
                      f"{record['output']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--enforce", choices=("constrained", "off", "both"), default="constrained")
    parser.add_argument("--hints", choices=("on", "off", "both"),
                        help="pass hints=True/False to the pipeline (default: not passed, its own default)")
    parser.add_argument("--government", choices=("on", "off", "both"), default="on",
                        help="case government of terms after a preposition (the pipeline's tie-breaker)")
    parser.add_argument("--model", help="model path, pivot chain, or 'random' (default: the shipped zh→ru model)")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--stray-cost", type=float, metavar="P",
                        help="the constrained search's cost of a stray piece (0: none; default: the model's)")
    parser.add_argument("--limit", type=int, help="only the first N rows")
    parser.add_argument("--json", metavar="OUT", help="write the per-row outputs and the summaries here")
    parser.add_argument("--errors", action="store_true", help="print every row whose form disagrees")
    parser.add_argument("--check", action="store_true", help="only check the data (no model needed)")
    parser.add_argument("--data", metavar="DIR", type=Path,
                        help="a folder with sentences.tsv and its glossary .po files instead of the written set "
                             "(e.g. one that mined_agreement.py wrote)")
    args = parser.parse_args()

    sentences = args.data / "sentences.tsv" if args.data else SENTENCES
    if args.data and not sentences.is_file():
        parser.error(f"--data: {sentences} does not exist")
    rows = read_rows(sentences)[:args.limit]
    glossary = load_glossary(sorted(args.data.glob("*.po")) if args.data else GLOSSARIES)
    problems = check_rows(rows, glossary, sentences)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems or args.check:
        print(f"{len(rows)} rows, {len(problems)} problems", file=sys.stderr)
        return 1 if problems else 0
    if args.hints and not pipeline_takes_hints():
        parser.error("--hints: this version of workbench.pipeline.Pipeline takes no hints")

    from workbench.models import load_translator

    model = model_for(args.model, "zh", "ru")
    translator = load_translator(model, "zh", "ru")
    set_stray_cost(translator, args.stray_cost)
    known = glossary_words(glossary)
    enforce_modes = ("constrained", "off") if args.enforce == "both" else (args.enforce,)
    hint_modes = ("on", "off") if args.hints == "both" else (args.hints,)
    government_modes = ("on", "off") if args.government == "both" else (args.government,)
    configs = [run_config(translator, glossary, rows, enforce, hints, args.beam, known, government)
               for enforce in enforce_modes for hints in hint_modes
               for government in (government_modes if enforce != "off" else ("off",))]
    print(f"model: {model}; {sentences.relative_to(ROOT) if sentences.is_relative_to(ROOT) else sentences}: "
          f"{len(rows)} sentences; beam {args.beam}")
    print_table(configs)
    if args.errors:
        print_errors(configs)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump({"model": str(model), "sentences": len(rows), "configs": configs}, handle,
                      ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
