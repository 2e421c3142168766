"""What both benchmark scripts share: running a child process and describing the machine.

A child's wall time and peak memory are measured the same way in
:mod:`bench.run` and :mod:`bench.search`, so their numbers can be compared.
"""

from __future__ import annotations

import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
WORK = ROOT / "bench" / "work"
RESULTS = ROOT / "bench" / "results"


def log(*parts: object) -> None:
    print("[bench]", *parts, file=sys.stderr, flush=True)


def median(values: Iterable[float | None]) -> float | None:
    """Median of the measured values; None (never measured) is left out, all None gives None."""
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT)
    e["NO_MKDOCS_2_WARNING"] = "1"
    e["PYTHONDONTWRITEBYTECODE"] = "1"
    e.pop("OFFLINE", None)
    return e


def peak_rss_mb(pid: int | str = "self") -> float | None:
    """Peak resident memory of one process (``VmHWM``), in MB; None once it has exited.

    Not ``ru_maxrss``: Linux carries the parent's peak over into a child's at
    exec, so every child of this (pypinyin-laden) process would read at least
    the parent's size, and small builds would all show the same number.
    """
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, flags=re.M)
    return int(found.group(1)) / 1024 if found else None


_PR_SET_CHILD_SUBREAPER = 36


def _adopting(on: bool) -> bool:
    """Make this process the parent of its descendants whose own parent ends before them (Linux
    ``prctl(PR_SET_CHILD_SUBREAPER)``), or stop; False where it cannot."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(_PR_SET_CHILD_SUBREAPER, int(on), 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def _children() -> set[int]:
    """This process's children now (Linux)."""
    found: set[int] = set()
    for task in Path("/proc/self/task").glob("*/children"):
        try:
            found.update(int(pid) for pid in task.read_text().split())
        except OSError:
            pass
    return found


def run(cmd: list[str], cwd: Path, extra_env: dict[str, str] | None = None,
        timeout: float = 3600) -> dict:
    """Run *cmd*; returns wall time (until the child ends), CPU time (user and system, of the
    child and of every process it started: those it waited for, and those left running when it
    ended, such as the generator's writers of caches for the next run, which are waited for here
    after the wall time is taken), this child's peak RSS (polled VmHWM) and output."""
    e = env()
    e.update(extra_env or {})
    out_path = cwd / ".bench-out.txt"
    before = _children()
    adopting = _adopting(True)
    with out_path.open("w+b") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=e, stdout=out, stderr=subprocess.STDOUT)
        deadline = start + timeout
        peak = 0.0
        while True:
            peak = max(peak, peak_rss_mb(proc.pid) or 0.0)
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                raise TimeoutError(" ".join(cmd))
            time.sleep(0.01)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        cpu = usage.ru_utime + usage.ru_stime
        if adopting:
            cpu += _left_behind(before)
            _adopting(False)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    out_path.unlink(missing_ok=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{text[-4000:]}")
    return {"wall": wall, "cpu": cpu, "peak_rss_mb": peak or usage.ru_maxrss / 1024, "output": text}


def _left_behind(before: set[int]) -> float:
    """CPU time of the descendants a child left running when it ended (adopted by this process,
    see :func:`_adopting`), each waited for; *before*: this process's children before the child."""
    cpu = 0.0
    while True:
        left = _children() - before
        if not left:
            return cpu
        for pid in left:
            try:
                _, _, usage = os.wait4(pid, 0)
            except ChildProcessError:
                continue
            cpu += usage.ru_utime + usage.ru_stime


def tree_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def machine_info() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    freeze = [line for line in subprocess.run([PY, "-m", "pip", "freeze", "--disable-pip-version-check"],
                                              capture_output=True, text=True).stdout.splitlines()
              if line.strip() and not line.startswith(("#", "-e "))]
    try:
        chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True,
                                  text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        chromium = "unavailable"
    mem = ""
    try:
        mem = next(row.split(":", 1)[1].strip() for row in Path("/proc/meminfo").read_text().splitlines()
                   if row.startswith("MemTotal"))
    except (OSError, StopIteration):
        pass
    material = next((line.split("==", 1)[1] for line in freeze if line.lower().startswith("mkdocs-material==")), "")
    return {"cpu": cpu, "cores": os.cpu_count(), "memory": mem, "python": platform.python_version(),
            "platform": platform.platform(), "chromium": chromium, "packages": freeze, "material": material,
            "load_average_at_start": os.getloadavg()}


def save_sizes(name: str, measured: list[dict], repeat: int, budget: dict, merge: bool,
               report: Callable[[dict], str]) -> str:
    """Write ``RESULTS/<name>.json`` and ``<name>.md``: the sizes measured now (each a dict with
    ``n``) and, with *merge*, the sizes already there that this run did not measure. Returns
    the report."""
    out = RESULTS / f"{name}.json"
    previous = json.loads(out.read_text("utf-8")) if merge and out.exists() else {"sizes": []}
    now = {r["n"] for r in measured}
    keep = [r for r in previous["sizes"] if r["n"] not in now]
    results = {"date": time.strftime("%Y-%m-%d %H:%M"), "repeat": repeat, "machine": machine_info(),
               "budget": budget, "sizes": sorted(keep + measured, key=lambda r: r["n"])}
    RESULTS.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")
    text = report(results)
    (RESULTS / f"{name}.md").write_text(text, "utf-8")
    return text
