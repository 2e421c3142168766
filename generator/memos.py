"""The pipeline's memos, kept on disk between runs (``build/memos.pickle``).

Every step remembers what it made from which inputs for the process (parsed and checked files,
similar cases, rendered pages, search shards, …), which is what makes ``make serve`` fast after
an edit. A new process (``make build``, ``make generate``) starts with empty memos and does
everything again; loading the last run's memos lets it redo only what changed since. Each memo
compares its inputs, never trusts the disk: a stale memo only costs time.

The file is a pickle, which runs code when read, so it is signed with a key kept outside the
project (in the user's cache folder): a file that came with a pull request, or from another
machine, fails the check and is ignored. So does one written by different generator code or
libraries (the signature covers their versions and the generator's source).
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import importlib
import os
import pickle
import secrets
import sys
from collections.abc import Callable
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

from . import forked
from .errors import DataError, Problems

V = TypeVar("V")
FILE = "memos.pickle"
HELD = [("generator.pinyin", "_SLUGS"), ("generator.load", "_PARSED"), ("generator.validate", "_CHECKED"),
        ("generator.link", "_LAST_NAMES"), ("generator.link", "_WIKILINKS"), ("generator.link", "_LAST_SIMILAR"),
        ("generator.link", "_MENTIONS"), ("generator.link", "_LAST_MENTIONS"),
        ("generator.link", "_LAST_RELATED"), ("generator.link", "_LAST_WIKILINKS"),
        ("generator.search.documents", "_CASE_DOCS"),
        ("generator.render", "_PAGES"), ("generator.render", "_LISTS"), ("generator.render", "_SHARED"),
        ("generator.relmap", "_DRAWN"), ("generator.relmap", "_LAST_FILES"), ("generator.facets", "_LAST"),
        ("generator.search.shards", "_LAST"),
        ("generator.search.answers", "_MEMO"), ("generator.write", "_DIGESTS")]
"""(module, name) of every memo kept: each a dict or list the module fills and reads."""
SAVE_APART_AT = 2000
"""Cases from which the build has the memos written apart (see :func:`save`)."""
_DIGEST = hashlib.sha256().digest_size
KEY_BYTES = 32


def remembered(memo: dict[Any, tuple[Any, V]], key: object, inputs: tuple[Any, ...],
               make: Callable[[], V]) -> V:
    """``memo[key]``'s value when it was made from equal *inputs*, else ``make()`` (remembered).

    The one way every step consults its memo. *inputs* are compared, never hashed or timed; an
    input that is the very object seen last time (a case validation returned again) compares
    by identity first, so an unchanged one costs nothing.
    """
    known = memo.get(key)
    if known is not None and known[0] == inputs:
        return known[1]
    value = make()
    memo[key] = (inputs, value)
    return value


def remembered_reporting(memo: dict[Any, tuple[Any, tuple[V, list[DataError]]]], key: object,
                         inputs: tuple[Any, ...], make: Callable[[Problems], V], problems: Problems) -> V:
    """:func:`remembered` for a step that reports problems: *make* reports into a fresh
    :class:`Problems`, and what it reported is kept with the value and reported again into
    *problems* whenever the value is reused, so a remembered step never hides an error."""
    def run() -> tuple[V, list[DataError]]:
        mine = Problems()
        return make(mine), mine.items
    value, found = remembered(memo, key, inputs, run)
    problems.items.extend(found)
    return value


def _key_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "shequ-handbook" / "memo-key"


@lru_cache(maxsize=1)
def _key() -> bytes | None:
    """This user's signing key, made on first use; None when it cannot be kept."""
    path = _key_file()
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(secrets.token_bytes(KEY_BYTES))
            try:
                os.link(tmp, path)      # only the first of two racing processes puts its key in place
            except FileExistsError:
                pass
    except OSError:
        return None
    finally:
        tmp.unlink(missing_ok=True)
    try:
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) == KEY_BYTES else None


@lru_cache(maxsize=1)
def _version() -> bytes:
    """The generator's source and the libraries its memos depend on."""
    digest = hashlib.sha256(sys.version.encode())
    for name in ("pypinyin", "jieba", "rjieba", "orjson", "PyYAML", "nh3", "opencc"):
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(name.encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".js") and path.is_file():
            digest.update(str(path.relative_to(package)).encode() + path.read_bytes())
    return digest.digest()


def _signature(key: bytes, body: bytes | memoryview) -> bytes:
    """HMAC of this code's version and *body*, fed in turn rather than joined."""
    signing = hmac.new(key, _version(), hashlib.sha256)
    signing.update(body)
    return signing.digest()


def _modules() -> list[tuple[object, str]]:
    return [(importlib.import_module(module), name) for module, name in HELD]


def empty() -> bool:
    """Whether this process has remembered nothing yet."""
    return all(not getattr(module, name) for module, name in _modules())


def forget() -> None:
    """Empty every memo, as in a new process."""
    for module, name in _modules():
        getattr(module, name).clear()


def restore(build: Path) -> bool:
    """Fill the memos from the last run's file, when this process has none yet and the file is
    signed by this user for this code. Returns whether it did."""
    key = _key()
    if key is None or not empty():
        return False
    wait_for_writer(build)
    try:
        data = (build / FILE).read_bytes()
    except OSError:
        return False
    body = memoryview(data)[_DIGEST:]   # ~500 MB at 10,000 cases: read in place, never copied
    if not hmac.compare_digest(data[:_DIGEST], _signature(key, body)):
        return False
    collecting = gc.isenabled()
    gc.disable()    # millions of objects, none of them garbage: collections would only slow this
    try:
        held = pickle.loads(body)
    except Exception:   # noqa: BLE001 — signed but unreadable: start from nothing
        return False
    finally:
        if collecting:
            gc.enable()
    for module, name in _modules():
        memo, kept = getattr(module, name), held.get(f"{module.__name__}.{name}")  # type: ignore[attr-defined]
        if type(kept) is type(memo):
            memo.clear()
            memo.extend(kept) if isinstance(memo, list) else memo.update(kept)
    # Long-lived and (nearly all) free of cycles: out of the collector's way, or every full
    # collection of the run would walk them all again (seconds at 10,000 cases).
    gc.freeze()
    return True


def save(build: Path, apart: bool = False) -> None:
    """Write the memos for the next process (atomically; a cache, never required).

    With *apart* (a large library, where :mod:`generator.forked` may fork), a process of its own
    writes them and this one goes on at once: pickling and writing ~450 MB took ~2 s at the end
    of every build from nothing at 10,000 cases, which the user waited for (``make build`` then
    runs MkDocs on one core; the memos are written on the other). It holds :data:`LOCK` until
    they are written, and :func:`restore` waits for that, so the next run never misses them.
    """
    key = _key()
    if key is None or (apart and _save_apart(build, key)):
        return
    _write(build, key)


LOCK = "memos.lock"
"""Held by a process writing the memos apart until they are written (``flock``)."""


def _save_apart(build: Path, key: bytes) -> bool:
    """Start a process that writes the memos and return; False when it could not be started."""
    return forked.detached(build / LOCK, lambda: _write(build, key))


def wait_for_writer(build: Path) -> None:
    """Wait while a process started by :func:`save` is writing the memos."""
    forked.wait_for(build / LOCK)


def _write(build: Path, key: bytes) -> None:
    """Pickle, sign and write the memos (through a temporary file, which a run stopped half-way
    leaves behind: the next write removes such files first)."""
    held = {f"{module.__name__}.{name}": getattr(module, name) for module, name in _modules()}  # type: ignore[attr-defined]
    tmp = build / f".{FILE}.{os.getpid()}.tmp"
    try:
        for stale in build.glob(f".{FILE}.*.tmp"):
            stale.unlink(missing_ok=True)
        body = pickle.dumps(held, protocol=pickle.HIGHEST_PROTOCOL)
        build.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as out:   # signature, then body: no joined copy of ~500 MB
            out.write(_signature(key, body))
            out.write(body)
        os.replace(tmp, build / FILE)
    except (OSError, pickle.PicklingError, RecursionError):
        tmp.unlink(missing_ok=True)
