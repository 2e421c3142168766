"""Editing a case while ``mkdocs serve`` runs: how long until the served page, and the
served search index, show the edit (what a contributor previewing an edit waits for)."""

from __future__ import annotations

import re
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from bench import corpus
from bench.common import PY, env, log, median


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return None


def wait_idle(log_path: Path, quiet: float = 3.0, limit: float = 120) -> float:
    """Wait until ``mkdocs serve`` has finished its rebuilds; returns the seconds waited.

    Gives up after *limit* seconds: under ``--dirty`` the server rebuilds in a
    loop (see the report's rebuild count), so it never goes idle.
    """
    start = time.perf_counter()
    last, since = b"", time.perf_counter()
    while time.perf_counter() - start < limit:
        data = log_path.read_bytes()
        if data != last:
            last, since = data, time.perf_counter()
        lines = [row for row in data.decode("utf-8", "replace").splitlines() if row.strip()]
        done = bool(lines) and ("Reloading browsers" in lines[-1] or "Serving on" in lines[-1])
        if done and time.perf_counter() - since >= quiet:
            break
        time.sleep(0.2)
    return time.perf_counter() - start


META_VERSION = re.compile(r'"version":\s*"([0-9a-f]+)"')


def index_version(base: str) -> str | None:
    """The version stamp of the served search index (``library/search/meta.js``)."""
    found = META_VERSION.search(fetch(base + "library/search/meta.js") or "")
    return found.group(1) if found else None


def measure_serve(work: Path, kind: str, edits: int, serial: int, dirty: bool) -> dict:
    """Edit a case while ``mkdocs serve`` runs; time until the served page, and the served
    search index, show the edit."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    cmd = [PY, "-m", "mkdocs", "serve", "-f", f"mkdocs-{kind}.yml", "--dev-addr", f"127.0.0.1:{port}"]
    if dirty:  # as the Makefile's serve target runs it (strict, as configured)
        cmd += ["--dirty"]
    log_path = work / f"serve-{kind}{'-dirty' if dirty else ''}.log"
    slug = sorted((work / "data" / "cases").glob("*.md"))[0].stem
    page_url = f"{base}library/cases/{slug}.html"
    with log_path.open("wb") as out:
        # As a user's make serve runs: the installed generator, no PYTHONPATH, no Word/PDF.
        user = {k: v for k, v in env().items() if k != "PYTHONPATH"}
        proc = subprocess.Popen(cmd, cwd=work, env={**user, "HANDBOOK_EXPORTS": "0"}, stdout=out,
                                stderr=subprocess.STDOUT)
        try:
            start = time.perf_counter()
            while fetch(base + "index.html") is None:
                if proc.poll() is not None or time.perf_counter() - start > 1800:
                    raise RuntimeError(f"mkdocs serve did not start; see {log_path}")
                time.sleep(0.2)
            first_build = time.perf_counter() - start
            wait_idle(log_path)
            times: list[float] = []
            index_times: list[float | None] = []
            idle: list[float] = []
            for k in range(edits):
                before = index_version(base)
                _, marker = corpus.edit_case(work, serial + k)
                t0 = time.perf_counter()
                seen: float | None = None
                indexed: float | None = None
                while seen is None or indexed is None:
                    if seen is None:
                        body = fetch(page_url)
                        if body and marker in body:
                            seen = time.perf_counter() - t0
                    if indexed is None:
                        version = index_version(base)
                        if version and version != before:
                            indexed = time.perf_counter() - t0
                    if time.perf_counter() - t0 > 900:
                        if seen is None:
                            raise TimeoutError(f"edit not visible after 900 s; see {log_path}")
                        break  # page updated, index never did: recorded as None
                    time.sleep(0.05)
                times.append(seen)
                index_times.append(indexed)
                log(f"  serve{' --dirty' if dirty else ''} edit visible after {seen:.2f}s, "
                    f"search index after {'—' if indexed is None else f'{indexed:.2f}s'}")
                # Where the server polls, the regenerated pages start a follow-up rebuild: wait for it,
                # so the next edit sees an idle server.
                idle.append(wait_idle(log_path))
            builds_before = log_path.read_text("utf-8", "replace").count("Building documentation")
            time.sleep(10)
            looping = log_path.read_text("utf-8", "replace").count("Building documentation") > builds_before
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    text = log_path.read_text("utf-8", "replace")
    return {"rebuilding_with_no_edit": looping, "first_build_s": first_build,
            "edit_visible_s": median(times), "samples_s": times,
            "edit_to_index_s": median(index_times), "index_samples_s": index_times,
            "index_updated_every_edit": all(t is not None for t in index_times),
            "edit_to_idle_s": median([t + i for t, i in zip(times, idle)]),
            "rebuilds_logged": text.count("Building documentation")}
