"""The document importer: reading, each cleaning step, metadata, detection, drafts, CLI.

Every kind of mess found in real scraped documents has a small fixture of its
own under tests/fixtures/import/ (site boilerplate, glued pinyin, Traditional
characters, mojibake, page fragments, placeholders, GBK bytes, a BOM, a saved
web page); the .docx is built in the test with python-docx.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
from pathlib import Path

import pytest

from generator.build import load_library
from generator.errors import Problems
from generator.importer import clean as C
from generator.importer import cli, detect, drafts, meta, read
from generator.settings import Settings

from .conftest import ROOT, generate

FIXTURES = ROOT / "tests" / "fixtures" / "import"
FIXTURE_ROOT = ROOT / "tests" / "fixtures"


def fixture_text(name: str) -> str:
    return read.read_path(FIXTURES / name).text


@pytest.fixture(scope="module")
def known() -> dict[str, detect.Known]:
    library = load_library(Settings.for_root(FIXTURE_ROOT), Problems())
    return detect.known_names(library.cases, library.glossary)


# -- reading -------------------------------------------------------------------------------

@pytest.mark.parametrize("name, encoding", [
    ("boilerplate.txt", "utf-8"),
    ("bom.txt", "utf-8-sig"),
    ("gbk.txt", "gb18030"),
])
def test_plain_text_in_any_windows_encoding(name: str, encoding: str) -> None:
    document = read.read_path(FIXTURES / name)
    assert document.format == "text"
    assert document.encoding == encoding
    assert "\ufeff" not in document.text
    assert "党" in document.text


def test_bom_and_crlf_are_gone_after_cleaning() -> None:
    cleaned = C.clean(fixture_text("bom.txt"))
    assert "\r" not in cleaned.text and "\ufeff" not in cleaned.text
    assert cleaned.paragraphs[0] == "社区党委工作汇报"


def test_docx_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.core_properties.title = "社區黨建工作彙報"
    document.add_paragraph("社區黨建工作彙報")
    document.add_paragraph("我社區建立“樓道議事會”，每月召開一次。")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "議事次數"
    table.cell(0, 1).text = "12"
    document.add_paragraph("我社區還開展社區劇場活動。")
    path = tmp_path / "report.docx"
    document.save(str(path))
    result = read.read_path(path)
    assert result.format == "docx"
    assert result.title == "社區黨建工作彙報"
    assert result.text.split("\n") == ["社區黨建工作彙報", "我社區建立“樓道議事會”，每月召開一次。",
                                       "議事次數 12", "我社區還開展社區劇場活動。"]
    cleaned = C.clean(result.text)
    assert cleaned.paragraphs[1] == "我社区建立“楼道议事会”，每月召开一次。"


def test_saved_web_page_keeps_the_article_only() -> None:
    result = read.read_path(FIXTURES / "page.html")
    assert result.format == "html" and result.encoding == "utf-8"
    assert result.title == "街道党工委书记在党建观摩会上的讲话"
    for furniture in ("首页", "登录", "讲话稿", "热门文章", "Copyright", "hits", "font-family", "广告"):
        assert furniture not in result.text
    assert "“红色业委会”" in result.text  # entities decoded
    assert "社区党委书记利用手机直播" in result.text


def test_web_page_in_declared_gbk() -> None:
    page = (FIXTURES / "page.html").read_text("utf-8").replace('charset="utf-8"', 'charset="gb2312"')
    result = read.read_bytes(page.encode("gb18030"), "page.htm")
    assert result.encoding == "gb18030"
    assert result.text == read.read_path(FIXTURES / "page.html").text


@pytest.mark.parametrize("data, name, message", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "old.doc", "旧版 Word"),
    (b"\xff\xfe\xfa\xfb\xfc\x80\x81", "broken.txt", "编码无法识别"),
    (b"\x80\x80\xff\xff", "broken.txt", "编码无法识别"),
    (b"not a zip", "fake.docx", "不是 Word 文档"),
])
def test_unreadable_files_are_refused_in_chinese(data: bytes, name: str, message: str) -> None:
    with pytest.raises(read.ReadError, match=message):
        read.read_bytes(data, name)


# -- cleaning steps, one by one ------------------------------------------------------------------

def test_markup_fragments_are_stripped() -> None:
    fix = C.strip_markup("<p>同志们:</p>[b]一、总体情况[/b]&nbsp;今年<br/>以来")
    assert fix.text == "同志们:\n一、总体情况 今年\n以来"
    assert fix.count == 6


def test_glued_pinyin_is_dropped_but_brackets_are_not() -> None:
    fix = C.repair_glued_pinyin("發(fā)布時間，鎮(zhèn)黨委和區(qū)委；(一)、(X)、(a)、全縣(區)、笖(shù)")
    assert fix.text == "發布時間，鎮黨委和區委；(一)、(X)、(a)、全縣(區)、笖"
    assert fix.count == 4


def test_mojibake_is_marked_not_guessed() -> None:
    fix = C.mark_mojibake("風展紅旗如畫!寥嗣竦男腋V笖才能芝麻開花節節高。")
    assert fix.text == "風展紅旗如畫!〔疑似乱码：寥嗣竦男腋V笖〕才能芝麻開花節節高。"
    assert fix.count == 1 and fix.removed == ("寥嗣竦男腋V笖",)


@pytest.mark.parametrize("text", [
    "聚沙成塔、聚水成涓，不积跬步无以至千里。",           # literary words with rare characters
    "對列入後進的鄒廟村支部，組織蠶桑技術培訓。",           # clean Traditional text
    "X社区、xx街道、XX县区、×××局在20xx年建成X处。",     # placeholders
    "学习强国APP、5+x主题党日和“支部+X+贫困户”。",        # Latin letters that belong there
    "怎么办?我们要抓紧。",                                 # a real question mark
])
def test_ordinary_text_is_not_taken_for_mojibake(text: str) -> None:
    assert C.mark_mojibake(text).count == 0


def test_marked_passages_survive_later_steps() -> None:
    cleaned = C.clean("效果不明顯?!叭龝徽n”制度堅持不經常, 黨員教育管理不規範。")
    assert "〔疑似乱码：?!叭龝徽n〕" in cleaned.text
    assert C.STEP_LABELS["mojibake"] in cleaned.counts
    assert "，" in cleaned.text  # punctuation outside the mark is still repaired


def test_traditional_becomes_simplified_phrase_aware() -> None:
    fix = C.to_simplified("在城市基層黨建工作座談會上的講話，鄰里中心")
    assert fix.text == "在城市基层党建工作座谈会上的讲话，邻里中心"
    assert fix.count == 7
    assert C.traditional_left(fix.text) == ""


def test_each_kind_of_boilerplate_is_removed_and_counted() -> None:
    text = "\n".join([
        "下面是小编为大家整理的社区工作汇报(完整文档),供大家参考。",
        "发布时间:2021-03-05 来源: 工作总结 点击:",
        "正文第一段。公务员之家版权所有",
        "……此处隐藏1234字……",
        "正文第二段。第1页 共2页",
        "正文第三段。[1][2]下一页",
        "推荐访问:",
        "相关热词搜索:党建 讲话",
        "下载社区工作汇报.doc",
        "声明:本文内容由互联网用户自发贡献自行上传,本网站不拥有所有权。",
        "相关范文推荐",
        "    在全区党建工作会议上的讲话",
    ])
    results = C.remove_boilerplate(text)
    counts = {label: fix.count for label, fix in results.items() if fix.count}
    assert counts == {"相关文章列表": 2, "网站水印": 1, C.LABEL_EDITOR: 1, "推荐访问、相关热词": 2,
                      "下载与版权声明": 2, C.LABEL_PUBLISHED: 1, "页码": 2, "“此处隐藏…字”提示": 1}
    final = list(results.values())[-1].text
    assert [line.strip() for line in final.split("\n") if line.strip()] == [
        "正文第一段。", "正文第二段。", "正文第三段。"]


def test_long_paragraph_mentioning_copyright_words_is_kept() -> None:
    paragraph = "要加强知识产权保护，" + "推进版权所有权登记工作，" * 20
    results = C.remove_boilerplate(paragraph)
    assert list(results.values())[-1].text == paragraph


def test_title_decoration_is_removed() -> None:
    results = C.remove_boilerplate("2020年在全县(区)机关党建工作会议上的讲话[大全5篇]")
    assert list(results.values())[-1].text == "2020年在全县(区)机关党建工作会议上的讲话"
    assert results[C.LABEL_DECOR].removed == ("[大全5篇]",)


def test_punctuation_next_to_chinese_becomes_full_width() -> None:
    fix = C.normalise_punctuation("同志们:今天,我们开会(一)!怎么办?时间 15:20,共 1,894 人(约数);全县(区)")
    assert fix.text == "同志们：今天，我们开会（一）！怎么办？时间 15:20，共 1,894 人（约数）；全县（区）"


def test_page_numbers_are_dropped_but_real_lists_kept() -> None:
    page = "街道党工委主动适应新形势的要求，把社区党建工作摆上重要议事日程，积极探索与现代城市建设和管理相适应的街居党建工作新途径"
    pages = f"1、汇报 {page}，\n2、以及随之引发的新问题。{page}。成立了\n3、联席会。{page}。\n4、下一页。"
    fix = C.drop_page_numbers(pages)
    assert fix.text == f"汇报 {page}，\n以及随之引发的新问题。{page}。成立了\n联席会。{page}。\n下一页。"
    assert fix.count == 4
    headings = "主要做法是：\n1、以变应变\n2、因地制宜\n3、服务为先"
    assert C.drop_page_numbers(headings).count == 0
    items = "主要做法是：\n1、建支部。\n2、建阵地。\n3、建队伍。"
    assert C.drop_page_numbers(items).count == 0
    single = "同志们：\n各单位要对照通报\n2、以及随之引发的新问题。"
    assert C.drop_page_numbers(single).text == "同志们：\n各单位要对照通报\n以及随之引发的新问题。"


def test_broken_sentences_are_rejoined() -> None:
    text = "\n".join([
        "在全区党建工作会议上的讲话",
        "同志们：",
        "第一个阶段，发挥组织力；",
        "第二个阶段，强化保障力。",
        "要结合我县",
        "",
        "（区）实际，研究制定意见。",
        "（五）要更加严肃地推进纪律作风建设",
        "各单位要抓好落实；",
        "二是要注重服务。",
    ])
    fix = C.rejoin_broken_lines(text)
    assert fix.text.split("\n") == [
        "在全区党建工作会议上的讲话",
        "同志们：",
        "第一个阶段，发挥组织力；第二个阶段，强化保障力。",
        "要结合我县（区）实际，研究制定意见。",
        "（五）要更加严肃地推进纪律作风建设",
        "各单位要抓好落实；",
        "二是要注重服务。",
    ]
    assert fix.count == 2


def test_inline_headings_become_paragraphs() -> None:
    line = ("社区党建工作汇报 近年来，街道积极探索。我们的做法是： 一、以扩大覆盖面为目标，推动转变 "
            "xx街道是人口最多的街道。省委省政府 加快建设。认真 （四）以“乐民”为动力。")
    fix = C.split_inline_headings(line)
    assert fix.text.split("\n") == [
        "社区党建工作汇报", "近年来，街道积极探索。我们的做法是：", "一、以扩大覆盖面为目标，推动转变",
        "xx街道是人口最多的街道。省委省政府 加快建设。认真", "（四）以“乐民”为动力。"]
    assert C.tidy_spaces(fix.text).text.split("\n")[3] == "xx街道是人口最多的街道。省委省政府加快建设。认真"


def test_placeholders_stay_visible() -> None:
    text = "今年X月，X社区建立“党员先锋岗”X个，×××局、xx街道、XX县区在20xx年捐款X元，捐款率达X%。"
    cleaned = C.clean(text)
    for placeholder in ("X月", "X社区", "X个", "×××局", "xx街道", "XX县区", "20xx年", "X元", "X%"):
        assert placeholder in cleaned.text
    assert cleaned.placeholders == 9


# -- the whole cleaning on each messy fixture -------------------------------------------------------

BOILERPLATE_LEFT = re.compile(r"小编|推荐访问|相关热词|下载|版权|声明|相关范文|第\s*\d+\s*页|共\s*\d+\s*页|"
                              r"此处隐藏|发布时间|点击|<[a-z/]|\[/?[a-z]+\]|&[a-z]+;")


@pytest.mark.parametrize("name", ["boilerplate.txt", "traditional.txt", "pages.txt", "gbk.txt",
                                  "bom.txt", "page.html"])
def test_cleaned_text_is_plain_simplified(name: str) -> None:
    cleaned = C.clean(fixture_text(name))
    plain = C.MARKED.sub("", cleaned.text)
    assert BOILERPLATE_LEFT.findall(plain) == []
    assert C.traditional_left(cleaned.text) == ""
    assert not re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+\)", plain)
    assert not re.search(r"[\u4e00-\u9fff][,;:?!]|[,;:?!][\u4e00-\u9fff]", plain)


def test_boilerplate_fixture() -> None:
    cleaned = C.clean(fixture_text("boilerplate.txt"))
    assert cleaned.paragraphs[:3] == ["同志们：", "今年以来，街道党工委按照区委组织部的要求，推进小区党支部建设，各社区取得了新的进展。",
                                      "我们的主要做法是："]
    assert "1、把党支部建到小区。X社区把网格里的小区分离出来，单独建立党支部，现在已建成X个。" in cleaned.paragraphs
    assert "X社区建立“楼道议事会”，每月召开一次，居民在楼道里商量停车、绿化等事情，20xx年共解决问题X件。" \
        in cleaned.paragraphs
    assert cleaned.paragraphs[-1] == "各社区要打造法治阵地，把“最后一公里”打通。"


def test_traditional_fixture() -> None:
    cleaned = C.clean(fixture_text("traditional.txt"))
    assert cleaned.paragraphs[0] == "在城市社区党建工作座谈会上的讲话"
    assert "风展红旗如画！〔疑似乱码：寥嗣竦男腋V笖〕才能芝麻开花节节高。" in cleaned.paragraphs[2]
    assert cleaned.counts[C.STEP_LABELS["pinyin"]] == 14
    assert cleaned.counts[C.STEP_LABELS["mojibake"]] == 1


def test_pages_fixture() -> None:
    cleaned = C.clean(fixture_text("pages.txt"))
    assert cleaned.paragraphs == [
        "社区党建工作汇报",
        "近年来，xx街道党工委主动适应新形势的要求，把社区党建工作摆上重要议事日程。我们的主要做法是：",
        "一、以扩大党建覆盖面为目标，推动街居党建向社区党建转变",
        "xx街道是XX县区人口最多的街道，人口构成复杂，市场经济繁荣发展带来的巨大变化，以及随之引发的新矛盾、"
        "新问题。街道党工委成立了社区党建工作委员会，建立了联席会议制度，9个驻地单位联合出资18万元。",
        "（一）以“为民”为宗旨，多办实事。以爱心超市为平台，认真",
        "（二）以“乐民”为动力，丰富文化生活。",
        "第二个阶段，强化保障力；第三个阶段，激发内动力，聚力发展建设。",
    ]
    assert cleaned.counts[C.STEP_LABELS["pages"]] == 3


# -- metadata ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, title, kind, level, date", [
    ("boilerplate.txt", "街道党工委社区党建工作讲话", "讲话", "街道", dt.date(2021, 3, 5)),
    ("traditional.txt", "在城市社区党建工作座谈会上的讲话", "讲话", "区", dt.date(2020, 10, 22)),
    ("pages.txt", "社区党建工作汇报", "工作汇报", "", None),
    ("gbk.txt", "街道党工委社区党建工作汇报", "工作汇报", "街道", None),
    ("bom.txt", "社区党委工作汇报", "工作汇报", "社区", None),
    ("page.html", "街道党工委书记在党建观摩会上的讲话", "讲话", "街道", dt.date(2019, 12, 30)),
])
def test_metadata_from_what_the_text_shows(name: str, title: str, kind: str, level: str,
                                           date: dt.date | None) -> None:
    document = read.read_path(FIXTURES / name)
    found = meta.detect(C.clean(document.text), document.title)
    assert (found.title, found.kind, found.level, found.date) == (title, kind, level, date)


def test_metadata_is_never_guessed() -> None:
    found = meta.detect(C.clean("今天开会，大家讨论了停车问题。\n会议决定下周再议。"))
    assert (found.title, found.kind, found.level, found.date) == ("", "", "", None)


def test_compilation_gets_no_single_date() -> None:
    text = "党建讲话汇编\n第一篇：在全区会议上的讲话\n同志们：\n第二篇：在全区群团会议上的讲话\n同志们：\n2012年3月9日"
    found = meta.detect(C.clean(text))
    assert found.kind == "讲话汇编" and found.date is None


# -- detection ---------------------------------------------------------------------------------------

def test_known_cases_become_update_suggestions(known: dict[str, detect.Known]) -> None:
    paragraphs = ["各社区要推广“红色业委会”，建设小区邻里中心。", "镇党委提出了“四位一体”明主责的3344”党建工作法。"]
    found = detect.detect(paragraphs, known)
    assert [p.case.slug for p in found.existing if p.case] == ["hongse-yeweihui", "linli-zhongxin",
                                                               "3344-dangjian-gongzuofa"]
    assert found.practices[1].variants == ["小区邻里中心"]
    assert [p.name for p in found.new] == ["四位一体"]


def test_quoted_practices_and_slogans(known: dict[str, detect.Known]) -> None:
    paragraphs = ["打通“最后一公里”，建好“主阵地”，落实“十二五”规划，推广“楼道议事会”和“三卡”制度，"
                  "开展“五个好”活动和“结对子、献爱心、送温暖”活动。"]
    found = detect.detect(paragraphs, known)
    assert [p.name for p in found.new] == ["楼道议事会", "“三卡”制度", "“五个好”活动"]


def test_named_methods_need_a_specific_name(known: dict[str, detect.Known]) -> None:
    paragraphs = ["建立了党员谈心交流制度，严格执行组织生活制度，完善考核评价机制和四项制度，要把它当成党委工程。"]
    found = detect.detect(paragraphs, known)
    assert [p.name for p in found.new] == ["党员谈心交流制度"]


def test_glossary_terms_are_listed_not_drafted(known: dict[str, detect.Known]) -> None:
    found = detect.detect(["落实“三会一课”，指导业主委员会换届。"], known)
    assert found.practices == []
    assert list(found.terms) == ["三会一课", "业委会"]


def test_mojibake_is_never_a_practice(known: dict[str, detect.Known]) -> None:
    found = detect.detect(["〔疑似乱码：暗赖裸y行〕”项目通过党建引领推进。"], known)
    assert found.practices == []


def test_locations_follow_the_headings() -> None:
    paragraphs = ["第一个方面，讲一讲情况", "（一）打响阻击战。建立“党员先锋岗”。", "第二篇：另一篇讲话",
                  "一、主要成效", "一是责任落实。", "正文。"]
    assert detect.locations(paragraphs) == [
        "第一个方面", "第一个方面（一）", "第二篇", "第二篇第一部分", "第二篇第一部分“一是责任落实”",
        "第二篇第一部分“一是责任落实”"]


# -- drafts ---------------------------------------------------------------------------------------

def test_source_slug_is_short_pinyin() -> None:
    slug = drafts.source_slug("街道党工委书记在第四季度党建观摩活动总结讲评会上讲话", "x.txt")
    assert slug.startswith("jiedao-danggongwei-shuji")
    assert len(slug) <= drafts.SOURCE_SLUG_MAX and "zai" not in slug.split("-")
    assert drafts.source_slug("", "000_4BEE36.txt") == "000-4bee36"


def test_sentences_go_to_plausible_sections() -> None:
    assert drafts.classify("存在“摊子大、管理难”等问题。", "第一个方面") == "背景与问题"
    assert drafts.classify("组织生活有欠账。", "第二个方面，讲一讲存在的问题") == "局限与风险"
    assert drafts.classify("累计消除零就业家庭67户。", "") == "成效"
    assert drafts.classify("实践证明，党风带民风。", "") == "经验启示"
    assert drafts.classify("由社区指导小区召开党员大会。", "") == "主要做法"


# -- the command ---------------------------------------------------------------------------------------

def _args(project: Path, *files: Path, force: bool = False, dry_run: bool = False) -> argparse.Namespace:
    return argparse.Namespace(root=str(project), files=[str(f) for f in files], force=force, dry_run=dry_run)


ALL_FIXTURES = [FIXTURES / n for n in ("boilerplate.txt", "traditional.txt", "pages.txt", "gbk.txt",
                                       "bom.txt", "page.html")]


def test_import_writes_source_and_drafts_that_check_accepts(project: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.run(_args(project, *ALL_FIXTURES)) == 0
    out = capsys.readouterr().out
    assert "网站编者按（小编整理等）：1" in out and "粘连的拼音注音：14" in out and "分页编号：3" in out
    assert "更新 红色业委会（data/cases/hongse-yeweihui.md）" in out
    folder = project / "data" / "drafts" / "jiedao-danggongwei-shequ-dangjian"
    source = (folder / "source.md").read_text("utf-8")
    assert source.startswith("---\nid: jiedao-danggongwei-shequ-dangjian\ntitle: \"街道党工委社区党建工作讲话\"\n"
                             "kind: \"讲话\"\nlevel: \"街道\"\ndate:  # 原文没有写明日期，不要推测\n"
                             "published: 2021-03-05  # 网页的发布时间，不是讲话或汇报本身的日期\n")
    assert "- 红色业委会（data/cases/hongse-yeweihui.md）" in source
    assert "- 楼道议事会 → loudao-yishihui.md" in source
    draft = (folder / "loudao-yishihui.md").read_text("utf-8")
    assert "title: \"楼道议事会\"" in draft and "draft: true" in draft
    assert "  - source: jiedao-danggongwei-shequ-dangjian\n    passage: \"第二部分\"" in draft
    assert [line for line in draft.split("\n") if line.startswith("## ")] == [
        "## 概要", "## 背景与问题", "## 主要做法", "## 成效", "## 经验启示", "## 局限与风险"]
    assert drafts.NOTE in draft
    assert "> 〔第二部分〕X社区建立“楼道议事会”，每月召开一次" in draft
    # the red residents' committee is an existing case: no duplicate draft
    assert not list(project.glob("data/drafts/*/hongse-yeweihui*.md"))
    check = generate(project, "check")
    assert check.returncode == 0, check.stderr + check.stdout
    warnings = check.stderr.strip().split("\n")
    assert all("警告：" in line for line in warnings), warnings
    assert re.search(r"检查通过：6 个案例、\d+ 个草稿", check.stdout)


def test_existing_drafts_are_kept_unless_forced(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fixture = FIXTURES / "bom.txt"
    assert cli.run(_args(project, fixture)) == 0
    draft = next(project.glob("data/drafts/*/loudao-yishihui-zhidu.md"))
    draft.write_text("我已经改写了。\n", "utf-8")
    capsys.readouterr()
    assert cli.run(_args(project, fixture)) == 0
    assert draft.read_text("utf-8") == "我已经改写了。\n"
    assert "已存在，未覆盖" in capsys.readouterr().out
    assert cli.run(_args(project, fixture, force=True)) == 0
    assert "draft: true" in draft.read_text("utf-8")


def test_same_title_from_another_file_gets_its_own_folder(project: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes((FIXTURES / "gbk.txt").read_bytes())
    assert cli.run(_args(project, FIXTURES / "gbk.txt", copy)) == 0
    folders = sorted(p.name for p in (project / "data" / "drafts").iterdir())
    assert folders == ["jiedao-danggongwei-shequ-dangjian", "jiedao-danggongwei-shequ-dangjian-2"]


def test_dry_run_writes_nothing(project: Path) -> None:
    assert cli.run(_args(project, FIXTURES / "traditional.txt", dry_run=True)) == 0
    assert not (project / "data" / "drafts").exists()


def test_unreadable_file_fails_without_stopping_the_others(project: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "old.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 64)
    assert cli.run(_args(project, bad, FIXTURES / "gbk.txt")) == 1
    captured = capsys.readouterr()
    assert "old.doc: 错误：不支持旧版 Word" in captured.err
    assert (project / "data" / "drafts" / "jiedao-danggongwei-shequ-dangjian" / "source.md").exists()


def test_register_adds_the_subcommand_with_chinese_help() -> None:
    top = argparse.ArgumentParser(prog="python -m generator")
    top.add_argument("--root", default=".")
    sub = top.add_subparsers(dest="command", required=True)
    parser = cli.register(sub)
    args = top.parse_args(["--root", "x", "import", "a.txt", "b.docx", "--force"])
    assert args.func is cli.run and args.files == ["a.txt", "b.docx"] and args.force and not args.dry_run
    buffer = io.StringIO()
    parser.print_help(buffer)
    assert "data/drafts/" in buffer.getvalue() and "--force" in buffer.getvalue()
    assert "疑似乱码" in buffer.getvalue()
