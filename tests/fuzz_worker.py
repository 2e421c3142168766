"""Fuzzing the loader and the Markdown path; run by tests/test_fuzz.py in a child process.

The child runs under memory and CPU limits (resource.setrlimit), so an input
that explodes (alias bomb, deep nesting, regex backtracking) fails the test
instead of taking the machine down. Properties:

* loader: any bytes give a RawDoc or located problems, never an exception,
  and validating the result never raises;
* Markdown: a body that check accepts renders with the site's Markdown
  extensions (the mkdocs.yml list) without an exception and in bounded time.

Usage: ``python -m tests.fuzz_worker EXAMPLES``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import Problems
from generator.limits import body_text
from generator.load import load_document
from generator.validate import Vocabularies, Vocabulary, case

ROOT = Path(__file__).resolve().parent.parent
FRAGMENTS = [
    "---", "\n", "\n\n", "title: ", "aliases: ", "tags: [", "]", "[", "{", "}", ", ", "- ", "  ", "> ",
    "#", "## 概要", "## 成效", "===", "&a ", "*a", "<<: ", "!!python/object:os.system ", "!!binary ",
    "--8<-- ", '"mkdocs.yml"', "\x00", "\x1b", "\x7f", "\u200b", "\u202e", "：", "\t", "1. ", "* ",
    "[[邻里中心]]", "[[", "]]", "](", "![", "javascript&colon;alert(1)", "//evil.example", "```", "~~~",
    '<div id="__config">', "{: #x }", "邻里中心", "鄰里", "9999-12-31", "2026-02-30", ".nan", "-.inf",
    "1e999", "|", "|---|", "\\", "'", '"', "%", "@", "`", "…", "\r\n", "\ufeff", "\ud7ff", "𠀀",
]
text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=120).map("".join)
MARKDOWN = [f for f in FRAGMENTS if f.isprintable() or f in ("\n", "\n\n")] + [
    "    ", "1) ", "+ ", "**粗体**", "_斜_", "<b>", "</b>", "<p>", "&amp;", "&#0;", "[x]: https://a.b",
    "[x][x]", "<https://a.b>", "!!! note", "- [ ] ", "***", "___", "<!--", "-->", "\\(", "$$",
    '<div markdown="1">', "</div>", "<span>", "</span>"]
markdown_text = st.lists(st.sampled_from(MARKDOWN), max_size=160).map("".join)
CASE_HEAD = "---\ntitle: 测试\nlevel: 社区村\ncategories: [阵地建设]\ntags: [邻里中心]\n" \
            "sources:\n  - source: s\n---\n\n"
def _settings(examples: int) -> settings:
    return settings(derandomize=True, database=None, deadline=None, max_examples=examples,
                    suppress_health_check=list(HealthCheck))
VOCAB = Vocabularies(Vocabulary("类别", []), Vocabulary("标签", []), Vocabulary("层级", []), {"s"})
FOLDER = Path(tempfile.mkdtemp())
SLOWEST = {"loader": 0.0, "markdown": 0.0}
COUNT = {"accepted": 0, "refused": 0}


def _load(data: bytes) -> None:
    path = FOLDER / "case.md"
    path.write_bytes(data)
    start = time.perf_counter()
    problems = Problems()
    raw = load_document(path, "case.md", problems)
    if raw is not None:
        case(raw, "case", VOCAB, problems)
    assert all(e.path == "case.md" and e.line >= 0 for e in problems.items)
    SLOWEST["loader"] = max(SLOWEST["loader"], time.perf_counter() - start)


def loader(examples: int) -> None:
    @_settings(examples)
    @given(st.one_of(text.map(lambda t: t.encode("utf-8")),
                     text.map(lambda t: ("---\n" + t).encode("utf-8")),
                     text.map(lambda t: ("---\n" + t).encode("gb18030", "replace")),
                     st.binary(max_size=400)))
    def prop(data: bytes) -> None:
        _load(data)

    prop()


def _markdown():  # type: ignore[no-untyped-def]
    import markdown
    from pymdownx.slugs import slugify

    return markdown.Markdown(extensions=[
        "toc", "attr_list", "md_in_html", "tables", "admonition", "pymdownx.snippets"],
        extension_configs={"toc": {"permalink": "¶", "slugify": slugify(case="lower")},
                           "pymdownx.snippets": {"base_path": [str(ROOT / "docs")], "check_paths": True}})


def markdown_path(examples: int) -> None:
    md = _markdown()

    @_settings(examples)
    @given(st.one_of(text, markdown_text))
    def prop(body: str) -> None:
        _load((CASE_HEAD + "## 概要\n\n" + body).encode("utf-8", "surrogatepass"))
        if not body_text(body, "case.md", 11, Problems()):
            COUNT["refused"] += 1
            return  # check refuses it: build never sees it
        COUNT["accepted"] += 1
        start = time.perf_counter()
        md.reset().convert(body)
        SLOWEST["markdown"] = max(SLOWEST["markdown"], time.perf_counter() - start)

    prop()


def main(argv: list[str]) -> int:
    examples = int(argv[0]) if argv else 200
    loader(examples)
    markdown_path(examples)
    print(f"fuzz ok: {examples} + {examples} examples; Markdown bodies accepted by check "
          f"{COUNT['accepted']}, refused {COUNT['refused']}; slowest loader {SLOWEST['loader']:.3f} s, "
          f"slowest Markdown {SLOWEST['markdown']:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
