"""The model tab: "Adapt the model to approved segments", its progress and scores, and rollback.

Wiring only; the job is :class:`workbench.ui.adapting.AdaptManager`. The tab polls the
job with its own timer, so the progress shows while the translator works in the
other tabs.
"""

from __future__ import annotations

import time
from pathlib import Path

import gradio as gr

from workbench.ui import i18n
from workbench.ui.adapting import AdaptManager

POLL_SECONDS = 1.5
DIRECTIONS = [("ru → zh", "ru-zh"), ("zh → ru", "zh-ru")]


def add_adapt_tab(layout, t, manager: AdaptManager) -> None:
    """The tab inside the app's ``gr.Tabs`` (*layout*: the app's ``_Layout``; *t*: English labels)."""
    tab = _AdaptTab(layout, manager)
    with gr.Tab(t("tab_adapt"), id="adapt") as component:
        layout.label(component, "tab_adapt")
        tab.build(t)
    tab.wire()


def _split(direction: str) -> tuple[str, str]:
    source_lang, target_lang = (direction or "ru-zh").split("-")
    return source_lang, target_lang


def _scores(info: dict) -> dict:
    chrf = info.get("chrf", {})
    return {"hb": chrf.get("held_out", {}).get("before"), "ha": chrf.get("held_out", {}).get("after"),
            "gb": chrf.get("general", {}).get("before"), "ga": chrf.get("general", {}).get("after")}


def current_text(manager: AdaptManager, lang: str, direction: str) -> str:
    """Which model the direction drafts with now (with its scores when it is an adapted version)."""
    source_lang, target_lang = _split(direction)
    model, info = manager.current(source_lang, target_lang)
    name = i18n.direction_name(lang, source_lang, target_lang)
    if info:
        return i18n.text(lang, "adapt_current_version", direction=name, model=Path(model).name, **_scores(info))
    return i18n.text(lang, "adapt_current", direction=name, model=Path(model).name if "/" in model else model)


def job_text(manager: AdaptManager, lang: str) -> str:
    """The job's progress, or its outcome with the before/after scores."""
    job = manager.job
    if job is None:
        return ""
    name = i18n.direction_name(lang, job.source_lang, job.target_lang)
    minutes = f"{((job.card or {}).get('minutes') or 0):.1f}"
    if job.state == "running":
        return i18n.text(lang, "adapt_running", direction=name, stage=i18n.text(lang, f"adapt_stage_{job.stage}"),
                         done=job.done, total=job.total or "?", minutes=f"{(time.time() - job.started) / 60:.1f}")
    if job.state == "failed":
        return i18n.text(lang, "adapt_failed", error=job.error)
    if job.made_default:
        return i18n.text(lang, "adapt_done_default", minutes=minutes, name=job.card["name"], **_scores(job.card))
    return i18n.text(lang, "adapt_done_refused", minutes=minutes, reason=job.card["guard"]["reason"],
                     **_scores(job.card))


class _AdaptTab:
    def __init__(self, layout, manager: AdaptManager):
        self.layout, self.manager = layout, manager
        self.lang, self.label = layout.lang, layout.label

    def build(self, t) -> None:
        label = self.label
        label(gr.Markdown(f"### {t('adapt_heading')}"), "adapt_heading", "heading")
        label(gr.Markdown(t("adapt_explain")), "adapt_explain", "value")
        self.direction = label(gr.Radio(DIRECTIONS, value="ru-zh", label=t("adapt_direction"),
                                        elem_id="adapt-direction"), "adapt_direction")
        self.current = gr.Markdown("", elem_id="adapt-current")
        with gr.Row():
            self.start_btn = label(gr.Button(t("adapt_button"), variant="primary", elem_id="adapt-start"),
                                   "adapt_button", "value")
            self.rollback_btn = label(gr.Button(t("adapt_rollback"), elem_id="adapt-rollback"),
                                      "adapt_rollback", "value")
        self.status = gr.Markdown("", elem_id="adapt-status")
        # ticks once when the page opens (to show the model in use), then only while a job runs:
        # a timer ticking on every open page kept the queue busy enough that a reloaded page did
        # not render within 30 s
        self.timer = gr.Timer(POLL_SECONDS)

    def wire(self) -> None:
        manager = self.manager

        def show(lang, direction):
            return current_text(manager, lang, direction), job_text(manager, lang)

        def on_start(lang, direction):
            job = manager.job
            if job is not None and job.active:
                gr.Warning(i18n.text(lang, "adapt_busy"))
            else:
                manager.start(*_split(direction))
            return (*show(lang, direction), gr.Timer(active=True))

        def on_rollback(lang, direction):
            source_lang, target_lang = _split(direction)
            model = manager.rollback(source_lang, target_lang)
            name = Path(model).name if "/" in model else model
            message = i18n.text(lang, "adapt_rolled_back", model=name,
                                direction=i18n.direction_name(lang, source_lang, target_lang))
            return current_text(manager, lang, direction), message

        outputs = [self.current, self.status]
        self.direction.change(show, [self.lang, self.direction], outputs, api_visibility="private")
        self.start_btn.click(on_start, [self.lang, self.direction], [*outputs, self.timer], api_visibility="private")
        self.rollback_btn.click(on_rollback, [self.lang, self.direction], outputs, api_visibility="private")

        def on_tick(lang, direction, current_shown, status_shown):
            current = current_text(manager, lang, direction)
            status = job_text(manager, lang) if manager.job is not None else None  # keep a rollback's message
            running = manager.job is not None and manager.job.active
            return (current if current != current_shown else gr.skip(),
                    status if status is not None and status != status_shown else gr.skip(),
                    gr.skip() if running else gr.Timer(active=False))

        self.timer.tick(on_tick, [self.lang, self.direction, self.current, self.status], [*outputs, self.timer],
                        api_visibility="private", show_progress="hidden")
