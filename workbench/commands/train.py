"""``workbench train``: prepare the shared corpus, train or fine-tune a MarianMT model, export it.

Three modes, so that one command covers the whole recipe:

* ``workbench train --prepare-shared ../shared/data --output CORPUS`` writes line-aligned
  ``train.*``/``dev.*`` files (sources prefixed with ``>>xx<<``);
* ``workbench train --train-src F --train-tgt F --dev-src F --dev-tgt F --output RUN`` trains
  (``--corpus CORPUS`` is a shorthand for the four files); ``--resume`` continues;
* ``workbench train --pivot-synthetic ../shared/data --output SYN`` translates the English of
  the en–ru / en–zh news into the missing language (tagged synthetic ru–zh pairs);
* ``workbench train --add-hints CORPUS --output CORPUS-HINTS`` appends term hints to a share
  of the training sources (train with ``--hints`` on it);
* ``workbench train --export RUN --output MODEL_DIR`` writes the best model of a run (fp16).
"""

from __future__ import annotations

import argparse


def register(subparsers) -> None:
    """Add the ``train`` parser."""
    p = subparsers.add_parser(
        "train", help="prepare data, train or fine-tune a MarianMT model, export it",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    _mode_arguments(p.add_argument_group("mode"))
    data = p.add_argument_group("data")
    data.add_argument("--corpus", metavar="DIR", help="folder with train.src/.tgt and dev.src/.tgt")
    for name in ("train-src", "train-tgt", "dev-src", "dev-tgt"):
        data.add_argument(f"--{name}", metavar="FILE", default="")
    p.add_argument("--output", "-o", required=True, metavar="DIR", help="run / corpus / export folder")
    _model_arguments(p.add_argument_group("model"))
    _optimisation_arguments(p.add_argument_group("optimisation"))
    _run_arguments(p.add_argument_group("run"))
    p.set_defaults(func=run_command)


def _mode_arguments(mode) -> None:
    """What the command does: prepare a corpus, make synthetic pairs or hints, export (else: train)."""
    mode.add_argument("--prepare-shared", metavar="DIR",
                      help="build the multilingual ru/zh/en corpus from DIR (shared/data) into --output")
    mode.add_argument("--glossaries", metavar="DIR", default="glossaries",
                      help="with --prepare-shared: add msgid/msgstr pairs of DIR/*.po (default: glossaries)")
    mode.add_argument("--skip-corpus", action="append", default=[], metavar="NAME",
                      help="with --prepare-shared: leave out this corpus (repeatable), e.g. wmt-newstest")
    mode.add_argument("--pivot-synthetic", metavar="DIR",
                      help="translate the English of DIR's (shared/data) en-ru / en-zh news into the missing "
                           "language with --model, writing tagged synthetic ru-zh pairs to --output")
    mode.add_argument("--model", metavar="MODEL", default=None,
                      help="with --pivot-synthetic: the multilingual model (default: the shipped en→ru/en→zh one)")
    mode.add_argument("--limit", type=int, default=0, metavar="N",
                      help="with --pivot-synthetic: only the first N pairs per language (a small run)")
    mode.add_argument("--add-hints", metavar="CORPUS",
                      help="copy CORPUS to --output with term hints appended to a share of the training "
                           "sources (target words after <hint>; Russian in dictionary form)")
    mode.add_argument("--hint-share", type=float, default=None, metavar="P",
                      help="with --add-hints: share of sources that get hints (default 0.5)")
    mode.add_argument("--drop-english-targets", action="store_true",
                      help="with --add-hints: leave out the examples whose target is English")
    mode.add_argument("--export", metavar="RUN",
                      help="export RUN's best model (or --which checkpoint) to --output")
    mode.add_argument("--which", choices=("best", "checkpoint"), default="best")
    mode.add_argument("--fp32", action="store_true", help="with --export: keep fp32 weights")
    mode.add_argument("--repetition-penalty", type=float, default=None, metavar="P",
                      help="with --export: decoding default written to generation_config.json "
                           "(default: keep the one already in --output, if any)")
    mode.add_argument("--length-penalty", type=float, default=None, metavar="P",
                      help="with --export: beam-search length penalty written to generation_config.json "
                           "(hypotheses ranked by score / length^P; default: keep --output's, if any)")


def _model_arguments(model) -> None:
    """The model to train: a new one (its shape and vocabulary) or an existing one (--init)."""
    model.add_argument("--init", metavar="MODEL", default="",
                       help="fine-tune this OPUS-MT dir instead of building a new vocabulary and model")
    model.add_argument("--tokenizer", metavar="MODEL", default="",
                       help="reuse MODEL's vocabulary (vocab.json, source.spm) for a new random model")
    model.add_argument("--hints", action="store_true",
                       help="the model reads term hints: the <hint> token joins the vocabulary (also with "
                            "--init) and config.json declares it; train on an --add-hints corpus")
    model.add_argument("--vocab-size", type=int, default=8000)
    model.add_argument("--d-model", type=int, default=256)
    model.add_argument("--layers", type=int, nargs=2, default=(3, 3), metavar=("ENC", "DEC"))
    model.add_argument("--heads", type=int, default=4)
    model.add_argument("--ffn-dim", type=int, default=1024)
    model.add_argument("--dropout", type=float, default=0.1)


def _optimisation_arguments(opt) -> None:
    opt.add_argument("--lr", type=float, default=5e-4)
    opt.add_argument("--warmup", type=int, default=1500)
    opt.add_argument("--label-smoothing", type=float, default=0.1)
    opt.add_argument("--max-tokens", type=int, default=5000, help="padded tokens per batch and side")
    opt.add_argument("--max-len", type=int, default=128, help="drop pairs longer than this (tokens)")
    opt.add_argument("--max-steps", type=int, default=0)
    opt.add_argument("--max-hours", type=float, default=0.0)
    opt.add_argument("--patience", type=int, default=5, help="chrF evaluations without improvement")
    opt.add_argument("--seed", type=int, default=1)


def _run_arguments(run) -> None:
    """Checkpoints, evaluations, the device and the export after training."""
    run.add_argument("--checkpoint-minutes", type=float, default=10.0)
    run.add_argument("--eval-minutes", type=float, default=10.0)
    run.add_argument("--chrf-minutes", type=float, default=25.0)
    run.add_argument("--chrf-sents", type=int, default=200)
    run.add_argument("--dev-loss-sents", type=int, default=0,
                     help="compute dev loss on the first N dev pairs only (0: all)")
    run.add_argument("--log-every", type=int, default=100)
    run.add_argument("--resume", action="store_true", help="continue OUTPUT/checkpoint if it exists")
    run.add_argument("--encode-only", action="store_true",
                     help="stop once the vocabulary (OUTPUT/tokenizer) and the token ids (OUTPUT/encoded.npz) "
                          "are written: the inputs of a GPU run, prepared on a CPU")
    run.add_argument("--device", default="cpu", help="cpu (default), cuda, cuda:1 …")
    run.add_argument("--amp", choices=("bf16",), default=None,
                     help="bf16 mixed precision on a GPU (Ampere and later)")
    run.add_argument("--threads", type=int, default=2, help="CPU threads (torch.set_num_threads); use 1 when other jobs share the "
                          "cores: 2 threads on a busy 2-core box ran 3-4x slower (OpenMP stalls)")
    run.add_argument("--fp16-export", metavar="PATH", default="",
                     help="after training, write the best model in fp16 to PATH")


def run_command(args) -> int:
    """Dispatch to prepare, export or train."""
    if args.prepare_shared:
        return _prepare(args)
    if args.add_hints:
        return _add_hints(args)
    if args.pivot_synthetic:
        return _pivot_synthetic(args)
    if args.export:
        from workbench.train.loop import export_checkpoint

        path = export_checkpoint(args.export, args.output, fp16=not args.fp32, which=args.which,
                                 repetition_penalty=args.repetition_penalty,
                                 length_penalty=args.length_penalty)
        print(path)
        return 0
    return _train(args)


def _prepare(args) -> int:
    import json

    from workbench.train.data import prepare_shared

    stats = prepare_shared(args.prepare_shared, args.output, seed=args.seed, glossary_dir=args.glossaries,
                           skip=tuple(args.skip_corpus))
    print(json.dumps(stats, ensure_ascii=False, indent=1))
    return 0


def _pivot_synthetic(args) -> int:
    import json

    from workbench.train.synthetic import model_translate, synthesize

    stats = synthesize(args.pivot_synthetic, args.output, model_translate(args.model), limit=args.limit)
    print(json.dumps(stats, ensure_ascii=False, indent=1))
    return 0


def _add_hints(args) -> int:
    import json

    from workbench.train.data import add_hints_to_corpus
    from workbench.train.hints import HINT_SHARE

    share = HINT_SHARE if args.hint_share is None else args.hint_share
    stats = add_hints_to_corpus(args.add_hints, args.output, share=share, seed=args.seed,
                                drop_english_targets=args.drop_english_targets)
    print(json.dumps(stats, ensure_ascii=False, indent=1))
    return 0


def _train(args) -> int:
    import json
    from pathlib import Path

    import torch

    from workbench.errors import InputError, ModelError
    from workbench.train.loop import TrainConfig, train

    files = {k: getattr(args, k) for k in ("train_src", "train_tgt", "dev_src", "dev_tgt")}
    if args.corpus:
        for key in files:
            split, side = key.split("_")
            files[key] = files[key] or f"{args.corpus}/{split}.{side}"
    saved = Path(args.output) / "run.json"
    if args.resume and saved.exists():  # a resumed run keeps its data files
        previous = json.loads(saved.read_text(encoding="utf-8"))
        files = {k: v or previous.get(k, "") for k, v in files.items()}
    missing = [k for k, v in files.items() if not v]
    if missing:
        raise InputError("missing " + ", ".join("--" + m.replace("_", "-") for m in missing)
                         + " (or --corpus DIR)")
    if args.device.startswith("cuda") and not torch.cuda.is_available():
        raise ModelError(f"--device {args.device} asked for, but no CUDA device is available")
    cfg = TrainConfig(
        output=args.output, init=args.init, tokenizer=args.tokenizer, vocab_size=args.vocab_size, d_model=args.d_model,
        layers=tuple(args.layers), heads=args.heads, ffn_dim=args.ffn_dim, dropout=args.dropout,
        label_smoothing=args.label_smoothing, lr=args.lr, warmup=args.warmup, max_tokens=args.max_tokens,
        max_len=args.max_len, max_steps=args.max_steps, max_hours=args.max_hours, patience=args.patience,
        checkpoint_minutes=args.checkpoint_minutes, eval_minutes=args.eval_minutes,
        chrf_minutes=args.chrf_minutes, chrf_sents=args.chrf_sents, dev_loss_sents=args.dev_loss_sents, log_every=args.log_every,
        device=args.device, amp=args.amp or "", threads=args.threads, seed=args.seed, fp16_export=args.fp16_export,
        hints=args.hints, **files)
    state = train(cfg, resume=args.resume, encode_only=args.encode_only)
    if args.encode_only:
        print(f"vocabulary and token ids written to {args.output}")
        return 0
    print(f"finished at step {state['step']}; best dev chrF {state['best_chrf']}; run in {args.output}")
    return 0
