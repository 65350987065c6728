"""What the screens show, as text and tables: memory scores, QA findings, a segment's history, a
document's progress, the pickers' choices; and :class:`EditorView`, the segment editor's outputs by name."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

import gradio as gr

from workbench.formats.unreviewed import CHOICES as UNREVIEWED_CHOICES
from workbench.store import STATUSES
from workbench.ui import i18n
from workbench.ui.drafting import count_undrafted
from workbench.ui.notices import hide_paths
from workbench.ui.qa_text import finding_text
from workbench.ui.users import display_user


@dataclass
class EditorView:
    """The segment editor's outputs, by name; :meth:`values` gives them in the order of the components
    (``_Layout.seg_outputs``). A field left at its default leaves its component as it is."""

    cur: Any = field(default_factory=gr.skip)  # {"doc_id", "seg_id", "version", "position", "loaded"}
    number: Any = field(default_factory=gr.skip)
    source: Any = field(default_factory=gr.skip)
    terms: Any = field(default_factory=gr.skip)
    draft: Any = field(default_factory=gr.skip)
    target: Any = field(default_factory=gr.skip)
    status: Any = field(default_factory=gr.skip)
    qa: Any = field(default_factory=gr.skip)
    tm: Any = field(default_factory=gr.skip)
    alternatives: Any = field(default_factory=gr.skip)
    history: Any = field(default_factory=gr.skip)
    comments: Any = field(default_factory=gr.skip)
    conflict_panel: Any = field(default_factory=gr.skip)
    message: Any = field(default_factory=gr.skip)

    def values(self) -> list:
        return [getattr(self, f.name) for f in fields(self)]


def bold(text: str, needle: str) -> str:
    """*text* as Markdown-safe text with each occurrence of *needle* (any case) in bold."""
    import re

    def escape(part: str) -> str:
        return re.sub(r"([\\`*_{}\[\]<>()#+\-.!|~])", r"\\\1", part)

    pieces, position = [], 0
    for match in re.finditer(re.escape(needle), text, flags=re.IGNORECASE):
        pieces.append(escape(text[position:match.start()]) + "**" + escape(match.group()) + "**")
        position = match.end()
    return "".join(pieces) + escape(text[position:])


def tm_score_text(lang: str, match: dict) -> str:
    """«exact», «83.3%» or «83.3%, numbers put in 🔧» (terms, numbers and terms) in the interface language."""
    if match["exact"]:
        return i18n.text(lang, "tm_exact")
    if not match["repaired"]:
        return i18n.text(lang, "tm_fuzzy", score=match["score"])
    what = i18n.text(lang, "repaired_" + "_".join(sorted(match["repaired"])))
    return i18n.text(lang, "tm_repaired", score=match["score"], what=what)


def qa_message(lang: str, finding) -> str:
    return finding_text(lang, finding)


# --- tables -------------------------------------------------------------------


def history_table(wb, seg_id: int, lang: str):
    import pandas as pd

    columns = [i18n.text(lang, k) for k in ("col_version", "col_action", "col_status", "col_target",
                                             "col_user", "col_at")]
    rows = [[h["version"], i18n.action_name(lang, h["action"]), i18n.status_name(lang, h["status"]), h["target"],
             display_user(lang, h["user"]) if h["action"] != "draft" else i18n.text(lang, "action_draft"),
             i18n.local_time(lang, h["at"])]
            for h in wb.review.history(seg_id)]
    return pd.DataFrame(rows, columns=columns)


def progress_text(wb, doc_id: int | None, lang: str) -> str:
    if not doc_id:
        return ""
    info = wb.store.get_document(doc_id)
    drafted = info.total - count_undrafted(wb.store, doc_id)
    line = i18n.text(lang, "progress", approved=info.approved, total=info.total, translated=info.translated,
                     drafted=drafted, skipped=info.skipped)
    job = wb.drafting.job(doc_id)
    if job is not None:
        state = {"loading": "drafting_loading", "running": "drafting_running", "done": "drafting_done",
                 "failed": "drafting_failed"}[job.state]
        line += "  \n" + i18n.text(lang, state, done=job.done, total=job.total, error=hide_paths(job.error))
    return line


def status_choices(lang: str) -> list[tuple[str, str]]:
    return [(i18n.status_name(lang, s), s) for s in STATUSES]


def unreviewed_choices(lang: str) -> list[tuple[str, str]]:
    """What an export may do with segments not approved (:data:`workbench.formats.unreviewed.CHOICES`)."""
    return [(i18n.text(lang, f"unreviewed_{choice}"), choice) for choice in UNREVIEWED_CHOICES]


def direction_choices(lang: str) -> list[tuple[str, str]]:
    return [(i18n.text(lang, "direction_auto"), "auto"), (i18n.text(lang, "direction_ru_zh"), "ru-zh"),
            (i18n.text(lang, "direction_zh_ru"), "zh-ru")]
