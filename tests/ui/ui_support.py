"""Helpers of the review-workbench tests: a fast fake engine, free ports, a server subprocess."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from workbench.testing import FakeTranslator

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url: str, timeout: float = 90.0, process: subprocess.Popen | None = None) -> None:
    """Poll *url* until it answers (fails early when *process* died)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


def start_server(db: Path, port: int, *args: str, log: Path | None = None) -> subprocess.Popen:
    """``python app.py --db DB --port PORT ...`` as a subprocess, ready when this returns."""
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_VERBOSITY="error", GRADIO_ANALYTICS_ENABLED="False")
    output = open(log, "wb") if log else subprocess.DEVNULL
    process = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--db", str(db), "--port", str(port), *args],
                               cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/", process=process)
    except Exception:
        process.kill()
        process.wait()
        if log:
            sys.stderr.write(Path(log).read_text(errors="replace")[-3000:])
        raise
    return process


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


__all__ = ["ROOT", "FakeTranslator", "free_port", "start_server", "stop", "wait_for_http"]
