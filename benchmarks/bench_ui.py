"""Benchmark: how long a translator waits in the review workbench.

Run ``python benchmarks/bench_ui.py [--model PATH|random] [--calls 20]``. The app runs in this process
(``prevent_thread_lock``) on a free port over a temporary database, and is driven through
``gradio_client`` as the browser would drive it. Two figures:

1. **Re-translate**: p50/p95 of the ``/alternatives`` handler for a 40-word sentence (N calls), measured
   inside the handler (server-side) and around the client call (server + HTTP + queue). Baseline: the bare
   ``Pipeline.alternatives`` call on the same pipeline, same sentence, in the same process.
2. **First draft visible**: from the import request of a 30-segment document to the first ``set_draft``
   in the store (the model already loaded, as on a running server), and to the last one. Baselines: the
   bare pipeline translating the first chunk (4 segments), and all 30.

Without ``--model`` the shipped model is used; ``random`` builds the tiny random test model (its timings
say nothing about a trained model's speed, only about the overheads of the UI).
"""

from __future__ import annotations

import argparse
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SAMPLE = ROOT / "examples" / "heihe-delegation-2024.ru.txt"

SENTENCE_40 = (
    "26 марта глава города Якутска Евгений Григорьев встретился с делегацией Народного правительства "
    "города Хэйхэ под руководством заместителя мэра господина Цзин Цюаня и обсудил с гостями вопросы "
    "дальнейшего сотрудничества в области образования, культуры, туризма, торговли "
    "между двумя городами-побратимами на пять лет."
)

FALLBACK_DOCUMENT = " ".join(
    f"Делегация города Хэйхэ провела в Якутске встречу номер {i} с представителями городской администрации."
    for i in range(30)
)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def document_of(count: int) -> str:
    """*count* sentences of the sample press release (one paragraph each), or a synthetic text."""
    from workbench.segment import split_sentences

    if not SAMPLE.exists():
        return FALLBACK_DOCUMENT
    text = SAMPLE.read_text(encoding="utf-8")
    sentences = [s for paragraph in text.split("\n") for s in split_sentences(paragraph.strip(), "ru") if s]
    while len(sentences) < count:
        sentences += sentences
    return "\n\n".join(sentences[:count])


def resolve_model(name: str | None) -> str:
    if name == "random":
        from tests.conftest import build_tiny_model

        return str(build_tiny_model(Path(tempfile.mkdtemp(prefix="bench-ui-model-"))))
    if name:
        return name
    from workbench.models import default_model

    return default_model("ru", "zh")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, timeout: float = 600, step: float = 0.005) -> float:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if predicate():
            return time.perf_counter()
        time.sleep(step)
    raise TimeoutError("gave up waiting")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", help="model directory or hub id; 'random': the tiny test model "
                                        "(default: the shipped model)")
    parser.add_argument("--calls", type=int, default=20, help="re-translate calls to time (default 20)")
    parser.add_argument("--segments", type=int, default=30, help="segments of the drafted document (default 30)")
    args = parser.parse_args(argv)

    from gradio_client import Client

    from workbench.store import Store
    from workbench.ui import build_app, launch_app

    model = resolve_model(args.model)
    words = len(SENTENCE_40.split())
    store = Store(Path(tempfile.mkdtemp(prefix="bench-ui-")) / "bench.db")
    app = build_app(store, model=model)
    port = free_port()
    launch_app(app, port=port, prevent_thread_lock=True)
    client = Client(f"http://127.0.0.1:{port}/", verbose=False)
    wb = app.workbench
    print(f"model: {model}")

    started = time.perf_counter()
    pipeline, lock = wb.pipelines.get("ru", "zh")
    print(f"loading the pipeline (model + glossary): {time.perf_counter() - started:.2f} s (once per direction)")

    # 1. Re-translate a 40-word sentence.
    doc = client.predict(SENTENCE_40, "bench-retranslate", "ru-zh", api_name="/import_text")
    wb.drafting.wait(doc["doc_id"])
    seg_id = store.segments(doc["doc_id"])[0].id
    source = store.segments(doc["doc_id"])[0].source
    for _ in range(2):  # warm-up: term matchers, inflection caches, allocator
        client.predict(seg_id, 3, api_name="/alternatives")
    # Interleaved, so that load from other processes falls on both series alike.
    server, round_trip, bare = [], [], []
    for _ in range(args.calls):
        t0 = time.perf_counter()
        with lock:
            pipeline.alternatives(source, 3)
        bare.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        result = client.predict(seg_id, 3, api_name="/alternatives")
        round_trip.append(time.perf_counter() - t0)
        server.append(result["seconds"])
    b95 = percentile(bare, 95)
    print(f"\nre-translate, {words}-word sentence, n-best 3, N={args.calls}:")
    print(f"  bare Pipeline.alternatives   p50 {statistics.median(bare):7.3f} s  p95 {b95:7.3f} s  (baseline)")
    for label, values in (("/alternatives handler", server), ("client round trip", round_trip)):
        p95 = percentile(values, 95)
        print(f"  {label:28} p50 {statistics.median(values):7.3f} s  p95 {p95:7.3f} s  "
              f"×{p95 / b95:.2f} of baseline p95 (+{(p95 - b95) * 1000:.0f} ms)")

    # 2. First draft of a 30-segment document.
    text = document_of(args.segments)
    t0 = time.perf_counter()
    doc = client.predict(text, "bench-drafting", "ru-zh", api_name="/import_text")
    imported = time.perf_counter()
    doc_id = doc["doc_id"]
    first = wait_until(lambda: any(r.draft for r in store.segments(doc_id)))
    wb.drafting.wait(doc_id)
    last = time.perf_counter()
    rows = store.segments(doc_id)
    sources = [r.source for r in rows]
    t1 = time.perf_counter()
    with lock:
        pipeline.translate_sentences(sources[:4], batch_size=4)
    bare_first = time.perf_counter() - t1
    t1 = time.perf_counter()
    with lock:
        pipeline.translate_sentences(sources, batch_size=4)
    bare_all = time.perf_counter() - t1
    print(f"\nfirst draft visible, {len(rows)}-segment document (model loaded):")
    print(f"  import request answered       {imported - t0:7.3f} s")
    print(f"  import → first draft stored   {first - t0:7.3f} s  ×{(first - t0) / bare_first:.2f} of "
          f"bare first chunk ({bare_first:.3f} s, 4 segments)")
    print(f"  import → all drafts stored    {last - t0:7.3f} s  ×{(last - t0) / bare_all:.2f} of "
          f"bare whole document ({bare_all:.3f} s)")
    print(f"  the translator waits {(first - t0) / (last - t0):.0%} of the whole drafting time for the first draft")

    wb.drafting.stop()
    app.close()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
