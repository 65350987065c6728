"""CPU cost of candidate model shapes, as ratios to the shipped model's shape (sizing model v2).

    python benchmarks/bench_arch_speed.py [--vocab DIR] [--rounds 3] [--threads 2]

Model v2 must translate the sample press release, load included, in under 30 s on
2 CPU cores, and stay within 120 MB in fp16. Its weights come from a GPU run, but
its cost does not depend on them: each candidate shape gets random weights on a
real vocabulary (``--vocab``: the v2 recipe's ``.devrun/tok`` when it exists, else
the shipped model's), is converted to CTranslate2 int8 as the workbench runs it,
and decodes the sample's sentences at beam 4 to a fixed length (1.3 × the source
tokens), so every shape does the same work. Rounds alternate between shapes;
the ratio to the shipped shape (d256, 6+3 layers, 8k vocabulary, measured in the
same process) is the median of the rounds. Multiply the shipped model's measured
time (``bench_speed.py``) by the ratio for a shape's expected time.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from common import ROOT, SAMPLE

#: (name, d_model, encoder layers, decoder layers, heads, ffn, vocabulary: "shipped" or "v2")
SHAPES = (
    ("shipped d256 6+3", 256, 6, 3, 4, 1024, "shipped"),
    ("d384 6+3 16k", 384, 6, 3, 6, 1536, "v2"),
    ("d448 6+3 16k", 448, 6, 3, 8, 1792, "v2"),
    ("d512 6+3 ffn1024 16k", 512, 6, 3, 8, 1024, "v2"),
    ("d512 6+2 16k", 512, 6, 2, 8, 2048, "v2"),
    ("d512 6+3 16k", 512, 6, 3, 8, 2048, "v2"),
    ("d512 8+4 16k", 512, 8, 4, 8, 2048, "v2"),
)


def build(shape, vocab_dir: Path, out: Path) -> tuple[Path, int]:
    """A random model of ``shape`` on ``vocab_dir``'s vocabulary; its folder and parameter count."""
    from workbench.train.loop import TrainConfig, model_with_tokenizer

    _, d, enc, dec, heads, ffn, _ = shape
    cfg = TrainConfig(output=str(out), d_model=d, layers=(enc, dec), heads=heads, ffn_dim=ffn, hints=True)
    model = model_with_tokenizer(cfg, vocab_dir, out)
    return out, sum(p.numel() for p in model.parameters())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--vocab", type=Path, default=ROOT / ".devrun" / "tok")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    import ctranslate2
    from transformers import MarianTokenizer

    from workbench.engine.ct2 import converted_model
    from workbench.segment import segment_text

    shipped = ROOT / "models" / "ruzh-marian-small"
    v2 = args.vocab if (args.vocab / "vocab.json").exists() else shipped
    sentences = [s.text for s in segment_text(SAMPLE.read_text(encoding="utf-8"), "ru").segments()]
    scratch = Path(tempfile.mkdtemp(prefix="bench-arch-"))
    runs = []
    for shape in SHAPES:
        folder, params = build(shape, shipped if shape[6] == "shipped" else v2, scratch / shape[0].replace(" ", "_"))
        tok = MarianTokenizer.from_pretrained(str(folder))
        sources = [tok.convert_ids_to_tokens(tok(">>zh<< " + s)["input_ids"]) for s in sentences]
        translator = ctranslate2.Translator(str(converted_model(str(folder))), device="cpu",
                                            compute_type="int8", intra_threads=args.threads)
        runs.append({"shape": shape, "params": params, "translator": translator, "sources": sources, "times": []})

    def decode(run) -> None:
        for source in run["sources"]:  # one sentence at a time: every shape writes the same lengths
            length = int(1.3 * len(source)) + 2
            run["translator"].translate_batch([source], beam_size=4, min_decoding_length=length,
                                              max_decoding_length=length)

    for run in runs:
        decode(run)  # warm-up
    for _ in range(args.rounds):
        for run in runs:
            start = time.perf_counter()
            decode(run)
            run["times"].append(time.perf_counter() - start)
    base = runs[0]["times"]
    report = []
    for run in runs:
        ratio = statistics.median(t / b for t, b in zip(run["times"], base))
        report.append({"shape": run["shape"][0], "params_m": round(run["params"] / 1e6, 2),
                       "fp16_mb": round(run["params"] * 2 / 1e6, 1), "seconds": round(statistics.median(run["times"]), 2),
                       "ratio_to_shipped": round(ratio, 2)})
    print(json.dumps({"vocabulary": str(v2), "sentences": len(sentences), "rounds": args.rounds, "shapes": report},
                     ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
