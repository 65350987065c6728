"""chrF / BLEU of a model on the dev sets of the training corpus, per origin and direction.

    python benchmarks/bench_quality.py CORPUS [--model PATH] [--beams 1 4] [--limit N] [--spoken SHARED]

CORPUS is the folder written by ``workbench train --prepare-shared`` (its
``dev.src``, ``dev.tgt`` and ``dev.origin``): WMT21 news and TICO-19 test, both
directions, never trained on. ``--spoken ../shared/data`` adds a spoken-language
set, Tatoeba test rus-zho in Simplified Mandarin, both directions, without the
pairs whose Russian or Chinese is in CORPUS's training files. Each (origin, direction) is scored with the same
code as ``workbench evaluate`` (sacreBLEU chrF; BLEU with Chinese tokenisation
for Chinese), without a glossary. Prints one JSON line per score, with the
number of drafts that start with a stray piece (``strays.py``: a Russian
non-word, a rare Chinese character on its own) and the commonest first words.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from common import model_for
from strays import first_words, stray_pieces


def dev_sets(corpus: Path) -> dict[tuple[str, str, str], tuple[list[str], list[str]]]:
    """``(origin, source_lang, target_lang)`` → (sources without ``>>xx<<``, references)."""
    origins = (corpus / "dev.origin").read_text(encoding="utf-8").splitlines()
    sources = (corpus / "dev.src").read_text(encoding="utf-8").splitlines()
    targets = (corpus / "dev.tgt").read_text(encoding="utf-8").splitlines()
    sets: dict = {}
    for origin, source, target in zip(origins, sources, targets):
        name, direction = origin.split("\t")
        src_lang, tgt_lang = direction.split("-")
        text = source.split(" ", 1)[1] if source.startswith(">>") else source
        pair = sets.setdefault((name, src_lang, tgt_lang), ([], []))
        pair[0].append(text)
        pair[1].append(target)
    return sets


def spoken_sets(shared: Path, corpus: Path) -> dict[tuple[str, str, str], tuple[list[str], list[str]]]:
    """Tatoeba rus-zho (cmn_Hans) both ways, minus the pairs that share a side with the training data."""
    from workbench.train.data import dedup_key, read_tatoeba_ruzh
    from workbench.train.loop import strip_lang_token

    trained = set()
    for name, bare in (("train.src", strip_lang_token), ("train.tgt", str)):
        with open(corpus / name, encoding="utf-8") as lines:
            trained.update(dedup_key(bare(line.rstrip("\n"))) for line in lines)
    pairs = read_tatoeba_ruzh(shared)
    kept = [(ru, zh) for ru, zh in zip(pairs["ru"], pairs["zh"])
            if dedup_key(ru) not in trained and dedup_key(zh) not in trained]
    ru, zh = [p[0] for p in kept], [p[1] for p in kept]
    name = f"tatoeba-rus-zho-{len(kept)}of{len(pairs['ru'])}"
    return {(name, "ru", "zh"): (ru, zh), (name, "zh", "ru"): (zh, ru)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--model", help="model path (default: the shipped model)")
    parser.add_argument("--beams", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--limit", type=int, default=0, help="first N lines of each set (0: all)")
    parser.add_argument("--spoken", type=Path, metavar="SHARED",
                        help="also Tatoeba test rus-zho from this shared/data folder (spoken domain)")
    args = parser.parse_args()

    from workbench.evaluation import corpus_scores
    from workbench.models import load_translator
    from workbench.pipeline import Pipeline

    sets = dev_sets(args.corpus)
    if args.spoken:
        sets.update(spoken_sets(args.spoken, args.corpus))
    for (origin, src, tgt), (sources, refs) in sorted(sets.items()):
        if args.limit:
            sources, refs = sources[:args.limit], refs[:args.limit]
        translator = load_translator(model_for(args.model, src, tgt), src, tgt)
        for beams in args.beams:
            pipeline = Pipeline(translator, None, num_beams=beams)
            start = time.perf_counter()
            hyps = [r.output for r in pipeline.translate_sentences(sources)]
            seconds = time.perf_counter() - start
            chrf, bleu = corpus_scores(hyps, refs, tgt)
            strays = [h for h in hyps if stray_pieces(h, tgt)]
            print(json.dumps({"set": origin, "direction": f"{src}→{tgt}", "beams": beams, "lines": len(refs),
                              "chrf": round(chrf, 2), "bleu": round(bleu, 2), "seconds": round(seconds, 1),
                              "stray_starts": len(strays), "first_words": first_words(hyps, tgt)},
                             ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
