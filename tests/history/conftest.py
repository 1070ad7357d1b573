"""Scratch Git repositories built from a copy of sample_manual/ for the history tests.

Git runs with an empty global configuration (no signing, no hooks of the developer's), and
every commit gets fixed author and committer dates so the tests are deterministic.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from qmsdoc_testing import isolated_git
from ruamel.yaml import YAML

from qmsdoc.commands.check import check_repository
from qmsdoc.commands.release import plan_release
from qmsdoc.history.release import apply_release
from qmsdoc.load import load_repository

SAMPLE = Path(__file__).resolve().parents[2] / "sample_manual"

#: A second document written by the tests, with YAML comments to keep.
EXTRA_DOC = """\
---
# Hướng dẫn do các bài kiểm thử của qmsdoc thêm vào
kind: instruction
code: HD-90
title: Hướng dẫn số hóa hồ sơ   # tên ngắn
edition: 1   # lần ban hành
issued: 2026-01-15
effective: 2026-01-15
status: released
owner: van-phong
prepared_by: dang-van-khoa
reviewed_by: le-van-cuong
approved_by: nguyen-van-an
clauses: ["7.5.3"]
---

## Mục đích

Hướng dẫn quét và lưu bản điện tử của hồ sơ.
"""


def git(cwd: Path, *args: str, date: str = "2026-01-20T09:00:00+07:00",
        author: str | None = None) -> str:
    """Run git in ``cwd`` with fixed dates (and optionally another author)."""
    env = dict(os.environ, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    cmd = ["git", *args]
    if author:
        cmd = ["git", "-c", f"user.name={author}", *args]
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture(autouse=True)
def _isolated_git(tmp_path_factory: pytest.TempPathFactory,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path_factory.getbasetemp() / "gitconfig"
    empty.touch()
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path_factory.getbasetemp().parent))


def init_repo(path: Path) -> None:
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.name", "Phạm Thị Dung")
    git(path, "config", "user.email", "dung@hoaphong.example.vn")
    git(path, "config", "commit.gpgsign", "false")
    git(path, "config", "tag.gpgsign", "false")


_PREPARED: list[Path] = []


def copy_sample(dest: Path) -> Path:
    """sample_manual/ plus HD-90, with whatever check errors the sample still has ignored.

    The sample is written by another part of the project; the release tests test releasing,
    so errors unrelated to history are switched off in the copy's qms.yaml. The copy is
    prepared once per session and then copied again for each test.
    """
    if not _PREPARED:
        prepared = Path(tempfile.mkdtemp(prefix="qmsdoc-sample-")) / "qms"
        atexit.register(shutil.rmtree, prepared.parent, ignore_errors=True)
        _prepare(prepared)
        _PREPARED.append(prepared)
    shutil.copytree(_PREPARED[0], dest)
    return dest


def _prepare(dest: Path) -> None:
    shutil.copytree(SAMPLE, dest, ignore=shutil.ignore_patterns("_build", ".qmsdoc"))
    (dest / "huong-dan").mkdir(exist_ok=True)
    (dest / "huong-dan" / "HD-90-so-hoa-ho-so.md").write_text(EXTRA_DOC, encoding="utf-8")
    errors = sorted({d.code for d in check_repository(dest).diagnostics
                     if d.severity.value == "error" and not d.code.startswith("QMS7")})
    if errors:
        yaml = YAML(typ="rt")
        cfg_path = dest / "qms.yaml"
        cfg = yaml.load(cfg_path.read_text(encoding="utf-8"))
        rules = cfg.setdefault("rules", {})
        rules["ignore"] = sorted({*rules.get("ignore", []), *errors})
        with cfg_path.open("w", encoding="utf-8") as fh:
            yaml.dump(cfg, fh)


def procedure_path(root: Path) -> str:
    """The procedure the scenarios amend (QT-10 when the sample has it)."""
    repo = load_repository(root).repo
    paths = sorted(d.path for d in repo.procedures)
    preferred = [p for p in paths if "QT-10" in p]
    return (preferred or paths)[0]


def amend(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, rel)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append_body(root: Path, rel: str, line: str) -> None:
    with (root / rel).open("a", encoding="utf-8") as fh:
        fh.write(f"\n{line}\n")


def release(root: Path, date: str, approved_by: str = "nguyen-van-an") -> str:
    import datetime as dt

    plan = plan_release(root, dt.date.fromisoformat(date), approved_by)
    env_date = f"{date}T16:00:00+07:00"
    old = {k: os.environ.get(k) for k in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE")}
    os.environ["GIT_AUTHOR_DATE"] = os.environ["GIT_COMMITTER_DATE"] = env_date
    try:
        return apply_release(plan).tag
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@dataclass
class Scenario:
    """c1 import → release 1 (baseline) → c2 amends the procedure → release 2 → c3 amends it."""

    root: Path
    proc: str  # the amended procedure's path
    c2: str
    c3: str
    tags: tuple[str, str]


def build_scenario(root: Path) -> Scenario:
    copy_sample(root)
    init_repo(root)
    proc = procedure_path(root)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Nhập bộ tài liệu HTQLCL", date="2026-01-20T09:00:00+07:00")
    tag1 = release(root, "2026-02-01")
    append_body(root, proc, "Bổ sung: tiếp nhận hồ sơ trực tuyến qua Cổng dịch vụ công.")
    git(root, "commit", "-q", "-a", "-m",
        "QT-10: tiếp nhận trực tuyến\n\nThêm kênh nộp hồ sơ trực tuyến.\n\n"
        "Sửa-đổi: Bổ sung tiếp nhận hồ sơ trực tuyến\nVị-trí: Mục 5\n"
        "Phê-duyệt: tran-thi-binh", date="2026-02-10T10:00:00+07:00")
    c2 = git(root, "rev-parse", "HEAD").strip()
    tag2 = release(root, "2026-03-01")
    append_body(root, proc, "Sửa lỗi chính tả ở mục Phạm vi.")
    git(root, "commit", "-q", "-a", "-m", "Sửa lỗi chính tả", date="2026-03-15T08:30:00+07:00",
        author="Trương Văn Hải")
    c3 = git(root, "rev-parse", "HEAD").strip()
    return Scenario(root, proc, c2, c3, (tag1, tag2))


@pytest.fixture(scope="session")
def scenario_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scenario]:
    """Built once; tests that change it get their own copy (``scenario``)."""
    base = tmp_path_factory.mktemp("template")
    with isolated_git(base):
        yield build_scenario(base / "qms")


@pytest.fixture
def scenario(scenario_template: Scenario, tmp_path: Path) -> Scenario:
    root = tmp_path / "qms"
    shutil.copytree(scenario_template.root, root, symlinks=True)
    return Scenario(root, scenario_template.proc, scenario_template.c2, scenario_template.c3,
                    scenario_template.tags)


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    """The sample in a fresh repository with one commit and no release."""
    root = copy_sample(tmp_path / "qms")
    init_repo(root)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Nhập bộ tài liệu HTQLCL")
    return root
