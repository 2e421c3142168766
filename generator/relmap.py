"""A small relation map per case: a static SVG the generator draws, no JavaScript.

The case sits in the middle; around it, the cases the page lists under
延伸阅读 — related (相关案例), those whose text mentions it (提到本案例), and
similar ones (相似案例) — each with the tags it shares with this case. Lines
differ by kind (colour and dash, named in the legend), so the map still reads
printed in black and white. The page shows it with ``<img>``: generated page
HTML is sanitised and inline SVG would be removed.

The maps are kept in at most :data:`SHEETS` sheets (``maps/<n>.svg``), one below the other,
each with a ``<view>`` the page names after ``#``: one file per case added 10,000 files to a
large library's output (and as many to the built site), and making a file costs ~0.5–1 ms on
this machine's kind whatever it holds. A sheet is as large as one map (``width``, ``height``
and ``viewBox`` of the first), so the image's size never depends on the view.
"""

from __future__ import annotations

import functools
import math
import zlib
from html import escape

from .link import Graph, threads
from .memos import remembered
from .model import Case, Library

WIDTH, HEIGHT = 720, 410
NODE_W, NODE_H = 168, 46
CENTER = (WIDTH / 2, 200)
RADIUS = (262, 148)
MAX_NEIGHBOURS = 10
FONT = "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC','SimSun',sans-serif"
KINDS = {
    "相关案例": ("#c62828", ""),
    "提到本案例的页面": ("#1565c0", "2 4"),
    "相似案例": ("#616161", "7 5"),
}
"""Kind → (colour, dash pattern) of its lines."""
LEGEND = {"相关案例": "相关案例", "提到本案例的页面": "提到本案例", "相似案例": "相似案例（标签相近）"}


SHEETS = 512
"""Sheets of a library at most: ~20 maps (~80 KB) each at 10,000 cases, one map each at 50."""


def path(case: Case) -> str:
    """The sheet holding the case's map (relative to the generated tree): by a hash of its
    address, so an edit rewrites only the sheets of the maps it changed."""
    return f"maps/{zlib.crc32(case.slug.encode()) % SHEETS}.svg"


def view(case: Case) -> str:
    """The fragment naming the case's map in its sheet (slugs may start with a digit)."""
    return f"m-{case.slug}"


def neighbours(case: Case, graph: Graph) -> list[tuple[str, str]]:
    """(kind, slug) of the cases drawn, in the page's order, each once."""
    return [(kind, slug) for kind, slugs in threads(case, graph) for slug in slugs][:MAX_NEIGHBOURS]


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _box(x: float, y: float, title: str, note: str, strong: bool = False) -> str:
    fill, stroke = ("#fff3e0", "#e65100") if strong else ("#ffffff", "#9e9e9e")
    out = [f'<rect x="{x - NODE_W / 2:.1f}" y="{y - NODE_H / 2:.1f}" width="{NODE_W}" height="{NODE_H}" '
           f'rx="6" fill="{fill}" stroke="{stroke}" stroke-width="{2 if strong else 1}"/>']
    title_y = y - 4 if note else y + 5
    out.append(f'<text x="{x:.1f}" y="{title_y:.1f}" text-anchor="middle" font-size="14" '
               f'font-weight="{700 if strong else 400}" fill="#212121">{escape(_short(title, 11))}</text>')
    if note:
        out.append(f'<text x="{x:.1f}" y="{y + 15:.1f}" text-anchor="middle" font-size="11" '
                   f'fill="#616161">{escape(_short(note, 14))}</text>')
    return "".join(out)


def svg(case: Case, library: Library, graph: Graph) -> str:
    """The map of *case*; the caller checks it has neighbours."""
    drawn = neighbours(case, graph)
    cx, cy = CENTER
    lines, boxes = [], []
    for i, (kind, slug) in enumerate(drawn):
        other = library.case(slug)
        angle = -math.pi / 2 + 2 * math.pi * i / len(drawn)
        x, y = cx + RADIUS[0] * math.cos(angle), cy + RADIUS[1] * math.sin(angle)
        colour, dash = KINDS[kind]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        lines.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="{colour}" '
                     f'stroke-width="{2.5 if kind == "相关案例" else 2}"{dash_attr}/>')
        shared = [t for t in other.tags if t in case.tags]
        boxes.append(_box(x, y, other.title, "共同标签：" + "、".join(shared) if shared else ""))
    boxes.append(_box(cx, cy, case.title, "本案例", strong=True))
    legend = []
    used = [k for k in KINDS if any(kind == k for kind, _ in drawn)]
    x = 16.0
    for kind in used:
        colour, dash = KINDS[kind]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        legend.append(f'<line x1="{x}" y1="{HEIGHT - 18}" x2="{x + 34}" y2="{HEIGHT - 18}" '
                      f'stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
                      f'<text x="{x + 40}" y="{HEIGHT - 14}" font-size="12" fill="#424242">'
                      f'{escape(LEGEND[kind])}</text>')
        x += 60 + 13 * len(LEGEND[kind])
    title = f"{case.title}的关系图"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
            f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="{FONT}" role="img" aria-label="{escape(title)}">'
            f'<title>{escape(title)}</title>'
            f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>'
            + "".join(lines) + "".join(boxes) + "".join(legend) + "</svg>\n")


_DRAWN: dict[str, tuple[object, str]] = {}
"""Map path → (what it was drawn from, the map), kept for the process: the preview (``make serve``
regenerates in one process) draws again only maps whose case or neighbours changed."""


def files(library: Library, graph: Graph) -> dict[str, str]:
    """The sheets holding a map of every case that has anything to draw, keyed like pages."""
    # Everything a map reads: most edits (a case's text) change none of it.
    inputs = (graph.related, graph.backlinks, graph.similar,
              [(case.slug, case.title, case.tags) for case in library.cases])
    return remembered(_LAST_FILES, None, inputs, functools.partial(_files, library, graph))


_LAST_FILES: dict[None, tuple[tuple, dict[str, str]]] = {}
"""(inputs, maps) of the last :func:`files`."""


def maps(library: Library, graph: Graph) -> dict[str, str]:
    """Case address → its map, for every case that has anything to draw."""
    out = {}
    for case in library.cases:
        drawn = neighbours(case, graph)
        if not drawn:
            continue
        others = [(kind, library.case(slug)) for kind, slug in drawn]
        inputs = (case.title, case.tags, [(kind, other.slug, other.title, other.tags) for kind, other in others])
        out[case.slug] = remembered(_DRAWN, case.slug, inputs, functools.partial(svg, case, library, graph))
    return out


def _files(library: Library, graph: Graph) -> dict[str, str]:
    drawn = maps(library, graph)
    members: dict[str, list[tuple[str, str]]] = {}
    for case in sorted((c for c in library.cases if c.slug in drawn), key=lambda c: c.slug):
        members.setdefault(path(case), []).append((view(case), drawn[case.slug]))
    return {name: remembered(_SHEETS, name, (listed,), functools.partial(sheet, listed))
            for name, listed in sorted(members.items())}


_SHEETS: dict[str, tuple[object, str]] = {}
"""Sheet → (its (view, map) pairs, the sheet): a map drawn again is a new text, the others the
very texts of the last run, so an unchanged sheet is found by identity."""


def sheet(listed: list[tuple[str, str]]) -> str:
    """Maps one below the other, each with a view; as large as one map, showing the first."""
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
           f'viewBox="0 0 {WIDTH} {HEIGHT}">']
    for number, (name, text) in enumerate(listed):
        top = number * HEIGHT
        out.append(f'<view id="{escape(name)}" viewBox="0 {top} {WIDTH} {HEIGHT}"/>'
                   f'<g transform="translate(0 {top})">{text.rstrip()}</g>')
    return "".join(out) + "</svg>\n"
