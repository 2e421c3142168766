"""The case format, defined once.

The validator reads these tables to check case files, ``fmt`` uses them for
field order, and the contributor page「如何撰写案例」is rendered from them, so
the rules a contributor reads are the rules the checker applies.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One front-matter field of a case file."""

    name: str
    """Key as written in the YAML front matter."""
    label: str
    """Chinese name shown to readers and in error messages."""
    kind: str
    """Value shape: ``text``, ``texts`` (list of text), ``int``, ``date``,
    ``bool``, ``region``, ``figures``, ``honours``, ``sources``; each has its
    parser in ``validate.PARSERS``."""
    required: bool
    """Whether a case without this field is an error."""
    description: str
    """What to write, in Chinese, for the contributor guide."""
    example: str
    """A YAML example line (or lines) for the contributor guide."""
    vocab: str = ""
    """Name of the controlled vocabulary the values must come from, if any
    (``levels``, ``categories``, ``tags``, ``sectors``: see ``validate.VOCABULARIES``)."""
    min_items: int = 0
    """Fewest list items allowed (lists only)."""
    max_items: int = 0
    """Most list items allowed (lists only; 0 means no limit)."""


FIELDS: tuple[Field, ...] = (
    Field("title", "标题", "text", True,
          "做法的名称，用来源里的叫法，不加地名。", "title: 邻里中心"),
    Field("slug", "网址名", "text", False,
          "页面网址中的拼音名，只用小写字母、数字和连字符。不写时取文件名。",
          "slug: linli-zhongxin"),
    Field("previous_slugs", "曾用网址名", "texts", False,
          "案例改过网址名或文件名时，写上以前的网址名：旧网址会留一个页面把读者转到新页面，"
          "读者收藏、打印、转发的地址仍然能用。",
          "previous_slugs: [linli-fuwu-zhongxin]"),
    Field("aliases", "别称", "texts", False,
          "同一做法的其他叫法或品牌名，搜索和链接都能用。", "aliases: [红色物业]"),
    Field("region", "地区", "region", False,
          "做法所在地，只写来源给出的部分：province 省、city 市、district 区县、"
          "street 街道乡镇、community 社区村。来源隐去的地名照写（如 X社区）或不写。",
          "region:\n  street: X街道\n  community: 狮城社区"),
    Field("level", "层级", "text", True,
          "做法在哪一级推动或落地，从层级词表中选一个。", "level: 社区村", vocab="levels"),
    Field("year", "年份", "int", False,
          "来源写明的、做法开展的年份（四位数字）。来源没有写明就不写这一行，不要推测，"
          "也不要用网页的发布时间代替。", "year: 2020"),
    Field("categories", "类别", "texts", True,
          "从类别词表中选 1 到 3 个。", "categories: [阵地建设, 民生服务]",
          vocab="categories", min_items=1, max_items=3),
    Field("tags", "标签", "texts", True,
          "从标签词表中选 1 到 8 个；写别名会自动换成标准名。", "tags: [邻里中心, 自我造血]",
          vocab="tags", min_items=1, max_items=8),
    Field("actors", "参与主体", "texts", False,
          "谁来做：街道党工委、社区党委、小区党支部、业委会、物业企业、驻区单位……",
          "actors: [社区党委, 居民]"),
    Field("sector", "领域", "texts", False,
          "做法所在的党建领域，从领域词表中选 1 到 3 个；来源看不出就不写。",
          "sector: [城市社区]", vocab="sectors", max_items=3),
    Field("implementer", "实施主体", "text", False,
          "来源写明的牵头实施这项做法的组织（只写一个），例如 街道党工委；来源没有写明就不写。",
          "implementer: 街道党工委"),
    Field("honours", "荣誉评选", "honours", False,
          "来源写明的与这项做法有关的评选和荣誉，每项写 what（称号或评选）、who（获得者，可不写）、"
          "by（评选或表彰单位，可不写）、round（哪一届、哪一批或哪一年，可不写）；来源没有就不写。",
          "honours:\n  - what: 疫情防控先进党组织\n    who: X社区党委\n    by: 区委组织部"),
    Field("figures", "数据", "figures", False,
          "来源给出的数字，每项写 what（统计什么）、value（数字，来源隐去的写“未披露”）、"
          "unit（单位，必填）；来源是约数时加 approx，照原文写约、近、多、余、以上、左右、"
          "不少于等（“30多场次”写 value: 30、unit: 场次、approx: 多；“约4万余元”写 approx: 约余），"
          "what 里不写这些字。",
          "figures:\n  - what: 参与的在职党员\n    value: 387\n    unit: 人\n"
          "  - what: 参加的党员及居民\n    value: 3000\n    unit: 名\n    approx: 近多"),
    Field("sources", "资料来源", "sources", True,
          "来源文件编号（data/sources/ 下的文件名）和在来源中的位置。",
          "sources:\n  - source: jiedao-shequ-dangjian-huibao\n    passage: 第三部分", min_items=1),
    Field("related", "相关案例", "texts", False,
          "与本案例直接相关的其他案例，写标题、别称或网址名；对方页面会自动显示回链。",
          "related: [红色业委会]"),
    Field("reviewed", "审核日期", "date", False,
          "最近一次核对来源的日期，格式 YYYY-MM-DD。", "reviewed: 2026-11-23"),
    Field("limited", "资料有限", "bool", False,
          "来源对这个做法只有简短提及时写 true：页面会标明“资料有限”，正文只写来源实际说了的内容，"
          "不要为了篇幅补写。", "limited: true"),
    Field("draft", "草稿", "bool", False,
          "导入生成的草稿写 true；草稿只警告不报错，也不进入网站。", "draft: true"),
)
"""Every front-matter field, in the order ``fmt`` writes them."""

FIELD_BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}

REGION_PARTS: tuple[tuple[str, str], ...] = (
    ("province", "省"), ("city", "市"), ("district", "区县"),
    ("street", "街道乡镇"), ("community", "社区村"),
)
"""Keys allowed under ``region``, from largest to smallest, with Chinese labels."""

FIGURE_KEYS: tuple[str, ...] = ("what", "value", "unit", "approx")
"""Keys of one item under ``figures``."""

HONOUR_KEYS: tuple[str, ...] = ("what", "who", "by", "round")
"""Keys of one item under ``honours``: the title or selection, who got it, who gave it, which round."""

SOURCE_KEYS: tuple[str, ...] = ("source", "passage")
"""Keys of one item under ``sources``."""

UNDISCLOSED = "未披露"
"""The value written for a figure the source withheld (X, ×, xx …)."""

YEAR_RANGE: tuple[int, int] = (1949, 2100)
"""Years accepted in ``year``, inclusive."""


@dataclass(frozen=True)
class Section:
    """One fixed second-level section of a case body."""

    title: str
    """The exact ``##`` heading."""
    required: bool
    """Whether a case without it is an error."""
    description: str
    """What belongs in it, for the contributor guide."""


SECTIONS: tuple[Section, ...] = (
    Section("概要", True, "两三句话：这是什么做法，解决什么问题。"),
    Section("背景与问题", True, "为什么要做：原来的情况和遇到的困难。"),
    Section("主要做法", True, "编号列出的具体步骤（1. 2. 3.）。"),
    Section("成效", True, "做了以后的变化，尽量用来源中的数字；隐去的数字写“未披露”。"),
    Section("经验启示", True, "别的地方可以借鉴什么。"),
    Section("局限与风险", False, "可选：来源提到的不足或需要注意的问题。"),
)
"""Body sections in their required order."""

SECTION_TITLES: tuple[str, ...] = tuple(s.title for s in SECTIONS)


SOURCE_KINDS = ("讲话", "讲话汇编", "工作汇报", "述职点评")
"""What a source document is; checked in data/sources/ and proposed by the importer."""
SOURCE_LEVELS = ("市", "区", "县", "街道", "镇", "乡", "社区", "村")
"""Which level a source document speaks for."""
