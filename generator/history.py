"""When each case was added and last changed, from the history of its data file.

One ``git log`` over the whole case folder gives every date at once (one
call per file would cost seconds at thousands of cases). Where there is no
history — an unpacked archive, a machine without git, a file not yet
committed — the case's ``reviewed`` date stands in for both, and the dates
say so; without that either, the case has no dates.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .model import Case

GIT_TIMEOUT = 60.0


@dataclass(frozen=True)
class CaseDates:
    """Dates shown to readers for one case."""

    added: dt.date
    changed: dt.date
    from_history: bool
    """False when the dates are the ``reviewed`` date (no history for the file)."""


def file_dates(root: Path, folder: str = "data/cases") -> dict[str, tuple[dt.date, dt.date]]:
    """Path (relative to *root*) → (first, last) commit date; empty without git history."""
    try:
        run = subprocess.run(
            ["git", "-C", str(root), "log", "--no-renames", "--relative", "--format=%x00%as",
             "--name-only", "--", folder],
            capture_output=True, text=True, timeout=GIT_TIMEOUT, encoding="utf-8")
    except (OSError, subprocess.SubprocessError):
        return {}
    if run.returncode != 0:
        return {}
    dates: dict[str, tuple[dt.date, dt.date]] = {}
    for block in run.stdout.split("\0")[1:]:  # newest commit first
        lines = block.strip().splitlines()
        if not lines:
            continue
        try:
            when = dt.date.fromisoformat(lines[0].strip())
        except ValueError:
            continue
        for path in lines[1:]:
            path = path.strip()
            if path:
                last = dates.get(path, (when, when))[1]
                dates[path] = (when, last)  # older commits move "added" back
    return dates


def case_dates(root: Path, cases: list[Case]) -> dict[str, CaseDates]:
    """Slug → dates, from history where the file has one, else from ``reviewed``."""
    history = file_dates(root)
    out: dict[str, CaseDates] = {}
    for case in cases:
        if case.path in history:
            added, changed = history[case.path]
            out[case.slug] = CaseDates(added, changed, True)
        elif case.reviewed:
            out[case.slug] = CaseDates(case.reviewed, case.reviewed, False)
    return out


def newest(dates: dict[str, CaseDates], order: dict[str, int], limit: int | None = None
           ) -> list[tuple[str, CaseDates]]:
    """Cases by last change, newest first; ties in the library's title order."""
    ranked = sorted(dates.items(), key=lambda kv: (-kv[1].changed.toordinal(), order.get(kv[0], 0)))
    return ranked[:limit] if limit else ranked
