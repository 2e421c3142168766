"""Changes → the Chinese Markdown a reviewer reads.

The text is shown rendered (GitHub's job summary) and read raw (a downloaded
artifact on GitLab or Gitea), so it uses only headings, lists, bold and code
spans, and escapes the few characters that would turn data into markup.
"""

from __future__ import annotations

import re

from ..model import Case, Figure
from ..schema import FIELD_BY_NAME, UNDISCLOSED
from .changes import CaseChange, Changes

_MARKUP = re.compile(r"([\\`*_\[\]|])")


def esc(text: str) -> str:
    """Data text inside Markdown: no links, emphasis or HTML."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKUP.sub(r"\\\1", text)


def label(name: str) -> str:
    """Chinese name of a front-matter field, e.g. 标签."""
    f = FIELD_BY_NAME.get(name)
    return f.label if f else name


def number(value: float | int | None) -> str:
    """A figure exactly as written (3.5, 1200, 12345678.5): the reviewer checks it against the source."""
    if value is None:
        return UNDISCLOSED
    text = repr(value)
    return text[:-2] if isinstance(value, float) and text.endswith(".0") else text


def figure(fig: Figure) -> str:
    return f"{esc(fig.what)} {number(fig.value)} {esc(fig.unit)}"


def address(slug: str) -> str:
    return f"`library/cases/{slug}.html`"


def _new_case(case: Case) -> list[str]:
    lines = [f"- **{esc(case.title)}** `{case.path}` → 网址 {address(case.slug)}",
             f"  - 层级：{esc(case.level)}；类别：{esc('、'.join(case.categories))}；"
             f"标签：{esc('、'.join(case.tags))}"]
    if case.aliases:
        lines.append(f"  - 别称：{esc('、'.join(case.aliases))}")
    sources = "、".join(f"{s.source}（{s.passage}）" if s.passage else s.source for s in case.sources)
    lines.append(f"  - 资料来源：{esc(sources) or '（空）'}")
    if case.figures:
        lines.append("  - 数据（请对照来源核对）：" + "；".join(figure(f) for f in case.figures))
    if case.year is not None:
        lines.append(f"  - 年份：{case.year}")
    return lines


def _rename(change: CaseChange) -> str:
    before, after = change.before, change.after
    names = f"**{esc(before.title)}**" if before.title == after.title \
        else f"**{esc(before.title)}** → **{esc(after.title)}**"
    text = f"- {names}：网址名 `{before.slug}` → `{after.slug}`（`{after.path}`）"
    if before.slug in after.previous_slugs:
        return text + f"；旧网址 {address(before.slug)} 会转到新页面"
    return (text + f"；**旧网址 {address(before.slug)} 将失效**，"
            f"请在 `{after.path}` 的元数据里加 `previous_slugs: [{before.slug}]`")


def _changed(change: CaseChange) -> list[str]:
    after = change.after
    lines = [f"- **{esc(after.title)}** `{after.path}`"]
    for f in change.fields:
        lines.append(f"  - {label(f.name)}：{esc(f.before)} → {esc(f.after)}")
    parts = []
    if change.sections_changed:
        parts.append("修改 " + "、".join(change.sections_changed))
    if change.sections_added:
        parts.append("新增 " + "、".join(change.sections_added))
    if change.sections_removed:
        parts.append("删除 " + "、".join(change.sections_removed))
    if parts:
        lines.append("  - 正文小节：" + "；".join(parts))
    for fig in change.figures:
        if fig.before is None and fig.after is not None:
            lines.append(f"  - 新增数据：{figure(fig.after)}")
        elif fig.after is None and fig.before is not None:
            lines.append(f"  - 删除数据：{figure(fig.before)}")
        elif fig.before is not None and fig.after is not None:
            lines.append(f"  - 数据改动：{figure(fig.before)} → {figure(fig.after)}")
    return lines


def render(changes: Changes, base: str, head: str, check_line: str = "") -> str:
    """The whole summary; *base* and *head* name the compared versions."""
    out = ["## 手册改动摘要", "", f"对比：{base} → {head}", ""]
    if check_line:
        out += [check_line, ""]
    if changes.empty:
        out += ["这次改动没有改变手册内容（案例、词表、术语、来源都没有变化）。", ""]
        return "\n".join(out)
    edited = [c for c in changes.changed if not c.renamed]
    out += [f"新增 {len(changes.added)} 个案例，修改 {len(edited)} 个，改名 {len(changes.renamed)} 个，"
            f"删除 {len(changes.removed)} 个。", ""]
    if changes.added:
        out += [f"### 新增案例（{len(changes.added)}）", ""]
        for case in changes.added:
            out += _new_case(case)
        out.append("")
    if changes.renamed:
        out += [f"### 改名或改网址（{len(changes.renamed)}）", ""]
        for change in changes.renamed:
            out.append(_rename(change))
            out += _changed(change)[1:]  # what else changed, without the heading line
        out.append("")
    if edited:
        out += [f"### 修改的案例（{len(edited)}）", ""]
        for change in edited:
            out += _changed(change)
        out.append("")
    if changes.removed:
        out += [f"### 删除的案例（{len(changes.removed)}）", ""]
        out += [f"- **{esc(c.title)}** `{c.path}`" for c in changes.removed]
        out.append("")
    vocab = [(f"新增{kind}", names) for kind, names in changes.terms_added.items() if names]
    vocab += [(f"删除的{kind}", names) for kind, names in changes.terms_removed.items() if names]
    changed_label = {"术语": "释义有修改的术语", "来源": "标题或摘要有修改的来源"}
    vocab += [(changed_label.get(kind, f"说明有修改的{kind}"), names)
              for kind, names in changes.terms_changed.items() if names]
    if vocab:
        out += ["### 词表、术语和来源", ""]
        out += [f"- {title}：{esc('、'.join(names))}" for title, names in vocab]
        out.append("")
    if changes.dangling:
        out += [f"### 指向不存在页面的链接（{len(changes.dangling)}）", ""]
        for d in changes.dangling:
            what = "related（相关案例）" if d.kind == "related" else "链接"
            target = f"“{esc(d.target)}”" if d.kind == "related" else f"\\[\\[{esc(d.target)}\\]\\]"
            out.append(f"- `{d.case.path}` 第 {d.line} 行：{what} {target} 找不到对应的页面")
        out.append("")
    if changes.lost_addresses:
        out += [f"### 将失效的网址（{len(changes.lost_addresses)}）", "",
                "读者收藏、打印或转发的这些地址将打不开。案例只是改了名或网址名的，"
                "在新文件的元数据里加 `previous_slugs: [旧网址名]`；删掉的案例并入了别的案例的，加在那个案例里：", ""]
        out += [f"- {address(slug)}" for slug in changes.lost_addresses]
        out.append("")
    return "\n".join(out)
