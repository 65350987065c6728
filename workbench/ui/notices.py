"""How the workbench tells a translator that something was refused, in the interface language.

A user error (a wrong file, an empty approval, nothing selected) is part of
the work, not a fault of the server: it is shown where the translator acted
(a message line under the form, the form left as it was) or as a toast whose
title is in the interface language too, and it never writes a traceback to the
server's log (``print_exception=False``). Raising :class:`gr.Error` from an
event also marks every output of the event with a red "Error" badge, hiding
what the translator typed, so forms answer with a message line instead
(:func:`refused_line`).

Messages of errors raised below the UI name files by their full path (the CLI
wants them); :func:`hide_paths` keeps only the file names for the browser.
"""

from __future__ import annotations

import re

import gradio as gr

from workbench.ui import i18n

# An absolute POSIX or Windows path, up to the next space, quote or colon followed by a digit (file:line).
_PATH = re.compile(r"(?:[A-Za-z]:\\|/)(?:[^\s:'\"«»]+[/\\])+([^\s:'\"«»/\\]+)")


def hide_paths(text: str) -> str:
    """``/srv/wb/glossaries/heihe.po:42: msgstr is empty`` → ``heihe.po:42: msgstr is empty``."""
    return _PATH.sub(lambda m: m.group(1), text)


def error_text(lang: str, err: Exception) -> str:
    """A user error's message for the browser: translated when it has a key, without server paths."""
    key = getattr(err, "key", None)
    if key:
        return i18n.text(lang, key, **getattr(err, "values", {}))
    return hide_paths(str(err))


def refused_line(lang: str, err: Exception | str) -> str:
    """The message line of a refused action: ``⛔ message``."""
    return "⛔ " + (err if isinstance(err, str) else error_text(lang, err))


def refusal(lang: str, message: str) -> gr.Error:
    """A toast for a refused action (raise it): titled in *lang*, no traceback in the log."""
    return gr.Error(hide_paths(message), title=i18n.text(lang, "toast_error"), print_exception=False)


def warn(lang: str, message: str) -> None:
    """A warning toast (QA findings, a stale glossary entry) titled in *lang*."""
    gr.Warning(hide_paths(message), title=i18n.text(lang, "toast_warning"))


def api_error(err: Exception) -> gr.Error:
    """A user error of an API call: the message as it is (scripts want it whole), no traceback in the log."""
    return gr.Error(str(err), print_exception=False)
