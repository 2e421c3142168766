"""generator.forked: a child beside the build, which never outlives a build that went away."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest

from generator import forked

pytestmark = pytest.mark.skipif(not forked.FORK, reason="no fork here: the build does everything itself")


def test_a_child_sends_back_what_its_work_returns_and_none_when_it_raises() -> None:
    child = forked.Forked.start(lambda connection: ("words", connection.recv() * 2))
    assert child is not None and child.send(21)
    assert child.receive() == ("words", 42)
    child.close()

    def failing(connection: object) -> None:
        raise ValueError("in the child")

    child = forked.Forked.start(failing)
    assert child is not None and child.receive() is None
    child.close()


def test_a_child_whose_build_went_away_ends() -> None:
    """The build killed (its end of the pipe gone, nobody to terminate the child): the child
    waiting for the build's message ends instead of waiting for ever."""
    child = forked.Forked.start(lambda connection: connection.recv())
    assert child is not None
    child._connection.close()   # what the build's death does to its end
    deadline = time.monotonic() + 20
    while child.alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not child.alive()


def test_a_child_left_goes_on_and_is_not_waited_for(tmp_path: Path) -> None:
    """leave(): the build goes on at once while the child finishes its work (here: writing a file
    after a pause); the child is reaped once it has ended."""
    done = tmp_path / "done"

    def work(connection: object) -> str:
        time.sleep(1.5)
        done.write_text("written")
        return "sent"

    child = forked.Forked.start(lambda connection: work(connection))
    assert child is not None
    started = time.monotonic()
    child.leave()
    assert time.monotonic() - started < 0.5 and not done.exists()
    assert forked._LEFT == [child._pid]
    while not done.exists() and time.monotonic() - started < 20:
        time.sleep(0.05)
    time.sleep(0.3)
    forked._reap()
    assert done.read_text() == "written" and forked._LEFT == []


def test_claims_give_every_number_to_one_process() -> None:
    """One process claiming forwards and another backwards, at once: each number claimed once,
    the first side's a run from 0."""
    claims = forked.Claims(200_000)
    reader, writer = multiprocessing.get_context("fork").Pipe(duplex=False)
    begun = multiprocessing.get_context("fork").Event()

    def backwards() -> None:
        taken = []
        begun.set()
        for number in range(199_999, -1, -1):
            if not claims.from_last(number):
                break
            taken.append(number)
        writer.send(taken)

    child = multiprocessing.get_context("fork").Process(target=backwards)
    child.start()
    begun.wait(10)
    mine = []
    for number in range(200_000):
        if not claims.from_first(number):
            break
        mine.append(number)
    theirs = reader.recv()
    child.join()
    assert sorted(mine + theirs) == list(range(200_000))
    assert mine == list(range(len(mine))) and mine and theirs   # both claimed some
