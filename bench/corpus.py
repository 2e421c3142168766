"""A deterministic synthetic data/ tree for benchmarks: ``python -m bench.corpus ROOT -n 1000``.

Writes ``ROOT/data`` with N cases of realistic Chinese text (about 1,500
characters each, in the fixed sections 概要/背景与问题/主要做法/成效/经验启示),
one source document, about 40 glossary terms, and the real vocabularies and
templates copied from the project's ``data/``. Text is assembled from a word
list of community-governance vocabulary with sentence templates, so jieba
(in the generator's slugs and in Material's search index) does real work.

Everything derives from ``random.Random(f"{seed}:{what}")``, so the same
(N, seed) gives byte-identical files, and case *i* is the same for every N
(a 100-case corpus is the first 100 titles of the 1,000-case one, modulo
which titles get linked). Every case passes ``python -m generator check``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script as well as with -m
    sys.path.insert(0, str(ROOT))

from generator import pinyin  # noqa: E402

SEED = 20261123
SOURCE_ID = "hecheng-anli-huibian"
SECTION_TARGETS = {"概要": 150, "背景与问题": 300, "主要做法": 460, "成效": 270, "经验启示": 230}
"""Approximate characters per section (about 1,500 per case)."""
EDIT_MARKER = "基准测试修改标记"
"""Inserted by :func:`edit_case`; the benchmark looks for it in the built page."""

# -- vocabulary -------------------------------------------------------------------

PLACES = (
    "翠湖 青松 东风 红星 金桥 银杏 长乐 安居 和平 幸福 春晖 朝阳 明德 新华 文昌 桂花 紫荆 枫林 "
    "梧桐 丹桂 白鹭 凤凰 龙泉 望江 临湖 滨河 南湖 北苑 西山 东湖 清河 玉泉 锦绣 兴隆 永安 太平 "
    "康乐 福寿 嘉禾 万春 春风 秋实 瑞祥 宏远 振兴 光明 团结 胜利 民主 友谊 翠竹 碧水 云山 星河 "
    "月湖 晨曦 彩虹 石桥 柳岸 荷塘 杏坛 书香 育才 百合 海棠 芙蓉 牡丹 兰亭 竹林 松涛 鹤鸣 燕归 "
    "鹊桥 金沙 银河 天河 宝塔 槐荫 榆林 樱花 茉莉 山茶 橘园 梅岭 桃源 李庄 杨柳 竹溪 石榴 葡萄 "
    "麦香 稻香 荷风 菱湖 莲池 苇岸 芦荻 雁塔 鸿雁 喜鹊 黄鹂 画眉 百灵 孔雀 仙鹤 麒麟 蓬莱 瀛洲"
).split()
QUALIFIERS = ("", "小区", "楼院", "街巷", "片区")
CORES = (
    "邻里议事会 红色物业联盟 楼栋微治理 积分超市 党群连心桥 睦邻客厅 民情恳谈会 红管家 小区议事厅 "
    "邻里守望队 楼道文化 党员责任区 共建理事会 便民服务圈 老旧小区自治 社区微更新 居民说事点 "
    "红色驿站 党员示范岗 民情日记 家门口服务 银发互助会 四点半课堂 社区食堂 协商议事日 楼长制 "
    "网格连心 邻里调解室 社区合伙人计划 党建共同体 微心愿认领 公益集市 志愿服务站 环境共治小组 "
    "停车自治会 加梯协调组 垃圾分类督导队 安全巡防队 法律明白人 乡贤议事会 红色议事厅 社区基金 "
    "暖心驿站 邻里节 文明楼栋评选 党员亮户 民生微实事 物业联席会 居民公约 共享工具屋"
).split()
ALIAS_CORES = {
    "邻里议事会": "邻里议事协商会", "红色物业联盟": "红色物业共建联盟", "积分超市": "爱心积分超市",
    "党群连心桥": "党群连心工程", "睦邻客厅": "睦邻会客厅", "民情恳谈会": "民情恳谈日",
    "红管家": "红色管家", "便民服务圈": "便民生活圈", "社区食堂": "长者食堂",
    "四点半课堂": "放学后课堂", "楼长制": "楼栋长制度", "民情日记": "民情台账",
    "公益集市": "公益大集", "社区基金": "社区微基金", "暖心驿站": "户外暖心驿站",
    "居民公约": "小区公约", "党员亮户": "党员家庭挂牌",
}

SUBJECTS = ("社区党委 街道党工委 小区党支部 居委会 业委会 物业企业 驻区单位 在职党员 网格员 志愿者 "
            "楼栋长 社会组织 社区工作者 居民代表 党员骨干 共建单位 区委组织部 社区民警 律师志愿者 "
            "退休党员 社区居民 楼道党小组 党员中心户 物业项目经理").split()
VERBS = ("牵头 组织 推动 协调 建立 完善 开展 探索 实施 搭建 健全 引导 整合 统筹 深化 创新 落实 带动 "
         "培育 规范 推行 优化").split()
OBJECTS = ("议事协商机制 网格化服务 邻里互助 矛盾纠纷调解 老旧小区改造 垃圾分类 停车难题 加装电梯 "
           "为老服务 托育服务 物业服务质量 公共空间 志愿服务项目 党员联系户制度 民生实事清单 需求清单 "
           "资源清单 项目清单 共建共治共享格局 服务阵地 应急响应机制 信息平台 积分激励 文化活动 法律服务 "
           "就业帮扶 困难群众帮扶 安全隐患排查 环境整治 楼道清理 绿化养护 充电桩建设 适老化改造 "
           "邻里纠纷化解 居民自治章程 议事规则 监督评议制度").split()
PROBLEMS = ("停车位紧张 物业费收缴率低 楼道堆物屡禁不止 邻里纠纷多发 老年人就餐难 公共设施老化 "
            "居民参与意愿不强 党员作用发挥不明显 驻区单位资源分散 信息传递不畅 服务供给与需求错位 "
            "流动人口底数不清 违章搭建反弹 雨污管网破损 充电设施不足 小区缺少活动场地 "
            "业委会与物业矛盾突出 独居老人无人照看 双职工家庭孩子放学后无人看管").split()
CONNECTORS = "通过 围绕 依托 聚焦 针对 按照 结合 借助 立足 坚持".split()
ADVERBS = "逐步 持续 有效 全面 进一步 切实 主动 定期 及时 广泛 扎实 稳步".split()
PERIODS = "周 半月 月 季度 双月".split()
MEETINGS = "联席会议 议事会 恳谈会 协调会 评议会 碰头会 民主评议会".split()
ACTIONS = "梳理 分类 交办 跟踪 督办 评估 公示 复盘".split()
RESULTS = ("居民满意度明显提升 矛盾纠纷就地化解 小区环境显著改善 党员参与热情高涨 "
           "邻里关系更加融洽 物业服务更加规范 居民议事氛围日渐浓厚 公共事务有人管、有人议 "
           "服务资源下沉到楼栋 群众获得感不断增强 社区凝聚力持续增强 基层治理效能稳步提高").split()
LESSONS = (
    ("党建引领是关键", "把支部建在小区、把党员编进网格，群众身边的事才有人牵头、有人负责"),
    ("议事要有规则", "议题收集、协商、表决、公示环环相扣，议定的事情才能落地"),
    ("资源要能共享", "驻区单位的场地、人才和资金通过清单对接，才能变“各自为政”为“握指成拳”"),
    ("激励要可持续", "积分兑换与荣誉表彰相结合，志愿服务才能由一时热情变为长期习惯"),
    ("群众要全程参与", "从问需、议事到评议都请居民参与，做法才接地气、有生命力"),
    ("机制要常态长效", "把临时性的做法固化为制度，避免“人走政息”"),
    ("服务要精准对接", "按需求清单配置服务项目，避免服务空转、阵地闲置"),
    ("数据要动态更新", "网格员定期走访更新台账，做到底数清、情况明"),
)
FIGURES = (
    ("参与的在职党员", "人", 20, 900), ("化解的矛盾纠纷", "件", 5, 600),
    ("收集的居民需求", "条", 30, 2000), ("办结的民生实事", "件", 5, 300),
    ("投入的共建资金", "万元", 1, 500), ("志愿服务时长", "小时", 100, 20000),
    ("居民满意率", "%", 60, 99), ("覆盖的楼栋", "栋", 3, 400), ("受益居民", "户", 50, 8000),
    ("新增停车位", "个", 10, 800), ("开展活动", "场", 4, 300), ("改造面积", "平方米", 100, 30000),
)
CITIES = "江城市 海州市 云川市 临安市 北洲市 南屏市".split()
DISTRICTS = "东城区 西城区 南湖区 北塘区 新河区 高新区 滨江区 开发区".split()

GLOSSARY: tuple[tuple[str, list[str], str], ...] = (
    ("网格化管理", ["网格化服务管理"], "把社区按楼栋或户数划成网格，每个网格明确负责人员，分片收集信息、发现处置问题和提供服务。"),
    ("三会一课", [], "党支部定期召开支部党员大会、支部委员会、党小组会，按时上好党课的组织生活制度。"),
    ("在职党员", [], "在机关、企事业单位工作，同时到居住地社区报到、参与服务的党员。"),
    ("两新组织", [], "非公有制经济组织和社会组织的合称。"),
    ("区域化党建", [], "以街道社区党组织为核心，联合驻区单位党组织共驻共建、资源共享的工作方式。"),
    ("党建联席会议", ["联席会议制度"], "街道社区党组织牵头、驻区单位参加，定期商议辖区公共事务的会议制度。"),
    ("红色物业", [], "党组织引领物业服务企业，把党建和物业服务结合起来的做法。"),
    ("邻里守望", [], "邻居之间相互照应、相互提醒的互助做法。"),
    ("街巷长制", [], "为每条街巷明确街巷长，负责日常巡查和问题协调的管理制度。"),
    ("吹哨报到", ["街乡吹哨"], "街道乡镇发现问题后召集职能部门到场协同处置的工作机制。"),
    ("社区合伙人", [], "吸纳驻区单位、商户和居民共同参与社区服务与治理的合作方式。"),
    ("民生微实事", [], "由居民提出、议定并监督实施的小额民生项目。"),
    ("楼栋长", [], "由居民推选、负责一个楼栋联络与服务的志愿者。"),
    ("三社联动", [], "社区、社会组织、社会工作者相互配合、共同提供服务。"),
    ("主题党日", [], "党支部每月固定一天集中开展的组织生活。"),
    ("党员先锋岗", [], "为党员设置的服务岗位，党员亮身份、作表率。"),
    ("志愿服务积分", [], "按志愿服务时长和内容记录积分，可兑换物品或服务。"),
    ("老旧小区改造", [], "对建成年代较早、设施老化的住宅小区进行的综合改造。"),
    ("垃圾分类", [], "按可回收物、有害垃圾、厨余垃圾和其他垃圾分类投放、收运和处理。"),
    ("物业服务企业", ["物业公司"], "受业主委托提供房屋及设施维护、环境卫生和秩序维护等服务的企业。"),
    ("业主委员会", ["业委会"], "由业主大会选举产生、代表业主行使权利的自治组织。"),
    ("社区社会组织", [], "由社区居民发起、在社区开展活动的社会组织。"),
    ("社会工作者", ["社工"], "运用专业方法为有需要的人提供服务的专业人员。"),
    ("新时代文明实践", [], "以志愿服务为主要形式开展的思想教育和文明创建活动。"),
    ("矛盾纠纷调解", ["人民调解"], "由调解组织或调解员主持，促使当事人协商解决纠纷的活动。"),
    ("一站式服务", [], "在一个窗口或场所集中办理多项事务的服务方式。"),
    ("双报到", [], "机关单位党组织和在职党员分别到社区报到、参与服务。"),
    ("党群服务中心", [], "街道、社区设立的党员活动和群众服务阵地。"),
    ("网格员", [], "在网格内负责走访、信息采集和问题上报的工作人员。"),
    ("小区党支部", [], "以住宅小区为单元设立的党支部。"),
    ("楼道自治", [], "居民以楼道为单元共同商量、管理公共事务。"),
    ("社区基金会", [], "以社区公益为目的募集和使用资金的基金会。"),
    ("公益创投", [], "以项目竞争方式资助社会组织开展公益服务。"),
    ("四议两公开", [], "党支部会提议、两委会商议、党员大会审议、村民会议决议，决议公开、实施结果公开。"),
    ("五社联动", [], "社区、社会组织、社会工作者、社区志愿者、社会慈善资源协同服务。"),
    ("居民议事会", [], "由居民代表组成、协商社区公共事务的议事组织。"),
    ("党员联系户", [], "党员就近联系若干户居民，了解情况、反映诉求。"),
    ("需求清单", [], "收集整理的居民需求目录，用来配置服务和项目。"),
    ("共建单位", [], "与社区签订共建协议、共享资源的机关和企事业单位。"),
    ("适老化改造", [], "为方便老年人生活而对住宅和公共设施进行的改造。"),
)


# -- helpers ----------------------------------------------------------------------

def _rng(seed: int, *what: object) -> random.Random:
    return random.Random(":".join(str(w) for w in (seed, *what)))


def _titles(n: int, seed: int) -> list[tuple[str, str, str, str]]:
    """N unique (title, slug, place, core) tuples, in a seeded order; slugs unique too."""
    combos = [(p, q, c) for c in CORES for q in QUALIFIERS for p in PLACES]
    _rng(seed, "titles").shuffle(combos)
    out: list[tuple[str, str, str, str]] = []
    slugs: set[str] = set()
    glossary = {g[0] for g in GLOSSARY} | {a for g in GLOSSARY for a in g[1]}
    for place, qual, core in combos:
        title = place + qual + core
        slug = pinyin.slug(title)
        if not slug or slug in slugs or title in glossary:
            continue
        slugs.add(slug)
        out.append((title, slug, place + qual, core))
        if len(out) == n:
            return out
    raise ValueError(f"最多只能生成 {len(out)} 个不重名的案例")


def _yaml(value: object) -> str:
    """A scalar or flow list as YAML (JSON is valid YAML and always safely quoted)."""
    return json.dumps(value, ensure_ascii=False)


class _Writer:
    """Sentences for one case, drawn from that case's own random stream."""

    def __init__(self, rng: random.Random, place: str, links: list[str]) -> None:
        self.r = rng
        self.place = place
        self.links = links  # wikilinks still to place, e.g. "[[翠湖积分超市]]"

    def pick(self, seq):  # type: ignore[no-untyped-def]
        return self.r.choice(seq)

    def glossary_mention(self) -> str:
        term, aliases, _ = self.pick(GLOSSARY)
        return self.pick([term, *aliases])

    def sentence(self) -> str:
        r, p = self.r, self.pick
        kind = r.randrange(8)
        if kind == 0:
            s = f"{p(CONNECTORS)}{p(OBJECTS)}，{p(SUBJECTS)}{p(ADVERBS)}{p(VERBS)}{p(OBJECTS)}，{p(VERBS)}{p(OBJECTS)}"
        elif kind == 1:
            s = (f"{p(SUBJECTS)}与{p(SUBJECTS)}共同{p(VERBS)}{p(OBJECTS)}，形成“{r.randint(1, 5)}+{r.randint(2, 9)}”"
                 f"工作模式，把{p(OBJECTS)}纳入{self.glossary_mention()}")
        elif kind == 2:
            s = f"{p(SUBJECTS)}每{p(PERIODS)}召开一次{p(MEETINGS)}，听取{p(SUBJECTS)}意见，对{p(OBJECTS)}进行{p(ACTIONS)}"
        elif kind == 3:
            s = f"{self.place}社区在推进{p(OBJECTS)}中，注重发挥{self.glossary_mention()}的作用，{p(ADVERBS)}{p(VERBS)}{p(OBJECTS)}"
        elif kind == 4:
            s = f"为解决{p(PROBLEMS)}的问题，{p(SUBJECTS)}{p(ADVERBS)}{p(VERBS)}{p(OBJECTS)}，并明确{p(SUBJECTS)}的责任分工"
        elif kind == 5:
            s = f"{p(SUBJECTS)}结合{p(OBJECTS)}，建立“{chr(0x2014).join(r.sample(ACTIONS, 3))}”闭环流程，做到件件有回音"
        elif kind == 6:
            s = f"在{p(SUBJECTS)}的带动下，{p(SUBJECTS)}{p(ADVERBS)}参与{p(OBJECTS)}，{p(RESULTS)}"
        else:
            s = f"{p(CONNECTORS)}{self.glossary_mention()}，{p(SUBJECTS)}把{p(OBJECTS)}和{p(OBJECTS)}结合起来，{p(ADVERBS)}{p(VERBS)}{p(OBJECTS)}"
        if self.links and r.random() < 0.25:
            s += f"，做法借鉴了{self.links.pop()}的经验"
        return s + "。"

    def paragraph(self, target: int) -> str:
        out = ""
        while len(out) < target:
            out += self.sentence()
        return out

    def background(self, target: int) -> str:
        r, p = self.r, self.pick
        parts = [f"过去，{self.place}社区{p(PROBLEMS)}，{p(PROBLEMS)}，居民反映强烈。"]
        while sum(map(len, parts)) < target:
            parts.append(self.sentence() if r.random() < 0.6 else
                         f"据{p(SUBJECTS)}统计，仅{r.randint(2015, 2023)}年就收到{p(PROBLEMS)}方面的诉求"
                         f"{r.randint(12, 480)}件，其中涉及{p(OBJECTS)}的占{r.randint(10, 70)}%。")
        half = len(parts) // 2
        return "".join(parts[:half]) + "\n\n" + "".join(parts[half:])

    def steps(self, target: int) -> str:
        lines: list[str] = []
        n = 0
        while sum(map(len, lines)) < target or n < 4:
            n += 1
            label = f"{self.pick(VERBS)}{self.pick(OBJECTS)}"
            lines.append(f"{n}. **{label}**：{self.sentence()}{self.sentence()}")
        return "\n".join(lines)

    def results(self, target: int, figures: list[tuple[str, object, str]]) -> str:
        r, p = self.r, self.pick
        parts = []
        for what, value, unit in figures:
            shown = "未披露" if value == "未披露" else f"{value}{'' if unit == '%' else ' '}{unit}"
            parts.append(f"截至{r.randint(2018, 2024)}年底，{what}达到{shown}，{p(RESULTS)}。")
        while sum(map(len, parts)) < target:
            parts.append(self.sentence())
        return "".join(parts)

    def lessons(self, target: int) -> str:
        chosen = self.r.sample(LESSONS, k=len(LESSONS))
        lines = []
        for head, body in chosen:
            lines.append(f"- **{head}**：{body}。{self.sentence()}")
            if sum(map(len, lines)) >= target and len(lines) >= 3:
                break
        return "\n".join(lines)


def case_text(index: int, titles: list[tuple[str, str, str, str]], vocab: dict[str, list[str]],
              seed: int = SEED) -> str:
    """The data file of case *index* (front matter and body)."""
    title, _slug, place, core = titles[index]
    r = _rng(seed, "case", title)
    n = len(titles)
    others = [i for i in r.sample(range(n), k=min(n, 4)) if i != index]
    aliases = [place + ALIAS_CORES[core]] if core in ALIAS_CORES and r.random() < 0.7 else []
    links = []
    if others and r.random() < 0.5:
        links.append(f"[[{titles[others[0]][0]}]]")
    if r.random() < 0.4:
        term, _, _ = r.choice(GLOSSARY)
        links.append(f"[[{term}]]")
    related = [titles[i][0] for i in others[1:1 + r.randint(1, 2)]] if r.random() < 0.3 else []
    figures = []
    for what, unit, low, high in r.sample(FIGURES, k=r.randint(2, 4)):
        value: object = "未披露" if r.random() < 0.15 else (
            round(r.uniform(low, high), 1) if unit in ("万元", "%") else r.randint(low, high))
        figures.append((what, value, unit))
    w = _Writer(r, place, links)
    body = {
        "概要": f"{title}是{place}社区{r.choice(VERBS)}{r.choice(OBJECTS)}的一项做法。" + w.paragraph(SECTION_TARGETS["概要"] - 40),
        "背景与问题": w.background(SECTION_TARGETS["背景与问题"]),
        "主要做法": w.steps(SECTION_TARGETS["主要做法"]),
        "成效": w.results(SECTION_TARGETS["成效"], figures),
        "经验启示": w.lessons(SECTION_TARGETS["经验启示"]),
    }
    if w.links:  # make sure every chosen link lands somewhere
        body["主要做法"] += f"\n{len(body['主要做法'].splitlines()) + 1}. **对接经验**：参照{'、'.join(w.links)}的做法{r.choice(VERBS)}{r.choice(OBJECTS)}。"
    lines = ["---", f"title: {_yaml(title)}"]
    if aliases:
        lines.append(f"aliases: {_yaml(aliases)}")
    if r.random() < 0.7:
        lines.append("region:")
        lines.append(f"  city: {_yaml(r.choice(CITIES))}")
        lines.append(f"  district: {_yaml(r.choice(DISTRICTS))}")
        lines.append(f"  community: {_yaml(place + '社区')}")
    lines.append(f"level: {_yaml(r.choice(vocab['levels']))}")
    if r.random() < 0.8:
        lines.append(f"year: {r.randint(2012, 2023)}")
    lines.append(f"categories: {_yaml(r.sample(vocab['categories'], k=r.randint(1, 3)))}")
    lines.append(f"tags: {_yaml(r.sample(vocab['tags'], k=r.randint(2, 6)))}")
    lines.append(f"actors: {_yaml(r.sample(SUBJECTS, k=r.randint(2, 5)))}")
    lines.append("figures:")
    for what, value, unit in figures:
        lines += [f"  - what: {_yaml(what)}", f"    value: {_yaml(value)}", f"    unit: {_yaml(unit)}"]
    lines += ["sources:", f"  - source: {SOURCE_ID}",
              f"    passage: {_yaml(f'第{r.randint(1, 12)}部分第（{r.randint(1, 9)}）段')}"]
    if related:
        lines.append(f"related: {_yaml(related)}")
    reviewed = dt.date(2024, 1, 1) + dt.timedelta(days=index % 700)
    lines += [f"reviewed: {reviewed.isoformat()}", "---", ""]
    for heading, text in body.items():
        lines += [f"## {heading}", "", text, ""]
    return "\n".join(lines)


def _vocab_names(path: Path) -> list[str]:
    import yaml

    return [str(item["name"]) for item in yaml.safe_load(path.read_text("utf-8"))]


def write_corpus(root: Path, n: int, seed: int = SEED, source_data: Path = ROOT / "data") -> dict:
    """Write ``root/data`` (replacing it) with *n* cases; returns a summary."""
    data = root / "data"
    if data.exists():
        shutil.rmtree(data)
    for folder in ("vocab", "templates"):
        shutil.copytree(source_data / folder, data / folder)
    vocab = {name: _vocab_names(data / "vocab" / f"{name}.yml") for name in ("categories", "tags", "levels")}
    (data / "sources").mkdir(parents=True)
    (data / "sources" / f"{SOURCE_ID}.md").write_text(
        "---\n"
        f"id: {SOURCE_ID}\n"
        "title: 城市社区治理做法合成样本汇编\n"
        "kind: 讲话汇编\n"
        "level: 区\n"
        "date: 2024-06-30\n"
        "file: synthetic.txt\n"
        "---\n\n"
        "这是为性能测试合成的来源文件，不对应任何真实文件。其中的案例由词表和句式模板随机组合而成，"
        "用来检验生成器和网站在几千个案例时的构建速度、搜索索引大小和浏览器里的搜索响应。\n", "utf-8")
    (data / "glossary").mkdir()
    for term, aliases, definition in GLOSSARY:
        slug = pinyin.slug(term)
        head = f"---\nterm: {_yaml(term)}\n" + (f"aliases: {_yaml(aliases)}\n" if aliases else "") + "---\n\n"
        (data / "glossary" / f"{slug}.md").write_text(head + definition + "\n", "utf-8")
    titles = _titles(n, seed)
    (data / "cases").mkdir()
    chars = 0
    for index, (_title, slug, _place, _core) in enumerate(titles):
        text = case_text(index, titles, vocab, seed)
        chars += len(text.split("\n---\n", 1)[1])
        (data / "cases" / f"{slug}.md").write_text(text, "utf-8")
    return {"cases": n, "glossary": len(GLOSSARY), "body_chars_per_case": round(chars / max(n, 1)),
            "seed": seed, "titles": [t[0] for t in titles]}


def edit_case(root: Path, serial: int) -> tuple[Path, str]:
    """Change one sentence in the 成效 section of the first case; returns (file, marker).

    Each *serial* gives a different text, so repeated edits always change
    the file. The marker text can be looked for in the built page.
    """
    path = sorted((root / "data" / "cases").glob("*.md"))[0]
    text = path.read_text("utf-8")
    head, sep, rest = text.partition("## 成效\n\n")
    pieces = rest.split("\n", 1)
    tail = pieces[1] if len(pieces) > 1 else ""
    first = pieces[0]
    if EDIT_MARKER in first:
        first = first[:first.index(EDIT_MARKER)]
    marker = f"{EDIT_MARKER}{serial}号"
    path.write_text(head + sep + first + f"{marker}：本句由基准测试写入。" + "\n" + tail, "utf-8")
    return path, marker


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, help="project root to write data/ into (data/ is replaced)")
    parser.add_argument("-n", type=int, default=100, help="number of cases (default 100)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    summary = write_corpus(args.root, args.n, args.seed)
    print(f"{summary['cases']} cases, {summary['glossary']} glossary terms, "
          f"about {summary['body_chars_per_case']} characters per case → {args.root / 'data'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
