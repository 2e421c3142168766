"""generator.forked: a child beside the build, which never outlives a build that went away."""

from __future__ import annotations

import multiprocessing

import pytest

from generator import forked

pytestmark = pytest.mark.skipif(not forked.FORK, reason="no fork here: the build does everything itself")


def test_a_child_sends_back_what_its_work_returns_and_none_when_it_raises() -> None:
    child = forked.Forked.start(lambda connection: ("words", connection.recv() * 2), "test")
    assert child is not None and child.send(21)
    assert child.receive() == ("words", 42)
    child.close()

    def failing(connection: object) -> None:
        raise ValueError("in the child")

    child = forked.Forked.start(failing, "test")
    assert child is not None and child.receive() is None
    child.close()


def test_a_child_whose_build_went_away_ends() -> None:
    """The build killed (its end of the pipe gone, nobody to terminate the child): the child
    waiting for the build's message ends instead of waiting for ever."""
    child = forked.Forked.start(lambda connection: connection.recv(), "test")
    assert child is not None
    child._connection.close()   # what the build's death does to its end
    child._process.join(timeout=20)
    assert not child._process.is_alive()


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
