"""Every command README and CONTRIBUTING give, run exactly as the Makefile starts it, in a clean clone.

The clone is the committed tree (plus files not yet committed but not ignored),
with no virtualenv, no generated pages and no ``PYTHONPATH``: what a new
contributor has after ``git clone``. ``make build`` sets it up from nothing.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.clone


def user_env() -> dict[str, str]:
    """The environment of a person at a shell: nothing pointing into this checkout."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME") and not k.startswith("PYTEST")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if not p.startswith(str(ROOT)))
    return env


def make(clone: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", *args], cwd=clone, env=user_env(), capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("clone") / "handbook"
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        source = ROOT / rel
        if source.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / rel)
    built = make(dest, "build", timeout=900)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    return dest


def test_make_build_sets_up_everything(clone: Path) -> None:
    assert (clone / "site" / "index.html").exists()
    assert (clone / "site" / "library" / "search" / "worker.js").exists()
    assert (clone / "site" / "library" / "cases" / "linli-zhongxin.html").exists()


def test_make_check(clone: Path) -> None:
    result = make(clone, "check")
    assert result.returncode == 0, result.stderr
    assert "检查通过" in result.stdout


def test_make_new_then_check_names_the_file(clone: Path) -> None:
    result = make(clone, "new", "TITLE=社区议事厅试点")
    assert result.returncode == 0, result.stderr
    created = [p for p in (clone / "data" / "cases").glob("*.md") if "shequ-yishiting" in p.name]
    assert created, result.stdout
    check = make(clone, "check")
    for path in created:
        path.unlink()
    assert created[0].name in check.stdout + check.stderr or check.returncode == 0


def test_make_offline_writes_the_bundle(clone: Path) -> None:
    result = make(clone, "offline", timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (clone / "dist" / "handbook-offline.zip").stat().st_size > 100_000


def test_make_import_dry_run(clone: Path, tmp_path: Path) -> None:
    doc = tmp_path / "讲话.txt"
    doc.write_text("在社区工作会议上的讲话\n\n今年我们推行“楼道议事会”制度，每月召开一次。\n", "utf-8")
    result = make(clone, "import", f"FILE={doc} --dry-run")
    assert result.returncode == 0, result.stdout + result.stderr


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    """The page, or "" while the server is busy rebuilding."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except TimeoutError:
        return ""


def test_make_serve_on_a_chosen_port_shows_an_edit(clone: Path) -> None:
    port = free_port()
    server = subprocess.Popen(["make", "serve", f"PORT={port}"], cwd=clone, env=user_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              start_new_session=True)
    url = f"http://127.0.0.1:{port}/library/cases/linli-zhongxin.html"
    case = clone / "data" / "cases" / "linli-zhongxin.md"
    original = case.read_text("utf-8")
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                page = fetch(url)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    output = server.stdout.read() if server.poll() is not None else ""
                    pytest.fail(f"make serve did not come up: {output[-3000:]}")
                time.sleep(0.5)
        assert "邻里中心" in page
        case.write_text(original.replace("## 概要\n\n", "## 概要\n\n预览测试改动。", 1), "utf-8")
        deadline = time.monotonic() + 120
        while "预览测试改动" not in fetch(url):
            assert time.monotonic() < deadline, "edit did not show"
            time.sleep(0.5)
    finally:
        case.write_text(original, "utf-8")
        os.killpg(server.pid, 15)
        server.wait(timeout=20)
    output = server.stdout.read() if server.stdout else ""
    assert "已重新生成" in output, output[-3000:]
    assert "Warning" not in output and "Traceback" not in output, output[-3000:]
