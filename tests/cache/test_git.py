"""qmsdoc.cache.git: the Git state is asked of git itself, so a worktree and a submodule
checkout (whose ``.git`` is a file pointing elsewhere) are read as git reads them."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from qmsdoc.cache.git import GitProbe, git_state

_ENV = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x"}


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=_ENV, check=True, capture_output=True)


def _repo(path: Path) -> Path:
    path.mkdir()
    _git(path, "init", "-q", "-b", "main")
    (path / "qms.yaml").write_text("organization:\n  name: X\n", encoding="utf-8")
    _git(path, "add", ".")
    _git(path, "commit", "-q", "-m", "one")
    return path


def test_a_worktree_sees_its_own_commits_tags_and_changes(tmp_path: Path) -> None:
    main = _repo(tmp_path / "main")
    _git(main, "worktree", "add", "-q", str(tmp_path / "wt"), "-b", "side")
    wt = tmp_path / "wt"
    assert (wt / ".git").is_file()  # a pointer, not a folder: nothing to read by hand
    before, history_before = git_state(wt), GitProbe(wt).digest()
    (wt / "new.md").write_text("x\n", encoding="utf-8")
    assert GitProbe(wt).digest() != history_before  # an untracked file: status changed
    assert git_state(wt) == before  # refs unchanged
    _git(wt, "add", ".")
    _git(wt, "commit", "-q", "-m", "two")
    after_commit = git_state(wt)
    assert after_commit != before
    _git(wt, "tag", "qms/2026-01")
    assert git_state(wt) != after_commit
    assert not git_state(wt).startswith(("no-git", "git-error"))


def test_a_submodule_checkout_is_read_as_its_own_repository(tmp_path: Path) -> None:
    inner = _repo(tmp_path / "inner")
    outer = _repo(tmp_path / "outer")
    done = subprocess.run(["git", "-c", "protocol.file.allow=always", "submodule", "add", "-q",
                           str(inner), "manual"], cwd=outer, env=_ENV, capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"git cannot add a local submodule here: {done.stderr.decode()[:200]}")
    sub = outer / "manual"
    assert (sub / ".git").is_file()
    before = git_state(sub)
    assert before != git_state(outer)
    (sub / "QT-01.md").write_text("x\n", encoding="utf-8")
    _git(sub, "add", ".")
    _git(sub, "commit", "-q", "-m", "in the submodule")
    assert git_state(sub) != before
