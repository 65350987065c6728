"""The fast path: CTranslate2 (int8 on CPU) for segments without glossary terms.

CTranslate2 has no lexical constraints, so it serves only the segments whose
source holds no glossary term; the constrained decoder handles the rest. The
checkpoint is converted once and cached under ``$WORKBENCH_CACHE_DIR`` (else
``$XDG_CACHE_HOME/workbench``, else ``~/.cache/workbench``), keyed by the
model's path and weights, so a retrained model is converted again.

CTranslate2 starts every Marian decoder from a zero vector; transformers, and
so training, start it from the start token's (``<pad>``'s) embedding row. The
conversion folds that row into the decoder's first position (see
:func:`fold_start_row`), so the fast path decodes the model that was trained.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import shutil
import tempfile
from pathlib import Path

from workbench.engine.checkpoint import quiet_on_disk
from workbench.errors import ModelError

log = logging.getLogger(__name__)

CACHE_ENV = "WORKBENCH_CACHE_DIR"


def available() -> bool:
    """Whether the ``ctranslate2`` package is installed."""
    return importlib.util.find_spec("ctranslate2") is not None


def cache_dir() -> Path:
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "workbench"


CONVERSION = "start-row-1"  # bump when the conversion itself changes: cached models are converted again


def _fingerprint(model_path: str, quantization: str) -> str:
    path = Path(model_path)
    parts = [str(path.resolve() if path.exists() else model_path), quantization, CONVERSION]
    for name in ("model.safetensors", "pytorch_model.bin", "config.json"):
        weights = path / name
        if weights.exists():
            stat = weights.stat()
            parts.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:16]


def converted_model(model_path: str, quantization: str = "int8") -> Path:
    """The CTranslate2 conversion of a Marian checkpoint, converting it on first use.

    The conversion goes to a temporary folder that is renamed into place, so
    an interrupted conversion never leaves a half-written model in the cache.
    """
    target = cache_dir() / "ct2" / f"{Path(model_path).name}-{_fingerprint(model_path, quantization)}"
    if (target / "model.bin").exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".converting-", dir=target.parent))
    try:
        with quiet_on_disk(model_path):
            _converter(model_path).convert(str(scratch / "model"), quantization=quantization, force=True)
        os.replace(scratch / "model", target)
    except FileExistsError:
        pass  # another process converted it meanwhile
    except Exception as err:  # the converter raises many kinds; all mean "no fast path"
        raise ModelError(f"cannot convert {model_path} for CTranslate2: {err}") from err
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target


def _converter(model_path: str):
    """CTranslate2's converter for ``model_path``, with the start row folded in (:func:`fold_start_row`)."""
    from ctranslate2.converters import TransformersConverter

    class StartRowConverter(TransformersConverter):
        def load_model(self, model_class, model_name_or_path, **kwargs):
            self.model = super().load_model(model_class, model_name_or_path, **kwargs)
            return self.model

        def _load(self):
            spec = super()._load()
            fold_start_row(spec, self.model)
            return spec

    return StartRowConverter(model_path)


def fold_start_row(spec, model) -> bool:
    """Add the decoder start token's scaled embedding to the first decoder position; True if it was not zero.

    CTranslate2 reads a Marian decoder's first input as zero plus position 0. The
    start token is only ever read at position 0, so adding its row there makes
    CTranslate2 compute what transformers computes, for every checkpoint. For
    OPUS-MT checkpoints (a zero row) nothing changes; the shipped model was
    trained with a row of norm 0.2 (3.2 after scaling): decoded from zero, it
    wrote more stray first pieces and scored 0.02-0.42 chrF lower on each of six
    dev sets.
    """
    import torch

    if getattr(model.config, "model_type", None) != "marian":
        return False
    decoder = model.get_decoder()
    row = decoder.embed_tokens.weight[model.config.decoder_start_token_id].detach().float()
    if not row.any():
        return False
    positions = torch.as_tensor(spec.decoder.position_encodings.encodings).detach().float().clone()
    positions[0] += row * float(decoder.embed_scale)
    spec.decoder.position_encodings.encodings = positions
    return True


class CT2Decoder:
    """Unconstrained beam search with CTranslate2 over token strings of the Marian vocabulary."""

    def __init__(self, model_path: str, *, device: str = "cpu", quantization: str = "int8",
                 threads: int | None = None, repetition_penalty: float = 1.0, length_penalty: float = 1.0):
        import ctranslate2

        self.repetition_penalty = repetition_penalty
        self.length_penalty = length_penalty
        self.path = converted_model(model_path, quantization)
        if threads is None:
            threads = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        # One thread per batch, batches in parallel: on a small model, intra-op threads
        # mostly wait on each other, and their spinning OpenMP workers also slow the
        # torch decoder running next in this process (bench_speed: 3x slower CT2 and
        # 2x slower torch with intra_threads=2 on 2 cores).
        self.threads = max(1, threads)
        self.translator = ctranslate2.Translator(str(self.path), device=device, compute_type=quantization,
                                                 inter_threads=self.threads, intra_threads=1)

    def decode(self, source_tokens: list[list[str]], *, num_beams: int, max_new_tokens: int,
               num_hypotheses: int = 1) -> list[list[tuple[list[str], bool]]]:
        """Target token strings per source and whether each ended before the length limit."""
        return self.decode_later(source_tokens, num_beams=num_beams, max_new_tokens=max_new_tokens,
                                 num_hypotheses=num_hypotheses, asynchronous=False)()

    def decode_later(self, source_tokens: list[list[str]], *, num_beams: int, max_new_tokens: int,
                     num_hypotheses: int = 1, asynchronous: bool = True):
        """Start :meth:`decode` on CTranslate2's own threads; returns a function that waits for it.

        The engine starts the sentences without terms this way and runs the
        constrained searches meanwhile: the two overlap on the cores (the torch
        search leaves one idle while it does its Python bookkeeping).
        """
        results = self.translator.translate_batch(
            source_tokens, beam_size=num_beams, max_decoding_length=max_new_tokens,
            max_input_length=0, disable_unk=True, num_hypotheses=num_hypotheses,
            repetition_penalty=self.repetition_penalty, length_penalty=self.length_penalty,
            max_batch_size=self._batch_size(len(source_tokens)), asynchronous=asynchronous,
        )

        def wait() -> list[list[tuple[list[str], bool]]]:
            done = [result.result() for result in results] if asynchronous else results
            return [[(tokens, len(tokens) < max_new_tokens) for tokens in result.hypotheses]
                    for result in done]

        return wait

    def _batch_size(self, sentences: int) -> int:
        """Sub-batches small enough that every thread gets work (CTranslate2 sorts them by length)."""
        return max(1, min(8, -(-sentences // self.threads)))
