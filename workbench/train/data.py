"""Build the multilingual (ru, zh, en) training corpus from ``shared/data``.

The result is a folder of line-aligned files that :mod:`workbench.train.loop`
reads: ``train.src``/``train.tgt`` (source lines carry the ``>>xx<<`` token of
the target language, the multilingual OPUS-MT convention), ``train.origin``
(``corpus<TAB>direction`` of each line, for statistics), the same three files
for ``dev``, and ``stats.json``.

Dev sets (WMT21 news ru/zh references and TICO-19 test) are kept out of
training, and every training pair with a side that occurs in a dev set is
dropped, so dev chrF measures generalisation, not memory.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from collections import Counter
from pathlib import Path

from workbench.errors import InputError

#: Rough characters per "unit of meaning"; Chinese is the unit. Used by the length-ratio filter.
CHAR_SCALE = {"zh": 1.0, "ru": 3.0, "en": 3.5}
#: Longest kept segment in characters (roughly 128 subword tokens).
MAX_CHARS = {"zh": 200, "ru": 500, "en": 500}
BIBLE_CAP = 8000
#: CLDR key categories that are names (emoji, units and time zones are too loose).
CLDR_KEEP = ("territory", "city", "language", "currency", "script", "calendar", "datefield")
DEV_NEWS_LINES = 500
DEV_TICO_LINES = 500

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CYR = re.compile(r"[\u0400-\u04ff]")
_LAT = re.compile(r"[A-Za-z]")
_SPACE = re.compile(r"\s+")
_KEY_DROP = re.compile(r"[\W_]+", re.UNICODE)


def read_lines(path: Path) -> list[str]:
    """All lines of a UTF-8 file without line ends (missing file → :class:`InputError`)."""
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as err:
        raise InputError(f"missing corpus file {path}") from err


def clean(text: str) -> str:
    """Collapse whitespace; corpora mix tabs, NBSPs and trailing spaces."""
    return _SPACE.sub(" ", text.replace("\u00a0", " ")).strip()


def dedup_key(text: str) -> str:
    """A key that ignores case, spaces and punctuation, for dev-overlap checks."""
    return _KEY_DROP.sub("", unicodedata.normalize("NFKC", text).lower())


def script_ok(text: str, lang: str) -> bool:
    """True when most letters are in the script ``lang`` is written in."""
    han, cyr, lat = len(_HAN.findall(text)), len(_CYR.findall(text)), len(_LAT.findall(text))
    letters = han + cyr + lat
    if letters == 0:
        return False
    own = {"zh": han, "ru": cyr, "en": lat}[lang]
    return own / letters >= (0.5 if lang == "zh" else 0.7)


def pair_ok(a: str, la: str, b: str, lb: str) -> bool:
    """Script, maximum-length and length-ratio checks for one pair."""
    if not a or not b or len(a) > MAX_CHARS[la] or len(b) > MAX_CHARS[lb]:
        return False
    if not (script_ok(a, la) and script_ok(b, lb)):
        return False
    na, nb = len(a) / CHAR_SCALE[la], len(b) / CHAR_SCALE[lb]
    return max(na, nb) <= 2.5 * min(na, nb) + 4


# --- readers: each returns {"ru": [...], "zh": [...], "en": [...]} aligned lists -----------------


def _triple(folder: Path, stem: str, langs=("ru", "zh", "en")) -> dict[str, list[str]]:
    return {lang: read_lines(folder / f"{stem}.{lang}") for lang in langs}


def read_bible(root: Path, rng: random.Random) -> dict[str, list[str]]:
    """Sample at most ``BIBLE_CAP`` verses: 1876/1919 register must not dominate."""
    data = _triple(root / "bible-ru-zh-en", "bible")
    keep = sorted(rng.sample(range(len(data["ru"])), min(BIBLE_CAP, len(data["ru"]))))
    return {lang: [lines[i] for i in keep] for lang, lines in data.items()}


def read_un(root: Path) -> dict[str, list[str]]:
    """UN v1.0 dev + test (8k formal 3-way lines)."""
    out: dict[str, list[str]] = {"ru": [], "zh": [], "en": []}
    for part in ("devset", "testset"):
        for lang in out:
            out[lang] += read_lines(root / "un-v1.0-testsets" / part / f"UNv1.0.{part}.{lang}")
    return out


def read_tico_dev(root: Path) -> dict[str, list[str]]:
    return _triple(root / "tico19-dev-en-ru-zh", "tico19-dev")


def strip_glossary_notation(text: str) -> str:
    """``a : b`` alternatives keep ``a``; ``[...]`` clarifications are removed."""
    text = text.split(" : ")[0]
    return clean(re.sub(r"\[[^\]]*\]", " ", text))


def read_covid_terms(root: Path) -> dict[str, list[str]]:
    data = _triple(root / "tico19-covid-terms-en-ru-zh", "terms")
    return {lang: [strip_glossary_notation(t) for t in lines] for lang, lines in data.items()}


def read_cldr(root: Path) -> dict[str, list[str]]:
    """CLDR display names, only the name categories of ``CLDR_KEEP``."""
    folder = root / "cldr48-names-en-ru-zh"
    keys = read_lines(folder / "cldr.key")
    data = _triple(folder, "cldr")
    keep = [i for i, key in enumerate(keys) if key.split(":", 1)[0] in CLDR_KEEP]
    return {lang: [lines[i] for i in keep] for lang, lines in data.items()}


def read_wmt(root: Path, pair: str) -> dict[str, list[str]]:
    """WMT newstest 2014–2020 for ``pair`` (``"ru"`` or ``"zh"`` with English), both folder orders."""
    out: dict[str, list[str]] = {"en": [], pair: []}
    for folder in sorted((root / "wmt-newstest-en-ru-zh").glob("*/*-*")):
        if set(folder.name.split("-")) != {"en", pair}:
            continue
        for en_file in sorted(folder.glob("*.en")):
            other = en_file.with_suffix(f".{pair}")
            if other.exists():
                out["en"] += read_lines(en_file)
                out[pair] += read_lines(other)
    return out


def read_wmt_pivot(root: Path) -> dict[str, list[str]]:
    """ru–zh news pairs joined through identical English sources of the en-ru and en-zh sets.

    WMT 2017–2018 gave the same English documents to several language pairs, so
    about 2.6k English lines have both a Russian and a Chinese translation: the
    only ru–zh *news* text in ``shared/data``. The first English occurrence wins.
    """
    ru, zh = read_wmt(root, "ru"), read_wmt(root, "zh")
    by_en: dict[str, str] = {}
    for en, text in zip(ru["en"], ru["ru"]):
        by_en.setdefault(clean(en), text)
    out: dict[str, list[str]] = {"ru": [], "zh": [], "en": []}
    used: set[str] = set()
    for en, text in zip(zh["en"], zh["zh"]):
        key = clean(en)
        if key in by_en and key not in used:
            used.add(key)
            out["en"].append(key)
            out["ru"].append(by_en[key])
            out["zh"].append(text)
    return out


def read_tatoeba(root: Path, pair: str) -> dict[str, list[str]]:
    """Tatoeba test eng-rus, or eng-zho restricted to Simplified Mandarin (cmn_Hans)."""
    other = {"ru": "rus", "zh": "zho"}[pair]
    folder = root / "tatoeba-test-eng-rus-zho" / f"eng-{other}"
    stem = folder / "tatoeba-test-v2021-08-07"
    en, tgt = read_lines(Path(f"{stem}.eng")), read_lines(Path(f"{stem}.{other}"))
    labels = read_lines(Path(f"{stem}.{other}.labels"))
    wanted = {"ru": "rus", "zh": "cmn_Hans"}[pair]
    keep = [i for i, label in enumerate(labels) if label.strip() == wanted]
    return {"en": [en[i] for i in keep], pair: [tgt[i] for i in keep]}


def traditional_only_chars(root: Path) -> set[str]:
    """Characters CC-CEDICT writes differently in simplified script (cheap Hant detector)."""
    trad, simp = set(), set()
    path = next((root / "cc-cedict-zh-en").glob("*.u8"), None)
    if path is None:
        return set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        parts = line.split(" ", 2)
        if len(parts) < 3 or len(parts[0]) != len(parts[1]):
            continue
        simp.update(parts[1])
        trad.update(a for a, b in zip(parts[0], parts[1]) if a != b)
    return trad - simp


def read_manythings(root: Path) -> dict[str, list[str]]:
    """Tatoeba (manythings) eng-cmn without lines that contain traditional-only characters."""
    folder = root / "tatoeba-manythings-eng-cmn"
    en, zh = read_lines(folder / "eng-cmn.en"), read_lines(folder / "eng-cmn.zh")
    trad = traditional_only_chars(root)
    keep = [i for i, line in enumerate(zh) if not any(ch in trad for ch in line)]
    return {"en": [en[i] for i in keep], "zh": [zh[i] for i in keep]}


def read_po_glossaries(folder: Path) -> dict[str, list[str]]:
    """msgid (Russian) → msgstr (Chinese) pairs of ``glossaries/*.po``, if any exist."""
    out: dict[str, list[str]] = {"ru": [], "zh": []}
    files = sorted(folder.glob("*.po")) if folder.is_dir() else []
    if not files:
        return out
    try:
        import polib
    except ImportError:
        return out
    for path in files:
        for entry in polib.pofile(str(path)):
            if entry.msgid and entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags:
                out["ru"].append(entry.msgid)
                out["zh"].append(entry.msgstr)
    return out


# --- assembling ------------------------------------------------------------------------------


def dev_sets(root: Path, rng: random.Random) -> list[tuple[str, str, str, str]]:
    """(corpus, src_lang, ru, zh) dev pairs: WMT21 news (ru ref B, zh ref A) and TICO-19 test.

    The two sets are interleaved so that the first N lines of a direction mix both domains.
    """
    folder = root / "wmt21-news-enruzh"
    ru = read_lines(folder / "newstest2021.en-ru.ref.B.ru")[:DEV_NEWS_LINES]
    zh = read_lines(folder / "newstest2021.en-zh.ref.A.zh")[:DEV_NEWS_LINES]
    tico_ru = read_lines(root / "tico19-test" / "tico19-test.ru")
    tico_zh = read_lines(root / "tico19-test" / "tico19-test.zh")
    picks = sorted(rng.sample(range(len(tico_ru)), min(DEV_TICO_LINES, len(tico_ru))))
    news = [("wmt21", clean(a), clean(b)) for a, b in zip(ru, zh)]
    tico = [("tico19-test", clean(tico_ru[i]), clean(tico_zh[i])) for i in picks]
    mixed = [item for pair in zip(news, tico) for item in pair]
    return [item for item in mixed if item[1] and item[2]]


def held_out_keys(root: Path) -> set[str]:
    """Keys of every line of every dev file (all refs, all languages), for overlap removal."""
    keys = set()
    files = list((root / "wmt21-news-enruzh").glob("newstest2021*")) + \
        [root / "tico19-test" / f"tico19-test.{lang}" for lang in ("ru", "zh", "en")]
    for path in files:
        keys.update(dedup_key(line) for line in read_lines(path) if line.strip())
    keys.discard("")
    return keys


def collect_pairs(data: dict[str, list[str]], la: str, lb: str, held: set[str],
                  seen: set[tuple[str, str]], dropped: Counter, corpus: str) -> list[tuple[str, str]]:
    """Cleaned, filtered, deduplicated (a, b) pairs of two languages of one corpus."""
    pairs = []
    for a, b in zip(data[la], data[lb]):
        a, b = clean(a), clean(b)
        if not pair_ok(a, la, b, lb):
            dropped[f"{corpus}:{la}-{lb}:filter"] += 1
            continue
        if dedup_key(a) in held or dedup_key(b) in held:
            dropped[f"{corpus}:{la}-{lb}:dev-overlap"] += 1
            continue
        if (a, b) in seen:
            dropped[f"{corpus}:{la}-{lb}:duplicate"] += 1
            continue
        seen.add((a, b))
        pairs.append((a, b))
    return pairs


def prepare_shared(root: str | Path, out_dir: str | Path, *, seed: int = 1,
                   glossary_dir: str | Path | None = None, ruzh_upsample: int = 2,
                   skip: tuple[str, ...] = ()) -> dict:
    """Write the multilingual corpus to ``out_dir`` and return its statistics.

    ru–zh pairs train both directions (non-Bible ones ``ruzh_upsample`` times, as
    they are the point of the model); each English pair trains one random direction,
    which keeps English a helper rather than half of the compute. Corpora named in
    ``skip`` (e.g. ``"wmt-newstest"``) are dropped after the shuffle, so the other
    lines keep the order and directions they have without ``skip``; except
    ``"wmt-newstest-pivot"`` (:func:`read_wmt_pivot`, added after the shipped
    model was trained), which is never read when skipped, so that skipping it
    gives exactly the corpus of the shipped model's runs.
    """
    root, out = Path(root), Path(out_dir)
    if not root.is_dir():
        raise InputError(f"no shared data folder at {root}")
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    held = held_out_keys(root)
    seen: set[tuple[str, str]] = set()
    dropped: Counter = Counter()
    examples: list[tuple[str, str, str, str]] = []  # (src_with_token, tgt, corpus, direction)

    def add(src: str, ls: str, tgt: str, lt: str, corpus: str, times: int = 1) -> None:
        for _ in range(times):
            examples.append((f">>{lt}<< {src}", tgt, corpus, f"{ls}-{lt}"))

    ruzh_sources = {
        "un-v1.0": read_un(root), "tico19-dev": read_tico_dev(root),
        "tico19-covid-terms": read_covid_terms(root), "cldr48-names": read_cldr(root),
        "bible": read_bible(root, rng),
    }
    if "wmt-newstest-pivot" not in skip:  # left out before the shuffle: see the docstring
        ruzh_sources["wmt-newstest-pivot"] = read_wmt_pivot(root)
    if glossary_dir is not None:
        ruzh_sources["glossaries-po"] = read_po_glossaries(Path(glossary_dir))
    for corpus, data in ruzh_sources.items():
        times = 1 if corpus == "bible" else ruzh_upsample
        for ru, zh in collect_pairs(data, "ru", "zh", held, seen, dropped, corpus):
            add(ru, "ru", zh, "zh", corpus, times)
            add(zh, "zh", ru, "ru", corpus, times)
    en_sources = [
        ("wmt-newstest", "ru", read_wmt(root, "ru")), ("wmt-newstest", "zh", read_wmt(root, "zh")),
        ("tatoeba-test", "ru", read_tatoeba(root, "ru")), ("tatoeba-test", "zh", read_tatoeba(root, "zh")),
        ("tatoeba-manythings", "zh", read_manythings(root)),
    ]
    for corpus, other, data in en_sources:
        for en, x in collect_pairs(data, "en", other, held, seen, dropped, corpus):
            if rng.random() < 0.5:
                add(en, "en", x, other, corpus)
            else:
                add(x, other, en, "en", corpus)
    rng.shuffle(examples)
    examples = [ex for ex in examples if ex[2] not in skip]
    write_split(out, "train", examples)

    dev = []
    for corpus, ru, zh in dev_sets(root, rng):
        dev.append((f">>zh<< {ru}", zh, corpus, "ru-zh"))
        dev.append((f">>ru<< {zh}", ru, corpus, "zh-ru"))
    write_split(out, "dev", dev)
    stats = {
        "train_examples": len(examples),
        "train_by_corpus_direction": dict(sorted(Counter(f"{c}\t{d}" for _, _, c, d in examples).items())),
        "dev_examples": len(dev),
        "dropped": dict(sorted(dropped.items())),
        "seed": seed,
        "skipped_corpora": list(skip),
    }
    (out / "stats.json").write_text(json.dumps(stats, ensure_ascii=False, indent=1), encoding="utf-8")
    return stats


def write_split(out: Path, name: str, examples: list[tuple[str, str, str, str]]) -> None:
    """Write ``name.src``, ``name.tgt`` and ``name.origin``."""
    with open(out / f"{name}.src", "w", encoding="utf-8") as fs, \
            open(out / f"{name}.tgt", "w", encoding="utf-8") as ft, \
            open(out / f"{name}.origin", "w", encoding="utf-8") as fo:
        for src, tgt, corpus, direction in examples:
            fs.write(src + "\n")
            ft.write(tgt + "\n")
            fo.write(f"{corpus}\t{direction}\n")


def read_parallel(src_path: str | Path, tgt_path: str | Path) -> tuple[list[str], list[str]]:
    """Two line-aligned files; a length mismatch is an :class:`InputError`."""
    src, tgt = read_lines(Path(src_path)), read_lines(Path(tgt_path))
    if len(src) != len(tgt):
        raise InputError(f"{src_path} has {len(src)} lines but {tgt_path} has {len(tgt)}")
    if not src:
        raise InputError(f"{src_path} is empty")
    return src, tgt
