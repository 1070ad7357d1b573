"""How the history's many small records are pickled: by their fields.

``qmsdoc check`` reads a long history in a child process and receives it pickled
(:mod:`qmsdoc.commands.forked`); a slots dataclass is otherwise unpickled through a Python
``__setstate__`` per object, twice as slow as its own constructor for the ~25,000 records of
5,000 commits.
"""

from __future__ import annotations

from typing import Any


class ByFields:
    """Mixin for a slots dataclass whose fields are all constructor arguments, in order."""

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        names: tuple[str, ...] = type(self).__slots__  # the dataclass's fields, in order
        return type(self), tuple(getattr(self, name) for name in names)
