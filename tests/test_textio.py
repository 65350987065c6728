"""Reading user files safely, writing atomically, refusing HTML."""

from __future__ import annotations

import io
import os
import stat
import sys

import pytest

from workbench.errors import DocumentError, InputError, WorkbenchError
from workbench.textio import (
    detect_markup,
    find_markup,
    guess_legacy_encoding,
    read_text,
    refuse_markup,
    write_text_atomic,
)

RU = (
    "Евгений Григорьев встретился с делегацией города Хэйхэ КНР\n\n"
    "26 марта с делегацией встретился глава города Якутска Евгений Григорьев. "
    "В приветственной речи глава города подчеркнул, что город Якутск глубоко ценит дружбу с городом Хэйхэ.\n"
)
ZH = (
    "雅库茨克市长会见黑河市代表团\n\n"
    "3月26日，雅库茨克市市长叶夫根尼·格里戈里耶夫会见了代表团。"
    "他在致辞中强调，雅库茨克市高度重视与黑河市的友谊，双方合作已有十五年以上。\n"
)


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- reading ----------------------------------------------------------------


def test_reads_utf8(tmp_path):
    path = write(tmp_path, "in.txt", RU.encode("utf-8"))
    assert read_text(path) == RU
    assert read_text(str(path)) == RU


def test_strips_utf8_bom(tmp_path):
    path = write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + RU.encode("utf-8"))
    text = read_text(path)
    assert text == RU and not text.startswith("\ufeff")
    assert read_text(path, encoding="utf-8") == RU


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_normalises_line_endings(tmp_path, newline):
    path = write(tmp_path, "crlf.txt", RU.replace("\n", newline).encode("utf-8"))
    assert read_text(path) == RU


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match=r"nope\.txt: no such file"):
        read_text(tmp_path / "nope.txt")


def test_directory(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        read_text(tmp_path)


def test_empty_file_allowed_by_default(tmp_path):
    path = write(tmp_path, "input.txt", b"")
    assert read_text(path) == ""


@pytest.mark.parametrize("data", [b"", b"  \n\r\n\t\n", b"\xef\xbb\xbf"])
def test_empty_file_refused_when_asked(tmp_path, data):
    path = write(tmp_path, "input.txt", data)
    with pytest.raises(InputError) as info:
        read_text(path, allow_empty=False)
    assert str(info.value) == f"{path}: file is empty"


def test_binary_file_with_nul(tmp_path):
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01" + bytes(range(256)) * 4
    path = write(tmp_path, "photo.jpg", jpeg)
    with pytest.raises(InputError) as info:
        read_text(path)
    assert str(info.value) == f"{path}: looks like a binary file, not text"


def test_binary_file_with_control_chars(tmp_path):
    data = bytes([0x01, 0x02, 0x03, 0x1A, 0x41]) * 200
    path = write(tmp_path, "blob.bin", data)
    with pytest.raises(InputError, match="looks like a binary file, not text"):
        read_text(path)


@pytest.mark.parametrize(
    "data, hint",
    [(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"), (b"PK\x03\x04\x14\x00\x06\x00", ".docx")],
)
def test_binary_documents_named(tmp_path, data, hint):
    path = write(tmp_path, "release.doc", data)
    with pytest.raises(InputError, match=rf"looks like a binary file, not text \(.*{hint}"):
        read_text(path)


def test_text_with_a_few_control_chars_is_text(tmp_path):
    path = write(tmp_path, "log.txt", ("Якутск \x1b[1mжирный\x1b[0m\f\n" * 5).encode("utf-8"))
    assert "Якутск" in read_text(path)


def test_cp1251_file_is_named_with_line_and_hint(tmp_path):
    path = write(tmp_path, "release.txt", b"ok line\n" + RU.encode("cp1251"))
    with pytest.raises(InputError) as info:
        read_text(path)
    message = str(info.value)
    assert message.startswith(f"{path}:2: not valid UTF-8 (byte 0xC5 at column 1); ")
    assert "pass --encoding cp1251" in message and "gb18030" not in message


def test_cp1251_decodes_with_encoding(tmp_path):
    path = write(tmp_path, "release.txt", RU.replace("\n", "\r\n").encode("cp1251"))
    assert read_text(path, encoding="cp1251") == RU


def test_column_counts_characters(tmp_path):
    path = write(tmp_path, "mixed.txt", "строка\nЯкутск ".encode("utf-8") + b"\xe0\xf2\n")
    with pytest.raises(InputError, match=r"mixed\.txt:2: not valid UTF-8 \(byte 0xE0 at column 8\)"):
        read_text(path)


def test_gb18030_file_is_named_with_line_and_hint(tmp_path):
    path = write(tmp_path, "news.txt", ZH.encode("gb18030"))
    with pytest.raises(InputError) as info:
        read_text(path)
    message = str(info.value)
    assert message.startswith(f"{path}:1: not valid UTF-8 (byte 0xD1 at column 1); ")
    assert "pass --encoding gb18030" in message and "cp1251" not in message


def test_gb18030_decodes_with_encoding(tmp_path):
    path = write(tmp_path, "news.txt", ZH.encode("gb18030"))
    assert read_text(path, encoding="gb18030") == ZH
    assert read_text(path, encoding="GB18030") == ZH


def test_undecidable_bytes_get_the_generic_hint(tmp_path):
    path = write(tmp_path, "odd.txt", b"abc \xff\xfe\xfd\x98 def")
    with pytest.raises(InputError) as info:
        read_text(path)
    assert str(info.value).endswith("if the file is cp1251 or gb18030, pass --encoding cp1251 or --encoding gb18030")


@pytest.mark.parametrize(
    "text, expected",
    [(RU, "cp1251"), (ZH, "gb18030"), ("Привет", "cp1251"), ("Hello", None)],
)
def test_guess_legacy_encoding(text, expected):
    assert guess_legacy_encoding(text.encode(expected or "ascii")) == expected


def test_wrong_explicit_encoding_names_file_and_line(tmp_path):
    path = write(tmp_path, "news.txt", b"line one\nline two \xff\n")
    with pytest.raises(InputError, match=r"news\.txt:2: not valid utf-8 \(byte 0xFF at column 10\)"):
        read_text(path, encoding="utf-8")


def test_unknown_encoding(tmp_path):
    path = write(tmp_path, "news.txt", b"abc")
    with pytest.raises(InputError, match=r"news\.txt: unknown encoding 'klingon'"):
        read_text(path, encoding="klingon")


def test_utf16_with_bom_is_read(tmp_path):
    path = write(tmp_path, "notepad.txt", RU.replace("\n", "\r\n").encode("utf-16"))
    assert read_text(path) == RU
    assert read_text(path, encoding="utf-16") == RU


def test_stdin(monkeypatch):
    fake = io.TextIOWrapper(io.BytesIO(b"\xef\xbb\xbf" + "Якутск\r\nХэйхэ".encode("utf-8")))
    monkeypatch.setattr(sys, "stdin", fake)
    assert read_text("-") == "Якутск\nХэйхэ"


def test_stdin_errors_are_named(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    with pytest.raises(InputError, match=r"^<stdin>: file is empty$"):
        read_text("-", allow_empty=False)


# --- writing ----------------------------------------------------------------


def test_write_text_atomic(tmp_path):
    path = tmp_path / "out.txt"
    write_text_atomic(path, "黑河\nХэйхэ\n")
    assert path.read_bytes() == "黑河\nХэйхэ\n".encode("utf-8")
    write_text_atomic(str(path), "второй раз\n")
    assert path.read_text(encoding="utf-8") == "второй раз\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temp files left


def test_write_keeps_existing_permissions(tmp_path):
    path = tmp_path / "out.txt"
    path.write_text("old")
    os.chmod(path, 0o640)
    write_text_atomic(path, "new")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640


def test_write_new_file_honours_umask(tmp_path):
    old = os.umask(0o022)
    try:
        write_text_atomic(tmp_path / "new.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "new.txt").st_mode) == 0o644


def test_write_into_missing_directory(tmp_path):
    with pytest.raises(WorkbenchError, match=r"missing/out\.txt: cannot write"):
        write_text_atomic(tmp_path / "missing" / "out.txt", "x")


def test_write_stdout(capsysbinary):
    write_text_atomic("-", "黑河\n")
    assert capsysbinary.readouterr().out == "黑河\n".encode("utf-8")


# --- markup -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, line, tag",
    [
        ("<p>Якутск</p>", 1, "<p>"),
        ("Заголовок\n\n<div class=\"news\">Текст</div>", 3, '<div class="news">'),
        ("текст</span>", 1, "</span>"),
        ("строка<br/>строка", 1, "<br/>"),
        ("строка<br />строка", 1, "<br />"),
        ("<!DOCTYPE html>\n<html>", 1, "<!DOCTYPE"),
        ("a\n<!-- comment -->", 2, "<!--"),
        ('<?xml version="1.0"?>\n<doc/>', 1, "<?xml"),
        ("<item>Якутск</item>", 1, "<item>"),
        ('текст <seg id="1">', 1, '<seg id="1">'),
        ("<img src='x.png'>", 1, "<img src='x.png'>"),
    ],
)
def test_find_markup(text, line, tag):
    assert find_markup(text) == (line, tag)
    assert detect_markup(text) == line


@pytest.mark.parametrize(
    "text",
    [
        "a < b and c > d",
        "если x<y, то y>x",
        "if a<b and b>c",
        "<<Кавычки>> и >>стрелки<<",
        "<Название документа>",
        "vector<T> и <T>",
        "3 < 5 > 2",
        "<->",
        "Рост > 5% при < 3 млн",
    ],
)
def test_not_markup(text):
    assert find_markup(text) is None
    assert detect_markup(text) is None


def test_refuse_markup(tmp_path):
    refuse_markup("простой текст", "in.txt")  # no error
    with pytest.raises(DocumentError) as info:
        refuse_markup("Заголовок\n<p>Текст</p>", "page.html")
    assert str(info.value) == (
        "page.html:2: input looks like HTML (<p>); the workbench translates plain text — "
        "convert it first, e.g. with `pandoc -t plain`"
    )
