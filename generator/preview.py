"""What makes the preview's partial rebuilds exact: ``make serve`` runs ``mkdocs serve --dirty``.

A dirty build renders only pages whose Markdown is newer than their HTML. For this
handbook that is exactly the set of pages an edit changed: every page is generated
from data/ by :mod:`generator.write`, which rewrites only files whose text changes
and keeps the others' timestamps, and a page that shows anything of a case (its
title in a tag list, its summary on the home page) is regenerated when that
changes. MkDocs' own cross-page output is fixed by mkdocs.yml (the navigation
lists no case pages) or rebuilt every time (sitemap). What a dirty build cannot
see is a change to the site itself — mkdocs.yml, the theme override, the hooks,
the stylesheets and scripts every page links — so when one of those changes, the
whole site is rebuilt. Pages deleted from docs/ keep their old HTML in the
preview's temporary folder, unreachable from any link, until the preview restarts.

Every rebuild starts with the generator (hooks/regenerate_on_serve.py), which does
nothing when data/ has not changed since its last run (:func:`data_stamp`). The
generator's own writes to docs/ do not start another rebuild (:func:`watch_natively`);
where the preview has to poll, the one they start is only MkDocs checking timestamps.

MkDocs warns on every dirty build that navigation and links may be stale; with
``strict: true`` that warning would abort each preview rebuild, so it is dropped
here (and only under ``make serve``): for this site it does not hold.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import warnings
from collections.abc import Iterable
from pathlib import Path

SITE_INPUTS = ("mkdocs.yml", "overrides", "hooks", "docs/assets")
"""What every page depends on: a change here rebuilds the whole preview."""

_DIRTY_NOTICE = "A 'dirty' build is being performed"
_compiled: dict[str, bytes] = {}
_last: dict[str, str] = {}


class _DropDirtyNotice(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(_DIRTY_NOTICE)


def quiet_dirty_notice() -> None:
    """Drop MkDocs' dirty-build warning (see the module's docstring); idempotent."""
    logger = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _DropDirtyNotice) for f in logger.filters):
        logger.addFilter(_DropDirtyNotice())


def _stamp(files: Iterable[tuple[str, str | Path]]) -> str:
    """A digest of the name, size and modification time of each (name, path) of *files*."""
    digest = hashlib.sha1()
    for name, path in files:
        try:
            st = os.stat(path)
        except OSError:
            continue
        digest.update(f"{name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def data_stamp(data: Path) -> str:
    """A stamp of every file under data/: a rebuild that data/ did not start (a hand-written
    page changed; where MkDocs polls, the generator's own writes) has nothing to regenerate,
    and comparing stamps takes milliseconds where a run takes a second."""
    return _stamp(_walked(data))


def _walked(folder: Path) -> Iterable[tuple[str, str]]:
    """(name under *folder*, path) of every file below it, in a stable order: names as strings,
    one listing per folder (10,000 files in ~0.05 s; Path objects and rglob took five times that)."""
    for where, folders, names in os.walk(folder):
        folders.sort()
        prefix = os.path.relpath(where, folder).replace(os.sep, "/")
        for name in sorted(names):
            yield f"{prefix}/{name}", os.path.join(where, name)


def fingerprint(root: Path) -> str:
    """A stamp of every file the whole site depends on (:data:`SITE_INPUTS`)."""
    files: list[Path] = []
    for name in SITE_INPUTS:
        path = root / name
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        elif path.is_file():
            files.append(path)
    return _stamp((str(file.relative_to(root)), file) for file in files)


def rebuild_all_if_site_changed(root: Path, site_dir: Path) -> bool:
    """Empty the preview's output when the site itself changed since the last build, so the
    dirty build renders every page; returns whether it did."""
    now = fingerprint(root)
    before = _last.get(str(root))
    _last[str(root)] = now
    if before is None or before == now or not site_dir.is_dir():
        return False
    for child in site_dir.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
    return True


def keep_compiled_templates(env):  # type: ignore[no-untyped-def]
    """Let the theme's templates compile once per preview, not on every rebuild (MkDocs makes a
    new Jinja environment each time; compiling Material's templates took about 0.6 s of it).
    Jinja keys the cache by the template's source, so an edited template compiles again."""
    import jinja2

    class Memory(jinja2.BytecodeCache):
        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            if bucket.key in _compiled:
                bucket.bytecode_from_string(_compiled[bucket.key])

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            _compiled[bucket.key] = bucket.bytecode_to_string()

    env.bytecode_cache = Memory()
    return env


def watch_natively(server, generated: Iterable[Path] = ()) -> bool:  # type: ignore[no-untyped-def]
    """Let the preview hear of changes from the operating system instead of by polling.

    MkDocs' live-reload server polls every watched file twice a second (watchdog's
    PollingObserver). At 10,000 cases that is over 40,000 files under docs/ and
    data/: each poll took more than a second of Python, so polling held the
    interpreter most of the time, the rebuild after an edit ran three times slower
    than the same build on its own (8.5 s against 2.5 s), and an edit was noticed
    late. Here the server's watches move to watchdog's native observer (inotify,
    FSEvents, ReadDirectoryChangesW), which costs nothing between changes.

    Changes inside the *generated* folders (the generator's output) do not ask for a
    rebuild: under the preview only the generator writes there, and it writes in the
    rebuild's first step, before MkDocs lists the pages, so that same rebuild already
    has them. Heard, they started a second, useless rebuild after every edit (2–3 s at
    10,000 cases), and an edit saved meanwhile waited for it.

    Uses the server's public ``watch``/``unwatch`` and its ``observer`` attribute, and
    reads which paths it watches from ``_watched_paths``; when that is missing (another
    MkDocs) or the native observer cannot start here, polling stays as it was and
    ``False`` is returned.
    """
    from watchdog.events import (
        FileClosedEvent,
        FileCreatedEvent,
        FileDeletedEvent,
        FileModifiedEvent,
        FileMovedEvent,
        FileSystemEventHandler,
    )
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    changes = [FileCreatedEvent, FileModifiedEvent, FileMovedEvent, FileDeletedEvent, FileClosedEvent]
    quiet = tuple(os.path.join(os.path.abspath(folder), "") for folder in generated)

    class Outside(FileSystemEventHandler):
        """Passes on an event unless every path it names is inside a *generated* folder."""

        def __init__(self, handler: FileSystemEventHandler) -> None:
            self.handler = handler

        def dispatch(self, event) -> None:  # type: ignore[no-untyped-def]
            paths = [os.fsdecode(event.src_path), os.fsdecode(getattr(event, "dest_path", "") or "")]
            if not all(path.startswith(quiet) for path in paths if path):
                self.handler.dispatch(event)

    class Changes(Observer):  # type: ignore[misc, valid-type]
        """Only changes ask for a rebuild: the native observer also reports files being opened
        and read, and every rebuild reads docs/, so those would start the next one, forever."""

        def schedule(self, handler, path, *, recursive=False, event_filter=None, **rest):  # type: ignore[no-untyped-def]
            handler = Outside(handler) if quiet else handler
            return super().schedule(handler, path, recursive=recursive, event_filter=changes, **rest)

    watched = getattr(server, "_watched_paths", None)
    if not isinstance(watched, dict) or not isinstance(getattr(server, "observer", None), PollingObserver):
        return False
    counts = dict(watched)
    try:   # the native observer fails only when it starts (inside serve()): try one first
        probe = Changes()
        for path in counts:
            probe.schedule(FileSystemEventHandler(), path, recursive=True)
        probe.start()
        probe.stop()
        probe.join()
    except OSError:   # no inotify here (limits, an unusual file system): keep polling
        return False
    # watchdog's inotify re-adds a watch for a folder made again before it heard of its removal
    # (the writer's staging folder, made and removed on every regeneration) and says so in an
    # English RuntimeWarning with a stack, in the middle of the preview's messages. The callback
    # it replaces is the same one, so nothing is lost: only that notice is left out.
    warnings.filterwarnings("ignore", message=r"Callback with id .* already exists for watch",
                            category=RuntimeWarning, module=r"watchdog\.")
    for path, count in counts.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = Changes()
    for path, count in counts.items():
        for _ in range(count):
            server.watch(path)
    return True
