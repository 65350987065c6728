"""Benchmark: a team on one server — 20 simulated translators opening and saving segments at once.

Run ``python benchmarks/bench_team.py [--users 20] [--rounds 10]``. ``python app.py`` runs as a server
process on a free port over a temporary database holding the sample press release, already drafted (the
model stays idle: only the workbench's own costs are measured); each user is a ``gradio_client`` client in a thread
that, per round, opens a segment of its own (over Gradio's REST protocol with one session per user, as a
browser tab has) (``/tm_matches`` and ``/history``: what the editor shows
beside the text) and saves it (``/save_segment``, approved). Prints p50/p95 of an open and of a save,
errors, the server process's CPU share (from ``/proc``: the clients' own work is not in it), checks that
every acknowledged save is in the export, and times page loads with the sample document. Baseline: the
same calls made by one user alone, in the same process.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "ui"))
SAMPLE = ROOT / "examples" / "heihe-delegation-2024.ru.txt"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share / 100 * (len(ordered) - 1))))]


class Caller:
    """Gradio's REST protocol over one HTTP connection and one session: POST ``/gradio_api/call/NAME``, then
    read the result from its event stream.

    Lighter than ``gradio_client``: twenty of those in the benchmark's process took the two cores (an
    earlier measurement timed them: open p95 2.2 s while the server used 0.16 cores). One session per user
    as a browser tab has: a call without one makes Gradio build a session's state for all of the page's
    components (about 25 ms of the server's time per call)."""

    def __init__(self, url: str):
        import httpx

        import uuid

        self.url = url.rstrip("/")
        self.http = httpx.Client(timeout=60)
        self.session = uuid.uuid4().hex[:11]  # one session per user, as a browser tab has

    def predict(self, *data, api_name: str):
        import json

        name = api_name.strip("/")
        event = self.http.post(f"{self.url}/gradio_api/call/{name}", json={"data": list(data), "session_hash": self.session})
        event.raise_for_status()
        event_id = event.json()["event_id"]
        kind = None
        with self.http.stream("GET", f"{self.url}/gradio_api/call/{name}/{event_id}") as stream:
            for line in stream.iter_lines():
                if line.startswith("event: "):
                    kind = line[7:]
                elif line.startswith("data: ") and kind in ("complete", "error"):
                    if kind == "error":
                        raise RuntimeError(line[6:])
                    return json.loads(line[6:])[0]
        raise RuntimeError(f"{name}: the event stream ended without a result")


def user(url: str, segment_ids: list[int], rounds: int, opens: list, saves: list, errors: list,
         acknowledged: dict, start: threading.Barrier) -> None:
    client = Caller(url)
    start.wait()
    for number in range(rounds):
        seg_id = segment_ids[number % len(segment_ids)]
        try:
            began = time.perf_counter()
            client.predict(seg_id, api_name="/tm_matches")
            history = client.predict(seg_id, api_name="/history")
            opens.append(time.perf_counter() - began)
            version = history[0]["version"] if history else 1
            text = f"译文 {seg_id}-{number}。"
            began = time.perf_counter()
            result = client.predict(seg_id, text, "approved", version, api_name="/save_segment")
            saves.append(time.perf_counter() - began)
            if result["saved"]:
                acknowledged[seg_id] = text
            else:
                errors.append(f"segment {seg_id}: not saved ({result.get('message', '')})")
        except Exception as err:  # noqa: BLE001 — a benchmark counts failures
            errors.append(f"segment {seg_id}: {type(err).__name__}: {err}")


def run(url: str, store, doc_id: int, users: int, rounds: int) -> dict:
    rows = store.segments(doc_id)
    per_user = [[r.id for r in rows[i::users]] for i in range(users)]
    opens, saves, errors, acknowledged = [], [], [], {}
    barrier = threading.Barrier(users)
    threads = [threading.Thread(target=user, args=(url, ids, rounds, opens, saves, errors, acknowledged, barrier))
               for ids in per_user]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"opens": opens, "saves": saves, "errors": errors, "acknowledged": acknowledged}


def server_cpu_seconds(pid: int) -> float:
    """User + system CPU time of the server process so far (Linux ``/proc``)."""
    import os

    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def page_loads(url: str, times: int = 3) -> list[float]:
    """Seconds from opening *url* in headless Chromium until its document list names the sample and, after a
    click on the editor's tab, the editor shows the segment to do."""
    from browser_support import chromium

    seconds = []
    with chromium() as browser:
        for _ in range(times):
            page = browser.new_context(locale="en-US").new_page()
            began = time.perf_counter()
            page.goto(url)
            page.wait_for_function("() => { const t = document.querySelector('#documents-table');"
                                   " return t && t.innerText.includes('sample'); }", timeout=60_000)
            page.get_by_role("tab", name="Segment editor").click()
            page.wait_for_function("() => { const s = document.querySelector('#source');"
                                   " return s && s.innerText.trim().length > 0; }", timeout=60_000)
            seconds.append(time.perf_counter() - began)
            page.context.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    from ui_support import free_port, start_server, stop
    from workbench.store import Store
    from workbench.ui.importing import import_into

    with tempfile.TemporaryDirectory() as tmp:
        with Store(Path(tmp) / "team.db") as store:
            done = import_into(store, text=SAMPLE.read_text(encoding="utf-8"), name="sample", direction="ru-zh",
                               user="importer")
            for row in store.segments(done.doc_id):  # drafted already: the server's model stays idle
                store.set_draft(row.id, "译文。")
        port = free_port()
        server = start_server(Path(tmp) / "team.db", port)
        url = f"http://127.0.0.1:{port}/"
        try:
            with Store(Path(tmp) / "team.db") as store:
                results = []
                for users, rounds in ((1, args.rounds * 2), (args.users, args.rounds)):
                    cpu, wall = server_cpu_seconds(server.pid), time.perf_counter()
                    result = run(url, store, done.doc_id, users, rounds)
                    result["cpu"] = (server_cpu_seconds(server.pid) - cpu) / (time.perf_counter() - wall)
                    results.append(result)
                alone, team = results
                from workbench.formats import render_document

                exported = render_document(store, done.doc_id, "txt").decode("utf-8")
            loads = page_loads(f"{url}?doc={done.doc_id}")
        finally:
            stop(server)
    for label, result in (("1 user (baseline)", alone), (f"{args.users} users", team)):
        print(f"{label:18} open p50 {statistics.median(result['opens']):6.3f} s  p95 "
              f"{percentile(result['opens'], 95):6.3f} s | save p50 {statistics.median(result['saves']):6.3f} s  "
              f"p95 {percentile(result['saves'], 95):6.3f} s | errors {len(result['errors'])} | "
              f"server CPU {result['cpu']:.2f} cores")
    lost = [seg for seg, text in team["acknowledged"].items() if text not in exported]
    print(f"acknowledged saves missing from the export (txt): {len(lost)} of {len(team['acknowledged'])}")
    print("page load with the sample document, until the editor shows its segment: "
          + ", ".join(f"{seconds:.2f} s" for seconds in loads))
    for error in team["errors"][:5]:
        print("  error:", error)


if __name__ == "__main__":
    main()
