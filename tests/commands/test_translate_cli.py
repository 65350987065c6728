"""``workbench translate`` and ``workbench terms`` end to end, bad input included."""

from __future__ import annotations

import io
import json

import pytest

from workbench.cli import main


@pytest.fixture
def run_cli(tiny_model, capsys):
    """Run the CLI with the tiny model; returns (exit code, stdout, stderr)."""

    def run(*args, model=True):
        argv = list(args) + (["--model", str(tiny_model), "--beam", "1"] if model else [])
        code = main(argv)
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_sample_press_release_report_has_every_term_present(run_cli, sample_text, tmp_path):
    source = tmp_path / "release.ru.txt"
    source.write_text(sample_text, encoding="utf-8")
    output, report = tmp_path / "release.zh.txt", tmp_path / "report.json"
    code, _, err = run_cli("translate", str(source), "--to", "zh", "--output", str(output),
                           "--report", str(report))
    assert code == 0, err
    data = json.loads(report.read_text(encoding="utf-8"))
    terms = [t for d in data["documents"] for s in d["segments"] for t in s["terms"]]
    assert data["documents"][0]["from"] == "ru"
    assert len(terms) >= 40
    assert data["summary"]["missing"] == 0
    assert all(t["status"] == "present" and t["target"] in s["output"]
               for d in data["documents"] for s in d["segments"] for t in s["terms"])
    assert output.read_text(encoding="utf-8").count("\n\n") == sample_text.strip().count("\n\n")


def test_lines_format_keeps_line_count_and_empty_lines(run_cli, tmp_path):
    source = tmp_path / "lines.txt"
    source.write_text("Якутск.\n\nХэйхэ.\nХарбин.\n", encoding="utf-8")
    code, out, err = run_cli("translate", str(source), "--to", "zh", "--format", "lines")
    assert code == 0, err
    lines = out.split("\n")
    assert len(lines) == 5 and lines[1] == "" and lines[4] == ""
    assert "雅库茨克" in lines[0] and "黑河" in lines[2] and "哈尔滨" in lines[3]


def test_stdin_and_direction_detection(run_cli, monkeypatch):
    stdin = io.TextIOWrapper(io.BytesIO("黑河市代表团访问了雅库茨克。\n".encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", stdin)
    code, out, err = run_cli("translate", "-", "--to", "ru")
    assert code == 0, err
    assert "Якутск" in out


def test_several_inputs_go_to_a_folder(run_cli, tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("Якутск.\n", encoding="utf-8")
    second.write_text("Хэйхэ.\n", encoding="utf-8")
    code, _, err = run_cli("translate", str(first), str(second), "--to", "zh", "--output", str(tmp_path / "out"))
    assert code == 0, err
    assert "雅库茨克" in (tmp_path / "out" / "a.zh.txt").read_text(encoding="utf-8")
    assert "黑河" in (tmp_path / "out" / "b.zh.txt").read_text(encoding="utf-8")


def test_empty_file_is_a_clear_error(run_cli, tmp_path):
    source = tmp_path / "empty.txt"
    source.write_text("", encoding="utf-8")
    code, _, err = run_cli("translate", str(source), "--to", "zh")
    assert code == 1
    assert "empty.txt: file is empty" in err


def test_binary_file_is_refused(run_cli, tmp_path):
    source = tmp_path / "photo.jpg"
    source.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 4)
    code, _, err = run_cli("translate", str(source), "--to", "zh")
    assert code == 1
    assert "photo.jpg" in err and "binary" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("encoding,text,target,expected", [
    ("cp1251", "Делегация города Хэйхэ прибыла в Якутск.\n", "zh", "黑河"),
    ("gb18030", "黑河市代表团访问了雅库茨克。\n", "ru", "Якутск"),
])
def test_legacy_encodings_need_encoding_option(run_cli, tmp_path, encoding, text, target, expected):
    source = tmp_path / f"legacy-{encoding}.txt"
    source.write_bytes(text.encode(encoding))
    code, _, err = run_cli("translate", str(source), "--to", target)
    assert code == 1
    assert f"legacy-{encoding}.txt:1:" in err and "--encoding" in err
    code, out, err = run_cli("translate", str(source), "--to", target, "--encoding", encoding)
    assert code == 0, err
    assert expected in out


def test_20000_character_sentence_is_translated_completely_in_parts(run_cli, tmp_path):
    sentence = ("Сотрудничество между городами Якутском и Хэйхэ развивается в области образования, "
                "культуры и экономики ") * 240
    sentence = sentence[:20000].rstrip() + "."
    source, report = tmp_path / "long.txt", tmp_path / "long.json"
    source.write_text(sentence + "\n", encoding="utf-8")
    code, out, err = run_cli("translate", str(source), "--to", "zh", "--report", str(report))
    assert code == 0, err
    [segment] = json.loads(report.read_text(encoding="utf-8"))["documents"][0]["segments"]
    assert len(segment["source"]) == len(sentence)
    assert segment["parts"] > 20
    assert out.strip()
    assert all(t["status"] == "present" for t in segment["terms"])


def test_html_is_refused_with_file_and_line(run_cli, tmp_path):
    source = tmp_path / "page.html"
    source.write_text("Заголовок\n<p>Делегация прибыла в Якутск.</p>\n", encoding="utf-8")
    code, _, err = run_cli("translate", str(source), "--to", "zh")
    assert code == 1
    assert "page.html:2:" in err and "HTML" in err


def test_broken_glossary_stops_translation_with_file_and_line(run_cli, tmp_path):
    source = tmp_path / "in.txt"
    source.write_text("Якутск.\n", encoding="utf-8")
    broken = tmp_path / "broken.po"
    broken.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                      'msgctxt "place"\nmsgid "Якутск"\nmsgstr "雅库茨克\n', encoding="utf-8")
    code, _, err = run_cli("translate", str(source), "--to", "zh", "--glossary", str(broken))
    assert code == 1
    assert "broken.po:" in err


def test_conflicting_glossary_is_refused(run_cli, tmp_path):
    source = tmp_path / "in.txt"
    source.write_text("Якутск.\n", encoding="utf-8")
    conflict = tmp_path / "conflict.po"
    conflict.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                        'msgctxt "place"\nmsgid "Якутск"\nmsgstr "雅库茨克"\n\n'
                        'msgctxt "place"\nmsgid "Якутск"\nmsgstr "亚库茨克"\n', encoding="utf-8")
    code, _, err = run_cli("translate", str(source), "--to", "zh", "--glossary", str(conflict))
    assert code == 1
    assert "conflict.po:" in err


def test_no_glossary_translates_without_terms(run_cli, tmp_path):
    source, report = tmp_path / "in.txt", tmp_path / "r.json"
    source.write_text("Якутск.\n", encoding="utf-8")
    code, _, err = run_cli("translate", str(source), "--to", "zh", "--no-glossary", "--report", str(report))
    assert code == 0, err
    assert json.loads(report.read_text(encoding="utf-8"))["summary"]["terms"] == 0


def test_terms_lines_mode_prints_one_object_per_line(run_cli, tmp_path):
    source = tmp_path / "in.txt"
    source.write_text("Глава города Якутска встретился с господином Цзин Цюанем.\n\nВ Хэйхэ.\n",
                      encoding="utf-8")
    code, out, err = run_cli("terms", str(source), "--format", "lines", model=False)
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["line"] for r in rows] == [1, 2, 3]
    assert rows[1]["terms"] == []
    first = {t["term"]: t for t in rows[0]["terms"]}
    assert first["Якутск"]["source"] == "Якутска"
    assert first["Якутск"]["target"] == "雅库茨克"
    line = "Глава города Якутска встретился с господином Цзин Цюанем."
    assert line[first["Якутск"]["start"]:first["Якутск"]["end"]] == "Якутска"
    assert rows[2]["terms"][0]["target"] == "黑河"


def test_no_default_model_is_a_clear_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("WORKBENCH_MODELS_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("workbench.models.models_dirs", lambda: [tmp_path])
    source = tmp_path / "in.txt"
    source.write_text("Якутск.\n", encoding="utf-8")
    assert main(["translate", str(source), "--to", "zh", "--no-glossary"]) == 1
    assert "--model" in capsys.readouterr().err
