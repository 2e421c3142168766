# 社区治理案例手册 — see README.md. Every target sets up what it needs itself.
PYTHON  ?= python3
VENV    ?= .venv
PY      := $(VENV)/bin/python
MKDOCS  := $(VENV)/bin/mkdocs
CHROMIUM ?= /usr/bin/chromium
PORT    ?= 8000
export NO_MKDOCS_2_WARNING := 1
# jieba imports setuptools' pkg_resources, which prints an English deprecation notice with a
# stack in the middle of make serve's Chinese messages; it concerns jieba, not the handbook.
export PYTHONWARNINGS := ignore:pkg_resources is deprecated:UserWarning
export PYTHONDONTWRITEBYTECODE := 1
# Version shown in every page footer and the offline note (empty without git history).
export HANDBOOK_VERSION ?= $(shell git rev-parse --short HEAD 2>/dev/null)

.PHONY: help build generate check fmt import new serve offline test test-fast lint compat browser golden bench bench-large clean diff published

help:  ## 列出全部命令
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

generate: $(VENV)/.installed  ## 检查并生成 docs/library/ 下的页面
	$(PY) -m generator build

build: $(VENV)/.installed  ## 建虚拟环境、装依赖、生成页面、构建 site/（整体替换，失败时保留原网站）
	$(PY) -m generator site

check: $(VENV)/.installed  ## 只检查数据，列出全部问题
	$(PY) -m generator check

fmt: $(VENV)/.installed  ## 整理案例文件（UTF-8、LF、字段顺序），内容不变
	$(PY) -m generator fmt

import: $(VENV)/.installed  ## 导入讲话或汇报原文，生成草稿：make import FILE=讲话.txt
	$(PY) -m generator import $(FILE)

new: $(VENV)/.installed  ## 新建案例：make new TITLE=邻里中心
	$(PY) -m generator new "$(TITLE)"

serve: generate  ## 本机预览 http://127.0.0.1:8000/ （换端口：make serve PORT=8001），改动 data/ 自动重新生成（预览不生成 Word/PDF）
	HANDBOOK_EXPORTS=0 $(MKDOCS) serve --dirty --dev-addr 127.0.0.1:$(PORT)

diff: $(VENV)/.installed  ## 改动摘要（审核用）：make diff BASE=origin/main [HEAD=提交] [OUT=文件]
	$(PY) -m generator diff --base "$(or $(BASE),origin/main)" $(if $(HEAD),--head "$(HEAD)") $(if $(OUT),--output "$(OUT)")

published: $(VENV)/.installed  ## 发布后把现有案例的网址名记入 data/published.txt
	$(PY) -m generator published

offline: $(VENV)/.installed  ## 生成离线版 dist/handbook-offline.zip（解压后从 index.html 打开）
	OFFLINE=true $(PY) -m generator site --site-dir build/offline-site
	$(PY) -m generator bundle build/offline-site dist/handbook-offline.zip

browser:  ## 安装浏览器测试所需的 Debian chromium 和 poppler-utils（PDF 转图片；已装则跳过）
	@if [ ! -x $(CHROMIUM) ] || ! command -v pdftoppm >/dev/null; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && $$SUDO apt-get install -y -q chromium fonts-noto-cjk poppler-utils; \
	fi

test: $(VENV)/.installed-test browser  ## 运行全部测试（含真实浏览器测试）
	$(PY) -m pytest

lint: $(VENV)/.installed-test  ## 代码检查：ruff（风格与常见错误）和 mypy（类型）
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

compat: $(VENV)/.installed-test  ## 用 ProperDocs（MkDocs 1.6 的维护分支）构建到 build/properdocs-site，验证 MkDocs 停止维护后的退路
	$(PY) -m generator build
	$(VENV)/bin/properdocs build --strict --site-dir build/properdocs-site

test-fast: $(VENV)/.installed-test  ## 只运行不需要浏览器、不做整站构建的测试（约一分钟）
	$(PY) -m pytest -m "not browser and not clone and not build"

bench: $(VENV)/.installed-test browser  ## 性能基准：生成与构建 N=100、1000、5000，浏览器搜索 N=1000、5000，预览（真实案例库和 N=1000），各测 3 遍（估计 1 小时以上），结果在 bench/results/
	$(PY) -m bench.run --sizes 100,1000,5000 --repeat 3
	$(PY) -m bench.search --sizes 1000,5000 --repeat 3
	$(PY) -m bench.preview --sizes 0,1000 --repeat 3

bench-large: $(VENV)/.installed-test browser  ## 加测 N=10000（生成、构建和搜索，各测 1 遍，估计 1 小时以上），并入 bench/results/
	$(PY) -m bench.run --sizes 10000 --repeat 1 --merge --skip-serve
	$(PY) -m bench.search --sizes 10000 --repeat 1 --merge
	$(PY) -m bench.preview --sizes 10000 --repeat 1 --merge

golden: $(VENV)/.installed  ## 用当前生成结果刷新 tests/golden/（改动渲染后，核对 diff 再提交）
	$(PY) -m tests.refresh_golden

clean:  ## 删除生成的页面、site/、dist/ 和 build/
	rm -rf site dist build docs/library
