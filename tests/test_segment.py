"""The search index's split (generator.search.segment): jieba's search mode run by rjieba.

The reference is jieba itself (the Python package whose dictionary and model rjieba's split
uses), set up as the splitter is: the library's names as user words, the total held at the
stock dictionary's plus the reserve.
"""

from __future__ import annotations

import functools
import logging
import warnings
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator import Settings
from generator.build import load_library
from generator.errors import Problems
from generator.search import segment

ROOT = Path(__file__).resolve().parent.parent


@functools.lru_cache(maxsize=2)
def _reference(user_words: tuple[str, ...]):  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():   # jieba imports the deprecated pkg_resources
        warnings.simplefilter("ignore")
        import jieba
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word in user_words:
        tokenizer.add_word(word, segment.USER_FREQ)
    tokenizer.total = sum(segment._stock().values()) + segment.reserve(len(user_words))
    return tokenizer


def jieba_words(user_words: tuple[str, ...], text: str) -> list[str]:
    """jieba's own search-mode split of a normalised text, punctuation dropped."""
    return [w for w in _reference(user_words).cut_for_search(text) if segment._KEEP.search(w)]


@pytest.fixture(scope="module")
def library_texts() -> tuple[tuple[str, ...], list[str]]:
    """The handbook's user words and every text its search index splits."""
    library = load_library(Settings.for_root(ROOT), Problems())
    texts = [t for case in library.cases for t in (case.title, case.summary, *case.sections.values())]
    texts += [e.definition for e in library.glossary]
    return tuple(segment.user_words(library)), [segment.normalize(t) for t in texts if t]


def test_every_text_of_the_handbook_splits_as_jieba_splits_it(
        library_texts: tuple[tuple[str, ...], list[str]]) -> None:
    user_words, texts = library_texts
    splitter = segment._Splitter(user_words)
    assert len(texts) > 300
    different = [t for t in texts if splitter.words(t) != jieba_words(user_words, t)]
    assert different == []


def test_a_splitter_keeping_no_words_expanded_splits_the_same(
        library_texts: tuple[tuple[str, ...], list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    """Each word's expansion is kept per splitter; starting that again changes nothing."""
    user_words, texts = library_texts
    splitting = segment._Splitter(user_words)
    kept = [splitting.words(t) for t in texts]
    monkeypatch.setattr(segment, "MAX_EXPANDED", 0)   # forgotten before every text
    splitter = segment._Splitter(user_words)
    assert [splitter.words(t) for t in texts] == kept
    assert len(splitter._expanded) < len({w for words in kept for w in words})


@pytest.mark.parametrize("text", [
    "2019-2020年社区换届", "utf-8编码的文件", "covid-19疫情期间", "www.example.gov.cn",
    "居民满意度达到98.5%", "第1.2.3条", "3.5万元", "12345热线", "a+b#c&d_e%f", "e-mail地址",
    "c++语言", "x-y-z", "红色业委会和物业公司", "中华人民共和国成立", "共建共治共享的社区治理格局",
])
def test_letters_digits_and_marks_split_as_jieba_splits_them(text: str) -> None:
    user_words = ("红色业委会", "邻里中心")
    assert segment._Splitter(user_words).words(text) == jieba_words(user_words, text)


def test_a_year_range_gives_each_year_as_a_word() -> None:
    """jieba-rs alone keeps 2019-2020 whole: a search for 2019 would not find the text."""
    words = segment._Splitter(()).words("2019-2020年")
    assert "2019" in words and "2020" in words


def test_user_words_stay_whole_and_keep_their_sub_words() -> None:
    words = segment._Splitter(("红色业委会",)).words("成立红色业委会")
    assert "红色业委会" in words and "业委会" in words
    assert "红色业委会" not in segment._Splitter(()).words("成立红色业委会")


def test_a_text_without_the_new_user_words_splits_as_before() -> None:
    """What lets the word cache keep a text when a case is added: the total does not move with
    the user words (while the reserve holds them), so only texts holding a new word change."""
    text = segment.normalize("小区里的服务阵地，居民议事和志愿服务都在这里，搭起邻里之间的桥梁。")
    few = tuple(f"测试词{i}" for i in range(10))
    many = few + tuple(f"另一个词{i}" for i in range(900))
    assert segment.reserve(len(few)) == segment.reserve(len(many))
    assert segment._Splitter(few).words(text) == segment._Splitter(many).words(text)


def test_the_reserve_holds_every_user_word_and_doubles() -> None:
    assert segment.reserve(0) == segment.reserve(1024) == 1024 * segment.USER_FREQ
    assert segment.reserve(1025) == 2048 * segment.USER_FREQ
    assert all(segment.reserve(n) >= n * segment.USER_FREQ for n in (1, 5000, 20_000, 100_000))


def test_the_cache_starts_again_when_the_reserve_doubles(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A doubled reserve moves the total, and with it any text's split: cached words are dropped;
    more user words within the same reserve keep a text that holds none of them."""
    library = load_library(Settings.for_root(ROOT), Problems())

    def segmenter(names: int) -> segment.Segmenter:
        monkeypatch.setattr(segment, "user_words", lambda _: [f"别称{i}" for i in range(names)])
        return segment.Segmenter(library, tmp_path / "words.json")

    first = segmenter(10)
    first.words("邻里中心的做法")
    first.save()
    same = segmenter(20)
    same.words("邻里中心的做法")
    assert same.segmented == 0
    doubled = segmenter(1100)
    doubled.words("邻里中心的做法")
    assert doubled.segmented == 1


def test_a_cache_being_written_is_waited_for_by_the_next_segmenter(tmp_path: Path) -> None:
    """A process writing the cache for the next run holds its lock (segment.writing), and a new
    segmenter of that cache waits for it instead of starting with nothing."""
    import time

    from generator import forked

    if not forked.FORK:
        pytest.skip("no fork here: the cache is written by the process itself")
    library = load_library(Settings.for_root(ROOT), Problems())
    cache = tmp_path / "build" / "words.json"
    first = segment.Segmenter(library, cache)
    first.words("邻里中心的做法")

    def write(connection: object) -> None:   # as the index's process does, once the build has all
        with segment.writing(cache):
            connection.send("locked")   # type: ignore[attr-defined]
            time.sleep(2)
            first.save()

    child = forked.Forked.start(write)
    assert child is not None and child.receive() == "locked"
    started = time.monotonic()
    child.leave()
    assert not cache.exists()
    segment._READ.clear()   # as in a new process
    again = segment.Segmenter(library, cache)   # waits for the writer
    assert time.monotonic() - started >= 1.5 and not again.empty
    again.words("邻里中心的做法")
    assert again.segmented == 0


@given(st.text(alphabet=st.one_of(st.characters(), st.sampled_from(
    [chr(c) for c in (*range(0xFF01, 0xFF5F), 0x3000, 0x301, 0x308, 0x2460, 0xFB01, 0x3300)]))))
@settings(max_examples=500, deadline=None)
def test_normalize_is_nfkc_and_lower_case(text: str) -> None:
    import unicodedata

    assert segment.normalize(text) == unicodedata.normalize("NFKC", text).lower()


def test_normalize_maps_full_width_forms() -> None:
    assert segment.normalize("ＡＢＣ１２３，（邻里中心）　ｕｔｆ－８") == "abc123,(邻里中心) utf-8"


def test_a_dictionary_made_ahead_serves_one_splitter_and_splits_as_jieba(
        library_texts: tuple[tuple[str, ...], list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    """segment.prepare() makes the dictionary part ahead: the next splitter takes it and splits
    every text of the handbook as jieba does; the one after makes its own, without the first's
    user words."""
    user_words, texts = library_texts
    monkeypatch.setattr(segment, "_PREPARED", [])
    segment.prepare()
    ahead = segment._PREPARED[0]
    first = segment._Splitter(user_words)
    assert first._jieba is ahead and not segment._PREPARED
    assert [first.words(t) for t in texts] == [jieba_words(user_words, t) for t in texts]
    second = segment._Splitter(())
    assert second._jieba is not ahead
    assert "红色业委会" in user_words and "红色业委会" in first.words("红色业委会的做法")
    assert second.words("红色业委会的做法") == jieba_words((), "红色业委会的做法") != first.words("红色业委会的做法")


@given(st.lists(st.text(alphabet=st.sampled_from(["a", "词", "\x1f", " "]), max_size=4), max_size=5))
@example([])
@example([""])
@example(["", ""])
@example(["a\x1fb"])
def test_words_sent_joined_come_back_the_same(words: list[str]) -> None:
    """for_sending joins a text's words for another process only where received takes them
    apart the same; the rest go as the list."""
    from generator.search.segment import for_sending, received

    sent = for_sending(words)
    assert received(sent) == words
    if words and all(w and "\x1f" not in w for w in words):
        assert isinstance(sent, str)
