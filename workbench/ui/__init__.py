"""The review workbench: a Gradio UI over the SQLite review store.

Translators import a press release, get machine drafts under the glossary in
the background (:mod:`.drafting`), and review it segment by segment: terms
highlighted with their agreed translations, translation-memory matches,
alternatives from the model, QA findings, history, and optimistic locking so
that two translators never overwrite each other silently (:mod:`.review`).

This package is Gradio wiring (:mod:`.app`) over small modules of plain
logic; importing it does not import Gradio — :func:`build_app` does.
"""

from __future__ import annotations


def build_app(store, **options):
    """See :func:`workbench.ui.app.build_app`."""
    from workbench.ui.app import build_app as build

    return build(store, **options)


def launch_app(app, **options):
    """See :func:`workbench.ui.app.launch_app`."""
    from workbench.ui.app import launch_app as launch

    return launch(app, **options)


__all__ = ["build_app", "launch_app"]
