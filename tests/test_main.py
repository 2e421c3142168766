"""The command line's way out (generator/__main__.py: leave)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import ROOT, run_env


def _buffered() -> dict[str, str]:
    """As a user's shell starts it: output to a pipe is buffered until flushed."""
    return {k: v for k, v in run_env().items() if k != "PYTHONUNBUFFERED"}


def _python(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True,
                          env=_buffered(), cwd=ROOT, timeout=120)


def generate(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return _python("-m", "generator", "--root", str(project), *args)


def test_a_command_to_a_pipe_says_everything_and_its_code(project: Path) -> None:
    (project / "data" / "cases" / "坏文件.md").write_text("---\ntitle: [\n---\n", "utf-8")
    checked = generate(project, "check")   # output to pipes: buffered until flushed
    assert checked.returncode == 1
    assert "坏文件.md" in checked.stderr
    built = generate(project, "build")
    assert built.returncode == 1 and "生成失败" in built.stderr
    (project / "data" / "cases" / "坏文件.md").unlink()
    built = generate(project, "build")
    assert built.returncode == 0 and "已生成" in built.stdout


def test_exit_handlers_run_and_output_is_flushed() -> None:
    done = _python("-c", "import atexit\nfrom generator.__main__ import leave\n"
                   "atexit.register(lambda: print('收尾'))\nprint('输出', end='')\nleave(3)")
    assert done.returncode == 3
    assert done.stdout == "输出收尾\n"


def test_a_running_thread_is_waited_for() -> None:
    done = _python("-c", "import threading, time\nfrom generator.__main__ import leave\n"
                   "threading.Thread(target=lambda: (time.sleep(0.3), print('线程完成'))).start()\n"
                   "leave(0)")
    assert done.returncode == 0
    assert "线程完成" in done.stdout
