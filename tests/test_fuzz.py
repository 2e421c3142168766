"""Fuzz the loader and the Markdown path in a child process with memory and time limits."""

from __future__ import annotations

import re
import resource
import subprocess
import sys

from .conftest import ROOT, run_env

MEMORY = 2 * 1024 ** 3
"""Address space for the child: an alias bomb or runaway recursion hits this, not the machine."""
CPU_SECONDS = 240


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def test_loader_and_markdown_survive_fuzzing() -> None:
    done = subprocess.run([sys.executable, "-m", "tests.fuzz_worker", "300"], cwd=ROOT, env=run_env(),
                          capture_output=True, text=True, timeout=300, preexec_fn=_limits)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    report = re.search(r"accepted by check (\d+), refused (\d+); slowest loader ([\d.]+) s, "
                       r"slowest Markdown ([\d.]+) s", done.stdout)
    assert report, done.stdout
    accepted, refused, loader, markdown = report.groups()
    assert int(accepted) >= 100 and int(refused) >= 30  # both sides of check were exercised
    assert float(loader) < 2 and float(markdown) < 2


def test_memory_limit_is_real() -> None:
    """The limit used above does stop a child that tries to allocate too much."""
    done = subprocess.run([sys.executable, "-c", "x = bytearray(3 * 1024 ** 3)"], capture_output=True,
                          timeout=60, preexec_fn=_limits)
    assert done.returncode != 0 and b"MemoryError" in done.stderr
