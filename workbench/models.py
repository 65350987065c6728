"""Where models come from: the shipped ones under ``models/``, local paths, hub ids.

A model directory declares its languages in ``tokenizer_config.json``
(``source_lang``/``target_lang``, ``+``-joined for multilingual models such as
``ru+zh+en``). Without ``--model`` the model chosen for the direction
(``workbench models use``, :mod:`workbench.versions`) is used, else the first
base model that declares the wanted direction. Adapted versions
(``workbench adapt``) are never picked by name order: only by that choice.
"""

from __future__ import annotations

from pathlib import Path

from workbench.engine.checkpoint import model_languages
from workbench.engine.pivot import PivotTranslator
from workbench.engine.scheduler import MarianTranslator
from workbench.errors import ModelError
from workbench.versions import card, chosen_model, versions_dir

MODELS_ENV = "WORKBENCH_MODELS_DIR"


def models_dirs() -> list[Path]:
    """Folders searched for local models: ``$WORKBENCH_MODELS_DIR`` (else the adapted versions'
    folder, ``models/`` beside the default store), ``./models``, the shipped ``models/``."""
    dirs = [versions_dir()]
    dirs.append(Path.cwd() / "models")
    dirs.append(Path(__file__).resolve().parents[1] / "models")
    unique = []
    for folder in dirs:
        if folder.is_dir() and folder.resolve() not in [u.resolve() for u in unique]:
            unique.append(folder)
    return unique


def local_models() -> list[dict]:
    """Every model directory found, with its declared directions and size on disk."""

    found = []
    for folder in models_dirs():
        for config in sorted(folder.glob("*/config.json")):
            path = config.parent
            languages = model_languages(str(path))
            size = sum(f.stat().st_size for f in path.iterdir() if f.is_file())
            found.append({"name": path.name, "path": str(path), "languages": languages, "bytes": size,
                          "adaptation": card(path)})
    return found


def base_model(source_lang: str, target_lang: str) -> str:
    """The first base (not adapted) local model that declares this direction, or a clear error."""
    for model in local_models():
        if model["adaptation"] is not None:
            continue
        languages = model["languages"]
        if languages and source_lang in languages[0] and target_lang in languages[1]:
            return model["path"]
    searched = ", ".join(str(d) for d in models_dirs()) or "no models/ folder"
    raise ModelError(
        f"no local model for {source_lang}→{target_lang} (searched {searched}); "
        f"pass --model with a model directory, a hub id, or a pivot chain such as "
        f"Helsinki-NLP/opus-mt-{source_lang}-en,Helsinki-NLP/opus-mt-en-{target_lang}"
    )


def default_model(source_lang: str, target_lang: str) -> str:
    """The model chosen for this direction (``workbench models use``), else :func:`base_model`."""
    return chosen_model(source_lang, target_lang) or base_model(source_lang, target_lang)


PIVOT_SEPARATOR = ","


def load_translator(model: str | None, source_lang: str, target_lang: str, **options):
    """A translator for the model, a pivot chain (``A,B``), or the default model.

    A chain such as ``Helsinki-NLP/opus-mt-ru-en,Helsinki-NLP/opus-mt-en-zh``
    translates through the middle language(s) its models declare.
    """
    if source_lang == target_lang:
        raise ModelError(f"source and target language are both {source_lang!r}")
    if model and PIVOT_SEPARATOR in model:
        return _load_chain(model.split(PIVOT_SEPARATOR), source_lang, target_lang, **options)
    return _load_single(model, source_lang, target_lang, **options)


def _load_chain(names: list[str], source_lang: str, target_lang: str, **options):
    """Each leg's languages come from its model's declaration; they must link up."""
    names = [n.strip() for n in names if n.strip()]
    legs, current = [], source_lang
    for position, name in enumerate(names):
        if position == len(names) - 1:
            following = target_lang
        else:
            declared = model_languages(name)
            targets = sorted(declared[1] - {current}) if declared else []
            if len(targets) != 1:
                raise ModelError(f"{name}: cannot tell which language this pivot leg produces "
                                 f"(declare target_lang in tokenizer_config.json or use an opus-mt-xx-yy name)")
            following = targets[0]
        legs.append(_load_single(name, current, following, **options))
        current = following
    return PivotTranslator(legs)


def _load_single(model: str | None, source_lang: str, target_lang: str, **options):
    name = model or default_model(source_lang, target_lang)
    declared = model_languages(name)
    if declared and not (source_lang in declared[0] and target_lang in declared[1]):
        raise ModelError(
            f"{name} translates {'+'.join(sorted(declared[0]))}→{'+'.join(sorted(declared[1]))}, "
            f"not {source_lang}→{target_lang}"
        )
    return MarianTranslator(name, source_lang, target_lang, **options)
