"""Only document files land on the server: Gradio's upload route checked in front of Gradio.

Gradio's ``/gradio_api/upload`` stores whatever a client posts (a logged-in
user, or anyone without ``--auth``) in its cache before any component sees
it; the upload box's ``file_types`` is a hint to the browser, not a check
(issue 23). :class:`UploadTypes` is an ASGI middleware that reads an upload's
multipart headers and refuses, with 415 and the file's name, any file whose
extension is not one the page's upload boxes accept — on every route that
stores uploads, the API's included. The request is held in memory only up
to the largest upload allowed (larger ones get 413 at once); each file is then
held to the limit of its kind (a document's, or a TMX memory's larger one).
"""

from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath

UPLOAD_ROUTES = ("/gradio_api/upload", "/upload")


def allowed_suffixes(blocks) -> tuple[str, ...]:
    """The extensions every interactive upload box of *blocks* accepts (lower case, with the dot)."""
    suffixes = set()
    for block in blocks.blocks.values():
        if getattr(block, "interactive", None) is not False and getattr(block, "file_types", None):
            suffixes.update(t.lower() for t in block.file_types if t.startswith("."))
    return tuple(sorted(suffixes))


def upload_file_names(body: bytes, content_type: str) -> list[str]:
    """The ``filename`` of every part of a multipart/form-data body."""
    from python_multipart.multipart import MultipartParser, parse_options_header

    kind, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        return []
    names: list[str] = []
    field = bytearray()
    value = bytearray()

    def on_header_field(data, start, end):
        field.extend(data[start:end])

    def on_header_value(data, start, end):
        value.extend(data[start:end])

    def on_header_end():
        if bytes(field).lower() == b"content-disposition":
            _, params = parse_options_header(bytes(value))
            if b"filename" in params:
                names.append(params[b"filename"].decode("utf-8", "replace"))
        field.clear()
        value.clear()

    parser = MultipartParser(boundary, {"on_header_field": on_header_field, "on_header_value": on_header_value,
                                        "on_header_end": on_header_end})
    parser.write(body)
    parser.finalize()
    return names


def _suffix(name: str) -> str:
    base = PureWindowsPath(name).name if "\\" in name else PurePosixPath(name).name
    return PurePosixPath(base).suffix.lower()


class UploadTypes:
    """ASGI middleware: uploads of other types than *allowed* are refused before Gradio stores them."""

    def __init__(self, app, allowed_from, max_bytes: int, limits: dict[str, int] | None = None):
        self.app = app
        self.allowed_from = allowed_from  # () -> tuple of suffixes, read when the first upload comes
        self.max_bytes = max_bytes
        self.limits = limits or {}  # a larger limit for some suffixes (a TMX memory)
        self.largest = max([max_bytes, *self.limits.values()])

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "POST" or not scope["path"].rstrip("/").endswith(
                UPLOAD_ROUTES):
            await self.app(scope, receive, send)
            return
        messages, body, size = [], bytearray(), 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            body.extend(message.get("body", b""))
            size += len(message.get("body", b""))
            if size > self.largest + 64 * 1024:  # the form's own bytes beside the file
                await _refuse(send, 413, f"the upload is larger than the {self.largest} bytes allowed")
                return
            if not message.get("more_body", False):
                break
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        allowed = self.allowed_from()
        names = upload_file_names(bytes(body), headers.get("content-type", ""))
        refused = [n for n in names if _suffix(n) not in allowed]
        if refused:
            await _refuse(send, 415, f"{refused[0]}: only {', '.join(allowed)} files can be uploaded")
            return
        too_large = [n for n in names if size > self.limits.get(_suffix(n), self.max_bytes) + 64 * 1024]
        if too_large:
            limit = self.limits.get(_suffix(too_large[0]), self.max_bytes)
            await _refuse(send, 413, f"{too_large[0]}: larger than the {limit} bytes allowed")
            return
        await self.app(scope, _replay(messages, receive), send)


def _replay(messages, receive):
    """A ``receive`` that gives the buffered messages, then the server's own (a disconnect, when it comes)."""
    pending = list(messages)

    async def replayed():
        return pending.pop(0) if pending else await receive()

    return replayed


async def _refuse(send, status: int, message: str) -> None:
    body = message.encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
