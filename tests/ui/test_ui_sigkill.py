"""Acknowledged saves survive a SIGKILL of the server: a save is acknowledged only once it is on disk."""

from __future__ import annotations

import os
import signal
import threading

from ui_support import free_port, start_server, stop
from workbench.store import Store

SEGMENTS = 12


def test_no_acknowledged_edit_is_lost_on_sigkill(tmp_path):
    from gradio_client import Client

    db = tmp_path / "kill.db"
    with Store(db) as store:
        paragraphs = [[f"Предложение номер {i} о визите делегации города Хэйхэ."] for i in range(SEGMENTS)]
        doc_id = store.create_document("kill-test", "ru", "zh", paragraphs, [""] * (SEGMENTS + 1), user="setup")
        segment_ids = [row.id for row in store.segments(doc_id)]

    port = free_port()
    server = start_server(db, port, log=tmp_path / "server1.log")
    acknowledged: list[tuple[int, str]] = []
    versions = {seg_id: 1 for seg_id in segment_ids}
    killed = threading.Event()

    def kill_after(count: int) -> None:
        # SIGKILL while saves are in flight: no cleanup, no atexit, no flush.
        while len(acknowledged) < count and server.poll() is None:
            threading.Event().wait(0.005)
        os.kill(server.pid, signal.SIGKILL)
        killed.set()

    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        killer = threading.Thread(target=kill_after, args=(25,), daemon=True)
        killer.start()
        attempted = 0
        for i in range(10_000):
            seg_id = segment_ids[i % SEGMENTS]
            text = f"第{i}次保存：黑河市代表团。"
            attempted += 1
            try:
                result = client.predict(seg_id, text, "translated", versions[seg_id], api_name="/save_segment")
            except Exception:
                if killed.is_set():
                    break
                raise
            assert result["saved"], result
            versions[seg_id] = result["segment"]["version"]
            acknowledged.append((seg_id, text))
        killer.join(10)
        server.wait(10)
        assert server.returncode == -signal.SIGKILL
    finally:
        stop(server)
    assert len(acknowledged) >= 25 and attempted > len(acknowledged)

    # Restart on the same database and look for every acknowledged edit.
    port = free_port()
    server = start_server(db, port, log=tmp_path / "server2.log")
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        history = {seg_id: {h["target"] for h in client.predict(seg_id, api_name="/history")}
                   for seg_id in segment_ids}
        segments = {s["id"]: s for s in client.predict(doc_id, api_name="/segments")}
    finally:
        stop(server)
    lost = [(seg_id, text) for seg_id, text in acknowledged if text not in history[seg_id]]
    assert len(lost) == 0, f"{len(lost)} acknowledged edits lost: {lost[:5]}"
    # The last acknowledged text of each segment is its current text or was followed by the one in flight.
    for seg_id in segment_ids:
        mine = [text for s, text in acknowledged if s == seg_id]
        if mine:
            assert segments[seg_id]["version"] >= 1 + len(mine)


def test_drafting_resumes_when_the_server_starts(tmp_path, tiny_model):
    """A document left without drafts (its server was killed while drafting) is drafted at the next start,
    with no browser open; an archived one waits."""
    import time

    db = tmp_path / "resume.db"
    with Store(db) as store:
        half = store.create_document("half-drafted", "ru", "zh", [["Делегация прибыла в Якутск."],
                                                                  ["Визит продлится три дня."]], ["", "\n\n", "\n"],
                                     user="setup")
        first = store.segments(half)[0]
        store.set_draft(first.id, "代表团抵达雅库茨克。")  # drafted before the kill
        archived = store.create_document("archived", "ru", "zh", [["Форум прошёл в Якутске."]], ["", "\n"],
                                         user="setup")
        store.set_archived(archived)
    port = free_port()
    server = start_server(db, port, "--model", str(tiny_model), log=tmp_path / "server.log")
    try:
        deadline = time.monotonic() + 120
        with Store(db) as store:
            while time.monotonic() < deadline and not all(r.draft for r in store.segments(half)):
                time.sleep(0.3)
            rows = store.segments(half)
            assert all(r.draft for r in rows), (tmp_path / "server.log").read_text(errors="replace")[-2000:]
            assert rows[0].draft == "代表团抵达雅库茨克。"  # what was drafted is kept
            assert not store.segments(archived)[0].draft
    finally:
        stop(server)
