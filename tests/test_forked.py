"""generator.forked: a child beside the build, which never outlives a build that went away."""

from __future__ import annotations

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
