"""Pinyin, Chinese and Traditional search, typed into the real search box.

Runs on the fixture site served over http on 127.0.0.1 and on the offline
build opened from ``file://``; any request leaving the machine fails the test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .browser import Guard, search, serve
from .conftest import ROOT, generate_and_build, make_project

pytestmark = pytest.mark.browser

# (query, the page that must come first)
FIRST = [
    ("邻里中心", "邻里中心"),
    ("linlizhongxin", "邻里中心"),
    ("linli", "邻里中心"),
    ("lin li zhong xin", "邻里中心"),
    ("LLZX", "邻里中心"),
    ("llzx", "邻里中心"),
    ("xqdzb", "小区党支部"),
    ("xiaoqudangzhibu", "小区党支部"),
    ("daodeyinhang", "道德银行"),
    ("ddyh", "道德银行"),
    ("红色物业", "红色业委会"),      # exact alias
    ("hongse 业委会", "红色业委会"),  # pinyin + characters
    ("鄰里中心", "邻里中心"),         # Traditional
    ("紅色業委會", "红色业委会"),
    ("社區劇場", "社区剧场"),
    ("sqjc", "社区剧场"),
    ("业委会", "业委会"),            # exact glossary term beats 红色业委会
    ("三会一课", "三会一课"),
]

# (query, a page that must be among the results)
FOUND = [
    ("支部", "小区党支部"),      # a word inside a longer title
    ("zx", "邻里中心"),          # initials of a later part
    ("zhongxin", "邻里中心"),    # pinyin of a later part
    ("dangzhibu", "小区党支部"),
    ("邻里", "邻里中心"),
]


# The same behaviour on the real library in data/.
LIBRARY_FIRST = [
    ("邻里中心", "邻里中心"),
    ("llzx", "邻里中心"),
    ("linli", "邻里中心"),
    ("红色业委会", "红色业委会"),
    ("hsywh", "红色业委会"),
    ("三会三评", "社区党建双创"),   # alias kept from a case merged into this one
    ("紅色業委會", "红色业委会"),
    ("社區劇場", "社区剧场"),
    ("shequjuchang", "社区剧场"),
    ("daodeyinhang", "道德银行"),
    ("xqdzb", "小区党支部“拆—转—建”"),
    ("3344", "“3344”党建工作法"),
    ("五星支部", "五星支部"),
    ("yhsy", "社区党建双创"),  # 一会三员 (alias): initials ending in y, which the English stemmer used to rewrite
]
LIBRARY_FOUND = [
    ("支部", "小区党支部“拆—转—建”"),
    ("zx", "邻里中心"),
    ("hongse 业委会", "红色业委会"),
    ("党群协商议事机制", "红色业委会"),   # another practice, named on this page
]


def build_modes(root: Path) -> dict[str, Path]:
    """Generate, then build the served site and the offline (file://) site."""
    return {"served": generate_and_build(root, root / "served"),
            "offline": generate_and_build(root, root / "offline", env={"OFFLINE": "true"}, generated=True)}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_modes(make_project(tmp_path_factory.mktemp("search") / "project"))


@pytest.fixture(scope="module")
def library_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_modes(make_project(tmp_path_factory.mktemp("library") / "project", ROOT / "data"))


def open_page(mode: str, built: dict[str, Path], browser):  # type: ignore[no-untyped-def]
    """Open the home page of *mode* with a network guard; yields the page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    guard = Guard(context)
    tab = context.new_page()
    if mode == "served":
        with serve(built["served"]) as base:
            tab.goto(base + "index.html")
            yield tab
    else:
        tab.goto((built["offline"] / "index.html").as_uri())
        yield tab
    assert guard.blocked == [], f"requests left the machine: {guard.blocked}"
    context.close()


@pytest.fixture(scope="module", params=["served", "offline"])
def page(request, sites, browser):  # type: ignore[no-untyped-def]
    yield from open_page(request.param, sites, browser)


@pytest.fixture(scope="module", params=["served", "offline"])
def library_page(request, library_sites, browser):  # type: ignore[no-untyped-def]
    yield from open_page(request.param, library_sites, browser)


@pytest.mark.parametrize("query, first", FIRST)
def test_expected_page_comes_first(page, query: str, first: str) -> None:  # type: ignore[no-untyped-def]
    titles = search(page, query)
    assert titles and titles[0] == first, f"{query!r} → {titles}"


@pytest.mark.parametrize("query, wanted", FOUND)
def test_expected_page_is_found(page, query: str, wanted: str) -> None:  # type: ignore[no-untyped-def]
    titles = search(page, query)
    assert wanted in titles, f"{query!r} → {titles}"


def test_reading_is_phrase_aware(page) -> None:  # type: ignore[no-untyped-def]
    assert "道德银行" not in search(page, "daodeyinxing")


@pytest.mark.parametrize("query, first", LIBRARY_FIRST)
def test_library_first(library_page, query: str, first: str) -> None:  # type: ignore[no-untyped-def]
    titles = search(library_page, query)
    assert titles and titles[0] == first, f"{query!r} → {titles}"


@pytest.mark.parametrize("query, wanted", LIBRARY_FOUND)
def test_library_found(library_page, query: str, wanted: str) -> None:  # type: ignore[no-untyped-def]
    titles = search(library_page, query)
    assert wanted in titles, f"{query!r} → {titles}"


# -- the handbook's own worker: whole words, ranking, every name of every case -----------------

COMMON_WORDS = ["党员", "党建", "居民", "就业", "志愿服务", "业委会", "物业", "在职党员", "服务"]

ASK_WORKER = """async (queries) => {
  const cfg = JSON.parse(document.getElementById("__config").textContent);
  const worker = new Worker(new URL(cfg.search, location.href));
  const send = (message) => new Promise(resolve => {
    worker.onmessage = event => resolve(event.data);
    worker.postMessage(message);
  });
  await send({type: 0, data: {config: {}, docs: []}});
  const out = {};
  for (const q of queries) {
    const answer = await send({type: 2, data: q});
    out[q] = answer.data.items.map(item => ({
      title: item[0].title.replace(/<[^>]+>/g, ""), kind: (item[0].tags || [])[0],
      location: item[0].location, text: item[0].text, terms: item[0].terms}));
  }
  worker.terminate();
  return out;
}"""


def page_text(site: Path, location: str) -> str:
    import re as _re
    html = (site / location.split("?")[0].split("#")[0]).read_text("utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    return _re.sub(r"<[^>]+>", "", article)


@pytest.fixture(scope="module")
def worker_page(library_sites, browser):  # type: ignore[no-untyped-def]
    yield from open_page("served", library_sites, browser)


def ask(tab, queries: list[str]) -> dict[str, list[dict]]:  # type: ignore[no-untyped-def]
    return tab.evaluate(ASK_WORKER, queries)


def test_common_words_are_matched_whole(worker_page, library_sites) -> None:  # type: ignore[no-untyped-def]
    results = ask(worker_page, COMMON_WORDS)
    for word in COMMON_WORDS:
        top = results[word][:10]
        assert len(top) >= 3, (word, top)
        for item in top:
            assert word in page_text(library_sites["served"], item["location"]), (word, item["title"])
    assert {r["location"] for r in results["党员"]} != {r["location"] for r in results["党建"]}


def test_cases_come_before_terms_tags_and_site_pages(worker_page) -> None:  # type: ignore[no-untyped-def]
    order = ["案例", "术语", "标签", "类别", "来源", "页面"]
    for word, items in ask(worker_page, ["党员", "居民", "物业", "llzx", "社区"]).items():
        ranks = [order.index(i["kind"]) for i in items]
        exact = [i for i in items if i["title"] == word]
        rest = ranks[len(exact):] if items[:len(exact)] == exact else ranks
        assert rest == sorted(rest), (word, [(i["title"], i["kind"]) for i in items])
        if any(r < 5 for r in ranks):
            assert "页面" not in [i["kind"] for i in items], (word, items)


def test_every_case_comes_first_for_its_names(worker_page) -> None:  # type: ignore[no-untyped-def]
    from generator import Settings, check
    from generator import pinyin as py

    library = check(Settings.for_root(ROOT)).library
    queries: dict[str, str] = {}
    initials = [py.initials(c.title) for c in library.cases]
    fulls = [py.full(c.title) for c in library.cases]
    for case in library.cases:
        for name in case.names:
            queries[name] = case.title
        if fulls.count(py.full(case.title)) == 1:
            queries[py.full(case.title)] = case.title
        if initials.count(py.initials(case.title)) == 1 and len(py.initials(case.title)) > 1:
            queries[py.initials(case.title)] = case.title
    results = ask(worker_page, list(queries))
    wrong = {q: [i["title"] for i in results[q][:3]] for q, title in queries.items()
             if not results[q] or results[q][0]["title"] != title or results[q][0]["kind"] != "案例"}
    assert not wrong, wrong
    assert len(queries) > 3 * len(library.cases)


@pytest.mark.parametrize("query", ["(.*+?[", "党" * 1000, "😀🎉", "，。！？、", "   ", "zzzzqqq",
                                   "<script>alert(1)</script>", "\\u0000%00"])
def test_bad_queries_answer_calmly(library_page, query: str) -> None:  # type: ignore[no-untyped-def]
    errors: list[str] = []
    library_page.on("pageerror", lambda e: errors.append(str(e)))
    titles = search(library_page, query[:200] if len(query) > 200 else query)
    meta = library_page.locator(".md-search-result__meta").inner_text()
    assert errors == []
    if not titles:
        assert "没有找到" in meta or "键入" in meta, meta


def test_results_say_what_they_are_and_highlight(library_page) -> None:  # type: ignore[no-untyped-def]
    search(library_page, "党员")
    first = library_page.locator(".md-search-result__list > li").first
    assert first.locator(".md-tag").first.inner_text() in ("案例", "术语", "标签", "类别", "来源")
    assert first.locator("mark").count() >= 1
    first.locator("a").first.click()
    library_page.wait_for_load_state()
    assert "h=" in library_page.url
    assert library_page.locator("article mark[data-md-highlight]").count() >= 1
    library_page.go_back()


def library_site_with(folder: Path, module: object, name: str, value: object) -> Path:
    """The real library generated in this process with ``module.name`` set to *value*, then
    built with MkDocs; the setting is restored afterwards."""
    from generator import Settings, build

    root = make_project(folder / "project", ROOT / "data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(module, name, value)
        build(Settings.for_root(root))
    return generate_and_build(root, generated=True)


@pytest.fixture(scope="module")
def split_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The real library with every first-character file split by the second character."""
    from generator.search import shards

    site = library_site_with(tmp_path_factory.mktemp("split"), shards, "SPLIT_BYTES", 200)
    folder = site / "library" / "search" / "z"
    assert list(folder.glob("*-*.js"))
    for path in folder.glob("*.js"):     # every file over the limit was split (none left from before)
        if "-" not in path.name and path.stat().st_size > 200:
            text = path.read_text("utf-8")
            assert len(json.loads(text[text.index(",") + 1:text.rindex(")")])) <= 1, path.name
    return {"served": site}


def test_split_files_give_the_same_results(worker_page, split_sites, browser) -> None:  # type: ignore[no-untyped-def]
    queries = COMMON_WORDS + ["邻里中心", "红色业委会", "鄰里中心", "党", "邻里中", "hongse 业委会",
                              "志愿服务队伍", "在职党员双重组织生活"]
    whole = ask(worker_page, queries)
    split_page = open_page("served", split_sites, browser)
    tab = next(split_page)
    try:
        parted = ask(tab, queries)
    finally:
        split_page.close()
    for query in queries:
        if query in ("党", "邻里中"):   # a split character's single letter does not reach longer words
            assert parted[query] or whole[query] == [], query
            continue
        assert [r["location"] for r in parted[query]] == [r["location"] for r in whole[query]], query


@pytest.fixture(scope="module")
def unanswered_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The real library without ready-made answers: every query takes the worker's own path."""
    from generator.search import answers

    site = library_site_with(tmp_path_factory.mktemp("unanswered"), answers, "ANSWER_MIN", 10**9)
    assert not (site / "library" / "search" / "a").exists()
    return {"served": site}


def answered_words(site: Path) -> list[str]:
    """Every word the generator answered, read back from the answer files."""
    import json
    import re as _re
    words = []
    for path in sorted((site / "library" / "search" / "a").glob("*.js")):
        call = _re.fullmatch(r"__hb\.answer\((.*)\);\n", path.read_text("utf-8"), _re.S)
        assert call, path
        words.append(json.loads(f"[{call[1]}]")[0])
    return words


def test_answers_are_what_the_worker_would_find(worker_page, library_sites, unanswered_sites,
                                                browser) -> None:  # type: ignore[no-untyped-def]
    """A ready-made answer lists the same pages, titles, passages and highlight terms, in the
    same order, as the worker's own search — for every answered word of the real library."""
    words = answered_words(library_sites["served"])
    assert "社区" in words and "党员" in words and len(words) > 100
    queries = words + ["党", "社", "社区党", "邻里中", "社區"]    # one character, a prefix, Traditional
    requested: list[str] = []
    worker_page.context.on("request", lambda request: requested.append(request.url))
    answered = ask(worker_page, queries)
    assert sum("/search/a/" in url for url in requested) >= len(words) - 5   # the answers were used
    own_page = open_page("served", unanswered_sites, browser)
    tab = next(own_page)
    try:
        own = ask(tab, queries)
    finally:
        own_page.close()
    differing = [q for q in queries if answered[q] != own[q]]
    assert not differing, [(q, answered[q][:2], own[q][:2]) for q in differing[:3]]
    assert sum(len(v) for v in answered.values()) > 5 * len(words)


def search_meta(site: Path) -> dict:
    import json
    text = (site / "library" / "search" / "meta.js").read_text("utf-8")
    return json.loads(text[text.index("(") + 1:text.rindex(")")])


def test_a_word_loads_only_its_first_characters_files(worker_page, library_sites) -> None:  # type: ignore[no-untyped-def]
    """A query that is a word of the index (every name) or the start of one is answered from
    the files of its first character; with every character's files loaded (after a query that
    has to be cut) the same query gives the same results."""
    from generator import Settings, check

    library = check(Settings.for_root(ROOT)).library
    names = sorted({n for c in library.cases for n in c.names} | {e.term for e in library.glossary}
                   | {t.name for t in library.tags})
    names = [n for n in names if len(n) > 2 and all("\u4e00" <= ch <= "\u9fff" for ch in n)]
    typing = [n[:k] for n in names[::9] for k in range(2, len(n))]
    cut = [a + b for a, b in zip(names[::11], names[5::11])]      # two names: must be cut
    queries = list(dict.fromkeys(names[::3] + typing + cut))
    stray = "丶"       # in no text: a query ending in it must be cut, so it loads every character
    assert stray not in search_meta(library_sites["served"])["zh"]

    requested: list[str] = []
    worker_page.context.on("request", lambda request: requested.append(request.url))
    title = max((c.title for c in library.cases if c.title in names), key=len)
    ask(worker_page, [title])
    zh_files = {url.split("/search/")[1].split(".js")[0] for url in requested if "/search/z/" in url}
    first = f"z/{ord(title[0]):x}"
    assert zh_files and all(f == first or f.startswith(first + "-") for f in zh_files), (title, zh_files)

    alone = {q: ask(worker_page, [q])[q] for q in queries}     # a new worker each: nothing else loaded
    primed = ask(worker_page, [q for query in queries for q in (query + stray, query)])
    differing = [q for q in queries if alone[q] != primed[q]]
    assert not differing, [(q, alone[q][:2], primed[q][:2]) for q in differing[:3]]
    assert sum(bool(alone[q]) for q in queries) > 0.9 * len(queries)
