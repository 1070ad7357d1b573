"""The model pickles as class and field values (kept loader results, qmsdoc.cache.loaded)."""

from __future__ import annotations

import dataclasses
import pickle
from typing import Any

import pytest
from qmsdoc_testing import SAMPLE

from qmsdoc.load import load_repository
from qmsdoc.model.base import Located
from qmsdoc.model.duration import Duration, parse_duration
from qmsdoc.model.pickling import ByFields


def _objects(value: Any) -> list[Any]:
    """Every dataclass object reachable from ``value``."""
    found: list[Any] = []
    todo = [value]
    while todo:
        v = todo.pop()
        if dataclasses.is_dataclass(v) and not isinstance(v, type):
            found.append(v)
            todo.extend(getattr(v, f.name) for f in dataclasses.fields(v))
        elif isinstance(v, list | tuple | frozenset):
            todo.extend(v)
        elif isinstance(v, dict):
            todo.extend(v.values())
    return found


def test_every_document_of_the_sample_comes_back_whole() -> None:
    documents = list(load_repository(SAMPLE).repo.documents)
    assert len(documents) > 20
    back = pickle.loads(pickle.dumps(documents, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == documents
    before, after = _objects(documents), _objects(back)
    assert len(before) == len(after)
    assert sum(isinstance(o, ByFields) for o in before) > 100
    kinds = {type(o) for o in before}
    assert Duration in kinds and any(issubclass(k, Located) for k in kinds)
    for old, new in zip(before, after, strict=True):
        assert type(old) is type(new)
        # What equality leaves out (where each field was written) comes back too.
        for f in dataclasses.fields(old):
            assert getattr(old, f.name) == getattr(new, f.name), (type(old), f.name)


def test_a_restored_object_is_still_frozen() -> None:
    duration = pickle.loads(pickle.dumps(parse_duration("5 ngày làm việc")))
    assert str(duration.value) == "5"
    with pytest.raises(dataclasses.FrozenInstanceError):
        duration.value = 6  # type: ignore[misc]
