"""Where models come from: the shipped ones under ``models/``, local paths, hub ids.

A model directory declares its languages in ``tokenizer_config.json``
(``source_lang``/``target_lang``, ``+``-joined for multilingual models such as
``ru+zh+en``). Without ``--model`` the first shipped model that declares the
wanted direction is used.
"""

from __future__ import annotations

import os
from pathlib import Path

from workbench.errors import ModelError

MODELS_ENV = "WORKBENCH_MODELS_DIR"


def models_dirs() -> list[Path]:
    """Folders searched for local models: ``$WORKBENCH_MODELS_DIR``, ``./models``, the shipped ``models/``."""
    dirs = []
    if os.environ.get(MODELS_ENV):
        dirs.append(Path(os.environ[MODELS_ENV]))
    dirs.append(Path.cwd() / "models")
    dirs.append(Path(__file__).resolve().parents[1] / "models")
    unique = []
    for folder in dirs:
        if folder.is_dir() and folder.resolve() not in [u.resolve() for u in unique]:
            unique.append(folder)
    return unique


def local_models() -> list[dict]:
    """Every model directory found, with its declared directions and size on disk."""
    from workbench.engine.marian import model_languages

    found = []
    for folder in models_dirs():
        for config in sorted(folder.glob("*/config.json")):
            path = config.parent
            languages = model_languages(str(path))
            size = sum(f.stat().st_size for f in path.iterdir() if f.is_file())
            found.append({"name": path.name, "path": str(path), "languages": languages, "bytes": size})
    return found


def default_model(source_lang: str, target_lang: str) -> str:
    """The path of a shipped model for this direction, or a clear error."""
    for model in local_models():
        languages = model["languages"]
        if languages and source_lang in languages[0] and target_lang in languages[1]:
            return model["path"]
    searched = ", ".join(str(d) for d in models_dirs()) or "no models/ folder"
    raise ModelError(
        f"no local model for {source_lang}→{target_lang} (searched {searched}); "
        f"pass --model with a model directory or a hub id such as Helsinki-NLP/opus-mt-{source_lang}-{target_lang}"
    )


def load_translator(model: str | None, source_lang: str, target_lang: str, **options):
    """A :class:`~workbench.engine.marian.MarianTranslator` for the model or the default one."""
    from workbench.engine.marian import MarianTranslator, model_languages

    if source_lang == target_lang:
        raise ModelError(f"source and target language are both {source_lang!r}")
    name = model or default_model(source_lang, target_lang)
    declared = model_languages(name)
    if declared and not (source_lang in declared[0] and target_lang in declared[1]):
        raise ModelError(
            f"{name} translates {'+'.join(sorted(declared[0]))}→{'+'.join(sorted(declared[1]))}, "
            f"not {source_lang}→{target_lang}"
        )
    return MarianTranslator(name, source_lang, target_lang, **options)
