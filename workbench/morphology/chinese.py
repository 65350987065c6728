"""Chinese word boundaries (jieba), so a glossary name is not found inside a longer word.

Chinese has no spaces: 中国 is spelt inside 发展中国家 ("developing countries"),
市长 inside 堪萨斯城市长 only by accident of the characters around it. A term
match is dropped where it lies inside a longer word without starting it
(:func:`inside_words`), by jieba's segmentation of the sentence with the
glossary's own spellings added to its dictionary, so that names it does not
know (景泉, 黑河市) are cut out whole. A match may end inside a word (中国 in
中国政府, which jieba keeps as one word): what comes after a name does not
change which name it is.

One jieba tokenizer serves the process; its dictionary loads on first use
(about a second) and grows by the spellings of every glossary matched. The
search's stray-piece costs read jieba's own dictionary, without the glossary's
spellings (:func:`plain_words`, :func:`dictionary_frequency`); it loads once too,
quietly, however many searches start at the same moment.
"""

from __future__ import annotations

import threading

_LOCK = threading.Lock()
_DEFAULT_LOCK = threading.Lock()
_TOKENIZER = None
_TAGGER = None
_DEFAULT = None
_ADDED: set[str] = set()


def _tokenizer():
    global _TOKENIZER
    if _TOKENIZER is None:
        import jieba

        _quiet(jieba)
        _TOKENIZER = jieba.Tokenizer()
    return _TOKENIZER


def _quiet(jieba) -> None:
    """jieba logs each dictionary load («Building prefix dict…») at debug level to stderr."""
    import logging

    jieba.setLogLevel(logging.WARNING)


def _default_tokenizer():
    """jieba's own tokenizer (``jieba.dt``: its dictionary only), loaded once.

    jieba guards a load with a lock it makes anew on each call, so searches that start
    together may each load the dictionary (a second apiece; the sample press release
    loaded it twice) and log it.
    """
    global _DEFAULT
    if _DEFAULT is None:
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                import jieba

                _quiet(jieba)
                jieba.dt.initialize()
                _DEFAULT = jieba.dt
    return _DEFAULT


def plain_words(text: str, *, hmm: bool = True) -> list[str]:
    """The words of ``text`` by jieba's own dictionary, without the glossary's spellings."""
    return _default_tokenizer().lcut(text, HMM=hmm)


def dictionary_frequency(word: str) -> int:
    """How often jieba's own dictionary counts ``word`` (0: not a word there)."""
    return _default_tokenizer().FREQ.get(word, 0)


def plain_tagged(text: str) -> list[tuple[str, str]]:
    """The words of ``text`` with jieba's tags, by its own dictionary (the training data's references)."""
    import jieba.posseg

    _default_tokenizer()
    return [(w.word, w.flag) for w in jieba.posseg.lcut(text)]


def add_words(words) -> None:
    """Teach the segmenter the glossary's spellings (only the new ones)."""
    new = [w for w in words if w and w not in _ADDED]
    if not new:
        return
    with _LOCK:
        tokenizer = _tokenizer()
        for word in new:
            tokenizer.add_word(word)
            _ADDED.add(word)


def words(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the words of ``text``, as jieba cuts it (no HMM guessing)."""
    with _LOCK:
        spans, offset = [], 0
        for word in _tokenizer().cut(text, HMM=False):
            spans.append((offset, offset + len(word)))
            offset += len(word)
    return spans


def tagged(text: str) -> list[tuple[str, str]]:
    """The words of ``text`` with jieba's part-of-speech tags (``v`` verb, ``n`` noun …), blanks left out.

    The tagger shares the segmenter's dictionary, so the glossary's spellings are words to it too.
    """
    global _TAGGER
    if not text:
        return []
    with _LOCK:
        if _TAGGER is None:
            import jieba.posseg

            _TAGGER = jieba.posseg.POSTokenizer(_tokenizer())  # reads the dictionary's tags once
        pairs = [(w.word, w.flag) for w in _TAGGER.cut(text, HMM=False)]
    return [(word, flag) for word, flag in pairs if word.strip()]


def ends_with_verb(text: str) -> bool:
    """True when jieba tags the last word of ``text`` a verb (its part-of-speech tagger, same dictionary)."""
    words_ = tagged(text)
    return bool(words_) and words_[-1][1].startswith("v")


def inside_words(text: str, matches: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The matches (start, end) that lie inside a longer word of ``text``, not at its start.

    Such a match is spelt by accident (中国 in 发展中国家) unless the part of the
    word before it is itself made of matches: 俄罗斯远东地区 is one word to
    jieba, and both 俄罗斯 and 远东 are names in it. A match that runs past the
    end of the word it starts in (景泉 across 应景/泉) overrules the
    segmentation: the glossary knows the name, jieba does not.
    """
    ends = {end for _, end in matches}
    covered = set()
    for start, end in matches:
        covered.update(range(start, end))
    word_of = {}
    for start, end in words(text):
        for i in range(start, end):
            word_of[i] = (start, end)
    inside = set()
    for start, end in matches:
        w_start, w_end = word_of.get(start, (start, end))
        if w_start == start or end > w_end:
            continue
        made_of_matches = start in ends and all(i in covered for i in range(w_start, start))
        if not made_of_matches:
            inside.add((start, end))
    return inside
