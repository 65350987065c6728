"""Cutting a text into paragraphs and sentences, and putting it back together.

The translation engine works sentence by sentence, so a document goes through

    text ──segment_text──▶ Document (paragraphs of sentences, plus layout)
         ──translate each sentence──▶ paragraphs of translated sentences
         ──join_document──▶ text with the source's paragraph layout

Conventions:

* **Whitespace only.** :func:`normalise_whitespace` collapses spaces and
  removes invisible ones but never changes a word: «о с оглашени е» in a
  scraped page is the author's typo and stays as it is.
* **Paragraphs are lines.** Every non-empty line is a paragraph and blank lines
  are separators, recorded exactly (:attr:`Document.layout`) so the output has
  the same blank lines as the input. Scraped press releases put one paragraph
  per line; a hard-wrapped plain-text file gives one "paragraph" per line,
  which still translates (less well) and still round-trips.
* **Sentences are stripped.** Rebuilding joins them with ``" "`` for Russian
  and ``""`` for Chinese.

Russian sentence splitting is razdel's (``razdel.sentenize``) with a few
repairs, see :func:`split_sentences`. Chinese splitting is rule-based.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from .errors import DocumentError
from .languages import LANGUAGES

# --- whitespace -----------------------------------------------------------

# Characters that are a space: tab, NBSP, the U+2000 family (en/em/thin/hair
# spaces, U+2007 figure space), narrow NBSP, medium mathematical space, and
# U+3000 IDEOGRAPHIC SPACE (the full-width space of Chinese text).
_SPACES = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
# Invisible characters that are removed: zero-width space, word joiner, and
# U+FEFF (a byte-order mark or zero-width no-break space inside a text).
_INVISIBLE = "\u200b\u2060\ufeff"
_WHITESPACE_TABLE = str.maketrans(
    {**{c: " " for c in _SPACES}, **{c: None for c in _INVISIBLE}, "\r": "\n", "\x0b": "\n",
     "\x0c": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n\n"}
)
_RUN_OF_SPACES = re.compile(r" {2,}")


def normalise_whitespace(text: str) -> str:
    """Tidy the whitespace of *text* without changing any word.

    * ``\\r\\n`` and ``\\r`` (and U+2028, vertical tab, form feed, NEL) become
      ``\\n``; U+2029 PARAGRAPH SEPARATOR becomes a blank line;
    * tabs, NBSP (U+00A0), narrow and figure spaces (U+202F, U+2007), the other
      U+2000–U+200A spaces and the ideographic space U+3000 become a space;
    * zero-width space U+200B, word joiner U+2060 and U+FEFF are removed;
    * runs of spaces become one, and spaces at both ends of each line go.

    Blank lines are kept, as many as there were; words are untouched (no
    re-joining of «о с оглашени е», no change of letters or punctuation).
    """
    text = text.replace("\r\n", "\n").translate(_WHITESPACE_TABLE)
    return "\n".join(_RUN_OF_SPACES.sub(" ", line).strip(" ") for line in text.split("\n"))


# --- documents ------------------------------------------------------------


@dataclass
class Segment:
    """One sentence of a document, with its place in it."""

    text: str
    paragraph: int
    """0-based index of the paragraph."""
    index: int
    """0-based index of the sentence within its paragraph."""


@dataclass
class Document:
    """A text cut into paragraphs of sentences.

    Attributes:
        paragraphs: each paragraph's sentences, stripped, none empty.
        layout: the exact text around the paragraphs: ``layout[0]`` comes
            before the first paragraph, ``layout[i]`` between paragraphs
            ``i - 1`` and ``i``, ``layout[-1]`` after the last one. Always
            ``len(paragraphs) + 1`` strings of ``\\n`` (``"\\n"`` for adjacent
            lines, ``"\\n\\n"`` for one blank line between them, ...).
        lang: the language the sentences were split as, ``"ru"`` or ``"zh"``.
    """

    paragraphs: list[list[str]]
    layout: list[str] = field(default_factory=list)
    lang: str = "ru"

    def __post_init__(self) -> None:
        if not self.layout:
            self.layout = default_layout(len(self.paragraphs))
        if len(self.layout) != len(self.paragraphs) + 1:
            raise ValueError(
                f"layout has {len(self.layout)} separators for {len(self.paragraphs)} paragraphs; "
                "expected one more than paragraphs"
            )

    def sentences(self) -> Iterator[tuple[int, int, str]]:
        """``(paragraph_index, sentence_index, text)`` for every sentence, in order."""
        for p, sentences in enumerate(self.paragraphs):
            for s, text in enumerate(sentences):
                yield p, s, text

    def segments(self) -> Iterator[Segment]:
        """Every sentence as a :class:`Segment`, in order."""
        for p, s, text in self.sentences():
            yield Segment(text, p, s)

    def __len__(self) -> int:
        """The number of sentences."""
        return sum(len(sentences) for sentences in self.paragraphs)

    def replace(self, paragraphs: Sequence[Sequence[str]], lang: str | None = None) -> Document:
        """A document with the same layout and new (e.g. translated) sentences.

        Raises:
            DocumentError: *paragraphs* has a different number of paragraphs.
        """
        if len(paragraphs) != len(self.paragraphs):
            raise DocumentError(
                f"cannot rebuild the document: {len(paragraphs)} paragraphs given, "
                f"the source has {len(self.paragraphs)}"
            )
        return Document([list(p) for p in paragraphs], list(self.layout), lang or self.lang)


def default_layout(paragraph_count: int) -> list[str]:
    """Paragraphs separated by one blank line, and a final newline."""
    if paragraph_count == 0:
        return [""]
    return [""] + ["\n\n"] * (paragraph_count - 1) + ["\n"]


def split_paragraphs(text: str) -> list[str]:
    """The non-empty lines of *text*, stripped: one paragraph per line.

    Blank lines (empty or only whitespace) separate paragraphs and are dropped;
    :func:`split_layout` also returns them, for rebuilding.
    """
    return split_layout(text)[0]


def split_layout(text: str) -> tuple[list[str], list[str]]:
    """``(paragraphs, layout)``: the non-empty lines of *text* and what lies around them.

    ``layout`` has ``len(paragraphs) + 1`` strings of newlines, as in
    :attr:`Document.layout`, such that interleaving ``layout`` and
    ``paragraphs`` gives back *text* with each line stripped and blank lines
    emptied.
    """
    paragraphs: list[str] = []
    layout: list[str] = []
    newlines = 0
    lines = text.split("\n")
    for number, line in enumerate(lines):
        stripped = line.strip()
        if stripped:
            layout.append("\n" * newlines)
            paragraphs.append(stripped)
            newlines = 0
        if number < len(lines) - 1:
            newlines += 1
    layout.append("\n" * newlines)
    return paragraphs, layout


def _check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        raise DocumentError(f"unsupported language {lang!r}: expected 'ru' or 'zh'")


def segment_text(text: str, lang: str) -> Document:
    """Normalise whitespace, then cut *text* into paragraphs and sentences.

    ``join_document(segment_text(t, lang))`` gives back
    ``normalise_whitespace(t)``, except that the space between two sentences
    becomes exactly one (ru) or none (zh).
    """
    _check_lang(lang)
    paragraphs, layout = split_layout(normalise_whitespace(text))
    return Document([split_sentences(p, lang) for p in paragraphs], layout, lang)


def sentence_joiner(lang: str) -> str:
    """What goes between two sentences of a paragraph: ``" "`` (ru) or ``""`` (zh)."""
    _check_lang(lang)
    return "" if lang == "zh" else " "


def join_document(
    document: Document | Sequence[Sequence[str]],
    lang: str | None = None,
    *,
    layout: Sequence[str] | None = None,
) -> str:
    """Rebuild a text from paragraphs of (possibly translated) sentences.

    Args:
        document: a :class:`Document`, or a list of paragraphs, each a list of
            sentences.
        lang: the language of the sentences, which decides how they are
            joined: ``" "`` for ``"ru"``, ``""`` for ``"zh"``. Defaults to the
            document's language. When translating, pass the *target* language.
        layout: the separators around paragraphs (see :attr:`Document.layout`);
            defaults to the document's, or for bare lists to one blank line
            between paragraphs and a final newline.

    Raises:
        DocumentError: *layout* does not fit the number of paragraphs.
    """
    if isinstance(document, Document):
        paragraphs: Sequence[Sequence[str]] = document.paragraphs
        lang = lang or document.lang
        layout = document.layout if layout is None else layout
    else:
        paragraphs = document
        lang = lang or "ru"
        layout = default_layout(len(paragraphs)) if layout is None else layout
    if len(layout) != len(paragraphs) + 1:
        raise DocumentError(
            f"cannot rebuild the document: {len(paragraphs)} paragraphs but a layout for "
            f"{len(layout) - 1}"
        )
    joiner = sentence_joiner(lang)
    parts = [layout[0]]
    for sentences, after in zip(paragraphs, layout[1:]):
        parts.append(joiner.join(s.strip() for s in sentences if s.strip()))
        parts.append(after)
    return "".join(parts)


# --- sentences ------------------------------------------------------------


def split_sentences(paragraph: str, lang: str, *, zh_semicolon: bool = False) -> list[str]:
    """The sentences of one paragraph, stripped; joined back they give the paragraph.

    ``sentence_joiner(lang).join(result)`` equals the (whitespace-normalised)
    paragraph whenever sentences were separated by one space (ru) or none
    (zh); no character is ever changed or dropped other than that space.

    Russian: ``razdel.sentenize``, then repairs —

    * never split after abbreviations that always precede something: «им.»,
      «ул.», «просп.», «д.», «тов.», «проф.», «т. е.», «г.» after a non-digit
      (город: «г. Хэйхэ»), and initials («Е. Григорьев», «М.К. Аммосова»);
    * never start a sentence with a lowercase letter, a closing quote, a comma
      or a dash: «…договор », — отметил глава города.» stays one sentence;
    * a short quotation (up to :data:`SHORT_QUOTE_WORDS` words) is never cut:
      «IT-Куб. Якутск»;
    * the year abbreviation «г.»/«гг.» after a number, followed by a
      capitalised word, is ambiguous. It ends the sentence unless everything
      before the number in its clause (since the sentence start or the last
      ``, ; : ( « —``) is a date phrase — prepositions, numbers, months, «году»
      and the like (:data:`DATE_WORDS`). So «…заключенного в 2016 г. Город
      Якутск готов…» is two sentences, while «В 2016 г. Якутск подписал…» and
      «С 2008 по 2015 гг. Якутск…» are one. Followed by a lowercase word or a
      digit it never ends the sentence.

    Chinese: cut after 。！？!? (and ；when *zh_semicolon*), together with any
    further terminators and the closing quotes or brackets after them
    (”’」』）》〉】)»); never inside 《…》 titles. ``.`` never cuts, so
    numbers like 3.5 stay whole.
    """
    _check_lang(lang)
    paragraph = paragraph.strip()
    if not paragraph:
        return []
    if lang == "zh":
        spans = _zh_spans(paragraph, zh_semicolon)
    else:
        spans = _ru_spans(paragraph)
    sentences = [paragraph[a:b].strip() for a, b in spans]
    return [s for s in sentences if s]


# Chinese

_ZH_TERMINATORS = "。！？!?"
_ZH_CLOSERS = "”’」』）》〉】)]»\"'"
_ZH_TITLE_OPEN, _ZH_TITLE_CLOSE = "《〈", "》〉"


def _zh_spans(text: str, semicolon: bool) -> list[tuple[int, int]]:
    terminators = _ZH_TERMINATORS + ("；" if semicolon else "")
    spans = []
    start = 0
    depth = 0
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char in _ZH_TITLE_OPEN:
            depth += 1
        elif char in _ZH_TITLE_CLOSE and depth:
            depth -= 1
        elif char in terminators and not depth:
            j = i + 1
            while j < n and text[j] in terminators:
                j += 1
            while j < n and text[j] in _ZH_CLOSERS:
                j += 1
            spans.append((start, j))
            start = i = j
            continue
        i += 1
    if start < n:
        spans.append((start, n))
    return spans


# Russian

SHORT_QUOTE_WORDS = 5
"""A quotation of at most this many words is never cut into sentences."""

#: Words that make up a date phrase before a year («В 2016 г.», «С 2008 по
#: 2015 гг.», «26 марта 2024 г.», «В конце 2016 г.»): see :func:`split_sentences`.
DATE_WORDS = frozenset(
    """в во с со по до к ко от на за из около после начиная между и или а но уже ещё еще
    лишь только также тоже именно затем потом
    начале начала конце конца середине середины течение период периоде год года году
    годах годов годы летом весной осенью зимой квартале квартала полугодии
    январе феврале марте апреле мае июне июле августе сентябре октябре ноябре декабре
    января февраля марта апреля мая июня июля августа сентября октября ноября декабря
    январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь""".split()
)

# Abbreviations after which a sentence never ends (lowercase, without the dot).
_NEVER_FINAL = frozenset(
    """им ул просп пр-т пер пл наб ш б-р д кв корп стр оф каб тов проф акад доц
    св оз пос пгт дер обл респ рис табл илл см ср напр гр г-н г-жа""".split()
)

_OPEN_QUOTES = "«„“"
_CLOSE_QUOTES = {"«": "»", "„": "“", "“": "”"}

_YEAR_ABBREVIATION = re.compile(
    r"(?<![\w.])(\d{1,4}(?:\s?[-–—]\s?\d{1,4})?(?:-[а-яё]{1,3})?)\s?(гг?)\.(?=\s+[A-ZА-ЯЁ])"
)
_LAST_WORD = re.compile(r"(?:^|[\s(«„“\"'—-])([\w-]+)\.$")
_INITIAL_END = re.compile(r"(?:^|[\s.(«„“\"'])[A-ZА-ЯЁ]\.$")
_ETC_END = re.compile(r"(?:^|\s)т\.\s?[дп]\.$")
_THAT_IS_END = re.compile(r"(?:^|\s)т\.\s?е\.$")
_YEAR_END = re.compile(r"\d(?:-[а-яё]{1,3})?\s?гг?\.$")
_CITY_END = re.compile(r"(?:^|[\s(«„“\"'])[гГ]\.$")
_CLAUSE_PUNCTUATION = re.compile(r"[,;:(«„“—–]")


def _ru_spans(text: str) -> list[tuple[int, int]]:
    from razdel import sentenize

    spans = [(s.start, s.stop) for s in sentenize(text)]
    if not spans:
        return [(0, len(text))]
    quotes = _short_quotes(text)
    spans = _ru_merge(text, spans, quotes)
    return _ru_split_years(text, spans, quotes)


def _must_continue(left: str, right: str) -> bool:
    """Whether the cut between sentence *left* and sentence *right* is wrong."""
    right = right.lstrip()
    left = left.rstrip()
    if not right or not left:
        return True
    first = right[0]
    if first.islower() or first in ",;:)»”—–-":
        return True
    if _YEAR_END.search(left):
        return True  # re-decided by _ru_split_years with the year rule
    if _THAT_IS_END.search(left) or _INITIAL_END.search(left) or _CITY_END.search(left):
        return first.isupper() or first.isdigit() or first in _OPEN_QUOTES
    if _ETC_END.search(left):
        return False  # «и т. д.», «и т. п.» may end a sentence
    match = _LAST_WORD.search(left)
    if match and match.group(1).lower() in _NEVER_FINAL:
        return True
    return False


def _short_quotes(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every outermost «…» (or „…“, “…”) of at most SHORT_QUOTE_WORDS words."""
    quotes = []
    stack: list[int] = []
    for i, char in enumerate(text):
        if stack and char == _CLOSE_QUOTES[text[stack[-1]]]:
            start = stack.pop()
            if not stack and len(text[start : i + 1].split()) <= SHORT_QUOTE_WORDS:
                quotes.append((start, i + 1))
        elif char in _OPEN_QUOTES:
            stack.append(i)
    return quotes


def _inside(quotes: list[tuple[int, int]], position: int) -> bool:
    return any(start < position < end for start, end in quotes)


def _ru_merge(text: str, spans: list[tuple[int, int]], quotes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged = [spans[0]]
    for start, stop in spans[1:]:
        prev_start, prev_stop = merged[-1]
        if _must_continue(text[prev_start:prev_stop], text[start:stop]) or _inside(quotes, start):
            merged[-1] = (prev_start, stop)
        else:
            merged.append((start, stop))
    return merged


def _is_date_phrase(clause: str) -> bool:
    words = re.findall(r"[^\W_]+", clause.lower())
    return all(w.isdigit() or w in DATE_WORDS for w in words)


def _ru_split_years(
    text: str, spans: list[tuple[int, int]], quotes: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    result = []
    for start, stop in spans:
        cut_from = start
        for match in _YEAR_ABBREVIATION.finditer(text, start, stop):
            before = text[cut_from : match.start()]
            clause_start = max((m.end() for m in _CLAUSE_PUNCTUATION.finditer(before)), default=0)
            if _is_date_phrase(before[clause_start:]):
                continue
            if _inside(quotes, match.end()):
                continue
            result.append((cut_from, match.end()))
            cut_from = match.end()
        result.append((cut_from, stop))
    return result


# --- long sentences -------------------------------------------------------

# Where to cut a long sentence, best first. Each entry: characters, and whether
# whitespace must follow (ASCII , : ; also occur inside numbers: 3,5 and 10:30).
_BREAK_TIERS: tuple[tuple[str, bool], ...] = (
    (";", True),
    ("；", False),
    (":", True),
    ("：", False),
    (",", True),
    ("，、", False),
)
_DASHES = "—–"


def _cut_candidates(window: str, limit: int) -> list[list[int]]:
    """For each preference tier, the cut positions (left piece lengths ≤ *limit*) in *window*."""
    tiers: list[list[int]] = [[] for _ in range(len(_BREAK_TIERS) + 2)]
    n = len(window)
    for i, char in enumerate(window):
        for tier, (chars, needs_space) in enumerate(_BREAK_TIERS):
            if char in chars:
                end = i + 1
                if needs_space and not (end < n and window[end].isspace()):
                    break
                while end < n and window[end].isspace():
                    end += 1
                # The spaces after the mark go with the left piece if they fit.
                tiers[tier].append(end if end <= limit else i + 1)
                break
        else:
            if char in _DASHES and 0 < i and window[i - 1].isspace() and i + 1 < n and window[i + 1].isspace():
                tiers[len(_BREAK_TIERS)].append(i)  # before a spaced dash
            elif char.isspace() and i + 1 < n and not window[i + 1].isspace():
                tiers[len(_BREAK_TIERS) + 1].append(i + 1 if i + 1 <= limit else i)
    return tiers


def _hard_cut(text: str, limit: int) -> int:
    """A cut at or before *limit* that keeps combining marks with their base letter."""
    cut = limit
    while cut > 1 and cut < len(text) and unicodedata.combining(text[cut]):
        cut -= 1
    return cut


def split_long(sentence: str, max_chars: int, lang: str = "ru") -> list[str]:
    """Cut *sentence* into pieces of at most *max_chars* characters.

    Each cut is at the safest point that leaves the piece as long as possible
    while at least a third of *max_chars*: after ``;`` ``；``, else after ``:``
    ``：``, else after ``,`` ``，`` ``、`` (ASCII marks only when a space
    follows, so 3,5 and 10:30 stay whole), else before a spaced dash ``—``,
    else at a space. Only a run of more than *max_chars* characters without
    any of those (a 20,000-character "word", or unspaced text) is cut between
    characters.

    The pieces are consecutive slices: ``"".join(pieces) == sentence``. The
    space at a cut stays at the end of the left piece, so strip the pieces
    before translating them; ``" ".join(p.strip() for p in pieces)`` (ru) or
    ``"".join(pieces)`` (zh) gives the sentence back. A sentence that already
    fits is returned as ``[sentence]``.

    Raises:
        ValueError: *max_chars* is less than 1.
    """
    if max_chars < 1:
        raise ValueError(f"max_chars must be at least 1, got {max_chars}")
    _check_lang(lang)
    pieces = []
    minimum = max(1, max_chars // 3)
    position, length = 0, len(sentence)
    while length - position > max_chars:
        # Look one character past the limit: a cut there still gives a piece
        # of max_chars, and the space or dash at that position counts.
        window = sentence[position : position + max_chars + 1]
        cut = 0
        tiers = _cut_candidates(window, max_chars)
        for relax in (minimum, 1):
            for candidates in tiers:
                fitting = [c for c in candidates if relax <= c <= max_chars]
                if fitting:
                    cut = fitting[-1]
                    break
            if cut:
                break
        if not cut:
            cut = _hard_cut(window, max_chars)
        pieces.append(sentence[position : position + cut])
        position += cut
    if position < length or not pieces:
        pieces.append(sentence[position:])
    return pieces
