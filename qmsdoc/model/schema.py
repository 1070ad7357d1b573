"""Introspection of the model classes as a file-format schema (fields, types, descriptions)."""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import cache
from typing import Any, Union, get_args, get_origin


@dataclasses.dataclass(frozen=True)
class FieldInfo:
    name: str
    hint: Any
    vi: str
    en: str
    required: bool
    example: Any


def fields_of(cls: Any) -> dict[str, FieldInfo]:
    """The user-facing fields of a model class (internal and loader-set fields excluded)."""
    return _fields_of(cls)


@cache
def _fields_of(cls: Any) -> dict[str, FieldInfo]:
    hints = typing.get_type_hints(cls)
    out = {}
    for f in dataclasses.fields(cls):
        meta = f.metadata
        if meta.get("internal") or not meta.get("vi"):
            continue
        out[f.name] = FieldInfo(f.name, hints[f.name], meta["vi"], meta["en"],
                                bool(meta.get("required")), meta.get("example"))
    return out


@cache  # type hints are hashable and few; called for every value the loader converts
def unwrap_optional(hint: Any) -> Any:
    """``X | None`` → ``X``; anything else unchanged."""
    if get_origin(hint) in (Union, types.UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return hint
