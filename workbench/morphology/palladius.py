"""Palladius transcription: Chinese characters or pinyin → Russian Cyrillic.

The Palladius system (Иакинф Бичурин 1839, fixed by the «Полный китайско-русский
словарь» of архимандрит Палладий (Кафаров) and П. С. Попов, Пекин 1888) is the
standard way Russian writes Chinese names. :data:`SYLLABLES` is its syllable
table, written once, pinyin → Cyrillic, for every syllable pypinyin knows
(cross-checked against ``zh2ru-idterms`` ``surname_pinyin_rule.tsv`` /
``givenname_rule.tsv``, MIT; where they differ — «ву», «-юе» — we follow the
standard «у», «-юэ»). The rules on top of the table:

* final -n → -нь, -ng → -н (in the table: «Цзинь», «Цзин»);
* hui → хуэй, other -ui → -уй; -uo → -о; zi/ci/si → цзы/цы/сы;
* ъ between a syllable ending in -н (pinyin -ng) and one starting with a vowel:
  长安 Чанъань, 衡阳 Хэнъян, 吴承恩 У Чэнъэнь (after -нь the ь already separates:
  延安 Яньань);
* places are one word (黑河 → Хэйхэ); persons: surname apart, given name joined
  (陈晓洁 → Чэнь Сяоцзе); organisations and other names: one word per word;
* established names beat the system (北京 → Пекин, 哈尔滨 → Харбин, 孙中山 → Сунь
  Ятсен): :data:`ESTABLISHED_PLACES`, :data:`ESTABLISHED_PERSONS`.

Readings of characters come from pypinyin (its phrase dictionary picks the
reading in context: 重庆 chong, 六安 lu); surnames with a special reading
(单 Shan, 曾 Zeng, 解 Xie …) come from :data:`SURNAME_READINGS`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from workbench.errors import TranscriptionError
from workbench.languages import CYRILLIC_CLASS, HAN_CLASS


#: Kinds :func:`to_cyrillic` distinguishes (those of the glossary; the rest behave like "other").
KINDS = ("person", "place", "organisation", "other")

#: The Palladius table: pinyin syllable (tones removed, ü written ü) → Cyrillic.
SYLLABLES: dict[str, str] = {
    "a": "а", "ai": "ай", "an": "ань", "ang": "ан", "ao": "ао", "ba": "ба", "bai": "бай", "ban": "бань",
    "bang": "бан", "bao": "бао", "bei": "бэй", "ben": "бэнь", "beng": "бэн", "bi": "би", "bian": "бянь",
    "biang": "бян", "biao": "бяо", "bie": "бе", "bin": "бинь", "bing": "бин", "bo": "бо", "bong": "бун",
    "bu": "бу", "ca": "ца", "cai": "цай", "can": "цань", "cang": "цан", "cao": "цао", "ce": "цэ", "cei": "цэй",
    "cen": "цэнь", "ceng": "цэн", "cha": "ча", "chai": "чай", "chan": "чань", "chang": "чан", "chao": "чао",
    "che": "чэ", "chen": "чэнь", "cheng": "чэн", "chi": "чи", "chong": "чун", "chou": "чоу", "chu": "чу",
    "chua": "чуа", "chuai": "чуай", "chuan": "чуань", "chuang": "чуан", "chui": "чуй", "chun": "чунь",
    "chuo": "чо", "ci": "цы", "cong": "цун", "cou": "цоу", "cu": "цу", "cuan": "цуань", "cui": "цуй",
    "cun": "цунь", "cuo": "цо", "da": "да", "dai": "дай", "dan": "дань", "dang": "дан", "dao": "дао",
    "de": "дэ", "dei": "дэй", "den": "дэнь", "deng": "дэн", "di": "ди", "dia": "дя", "dian": "дянь",
    "diao": "дяо", "die": "де", "din": "динь", "ding": "дин", "diu": "дю", "dong": "дун", "dou": "доу",
    "du": "ду", "duan": "дуань", "dui": "дуй", "dun": "дунь", "duo": "до", "e": "э", "ei": "эй", "en": "энь",
    "eng": "эн", "er": "эр", "fa": "фа", "fan": "фань", "fang": "фан", "fei": "фэй", "fen": "фэнь",
    "feng": "фэн", "fiao": "фяо", "fo": "фо", "fou": "фоу", "fu": "фу", "ga": "га", "gai": "гай",
    "gan": "гань", "gang": "ган", "gao": "гао", "ge": "гэ", "gei": "гэй", "gen": "гэнь", "geng": "гэн",
    "gong": "гун", "gou": "гоу", "gu": "гу", "gua": "гуа", "guai": "гуай", "guan": "гуань", "guang": "гуан",
    "gui": "гуй", "gun": "гунь", "guo": "го", "ha": "ха", "hai": "хай", "han": "хань", "hang": "хан",
    "hao": "хао", "he": "хэ", "hei": "хэй", "hen": "хэнь", "heng": "хэн", "hm": "хм", "hng": "хн",
    "hong": "хун", "hou": "хоу", "hu": "ху", "hua": "хуа", "huai": "хуай", "huan": "хуань", "huang": "хуан",
    "hui": "хуэй", "hun": "хунь", "huo": "хо", "ji": "цзи", "jia": "цзя", "jian": "цзянь", "jiang": "цзян",
    "jiao": "цзяо", "jie": "цзе", "jin": "цзинь", "jing": "цзин", "jiong": "цзюн", "jiu": "цзю", "ju": "цзюй",
    "juan": "цзюань", "jue": "цзюэ", "jun": "цзюнь", "ka": "ка", "kai": "кай", "kan": "кань", "kang": "кан",
    "kao": "као", "ke": "кэ", "kei": "кэй", "ken": "кэнь", "keng": "кэн", "kong": "кун", "kou": "коу",
    "ku": "ку", "kua": "куа", "kuai": "куай", "kuan": "куань", "kuang": "куан", "kui": "куй", "kun": "кунь",
    "kuo": "ко", "la": "ла", "lai": "лай", "lan": "лань", "lang": "лан", "lao": "лао", "le": "лэ",
    "lei": "лэй", "len": "лэнь", "leng": "лэн", "li": "ли", "lia": "ля", "lian": "лянь", "liang": "лян",
    "liao": "ляо", "lie": "ле", "lin": "линь", "ling": "лин", "liu": "лю", "lo": "ло", "long": "лун",
    "lou": "лоу", "lu": "лу", "luan": "луань", "lun": "лунь", "luo": "ло", "lü": "люй", "lüe": "люэ", "m": "м",
    "ma": "ма", "mai": "май", "man": "мань", "mang": "ман", "mao": "мао", "me": "мэ", "mei": "мэй",
    "men": "мэнь", "meng": "мэн", "mi": "ми", "mian": "мянь", "miao": "мяо", "mie": "ме", "min": "минь",
    "ming": "мин", "miu": "мю", "mo": "мо", "mou": "моу", "mu": "му", "n": "нь", "na": "на", "nai": "най",
    "nan": "нань", "nang": "нан", "nao": "нао", "ne": "нэ", "nei": "нэй", "nen": "нэнь", "neng": "нэн",
    "ng": "н", "ni": "ни", "nia": "ня", "nian": "нянь", "niang": "нян", "niao": "няо", "nie": "не",
    "nin": "нинь", "ning": "нин", "niu": "ню", "nong": "нун", "nou": "ноу", "nu": "ну", "nuan": "нуань",
    "nun": "нунь", "nuo": "но", "nü": "нюй", "nüe": "нюэ", "o": "о", "ou": "оу", "pa": "па", "pai": "пай",
    "pan": "пань", "pang": "пан", "pao": "пао", "pei": "пэй", "pen": "пэнь", "peng": "пэн", "pi": "пи",
    "pian": "пянь", "piao": "пяо", "pie": "пе", "pin": "пинь", "ping": "пин", "po": "по", "pou": "поу",
    "pu": "пу", "qi": "ци", "qia": "ця", "qian": "цянь", "qiang": "цян", "qiao": "цяо", "qie": "це",
    "qin": "цинь", "qing": "цин", "qiong": "цюн", "qiu": "цю", "qu": "цюй", "quan": "цюань", "que": "цюэ",
    "qun": "цюнь", "ran": "жань", "rang": "жан", "rao": "жао", "re": "жэ", "ren": "жэнь", "reng": "жэн",
    "ri": "жи", "rong": "жун", "rou": "жоу", "ru": "жу", "rua": "жуа", "ruan": "жуань", "rui": "жуй",
    "run": "жунь", "ruo": "жо", "sa": "са", "sai": "сай", "san": "сань", "sang": "сан", "sao": "сао",
    "se": "сэ", "sen": "сэнь", "seng": "сэн", "sha": "ша", "shai": "шай", "shan": "шань", "shang": "шан",
    "shao": "шао", "she": "шэ", "shei": "шэй", "shen": "шэнь", "sheng": "шэн", "shi": "ши", "shou": "шоу",
    "shu": "шу", "shua": "шуа", "shuai": "шуай", "shuan": "шуань", "shuang": "шуан", "shui": "шуй",
    "shun": "шунь", "shuo": "шо", "si": "сы", "song": "сун", "sou": "соу", "su": "су", "suan": "суань",
    "sui": "суй", "sun": "сунь", "suo": "со", "ta": "та", "tai": "тай", "tan": "тань", "tang": "тан",
    "tao": "тао", "te": "тэ", "tei": "тэй", "teng": "тэн", "ti": "ти", "tian": "тянь", "tiao": "тяо",
    "tie": "те", "ting": "тин", "tong": "тун", "tou": "тоу", "tu": "ту", "tuan": "туань", "tui": "туй",
    "tun": "тунь", "tuo": "то", "wa": "ва", "wai": "вай", "wan": "вань", "wang": "ван", "wei": "вэй",
    "wen": "вэнь", "weng": "вэн", "wo": "во", "wong": "вун", "wu": "у", "xi": "си", "xia": "ся",
    "xian": "сянь", "xiang": "сян", "xiao": "сяо", "xie": "се", "xin": "синь", "xing": "син", "xiong": "сюн",
    "xiu": "сю", "xu": "сюй", "xuan": "сюань", "xue": "сюэ", "xun": "сюнь", "ya": "я", "yan": "янь",
    "yang": "ян", "yao": "яо", "ye": "е", "yi": "и", "yin": "инь", "ying": "ин", "yo": "ё", "yong": "юн",
    "you": "ю", "yu": "юй", "yuan": "юань", "yue": "юэ", "yun": "юнь", "za": "цза", "zai": "цзай",
    "zan": "цзань", "zang": "цзан", "zao": "цзао", "ze": "цзэ", "zei": "цзэй", "zen": "цзэнь", "zeng": "цзэн",
    "zha": "чжа", "zhai": "чжай", "zhan": "чжань", "zhang": "чжан", "zhao": "чжао", "zhe": "чжэ",
    "zhei": "чжэй", "zhen": "чжэнь", "zheng": "чжэн", "zhi": "чжи", "zhong": "чжун", "zhou": "чжоу",
    "zhu": "чжу", "zhua": "чжуа", "zhuai": "чжуай", "zhuan": "чжуань", "zhuang": "чжуан", "zhui": "чжуй",
    "zhun": "чжунь", "zhuo": "чжо", "zi": "цзы", "zong": "цзун", "zou": "цзоу", "zu": "цзу", "zuan": "цзуань",
    "zui": "цзуй", "zun": "цзунь", "zuo": "цзо",
}

#: Established Russian names of places that do not follow the system (or follow an older reading).
ESTABLISHED_PLACES: dict[str, str] = {
    "北京": "Пекин", "南京": "Нанкин", "哈尔滨": "Харбин", "齐齐哈尔": "Цицикар",
    "香港": "Гонконг", "澳门": "Макао", "西藏": "Тибет", "陕西": "Шэньси", "安徽": "Аньхой",
    "乌鲁木齐": "Урумчи", "拉萨": "Лхаса", "喀什": "Кашгар", "呼和浩特": "Хух-Хото",
    "鄂尔多斯": "Ордос", "满洲里": "Маньчжурия", "瑷珲": "Айгунь", "内蒙古": "Внутренняя Монголия",
    "长江": "Янцзы", "大兴安岭": "Большой Хинган", "海参崴": "Владивосток",
}

#: Established Russian names of persons (older readings, Cantonese, Latinised names).
ESTABLISHED_PERSONS: dict[str, str] = {
    "孙中山": "Сунь Ятсен", "孙逸仙": "Сунь Ятсен", "蒋介石": "Чан Кайши", "李白": "Ли Бо",
    "孔子": "Конфуций", "老子": "Лао-цзы", "孟子": "Мэн-цзы", "庄子": "Чжуан-цзы",
    "成龙": "Джеки Чан", "鲁迅": "Лу Синь",
}

#: Romanised spellings of established names (pinyin is ambiguous: «shanxi» is 山西 Шаньси, so
#: 陕西 is only recognised as «Shaanxi», its official spelling; «aihui» stays Айхуэй).
ESTABLISHED_PINYIN: dict[str, str] = {
    "beijing": "Пекин", "peking": "Пекин", "nanjing": "Нанкин", "haerbin": "Харбин", "harbin": "Харбин",
    "qiqihaer": "Цицикар", "qiqihar": "Цицикар", "xianggang": "Гонконг", "hongkong": "Гонконг",
    "aomen": "Макао", "macao": "Макао", "macau": "Макао", "xizang": "Тибет", "tibet": "Тибет",
    "shaanxi": "Шэньси", "anhui": "Аньхой", "wulumuqi": "Урумчи", "urumqi": "Урумчи", "lasa": "Лхаса", "lhasa": "Лхаса",
    "kashi": "Кашгар", "huhehaote": "Хух-Хото", "hohhot": "Хух-Хото", "eerduosi": "Ордос",
    "ordos": "Ордос", "manzhouli": "Маньчжурия", "changjiang": "Янцзы",
    "sunzhongshan": "Сунь Ятсен", "sunyatsen": "Сунь Ятсен", "jiangjieshi": "Чан Кайши",
    "chiangkaishek": "Чан Кайши", "libai": "Ли Бо", "kongzi": "Конфуций", "confucius": "Конфуций",
    "laozi": "Лао-цзы", "luxun": "Лу Синь",
}

#: Surnames whose reading differs from the character's usual one.
SURNAME_READINGS: dict[str, str] = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "区": "ou", "查": "zha", "朴": "piao",
    "乐": "yue", "种": "chong", "盖": "ge", "缪": "miao", "翟": "zhai", "覃": "qin", "召": "shao",
    "任": "ren", "沈": "shen", "秘": "bi", "隗": "wei", "句": "gou", "员": "yun", "那": "na",
    "燕": "yan", "繁": "po", "折": "she", "藏": "zang", "薄": "bo", "贾": "jia", "柏": "bai",
    "宿": "su", "重": "chong", "曲": "qu", "强": "qiang", "黑": "hei", "叶": "ye", "华": "hua",
    "都": "du", "万": "wan", "尉": "wei", "长": "chang", "朝": "chao", "石": "shi", "栗": "li",
    "祭": "zhai", "阚": "kan", "冼": "xian", "洗": "xian", "蕃": "pi", "适": "kuo",
}

#: Two-character surnames (a name of three or more characters starting with one has it as surname).
COMPOUND_SURNAMES = frozenset((
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "长孙", "慕容", "令狐",
    "夏侯", "司徒", "端木", "宇文", "独孤", "西门", "南宫", "轩辕", "万俟", "呼延", "澹台",
    "公冶", "宗政", "濮阳", "淳于", "单于", "太叔", "申屠", "闻人", "东郭", "百里", "司空",
))

#: Syllable-initial vowel letters before which ъ follows a syllable ending in -н (pinyin -ng).
_SEPARATED_VOWELS = "аоуэяеёюи"

_HAN = re.compile(f"[{HAN_CLASS}]")
_CYRILLIC = re.compile(f"[{CYRILLIC_CLASS}]")
_LATIN = re.compile(r"[a-zA-ZüÜ]")
_MAX_SYLLABLE = max(map(len, SYLLABLES))


def is_han(text: str) -> bool:
    """True when every non-space character of ``text`` is a Chinese character."""
    chars = [c for c in text if not c.isspace()]
    return bool(chars) and all(_HAN.match(c) for c in chars)


def to_cyrillic(text: str, kind: str = "other") -> str:
    """Transcribe Chinese characters or pinyin into Russian (Palladius).

    Args:
        text: Chinese characters («黑河», «陈晓洁») or pinyin with or without
            tones, spaces, apostrophes («hong he gu», «Heihe», «hēihé», «Xi'an»).
        kind: ``person`` (surname apart, given name joined), ``place`` (one
            word), ``organisation`` / ``other`` (one Russian word per word).

    Raises:
        TranscriptionError: the text is neither Chinese characters nor pinyin.
    """
    text = unicodedata.normalize("NFC", text).strip()
    if not text:
        return ""
    established = _established(text, kind)
    if established:
        return established
    if _CYRILLIC.search(text):
        raise TranscriptionError(f"«{text}» is already Cyrillic; give Chinese characters or pinyin")
    if _HAN.search(text):
        words = _han_words(text, kind)
    elif _LATIN.search(text):
        words = _pinyin_words(text, kind)
    else:
        raise TranscriptionError(f"«{text}» has neither Chinese characters nor pinyin")
    return " ".join(_render(word) for word in words if word)


def _established(text: str, kind: str) -> str | None:
    tables = {"person": (ESTABLISHED_PERSONS,), "place": (ESTABLISHED_PLACES,)}.get(
        kind, (ESTABLISHED_PLACES, ESTABLISHED_PERSONS))
    key = "".join(text.split())
    for table in tables:
        if key in table:
            return table[key]
    if _LATIN.search(text) and not _HAN.search(text):
        spelled = re.sub(r"[^a-zü]", "", _strip_tones(text))
        russian = ESTABLISHED_PINYIN.get(spelled)
        if russian and any(russian in table.values() for table in tables):
            return russian
    return None


# --------------------------------------------------------------------------- Chinese characters


def _readings(han: str) -> list[str]:
    """Pinyin syllables of a run of Chinese characters (tones removed; ü kept)."""
    from pypinyin import Style, lazy_pinyin

    return [_strip_tones(s) for s in lazy_pinyin(han, style=Style.NORMAL, v_to_u=True, errors="ignore")]


def _han_words(text: str, kind: str) -> list[list[str]]:
    runs = [run for run in re.split(f"[^{HAN_CLASS}]+", text) if run]
    if kind == "person":
        if len(runs) > 1:  # surname and given name written apart
            return [_surname(runs[0]), [s for run in runs[1:] for s in _readings(run)]]
        name = runs[0]
        cut = 2 if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES else 1
        surname, given = name[:cut], name[cut:]
        return [_surname(surname), _readings(given)] if given else [_surname(surname)]
    if kind == "place":
        return [[s for run in runs for s in _readings(run)]]
    from pypinyin.seg.mmseg import seg

    return [_readings(word) for run in runs for word in seg.cut(run)]


def _surname(han: str) -> list[str]:
    if len(han) == 1 and han in SURNAME_READINGS:
        return [SURNAME_READINGS[han]]
    return _readings(han)


# --------------------------------------------------------------------------- pinyin


def _strip_tones(syllable: str) -> str:
    """«hēi» → «hei», «lǘ» → «lü», «lv» / «lu:» → «lü», «hei1» → «hei»."""
    text = unicodedata.normalize("NFD", syllable.lower())
    text = "".join(c for c in text if unicodedata.category(c) != "Mn" or c == "\u0308")
    text = unicodedata.normalize("NFC", text).replace("u:", "ü").replace("v", "ü")
    return re.sub(r"[1-5]", "", text)


def _pinyin_words(text: str, kind: str) -> list[list[str]]:
    words = [w for w in re.split(r"\s+", text.strip()) if w]
    parsed = [_parse_pinyin_word(w) for w in words]
    if kind == "place":
        return [[s for word in parsed for s in word]]
    if kind == "person" and len(parsed) > 1:
        return [parsed[0], [s for word in parsed[1:] for s in word]]
    return parsed


def _parse_pinyin_word(word: str) -> list[str]:
    syllables: list[str] = []
    for chunk in re.split(r"['’‘\-]+", word):
        clean = _strip_tones(re.sub(r"[^\w:]", "", chunk))
        clean = re.sub(r"(?<=[jqxy])ü", "u", clean)  # ju/qu/xu/yu are written without dots
        if clean:
            syllables.extend(_split_syllables(clean, word))
    return syllables


@lru_cache(maxsize=20_000)
def _split_syllables(chunk: str, word: str) -> tuple[str, ...]:
    """Split a pinyin chunk into syllables: fewest syllables, then (the pinyin rule that an
    apostrophe marks a vowel-initial syllable) fewest syllables starting with a vowel."""
    n = len(chunk)
    best: list[tuple | None] = [None] * (n + 1)
    best[0] = (0, 0, ())
    for i in range(1, n + 1):
        for j in range(max(0, i - _MAX_SYLLABLE), i):
            piece = chunk[j:i]
            if best[j] is None or piece not in SYLLABLES:
                continue
            count, vowels, parts = best[j]
            candidate = (count + 1, vowels + (j > 0 and piece[0] in "aoe"), parts + (piece,))
            if best[i] is None or candidate[:2] < best[i][:2]:
                best[i] = candidate
    if best[n] is None:
        raise TranscriptionError(f"cannot read «{word}» as pinyin (at «{chunk}»)")
    return best[n][2]


# --------------------------------------------------------------------------- rendering


def _syllable(pinyin: str) -> str:
    key = pinyin.replace("v", "ü")
    if key not in SYLLABLES:
        key = re.sub(r"(?<=[jqxy])ü", "u", key)
    try:
        return SYLLABLES[key]
    except KeyError:
        raise TranscriptionError(f"«{pinyin}» is not a pinyin syllable") from None


def _render(syllables: list[str]) -> str:
    """Join the syllables of one word, with ъ after -н before a vowel, capitalised."""
    out = ""
    for pinyin in syllables:
        cyrillic = _syllable(pinyin)
        if out.endswith("н") and cyrillic[0] in _SEPARATED_VOWELS:
            out += "ъ"
        out += cyrillic
    return out[:1].upper() + out[1:]


# --------------------------------------------------------------------------- checking


_FOLD = str.maketrans({"ё": "е", "э": "е", "ъ": None, "ь": None})
_INTERJECTIONS = ("m", "n", "ng", "hm", "hng")  # not name syllables; «н» would split anything
_FOLDED_SYLLABLES = frozenset(c.translate(_FOLD) for p, c in SYLLABLES.items() if p not in _INTERJECTIONS)
_MAX_FOLDED = max(map(len, _FOLDED_SYLLABLES))


def syllable_counts(russian: str) -> set[int]:
    """How many Palladius syllables ``russian`` can be read as (empty set: not a transcription).

    Lenient on purpose (э = е, ъ and ь ignored), so that a misspelt transcription
    such as «Хэйхе» still reads as two syllables: «Хэйхэ» → {2}, «Якутск» → set().
    """
    word = re.sub(r"[\s\-]", "", russian.lower()).translate(_FOLD)
    if not word:
        return set()
    reach: list[set[int]] = [set() for _ in range(len(word) + 1)]
    reach[0].add(0)
    for i in range(1, len(word) + 1):
        for j in range(max(0, i - _MAX_FOLDED), i):
            if reach[j] and word[j:i] in _FOLDED_SYLLABLES:
                reach[i].update(c + 1 for c in reach[j])
    return reach[-1]


def same_spelling(a: str, b: str) -> bool:
    """Compare two Cyrillic spellings ignoring case, hyphens, spaces and ё/е."""
    def key(text: str) -> str:
        return re.sub(r"[\s\-‐‑]", "", text.lower().replace("ё", "е"))

    return key(a) == key(b)
