"""Sealed files in ``.qmsdoc/cache``: what qmsdoc keeps across builds and reads back only
when this user's secret sealed it (a repository may come with someone else's cache)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qmsdoc.cache import store

MARK = b"qmsdoc-test-1\n"


def test_a_sealed_file_is_read_back_only_as_it_was_written(tmp_path: Path) -> None:
    path = tmp_path / ".qmsdoc" / "cache" / "parts" / "x.part"
    assert store.write_sealed(path, MARK, b"noi dung", ".x-") is None
    assert store.read_sealed(path, MARK) == b"noi dung"
    data = path.read_bytes()
    path.write_bytes(data[:-1] + b"G")  # one byte changed: the seal no longer holds
    assert store.read_sealed(path, MARK) is None
    path.write_bytes(data)
    assert store.read_sealed(path, b"qmsdoc-other-1\n") is None  # another kind of file
    renamed = path.with_name("y.part")  # the seal covers the name: not valid elsewhere
    renamed.write_bytes(data)
    assert store.read_sealed(renamed, MARK) is None


def test_a_file_sealed_with_another_secret_is_never_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / ".qmsdoc" / "cache" / "parts" / "x.part"
    store.write_sealed(path, MARK, b"cua nguoi khac", ".x-")
    monkeypatch.setattr(store, "secret", lambda: b"k" * 32)
    assert store.read_sealed(path, MARK) is None
    monkeypatch.setattr(store, "secret", lambda: None)  # no secret: nothing kept or read
    assert store.write_sealed(path.with_name("z.part"), MARK, b"x", ".x-") is None
    assert not path.with_name("z.part").exists() and store.read_sealed(path, MARK) is None
