"""The load benchmark's server and load generator: gunicorn and wrk, both on loopback.

- `server()` starts gunicorn (sync workers, DEBUG off, static files through WhiteNoise) under
  `config.settings.benchmark` on a free port of 127.0.0.1, waits until the bare view answers,
  and stops it afterwards.
- `probe()` fetches an address once and checks its answer (200, the expected text), so that a
  redirect to sign in or an error page is never measured in a page's place.
- `measure()` runs wrk against one address for a fixed time with a fixed number of
  connections and returns requests/s and latency percentiles.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from .common import ROOT

LUA_REPORT = Path(__file__).with_name("wrk_report.lua")
HOST = "127.0.0.1"
#: The bare reference view's address (config.urls_benchmark.BARE_VIEW_PATH).
BARE_PATH = "/benchmark/bare/"


def wrk_path() -> str:
    path = shutil.which("wrk")
    if not path:
        raise SystemExit(
            "The load benchmark needs wrk, the HTTP load generator. Install it with: "
            "sudo apt-get install wrk"
        )
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextmanager
def server(env: dict, *, workers: int = 2, log: Path):
    """gunicorn serving the site on loopback; yields its base URL."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    if not gunicorn.exists():
        raise SystemExit("gunicorn is not installed: .venv/bin/pip install -e '.[dev]'")
    port = _free_port()
    command = [
        str(gunicorn),
        "config.wsgi:application",
        f"--bind={HOST}:{port}",
        f"--workers={workers}",
        "--worker-class=sync",
        "--timeout=120",
        "--log-level=warning",
    ]
    with open(log, "a") as output:
        process = subprocess.Popen(  # noqa: S603 - our own server, our own arguments
            command,
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://{HOST}:{port}"
    try:
        _wait_until_up(process, base + BARE_PATH, log)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(process, url: str, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped at start; its log:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310 - loopback
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer within {timeout:.0f} s; its log is {log}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def probe(base: str, target: dict) -> dict:
    """One GET; raises SystemExit unless it answers 200 with the expected text."""
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(base + target["path"], headers=target["headers"])  # noqa: S310
    where = f"{target['label']} ({target['role']}) {target['path']}"
    started = time.perf_counter()
    try:
        with opener.open(request, timeout=120) as answer:
            body = answer.read()
            status = answer.status
    except urllib.error.HTTPError as error:
        raise SystemExit(f"{where} answered {error.code}, not 200: nothing to measure.") from None
    seconds = time.perf_counter() - started
    if status != 200:
        raise SystemExit(f"{where} answered {status}, not 200: nothing to measure.")
    if target["expect"] and target["expect"].encode() not in body:
        raise SystemExit(f"{where} answered without {target['expect']!r}: not the page itself.")
    return {"bytes": len(body), "first_ms": round(seconds * 1000, 1)}


def measure(base: str, target: dict, *, seconds: int, connections: int, warmup: int) -> dict:
    """wrk against one address: requests/s, p50 and p99 in milliseconds, errors."""
    if warmup:
        _wrk(base, target, seconds=warmup, connections=connections)
    report = _wrk(base, target, seconds=seconds, connections=connections)
    duration = report["duration_us"] / 1_000_000
    errors = sum(report["errors"].values())
    return {
        "requests": report["requests"],
        "rps": round(report["requests"] / duration, 1) if duration else 0.0,
        "p50_ms": round(report["p50_us"] / 1000, 2),
        "p99_ms": round(report["p99_us"] / 1000, 2),
        "errors": errors,
    }


def _wrk(base: str, target: dict, *, seconds: int, connections: int) -> dict:
    command = [
        wrk_path(),
        "--threads=1",
        f"--connections={connections}",
        f"--duration={seconds}s",
        "--timeout=60s",
        f"--script={LUA_REPORT}",
    ]
    for name, value in target["headers"].items():
        command += ["--header", f"{name}: {value}"]
    command.append(base + target["path"])
    completed = subprocess.run(  # noqa: S603 - wrk, our own arguments
        command, capture_output=True, text=True, check=False, timeout=seconds + 120
    )
    for line in completed.stdout.splitlines():
        if line.startswith("WRK_JSON "):
            return json.loads(line.removeprefix("WRK_JSON "))
    raise SystemExit(f"wrk gave no report for {target['path']}:\n{completed.stderr}")
