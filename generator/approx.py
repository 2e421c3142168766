"""Approximate figures: the qualifier the source writes around a number.

The sources rarely give round counts as exact: 30多场次, 近3000多名, 约4万余元.
Storing ``value: 30`` alone turns an approximation into a fact, so a figure
carries its qualifier (``approx: 多``) and the page shows the figure as the
source wrote it. This module owns the list of qualifiers, reads the
``approx`` key, writes a figure back out as text, and finds qualifiers left in
the label (``what``) where the page would show them as part of the name.
"""

from __future__ import annotations

import re

from .model import Figure

BEFORE: tuple[str, ...] = ("不少于", "不到", "超过", "将近", "大约", "约", "近", "逾", "至少")
"""Qualifiers written before the number (约4万, 近3000, 不少于2人)."""
AFTER: tuple[str, ...] = ("以上", "左右", "多", "余")
"""Qualifiers written after the number, before the measure word (30多场次, 7万余元)."""
QUALIFIERS: tuple[str, ...] = BEFORE + AFTER
"""Every word ``approx`` accepts, longest first where one contains another."""

MAGNITUDES = "十百千万亿"
"""Magnitude characters a unit may start with: 余 goes after them (4万余元)."""

_SPLIT = re.compile("|".join(sorted(map(re.escape, QUALIFIERS), key=len, reverse=True)))
_NUMBER = r"[0-9０-９.．XxＸ×]+"
_STRAY = re.compile(
    rf"(?:{'|'.join(BEFORE)})\s*{_NUMBER}"            # 约4、近3000、不少于2
    rf"|{_NUMBER}[{MAGNITUDES}]?\s*(?:{'|'.join(AFTER)})"  # 30多、7万余、X多
    r"|原文[为作是]|来源[为作]"                        # （原文为“……”）
    rf"|(?:{'|'.join(BEFORE)}|以上)$")                 # …不少于 / …以上 at the end
"""A qualifier next to a number, a note quoting the source, or one ending the label."""

EXAMPLE = "approx: 多"
"""How a contributor writes the qualifier, for messages."""


def parse(value: object) -> tuple[tuple[str, ...], str]:
    """``approx`` as written → (qualifiers in reading order, unknown rest).

    Accepts ``多``, ``约 余``, ``约、余``, ``约余`` or a YAML list. The second
    item is whatever could not be read as a qualifier (empty when all was).
    """
    if value is None:
        return (), ""
    parts = value if isinstance(value, list) else [value]
    found: list[str] = []
    rest: list[str] = []
    for part in parts:
        text = str(part)
        pos = 0
        for match in _SPLIT.finditer(text):
            rest.append(text[pos:match.start()])
            found.append(match.group())
            pos = match.end()
        rest.append(text[pos:])
    leftover = re.sub(r"[\s、,，…\.]+", "", "".join(rest))
    ordered = [q for q in found if q in BEFORE] + [q for q in found if q in AFTER]
    return tuple(dict.fromkeys(ordered)), leftover


def number_text(value: float | int) -> str:
    """A number as readers write it: 4, 3.5 (never 4.0)."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def as_written(fig: Figure, undisclosed: str) -> str:
    """The figure as the source writes it: ``约 4 万余元``, ``30 多场次``, ``387 人``."""
    if fig.value is None:
        return undisclosed
    before = "".join(q for q in fig.approx if q in BEFORE)
    after = "".join(q for q in fig.approx if q in AFTER)
    unit = fig.unit
    if after and len(unit) > 1 and unit[0] in MAGNITUDES:
        unit = unit[0] + after + unit[1:]
    else:
        unit = after + unit
    number = number_text(fig.value)
    if unit.startswith("%"):
        return f"{before} {number}{unit}".strip()
    return f"{before} {number} {unit}".strip()


def stray(label: str) -> str | None:
    """The approximate wording left in a figure's label, if any."""
    match = _STRAY.search(label.strip())
    return match.group() if match else None
