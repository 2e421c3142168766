"""Shared fixtures: a copy of the small fixture project, built once per session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"
CI_MARKERS = ("GITHUB_ACTIONS", "GITEA_ACTIONS", "GITLAB_CI")
"""Left out of subprocess environments: the suite's broken fixtures must not become
annotations on the pull request that runs the suite."""


def make_project(dest: Path, data: Path = FIXTURE_DATA) -> Path:
    """A project tree at *dest*: fixture data plus the real site configuration."""
    shutil.copytree(data, dest / "data")
    for name in ("mkdocs.yml",):
        shutil.copy(ROOT / name, dest / name)
    shutil.copytree(ROOT / "hooks", dest / "hooks")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    shutil.copytree(ROOT / "docs", dest / "docs",
                    ignore=shutil.ignore_patterns("library"))
    return dest


def run_env() -> dict[str, str]:
    """The environment commands get: no PYTHONPATH (the generator is installed into .venv), no CI markers."""
    env = {k: v for k, v in os.environ.items() if k not in CI_MARKERS and k != "PYTHONPATH"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


def generate(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(project), *args],
                          capture_output=True, text=True, env=run_env(), cwd=ROOT)


def mkdocs_build(project: Path, *extra: str, env: dict[str, str] | None = None
                 ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", *extra],
                          capture_output=True, text=True, env={**run_env(), **(env or {})}, cwd=project)


def generate_and_build(project: Path, site: Path | None = None, env: dict[str, str] | None = None,
                       generated: bool = False) -> Path:
    """Generate the pages (unless *generated*), build the site with ``mkdocs build --strict``
    into *site* (default ``project/site``) and fail with MkDocs' output if either step fails."""
    if not generated:
        result = generate(project, "build")
        assert result.returncode == 0, result.stderr
    site = site or project / "site"
    built = mkdocs_build(project, "--site-dir", str(site), env=env)
    assert built.returncode == 0, built.stderr
    return site


@pytest.fixture(autouse=True)
def _outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see the environment of a contributor's machine; CI tests set the variables themselves."""
    for name in CI_MARKERS:
        monkeypatch.delenv(name, raising=False)


@dataclass
class Run:
    """What one in-process run of the command line returned and printed."""

    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def generate_here(capfd: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """``python -m generator --root project …`` in this process (starting Python costs more than the run)."""
    from generator.__main__ import main

    def run(project: Path, *args: str) -> Run:
        capfd.readouterr()
        code = main(["--root", str(project), *args])
        out, err = capfd.readouterr()
        return Run(code, out, err)
    return run


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh, writable copy of the fixture project."""
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project generated and built with ``mkdocs build --strict``."""
    return generate_and_build(make_project(tmp_path_factory.mktemp("site") / "project"))


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's chromium, driven by Playwright (never a downloaded browser)."""
    from .browser import CHROMIUM, FLAGS

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()
