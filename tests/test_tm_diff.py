"""Fuzzy memory matches: what differs is marked; numbers are put in only when they are all that differs."""

from workbench.tm_diff import marked_source, repair_numbers


def test_what_the_segment_lacks_is_marked_in_the_memory_source():
    assert marked_source("Делегация прибыла в Благовещенск.", "Делегация прибыла в Якутск.", "ru") == \
        "Делегация прибыла в ⟦Якутск⟧."
    assert marked_source("Делегация прибыла.", "Делегация Хэйхэ прибыла.", "ru") == "Делегация ⟦Хэйхэ⟧ прибыла."
    assert marked_source("黑河市代表团抵达。", "黑河市代表团今天抵达。", "zh") == "黑河市代表团⟦今天⟧抵达。"
    assert marked_source("Делегация прибыла.", "делегация прибыла.", "ru") == "делегация прибыла."  # case is no change


def test_numbers_are_put_in_when_they_are_all_that_differs():
    assert repair_numbers("Визит 15 июня 2025 года.", "Визит 12 июня 2024 года.", "2024年6月12日访问。", "ru") == \
        "2025年6月15日访问。"
    assert repair_numbers("共有30名学生。", "共有25名学生。", "Всего 25 студентов.", "zh") == "Всего 30 студентов."
    # anything else differs, or a number is not in the translation as written, or twice: offered as it is
    assert repair_numbers("Визит 15 июня в Хэйхэ.", "Визит 12 июня в Якутск.", "6月12日", "ru") is None
    assert repair_numbers("Визит 15 июня.", "Визит 12 июня.", "6月十二日访问。", "ru") is None
    assert repair_numbers("В 2025 году 2025 студентов.", "В 2024 году 2024 студентов.", "2024年2024名", "ru") is None
    assert repair_numbers("Визит 3 дня.", "Визит 3 дня.", "访问3天。", "ru") is None  # nothing to repair
    assert repair_numbers("Было 15 гостей.", "Было 1 гостей.", "有1位客人，共11人。", "ru") == "有15位客人，共11人。"


def test_glossary_terms_are_put_in_when_terms_and_numbers_are_all_that_differs():
    from workbench.tm_diff import repair

    def occurrences(text, terms):
        return [{"start": text.index(t), "end": text.index(t) + len(t), "target": target} for t, target in terms]

    query, source = "Делегация прибыла в Хэйхэ 15 июня.", "Делегация прибыла в Якутск 12 июня."
    found = repair(query, source, "代表团6月12日抵达雅库茨克。", "ru",
                   occurrences(query, [("Хэйхэ", "黑河")]), occurrences(source, [("Якутск", "雅库茨克")]))
    assert found == ("代表团6月15日抵达黑河。", ["numbers", "terms"])
    # a two-word name for another
    query, source = "Чэнь Сяоцзе встретился с мэром.", "Цзин Цюань встретился с мэром."
    assert repair(query, source, "景泉会见了市长。", "ru", occurrences(query, [("Чэнь Сяоцзе", "陈晓杰")]),
                  occurrences(source, [("Цзин Цюань", "景泉")])) == ("陈晓杰会见了市长。", ["terms"])
    # a changed word that is not a term on both sides, or a term whose translation is not in the target as written
    source = "Делегация прибыла в Якутск."
    assert repair("Делегация прибыла в Москву.", source, "代表团抵达雅库茨克。", "ru", [],
                  occurrences(source, [("Якутск", "雅库茨克")])) is None
    query, source = "黑河代表团抵达。", "雅库茨克代表团抵达。"
    assert repair(query, source, "Делегация Якутска прибыла.", "zh", occurrences(query, [("黑河", "Хэйхэ")]),
                  occurrences(source, [("雅库茨克", "Якутск")])) is None  # «Якутска»: inflected, not guessed
