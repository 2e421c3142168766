"""Places the source hid (X社区, xx市 xx街道) are unknowns, not names.

The sources replace many place names with X, ×, xx. Written into ``region``
they are faithful to the source, but shown as they are they read like names
(a reader meets “xx市 xx街道” in 按地区 next to 方正区). Pages show only the
parts the source gives, and a case whose every part is hidden is shown and
grouped as 未披露（原文隐去）.

For filters (案例筛选), every placeholder part and every part the source does not give counts
as 未披露.
"""

from __future__ import annotations

import functools
import re

from .model import Case
from .schema import REGION_PARTS, UNDISCLOSED

HIDDEN = "未披露（原文隐去）"
"""Shown, and grouped under, where the source hid the place."""

_PLACEHOLDER = re.compile(r"^[xXＸｘ×]+")
"""A name starting with the placeholder letters the sources use (x社区, XX县区, ×街道)."""

_LABELS = dict(REGION_PARTS)


@functools.lru_cache(maxsize=65536)
def is_hidden(name: str) -> bool:
    """Whether *name* is a placeholder rather than a place (X社区, xx市); kept per name, since
    every run groups every case by place again."""
    return bool(_PLACEHOLDER.match(name.strip()))


def shown_parts(case: Case) -> list[str]:
    """The region parts the source names, largest first."""
    return _named(case.region)


def _named(region: tuple[tuple[str, str], ...]) -> list[str]:
    return [name for _, name in region if not is_hidden(name)]


def group_key(case: Case) -> str:
    """Heading of the case in 按地区: the named parts, 未披露（原文隐去）, or '' (no region)."""
    return _group_key(case.region)


@functools.lru_cache(maxsize=65536)
def _group_key(region: tuple[tuple[str, str], ...]) -> str:
    """:func:`group_key` of a region, kept per region: every run groups every case again."""
    if not region:
        return ""
    return " ".join(_named(region)) or HIDDEN


def label(case: Case) -> str:
    """The region fact of a case page: 小关社区（区县名称原文隐去）, or 未披露（原文隐去）."""
    shown = shown_parts(case)
    hidden = [_LABELS[part] for part, name in case.region if is_hidden(name)]
    if not shown:
        return HIDDEN if hidden else ""
    note = f"（{'、'.join(hidden)}名称原文隐去）" if hidden else ""
    return " ".join(shown) + note



FACET_PARTS: tuple[tuple[str, str], ...] = (("province", "省"), ("city", "市"), ("district", "区县"))
"""Region parts offered as filters, largest first."""


def is_placeholder(name: str) -> bool:
    """True for a hidden name such as ``xx市`` or ``X社区`` (same as :func:`is_hidden`)."""
    return is_hidden(name)


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
