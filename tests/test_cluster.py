"""``workbench translate --ray`` on a real Ray runtime of this machine, with the tiny model.

Byte-identical outputs and report against the one-machine run, both directions; a bad document named while
the others go on; ``--resume``; a worker killed mid-run loses and duplicates nothing; without Ray, one line
saying how to install it; two Ray nodes on one machine (``ray.cluster_utils.Cluster``), joined by address.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

import pytest

from .test_jobs import write_document_files
from workbench.cli import main

ray = pytest.importorskip("ray")
pytest.importorskip("ray.data")

RU = ["Делегация города Хэйхэ прибыла в Якутск.", "Визит продлится три дня.", "Цзин Цюань встретился с мэром.",
      "Стороны обсудили туризм и образование.", "Форум прошёл в Якутске.", "Айхуэй и Хунхэгу — партнёры."]
ZH = ["黑河市代表团抵达雅库茨克。", "访问将持续三天。", "景权会见了市长。", "双方讨论了旅游和教育。",
      "论坛在雅库茨克举行。", "瑷珲和红河谷是伙伴。"]


def write_documents(folder, sentences, count, per_document=3):
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        picked = [sentences[(number + k) % len(sentences)] for k in range(per_document)]
        sub = folder / ("part-b" if number % 3 == 0 else "")
        sub.mkdir(exist_ok=True)
        (sub / f"release-{number:03d}.txt").write_text("\n\n".join(picked) + "\n", encoding="utf-8")
    return folder


def files(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def local_ray():
    """One local Ray runtime (2 CPUs) for this module: ``--ray`` joins it instead of starting its own."""
    if ray.is_initialized():
        ray.shutdown()
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    yield ray
    ray.shutdown()


@pytest.mark.parametrize("source, target, sentences", [("ru", "zh", RU), ("zh", "ru", ZH)])
def test_ray_outputs_and_report_are_byte_identical_to_one_machine(local_ray, tiny_model, tmp_path, capsys,
                                                                   source, target, sentences):
    inputs = write_documents(tmp_path / "in", sentences, 9)
    (inputs / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    if source == "ru":  # document files too: Markdown, Word, PO, XLIFF, each written back in its format
        write_document_files(inputs / "files")
    common = ["translate", str(inputs), "--to", target, "--model", str(tiny_model), "--beam", "2"]
    assert main(common + ["-o", str(tmp_path / "here"), "--report", str(tmp_path / "here.json")]) == 1
    capsys.readouterr()
    assert main(common + ["-o", str(tmp_path / "ray"), "--report", str(tmp_path / "ray.json"), "--ray"]) == 1
    err = capsys.readouterr().err
    total = 14 if source == "ru" else 10
    assert "broken.txt: looks like a binary file" in err and f"1 of {total} documents were not translated" in err
    assert f"{total}/{total} documents" in err
    here, there = files(tmp_path / "here"), files(tmp_path / "ray")
    assert len(here) == total - 1 and here == there
    assert (tmp_path / "here.json").read_bytes() == (tmp_path / "ray.json").read_bytes()
    # a rerun with --resume has nothing left to do
    assert main(common + ["-o", str(tmp_path / "ray"), "--ray", "--resume"]) == 1  # broken.txt still fails
    assert f"({total - 1} done before, skipped)" in capsys.readouterr().err
    assert files(tmp_path / "ray") == here


def _map_workers() -> list[int]:
    """The pids of the Ray Data actors translating documents (their process title names the class)."""
    pids = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/cmdline", "rb") as handle:
                    title = handle.read().split(b"\0")[0].decode(errors="replace")
            except OSError:
                continue
            if title.startswith("ray::MapWorker") and "DocumentTranslator" in title:
                pids.append(int(name))
    return pids


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds Ray's workers in /proc")
def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(local_ray, tiny_model, tmp_path):
    from workbench.cluster import translate_on_ray
    from workbench.jobs import TranslateOptions, plan_jobs, translate_document, build_pipeline

    inputs = write_documents(tmp_path / "in", RU, 12, per_document=12)
    options = TranslateOptions("ru", "zh", model=str(tiny_model), beam=2)
    reference = plan_jobs([str(inputs)], str(tmp_path / "here"), "zh")
    pipeline = build_pipeline(options)
    for job in reference:
        translate_document(job, pipeline, options)
    jobs = list(enumerate(plan_jobs([str(inputs)], str(tmp_path / "ray"), "zh")))
    rows: list[dict] = []
    run = threading.Thread(target=lambda: rows.extend(translate_on_ray(jobs, options, actors=2)))
    run.start()
    killed = None
    deadline = time.monotonic() + 120
    while run.is_alive() and time.monotonic() < deadline and killed is None:
        done = len(list((tmp_path / "ray").rglob("*.zh.txt"))) if (tmp_path / "ray").exists() else 0
        workers = _map_workers()
        if done >= 1 and workers:
            killed = (workers[0], done)
            os.kill(workers[0], signal.SIGKILL)
        time.sleep(0.05)
    run.join(timeout=300)
    assert killed is not None and killed[1] < len(jobs), "the worker should die while documents remain"
    assert sorted(r["position"] for r in rows) == list(range(len(jobs)))  # each document exactly once
    assert not any(r["error"] for r in rows)
    assert files(tmp_path / "ray") == files(tmp_path / "here")


def test_without_ray_the_error_says_how_to_install_it(tiny_model, tmp_path, capsys, monkeypatch):
    inputs = write_documents(tmp_path / "in", RU, 2)
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray fails as where it is not installed
    code = main(["translate", str(inputs), "--to", "zh", "-o", str(tmp_path / "out"), "--ray",
                 "--model", str(tiny_model)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and err[-1].endswith("--ray needs Ray: pip install -e '.[cluster]' (or pip install 'ray[data]')")
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_two_nodes_give_the_one_machine_outputs(tiny_model, tmp_path, capsys):
    """Last in this module: it ends the module's local runtime to start a two-node cluster."""
    from ray.cluster_utils import Cluster

    if ray.is_initialized():
        ray.shutdown()
    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False})
    cluster.add_node(num_cpus=1)
    try:
        cluster.wait_for_nodes()
        # two actors of one CPU each on two nodes of one CPU each: one translates on each node
        assert len(cluster.list_all_nodes()) == 2
        inputs = write_documents(tmp_path / "in", RU, 8)
        common = ["translate", str(inputs), "--to", "zh", "--model", str(tiny_model), "--beam", "2"]
        assert main(common + ["-o", str(tmp_path / "here"), "--report", str(tmp_path / "here.json")]) == 0
        assert main(common + ["-o", str(tmp_path / "ray"), "--report", str(tmp_path / "ray.json"),
                              "--ray", cluster.address, "--actors", "2"]) == 0
        assert "8/8 documents" in capsys.readouterr().err
        assert files(tmp_path / "ray") == files(tmp_path / "here") and len(files(tmp_path / "here")) == 8
        assert (tmp_path / "here.json").read_bytes() == (tmp_path / "ray.json").read_bytes()
    finally:
        if ray.is_initialized():
            ray.shutdown()
        cluster.shutdown()
