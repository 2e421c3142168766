"""The benchmark scripts still import, and the configurations they build MkDocs with are valid.

The benchmark runs for an hour and is not part of ``make test``; these checks
catch, in a second, a benchmark that would fail at its first build because
mkdocs.yml or the hooks changed under it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.utils import yaml_load

from bench import common, run, search

from .conftest import ROOT, run_env


def _project_tree(dest: Path) -> Path:
    """hooks/, overrides/ and docs/ (no generated pages): what a config file refers to."""
    for name in ("hooks", "overrides"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=shutil.ignore_patterns("library"))
    (dest / "data").mkdir()  # watched by mkdocs serve
    shutil.copytree(dest / "docs", dest / search.REF_DOCS)  # the reference's pages (see reference_docs)
    return dest


def test_both_scripts_import_and_share_one_reference_config() -> None:
    assert run.config_text("ref") == search.ref_config()
    assert run.CONFIGS == ("ref", "project")


def test_project_config_is_mkdocs_yml_as_it_is() -> None:
    assert run.config_text("project") == (ROOT / "mkdocs.yml").read_text("utf-8")


def test_reference_is_the_project_without_hooks_and_theme_override() -> None:
    project = yaml_load(run.config_text("project"))
    ref = yaml_load(run.config_text("ref"))
    assert project["hooks"], "mkdocs.yml has hooks; the reference must drop them"
    assert project["theme"]["custom_dir"] == "overrides"
    assert "hooks" not in ref
    assert "custom_dir" not in ref["theme"]
    assert (project["docs_dir"], ref["docs_dir"]) == ("docs", search.REF_DOCS)
    del project["hooks"], project["theme"]["custom_dir"], project["docs_dir"], ref["docs_dir"]
    # nothing else differs: same extensions, plugins (repr: the slugify partials differ by identity)
    assert json.dumps(ref, sort_keys=True, default=repr) == json.dumps(project, sort_keys=True, default=repr)


def test_reference_pages_are_the_projects_with_the_print_page_in_markdown(tmp_path: Path) -> None:
    """Material as shipped cannot fill the print page from the case pages' HTML, so its copy of
    the pages holds every case's Markdown there, cut as the project's hook cuts the HTML."""
    from generator import Settings, build

    from .conftest import make_project

    root = make_project(tmp_path / "project")
    library = build(Settings.for_root(root)).library
    search.reference_docs(root)
    page = (root / search.REF_DOCS / "library/print.md").read_text("utf-8")
    assert "print-all" in page and '<div class="print-all"></div>' not in page
    titles = [line[3:] for line in page.splitlines() if line.startswith("## ")]
    assert len(titles) == len(library.cases)
    assert "### 资料来源 { data-search-exclude }" in page and "延伸阅读" not in page
    assert "](../" not in page and "下载本案例" not in page
    assert (root / search.REF_DOCS / "library/cases").is_dir()


def test_unknown_configuration_is_refused() -> None:
    with pytest.raises(ValueError):
        run.config_text("cache")


@pytest.mark.parametrize("kind", run.CONFIGS)
def test_mkdocs_accepts_each_configuration(tmp_path: Path, kind: str) -> None:
    root = _project_tree(tmp_path)
    path = root / f"mkdocs-{kind}.yml"
    path.write_text(run.config_text(kind), "utf-8")
    config = load_config(str(path))  # raises on any invalid setting, a missing hook or theme folder
    hooks = {Path(name).name for name in config["hooks"]}
    if kind == "ref":
        assert hooks == set()
        assert config["theme"].custom_dir is None
    else:
        assert {"own_search.py", "regenerate_on_serve.py"} <= hooks
    assert "material/search" in config["plugins"]


def test_median_leaves_out_what_was_never_measured() -> None:
    assert common.median([3.0, None, 1.0, 2.0]) == 2.0
    assert common.median([None, None]) is None and common.median([]) is None


def test_index_folder_counts_every_file(tmp_path: Path) -> None:
    folder = tmp_path / run.INDEX_DIR
    (folder / "z").mkdir(parents=True)
    (folder / "meta.js").write_text("__hb.meta({});\n", "utf-8")
    (folder / "z" / "793e.js").write_bytes(b"x" * 1000)
    found = run.index_folder(tmp_path, cases=10)
    assert found == {"bytes": 1015, "files": 2, "largest_file_bytes": 1000, "bytes_per_case": 101.5}


def test_material_index_pages_counted(tmp_path: Path) -> None:
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(
        json.dumps({"config": {}, "docs": [{"location": "a.html"}, {"location": "b.html"}]}), "utf-8")
    assert run.material_index_docs(tmp_path) == 2
    (tmp_path / "search" / "search_index.json").write_text(json.dumps({"config": {}, "docs": []}), "utf-8")
    assert run.material_index_docs(tmp_path) == 0


@pytest.mark.parametrize("module", ["bench.run", "bench.search"])
def test_help(module: str) -> None:
    shown = subprocess.run([sys.executable, "-m", module, "--help"], capture_output=True, text=True,
                           env=run_env(), cwd=ROOT, timeout=60)
    assert shown.returncode == 0, shown.stderr
    assert "--sizes" in shown.stdout and "--repeat" in shown.stdout


def test_peak_memory_is_the_childs_own(tmp_path: Path) -> None:
    """A small child reads small even though this process is large, and a big one reads big."""
    ballast = b"x" * (200 * 2**20)  # this process is now over 200 MB
    small = common.run([sys.executable, "-c", "pass"], cwd=tmp_path)
    big = common.run([sys.executable, "-c", "import time; b = b'x' * (150 * 2**20); time.sleep(0.3)"], cwd=tmp_path)
    assert len(ballast) and common.peak_rss_mb() > 200
    assert small["peak_rss_mb"] < 60
    assert 150 < big["peak_rss_mb"] < 200


def test_cpu_time_counts_the_processes_the_child_waited_for(tmp_path: Path) -> None:
    """common.run's CPU time: a child that sleeps uses little; one whose own child spins for
    0.4 s (waited for, as the build waits for its forked processes) reads at least that."""
    spin = "import time; end = time.process_time() + 0.4\nwhile time.process_time() < end: pass"
    asleep = common.run([sys.executable, "-c", "import time; time.sleep(0.5)"], cwd=tmp_path)
    waiting = common.run([sys.executable, "-c", f"import subprocess, sys; subprocess.run([sys.executable, '-c', {spin!r}])"],
                         cwd=tmp_path)
    assert asleep["wall"] >= 0.5 > asleep["cpu"] + 0.2
    assert waiting["cpu"] >= 0.4


def test_cpu_time_counts_the_processes_the_child_left_running(tmp_path: Path) -> None:
    """A child that ends while a process it forked still spins (as the generator leaves its caches'
    writers): the wall time stops at the child's end, the CPU time counts the whole spin."""
    spin = ("import os, time\nif os.fork() == 0:\n    end = time.process_time() + 0.6\n"
            "    while time.process_time() < end: pass\n    os._exit(0)\n")
    left = common.run([sys.executable, "-c", spin], cwd=tmp_path)
    assert left["wall"] < 0.5 and left["cpu"] >= 0.6


MEASURE = """
import json, sys
from pathlib import Path
from bench.search import browser_run
from tests.browser import serve
with serve(Path(sys.argv[1])) as base:
    found = browser_run(base + "index.html", 1, [("title", "邻里中心"), ("common_word", "社区")], True)
print("BENCH " + json.dumps(found, ensure_ascii=False))
"""


@pytest.mark.browser
def test_search_measurement_runs_on_a_built_site(built_site: Path) -> None:
    """bench.search's browser run on the fixture site (its own Playwright, so a child process)."""
    done = subprocess.run([sys.executable, "-c", MEASURE, str(built_site)], capture_output=True, text=True,
                          env=run_env(), cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.split("BENCH ", 1)[1])
    assert found["ready_ms"] > 0
    assert found["bytes_before_first_result"] > 0
    assert found["keystroke"]["title"]["first_result"] == "邻里中心"
    assert found["keystroke"]["common_word"]["median_ms"] > 0
    assert found["blocked"] == []


def test_served_index_version_is_read(built_site: Path) -> None:
    """The serve measurement sees an index update through meta.js's version stamp."""
    from bench import serve as bench_serve
    from tests.browser import serve

    text = (built_site / "library" / "search" / "meta.js").read_text("utf-8")
    stamp = json.loads(text[text.index("(") + 1:text.rindex(")")])["version"]
    with serve(built_site) as base:
        assert bench_serve.index_version(base) == stamp
        assert bench_serve.index_version(base + "missing/") is None
