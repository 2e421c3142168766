"""Site text removed only where certain (generator/importer/sitetext.py), and how it is reported."""

from __future__ import annotations

import pytest

from generator.importer import clean as C
from generator.importer import review, sitetext


def _after(fixes: dict[str, object]) -> str:
    return list(fixes.values())[-1].text  # type: ignore[attr-defined]


@pytest.mark.parametrize("line", [
    "您的位置：首页 > 政务公开 > 领导讲话 > 正文",
    "当前位置：首页>新闻中心",
    "字号：大 中 小",
    "【字号 大 中 小】",
    "打印本页 关闭窗口",
    "【打印】 【关闭】",
    "首页 | 范文大全 | 工作总结 | 工作计划 | 讲话稿",
    "上一篇：社区党建工作总结 下一篇：街道办事处工作计划",
    "主办单位：XX区人民政府 备案号：X",
    "XX县人民政府网",
    "本报记者 王X 通讯员 李X",
    "（记者 孙X 通讯员 周X）",
    "责任编辑：赵X",
    "图为党员在手机上参加组织生活。（XX镇供图）",
    "客服提示：本站文档由会员上传 2023-03-07 15:42:18 浏览 1862 次",
    "点击查看全文",
    "查看隐藏内容",
    "---此处隐藏1536字,下载后查看---",
    "温馨提示：本文为付费文档，下载后可查看全部内容。",
    "免责声明：本文转载自网络，版权归原作者所有，如涉及侵权请联系删除。",
    "本文档由用户上传，如有侵权请联系删除。",
    "本文由公文素材库整理，更多精彩内容请访问www.gwsck.com",
    "2021-07-02 08:15 来源：XX日报",
    "网站地图 | 联系我们 | 网站声明",
    "建议使用1024×768分辨率、IE9以上浏览器",
    "版权所有：XX区人民政府办公室",
    "（完）",
    "索引号：X/2021-00012",
    "信息来源：区委组织部",
    "原标题：党支部领着业委会",
    "还剩5页未读，继续阅读",
    "展开阅读全文",
    "免费下载本文档",
    "本文为doc格式，下载后可编辑",
    "文档贡献者：X",
    "作者：王X",
    "编辑：X 审核：X",
    "本文来源于网络，仅供学习参考，请勿用于商业用途。",
    "下载完整版请点击这里",
    "开通VIP，免费下载全部文档",
])
def test_site_lines_go(line: str) -> None:
    text = f"正文第一段。\n{line}\n正文第二段。"
    assert _after(sitetext.remove_site_lines(text)).split("\n") == ["正文第一段。", "正文第二段。"]


@pytest.mark.parametrize("line", [
    "街道还在社区推行“时间银行”，居民参加志愿服务的时长存进个人账户，等到需要时提取使用，详见www.example.cn。",
    "要依法保护知识产权，对侵权行为发现一起查处一起。",
    "记者问：小区党支部是怎样建起来的？",
    "述职人：X",
    "申报单位：XX社区党委",
    "居民可以点击社区公众号查看办事指南，打印相关表格。",
    "图为居民在议事会上发言。",
    "资金来源：区财政拨款X万元，社区自筹X万元，用于改造活动场地和购置设备。",
    "完善下载专区和办事指南，群众可免费下载各类表格。",
    "2021年，社区版权保护宣传进楼栋。",
])
def test_text_that_only_resembles_site_text_stays(line: str) -> None:
    assert _after(sitetext.remove_site_lines(line)) == line


def test_download_notes_block_goes_as_a_whole() -> None:
    text = "各村要把这项工作列入考核。\n温馨提示：\n1. 本文档为Word格式，下载后可编辑。\n2. 下载需5积分。\n下一段正文。"
    fixes = sitetext.remove_site_lines(text)
    assert _after(fixes).split("\n") == ["各村要把这项工作列入考核。", "下一段正文。"]
    assert sum(f.count for f in fixes.values()) == 3


def test_adverts_inside_sentences_go_but_a_single_bracket_stays() -> None:
    ad = "【免费领取范文资料】"
    text = f"队伍常年开展助老服务，{ad}已发展到3000多人。{ad}\n每逢周末开展义诊。{ad}\n会议印发了【关于下载平台的通知】。"
    fixes = sitetext.remove_inline(text)
    assert fixes["文中插入的广告"].count == 3
    assert fixes["图片署名"].text == ("队伍常年开展助老服务，已发展到3000多人。\n每逢周末开展义诊。\n"
                                  "会议印发了【关于下载平台的通知】。")


def test_bracket_with_a_web_address_is_an_advert_even_once() -> None:
    fixes = sitetext.remove_inline("按照居民步行十五分钟【公文素材库 www.gwsck.com】就能到达的范围规划。")
    assert fixes["图片署名"].text == "按照居民步行十五分钟就能到达的范围规划。"


def test_template_sites_suffix_leaves_the_headline_only() -> None:
    fix = sitetext.strip_headline_suffix("2020年街道党建工作总结范文\n今年推进了范文的整理工作。")
    assert fix.text == "2020年街道党建工作总结\n今年推进了范文的整理工作。" and fix.removed == ("范文",)
    assert sitetext.strip_headline_suffix("优秀范文\n正文。").count == 0  # nothing would be left of it
    fix = sitetext.strip_headline_suffix("社区工作总结\n社区工作总结范文（通用3篇）\n今年我们开展了范文征集。")
    assert fix.text == "社区工作总结\n今年我们开展了范文征集。"


def test_news_lead_credit_goes_but_the_story_stays() -> None:
    text = "本报讯（记者 王X 通讯员 李X）近日，X社区推行“周末议事会”。\n新华社北京3月5日电（记者 张X）今天召开会议。"
    fixes = sitetext.remove_inline(text)
    assert list(fixes.values())[-1].text == "近日，X社区推行“周末议事会”。\n今天召开会议。"
    assert fixes["记者、编辑、图片署名"].count == 2
    kept = "社区（党员 X 名）成立志愿队。"
    assert list(sitetext.remove_inline(kept).values())[-1].text == kept


def test_photo_credits_inside_a_paragraph_go() -> None:
    fixes = sitetext.remove_inline("年底按总分评定星级。（摄影：王X）党员积极性提高。（李X 摄）")
    assert fixes["图片署名"].text == "年底按总分评定星级。党员积极性提高。"
    assert fixes["图片署名"].count == 2


def test_fused_closing_tags_and_cut_attributes_go_before_mojibake_marking() -> None:
    fix = sitetext.strip_debris('">在全市推进会上的讲话\n扎实推进各项工作。?!?/p>\n积极性不高?/p>')
    assert fix.text == "在全市推进会上的讲话\n扎实推进各项工作。\n积极性不高"
    assert fix.count == 3
    cleaned = C.clean('<p>扎实推进各项工作。?!?/p>\n<p>一、支部建设</p>')
    assert C.STEP_LABELS["mojibake"] not in cleaned.counts


def test_repeated_paragraph_with_seo_keywords_goes_first_copy_stays() -> None:
    first = "1、设立党员先锋岗。在小区卡口设立党员先锋岗X个，党员轮流值守。"
    text = "\n".join([first, "二、存在问题", "1、社区工作汇报范文 设立党员先锋岗。在小区卡口设立党员先锋岗X个，党员轮流值守。"])
    fix = sitetext.remove_repeats(text)
    assert fix.text.split("\n") == [first, "二、存在问题"]
    assert fix.count == 1
    assert sitetext.remove_repeats("同志们：\n同志们：").count == 0  # short lines may repeat


def test_author_line_at_the_top_is_kept_marked_and_reported_with_its_line() -> None:
    raw = "張X+劉X\n村裏評出了“好媳婦”\n全村每季度評議一次好人好事，評出的好兒媳張榜表揚。"
    cleaned = C.clean(raw)
    assert cleaned.paragraphs[:2] == ["〔待核：张X+刘X〕", "村里评出了“好媳妇”"]
    assert [(u.line, u.text) for u in cleaned.unsure] == [(1, "张X+刘X")]
    assert review.unsure_lines(cleaned) == ["第 1 行：张X+刘X（可能是作者署名）"]


def test_same_shape_in_the_middle_of_a_text_is_not_marked() -> None:
    raw = "标题\n第一段正文。\n第二段正文。\n党建+治理\n第三段正文。\n第四段正文。\n第五段正文。"
    assert C.clean(raw).unsure == []


def test_removed_lines_are_listed_with_their_line_in_the_original() -> None:
    raw = "您的位置：首页 > 正文\n在全镇会议上的讲话\n同志们：\n打印本页 关闭窗口"
    cleaned = C.clean(raw)
    assert review.removed_lines(cleaned) == [
        (1, "网站导航、字号、打印按钮", "您的位置：首页 > 正文"),
        (4, "网站导航、字号、打印按钮", "打印本页 关闭窗口"),
    ]
    listing = "\n".join(review.source_lines(cleaned))
    assert "- 第 1 行（网站导航、字号、打印按钮）：「您的位置：首页 > 正文」" in listing


def test_locate_ignores_punctuation_width_and_spaces() -> None:
    lines = ["标题", "发布时间:2021-09-14 ", "正文"]
    assert sitetext.locate(lines, "发布时间：2021-09-14") == 2
    assert sitetext.locate(lines, "不存在") == 0
