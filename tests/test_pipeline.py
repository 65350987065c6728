"""The glossary meets the engine: on a random model, enforcement alone puts every term in."""

from __future__ import annotations

import pytest

from tests.conftest import DATA


@pytest.fixture(scope="module")
def ru_zh_pipeline(tiny_model, glossary):
    from workbench.models import load_translator
    from workbench.pipeline import Pipeline

    return Pipeline(load_translator(str(tiny_model), "ru", "zh"), glossary, num_beams=1)


@pytest.fixture(scope="module")
def zh_ru_pipeline(tiny_model, glossary):
    from workbench.models import load_translator
    from workbench.pipeline import Pipeline

    return Pipeline(load_translator(str(tiny_model), "zh", "ru"), glossary, num_beams=1)


def test_every_russian_source_term_is_in_the_chinese_output(ru_zh_pipeline):
    sentences = (DATA / "corpus.ru.txt").read_text(encoding="utf-8").splitlines()
    results = ru_zh_pipeline.translate_sentences(sentences)
    terms = [t for r in results for t in r.terms]
    assert len(terms) >= 20
    for result in results:
        for status in result.terms:
            assert status.term.zh in result.output, (result.source, status.term.ru)
            assert status.present


def test_every_chinese_source_term_is_in_the_russian_output_in_some_case(zh_ru_pipeline):
    from workbench.morphology.matcher import TermMatcher

    sentences = (DATA / "corpus.zh.txt").read_text(encoding="utf-8").splitlines()
    results = zh_ru_pipeline.translate_sentences(sentences)
    terms = [t for r in results for t in r.terms]
    assert len(terms) >= 20
    for result in results:
        for status in result.terms:
            found = TermMatcher([status.term], "ru").find(result.output)
            assert found, (result.source, status.term.ru, result.output)
            assert status.present


def test_enforcement_off_still_reports_terms(tiny_model, glossary):
    from workbench.models import load_translator
    from workbench.pipeline import Pipeline

    pipeline = Pipeline(load_translator(str(tiny_model), "ru", "zh"), glossary, enforce="off", num_beams=1)
    [result] = pipeline.translate_sentences(["Делегация города Хэйхэ прибыла в Якутск."])
    assert {t.term.ru for t in result.terms} >= {"Хэйхэ", "Якутск"}
    assert all(isinstance(t.present, bool) for t in result.terms)


def test_sample_press_release_keeps_paragraphs_and_every_term(ru_zh_pipeline, sample_text):
    from workbench.batch import translate_text
    from workbench.segment import split_paragraphs

    result = translate_text(sample_text, ru_zh_pipeline)
    assert len(split_paragraphs(result.output)) == len(split_paragraphs(sample_text))
    statuses = [t for s in result.segments for t in s.terms]
    assert len(statuses) >= 40
    missing = [(s.source, t.term.ru) for s in result.segments for t in s.terms if not t.present]
    assert missing == []


def test_lines_mode_keeps_line_alignment(ru_zh_pipeline):
    from workbench.batch import translate_lines

    text = "Якутск.\n\nХэйхэ и Харбин. Второе предложение.\n   \nКонец.\n"
    result = translate_lines(text, ru_zh_pipeline)
    lines = result.output.split("\n")
    assert lines[-1] == ""
    assert len(lines[:-1]) == 5
    assert lines[1] == "" and lines[3] == ""
    assert "雅库茨克" in lines[0] and "黑河" in lines[2] and "哈尔滨" in lines[2]


def test_alternatives_put_the_enforced_translation_first(ru_zh_pipeline):
    results = ru_zh_pipeline.alternatives("Делегация города Хэйхэ прибыла в Якутск.", n=3)
    assert 1 <= len(results) <= 3
    assert len({r.output for r in results}) == len(results)
    assert all(t.present for t in results[0].terms)
    assert {t.term.ru for t in results[0].terms} >= {"Хэйхэ", "Якутск"}
