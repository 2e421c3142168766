"""The pipeline, read like a table of contents: load → validate → link → render (+ search index) → write.

Everything is read and checked before anything is written, so a run that
finds an error leaves the previous output exactly as it was.

Each step remembers what it made from which inputs (a memo in its own module,
compared by the inputs themselves), so a run after an edit redoes only what the
edit touched: in one process under ``make serve``, and in a new process from
the last run's memos on disk (:mod:`generator.memos`).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import (
    addresses,
    collection,
    dates,
    facets,
    forked,
    history,
    home,
    load_apart,
    memos,
    names,
    pinyin,
    redirects,
    relmap,
    render,
    validate,
    write,
)
from .errors import BuildFailed, Problems
from .link import Graph, link
from .load import load_document, load_yaml_file
from .model import Case, Library
from .readings import checked as checked_readings
from .search import WORD_CACHE, Started, build_index, prepare_index, start_index
from .settings import Settings
from .site import SEARCH_DIR
from .template_text import TemplateText


@dataclass
class Result:
    """What a run produced."""

    library: Library
    graph: Graph
    problems: Problems
    pages: dict[str, str] = field(default_factory=dict)
    search_files: dict[str, str] = field(default_factory=dict)
    search_segmented: int = 0
    """Texts the search index had to segment (the others were unchanged and cached)."""
    files: dict[str, bytes] = field(default_factory=dict)
    """Download files (Word, PDF), written next to the pages."""
    report: write.Report | None = None
    timings: dict[str, float] = field(default_factory=dict)


def _files(settings: Settings, folder: Path) -> list[tuple[Path, str, str]]:
    """(path, path as shown, stem) of the Markdown files of a data folder, sorted by name;
    names starting with _ or . are skipped."""
    try:
        names = sorted(entry.name for entry in os.scandir(folder)   # one folder: by name, as paths sort
                       if entry.name.endswith(".md") and not entry.name.startswith(("_", ".")))
    except (FileNotFoundError, NotADirectoryError):
        return []
    known = _LISTED.get((settings.root, folder))
    if known is None or known[0] != names:
        known = _LISTED[settings.root, folder] = (
            names, [(path, settings.display(path), path.stem) for path in (folder / name for name in names)])
    return known[1]


_LISTED: dict[tuple[Path, Path], tuple[list[str], list[tuple[Path, str, str]]]] = {}
"""(root, folder) → (its file names, what :func:`_files` made of them) as last listed: the preview
lists 10,000 case files per run, and making their paths again took longer than listing them."""


def load_vocabularies(settings: Settings, problems: Problems) -> tuple[validate.Vocabulary, ...]:
    """Categories, tags and levels from data/vocab/, plus pinyin corrections."""
    vocab_dir = settings.data / "vocab"
    readings = vocab_dir / "pinyin.yml"
    if readings.exists():
        parsed = load_yaml_file(readings, settings.display(readings), problems)
        if parsed:
            pinyin.add_readings(checked_readings(parsed[0], parsed[1], settings.display(readings), problems))
    out = []
    for kind, name in (("类别", "categories"), ("标签", "tags"), ("层级", "levels")):
        path = vocab_dir / f"{name}.yml"
        parsed = load_yaml_file(path, settings.display(path), problems) if path.exists() else None
        if parsed is None and not path.exists():
            problems.add(settings.display(path), 0, f"缺少{kind}词表文件")
        data, lines = parsed if parsed else ([], {})
        vocab = validate.vocabulary(kind, data, lines, settings.display(path), problems)
        vocab.terms[:] = names.distinct_slugs(vocab.terms)  # homophones, reserved names
        out.append(vocab)
    return tuple(out)


def _sectors(settings: Settings, problems: Problems) -> validate.Vocabulary | None:
    """The optional sector vocabulary (data/vocab/sectors.yml)."""
    path = settings.data / "vocab" / "sectors.yml"
    parsed = load_yaml_file(path, settings.display(path), problems) if path.exists() else None
    return validate.vocabulary("领域", parsed[0], parsed[1], settings.display(path), problems) if parsed else None


def load_library(settings: Settings, problems: Problems,
                 meanwhile: Callable[[], None] = lambda: None) -> Library:
    """Read and validate everything under data/ (load + validate phases). *meanwhile* is run
    when another process parses some of the case files (a large build from nothing), before
    this one parses its own."""
    cases: list[Case] = []
    drafts = settings.data / "drafts"
    listed = [entry for entry in _files(settings, settings.data / "cases") if entry[2] != "source"]   # source.md
    if settings.include_drafts:   # drafts may sit in folders, one per draft with its source.md
        listed += [(path, settings.display(path), path.stem) for path in sorted(drafts.rglob("*.md"))
                   if not path.name.startswith(("_", ".")) and path.name != "source.md"]
    with load_apart.ahead(listed, settings.preview) as ahead:   # a build from nothing: parsing already
        categories, tags, levels = load_vocabularies(settings, problems)
        sources = []
        for path, shown, stem in _files(settings, settings.data / "sources"):
            raw = load_document(path, shown, problems)
            if raw and (src := validate.source(raw, stem, problems)):
                sources.append(src)
        glossary = []
        for path, shown, stem in _files(settings, settings.data / "glossary"):
            raw = load_document(path, shown, problems)
            if raw and (entry := validate.glossary_entry(raw, stem, problems)):
                glossary.append(entry)
        vocab = validate.Vocabularies(categories, tags, levels, {s.id for s in sources},
                                      TemplateText.load(settings.data / "templates" / "case.md"),
                                      _sectors(settings, problems))
        vocab_key = validate.vocabularies_key(vocab)
        ahead.check_with(vocab, vocab_key)
        if ahead.started:
            meanwhile()
        for number, (path, shown, stem) in enumerate(listed):
            ahead.reach(number)   # past where the child began: its files come from the memos
            raw = load_document(path, shown, problems)
            if raw and (item := validate.case_remembered(raw, stem, vocab, vocab_key, problems)):
                cases.append(item)
                if ahead.started:   # as the child does: while it parses, not after loading
                    load_apart.made_ahead(item)
    published = [c for c in cases if not c.draft]
    validate.unique_names(published, problems)
    published.sort(key=lambda c: pinyin.sort_key(c.title))
    glossary.sort(key=lambda g: pinyin.sort_key(g.term))
    sources.sort(key=lambda s: pinyin.sort_key(s.title))
    library = Library(published, categories.terms, tags.terms, levels.terms, sources, glossary,
                      drafts=[c for c in cases if c.draft])
    names.check(library, problems)
    return library


def check(settings: Settings, loaded: Callable[[Library], None] | None = None,
          meanwhile: Callable[[], None] = lambda: None) -> Result:
    """Load, validate and link without writing anything. *loaded* is called with the library
    once it is loaded and valid, before it is linked (the build starts its search index there);
    *meanwhile* as :func:`load_library` says (the build prepares its search index there)."""
    problems = Problems()
    timings: dict[str, float] = {}
    start = time.perf_counter()
    if memos.restore(settings.build):
        timings["memos"] = time.perf_counter() - start
        start = time.perf_counter()
    library = load_library(settings, problems, meanwhile)
    addresses.check(library, settings.data, settings.display(settings.data / addresses.PUBLISHED), problems)
    timings["load+validate"] = time.perf_counter() - start
    if loaded is not None and not problems.errors:
        loaded(library)
    start = time.perf_counter()
    graph = link(library, problems)
    dates.check(library, problems)
    timings["link"] = time.perf_counter() - start
    return Result(library, graph, problems, timings=timings)


def build(settings: Settings) -> Result:
    """The whole run. Raises :class:`BuildFailed` (with every error) before writing anything.

    Without garbage collection (:mod:`generator.collection`), except under the preview, which
    pauses it itself for each edit's run."""
    with collection.paused(not settings.preview):
        return _build(settings)


def _build(settings: Settings) -> Result:
    first = memos.empty()
    begun: list[tuple[Started, float]] = []

    def begin(library: Library) -> None:   # valid, not yet linked: the other core starts on the index
        start = time.perf_counter()
        begun.append((start_index(library, settings.build / WORD_CACHE, settings.preview), time.perf_counter() - start))

    try:
        result = check(settings, begin, prepare_index)
        if result.problems.errors:
            raise BuildFailed(result.problems)
        started, result.timings["search index"] = begun[0]
        writer = _render_and_index(settings, result, started)
        start = time.perf_counter()
        result.report = writer.commit()
        result.timings["write"] = result.timings.get("write", 0) + time.perf_counter() - start
        start = time.perf_counter()
        started.finish()   # the index's state, sent by its process while the files were written
        result.timings["search index"] += time.perf_counter() - start
        if first or not settings.preview:   # the preview keeps its memos in memory between edits
            start = time.perf_counter()
            memos.save(settings.build, apart=forked.available(settings.preview)
                       and len(result.library.cases) >= memos.SAVE_APART_AT)
            result.timings["memos"] = result.timings.get("memos", 0) + time.perf_counter() - start
    finally:
        for started, _ in begun:   # a process still at work for a failed run is stopped; a finished one waited for
            started.close()
    return result


def _render_and_index(settings: Settings, result: Result, started: Started) -> write.Writer:
    """Render every page (and the Word/PDF files) and the search index: into *result*, and
    staged in the writer returned (to be committed). The case pages, which the index does not
    need, are rendered and staged while the index is finished (when a process of its own makes
    it: it weighs the case documents meanwhile, and so does this one, from the last, once the
    other pages are made and staged)."""
    start = time.perf_counter()
    library, graph = result.library, result.graph
    site = render.Site(edit_url=settings.edit_url, glossary_links=settings.glossary_links,
                       downloads=settings.exports, preview=settings.preview)
    case_dates = history.case_dates(settings.root, library.cases)
    others = render.other_pages(library, graph, site)
    others.update(redirects.pages(library))
    others.update(facets.files(library, graph, settings.exports))
    others.update(home.pages(library, graph, case_dates, settings.exports))
    others.update(relmap.files(library, graph))
    result.timings["render"] = time.perf_counter() - start
    if settings.exports:
        from . import export  # python-docx and reportlab: 0.5 s to import, only when used

        start = time.perf_counter()
        result.files = export.files(library, case_dates, settings.build / "export-cache",
                                    progress=lambda message: print(message, file=sys.stderr))
        result.timings["exports"] = time.perf_counter() - start
    start = time.perf_counter()
    writer = write.Writer(settings.out)
    writer.stage(others)
    writer.stage(result.files)
    result.timings["write"] = time.perf_counter() - start
    meanwhile = 0.0

    def render_cases_and_stage() -> None:
        nonlocal meanwhile
        start = time.perf_counter()
        cases = render.case_pages(library, graph, site, case_dates)
        result.pages = {**cases, **others}
        result.timings["render"] += time.perf_counter() - start
        staging = time.perf_counter()
        writer.stage(cases)
        result.timings["write"] += time.perf_counter() - staging
        meanwhile = time.perf_counter() - start

    start = time.perf_counter()
    index = build_index(library, others, settings.out.parent, started, settings.preview,
                        meanwhile=render_cases_and_stage, stage_at=(settings.out, SEARCH_DIR))
    result.search_files = {f"{SEARCH_DIR}/{path}": text for path, text in index.files.items()}
    result.search_segmented = index.segmented
    result.timings["search index"] += time.perf_counter() - start - meanwhile
    start = time.perf_counter()
    if index.staged is not None:   # staged by the index's own process, beside this writer
        writer.adopt(index.staged)
    else:
        writer.stage(result.search_files)
    result.timings["write"] += time.perf_counter() - start
    return writer
