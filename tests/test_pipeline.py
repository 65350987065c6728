"""The glossary meets the engine: on a random model, enforcement alone puts every term in."""

from __future__ import annotations

import pytest

from tests.conftest import DATA
from workbench.glossary.model import Term


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
    from workbench.glossary.matching import TermMatcher

    sentences = (DATA / "corpus.zh.txt").read_text(encoding="utf-8").splitlines()
    results = zh_ru_pipeline.translate_sentences(sentences)
    terms = [t for r in results for t in r.terms]
    assert len(terms) >= 20
    for result in results:
        for status in result.terms:
            term = status.term  # the term in some case, or one of its derived words («китайских»)
            words = [term] + [Term(ru=word, zh=term.zh) for word in term.ru_derived]
            found = TermMatcher(words, "ru").find(result.output)
            assert found, (result.source, term.ru, result.output)
            assert status.present


def test_derived_words_are_alternatives_and_count_as_the_term():
    from workbench.pipeline import TermChecker, term_forms

    def term_alternatives(term, lang):  # the term's own forms, then its derived words'
        names, derived = term_forms(term, lang)
        return names + derived

    china = Term("Китай", "中国", "place", ru_derived=("китайский", "китаец"))
    alternatives = term_alternatives(china, "ru")
    assert alternatives[:5] == ("Китай", "Китая", "Китаю", "Китаем", "Китае")
    assert {"китайских", "китайской", "китайцы", "китайцев"} <= set(alternatives)
    assert term_alternatives(china, "zh") == ("中国",)
    checker = TermChecker("ru")
    assert checker.has("Рекомендации утверждены в Китае.", china)
    assert checker.has("Китайские рекомендации утверждены.", china)
    assert checker.has("Приехали китайцы.", china)
    assert not checker.has("Рекомендации утверждены.", china)
    assert not checker.has("Рекомендации утверждены.", Term("Китай", "中国", "place"))
    assert not checker.has("Китайские рекомендации.", Term("Китай", "中国", "place"))


def test_a_derived_word_is_not_sought_in_a_russian_source(tiny_model):
    from workbench.glossary.model import Glossary
    from workbench.models import load_translator
    from workbench.pipeline import Pipeline

    glossary = Glossary([Term("Китай", "中国", "place", ru_derived=("китайский",))])
    pipeline = Pipeline(load_translator(str(tiny_model), "ru", "zh"), glossary, num_beams=1)
    assert pipeline.find_terms("Он изучает китайский язык.") == []
    assert [m.text for m in pipeline.find_terms("Он живёт в Китае.")] == ["Китае"]


def test_random_model_meets_a_term_by_its_derived_word_or_itself(tiny_model):
    from workbench.glossary.model import Glossary
    from workbench.models import load_translator
    from workbench.pipeline import Pipeline

    glossary = Glossary([Term("Китай", "中国", "place", ru_derived=("китайский",))])
    pipeline = Pipeline(load_translator(str(tiny_model), "zh", "ru"), glossary, num_beams=4)
    results = pipeline.translate_sentences(["根据中国第七版指南。", "中国政府宣布了新措施。", "中国的援助广受欢迎。"])
    for result in results:
        [status] = result.terms
        assert status.present, result.output


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


def test_derived_words_are_accepted_not_forced(zh_ru_pipeline):
    """Written by the model, a derived word meets the term; it is never forced, nor a second copy."""
    [constraint] = zh_ru_pipeline.constraints_for(zh_ru_pipeline.find_terms("俄罗斯的援助。"))
    assert {"Россия", "России", "российской", "россиянами"} <= set(constraint.alternatives)
    assert "российской" in constraint.accepted and "россиянами" in constraint.accepted
    assert "России" not in constraint.accepted and "Россия" not in constraint.accepted


def test_long_texts_go_in_the_fewest_even_chunks_of_at_most_256():
    from workbench.pipeline import chunk_size

    assert [chunk_size(n) for n in (1, 42, 256)] == [1, 42, 256]
    assert [chunk_size(n) for n in (257, 500, 1000, 100_000)] == [129, 250, 250, 256]


def test_progress_counts_every_sentence_of_a_long_text(tiny_model):
    from workbench.models import load_translator
    from workbench.pipeline import Pipeline

    pipeline = Pipeline(load_translator(str(tiny_model), "ru", "zh"), None, num_beams=1)
    calls: list[int] = []
    results = pipeline.translate_sentences(["Якутск."] * 600, progress=calls.append)
    assert len(results) == 600 and calls == [200] * 3
