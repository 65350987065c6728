"""``workbench adapt``: a tiny model learns its pairs, the guard, versions and rollback, bad input.

The model is the tiny random test model; the adaptation pairs are the glossary's own terms (the
tiny vocabulary spells them all) and the general corpus is a folder of ``train.ru/zh`` and
``dev.ru/zh`` made from ``tests/data``. ``WORKBENCH_MODELS_DIR`` points each test at its own
versions folder, so ``defaults.json`` starts empty.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.conftest import glossary_pairs, write_general_corpus
from workbench.cli import main

FAST = dict(epochs=12, lr=3e-3, warmup=5, max_tokens=600, threads=1, general_dev_lines=8, max_minutes=5)


@pytest.fixture
def versions(tmp_path, monkeypatch):
    folder = tmp_path / "versions"
    monkeypatch.setenv("WORKBENCH_MODELS_DIR", str(folder))
    return folder


@pytest.fixture(scope="module")
def general(tmp_path_factory) -> Path:
    return write_general_corpus(tmp_path_factory.mktemp("general"))


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        if path.is_file():
            h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()


def mean_loss(model_dir: Path, pairs: list[tuple[str, str]]) -> float:
    """Per-token cross-entropy of the targets given the sources (teacher forcing)."""
    import random as _random

    import torch

    from workbench.train.adapt import language_prefix
    from workbench.train.loop import TokenStore, batch_loss, encode, load_model_dir, make_batches

    model, tok = load_model_dir(model_dir)
    prefix = language_prefix(tok, "zh")
    encoded = encode(tok, [prefix + s for s, _ in pairs], [t for _, t in pairs], 256)
    store = TokenStore(encoded, tok.pad_token_id, torch.device("cpu"))
    total = count = 0.0
    model.eval()
    with torch.no_grad():
        for idx in make_batches(encoded, 2000, _random.Random(0)):
            batch, ntok, _ = store.batch(idx)
            loss, n = batch_loss(model, batch, 0.0, ntok)
            total, count = total + float(loss), count + n
    return total / count


def test_a_tiny_model_fits_its_pairs_better_after_adapting(tiny_model, versions, general):
    from workbench.train.adapt import AdaptOptions, adapt, split_held_out
    from workbench.versions import chosen_model

    pairs = glossary_pairs()
    before_digest = digest(tiny_model)
    stages = []
    result = adapt(pairs, "ru", "zh", model=str(tiny_model), general=general, origin="glossary terms",
                   options=AdaptOptions(**FAST), progress=lambda stage, done, total: stages.append(stage))
    assert result.path.parent == versions and result.path.name.startswith("model.ru-zh.")
    trained, _ = split_held_out(pairs, 0.1, 200, seed=1)  # the pairs adapt() trained on
    held = result.card["segments"]["held_out"]
    assert result.card["segments"] == {"adaptation": 60, "trained": 60 - held, "held_out": held,
                                       "general_mixed": 16, "general_dev": 8}  # the general pool has 16
    assert mean_loss(result.path, trained) < mean_loss(tiny_model, trained) - 0.5
    assert digest(tiny_model) == before_digest  # the base is never written to
    # the new directory is a complete OPUS-MT model with its card
    for name in ("config.json", "model.safetensors", "source.spm", "target.spm", "vocab.json",
                 "tokenizer_config.json", "generation_config.json", "README.md", "adaptation.json"):
        assert (result.path / name).is_file(), name
    card = json.loads((result.path / "adaptation.json").read_text(encoding="utf-8"))
    assert card["direction"] == "ru-zh" and card["parent"] == str(tiny_model.resolve())
    assert set(card["chrf"]) == {"held_out", "general"} and card["minutes"] > 0
    assert "chrF on" in (result.path / "README.md").read_text(encoding="utf-8")
    assert {"scoring", "training", "writing"} <= set(stages)
    # a random model's general chrF is ~0 before and after: the guard lets it through, it is the default
    assert result.made_default == result.card["guard"]["passed"]
    if result.made_default:
        assert chosen_model("ru", "zh") == str(result.path)
    assert not list(versions.glob(".*partial*"))

    # usable with --model like any model directory
    from workbench.engine.scheduler import MarianTranslator

    [hyp] = MarianTranslator(str(result.path), "ru", "zh", fast_path="off").translate(["Хэйхэ"])
    assert isinstance(hyp.text, str)


def _scripted_chrf(monkeypatch, scores: dict[str, list[float]]):
    """Replace scoring: held-out and general chrF (before, after) come from *scores*.

    adapt() scores in this order: held-out before, general before, held-out after, general after.
    """
    order = iter([scores["held_out"][0], scores["general"][0], scores["held_out"][1], scores["general"][1]])
    monkeypatch.setattr("workbench.train.adapt.chrf", lambda model_dir, pairs, source_lang, target_lang: next(order))


def test_the_guard_refuses_a_model_that_got_worse_on_general_text(tiny_model, versions, general, monkeypatch,
                                                                   tmp_path, capsys):
    from workbench.versions import chosen_model

    _scripted_chrf(monkeypatch, {"held_out": [20.0, 31.0], "general": [30.0, 29.2]})
    source, target = tmp_path / "a.ru", tmp_path / "a.zh"
    pairs = glossary_pairs()
    source.write_text("\n".join(s for s, _ in pairs) + "\n", encoding="utf-8")
    target.write_text("\n".join(t for _, t in pairs) + "\n", encoding="utf-8")
    args = ["adapt", "--source", str(source), "--target", str(target), "--from", "ru", "--to", "zh",
            "--model", str(tiny_model), "--general", str(general), "--epochs", "1", "--threads", "1"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "general chrF 30.0 → 29.2" in out
    [refusal] = [line for line in out.splitlines() if line.startswith("not made the default")]
    assert refusal.startswith("not made the default for ru→zh: general chrF dropped 0.80 points (30.0 → 29.2), "
                              "more than 0.5 (--force, or `workbench models use model.ru-zh.")
    assert chosen_model("ru", "zh") is None  # the default is untouched
    [written] = [p for p in versions.iterdir() if p.is_dir()]
    card = json.loads((written / "adaptation.json").read_text(encoding="utf-8"))
    assert card["guard"]["passed"] is False and card["chrf"]["general"] == {"before": 30.0, "after": 29.2}

    # --force makes such a model the default anyway, and says so
    _scripted_chrf(monkeypatch, {"held_out": [20.0, 31.0], "general": [30.0, 29.2]})
    assert main(args + ["--force"]) == 0
    assert "(--force: the guard refused it)" in capsys.readouterr().out
    assert chosen_model("ru", "zh") is not None


def test_a_drop_within_the_limit_passes_the_guard():
    from workbench.train.adapt import guard

    assert guard(30.0, 29.6) == (True, "")
    assert guard(30.0, 29.4)[0] is False
    passed, reason = guard(None, None)
    assert passed is False and "could not be measured" in reason


def test_versions_are_listed_and_rollback_restores_the_base(tiny_model, versions, general, monkeypatch, capsys):
    from workbench.models import default_model
    from workbench.train.adapt import AdaptOptions, adapt

    base_default = default_model("ru", "zh")
    _scripted_chrf(monkeypatch, {"held_out": [10.0, 14.5], "general": [20.0, 20.1]})
    result = adapt(glossary_pairs(), "ru", "zh", model=str(tiny_model), general=general,
                   options=AdaptOptions(**dict(FAST, epochs=1)))
    assert result.made_default
    assert default_model("ru", "zh") == str(result.path)
    assert default_model("zh", "ru") == base_default  # only the adapted direction changes

    assert main(["models"]) == 0
    listing = capsys.readouterr().out
    assert f"* {result.path.name}" in listing
    assert "held-out chrF 10.0 → 14.5, general chrF 20.0 → 20.1" in listing
    assert main(["models", "--json"]) == 0
    rows = {r["name"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert rows[result.path.name]["default_for"] == ["ru-zh"]
    assert rows[result.path.name]["version_of"] == str(tiny_model.resolve())

    assert main(["models", "use", "--base"]) == 0
    assert "ru→zh" in capsys.readouterr().out
    assert default_model("ru", "zh") == base_default
    assert result.path.is_dir()  # going back deletes nothing

    assert main(["models", "use", result.path.name]) == 0
    assert capsys.readouterr().out.strip() == f"{result.path.name} is now the default for ru→zh"
    assert default_model("ru", "zh") == str(result.path)


def test_an_interrupted_adaptation_leaves_the_default_untouched(tiny_model, versions, general):
    from workbench.train.adapt import AdaptOptions, adapt
    from workbench.versions import chosen_model

    def interrupt(stage, done, total):
        if stage == "training" and done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        adapt(glossary_pairs(), "ru", "zh", model=str(tiny_model), general=general,
              options=AdaptOptions(**FAST), progress=interrupt)
    assert chosen_model("ru", "zh") is None
    assert not versions.exists() or list(versions.iterdir()) == []  # no model, no half-written folder


def test_too_few_approved_segments_is_a_clear_error_and_trains_nothing(tiny_model, versions, tmp_path, capsys):
    from workbench.store import Store

    db = tmp_path / "few.db"
    pairs = glossary_pairs(12)
    with Store(db) as store:
        store.create_document("few", "ru", "zh", [[s for s, _ in pairs]], ["", ""],
                              targets=[(t, "approved") for _, t in pairs[:10]] + [(pairs[10][1], "translated"), None])
        assert len(store.approved_pairs("ru", "zh")) == 10
        assert store.approved_pairs("zh", "ru") == []
    code = main(["adapt", "--db", str(db), "--from", "ru", "--to", "zh", "--model", str(tiny_model)])
    assert code == 1
    assert capsys.readouterr().err.strip() == (
        "workbench adapt: error: only 10 ru→zh pair(s) to adapt on; at least 50 are needed "
        "(approve more segments); nothing was trained")
    assert not versions.exists()


def test_mismatched_line_counts_name_the_file_and_line(tmp_path, capsys):
    source, target = tmp_path / "a.ru", tmp_path / "b.zh"
    source.write_text("один\nдва\nтри\nчетыре\n", encoding="utf-8")
    target.write_text("一\n二\n三\n", encoding="utf-8")
    assert main(["adapt", "--source", str(source), "--target", str(target), "--from", "ru", "--to", "zh"]) == 1
    assert capsys.readouterr().err.strip() == (
        f"workbench adapt: error: {source}:4: no line 4 in {target} to pair it with "
        f"({source} has 4 lines, {target} has 3)")


def test_using_an_unknown_model_is_one_clear_line(versions, capsys):
    assert main(["models", "use", "no-such-model"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("workbench models: error: no local model named 'no-such-model' (known: ")
    assert not (versions / "defaults.json").exists()
