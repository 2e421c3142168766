"""The CI files of the three Git servers wire up annotations, the change summary and downloads."""

from __future__ import annotations

import re

import yaml

from generator.annotate import CODE_QUALITY_FILE

from .conftest import ROOT

GITLAB_EXPOSE_AS = re.compile(r"\A[A-Za-z0-9_][-A-Za-z0-9_ ]*\Z")
"""GitLab's rule for artifacts:expose_as (Ruby's \\w is ASCII): a Chinese name is a config error."""


def load(path: str) -> dict:
    return yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))


def steps(path: str) -> list[dict]:
    return load(path)["jobs"]["check-test-build"]["steps"]


def test_gitlab_uploads_code_quality_and_exposes_summary() -> None:
    config = load(".gitlab-ci.yml")
    check = config["check"]["artifacts"]
    assert check["when"] == "always"
    assert check["reports"]["codequality"] == CODE_QUALITY_FILE
    summary = config["change-summary"]
    assert summary["variables"]["GIT_DEPTH"] == "0"
    assert any("$CI_MERGE_REQUEST_DIFF_BASE_SHA" in line and "make diff" in line for line in summary["script"])
    for job in ("change-summary", "build"):
        assert GITLAB_EXPOSE_AS.match(config[job]["artifacts"]["expose_as"])
    assert "dist/handbook-offline.zip" in config["build"]["artifacts"]["paths"]


def test_github_and_gitea_fetch_history_summarise_and_upload() -> None:
    for path, artifact in ((".github/workflows/ci.yml", "actions/upload-artifact@v4"),
                           (".gitea/workflows/ci.yml", "actions/upload-artifact@v3")):
        all_steps = steps(path)
        assert all_steps[0]["with"]["fetch-depth"] == 0, path
        runs = "\n".join(s.get("run", "") for s in all_steps)
        assert "make diff" in runs and "$GITHUB_STEP_SUMMARY" in runs and "make check" in runs, path
        assert runs.index("make diff") < runs.index("make check"), path
        uploads = {s["with"]["path"] for s in all_steps if s.get("uses") == artifact}
        assert uploads == {"site/", "dist/handbook-offline.zip", "build/change-summary.md"}, path


def test_templates_carry_the_checklist() -> None:
    for path in (".github/pull_request_template.md", ".gitlab/merge_request_templates/Default.md",
                 ".gitea/pull_request_template.md"):
        text = (ROOT / path).read_text(encoding="utf-8")
        for item in ("来源", "未披露", "make check", "make serve", "previous_slugs"):
            assert item in text, (path, item)
        assert text.count("- [ ]") >= 6
