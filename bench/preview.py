"""Preview benchmark: ``python -m bench.preview --sizes 0,1000,10000`` (0 is the real library).

What a contributor waits for. For each size, in a project tree of its own under
``bench/work/preview-N/`` (a synthetic corpus from :mod:`bench.corpus`, or a copy
of the real data/ for 0):

* the generator cold — ``python -m generator build`` in a new process, with no
  output and no caches, as on a fresh clone (``--cold`` runs, median); and once more right
  after deleting that output, as someone who deletes ``docs/library`` and ``build`` by hand;
* the generator after one edit, as a user runs it (a new process each time);
* the generator after one edit inside one process, as ``make serve`` runs it;
* ``make serve``'s command (``mkdocs serve --dirty``, strict, no Word/PDF):
  from saving an edited case to the edited page being served.

Medians over ``--repeat`` edits, with the budgets of the issue, go to
``bench/results/preview.json`` and ``preview.md`` with the machine's description.

Nothing is deleted before a measurement but that last one: an earlier tree or output is moved
into ``bench/work/.trash/`` and deleted when the run ends. On this machine's kind (ext4 without
a journal) the file system skips the inodes freed in the last one to six minutes when it makes
a file, looking each one up (perf: ~60 % of a file's making in ``recently_deleted``), so
making the 14,000 files of a build at 10,000 cases right after deleting the last ones took 7–10 s
where it takes under 1 s on a fresh clone.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import corpus  # noqa: E402
from bench.common import PY, log, median, run, save_sizes  # noqa: E402
from bench.run import WORK, config_text  # noqa: E402
from bench.serve import measure_serve  # noqa: E402
from generator import memos  # noqa: E402
from generator.search import WORD_CACHE, segment  # noqa: E402

TRASH = WORK / ".trash"
"""Trees and outputs set aside during a run, deleted when it ends (see the module's notes)."""

BUDGET = {"visible_real_s": 1.5, "visible_1000_s": 2.0, "visible_10000_s": 5.0,
          "generator_edit_10000_s": 1.0, "generator_cold_10000_s": 15.0}

IN_PROCESS = """
import json, sys, time
from pathlib import Path
from bench import corpus
from generator import Settings, build, collection
from generator.search import segment
root = Path(sys.argv[1]); repeat = int(sys.argv[2])
settings = Settings.from_environment(root, preview=True)   # as the serve hook runs it
first = build(settings)
segment.preload(first.library)                              # as the serve hook does after its first build
import gc; gc.freeze()                                      # likewise
times = []
for k in range(repeat):
    corpus.edit_case(root, 7000 + k)
    start = time.perf_counter()
    with collection.paused():                               # as the serve hook runs an edit
        result = build(settings)
    times.append(time.perf_counter() - start)
print("BENCH " + json.dumps({"times": times, "phases": result.timings}))
"""


def set_aside(path: Path) -> None:
    """Move *path* into :data:`TRASH` instead of deleting it now."""
    if path.exists():
        TRASH.mkdir(parents=True, exist_ok=True)
        path.rename(TRASH / f"{path.name}-{time.time_ns()}")


def prepare(n: int, seed: int) -> Path:
    work = WORK / f"preview-{n}"
    set_aside(work)
    work.mkdir(parents=True)
    if n:
        corpus.write_corpus(work, n, seed)
    else:
        shutil.copytree(ROOT / "data", work / "data")
    for name in ("hooks", "overrides"):
        shutil.copytree(ROOT / name, work / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "docs", work / "docs", ignore=shutil.ignore_patterns("library"))
    (work / "mkdocs-project.yml").write_text(config_text("project"), "utf-8")
    return work


def generator_cli(work: Path) -> dict:
    """``python -m generator build`` in *work*: :func:`~bench.common.run`'s wall and CPU time."""
    return run([PY, "-m", "generator", "build"], work, {"HANDBOOK_EXPORTS": "0"})


def wait_for_writers(build: Path) -> None:
    """Wait for the processes a build leaves writing its caches: the memos and the word cache."""
    memos.wait_for_writer(build)
    segment.wait_for_writer(build / WORD_CACHE)


def generator_cold(work: Path, runs: int) -> tuple[list[float], list[float], float]:
    """*runs* builds from nothing, the last output set aside before each (wall and CPU time of
    each: the CPU time, user and system of the build and of every process it starts, the
    writers of its caches for the next run included, moves far less with this shared machine's
    pace than the wall time); then one right after deleting it (wall). Before each, the caches
    of the last are waited for (:func:`wait_for_writers`; :func:`~bench.common.run` waits for
    the writers it adopts too: they must not take a core from the next build, nor write into a
    folder set aside; their time is not in the wall time, since the build does not wait for them)."""
    walls, cpus = [], []
    for _ in range(runs):
        wait_for_writers(work / "build")
        set_aside(work / "docs" / "library")
        set_aside(work / "build")
        made = generator_cli(work)
        walls.append(made["wall"])
        cpus.append(made["cpu"])
    wait_for_writers(work / "build")
    shutil.rmtree(work / "docs" / "library")
    shutil.rmtree(work / "build")
    return walls, cpus, generator_cli(work)["wall"]


def measure(n: int, repeat: int, seed: int, cold_runs: int) -> dict:
    label = f"N={n}" if n else "real library"
    log(f"{label}: project tree")
    work = prepare(n, seed)
    log(f"{label}: generator cold ×{cold_runs}, then once right after deleting the output")
    colds, cpus, after_delete = generator_cold(work, cold_runs)
    log(f"{label}: generator after one edit ×{repeat} (new process each)")
    cli = []
    for k in range(repeat):
        corpus.edit_case(work, 6000 + k)
        cli.append(generator_cli(work)["wall"])
    log(f"{label}: generator after one edit ×{repeat} (one process)")
    res = run([PY, "-c", IN_PROCESS, str(work), str(repeat)], ROOT, {"HANDBOOK_EXPORTS": "0"})
    inproc = json.loads(res["output"].split("BENCH ", 1)[1].splitlines()[0])
    log(f"{label}: make serve (mkdocs serve --dirty) ×{repeat} edits")
    serve = measure_serve(work, "project", repeat, serial=8000, dirty=True)
    return {"n": n, "generator_cold_s": median(colds), "generator_cold_samples": colds,
            "generator_cold_after_delete_s": after_delete,
            "generator_cold_cpu_s": median(cpus), "generator_cold_cpu_samples": cpus,
            "generator_edit_s": median(cli), "generator_edit_samples": cli,
            "in_process_edit_s": median(inproc["times"]), "in_process_samples": inproc["times"],
            "in_process_phases": inproc["phases"], "serve": serve}


def report(results: dict) -> str:
    rows = results["sizes"]
    head = ["real library" if r["n"] == 0 else f"N={r['n']:,}" for r in rows]
    lines = [f"# Preview benchmark ({results['date']})", "",
             f"Machine: {results['machine'].get('cpu', '')}, {results['machine'].get('cores', '')} cores; "
             f"medians of {results['repeat']} edits and of each size's builds from nothing. "
             "Budgets: edit visible ≤ 1.5 s (real library), "
             "≤ 2 s (1,000), ≤ 5 s (10,000); generator after one edit ≤ 1 s and cold ≤ 15 s at 10,000.", "",
             "| | " + " | ".join(head) + " |", "|---|" + "---|" * len(rows)]

    def row(name: str, get) -> None:  # type: ignore[no-untyped-def]
        lines.append(f"| {name} | " + " | ".join(get(r) for r in rows) + " |")

    row("make serve: edit → page served (s)", lambda r: f"{r['serve']['edit_visible_s']:.2f}")
    row("  first build of make serve (s)", lambda r: f"{r['serve']['first_build_s']:.1f}")
    row("generator after one edit, one process as make serve (s)", lambda r: f"{r['in_process_edit_s']:.2f}")
    row("generator after one edit, new process (s)", lambda r: f"{r['generator_edit_s']:.2f}")
    row("generator cold, new process (s)", lambda r: f"{r['generator_cold_s']:.1f}"
        + (f" ({len(r['generator_cold_samples'])} runs)" if "generator_cold_samples" in r else ""))
    row("  CPU time of those builds, every process they started (s)",
        lambda r: f"{r['generator_cold_cpu_s']:.1f}" if "generator_cold_cpu_s" in r else "–")
    row("  the same right after deleting the last output (s)",
        lambda r: f"{r['generator_cold_after_delete_s']:.1f}" if "generator_cold_after_delete_s" in r else "–")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.preview", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="0,1000", help="comma-separated case counts (0: the real library)")
    parser.add_argument("--repeat", type=int, default=3, help="edits per measurement (medians)")
    parser.add_argument("--cold", type=int, default=3, help="builds from nothing per size (median)")
    parser.add_argument("--seed", type=int, default=corpus.SEED)
    parser.add_argument("--merge", action="store_true", help="add to the sizes already in bench/results/preview.json")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    try:
        measured = [measure(n, args.repeat, args.seed, args.cold) for n in sizes]
    finally:
        log("deleting what was set aside")
        shutil.rmtree(TRASH, ignore_errors=True)
    print(save_sizes("preview", measured, args.repeat, BUDGET, args.merge, report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
