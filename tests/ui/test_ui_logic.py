"""The review workbench's plain logic: i18n, login hashes, upload checks, term highlighting, skipping."""

from __future__ import annotations

import re

import pytest

from workbench.errors import InputError
from workbench.store import Store
from workbench.ui import auth, i18n
from workbench.ui.exporting import export_filename
from workbench.ui.importing import (UploadRejected, check_upload, detect_direction, import_into, mark_skip,
                                    split_direction)
from workbench.ui.review import Review

RELEASE = "Делегация города Хэйхэ прибыла в Якутск 26 марта.\n\nГостей встретил глава города.\n"


def test_every_language_has_every_string_with_the_same_placeholders():
    fields = lambda s: sorted(re.findall(r"{(\w+)}", s))  # noqa: E731
    for lang in ("ru", "zh"):
        assert set(i18n.MESSAGES[lang]) == set(i18n.EN), lang
        for key, english in i18n.EN.items():
            assert fields(i18n.MESSAGES[lang][key]) == fields(english), (lang, key)


@pytest.mark.parametrize("header, lang", [
    ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
    ("ru-RU,ru;q=0.9,en-US;q=0.8", "ru"),
    ("de-DE,de;q=0.9,ru;q=0.5,zh;q=0.4", "ru"),
    ("en;q=0.3,zh-TW;q=0.7", "zh"),
    ("fr-FR", "en"),
    ("ru;q=0", "en"),
    ("", "en"),
    (None, "en"),
])
def test_language_from_accept_language(header, lang):
    assert i18n.pick_language(header) == lang


def test_text_falls_back_to_english_then_to_the_key():
    assert i18n.text("ru", "save") == "Сохранить"
    assert i18n.text("zh", "save") == "保存"
    assert i18n.text("xx", "save") == "Save"
    assert i18n.text("ru", "no-such-key") == "no-such-key"
    assert i18n.text("zh", "saved", position=3, version=2, status="已审定", at="now").startswith("已保存：句段 3")


def test_password_hash_round_trip_and_file(tmp_path):
    encoded = auth.hash_password("Якутск-2024", iterations=1000)
    assert encoded.startswith("pbkdf2_sha256$1000$")
    assert auth.verify_password("Якутск-2024", encoded)
    assert not auth.verify_password("якутск-2024", encoded)
    assert not auth.verify_password("x", "pbkdf2_sha256$notanumber$00$00")
    path = tmp_path / "users.txt"
    path.write_text(f"# press office\nli:{encoded}\n\nivanova:{auth.hash_password('пароль', iterations=1000)}\n",
                    encoding="utf-8")
    check = auth.PasswordFile(path)
    assert check("li", "Якутск-2024") and check("ivanova", "пароль")
    assert not check("li", "пароль") and not check("nobody", "Якутск-2024")


def test_wrong_passwords_pause_the_user_name_without_hashing(tmp_path, monkeypatch):
    """Issue 23: 20 wrong logins slowed every page (a PBKDF2 hash each). After 5 in a row the name is refused
    without a hash for 30 s, doubling; the right password afterwards ends it; other users are not touched."""
    path = tmp_path / "users.txt"
    path.write_text(f"li:{auth.hash_password('right', iterations=1000)}\n"
                    f"wang:{auth.hash_password('his', iterations=1000)}\n", encoding="utf-8")
    check = auth.PasswordFile(path)
    now = [1000.0]
    check.limiter.clock = lambda: now[0]
    hashes = []
    real_verify = auth.verify_password
    monkeypatch.setattr(auth, "verify_password", lambda *a: hashes.append(1) or real_verify(*a))
    assert not any(check("li", f"guess{n}") for n in range(5)) and len(hashes) == 5
    assert not check("li", "right") and len(hashes) == 5  # paused: refused, no hash computed
    assert check("wang", "his")  # another user logs in as usual
    now[0] += 31
    assert not check("li", "guess6")  # the pause ended; one more wrong password: 60 s this time
    now[0] += 59
    assert not check("li", "right")
    now[0] += 2
    assert check("li", "right")  # and the right password clears the count
    assert not check("li", "wrong") and check("li", "right")
    # unknown names are counted too, so guessing names costs the same
    assert not any(check("nobody", "x") for _ in range(7)) and len(hashes) == 5 + 1 + 1 + 1 + 2 + 5


def test_password_file_errors_name_every_bad_line(tmp_path):
    path = tmp_path / "users.txt"
    good = auth.hash_password("a", iterations=1000)
    path.write_text(f"li:{good}\nbroken line\nli:{good}\nwang:md5$x\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        auth.PasswordFile(path)
    message = str(err.value)
    assert f"{path}:2: expected user:pbkdf2_sha256$iterations$salt$hash" in message
    assert f"{path}:3: user 'li' is listed twice" in message
    assert f"{path}:4: expected" in message


def test_password_line_and_cli(capsys, monkeypatch):
    import io

    assert auth.password_line("li", "pw").startswith("li:pbkdf2_sha256$600000$")
    with pytest.raises(InputError):
        auth.password_line("li:wang", "pw")
    monkeypatch.setattr("sys.stdin", io.StringIO("secret\n"))
    assert auth.main(["zhang"]) == 0
    user, encoded = capsys.readouterr().out.strip().split(":", 1)
    assert user == "zhang" and auth.verify_password("secret", encoded)


def test_upload_checks(tmp_path):
    ok = tmp_path / "release.md"
    ok.write_text("# Хэйхэ\n", encoding="utf-8")
    assert check_upload(ok) == ok
    exe = tmp_path / "release.exe"
    exe.write_bytes(b"MZ")
    with pytest.raises(UploadRejected) as err:
        check_upload(exe)
    assert err.value.key == "err_extension" and err.value.values["ext"] == ".exe"
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2048)
    with pytest.raises(UploadRejected) as err:
        check_upload(big, max_bytes=1024)
    assert err.value.key == "err_too_large" and err.value.values == {"name": "big.txt", "size": "2 KB",
                                                                     "limit": "1 KB"}
    assert i18n.text("en", err.value.key, **err.value.values) == "«big.txt» is 2 KB; the limit is 1 KB."


def test_direction_detection():
    assert detect_direction(RELEASE) == "ru-zh"
    assert detect_direction("黑河市代表团抵达雅库茨克。") == "zh-ru"
    assert detect_direction("   ") is None
    assert split_direction("zh-ru") == ("zh", "ru") and split_direction("auto") == (None, None)


def test_import_paste_and_upload(tmp_path):
    with Store(tmp_path / "ui.db") as store:
        done = import_into(store, text=RELEASE, name="visit", direction="auto", user="li")
        assert (done.name, done.count, done.source_lang, done.target_lang) == ("visit", 2, "ru", "zh")
        upload = tmp_path / "визит.txt"
        upload.write_text("黑河市代表团抵达雅库茨克。", encoding="utf-8")
        done = import_into(store, upload=str(upload))
        assert (done.name, done.source_lang, done.target_lang) == ("визит.txt", "zh", "ru")
        with pytest.raises(UploadRejected) as err:
            import_into(store, text="", upload=None)
        assert err.value.key == "err_nothing"
        with pytest.raises(UploadRejected) as err:
            import_into(store, text="x" * 2000, max_bytes=1000)
        assert err.value.key == "err_too_large"


def test_mark_skip_and_back(tmp_path):
    with Store(tmp_path / "ui.db") as store:
        doc_id = import_into(store, text=RELEASE).doc_id
        first, second = store.segments(doc_id)
        store.save_segment(second.id, "客人受到市长接见。", "translated", 1, "li")
        assert mark_skip(store, [first.id, second.id], skip=True, user="li") == (2, 0)
        assert [r.status for r in store.segments(doc_id)] == ["skip", "skip"]
        assert mark_skip(store, [first.id, second.id], skip=False, user="li") == (2, 0)
        assert [r.status for r in store.segments(doc_id)] == ["new", "translated"]


def test_export_every_format(tmp_path):
    from workbench.ui.exporting import EXPORT_FORMATS, export_to_file

    with Store(tmp_path / "ui.db") as store:
        doc_id = import_into(store, text=RELEASE, name="Визит делегации.txt").doc_id
        first = store.segments(doc_id)[0]
        store.save_segment(first.id, "黑河市代表团3月26日抵达雅库茨克。", "approved", 1, "li")
        paths = {fmt: export_to_file(store, doc_id, fmt) for fmt in EXPORT_FORMATS}
    assert {fmt: p.name for fmt, p in paths.items()} == {
        "txt": "Визит_делегации.zh.txt", "md": "Визит_делегации.zh.md", "docx": "Визит_делегации.zh.docx",
        "xliff": "Визит_делегации.zh.xlf", "po": "Визит_делегации.zh.po", "tmx": "Визит_делегации.zh.tmx"}
    assert paths["txt"].read_text(encoding="utf-8").startswith("黑河市代表团3月26日抵达雅库茨克。")
    assert "黑河市代表团3月26日抵达雅库茨克。" in paths["tmx"].read_text(encoding="utf-8")
    assert paths["docx"].read_bytes()[:2] == b"PK"
    with pytest.raises(InputError):
        export_to_file(store, doc_id, "pdf")


def test_exports_share_one_folder_and_old_ones_go(tmp_path, monkeypatch):
    import os
    import time

    from workbench.ui import exporting

    monkeypatch.setattr(exporting, "_root", None)
    with Store(tmp_path / "ui.db") as store:
        doc_id = import_into(store, text=RELEASE, name="release.txt").doc_id
        first = exporting.export_to_file(store, doc_id, "txt")
        hour_ago = time.time() - exporting.KEEP_SECONDS - 1
        os.utime(first.parent, (hour_ago, hour_ago))
        second = exporting.export_to_file(store, doc_id, "txt")
    assert second.parent.parent == first.parent.parent == exporting._root
    assert second.exists() and not first.parent.exists()


def test_export_filename():
    assert export_filename("Визит делегации.txt", "zh", "docx") == "Визит_делегации.zh.docx"
    assert export_filename("../../etc/passwd", "ru", "xliff") == "etc_passwd.ru.xlf"
    assert export_filename("«»", "zh", "tmx") == "document.zh.tmx"


def test_an_sdlxliff_document_downloads_as_sdlxliff(tmp_path):
    from pathlib import Path

    from workbench.formats import import_document, store_document
    from workbench.store import Store
    from workbench.ui.exporting import export_to_file

    trados = Path(__file__).parents[1] / "data" / "interop" / "xliff" / "trados-style.ru.sdlxliff"
    with Store(tmp_path / "ui.db") as store:
        doc_id = store_document(store, import_document(trados))
        path = export_to_file(store, doc_id, "xliff")
        assert path.name == "C_Press_release.zh.sdlxliff" and b"sdl:seg-defs" in path.read_bytes()


class _Pipelines:
    def __init__(self, glossary):
        self._glossary = glossary

    def glossary(self):
        return self._glossary


def test_source_html_escapes_and_marks_terms(glossary, tmp_path):
    with Store(tmp_path / "ui.db") as store:
        review = Review(store, _Pipelines(glossary))
        source = "<b>Делегация</b> города Хэйхэ прибыла в Якутск & встретилась с господином Цзин Цюанем."
        terms = review.terms(source, "ru", "zh")
        targets = {t["text"]: t["target"] for t in terms}
        assert targets["Хэйхэ"] == "黑河" and targets["Якутск"] == "雅库茨克"
        assert any(t["target"] == "景泉" for t in terms)
        html = review.source_html(source, terms)
        assert "<b>" not in html and "&lt;b&gt;Делегация&lt;/b&gt;" in html and "&amp;" in html
        assert '<mark class="term" title="黑河">Хэйхэ</mark>' in html


def test_the_editor_shows_the_files_notes_under_the_source_escaped(glossary, tmp_path):
    from pathlib import Path

    from workbench.formats import import_document, store_document

    angular = Path(__file__).parents[1] / "data" / "interop" / "xliff" / "angular-style.ru.xlf"
    with Store(tmp_path / "ui.db") as store:
        review = Review(store, _Pipelines(glossary))
        rows = store.segments(store_document(store, import_document(angular)))
        html = review.context_html(rows[1])
        assert html == ('<div class="source-context">id: greeting<br>sourcefile: src/app/greeting.component.html'
                        '<br>linenumber: 3</div>')
        plain = store.create_document("x.txt", "ru", "zh", [["Привет."]], ["", "\n"])
        assert review.context_html(store.segments(plain)[0]) == ""


def test_qa_findings_for_a_missing_term_and_a_changed_number(glossary, tmp_path):
    with Store(tmp_path / "ui.db") as store:
        review = Review(store, _Pipelines(glossary))
        source = "Делегация города Хэйхэ прибыла в Якутск 26 марта."
        assert not [f for f in review.qa(source, "黑河市代表团3月26日抵达雅库茨克。", "ru", "zh")
                    if f.severity == "error"]
        checks = {f.check for f in review.qa(source, "代表团3月25日抵达雅库茨克。", "ru", "zh")}
        assert any("term" in c for c in checks) and any("number" in c for c in checks)
        basic = {f.check for f in review._basic_qa(source, "代表团3月25日抵达雅库茨克。", "ru", "zh")}
        assert basic == {"term-missing", "numbers"}


def test_workbench_serve_hash_password(capsys, monkeypatch, tmp_path):
    import io

    from workbench.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO("Хэйхэ-2024\n"))
    assert main(["serve", "--hash-password", "li"]) == 0
    user, encoded = capsys.readouterr().out.strip().split(":", 1)
    assert user == "li" and auth.verify_password("Хэйхэ-2024", encoded)
    monkeypatch.setattr("sys.stdin", io.StringIO("ревизор\n"))
    assert main(["serve", "--hash-password", "wang", "--role", "reviewer"]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("wang:pbkdf2_sha256$") and line.endswith(":reviewer")
    path = tmp_path / "users.txt"
    path.write_text(line + "\n", encoding="utf-8")
    check = auth.PasswordFile(path)
    assert check.roles == {"wang": "reviewer"} and check("wang", "ревизор")


def test_export_choice_and_message(tmp_path):
    """The UI's export: the picked choice for txt/md/docx only, and what was written in the interface language."""
    from workbench.errors import UnreviewedSegmentsError
    from workbench.ui.exporting import export_message, export_to_file, unreviewed_choice

    assert [unreviewed_choice(fmt, "mark") for fmt in ("txt", "md", "docx", "xliff", "po", "tmx")] == [
        "mark", "mark", "mark", None, None, None]
    assert unreviewed_choice("docx", None) == "source"
    with Store(tmp_path / "ui.db") as store:
        doc_id = import_into(store, text=RELEASE, name="visit").doc_id
        rows = store.segments(doc_id)
        store.save_segment(rows[0].id, "黑河市代表团3月26日抵达雅库茨克。", "approved", 1, "li")
        for row in rows[1:]:
            store.set_draft(row.id, "机器初稿。")
        text = export_to_file(store, doc_id, "txt", "source").read_text(encoding="utf-8")
        assert "机器初稿" not in text and "【未审定·原文：" in text
        assert "【机器初稿：机器初稿。】" in export_to_file(store, doc_id, "txt", "mark").read_text(encoding="utf-8")
        with pytest.raises(UnreviewedSegmentsError):
            export_to_file(store, doc_id, "docx", "refuse")
        total = len(rows)
        assert export_message("en", store, doc_id, "txt", "source") == (
            f"«visit» (txt): 1 of {total} segments approved; the {total - 1} not approved are left in the "
            "source language, marked «未审定·原文».")
        assert "«未审定» or «机器初稿»" in export_message("en", store, doc_id, "docx", "mark")
        assert export_message("ru", store, doc_id, "txt", "source").startswith(
            f"«visit» (txt): утверждено 1 из {total}")
        assert export_message("zh", store, doc_id, "xliff", None).startswith(f"《visit》（xliff）：已审定 1/{total}")
        assert "left out" in export_message("en", store, doc_id, "tmx", None)
