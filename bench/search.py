"""Search benchmark: ``python -m bench.search --sizes 1000,5000,10000 --repeat 3`` (``make bench-search``).

For each size N it writes a synthetic corpus (:mod:`bench.corpus`) into
``bench/work/search-N/`` and measures, in one run and on the same machine load:

* the generator: cold (no output, no word cache) and after editing one case —
  wall time of ``python -m generator build`` as a user runs it, its phases, and
  how many texts the search index had to segment again;
* ``mkdocs build`` (offline variant, which also writes everything the served
  site has) with the project's configuration against the reference: the same
  pages with Material as shipped (its search plugin indexing every page with
  jieba, no hooks, no theme override), interleaved per repeat;
* in Debian's chromium, served over 127.0.0.1 and opened from ``file://``, for
  the project and the reference: *search ready* — from the focus event of the
  search box to the first answer of a query typed right away; *keystroke →
  results* (from the key's keydown in the page to the first result rendered)
  for a title, its full pinyin, its initials and a common word; bytes
  of search files loaded before the first result (served).

Medians over the repeats (and the worst keystroke) go to
``bench/results/search.json`` and ``bench/results/search.md`` with the machine's
description. Sizes above ``--file-max`` skip the reference's ``file://`` run
(Material indexes on the page's own thread there and freezes it for minutes).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import corpus  # noqa: E402
from bench.common import save_sizes  # noqa: E402
from bench.run import PY, WORK, log, median, run, tree_size  # noqa: E402

BUDGET = {"ready_ms": 200, "keystroke_median_ms": 50, "keystroke_worst_ms": 150,
          "bytes_before_first_result": 300_000, "build_ratio_at_1000": 0.6}


def ref_config() -> str:
    """mkdocs.yml as plain Material: no hooks, no theme override (its own search worker)."""
    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    text, count = re.subn(r"^hooks:[ \t]*\n(?:[ \t]+-[^\n]*\n)+", "", text, flags=re.M)
    assert count == 1, "mkdocs.yml: no hooks: block found"
    text = re.sub(r"^\s*custom_dir: overrides\s*\n", "\n", text, flags=re.M)
    text, count = re.subn(r"^docs_dir: docs$", f"docs_dir: {REF_DOCS}", text, flags=re.M)
    assert count == 1, "mkdocs.yml: no docs_dir: docs line found"
    return text


REF_DOCS = "docs-ref"
"""The reference's docs folder: the project's pages, with the print page as plain Material needs it."""


def reference_docs(work: Path) -> None:
    """``docs-ref/``: a copy of ``docs/`` whose print page holds every case's Markdown again.

    The project fills its print page with the case pages' HTML after MkDocs made
    them (hooks/print_from_case_pages.py); Material as shipped has no such step,
    so the same handbook built with it converts the cases a second time for the
    print page, as the project did before. Written before each reference build,
    outside the timed run.
    """
    from generator.print_all import ORDER_KEY, PLACEHOLDER, SOURCES_TITLE
    from generator.site import CASES_DIR, PRINT_PAGE

    target = work / REF_DOCS
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(work / "docs", target)
    frame = (target / PRINT_PAGE).read_text("utf-8")
    order = json.loads(re.search(rf"^{ORDER_KEY}: (.*)$", frame, flags=re.M).group(1)).split()  # type: ignore[union-attr]
    parts = []
    for slug in order:
        text = (target / CASES_DIR / f"{slug}.md").read_text("utf-8").split("\n---\n", 1)[1]
        end = text.index("\n", text.index(f"## {SOURCES_TITLE}"))
        end = text.find("\n\n", text.index("\n- ", end)) if "\n- " in text[end:] else len(text)
        text = re.sub(r"^\[下载本案例.*\n", "", text[:end], flags=re.M)
        text = re.sub(r"^(#{1,5}) ", r"#\1 ", text, flags=re.M).replace("](../", "](")
        parts.append(text.strip() + "\n")
    (target / PRINT_PAGE).write_text(
        frame.replace(PLACEHOLDER, '<div class="print-all" markdown>\n\n' + "\n".join(parts) + "\n</div>"),
        "utf-8")


def prepare(n: int, seed: int) -> Path:
    work = WORK / f"search-{n}"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    corpus.write_corpus(work, n, seed)
    for name in ("hooks", "overrides"):
        shutil.copytree(ROOT / name, work / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "docs", work / "docs", ignore=shutil.ignore_patterns("library"))
    shutil.copy(ROOT / "mkdocs.yml", work / "mkdocs-project.yml")
    (work / "mkdocs-ref.yml").write_text(ref_config(), "utf-8")
    return work


PHASES = """
import json, sys, time
from pathlib import Path
from generator import Settings, build
start = time.perf_counter()
result = build(Settings.for_root(Path(sys.argv[1])))
print("BENCH " + json.dumps({"seconds": time.perf_counter() - start, "timings": result.timings,
      "segmented": result.search_segmented, "written": len(result.report.written),
      "search_files": len(result.search_files)}))
"""


def generate(work: Path) -> dict:
    res = run([PY, "-c", PHASES, str(work)], ROOT)
    found = json.loads(res["output"].split("BENCH ", 1)[1].splitlines()[0])
    return {**found, "wall": res["wall"], "peak_rss_mb": res["peak_rss_mb"]}


def measure_generator(work: Path) -> dict:
    shutil.rmtree(work / "build", ignore_errors=True)
    shutil.rmtree(work / "docs" / "library", ignore_errors=True)
    cold = generate(work)
    path, _ = corpus.edit_case(work, 1)
    edit = generate(work)
    texts_in_case = len([s for s in re.split(r"^## ", path.read_text("utf-8"), flags=re.M)[1:]]) + 2
    return {"cold": cold, "after_edit": edit, "texts_per_case_upper_bound": texts_in_case}


def mkdocs_build(work: Path, kind: str) -> dict:
    if kind == "ref":
        reference_docs(work)
    site = work / f"site-{kind}"
    res = run([str(Path(PY).parent / "mkdocs"), "build", "--strict", "-q", "-f", f"mkdocs-{kind}.yml",
               "--site-dir", str(site)], work, {"OFFLINE": "true"})
    return {"seconds": res["wall"], "peak_rss_mb": res["peak_rss_mb"]}


def measure_builds(work: Path, repeat: int) -> dict:
    times: dict[str, list[float]] = {"project": [], "ref": []}
    for _ in range(repeat):
        for kind in ("ref", "project"):
            times[kind].append(mkdocs_build(work, kind)["seconds"])
    project, ref = median(times["project"]), median(times["ref"])
    return {"project_s": project, "ref_s": ref, "ratio": project / ref if project and ref else None,
            "samples": times, "site_mb": {k: tree_size(work / f"site-{k}") / 1e6 for k in times}}


INIT_JS = r"""
(() => {
  /* arm(start): time from the next focus of the search box ("focus") or the next key pressed in
   * it ("key") — events the page itself sees, so the driver's own round trips are not counted —
   * to the first result (or the 没有找到 message) rendered. */
  const bench = window.__bench = {};
  bench.arm = (start) => {
    const input = document.querySelector("input.md-search__input");
    const list = document.querySelector(".md-search-result__list");
    const meta = document.querySelector(".md-search-result__meta");
    const before = meta.textContent;
    bench.t0 = undefined; bench.t1 = undefined;
    input.addEventListener(start === "focus" ? "focus" : "keydown",
                           () => { bench.t0 = performance.now(); }, { once: true, capture: true });
    const observer = new MutationObserver(() => {
      if (bench.t1 !== undefined || bench.t0 === undefined) return;
      if (list.querySelector("li") || (meta.textContent !== before && /没有|No matching/.test(meta.textContent))) {
        bench.t1 = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(list, { childList: true, subtree: true });
    observer.observe(meta, { childList: true, subtree: true, characterData: true });
  };
})();
"""


def queries(n: int, seed: int) -> list[tuple[str, str]]:
    from generator import pinyin

    titles = corpus._titles(n, seed)
    title = titles[n // 2][0]
    common = "社区"
    return [("title", title), ("full_pinyin", pinyin.full(title)), ("initials", pinyin.initials(title)),
            ("common_word", common)]


def browser_run(url: str, repeat: int, qs: list[tuple[str, str]], served: bool) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, FLAGS, Guard, wait_until

    ready: list[float] = []
    loaded_bytes: list[float] = []
    per: dict[str, list[float]] = {label: [] for label, _ in qs}
    firsts: dict[str, str] = {}
    blocked: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            for _ in range(repeat):
                context = browser.new_context()
                guard = Guard(context)
                sizes: list[int] = []
                phase = {"first": False}

                def on_response(response, sizes=sizes, phase=phase):  # type: ignore[no-untyped-def]
                    if phase["first"] or "search" not in response.url:
                        return
                    try:
                        sizes.append(int(response.headers.get("content-length") or len(response.body())))
                    except Exception:
                        pass
                context.on("response", on_response)
                page = context.new_page()
                page.add_init_script(INIT_JS)
                page.goto(url, wait_until="load")
                page.wait_for_timeout(300)
                box = page.locator("input.md-search__input")
                first_query = qs[0][1]
                page.evaluate("window.__bench.arm('focus')")
                box.click()
                page.keyboard.insert_text(first_query)
                page.keyboard.press("End")
                wait_until(page, "window.__bench.t1 !== undefined", 600, 0.05)
                ready.append(page.evaluate("__bench.t1 - __bench.t0"))
                phase["first"] = True
                loaded_bytes.append(sum(sizes))
                for label, query in qs:
                    box.fill("")
                    page.keyboard.press("End")
                    page.wait_for_timeout(50)
                    box.fill(query)
                    page.evaluate("window.__bench.arm('key')")
                    page.keyboard.press("End")
                    wait_until(page, "window.__bench.t1 !== undefined", 120, 0.05)
                    per[label].append(page.evaluate("__bench.t1 - __bench.t0"))
                    titles = page.locator(".md-search-result__list > li > a > article h1").all_inner_texts()
                    firsts[label] = titles[0].replace("\u200b", "").strip() if titles else ""
                blocked += guard.blocked
                context.close()
        finally:
            browser.close()
    return {"ready_ms": median(ready), "ready_samples": ready,
            "bytes_before_first_result": median(loaded_bytes) if served else None,
            "keystroke": {label: {"query": q, "median_ms": median(per[label]), "worst_ms": max(per[label]),
                                  "first_result": firsts.get(label)} for label, q in qs},
            "blocked": blocked}


def measure_browser(work: Path, n: int, repeat: int, seed: int, file_max: int) -> dict:
    from tests.browser import serve

    qs = queries(n, seed)
    out: dict = {}
    for kind in ("project", "ref"):
        site = work / f"site-{kind}"
        with serve(site) as base:
            log(f"N={n}: browser {kind} served")
            out[f"{kind}_served"] = browser_run(base + "index.html", repeat, qs, True)
        if kind == "project" or n <= file_max:
            log(f"N={n}: browser {kind} file://")
            out[f"{kind}_file"] = browser_run((site / "index.html").as_uri(), repeat, qs, False)
    return out


def measure(n: int, repeat: int, seed: int, file_max: int) -> dict:
    log(f"N={n}: corpus")
    work = prepare(n, seed)
    log(f"N={n}: generator")
    gen = measure_generator(work)
    log(f"N={n}: mkdocs builds ×{repeat}")
    builds = measure_builds(work, repeat)
    index = work / "docs" / "library" / "search"
    sizes = {"index_mb": tree_size(index) / 1e6, "index_files": sum(1 for p in index.rglob("*") if p.is_file())}
    browser = measure_browser(work, n, repeat, seed, file_max)
    return {"n": n, "generator": gen, "builds": builds, "sizes": sizes, "browser": browser}


def fmt(value: object, digits: int = 0) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def report(results: dict) -> str:
    sizes = results["sizes"]
    lines = [f"# Search benchmark ({results['date']})", "",
             f"Machine: {results['machine'].get('cpu', '')}, {results['machine'].get('cores', '')} cores; "
             f"medians of {results['repeat']}; "
             f"reference = Material {results['machine'].get('material', '')} as shipped "
             "(lunr index built in the browser, jieba at build time), measured in the same run.", "",
             "| | " + " | ".join(f"N={r['n']:,}" for r in sizes) + " |",
             "|---|" + "---|" * len(sizes)]

    def row(label: str, get) -> None:  # type: ignore[no-untyped-def]
        cells = []
        for r in sizes:
            try:
                cells.append(get(r))
            except (KeyError, TypeError):
                cells.append("—")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    row("generator cold (s, wall)", lambda r: fmt(r["generator"]["cold"]["wall"], 1))
    row("  of which search index (s)", lambda r: fmt(r["generator"]["cold"]["timings"]["search index"], 2))
    row("generator after one edit (s, wall)", lambda r: fmt(r["generator"]["after_edit"]["wall"], 1))
    row("  texts segmented after one edit", lambda r: fmt(r["generator"]["after_edit"]["segmented"]))
    row("mkdocs build project / reference (s)",
        lambda r: f"{fmt(r['builds']['project_s'], 1)} / {fmt(r['builds']['ref_s'], 1)}")
    row("  ratio (budget ≤ 0.6 at 1,000)", lambda r: fmt(r["builds"]["ratio"], 2) + "×")
    row("index size (MB / files)", lambda r: f"{fmt(r['sizes']['index_mb'], 1)} / {fmt(r['sizes']['index_files'])}")
    for mode in ("served", "file"):
        row(f"search ready, {mode}: project / reference (ms)",
            lambda r, m=mode: f"{fmt(r['browser'][f'project_{m}']['ready_ms'])} / "
                              f"{fmt(r['browser'].get(f'ref_{m}', {}).get('ready_ms'))}")
        for label in ("title", "full_pinyin", "initials", "common_word"):
            row(f"  {label}, {mode}: median / worst (ms), project",
                lambda r, m=mode, lab=label: f"{fmt(r['browser'][f'project_{m}']['keystroke'][lab]['median_ms'])} / "
                                             f"{fmt(r['browser'][f'project_{m}']['keystroke'][lab]['worst_ms'])}")
            row(f"  {label}, {mode}: median (ms), reference",
                lambda r, m=mode, lab=label: fmt(r["browser"][f"ref_{m}"]["keystroke"][lab]["median_ms"]))
    row("bytes of search files before the first result, served (KB): project / reference",
        lambda r: f"{fmt(r['browser']['project_served']['bytes_before_first_result'] / 1e3)} / "
                  f"{fmt(r['browser']['ref_served']['bytes_before_first_result'] / 1e3)}")
    row("first result for the title query (project)",
        lambda r: r["browser"]["project_served"]["keystroke"]["title"]["first_result"] or "—")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000,10000", help="comma-separated corpus sizes")
    parser.add_argument("--repeat", type=int, default=3, help="repeats per measurement (medians)")
    parser.add_argument("--seed", type=int, default=corpus.SEED)
    parser.add_argument("--file-max", type=int, default=5000,
                        help="largest N for which the reference is also opened from file://")
    parser.add_argument("--merge", action="store_true", help="add to the sizes already in bench/results/search.json")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    measured = [measure(n, args.repeat, args.seed, args.file_max) for n in sizes]
    print(save_sizes("search", measured, args.repeat, BUDGET, args.merge, report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
