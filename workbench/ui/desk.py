"""The translator's desk: the segment grid (filter by status, search, the open segment highlighted) and the
documents' housekeeping (archive, restore, delete with confirmation, segments not for translation by number).

The functions here are plain: they take the store and return tables, lists and messages; :mod:`.app`
connects them to components. The grid is filtered on the server, so each row carries the segment's own
number (``#``): a click opens that segment whatever rows are shown.
"""

from __future__ import annotations

import re

from workbench.errors import NumbersError
from workbench.ui import i18n

GRID_FILTERS = ("all", "todo", "question", "new", "draft", "translated", "approved", "skip")
"""What the grid can show: every segment, those still to do (new, draft, translated), those with a
reviewer's open question, or one status."""

TODO = ("new", "draft", "translated")
HIGHLIGHT = "background-color: #fde68a; font-weight: 600"
"""The open segment's row in the grid (the glossary terms' yellow)."""

_RANGE = re.compile(r"^\s*(\d+)\s*(?:[-–—]\s*(\d+))?\s*$")


def filter_choices(lang: str) -> list[tuple[str, str]]:
    return [(i18n.text(lang, f"grid_{name}") if name in ("all", "todo", "question") else i18n.status_name(lang, name),
             name)
            for name in GRID_FILTERS]


def grid_rows(rows, status: str = "all", query: str = "", questions=frozenset()) -> list:
    """The segments the grid shows: those of *status* (a :data:`GRID_FILTERS` name; ``question``: the
    ids in *questions*) whose source, translation or draft contains *query* (case-insensitive)."""
    wanted = TODO if status == "todo" else (None if status in ("all", "question", "", None) else (status,))
    needle = (query or "").strip().casefold()
    return [r for r in rows if (wanted is None or r.status in wanted) and (status != "question" or r.id in questions)
            and (not needle or needle in r.source.casefold() or needle in r.target.casefold()
                 or needle in r.draft.casefold())]


def segments_table(store, doc_id, lang: str, status: str = "all", query: str = "", current: int | None = None):
    """The grid: ``#``, status, source, translation (the draft in brackets when there is none yet),
    the open segment's row highlighted (a pandas ``Styler``, which ``gr.Dataframe`` renders)."""
    import pandas as pd

    columns = [i18n.text(lang, k) for k in ("col_pos", "col_status", "col_source", "col_target")]
    questions = store.open_questions(int(doc_id)) if doc_id else set()
    rows = grid_rows(store.segments(int(doc_id)), status, query, questions) if doc_id else []
    frame = pd.DataFrame([[r.position + 1, ("❓ " if r.id in questions else "") + i18n.status_name(lang, r.status),
                           r.source,
                           r.target or (f"[{r.draft}]" if r.draft else "")] for r in rows], columns=columns)
    ids = [r.id for r in rows]
    if current not in ids:
        return frame
    marked = ids.index(current)
    return frame.style.apply(lambda row: [HIGHLIGHT if row.name == marked else ""] * len(row), axis=1)


def parse_numbers(text: str, total: int) -> list[int]:
    """Segment numbers as a translator writes them, ``3, 7-9`` → ``[3, 7, 8, 9]`` (1-based, sorted).

    Raises:
        NumbersError: anything else, or a number outside 1..*total*.
    """
    numbers: set[int] = set()
    for part in re.split(r"[,;\s]+(?=\d)", (text or "").strip()):
        match = _RANGE.match(part)
        if not match:
            raise NumbersError(text, total)
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if not 1 <= first <= last <= total:
            raise NumbersError(text, total)
        numbers.update(range(first, last + 1))
    return sorted(numbers)


def format_numbers(numbers) -> str:
    """``[3, 7, 8, 9]`` → ``3, 7-9``."""
    parts, numbers = [], sorted(numbers)
    start = previous = None
    for number in numbers + [None]:
        if start is not None and number == previous + 1:
            previous = number
            continue
        if start is not None:
            parts.append(str(start) if start == previous else f"{start}-{previous}")
        start = previous = number
    return ", ".join(parts)


def skipped_line(store, doc_id, lang: str) -> str:
    """Which segments are not for translation now, by number."""
    if not doc_id:
        return ""
    numbers = [r.position + 1 for r in store.segments(int(doc_id)) if r.status == "skip"]
    return i18n.text(lang, "skip_now", numbers=format_numbers(numbers)) if numbers else i18n.text(lang, "skip_none")


def documents_table(store, lang: str, show_archived: bool = False, undrafted=None):
    """The documents list: id, name (archived ones marked, and shown only on request), direction,
    approved, drafts."""
    import pandas as pd

    columns = [i18n.text(lang, k) for k in ("col_id", "col_name", "col_direction", "col_progress", "col_drafts")]
    rows = []
    for d in store.list_documents(None if show_archived else False):
        drafted = d.total - (undrafted(d.id) if undrafted else 0)
        name = f"{d.name} ({i18n.text(lang, 'archived_mark')})" if d.archived else d.name
        rows.append([d.id, name, i18n.direction_name(lang, d.source_lang, d.target_lang),
                     f"{d.approved}/{d.total}", f"{drafted}/{d.total}"])
    return pd.DataFrame(rows, columns=columns)


def document_choices(store, lang: str, show_archived: bool = False, keep=None) -> list[tuple[str, int]]:
    """The document picker: active documents (and archived ones on request, or the one open now)."""
    choices = []
    for d in store.list_documents():
        if d.archived and not show_archived and d.id != keep:
            continue
        mark = f", {i18n.text(lang, 'archived_mark')}" if d.archived else ""
        choices.append((f"{d.id} · {d.name} ({i18n.direction_name(lang, d.source_lang, d.target_lang)}{mark})", d.id))
    return choices


def latest_document(store) -> int | None:
    """The newest document that is not archived (the one a page opens on)."""
    documents = store.list_documents(archived=False)
    return documents[-1].id if documents else None
