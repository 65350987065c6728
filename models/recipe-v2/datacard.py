"""The "Training data" section of the model-v2 card, from what prepare.sh recorded.

    python models/recipe-v2/datacard.py [.devrun/work] > models/recipe-v2/DATA.md

Reads ``corpus.json`` (``workbench train --prepare-shared``), ``synthetic.json``
(``--pivot-synthetic``) and ``hints.json`` (``--add-hints``) and prints, as Markdown: the
examples per register and direction, the examples, licence and flags of every corpus (the
licences as ``shared/data/SOURCES.md`` and the folders' own SOURCES.md give them; ⚠ marks
copyleft or unclear terms), what was dropped and why, the synthetic pairs and the hints.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

#: corpus (as corpus.json names it) → (what it is, licence and attribution; ⚠: copyleft or unclear terms).
LICENCES = {
    "un-v1.0": ("UN Parallel Corpus v1.0 dev + test sets", "UN corpus terms: free use, © United Nations; "
                "Ziemski et al., LREC 2016"),
    "bible": ("Russian Synodal (1876) × Chinese Union Version (1919), 8,000 random verses", "public domain"),
    "cldr48-names": ("Unicode CLDR 48 display names", "Unicode License v3, © Unicode, Inc."),
    "tico19-dev": ("TICO-19 development set", "CC0 1.0"),
    "tico19-covid-terms": ("TICO-19 COVID-19 terminologies", "CC0 1.0"),
    "tatoeba-test": ("Tatoeba test v2021-08-07 eng–rus, eng–zho (cmn_Hans)", "CC BY 2.0 FR, the Tatoeba contributors"),
    "tatoeba-manythings": ("Tatoeba eng–cmn (manythings.org)", "CC BY 2.0 FR, the Tatoeba contributors"),
    "wmt-newstest": ("WMT newstest 2014–2020 en–ru, en–zh", "WMT terms: research use, © the organisers "
                     "and publishers ⚠"),
    "wmt-newstest-pivot": ("WMT newstest ru–zh pairs joined through their shared English",
                           "WMT terms: research use ⚠"),
    "glossaries-po": ("the project's own glossaries (glossaries/*.po)", "the project's licence"),
    "wmt24pp-en-ru-zh": ("WMT24++ (news, social, speech, literary; post-edited)", "Apache-2.0"),
    "wmt23-general-en-ru-zh": ("WMT23 general test set", "WMT test set, no explicit licence ⚠"),
    "wmt22-general-en-ru-zh": ("WMT22 general test set", "WMT test set, no explicit licence ⚠"),
    "ud-pud-en-ru-zh": ("Universal Dependencies PUD (news and Wikipedia sentences)", "CC BY-SA 3.0"),
    "xquad-en-ru-zh": ("XQuAD (Wikipedia paragraphs and questions)", "CC BY-SA 4.0"),
    "natural-earth-places-en-ru-zh": ("Natural Earth place names", "public domain"),
    "iso-codes-names-en-ru-zh": ("Debian iso-codes names", "LGPL-2.1+ ⚠ copyleft"),
    "gnome-help-ru-zh": ("GNOME desktop help", "CC BY-SA 3.0/4.0 (one app GFDL) ⚠"),
    "libreoffice-help-ru-zh": ("LibreOffice help", "MPL-2.0"),
    "debian-ddtp-descriptions-en-ru-zh": ("Debian package descriptions (DDTP)",
                                          "each package's free-software licence ⚠"),
    "gimp-help-ru-zh": ("GIMP manual", "GFDL-1.2+ ⚠ copyleft"),
    "debian-install-guide-ru-zh": ("Debian installation guide", "GPL-2 ⚠ copyleft"),
    "maint-guide-ru-zh": ("Debian New Maintainers' Guide", "MIT or GPL-2+"),
    "debian-faq-ru-zh": ("Debian FAQ", "BSD-style"),
    "kicad-doc-ru-zh": ("KiCad manual", "GPL-3+ or CC BY 3.0+"),
    "l10n-ui-libreoffice-mozilla-ru-zh": ("LibreOffice and Mozilla UI strings", "MPL-2.0"),
    "debian-gettext-l10n-en-ru-zh": ("Debian gettext UI strings (some help and game prose)",
                                     "mostly GPL/LGPL ⚠ copyleft"),
}


def _base(corpus: str) -> str:
    return corpus.split("+")[0]


def register_table(stats: dict) -> list[str]:
    by = defaultdict(dict)
    for key, n in stats["train_by_register_direction"].items():
        register, direction = key.split("\t")
        by[register][direction] = n
    directions = sorted({d for row in by.values() for d in row})
    lines = ["| register | " + " | ".join(directions) + " |", "|---|" + "---:|" * len(directions)]
    for register in sorted(by, key=lambda r: -sum(by[r].values())):
        lines.append(f"| {register} | " + " | ".join(f"{by[register].get(d, 0):,}" for d in directions) + " |")
    totals = [sum(row.get(d, 0) for row in by.values()) for d in directions]
    lines.append("| **all** | " + " | ".join(f"**{t:,}**" for t in totals) + " |")
    return lines


def corpus_table(stats: dict) -> list[str]:
    by = defaultdict(lambda: defaultdict(int))
    for key, n in stats["train_by_corpus_direction"].items():
        corpus, direction = key.split("\t")
        by[_base(corpus)][direction] += n
    lines = ["| corpus | what | examples by direction | licence |", "|---|---|---|---|"]
    for corpus in sorted(by, key=lambda c: -sum(by[c].values())):
        what, licence = LICENCES.get(corpus, ("?", "? (not in datacard.LICENCES)"))
        counts = ", ".join(f"{d} {n:,}" for d, n in sorted(by[corpus].items()))
        lines.append(f"| `{corpus}` | {what} | {counts} | {licence} |")
    return lines


def dropped_lines(stats: dict) -> list[str]:
    reasons = defaultdict(int)
    for key, n in stats.get("dropped", {}).items():
        reasons[key.rsplit(":", 1)[-1]] += n
    return [f"- dropped before weighting: " + ", ".join(f"{n:,} {why}" for why, n in sorted(reasons.items()))]


def main() -> None:
    work = Path(sys.argv[1] if len(sys.argv) > 1 else ".devrun/work")
    corpus = json.loads((work / "corpus.json").read_text(encoding="utf-8"))
    out = ["# Corpus v2: what models/recipe-v2/prepare.sh trains on", "",
           f"{corpus['train_examples']:,} examples from `shared/data` ({corpus['dev_examples']:,} dev examples "
           "held out: WMT21 news and TICO-19 test, both directions), weighted by register: news and "
           "encyclopedic sentences 4 times per epoch, the first corpus's ru–zh pairs twice, software UI "
           "strings deduplicated across folders and capped at 50,000 pairs.", "", "## Examples per register and direction", ""]
    out += register_table(corpus)
    out += ["", "## Corpora", ""] + corpus_table(corpus) + [""] + dropped_lines(corpus)
    synthetic = work / "synthetic.json"
    if synthetic.exists():
        s = json.loads(synthetic.read_text(encoding="utf-8"))
        out += ["", "## Pivot-synthetic news", "",
                f"{s['examples']:,} pairs: the English of the en–ru and en–zh news sets translated into the "
                "missing language by the shipped model, the synthetic side tagged `<syn>`, the target always "
                "human (" + ", ".join(f"{d} {n:,}" for d, n in sorted(s["by_direction"].items())) + "). "
                "The news sets' licences above apply."]
    hints = work / "hints.json"
    if hints.exists():
        h = json.loads(hints.read_text(encoding="utf-8"))
        out += ["", "## Term hints", "",
                f"{h['hinted']:,} of {h['sources']:,} sources carry `<hint>` and {h['hints']:,} target words or "
                f"phrases in all (share {h['share']}, seed {h['seed']}); {h['names_share']:.1%} of the hints are "
                f"names, {h['multiword_share']:.1%} multi-word. {h['dropped_english_targets']:,} examples with "
                "English targets were dropped: the model spends its capacity on ru and zh."]
    print("\n".join(out))


if __name__ == "__main__":
    main()
