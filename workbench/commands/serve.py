"""``workbench serve``: the review workbench in the browser (and ``--hash-password`` for its login file)."""

from __future__ import annotations

import argparse


def register(subparsers) -> None:
    from workbench.ui.server import add_server_arguments

    parser = subparsers.add_parser(
        "serve", help="start the review workbench (a web UI over the review store)",
        description="Serve the review workbench: import documents, review machine drafts segment by segment, "
                    "export. Listens on 127.0.0.1 unless --host says otherwise.")
    add_server_arguments(parser)
    parser.add_argument("--hash-password", metavar="USER",
                        help="print a password-file line for USER (the password is asked for, or read from "
                             "stdin) and exit")
    parser.add_argument("--role", choices=("translator", "reviewer"),
                        help="with --hash-password: the user's role, written at the end of the line "
                             "(without it the line names none: a translator, or everyone in a file without roles)")
    parser.set_defaults(func=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    if args.hash_password:
        from workbench.ui.auth import ask_password, password_line

        line = password_line(args.hash_password, ask_password())
        print(f"{line}:{args.role}" if args.role else line)
        return 0
    from workbench.ui.server import serve

    serve(args)
    return 0
