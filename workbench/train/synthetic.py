"""Pivot-synthetic ru–zh news: the English side of en–ru and en–zh news, translated into the missing language.

``shared/data`` holds about 7.8k ru–zh news and encyclopedic pairs but tens of
thousands of en–ru and en–zh news pairs (WMT newstest 2014–2020, WMT22/23
pivot-only sets). Translating their English into the missing language with the
multilingual model gives a synthetic source beside a real target: en→zh of an
en–ru pair gives synthetic-Chinese → real-Russian (zh→ru), en→ru of an en–zh
pair gives synthetic-Russian → real-Chinese (ru→zh). As in tagged
back-translation (Caswell et al., WMT 2019), each synthetic source starts with
the reserved token :data:`SYNTHETIC_TOKEN`, so that the model can tell machine
text from human text and never learns to write like it: the target is always
human.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from workbench.engine.scheduler import MarianTranslator
from workbench.languages import DIRECTIONS
from workbench.models import default_model
from workbench.train.data import collect_pairs, held_out_keys, read_v2_pivots, read_wmt, write_split

#: The reserved token that marks a synthetic source (after the ``>>xx<<`` token).
SYNTHETIC_TOKEN = "<syn>"


def english_news(root: Path) -> list[tuple[str, str, str]]:
    """(corpus, English, real ru or zh text, language) of the English-pivot news pairs, filtered.

    Cleaned, filtered and deduplicated as the training corpus is, and with every
    pair that overlaps a dev set removed (:func:`workbench.train.data.held_out_keys`).
    """
    from collections import Counter


    held, seen, dropped = held_out_keys(root), set(), Counter()
    sources = [("wmt-newstest", "ru", read_wmt(root, "ru")), ("wmt-newstest", "zh", read_wmt(root, "zh"))]
    sources += [(folder, next(lang for lang in data if lang != "en"), data) for folder, data in read_v2_pivots(root)]
    out = []
    for corpus, other, data in sources:
        for en, text in collect_pairs(data, "en", other, held, seen, dropped, corpus):
            out.append((corpus, en, text, other))
    return out


def synthesize(root: str | Path, out_dir: str | Path, translate: Callable[[list[str], str], list[str]],
               *, limit: int = 0) -> dict:
    """Write ``train.src``/``train.tgt``/``train.origin`` of pivot-synthetic pairs to ``out_dir``.

    ``translate(english_lines, target_lang)`` is the multilingual model (en→ru,
    en→zh). Sources read ``>>ru<< <syn> 合成的中文`` / ``>>zh<< <syn> синтетический
    текст``; origins are ``CORPUS+synthetic<TAB>direction``. ``limit`` keeps the first
    pairs of each language (a small run that shows the recipe works).
    """
    root, out = Path(root), Path(out_dir)
    pairs = english_news(root)
    examples, counts = [], {}
    for real_lang, missing in DIRECTIONS:
        rows = [p for p in pairs if p[3] == real_lang]
        rows = rows[:limit] if limit else rows
        synthetic = translate([en for _, en, _, _ in rows], missing)
        kept = 0
        for (corpus, _, text, _), fake in zip(rows, synthetic):
            if fake.strip():
                examples.append((f">>{real_lang}<< {SYNTHETIC_TOKEN} {fake.strip()}", text,
                                 f"{corpus}+synthetic", f"{missing}-{real_lang}"))
                kept += 1
        counts[f"{missing}-{real_lang}"] = kept
    out.mkdir(parents=True, exist_ok=True)
    write_split(out, "train", examples)
    stats = {"examples": len(examples), "by_direction": counts, "limit": limit}
    (out / "synthetic.json").write_text(json.dumps(stats, indent=1), encoding="utf-8")
    return stats


def model_translate(model: str | None, *, beam: int = 4, chunk: int = 512) -> Callable[[list[str], str], list[str]]:
    """English → ``lang`` with a multilingual Marian model (default: the shipped one), with progress."""
    from tqdm import tqdm


    translators: dict[str, MarianTranslator] = {}

    def run(lines: list[str], lang: str) -> list[str]:
        if lang not in translators:
            translators[lang] = MarianTranslator(model or default_model("en", lang), "en", lang)
        translator = translators[lang]
        out: list[str] = []
        for start in tqdm(range(0, len(lines), chunk), desc=f"en→{lang}", unit="chunk"):
            out += [h.text for h in translator.translate(lines[start:start + chunk], num_beams=beam)]
        return out

    return run
