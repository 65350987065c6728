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
import lzma
import random
import re
import unicodedata
from collections import Counter
from pathlib import Path

from workbench.errors import InputError
from workbench.languages import CYRILLIC_CLASS, HAN_CLASS
from workbench.segment import split_sentences
from workbench.train.hints import add_hints

#: Rough characters per "unit of meaning"; Chinese is the unit. Used by the length-ratio filter.
CHAR_SCALE = {"zh": 1.0, "ru": 3.0, "en": 3.5}
#: Longest kept segment in characters (roughly 128 subword tokens).
MAX_CHARS = {"zh": 200, "ru": 500, "en": 500}
BIBLE_CAP = 8000
#: CLDR key categories that are names (emoji, units and time zones are too loose).
CLDR_KEEP = ("territory", "city", "language", "currency", "script", "calendar", "datefield")
#: Corpora added to ``shared/data`` on 2026-12-05 (corpus v2): folder → (register, times per
#: epoch). News and encyclopedic sentences are the closest text to press releases and the
#: rarest (7.8k ru–zh pairs), so they are upsampled; software UI strings (157k) are capped at
#: :data:`UI_CAP` pairs so that their short imperative register does not dominate.
V2_CORPORA = {
    "wmt24pp-en-ru-zh": ("news", 4),
    "wmt23-general-en-ru-zh": ("news", 4),
    "wmt22-general-en-ru-zh": ("news", 4),
    "ud-pud-en-ru-zh": ("encyclopedic", 4),
    "xquad-en-ru-zh": ("encyclopedic", 4),
    "natural-earth-places-en-ru-zh": ("names", 1),
    "iso-codes-names-en-ru-zh": ("names", 1),
    "gnome-help-ru-zh": ("software-help", 1),
    "libreoffice-help-ru-zh": ("software-help", 1),
    "debian-ddtp-descriptions-en-ru-zh": ("software-help", 1),
    "gimp-help-ru-zh": ("software-help", 1),
    "debian-install-guide-ru-zh": ("software-help", 1),
    "maint-guide-ru-zh": ("software-help", 1),
    "debian-faq-ru-zh": ("software-help", 1),
    "kicad-doc-ru-zh": ("software-help", 1),
    "l10n-ui-libreoffice-mozilla-ru-zh": ("software-ui", 1),
    "debian-gettext-l10n-en-ru-zh": ("software-ui", 1),
}
#: Most software-UI ru–zh pairs kept (after deduplication across folders).
UI_CAP = 50_000
#: Register of the corpora of the first corpus (v1), for the statistics.
V1_REGISTERS = {
    "un-v1.0": "formal", "tico19-dev": "encyclopedic", "tico19-covid-terms": "names",
    "cldr48-names": "names", "bible": "archaic", "wmt-newstest-pivot": "news", "glossaries-po": "names",
    "wmt-newstest": "news", "tatoeba-test": "everyday", "tatoeba-manythings": "everyday",
}
DEV_NEWS_LINES = 500
DEV_TICO_LINES = 500

_HAN = re.compile(f"[{HAN_CLASS}]")
_CYR = re.compile(f"[{CYRILLIC_CLASS}]")
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


def read_tatoeba_ruzh(root: Path) -> dict[str, list[str]]:
    """Tatoeba test rus-zho restricted to Simplified Mandarin (cmn_Hans): everyday, spoken-style sentences.

    Never in the training corpus: ``bench_quality.py --spoken`` measures the spoken domain on it,
    after dropping the pairs whose Russian or Chinese also stands in the training data (Tatoeba's
    eng-rus and eng-zho sets share sentences with it).
    """
    stem = root / "tatoeba-test-rus-zho" / "tatoeba-test-v2021-08-07"
    ru, zh = read_lines(Path(f"{stem}.rus")), read_lines(Path(f"{stem}.zho"))
    labels = read_lines(Path(f"{stem}.zho.labels"))
    keep = [i for i, label in enumerate(labels) if label.strip() == "cmn_Hans" and ru[i].strip() and zh[i].strip()]
    return {"ru": [clean(ru[i]) for i in keep], "zh": [clean(zh[i]) for i in keep]}


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


def read_xz_lines(path: Path) -> list[str]:
    """All lines of an xz-compressed UTF-8 file (the 2026-12-05 folders)."""
    try:
        with lzma.open(path, "rt", encoding="utf-8") as fh:
            return fh.read().splitlines()
    except FileNotFoundError as err:
        raise InputError(f"missing corpus file {path}") from err


def read_v2_folder(root: Path, folder: str) -> dict[str, list[str]]:
    """``train.{ru,zh,en}.xz`` of one corpus-v2 folder (``en`` only where the folder has it).

    XQuAD's Wikipedia paragraphs are longer than the model's limit: each is split
    into sentences (:func:`workbench.segment.split_sentences`) and kept sentence by
    sentence where both sides split into the same number of sentences, whole otherwise
    (the length filter then drops it).
    """
    base = root / folder
    langs = [lang for lang in ("ru", "zh", "en") if (base / f"train.{lang}.xz").exists()]
    data = {lang: read_xz_lines(base / f"train.{lang}.xz") for lang in langs}
    if folder.startswith("xquad"):
        data = _split_paragraphs(data)
    return data


def _split_paragraphs(data: dict[str, list[str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {lang: [] for lang in data}
    for row in zip(*data.values()):
        parts = {lang: split_sentences(text, "zh" if lang == "zh" else "ru") for lang, text in zip(data, row)}
        if len({len(p) for p in parts.values()}) == 1:
            for lang in data:
                out[lang] += parts[lang]
        else:
            for lang, text in zip(data, row):
                out[lang].append(text)
    return out


def read_v2_pivots(root: Path) -> list[tuple[str, dict[str, list[str]]]]:
    """(other language, data) of the pivot-only en–ru / en–zh news pairs of WMT22/23."""
    out = []
    for folder, (register, _) in V2_CORPORA.items():
        for other in ("ru", "zh"):
            stem = root / folder / f"pivot-{other}-en"
            if Path(f"{stem}.en.xz").exists():
                out.append((folder, {"en": read_xz_lines(Path(f"{stem}.en.xz")),
                                     other: read_xz_lines(Path(f"{stem}.{other}.xz"))}))
    return out


def register_of(corpus: str) -> str:
    """The register (news, software-ui, …) of a corpus name, for statistics and weights."""
    name = corpus.removesuffix("+pivot")
    if name in V2_CORPORA:
        return V2_CORPORA[name][0]
    return V1_REGISTERS.get(name, "other")


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

    The corpora of :data:`V2_CORPORA` and their English-only news pairs
    (``"wmt-general-pivot"``) are likewise never read when skipped; ``"v2"``
    in ``skip`` stands for all of them. Each example's register (news,
    encyclopedic, software-ui, …) is counted per direction in the statistics.
    """
    if "v2" in skip:
        skip = tuple(name for name in skip if name != "v2") + tuple(V2_CORPORA) + ("wmt-general-pivot",)
    root, out = Path(root), Path(out_dir)
    if not root.is_dir():
        raise InputError(f"no shared data folder at {root}")
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    found = _Examples(rng, held_out_keys(root))
    # the order of these steps is the order of the random draws: it must not change (seeded corpora)
    _add_ruzh(found, root, skip, glossary_dir, ruzh_upsample)
    _add_v2(found, root, skip)
    _add_english(found, root, skip)
    rng.shuffle(found.items)
    examples = [ex for ex in found.items if ex[2] not in skip]
    write_split(out, "train", examples)

    dev = []
    for corpus, ru, zh in dev_sets(root, rng):
        dev.append((f">>zh<< {ru}", zh, corpus, "ru-zh"))
        dev.append((f">>ru<< {zh}", ru, corpus, "zh-ru"))
    write_split(out, "dev", dev)
    stats = {
        "train_examples": len(examples),
        "train_by_register_direction": dict(sorted(
            Counter(f"{register_of(c)}\t{d}" for _, _, c, d in examples).items())),
        "train_by_corpus_direction": dict(sorted(Counter(f"{c}\t{d}" for _, _, c, d in examples).items())),
        "dev_examples": len(dev),
        "dropped": dict(sorted(found.dropped.items())),
        "seed": seed,
        "skipped_corpora": list(skip),
    }
    (out / "stats.json").write_text(json.dumps(stats, ensure_ascii=False, indent=1), encoding="utf-8")
    return stats


class _Examples:
    """The training examples being collected, and what the collecting keeps track of across corpora."""

    def __init__(self, rng: random.Random, held: set):
        self.rng, self.held = rng, held
        self.seen: set[tuple[str, str]] = set()
        self.seen_ui: set[str] = set()
        self.dropped: Counter = Counter()
        self.items: list[tuple[str, str, str, str]] = []  # (src_with_token, tgt, corpus, direction)
        self.ui_kept = 0

    def add(self, src: str, ls: str, tgt: str, lt: str, corpus: str, times: int = 1) -> None:
        for _ in range(times):
            self.items.append((f">>{lt}<< {src}", tgt, corpus, f"{ls}-{lt}"))

    def pairs(self, data, la: str, lb: str, corpus: str) -> list[tuple[str, str]]:
        return collect_pairs(data, la, lb, self.held, self.seen, self.dropped, corpus)


def _add_ruzh(found: _Examples, root: Path, skip, glossary_dir, ruzh_upsample: int) -> None:
    """The first corpus's ru–zh pairs, both directions (Bible once, the others *ruzh_upsample* times)."""
    sources = {
        "un-v1.0": read_un(root), "tico19-dev": read_tico_dev(root),
        "tico19-covid-terms": read_covid_terms(root), "cldr48-names": read_cldr(root),
        "bible": read_bible(root, found.rng),
    }
    if "wmt-newstest-pivot" not in skip:  # left out before the shuffle: see prepare_shared
        sources["wmt-newstest-pivot"] = read_wmt_pivot(root)
    if glossary_dir is not None:
        sources["glossaries-po"] = read_po_glossaries(Path(glossary_dir))
    for corpus, data in sources.items():
        times = 1 if corpus == "bible" else ruzh_upsample
        for ru, zh in found.pairs(data, "ru", "zh", corpus):
            found.add(ru, "ru", zh, "zh", corpus, times)
            found.add(zh, "zh", ru, "ru", corpus, times)


def _add_v2(found: _Examples, root: Path, skip) -> None:
    """Corpus v2 (:data:`V2_CORPORA`), weighted by register; software UI strings deduplicated and capped."""
    for corpus in (name for name in V2_CORPORA if name not in skip):  # never read when skipped
        register, times = V2_CORPORA[corpus]
        pairs = found.pairs(read_v2_folder(root, corpus), "ru", "zh", corpus)
        if register == "software-ui":
            pairs = _dedup_sources(pairs, found.seen_ui)
            room = max(UI_CAP - found.ui_kept, 0)
            if len(pairs) > room:
                found.dropped[f"{corpus}:ru-zh:ui-cap"] += len(pairs) - room
                pairs = found.rng.sample(pairs, room)
            found.ui_kept += len(pairs)
        for ru, zh in pairs:
            found.add(ru, "ru", zh, "zh", corpus, times)
            found.add(zh, "zh", ru, "ru", corpus, times)


def _add_english(found: _Examples, root: Path, skip) -> None:
    """English pairs, each in one random direction (English a helper, not half of the compute)."""
    sources = [
        ("wmt-newstest", "ru", read_wmt(root, "ru")), ("wmt-newstest", "zh", read_wmt(root, "zh")),
        ("tatoeba-test", "ru", read_tatoeba(root, "ru")), ("tatoeba-test", "zh", read_tatoeba(root, "zh")),
        ("tatoeba-manythings", "zh", read_manythings(root)),
    ]
    if "wmt-general-pivot" not in skip:  # corpus v2's English-only news pairs (WMT22/23)
        sources += [(f"{folder}+pivot", other, data) for folder, data in read_v2_pivots(root)
                    for other in [next(lang for lang in data if lang != "en")]]
    for corpus, other, data in sources:
        for en, x in found.pairs(data, "en", other, corpus):
            if found.rng.random() < 0.5:
                found.add(en, "en", x, other, corpus)
            else:
                found.add(x, other, en, "en", corpus)


def _dedup_sources(pairs: list[tuple[str, str]], seen: set[str]) -> list[tuple[str, str]]:
    """UI strings once per Russian source (case, spaces, punctuation and ``&`` accelerators ignored).

    The same string («Открыть файл», «&Открыть…») recurs across hundreds of programs.
    """
    out = []
    for ru, zh in pairs:
        key = dedup_key(ru)
        if key and key not in seen:
            seen.add(key)
            out.append((ru, zh))
    return out


def write_split(out: Path, name: str, examples: list[tuple[str, str, str, str]]) -> None:
    """Write ``name.src``, ``name.tgt`` and ``name.origin``."""
    with open(out / f"{name}.src", "w", encoding="utf-8") as fs, \
            open(out / f"{name}.tgt", "w", encoding="utf-8") as ft, \
            open(out / f"{name}.origin", "w", encoding="utf-8") as fo:
        for src, tgt, corpus, direction in examples:
            fs.write(src + "\n")
            ft.write(tgt + "\n")
            fo.write(f"{corpus}\t{direction}\n")


def add_hints_to_corpus(corpus: str | Path, out_dir: str | Path, *, share: float, seed: int = 1,
                        drop_english_targets: bool = False) -> dict:
    """Copy a prepared corpus with term hints on a share of its training sources.

    Dev files are copied without hints: dev chrF measures the model as it
    translates a sentence without glossary terms.
    """
    import shutil


    corpus, out = Path(corpus), Path(out_dir)
    src, tgt = read_parallel(corpus / "train.src", corpus / "train.tgt")
    origin = read_lines(corpus / "train.origin") if (corpus / "train.origin").exists() else ["\t"] * len(src)
    rows = [(s, t, o) for s, t, o in zip(src, tgt, origin)
            if not (drop_english_targets and s.startswith(">>en<<"))]
    hinted, stats = add_hints([r[0] for r in rows], [r[1] for r in rows], seed=seed, share=share)
    out.mkdir(parents=True, exist_ok=True)
    write_split(out, "train", [(h, t, *o.split("\t", 1)) for h, (_, t, o) in zip(hinted, rows)])
    for name in ("dev.src", "dev.tgt", "dev.origin"):
        if (corpus / name).exists():
            shutil.copyfile(corpus / name, out / name)
    stats.update(share=share, seed=seed, dropped_english_targets=len(src) - len(rows))
    (out / "hints.json").write_text(json.dumps(stats, indent=1), encoding="utf-8")
    return stats


def read_parallel(src_path: str | Path, tgt_path: str | Path) -> tuple[list[str], list[str]]:
    """Two line-aligned files; a length mismatch is an :class:`InputError`."""
    src, tgt = read_lines(Path(src_path)), read_lines(Path(tgt_path))
    if len(src) != len(tgt):
        raise InputError(f"{src_path} has {len(src)} lines but {tgt_path} has {len(tgt)}")
    if not src:
        raise InputError(f"{src_path} is empty")
    return src, tgt
