"""Case government of glossary terms after a preposition (the agreement tie-breaker)."""

from __future__ import annotations

import pytest

from workbench.engine.base import Hypothesis
from workbench.morphology.government import governed_case
from workbench.pipeline import Pipeline


class _Scripted:
    """A translator that returns given drafts: the rule is checked apart from any model."""

    source_lang, target_lang, name = "zh", "ru", "scripted"

    def __init__(self, drafts):
        self.drafts = drafts

    def translate(self, sentences, constraints=None, **_):
        return [Hypothesis(text=d, met=[True] * len(c)) for d, c in zip(self.drafts, constraints)]


@pytest.mark.parametrize("before, expected", [
    ("Встреча с ", ("с", "ablt")), ("Информация о ", ("о", "loct")), ("Подарок для ", ("для", "gent")),
    ("Делегация прибыла в ", ("в", "accs")), ("Форум прошёл в ", ("в", "loct")), ("по ", ("по", "datv")),
    ("Цзин Цюань посетил ", None), ("", None),
])
def test_governed_case(before, expected):
    assert governed_case(before) == expected


def test_terms_after_a_governing_preposition_take_its_case(glossary):
    sources = ["与景泉会见。", "关于雅库茨克的信息", "代表团抵达雅库茨克。", "雅库茨克论坛举行。", "景泉访问了雅库茨克。"]
    drafts = ["Встреча с Цзин Цюань.", "Информация о Якутск", "Делегация прибыла в Якутске.",
              "Форум прошёл в Якутск.", "Цзин Цюань посетил Якутске."]
    results = Pipeline(_Scripted(drafts), glossary).translate_sentences(sources)
    assert [r.output for r in results] == [
        "Встреча с Цзин Цюанем.", "Информация о Якутске", "Делегация прибыла в Якутск.",
        "Форум прошёл в Якутск.",  # «в» + accusative stays: only a word of motion (or 在) would tell
        "Цзин Цюань посетил Якутск."]  # a verb's object (see below)
    assert results[0].case_fixes == ["с Цзин Цюань → с Цзин Цюанем"]
    assert results[0].to_json("ru")["case_fixes"] == ["с Цзин Цюань → с Цзин Цюанем"]
    assert all(t.present for r in results for t in r.terms)


def test_no_government_without_enforcement_or_when_asked(glossary):
    drafts = ["Встреча с Цзин Цюань."]
    for options in ({"enforce": "off"}, {"government": False}):
        [result] = Pipeline(_Scripted(drafts), glossary, **options).translate_sentences(["与景泉会见。"])
        assert result.output == drafts[0] and result.case_fixes == []


def test_a_term_that_modifies_a_noun_with_de_takes_the_genitive(glossary):
    sources = ["雅库茨克的学校很多。", "与雅库茨克的合作", "在雅库茨克的会议上", "代表团想念雅库茨克。"]
    drafts = ["Школы Якутск многочисленны.", "Сотрудничество Якутском", "На встрече Якутск",
              "Делегация скучает Якутску."]
    results = Pipeline(_Scripted(drafts), glossary).translate_sentences(sources)
    assert [r.output for r in results] == [
        "Школы Якутска многочисленны.",
        "Сотрудничество Якутском",  # 与X的: the 的 belongs to «with X», the model's form stays
        "На встрече Якутске",  # 在X的: the 在 frame asks the locative («на встрече в Якутске»)
        "Делегация скучает Якутску."]  # no 的, an intransitive verb: no rule
    assert results[0].case_fixes == ["Якутск → Якутска (X的)"]


def test_a_preposition_in_the_translation_comes_before_de(glossary):
    [result] = Pipeline(_Scripted(["Школьники из Якутск приехали."]), glossary).translate_sentences(
        ["雅库茨克的中学生来了。"])
    assert result.output == "Школьники из Якутска приехали."
    assert result.case_fixes == ["из Якутск → из Якутска"]


def test_a_term_inside_a_longer_term_is_left_alone(glossary):
    source = "萨哈（雅库特）共和国政府代表介绍了雅库特的投资环境。"
    draft = "Представители Правительства Республики Саха (Якутия) рассказали о климате Якутия."
    [result] = Pipeline(_Scripted([draft]), glossary).translate_sentences([source])
    assert "Республики Саха (Якутия)" in result.output


def test_a_verbs_object_after_a_transitive_verb_takes_the_accusative(glossary):
    sources = ["景泉游览了雅库茨克。", "叶夫根尼·格里戈里耶夫会见了景泉。", "景泉说，合作很重要。", "他邀请景泉。"]
    drafts = ["Цзин Цюань посетил Якутске.", "Евгений Григорьев встретил Цзин Цюань.",
              "Сообщил Цзин Цюань, что сотрудничество важно.", "Он пригласил Цзин Цюанем."]
    results = Pipeline(_Scripted(drafts), glossary).translate_sentences(sources)
    assert [r.output for r in results] == [
        "Цзин Цюань посетил Якутск.",
        "Евгений Григорьев встретил Цзин Цюань.",  # jieba tags 会见 a noun: no verb, no rule
        "Сообщил Цзин Цюань, что сотрудничество важно.",  # the subject in the source: left alone
        "Он пригласил Цзин Цюаня."]  # a man's name: the accusative is the genitive form
    assert results[0].case_fixes == ["посетил Якутске → посетил Якутск"]


@pytest.mark.parametrize("source, kind, expected", [
    ("论坛在雅库茨克举行。", "place", ("在", "loct")),
    ("学生们从雅库茨克来。", "place", ("从", "gent")),
    ("代表团前往雅库茨克。", "place", ("前往", "accs")),
    ("院长与景泉讨论了合作。", "person", ("与", "ablt")),
    ("雅库茨克与黑河签署了协议。", "place", ("^", "nomn")),  # the first of two coordinated subjects
    ("雅库茨克市政府", "place", ("X+N", "gent")),  # a name before a noun modifies it: «администрация Якутска»
    ("与景泉副市长会谈", "person", None),  # a person's name before a noun is in apposition
    ("雅库茨克坐落在勒拿河左岸。", "place", ("X+N", "gent")),  # «на левом берегу Лены»
    ("黑河与雅库茨克之间", "place", ("X之间", "ablt")),  # «между Хэйхэ и Якутском»: the second
    ("黑河和雅库茨克", "place", None),  # 和 is «and» here: no joint action after the term
    ("学生向景泉赠送了鲜花。", "person", ("向", "datv")),
    ("黑河向俄罗斯出口蔬菜。", "place", None),  # 向 + a place: «в Россию», not a dative
    ("景泉指出，合作很重要。", "person", ("^", "nomn")),  # opens the sentence before a verb: the subject
    ("他说，景泉指出合作很重要。", "person", ("，", "nomn")),
    ("雅库茨克的学校", "place", None),  # 的 is the genitive rule's (modifies_with_de)
    ("代表团参观了雅库茨克。", "place", ("参观", "accs")),  # the verb before an aspect particle
    ("代表团返回雅库茨克。", "place", ("返回", "accs")),
    ("黑河市市长邀请景泉出席文化节。", "person", ("邀请", "accs")),  # «пригласил Цзин Цюаня»
    ("理事会欢迎俄罗斯灵活对待。", "place", None),  # a place after 欢迎 is rarely its object
    ("代表团在哈巴罗夫斯克（俄罗斯）举行会谈。", "place", ("[X]", "nomn")),  # a name in brackets: «(Россия)»
    ("代表团在雅库茨克(勒拿河左岸)举行会谈。", "place", ("X+N", "gent")),  # the bracket does not close after it
    ("论坛在中国雅库茨克举行。", "place", ("在", "loct")),  # a place between the co-verb and the term
    ("黑河和雅库茨克之间的合作", "place", ("X之间", "ablt")),  # «между Хэйхэ и Якутском»
    ("展览在北京、哈尔滨和雅库茨克举行。", "place", ("在", "loct")),  # the items of a list share the co-verb
    ("中国和俄罗斯签署了协议。", "place", None),  # a list with no co-verb before it: no rule
    ("俄罗斯和中国边境贸易发展很快。", "place", ("X+N", "gent")),  # the first item modifies what the last does
])
def test_source_frames(source, kind, expected):
    from workbench.glossary.model import Term
    from workbench.morphology.chinese import add_words
    from workbench.morphology.government import frame_case

    term = "景泉" if kind == "person" else next(t for t in ("俄罗斯", "勒拿河", "雅库茨克") if t in source)
    add_words(["景泉", "雅库茨克", "黑河", "勒拿河"])
    start = source.index(term)
    assert frame_case(source, start, start + len(term), Term(ru="x", zh=term, kind=kind).kind) == expected


def test_a_source_frame_comes_before_the_drafts_preposition(glossary):
    """The weak model's preposition is often noise («в Якутска»); the source's 在 is not."""
    sources = ["论坛在雅库茨克举行。", "学生向景泉赠送了鲜花。", "院长与景泉讨论了合作。", "代表团前往雅库茨克。"]
    drafts = ["Форум прошёл Якутском городе.", "Студенты подарили цветы Цзин Цюань.",
              "Ректор обсудил Цзин Цюаня сотрудничество.", "Делегация направилась в Якутске."]
    results = Pipeline(_Scripted(drafts), glossary).translate_sentences(sources)
    assert [r.output for r in results] == [
        "Форум прошёл Якутске городе.", "Студенты подарили цветы Цзин Цюаню.",
        "Ректор обсудил Цзин Цюанем сотрудничество.", "Делегация направилась в Якутск."]
    assert [r.case_fixes for r in results] == [
        ["Якутском → Якутске (在X)"], ["Цзин Цюань → Цзин Цюаню (向X)"],
        ["Цзин Цюаня → Цзин Цюанем (与X)"], ["Якутске → Якутск (前往X)"]]


def test_the_number_comes_from_the_source_or_stays_the_terms_own(glossary):
    """«главы» is a genitive singular and a nominative plural: it keeps the term's own number;
    议员们 (们, the plural suffix) asks the plural of a title whatever form the draft chose."""
    sources = ["代表团向雅库茨克市市长赠送了礼物。", "学生们向副市长们赠送了鲜花。"]
    drafts = ["Делегация подарила главы города подарок.", "Студенты подарили заместителя мэра цветы."]
    results = Pipeline(_Scripted(drafts), glossary).translate_sentences(sources)
    assert results[0].output == "Делегация подарила главе города подарок."
    assert results[1].output == "Студенты подарили заместителям мэра цветы."


def test_a_co_verb_governs_the_last_of_adjacent_terms(glossary):
    """向[东北联邦大学][孔子学院]: the dative belongs to the head, the term before it modifies it."""
    from workbench.morphology.chinese import add_words
    from workbench.morphology.government import frame_case

    source = "黑河学院向东北联邦大学孔子学院捐赠了教材。"
    add_words(["黑河学院", "东北联邦大学", "孔子学院"])
    first, head = (source.index("东北联邦大学"), source.index("孔子学院"))
    spans = [(0, 4), (first, first + 6), (head, head + 4)]
    assert frame_case(source, head, head + 4, "organisation", spans) == ("向", "datv")
    assert frame_case(source, first, first + 6, "organisation", spans) == ("X+N", "gent")
    assert frame_case(source, 0, 4, "organisation", spans) == ("^", "nomn")


def test_a_verb_frame_waits_for_the_drafts_preposition(glossary):
    """参观了雅库茨克 may be «побывали в Якутске»: the draft's «в» decides; without one the verb does."""
    sources = ["代表团参观了雅库茨克。", "黑河市市长邀请景泉出席文化节。"]
    drafts = ["Делегация побывала в Якутском.", "Мэр Хэйхэ Цзин Цюань на фестиваль культуры."]
    results = Pipeline(_Scripted(drafts), glossary).translate_sentences(sources)
    assert [r.output for r in results] == ["Делегация побывала в Якутске.",
                                           "Мэр Хэйхэ Цзин Цюаня на фестиваль культуры."]
    assert results[1].case_fixes == ["Цзин Цюань → Цзин Цюаня (邀请X)"]


def test_a_title_before_a_name_is_in_apposition():
    """副市长景泉率团…: «Заместитель мэра Цзин Цюань возглавил…», not the title as the name's modifier (X+N)."""
    from workbench.morphology.chinese import add_words
    from workbench.morphology.government import frame_case

    add_words(["副市长", "景泉"])
    source = "副市长景泉率团参观了雅库茨克。"
    title, person = (0, 3), (3, 5)
    assert frame_case(source, *title, "title", [title, person]) == ("^", "nomn")
    assert frame_case(source, *person, "person", [title, person]) == ("^", "nomn")
    assert frame_case("雅库茨克市政府", 0, 4, "place", [(0, 4)]) == ("X+N", "gent")  # a place before a noun still modifies it


def test_the_first_items_of_a_list_before_de_are_genitive():
    from workbench.morphology.government import modifies_with_de

    source = "澳大利亚和新西兰的诉讼"
    assert modifies_with_de(source, 0, 4)  # «иски Австралии и Новой Зеландии»
    assert not modifies_with_de("澳大利亚和新西兰签署了协议", 0, 4)
