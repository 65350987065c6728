"""Benchmark: glossary term matching with 10,000 terms.

Run ``python benchmarks/bench_matching.py``. Builds a synthetic 10,000-term
Russian glossary (multi-word names from real Russian words and Chinese names
in Palladius transcription) and a 10,000-term Chinese one, then times building
the :class:`~workbench.glossary.matching.TermMatcher` index and ``find()``
over the sample press release (repeated). Times are given per 1,000 characters
and as a ratio against baselines measured in the same process: the same text
with a 10-term glossary, and a naive case-folded substring scan of every form.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.glossary.model import Term  # noqa: E402
from workbench.glossary.matching import TermMatcher  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[1] / "examples/heihe-delegation-2024.ru.txt"
REPEAT = 5
N_TERMS = 10_000

FALLBACK_TEXT = (
    "Евгений Григорьев обсудил вопросы дальнейшего сотрудничества с делегацией Народного "
    "Правительства города Хэйхэ КНР. На днях в Якутск с официальным визитом прибыла делегация "
    "под руководством заместителя мэра господина Цзин Цюань совместно с представителями "
    "ООО «Испытание автомобилей Хэйлунцзян Хунхэгу». Соглашение о сотрудничестве между "
    "Якутской городской Думой и Собранием народных представителей города Хэйхэ. "
    "Северо-Восточным Федеральным университетом им. М.К. Аммосова. "
) * 20

REAL_TERMS = [
    Term("Якутск", "雅库茨克", "place"),
    Term("Хэйхэ", "黑河", "place", zh_variants=("黑河市",)),
    Term("Евгений Григорьев", "叶夫根尼·格里戈里耶夫", "person"),
    Term("Цзин Цюань", "景泉", "person"),
    Term("Чэнь Сяоцзе", "陈晓洁", "person"),
    Term("Якутская городская дума", "雅库茨克市杜马", "organisation"),
    Term("Северо-Восточный федеральный университет имени М. К. Аммосова", "阿莫索夫东北联邦大学",
         "organisation", ru_variants=("СВФУ", "Северо-Восточный федеральный университет")),
    Term("Народное правительство города Хэйхэ", "黑河市人民政府", "organisation"),
    Term("ООО «Испытание автомобилей Хэйлунцзян Хунхэгу»", "黑龙江红河谷汽车测试有限公司", "organisation"),
    Term("провинция Хэйлунцзян", "黑龙江省", "place"),
]

NAMES = ("Александр Алексей Андрей Антон Борис Вадим Василий Виктор Владимир Дмитрий Евгений Егор "
         "Иван Игорь Илья Кирилл Константин Максим Михаил Николай Олег Павел Пётр Роман Сергей "
         "Степан Тимофей Фёдор Юрий Ярослав").split()
SURNAMES = ("Иванов Петров Сидоров Смирнов Кузнецов Попов Васильев Соколов Михайлов Новиков Фёдоров "
            "Морозов Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов "
            "Андреев Макаров Никитин Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов "
            "Воробьёв Сергеев Кузьмин Фролов Александров Дмитриев Королёв Гусев").split()
ADJ_M = ("государственный федеральный национальный городской региональный муниципальный научный "
         "медицинский технический педагогический транспортный торговый промышленный культурный "
         "спортивный исторический российский китайский северный восточный центральный новый "
         "молодёжный детский").split()
NOUNS_M = "университет институт центр музей театр совет комитет департамент фонд колледж союз банк".split()
NOUNS_F = "академия библиотека гимназия школа палата дума ассоциация компания больница служба".split()
NOUNS_N = "управление агентство министерство собрание общество правительство объединение училище".split()
CITIES = ("Якутска Москвы Иркутска Хабаровска Благовещенска Владивостока Новосибирска Томска "
          "Красноярска Читы Мирного Нерюнгри").split()
SYLLABLES = ("ань ао бай бэй бин бо вань ван вэй вэнь гао гуань гуан го дэ дун жэнь жун "
             "лань лин лун лю мин мэй нань нин пин сы сян сяо синь сюэ тай тянь фан фэн фу хай "
             "хань хао хэ хэй хун хуа хуэй цзе цзин цзян цзы цин цюань цянь чан чжан чжэн чжоу "
             "чунь чэн чэнь шань шэн ши шу юань юй юн ян").split()
ZH_CHARS = ("黑河雅库茨克市人民政府大学联邦东北龙江省州县区镇村委员会中心公司有限集团国家科学技术研究院"
            "文化艺术体育医疗教育学校银行交通运输铁路航空旅游农业工业商业贸易发展合作友好协会基金"
            "博物馆图书馆剧院广播电视报社出版新华社北京上海天津重庆哈尔滨长春沈阳大连青岛济南南京杭州"
            "武汉广州深圳成都西安兰州乌鲁木齐拉萨昆明贵阳南宁海口福州厦门台北香港澳门")


def chinese_name(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()


def synthetic_ru(n: int, seed: int = 0) -> list[Term]:
    rng = random.Random(seed)
    terms: dict[str, Term] = {t.ru: t for t in REAL_TERMS}
    while len(terms) < n:
        r = rng.random()
        if r < 0.25:
            ru, kind = f"{rng.choice(NAMES)} {rng.choice(SURNAMES)}", "person"
        elif r < 0.40:
            ru, kind = f"{chinese_name(rng, 1)} {chinese_name(rng, rng.choice((1, 2)))}", "person"
        elif r < 0.55:
            ru, kind = chinese_name(rng, rng.choice((2, 3))), "place"
        elif r < 0.65:
            ru = f"{rng.choice(('провинция', 'уезд', 'район', 'округ'))} {chinese_name(rng, 2)}"
            kind = "place"
        else:
            noun = rng.choice(NOUNS_M + NOUNS_F + NOUNS_N)
            adjs = rng.sample(ADJ_M, rng.choice((1, 2)))
            tail = rng.choice((f" города {rng.choice(CITIES)}", f" города {chinese_name(rng, 2)}", ""))
            ru = " ".join(adjs + [noun]) + tail
            ru = ru[0].upper() + ru[1:]
            kind = "organisation"
        terms.setdefault(ru, Term(ru, f"zh{len(terms)}", kind))
    return list(terms.values())


def synthetic_zh(n: int, seed: int = 0) -> list[Term]:
    rng = random.Random(seed)
    terms: dict[str, Term] = {t.zh: t for t in REAL_TERMS}
    while len(terms) < n:
        zh = "".join(rng.choice(ZH_CHARS) for _ in range(rng.choice((2, 3, 3, 4, 4, 5, 6, 7))))
        terms.setdefault(zh, Term(f"ru{len(terms)}", zh, "other"))
    return list(terms.values())


def zh_text(terms: list[Term], chars: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    out, size = [], 0
    while size < chars:
        piece = rng.choice(terms).zh if rng.random() < 0.3 else "".join(
            rng.choice(ZH_CHARS + "的了在是和与对，。") for _ in range(rng.randint(3, 12)))
        out.append(piece)
        size += len(piece)
    return "".join(out)


def timed(fn, repeat: int = 1):
    best, result = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    return best, result


def naive_scan(forms: list[str], text: str) -> int:
    folded = text.lower()
    return sum(folded.count(f) for f in forms)


def report(lang: str, terms: list[Term], text: str) -> None:
    kchars = len(text) / 1000
    build_s, big = timed(lambda: TermMatcher(terms, lang))
    cold_s, found = timed(lambda: big.find(text))
    warm_s, found = timed(lambda: big.find(text), repeat=3)
    small = TermMatcher(REAL_TERMS, lang)
    small.find(text)
    base_s, _ = timed(lambda: small.find(text), repeat=3)
    forms = [f.lower() for t in terms for f in t.source_forms(lang)]
    naive_s, _ = timed(lambda: naive_scan(forms, text))
    print(f"[{lang}] {len(terms)} terms, text {len(text)} chars, {len(found)} matches")
    print(f"  index build:            {build_s * 1000:9.1f} ms")
    print(f"  find, cold caches:      {cold_s * 1000 / kchars:9.3f} ms / 1k chars")
    print(f"  find, warm:             {warm_s * 1000 / kchars:9.3f} ms / 1k chars")
    print(f"  baseline, 10 terms:     {base_s * 1000 / kchars:9.3f} ms / 1k chars "
          f"-> 10k terms cost x{warm_s / base_s:.2f}")
    print(f"  naive substring scan of all {len(forms)} forms (no inflection): "
          f"{naive_s * 1000 / kchars:.3f} ms / 1k chars -> matcher is x{warm_s / naive_s:.2f} of it")


def main() -> None:
    if SAMPLE.exists():
        ru_text = SAMPLE.read_text(encoding="utf-8")
        print(f"sample: {SAMPLE} x{REPEAT}")
    else:
        ru_text = FALLBACK_TEXT
        print(f"sample not found ({SAMPLE}); using a built-in text x{REPEAT}")
    ru_text = "\n\n".join([ru_text] * REPEAT)

    t = time.perf_counter()
    import pymorphy3  # noqa: F401  (so that loading it is not billed to the index)
    from workbench.morphology.russian import analyzer
    analyzer()
    print(f"pymorphy3 load: {(time.perf_counter() - t) * 1000:.0f} ms")

    ru_terms = synthetic_ru(N_TERMS)
    report("ru", ru_terms, ru_text)
    zh_terms = synthetic_zh(N_TERMS)
    report("zh", zh_terms, zh_text(zh_terms, len(ru_text)))


if __name__ == "__main__":
    main()
