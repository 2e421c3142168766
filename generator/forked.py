"""Work done in a forked process beside the build, on the second core (a build from nothing).

A build from nothing at 10,000 cases would otherwise use one core of two. Forked, a child
starts with everything the build has made so far, as it is (nothing pickled on the way there),
does its share and sends back what the build needs, through a pipe. Used for parsing case
files (:mod:`generator.load_apart`) and for the search index (:mod:`generator.search.apart`);
in both the two processes share out the files or documents as they go (:class:`Claims`).

Caches for the next run are written by processes that nobody waits for: the memos by a
:func:`detached` writer, the search index's word cache by the index's own process once the build
has left it (:meth:`Forked.leave`); each holds a lock that the next run's reader waits on
(:func:`wait_for`).

Only where ``fork`` exists, on two cores or more, and never under the preview (MkDocs runs
threads there, which a fork does not copy). A child that fails in any way — raises, dies,
sends nothing — makes :meth:`Forked.receive` return None, and the build then does the work
itself: this is a way to be faster, never a way to fail.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

FORK = "fork" in multiprocessing.get_all_start_methods()


def available(preview: bool) -> bool:
    """Whether work may be forked here: fork exists, two cores or more, not the preview."""
    return FORK and not preview and (os.cpu_count() or 1) >= 2


class Forked:
    """One forked child and the pipe to it: :meth:`start`, :meth:`send`, :meth:`receive`, and
    :meth:`close` or :meth:`leave`.

    Forked with :func:`os.fork` itself, not through :mod:`multiprocessing`'s ``Process``, which
    joins every child when the build exits: a child that has sent the build all it needs may
    then go on writing a cache for the next run without the build waiting for it (the index's
    process, :mod:`generator.search.apart`), nor for the kernel to free its memory as it ends
    (~0.3 s for the index's process at 10,000 cases)."""

    def __init__(self, pid: int, connection: Connection) -> None:
        self._pid = pid
        self._connection = connection
        self._received = False
        self._ended = False

    @classmethod
    def start(cls, work: Callable[[Connection], Any]) -> Forked | None:
        """Fork a child running ``work(connection)`` and sending back what it returns (None when
        it raises); None when no process can be started here."""
        _reap()
        ours, theirs = multiprocessing.Pipe()
        try:
            pid = os.fork()
        except OSError:
            ours.close()
            theirs.close()
            return None
        if pid == 0:   # the child: runs the work, and ends without the build's exit handlers
            try:
                _run(work, theirs, ours)
            finally:
                for stream in (sys.stdout, sys.stderr):
                    with contextlib.suppress(Exception):
                        stream.flush()
                os._exit(0)
        theirs.close()
        return cls(pid, ours)

    def send(self, value: object) -> bool:
        """Send *value* to the child; False when it is gone."""
        try:
            self._connection.send(value)
        except OSError:
            return False
        return True

    def ready(self) -> bool:
        """Whether :meth:`receive` would not wait: something was sent, or the child is gone."""
        try:
            return self._connection.poll()
        except (EOFError, OSError):
            return True

    def receive(self) -> Any:
        """What the child's work returned; None when it failed."""
        try:
            got = self._connection.recv()
        except (EOFError, OSError):
            return None
        self._received = got is not None
        return got

    def alive(self) -> bool:
        """Whether the child is still running (an ended one is reaped here)."""
        if not self._ended:
            self._ended = _ended(self._pid, wait=False)
        return not self._ended

    def close(self, stop: bool = False) -> None:
        """Wait for a child that sent something (it may still be at work on what it sends next,
        which our end of the pipe closing cuts short); stop one that sent nothing (the build
        failed, or stopped needing it), or any when *stop*."""
        self._connection.close()
        if (stop or not self._received) and self.alive():
            with contextlib.suppress(OSError):
                os.kill(self._pid, signal.SIGTERM)
        if not self._ended:
            self._ended = _ended(self._pid, wait=True)

    def leave(self) -> None:
        """Let a child that sent everything the build needs end in its own time: the build does
        not wait for it (it is reaped later, by the next :meth:`start`, or by the system once
        the build has ended)."""
        self._connection.close()
        if not self._ended:
            _LEFT.append(self._pid)


_LEFT: list[int] = []
"""Children :meth:`Forked.leave` did not wait for, not yet reaped."""


def _ended(pid: int, wait: bool) -> bool:
    """Whether child *pid* has ended (reaping it), waiting for that when *wait*."""
    try:
        done, _ = os.waitpid(pid, 0 if wait else os.WNOHANG)
    except ChildProcessError:   # reaped already
        return True
    return done == pid


def _reap() -> None:
    """Reap the children left (:meth:`Forked.leave`) that have ended since."""
    _LEFT[:] = [pid for pid in _LEFT if not _ended(pid, wait=False)]


class Claims:
    """Numbers 0 … count − 1 shared out between two processes as they go: one claims them from the
    first onwards, the other from the last backwards, one at a time under a lock (shared memory,
    made before the fork), until they meet — so both end together however fast each runs."""

    def __init__(self, count: int) -> None:
        context = multiprocessing.get_context("fork")
        self._lock = context.Lock()
        self._bounds = context.RawArray("q", [0, count])
        """The first number not claimed from the front; the last claimed from the back."""

    def from_first(self, number: int) -> bool:
        """Claim *number* (asked in order from 0); False once the other side has it."""
        with self._lock:
            if number < self._bounds[1]:
                self._bounds[0] = number + 1
                return True
            return False

    def from_last(self, number: int) -> bool:
        """Claim *number* (asked in order from count − 1 down); False once the other side has it."""
        with self._lock:
            if number >= self._bounds[0]:
                self._bounds[1] = number
                return True
            return False


def _run(work: Callable[[Connection], Any], connection: Connection, builds: Connection) -> None:
    """In the child: run *work* and send back its result (None when it raised). *builds* is the
    build's end of the pipe, which the fork copied: closed first, so that the build's end going
    away (the build killed) ends the child's reads and writes instead of leaving it waiting on
    itself."""
    builds.close()
    result: object = None
    try:
        result = work(connection)
    except BaseException:   # noqa: BLE001 — anything at all: the build does the work itself
        result = None
    try:
        connection.send(result)
    except Exception:   # noqa: BLE001 — the build is gone, or the result would not pickle: it sees the pipe close
        return
    finally:
        connection.close()


def detached(lock: Path, work: Callable[[], None]) -> bool:
    """Run *work* in a process of its own that nobody waits for, holding *lock* (``flock``,
    taken before the fork, so that no reader started after this returns can miss the writer)
    until it is done; False when no such process could be started (the caller then does the work
    itself). Only where fork exists (:data:`FORK`; the caller checks).

    Forked once and reaped later (:func:`_reap`), not twice to orphan the writer: a fork copies
    the whole build's page tables, and the build waited for two (memos at 10,000 cases: the
    build's 0.13 s to start their writer became 0.03 s)."""
    held = _locked(lock)
    if held is None:
        return False
    _reap()
    try:
        pid = os.fork()
    except OSError:
        os.close(held)
        return False
    if pid == 0:   # the writer
        try:
            let_go(keep=(held,))
            work()
        finally:
            os._exit(0)   # the lock goes with the writer's last descriptor
    os.close(held)
    _LEFT.append(pid)   # reaped later, as a child left (see Forked.leave)
    return True


@contextlib.contextmanager
def holding(lock: Path) -> Iterator[int | None]:
    """Hold *lock* inside, as a :func:`detached` writer does, for a process that writes something
    for the next run and that nobody waits for (the index's, once it sent the build its state);
    gives its descriptor (for :func:`let_go` to keep), None where the lock cannot be made."""
    held = _locked(lock)
    try:
        yield held
    finally:
        if held is not None:
            os.close(held)


def _locked(lock: Path) -> int | None:
    """*lock* opened and locked (``flock``, exclusive), or None where it cannot be."""
    try:
        import fcntl  # Unix, as fork

        lock.parent.mkdir(parents=True, exist_ok=True)
        held = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    except (ImportError, OSError):
        return None
    try:
        fcntl.flock(held, fcntl.LOCK_EX)
    except OSError:
        os.close(held)
        return None
    return held


def let_go(keep: tuple[int | None, ...] = ()) -> None:
    """In a process nobody waits for (a :func:`detached` writer, a child left): a session of its
    own, so that Ctrl-C on what the build's caller runs next (MkDocs) does not stop a half-written
    file; its standard streams on ``/dev/null``, so that a caller reading the build's output to
    its end does not wait for it too; and no other file the build had open but those in *keep*
    (the project's build lock above all: the next build would find it held)."""
    os.setsid()
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)
    start = 3
    for fd in sorted({fd for fd in keep if fd is not None and fd >= 3}):
        os.closerange(start, fd)
        start = fd + 1
    os.closerange(start, max(start, os.sysconf("SC_OPEN_MAX")))


def wait_for(lock: Path) -> None:
    """Wait while a writer holds *lock* (:func:`detached`, :func:`holding`)."""
    try:
        held = os.open(lock, os.O_RDONLY)
    except OSError:
        return
    try:
        import fcntl

        fcntl.flock(held, fcntl.LOCK_SH)
    except (ImportError, OSError):
        pass
    finally:
        os.close(held)
