"""``check --changed-since REV``: changed files and the files referencing what they changed."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from qmsdoc_testing import PROCEDURE, MakeRepo
from typer.testing import CliRunner

from qmsdoc.changes import compute_changes, references
from qmsdoc.cli import app
from qmsdoc.load import load_repository

runner = CliRunner()
P = "quy-trinh/QT-01.md"
BROKEN = "quy-trinh/QT-02.md"  # an untouched file with a broken reference


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=t@example.invalid",
                    "-c", "commit.gpgsign=false", *args], cwd=root, check=True,
                   capture_output=True)


def _commit(root: Path, message: str) -> None:
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", message)


def _check(root: Path, *args: str) -> tuple[int, list[dict[str, object]]]:
    result = runner.invoke(app, ["check", str(root), "--format", "json", "--today",
                                 "2026-11-22", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout) if result.stdout.strip() else []


@pytest.fixture
def scratch(make_repo: MakeRepo) -> Path:
    broken = (PROCEDURE.replace("code: QT-01", "code: QT-02")
              .replace('tthc: "2.000815"\n', "").replace("responsible: chu-tich",
                                                         "responsible: khong-co"))
    root = make_repo({BROKEN: broken})
    _git(root, "init", "-q")
    _commit(root, "base")
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _codes_at(diags: list[dict[str, object]], path: str) -> set[object]:
    return {d["code"] for d in diags if d["path"] == path}


def test_reports_the_new_broken_reference_and_ignores_untouched_files(scratch: Path) -> None:
    _edit(scratch / P, "forms: [BM-01]\n  - action: Ký", "forms: [BM-09]\n  - action: Ký")
    _commit(scratch, "use a form that does not exist")
    code, full = _check(scratch)
    assert "QMS202" in _codes_at(full, BROKEN)  # the full check sees both
    code, diags = _check(scratch, "--changed-since", "HEAD~1")
    assert code == 1
    assert "QMS201" in _codes_at(diags, P)
    assert _codes_at(diags, BROKEN) == set()
    assert all(d["path"] in (P, "") for d in diags)


def test_uncommitted_and_untracked_changes_count(scratch: Path) -> None:
    (scratch / "bieu-mau" / "BM-02.md").write_text(
        (scratch / "bieu-mau" / "BM-01.md").read_text(encoding="utf-8")
        .replace("code: BM-01", "code: BM-02").replace("owner: van-phong", "owner: khong-co"),
        encoding="utf-8")
    code, diags = _check(scratch, "--changed-since", "HEAD")
    assert "QMS203" in _codes_at(diags, "bieu-mau/BM-02.md")
    assert _codes_at(diags, BROKEN) == set()


def test_renaming_a_form_reports_the_procedures_that_use_it(scratch: Path) -> None:
    _edit(scratch / "bieu-mau" / "BM-01.md", "code: BM-01", "code: BM-10")
    _commit(scratch, "rename the form")
    code, diags = _check(scratch, "--changed-since", "HEAD~1")
    assert "QMS201" in _codes_at(diags, P)  # P did not change but uses the old code
    assert "QMS201" in _codes_at(diags, BROKEN)  # it uses BM-01 too
    assert "QMS209" in _codes_at(diags, "bieu-mau/BM-01.md")  # BM-10 is used by nobody


def test_a_role_removed_from_qms_yaml_reports_its_users(scratch: Path) -> None:
    _edit(scratch / "qms.yaml", "  - id: cong-chuc\n", "  - id: cong-chuc-moi\n")
    _commit(scratch, "rename a role")
    code, diags = _check(scratch, "--changed-since", "HEAD~1")
    assert "QMS202" in _codes_at(diags, P)


def test_usage_errors(scratch: Path, make_repo: MakeRepo, tmp_path: Path) -> None:
    code, _ = _check(scratch, "--changed-since", "khong-co-phien-ban")
    assert code == 2
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "qms.yaml").write_text((scratch / "qms.yaml").read_text(encoding="utf-8"),
                                    encoding="utf-8")
    result = runner.invoke(app, ["check", str(plain), "--changed-since", "HEAD"])
    assert result.exit_code == 2


def test_compute_changes_follows_modified_definitions(scratch: Path) -> None:
    before = {"dang-ky/van-ban.yaml": (scratch / "dang-ky/van-ban.yaml").read_bytes()}
    _edit(scratch / "dang-ky/van-ban.yaml", "status: in_force", "status: repealed")
    repo = load_repository(scratch).repo
    changes = compute_changes(repo, {"dang-ky/van-ban.yaml"}, before)
    assert ("legal", "23/2015/NĐ-CP") in changes.names
    assert {P, BROKEN} <= changes.affected  # both cite 23/2015/NĐ-CP
    assert "bieu-mau/BM-01.md" not in changes.affected
    proc = next(d for d in repo.documents if d.path == P)
    assert {("doc", "BM-01"), ("role", "cong-chuc"), ("tthc", "2.000815")} <= references(proc)
