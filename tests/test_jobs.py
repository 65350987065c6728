"""Many documents in one command: the plan, the report merge, progress, failures and ``--resume``."""

from __future__ import annotations

import io
import json

import pytest

from workbench.cli import main
from workbench.errors import InputError
from workbench.jobs import Progress, ReportWriter, expand_inputs, plan_jobs

RU = ["Делегация Хэйхэ прибыла в Якутск.", "Визит продлится три дня.", "Цзин Цюань встретился с мэром.",
      "Стороны обсудили туризм.", "Форум прошёл в Якутске."]


def _tree(root):
    (root / "in" / "sub").mkdir(parents=True)
    for number, sentence in enumerate(RU):
        folder = root / "in" / ("sub" if number % 2 else "")
        (folder / f"doc{number}.txt").write_text(sentence + "\n", encoding="utf-8")
    (root / "in" / "photo.jpg").write_bytes(b"\xff\xd8 not searched")
    return root / "in"


def test_folders_are_searched_for_text_files_and_keep_their_places(tmp_path):
    folder = _tree(tmp_path)
    assert [p.replace(str(folder), "") for p in expand_inputs([str(folder)])] == [
        "/doc0.txt", "/doc2.txt", "/doc4.txt", "/sub/doc1.txt", "/sub/doc3.txt"]
    jobs = plan_jobs([str(folder)], str(tmp_path / "out"), "zh")
    assert [j.output.replace(str(tmp_path), "") for j in jobs] == [
        "/out/doc0.zh.txt", "/out/doc2.zh.txt", "/out/doc4.zh.txt", "/out/sub/doc1.zh.txt", "/out/sub/doc3.zh.txt"]
    # a folder with one file still writes into the output folder
    (tmp_path / "one").mkdir()
    (tmp_path / "one" / "a.txt").write_text("Якутск.\n", encoding="utf-8")
    assert plan_jobs([str(tmp_path / "one")], str(tmp_path / "o"), "zh")[0].output == str(tmp_path / "o" / "a.zh.txt")


def test_a_plan_refuses_what_would_overwrite_or_find_nothing(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.txt").write_text("Якутск.\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"a/index.txt and .*b/index.txt would both be written to"):
        plan_jobs([str(tmp_path / "a" / "index.txt"), str(tmp_path / "b" / "index.txt")], str(tmp_path / "o"), "zh")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match=r"empty: the folder holds no file to translate \(.txt, .text, .md"):
        expand_inputs([str(tmp_path / "empty")])


def test_the_merged_report_is_laid_out_as_one_json_dump_in_input_order(tmp_path):
    path = tmp_path / "report.json"
    entries = [{"input": "a", "segments": [{"terms": [{"status": "present"}, {"status": "missing"}],
                                            "complete": True}]},
               {"input": "b", "segments": [{"terms": [], "complete": False}]}]
    writer = ReportWriter(str(path))
    writer.add(1, entries[1])  # finished first, listed second
    writer.add(0, entries[0])
    writer.add_failure("c", "c: file is empty")
    writer.close()
    summary = {"segments": 2, "terms": 2, "present": 1, "missing": 1, "incomplete": 1, "failed": 1}
    want = {"summary": summary, "documents": entries, "failed": [{"input": "c", "error": "c: file is empty"}]}
    assert path.read_text(encoding="utf-8") == json.dumps(want, ensure_ascii=False, indent=1) + "\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # the side folder is gone


def test_progress_counts_documents_per_minute():
    stream = io.StringIO()
    progress = Progress(20, skipped=3, stream=stream)
    now = [0.0]
    progress.clock, progress.start = lambda: now[0], 0.0
    for _ in range(20):
        now[0] += 6.0  # a document every 6 s
        progress.done()
    progress.finish()
    lines = stream.getvalue().splitlines()
    assert lines[0] == "2/20 documents, 10.0 per minute (3 done before, skipped)"
    assert len(lines) == 10 and lines[-1].startswith("20/20 documents, 10.0 per minute")


def test_a_bad_document_is_named_and_the_others_are_translated(tiny_model, tmp_path, capsys):
    folder = _tree(tmp_path)
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    out, report = tmp_path / "out", tmp_path / "report.json"
    argv = ["translate", str(folder), "--to", "zh", "-o", str(out), "--report", str(report),
            "--model", str(tiny_model), "--beam", "1"]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "photo.txt: looks like a binary file" in err and "empty.txt: file is empty" in err
    assert "2 of 7 documents were not translated" in err
    assert len(list(out.rglob("*.zh.txt"))) == 5
    data = json.loads(report.read_text(encoding="utf-8"))
    assert [d["input"].rsplit("/", 1)[1] for d in data["documents"]] == [
        "doc0.txt", "doc2.txt", "doc4.txt", "doc1.txt", "doc3.txt"]
    assert data["summary"]["failed"] == 2 and {f["input"].rsplit("/", 1)[1] for f in data["failed"]} == {
        "photo.txt", "empty.txt"}


def test_resume_skips_documents_already_written(tiny_model, tmp_path, capsys):
    folder = _tree(tmp_path)
    out = tmp_path / "out"
    argv = ["translate", str(folder), "--to", "zh", "-o", str(out), "--model", str(tiny_model), "--beam", "1"]
    assert main(argv) == 0
    first = {p: p.read_bytes() for p in out.rglob("*.txt")}
    (out / "doc2.zh.txt").unlink()
    (out / ".doc2.zh.txt.k1ll3d.tmp").write_text("half a dr", encoding="utf-8")  # a writer killed mid-write
    (out / "doc0.zh.txt").write_text("kept: not translated again\n", encoding="utf-8")
    capsys.readouterr()
    assert main(argv + ["--resume", "--report", str(tmp_path / "r.json")]) == 0
    assert "1/1 documents" in capsys.readouterr().err.splitlines()[-1]
    assert (out / "doc2.zh.txt").read_bytes() == first[out / "doc2.zh.txt"]
    assert not list(out.glob(".*.tmp"))
    assert (out / "doc0.zh.txt").read_text(encoding="utf-8") == "kept: not translated again\n"
    documents = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["documents"]
    assert [("skipped" in d) for d in documents] == [True, False, True, True, True]


def write_document_files(folder):
    """A Markdown release, a Word report, a PO catalogue (one entry already translated), an XLIFF 1.2 file."""
    import docx
    import polib

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "release.md").write_text("# Визит делегации\n\nДелегация города Хэйхэ прибыла в Якутск.\n\n"
                                       "- Визит продлится три дня.\n", encoding="utf-8")
    report = docx.Document()
    report.add_heading("Визит делегации", 1)
    report.add_paragraph("Делегация города Хэйхэ прибыла в Якутск. Цзин Цюань встретился с мэром.")
    report.save(folder / "report.docx")
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "zh"}
    catalogue.append(polib.POEntry(msgid="Делегация прибыла в Якутск.", msgstr=""))
    catalogue.append(polib.POEntry(msgid="Визит продлится три дня.", msgstr="访问将持续三天。"))
    catalogue.save(str(folder / "site.po"))
    (folder / "ui.xlf").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        ' <file original="ui" source-language="ru" target-language="zh" datatype="plaintext"><body>\n'
        '  <trans-unit id="1"><source>Форум прошёл в Якутске.</source></trans-unit>\n'
        '  <trans-unit id="2"><source>Айхуэй и Хунхэгу — партнёры.</source></trans-unit>\n'
        ' </body></file>\n</xliff>\n', encoding="utf-8")
    return folder


def test_document_files_come_back_in_their_formats(tiny_model, tmp_path):
    """Folders are searched for the importable formats too; each is written back in its own, drafts as drafts."""
    import docx
    import polib
    from lxml import etree

    folder = write_document_files(tmp_path / "in")
    out, report = tmp_path / "out", tmp_path / "report.json"
    assert main(["translate", str(folder), "--to", "zh", "-o", str(out), "--report", str(report),
                 "--model", str(tiny_model), "--beam", "1"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["release.zh.md", "report.zh.docx", "site.zh.po", "ui.zh.xlf"]
    markdown = (out / "release.zh.md").read_text(encoding="utf-8").split("\n")
    assert markdown[0].startswith("# ") and markdown[4].startswith("- ") and "Делегация" not in markdown[2]
    paragraphs = docx.Document(str(out / "report.zh.docx")).paragraphs
    assert [p.style.name for p in paragraphs] == ["Heading 1", "Normal"] and "景泉" in paragraphs[1].text
    drafted, kept = polib.pofile(str(out / "site.zh.po"))
    assert drafted.msgstr and "fuzzy" in drafted.flags  # a machine draft says so
    assert (kept.msgstr, kept.flags) == ("访问将持续三天。", [])  # the catalogue's own translation stays
    units = etree.parse(str(out / "ui.zh.xlf")).getroot().iter("{urn:oasis:names:tc:xliff:document:1.2}target")
    targets = list(units)
    assert len(targets) == 2 and all(t.get("state") == "needs-review-translation" and t.text for t in targets)
    assert "爱辉" in targets[1].text and "红河谷" in targets[1].text  # the glossary's names
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["summary"]["segments"] == 9  # of 10: the PO entry already translated is not drafted again


def test_documents_go_to_ray_in_blocks_of_eight_with_four_per_actor_at_least():
    from workbench.cluster import block_count

    assert [block_count(n, 2) for n in (1, 5, 8, 40, 400, 4000)] == [1, 5, 8, 8, 50, 500]
    assert block_count(40, 16) == 40  # more actors than blocks of eight: a document each
