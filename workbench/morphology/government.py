"""Case government: the case the context asks of a Russian glossary term in a zh→ru draft.

The constrained search offers every case of a Russian term and the model's
scores choose; a weak model chooses close to chance («с Цзин Цюань», «для
Якутск»). This module is the cheap, general tie-breaker of the term-hint issue:
it reads what governs the term — in the Chinese source and in the translation —
and puts the term in that case, in the number the model chose. Only forms of
the term itself are ever written; a term nothing governs keeps the model's form.
:meth:`TermGovernment.fix` applies the rules in this order:

0. **Brackets around the term in the source** (:data:`BRACKETS`): 哈巴罗夫斯克（俄罗斯）
   «Хабаровск (Россия)»; a name in brackets stays nominative, whatever governs its phrase.
1. **A co-verb before the term in the source** (:data:`SOURCE_FRAMES`,
   :func:`frame_case`), a place name between them aside (在日本仙台), and also for the later items
   of a list of names after it (在欧洲、亚洲和非洲): 在黑河 is «в Хэйхэ» (locative), 从哈尔滨 «из Харбина»
   (genitive), 前往雅库茨克 «в Якутск» (accusative), 与景泉讨论 «обсудил с Цзин
   Цюанем» (instrumental), 向景泉赠送 «подарил Цзин Цюаню» (dative); a term that
   opens its clause before a verb, adverb or co-verb is its subject (nominative); a term
   before 之间 is the second of «между X и Y» (instrumental).
   These come before the translation's preposition: a weak model's preposition
   is often noise («в Ирака»), the co-verb is the source's own. A few verbs ask the
   accusative of their object (参观了雅库茨克 «посетили Якутск», 包括 «включая», 邀请景泉
   «пригласил Цзин Цюаня»); they wait for the translation's preposition, as rule 3 does.
2. **A preposition before the term in the translation** (:func:`governed_case`),
   from the standard grammar (Русская грамматика, 1980, §§1661–1700), keeping only
   prepositions whose case before a noun phrase is not in doubt in press-release
   prose («с» of company: instrumental; «в»/«на»: locative, or accusative after a
   word of motion; «за», «под», «через» left out).
3. **A noun after the term in the source**: a place or organisation right before a
   noun or a word of place or time (雅库茨克市政府, 勒拿河左岸, 博览会期间) modifies
   it, and Russian puts it in the genitive after its head («администрация Якутска»).
   It waits for the translation's preposition, so «в Якутск» does not become «в Якутска».
4. **The old source rules** (:func:`source_case`): the object of a verb in the source
   (访问了雅库茨克) after a transitive verb in the translation («посетил Якутск»:
   pymorphy3's ``tran``) is accusative; a term followed by 的 (雅库茨克的学校) is
   genitive, unless a co-verb before it makes the 的 belong to a larger phrase
   (与黑河的合作).

The first items of a list of names modify what the last one modifies (俄罗斯和中国边境 «граница
России и Китая», 澳大利亚和新西兰的: genitive; on the mined set X+N keeps its precision, 0.62,
with 32 rows more, and X的 0.62 with 17 more). A title right before a name is in apposition
with it and takes the name's case (副市长景泉率团: «Заместитель мэра Цзин Цюань», not the
genitive of a modifier). A co-verb governs the last of adjacent terms
(向[东北联邦大学][孔子学院]); 们 after a term asks the plural (:func:`plural_in_source`).

Every source rule is measured on names in human ru–zh translations
(``benchmarks/mined_agreement.py --frames``: the share of a rule's matches whose
reference has the name in that case), and on that set each repairs more forms
than it breaks (``bench_agreement.py --data``, the per-rule tally). 向/给 is kept
to persons, organisations and titles (before a place it is «в»: «экспорт в
Россию»); the mined set, mostly place names, has too few persons to measure it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

#: Preposition → the case it governs.
PREPOSITION_CASE = {
    **dict.fromkeys(("о", "об", "обо", "при"), "loct"),
    **dict.fromkeys(("к", "ко", "по", "благодаря", "согласно", "вопреки", "навстречу"), "datv"),
    **dict.fromkeys(("для", "из", "изо", "от", "ото", "до", "у", "без", "около", "после", "вокруг", "кроме",
                     "среди", "против", "возле", "напротив", "ради", "вблизи", "из-за", "из-под", "вместо",
                     "внутри", "посреди", "помимо", "накануне"), "gent"),
    **dict.fromkeys(("с", "со", "между", "над", "перед", "пред", "надо", "передо"), "ablt"),
}
#: Prepositions of place that take the locative («в Якутске») or, after a word of motion, the accusative.
PLACE_PREPOSITIONS = ("в", "во", "на")
#: Words of motion (lemmas, prefixes of stems) that make «в»/«на» take the accusative: «прибыли в Якутск».
MOTION_STEMS = ("прибы", "приех", "прилет", "отправ", "направ", "поех", "ехал", "вернул", "возвращ",
                "переех", "доставл", "достав", "пригла", "визит", "поездк", "прибыти", "приезд", "въезд",
                "перевез", "отбы", "выеха", "уеха", "уезжа", "летел", "полет", "путь", "дорог")
#: Chinese co-verbs and prepositions: before a term, they make a following 的 belong to their phrase.
COVERBS = ("在", "于", "到", "赴", "往", "至", "与", "和", "同", "跟", "对", "向", "给", "由", "被", "让", "把", "将",
           "为", "关于", "对于")
#: Chinese aspect particles between a verb and its object (访问了雅库茨克).
ASPECT = ("了", "过", "着")
#: Words after a term that make 与/同/跟 before it mean «together with» rather than «and»:
#: joint action (与景泉讨论, 与黑河共同举办, 与黑河之间, 与黑河的合作).
JOINT = ("共同", "一起", "一道", "就", "之间", "间", "的")
#: Punctuation that ends a clause: a term right after it (or at the start) opens the clause.
CLAUSE_MARKS = frozenset("，。、；：！？,.;:!?（）()「」『』“”\"《》—…")


@dataclass(frozen=True)
class SourceFrame:
    """A Chinese word before a term and the Russian case it asks of the term.

    ``precision``: the share of matches on mined names (``benchmarks/mined_agreement.py``)
    whose reference translation has the name in ``case`` (None: not measurable there);
    ``kinds``: the term kinds the frame applies to (empty: all); ``after``: ``"joint"`` when
    the term must be followed by a verb or a word of :data:`JOINT`; ``waits``: the frame of a
    verb, which gives way to a preposition before the term in the translation (参观了雅库茨克 may
    well be «побывали в Якутске»).
    """

    words: tuple[str, ...]
    case: str
    precision: float | None
    kinds: tuple[str, ...] = ()
    after: str = ""
    waits: bool = False


#: Co-verbs, verbs of motion and a few verbs before a term, an aspect particle aside (参观了X; see
#: :class:`SourceFrame`); the precision on the 2,017 mined places (n = the frame's matches there, after
#: the noun rule): 在 160, 从 26, 往 13, 与 10; the verbs of visiting and 包括 («включая») 17.
#: Most mined names are places; the 100 rows of persons (``benchmarks/data/persons.tsv``) give the
#: subject rule 0.86 (n = 21) and X的 0.80 (n = 5), too few rows for the verbs. A verb whose object
#: is a person (邀请X «пригласил X») is kept to persons and titles, as 向/给 is: before a place it
#: is often not the object (欢迎科威特灵活对待 «приветствовал гибкость Кувейта»). 欢迎 is left out
#: (欢迎奥巴马总统…的建议: «приветствовали предложения Президента Обамы», the one mined row),
#: and so is 会见X: «встретился с X» and «встретил X» are both usual, and the draft's verb decides.
SOURCE_FRAMES = (
    SourceFrame(("在", "于"), "loct", 0.81),
    SourceFrame(("从", "自", "来自", "离开"), "gent", 0.77),
    SourceFrame(("往", "前往", "赴", "抵达", "到达", "回到", "返回", "进入", "到访", "飞往", "回", "来到"), "accs", 0.77),
    SourceFrame(("与", "同", "跟"), "ablt", 0.70, after="joint"),
    SourceFrame(("向", "给"), "datv", None, kinds=("person", "organisation", "title")),
    SourceFrame(("访问", "参观", "拜访", "考察", "包括"), "accs", 0.88, waits=True),
    SourceFrame(("邀请", "接见", "陪同", "祝贺", "感谢"), "accs", None, kinds=("person", "title"), waits=True),
)
#: Each Chinese word of a frame → the frame (:func:`source_frame`).
_FRAME_OF = {word: frame for frame in SOURCE_FRAMES for word in frame.words}
#: jieba's tags of a common noun and an organisation's name: a term right before one modifies it, and Russian
#: puts a modifying name in the genitive after its head («администрация Якутска»): precision 0.61, n = 469.
#: It wins over the co-verb frames: 与中国政府 is «с правительством Китая» (0.77, n = 13). After 在 the
#: case stays open (在X+N: genitive 0.35, locative 0.29, n = 31), and the genitive still does better there
#: than leaving the model's form (mined set 0.591 against 0.589). A person's name before a noun is in
#: apposition (景泉副市长 «заместитель мэра Цзин Цюань»), and jieba tags some verbs nouns (与景泉会见): the
#: rule leaves persons alone.
NOUN_TAGS = ("n", "nt")
#: Words of place and time after a name that jieba tags apart from nouns (方位词) but that Russian
#: builds with the name in the genitive: 黑龙江省北部 «на севере провинции Хэйлунцзян», 勒拿河左岸 «на
#: левом берегу Лены», 博览会期间 «во время ЭКСПО», 雅库茨克附近 «около Якутска». (境内 and 各地 are
#: left out: «в Китае» as often as «на территории Китая».)
PART_NOUNS = frozenset(("附近", "周边", "一带", "期间", "左岸", "右岸", "南岸", "北岸", "沿岸", "边境", "首都",
                        "以南", "以北", "以东", "以西", "南部", "北部", "东部", "西部", "中部",
                        "东南部", "西南部", "东北部", "西北部"))
#: What stands for that rule where a governing word would (:class:`CaseFix`).
MODIFIER = "X+N"
#: Brackets around a term: Russian leaves a name in brackets in the nominative, whatever governs the
#: phrase before it («в Республике Саха (Якутия)», «с делегацией Хэйхэ (Китай)»): precision 1.00 on the
#: 65 mined names enclosed in brackets (list items of UN documents and glosses).
BRACKETS = {"(": ")", "（": "）"}
BRACKETED = "[X]"  #: what stands for the bracket rule where a governing word would (:class:`CaseFix`)
#: Words after a term that make it the second of «между X и Y» (instrumental): precision 1.00 (n = 13 mined
#: names: 宾根和波恩之间, 以色列和阿拉伯叙利亚共和国之间, 与黑河之间).
BETWEEN = ("之间", "间")
BETWEEN_LABEL = "X之间"  #: what stands for that rule where a governing word would (:class:`CaseFix`)
#: The labels of the source rules that have no governing word (the report's lines, the benchmarks' tallies).
RULE_LABELS = {"的": "X的", MODIFIER: MODIFIER, BRACKETED: BRACKETED, BETWEEN_LABEL: BETWEEN_LABEL}
#: Marks that join the items of a list, and jieba's tags of the names a list holds: the items share the case
#: of the co-verb before the first (在欧洲、亚洲和非洲 «в Европе, Азии и Африке»): precision 0.85 (n = 33 mined
#: names: 在 0.86, 从 and 来自 0.80, 访问 1.00). Not the verbs' frames, nor X+N or the subject (0.53, 0.0).
COORDINATION = ("、", "和", "及", "以及", "与", "或")
LIST_ITEM_TAGS = ("ns", "nr", "nrt", "nt", "nz")
#: jieba's tags of a place name: between a co-verb and the term (在日本仙台 «в Сендае (Япония)»), the
#: co-verb still governs the term: the 在/于 frame's mined rows 160 → 172, precision 0.81 either way.
PLACE_TAGS = ("ns",)
#: A term that opens its clause before a verb, an adverb or a co-verb is its subject: precision 0.70 (n = 193;
#: 0.67 before a verb, 0.81 before an adverb, 0.67 before a co-verb); before a conjunction it is not (0.28).
SUBJECT_NEXT_TAGS = ("v", "d", "p")
_WORD_BEFORE = re.compile(r"([А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)?)[\s\u00a0]+$")
_WORDS = re.compile(r"[А-ЯЁа-яё]+")


@dataclass(frozen=True)
class CaseFix:
    """One term form the rule replaced."""

    start: int
    found: str
    wanted: str
    preposition: str  #: the governing word: of the translation, of the source, 的, X+N, or ^ (subject)

    def describe(self) -> str:
        """«с Цзин Цюань → с Цзин Цюанем», «Якутск → Якутска (X的)», «Якутском → Якутске (在X)» (the report's line)."""
        if self.preposition in RULE_LABELS:
            return f"{self.found} → {self.wanted} ({RULE_LABELS[self.preposition]})"
        if self.preposition == "^" or all(ch in CLAUSE_MARKS for ch in self.preposition):
            return f"{self.found} → {self.wanted} (subject)"
        if not _WORDS.search(self.preposition):  # a Chinese word before the term in the source
            return f"{self.found} → {self.wanted} ({self.preposition}X)"
        return f"{self.preposition} {self.found} → {self.preposition} {self.wanted}"


def governed_case(before: str) -> tuple[str, str] | None:
    """(preposition, case) asked of a noun phrase that follows ``before``, or None.

    ``before`` is the text up to the phrase; «в»/«на» give ``loct``, or ``accs``
    when a word of motion stands among the four words before them.
    """
    m = _WORD_BEFORE.search(before)
    if not m:
        return None
    word = m.group(1).lower()
    if word in PLACE_PREPOSITIONS:
        earlier = _WORDS.findall(before[:m.start()].lower())[-4:]
        moving = any(w.startswith(MOTION_STEMS) for w in earlier)
        return word, "accs" if moving else "loct"
    case = PREPOSITION_CASE.get(word)
    return (word, case) if case else None


def object_of_verb(source: str, start: int) -> bool:
    """True when the Chinese term at ``source[start:]`` follows a verb (jieba's part of speech), aspect aside."""
    from workbench.morphology.chinese import ends_with_verb

    before = source[:start].rstrip()
    while before.endswith(ASPECT):
        before = before[:-1]
    return ends_with_verb(before[-8:])  # the last few characters tell the last word


def transitive_verb_before(before: str) -> str | None:
    """The word that ends ``before`` if it is a transitive verb, infinitive or gerund (pymorphy3's ``tran``)."""
    from workbench.morphology.russian import analyzer

    m = _WORD_BEFORE.search(before)
    if not m:
        return None
    tag = analyzer().parse(m.group(1).lower())[0].tag
    return m.group(1) if tag.POS in ("VERB", "INFN", "GRND") and "tran" in tag else None


def modifies_with_de(source: str, start: int, end: int) -> bool:
    """True when the Chinese term at ``source[start:end]`` is followed by 的 and no co-verb stands before it."""
    if source[end:end + 1] in COORDINATION or source[end:end + 2] in COORDINATION:  # 澳大利亚和新西兰的
        from workbench.morphology.chinese import tagged

        if _after_list(tagged(source[end:end + 40]))[0] != "的":
            return False
    elif source[end:end + 1] != "的":
        return False
    before = source[:start].rstrip()
    return not before.endswith(COVERBS)


def frame_case(source: str, start: int, end: int, kind: str = "",
               terms: Iterable[tuple[int, int]] = ()) -> tuple[str, str] | None:
    """(Chinese word, case) that the word before the term at ``source[start:end]`` asks, or None.

    A term in brackets is nominative (:data:`BRACKETS`). A :data:`SOURCE_FRAMES` word right
    before the term gives its case; a term that opens
    its clause (after punctuation or at the start) and is followed by a verb, an adverb or a
    co-verb is nominative; a place or organisation before a noun modifies it (genitive).
    ``terms``: the (start, end) of every glossary term found in ``source``. A term right
    after another one is the head of their phrase (东北联邦大学孔子学院: the co-verb before
    the first governs the second), and one right before another modifies it like a noun.
    """
    from workbench.morphology.chinese import tagged

    if BRACKETS.get(source[start - 1:start] if start else "") == source[end:end + 1]:
        return BRACKETED, "nomn"  # 萨哈共和国（雅库特）: a name in brackets stays nominative
    starts, ends = {s: e for s, e in terms}, {e: s for s, e in terms}
    if kind == "title" and starts.get(end, end) > end:  # 副市长[景泉]: a title before a name is in apposition
        return frame_case(source, start, starts[end], "person", terms)
    head_start = start
    while head_start in ends and ends[head_start] < head_start:  # 向[东北联邦大学][孔子学院]
        head_start = ends[head_start]
    before = tagged(source[max(0, head_start - 12):head_start])
    after = tagged(source[end:end + 12])
    while len(before) > 1 and before[-1][1] in PLACE_TAGS and _coverb(before[-2][0]):
        before = before[:-1]  # 在日本[仙台]: the co-verb before a place that locates the term governs it
    word = before[-1][0] if before else ""
    if word in ASPECT and len(before) > 1:  # 参观了雅库茨克: the verb before the particle
        word = before[-2][0]
    next_word, next_tag = after[0] if after else ("", "")
    if next_word in BETWEEN:
        return BETWEEN_LABEL, "ablt"  # 宾根和[波恩]之间 «между Бингеном и Бонном»
    if word in COORDINATION:
        head = _list_coverb(source, head_start)
        if head is not None:
            frame = source_frame(head)
            if not frame.kinds or kind in frame.kinds:
                return head, frame.case  # 在欧洲、亚洲和[非洲]: the items of a list share the co-verb's case
    if next_word in COORDINATION:  # 拉丁美洲和加勒比[国家]: the first items of a list modify what the last does
        next_word, next_tag = _after_list(after)
    if end in starts and starts[end] > end:
        next_tag = "n"  # another term follows: this one modifies it
    if (next_tag in NOUN_TAGS or next_word in PART_NOUNS) and kind != "person":
        return MODIFIER, "gent"  # 雅库茨克市政府, 与中国政府: the term modifies the noun after it
    frame = source_frame(word)
    if frame and (not frame.kinds or kind in frame.kinds) and (
            frame.after != "joint" or next_tag.startswith("v") or next_word in JOINT):
        return word, frame.case
    opens_clause = not before or all(ch in CLAUSE_MARKS for ch in word)
    if opens_clause and next_tag[:1] in SUBJECT_NEXT_TAGS:
        return word or "^", "nomn"
    return None


def _after_list(words: list[tuple[str, str]]) -> tuple[str, str]:
    """The word (and tag) after a list of names that ``words`` continues (和加勒比国家 → 国家), or ("", "")."""
    i = 0
    while i + 1 < len(words) and words[i][0] in COORDINATION and words[i + 1][1] in LIST_ITEM_TAGS:
        i += 2
    return words[i] if 0 < i < len(words) else ("", "")


def _list_coverb(source: str, end: int) -> str | None:
    """The co-verb before a list of names that ends at ``source[:end]`` with a coordination mark, or None.

    在欧洲、亚洲和[非洲] → 在: the items are names (:data:`LIST_ITEM_TAGS`) joined by :data:`COORDINATION`.
    """
    from workbench.morphology.chinese import tagged

    words = tagged(source[max(0, end - 40):end])
    i = len(words)
    while i >= 2 and words[i - 1][0] in COORDINATION and words[i - 2][1] in LIST_ITEM_TAGS:
        i -= 2
    if i == len(words) or i == 0 or not _coverb(words[i - 1][0]) or source_frame(words[i - 1][0]).after:
        return None
    return words[i - 1][0]


def _coverb(word: str) -> bool:
    """True for a co-verb of :data:`SOURCE_FRAMES` (在, 从, 前往 …), not a verb whose frame waits."""
    frame = source_frame(word)
    return bool(frame) and not frame.waits


def source_frame(word: str) -> SourceFrame | None:
    """The :data:`SOURCE_FRAMES` entry that holds the Chinese ``word`` (no word is in two), or None."""
    return _FRAME_OF.get(word)


def plural_in_source(source: str, end: int) -> bool | None:
    """True when the Chinese term ending at ``end`` takes the plural suffix 们 (议员们: «депутаты»), else None.

    None leaves the number to the translation's form: Chinese marks the plural of a noun
    only now and then.
    """
    return True if source[end:end + 1] == "们" else None


def source_case(before: str, source: str, start: int, end: int) -> tuple[str, str] | None:
    """(governing word, case) that the Chinese source asks of the term at ``source[start:end]``, or None.

    The accusative of a verb's object needs the transitive verb in the translation too (``before``,
    the text up to the term there); the genitive of 的 applies after any other word. (The co-verb
    frames, :func:`frame_case`, come before the translation's preposition: see :meth:`TermGovernment.fix`.)
    """
    verb = transitive_verb_before(before)
    if verb and object_of_verb(source, start):
        return verb, "accs"
    if modifies_with_de(source, start, end):
        return "的", "gent"
    return None


class TermGovernment:
    """Puts each glossary term of a translation into the case its context governs.

    In this order: a co-verb before the term in the Chinese source or its place as the subject
    (:func:`frame_case`), the preposition before it in the translation (:func:`governed_case`), a
    verb of the source whose object it is (the frames that wait) or a
    noun after it in the source (:data:`NOUN_TAGS`: it waits for the translation's preposition, so
    that «в Якутск» does not become «в Якутска»; the same score on the mined set, 0.591, either
    way), a transitive verb of the translation whose object it is in the source, and 的 after it in
    the source (:func:`source_case`).

    ``case_form(term, case, found, plural)`` gives the term's form in one case, in the
    number of the form ``found`` in the text, or in the plural where ``plural`` is
    True (cached by the caller).
    """

    def __init__(self, case_form):
        self.case_form = case_form

    def fix(self, text: str, terms: Iterable[tuple[object, tuple[str, ...]]], source: str = "",
            source_spans: dict | None = None,
            term_spans: Iterable[tuple[int, int]] | None = None) -> tuple[str, list[CaseFix]]:
        """``text`` with each misgoverned term form replaced, and the replacements made.

        ``source_spans``: term → its (start, end) in the Chinese ``source``, for the terms found
        there once; the source rules (:func:`frame_case`, :func:`source_case`) apply to those terms only.
        ``term_spans``: the (start, end) of every term found in ``source`` (default: those of
        ``source_spans``), so that a term's neighbours in the source are seen.
        """
        source_spans = source_spans or {}
        term_spans = list(source_spans.values()) if term_spans is None else list(term_spans)
        spans = []
        for term, forms in terms:
            for start, end in _occurrences(text, forms):
                spans.append((start, end, term, forms))
        # a term inside another one's form («Якутия» in «… Республики Саха (Якутия)») is that term's
        spans = [s for s in spans if not any(o[0] <= s[0] and s[1] <= o[1] and o[1] - o[0] > s[1] - s[0]
                                             for o in spans)]
        fixes: list[CaseFix] = []
        for start, end, term, forms in sorted(spans, key=lambda s: -s[0]):  # right to left: offsets hold
            span = source_spans.get(term)
            governed = self._governed(text[:start], source, span, getattr(term, "kind", ""), term_spans)
            if governed is None:
                continue
            preposition, case = governed
            found = text[start:end]
            plural = plural_in_source(source, span[1]) if span else None
            wanted = self.case_form(term, case, found, plural)
            if not wanted or wanted == found or wanted not in forms:
                continue
            if case == "loct" and self.case_form(term, "accs", found) == found and preposition in PLACE_PREPOSITIONS:
                continue  # «в»/«на» + accusative is grammatical; only a motion word would tell
            text = text[:start] + wanted + text[end:]
            fixes.append(CaseFix(start, found, wanted, preposition))
        return text, fixes[::-1]


    @staticmethod
    def _governed(before: str, source: str, span: tuple[int, int] | None, kind: str,
                  term_spans: list[tuple[int, int]]) -> tuple[str, str] | None:
        """(governing word, case) of a term after ``before`` in the translation, at ``span`` in the source.

        The rules in the class docstring's order; the source rules only where ``span`` is known.
        """
        framed = frame_case(source, *span, kind, term_spans) if span else None
        if framed and not _waits(framed[0]):
            return framed
        governed = governed_case(before) or framed  # a noun or a verb frame waits for the preposition
        if governed is None and span:
            governed = source_case(before, source, *span)
        return governed


def _waits(word: str) -> bool:
    """True when the source rule of ``word`` gives way to the translation's preposition (X+N, verb frames)."""
    frame = source_frame(word)
    return word == MODIFIER or bool(frame and frame.waits)


def _occurrences(text: str, forms: tuple[str, ...]) -> list[tuple[int, int]]:
    """Non-overlapping whole-word spans of any of ``forms`` in ``text``, longest forms first."""
    taken: list[tuple[int, int]] = []
    for form in sorted(set(forms), key=len, reverse=True):
        for m in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text):
            if all(m.end() <= a or m.start() >= b for a, b in taken):
                taken.append((m.start(), m.end()))
    return sorted(taken)
