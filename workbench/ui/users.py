"""Who is at the desk: the logged-in user (``--auth``), their role, and how the interface names them."""

from __future__ import annotations

from workbench.ui import i18n

DEFAULT_USER = "translator"
"""The name edits are recorded under without a login."""


def user_of(request: object) -> str:
    """The logged-in user (``--auth``), else :data:`DEFAULT_USER`."""
    return (getattr(request, "username", None) or DEFAULT_USER) if request is not None else DEFAULT_USER


def role_of(wb, request: object) -> str | None:
    """The user's role where the ``--auth`` file names roles (``translator`` or ``reviewer``), else ``None``
    (no roles: everyone approves)."""
    if not wb.roles:
        return None
    return wb.roles.get(user_of(request), "translator")


def signed_in(lang: str, wb, request) -> str:
    """«Signed in as li (reviewer)»: the role is named where the ``--auth`` file names roles."""
    user, role = display_user(lang, user_of(request)), role_of(wb, request)
    if role:
        return i18n.text(lang, "user_role", user=user, role=i18n.text(lang, f"role_{role}"))
    return i18n.text(lang, "user", user=user)


def display_user(lang: str, user: str) -> str:
    """A user as the interface names them: the login name; the default user and nobody in *lang*."""
    if not user:
        return i18n.text(lang, "someone")
    return i18n.text(lang, "default_user") if user == DEFAULT_USER else user
