"""Downloads: a stored document rendered into a file of its own temporary folder.

The file is named after the document (characters that are unsafe in a file
name replaced) with the target language and the format's usual extension, e.g.
``heihe-delegation.zh.docx``; Gradio then serves it from its cache. The folders
live in one temporary folder of the process, removed when it exits; a folder
older than :data:`KEEP_SECONDS` goes at the next export (Gradio copied its file
long before), so a server that runs for months does not fill the disk.
"""

from __future__ import annotations

import atexit
import re
import shutil
import tempfile
import time
from pathlib import Path

from workbench.errors import InputError
from workbench.formats import (
    EXPORT_SUFFIXES, EXTENSIONS as KNOWN_SUFFIXES, FORMATS as EXPORT_FORMATS, render_document,
)
from workbench.formats.unreviewed import DEFAULT, MONOLINGUAL, label, summarise
from workbench.ui import i18n

EXTENSIONS = {fmt: suffix.lstrip(".") for fmt, suffix in EXPORT_SUFFIXES.items()}

# Letters of any script, digits, and - _ . stay; everything else (slashes, quotes, spaces) becomes "_".
_UNSAFE = re.compile(r"[^\w.\-]+")
#: How long an export's folder is kept: Gradio copies the file into its cache when the handler returns.
KEEP_SECONDS = 3600
_root: Path | None = None


def export_folder() -> Path:
    """A fresh folder for one export, in the process's export folder; older exports are removed."""
    global _root
    if _root is None or not _root.is_dir():
        _root = Path(tempfile.mkdtemp(prefix="workbench-exports-"))
        atexit.register(shutil.rmtree, _root, True)
    cutoff = time.time() - KEEP_SECONDS
    for old in _root.iterdir():
        try:
            if old.stat().st_mtime < cutoff:
                shutil.rmtree(old, ignore_errors=True)
        except FileNotFoundError:
            pass
    return Path(tempfile.mkdtemp(dir=_root))


def export_filename(name: str, target_lang: str, fmt: str) -> str:
    """``"Визит делегации.txt"`` → ``"Визит_делегации.zh.docx"`` (never a path, never hidden)."""
    stem = Path(name).stem if Path(name).suffix.lower() in KNOWN_SUFFIXES else name
    stem = _UNSAFE.sub("_", stem).strip("._") or "document"
    return f"{stem[:80]}.{target_lang}.{EXTENSIONS[fmt]}"


def export_to_file(store, doc_id: int, fmt: str, unreviewed: str | None = None) -> Path:
    """Render document *doc_id* as *fmt* into a fresh temporary folder; returns the file's path.

    *unreviewed* is the choice for segments not approved (txt, md, docx only;
    see :mod:`workbench.formats.unreviewed`): the download button offers the
    same choices as ``workbench export --unreviewed``, with the same default.

    Raises:
        InputError: an unknown format. DocumentError: no such document.
        UnreviewedSegmentsError: ``refuse`` and a segment is not approved.
    """
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown export format {fmt!r}: expected one of {', '.join(EXPORT_FORMATS)}")
    info = store.get_document(doc_id)
    data = render_document(store, doc_id, fmt, unreviewed)
    folder = export_folder()
    path = folder / export_filename(info.name, info.target_lang, fmt)
    if fmt == "xliff" and store.document_extra(doc_id).get("xliff", {}).get("dialect") == "sdlxliff":
        path = path.with_suffix(".sdlxliff")  # Trados opens its files by their extension
    path.write_bytes(data)
    return path


def unreviewed_choice(fmt: str, choice: str | None) -> str | None:
    """The choice to pass for *fmt*: the picked one for txt, md, docx; none for the formats with states."""
    return (choice or DEFAULT) if fmt in MONOLINGUAL else None


def export_message(lang: str, store, doc_id: int, fmt: str, choice: str | None) -> str:
    """What the export wrote, in the interface language: how many segments are approved, and the rest."""
    info = store.get_document(doc_id)
    summary = summarise(store, doc_id, choice)
    values = {"name": info.name, "fmt": fmt, "total": summary.total, "approved": summary.approved,
              "pending": summary.pending}
    if not summary.pending:
        return i18n.text(lang, "export_complete", **values)
    if fmt == "tmx":
        return i18n.text(lang, "export_pending_tmx", **values)
    if choice is None:
        return i18n.text(lang, "export_pending_states", **values)
    if choice == "mark":
        return i18n.text(lang, "export_pending_mark", label_translated=label("translated", info.target_lang),
                         label_draft=label("draft", info.target_lang), **values)
    return i18n.text(lang, "export_pending_source", label=label("source", info.target_lang), **values)
