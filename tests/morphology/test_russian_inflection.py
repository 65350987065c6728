"""Russian morphology: lemmas of words and every inflected form of a glossary term."""

import pytest

from workbench.morphology.russian import (
    agree,
    agreement_features,
    analyse_term,
    chinese_syllables,
    inflect_term,
    inflect_term_case,
    term_case,
    word_lemmas,
)


@pytest.mark.parametrize(
    "word, lemma",
    [
        ("Северо-Восточным", "северо-восточный"),
        ("Якутске", "якутск"),
        ("Думой", "дума"),
        ("Евгению", "евгений"),
        ("Соловьёва", "соловьев"),  # «ё» folded
        ("Цюаня", "цюань"),
        # unknown foreign words always match themselves undeclined
        ("Цзин", "цзин"),
        ("Цюаня", "цюаня"),
        ("Хэйхэ", "хэйхэ"),
        ("Хунхэгу", "хунхэгу"),
        ("Айхуэй", "айхуэй"),
        ("Сяоцзе", "сяоцзе"),
    ],
)
def test_word_lemmas(word, lemma):
    assert lemma in word_lemmas(word)


def test_word_lemmas_do_not_confuse_neighbours():
    assert word_lemmas("Якутия").isdisjoint(word_lemmas("Якутск"))
    assert word_lemmas("Хэйлунцзян").isdisjoint(word_lemmas("Хэйхэ"))


@pytest.mark.parametrize(
    "phrase, kind, expected",
    [
        (
            "Якутская городская дума",
            "organisation",
            ["Якутская городская дума", "Якутской городской думы", "Якутской городской думе",
             "Якутскую городскую думу", "Якутской городской думой"],
        ),
        (
            "Северо-Восточный федеральный университет имени М. К. Аммосова",
            "organisation",
            ["Северо-Восточный федеральный университет имени М. К. Аммосова",
             "Северо-Восточного федерального университета имени М. К. Аммосова",
             "Северо-Восточному федеральному университету имени М. К. Аммосова",
             "Северо-Восточным федеральным университетом имени М. К. Аммосова",
             "Северо-Восточном федеральном университете имени М. К. Аммосова"],
        ),
        (
            "Народное правительство города Хэйхэ",
            "organisation",
            ["Народное правительство города Хэйхэ", "Народного правительства города Хэйхэ",
             "Народному правительству города Хэйхэ", "Народным правительством города Хэйхэ",
             "Народном правительстве города Хэйхэ"],
        ),
        ("Якутск", "place", ["Якутск", "Якутска", "Якутску", "Якутском", "Якутске"]),
        ("Хэйхэ", "place", ["Хэйхэ"]),
        ("Айхуэй", "place", ["Айхуэй"]),
        (
            "Евгений Григорьев",
            "person",
            ["Евгений Григорьев", "Евгения Григорьева", "Евгению Григорьеву",
             "Евгением Григорьевым", "Евгении Григорьеве"],
        ),
        ("Чэнь Сяоцзе", "person", ["Чэнь Сяоцзе"]),
        ("Цзин Цюань", "person", ["Цзин Цюань", "Цзин Цюаня", "Цзин Цюаню", "Цзин Цюанем", "Цзин Цюане"]),
        (
            "провинция Хэйлунцзян",
            "place",
            ["провинция Хэйлунцзян", "провинции Хэйлунцзян", "провинцию Хэйлунцзян", "провинцией Хэйлунцзян"],
        ),
        ("ООО «Испытание автомобилей Хэйлунцзян Хунхэгу»", "organisation",
         ["ООО «Испытание автомобилей Хэйлунцзян Хунхэгу»"]),
        (
            "Китайская Народная Республика",
            "place",
            ["Китайская Народная Республика", "Китайской Народной Республики", "Китайской Народной Республике",
             "Китайскую Народную Республику", "Китайской Народной Республикой"],
        ),
        ("заместитель мэра", "title",
         ["заместитель мэра", "заместителя мэра", "заместителю мэра", "заместителем мэра", "заместителе мэра"]),
        ("Марфа Колесова-Расторгуева", "person",
         ["Марфа Колесова-Расторгуева", "Марфы Колесовой-Расторгуевой", "Марфе Колесовой-Расторгуевой",
          "Марфу Колесову-Расторгуеву", "Марфой Колесовой-Расторгуевой"]),
    ],
)
def test_inflect_term(phrase, kind, expected):
    assert inflect_term(phrase, kind) == expected


def test_inflect_term_without_kind_guesses_chinese_names():
    assert inflect_term("Цзин Цюань")[:2] == ["Цзин Цюань", "Цзин Цюаня"]
    assert inflect_term("Чэнь Сяоцзе") == ["Чэнь Сяоцзе"]


def test_inflect_term_second_locative_and_genitive():
    forms = inflect_term("старый лес")
    assert forms[0] == "старый лес"
    assert {"старого леса", "старом лесе", "старом лесу", "старым лесом"} <= set(forms)
    assert len(forms) == len(set(forms))


def test_inflect_term_apposition_offered_both_ways():
    forms = inflect_term("город Якутск", "place")
    assert "городом Якутском" in forms and "городом Якутск" in forms


@pytest.mark.parametrize(
    "case, expected",
    [
        ("nomn", "Якутская городская дума"),
        ("gent", "Якутской городской думы"),
        ("datv", "Якутской городской думе"),
        ("accs", "Якутскую городскую думу"),
        ("ablt", "Якутской городской думой"),
        ("loct", "Якутской городской думе"),
    ],
)
def test_inflect_term_case(case, expected):
    assert inflect_term_case("Якутская городская дума", case) == expected


def test_inflect_term_case_masculine_accusative_is_inanimate_or_animate():
    assert inflect_term_case("Северо-Восточный федеральный университет", "accs") == (
        "Северо-Восточный федеральный университет"
    )
    assert inflect_term_case("главный врач", "accs") == "главного врача"


def test_roles():
    roles = [(t.text, t.role) for t in analyse_term("Народное правительство города Хэйхэ") if t.is_word]
    assert roles == [("Народное", "agree"), ("правительство", "agree"), ("города", "fixed"), ("Хэйхэ", "fixed")]


def test_term_case_and_agreement():
    assert term_case(["Северо-Восточным", "федеральным", "университетом"]) == {"ablt"}
    assert "ablt" not in term_case(["Северо-Восточного", "федеральным", "университетом"])
    uni = word_lemmas("университет")
    adj = frozenset({"федеральный"})
    assert agree([agreement_features("федеральным", adj), agreement_features("университетом", uni)])
    assert not agree([agreement_features("федерального", adj), agreement_features("университетом", uni)])


def test_chinese_syllables():
    assert chinese_syllables("Хэйлунцзян") == 3
    assert chinese_syllables("Цзин") == 1
    assert chinese_syllables("Якутск") == 0
