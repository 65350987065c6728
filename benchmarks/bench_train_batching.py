"""Training step time with batches built from Python lists vs sliced from the resident TokenStore.

    python benchmarks/bench_train_batching.py ENCODED_PT [--model DIR] [--device cuda]
        [--max-tokens 32000] [--steps 20] [--amp bf16]

Both run in this process on the same model, the same batches and the same device:

* baseline: ``collate`` below (padded tensors from lists of ids, copied to the device,
  as the loop built them before the store) and a host read of the loss at every step;
* store: ``TokenStore.batch`` (rows sliced out of matrices already on the device), the
  loss kept on the device.

Prints seconds per step for each and the speed-up ratio. ``ENCODED_PT`` is a run's
``encoded.npz`` or ``encoded.pt`` (token ids); the model is the shipped one unless ``--model`` names another.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import time
from pathlib import Path

from common import model_for


def collate(rows, pad_id: int, device):
    """Padded tensors built from lists; decoder input is the target shifted right behind ``<pad>``."""
    import torch

    n, ls, lt = len(rows), max(len(r[0]) for r in rows), max(len(r[1]) for r in rows)
    src = torch.full((n, ls), pad_id, dtype=torch.long)
    labels = torch.full((n, lt), -100, dtype=torch.long)
    dec = torch.full((n, lt), pad_id, dtype=torch.long)
    for k, (a, b) in enumerate(rows):
        src[k, :len(a)] = torch.tensor(a)
        labels[k, :len(b)] = torch.tensor(b)
        dec[k, 1:len(b)] = torch.tensor(b[:-1])
    return {"input_ids": src.to(device), "attention_mask": (src != pad_id).long().to(device),
            "decoder_input_ids": dec.to(device), "labels": labels.to(device)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("encoded")
    parser.add_argument("--model")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--max-tokens", type=int, default=32000)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--amp", default="")
    args = parser.parse_args()

    import torch

    from workbench.train.loop import TokenStore, batch_loss, load_model_dir, make_batches

    model, tok = load_model_dir(Path(model_for(args.model, "ru", "zh")))
    device = torch.device(args.device)
    model.to(device).train()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-5, fused=device.type == "cuda")
    if args.encoded.endswith(".npz"):
        from workbench.train.loop import load_encoded

        pairs = load_encoded(Path(args.encoded))["train"]
    else:
        pairs = torch.load(args.encoded)["train"]
    batches = make_batches(pairs, args.max_tokens, random.Random(0))[: args.steps + 2]
    pad = tok.pad_token_id

    def amp():
        if args.amp:
            return torch.autocast(device.type, dtype=torch.bfloat16)
        return contextlib.nullcontext()

    def update(batch, ntok):
        with amp():
            loss, _ = batch_loss(model, batch, 0.1, ntok)
        opt.zero_grad(set_to_none=True)
        (loss / ntok).backward()
        opt.step()
        return loss.detach()

    def sync():
        if device.type == "cuda":
            torch.cuda.synchronize()

    def baseline():
        for idx in batches[2:]:
            batch = collate([pairs[i] for i in idx], pad, device)
            ntok = int((batch["labels"] != -100).sum())
            float(update(batch, ntok))

    t0 = time.perf_counter()
    store = TokenStore(pairs, pad, device)
    build = time.perf_counter() - t0

    def resident():
        total = 0.0
        for idx in batches[2:]:
            batch, ntok, _ = store.batch(idx)
            total = total + update(batch, ntok)
        float(total)

    for idx in batches[:2]:  # warm-up: allocator, kernels
        update(*store.batch(idx)[:2])
    sync()
    times = {}
    for name, run in (("baseline", baseline), ("store", resident), ("baseline2", baseline)):
        t0 = time.perf_counter()
        run()
        sync()
        times[name] = (time.perf_counter() - t0) / (len(batches) - 2)
    base = min(times["baseline"], times["baseline2"])
    print(json.dumps({"device": str(device), "max_tokens": args.max_tokens, "steps": len(batches) - 2,
                      "store_build_s": round(build, 2),
                      "s_per_step": {k: round(v, 4) for k, v in times.items()},
                      "speedup": round(base / times["store"], 2)}, indent=1))


if __name__ == "__main__":
    main()
