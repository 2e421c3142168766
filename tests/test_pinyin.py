"""Pinyin readings, slugs, sort order and search tokens."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import pinyin


@pytest.mark.parametrize("text, full, initials", [
    ("邻里中心", "linlizhongxin", "llzx"),
    ("小区党支部", "xiaoqudangzhibu", "xqdzb"),
    ("道德银行", "daodeyinhang", "ddyh"),          # phrase-aware: not yinxing
    ("红色业委会", "hongseyeweihui", "hsywh"),
    ("“3344”党建工作法", "3344dangjiangongzuofa", "3344djgzf"),
    ("X贤银行", "xxianyinhang", "xxyh"),
    ("ＡＢ社区", "abshequ", "absq"),               # full-width letters fold
])
def test_full_and_initials(text: str, full: str, initials: str) -> None:
    assert pinyin.full(text) == full
    assert pinyin.initials(text) == initials


@pytest.mark.parametrize("text, slug", [
    ("邻里中心", "linli-zhongxin"),
    ("红色业委会", "hongse-yeweihui"),
    ("小区党支部“拆—转—建”", "xiaoqu-dangzhibu-chai-zhuan-jian"),
    ("道德银行", "daode-yinhang"),
    ("“123+”点亮工程", "123-dianliang-gongcheng"),
    ("！？", ""),
])
def test_slug(text: str, slug: str) -> None:
    assert pinyin.slug(text) == slug


def test_slug_is_stable_and_url_safe() -> None:
    for text in ("社区法官+社区调解员+调解志愿者", "新时代文明实践所（站）与家风家训馆"):
        first = pinyin.slug(text)
        assert first == pinyin.slug(text)
        assert all(c.isascii() and (c.isalnum() or c == "-") for c in first)


def test_sort_is_dictionary_order_not_code_points() -> None:
    words = ["中国", "阿姨", "八路", "长城", "林业", "邻里中心", "3344工作法"]
    assert sorted(words) != sorted(words, key=pinyin.sort_key)  # code points differ
    assert sorted(words, key=pinyin.sort_key) == [
        "3344工作法", "阿姨", "八路", "长城", "邻里中心", "林业", "中国"]


def test_sort_uses_tone_before_next_syllable() -> None:
    # mā < má < mǎ < mà: 妈 < 麻 < 马 < 骂
    assert sorted(["骂", "马", "麻", "妈"], key=pinyin.sort_key) == ["妈", "麻", "马", "骂"]


@pytest.mark.parametrize("text, letter", [("邻里中心", "L"), ("阿姨", "A"), ("3344", "#"),
                                          ("“两点两线”", "L"), ("X贤银行", "X")])
def test_group_letter(text: str, letter: str) -> None:
    assert pinyin.group_letter(text) == letter


def test_search_tokens_cover_suffixes_and_initials() -> None:
    tokens = pinyin.search_tokens(["邻里中心"])
    assert tokens == ["linlizhongxin", "lizhongxin", "zhongxin", "xin", "llzx", "lzx", "zx"]
    assert "yinxing" not in " ".join(pinyin.search_tokens(["道德银行"]))


def test_readings_override_place_names() -> None:
    pinyin.add_readings({"长乐坊": "chang2 le4 fang1"})
    assert pinyin.full("长乐坊") == "changlefang"
    pinyin.add_readings({"长乐坊": "zhang3 le4 fang1"})
    assert pinyin.full("长乐坊") == "zhanglefang"


def test_a_removed_reading_stops_applying() -> None:
    from generator import pinyin as py

    before = py.full("长安里")
    assert before == "changanli"
    py.add_readings({"长安里": "zhang3 an1 li3"})
    assert py.full("长安里") == "zhanganli"
    py.add_readings({})
    assert py.full("长安里") == before


def test_sort_keys_follow_readings_and_survive_an_unchanged_reload() -> None:
    first = pinyin.sort_key("长乐坊")
    pinyin.add_readings({"长乐坊": "zhang3 le4 fang1"})
    changed = pinyin.sort_key("长乐坊")
    assert changed != first and changed[0][1] == "zhang"
    pinyin.sort_key("邻里中心")
    kept = pinyin.sort_key.cache_info().currsize
    pinyin.add_readings({"长乐坊": "zhang3 le4 fang1"})   # every run reads pinyin.yml again
    assert pinyin.sort_key.cache_info().currsize == kept   # nothing worked out again
    pinyin.add_readings({})
    assert pinyin.sort_key("长乐坊") == first


def _as_is(text: str) -> list[str]:
    """pypinyin's ``errors`` callback keeping text without a reading as it is (unmarked)."""
    return [text]


def _two_calls(text: str) -> tuple[tuple[tuple[str, bool], ...], tuple[str, ...]]:
    """The readings as two pypinyin calls give them (plain, and with tones): the definition."""
    from pypinyin import Style, lazy_pinyin

    folded = pinyin._fold(text)
    parts: list[tuple[str, bool]] = []
    for item in lazy_pinyin(folded, errors=_as_is):
        if not pinyin._HAN.search(item):
            is_pinyin = item.isalpha() and item.isascii() and item not in folded
            parts.extend((word, is_pinyin) for word in pinyin._WORD.findall(item))
    tones: list[str] = []
    for item in lazy_pinyin(folded, style=Style.TONE3, neutral_tone_with_five=True, errors=_as_is):
        tones.extend(pinyin._WORD.findall(item))
    return tuple(parts), tuple(tones)


# polyphones (银行, 长), ü (绿, 女), neutral tones (的, 了), a rare character, letters and digits
# next to readings (zhong中, zhong1中), full-width forms, marks
_ALPHABET = "银行长大绿女的了嗯呣欸中国社区业委会𠀋䶮zhong1aZ9０Ａ-·（）\ue000\ue001 "


@settings(max_examples=400, deadline=None)
@given(st.text(_ALPHABET, max_size=12))
def test_one_call_gives_what_two_calls_give(text: str) -> None:
    assert (pinyin._parts(text), pinyin._tone_syllables(text)) == _two_calls(text)


def test_one_call_gives_what_two_calls_give_for_every_name_of_the_handbook() -> None:
    from pathlib import Path

    from generator import Settings
    from generator.build import load_library
    from generator.errors import Problems

    library = load_library(Settings.for_root(Path(__file__).resolve().parent.parent), Problems())
    names = {name for case in library.cases for name in (*case.names, case.region_label)}
    names |= {term.name for term in (*library.tags, *library.categories)}
    assert len(names) > 100
    assert [text for text in sorted(names)
            if (pinyin._parts(text), pinyin._tone_syllables(text)) != _two_calls(text)] == []


def test_a_word_read_before_takes_a_reading_added_for_it() -> None:
    """Each segment's reading is remembered across texts; a phrase reading for that very word
    must still apply to a text read after it was added."""
    assert pinyin.full("长安大街") == "changandajie"   # 长安, read and remembered as a word
    pinyin.add_readings({"长安": "zhang3 an1"})
    try:
        assert pinyin.full("长安小巷") == "zhanganxiaoxiang"
    finally:
        pinyin.add_readings({})
    assert pinyin.full("长安胡同") == "changanhutong"
