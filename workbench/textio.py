"""Reading user text files safely and writing results atomically.

Everything a user can get wrong about an input file — it is missing, empty,
binary, in a legacy encoding, or HTML rather than plain text — becomes an
:class:`~workbench.errors.InputError` (or :class:`~workbench.errors.DocumentError`
for markup) whose message names the file, and the line where that helps.

``-`` as a path means standard input (for reading) or standard output (for
writing).
"""

from __future__ import annotations

import codecs
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Iterable

from .errors import DocumentError, InputError, WorkbenchError
from .languages import cyrillic_share, han_share

STDIO = "-"
"""The path that means standard input / standard output."""

_SNIFF_BYTES = 8192
"""How much of a file the binary check looks at."""

_MAX_CONTROL_SHARE = 0.10
"""More control bytes than this share of the sniffed bytes means binary."""

# Bytes that never appear in text: C0 controls other than \t \n \v \f \r and
# ESC (ANSI colour codes in captured logs), and DEL.
_CONTROL_BYTES = frozenset(set(range(0x00, 0x09)) | set(range(0x0E, 0x1B)) | set(range(0x1C, 0x20)) | {0x7F})

# Signatures of common binary files users mistake for text.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive — a .docx or .odt? save it as plain text"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document — save it as plain text"),
    (b"{\\rtf", "an RTF document — save it as plain text"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _display_name(path: str | os.PathLike[str]) -> str:
    return "<stdin>" if str(path) == STDIO else str(path)


def _read_bytes(path: str | os.PathLike[str]) -> bytes:
    name = _display_name(path)
    if str(path) == STDIO:
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:  # a text-only replacement of sys.stdin (tests, IDEs)
            return sys.stdin.read().encode("utf-8")
        return stream.read()
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory, not a file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None


def _looks_binary(data: bytes) -> str | None:
    """``None`` for text, else a reason (possibly empty) why *data* is binary."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    head = data[:_SNIFF_BYTES]
    if not head:
        return None
    if b"\x00" in head:
        return ""
    controls = sum(1 for byte in head if byte in _CONTROL_BYTES)
    if controls / len(head) > _MAX_CONTROL_SHARE:
        return ""
    return None


def _line_and_column(data: bytes, position: int, encoding: str) -> tuple[int, int]:
    """1-based line and column (in characters) of byte *position* in *data*."""
    prefix = data[:position].decode(encoding, errors="replace")
    prefix = prefix.replace("\r\n", "\n").replace("\r", "\n")
    line = prefix.count("\n") + 1
    column = len(prefix) - (prefix.rfind("\n") + 1) + 1
    return line, column


def _case_consistency(text: str) -> float:
    """Share of Cyrillic words written lower, Capitalised or UPPER case.

    Real Russian is nearly all such words; Chinese bytes misread as cp1251
    give a random mix of cases (``ЦРЙъ``).
    """
    words = re.findall(r"[А-Яа-яЁё]{2,}", text)
    if not words:
        return 0.0
    good = sum(1 for w in words if w.islower() or w.isupper() or (w[0].isupper() and w[1:].islower()))
    return good / len(words)


def _gb_common_share(data: bytes) -> float:
    """Share of GB two-byte characters in GB2312 level 1 (the 3,755 common ones).

    Chinese text is mostly level-1 characters (lead bytes B0–D7); Russian
    cp1251 bytes misread as GB18030 are mostly rare ones (lowercase Cyrillic is
    E0–FF in cp1251).
    """
    common = total = 0
    i, n = 0, len(data)
    while i < n:
        byte = data[i]
        if byte < 0x80:
            i += 1
            continue
        if i + 1 < n and 0x30 <= data[i + 1] <= 0x39:  # a four-byte sequence
            total += 1
            i += 4
            continue
        total += 1
        if 0xB0 <= byte <= 0xD7:
            common += 1
        i += 2
    return common / total if total else 0.0


def guess_legacy_encoding(data: bytes) -> str | None:
    """``"cp1251"`` or ``"gb18030"`` when *data* is plainly Russian or Chinese in it.

    Both decodings succeed on most byte strings, so each candidate must also
    look like real text: cp1251 must give mostly Cyrillic with normal
    capitalisation, gb18030 mostly Han with mostly common characters. ``None``
    when neither or both fit.
    """
    candidates = []
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        pass
    else:
        if cyrillic_share(text) >= 0.6 and _case_consistency(text) >= 0.85:
            candidates.append("cp1251")
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        if han_share(text) >= 0.6 and _gb_common_share(data) >= 0.6:
            candidates.append("gb18030")
    return candidates[0] if len(candidates) == 1 else None


def _decode_utf8(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bom = 3 if data.startswith(codecs.BOM_UTF8) else 0
        line, column = _line_and_column(data[bom:], exc.start - bom, "utf-8")
        where = f"{name}:{line}: not valid UTF-8 (byte 0x{data[exc.start]:02X} at column {column}); "
        guess = guess_legacy_encoding(data)
        if guess == "cp1251":
            hint = "it looks like cp1251 (Windows Cyrillic): pass --encoding cp1251"
        elif guess == "gb18030":
            hint = "it looks like GB18030 (Chinese): pass --encoding gb18030"
        else:
            hint = "if the file is cp1251 or gb18030, pass --encoding cp1251 or --encoding gb18030"
        raise InputError(where + hint) from None


def _decode_with(data: bytes, encoding: str, name: str) -> str:
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"{name}: unknown encoding {encoding!r} (try utf-8, cp1251 or gb18030)") from None
    if codec.name == "utf-8":
        codec = codecs.lookup("utf-8-sig")
    try:
        return data.decode(codec.name)
    except UnicodeDecodeError as exc:
        line, column = _line_and_column(data, exc.start, codec.name)
        raise InputError(
            f"{name}:{line}: not valid {encoding} (byte 0x{data[exc.start]:02X} at column {column})"
        ) from None


def read_text(
    path: str | os.PathLike[str],
    encoding: str | None = None,
    *,
    allow_empty: bool = True,
) -> str:
    """Read a user's text file and return it with ``\\n`` line endings.

    Args:
        path: the file, or ``"-"`` for standard input.
        encoding: decode with this codec. ``None`` (the default) means UTF-8,
            with a byte-order mark stripped; a UTF-16/32 file with a BOM is
            also accepted.
        allow_empty: when false, a file with nothing but whitespace is an error.

    Raises:
        InputError: the file is missing, unreadable, binary, not valid in the
            encoding (the message gives file, line and column, and suggests
            ``--encoding cp1251`` or ``--encoding gb18030`` when the bytes look
            like one of them), or empty when *allow_empty* is false.
    """
    name = _display_name(path)
    data = _read_bytes(path)

    wide = None if encoding else next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    explicit = codecs.lookup(encoding).name if encoding and _known(encoding) else ""
    if wide is None and not explicit.startswith(("utf-16", "utf-32")):
        reason = _looks_binary(data)
        if reason is not None:
            raise InputError(f"{name}: looks like a binary file, not text" + (f" ({reason})" if reason else ""))

    if encoding:
        text = _decode_with(data, encoding, name)
    elif wide:
        text = _decode_with(data, wide, name)
    else:
        text = _decode_utf8(data, name)

    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not allow_empty and not text.strip():
        raise InputError(f"{name}: file is empty")
    return text


def _known(encoding: str) -> bool:
    try:
        codecs.lookup(encoding)
    except LookupError:
        return False
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text_atomic(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """Write *text* to *path* so that readers see the old file or the new one, never half.

    The text goes to a temporary file in the same directory, is flushed and
    fsynced, then renamed over *path* with :func:`os.replace`. An existing
    file's permissions are kept; a new file gets the usual ``0666 & ~umask``.
    ``"-"`` writes to standard output instead. Line endings are written as
    given (``\\n``).

    Raises:
        WorkbenchError: the directory does not exist or is not writable.
    """
    if str(path) == STDIO:
        sys.stdout.flush()
        stream = getattr(sys.stdout, "buffer", None)
        if stream is None:
            sys.stdout.write(text)
        else:
            stream.write(text.encode(encoding))
            stream.flush()
        return

    write_bytes_atomic(path, text.encode(encoding))


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes | Iterable[bytes]) -> None:
    """Write *data* to *path* through a temporary file and :func:`os.replace` (see
    :func:`write_text_atomic`): readers see the old file or the new one, never half.

    *data* may be an iterable of chunks, written as they come: a large file
    (a report over thousands of documents) is never whole in memory.

    Raises:
        WorkbenchError: the directory does not exist or is not writable.
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        mode = os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    except OSError:
        mode = 0o644
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            for chunk in [data] if isinstance(data, (bytes, bytearray)) else data:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise WorkbenchError(f"{path}: cannot write: {exc.strerror or exc}") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    try:  # make the rename itself durable; not possible everywhere
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def remove_stale_temporaries(path: str | os.PathLike[str]) -> int:
    """Remove the temporary files a writer of *path* killed mid-write left beside it; how many.

    :func:`write_bytes_atomic` never leaves a half *path*, but a process killed
    (SIGKILL) between the temporary file and the rename leaves the temporary
    file. Call it only where no other writer of *path* can be at work (a
    document's retry: the attempt that was killed is gone).
    """
    target = Path(path)
    removed = 0
    for stale in target.parent.glob(f".{target.name}.*.tmp"):
        try:
            stale.unlink()
            removed += 1
        except OSError:
            pass
    return removed


# --- markup ---------------------------------------------------------------

_HTML_TAGS = frozenset(
    """a abbr address article aside audio b base bdi bdo blockquote body br button
    canvas caption center cite code col colgroup dd del details dfn dialog div dl dt em
    embed fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 head header hr
    html i iframe img input ins kbd label legend li link main mark meta nav noscript
    object ol optgroup option output p param picture pre q s samp script section select
    small source span strike strong style sub summary sup svg table tbody td template
    textarea tfoot th thead time title tr track tt u ul var video wbr""".split()
)

# <name ...>, </name>, <name/>; the attribute part may not contain < or >.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:_.-]*)((?:\s[^<>]{0,2000}|/)?)>")
_ATTRIBUTES = re.compile(
    r"""(?:\s+[A-Za-z_:][\w:.-]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*/?"""
)
_VALUED_ATTRIBUTE = re.compile(r"""[A-Za-z_:][\w:.-]*\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+)""")
_BOOLEAN_ATTRIBUTES = frozenset(
    "allowfullscreen async autofocus autoplay checked controls default defer disabled hidden "
    "ismap loop multiple muted nomodule novalidate open readonly required reversed selected".split()
)
_DECLARATION = re.compile(r"<!DOCTYPE\s|<!--|<\?xml[\s?]|<!\[CDATA\[", re.IGNORECASE)


def _is_tag(closing: str, name: str, rest: str, opened: set[str], closed: set[str]) -> bool:
    lower = name.lower()
    if rest.strip() in ("", "/"):
        if closing:
            return lower in _HTML_TAGS or lower in opened
        return lower in _HTML_TAGS or lower in closed
    if closing or not _ATTRIBUTES.fullmatch(rest):
        return False
    if _VALUED_ATTRIBUTE.search(rest):
        return True
    names = rest.replace("/", " ").split()
    return lower in _HTML_TAGS and all(n.lower() in _BOOLEAN_ATTRIBUTES for n in names)


def find_markup(text: str) -> tuple[int, str] | None:
    """``(line, tag)`` of the first HTML/XML tag in *text*, or ``None``.

    Counted as markup: a known HTML element (``<p>``, ``</span>``, ``<br/>``,
    ``<div class="x">``, ``<input disabled>``), any tag with ``name="value"``
    attributes, a pair ``<x>`` … ``</x>`` of any name (XML), and
    ``<!DOCTYPE``, ``<!--``, ``<?xml``, ``<![CDATA[``. Not markup:
    comparisons (``a < b``, ``x<y``, ``a<b and b>c``), ``<<`` and ``>>``, a
    lone ``<T>``, angle brackets around Cyrillic or Chinese (``<Название>``).
    """
    if "<" not in text:
        return None
    found: list[tuple[int, str]] = []
    match = _DECLARATION.search(text)
    if match:
        found.append((match.start(), match.group(0).strip()))
    opened = {m.lower() for m in re.findall(r"<([A-Za-z][A-Za-z0-9:_.-]*)[\s/>]", text)}
    closed = {m.lower() for m in re.findall(r"</([A-Za-z][A-Za-z0-9:_.-]*)\s*>", text)}
    for match in _TAG.finditer(text):
        if _is_tag(*match.groups(), opened, closed):
            found.append((match.start(), match.group(0)))
            break
    if not found:
        return None
    start, tag = min(found)
    if len(tag) > 40:
        tag = tag[:37] + "..."
    return text.count("\n", 0, start) + 1, tag


def detect_markup(text: str) -> int | None:
    """1-based line number of the first HTML/XML tag in *text*, or ``None``.

    See :func:`find_markup` for what counts as a tag.
    """
    found = find_markup(text)
    return found[0] if found else None


def refuse_markup(text: str, path: str | os.PathLike[str]) -> None:
    """Raise :class:`DocumentError` if *text* (read from *path*) looks like HTML.

    The workbench translates plain text; refusing is clearer than guessing
    which tags carry text.
    """
    found = find_markup(text)
    if found:
        line, tag = found
        raise DocumentError(
            f"{_display_name(path)}:{line}: input looks like HTML ({tag}); the workbench translates "
            "plain text — convert it first, e.g. with `pandoc -t plain`"
        )
