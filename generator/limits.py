"""Hostile-input limits: everything ``build`` would choke on, caught by ``check`` with a line.

A contributor's file reaches PyYAML, Python-Markdown, its extensions and the
search index. Some inputs pass the field checks and then crash or hang the
build, name a generated page instead of the data file, or reach outside the
data: a snippet line ``--8<-- "../mkdocs.yml"`` pastes any file of the
project into a page; a list nested 1,000 deep overflows Markdown's recursion;
a YAML alias bomb of 1 KB expands to gigabytes and YAML nested 100,000 deep
crashes the parser; a line of 300,000 ``#`` makes a heading regex take
minutes; a 2,000-character title is copied into every page's search entry.

The checks here run on the raw text *before* YAML or Markdown sees it, are
linear in its size, and refuse the file with a located Chinese message.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import yaml

from .errors import Problems

MAX_FILE_BYTES = 200_000
"""A case is a few KB; the largest real one is about 5 KB."""
MAX_LINE = 2_000
"""Characters per line; the longest real line is under 300."""
MAX_BODY = 40_000
"""Characters of body text."""
MAX_NAME = 50
"""Characters of a title, alias or term: names end up in every page's navigation and search."""
MAX_SOURCE_TITLE = 120
"""Characters of a source document's own title (official titles are long)."""
MAX_TEXT = 300
"""Characters of any other front-matter text (passage, what, unit, actor, place)."""
MAX_ITEMS = 50
MAX_VOCABULARY = 5000
"""Terms in one vocabulary file (categories, tags, levels, sectors)."""
"""Items of any front-matter list."""
MAX_ALIASES = 10
"""Aliases of one name; the real library has at most 4."""
MAX_YAML_DEPTH = 8
"""Nesting of front matter; the schema needs 3 (figures → item → value)."""
MAX_MD_DEPTH = 6
"""Nesting of lists and block quotes in a body."""
MAX_HTML_DEPTH = 20
"""Nesting of HTML elements in a body (``<div markdown>`` 400 deep overflows Markdown's recursion)."""
OLDEST_REVIEW = dt.date(2000, 1, 1)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 and C1 control characters except tab and newline (NUL, ESC, …)."""
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[\]{},:-])[&*][^\s,\]}]")
_SNIPPET = re.compile(r"-+8<-+")
_INTERESTING = re.compile(r"^[ \t]*(?:[>*+=\-]|\d)|[{\]<]")
"""Lines that may hold a container marker, setext underline, attribute list, link or autolink."""
_MARKER = r"(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))"
_MARKED_LINE = re.compile(r"\n(?=[ \t]*[>*+=\-\d])")
"""The newline before a line that starts with a container marker or an underline's character."""
_DEEP_OR_UNDERLINE = re.compile("|".join([
    rf"[ \t]*{_MARKER}[ \t]*{_MARKER}",   # two container markers: maybe nested too deep
    r" {24}",                             # one, indented that far: as deep
    r" {0,3}(?:=+|-+)[ \t]*$",            # a setext underline
]))
_MAYBE_PROBLEM = ("{", "](", "]:", "<")
"""What an attribute list, a link, a reference or an autolink holds."""


def _maybe_problem_lines(body: str) -> list[int]:
    """The offsets where the lines of *body* start that may have one of :func:`_line_problems`'s
    problems (a line not among them cannot): found with a few scans of the whole body, where
    looking at each line cost a Python step per line."""
    starts: set[int] = set()
    for newline in _MARKED_LINE.finditer("\n" + body):   # its offset there is the line's here
        start = newline.start()
        end = body.find("\n", start)
        if _DEEP_OR_UNDERLINE.match(body, start, len(body) if end < 0 else end):
            starts.add(start)
    for token in _MAYBE_PROBLEM:
        at = body.find(token)
        while at >= 0:
            starts.add(body.rfind("\n", 0, at) + 1)
            at = body.find("\n", at)
            at = body.find(token, at) if at >= 0 else -1
    return sorted(starts)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CONTAINER = re.compile(r"^[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]?")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_ATTR_LIST = re.compile(r"\{:[^}]*\}|\{[ \t]*[#.][^}\s][^}]*\}")
_INLINE_TARGET = re.compile(r"(!?)\[[^\]\n]*\]\(\s*<?([^)\s>]*)")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*<?([^\s>]+)")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^>\s]*)>")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_SAFE_SCHEMES = ("http", "https", "mailto")


_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


class _HtmlDepth(HTMLParser):
    """Line at which raw HTML first nests deeper than the limit (0: never)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.too_deep = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _VOID:
            self.depth += 1
            if self.depth > MAX_HTML_DEPTH and not self.too_deep:
                self.too_deep = self.getpos()[0]

    def handle_endtag(self, tag: str) -> None:
        self.depth = max(0, self.depth - 1)


def control_char(text: str) -> str | None:
    """``U+001B`` for the first control character in *text*, or None."""
    match = _CONTROL.search(text)
    return f"U+{ord(match.group()):04X}" if match else None


def file_size(size: int, display: str, problems: Problems) -> bool:
    """Refuse a file too large to be a case before decoding it."""
    if size > MAX_FILE_BYTES:
        problems.add(display, 0, f"文件太大（{size:,} 字节，上限 {MAX_FILE_BYTES:,}）",
                     "一个案例只写一种做法；过长的材料请摘要后再写")
        return False
    return True


def _lines(text: str, first_line: int, display: str, problems: Problems, what: str) -> bool:
    """Control characters and over-long lines; True when none."""
    if not _CONTROL.search(text) and (len(text) <= MAX_LINE or
                                      max(map(len, text.split("\n"))) <= MAX_LINE):
        return True  # the usual case, in two linear passes
    ok = True
    for number, line in enumerate(text.split("\n"), start=first_line):
        if len(line) > MAX_LINE:
            problems.add(display, number, f"{what}这一行太长（{len(line):,} 个字符，上限 {MAX_LINE:,}）",
                         "分成几段或几行来写")
            ok = False
            continue
        code = control_char(line)
        if code:
            problems.add(display, number, f"{what}中有不可见的控制字符 {code}",
                         "删掉它（多半是从别处复制来的）；在编辑器里可把这一行删掉重打")
            ok = False
    return ok


def yaml_text(text: str, display: str, first_line: int, problems: Problems) -> bool:
    """Front matter that YAML may safely parse: no anchors/aliases, bounded nesting.

    Checked on YAML's tokens (linear, nothing is constructed), only when a
    cheap look at the text says an anchor or deep nesting is possible.
    """
    if not _lines(text, first_line, display, problems, "元数据"):
        return False
    deep = (text.count("[") + text.count("{") > MAX_YAML_DEPTH
            or any(len(line) - len(line.lstrip(" -")) > 2 * MAX_YAML_DEPTH for line in text.split("\n")))
    if not deep and not _MAYBE_ANCHOR.search(text):
        return True
    depth = 0
    try:
        loader = yaml.CSafeLoader(text) if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader(text)
        try:
            while loader.check_token():
                token = loader.get_token()
                if token is None:  # check_token() said there is one; this only narrows the type
                    break
                line = first_line + token.start_mark.line
                if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                    kind = "锚点 &" if isinstance(token, yaml.AnchorToken) else "引用 *"
                    problems.add(display, line, f"元数据中不能用 YAML {kind}{token.value}",
                                 "每个值直接写出来；以 & 或 * 开头的文字请加英文引号")
                    return False
                if isinstance(token, (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken,
                                      yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)):
                    depth += 1
                    if depth > MAX_YAML_DEPTH:
                        problems.add(display, line, f"元数据嵌套太深（超过 {MAX_YAML_DEPTH} 层）",
                                     "按模板写：字段下面最多是列表和 what/value/unit 这样的一层")
                        return False
                elif isinstance(token, (yaml.BlockEndToken, yaml.FlowMappingEndToken,
                                        yaml.FlowSequenceEndToken)):
                    depth -= 1
        finally:
            loader.dispose()
    except yaml.YAMLError:
        return True  # a syntax error: the parser reports it with its line
    return True


def _target_problem(target: str, image: bool) -> str | None:
    """Why a link or image target cannot be used, or None."""
    if image:
        return "正文中不能插入图片"
    plain = re.sub(r"[\x00-\x20]", "", html.unescape(target)).lower()
    match = _SCHEME.match(plain)
    if match:
        scheme, rest = match.group(1), plain[len(match.group(0)):]
        if (scheme in ("http", "https") and rest.startswith("//") and len(rest) > 2) or \
                (scheme == "mailto" and rest):
            return None
        return f"链接地址“{target}”不可用（只能是 http:// 或 https:// 网址）"
    return f"链接地址“{target}”不可用（站内页面请用 [[名称]] 链接，站外请写完整的 https:// 网址）"


def body_text(body: str, display: str, body_line: int, problems: Problems) -> bool:
    """Markdown a case body may contain: checked line by line before Markdown runs."""
    ok = True
    if len(body) > MAX_BODY:
        problems.add(display, body_line, f"正文太长（{len(body):,} 个字符，上限 {MAX_BODY:,}）",
                     "一个案例只写一种做法；请精简")
        ok = False
    if not _lines(body, body_line, display, problems, "正文"):
        return False
    if "```" in body or "~~~" in body or ("8<" in body and _SNIPPET.search(body)):
        return _body_lines(body, display, body_line, problems) and ok
    # No fence and no snippet (most bodies): every line is outside a fence, so only the lines
    # that may have a problem are looked at (the 10,000-case corpus's bodies: 0.58 → 0.24 s).
    number, at = body_line, 0
    for start in _maybe_problem_lines(body):
        number += body.count("\n", at, start)
        at = start
        end = body.find("\n", start)
        line = body[start:] if end < 0 else body[start:end]
        previous = body[body.rfind("\n", 0, start - 1) + 1:start - 1] if start else ""
        for message, hint in _line_problems(line, previous):
            problems.add(display, number, message, hint)
            ok = False
    return _html_depth(body, body, display, body_line, problems) and ok


def _body_lines(body: str, display: str, body_line: int, problems: Problems) -> bool:
    """:func:`body_text`'s checks line by line, for a body with code fences or a snippet line."""
    ok = True
    fence = ""
    previous = ""
    outside: list[str] = []  # lines outside code fences, others blanked: keeps line numbers
    for number, line in enumerate(body.split("\n"), start=body_line):
        outside.append("")
        if _SNIPPET.search(line):  # the snippets extension acts even inside code fences
            problems.add(display, number, "正文中不能有“--8<--”（会把其他文件的内容插进页面）",
                         "删掉这一行；要引用别的案例请写 [[名称]]")
            ok = False
        fenced = _FENCE.match(line)
        if fenced:
            mark = fenced.group(1)
            if not fence:
                fence = mark[0] * 3
            elif mark.startswith(fence):
                fence = ""
            previous = ""
            continue
        if fence:
            continue
        outside[-1] = line
        for message, hint in _line_problems(line, previous):
            problems.add(display, number, message, hint)
            ok = False
        previous = line
    return _html_depth(body, "\n".join(outside), display, body_line, problems) and ok


def _html_depth(body: str, outside: str, display: str, body_line: int, problems: Problems) -> bool:
    """Raw HTML nested too deep in *outside* (the body, its code fences blanked); True when not."""
    if "<" not in body:
        return True
    html = _HtmlDepth()
    try:
        html.feed(outside)
        html.close()
    except AssertionError:   # what html.parser raises on a declaration it cannot read: <![1
        problems.add(display, body_line + html.getpos()[0] - 1, "正文中有无法识别的 HTML 标记（以“<!”开头）",
                     "删掉这段标记，用普通文字来写")
        return False
    if html.too_deep:
        problems.add(display, body_line + html.too_deep - 1,
                     f"HTML 标签嵌套太深（超过 {MAX_HTML_DEPTH} 层，或有很多没有闭合的标签）",
                     "正文用普通段落和列表来写；确实需要的 HTML 标签要成对闭合")
        return False
    return True


def _line_problems(line: str, previous: str) -> Iterator[tuple[str, str]]:
    if not _INTERESTING.search(line):
        return  # plain prose: most lines
    depth, rest = 0, line
    while True:
        match = _CONTAINER.match(rest)
        if not match:
            break
        depth += 1 + (len(rest) - len(rest.lstrip(" "))) // 4
        rest = rest[match.end():]
    if depth > MAX_MD_DEPTH:
        yield (f"列表或引用嵌套太深（{depth} 层，上限 {MAX_MD_DEPTH} 层）",
               "改成几个并列的编号条目，或分成几段")
    if line.lstrip(" ")[:1] in ("=", "-") and _SETEXT.match(line) and previous.strip() \
            and not _CONTAINER.match(previous) \
            and not previous.lstrip().startswith(("#", "|")) and not _SETEXT.match(previous):
        yield ("上一行下面的“===”或“---”会把它变成标题",
               "小节标题写成“## 小节名”；要分隔线请在它上面空一行；否则删掉这一行")
    if "{" in line and _ATTR_LIST.search(line):
        yield ("正文中不能用 {: …} 或 {#…} 这样的属性写法", "删掉花括号这部分")
    for image, target in _INLINE_TARGET.findall(line) if "](" in line else ():
        problem = _target_problem(target, bool(image))
        if problem:
            yield problem, "改用文字描述，或写完整的 https:// 网址"
    refs = _REF_DEF.findall(line) if "]:" in line else []
    autolinks = _AUTOLINK.findall(line) if "<" in line else []
    for target in (*refs, *autolinks):
        problem = _target_problem(target, False)
        if problem:
            yield problem, "改用文字描述，或写完整的 https:// 网址"


def _walk(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every (path, value) in front matter, keys included, without recursion."""
    stack = [(path, value)]
    while stack:
        where, item = stack.pop()
        yield where, item
        if isinstance(item, dict):
            for key, child in item.items():
                yield where + (key,), key
                stack.append((where + (key,), child))
        elif isinstance(item, list):
            stack.extend((where + (index,), child) for index, child in enumerate(item))


def _limit(path: tuple[Any, ...], meta: Any) -> int:
    key = next((p for p in reversed(path) if isinstance(p, str)), "")
    if path == ("title",) and isinstance(meta, dict) and "kind" in meta and "id" in meta:  # a source
        return MAX_SOURCE_TITLE
    return MAX_NAME if key in ("title", "aliases", "term", "name") else MAX_TEXT


def _label(path: tuple[Any, ...]) -> str:
    """``figures 第 2 项 what`` for ``("figures", 1, "what")``."""
    parts = [f"第 {p + 1} 项" if isinstance(p, int) and not isinstance(p, bool) else str(p) for p in path]
    return " ".join(parts) or "元数据"


def _most(path: tuple[Any, ...]) -> int:
    """Items a list may have: aliases are copied into every search entry, so fewer. A
    vocabulary file's own list of terms (the top level) is bounded by the file size only."""
    if not path:
        return MAX_VOCABULARY
    return MAX_ALIASES if path[-1] == "aliases" else MAX_ITEMS


def meta_values(meta: Any, line_of: Any, display: str, problems: Problems,
                today: dt.date | None = None) -> None:
    """Control characters, sizes, non-finite numbers and impossible dates in front matter
    (or in a vocabulary file: any parsed YAML)."""
    today = today or dt.date.today()
    for path, value in _walk(meta):
        problem = _value_problem(path, value, meta, today)
        if problem:
            message, hint = problem
            problems.add(display, line_of(*path), message.format(name=_label(path)), hint,
                         field=str(path[0]) if path else "")


def _value_problem(path: tuple[Any, ...], value: Any, meta: Any, today: dt.date) -> tuple[str, str] | None:
    """(message with ``{name}``, hint) for one front-matter value, or None (the common case)."""
    if isinstance(value, str):
        code = control_char(value)
        if code:
            return f"{{name}} 中有不可见的控制字符 {code}", "删掉它"
        limit = _limit(path, meta) if len(value) > MAX_NAME else MAX_NAME  # every limit ≥ MAX_NAME
        if len(value) > limit:
            return f"{{name}} 太长（{len(value)} 个字符，上限 {limit}）", "写简短的名称；说明性的文字写进正文"
    elif isinstance(value, list):
        most = _most(path)
        if len(value) > most:
            return f"{{name}} 项数太多（{len(value)} 项，上限 {most}）", "只保留最常用的几项"
    elif isinstance(value, float):
        if not math.isfinite(value):
            return f"{{name}} 不是一个有限的数（{value}）", "只写来源给出的数字；没有给出就写 未披露"
    elif isinstance(value, dt.date) and path[:1] in (("reviewed",), ("date",)):
        day = value.date() if isinstance(value, dt.datetime) else value
        if day > today:
            return f"{{name}}（日期）{day.isoformat()} 在今天之后", "写实际核对或成文的日期，不能是将来"
        if path == ("reviewed",) and day < OLDEST_REVIEW:
            return f"reviewed（审核日期）{day.isoformat()} 太早", "写最近一次对照来源核对的日期"
    return None
