"""Train a (multilingual) MarianMT model on line-aligned text, with resumable checkpoints.

Design choices, each measured on a 2-core CPU:

* token-based batches from length-sorted pools: padding is the main waste on CPU;
* AdamW with a long linear warm-up and inverse-sqrt decay: a short warm-up at a
  high rate made the encoder collapse (same output for every source);
* dev loss is also computed with the sources shuffled within a direction: if the
  two losses are equal, the decoder is a language model that ignores its input;
* a checkpoint (model, optimizer, scheduler, step, data position, RNG) is written
  atomically every few minutes and on SIGTERM, so the run can be stopped anytime.
"""

from __future__ import annotations

import json
import math
import os
import random
import shutil
import signal
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from workbench.engine.checkpoint import quiet_on_disk
from workbench.errors import InputError, ModelError
from workbench.train.data import read_parallel
from workbench.train.hints import CONFIG_KEY, HINT_TOKEN, strip_hints
from workbench.train.layout import (
    LANGUAGE_TOKENS, add_hint_token, build_vocab, keep_start_embedding, marian_config, random_model,
    start_embedding, train_sentencepiece, write_model_dir,
)
from workbench.train.synthetic import SYNTHETIC_TOKEN


@dataclass
class TrainConfig:
    """Every knob of a run; saved as ``run.json`` in the output folder."""

    output: str
    train_src: str = ""
    train_tgt: str = ""
    dev_src: str = ""
    dev_tgt: str = ""
    init: str = ""
    tokenizer: str = ""
    vocab_size: int = 8000
    d_model: int = 256
    layers: tuple[int, int] = (3, 3)
    heads: int = 4
    ffn_dim: int = 1024
    dropout: float = 0.1
    label_smoothing: float = 0.1
    lr: float = 5e-4
    warmup: int = 1500
    weight_decay: float = 0.0
    clip: float = 1.0
    max_tokens: int = 5000
    max_len: int = 128
    max_steps: int = 0
    max_hours: float = 0.0
    checkpoint_minutes: float = 10.0
    eval_minutes: float = 10.0
    chrf_minutes: float = 25.0
    chrf_sents: int = 200
    dev_loss_sents: int = 0
    patience: int = 5
    log_every: int = 50
    device: str = "cpu"
    amp: str = ""
    threads: int = 2
    seed: int = 1
    fp16_export: str = ""
    hints: bool = False
    checkpoints: bool = True
    final_eval: bool = True
    schedule: str = "inverse_sqrt"
    extra: dict = field(default_factory=dict)


class Logger:
    """Appends timestamped lines to ``train.log`` (and echoes them to stderr)."""

    def __init__(self, path: Path):
        self.path = path

    def __call__(self, message: str) -> None:
        line = f"{time.strftime('%Y-%m-%d %H:%M:%S')} {message}"
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")
        print(line, file=sys.stderr, flush=True)


# --- tokenizer, model, data --------------------------------------------------------------------


def strip_lang_token(line: str) -> str:
    """``">>zh<< <syn> text <hint> …"`` → ``"text"``: SentencePiece must not learn the tokens as text."""

    line = strip_hints(line)
    line = line.split(" ", 1)[1] if line.startswith(">>") and "<< " in line[:10] else line
    return line.removeprefix(SYNTHETIC_TOKEN + " ")


def build_new_model(cfg: TrainConfig, src: list[str], tgt: list[str], tok_dir: Path):
    """Train a shared SentencePiece vocabulary and write a random OPUS-MT dir to ``tok_dir``."""
    scratch = tok_dir.parent / "spm"
    scratch.mkdir(parents=True, exist_ok=True)
    text = scratch / "spm-input.txt"
    with open(text, "w", encoding="utf-8") as fh:
        for line in src:
            fh.write(strip_lang_token(line) + "\n")
        for line in tgt:
            fh.write(line + "\n")
    spm_model = train_sentencepiece([text], scratch / "shared", cfg.vocab_size)
    return _random_model_dir(cfg, spm_model, build_vocab(spm_model, LANGUAGE_TOKENS + _hint_tokens(cfg)), tok_dir)


def _hint_tokens(cfg: TrainConfig) -> tuple[str, ...]:
    """The reserved tokens of a model trained with hints: the hint separator and the synthetic tag."""
    return (HINT_TOKEN, SYNTHETIC_TOKEN) if cfg.hints else ()


def model_with_tokenizer(cfg: TrainConfig, source: Path, tok_dir: Path):
    """A random model of ``cfg``'s shape on the vocabulary of an existing OPUS-MT dir.

    Lets a new architecture reuse a vocabulary (and the ``encoded.npz`` cache made with
    it) instead of training SentencePiece again.
    """
    vocab_file = source / "vocab.json"
    if not vocab_file.exists():
        raise ModelError(f"{source} has no vocab.json: not an OPUS-MT model folder")
    vocab = json.loads(vocab_file.read_text(encoding="utf-8"))
    for token in _hint_tokens(cfg):
        if token not in vocab:  # before <pad>, which stays last
            pad = vocab.pop("<pad>")
            vocab[token], vocab["<pad>"] = pad, pad + 1
    return _random_model_dir(cfg, source / "source.spm", vocab, tok_dir)


def _random_model_dir(cfg: TrainConfig, spm_model: Path, vocab: dict[str, int], tok_dir: Path):
    """A random model of ``cfg``'s shape on this vocabulary, written to ``tok_dir`` (multilingual)."""
    config = marian_config(len(vocab), d_model=cfg.d_model, encoder_layers=cfg.layers[0],
                           decoder_layers=cfg.layers[1], heads=cfg.heads, ffn_dim=cfg.ffn_dim,
                           dropout=cfg.dropout)
    if cfg.hints:
        setattr(config, CONFIG_KEY, {"token": HINT_TOKEN, "ru": "dictionary form", "zh": "as written"})
    model = random_model(config, seed=cfg.seed)
    write_model_dir(tok_dir, model, spm_model, vocab, source_lang="ru+zh+en", target_lang="ru+zh+en",
                    num_beams=4)
    return model


def load_model_dir(path: Path):
    """``MarianMTModel`` and ``MarianTokenizer`` of an OPUS-MT dir (fp32)."""
    from transformers import MarianMTModel, MarianTokenizer

    if not (path / "config.json").exists():
        raise ModelError(f"{path} is not a MarianMT model folder (no config.json)")
    with quiet_on_disk(str(path)):
        model = MarianMTModel.from_pretrained(str(path)).float()
        return model, MarianTokenizer.from_pretrained(str(path))


def encode(tok, src: list[str], tgt: list[str], max_len: int, chunk: int = 4096):
    """Token ids of both sides; pairs longer than ``max_len`` on either side are dropped."""
    pairs = []
    for start in range(0, len(src), chunk):
        s_ids = tok(src[start:start + chunk])["input_ids"]
        t_ids = tok(text_target=tgt[start:start + chunk])["input_ids"]
        pairs += [(a, b) for a, b in zip(s_ids, t_ids) if len(a) <= max_len and len(b) <= max_len]
    return pairs


def make_batches(pairs, max_tokens: int, rng: random.Random, pool: int = 20000):
    """Index batches whose padded size (longest side × rows) stays under ``max_tokens``."""
    order = list(range(len(pairs)))
    rng.shuffle(order)
    batches = []
    for start in range(0, len(order), pool):
        chunk = sorted(order[start:start + pool], key=lambda i: (len(pairs[i][0]), len(pairs[i][1])))
        batch, longest = [], 0
        for i in chunk:
            size = max(len(pairs[i][0]), len(pairs[i][1]))
            if batch and max(longest, size) * (len(batch) + 1) > max_tokens:
                batches.append(batch)
                batch, longest = [], 0
            batch.append(i)
            longest = max(longest, size)
        if batch:
            batches.append(batch)
    rng.shuffle(batches)
    return batches


class TokenStore:
    """Every training pair as two padded id matrices that live on the training device.

    Why: on an H100, building each batch from Python lists and copying it over took
    longer than the GPU step itself (``benchmarks/bench_train_batching.py`` keeps that
    way as its baseline); slicing rows out of resident matrices costs microseconds.
    Lengths stay on the host, so a batch's shape and token count never wait for the GPU.
    """

    def __init__(self, pairs, pad_id: int, device):
        import numpy as np
        import torch

        n = len(pairs)
        self.src_len = np.fromiter((len(a) for a, _ in pairs), dtype=np.int64, count=n)
        self.tgt_len = np.fromiter((len(b) for _, b in pairs), dtype=np.int64, count=n)
        src = np.full((n, int(self.src_len.max(initial=1))), pad_id, dtype=np.int32)
        tgt = np.full((n, int(self.tgt_len.max(initial=1))), -100, dtype=np.int32)
        for k, (a, b) in enumerate(pairs):
            src[k, :len(a)] = a
            tgt[k, :len(b)] = b
        self.src = torch.from_numpy(src).to(device)
        self.tgt = torch.from_numpy(tgt).to(device)
        self.pad_id, self.device = pad_id, device

    def batch(self, idx: list[int]) -> tuple[dict, int, int]:
        """Padded tensors of these rows, and their target and source token counts.

        The decoder input is the target shifted right behind ``<pad>`` (Marian's start).
        """
        import numpy as np
        import torch

        idx_np = np.asarray(idx, dtype=np.int64)
        ls, lt = int(self.src_len[idx_np].max()), int(self.tgt_len[idx_np].max())
        rows = torch.from_numpy(idx_np).to(self.device, non_blocking=True)
        src = self.src.index_select(0, rows)[:, :ls].long()
        labels = self.tgt.index_select(0, rows)[:, :lt].long()
        dec = torch.full_like(labels, self.pad_id)
        prev = labels[:, :-1]
        dec[:, 1:] = torch.where(prev < 0, torch.full_like(prev, self.pad_id), prev)
        batch = {"input_ids": src, "attention_mask": (src != self.pad_id).long(),
                 "decoder_input_ids": dec, "labels": labels}
        return batch, int(self.tgt_len[idx_np].sum()), int(self.src_len[idx_np].sum())


def batch_loss(model, batch, smoothing: float, ntok: int | None = None):
    """Summed label-smoothed cross-entropy and the number of target tokens.

    Pass ``ntok`` when it is known on the host: counting it on the device makes the
    host wait for the GPU at every step.
    """
    import torch.nn.functional as F

    out = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"],
                decoder_input_ids=batch["decoder_input_ids"])
    logits = out.logits.float()
    loss = F.cross_entropy(logits.view(-1, logits.size(-1)), batch["labels"].view(-1),
                           ignore_index=-100, label_smoothing=smoothing, reduction="sum")
    return loss, ntok if ntok is not None else int((batch["labels"] != -100).sum())


# --- evaluation --------------------------------------------------------------------------------


def dev_groups(dev_src: list[str]) -> dict[str, list[int]]:
    """Dev line indices per target-language token (``>>zh<<``…), ``"all"`` without tokens."""
    groups: dict[str, list[int]] = {}
    for i, line in enumerate(dev_src):
        key = line.split(" ", 1)[0] if line.startswith(">>") else "all"
        groups.setdefault(key, []).append(i)
    return groups


def dev_loss(model, dev_pairs, groups, pad_id, device, shuffle: bool, seed: int = 0) -> float:
    """Mean per-token dev cross-entropy; ``shuffle`` pairs each target with another source."""
    import torch

    rows = list(dev_pairs)
    if shuffle:
        rng = random.Random(seed)
        for idx in groups.values():
            perm = idx[:]
            rng.shuffle(perm)
            for i, j in zip(idx, perm):
                rows[i] = (dev_pairs[j][0], dev_pairs[i][1])
    model.eval()
    total, count = 0.0, 0
    store = TokenStore(rows, pad_id, device)
    with torch.no_grad():
        for batch_idx in make_batches(rows, 4000, random.Random(0)):
            batch, ntok, _ = store.batch(batch_idx)
            loss, n = batch_loss(model, batch, 0.0, ntok)
            total, count = total + float(loss), count + n
    model.train()
    return total / max(count, 1)


def translate(model, tok, lines: list[str], device, batch_size: int = 32, max_len: int = 128):
    """Greedy translations (fast, deterministic) of ``lines`` in their original order."""
    import torch
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()  # max_new_tokens vs max_length notice on every batch
    pad_id = tok.pad_token_id
    order = sorted(range(len(lines)), key=lambda i: len(lines[i]))
    out = [""] * len(lines)
    model.eval()
    with torch.no_grad():
        for start in range(0, len(order), batch_size):
            idx = order[start:start + batch_size]
            enc = tok([lines[i] for i in idx], return_tensors="pt", padding=True,
                      truncation=True, max_length=max_len).to(device)
            gen = model.generate(**enc, num_beams=1, do_sample=False,
                                 max_new_tokens=min(max_len, int(enc["input_ids"].shape[1] * 1.5) + 10),
                                 bad_words_ids=[[pad_id], [tok.unk_token_id]],
                                 decoder_start_token_id=pad_id, pad_token_id=pad_id, eos_token_id=0)
            for i, text in zip(idx, tok.batch_decode(gen, skip_special_tokens=True)):
                out[i] = text
    model.train()
    return out


def dev_chrf(model, tok, dev_src, dev_tgt, groups, n: int, device) -> dict[str, float]:
    """chrF (and BLEU, ``zh``-tokenised for Chinese) of the first ``n`` dev lines per direction."""
    import sacrebleu

    scores = {}
    for key, idx in sorted(groups.items()):
        idx = idx[:n]
        hyps = translate(model, tok, [dev_src[i] for i in idx], device)
        refs = [dev_tgt[i] for i in idx]
        scores[f"chrf{key}"] = round(sacrebleu.corpus_chrf(hyps, [refs]).score, 2)
        bleu_tok = "zh" if key == ">>zh<<" else "13a"
        scores[f"bleu{key}"] = round(sacrebleu.corpus_bleu(hyps, [refs], tokenize=bleu_tok).score, 2)
        scores[f"sample{key}"] = hyps[0][:80]
    chrfs = [v for k, v in scores.items() if k.startswith("chrf")]
    scores["chrf_mean"] = round(sum(chrfs) / len(chrfs), 2)
    return scores


# --- checkpoints -------------------------------------------------------------------------------


def save_atomic(obj, path: Path) -> None:
    """``torch.save`` to a temporary file, then rename: a kill never leaves a torn checkpoint."""
    import torch

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    torch.save(obj, tmp)
    os.replace(tmp, path)


def save_encoded(data: dict, path: Path) -> None:
    """Token-id pairs of each split as compressed flat arrays (uint16 where the vocabulary fits).

    About a tenth of the pickled lists' size: the corpus travels to a lent GPU
    machine, whose transfers are capped (64 MiB).
    """
    import numpy as np

    arrays = {}
    for split, pairs in data.items():
        for side in (0, 1):
            rows = [pair[side] for pair in pairs]
            flat = np.fromiter((i for row in rows for i in row), dtype=np.int64)
            dtype = np.uint16 if flat.size == 0 or flat.max() < 2 ** 16 else np.int32
            arrays[f"{split}_{side}_ids"] = flat.astype(dtype)
            arrays[f"{split}_{side}_len"] = np.asarray([len(r) for r in rows], dtype=np.int32)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp.npz")
    np.savez_compressed(tmp, **arrays)
    os.replace(tmp, path)


def load_encoded(path: Path) -> dict:
    """The pairs :func:`save_encoded` wrote, as lists of ``(source ids, target ids)``."""
    import numpy as np

    with np.load(path) as arrays:
        splits = sorted({key.split("_", 1)[0] for key in arrays.files})
        data = {}
        for split in splits:
            sides = []
            for side in (0, 1):
                ids = arrays[f"{split}_{side}_ids"].astype(np.int64).tolist()
                ends = np.cumsum(arrays[f"{split}_{side}_len"]).tolist()
                sides.append([ids[a:b] for a, b in zip([0] + ends[:-1], ends)])
            data[split] = list(zip(*sides))
    return data


def export_model(model, tok_dir: Path, out: Path, fp16: bool = False,
                 repetition_penalty: float | None = None, length_penalty: float | None = None) -> Path:
    """An OPUS-MT dir with ``model``'s weights and ``tok_dir``'s tokenizer files.

    ``repetition_penalty`` and ``length_penalty`` go into ``generation_config.json``;
    ``None`` keeps the value a previous export into ``out`` had (decoding defaults
    tuned by hand on the dev sets).
    """
    if (out / "generation_config.json").exists():
        previous = json.loads((out / "generation_config.json").read_text(encoding="utf-8"))
        if repetition_penalty is None:
            repetition_penalty = previous.get("repetition_penalty")
        if length_penalty is None:
            length_penalty = previous.get("length_penalty")

    vocab = json.loads((tok_dir / "vocab.json").read_text(encoding="utf-8"))
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    write_model_dir(tmp, model, tok_dir / "source.spm", vocab, source_lang="", target_lang="",
                    fp16=fp16, repetition_penalty=repetition_penalty, length_penalty=length_penalty)
    for name in ("target.spm", "tokenizer_config.json"):
        shutil.copyfile(tok_dir / name, tmp / name)
    if (out / "README.md").exists():  # the model card is written by hand: keep it
        shutil.copyfile(out / "README.md", tmp / "README.md")
    shutil.rmtree(out, ignore_errors=True)
    os.replace(tmp, out)
    return out


# --- the run -----------------------------------------------------------------------------------


def lr_factor(cfg: TrainConfig, progress):
    """The learning-rate multiplier per step: linear warm-up, then ``inverse_sqrt`` decay or ``linear``
    decay to zero by the end of the run (*progress*: step → share of the run done, see :meth:`Run.progress`)."""
    warm = max(cfg.warmup, 1)
    if cfg.schedule == "linear":
        return lambda s: min((s + 1) / warm, max(0.0, 1.0 - progress(s)))
    if cfg.schedule == "inverse_sqrt":
        return lambda s: min((s + 1) / warm, math.sqrt(warm / (s + 1)))
    raise InputError(f"unknown learning-rate schedule {cfg.schedule!r} (inverse_sqrt or linear)")


def make_model_dir(cfg: TrainConfig, out: Path, read_train, log) -> None:
    """The run's starting model in *out*: the ``--init`` model (with the hint tokens added), a new random
    model on ``--tokenizer``'s vocabulary, or a new vocabulary trained on the training pairs and a new model."""
    if cfg.init:
        init = Path(cfg.init)
        load_model_dir(init)  # validates
        if cfg.hints:  # the reserved tokens join the vocabulary; the other ids keep their rows

            add_hint_token(init, out, _hint_tokens(cfg))
        else:
            shutil.copytree(init, out)
    elif cfg.tokenizer:
        model_with_tokenizer(cfg, Path(cfg.tokenizer), out)
    else:
        src, tgt = read_train()
        log(f"training SentencePiece ({cfg.vocab_size}) on {len(src)} pairs")
        build_new_model(cfg, src, tgt, out)


class _Clock:
    """The training loop's timers (since the start or last checkpoint, the last evaluations and
    checkpoint) and its log window: loss and tokens since the last log line."""

    def __init__(self):
        now = time.time()
        self.started = self.last_ckpt = self.last_eval = self.last_chrf = self.window_start = now
        self.loss = self.tokens = self.sources = 0.0

    def add(self, loss, tokens: int, sources: int) -> None:
        self.loss += loss  # a tensor: reading it each step would wait for the GPU
        self.tokens += tokens
        self.sources += sources

    def window(self) -> tuple[float, float]:
        """The mean loss and tokens per second of the window, which starts anew."""
        tps = (self.tokens + self.sources) / (time.time() - self.window_start)
        mean = float(self.loss) / self.tokens
        self.loss = self.tokens = self.sources = 0.0
        self.window_start = time.time()
        return mean, tps


class Run:
    """State of one training run in ``cfg.output`` (``tokenizer/``, ``checkpoint/``, ``best/``)."""

    def __init__(self, cfg: TrainConfig, resume: bool):
        import torch

        self.cfg, self.dir = cfg, Path(cfg.output)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.log = Logger(self.dir / "train.log")
        self.device = torch.device(cfg.device)
        if cfg.device == "cpu":
            torch.set_num_threads(cfg.threads)
        else:
            torch.backends.cuda.matmul.allow_tf32 = True
        if cfg.amp not in ("", "bf16"):
            raise InputError(f"--amp must be bf16, not {cfg.amp!r}")
        self.tok_dir = self.dir / "tokenizer"
        self.ckpt = self.dir / "checkpoint" / "state.pt"
        self.stop_requested = False
        resume = resume and self.ckpt.exists()
        self._setup_model(resume)
        self._setup_data()
        self._setup_optimizer(resume)

    def _setup_model(self, resume: bool) -> None:
        """New vocabulary + random model, ``--init`` model, or the tokenizer dir of a resumed run."""
        if not resume and not self.tok_dir.exists():
            make_model_dir(self.cfg, self.tok_dir, self._read_train, self.log)
        self.model, self.tok = load_model_dir(self.tok_dir)
        self.model.to(self.device)
        self.pad_id = self.tok.pad_token_id
        self.start_row = start_embedding(self.model).detach().clone()  # kept there (keep_start_embedding)
        params = sum(p.numel() for p in self.model.parameters())
        self.log(f"model: {params / 1e6:.2f}M parameters, vocab {self.model.config.vocab_size}")

    def _read_train(self):
        return read_parallel(self.cfg.train_src, self.cfg.train_tgt)

    def _setup_data(self) -> None:
        """Token ids of train and dev, cached in ``encoded.npz`` so a resume starts fast.

        An ``encoded.pt`` (the older, pickled cache) is read where it exists.
        """
        import torch

        old_cache, cache = self.dir / "encoded.pt", self.dir / "encoded.npz"
        self.dev_src, self.dev_tgt = read_parallel(self.cfg.dev_src, self.cfg.dev_tgt)
        data = load_encoded(cache) if cache.exists() else torch.load(old_cache) if old_cache.exists() else None
        if data is not None and len(data["dev"]) != len(self.dev_src):  # dev files changed
            data["dev"] = encode(self.tok, self.dev_src, self.dev_tgt, 10 ** 6)
        if data is None:
            src, tgt = self._read_train()
            t0 = time.time()
            data = {"train": encode(self.tok, src, tgt, self.cfg.max_len),
                    "dev": encode(self.tok, self.dev_src, self.dev_tgt, 10 ** 6)}
            save_encoded(data, cache)
            self.log(f"encoded {len(data['train'])}/{len(src)} train pairs in {time.time() - t0:.0f}s")
        self.train_pairs, self.dev_pairs = data["train"], data["dev"]
        self.store = TokenStore(self.train_pairs, self.pad_id, self.device)
        self.groups = dev_groups(self.dev_src)
        n = self.cfg.dev_loss_sents or len(self.dev_pairs)  # dev loss is costly on a busy CPU
        self.loss_pairs, self.loss_groups = self.dev_pairs[:n], dev_groups(self.dev_src[:n])
        toks = sum(len(a) + len(b) for a, b in self.train_pairs)
        self.log(f"train pairs {len(self.train_pairs)}, {toks} tokens/epoch; dev {len(self.dev_pairs)}")

    def _setup_optimizer(self, resume: bool) -> None:
        import torch

        cfg = self.cfg
        self.opt = torch.optim.AdamW(self.model.parameters(), lr=cfg.lr, betas=(0.9, 0.98), eps=1e-9,
                                     weight_decay=cfg.weight_decay,
                                     fused=self.device.type == "cuda")  # one kernel, not one per tensor
        self.sched = torch.optim.lr_scheduler.LambdaLR(self.opt, lr_factor(cfg, self.progress))
        self.state = {"step": 0, "epoch": 0, "batch": 0, "best_chrf": -1.0, "bad_evals": 0,
                      "elapsed": 0.0}
        if resume:
            ck = torch.load(self.ckpt, map_location=self.device, weights_only=False)
            self.model.load_state_dict(ck["model"])
            self.opt.load_state_dict(ck["optimizer"])
            self.sched.load_state_dict(ck["scheduler"])
            self.state = ck["state"]
            torch.set_rng_state(ck["torch_rng"])
            random.setstate(ck["py_rng"])
            self.log(f"resumed at step {self.state['step']} (epoch {self.state['epoch']}, "
                     f"batch {self.state['batch']})")
        else:
            torch.manual_seed(cfg.seed)
            random.seed(cfg.seed)

    def progress(self, step: int) -> float:
        """How far the run is towards its end, 0–1: the larger of the step share (``max_steps``)
        and the time share (``max_hours``).

        The ``linear`` schedule decays the rate to zero by then, so a run that its time budget
        stops (a short fine-tune on a busy CPU, :mod:`workbench.train.adapt`) still ends at a
        low rate instead of in the middle of large updates.
        """
        cfg, share = self.cfg, 0.0
        if cfg.max_steps:
            share = step / cfg.max_steps
        started = getattr(self, "_started", None)
        if cfg.max_hours and started is not None:
            share = max(share, (self.state["elapsed"] + time.time() - started) / (cfg.max_hours * 3600))
        return share

    def save_checkpoint(self) -> None:
        import torch

        save_atomic({"model": self.model.state_dict(), "optimizer": self.opt.state_dict(),
                     "scheduler": self.sched.state_dict(), "state": self.state,
                     "torch_rng": torch.get_rng_state(), "py_rng": random.getstate(),
                     "config": asdict(self.cfg)}, self.ckpt)
        self.log(f"checkpoint step {self.state['step']} -> {self.ckpt}")

    def autocast(self):
        """Mixed precision on GPUs (``--amp bf16``); a no-op context otherwise."""
        import contextlib

        import torch

        if not self.cfg.amp:
            return contextlib.nullcontext()
        return torch.autocast(self.device.type, dtype=torch.bfloat16)

    def evaluate(self, with_chrf: bool) -> None:
        """Log dev loss (true and shuffled sources) and, if asked, chrF; keep the best model."""
        with self.autocast():
            t0 = time.time()
            true = dev_loss(self.model, self.loss_pairs, self.loss_groups, self.pad_id, self.device, False)
            shuf = dev_loss(self.model, self.loss_pairs, self.loss_groups, self.pad_id, self.device, True)
            msg = f"eval step {self.state['step']} dev_loss {true:.4f} shuffled_src_loss {shuf:.4f}"
            if with_chrf:
                scores = dev_chrf(self.model, self.tok, self.dev_src, self.dev_tgt, self.groups,
                                  self.cfg.chrf_sents, self.device)
                msg += " " + json.dumps(scores, ensure_ascii=False)
                if scores["chrf_mean"] > self.state["best_chrf"]:
                    self.state["best_chrf"], self.state["bad_evals"] = scores["chrf_mean"], 0
                    self.state["best_step"] = self.state["step"]
                    export_model(self.model, self.tok_dir, self.dir / "best")
                    msg += " [new best -> best/]"
                elif self.state["step"] > 2 * self.cfg.warmup:  # no patience spent in warm-up
                    self.state["bad_evals"] += 1
            self.log(msg + f" ({time.time() - t0:.0f}s)")

    def done(self, started: float) -> bool:
        cfg, st = self.cfg, self.state
        hours = (st["elapsed"] + time.time() - started) / 3600
        return (self.stop_requested or (cfg.max_steps and st["step"] >= cfg.max_steps)
                or (cfg.max_hours and hours >= cfg.max_hours) or st["bad_evals"] >= cfg.patience)

    def train(self, progress=None) -> dict:
        """The loop; returns the final state. SIGTERM stops it after a checkpoint.

        Args:
            progress: called as ``progress(step, max_steps)`` after every update (a UI's
                progress bar); an exception it raises ends the run (nothing is exported).

        With ``cfg.checkpoints`` off nothing is written while training (a short
        fine-tune, :mod:`workbench.train.adapt`); with ``cfg.final_eval`` off the
        closing dev evaluation is skipped (the caller scores the model itself).
        """
        import threading

        from tqdm import tqdm

        cfg, st = self.cfg, self.state
        if threading.current_thread() is threading.main_thread():  # signals reach the main thread only
            signal.signal(signal.SIGTERM, self._request_stop)
        clock = _Clock()
        self._started = clock.started
        bar = tqdm(total=cfg.max_steps or None, initial=st["step"], file=sys.stderr,
                   mininterval=1 if sys.stderr.isatty() else 60, dynamic_ncols=True)
        self.model.train()
        try:
            while not self.done(clock.started):
                batches = make_batches(self.train_pairs, cfg.max_tokens, random.Random(cfg.seed * 1000 + st["epoch"]))
                while st["batch"] < len(batches) and not self.done(clock.started):
                    self._step_and_keep_track(batches[st["batch"]], clock, bar, progress)
                if st["batch"] >= len(batches):
                    st["epoch"] += 1
                    st["batch"] = 0
                    self.log(f"epoch {st['epoch']} finished at step {st['step']}")
        finally:
            bar.close()
        st["elapsed"] += time.time() - clock.started
        self.log(f"stopping at step {st['step']} (stop requested: {self.stop_requested})")
        if cfg.final_eval:
            self.evaluate(with_chrf=True)
        if cfg.checkpoints:
            self.save_checkpoint()
        if cfg.fp16_export:
            self.export_best(Path(cfg.fp16_export))
        return st

    def _step_and_keep_track(self, batch: list[int], clock: _Clock, bar, progress) -> None:
        """One update, then what is due: a log line, the progress, an evaluation, a checkpoint."""
        cfg, st = self.cfg, self.state
        loss, ntok, nsrc = self.step(batch)
        st["step"] += 1
        st["batch"] += 1
        clock.add(loss, ntok, nsrc)
        if st["step"] % cfg.log_every == 0:
            mean, tps = clock.window()
            self.log(f"step {st['step']} epoch {st['epoch']} loss {mean:.4f} "
                     f"lr {self.sched.get_last_lr()[0]:.2e} tok/s {tps:.0f}")
            bar.set_postfix(loss=f"{mean:.3f}", tok_s=f"{tps:.0f}")
        bar.update(1)
        if progress is not None:
            progress(st["step"], cfg.max_steps)
        now = time.time()
        if now - clock.last_eval >= cfg.eval_minutes * 60:
            with_chrf = now - clock.last_chrf >= cfg.chrf_minutes * 60
            self.evaluate(with_chrf)
            clock.last_eval = time.time()
            clock.last_chrf = clock.last_eval if with_chrf else clock.last_chrf
            clock.window_start += clock.last_eval - now  # tokens/s of training, without the evaluation
        if cfg.checkpoints and time.time() - clock.last_ckpt >= cfg.checkpoint_minutes * 60:
            st["elapsed"] += time.time() - clock.started
            clock.started = self._started = time.time()
            self.save_checkpoint()
            clock.last_ckpt = time.time()

    def step(self, idx: list[int]):
        """One update on the rows ``idx``: the summed loss (a device tensor) and token counts."""
        import torch

        batch, ntok, nsrc = self.store.batch(idx)
        with self.autocast():
            loss, _ = batch_loss(self.model, batch, self.cfg.label_smoothing, ntok)
        self.opt.zero_grad(set_to_none=True)
        (loss / ntok).backward()
        torch.nn.utils.clip_grad_norm_(self.model.parameters(), self.cfg.clip)
        self.opt.step()
        self.sched.step()
        keep_start_embedding(self.model, self.start_row)
        return loss.detach(), ntok, nsrc

    def export_best(self, out: Path) -> Path:
        """fp16 copy of ``best/`` (or of the current model when no chrF eval has run yet)."""
        best = self.dir / "best"
        model = load_model_dir(best)[0] if best.exists() else self.model
        path = export_model(model, self.tok_dir, out, fp16=True)
        self.log(f"exported fp16 model to {path}")
        return path

    def _request_stop(self, *_):
        self.stop_requested = True


def train(cfg: TrainConfig, resume: bool = False, encode_only: bool = False) -> dict:
    """Run training as configured; ``resume`` continues ``cfg.output/checkpoint`` if present.

    ``encode_only`` stops after the vocabulary, the model's ``tokenizer/`` folder and
    ``encoded.npz`` are written: what a GPU run needs, made on a CPU beforehand.
    """
    for name in ("dev_src", "dev_tgt"):
        if not getattr(cfg, name):
            raise InputError(f"--{name.replace('_', '-')} is required")
    out = Path(cfg.output)
    out.mkdir(parents=True, exist_ok=True)
    (out / "run.json").write_text(json.dumps(asdict(cfg), indent=1), encoding="utf-8")
    run = Run(cfg, resume)
    return run.state if encode_only else run.train()


def export_checkpoint(run_dir: str | Path, out: str | Path, fp16: bool = True, which: str = "best",
                      repetition_penalty: float | None = None, length_penalty: float | None = None) -> Path:
    """Export ``best/`` or the latest checkpoint of a run as an OPUS-MT dir (fp16 by default)."""
    import torch

    run_dir = Path(run_dir)
    tok_dir = run_dir / "tokenizer"
    if which == "best":
        if not (run_dir / "best").exists():
            raise ModelError(f"{run_dir} has no best/ model yet")
        model = load_model_dir(run_dir / "best")[0]
    else:
        model = load_model_dir(tok_dir)[0]
        ck = torch.load(run_dir / "checkpoint" / "state.pt", map_location="cpu", weights_only=False)
        model.load_state_dict(ck["model"])
    return export_model(model, tok_dir, Path(out), fp16=fp16, repetition_penalty=repetition_penalty,
                        length_penalty=length_penalty)
