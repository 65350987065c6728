"""The translation memory in the store: approved segments and imported pairs, exact and fuzzy lookups,
concordance search (:class:`MemoryMixin` of :class:`workbench.store.db.Store`), and the fuzzy scores.

Fuzzy scores compare normalised texts with rapidfuzz: Chinese by characters, Russian by words (each
distinct word coded as one character, so that ``process.extract`` stays in C over a 100,000-entry
memory); see ``benchmarks/bench_tmx.py``.
"""

from __future__ import annotations

from typing import Sequence

from workbench.store.records import TMEntry, TMMatch, _check_lang, utc_now


class MemoryMixin:
    """The memory methods of :class:`~workbench.store.db.Store` (its ``_tm_cache`` is made there)."""

    def approved_pairs(self, source_lang: str, target_lang: str) -> list[tuple[str, str]]:
        """``(source, target)`` of every approved segment of a direction, oldest first (what
        ``workbench adapt`` learns from; imported memory pairs are not segments and are left out)."""
        _check_lang(source_lang, "source")
        _check_lang(target_lang, "target")
        rows = self._conn().execute(
            "SELECT s.source, s.target FROM segments s JOIN documents d ON d.id = s.document_id "
            "WHERE s.status = 'approved' AND d.source_lang = ? AND d.target_lang = ? ORDER BY s.id",
            (source_lang, target_lang)).fetchall()
        return [(source, target) for source, target in rows if source.strip() and target.strip()]

    @staticmethod
    def _remember(conn, seg_id, source, target, source_lang, target_lang, origin, user, at) -> None:
        # One entry per segment: re-approving a corrected segment replaces its entry.
        conn.execute("DELETE FROM tm WHERE segment_id = ?", (seg_id,))
        conn.execute("INSERT INTO tm (source_lang, target_lang, source, target, origin, user, at, segment_id) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     (source_lang, target_lang, source, target, origin, user, at, seg_id))

    def add_tm(self, pairs: Sequence[tuple[str, str]], source_lang: str, target_lang: str,
               origin: str = "", user: str = "") -> int:
        """Add external pairs (e.g. from a TMX file) to the memory; returns how many were new."""
        entries = [TMEntry(source_lang, target_lang, s, t, origin, user) for s, t in pairs]
        return sum(self.add_tm_entries(entries))

    def add_tm_entries(self, entries: Sequence[TMEntry]) -> list[bool]:
        """Add entries in one transaction (all or none); per entry, whether it was new.

        An entry is not new when the memory already has the same pair for its
        direction (from any origin, an approved segment included) or an earlier
        entry of *entries* had it; empty texts are never added. One
        transaction, so an import that fails half-way leaves the memory as it was.
        """
        for entry in entries:
            _check_lang(entry.source_lang, "source")
            _check_lang(entry.target_lang, "target")
        now, added = utc_now(), []
        with self._write() as conn:
            for e in entries:
                if not e.source.strip() or not e.target.strip():
                    added.append(False)
                    continue
                known = conn.execute("SELECT 1 FROM tm WHERE source_lang = ? AND target_lang = ? AND source = ? "
                                     "AND target = ?", (e.source_lang, e.target_lang, e.source, e.target)).fetchone()
                if known is None:
                    conn.execute("INSERT INTO tm (source_lang, target_lang, source, target, origin, user, at) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?)",
                                 (e.source_lang, e.target_lang, e.source, e.target, e.origin, e.user, e.at or now))
                added.append(known is None)
        return added

    def tm_all(self, source_lang: str | None = None, target_lang: str | None = None) -> list[TMEntry]:
        """Every memory entry (of one direction when given), oldest first: what a TMX export writes."""
        query, values = "SELECT source_lang, target_lang, source, target, origin, user, at FROM tm", []
        if source_lang and target_lang:
            query += " WHERE source_lang = ? AND target_lang = ?"
            values = [source_lang, target_lang]
        rows = self._conn().execute(query + " ORDER BY id", values).fetchall()
        return [TMEntry(*row) for row in rows]

    def tm_entries(self, source_lang: str, target_lang: str) -> list[tuple[str, str]]:
        """Every ``(source, target)`` of the memory for a direction, oldest first."""
        rows = self._conn().execute("SELECT source, target FROM tm WHERE source_lang = ? AND target_lang = ? "
                                    "ORDER BY id", (source_lang, target_lang)).fetchall()
        return [(s, t) for s, t in rows]

    def tm_lookup(self, source: str, source_lang: str, target_lang: str, limit: int = 5,
                  min_score: float = 70.0) -> list[TMMatch]:
        """Memory entries for *source*: exact ones first (score 100, newest first), then fuzzy ones.

        Exact means the same text up to whitespace. Fuzzy scores compare
        normalised texts (lower case, punctuation removed) with rapidfuzz
        (:func:`similarity`: Chinese by characters, Russian by words), capped
        at 99 so only an exact match scores 100.
        """
        snapshot = self._tm_snapshot(source_lang, target_lang)
        entries = snapshot.entries
        same = snapshot.by_plain.get(_plain(source), [])
        exact: list[TMMatch] = []
        seen: set[str] = set()
        for index in reversed(same):
            _, entry_source, target, origin = entries[index]
            if target not in seen:
                seen.add(target)
                exact.append(TMMatch(entry_source, target, 100.0, True, origin))
        if len(exact) >= limit:
            return exact[:limit]
        scores = fuzzy_scores(fuzzy_key(normalise(source), source_lang, snapshot.codes), snapshot.keys,
                              source_lang, min_score, snapshot.sorted_keys)
        excluded = set(same)
        fuzzy: dict[tuple[str, str], TMMatch] = {}
        for index in sorted(scores):
            _, entry_source, target, origin = entries[index]
            if index in excluded or target in seen:
                continue
            score = min(99.0, scores[index])
            key = (entry_source, target)
            if key not in fuzzy or fuzzy[key].score < score:
                fuzzy[key] = TMMatch(entry_source, target, round(score, 1), False, origin)
        ranked = sorted(fuzzy.values(), key=lambda m: -m.score)
        return (exact + ranked)[:limit]

    def tm_search(self, text: str, source_lang: str, target_lang: str, limit: int = 20) -> list[TMMatch]:
        """Concordance: memory entries whose source or translation contains *text* (any case), newest first.

        What a translator asks when a word has no fuzzy match: how was «Народный хурал» translated before?
        """
        needle = " ".join(text.split()).casefold()
        if not needle:
            return []
        found: list[TMMatch] = []
        for _, source, target, origin in reversed(self._tm_snapshot(source_lang, target_lang).entries):
            if needle in " ".join(source.split()).casefold() or needle in " ".join(target.split()).casefold():
                found.append(TMMatch(source, target, 0.0, False, origin))
                if len(found) == limit:
                    break
        return found

    def prepare_tm(self, source_lang: str, target_lang: str) -> None:
        """Build a direction's lookup keys now (about 1.5 s for 100,000 entries), so that the first
        lookup after a large import does not pay for them."""
        self._tm_snapshot(source_lang, target_lang)

    def _tm_snapshot(self, source_lang: str, target_lang: str) -> _TMSnapshot:
        """A direction's entries with their lookup keys, cached until the memory changes."""
        conn = self._conn()
        stamp = tuple(conn.execute("SELECT COALESCE(MAX(id), 0), COUNT(*) FROM tm WHERE source_lang = ? "
                                   "AND target_lang = ?", (source_lang, target_lang)).fetchone())
        cached = self._tm_cache.get((source_lang, target_lang))
        if cached and cached[0] == stamp:
            return cached[1]
        rows = conn.execute("SELECT id, source, target, origin FROM tm WHERE source_lang = ? AND target_lang = ? "
                            "ORDER BY id", (source_lang, target_lang)).fetchall()
        snapshot = _TMSnapshot(rows, source_lang)
        self._tm_cache[(source_lang, target_lang)] = (stamp, snapshot)
        return snapshot


class _TMSnapshot:
    """A direction of the memory prepared for lookups, built once per change of the memory.

    Attributes:
        entries: ``(id, source, target, origin)``, oldest first.
        by_plain: source up to whitespace → indices of *entries* (the exact matches).
        codes: Russian only: the words of the entries as characters (:class:`WordCodes`).
        keys: per entry, the text fuzzy scores compare (:func:`fuzzy_key`).
        sorted_keys: Russian only: the keys' words sorted (:func:`sorted_words`).

    Preparing these once, not per lookup, is what keeps a lookup in a
    100,000-entry memory (a TMX import) fast enough for the editor.
    """

    def __init__(self, rows: list[tuple[int, str, str, str]], lang: str):
        self.entries = rows
        self.by_plain: dict[str, list[int]] = {}
        for index, row in enumerate(rows):
            self.by_plain.setdefault(_plain(row[1]), []).append(index)
        self.codes = WordCodes() if lang != "zh" else None
        self.keys = [fuzzy_key(normalise(row[1]), lang, self.codes, grow=True) for row in rows]
        self.sorted_keys = [sorted_words(key) for key in self.keys] if lang != "zh" else None


def normalise(text: str) -> str:
    """Text for fuzzy matching: lower case, letters and digits only, single spaces.

    Like ``rapidfuzz.utils.default_process``, which keeps Han characters
    (they are alphanumeric) and drops punctuation of both scripts.
    """
    return " ".join("".join(c if c.isalnum() else " " for c in text.casefold()).split())


class WordCodes:
    """Russian words as single characters, one per distinct word.

    rapidfuzz's ``fuzz.ratio`` of two coded texts is then the ratio of their
    word sequences, computed in C over a 100,000-entry memory. Words, not
    letters: by letters, two unrelated sentences of one press release shared
    enough «-ского», «-ация» and «делегаци-» to score 79.1 (issue 23); by
    words they score 66.7 and stay under the 70 a match needs, while a
    sentence with one name changed of six words still scores 83.3.
    """

    FIRST = 0x10000  # above the Basic Multilingual Plane: a million codes, no surrogates

    def __init__(self):
        self._codes: dict[str, str] = {}

    def encode(self, words: list[str], grow: bool = True) -> str:
        """*words* as a string of codes; unknown words get new codes (kept only when *grow*)."""
        extra: dict[str, str] = {}
        coded = []
        for word in words:
            code = self._codes.get(word) or extra.get(word)
            if code is None:
                code = chr(self.FIRST + len(self._codes) + len(extra))
                (self._codes if grow else extra)[word] = code
            coded.append(code)
        return "".join(coded)


def fuzzy_key(normalised: str, lang: str, codes: WordCodes | None = None, *, grow: bool = False) -> str:
    """What fuzzy scores compare: Chinese without spaces (it has none), Russian words coded by *codes*.

    Keys compared with each other need the same *codes*; a memory's entries
    add their words (*grow*), a query does not change the memory's codes.
    """
    if lang == "zh":
        return normalised.replace(" ", "")
    if codes is None:
        codes, grow = WordCodes(), True
    return codes.encode(normalised.split(), grow)


def fuzzy_scores(query: str, candidates: list[str], lang: str, min_score: float,
                 sorted_candidates: list[str] | None = None) -> dict[int, float]:
    """:func:`similarity` of *query* to every candidate that reaches *min_score*, by index.

    *query* and *candidates* are :func:`fuzzy_key` texts; *sorted_candidates*
    their :func:`sorted_words` when already made (Russian only).

    The same scores, computed by rapidfuzz's ``process.extract`` in C rather
    than one Python call per entry: a memory imported from a TMX holds
    100,000 entries, and the editor looks one up per segment shown.
    """
    from rapidfuzz import fuzz, process

    def extract(scorer, choices, text) -> dict[int, float]:
        found = process.extract(text, choices, scorer=scorer, processor=None, score_cutoff=min_score, limit=None)
        return {index: score for _, score, index in found}

    scores = extract(fuzz.ratio, candidates, query)
    if lang == "zh":
        return scores
    # token_sort_ratio is the ratio of the texts with their words sorted: sort the query's once
    # (the candidates' are sorted once per snapshot, see sorted_words)
    for index, score in extract(fuzz.ratio, sorted_candidates or [sorted_words(c) for c in candidates],
                                sorted_words(query)).items():
        scores[index] = max(score, scores.get(index, 0.0))
    return scores


def sorted_words(key: str) -> str:
    """A Russian key's word codes sorted: ``fuzz.ratio`` of two such is the word-order-free score.

    Two sequences sorted by the same order have the common words as their
    longest common subsequence, so the order of the codes is as good as the
    alphabet's.
    """
    return "".join(sorted(key))


def similarity(query: str, candidate: str, lang: str) -> float:
    """0–100 similarity of two normalised texts.

    Chinese is compared character by character (``fuzz.ratio``, spaces
    removed: Chinese has none). Russian word by word: the better of the ratio
    of the word sequences and of the sorted ones (a changed word order is
    forgiven). Not ``token_set_ratio``: it scores 100 whenever one text's
    words are a subset of the other's, so a short memory entry would match
    every long sentence.
    """
    from rapidfuzz import fuzz

    if lang == "zh":
        return fuzz.ratio(query.replace(" ", ""), candidate.replace(" ", ""))
    words, other = query.split(), candidate.split()
    return max(fuzz.ratio(words, other), fuzz.ratio(sorted(words), sorted(other)))


def _plain(text: str) -> str:
    return " ".join(text.split())
