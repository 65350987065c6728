"""The ``workbench`` command line: thin subcommands over library code.

Each subcommand lives in its own module under :mod:`workbench.commands` and
exposes ``register(subparsers)``; modules are discovered, so adding a command
means adding a file. Command modules import heavy libraries only inside their
``run`` functions, which keeps ``workbench --help`` fast.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from workbench import __version__
from workbench.errors import WorkbenchError


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with every subcommand of :mod:`workbench.commands`."""
    import workbench.commands as commands

    parser = argparse.ArgumentParser(
        prog="workbench",
        description="Russian–Chinese translation and glossary workbench.",
    )
    parser.add_argument("--version", action="version", version=f"workbench {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"workbench.commands.{info.name}")
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; a :class:`WorkbenchError` becomes one line on stderr and exit 1."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except WorkbenchError as err:
        print(f"workbench {args.command}: error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("workbench: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
