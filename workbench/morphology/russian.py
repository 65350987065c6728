"""Russian morphology for glossary terms, on top of pymorphy3.

Three jobs:

* :func:`word_lemmas` — the lemmas a word form may have, for matching a text
  word against a term word in any inflected form;
* :func:`analyse_term` — which words of a multi-word term (in dictionary form)
  inflect together (the head noun and the adjectives agreeing with it, both
  parts of a person's name) and which stay as they are (genitive dependents,
  «имени …», indeclinable foreign names);
* :func:`inflect_term` / :func:`inflect_term_case` — the term in every case,
  with agreement, for constraining a decoder that must produce the term.

No endings are written by hand: every inflected form comes from pymorphy3.
pymorphy3 and razdel are imported on first use, so importing this module is
cheap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

#: pymorphy case tags of the six Russian cases, in the usual order.
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")

#: Secondary cases, folded into the primary ones when checking agreement.
_CASE_FOLD = {"gen1": "gent", "gen2": "gent", "acc2": "accs", "loc1": "loct", "loc2": "loct"}

#: Abbreviations written with a full stop, and the lemmas they stand for.
#: «им.» is «имени» in every term it occurs in; «г.» is «город» or «год».
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "им": ("имя", "имени"),
    "г": ("город", "год"),
    "ул": ("улица",),
    "обл": ("область",),
    "пос": ("посёлок", "поселок"),
}

_QUOTES = str.maketrans({c: '"' for c in "«»“”„‟\"‹›"})
_TOKEN_RE = re.compile(r"\w+(?:[-‐‑]\w+)*|[^\w\s]")
_CYRILLIC_RE = re.compile(r"[а-яё]", re.IGNORECASE)

_MORPH = None


def analyzer():
    """The shared :class:`pymorphy3.MorphAnalyzer`, created on first use."""
    global _MORPH
    if _MORPH is None:
        import pymorphy3

        _MORPH = pymorphy3.MorphAnalyzer()
    return _MORPH


@lru_cache(maxsize=1_000_000)
def fold(text: str) -> str:
    """Lower-case, «ё» → «е», all quotation marks → ``"``: the key words are compared by."""
    return text.lower().replace("ё", "е").translate(_QUOTES)


# --------------------------------------------------------------------------
# Words
# --------------------------------------------------------------------------


@lru_cache(maxsize=1_000_000)
def _parses(word_folded: str) -> tuple:
    return tuple(analyzer().parse(word_folded))


@lru_cache(maxsize=1_000_000)
def is_known(word: str) -> bool:
    """Whether pymorphy3's dictionary has ``word`` (not guessed by its predictor)."""
    return analyzer().word_is_known(fold(word))


@lru_cache(maxsize=1_000_000)
def word_lemmas(word: str) -> frozenset[str]:
    """Lower-cased, «ё»-folded normal forms of every parse of ``word``, and the word itself.

    The word itself is included so that a foreign name pymorphy3 can only
    guess at (e.g. «Хэйхэ», «Цзин») still matches itself undeclined.
    Hyphenated words are parsed whole («Северо-Восточным» →
    «северо-восточный») and, when unknown, part by part as well.
    """
    key = fold(word)
    if not key or not _is_wordlike(key):
        return frozenset((key,))
    if key in ABBREVIATIONS:
        # the bare letters of an abbreviation («г» of «г.») mean little on their own
        pass
    lemmas = {key}
    for p in _parses(key):
        lemmas.add(fold(p.normal_form))
    if "-" in key and not is_known(key):
        parts = key.split("-")
        if all(parts):
            firsts = [fold(_parses(part)[0].normal_form) if _parses(part) else part for part in parts]
            lemmas.add("-".join(firsts))
    return frozenset(lemmas)


@lru_cache(maxsize=1_000_000)
def _is_wordlike(key: str) -> bool:
    return any(ch.isalpha() for ch in key)


@dataclass(frozen=True)
class Feature:
    """The agreement features of one parse: case, number, and gender (singular only)."""

    case: str
    number: str
    gender: str | None


def _features_of(tag) -> set[Feature] | None:
    """Features of a pymorphy tag; None when the form does not show case (indeclinable)."""
    if "Fixd" in tag:
        return None
    case = tag.case
    if case is None:
        return None
    case = _CASE_FOLD.get(case, case)
    number = tag.number or "sing"
    if number == "plur":
        return {Feature(case, "plur", None)}
    gender = tag.gender
    if gender is None or "ms-f" in tag or "Pltm" in tag:
        return {Feature(case, "sing", g) for g in ("masc", "femn", "neut")}
    return {Feature(case, "sing", gender)}


@lru_cache(maxsize=1_000_000)
def agreement_features(word: str, lemmas: frozenset[str]) -> frozenset[Feature] | None:
    """Case/number/gender readings of ``word`` as a form of one of ``lemmas``.

    Returns None when the word does not show case — an indeclinable word, an
    unknown word written exactly as in the term, or a word matched only by
    spelling — so that it never breaks agreement.
    """
    key = fold(word)
    found: set[Feature] = set()
    any_parse = False
    for p in _parses(key):
        if fold(p.normal_form) not in lemmas:
            continue
        any_parse = True
        feats = _features_of(p.tag)
        if feats is None:
            return None
        found |= feats
    if not any_parse:
        return None
    if key in lemmas and not is_known(key):
        return None  # a foreign word written undeclined
    return frozenset(found)


def agree(readings) -> bool:
    """Whether the words with these :func:`agreement_features` share a case (and number, gender).

    ``None`` entries (indeclinable words) agree with anything.
    """
    common: frozenset[Feature] | None = None
    for r in readings:
        if r is None:
            continue
        common = r if common is None else common & r
        if not common:
            return False
    return True


def term_case(words) -> set[str]:
    """The cases that all of ``words`` (inflecting words of one phrase) can share.

    Each word is read as any of its own lemmas; indeclinable words do not
    restrict. Returns all six cases when nothing restricts.
    """
    common: frozenset[Feature] | None = None
    for w in words:
        r = agreement_features(w, word_lemmas(w))
        if r is None:
            continue
        common = r if common is None else common & r
    if common is None:
        return set(CASES)
    return {f.case for f in common}


# --------------------------------------------------------------------------
# Chinese names in Cyrillic (Palladius transcription)
# --------------------------------------------------------------------------

_PAL_INITIALS = ("", "б", "п", "м", "ф", "д", "т", "н", "л", "г", "к", "х", "цз", "ц", "с", "чж", "ч", "ш", "ж")
_PAL_FINALS = (
    "а", "ай", "ань", "ан", "ао", "э", "эй", "энь", "эн", "эр", "о", "оу", "и", "я", "яо", "е", "ю",
    "янь", "инь", "ян", "ин", "юн", "у", "уа", "уай", "уань", "уан", "уй", "унь", "ун", "юй", "юэ",
    "юань", "юнь", "ы", "ва", "вай", "вань", "ван", "вэй", "вэнь", "вэн", "во", "ей", "ио", "ия",
)
_PAL_SYLLABLES = frozenset(i + f for i in _PAL_INITIALS for f in _PAL_FINALS)
_PAL_MAXLEN = max(map(len, _PAL_SYLLABLES))


@lru_cache(maxsize=200_000)
def chinese_syllables(word: str) -> int:
    """How many Palladius syllables ``word`` splits into (0 when it does not).

    «Цзин» → 1, «Цюань» → 1, «Хэйлунцзян» → 3, «Якутск» → 0.
    """
    w = fold(word).replace("'", "").replace("’", "")
    if not w:
        return 0
    best = [0] + [-1] * len(w)  # fewest syllables covering w[:i]
    for i in range(1, len(w) + 1):
        for j in range(max(0, i - _PAL_MAXLEN), i):
            if best[j] >= 0 and w[j:i] in _PAL_SYLLABLES:
                n = best[j] + 1
                if best[i] < 0 or n < best[i]:
                    best[i] = n
    return max(best[-1], 0)


def is_foreign_chinese(word: str) -> bool:
    """An unknown word that reads as a Chinese name in Palladius transcription."""
    return not is_known(word) and chinese_syllables(word) > 0


# --------------------------------------------------------------------------
# Terms
# --------------------------------------------------------------------------

#: Roles of the words of a term.
AGREE = "agree"      # inflects, agreeing with the head (the head itself too)
GIVEN = "given"      # a Chinese given name: declines alone, also written undeclined
APPOS = "appos"      # an apposition («город Якутск»): written both declined and not
FIXED = "fixed"      # never changes (genitive dependents, foreign names, punctuation)


@dataclass(frozen=True)
class TermToken:
    """One token of a term form: its text, offsets, role and the parse to inflect from."""

    text: str
    start: int
    end: int
    key: str                 # fold(text); for abbreviations the expansion key («им.» → «имени»)
    role: str
    parse: object = None     # pymorphy Parse (nominative) for inflecting roles
    is_word: bool = True


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """Words and punctuation marks of ``text`` as (start, end, text), via razdel.

    razdel tokens are split further into runs of word characters (hyphens
    inside) and single punctuation marks, and an abbreviation from
    :data:`ABBREVIATIONS` followed by «.» is merged into one token («им.»).
    """
    from razdel import tokenize as razdel_tokenize

    pieces: list[tuple[int, int, str]] = []
    for tok in razdel_tokenize(text):
        for m in _TOKEN_RE.finditer(tok.text):
            pieces.append((tok.start + m.start(), tok.start + m.end(), m.group()))
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(pieces):
        s, e, t = pieces[i]
        if (
            fold(t) in ABBREVIATIONS
            and i + 1 < len(pieces)
            and pieces[i + 1][2] == "."
            and pieces[i + 1][0] == e
        ):
            out.append((s, pieces[i + 1][1], text[s : pieces[i + 1][1]]))
            i += 2
            continue
        out.append((s, e, t))
        i += 1
    return out


def token_key(text: str) -> str:
    """The comparison key of a token: folded text, abbreviations expanded («им.» → «имени»)."""
    k = fold(text)
    if k.endswith(".") and k[:-1] in ABBREVIATIONS:
        return "abbr:" + k[:-1]
    if k == "имени":
        return "abbr:им"
    return k


def token_lemmas(text: str) -> frozenset[str]:
    """Lemmas of a text token; abbreviations stand for their expansions."""
    k = fold(text)
    if k.endswith(".") and k[:-1] in ABBREVIATIONS:
        return frozenset({token_key(text), *(fold(x) for x in ABBREVIATIONS[k[:-1]])})
    if not _is_wordlike(k):
        return frozenset((k,))
    return word_lemmas(text)


def term_word_lemmas(tok: TermToken) -> frozenset[str] | None:
    """What a text word may be a form of to match this term token (None: punctuation, spelling only).

    An agreeing word is read only as the nominative it is in the term; an
    unknown Chinese name is only itself (the text word's own lemmas reach it
    when declined, e.g. «Цюаня» → «цюань»).
    """
    if not tok.is_word:
        return None
    if tok.role == GIVEN or (tok.role == FIXED and is_foreign_chinese(tok.text)):
        return frozenset((tok.key,))
    if tok.role in (AGREE, APPOS) and tok.parse is not None:
        nomn = {fold(p.normal_form) for p in _nomn_parses(tok.text)}
        return frozenset({tok.key, fold(tok.parse.normal_form), *nomn})
    return token_lemmas(tok.text)


@lru_cache(maxsize=1_000_000)
def _nomn_parses(word: str) -> tuple:
    return tuple(p for p in _parses(fold(word)) if p.tag.case == "nomn" or ("Fixd" in p.tag and p.tag.POS == "NOUN"))


def _is_person_parse(p) -> bool:
    return any(g in p.tag for g in ("Name", "Surn", "Patr"))


def _pick(parses, pred):
    for p in parses:
        if pred(p):
            return p
    return None


def _looks_like_chinese_person(words: list[str], kind: str | None) -> bool:
    if not 2 <= len(words) <= 3:
        return False
    if not all(chinese_syllables(w) for w in words):
        return False
    if kind == "person":
        return True
    if kind not in (None, "",):
        return False
    # a one-syllable surname first, and something pymorphy does not know
    return chinese_syllables(words[0]) == 1 and any(not is_known(w) for w in words)


@lru_cache(maxsize=200_000)
def analyse_term(phrase: str, kind: str | None = None) -> tuple[TermToken, ...]:
    """Split a term in dictionary form into tokens and give each its role.

    Adjectives and participles in the nominative before the first noun in the
    nominative agree with it; that noun is the head. After a person's name
    (Name/Surn/Patr) further name parts agree too («Евгений Григорьев»).
    Everything after the head is fixed («города Хэйхэ», «имени М. К.
    Аммосова», «Хэйлунцзян» in «провинция Хэйлунцзян»), except an apposition
    of the head's gender that pymorphy3 knows («город Якутск»), which is
    offered both declined and not. Unknown words in Chinese transcription are
    fixed; in a Chinese person's name the surname is fixed and the given name
    declines only if it ends in a consonant («Цзин Цюань» → «Цзин Цюаня»).
    """
    toks = tokenize(phrase)
    words = [t for _, _, t in toks if _is_wordlike(fold(t))]
    roles: list[str] = [FIXED] * len(toks)
    chosen: list[object] = [None] * len(toks)

    if _looks_like_chinese_person(words, kind):
        # surname (first word) never declines; given name declines if it ends in a consonant
        word_idx = [i for i, (_, _, t) in enumerate(toks) if _is_wordlike(fold(t))]
        last = word_idx[-1]
        w = fold(toks[last][2])
        if w[-1] not in "аеёиоуыэюяй":
            # its parse is looked up only when the term is inflected (pymorphy3's
            # predictor is slow, and matching needs only the role)
            roles[last] = GIVEN
        return _build(toks, roles, chosen)

    head = None  # index of the head noun
    head_parse = None
    for i, (_, _, t) in enumerate(toks):
        k = fold(t)
        if not _is_wordlike(k) or not _CYRILLIC_RE.search(k):
            if head is None:
                continue
            break
        if k.endswith(".") or k in ABBREVIATIONS and i + 1 < len(toks) and toks[i + 1][2] == ".":
            if head is None:
                continue
            break
        if is_foreign_chinese(t):
            if head is None:
                # an indeclinable foreign name: the head, but it stays
                head, head_parse = i, None
                continue
            break
        nomn = _nomn_parses(t)
        if head is None:
            found = _before_head(toks, i, nomn, roles, chosen)
            if found is None:
                continue
            if found is False:
                break  # the term does not start in the nominative: leave it as is
            head, head_parse = i, found
            continue
        if not _after_head(toks, i, t, nomn, head, head_parse, roles, chosen):
            break
    _agree_with_head(toks, roles, chosen, head, head_parse)
    return _build(toks, roles, chosen)


def _before_head(toks, i, nomn, roles, chosen):
    """A word before the head: an agreeing adjective (``None``: go on), the head noun (its parse), or
    ``False`` where the term does not start in the nominative."""
    adj = _pick(nomn, lambda p: p.tag.POS in ("ADJF", "PRTF") and "Fixd" not in p.tag)
    noun = _pick(nomn, lambda p: p.tag.POS == "NOUN")
    if adj is not None and _next_is_noun(toks, i):
        roles[i], chosen[i] = AGREE, adj
        return None
    if noun is not None:
        if "Fixd" not in noun.tag:
            roles[i], chosen[i] = AGREE, noun
        return noun
    return False


def _after_head(toks, i, t, nomn, head, head_parse, roles, chosen) -> bool:
    """A word after the head: a further part of a person's name agrees, an apposition of the head's gender
    is offered both ways; whether the words after it may still agree (else everything after is fixed)."""
    if head_parse is not None and _is_person_parse(head_parse):
        # a later name part is a surname or patronymic before a given name: pymorphy3's
        # predictor ranks «Сивцева» as a given name like «Ева» (→ «Марии Сивцевы»)
        p = next((_pick(nomn, lambda p, g=g: p.tag.POS == "NOUN" and g in p.tag and "Fixd" not in p.tag)
                  for g in ("Surn", "Patr", "Name")
                  if _pick(nomn, lambda p, g=g: p.tag.POS == "NOUN" and g in p.tag and "Fixd" not in p.tag)),
                 None)
        if p is not None and not is_foreign_chinese(t):
            roles[i], chosen[i] = AGREE, p
            return True
        return False
    if i == _next_word(toks, head) and head_parse is not None and "Fixd" not in head_parse.tag:
        p = _pick(
            nomn,
            lambda p: p.tag.POS == "NOUN" and "Geox" in p.tag and "Fixd" not in p.tag
            and p.tag.gender == head_parse.tag.gender == "masc",
        )
        if p is not None and is_known(t):
            roles[i], chosen[i] = APPOS, p
    return False


def _agree_with_head(toks, roles, chosen, head, head_parse) -> None:
    """Adjectives agree with the head's gender: re-pick their parse accordingly."""
    if head_parse is None or not head_parse.tag.gender:
        return
    for i, r in enumerate(roles):
        if r == AGREE and i < head and chosen[i] is not None and chosen[i].tag.gender != head_parse.tag.gender:
            p = _pick(
                _nomn_parses(toks[i][2]),
                lambda p: p.tag.POS in ("ADJF", "PRTF") and p.tag.gender == head_parse.tag.gender,
            )
            if p is not None:
                chosen[i] = p


def _next_word(toks, i):
    for j in range(i + 1, len(toks)):
        if _is_wordlike(fold(toks[j][2])):
            return j
    return None


def _next_is_noun(toks, i) -> bool:
    j = _next_word(toks, i)
    if j is None:
        return False
    t = toks[j][2]
    return is_foreign_chinese(t) or any(p.tag.POS in ("NOUN", "ADJF", "PRTF") for p in _nomn_parses(t))


def _build(toks, roles, chosen) -> tuple[TermToken, ...]:
    return tuple(
        TermToken(t, s, e, token_key(t), roles[i], chosen[i], _is_wordlike(fold(t)))
        for i, (s, e, t) in enumerate(toks)
    )


def _restore_case(orig: str, new: str) -> str:
    """Give ``new`` the capitalisation pattern of ``orig`` (per hyphen-separated part)."""
    if orig.isupper() and len(orig) > 1:
        return new.upper()
    op, np_ = orig.split("-"), new.split("-")
    if len(op) != len(np_):
        op = [op[0]] * len(np_)
    out = []
    for o, n in zip(op, np_):
        if o[:1].isupper():
            n = n[:1].upper() + n[1:]
        out.append(n)
    return "-".join(out)


@lru_cache(maxsize=100_000)
def _given_name_parse(word: str):
    """The masculine-noun parse a Chinese given name declines by («Цюань» → «Цюаня»), or None."""
    w = fold(word)
    return _pick(
        _nomn_parses(w),
        lambda p: p.tag.POS == "NOUN" and p.tag.gender == "masc" and fold(p.normal_form) == w
        and "Fixd" not in p.tag,
    )


def _inflect_word(tok: TermToken, grammemes: set[str], animacy: str | None) -> str | None:
    p = tok.parse if tok.role != GIVEN else _given_name_parse(tok.text)
    if p is None:
        return None
    tries = []
    if p.tag.POS in ("ADJF", "PRTF"):
        if "sing" in grammemes and p.tag.gender:
            grammemes = grammemes | {p.tag.gender}
        if animacy and "accs" in grammemes and (p.tag.gender == "masc" or "plur" in grammemes):
            tries.append(grammemes | {animacy})
    if (tok.role == GIVEN and "accs" in grammemes and p.tag.gender == "masc"
            and not tok.text.lower().endswith(("а", "я"))):
        grammemes = (grammemes - {"accs"}) | {"gent"}  # a man's name: «встретил Цзин Цюаня» (pymorphy3 guesses it inanimate)
    tries.append(grammemes)
    if "loc2" in grammemes or "gen2" in grammemes:
        base = "loct" if "loc2" in grammemes else "gent"
        tries.append((grammemes - {"loc2", "gen2"}) | {base})
    for g in tries:
        try:
            f = p.inflect(g)
        except ValueError:
            f = None
        if f is not None:
            return f.word
    return None


def _render(phrase: str, toks, case: str, number: str, decline_appos: bool) -> str | None:
    head = next((t for t in toks if t.role == AGREE and t.parse is not None and t.parse.tag.POS == "NOUN"), None)
    animacy = head.parse.tag.animacy if head is not None else None
    out, pos = [], 0
    keep_e = "ё" not in phrase.lower()
    for tok in toks:
        out.append(phrase[pos : tok.start])
        pos = tok.end
        text = tok.text
        inflect = tok.role in (AGREE, GIVEN) or (tok.role == APPOS and decline_appos)
        if inflect and (case != "nomn" or number != term_number(toks)):
            g = {case, number}
            if tok.parse is not None and tok.parse.tag.POS in ("ADJF", "PRTF") and case in ("loc2", "gen2"):
                g = {"loct" if case == "loc2" else "gent", number}
            word = _inflect_word(tok, g, animacy)
            if word is None:
                return None
            if keep_e:
                word = word.replace("ё", "е")
            text = _restore_case(tok.text, word)
        out.append(text)
    out.append(phrase[pos:])
    return "".join(out)


def inflect_term_case(phrase: str, case: str, kind: str | None = None, number: str = "sing") -> str:
    """``phrase`` (dictionary form) put into ``case`` ('nomn', 'gent', 'datv', 'accs', 'ablt', 'loct').

    Agreeing words change, the rest stays; returns ``phrase`` unchanged when
    it does not inflect (or pymorphy3 has no such form). See
    :func:`analyse_term`.
    """
    if case == "nomn" and number == "sing":
        return phrase
    toks = analyse_term(phrase, kind)
    r = _render(phrase, toks, case, number, decline_appos=True)
    return phrase if r is None else r


def term_number(toks) -> str:
    """``plur`` for a term whose head noun is plural in its dictionary form («побратимские связи»)."""
    head = next((t for t in toks if t.role == AGREE and t.parse is not None and t.parse.tag.POS == "NOUN"), None)
    return "plur" if head is not None and head.parse.tag.number == "plur" else "sing"


def inflect_term(phrase: str, kind: str | None = None) -> list[str]:
    """Every form of ``phrase`` (dictionary form) in its own number, canonical form first, no duplicates.

    Six cases plus the second genitive/locative («в лесу») where the head
    noun has them. A term whose head is plural («побратимские связи») is
    inflected in the plural, any other in the singular. A Chinese given
    name and an apposition («город Якутск») are given both undeclined and
    declined.
    """
    toks = analyse_term(phrase, kind)
    number = term_number(toks)
    forms = [phrase]
    seen = {phrase}
    if not any(t.role in (AGREE, GIVEN, APPOS) for t in toks):
        return forms
    has_appos = any(t.role == APPOS for t in toks)
    for case in ("nomn", "gent", "gen2", "datv", "accs", "ablt", "loct", "loc2"):
        styles = (True, False) if has_appos else (True,)
        for decline_appos in styles:
            if case in ("gen2", "loc2") and not _has_distinct(toks, case):
                continue
            r = _render(phrase, toks, case, number, decline_appos) if case != "nomn" else phrase
            if r is not None and r not in seen:
                seen.add(r)
                forms.append(r)
    return forms


#: Term kinds whose common-noun head is also offered in the other number: «депутат» → «депутатам»,
#: «побратимская связь» → «побратимские связи». Names of persons, places and organisations are not.
BOTH_NUMBERS_KINDS = ("title", "other")


def other_number_forms(phrase: str, kind: str | None = None) -> list[str]:
    """The case forms of ``phrase`` in the number its head does not have, for :data:`BOTH_NUMBERS_KINDS`.

    None where the head is not a common noun that has both numbers (Sgtm, Pltm, names).
    """
    if kind not in BOTH_NUMBERS_KINDS:
        return []
    toks = analyse_term(phrase, kind)
    head = next((t for t in toks if t.role == AGREE and t.parse is not None and t.parse.tag.POS == "NOUN"), None)
    if head is None or {"Sgtm", "Pltm", "Name", "Surn", "Patr", "Geox", "Orgn"} & set(str(head.parse.tag).replace(" ", ",").split(",")):
        return []
    number = "sing" if term_number(toks) == "plur" else "plur"
    forms: list[str] = []
    for case in ("nomn", "gent", "datv", "accs", "ablt", "loct"):
        r = _render(phrase, toks, case, number, decline_appos=True)
        if r is not None and r not in forms:
            forms.append(r)
    return forms


def _has_distinct(toks, case: str) -> bool:
    """Whether the head noun has a gen2/loc2 form different from gent/loct."""
    base = "gent" if case == "gen2" else "loct"
    for t in toks:
        if t.role == AGREE and t.parse is not None and t.parse.tag.POS == "NOUN":
            a = t.parse.inflect({case, "sing"})
            b = t.parse.inflect({base, "sing"})
            return a is not None and b is not None and a.word != b.word
    return False


def derived_word_forms(word: str) -> list[str]:
    """Every form of a derived word of a term (dictionary form first), for decoding and checking.

    An adjective («китайский») in all genders, numbers and cases (full forms
    only: «китайские рекомендации», never a short or comparative form); a
    noun («китаец», «россиянин») in all cases of both numbers. A word the
    dictionary does not know is returned as it is: the glossary check warns
    about it.
    """
    word = word.strip()
    parse = _dictionary_form(word)
    if parse is None or not is_known(word):
        return [word]
    forms = [word]
    for form in parse.lexeme:
        if form.tag.POS != parse.tag.POS or {"Cmp2", "Supr"} & set(form.tag.grammemes):
            continue
        text = _restore_case(word, form.word)
        if text not in forms:
            forms.append(text)
    return forms


def _dictionary_form(word: str):
    """The parse of ``word`` as an adjective or noun in its dictionary form, or None."""
    key = fold(word)
    return next((p for p in _parses(key) if p.tag.POS in ("ADJF", "NOUN") and fold(p.normal_form) == key), None)


def derived_word_problem(word: str) -> tuple[str, str] | None:
    """``(severity, why)`` ``word`` cannot be a derived word of a term, or None.

    A derived word is one adjective or noun in its dictionary form (an error
    otherwise); one the dictionary does not know is accepted only as spelt (a
    warning).
    """
    word = word.strip()
    if not word or len(tokenize(word)) != 1:
        return "error", "must be one word"
    if not is_known(word):
        return "warning", "is not in the Russian dictionary (pymorphy3)"
    if _dictionary_form(word) is None:
        return "error", "must be an adjective or a noun in its dictionary form (masculine, nominative singular)"
    return None
