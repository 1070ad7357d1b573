"""``qmsdoc release`` killed at any step is finished by the next run, never bumped twice.

Issue 13, finding 4. A kill is simulated by raising from :data:`STEP_HOOK` (a BaseException that
no handler of qmsdoc catches, so no clean-up code runs — as with a real kill).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import qmsdoc.history.release as release_mod
from qmsdoc.cli import app
from qmsdoc.commands.release import plan_release
from qmsdoc.history.release import apply_release
from qmsdoc.load import load_repository
from tests.history.conftest import Scenario, amend, append_body, git

runner = CliRunner()
HD = "huong-dan/HD-90-so-hoa-ho-so.md"
DATE = "2026-04-01"


class Killed(BaseException):
    """The process died here."""


def _two_changed(s: Scenario) -> None:
    amend(s.root, HD, "owner: van-phong", "owner: van-phong   # bộ phận chủ trì")
    append_body(s.root, HD, "Bổ sung: lưu bản quét định dạng PDF/A.")
    git(s.root, "commit", "-q", "-a", "-m", "HD-90: PDF/A", date="2026-03-20T08:00:00+07:00")


def _editions(root: Path, proc: str) -> tuple[int | None, int | None]:
    docs = {d.path: d for d in load_repository(root).repo.documents}
    return docs[proc].edition, docs[HD].edition


def _rerun(root: Path) -> None:
    result = runner.invoke(app, ["release", str(root), "--date", DATE])
    assert result.exit_code == 0, result.output


def _assert_released_once(s: Scenario) -> None:
    assert _editions(s.root, s.proc) == (3, 2)  # 2 → 3 and 1 → 2, once
    assert git(s.root, "tag", "--points-at", "HEAD").split() == [f"qms/{DATE}"]
    assert git(s.root, "tag", "-l", "qms/*").split() == [*s.tags, f"qms/{DATE}"]
    assert git(s.root, "status", "--porcelain") == ""
    again = runner.invoke(app, ["release", str(s.root), "--date", DATE])
    assert again.exit_code == 0 and "Không có tài liệu nào thay đổi" in again.stdout


def test_a_kill_at_every_step_is_finished_by_the_next_run(
        scenario: Scenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _two_changed(scenario)
    monkeypatch.setenv("GIT_AUTHOR_DATE", f"{DATE}T16:00:00+07:00")
    monkeypatch.setenv("GIT_COMMITTER_DATE", f"{DATE}T16:00:00+07:00")
    steps: list[str] = []
    monkeypatch.setattr(release_mod, "STEP_HOOK", steps.append)
    template = tmp_path / "template"
    shutil.copytree(scenario.root, template, symlinks=True)
    apply_release(plan_release(scenario.root, dt.date(2026, 4, 1)))
    assert steps[:2] == ["objects", "tag"] and steps[-2:] == ["index", "ref"]
    assert len([s for s in steps if s.startswith("file:")]) == 2
    for k, step in enumerate(steps):
        root = tmp_path / f"kill-{k}"
        shutil.copytree(template, root, symlinks=True)
        s = Scenario(root, scenario.proc, scenario.c2, scenario.c3, scenario.tags)

        def kill(name: str, at: str = step) -> None:
            if name == at:
                raise Killed(name)

        monkeypatch.setattr(release_mod, "STEP_HOOK", kill)
        with pytest.raises(Killed):
            apply_release(plan_release(root, dt.date(2026, 4, 1)))
        monkeypatch.setattr(release_mod, "STEP_HOOK", None)
        _rerun(root)
        _assert_released_once(s)


def test_a_release_commit_without_its_tag_is_tagged_not_bumped_again(
        scenario: Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    """The state an older qmsdoc killed between commit and tag left behind."""
    _two_changed(scenario)
    _rerun(scenario.root)
    release_commit = git(scenario.root, "rev-parse", "HEAD").strip()
    git(scenario.root, "tag", "-d", f"qms/{DATE}")
    result = runner.invoke(app, ["release", str(scenario.root), "--date", DATE, "-n"])
    assert result.exit_code == 0 and "dở dang" in result.output
    assert git(scenario.root, "tag", "-l", f"qms/{DATE}") == ""
    _rerun(scenario.root)
    assert git(scenario.root, "rev-parse", f"qms/{DATE}^{{commit}}").strip() == release_commit
    _assert_released_once(scenario)
