"""qmsdoc/commands/forked.py: a child's value comes back; any failure of the child is None."""

from __future__ import annotations

import os

import pytest

from qmsdoc.commands import forked
from qmsdoc.commands.forked import Forked

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def test_the_childs_value_comes_back_and_it_ran_elsewhere() -> None:
    parent = os.getpid()
    child = Forked.start(lambda: {"pid": os.getpid(), "rows": list(range(5))})
    assert child is not None
    got = child.result()
    assert got["rows"] == [0, 1, 2, 3, 4] and got["pid"] != parent
    with pytest.raises(ChildProcessError):  # reaped: no zombie left behind
        os.waitpid(child.pid, 0)


def test_a_child_that_raises_gives_none() -> None:
    def fails() -> None:
        raise RuntimeError("no")

    child = Forked.start(fails)
    assert child is not None and child.result() is None


def test_a_value_that_cannot_be_pickled_gives_none() -> None:
    child = Forked.start(lambda: (lambda: 1))
    assert child is not None and child.result() is None


def test_without_fork_nothing_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked, "AVAILABLE", False)  # as on Windows
    assert Forked.start(lambda: 1) is None
    assert forked.side_by_side(lambda: 1, lambda: 2) == (1, 2)  # both done here


def test_side_by_side_gives_both_values_and_redoes_a_refused_one() -> None:
    parent = os.getpid()
    assert forked.side_by_side(lambda: os.getpid() != parent, lambda: "here") == (True, "here")
    # A value the caller refuses is computed again here (where the pid is the parent's).
    there, _ = forked.side_by_side(lambda: os.getpid(), lambda: None,
                                   valid=lambda pid: pid == parent)
    assert there == parent
