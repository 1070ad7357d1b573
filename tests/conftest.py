"""Shared fixtures: a minimal valid repository written from text, and the sample manual."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from qmsdoc_testing import BASE_FILES, SAMPLE, MakeRepo


@pytest.fixture
def make_repo(tmp_path: Path) -> MakeRepo:
    """Write the minimal repository; changes replace (str), edit (callable) or remove (None)."""

    def make(changes: dict[str, object] | None = None, base: dict[str, str] | None = None) -> Path:
        files: dict[str, str] = dict(BASE_FILES if base is None else base)
        for name, change in (changes or {}).items():
            if change is None:
                files.pop(name, None)
            elif callable(change):
                files[name] = change(files[name])
            else:
                files[name] = str(change)
        root = tmp_path / "repo"
        if root.exists():
            shutil.rmtree(root)
        for name, text in files.items():
            p = root / name
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text, encoding="utf-8")
        return root

    return make


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A writable copy of sample_manual/."""
    dst = tmp_path / "sample"
    shutil.copytree(SAMPLE, dst, ignore=shutil.ignore_patterns("_build", ".qmsdoc"))
    return dst


@pytest.fixture
def own_cache_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A cache secret of the test's own (``XDG_CACHE_HOME`` in its folder): nothing another
    test or the developer's own qmsdoc kept matches, and what it keeps stays there."""
    from qmsdoc.cache import store

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    store.secret.cache_clear()
    yield
    store.secret.cache_clear()
