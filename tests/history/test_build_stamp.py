"""The no-op stamp sees Git through git itself: a worktree checkout is rebuilt after a release."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx

from qmsdoc.build import BuildOptions
from qmsdoc.commands.build import build as run
from tests.history.conftest import Scenario, git


def _header(path: Path) -> str:
    return docx.Document(str(path)).sections[0].header._element.xml


def _build(root: Path) -> Path:
    result = run(root, BuildOptions(jobs=1, formats=("docx",), today=dt.date(2026, 11, 22)))
    assert result.ok, result.diagnostics
    assert result.out is not None
    return result.out


def test_worktree_build_after_a_commit_and_a_release_tag_is_fresh(scenario: Scenario,
                                                                  tmp_path: Path) -> None:
    wt = tmp_path / "worktree"
    git(scenario.root, "worktree", "add", "-q", "-b", "ban-hanh", str(wt))
    assert (wt / ".git").is_file()  # the layout that hand-reading .git got wrong
    out = _build(wt)
    assert "DỰ THẢO" in _header(out / "QT-10.docx")  # amended after the last release
    # A release tag on the last commit, made with git alone: no source file changes.
    git(wt, "tag", "-a", "qms/2026-11-20", "-m", "Ban hành", date="2026-11-20T16:00:00+07:00")
    out = _build(wt)
    assert "DỰ THẢO" not in _header(out / "QT-10.docx")


def test_staging_a_file_changes_the_stamp(scenario: Scenario) -> None:
    from qmsdoc.build import stamp

    root = scenario.root
    before = stamp.sources(root, root / "_build", today=dt.date(2026, 11, 22), options=[])
    (root / "ghi-chu.txt").write_text("x", encoding="utf-8")
    git(root, "add", "ghi-chu.txt")
    after = stamp.sources(root, root / "_build", today=dt.date(2026, 11, 22), options=[])
    assert before != after
