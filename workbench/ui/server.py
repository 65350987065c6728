"""Command-line options of the review workbench server, shared by ``app.py`` and ``workbench serve``."""

from __future__ import annotations

import argparse
import sys


def add_server_arguments(parser: argparse.ArgumentParser) -> None:
    """``--host --port --db --model --glossary --general --auth`` (the same for ``app.py`` and ``workbench serve``)."""
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0 opens it "
                             "to the network: use --auth then)")
    parser.add_argument("--port", type=int, default=7860, help="port (default: 7860)")
    parser.add_argument("--db", metavar="PATH",
                        help="the store (default: $WORKBENCH_DB, else ~/.local/share/workbench/workbench.db)")
    parser.add_argument("--model", metavar="NAME_OR_PATH", help="model for the machine drafts "
                        "(default: the shipped model for each direction)")
    parser.add_argument("--glossary", action="append", metavar="PATH",
                        help="term file or folder (repeatable; default: the default glossaries)")
    parser.add_argument("--general", metavar="DIR",
                        help="general corpus that 'Adapt the model' mixes in and checks against (a shared/data "
                             "folder, or train.ru/train.zh + dev.ru/dev.zh; default: $WORKBENCH_GENERAL_DATA, "
                             "else a shared/data beside the checkout)")
    parser.add_argument("--auth", metavar="FILE",
                        help="password file (lines user:pbkdf2_sha256$iterations$salt$hash); without it "
                             "there is no login and edits are recorded as 'translator'")


def serve(args: argparse.Namespace, *, block: bool = True):
    """Open the store, build the app and launch it; blocks until interrupted unless *block* is false."""
    from workbench.store import Store
    from workbench.ui import build_app, launch_app

    store = Store(args.db)
    app = build_app(store, model=args.model, glossary_paths=args.glossary, auth=args.auth,
                    general=args.general)
    print(f"review workbench on http://{args.host}:{args.port}/ (store {store.path})", file=sys.stderr, flush=True)
    app.workbench.drafting.resume()  # documents a stopped server left half-drafted
    launch_app(app, host=args.host, port=args.port, prevent_thread_lock=not block)
    return app
