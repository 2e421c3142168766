"""generator.search: documents, words, keys and the files the worker reads."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator import Settings, build
from generator.search.documents import CASE, documents, plain
from generator.search.shards import EXACT, INITIALS_WHOLE, name_key, shard_of

from .conftest import make_project


def decode(entry: list[int]) -> dict[int, int]:
    out, doc = {}, 0
    for i in range(0, len(entry), 2):
        doc += entry[i]
        out[doc] = entry[i + 1]
    return out


def load_js(path: Path) -> list:
    """The arguments of the one ``__hb.<kind>(…)`` call a file makes."""
    text = path.read_text("utf-8")
    match = re.fullmatch(r"__hb\.(\w+)\((.*)\);\n", text, re.S)
    assert match, path
    return json.loads(f"[{match[2]}]")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("index") / "project")
    build(Settings.for_root(root))
    return root


def search_dir(root: Path) -> Path:
    return root / "docs" / "library" / "search"


def shard(root: Path, key: str) -> dict[str, list[int]]:
    return load_js(search_dir(root) / f"{shard_of(key)}.js")[1]


def doc_numbers(root: Path) -> dict[str, int]:
    meta = load_js(search_dir(root) / "meta.js")[0]
    out = {}
    for n in range(meta["count"]):
        first, infos = load_js(search_dir(root) / f"x/{n // meta['pack']}.js")
        assert first == n - n % meta["pack"] and len(infos) <= meta["pack"]
        url, _title, _kind, _text = infos[n - first]
        out[url] = n
    assert not (search_dir(root) / f"x/{(meta['count'] - 1) // meta['pack'] + 1}.js").exists()
    return out


@pytest.mark.parametrize("markdown, text", [
    ("**加粗**和[[邻里中心|链接]]，[外链](https://x.org)", "加粗和链接，外链"),
    ("1. 第一步\n2. 第二步", "第一步 第二步"),
    ("<b>标签</b>里的字", "标签里的字"),
])
def test_plain_text(markdown: str, text: str) -> None:
    assert plain(markdown) == text


@settings(max_examples=500, deadline=None)
@given(st.text("[]()|<>*_`{}#-+. \n1业a\t\r\x1f\x85\xa0\u2028\u3000", max_size=30))
@example("[[a|b]] <i>x</i> [c](d) **e** `f` {g}\n- h\n1. i | j")
@example("[a]<b>(x) [[c<i>]]")
@example("x\n-\n  - b\n|a|\n\n> |q")
def test_plain_text_is_every_pattern_applied_in_turn(markdown: str) -> None:
    """plain() skips a pattern where its character is missing, replaces table bars apart from the
    line marks and collapses white space with str.split; that changes nothing (the reference is
    each pattern applied in turn, the line marks and bars as one pattern, white space by \\s+)."""
    from generator.link import WIKILINK
    from generator.search.documents import _HTML, _INLINE, _LINK

    block = re.compile(r"^\s*(?:[-+>#|]+|\d+\.)\s*|\|", re.MULTILINE)
    text = WIKILINK.sub(lambda m: m.group(2) or m.group(1), markdown)
    text = _LINK.sub(r"\1", _HTML.sub("", text))
    expected = re.sub(r"\s+", " ", _INLINE.sub("", block.sub(" ", text))).strip()
    assert plain.__wrapped__(markdown) == expected


def test_names_as_queries_reach_them() -> None:
    assert name_key("“3344”党建工作法") == "3344党建工作法"
    assert name_key("ＬＬＺＸ 邻里") == "llzx邻里"


def test_documents_are_numbered_by_kind(built: Path) -> None:
    meta = load_js(search_dir(built) / "meta.js")[0]
    assert meta["starts"] == sorted(meta["starts"])
    numbers = doc_numbers(built)
    case = numbers["library/cases/linli-zhongxin.html"]
    assert meta["starts"][0] <= case < meta["starts"][1]
    assert numbers["index.html"] >= meta["starts"][5]
    assert "library/print.html" not in numbers


def test_whole_words_names_pinyin_and_initials_are_keys(built: Path) -> None:
    case = doc_numbers(built)["library/cases/linli-zhongxin.html"]
    assert decode(shard(built, "邻里中心")["邻里中心"])[case] >= EXACT
    assert decode(shard(built, "linlizhongxin")["linlizhongxin"])[case] >= EXACT
    assert decode(shard(built, "llzx")["llzx"])[case] == INITIALS_WHOLE
    assert case in decode(shard(built, "zhongxin")["zhongxin"])
    assert "l" not in shard(built, "linli")   # one-letter keys live in p/l.js only


def test_one_letter_files_hold_names_only(built: Path) -> None:
    keys = load_js(search_dir(built) / "p/l.js")[1]
    assert "linlizhongxin" in keys
    assert all(len(k) == 1 or max(decode(v).values()) >= INITIALS_WHOLE for k, v in keys.items())


def test_traditional_map_covers_the_library(built: Path) -> None:
    t2s = load_js(search_dir(built) / "meta.js")[0]["t2s"]
    assert t2s["鄰"] == "邻" and t2s["區"] == "区"
    assert all(len(k) == 1 and len(v) == 1 for k, v in t2s.items())


def test_every_file_the_meta_names_exists(built: Path) -> None:
    meta = load_js(search_dir(built) / "meta.js")[0]
    for ch in meta["zh"]:
        assert (search_dir(built) / f"z/{ord(ch):x}.js").exists()
    for name in meta["latin"]:
        assert (search_dir(built) / f"p/{name}.js").exists()
    assert (search_dir(built) / "worker.js").read_text("utf-8").startswith("/* Search worker")


@contextlib.contextmanager
def segmented_texts() -> Iterator[list[str]]:
    """The texts jieba had to split (not found in the word cache) while the block ran."""
    from generator.search import segment

    calls: list[str] = []
    original = segment.Segmenter.words

    def counting(self, text):  # type: ignore[no-untyped-def]
        before = self.segmented
        result = original(self, text)
        if self.segmented > before:
            calls.append(text)
        return result

    segment.Segmenter.words = counting  # type: ignore[method-assign]
    try:
        yield calls
    finally:
        segment.Segmenter.words = original  # type: ignore[method-assign]


def test_unchanged_texts_are_never_segmented_again(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    settings = Settings.for_root(root)
    build(settings)
    before = {p: p.read_bytes() for p in search_dir(root).rglob("*.js")}
    with segmented_texts() as calls:
        build(settings)
        assert calls == []
        assert {p: p.read_bytes() for p in search_dir(root).rglob("*.js")} == before
        case = root / "data" / "cases" / "linli-zhongxin.md"
        case.write_text(case.read_text("utf-8").replace("小区里的服务阵地", "小区里新的服务阵地"), "utf-8")
        build(settings)
    assert calls and all("新的服务阵地" in c for c in calls), calls


def test_the_word_cache_keeps_every_text_through_edits_in_one_process(tmp_path: Path) -> None:
    """Edits in one process (a tag first used, so one more page: the index starts again from the
    documents' remembered weights; then a case changed) leave a word cache that holds every
    current text: a process that remembers nothing then segments none again."""
    from generator import memos
    from generator.search import shards

    root = make_project(tmp_path / "project")
    settings = Settings.for_root(root)
    build(settings)
    case = root / "data" / "cases" / "linli-zhongxin.md"
    case.write_text(case.read_text("utf-8").replace("tags: [邻里中心, ", "tags: [邻里中心, 疫情防控, "), "utf-8")
    assert len(build(settings).search_files) > 0
    case.write_text(case.read_text("utf-8").replace("小区里的服务阵地", "小区里新的服务阵地"), "utf-8")
    build(settings)
    memos.forget()                      # a new process, without the memos file
    (root / "build" / memos.FILE).unlink()
    shards._MEMO.clear()
    assert build(settings).search_segmented == 0


def test_a_new_case_segments_only_its_texts_and_those_holding_its_names(tmp_path: Path) -> None:
    """A new case brings new user words, which change how a text holding one of them splits;
    every other cached text is kept (jieba's total does not move with the user words)."""
    import shutil

    from generator.search import segment

    root = make_project(tmp_path / "project")
    settings = Settings.for_root(root)
    build(settings)
    cases = root / "data" / "cases"
    new = cases / "daode-yinhang-xin.md"
    shutil.copy(cases / "daode-yinhang.md", new)
    new.write_text(new.read_text("utf-8").replace("title: 道德银行", "title: 文明积分超市")
                   .replace("aliases: [积分银行]\n", "").replace("## 做法\n\n", "## 做法\n\n新增的做法说明。"),
                   "utf-8")
    with segmented_texts() as calls:
        result = build(settings)
    assert not result.problems.errors
    new_case = next(c for c in result.library.cases if c.title == "文明积分超市")
    own = {segment.normalize(t) for t in (new_case.title, *new_case.sections.values())}
    assert calls and len(calls) < 15, calls
    assert all("文明积分超市" in c or any(c in o or o in c for o in own) or "新增的做法说明" in c
               for c in calls), calls


def split_in_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any text missing from the word cache is split in processes of their own, as on two cores."""
    from generator.search import segment

    monkeypatch.setattr(segment, "PARALLEL_AT", 1)
    monkeypatch.setattr(segment.os, "cpu_count", lambda: 2)


def test_many_missing_texts_are_split_on_every_core_as_words_would(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A build from nothing splits its texts in one process per core; each text gets exactly the
    words the build's own process gives it, and the build's process then runs jieba on none."""
    from generator.search import segment

    library = build(Settings.for_root(make_project(tmp_path / "project"))).library
    texts = [t for case in library.cases for t in (case.title, case.summary, *case.sections.values())]
    texts += [e.definition for e in library.glossary]
    want = [segment.Segmenter(library, tmp_path / "a.json").words(t) for t in texts]
    split_in_processes(monkeypatch)
    parallel = segment.Segmenter(library, tmp_path / "b.json")
    parallel.prefetch(texts)
    assert parallel.segmented == len({segment.normalize(t) for t in texts}) > 20
    monkeypatch.setattr(segment.Segmenter, "_splitter",
                        property(lambda self: pytest.fail("the build's own process split a text")))
    assert [parallel.words(t) for t in texts] == want


def test_a_word_in_more_documents_than_kept_keeps_the_best_weighted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Postings past MAX_POSTINGS keep the highest weights, the lower document number on a tie,
    written in document order as (gap, weight) pairs."""
    from generator.search import shards

    monkeypatch.setattr(shards, "MAX_POSTINGS", 3)
    docs = {10: 5, 3: 1, 7: 5, 1: 9, 4: 5, 2: 1}
    assert shards._postings(docs) == [1, 9, 3, 5, 3, 5]   # documents 1 (9), then 4 and 7 of the three at 5


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.integers(0, 60), st.sampled_from([1, 2, 3, 4, 8, 10, 60, 1000, 1060]),
                       min_size=1, max_size=40), st.integers(1, 8))
def test_the_best_postings_are_those_sorting_keeps(docs: dict[int, int], cap: int) -> None:
    """shards._best chooses by the weight where the count runs out; the same documents as sorting
    by weight, then number, and keeping the first MAX_POSTINGS."""
    from generator.search import shards

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(shards, "MAX_POSTINGS", cap)
        expected = {d: -w for w, d in sorted((-w, d) for d, w in docs.items())[:cap]}
        assert shards._best(docs) == expected


def test_split_processes_send_back_no_words_as_none_and_keep_separator_texts_home(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Words come back from the splitting processes joined by one character: a text with no
    words comes back with none, and a text holding that character is split at home."""
    from generator.search import segment

    library = build(Settings.for_root(make_project(tmp_path / "project"))).library
    texts = ["，。！", f"邻里{segment._SEPARATOR}中心", "小区里的服务阵地"]
    want = [segment.Segmenter(library, tmp_path / "a.json").words(t) for t in texts]
    split_in_processes(monkeypatch)
    parallel = segment.Segmenter(library, tmp_path / "b.json")
    parallel.prefetch(texts)
    assert parallel.segmented == 2
    assert [parallel.words(t) for t in texts] == want
    assert want[0] == [] and parallel.segmented == 3


def index_apart(monkeypatch: pytest.MonkeyPatch, apart: bool) -> None:
    """As on two cores with every text missing: the index made in a forked process, or (where
    fork is missing) the case texts split in processes of their own."""
    from generator import forked

    split_in_processes(monkeypatch)
    monkeypatch.setattr(forked, "FORK", apart and forked.FORK)


def fresh_process() -> None:
    """Nothing remembered, as in a new process (earlier tests built in this one)."""
    from generator import memos
    from generator.search import shards

    memos.forget()
    shards._MEMO.clear()


@pytest.mark.parametrize("apart", [True, False], ids=["forked", "splitting"])
def test_a_build_from_nothing_indexes_while_it_renders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       apart: bool) -> None:
    """With many texts to split, the build starts the other core on the index before rendering
    (a forked process making all of it, or processes splitting the case texts) and takes its
    result for the index: the same files as a build that does everything in its own process."""
    import sys

    from generator.search import segment

    build_module = sys.modules["generator.build"]
    fresh_process()
    at_home = build(Settings.for_root(make_project(tmp_path / "home")))
    fresh_process()
    index_apart(monkeypatch, apart)
    while_rendering = []
    original = build_module._render_and_index

    def rendering(settings, result, started):  # type: ignore[no-untyped-def]
        while_rendering.append((started.apart is not None, started.segmenter._pending is not None))
        return original(settings, result, started)

    monkeypatch.setattr(build_module, "_render_and_index", rendering)
    from generator import write

    adopted: list[list[str]] = []
    adopt = write.Writer.adopt

    def adopting(self: write.Writer, staged: write.Staged) -> None:
        adopted.append(sorted(staged.to_write))
        adopt(self, staged)

    monkeypatch.setattr(write.Writer, "adopt", adopting)
    weighed_here: list[str] = []
    if apart:   # the forked process slower than the build: the build weighs the last cases
        from generator.search import shards

        build_pid, weigh = os.getpid(), shards._weigh

        def weighing(doc, segmenter):  # type: ignore[no-untyped-def]
            if os.getpid() == build_pid:
                weighed_here.append(doc.url)
            elif doc.kind == CASE:
                time.sleep(0.02)
            return weigh(doc, segmenter)

        monkeypatch.setattr(shards, "_weigh", weighing)
    early = build(Settings.for_root(make_project(tmp_path / "early")))
    assert while_rendering == [(apart, not apart)]
    written = {p.relative_to(tmp_path / "early"): p.read_bytes()
               for p in (tmp_path / "early" / "docs" / "library" / "search").rglob("*") if p.is_file()}
    assert written == {p.relative_to(tmp_path / "home"): p.read_bytes()   # staged in the index's process
                       for p in (tmp_path / "home" / "docs" / "library" / "search").rglob("*") if p.is_file()}
    assert len(written) > 20 and (early.report and set(early.report.written) >= set(early.search_files))
    assert adopted == ([sorted(early.search_files)] if apart else [])   # the forked index staged its own
    cases = [doc.url for doc in documents(early.library, early.pages, tmp_path / "early" / "docs")
             if doc.kind == CASE]
    if apart:   # the last cases, and no other document
        assert weighed_here and weighed_here == cases[len(cases) - len(weighed_here):][::-1]
    assert early.search_segmented == at_home.search_segmented > 100
    assert early.search_files == at_home.search_files
    words = tmp_path / "early" / "build" / "search-words.json"
    segment.wait_for_writer(words)   # the index's process may still be writing it, as the next run would
    assert json.loads(words.read_text("utf-8")) == json.loads(
        (tmp_path / "home" / "build" / "search-words.json").read_text("utf-8"))


@pytest.mark.parametrize("apart", [True, False], ids=["forked", "splitting"])
def test_a_build_that_fails_while_indexing_apart_leaves_no_process_behind(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, apart: bool) -> None:
    import multiprocessing
    import sys
    import time

    build_module = sys.modules["generator.build"]
    fresh_process()
    index_apart(monkeypatch, apart)
    started = []

    def failing(settings, result, indexing):  # type: ignore[no-untyped-def]
        started.append(indexing.apart is not None or indexing.segmenter._pending is not None)
        raise RuntimeError("rendering failed")

    monkeypatch.setattr(build_module, "_render_and_index", failing)
    with pytest.raises(RuntimeError, match="rendering failed"):
        build(Settings.for_root(make_project(tmp_path / "project")))
    assert started == [True]
    deadline = time.monotonic() + 60
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert multiprocessing.active_children() == []


def test_an_edit_with_words_cached_starts_no_splitting_and_reads_no_text_early(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After the first build the word cache holds every text: an edit (in the same process, as
    make serve runs it, or a new one) neither starts processes nor normalises every case text
    before rendering (at 10,000 cases that alone took seconds per edit)."""
    import sys

    from generator import memos

    build_module = sys.modules["generator.build"]
    root = make_project(tmp_path / "project")
    settings = Settings.for_root(root)
    build(settings)
    split_in_processes(monkeypatch)
    seen = []
    original = build_module._render_and_index

    def rendering(settings, result, started):  # type: ignore[no-untyped-def]
        segmenter = started.segmenter
        seen.append((segmenter.empty, segmenter._pending, len(segmenter._prepared), started.apart))
        return original(settings, result, started)

    monkeypatch.setattr(build_module, "_render_and_index", rendering)
    case = root / "data" / "cases" / "linli-zhongxin.md"
    case.write_text(case.read_text("utf-8").replace("小区里的服务阵地", "小区里新的服务阵地"), "utf-8")
    build(settings)
    memos.forget()
    case.write_text(case.read_text("utf-8").replace("小区里新的服务阵地", "小区里的服务阵地"), "utf-8")
    build(settings)
    assert seen == [(False, None, 0, None), (False, None, 0, None)]


@pytest.mark.parametrize("few", [0, 10_000])   # one pass over every posting / one per document
def test_weights_left_out_of_the_memos_come_back_from_the_postings(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, few: int) -> None:
    import pickle

    from generator import memos
    from generator.search import shards

    memos.forget()   # every document weighed in this process
    build(Settings.for_root(make_project(tmp_path / "project")))
    state = shards._LAST[0]
    assert all(weights for weights in state.weights)
    restored = pickle.loads(pickle.dumps(state))
    assert restored.weights == [None] * len(state.weights)
    monkeypatch.setattr(shards, "FEW_WEIGHTS", few)
    numbers = list(range(0, len(state.docs), 3))
    shards._fill_weights(restored, numbers)
    for number, weights in enumerate(restored.weights):
        assert weights == (state.weights[number] if number in numbers else None)


def test_a_word_counts_at_most_body_cap_times_per_body_text_and_once_per_other_field() -> None:
    from generator.search.documents import BODY, CASE, SUMMARY, TITLE, Doc
    from generator.search.shards import BODY_CAP, _weigh

    class Spaces:   # words split at spaces, so the counts are plain to see
        @staticmethod
        def words(text: str) -> list[str]:
            return text.split()

    doc = Doc("cases/x.html", "x", CASE, (), [
        ("议事 会", TITLE), ("议事 议事 会", SUMMARY),
        (" ".join(["议事"] * (BODY_CAP + 5) + ["会"] * 3), BODY),   # capped
        (" ".join(["议事"] * 2 + ["会"] * (BODY_CAP + 1)), BODY),   # capped in this text only
        ("", BODY), ("楼道 " * 4, BODY)])
    weights = _weigh(doc, Spaces())   # type: ignore[arg-type]
    assert weights["议事"] == TITLE + SUMMARY + BODY_CAP + 2
    assert weights["会"] == TITLE + SUMMARY + 3 + BODY_CAP
    assert weights["楼道"] == 4


def test_texts_restored_from_the_memos_as_keys_are_kept_as_pairs_after_one_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The memos keep a document's texts as keys only; the first run after restoring them turns
    an unchanged document's keys into (key, words) again, so later runs need no lookups."""
    from generator import memos
    from generator.search import WORD_CACHE, shards

    monkeypatch.setattr(memos, "_key", lambda: b"k" * 32)
    root = make_project(tmp_path / "project")
    memos.forget()
    build(Settings.for_root(root))
    memos.forget()
    assert memos.restore(root / "build")
    assert all(texts and isinstance(texts[0], str) for texts in shards._LAST[0].texts if texts)
    build(Settings.for_root(root))   # nothing changed
    cached = json.loads((root / "build" / WORD_CACHE).read_text("utf-8"))["words"]
    kept = [pair for texts in shards._LAST[0].texts for pair in texts]
    assert kept and all(isinstance(pair, tuple) and cached[pair[0]] == pair[1] for pair in kept)


def test_the_index_process_writes_the_word_cache_after_the_build_ends(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The build takes the forked index's state and ends without waiting for the word cache (its
    writing here slowed down); the process writing it holds neither the project's build lock nor
    anything else of the build's, and the next run's segmenter waits for it."""
    from generator import forked, publish
    from generator.search import WORD_CACHE, segment

    if not forked.FORK:
        pytest.skip("no fork here: the index is made by the build itself")
    fresh_process()
    index_apart(monkeypatch, True)
    save = segment.Segmenter.save

    def slowly(self: segment.Segmenter, at_least: int = 0) -> None:   # runs in the index's process
        time.sleep(3)
        save(self, at_least)

    monkeypatch.setattr(segment.Segmenter, "save", slowly)
    root = make_project(tmp_path / "project")
    cache = root / "build" / WORD_CACHE
    with publish.project_lock(root / "build"):   # as the generator's commands hold it
        made = build(Settings.for_root(root))
    ended = time.monotonic()
    assert made.search_files and not cache.exists()   # the build did not wait for the word cache
    with publish.project_lock(root / "build"):   # nor does its writer keep the next build out
        pass
    monkeypatch.setattr(segment.Segmenter, "save", save)
    segment._READ.clear()   # as in a new process
    from generator import check

    library = check(Settings.for_root(root)).library
    again = segment.Segmenter(library, cache)   # waits for the writer
    assert time.monotonic() - ended > 1 and not again.empty
    assert json.loads(cache.read_text("utf-8"))["words"]


def test_a_hand_made_file_where_the_forked_index_would_stage_stops_the_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The index's process refuses to stage over a file the generator did not make, as the build
    does: the build stops with that message and writes nothing."""
    from generator import write

    fresh_process()
    index_apart(monkeypatch, True)
    root = make_project(tmp_path / "project")
    hand = root / "docs" / "library" / "search" / "meta.js"
    hand.parent.mkdir(parents=True)
    hand.write_text("mine", "utf-8")
    with pytest.raises(write.UnsafePath, match="meta.js"):
        build(Settings.for_root(root))
    assert hand.read_text("utf-8") == "mine"
    shown = [p for p in (root / "docs" / "library").rglob("*") if p.is_file() and write.STAGING not in p.parts]
    assert shown == [hand]   # what was staged stays in the staging folder, discarded by the next run


@pytest.mark.parametrize("failure", ["raises", "dies"])
def test_a_forked_index_that_fails_is_made_at_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    failure: str) -> None:
    """The forked process raising, or dying without a word, costs time, never the index: the
    build makes it itself, file for file as a build that never forked."""
    import os

    from generator import forked
    from generator.search import shards

    fresh_process()
    at_home = build(Settings.for_root(make_project(tmp_path / "home")))
    fresh_process()
    index_apart(monkeypatch, True)

    def failing(docs, segmenter, claim):  # type: ignore[no-untyped-def]
        if failure == "dies":
            os._exit(3)
        raise MemoryError("in the forked process")

    monkeypatch.setattr(shards, "weigh_ahead", failing)
    made = build(Settings.for_root(make_project(tmp_path / "fails")))
    assert made.search_files == at_home.search_files
    assert made.search_segmented == at_home.search_segmented
    assert forked.FORK   # the forked path was the one tried


def test_the_state_sent_back_by_the_forked_process_serves_the_next_runs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After a build whose index was made apart, an edit in the same process and one in a new
    process (from the memos) give the files of a build from nothing of the edited library."""
    from generator import memos
    from generator.search import shards

    monkeypatch.setattr(memos, "_key", lambda: b"k" * 32)
    root = make_project(tmp_path / "project")
    fresh_process()
    index_apart(monkeypatch, True)
    build(Settings.for_root(root))
    # the state came back pickled, and stays so: the edit in this process unpickles it, the memos
    # keep it as it came and the edit in a new process finds it unpickled
    assert shards._LAST and isinstance(shards._LAST[0], shards.Pickled)
    monkeypatch.undo()
    monkeypatch.setattr(memos, "_key", lambda: b"k" * 32)
    weighed: list[int] = []
    reweigh = shards._reweigh

    def counting(state, docs, changed, *rest):  # type: ignore[no-untyped-def]
        weighed.append(len(changed))
        return reweigh(state, docs, changed, *rest)

    monkeypatch.setattr(shards, "_reweigh", counting)
    case = root / "data" / "cases" / "linli-zhongxin.md"
    for text, process in (("小区里新的服务阵地", "same"), ("小区里的党群服务阵地", "new")):
        case.write_text(case.read_text("utf-8").replace("小区里的服务阵地", text), "utf-8")
        if process == "new":
            fresh_process()
        edited = build(Settings.for_root(root))
        assert edited.search_segmented < 20
        assert weighed[-1] == 1   # the state was used: only the edited case weighed again
        fresh_process()
        other = make_project(tmp_path / f"other-{process}")
        shutil.copy(case, other / "data" / "cases" / case.name)
        assert edited.search_files == build(Settings.for_root(other)).search_files
        case.write_text(case.read_text("utf-8").replace(text, "小区里的服务阵地"), "utf-8")


def test_document_fingerprints_tell_apart_what_weighs_differently() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from generator.search.documents import Doc
    from generator.search.shards import _fingerprint

    texts = st.text("社区a1:,\0", max_size=4)
    docs = st.builds(lambda kind, names, fields: Doc("u", "t", kind, tuple(names), fields),
                     st.integers(0, 2), st.lists(texts, max_size=3),
                     st.lists(st.tuples(texts, st.integers(0, 12)), max_size=3))

    @settings(max_examples=500, deadline=None)
    @given(docs, docs)
    def check(a: Doc, b: Doc) -> None:
        same = (a.kind, a.names, a.fields) == (b.kind, b.names, b.fields)
        assert (_fingerprint(a, "s") == _fingerprint(b, "s")) == same
        assert _fingerprint(a, "s") != _fingerprint(a, "t")

    check()
    pairs = [(("ab",), [], ("a", "b"), []), ((), [("a1:", 1)], (), [("a", 1), ("", 1)]),
             (("a",), [], (), [("a", 0)]), ((), [("a", 1), ("b", 1)], (), [("ab", 1)]),
             (("ab", ""), [], ("a", "b"), [])]   # a text's boundary moved, nothing else
    for names_a, fields_a, names_b, fields_b in pairs:
        assert _fingerprint(Doc("u", "t", 0, names_a, fields_a), "s") != \
            _fingerprint(Doc("u", "t", 0, names_b, fields_b), "s")


def test_answers_rank_site_pages_only_when_nothing_else_matches() -> None:
    """answers.rank: site pages (numbered last) drop out where a case or term matches, and are
    listed by score where only they match."""
    from generator.search import answers
    from generator.search.documents import CASE, SITE, TERM, Doc

    docs = [Doc("c0", "案例", CASE), Doc("t1", "术语", TERM), Doc("s2", "页面", SITE), Doc("s3", "页面", SITE)]
    kinds = [doc.kind for doc in docs]
    keys = {"社区": {0: 5, 2: 9, 3: 1}, "社区治理": {2: 3, 1: 50}, "网站": {2: 4, 3: 6}}   # the term scores more
    ordered = sorted(keys)
    assert answers.rank("社区", keys, ordered, EXACT, kinds) == (2, [(0, False), (1, False)])
    assert answers.rank("网站", keys, ordered, EXACT, kinds) == (2, [(3, False), (2, False)])


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2 ** 63), 2 ** 63 - 1)
    | st.text(st.characters(exclude_categories=("Cs",))),   # text read from UTF-8 files: no lone surrogates
    lambda inner: st.lists(inner, max_size=5)
    | st.dictionaries(st.text(st.characters(exclude_categories=("Cs",)), max_size=8), inner, max_size=5),
    max_leaves=20)


@settings(max_examples=500, deadline=None)
@given(st.lists(_JSON, min_size=1, max_size=3))
@example(["红色业委会", {"\"<\\/script>\n\t\x00\x1f\x7f\u2028": [1, -2, 0]}, [[1, 2], "é"]])
def test_files_are_the_standard_json_of_their_arguments(args: list[object]) -> None:
    """The index's files are written with orjson; a reader, the tests and the worker read them as
    the standard library writes them (compact, not ASCII-escaped)."""
    from generator.search.shards import _js

    expected = ",".join(json.dumps(a, ensure_ascii=False, separators=(",", ":")) for a in args)
    assert _js("shard", *args) == f"__hb.shard({expected});\n"


@pytest.mark.parametrize("share", [0, 1, 3, 6])
def test_documents_weighed_at_both_ends_make_the_state_weighed_at_one(tmp_path: Path, share: int) -> None:
    """shards.weigh_ahead up to where shards.weigh_last began, then take_part: the postings, the
    characters, the texts and the split count of weighing every document in one process (the
    order keys and documents were added in aside: the build adds its own from the last, and
    every file sorts them), and so the same files."""
    from generator import check
    from generator.search import segment, shards
    from generator.search.documents import case_doc

    library = check(Settings.for_root(make_project(tmp_path / "project"))).library
    docs = [case_doc(case) for case in library.cases]
    fresh_process()
    whole = segment.Segmenter(library, tmp_path / "a.json", parallel=False)
    one = shards.weigh_ahead(docs, whole)
    fresh_process()
    first = segment.Segmenter(library, tmp_path / "b.json", parallel=False)
    last = segment.Segmenter(library, tmp_path / "c.json", parallel=False)
    cut = len(docs) - min(share, len(docs))
    ahead = shards.weigh_ahead(docs, first, lambda number: number < cut)
    part = shards.weigh_last(docs, last, lambda number: number >= cut)
    assert part.first == cut == len(ahead.ahead)
    shards.take_part(ahead, docs, part, first)
    assert ahead.postings == one.postings
    assert ahead.chars == one.chars and ahead.texts == one.texts and ahead.ahead == docs
    assert first.segmented == whole.segmented > 20
    assert ahead.weights[:cut] == one.weights[:cut] and ahead.weights[cut:] == [None] * (len(docs) - cut)
    assert shards.index_files(docs, first, ahead) == shards.index_files(docs, whole, one)
