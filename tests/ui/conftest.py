"""Fixtures of the review-workbench tests (helpers are in ``ui_support.py``)."""

from __future__ import annotations

import pytest

pytest.importorskip("gradio")
pytest.importorskip("gradio_client")


@pytest.fixture
def fake_factory():
    """A translator factory for ``build_app``: an instant fake engine (no model)."""
    from ui_support import FakeTranslator

    return FakeTranslator


def pytest_collection_modifyitems(items):
    # Gradio's queue calls pandas options that pandas 3 deprecates; not ours to fix.
    for item in items:
        if "tests/ui/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.filterwarnings("ignore:.*(no_silent_downcasting|copy keyword)"))
