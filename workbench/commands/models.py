"""``workbench models``: the local models and their adapted versions; ``models use`` picks the default."""

from __future__ import annotations

import argparse
import json


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "models",
        help="list local models and adapted versions; `models use NAME|--base` sets the default",
        description=(
            "List the model directories under $WORKBENCH_MODELS_DIR (else the adapted versions' folder, "
            "~/.local/share/workbench/models), ./models and the shipped models/ folder, with their directions "
            "and size; adapted versions (workbench adapt) also with their base and chrF before → after. "
            "`*` marks the default of a direction. Hub models (e.g. Helsinki-NLP/opus-mt-zh-ru) are named "
            "with --model and are not listed.\n\n"
            "`workbench models use NAME` makes a model (a name as listed, or a folder) the default: an adapted "
            "version for the direction it was adapted for, a base model for every ru/zh direction it declares. "
            "`workbench models use --base [--from ru --to zh]` goes back to the base models. The choice is "
            "kept in defaults.json in the versions' folder; nothing is copied or overwritten."
        ),
    )
    parser.add_argument("action", nargs="?", choices=("use",), help="use: choose the default model")
    parser.add_argument("name", nargs="?", metavar="NAME", help="with use: the model to make the default")
    parser.add_argument("--base", action="store_true", help="with use: go back to the base model(s)")
    parser.add_argument("--from", dest="source_lang", choices=("ru", "zh"),
                        help="with use --base: only this direction (with --to)")
    parser.add_argument("--to", dest="target_lang", choices=("ru", "zh"))
    parser.add_argument("--json", action="store_true", help="one JSON object per model")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.action == "use":
        return _use(args)
    from workbench.models import local_models
    from workbench.versions import read_defaults

    chosen = {entry.get("model"): key for key, entry in read_defaults().items() if isinstance(entry, dict)}
    models = local_models()
    defaults = _effective_defaults()
    for model in models:
        languages = model["languages"]
        direction = ("+".join(sorted(languages[0])) + " → " + "+".join(sorted(languages[1]))
                     if languages else "unknown")
        info = model["adaptation"]
        default_for = sorted(key for key, path in defaults.items() if path == model["path"])
        if args.json:
            row = {"name": model["name"], "path": model["path"], "direction": direction,
                   "bytes": model["bytes"], "default_for": default_for}
            if info:
                row.update(version_of=info.get("base"), adapted_for=info.get("direction"),
                           chrf=info.get("chrf"), guard=info.get("guard"), minutes=info.get("minutes"))
            print(json.dumps(row, ensure_ascii=False))
            continue
        mark = "*" if default_for else " "
        line = f"{mark} {model['name']}\t{direction}\t{model['bytes'] / 1e6:.1f} MB\t{model['path']}"
        if info:
            scores = info.get("chrf", {})
            line += (f"\n    version of {info.get('base')} for {info.get('direction', '?').replace('-', '→')}: "
                     f"held-out chrF {_pair(scores.get('held_out'))}, general chrF {_pair(scores.get('general'))}"
                     + ("" if info.get("guard", {}).get("passed") else " (guard: not passed)"))
        if default_for:
            line += f"\n    default for {', '.join(k.replace('-', '→') for k in default_for)}" + \
                    (" (chosen)" if model["path"] in chosen else "")
        print(line)
    if not models and not args.json:
        print("no local models (pass --model with a model directory or a hub id)")
    return 0


def _pair(scores: dict | None) -> str:
    if not scores:
        return "?"
    return f"{scores.get('before')} → {scores.get('after')}"


def _effective_defaults() -> dict[str, str]:
    """``{"ru-zh": path}``: the model each direction uses without --model (none if there is none)."""
    from workbench.errors import ModelError
    from workbench.models import default_model
    from workbench.versions import DIRECTIONS, direction_key

    out = {}
    for source_lang, target_lang in DIRECTIONS:
        try:
            out[direction_key(source_lang, target_lang)] = default_model(source_lang, target_lang)
        except ModelError:
            pass
    return out


def _use(args: argparse.Namespace) -> int:
    from workbench.errors import InputError
    from workbench.versions import find_model, model_directions, use, use_base

    if args.base:
        if args.name:
            raise InputError("models use: give a NAME or --base, not both")
        if bool(args.source_lang) != bool(args.target_lang):
            raise InputError("models use --base: --from and --to go together")
        directions = [(args.source_lang, args.target_lang)] if args.source_lang else None
        dropped = use_base(directions)
        what = ", ".join(k.replace("-", "→") for k in dropped) if dropped else "no direction had a chosen model"
        print(f"base models are the default again ({what})")
        return 0
    if not args.name:
        raise InputError("models use: name a model (as `workbench models` lists it) or give --base")
    path = find_model(args.name)
    directions = model_directions(path)
    if not directions:
        raise InputError(f"{path}: declares no ru/zh direction (source_lang/target_lang in tokenizer_config.json)")
    keys = use(path, directions)
    print(f"{path.name} is now the default for {', '.join(k.replace('-', '→') for k in keys)}")
    return 0
