"""Pivot chains over two tiny local models, `workbench models` and `workbench evaluate`."""

from __future__ import annotations

import json

import pytest

from tests.conftest import DATA, build_tiny_model
from workbench.cli import main


@pytest.fixture(scope="module")
def pivot_models(tmp_path_factory):
    english = (DATA / "corpus.en.txt").read_text(encoding="utf-8")
    first = build_tiny_model(tmp_path_factory.mktemp("ru-en"), multilingual=False,
                             source_lang="ru", target_lang="en", seed=1, extra_text=english)
    second = build_tiny_model(tmp_path_factory.mktemp("en-zh"), multilingual=False,
                              source_lang="en", target_lang="zh", seed=2, extra_text=english)
    return first, second


def test_pivot_chain_enforces_terms_on_the_last_leg(pivot_models, glossary):
    from workbench.engine.pivot import PivotTranslator
    from workbench.models import load_translator
    from workbench.pipeline import Pipeline

    first, second = pivot_models
    translator = load_translator(f"{first},{second}", "ru", "zh")
    assert isinstance(translator, PivotTranslator)
    assert [(leg.source_lang, leg.target_lang) for leg in translator.legs] == [("ru", "en"), ("en", "zh")]
    pipeline = Pipeline(translator, glossary, num_beams=2)
    [result] = pipeline.translate_sentences(["Делегация города Хэйхэ прибыла в Якутск."])
    assert {t.term.ru for t in result.terms} >= {"Хэйхэ", "Якутск"}
    assert all(t.present for t in result.terms)
    assert "黑河" in result.output and "雅库茨克" in result.output


def test_a_chain_that_does_not_link_up_is_refused(pivot_models):
    from workbench.errors import ModelError
    from workbench.models import load_translator

    first, second = pivot_models
    with pytest.raises(ModelError):
        load_translator(f"{second},{first}", "ru", "zh")


def test_models_lists_local_models_with_directions(pivot_models, monkeypatch, capsys):
    first, _ = pivot_models
    monkeypatch.setenv("WORKBENCH_MODELS_DIR", str(first.parent))
    assert main(["models", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    mine = [r for r in rows if r["path"] == str(first)]
    assert mine and mine[0]["direction"] == "ru → en" and mine[0]["bytes"] > 0


def test_evaluate_reports_scores_and_term_success(tiny_model, tmp_path, capsys):
    source = DATA / "termset" / "termset.ru.txt"
    reference = DATA / "termset" / "termset.ru.zh.txt"
    code = main(["evaluate", "--source", str(source), "--reference", str(reference), "--to", "zh",
                 "--model", str(tiny_model), "--glossary", "glossaries", "--beam", "1", "--limit", "20",
                 "--json"])
    assert code == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores["segments"] == 20 and scores["terms"] >= 20
    assert scores["term_success_rate"] == 1.0
    assert 0 <= scores["chrf"] <= 100 and 0 <= scores["bleu"] <= 100


def test_evaluate_refuses_misaligned_files(tiny_model, tmp_path, capsys):
    source, reference = tmp_path / "s.txt", tmp_path / "r.txt"
    source.write_text("a\nb\n", encoding="utf-8")
    reference.write_text("a\n", encoding="utf-8")
    assert main(["evaluate", "--source", str(source), "--reference", str(reference), "--to", "zh",
                 "--model", str(tiny_model)]) == 1
    assert "2 lines" in capsys.readouterr().err
