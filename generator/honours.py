"""``honours``: selections and honours a source reports for a practice.

Readers of this field judge a practice partly by who recognised it and in
which round (区委组织部表彰的“疫情防控先进党组织”). The sources name these
only now and then, so the field is optional and every part but the title is
too; nothing is filled in that the source does not say.
"""

from __future__ import annotations

from typing import Any

from .errors import Problems
from .load import RawDoc
from .model import Honour
from .schema import FIELD_BY_NAME, HONOUR_KEYS

LABELS = {"what": "称号或评选", "who": "获得者", "by": "评选或表彰单位", "round": "届次或批次"}
"""Chinese names of the keys, for messages."""


def parse(raw: RawDoc, value: Any, problems: Problems) -> tuple[Honour, ...]:
    """Validate ``honours``; every problem is located at its line."""
    f = FIELD_BY_NAME["honours"]
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.add(raw.path, raw.line_of("honours"), "honours（荣誉评选）应当是列表",
                     f"例如：\n{f.example}", field="honours")
        return ()
    out = []
    for index, item in enumerate(value):
        line = raw.line_of("honours", index)
        if not isinstance(item, dict):
            problems.add(raw.path, line, f"honours（荣誉评选）第 {index + 1} 项应当分项写",
                         f"例如：\n{f.example}", field="honours")
            continue
        for key in item:
            if key not in HONOUR_KEYS:
                problems.add(raw.path, raw.line_of("honours", index, key),
                             f"honours（荣誉评选）第 {index + 1} 项有未知的“{key}”",
                             "只能写 " + "、".join(f"{k}（{LABELS[k]}）" for k in HONOUR_KEYS),
                             field="honours")
        parts: dict[str, str] = {}
        for key in HONOUR_KEYS:
            text = item.get(key)
            if text is None or (isinstance(text, str) and not text.strip()):
                continue
            if isinstance(text, (dict, list, bool)):
                problems.add(raw.path, raw.line_of("honours", index, key),
                             f"honours（荣誉评选）第 {index + 1} 项的 {key} 应当是一段文字", field="honours")
                continue
            parts[key] = str(text).strip()
        if "what" not in parts:
            problems.add(raw.path, line, f"honours（荣誉评选）第 {index + 1} 项缺少 what（称号或评选）",
                         "例如 what: 疫情防控先进党组织", field="honours")
            continue
        out.append(Honour(**parts))
    return tuple(out)


def text(honour: Honour) -> str:
    """One honour as a sentence part: X社区党委获区委组织部评为“疫情防控先进党组织”（第二批）."""
    out = honour.who
    if honour.by:
        out += f"（{honour.by}评选）" if out else f"{honour.by}评选"
    out += ("：" if out else "") + f"“{honour.what}”"
    if honour.round:
        out += f"（{honour.round}）"
    return out
