"""`make check` in CI: problems become annotations on the file and line (generator/annotate.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.__main__ import main
from generator.annotate import code_quality, escape_data, escape_property, workflow_command
from generator.errors import DataError

from .conftest import ROOT, run_env

BROKEN = Path(__file__).parent / "broken"


def make_check(project: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``make check`` in *project* exactly as a contributor or CI job does."""
    shutil.copy2(ROOT / "Makefile", project / "Makefile")
    shutil.copy2(ROOT / "requirements.txt", project / "requirements.txt")
    venv = ROOT / ".venv"
    return subprocess.run(
        ["make", "-s", f"VENV={venv}", "-o", f"{venv}/.installed", "check"],
        cwd=project, capture_output=True, text=True, env={**run_env(), **env})


def check_here(project: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
               **env: str) -> tuple[int, str]:
    """``check`` in this process with *env* as the CI's variables (faster than a new Python)."""
    for name in ("GITHUB_ACTIONS", "GITEA_ACTIONS", "GITLAB_CI"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    capfd.readouterr()
    code = main(["--root", str(project), "check"])
    return code, capfd.readouterr().out


def break_case(project: Path, name: str) -> None:
    shutil.copy(BROKEN / name, project / "data" / "cases" / name)


def test_github_actions_gets_error_lines_on_file_and_line(project: Path) -> None:
    break_case(project, "unknown-tag.md")
    break_case(project, "year-out-of-range.md")
    result = make_check(project, GITHUB_ACTIONS="true")
    assert result.returncode != 0
    # errors only: the short broken files also get the 资料有限 warning, as annotations of their own
    commands = [line for line in result.stdout.splitlines() if line.startswith("::error")]
    assert ("::error file=data/cases/unknown-tag.md,line=7,title=案例检查：标签::"
            "未知的标签“邻理中心”（tags）（是不是“邻里中心”") in "\n".join(commands)
    assert any(c.startswith("::error file=data/cases/year-out-of-range.md,line=3,") for c in commands)
    assert len(commands) == 2
    # The plain messages are still printed for people reading the log.
    assert "data/cases/unknown-tag.md:7: 未知的标签“邻理中心”" in result.stderr


def test_gitea_actions_gets_the_same_commands(project: Path, capfd, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    break_case(project, "missing-section.md")
    code, out = check_here(project, capfd, monkeypatch, GITEA_ACTIONS="true")
    assert code == 1
    assert "::error file=data/cases/missing-section.md,line=10," in out


def test_draft_problems_are_warnings(project: Path, capfd, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    text = (BROKEN / "unknown-tag.md").read_text(encoding="utf-8")
    draft = text.replace("---\n", "---\ndraft: true\n", 1)
    (project / "data" / "cases" / "draft-tag.md").write_text(draft, encoding="utf-8")
    code, out = check_here(project, capfd, monkeypatch, GITHUB_ACTIONS="true")
    assert code == 0
    assert "::warning file=data/cases/draft-tag.md,line=8,title=案例检查：标签::" in out
    assert "::error" not in out


def test_gitlab_gets_a_code_quality_report(project: Path) -> None:
    break_case(project, "unknown-source.md")
    result = make_check(project, GITLAB_CI="true")
    assert result.returncode != 0
    assert "::" not in result.stdout
    report = json.loads((project / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    errors = [item for item in report if item["severity"] == "major"]
    assert len(errors) == 1
    assert {item["severity"] for item in report} <= {"major", "minor"}
    issue = errors[0]
    assert issue["location"] == {"path": "data/cases/unknown-source.md", "lines": {"begin": 7}}
    assert issue["severity"] == "major"
    assert issue["description"].startswith("未知的来源“ceshi-laiyuan2”")
    assert len(issue["fingerprint"]) == 64


def test_gitlab_report_is_emptied_when_problems_are_fixed(project: Path, capfd, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    report = project / "gl-code-quality-report.json"
    report.write_text('[{"description": "上一次的问题"}]', encoding="utf-8")
    code, out = check_here(project, capfd, monkeypatch, GITLAB_CI="true")
    assert code == 0 and "::error" not in out
    report = json.loads((project / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert all(item["severity"] == "minor" for item in report)   # only this run's warnings (资料有限)
    assert "上一次的问题" not in json.dumps(report, ensure_ascii=False)


def test_outside_ci_output_is_unchanged(project: Path) -> None:
    break_case(project, "unknown-tag.md")
    result = make_check(project)
    assert "::" not in result.stdout + result.stderr
    assert not (project / "gl-code-quality-report.json").exists()
    assert "data/cases/unknown-tag.md:7: 未知的标签“邻理中心”" in result.stderr


def test_escaping_follows_githubs_rules() -> None:
    assert escape_data("50%\r\n下一行") == "50%25%0D%0A下一行"
    assert escape_property("a,b:c%") == "a%2Cb%3Ac%25"
    item = DataError("data/cases/a,b.md", 0, "第一行\n第二行", "改法")
    assert workflow_command(item) == "::error file=data/cases/a%2Cb.md,title=案例检查::第一行%0A第二行（改法）"


def test_fingerprints_are_unique_and_do_not_depend_on_the_line() -> None:
    one = DataError("data/cases/x.md", 3, "同一个问题")
    same_moved = DataError("data/cases/x.md", 9, "同一个问题")
    first = code_quality([one, same_moved])
    assert first[0]["fingerprint"] != first[1]["fingerprint"]
    assert code_quality([same_moved])[0]["fingerprint"] == first[0]["fingerprint"]
    assert code_quality([DataError("data/x.yml", 0, "整个文件")])[0]["location"]["lines"]["begin"] == 1
