"""Problems as CI annotations, so a contributor sees them on the changed line.

``check`` prints ``file:line: message`` for people reading a log; most
contributors never open the log. When it runs inside a CI job, every problem
is also handed to the Git server in the form that server shows on the pull
request's diff:

* GitHub Actions and Gitea Actions (``GITHUB_ACTIONS`` / ``GITEA_ACTIONS`` is
  ``true``): workflow commands ``::error file=…,line=…,title=…::message`` on
  standard output;
* GitLab CI (``GITLAB_CI`` is ``true``): a Code Quality report
  (``gl-code-quality-report.json``) that the job declares as
  ``artifacts:reports:codequality``; the merge request shows it on the lines.

Outside CI nothing changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TextIO

from .errors import DataError
from .schema import FIELD_BY_NAME

CODE_QUALITY_FILE = "gl-code-quality-report.json"
"""Where GitLab's Code Quality report is written, relative to the project root."""

TITLE = "案例检查"
"""Annotation title shown above the message (GitHub, Gitea)."""


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() == "true"


def workflow_commands_enabled(env: Mapping[str, str]) -> bool:
    """GitHub Actions, or Gitea Actions (which speaks the same workflow commands)."""
    return _truthy(env.get("GITHUB_ACTIONS")) or _truthy(env.get("GITEA_ACTIONS"))


def gitlab_enabled(env: Mapping[str, str]) -> bool:
    """Running in a GitLab CI job."""
    return _truthy(env.get("GITLAB_CI"))


def escape_data(text: str) -> str:
    """Escape a workflow command's message (GitHub's spec: %, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value: the data escapes plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def text_of(item: DataError) -> str:
    """The message without the location: what is wrong（how to fix it）."""
    return item.message + (f"（{item.hint}）" if item.hint else "")


def workflow_command(item: DataError) -> str:
    """One ``::error`` or ``::warning`` line for *item*."""
    kind = "warning" if item.severity == "warning" else "error"
    props = [f"file={escape_property(item.path)}"]
    if item.line:
        props.append(f"line={item.line}")
    field = FIELD_BY_NAME.get(item.field)
    title = TITLE + (f"：{field.label}" if field else f"：{item.field}" if item.field else "")
    props.append(f"title={escape_property(title)}")
    return f"::{kind} {','.join(props)}::{escape_data(text_of(item))}"


def code_quality(items: Iterable[DataError]) -> list[dict[str, object]]:
    """GitLab Code Quality issues; the fingerprint ignores the line so a moved problem stays the same issue."""
    report: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    for item in items:
        key = f"{item.path}\0{item.field}\0{text_of(item)}"
        seen[key] = seen.get(key, 0) + 1
        fingerprint = hashlib.sha256(f"{key}\0{seen[key]}".encode()).hexdigest()
        report.append({
            "type": "issue",
            "check_name": f"handbook-{item.field or 'data'}",
            "description": text_of(item),
            "categories": ["Style"],
            "fingerprint": fingerprint,
            "severity": "minor" if item.severity == "warning" else "major",
            "location": {"path": item.path, "lines": {"begin": max(item.line, 1)}},
        })
    return report


def emit(items: list[DataError], root: Path, env: Mapping[str, str] | None = None,
         stream: TextIO | None = None) -> Path | None:
    """Hand *items* to the CI server found in *env*; returns the report file written, if any.

    The GitLab report is written even when there are no problems (an empty
    list), so the merge request shows earlier problems as fixed.
    """
    env = os.environ if env is None else env
    if workflow_commands_enabled(env):
        out = stream or sys.stdout
        for item in items:
            print(workflow_command(item), file=out)
        out.flush()
    if gitlab_enabled(env):
        target = root / CODE_QUALITY_FILE
        target.write_text(json.dumps(code_quality(items), ensure_ascii=False, indent=2) + "\n",
                          encoding="utf-8")
        return target
    return None
