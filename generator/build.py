"""The pipeline, read like a table of contents: load → validate → link → render → write.

Everything is read and checked before anything is written, so a run that
finds an error leaves the previous output exactly as it was.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import export, facets, history, home, pinyin, relmap, render, validate, write
from .errors import BuildFailed, Problems
from .link import Graph, link
from .load import load_document, load_yaml_file
from .model import Case, Library
from .settings import Settings


@dataclass
class Result:
    """What a run produced."""

    library: Library
    graph: Graph
    problems: Problems
    pages: dict[str, str] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    """Download files (Word, PDF), written next to the pages."""
    report: write.Report | None = None
    timings: dict[str, float] = field(default_factory=dict)


def _files(folder: Path) -> list[Path]:
    """Markdown files of a data folder, sorted; names starting with _ or . are skipped."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.md") if not p.name.startswith(("_", ".")))


def load_vocabularies(settings: Settings, problems: Problems) -> tuple[validate.Vocabulary, ...]:
    """Categories, tags and levels from data/vocab/, plus pinyin corrections."""
    vocab_dir = settings.data / "vocab"
    readings = vocab_dir / "pinyin.yml"
    if readings.exists():
        parsed = load_yaml_file(readings, settings.display(readings), problems)
        if parsed and isinstance(parsed[0], dict):
            pinyin.add_readings({str(k): str(v) for k, v in parsed[0].items()})
    out = []
    for kind, name in (("类别", "categories"), ("标签", "tags"), ("层级", "levels")):
        path = vocab_dir / f"{name}.yml"
        parsed = load_yaml_file(path, settings.display(path), problems) if path.exists() else None
        if parsed is None and not path.exists():
            problems.add(settings.display(path), 0, f"缺少{kind}词表文件")
        data, lines = parsed if parsed else ([], {})
        out.append(validate.vocabulary(kind, data, lines, settings.display(path), problems))
    return tuple(out)


def load_library(settings: Settings, problems: Problems) -> Library:
    """Read and validate everything under data/ (load + validate phases)."""
    categories, tags, levels = load_vocabularies(settings, problems)
    sources = []
    for path in _files(settings.data / "sources"):
        raw = load_document(path, settings.display(path), problems)
        if raw and (src := validate.source(raw, path.stem, problems)):
            sources.append(src)
    glossary = []
    for path in _files(settings.data / "glossary"):
        raw = load_document(path, settings.display(path), problems)
        if raw and (entry := validate.glossary_entry(raw, path.stem, problems)):
            glossary.append(entry)
    vocab = validate.Vocabularies(categories, tags, levels, {s.id for s in sources})
    cases: list[Case] = []
    folders = [settings.data / "cases"]
    if settings.include_drafts:
        folders.append(settings.data / "drafts")
    for folder in folders:
        for path in sorted(folder.rglob("*.md")) if folder.name == "drafts" else _files(folder):
            if path.name.startswith(("_", ".")) or path.name == "source.md":
                continue
            raw = load_document(path, settings.display(path), problems)
            if raw and (item := validate.case(raw, path.stem, vocab, problems)):
                cases.append(item)
    published = [c for c in cases if not c.draft]
    validate.unique_names(published, problems)
    published.sort(key=lambda c: pinyin.sort_key(c.title))
    glossary.sort(key=lambda g: pinyin.sort_key(g.term))
    sources.sort(key=lambda s: pinyin.sort_key(s.title))
    return Library(published, categories.terms, tags.terms, levels.terms, sources, glossary,
                   drafts=[c for c in cases if c.draft])


def jieba_dictionary(library: Library) -> str:
    """A jieba user dictionary so search keeps 红色业委会 and other names whole."""
    words: dict[str, None] = {}
    for case in library.cases:
        for name in case.names:
            words.setdefault(name, None)
    for term in (*library.tags, *library.categories):
        words.setdefault(term.name, None)
    for entry in library.glossary:
        for name in (entry.term, *entry.aliases):
            words.setdefault(name, None)
    lines = [f"{w.replace(' ', '')} 1000 n" for w in words if w.strip() and " " not in w.strip()]
    return "\n".join(sorted(lines)) + "\n"


def check(settings: Settings) -> Result:
    """Load, validate and link without writing anything."""
    problems = Problems()
    timings: dict[str, float] = {}
    start = time.perf_counter()
    library = load_library(settings, problems)
    timings["load+validate"] = time.perf_counter() - start
    start = time.perf_counter()
    graph = link(library, problems)
    timings["link"] = time.perf_counter() - start
    return Result(library, graph, problems, timings=timings)


def build(settings: Settings) -> Result:
    """The whole run. Raises :class:`BuildFailed` (with every error) before writing anything."""
    result = check(settings)
    if result.problems.errors:
        raise BuildFailed(result.problems)
    start = time.perf_counter()
    site = render.Site(edit_url=settings.edit_url, glossary_links=settings.glossary_links,
                       downloads=settings.exports)
    dates = history.case_dates(settings.root, result.library.cases)
    result.pages = render.render(result.library, result.graph, site, dates)
    result.pages.update(facets.files(result.library, result.graph, settings.exports))
    result.pages.update(home.pages(result.library, result.graph, dates, settings.exports))
    result.pages.update(relmap.files(result.library))
    result.timings["render"] = time.perf_counter() - start
    if settings.exports:
        start = time.perf_counter()
        result.files = export.files(result.library, dates, settings.build / "export-cache",
                                    progress=lambda message: print(message, file=sys.stderr))
        result.timings["exports"] = time.perf_counter() - start
    start = time.perf_counter()
    result.report = write.write_tree(settings.out, {**result.pages, **result.files})
    write.write_if_changed(settings.build / "jieba-user.txt", jieba_dictionary(result.library))
    result.timings["write"] = time.perf_counter() - start
    return result
