"""``new``: start a case file from the template, named by its pinyin slug."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from . import pinyin
from .atomic import atomic_write
from .validate import SLUG_RE


class ScaffoldError(Exception):
    """The case file cannot be created (exists already, or no usable name)."""


def new_case(data: Path, title: str, slug: str = "", today: dt.date | None = None) -> Path:
    """Create ``data/cases/<slug>.md`` for *title*; never overwrites."""
    title = title.strip()
    if not title:
        raise ScaffoldError("标题不能为空")
    slug = slug or pinyin.slug(title)
    if not SLUG_RE.match(slug):
        raise ScaffoldError(f"无法从“{title}”生成网址名，请用 --slug 指定，例如 --slug linli-zhongxin")
    target = data / "cases" / f"{slug}.md"
    template = (data / "templates" / "case.md").read_text("utf-8")
    text = template.replace("title: 做法名称", f"title: {json.dumps(title, ensure_ascii=False)}", 1)
    text = text.replace("reviewed: 2026-11-23", f"reviewed: {(today or dt.date.today()).isoformat()}", 1)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        atomic_write(target, text.encode("utf-8"), overwrite=False)
    except FileExistsError:
        raise ScaffoldError(f"{target} 已经存在，不会覆盖；要改这个案例请直接编辑它，"
                            f"新案例请用 --slug 换一个网址名") from None
    return target
