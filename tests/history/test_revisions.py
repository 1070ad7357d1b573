"""History of a scratch repository made from sample_manual/: revisions, states, degraded modes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qmsdoc.cli import app
from qmsdoc.history import gitrepo, load_history
from qmsdoc.history.gitrepo import GitRepo, GitUnavailable
from qmsdoc.load import load_repository
from qmsdoc.model.documents import Document
from tests.history.conftest import (
    Scenario,
    append_body,
    copy_sample,
    git,
    init_repo,
    procedure_path,
)

runner = CliRunner()


def _doc(root: Path, rel: str) -> Document:
    return next(d for d in load_repository(root).repo.documents if d.path == rel)


def test_history_json_lists_releases_and_amendments(scenario_template: Scenario) -> None:
    s = scenario_template
    code = _doc(s.root, s.proc).code or ""
    result = runner.invoke(app, ["history", str(s.root), code, "--format", "json"])
    assert result.exit_code == 0, result.output
    [item] = json.loads(result.stdout)
    assert (item["code"], item["path"], item["edition"]) == (code, s.proc, 2)
    assert item["state"] == "draft"  # c3 is not released yet
    rows = [(r["date"], r["edition"], r["amendment"], r["change"], r["position"], r["author"],
             r["approved_by"], r["is_release"]) for r in item["revisions"]]
    assert rows == [
        ("2026-02-01", 1, None, "Ban hành lần 1", "", "Phạm Thị Dung", "Nguyễn Văn An", True),
        ("2026-02-10", 1, 1, "Bổ sung tiếp nhận hồ sơ trực tuyến", "Mục 5", "Phạm Thị Dung",
         "Trần Thị Bình", False),
        ("2026-03-01", 2, None, "Ban hành lần 2", "", "Phạm Thị Dung", "Nguyễn Văn An", True),
        ("2026-03-15", 2, 1, "Sửa lỗi chính tả", "", "Trương Văn Hải", "", False),
    ]
    commits = [r["commit"] for r in item["revisions"]]
    assert commits[1] == s.c2 and commits[3] == s.c3


def test_history_text_table(scenario_template: Scenario) -> None:
    s = scenario_template
    code = _doc(s.root, s.proc).code or ""
    result = runner.invoke(app, ["history", str(s.root), code])
    assert result.exit_code == 0
    assert "Sửa lỗi chính tả" in result.stdout and s.c3[:7] in result.stdout
    assert "dự thảo" in result.stdout
    en = runner.invoke(app, ["history", str(s.root), code, "--lang", "en"])
    assert "draft" in en.stdout and "Changed since release" in en.stdout


def test_unknown_code_is_a_usage_error(scenario_template: Scenario) -> None:
    result = runner.invoke(app, ["history", str(scenario_template.root), "QT-999"])
    assert result.exit_code == 2
    assert "QT-999" in result.output


def test_state_draft_only_for_the_uncommitted_document(scenario: Scenario) -> None:
    # release c3 first, so that every document is released
    from tests.history.conftest import release

    release(scenario.root, "2026-04-01")
    repo = load_repository(scenario.root).repo
    history = load_history(scenario.root)
    assert [d.code for d in repo.documents if history.state(d).draft] == []
    other = next(d for d in repo.documents if d.path != scenario.proc)
    append_body(scenario.root, other.path, "Thay đổi chưa commit.")
    history = load_history(scenario.root)
    drafts = [(d.path, history.state(d)) for d in repo.documents if history.state(d).draft]
    assert [p for p, _ in drafts] == [other.path]
    assert "chưa được commit" in drafts[0][1].reason_vi
    assert drafts[0][1].reason_en == "Has uncommitted changes"


def test_state_draft_when_changed_since_release_and_for_untracked_files(
        scenario: Scenario) -> None:
    history = load_history(scenario.root)
    proc = _doc(scenario.root, scenario.proc)
    state = history.state(proc)
    assert state.draft and scenario.tags[1] in state.reason_vi
    new = scenario.root / "huong-dan" / "HD-91-moi.md"
    new.write_text((scenario.root / "huong-dan" / "HD-90-so-hoa-ho-so.md").read_text(
        encoding="utf-8").replace("HD-90", "HD-91"), encoding="utf-8")
    history = load_history(scenario.root)
    assert history.state(_doc(scenario.root, "huong-dan/HD-91-moi.md")).draft


def test_rename_is_followed_and_is_not_a_change(scenario: Scenario) -> None:
    from tests.history.conftest import release

    release(scenario.root, "2026-04-01")
    new_rel = "quy-trinh-moi/" + Path(scenario.proc).name
    (scenario.root / "quy-trinh-moi").mkdir()
    git(scenario.root, "mv", scenario.proc, new_rel)
    git(scenario.root, "commit", "-q", "-m", "Chuyển thư mục", date="2026-04-05T08:00:00+07:00")
    history = load_history(scenario.root)
    doc = _doc(scenario.root, new_rel)
    assert not history.state(doc).draft  # a pure move is not a content change
    rows = history.revisions(doc)
    assert [r.commit for r in rows if not r.is_release] == [scenario.c2, scenario.c3]
    assert [r.edition for r in rows if r.is_release] == [1, 2, 3]
    assert scenario.proc in [t.path for t in history.commits(new_rel)]


def test_one_git_log_for_the_whole_repository(scenario_template: Scenario,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    original = GitRepo.run

    def counting(self: GitRepo, command: str, *args: str) -> str:
        calls.append(command)
        return original(self, command, *args)

    monkeypatch.setattr(GitRepo, "run", counting)
    started = gitrepo.Running.__init__

    def counted_start(self: gitrepo.Running, cwd: Path, *args: str) -> None:
        calls.append(args[0])  # the log, run while the other questions are asked
        started(self, cwd, *args)

    monkeypatch.setattr(gitrepo.Running, "__init__", counted_start)
    repo = load_repository(scenario_template.root).repo
    history = load_history(scenario_template.root)
    for d in repo.documents:
        history.revisions(d)
        history.state(d)
    assert calls.count("log") == 1
    assert len(calls) <= 6


def test_plain_folder_works_with_a_notice(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "qms")
    history = load_history(root)
    assert not history.available and not history.git
    assert [n.code for n in history.notices] == ["QMS710"]
    assert "không nằm trong một kho Git" in history.notices[0].vi
    doc = _doc(root, procedure_path(root))
    assert not history.state(doc).draft
    [row] = history.revisions(doc)
    assert (row.edition, row.date, row.is_release) == (doc.edition, doc.issued, True)
    result = runner.invoke(app, ["history", str(root), "--format", "json"])
    assert result.exit_code == 0
    assert "QMS710" in result.stderr
    assert len(json.loads(result.stdout)) == len(load_repository(root).repo.documents)
    check = runner.invoke(app, ["check", str(root), "--format", "json"])
    assert "QMS710" in {d["code"] for d in json.loads(check.stdout)}


def test_shallow_clone_works_with_a_warning(scenario_template: Scenario, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{scenario_template.root}", str(clone))
    history = load_history(clone)
    assert history.available and history.shallow
    assert [n.code for n in history.notices] == ["QMS711"]
    repo = load_repository(clone).repo
    for d in repo.documents:
        assert history.revisions(d)  # best effort: never empty, never a crash
        assert not history.state(d).draft  # tags not fetched: status decides
    result = runner.invoke(app, ["history", str(clone), "--format", "json"])
    assert result.exit_code == 0 and "QMS711" in result.stderr
    refused = runner.invoke(app, ["release", str(clone), "--dry-run"])
    assert refused.exit_code == 1 and "shallow" in refused.stderr


def test_no_commits_yet(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "qms")
    init_repo(root)
    history = load_history(root)
    assert [n.code for n in history.notices] == ["QMS713"]
    repo = load_repository(root).repo
    assert all(history.state(d).draft for d in repo.documents)
    assert all(len(history.revisions(d)) == 1 for d in repo.documents)


def test_detached_head(scenario: Scenario) -> None:
    git(scenario.root, "checkout", "-q", "--detach", "HEAD~1")
    history = load_history(scenario.root)
    assert history.available and history.detached
    doc = _doc(scenario.root, scenario.proc)
    assert [r.commit for r in history.revisions(doc) if not r.is_release] == [scenario.c2]
    assert not history.state(doc).draft
    refused = runner.invoke(app, ["release", str(scenario.root), "--dry-run"])
    assert refused.exit_code == 1 and "detached" in refused.stderr


def test_git_missing_degrades_to_a_warning(scenario_template: Scenario,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_PYTHON_GIT_EXECUTABLE", "/nonexistent/git")
    history = load_history(scenario_template.root)
    assert not history.available
    assert [n.code for n in history.notices] == ["QMS712"]
    assert history.notices[0].severity.value == "warning"
    doc = _doc(scenario_template.root, scenario_template.proc)
    assert len(history.revisions(doc)) == 1 and not history.state(doc).draft


def test_open_failure_is_reported_not_raised(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_sample(tmp_path / "qms")

    def broken(cls: type, root: Path) -> GitRepo:
        raise GitUnavailable("error", "hỏng", "broken")

    monkeypatch.setattr(GitRepo, "open", classmethod(broken))
    history = load_history(root)
    assert [(n.code, n.en) for n in history.notices] == [
        ("QMS712", "Cannot read the Git history: broken")]


def test_root_in_a_subfolder_of_the_work_tree(tmp_path: Path) -> None:
    from tests.history.conftest import release

    project = tmp_path / "project"
    project.mkdir()
    (project / "README.md").write_text("# Dự án\n", encoding="utf-8")
    root = copy_sample(project / "sample_manual")
    init_repo(project)
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Dự án")
    tag = release(root, "2026-02-01")
    proc = procedure_path(root)
    append_body(root, proc, "Sửa đổi trong thư mục con.")
    (project / "README.md").write_text("# Dự án (sửa)\n", encoding="utf-8")
    git(project, "commit", "-q", "-a", "-m", "Sửa quy trình và README",
        date="2026-02-05T08:00:00+07:00")
    history = load_history(root)
    assert history.prefix == "sample_manual"
    assert [r.tag for r in history.releases] == [tag]
    assert "Thư-mục: sample_manual" in history.releases[0].message
    doc = _doc(root, proc)
    rows = history.revisions(doc)
    assert [(r.is_release, r.change) for r in rows] == [
        (True, "Ban hành lần 1"), (False, "Sửa quy trình và README")]
    assert history.state(doc).draft and not history.dirty
    assert all(not p.startswith("..") and p != "README.md" for p in history._log.touches)


def test_metadata_fallback_without_any_release(imported: Path) -> None:
    proc = procedure_path(imported)
    append_body(imported, proc, "Sửa sau khi nhập.")
    git(imported, "commit", "-q", "-a", "-m", "Sửa sau khi nhập", date="2026-02-02T08:00:00+07:00")
    history = load_history(imported)
    doc = _doc(imported, proc)
    rows = history.revisions(doc)
    assert rows[0].is_release and rows[0].date == doc.issued and rows[0].commit == ""
    assert [(r.amendment, r.change) for r in rows[1:]] == [(1, "Sửa sau khi nhập")]
    assert not history.state(doc).draft  # no release yet: the status decides


def test_release_dates_come_from_the_trailer(scenario_template: Scenario) -> None:
    history = load_history(scenario_template.root)
    assert [(r.tag, r.date, r.approved_by) for r in history.releases] == [
        (scenario_template.tags[0], dt.date(2026, 2, 1), "nguyen-van-an"),
        (scenario_template.tags[1], dt.date(2026, 3, 1), "nguyen-van-an")]


def test_unexpected_git_output_turns_history_off(scenario_template: Scenario,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    class Garbled:
        def result(self) -> str:
            return "\x1e" + "\x1f".join(["x"] * 7)

        def discard(self) -> None:
            pass

    monkeypatch.setattr(GitRepo, "start_log", lambda self: Garbled())
    history = load_history(scenario_template.root)
    assert not history.available and [n.code for n in history.notices] == ["QMS712"]
    doc = _doc(scenario_template.root, scenario_template.proc)
    assert len(history.revisions(doc)) == 1
