"""Places as readers filter by them: named parts only, hidden ones are 未披露.

The sources hide many place names (xx市, x社区, XX县区). Those are not names
and must not be offered as if they were: every placeholder part, and every
part the source does not give, counts as 未披露.
"""

from __future__ import annotations

import re

from .model import Case
from .schema import UNDISCLOSED

PLACEHOLDER = re.compile(r"^[xX×Ｘｘ]+")
"""A part whose name starts with x, X or × stands for a hidden name (xx市, X社区)."""

FACET_PARTS: tuple[tuple[str, str], ...] = (("province", "省"), ("city", "市"), ("district", "区县"))
"""Region parts offered as filters, largest first."""


def is_placeholder(name: str) -> bool:
    """True for a hidden name such as ``xx市`` or ``X社区``."""
    return bool(PLACEHOLDER.match(name.strip()))


def part(case: Case, key: str) -> str:
    """The case's named *key* part (province, city …), or 未披露."""
    for k, name in case.region:
        if k == key and not is_placeholder(name):
            return name
    return UNDISCLOSED


def named_label(case: Case) -> str:
    """The region with placeholder parts left out (``xx区 小关社区`` → ``小关社区``); empty if none is named."""
    return " ".join(name for _, name in case.region if not is_placeholder(name))


def groups(cases: list[Case]) -> dict[str, list[str]]:
    """Slugs by named region (placeholders left out); ``""`` holds cases with no named place."""
    out: dict[str, list[str]] = {}
    for case in cases:
        out.setdefault(named_label(case), []).append(case.slug)
    return out
