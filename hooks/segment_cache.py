"""MkDocs hook: remember Material's jieba segmentation between builds.

Material's search plugin runs every section of every page through jieba
(``SearchIndex._segment_chinese``) on every build; for this handbook that is
the largest single cost of ``mkdocs build``. This hook wraps that method with
a content-addressed cache: the key is a hash of the text, salted with a hash
of everything that decides how jieba segments it (jieba and Material versions,
the main dictionary, and the user dictionaries loaded in this process, in
order). Unchanged text on a later build is looked up instead of segmented, so
the index is byte-for-byte what the plugin would have written without the
cache (``tests/test_segment_cache.py`` checks this).

The cache lives in ``build/segment-cache.pickle`` next to ``mkdocs.yml``,
loaded on the first lookup and rewritten atomically after the build when
something changed. A full build keeps only the entries it used, so the file
never outgrows the site; a dirty build (``mkdocs serve --dirty``) keeps
everything. Delete the file (``make clean``) to start afresh.

Two more savings, both invisible in the output:

* Loading jieba's dictionary costs most of a second. The search plugin loads
  the user dictionary (``search.jieba_dict_user``) in ``on_config``, which
  initialises jieba; the hook records the file's content instead and loads it
  just before the first text that is not in the cache, so a fully warm build
  never initialises jieba at all.
* Under ``mkdocs serve`` the plugin loads the same user dictionary again on
  every rebuild; jieba adds each word's frequency to its total again each
  time, so segmentation drifts slightly from rebuild to rebuild. The hook
  loads identical content only once per process, so every rebuild segments
  exactly as a fresh ``mkdocs build`` does (and can use its cache).

Nothing else in the MkDocs process may use jieba's default tokenizer for the
deferred loading to be exact; the generator uses a private tokenizer.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import pickle
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import jieba
from material.plugins.search.plugin import SearchIndex

log = logging.getLogger("mkdocs.hooks.segment_cache")

FORMAT = 1
"""Bumped when the file layout or key derivation changes."""
CACHE_FILE = Path("build") / "segment-cache.pickle"
"""Cache location, relative to the folder of ``mkdocs.yml``."""


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:  # pragma: no cover - both are installed with the site
        return "?"


class _Build:
    """Cache state of one build."""

    def __init__(self, path: Path, dirty: bool) -> None:
        self.path = path
        self.dirty = dirty
        self.entries: dict[bytes, str] | None = None  # loaded lazily
        self.used: dict[bytes, str] = {}
        self.hits = 0
        self.misses = 0

    def load(self) -> dict[bytes, str]:
        if self.entries is None:
            self.entries = {}
            try:
                with self.path.open("rb") as handle:
                    data = pickle.load(handle)
                if isinstance(data, dict) and data.get("format") == FORMAT:
                    self.entries = data["entries"]
            except FileNotFoundError:
                pass
            except Exception as exc:  # a damaged cache is only a slower build
                log.info("分词缓存 %s 无法读取（%s），本次重新分词", self.path, exc)
        return self.entries

    def save(self) -> None:
        entries = self.load()
        keep = {**entries, **self.used} if self.dirty else self.used
        if self.misses == 0 and keep.keys() == entries.keys():
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as handle:
            pickle.dump({"format": FORMAT, "entries": keep}, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.path)


class _Shared:
    """Process-wide state, kept on the SearchIndex class.

    ``mkdocs serve`` re-imports hooks on every rebuild, but jieba's dictionary
    and the patched methods live for the whole process, so their bookkeeping
    must too.
    """

    def __init__(self) -> None:
        self.segment = SearchIndex._segment_chinese
        self.load_userdict = jieba.load_userdict
        self.set_dictionary = jieba.set_dictionary
        self.loaded: list[str] = []           # user dictionaries in jieba, in load order
        self.pending: list[tuple[str, bytes]] = []  # recorded, not yet loaded
        self.salt: bytes | None = None
        self.build: _Build | None = None
        self._main_dict: tuple[tuple, str] | None = None

    # -- jieba's dictionary state ------------------------------------------

    def record_userdict(self, f) -> None:  # type: ignore[no-untyped-def]
        """Stand-in for ``jieba.load_userdict``: remember the content, load it later."""
        if isinstance(f, (str, os.PathLike)):
            with open(f, "rb") as handle:
                data = handle.read()
        else:
            data = f.read()
            data = data.encode("utf-8") if isinstance(data, str) else data
        digest = hashlib.sha256(data).hexdigest()
        if digest in self.loaded or any(d == digest for d, _ in self.pending):
            return  # identical content is loaded once per process
        self.pending.append((digest, data))
        self.salt = None

    def reset_dictionary(self, path) -> None:  # type: ignore[no-untyped-def]
        """Stand-in for ``jieba.set_dictionary``: jieba forgets its user words too."""
        self.set_dictionary(path)
        self.loaded.clear()
        self.salt = None

    def apply_pending(self) -> None:
        """Load the recorded user dictionaries into jieba (initialising it)."""
        while self.pending:
            digest, data = self.pending.pop(0)
            self.load_userdict(io.BytesIO(data))
            self.loaded.append(digest)

    def _main_dictionary(self) -> str:
        path = jieba.dt.dictionary or os.path.join(os.path.dirname(jieba.__file__),
                                                    jieba.DEFAULT_DICT_NAME)
        try:
            stat = os.stat(path)
            ident: tuple = (path, stat.st_size, stat.st_mtime_ns)
        except OSError:
            ident = (path,)
        if self._main_dict is None or self._main_dict[0] != ident:
            try:
                with open(path, "rb") as handle:
                    digest = hashlib.sha256(handle.read()).hexdigest()
            except OSError:
                digest = repr(ident)
            self._main_dict = (ident, digest)
        return self._main_dict[1]

    def key_salt(self) -> bytes:
        if self.salt is None:
            parts = [str(FORMAT), _version("jieba"), _version("mkdocs-material"),
                     self._main_dictionary(), *self.loaded, *(d for d, _ in self.pending)]
            self.salt = hashlib.sha256("\n".join(parts).encode("utf-8")).digest()
        return self.salt


def _install() -> _Shared:
    shared = getattr(SearchIndex, "_handbook_segment_cache", None)
    if shared is None:
        shared = _Shared()
        SearchIndex._handbook_segment_cache = shared  # type: ignore[attr-defined]

        def segment(index, data):  # type: ignore[no-untyped-def]
            build = shared.build
            if build is None:
                return shared.segment(index, data)
            key = hashlib.blake2b(data.encode("utf-8"), digest_size=16, key=shared.key_salt()).digest()
            value = build.used.get(key)
            if value is None:
                value = build.load().get(key)
            if value is None:
                shared.apply_pending()
                value = shared.segment(index, data)
                build.misses += 1
            else:
                build.hits += 1
            build.used[key] = value
            return value

        SearchIndex._segment_chinese = segment  # type: ignore[method-assign]
        jieba.load_userdict = shared.record_userdict
        jieba.set_dictionary = shared.reset_dictionary
    return shared


_shared = _install()
_dirty = False


def on_startup(command: str, dirty: bool) -> None:
    global _dirty
    _dirty = dirty


def on_config(config):  # type: ignore[no-untyped-def]
    path = Path(config.config_file_path).parent / CACHE_FILE
    _shared.build = _Build(path, _dirty)
    return config


def on_post_build(config) -> None:  # type: ignore[no-untyped-def]
    build = _shared.build
    if build is None:
        return
    build.save()
    log.info("分词缓存：%d 段沿用，%d 段新分词", build.hits, build.misses)


def on_build_error(error) -> None:  # type: ignore[no-untyped-def]
    _shared.build = None
