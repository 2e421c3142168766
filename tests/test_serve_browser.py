"""``make serve``: an edit under data/ shows up in the open browser page."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .browser import Guard, wait_until
from .conftest import generate, run_env

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_edit_in_data_reloads_the_preview(project: Path, browser) -> None:  # type: ignore[no-untyped-def]
    assert generate(project, "build").returncode == 0
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, env=run_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = f"http://127.0.0.1:{port}/library/cases/linli-zhongxin.html"
        context = browser.new_context()
        guard = Guard(context)
        page = context.new_page()
        deadline = time.monotonic() + 60
        while True:
            try:
                page.goto(url)
                break
            except Exception:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.5)
        assert "测试案例：小区里的服务阵地" in page.content()
        case = project / "data/cases/linli-zhongxin.md"
        case.write_text(case.read_text("utf-8").replace("小区里的服务阵地", "刚刚改过的服务阵地"), "utf-8")
        started = time.monotonic()
        wait_until(page, "!!document.body && document.body.innerText.includes('刚刚改过的服务阵地')", 30)
        print(f"edit visible after {time.monotonic() - started:.2f} s")
        context.close()
        assert guard.blocked == []
    finally:
        server.terminate()
        server.wait(timeout=10)
