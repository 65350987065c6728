"""Optional login for the review workbench: a password file of PBKDF2 hashes.

One line per translator, ``user:pbkdf2_sha256$iterations$salt$hash`` (salt and
hash in hex), optionally followed by ``:reviewer`` or ``:translator`` (the
default), the user's role (:data:`ROLES`); blank lines and ``#`` comments are
ignored. When any line names a role, only reviewers approve segments; a file
without roles leaves approval to everyone, as before roles existed. Passwords are hashed
with :func:`hashlib.pbkdf2_hmac` (SHA-256, as Django's default hasher, with
:data:`ITERATIONS` rounds — OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256
is 600,000) and compared with :func:`hmac.compare_digest`, so a wrong password
takes as long as a right one.

Create an entry with ``workbench serve --hash-password USER`` or
``python -m workbench.ui.auth USER`` (the password is asked for, or read from
stdin when it is not a terminal) and append the printed line to the file.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import sys
from pathlib import Path

from workbench.errors import InputError

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 600_000
ROLES = ("translator", "reviewer")


def hash_password(password: str, *, iterations: int = ITERATIONS, salt: bytes | None = None) -> str:
    """``pbkdf2_sha256$iterations$salt$hash`` for *password* (a fresh random salt by default)."""
    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return f"{ALGORITHM}${iterations}${salt.hex()}${digest.hex()}"


def verify_password(password: str, encoded: str) -> bool:
    """Whether *password* matches an encoded hash (constant-time comparison; False if malformed)."""
    try:
        algorithm, iterations, salt, expected = encoded.split("$")
        rounds = int(iterations)
        salt_bytes, expected_bytes = bytes.fromhex(salt), bytes.fromhex(expected)
    except ValueError:
        return False
    if algorithm != ALGORITHM or rounds < 1:
        return False
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt_bytes, rounds)
    return hmac.compare_digest(digest, expected_bytes)


def read_password_file(path: str | os.PathLike[str]) -> dict[str, str]:
    """``{user: encoded hash}`` from a password file.

    Raises:
        InputError: the file cannot be read, or a line is malformed (every bad line is listed).
    """
    return read_users(path)[0]


def read_users(path: str | os.PathLike[str]) -> tuple[dict[str, str], dict[str, str]]:
    """``({user: encoded hash}, {user: role named in the file})`` from a password file.

    Raises:
        InputError: the file cannot be read, or a line is malformed (every bad line is listed).
    """
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise InputError(f"{path}: cannot read the password file: {err.strerror or err}") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: the password file is not UTF-8") from None
    users: dict[str, str] = {}
    roles: dict[str, str] = {}
    problems = []
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        user, sep, rest = line.partition(":")
        encoded, _sep, role = rest.partition(":")
        parts = encoded.split("$")
        if not sep or not user.strip() or len(parts) != 4 or parts[0] != ALGORITHM or not parts[1].isdigit():
            problems.append(f"{path}:{number}: expected user:{ALGORITHM}$iterations$salt$hash[:role]")
        elif role and role.strip() not in ROLES:
            problems.append(f"{path}:{number}: unknown role {role.strip()!r} (expected {' or '.join(ROLES)})")
        elif user.strip() in users:
            problems.append(f"{path}:{number}: user {user.strip()!r} is listed twice")
        else:
            users[user.strip()] = encoded
            if role:
                roles[user.strip()] = role.strip()
    if problems:
        raise InputError("; ".join(problems))
    if not users:
        raise InputError(f"{path}: the password file has no users")
    return users, roles


FAILURES_BEFORE_PAUSE = 5
"""Wrong passwords in a row after which a user name is refused for a while without a check."""
PAUSE_SECONDS = (30.0, 900.0)
"""The first pause, doubled at each further wrong password, and its longest."""


class LoginLimiter:
    """Wrong passwords slow the guesser down, never the team.

    Twenty wrong logins in a row slowed every page: each costs a PBKDF2 hash,
    CPU taken from the drafting and the saves. After
    :data:`FAILURES_BEFORE_PAUSE` wrong passwords a user name is refused
    outright (no hash) for a pause that doubles with each further failure; a
    right password ends it. Only one hash is computed at a time, so guesses on
    many names at once take one core at most. Gradio gives the check no client
    address, so the count is per user name.
    """

    def __init__(self, clock=None):
        import threading
        import time

        self.clock = clock or time.monotonic
        self._failures: dict[str, int] = {}
        self._paused_until: dict[str, float] = {}
        self._lock = threading.Lock()
        self.hashing = threading.Lock()

    def paused(self, user: str) -> bool:
        with self._lock:
            return self.clock() < self._paused_until.get(user, 0.0)

    def record(self, user: str, ok: bool) -> None:
        with self._lock:
            if ok:
                self._failures.pop(user, None)
                self._paused_until.pop(user, None)
                return
            failures = self._failures[user] = self._failures.get(user, 0) + 1
            if failures >= FAILURES_BEFORE_PAUSE:
                first, longest = PAUSE_SECONDS
                pause = min(longest, first * 2 ** (failures - FAILURES_BEFORE_PAUSE))
                self._paused_until[user] = self.clock() + pause


class PasswordFile:
    """A login check for ``gr.Blocks.launch(auth=...)``: ``check(user, password) -> bool``."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        self.users, named = read_users(path)
        #: ``{user: role}`` when the file names roles (users without one are translators), else ``{}``
        self.roles = {user: named.get(user, "translator") for user in self.users} if named else {}
        # An unknown user still costs one hash, so timing does not tell which users exist.
        self._dummy = hash_password("", iterations=ITERATIONS, salt=b"\0" * 16)
        self.limiter = LoginLimiter()

    def __call__(self, user: str, password: str) -> bool:
        if self.limiter.paused(user):
            return False
        encoded = self.users.get(user)
        with self.limiter.hashing:
            ok = verify_password(password, encoded if encoded is not None else self._dummy) and encoded is not None
        self.limiter.record(user, ok)
        return ok


def password_line(user: str, password: str) -> str:
    """A password-file line for *user*.

    Raises:
        InputError: an empty user name or password, or a ``:`` in the name.
    """
    if not user or ":" in user or user != user.strip():
        raise InputError(f"invalid user name {user!r}: it must be non-empty, without ':' or surrounding spaces")
    if not password:
        raise InputError("the password is empty")
    return f"{user}:{hash_password(password)}"


def ask_password() -> str:
    """The password from the terminal (asked twice) or the first line of stdin."""
    import getpass

    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise InputError("the passwords differ")
    return first


def main(argv: list[str] | None = None) -> int:
    """``python -m workbench.ui.auth USER``: print a password-file line."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m workbench.ui.auth",
                                     description="Print a password-file line for the review workbench.")
    parser.add_argument("user")
    args = parser.parse_args(argv)
    try:
        print(password_line(args.user, ask_password()))
    except InputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
