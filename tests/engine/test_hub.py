"""A hub id loads offline from the Hugging Face cache (as a user's cached OPUS-MT checkpoint would)."""

from __future__ import annotations

import shutil

import pytest

from workbench.errors import ModelError


def _fake_hub_cache(root, repo_id, model_dir):
    """Lay out ``model_dir`` as huggingface_hub caches a downloaded repository."""
    commit = "0123456789abcdef0123456789abcdef01234567"
    repo = root / ("models--" + repo_id.replace("/", "--"))
    snapshot = repo / "snapshots" / commit
    shutil.copytree(model_dir, snapshot)
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(commit)
    return root


def test_hub_id_loads_from_cache_offline(tiny_model, tmp_path, monkeypatch):
    from workbench.engine.scheduler import MarianTranslator

    cache = _fake_hub_cache(tmp_path / "hub", "Helsinki-NLP/opus-mt-ru-zh", tiny_model)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    import huggingface_hub.constants as constants

    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(cache))
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    translator = MarianTranslator("Helsinki-NLP/opus-mt-ru-zh", "ru", "zh")
    assert translator.translate(["Якутск."], num_beams=1)[0].text


def test_uncached_hub_id_offline_is_one_clear_error(tmp_path, monkeypatch):
    from workbench.engine.scheduler import MarianTranslator

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    import huggingface_hub.constants as constants

    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "empty"))
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    with pytest.raises(ModelError, match="cannot load model Helsinki-NLP/opus-mt-xx-yy: not found in the local Hugging Face cache"):
        MarianTranslator("Helsinki-NLP/opus-mt-xx-yy", "ru", "zh")
