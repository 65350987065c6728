"""Getting a document into the store from the browser: a pasted text or an uploaded file.

Uploads are checked before anything is parsed: the extension must be one of
:data:`ALLOWED_EXTENSIONS` and the file at most :data:`MAX_BYTES`. The format
modules of :mod:`workbench.formats` do the reading, so an upload is segmented
exactly as ``workbench import`` would segment it.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from workbench.errors import InputError, UploadRejected
from workbench.formats import EXTENSIONS, IMPORT_EXTENSIONS, import_document, import_documents, store_document
from workbench.languages import DIRECTIONS as LANGUAGE_DIRECTIONS, detect_language, other_language
from workbench.memory import import_tmx
from workbench.store import ConflictError

MAX_BYTES = 2 * 1024 * 1024
"""The largest document accepted (2 MiB: a press release is a few KiB, a DOCX with photos more)."""

MEMORY_MAX_BYTES = 64 * 1024 * 1024
"""The largest translation memory accepted (64 MiB: about 150,000 TMX units of press-release sentences)."""

DOCUMENT_EXTENSIONS = tuple(IMPORT_EXTENSIONS)
MEMORY_EXTENSIONS = tuple(suffix for suffix, fmt in EXTENSIONS.items() if fmt == "tmx")
"""An upload with one of these goes into the translation memory, not into a document."""
ALLOWED_EXTENSIONS = DOCUMENT_EXTENSIONS + MEMORY_EXTENSIONS
DIRECTIONS = ("auto", "ru-zh", "zh-ru")


def human_size(size: int) -> str:
    """``2.0 MB``, ``512 KB``, ``12 B`` (binary multiples, as file managers show them)."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size // 1024} KB"
    return f"{size} B"


def check_upload(path: str | os.PathLike[str], name: str | None = None, max_bytes: int = MAX_BYTES) -> Path:
    """The upload's path, if its extension is allowed and it is small enough.

    Raises:
        UploadRejected: ``err_extension`` or ``err_too_large``.
    """
    upload = Path(path)
    shown = name or upload.name
    suffix = Path(shown).suffix.lower()
    if suffix not in ALLOWED_EXTENSIONS:
        raise UploadRejected("err_extension", name=shown, ext=suffix or "(no extension)",
                             allowed=", ".join(ALLOWED_EXTENSIONS))
    size = upload.stat().st_size
    if suffix in MEMORY_EXTENSIONS:
        max_bytes = max(max_bytes, MEMORY_MAX_BYTES)
    if size > max_bytes:
        raise UploadRejected("err_too_large", name=shown, size=human_size(size), limit=human_size(max_bytes))
    return upload


def split_direction(direction: str | None) -> tuple[str | None, str | None]:
    """``"ru-zh"`` → ``("ru", "zh")``; ``"auto"``/``None`` → ``(None, None)``."""
    if not direction or direction == "auto":
        return None, None
    if direction not in DIRECTIONS:
        raise InputError(f"unknown direction {direction!r}: expected one of {', '.join(DIRECTIONS)}")
    source, target = direction.split("-")
    return source, target


def detect_direction(text: str) -> str | None:
    """``"ru-zh"`` or ``"zh-ru"`` from the script of *text*; ``None`` when it cannot tell."""
    if not text or not text.strip():
        return None
    try:
        source = detect_language(text[:20000])
    except InputError:
        return None
    return f"{source}-{other_language(source)}"


@dataclass
class Imported:
    """What the import produced."""

    doc_id: int
    name: str
    count: int
    source_lang: str
    target_lang: str
    notices: list[str] = field(default_factory=list)


@dataclass
class MemoryImported:
    """A TMX upload added to the translation memory: :class:`workbench.memory.ImportReport`'s counts."""

    name: str
    units: int
    added: int
    present: int
    skipped: int


def import_memory(store, path: Path, shown: str, direction: str = "auto", user: str = "") -> MemoryImported:
    """A TMX upload into the memory: every ru–zh unit, in its own direction unless *direction* says one."""
    source_lang, target_lang = split_direction(direction)
    report = import_tmx(store, path, source_lang=source_lang, target_lang=target_lang, user=user, name=shown)
    for direction in LANGUAGE_DIRECTIONS:  # the editor's next lookup finds the keys of a grown direction ready
        if report.added.get("→".join(direction)):
            threading.Thread(target=store.prepare_tm, args=direction, daemon=True).start()
    return MemoryImported(shown, report.units, sum(report.added.values()), report.present, report.skipped)


def import_into(store, *, text: str = "", upload: str | None = None, upload_name: str | None = None,
                name: str = "", direction: str = "auto", user: str = "",
                max_bytes: int = MAX_BYTES) -> Imported | MemoryImported:
    """Import a pasted *text* or an *upload* (a file path) into *store*; a TMX upload goes into the
    translation memory (:class:`MemoryImported`).

    Raises:
        UploadRejected: nothing or both given, a refused extension or size.
        InputError, DocumentError: the document cannot be read (the message names the problem).
    """
    text = text or ""
    if upload and text.strip():
        raise UploadRejected("err_both")
    source_lang, target_lang = split_direction(direction)
    name = (name or "").strip()
    if upload:
        shown = upload_name or Path(upload).name
        path = check_upload(upload, shown, max_bytes)
        if path.suffix.lower() in MEMORY_EXTENSIONS or Path(shown).suffix.lower() in MEMORY_EXTENSIONS:
            return import_memory(store, path, Path(shown).name, direction, user)
        documents = import_documents(path.read_bytes(), name or Path(shown).name, source_lang=source_lang,
                                     target_lang=target_lang)
        document = documents[0]
        for other in documents[1:]:  # a multi-file XLIFF: the first one is opened, the others listed
            store_document(store, other, target_lang=target_lang, user=user)
    elif text.strip():
        data = text.encode("utf-8")
        if len(data) > max_bytes:
            raise UploadRejected("err_too_large", name=name or "text", size=human_size(len(data)),
                                 limit=human_size(max_bytes))
        document = import_document(data, name or _name_from_text(text), fmt="txt", source_lang=source_lang,
                                   target_lang=target_lang)
    else:
        raise UploadRejected("err_nothing")
    doc_id = store_document(store, document, target_lang=target_lang, user=user)
    info = store.get_document(doc_id)
    return Imported(doc_id, info.name, info.total, info.source_lang, info.target_lang, list(document.notices))


def _name_from_text(text: str) -> str:
    """A pasted text is named after its first line (at most 60 characters)."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "text")
    return first if len(first) <= 60 else first[:59].rstrip() + "…"


def mark_skip(store, seg_ids, *, skip: bool, user: str) -> tuple[int, int]:
    """Mark segments "not for translation" (``skip``) or bring them back; ``(changed, conflicts)``.

    Back in translation a segment becomes ``translated`` if it has a
    translator's text, else ``draft`` or ``new``. A segment someone changes at
    the same moment is left alone and counted as a conflict.
    """
    changed = conflicts = 0
    for seg_id in seg_ids:
        row = store.get_segment(int(seg_id))
        if skip:
            status = "skip"
        elif row.status != "skip":
            continue
        else:
            status = "translated" if row.target.strip() else ("draft" if row.draft else "new")
        if row.status == status:
            continue
        try:
            store.save_segment(row.id, row.target, status, row.version, user)
            changed += 1
        except ConflictError:
            conflicts += 1
    return changed, conflicts
