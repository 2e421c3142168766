"""Existing cases found from plain-word descriptions (generator/importer/similar.py),
noise that must not become drafts, and proposed titles."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.importer import clean as C
from generator.importer import detect, meta, similar
from generator.model import Case, GlossaryEntry


def case(slug: str, title: str, body: str, tags: tuple[str, ...] = (), aliases: tuple[str, ...] = ()) -> Case:
    return Case(path=f"data/cases/{slug}.md", slug=slug, title=title, aliases=aliases, region=(), level="社区",
                year=None, categories=("民生服务",), tags=tags, actors=(), figures=(), sources=(),
                related_refs=(), reviewed=None, draft=False,
                sections={"概要": body, "主要做法": body}, section_lines={})


LIBRARY = [
    case("linli-zhongxin", "邻里中心", "社区把小区闲置用房改造成居民活动场所，组织居民种植芽苗菜，书记直播推介，"
         "收入用于场所运转，尝试自身造血。", tags=("自我造血",)),
    case("shequ-juchang", "社区剧场", "党员和文艺骨干自编自演节目，在社区舞台演出，身边人讲身边事，宣传法律、倡导廉洁。",
         tags=("普法宣传",)),
    case("daode-yinhang", "道德银行", "群众做好事记入存折，年底凭积分兑换生活用品。", tags=("积分管理",)),
    case("zhuti-dangri", "主题党日", "支部用好[[主题党日]]安排组织生活。", tags=("组织生活",)),
    case("sanka-zhidu", "三卡制度", "为在职党员建立联系卡、活动登记卡和表现反馈卡，定期反馈给所在单位。"),
    case("zaizhi-shuangchong", "在职党员双重组织生活", "在职党员到居住地社区报到，参加社区组织生活，表现反馈所在单位。"),
]
GLOSSARY = [GlossaryEntry("主题党日", (), "党支部在每月相对固定的日子集中开展的组织生活，每次围绕一个主题安排政治学习、"
                          "议事、志愿服务等内容。", "data/glossary/zhuti-dangri.md", "zhuti-dangri")]


@pytest.fixture(scope="module")
def index() -> similar.Index:
    return similar.build_index(LIBRARY, GLOSSARY)


def test_plain_description_matches_the_case_with_its_words(index: similar.Index) -> None:
    paragraphs = ["同志们：", "X社区在小区腾出一处闲置用房，改造成居民活动的场所，组织居民种植芽苗菜，"
                  "社区党委书记用手机直播推介，收入留作场所运转经费，让场所自身造血。"]
    matches = similar.match(paragraphs, index)
    assert [(m.case.slug, m.paragraphs) for m in matches] == [("linli-zhongxin", [1])]
    assert {"芽苗菜", "造血"} <= set(matches[0].words)


def test_a_practice_spread_over_paragraphs_is_found_from_the_whole_page(index: similar.Index) -> None:
    paragraphs = ["平时谁家做了好事，村里都记入他家的存折，大家都很支持这件事。",
                  "到了年底，全村按照积分多少，给各家发一些东西，效果很好。"]
    assert similar.match(paragraphs[:1], index) == [] and similar.match(paragraphs[1:], index) == []
    (found,) = similar.match(paragraphs, index)
    assert found.case.slug == "daode-yinhang"
    assert {"存折", "积分"} <= set(found.words) and found.paragraphs == [1]


def test_unrelated_text_matches_nothing(index: similar.Index) -> None:
    paragraphs = ["各村每月组织一次村庄清洁行动，党员带头清理房前屋后的垃圾，保持村容村貌整洁。"]
    assert similar.match(paragraphs, index) == []


def test_short_paragraphs_are_not_compared(index: similar.Index) -> None:
    assert similar.match(["种植芽苗菜，直播推介，自身造血。"], index) == []


def test_paragraph_naming_its_own_new_practice_is_not_taken_for_a_case(index: similar.Index) -> None:
    paragraph = "社区推行“积分兑换超市”，群众做好事记入存折，年底凭积分兑换生活用品，风气越来越好。"
    assert [m.case.slug for m in similar.match([paragraph], index)] == ["daode-yinhang"]
    assert similar.match([paragraph], index, ignore={0: ["积分兑换超市"]}) == []


def test_a_named_case_explains_its_paragraph(index: similar.Index) -> None:
    paragraph = "在职党员到居住地社区报到，社区建立联系卡和活动登记卡，表现定期反馈给所在单位。"
    assert [m.case.slug for m in similar.match([paragraph], index)] == ["sanka-zhidu"]
    assert similar.match([paragraph], index, named={"sanka-zhidu"}) == []


def test_glossary_definition_of_the_cases_own_term_counts(index: similar.Index) -> None:
    paragraph = "每月固定一天，组织支部党员集中开展组织生活，围绕一个主题安排政治学习和志愿服务。"
    assert [m.case.slug for m in similar.match([paragraph], index)] == ["zhuti-dangri"]


def test_names_are_kept_whole_and_also_split() -> None:
    words = similar.tokens("党员参加主题党日，2020年共有3000人参加", ("主题党日",))
    assert "主题党日" in words and "党日" in words
    assert "3000" in words and "2020" not in words


def test_matches_become_practices_with_evidence(index: similar.Index) -> None:
    paragraphs = ["党员和文艺骨干自编自演小品，在社区的小舞台上演出，用身边人讲身边事的办法宣传法律、倡导廉洁。"]
    found = detect.detect(paragraphs, {})
    similar.add_matches(found, paragraphs, index)
    (practice,) = found.existing
    assert practice.how == "similar" and practice.case is not None
    assert practice.case.slug == "shequ-juchang" and practice.mentions[0].paragraph == 0
    assert "演出" in practice.evidence


# -- fragments that are not practices ----------------------------------------------------------

@pytest.mark.parametrize("paragraph", [
    "有的同志把积分兑换点叫作“银行”，这个叫法不规范。",
    "把这项工作作为“一把手工程”来抓，列入年度“民生工程”考核。",
    "村里还推行“网格连网格”机制，把党员分到各个网格。",
    "坚持“以服务促服务”机制，提高服务水平。",
    "要把它当成德政工程、惠民工程。",
])
def test_fragments_never_become_drafts(paragraph: str) -> None:
    assert detect.detect([paragraph], {}).practices == []


@pytest.mark.parametrize("paragraph, name", [
    ("街道还在社区推行“时间银行”，居民的服务时长存进个人账户。", "时间银行"),
    ("Y社区在每栋楼设立“楼栋议事厅”。", "楼栋议事厅"),
    ("镇党委建立了民情恳谈日制度，每月到村里听意见。", "民情恳谈日制度"),
])
def test_named_practices_in_or_out_of_quotes(paragraph: str, name: str) -> None:
    assert [p.name for p in detect.detect([paragraph], {}).new] == [name]


# -- titles ------------------------------------------------------------------------------------

def test_no_headline_gives_a_proposed_title_from_the_first_practice() -> None:
    paragraphs = ["近年来，X社区推行“周末议事会”，每逢周六上午在社区广场摆开桌椅，居民有事当面说。"]
    found = meta.detect(C.clean(paragraphs[0]))
    assert found.title == ""
    start = paragraphs[0].index("“周末")
    meta.propose_title(found, paragraphs, [(0, start, start + 7)])
    assert (found.title, found.proposed) == ("X社区推行“周末议事会”", True)
    assert "建议标题" in found.why["title"]


def test_a_headline_is_never_replaced_by_a_proposal() -> None:
    found = meta.detect(C.clean("社区党建工作汇报\n近年来，X社区推行“周末议事会”。"))
    meta.propose_title(found, ["近年来，X社区推行“周末议事会”。"], [(0, 7, 14)])
    assert (found.title, found.proposed) == ("社区党建工作汇报", False)


def test_byline_and_site_name_are_never_the_title() -> None:
    raw = "XX县人民政府网\n本报记者 王X 通讯员 李X\n党支部领着业委会 小区难题有人管了\n2021-07-02 08:15 来源：XX日报\n过去，小区矛盾不断。"
    found = meta.detect(C.clean(raw))
    assert found.title == "党支部领着业委会 小区难题有人管了"
    assert found.date == dt.date(2021, 7, 2)


def test_a_site_name_above_the_headline_is_skipped() -> None:
    cleaned = C.clean("XX社区网\n小区议事厅开张了\n上周，X小区的议事厅正式启用。")
    assert meta.detect(cleaned).title == "小区议事厅开张了"
    assert [(u.line, u.why) for u in cleaned.unsure] == [(1, "可能是网站名称")]  # kept, marked, reported


def test_an_upload_time_is_not_the_documents_date() -> None:
    raw = "客服提示：本站文档由会员上传 2023-03-07 15:42:18 浏览 1862 次\n在全镇会议上的讲话\n同志们：\n****年*月**日"
    found = meta.detect(C.clean(raw))
    assert (found.title, found.date) == ("在全镇会议上的讲话", None)
