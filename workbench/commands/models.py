"""``workbench models``: the models installed locally, with their directions and size."""

from __future__ import annotations

import argparse
import json


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "models",
        help="list local models with their directions and size",
        description=(
            "List the model directories under $WORKBENCH_MODELS_DIR, ./models and the shipped models/ "
            "folder. Hub models (e.g. Helsinki-NLP/opus-mt-zh-ru) are named with --model and are not listed."
        ),
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per model")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from workbench.models import local_models

    models = local_models()
    for model in models:
        languages = model["languages"]
        direction = ("+".join(sorted(languages[0])) + " → " + "+".join(sorted(languages[1]))
                     if languages else "unknown")
        if args.json:
            print(json.dumps({"name": model["name"], "path": model["path"], "direction": direction,
                              "bytes": model["bytes"]}, ensure_ascii=False))
        else:
            print(f"{model['name']}\t{direction}\t{model['bytes'] / 1e6:.1f} MB\t{model['path']}")
    if not models and not args.json:
        print("no local models (pass --model with a model directory or a hub id)")
    return 0
