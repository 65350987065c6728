"""Paragraphs, sentences, long-sentence splitting and rebuilding."""

from __future__ import annotations

import random

import pytest

from workbench.errors import DocumentError
from workbench.segment import (
    Document,
    Segment,
    join_document,
    normalise_whitespace,
    segment_text,
    sentence_joiner,
    split_layout,
    split_long,
    split_paragraphs,
    split_sentences,
)

# --- whitespace -------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("В тот же день  было   подписан", "В тот же день было подписан"),
        ("день\u00a0было\u00a0\u00a0подписан", "день было подписан"),
        ("10\u202f000 и 5\u2007000", "10 000 и 5 000"),
        ("a\tb\t\tc", "a b c"),
        ("Якутск\u200b и\ufeff Хэйхэ", "Якутск и Хэйхэ"),
        ("黑河\u3000市", "黑河 市"),
        ("строка   \nещё\u00a0", "строка\nещё"),
        ("  отступ", "отступ"),
        ("a\r\nb\rc", "a\nb\nc"),
        ("a\n\n\n\nb\n", "a\n\n\n\nb\n"),
        ("a\n \u00a0\t\nb", "a\n\nb"),
        ("a\u2029b", "a\n\nb"),
    ],
)
def test_normalise_whitespace(raw, clean):
    assert normalise_whitespace(raw) == clean


def test_normalise_whitespace_does_not_repair_words():
    raw = "подписан о с оглашени е   о сотрудничестве, 2025 г оду"
    assert normalise_whitespace(raw) == "подписан о с оглашени е о сотрудничестве, 2025 г оду"


def test_normalise_whitespace_changes_only_whitespace(sample_text):
    clean = normalise_whitespace(sample_text)
    assert clean.split() == sample_text.replace("\u00a0", " ").split()
    assert "  " not in clean and "\u00a0" not in clean


# --- paragraphs ---------------------------------------------------------------


def test_split_paragraphs_every_line_is_a_paragraph():
    text = "Заголовок\n\nПервый абзац.\nВторой абзац.\n\n\nТретий.\n"
    assert split_paragraphs(text) == ["Заголовок", "Первый абзац.", "Второй абзац.", "Третий."]


@pytest.mark.parametrize(
    "text, layout",
    [
        ("a\n\nb\n", ["", "\n\n", "\n"]),
        ("\n\na\nb", ["\n\n", "\n", ""]),
        ("a\n\n\n\nb\n\n", ["", "\n\n\n\n", "\n\n"]),
        ("", [""]),
        ("\n \n", ["\n\n"]),
    ],
)
def test_split_layout(text, layout):
    paragraphs, got = split_layout(text)
    assert got == layout
    assert len(got) == len(paragraphs) + 1


def test_layout_round_trip():
    text = "\nЗаголовок\n\nАбзац один.\nАбзац два.\n\n\n\nКонец.\n\n"
    doc = segment_text(text, "ru")
    assert join_document(doc) == text


# --- Russian sentences ---------------------------------------------------------------

RU_CASES = [
    # abbreviation «г.» before a city name: never a sentence end
    ("Делегация прибыла в г. Хэйхэ вчера. Потом уехала.", ["Делегация прибыла в г. Хэйхэ вчера.", "Потом уехала."]),
    ("Пресс-служба Окружной администрации г. Якутска", ["Пресс-служба Окружной администрации г. Якутска"]),
    # «им.» and initials
    (
        "Подписано с университетом им. М.К. Аммосова. Это важно.",
        ["Подписано с университетом им. М.К. Аммосова.", "Это важно."],
    ),
    ("Университет им. М. К. Аммосова основан давно.", ["Университет им. М. К. Аммосова основан давно."]),
    (
        "Глава города Е. Григорьев встретился с делегацией. Встреча прошла тепло.",
        ["Глава города Е. Григорьев встретился с делегацией.", "Встреча прошла тепло."],
    ),
    ("Потом выступил А. С. Пушкин.", ["Потом выступил А. С. Пушкин."]),
    # dates and numbers
    (
        "Ярмарка состоится 15-19 мая в городе Харбин (КНР). Приглашаем всех.",
        ["Ярмарка состоится 15-19 мая в городе Харбин (КНР).", "Приглашаем всех."],
    ),
    ("Рост составил 3,5 млн руб. Это много.", ["Рост составил 3,5 млн руб.", "Это много."]),
    # other abbreviations
    ("Это, т. е. главное, важно. Да.", ["Это, т. е. главное, важно.", "Да."]),
    ("Офис на ул. Ленина, д. 5. Приходите.", ["Офис на ул. Ленина, д. 5.", "Приходите."]),
    ("Он пришёл и т. д. Потом ушёл.", ["Он пришёл и т. д.", "Потом ушёл."]),
    # quotes and the dash after them stay with the quoted sentence
    (
        "« Дружба началась в 2008 году. В тот же день подписан договор », — отметил глава города. Далее.",
        [
            "« Дружба началась в 2008 году.",
            "В тот же день подписан договор », — отметил глава города.",
            "Далее.",
        ],
    ),
    (
        "«Мы готовы к сотрудничеству», — сказал Евгений Григорьев. Делегация согласилась.",
        ["«Мы готовы к сотрудничеству», — сказал Евгений Григорьев.", "Делегация согласилась."],
    ),
    # a short quotation is never cut
    (
        "Центр «IT-Куб. Якутск» и гимназия. Ещё.",
        ["Центр «IT-Куб. Якутск» и гимназия.", "Ещё."],
    ),
    ("«Мы готовы. Это важно», — сказал он.", ["«Мы готовы. Это важно», — сказал он."]),
    ("Он сказал: «Привет!» И ушёл.", ["Он сказал: «Привет!»", "И ушёл."]),
    ("Вопрос? Ответ! Конец...", ["Вопрос?", "Ответ!", "Конец..."]),
]

# «N г.» followed by a capitalised word: the year rule, both directions
YEAR_CASES = [
    # the clause before the year is more than a date phrase: the sentence ends
    (
        "— возобновить обмен в рамках Соглашения, заключенного в 2016 г. Город Якутск со своей стороны готов,",
        ["— возобновить обмен в рамках Соглашения, заключенного в 2016 г.", "Город Якутск со своей стороны готов,"],
    ),
    (
        "Встреча прошла 26 марта 2024 г. Глава города отметил её важность.",
        ["Встреча прошла 26 марта 2024 г.", "Глава города отметил её важность."],
    ),
    (
        "Это было в 2016 г. Якутск и Хэйхэ подписали соглашение.",
        ["Это было в 2016 г.", "Якутск и Хэйхэ подписали соглашение."],
    ),
    ("Соглашение действовало в 2015–2016 гг. Оно важно.", ["Соглашение действовало в 2015–2016 гг.", "Оно важно."]),
    # only a date phrase before the year: the sentence goes on
    ("В 2016 г. Якутск и Хэйхэ подписали соглашение.", ["В 2016 г. Якутск и Хэйхэ подписали соглашение."]),
    ("С 2008 по 2015 гг. Якутск развивался. Ура.", ["С 2008 по 2015 гг. Якутск развивался.", "Ура."]),
    ("В 1990-х гг. Россия изменилась.", ["В 1990-х гг. Россия изменилась."]),
    ("26 марта 2024 г. Глава города отметил важность.", ["26 марта 2024 г. Глава города отметил важность."]),
    ("В конце 2016 г. Якутск подписал договор.", ["В конце 2016 г. Якутск подписал договор."]),
    ("Это важно, и в 2016 г. Якутск подписал договор.", ["Это важно, и в 2016 г. Якутск подписал договор."]),
    # a lowercase word or a digit after «г.»: never an end
    ("Соглашение заключено в 2016 г. городами-побратимами.", ["Соглашение заключено в 2016 г. городами-побратимами."]),
    ("Сроки: в 2016 г. 5 школ, в 2017 г. 7 школ.", ["Сроки: в 2016 г. 5 школ, в 2017 г. 7 школ."]),
]


@pytest.mark.parametrize("paragraph, sentences", RU_CASES + YEAR_CASES)
def test_split_sentences_ru(paragraph, sentences):
    assert split_sentences(paragraph, "ru") == sentences
    assert " ".join(sentences) == paragraph


def test_split_sentences_ru_sample(sample_text):
    doc = segment_text(sample_text, "ru")
    sentences = [s for _, _, s in doc.sentences()]
    assert "В тот же день было подписан о с оглашени е о сотрудничестве между Губинским округом " \
           "города Якутска и районом Айхуэй города Хэйхэ », — отметил глава города." in sentences
    assert any(s.endswith("заключенного в 2016 г.") for s in sentences)
    assert any(s.startswith("Город Якутск со своей стороны") for s in sentences)
    assert any("университетом им. М.К. Аммосова и ООО" in s for s in sentences)
    assert any("«IT-Куб. Якутск»" in s for s in sentences)
    assert any("15-19 мая в городе Харбин (КНР)." in s for s in sentences)


# --- Chinese sentences -----------------------------------------------------------

ZH_CASES = [
    ("雅库茨克市长会见了代表团。双方讨论了合作！", ["雅库茨克市长会见了代表团。", "双方讨论了合作！"]),
    ("真的吗？是的。", ["真的吗？", "是的。"]),
    ("真的吗？！当然。", ["真的吗？！", "当然。"]),
    ("他说：“我们准备好了。”然后离开了。", ["他说：“我们准备好了。”", "然后离开了。"]),
    ("「好！」他答道。", ["「好！」", "他答道。"]),
    ("（见附件。）下一句。", ["（见附件。）", "下一句。"]),
    ("增长了3.5%。总额为1.2亿元。", ["增长了3.5%。", "总额为1.2亿元。"]),
    ("他读了《你好！世界》这本书。很好", ["他读了《你好！世界》这本书。", "很好"]),
    ("Hello!你好?再见", ["Hello!", "你好?", "再见"]),
    ("第一，合作；第二，交流。", ["第一，合作；第二，交流。"]),
    ("没有句号", ["没有句号"]),
    ("第一句。 第二句。", ["第一句。", "第二句。"]),
]


@pytest.mark.parametrize("paragraph, sentences", ZH_CASES)
def test_split_sentences_zh(paragraph, sentences):
    assert split_sentences(paragraph, "zh") == sentences


def test_split_sentences_zh_semicolon():
    assert split_sentences("第一，合作；第二，交流。", "zh", zh_semicolon=True) == ["第一，合作；", "第二，交流。"]


def test_split_sentences_empty_and_bad_lang():
    assert split_sentences("   ", "ru") == []
    assert split_sentences("", "zh") == []
    with pytest.raises(DocumentError, match="unsupported language 'en'"):
        split_sentences("Hello.", "en")


# --- documents --------------------------------------------------------------------


def test_segment_text_and_sentences():
    doc = segment_text("Заголовок\n\nПервое  предложение. Второе\u00a0предложение.\n", "ru")
    assert doc.paragraphs == [["Заголовок"], ["Первое предложение.", "Второе предложение."]]
    assert doc.layout == ["", "\n\n", "\n"]
    assert doc.lang == "ru"
    assert list(doc.sentences()) == [
        (0, 0, "Заголовок"),
        (1, 0, "Первое предложение."),
        (1, 1, "Второе предложение."),
    ]
    assert list(doc.segments())[2] == Segment("Второе предложение.", 1, 1)
    assert len(doc) == 3


def test_sample_round_trip(sample_text):
    doc = segment_text(sample_text, "ru")
    lines = [line for line in sample_text.split("\n") if line.strip()]
    assert len(doc.paragraphs) == len(lines) == 32
    rebuilt = join_document(doc, "ru")
    assert rebuilt == normalise_whitespace(sample_text)
    assert len(split_paragraphs(rebuilt)) == len(doc.paragraphs)
    assert rebuilt.count("\n\n") == sample_text.count("\n\n")


def test_translated_document_keeps_layout(sample_text):
    doc = segment_text(sample_text, "ru")
    translated = [[f"句{p}.{s}。" for s in range(len(sentences))] for p, sentences in enumerate(doc.paragraphs)]
    out = join_document(translated, "zh", layout=doc.layout)
    assert out == join_document(doc.replace(translated, "zh"))
    paragraphs = split_paragraphs(out)
    assert len(paragraphs) == len(doc.paragraphs)
    assert paragraphs[4] == "句4.0。句4.1。"  # zh sentences joined without a space
    assert out.split("\n")[1::2] == [""] * (len(doc.paragraphs) - 1)


def test_zh_round_trip():
    text = "雅库茨克市长会见黑河市代表团\n\n3月26日，市长会见了代表团。他强调，双方合作已有十五年。\n"
    doc = segment_text(text, "zh")
    assert doc.paragraphs[1] == ["3月26日，市长会见了代表团。", "他强调，双方合作已有十五年。"]
    assert join_document(doc) == text


def test_join_bare_lists_and_errors():
    assert join_document([["Один.", "Два."], ["Три."]], "ru") == "Один. Два.\n\nТри.\n"
    assert join_document([["一。", "二。"]], "zh") == "一。二。\n"
    assert join_document([], "ru") == ""
    with pytest.raises(DocumentError, match="2 paragraphs but a layout for 1"):
        join_document([["a"], ["b"]], "ru", layout=["", "\n"])
    doc = segment_text("a\n\nb", "ru")
    with pytest.raises(DocumentError, match="1 paragraphs given, the source has 2"):
        doc.replace([["x"]])
    with pytest.raises(ValueError):
        Document([["a"]], ["", "\n", "\n"])
    assert sentence_joiner("ru") == " " and sentence_joiner("zh") == ""


# --- long sentences -----------------------------------------------------------------


def _check_pieces(sentence, pieces, max_chars):
    assert "".join(pieces) == sentence
    assert all(0 < len(piece) <= max_chars for piece in pieces)


def test_split_long_short_sentence_unchanged():
    assert split_long("Короткое предложение.", 100) == ["Короткое предложение."]
    assert split_long("", 10) == [""]


def test_split_long_prefers_semicolon_then_comma_then_space():
    sentence = "Первая часть длинная; вторая часть, с запятой и ещё словами"
    assert split_long(sentence, 30, "ru") == ["Первая часть длинная; ", "вторая часть, ", "с запятой и ещё словами"]
    sentence = "Слова слова слова, ещё слова слова слова слова"
    assert split_long(sentence, 30, "ru")[0] == "Слова слова слова, "


def test_split_long_before_dash():
    sentence = "Это было важное событие для города — отметил глава"
    pieces = split_long(sentence, 40, "ru")
    assert pieces == ["Это было важное событие для города ", "— отметил глава"]


def test_split_long_keeps_numbers_whole():
    sentence = "Рост составил 3,5 процента за период 10:30 и так далее и так далее"
    pieces = split_long(sentence, 20, "ru")
    _check_pieces(sentence, pieces, 20)
    assert all(not p.rstrip().endswith(("3,", "10:")) for p in pieces)


def test_split_long_zh():
    sentence = "雅库茨克市长会见了黑河市代表团，双方讨论了进一步合作的问题、教育交流和青少年夏令营；并签署了协议"
    pieces = split_long(sentence, 20, "zh")
    _check_pieces(sentence, pieces, 20)
    assert pieces[0].endswith("，")


def test_split_long_20000_chars_with_spaces():
    rng = random.Random(1)
    words = []
    while sum(len(w) + 1 for w in words) < 20000:
        word = "".join(rng.choice("абвгдежзиклмнопрст") for _ in range(rng.randint(1, 14)))
        words.append(word + rng.choice(["", "", "", ",", ";", ":", " —"]))
    sentence = " ".join(words)[:20000].rstrip()
    pieces = split_long(sentence, 300, "ru")
    _check_pieces(sentence, pieces, 300)
    assert " ".join(p.strip() for p in pieces) == sentence  # never cut inside a word
    assert len(pieces) < 20000 / 200


def test_split_long_20000_chars_without_spaces():
    sentence = "я" * 20000
    pieces = split_long(sentence, 512, "ru")
    _check_pieces(sentence, pieces, 512)
    assert len(pieces) == 40
    zh = "合作" * 10000
    _check_pieces(zh, split_long(zh, 500, "zh"), 500)


def test_split_long_long_word_inside_sentence():
    sentence = "Начало " + "x" * 50 + " конец"
    pieces = split_long(sentence, 20, "ru")
    _check_pieces(sentence, pieces, 20)
    assert pieces[0] == "Начало "


def test_split_long_bad_limit():
    with pytest.raises(ValueError):
        split_long("abc", 0)
