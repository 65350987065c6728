"""Documents in the store: importing one (its paragraphs of sentences and its layout), listing, finding,
archiving and deleting them, and giving a document's text back (:class:`DocumentsMixin` of
:class:`workbench.store.db.Store`)."""

from __future__ import annotations

import json
from typing import Callable, Sequence

from workbench.errors import DocumentError, StoreError
from workbench.segment import join_document
from workbench.store.records import (
    _DOCUMENT_QUERY, DocumentInfo, SegmentRow, _check_lang, _check_status, utc_now,
)


class DocumentsMixin:
    """The document methods of :class:`~workbench.store.db.Store` (which gives ``_conn``/``_write``)."""

    def create_document(self, name: str, source_lang: str, target_lang: str,
                        paragraphs: Sequence[Sequence[str]], layout: Sequence[str], user: str = "",
                        targets: Sequence[tuple[str, str] | None] | None = None, extra: dict | None = None,
                        segment_extras: Sequence[dict | None] | None = None) -> int:
        """Store a segmented document and return its id.

        Args:
            paragraphs: each paragraph's sentences (see :class:`workbench.segment.Document`).
            layout: the text around the paragraphs, ``len(paragraphs) + 1`` strings.
            user: who imported it.
            targets: for bilingual imports, one ``(text, status)`` or ``None``
                per segment in document order. A ``draft`` text becomes the
                machine draft, any other the translator's target; approved
                segments go to the translation memory.
            extra: what the file carries beyond its segments, kept to write
                it back (:meth:`document_extra`); JSON-serialisable.
            segment_extras: one dict (or ``None``) per segment in document
                order: its place in that file (:attr:`SegmentRow.extra`).

        Raises:
            DocumentError: the layout or the targets do not fit the paragraphs.
            StoreError: an unknown language or status.
        """
        sentences = _checked_sentences(name, source_lang, target_lang, paragraphs, layout, targets, segment_extras)
        extra_json = json.dumps(extra or {}, ensure_ascii=False)
        now = utc_now()
        with self._write() as conn:
            doc_id = conn.execute(
                "INSERT INTO documents (name, source_lang, target_lang, layout, created_at, created_by, extra_json) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (name, source_lang, target_lang, json.dumps(list(layout), ensure_ascii=False), now, user,
                 extra_json),
            ).lastrowid
            for position, (p, s, source) in enumerate(sentences):
                text, status = (targets[position] if targets and targets[position] else ("", "new"))
                draft, target = (text, "") if status == "draft" else ("", text)
                segment_extra = segment_extras[position] if segment_extras else None
                seg_id = conn.execute(
                    "INSERT INTO segments (document_id, position, paragraph, idx, source, draft, target, "
                    "status, version, updated_by, updated_at, extra_json) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)",
                    (doc_id, position, p, s, source, draft, target, status, user, now,
                     json.dumps(segment_extra or {}, ensure_ascii=False)),
                ).lastrowid
                self._add_history(conn, seg_id, 1, text, status, user, now, "import")
                if status == "approved":
                    self._remember(conn, seg_id, source, target, source_lang, target_lang, name, user, now)
        return doc_id

    def list_documents(self, archived: bool | None = None) -> list[DocumentInfo]:
        """Every document, oldest first, with its counts (``archived``: only those, or only the others)."""
        where = "" if archived is None else (" WHERE d.archived_at != ''" if archived else " WHERE d.archived_at = ''")
        rows = self._conn().execute(_DOCUMENT_QUERY + where + " GROUP BY d.id ORDER BY d.id").fetchall()
        return [DocumentInfo(*row[:-1], archived=bool(row[-1])) for row in rows]

    def set_archived(self, doc_id: int, archived: bool = True) -> DocumentInfo:
        """Archive a document (it leaves the lists of the desk, keeping everything) or bring it back.

        Raises:
            DocumentError: no such document.
        """
        self.get_document(doc_id)
        with self._write() as conn:
            conn.execute("UPDATE documents SET archived_at = ? WHERE id = ?", (utc_now() if archived else "", doc_id))
        return self.get_document(doc_id)

    def delete_document(self, doc_id: int) -> int:
        """Delete a document with its segments and their history; returns how many segments went.

        The translation memory keeps the document's approved pairs (their link to the segment is
        cleared): what was approved stays reusable.

        Raises:
            DocumentError: no such document.
        """
        info = self.get_document(doc_id)
        with self._write() as conn:
            conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        return info.total

    def get_document(self, doc_id: int) -> DocumentInfo:
        """One document with its counts.

        Raises:
            DocumentError: no such document.
        """
        row = self._conn().execute(_DOCUMENT_QUERY + " WHERE d.id = ? GROUP BY d.id", (doc_id,)).fetchone()
        if row is None:
            raise DocumentError(f"document {doc_id} does not exist")
        return DocumentInfo(*row[:-1], archived=bool(row[-1]))

    def find_document(self, reference: int | str) -> DocumentInfo:
        """A document by id or by name (as the CLI takes it).

        Raises:
            DocumentError: none, or several documents have that name (their ids are listed).
        """
        text = str(reference).strip()
        if text.isdigit():
            try:
                return self.get_document(int(text))
            except DocumentError:
                pass
        ids = [r[0] for r in self._conn().execute("SELECT id FROM documents WHERE name = ? ORDER BY id", (text,))]
        if not ids:
            raise DocumentError(f"no document with id or name {text!r} (see `workbench documents`)")
        if len(ids) > 1:
            raise DocumentError(f"several documents are named {text!r} (ids {', '.join(map(str, ids))}); "
                                "give the id")
        return self.get_document(ids[0])

    def document_layout(self, doc_id: int) -> list[str]:
        """The stored layout (``len(paragraphs) + 1`` strings) of a document."""
        row = self._conn().execute("SELECT layout FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise DocumentError(f"document {doc_id} does not exist")
        return json.loads(row[0])

    def document_extra(self, doc_id: int) -> dict:
        """What the document's file carries beyond its segments (``{}`` if nothing was kept)."""
        row = self._conn().execute("SELECT extra_json FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise DocumentError(f"document {doc_id} does not exist")
        return json.loads(row[0] or "{}")

    def document_text(self, doc_id: int, which: str = "target",
                      text_of: Callable[[SegmentRow], str] | None = None) -> str:
        """The document rebuilt with its stored layout.

        ``which="target"``: each segment's target, else its draft, else its
        source (a ``skip`` segment always gives its source, as it is not for
        translation); joined as the target language. This is the working view
        of a document, not what may be published: the exports pass *text_of*
        (:func:`workbench.formats.unreviewed.export_text`), which writes only
        approved text as it stands. ``which="source"``: the original text.
        """
        if which not in ("target", "source"):
            raise StoreError(f"which must be 'target' or 'source', not {which!r}")

        info = self.get_document(doc_id)
        layout = self.document_layout(doc_id)
        lang = info.source_lang if which == "source" else info.target_lang
        paragraphs = self.paragraph_texts(doc_id, which, text_of)
        return join_document([[p] for p in paragraphs], lang, layout=layout)

    def paragraph_texts(self, doc_id: int, which: str = "target",
                        text_of: Callable[[SegmentRow], str] | None = None) -> list[str]:
        """Each paragraph's text: its segments (as in :meth:`document_text`, or *text_of* each) joined
        by :func:`join_sentences`."""
        info = self.get_document(doc_id)
        layout = self.document_layout(doc_id)
        groups: list[list[str]] = [[] for _ in range(len(layout) - 1)]
        text_of = text_of or segment_text
        for row in self.segments(doc_id):
            groups[row.paragraph].append(row.source if which == "source" else text_of(row))
        lang = info.source_lang if which == "source" else info.target_lang
        return [join_sentences(group, lang) for group in groups]


def segment_text(row: SegmentRow) -> str:
    """What a segment contributes to the translated document (see :meth:`Store.document_text`)."""
    if row.status == "skip":
        return row.source
    return row.target or row.draft or row.source


def join_sentences(sentences: Sequence[str], lang: str) -> str:
    """Sentences of one paragraph as text: ``" "`` between them in Russian, ``""`` in Chinese.

    In a Chinese text, two neighbours that are not Chinese at the junction (an
    untranslated Russian sentence kept as a fallback, a Latin name) still get
    a space, so «Якутск.» and «Её…» do not run together.
    """
    parts = [s.strip() for s in sentences if s.strip()]
    if lang != "zh":
        return " ".join(parts)
    text = parts[0] if parts else ""
    for part in parts[1:]:
        text += (" " if _is_western(text[-1]) and _is_western(part[0]) else "") + part
    return text


def _is_western(char: str) -> bool:
    # Below U+2E80 (CJK Radicals Supplement) nothing is Chinese script or full-width punctuation.
    return ord(char) < 0x2E80


def _checked_sentences(name, source_lang, target_lang, paragraphs, layout, targets, segment_extras):
    """A document's ``(paragraph, index, sentence)`` in order, once its languages, layout, targets and
    segment records are known to fit (see :meth:`DocumentsMixin.create_document`)."""
    _check_lang(source_lang, "source")
    _check_lang(target_lang, "target")
    if source_lang == target_lang:
        raise StoreError(f"source and target language are both {source_lang!r}")
    if len(layout) != len(paragraphs) + 1:
        raise DocumentError(f"{name}: layout has {len(layout)} parts for {len(paragraphs)} paragraphs; "
                            "expected one more than paragraphs")
    sentences = [(p, s, text) for p, paragraph in enumerate(paragraphs) for s, text in enumerate(paragraph)]
    if targets is not None and len(targets) != len(sentences):
        raise DocumentError(f"{name}: {len(targets)} translations for {len(sentences)} segments")
    for item in targets or ():
        if item is not None:
            _check_status(item[1])
    if segment_extras is not None and len(segment_extras) != len(sentences):
        raise DocumentError(f"{name}: {len(segment_extras)} segment records for {len(sentences)} segments")
    return sentences
