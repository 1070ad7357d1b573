"""A piece of a command's work run in a forked child process, its result sent back pickled.

The commands' first runs on a large repository are two Python jobs that do not need each other
until the end (the documents and the Git log); in one process they share one core (the GIL).
With ``os.fork`` one of them runs in a child on the other core. Only where ``os.fork`` exists
(not Windows) and only from commands (stages never fork). Any failure of the child — it died,
it raised, it sent nothing or something that does not unpickle — gives ``None``, and the caller
does the work itself: the child only saves time, never changes a result.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
U = TypeVar("U")

#: From this many source files, the commands split their first-run work with a child process
#: (below, forking costs more than it saves, and tests on small repositories stay in-process).
PARALLEL_FROM = 200
AVAILABLE = hasattr(os, "fork")  # not on Windows


class Forked:
    """A running child computing one value."""

    def __init__(self, pid: int, fd: int) -> None:
        self.pid = pid
        self.fd = fd

    @classmethod
    def start(cls, work: Callable[[], Any]) -> Forked | None:
        """Fork a child that computes ``work()``; None when there is no fork here."""
        if not AVAILABLE:
            return None
        read_end, write_end = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            return None
        if pid == 0:  # the child: never returns, never runs the parent's exit handlers
            status = 1
            try:
                os.close(read_end)
                data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_end, "wb") as out:
                    out.write(data)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        return cls(pid, read_end)

    def result(self) -> Any | None:
        """Wait for the child; its value, or None if it failed in any way."""
        with os.fdopen(self.fd, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        if status != 0 or not data:
            return None
        try:
            return pickle.loads(data)  # noqa: S301  (our own child's bytes, through our pipe)
        except Exception:  # noqa: BLE001
            return None


def side_by_side(there: Callable[[], T], here: Callable[[], U],
                 valid: Callable[[Any], bool] = lambda value: True) -> tuple[T, U]:
    """``(there(), here())``, ``there`` computed in a forked child while ``here`` runs in this
    process; ``there`` is computed here after all when the child cannot be started, fails, or
    sends a value that is not ``valid``."""
    child = Forked.start(there)
    try:
        mine = here()
    finally:
        theirs = child.result() if child is not None else None  # (also reaps the child)
    if child is None or theirs is None or not valid(theirs):
        theirs = there()
    return theirs, mine
