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


def test_a_stored_file_of_another_key_is_not_read_past_its_head(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """check.json and the other JSON caches have fixed names, so a repository may bring one of
    any size: one that does not begin with the format and key being looked up is a miss after
    its first bytes, never read whole (a committed file of hundreds of megabytes would make
    every check slow)."""
    path = tmp_path / ".qmsdoc" / "cache" / "check.json"
    assert store.write_stored(path, {"key": "k1", "format": 3, "rows": [1, 2]}, ".t-") is None
    assert store.read_stored(path, 3, "k1") == {"format": 3, "key": "k1", "rows": [1, 2]}
    assert store.read_stored(path, 3, "k2") is None and store.read_stored(path, 4, "k1") is None
    with open(path, "wb") as fh:  # planted: 512 MiB (sparse), another key
        fh.write(b'{"format": 3, "key": "forged", "rows": [')
        fh.truncate(512 << 20)
    read: list[int] = []
    real_fdopen = store.os.fdopen

    def counting(fd: int, *args: object, **kwargs: object) -> object:
        fh = real_fdopen(fd, *args, **kwargs)  # type: ignore[call-overload]
        real_read = fh.read

        def counted(n: int = -1) -> bytes:
            data = real_read(n)
            read.append(len(data))
            return data

        fh.read = counted
        return fh

    monkeypatch.setattr(store.os, "fdopen", counting)
    assert store.read_stored(path, 3, "k1") is None
    assert 0 < sum(read) < 100
