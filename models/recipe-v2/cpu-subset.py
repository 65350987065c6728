"""Pick a CPU-sized fine-tuning corpus out of the hinted v2 corpus (``prepare.sh`` makes it).

Without a GPU, two cores get through about 150k examples in two hours. This keeps every news and
encyclopedic pair (the register the drafts are judged on) and a share of the rest, so that the
shipped model learns hints and the news of corpus v2 without forgetting names, UN prose or software
text. Usage::

    python3 models/recipe-v2/cpu-subset.py .devrun/work/hinted .devrun/ft-corpus

The shares are per (corpus, direction) as written in ``train.origin``; the seed is fixed.
"""

import random
import sys
from collections import defaultdict
from pathlib import Path

# examples kept per (corpus, direction), by corpus name; a corpus not listed keeps all of them
NEWS = ("wmt22-general-en-ru-zh", "wmt23-general-en-ru-zh", "wmt24pp-en-ru-zh", "xquad-en-ru-zh",
        "ud-pud-en-ru-zh", "wmt-newstest-pivot", "tico19-dev", "tico19-covid-terms", "glossaries-po")
CAPS = {
    "wmt-newstest+synthetic": 9000,
    "wmt22-general-en-ru-zh+synthetic": 900,
    "wmt23-general-en-ru-zh+synthetic": 900,
    "un-v1.0": 5000,
    "bible": 1500,
    "natural-earth-places-en-ru-zh": 2000,
    "cldr48-names": 1500,
    "iso-codes-names-en-ru-zh": 800,
    "libreoffice-help-ru-zh": 1500,
    "gnome-help-ru-zh": 800,
    "debian-ddtp-descriptions-en-ru-zh": 300,
    "debian-install-guide-ru-zh": 300,
    "kicad-doc-ru-zh": 200,
    "gimp-help-ru-zh": 200,
    "debian-faq-ru-zh": 200,
    "maint-guide-ru-zh": 200,
    "debian-gettext-l10n-en-ru-zh": 1000,
    "l10n-ui-libreoffice-mozilla-ru-zh": 1000,
    "wmt-newstest": 2500,
    "tatoeba-test": 2000,
    "tatoeba-manythings": 1000,
    "wmt22-general-en-ru-zh+pivot": 500,
    "wmt23-general-en-ru-zh+pivot": 500,
}


def main(src_dir: str, out_dir: str, seed: int = 1) -> None:
    src, out = Path(src_dir), Path(out_dir)
    lines = {s: (src / f"train.{s}").read_text(encoding="utf-8").splitlines() for s in ("src", "tgt", "origin")}
    groups = defaultdict(list)
    for i, origin in enumerate(lines["origin"]):
        corpus, direction = origin.split("\t")[:2]
        groups[(corpus, direction)].append(i)
    rng = random.Random(seed)
    kept = []
    for (corpus, direction), idx in sorted(groups.items()):
        cap = None if corpus in NEWS else CAPS.get(corpus)
        kept += idx if cap is None or cap >= len(idx) else rng.sample(idx, cap)
    kept.sort()
    out.mkdir(parents=True, exist_ok=True)
    for s in ("src", "tgt", "origin"):
        (out / f"train.{s}").write_text("".join(lines[s][i] + "\n" for i in kept), encoding="utf-8")
        (out / f"dev.{s}").write_bytes((src / f"dev.{s}").read_bytes())
    print(f"{len(kept)} of {len(lines['src'])} examples kept in {out}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
