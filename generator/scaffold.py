"""``new``: start a case file from the template, named by its pinyin slug."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from . import pinyin
from .atomic import atomic_write
from .limits import MAX_NAME
from .oserrors import describe
from .validate import SLUG_RE

MAX_SLUG = 80
"""Characters of a file name made by ``new``; file systems stop at 255 bytes."""


class ScaffoldError(Exception):
    """The case file cannot be created (exists already, or no usable name)."""


def new_case(data: Path, title: str, slug: str = "", today: dt.date | None = None) -> Path:
    """Create ``data/cases/<slug>.md`` for *title*; never overwrites."""
    title = title.strip()
    if not title:
        raise ScaffoldError("标题不能为空")
    if len(title) > MAX_NAME:
        raise ScaffoldError(f"标题太长（{len(title)} 个字符，上限 {MAX_NAME}）：请用做法的简短名称，说明写进正文")
    slug = slug or pinyin.slug(title)
    if not SLUG_RE.match(slug):
        raise ScaffoldError(f"无法从“{title}”生成网址名，请用 --slug 指定，例如 --slug linli-zhongxin")
    target = data / "cases" / f"{slug}.md"
    if len(slug) > MAX_SLUG:
        raise ScaffoldError(f"网址名太长（{len(slug)} 个字符，上限 {MAX_SLUG}），请用 --slug 指定一个短的")
    try:
        template = (data / "templates" / "case.md").read_text("utf-8")
    except OSError as exc:
        raise ScaffoldError(f"读不到模板 data/templates/case.md：{describe(exc)}") from None
    text = template.replace("title: 做法名称", f"title: {json.dumps(title, ensure_ascii=False)}", 1)
    text = text.replace("reviewed: 2026-11-23", f"reviewed: {(today or dt.date.today()).isoformat()}", 1)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        atomic_write(target, text.encode("utf-8"), overwrite=False)
    except FileExistsError:
        raise ScaffoldError(f"{target} 已经存在，不会覆盖；要改这个案例请直接编辑它，"
                            f"新案例请用 --slug 换一个网址名") from None
    except OSError as exc:
        raise ScaffoldError(f"无法创建 {target.name}：{describe(exc)}") from None
    return target
