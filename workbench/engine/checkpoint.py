"""Finding and loading an OPUS-MT checkpoint: its path, its languages, its target token.

The same code serves the models this project ships under ``models/`` and any
``Helsinki-NLP/opus-mt-*`` checkpoint: both are OPUS-MT directories read by
``MarianMTModel`` and ``MarianTokenizer``. Multilingual checkpoints choose the
target language with a ``>>xx<<`` token in front of the source.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from workbench.errors import ModelError

#: ``>>xx<<`` tokens tried, in order, for each target language: ours, then OPUS-MT's.
LANGUAGE_TOKENS = {
    "zh": (">>zh<<", ">>cmn_Hans<<", ">>zho_Hans<<", ">>zho<<", ">>cmn<<"),
    "ru": (">>ru<<", ">>rus<<"),
    "en": (">>en<<", ">>eng<<"),
}


def resolve_model_path(name_or_path: str) -> str:
    """A local directory as an absolute path, a hub id unchanged; a clear error otherwise."""
    path = Path(name_or_path).expanduser()
    if path.is_dir():
        if not (path / "config.json").exists():
            raise ModelError(f"{path}: not a model directory (no config.json)")
        return str(path.resolve())
    if path.exists() or name_or_path.startswith((".", "/", "~")) or name_or_path.count("/") > 1:
        raise ModelError(f"{name_or_path}: no such model directory")
    return name_or_path


def model_languages(name_or_path: str) -> tuple[set[str], set[str]] | None:
    """Source and target languages a model declares (tokenizer_config or hub id), if any."""
    path = Path(name_or_path)
    config_file = path / "tokenizer_config.json"
    if config_file.exists():
        config = json.loads(config_file.read_text(encoding="utf-8"))
        source, target = config.get("source_lang"), config.get("target_lang")
        if source and target:
            return set(str(source).split("+")), set(str(target).split("+"))
    stem = path.name.lower()
    if stem.startswith("opus-mt-") and stem.count("-") == 3:
        _, _, source, target = stem.split("-")
        return {source}, {target}
    return None


def language_prefix(tokenizer, target_lang: str, name: str) -> str:
    """``">>zh<< "`` for a multilingual checkpoint, ``""`` for a one-pair one."""
    codes = getattr(tokenizer, "supported_language_codes", None) or []
    if not codes:
        return ""
    for code in LANGUAGE_TOKENS.get(target_lang, ()):
        if code in codes:
            return code + " "
    raise ModelError(
        f"{name}: multilingual model has no target token for {target_lang!r} "
        f"(it knows {', '.join(codes[:8])})"
    )


def load_checkpoint(path: str, allow_pickle: bool, device: str):
    """Load tokenizer and model; safetensors only unless ``allow_pickle``; never remote code."""
    try:
        from transformers import MarianMTModel, MarianTokenizer
    except ImportError as err:  # pragma: no cover - dependency missing
        raise ModelError(f"transformers is not installed: {err}") from err
    offline = os.environ.get("HF_HUB_OFFLINE") == "1"
    try:
        with quiet_on_disk(path):
            tokenizer = MarianTokenizer.from_pretrained(path, local_files_only=offline)
            # transformers 5 keeps the stored dtype; fp16 weights (our shipped model) would
            # then run in fp16 on the CPU, which has no fast fp16 kernels: ten times slower.
            model = MarianMTModel.from_pretrained(
                path, use_safetensors=None if allow_pickle else True, trust_remote_code=False,
                local_files_only=offline, dtype=_compute_dtype(device),
            )
    except (OSError, ValueError, KeyError, TypeError) as err:  # TypeError: tokenizer files missing
        raise ModelError(f"cannot load model {path}: {_load_hint(path, err, offline)}") from err
    model.eval().to(device)
    return tokenizer, model


@contextlib.contextmanager
def quiet_on_disk(path: str):
    """Load from, or save into, a model folder ``path`` on disk without transformers' noise:
    no «Loading weights» / «Writing model shards» bar (a second's work, printed among the
    workbench's own progress and the trainer's log), and no advice to install sacremoses
    (Marian's tokenizer asks for it; our models never use it). A model fetched from the hub
    keeps its bars: a download can take minutes."""
    import warnings

    from transformers.utils import logging as hf_logging

    quiet = Path(path).is_dir() and hf_logging.is_progress_bar_enabled()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*sacremoses.*")
        if quiet:
            hf_logging.disable_progress_bar()
        try:
            yield
        finally:
            if quiet:
                hf_logging.enable_progress_bar()


def _load_hint(path: str, err: Exception, offline: bool) -> str:
    """One line saying what went wrong loading a model, and what to do."""
    if "safetensors" in str(err).lower():
        return f"{str(err).splitlines()[0]} (pass --allow-pickle to load a pytorch_model.bin)"
    if not Path(path).exists() and (offline or isinstance(err, TypeError)):
        return ("not found in the local Hugging Face cache" + (" (HF_HUB_OFFLINE=1)" if offline else "")
                + "; download it once with internet access, or pass a model directory")
    return str(err).splitlines()[0]


def _compute_dtype(device: str):
    """fp32 on CPUs; on GPUs the stored dtype (``"auto"``), fp16 being fast there."""
    import torch

    return torch.float32 if str(device).startswith("cpu") else "auto"
