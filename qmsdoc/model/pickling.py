"""Pickling of the frozen, slotted model classes as (class, field values).

The loader's results are kept pickled between runs (qmsdoc.cache.loaded) and read back by every
check and build: tens of thousands of objects. The state that dataclasses give a frozen slotted
class looks the class's fields up again for every object restored; here they are looked up once
per class. (The render tree's nodes pickle as their class and positional arguments instead:
model classes take keyword arguments only and some check them in ``__post_init__``.)
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

_set = object.__setattr__
_NAMES: dict[type, tuple[str, ...]] = {}


def field_names(cls: type) -> tuple[str, ...]:
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = tuple(f.name for f in fields(cls))
    return names


def restore(cls: type, values: tuple[Any, ...]) -> Any:
    """The object of ``cls`` with these field values (as pickled by :class:`ByFields`), made
    without ``__init__``: the values are those of an object that was made by it."""
    obj: Any = object.__new__(cls)
    for name, value in zip(field_names(cls), values, strict=True):
        _set(obj, name, value)
    return obj


class ByFields:
    """Base of a frozen slotted dataclass that pickles as its class and field values."""

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, tuple[type, tuple[Any, ...]]]:
        cls = type(self)
        return restore, (cls, tuple(getattr(self, name) for name in field_names(cls)))
