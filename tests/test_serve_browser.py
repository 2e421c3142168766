"""``make serve``: an edit under data/ shows up in the open browser page, and in every other
page it touches, though MkDocs rebuilds only the pages that changed (``--dirty``, as the
Makefile runs it, in strict mode)."""

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
    server = subprocess.Popen(   # the Makefile's serve target, with this interpreter's MkDocs
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, env={**run_env(), "HANDBOOK_EXPORTS": "0"}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
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
        # A new title must reach the pages that list the case, which the edit did not touch
        # as files MkDocs watches: the generator rewrites them, the dirty build renders them.
        text = case.read_text("utf-8")
        case.write_text(text.replace("title: 邻里中心", "title: 邻里服务中心", 1), "utf-8")
        wait_until(page, "!!document.body && document.body.innerText.includes('邻里服务中心')", 30)
        page.goto(url.replace("cases/linli-zhongxin.html", "az.html"))
        assert "邻里服务中心" in page.inner_text("article")
        time.sleep(1)   # the follow-up rebuild (the generator's own writes) has run: no loop, no error
        server.terminate()
        output = server.communicate(timeout=20)[0]
        assert "Aborted" not in output and "ERROR" not in output, output[-2000:]
        assert output.count("Building documentation") <= 8, output[-2000:]
        context.close()
        assert guard.blocked == []
    finally:
        server.terminate()
        server.wait(timeout=10)
