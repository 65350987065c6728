"""Model versions: adapted models, which one is the default per direction, and going back.

``workbench adapt`` never changes a model in place: it writes a new OPUS-MT
directory, a *version* of its base, whose ``adaptation.json`` card names the base,
the direction it was adapted for and its scores. Versions live in
:func:`versions_dir` (``$WORKBENCH_MODELS_DIR``, else ``models/`` next to the
default review store, ``~/.local/share/workbench/models``).

The choice of default is one small JSON file there, ``defaults.json``::

    {"ru-zh": {"model": "/…/ruzh-marian-small.ru-zh.20261205-1602", "set_at": "2026-12-05T16:02:11Z"}}

:func:`workbench.models.default_model` reads it first; a direction without an entry
(or whose model was deleted) falls back to the first base model that declares it,
so removing the file, or ``workbench models use --base``, is the rollback.
The file is written atomically.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from workbench.engine.checkpoint import model_languages
from workbench.errors import ModelVersionError
from workbench.languages import DIRECTIONS as LANGUAGE_DIRECTIONS
from workbench.store.db import default_db_path, utc_now
from workbench.textio import write_text_atomic

CARD = "adaptation.json"
"""The machine-readable card of an adapted model (the README.md beside it is for people)."""

DEFAULTS_FILE = "defaults.json"
DIRECTIONS = LANGUAGE_DIRECTIONS


def versions_dir() -> Path:
    """Where adapted models are written and ``defaults.json`` is kept (not created here)."""
    from workbench.models import MODELS_ENV

    if os.environ.get(MODELS_ENV):
        return Path(os.environ[MODELS_ENV]).expanduser()
    return default_db_path().parent / "models"


def card(path: str | Path) -> dict | None:
    """The ``adaptation.json`` of a model directory, or ``None`` for a base model."""
    file = Path(path) / CARD
    if not file.is_file():
        return None
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None


def direction_key(source_lang: str, target_lang: str) -> str:
    return f"{source_lang}-{target_lang}"


def read_defaults(folder: Path | None = None) -> dict:
    """The chosen default per direction (``{}`` when nothing was chosen or the file is unreadable)."""
    file = (folder or versions_dir()) / DEFAULTS_FILE
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def chosen_model(source_lang: str, target_lang: str) -> str | None:
    """The model chosen for this direction, if one was chosen and still exists."""
    entry = read_defaults().get(direction_key(source_lang, target_lang))
    path = Path(entry["model"]) if isinstance(entry, dict) and entry.get("model") else None
    return str(path) if path is not None and (path / "config.json").is_file() else None


def _write_defaults(data: dict, folder: Path | None = None) -> None:
    folder = folder or versions_dir()
    folder.mkdir(parents=True, exist_ok=True)
    write_text_atomic(folder / DEFAULTS_FILE, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def use(path: str | Path, directions: list[tuple[str, str]]) -> list[str]:
    """Make the model at *path* the default for *directions*; returns the direction keys set."""
    path = Path(path).resolve()
    if not (path / "config.json").is_file():
        raise ModelVersionError(f"{path}: not a model directory (no config.json)")
    data = read_defaults()
    keys = [direction_key(s, t) for s, t in directions]
    for key in keys:
        data[key] = {"model": str(path), "set_at": utc_now()}
    _write_defaults(data)
    return keys


def use_base(directions: list[tuple[str, str]] | None = None) -> list[str]:
    """Forget the chosen defaults (of *directions*, else all): the base models are used again.

    Returns the direction keys that had a chosen model.
    """
    data = read_defaults()
    keys = list(data) if directions is None else [direction_key(s, t) for s, t in directions]
    dropped = [key for key in keys if data.pop(key, None) is not None]
    if dropped:
        _write_defaults(data)
    return dropped


def model_directions(path: str | Path) -> list[tuple[str, str]]:
    """The ru/zh directions a model is the default for when chosen.

    An adapted version: the direction it was adapted for. A base model: every ru/zh
    direction its ``tokenizer_config.json`` declares.
    """
    info = card(path)
    if info and info.get("direction"):
        source_lang, target_lang = info["direction"].split("-")
        return [(source_lang, target_lang)]

    declared = model_languages(str(path))
    if not declared:
        return []
    return [(s, t) for s, t in DIRECTIONS if s in declared[0] and t in declared[1]]


def find_model(name: str) -> Path:
    """A local model by directory name (as ``workbench models`` lists it) or by path."""
    from workbench.models import local_models

    candidate = Path(name).expanduser()
    if candidate.is_dir():
        return candidate.resolve()
    for model in local_models():
        if model["name"] == name:
            return Path(model["path"]).resolve()
    known = ", ".join(sorted(m["name"] for m in local_models())) or "none"
    raise ModelVersionError(f"no local model named {name!r} (known: {known})")
