"""How fast 案例筛选 answers at N cases: ``python -m bench.facets --size 10000``.

Writes the synthetic corpus (bench/corpus.py), runs the generator's
load/validate/link and writes only the facet data file, puts it next to the
real page script and the page's own markup (taken from docs/facets.md), opens
that from ``file://`` in Debian's chromium, and clicks filters the way a
reader does. Each sample is the time from the click to the updated page
laid out (counts, summary, first cards), measured inside the page. A full
MkDocs build is not needed for this and would take an hour at 10,000 cases.
Results: ``bench/results/facets.json`` and ``bench/results/facets.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.corpus import write_corpus  # noqa: E402
from generator import facets  # noqa: E402
from generator.build import check  # noqa: E402
from generator.settings import Settings  # noqa: E402

BUDGET_MS = 100.0
CLICKS = [("level", 0), ("year", 1), ("category", 2), ("tag", 3), ("tag", 5), ("city", 1),
          ("figures", 0), ("district", 2), ("level", 2), ("source", 0)]
"""(facet, value index) clicked in turn; then unclicked in reverse order."""


def log(*parts: object) -> None:
    print(*parts, flush=True)


def harness(work: Path, script: str) -> Path:
    """The page's markup and scripts, with the generated data, in *work*."""
    (work / "library" / "assets").mkdir(parents=True, exist_ok=True)
    (work / "assets").mkdir(exist_ok=True)
    (work / "library" / "assets" / "facets.js").write_text(script, "utf-8")
    for name in ("facet-page.js", "facets.css"):
        shutil.copy(ROOT / "docs" / "assets" / name, work / "assets" / name)
    page = (ROOT / "docs" / "facets.md").read_text("utf-8")
    markup = '<link rel="stylesheet" href="assets/facets.css">' + page[page.index('<div id="case-facets"'):]
    (work / "facets.html").write_text(
        '<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>案例筛选</title></head>'
        f'<body><article class="md-typeset">{markup}</article></body></html>', "utf-8")
    return work / "facets.html"


def measure(page_path: Path, rounds: int) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium",
                                     args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        start = time.perf_counter()
        page.goto(page_path.as_uri())
        page.wait_for_selector(".facet-card")
        load_s = time.perf_counter() - start
        first_ms = page.evaluate("window.handbookFacetTimings[0]")
        samples: list[float] = []
        results: list[int] = []
        for _ in range(rounds):
            order = CLICKS + list(reversed(CLICKS))
            for facet, index in order:
                ms, n = page.evaluate("""([facet, index]) => {
                    const boxes = Array.from(document.querySelectorAll(
                        `.facet-panel input[name="${facet}"]`)).filter(b => b.checked || !b.disabled);
                    if (!boxes.length) return [null, null];
                    const box = boxes[Math.min(index, boxes.length - 1)];
                    const t0 = performance.now();
                    box.click();
                    void document.body.offsetHeight;
                    return [performance.now() - t0,
                            Number(document.getElementById('case-facets').dataset.results)];
                }""", [facet, index])
                if ms is not None:  # a group the corpus does not offer, or nothing left
                    samples.append(ms)
                    results.append(n)
        browser.close()
    if errors:
        raise RuntimeError("; ".join(errors))
    return {"page_load_s": round(load_s, 3), "first_render_ms": round(first_ms, 1),
            "changes": len(samples), "median_ms": round(statistics.median(samples), 1),
            "p90_ms": round(sorted(samples)[int(0.9 * (len(samples) - 1))], 1),
            "max_ms": round(max(samples), 1), "results_range": [min(results), max(results)],
            "samples_ms": [round(s, 2) for s in samples]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.facets",
                                     description="测量案例筛选页在 N 个合成案例时的响应时间（默认 N=10000）。")
    parser.add_argument("--size", type=int, default=10000, help="合成案例数（默认 10000）")
    parser.add_argument("--rounds", type=int, default=3, help="点击序列重复几遍（默认 3）")
    parser.add_argument("--work", default=str(ROOT / "bench" / "work" / "facets"), help="工作目录")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"), help="结果目录")
    args = parser.parse_args(argv)
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    log(f"写入 {args.size} 个合成案例 → {work}")
    write_corpus(work, args.size)
    log("检查并建立链接（load → validate → link）…")
    start = time.perf_counter()
    result = check(Settings.for_root(work))
    if result.problems.errors:
        raise SystemExit(f"合成数据有 {len(result.problems.errors)} 个错误")
    check_s = time.perf_counter() - start
    start = time.perf_counter()
    script = facets.script(result.library, result.graph)
    data_s = time.perf_counter() - start
    page = harness(work / "site", script)
    log(f"筛选数据 {len(script.encode('utf-8')) / 1e6:.2f} MB，生成用时 {data_s:.2f} 秒；在浏览器里点选…")
    measured = measure(page, args.rounds)
    report = {"when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
              "cases": args.size, "budget_ms": BUDGET_MS, "check_s": round(check_s, 2),
              "data_generation_s": round(data_s, 3), "data_bytes": len(script.encode("utf-8")),
              **measured}
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "facets.json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", "utf-8")
    (out / "facets.md").write_text(markdown(report), "utf-8")
    log(markdown(report))
    return 0 if report["max_ms"] <= BUDGET_MS else 1


def markdown(r: dict) -> str:
    ok = "达标" if r["max_ms"] <= r["budget_ms"] else "超出"
    return "\n".join([
        "# 案例筛选页响应时间", "",
        f"{r['when']}，{r['cases']:,} 个合成案例（`python -m bench.facets --size {r['cases']}`），"
        "Debian chromium，从 file:// 打开。每次点选从点击到页面更新并完成布局的时间，在页面内测量。", "",
        "| 项目 | 数值 |", "| --- | ---: |",
        f"| 点选次数 | {r['changes']} |",
        f"| 中位数 (ms) | {r['median_ms']} |",
        f"| 90 分位 (ms) | {r['p90_ms']} |",
        f"| 最大 (ms) | {r['max_ms']} |",
        f"| 预算 (ms) | {r['budget_ms']:.0f}（{ok}） |",
        f"| 结果数范围 | {r['results_range'][0]}–{r['results_range'][1]} |",
        f"| 首次显示（无筛选） (ms) | {r['first_render_ms']} |",
        f"| 打开页面到显示结果 (s) | {r['page_load_s']} |",
        f"| 筛选数据文件 (MB) | {r['data_bytes'] / 1e6:.2f} |",
        f"| 生成筛选数据 (s) | {r['data_generation_s']} |",
        f"| 读入并检查合成数据 (s) | {r['check_s']} |", ""])


if __name__ == "__main__":
    sys.exit(main())
