"""Subcommands of the ``workbench`` CLI, one module each (see :mod:`workbench.cli`).

A module here defines ``register(subparsers)``, which adds its parser and sets
``func`` to a ``run(args) -> int`` function. Keep imports at module level light.
"""
