"""Adapt a model to approved segments: a short mixed fine-tune, guarded, written as a new version.

The translators' approved segments are corrections the model can learn from. A
fine-tune on them alone makes a small model forget what it knew (OPUS-CAT users
report models that got worse after fine-tuning on a TMX), so:

* **mixed fine-tuning** (Chu et al., 2017): each epoch mixes the adaptation pairs
  with five times as many pairs of a general corpus (:func:`general_data`: the formal and news
  ru–zh text of ``shared/data``, or a folder of ``train.ru``/``train.zh`` files);
* **a guard**: a share of the adaptation pairs is held out, and the model is scored
  (chrF of the drafts as the workbench makes them, before and after) on it and on a general dev set
  (WMT21 news). A model that loses more than :data:`GUARD_DROP` chrF on the general
  set, or whose general score could not be measured, is written but not made the
  default (unless forced);
* **nothing in place**: the run happens in a hidden temporary folder next to the
  output and the finished model directory is renamed into place in one step; the
  default (:mod:`workbench.versions`) changes only after that. An interrupted run
  leaves neither a half-written model nor a changed default.

The training itself is :class:`workbench.train.loop.Run` (``workbench train --init``)
with checkpoints and its own evaluation turned off.
"""

from __future__ import annotations

import json
import math
import os
import random
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from workbench.engine.checkpoint import LANGUAGE_TOKENS, quiet_on_disk
from workbench.engine.scheduler import MarianTranslator
from workbench.errors import AdaptError, InputError, MisalignedFilesError, ModelError, TooFewPairsError
from workbench.models import default_model
from workbench.store import Store
from workbench.store.db import utc_now
from workbench.textio import read_text
from workbench.train import data
from workbench.train.loop import Run, TrainConfig, export_model, make_batches
from workbench.versions import card, find_model, use, versions_dir

MIN_PAIRS = 50
"""Fewer approved pairs than this are refused: the model would learn them by heart, nothing more."""

GUARD_DROP = 0.5
"""chrF points a model may lose on the general dev set and still become the default."""

GENERAL_ENV = "WORKBENCH_GENERAL_DATA"
"""A general corpus folder to mix in when ``--general`` is not given."""

GENERAL_DEV_LINES = 200
"""General dev sentences scored before and after (greedy decoding on the CPU: about 20 s each way)."""

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``; stages: ``scoring``, ``training``, ``writing``."""


@dataclass
class AdaptOptions:
    """The knobs of an adaptation (defaults measured with ``benchmarks/bench_adapt.py``)."""

    epochs: float = 6.0  # six passes, five general pairs per adaptation pair: see bench_adapt in the README
    lr: float = 5e-4
    warmup: int = 20
    max_tokens: int = 2000
    max_minutes: float = 8.0
    general_ratio: float = 5.0
    held_out_share: float = 0.1
    held_out_max: int = 200
    general_dev_lines: int = GENERAL_DEV_LINES
    min_pairs: int = MIN_PAIRS
    threads: int = 2
    seed: int = 1
    force: bool = False
    make_default: bool = True


@dataclass
class AdaptResult:
    """What :func:`adapt` made: the new model, its card, and whether it became the default."""

    path: Path
    card: dict
    made_default: bool
    reason: str = ""
    notes: list[str] = field(default_factory=list)


# --- adaptation pairs ------------------------------------------------------------------------


def read_aligned(source: str | Path, target: str | Path) -> list[tuple[str, str]]:
    """Pairs of two line-aligned UTF-8 files (empty lines on either side are skipped).

    Raises:
        MisalignedFilesError: ``file:line`` of the first line without a partner.
    """
    src = read_text(source).splitlines()
    tgt = read_text(target).splitlines()
    if len(src) != len(tgt):
        longer, shorter = (source, target) if len(src) > len(tgt) else (target, source)
        line = min(len(src), len(tgt)) + 1
        raise MisalignedFilesError(
            f"{longer}:{line}: no line {line} in {shorter} to pair it with "
            f"({source} has {len(src)} lines, {target} has {len(tgt)})")
    return [(a.strip(), b.strip()) for a, b in zip(src, tgt) if a.strip() and b.strip()]


def store_pairs(db: str | Path | None, source_lang: str, target_lang: str) -> list[tuple[str, str]]:
    """The approved segments of a direction in the review store (``None``: the app's default store)."""
    with Store(db) as store:
        return store.approved_pairs(source_lang, target_lang)


def unique_pairs(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Pairs in order, each source once (a segment approved in two documents counts once)."""
    seen, out = set(), []
    for source, target in pairs:
        if source not in seen:
            seen.add(source)
            out.append((source, target))
    return out


def split_held_out(pairs: list[tuple[str, str]], share: float, most: int, seed: int):
    """``(train, held_out)``: a seeded random share (at least 5, at most *most*) held out."""
    order = list(range(len(pairs)))
    random.Random(seed).shuffle(order)
    n = min(most, max(5, round(len(pairs) * share)))
    held = sorted(order[:n])
    train = sorted(order[n:])
    return [pairs[i] for i in train], [pairs[i] for i in held]


# --- the general corpus ----------------------------------------------------------------------


def find_general(explicit: str | Path | None = None) -> Path | None:
    """``--general``, else ``$WORKBENCH_GENERAL_DATA``, else a ``shared/data`` beside the checkout
    or the working folder; ``None`` when there is none."""
    if explicit:
        path = Path(explicit).expanduser()
        if not path.is_dir():
            raise InputError(f"{path}: no such folder (--general names a shared/data folder or one with "
                             f"train.ru/train.zh and dev.ru/dev.zh)")
        return path
    candidates = [os.environ.get(GENERAL_ENV)] if os.environ.get(GENERAL_ENV) else []
    root = Path(__file__).resolve().parents[2]
    candidates += [root.parent / "shared" / "data", Path.cwd().parent / "shared" / "data",
                   Path.cwd() / "shared" / "data"]
    for candidate in candidates:
        if candidate and _general_kind(Path(candidate)):
            return Path(candidate)
    return None


def _general_kind(folder: Path) -> str:
    if (folder / "wmt21-news-enruzh").is_dir() and (folder / "un-v1.0-testsets").is_dir():
        return "shared"
    if all((folder / f"{split}.{lang}").is_file() for split in ("train", "dev") for lang in ("ru", "zh")):
        return "plain"
    return ""


def general_data(folder: Path, source_lang: str, target_lang: str, n_train: int, n_dev: int,
                 avoid: set[str], seed: int, like: list[tuple[str, str]] | None = None):
    """``(train_pairs, dev_pairs, description)`` from a general corpus folder.

    ``shared/data``: training pairs sampled from the UN v1.0 dev/test sets (formal) and
    the ru–zh WMT news joined through English (``read_wmt_pivot``), the registers the
    shipped model was trained on; dev: the first *n_dev* lines of WMT21 news (Russian
    reference B, Chinese reference A, as in ``workbench train --prepare-shared``).
    A plain folder: ``train.ru``/``train.zh`` and ``dev.ru``/``dev.zh``.
    Sources in *avoid* (the held-out pairs) are never trained on. With *like* (the adaptation
    pairs) the sample is :func:`length_matched` to them.
    """
    kind = _general_kind(folder)
    if kind == "shared":
        corpora = [("un-v1.0", data.read_un(folder)), ("wmt-newstest-pivot", data.read_wmt_pivot(folder))]
        dev_ru = data.read_lines(folder / "wmt21-news-enruzh" / "newstest2021.en-ru.ref.B.ru")
        dev_zh = data.read_lines(folder / "wmt21-news-enruzh" / "newstest2021.en-zh.ref.A.zh")
        described = f"{folder}: UN v1.0 + WMT news (ru–zh via English); dev WMT21 news"
    elif kind == "plain":
        corpora = [("train", {lang: data.read_lines(folder / f"train.{lang}") for lang in ("ru", "zh")})]
        dev_ru, dev_zh = data.read_lines(folder / "dev.ru"), data.read_lines(folder / "dev.zh")
        described = f"{folder}: train.ru/zh; dev dev.ru/zh"
    else:
        raise InputError(f"{folder}: not a general corpus (a shared/data folder, or train.ru/train.zh "
                         f"and dev.ru/dev.zh)")
    sides = {"ru": 0, "zh": 1}
    pool = []
    for _name, corpus in corpora:
        for ru, zh in zip(corpus["ru"], corpus["zh"]):
            ru, zh = data.clean(ru), data.clean(zh)
            if ru and zh and data.pair_ok(ru, "ru", zh, "zh"):
                pair = (ru, zh)
                pool.append((pair[sides[source_lang]], pair[sides[target_lang]]))
    pool = [p for p in unique_pairs(pool) if p[0] not in avoid]
    train = length_matched(pool, like, n_train, random.Random(seed)) if like else \
        random.Random(seed).sample(pool, min(n_train, len(pool)))
    dev = []
    for ru, zh in zip(dev_ru, dev_zh):
        ru, zh = data.clean(ru), data.clean(zh)
        if ru and zh:
            pair = (ru, zh)
            dev.append((pair[sides[source_lang]], pair[sides[target_lang]]))
    return train, dev[:n_dev], described


def length_matched(pool: list[tuple[str, str]], like: list[tuple[str, str]], n: int,
                   rng: random.Random, window: int = 50) -> list[tuple[str, str]]:
    """*n* pairs of *pool*, each as long (source characters) as a pair of *like*, none twice.

    Why: the general corpus's UN sentences are three to four times as long as help-text or
    press-release segments; sampled at random they took most of the tokens, so most of the
    CPU minutes, of a mixed epoch. Matched, the general half costs what the adaptation half does.
    """
    import bisect

    ranked = sorted(pool, key=lambda pair: len(pair[0]))
    lengths = [len(pair[0]) for pair in ranked]
    taken: set[int] = set()
    out = []
    targets = [len(like[i % len(like)][0]) for i in range(n)]
    rng.shuffle(targets)
    for length in targets:
        if len(taken) >= len(ranked):
            break
        centre = bisect.bisect_left(lengths, length)
        lo, hi = max(0, centre - window), min(len(ranked), centre + window)
        free = [i for i in range(lo, hi) if i not in taken]
        while not free:  # the neighbourhood is used up: widen it
            lo, hi = max(0, lo - window), min(len(ranked), hi + window)
            free = [i for i in range(lo, hi) if i not in taken]
        pick = rng.choice(free)
        taken.add(pick)
        out.append(ranked[pick])
    return out


# --- scoring ---------------------------------------------------------------------------------


def language_prefix(tokenizer, target_lang: str) -> str:
    """``">>zh<< "`` for a multilingual model that has such a token, else ``""``."""
    vocab = tokenizer.get_vocab()
    for token in LANGUAGE_TOKENS.get(target_lang, ()):
        if token in vocab:
            return token + " "
    return ""


def chrf(model_dir: str | Path, pairs: list[tuple[str, str]], source_lang: str, target_lang: str,
         num_beams: int = 4) -> float | None:
    """Corpus chrF of the model's drafts of *pairs*' sources, made as the workbench makes them
    without a glossary: :class:`~workbench.engine.scheduler.MarianTranslator`, the CTranslate2 int8
    fast path where it is installed, beam 4, the model's repetition and length penalties.

    (The greedy ``generate()`` of the training loop was 6-9x slower on the busy 2-core machine:
    200 news sentences in 80 s against 9-13 s.)
    """
    import sacrebleu


    if not pairs:
        return None
    translator = MarianTranslator(str(model_dir), source_lang, target_lang, parallel=False)
    hyps = [h.text for h in translator.translate([s for s, _ in pairs], num_beams=num_beams)]
    return round(sacrebleu.corpus_chrf(hyps, [[t for _, t in pairs]]).score, 2)


# --- the run ---------------------------------------------------------------------------------


def resolve_base(model: str | None, source_lang: str, target_lang: str) -> Path:
    """The model directory to adapt: *model*, else the current default for the direction."""
    name = model or default_model(source_lang, target_lang)
    path = Path(name).expanduser()
    if not path.is_dir():
        try:
            path = find_model(name)
        except ModelError as err:
            raise ModelError(f"{name}: adapt needs a local model directory (OPUS-MT layout)") from err
    if not (path / "config.json").is_file():
        raise ModelError(f"{path}: not a model directory (no config.json)")
    return path.resolve()


def version_name(base: Path, source_lang: str, target_lang: str) -> str:
    """``BASE.ru-zh.20261205-160211``: which model, which direction, when."""
    root = base.name.split(".", 1)[0]
    return f"{root}.{source_lang}-{target_lang}.{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}"


def default_output(base: Path, source_lang: str, target_lang: str) -> Path:
    out = versions_dir() / version_name(base, source_lang, target_lang)
    stem, n = out.name, 1
    while out.exists():  # two adaptations within a second
        n += 1
        out = out.with_name(f"{stem}-{n}")
    return out


def adapt(pairs: list[tuple[str, str]], source_lang: str, target_lang: str, *, model: str | None = None,
          output: str | Path | None = None, general: str | Path | None = None, origin: str = "",
          options: AdaptOptions | None = None, progress: Progress | None = None,
          log: Callable[[str], None] = print) -> AdaptResult:
    """Fine-tune *model* (default: the direction's default) on *pairs* and write a new version.

    Args:
        pairs: ``(source, target)`` adaptation pairs (approved segments, aligned files).
        output: the new model directory (must not exist); default
            :func:`default_output` in the versions folder.
        general: the general corpus folder (default :func:`find_general`).
        origin: where the pairs came from, for the card.
        progress: see :data:`Progress`; an exception it raises aborts the run cleanly.
        log: one line per stage (the CLI prints them; the UI keeps the last).

    Raises:
        TooFewPairsError: fewer than ``options.min_pairs`` distinct pairs; nothing trained.
    """
    opts = options or AdaptOptions()
    started = time.time()
    report = progress or (lambda stage, done, total: None)
    pairs = _usable_pairs(pairs, source_lang, target_lang, opts.min_pairs)
    base = resolve_base(model, source_lang, target_lang)
    out = Path(output).expanduser() if output else default_output(base, source_lang, target_lang)
    if out.exists():
        raise InputError(f"{out} already exists: adaptation never writes over a model (choose another --output)")
    train_pairs, held_out = split_held_out(pairs, opts.held_out_share, opts.held_out_max, opts.seed)
    mix = _general_mix(general, source_lang, target_lang, train_pairs, held_out, opts, log)

    out.parent.mkdir(parents=True, exist_ok=True)
    work = out.parent / f".{out.name}.partial-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        import torch

        torch.set_num_threads(opts.threads)
        report("scoring", 0, 2)
        t0 = time.time()
        before = {"held_out": chrf(base, held_out, source_lang, target_lang),
                  "general": chrf(base, mix.dev, source_lang, target_lang)}
        score_seconds = time.time() - t0
        log(f"before: held-out chrF {before['held_out']}, general chrF {before['general']} "
            f"({score_seconds:.0f} s)")
        # what is left after this, the export and the scoring after (a new CTranslate2 conversion
        # too: about half as long again as the scoring before) must fit in --max-minutes
        budget = opts.max_minutes * 60 - (time.time() - started) - 1.5 * score_seconds - 30
        trained = _fine_tune(work, base, target_lang, train_pairs, mix.train, held_out, opts, budget, report, log)
        report("scoring", 1, 2)
        after = {"held_out": chrf(trained.model, held_out, source_lang, target_lang),
                 "general": chrf(trained.model, mix.dev, source_lang, target_lang)}
        log(f"after: held-out chrF {after['held_out']}, general chrF {after['general']}")
        passed, reason = guard(before["general"], after["general"])
        info = _card_info(out, base, source_lang, target_lang, origin, pairs, train_pairs, held_out, mix,
                          before, after, (passed, reason), trained, started, opts)
        (trained.model / "adaptation.json").write_text(json.dumps(info, ensure_ascii=False, indent=1) + "\n",
                                                       encoding="utf-8")
        (trained.model / "README.md").write_text(model_card(info), encoding="utf-8")
        os.replace(trained.model, out)  # the only step that makes the version visible
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report("writing", 1, 1)

    made_default = False
    if opts.make_default and (passed or opts.force):
        use(out, [(source_lang, target_lang)])
        made_default = True
    return AdaptResult(out, info, made_default, reason, mix.notes)


def _usable_pairs(pairs, source_lang: str, target_lang: str, minimum: int) -> list[tuple[str, str]]:
    """The distinct non-empty pairs; too few of them is an error before anything is loaded."""
    pairs = unique_pairs([(s.strip(), t.strip()) for s, t in pairs if s.strip() and t.strip()])
    if len(pairs) < minimum:
        raise TooFewPairsError(
            f"only {len(pairs)} {source_lang}→{target_lang} pair(s) to adapt on; at least {minimum} "
            f"are needed (approve more segments); nothing was trained", len(pairs), minimum)
    return pairs


@dataclass
class _GeneralMix:
    """The general corpus's share of an adaptation: pairs mixed into training, the general dev set."""

    train: list[tuple[str, str]]
    dev: list[tuple[str, str]]
    described: str
    notes: list[str]


def _general_mix(general, source_lang, target_lang, train_pairs, held_out, opts: AdaptOptions,
                 log: Callable[[str], None]) -> _GeneralMix:
    general_dir = find_general(general)
    if general_dir is None:
        note = ("no general corpus found (pass --general DIR or set $WORKBENCH_GENERAL_DATA): "
                "adapting without mixing, and the general score cannot be checked")
        log(note)
        return _GeneralMix([], [], "none", [note])
    avoid = {s for s, _ in held_out}
    train, dev, described = general_data(general_dir, source_lang, target_lang,
                                         round(len(train_pairs) * opts.general_ratio), opts.general_dev_lines,
                                         avoid, opts.seed, like=train_pairs)
    return _GeneralMix(train, dev, described, [])


@dataclass
class _Trained:
    """A fine-tune's outcome: the exported model (in the work folder) and what the card says of it."""

    model: Path
    steps: int
    epochs: float
    seconds: float


def _fine_tune(work: Path, base: Path, target_lang: str, train_pairs, general_train, held_out,
               opts: AdaptOptions, budget: float, report, log) -> _Trained:
    """Mixed fine-tuning of *base* within *budget* seconds (the learning rate decays to zero by the step or
    time budget, whichever ends first), exported to ``work/model``."""
    from transformers import MarianTokenizer


    with quiet_on_disk(str(base)):
        prefix = language_prefix(MarianTokenizer.from_pretrained(str(base)), target_lang)
    mixed = train_pairs + general_train
    random.Random(opts.seed).shuffle(mixed)
    _write_pairs(work / "train", [(prefix + s, t) for s, t in mixed])
    _write_pairs(work / "dev", [(prefix + s, t) for s, t in held_out])
    cfg = TrainConfig(output=str(work / "run"), train_src=str(work / "train.src"),
                      train_tgt=str(work / "train.tgt"), dev_src=str(work / "dev.src"),
                      dev_tgt=str(work / "dev.tgt"), init=str(base), lr=opts.lr, warmup=opts.warmup,
                      max_tokens=opts.max_tokens, max_hours=max(budget, 30) / 3600,
                      eval_minutes=10 ** 6, chrf_minutes=10 ** 6, checkpoints=False, final_eval=False,
                      log_every=10, threads=opts.threads, seed=opts.seed, schedule="linear")
    run = Run(cfg, resume=False)
    per_epoch = len(make_batches(run.train_pairs, cfg.max_tokens, random.Random(0)))
    cfg.max_steps = max(1, math.ceil(per_epoch * opts.epochs))
    log(f"training on {len(train_pairs)} adaptation + {len(general_train)} general pairs "
        f"({len(held_out)} held out), {cfg.max_steps} steps, at most {max(budget, 30) / 60:.1f} min")
    started = time.time()
    state = run.train(progress=lambda step, total: report("training", step, total))
    seconds = time.time() - started
    if run.stop_requested:  # SIGTERM: an interrupted adaptation writes nothing
        raise AdaptError("stopped (SIGTERM) before the end of training: no model was written, "
                         "the default is unchanged")
    report("writing", 0, 1)
    _export(run, base, work / "model")
    return _Trained(work / "model", state["step"], round(state["step"] / max(per_epoch, 1), 2), seconds)


def _card_info(out: Path, base: Path, source_lang, target_lang, origin, pairs, train_pairs, held_out,
               mix: _GeneralMix, before: dict, after: dict, verdict: tuple[bool, str], trained: _Trained,
               started: float, opts: AdaptOptions) -> dict:
    """``adaptation.json``: what the version was made from, its scores, the guard's verdict, the time."""
    passed, reason = verdict
    return {
        "name": out.name, "base": str(_root_base(base)), "parent": str(base),
        "direction": f"{source_lang}-{target_lang}", "origin": origin, "created": utc_now(),
        "segments": {"adaptation": len(pairs), "trained": len(train_pairs), "held_out": len(held_out),
                     "general_mixed": len(mix.train), "general_dev": len(mix.dev)},
        "general_corpus": mix.described,
        "chrf": {"held_out": {"before": before["held_out"], "after": after["held_out"]},
                 "general": {"before": before["general"], "after": after["general"]}},
        "decoding": "beam 4 as the drafts are made (CTranslate2 int8 where installed), no glossary",
        "guard": {"passed": passed, "reason": reason, "max_general_drop": GUARD_DROP},
        "steps": trained.steps, "epochs": trained.epochs,
        "training_minutes": round(trained.seconds / 60, 2),
        "minutes": round((time.time() - started) / 60, 2),
        "options": asdict(opts), "notes": mix.notes,
    }


def guard(general_before: float | None, general_after: float | None) -> tuple[bool, str]:
    """Whether a version may become the default, and why not in one line."""
    if general_before is None or general_after is None:
        return False, "the general chrF could not be measured (no general corpus)"
    drop = general_before - general_after
    if drop > GUARD_DROP:
        return False, (f"general chrF dropped {drop:.2f} points ({general_before} → {general_after}), "
                       f"more than {GUARD_DROP}")
    return True, ""


def _write_pairs(stem: Path, pairs: list[tuple[str, str]]) -> None:
    with open(f"{stem}.src", "w", encoding="utf-8") as src, open(f"{stem}.tgt", "w", encoding="utf-8") as tgt:
        for source, target in pairs:
            src.write(source.replace("\n", " ") + "\n")
            tgt.write(target.replace("\n", " ") + "\n")


def _export(run, base: Path, out: Path) -> None:
    """The run's model as an OPUS-MT directory, in the base's precision, with the base's decoding
    defaults (repetition and length penalties)."""
    config = json.loads((base / "config.json").read_text(encoding="utf-8"))
    generation = {}
    if (base / "generation_config.json").is_file():
        generation = json.loads((base / "generation_config.json").read_text(encoding="utf-8"))
    fp16 = (config.get("dtype") or config.get("torch_dtype")) == "float16"
    export_model(run.model, run.tok_dir, out, fp16=fp16,
                 repetition_penalty=generation.get("repetition_penalty"),
                 length_penalty=generation.get("length_penalty"))


def _root_base(path: Path) -> Path:
    """The base model a version (or a version of a version) descends from."""
    info = card(path)
    return Path(info["base"]) if info and info.get("base") else path


def model_card(info: dict) -> str:
    """The README.md of an adapted model, from its ``adaptation.json``."""
    chrf_ = info["chrf"]
    seg = info["segments"]
    guard_line = "passed" if info["guard"]["passed"] else f"not passed: {info['guard']['reason']}"
    return f"""# {info['name']}

An adapted version of `{info['parent']}` for **{info['direction'].replace('-', '→')}**, written by
`workbench adapt` on {info['created']} (mixed fine-tuning on the CPU; the base is unchanged).

| | before | after |
|---|---:|---:|
| chrF on {seg['held_out']} held-out adaptation pairs | {chrf_['held_out']['before']} | {chrf_['held_out']['after']} |
| chrF on {seg['general_dev']} general dev sentences | {chrf_['general']['before']} | {chrf_['general']['after']} |

- pairs: {seg['adaptation']} adaptation pairs ({info['origin'] or 'given'}), {seg['trained']} trained on,
  {seg['held_out']} held out; {seg['general_mixed']} general pairs mixed in ({info['general_corpus']})
- training: {info['steps']} steps ({info['epochs']} epochs) in {info['training_minutes']} min;
  {info['minutes']} min in all
- scores: {info['decoding']}
- guard (general chrF may drop at most {info['guard']['max_general_drop']}): {guard_line}

Use it with `--model` and this folder, or make it the default for its direction with
`workbench models use {info['name']}` (`workbench models use --base` goes back).
Licences and attribution of the training data: those of the base model and of the general
corpus named above.
"""
