"""The check cache (qmsdoc/cache.py): hits only when nothing the result depends on changed."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qmsdoc import cache as qc
from qmsdoc.cli import app

TODAY = dt.date(2026, 11, 22)
KHAI_SINH = "quy-trinh-tthc/QT-10-dang-ky-khai-sinh.md"
runner = CliRunner()


pytestmark = pytest.mark.usefixtures("own_cache_secret")


@pytest.fixture
def repo(sample_copy: Path) -> Path:
    return sample_copy


def _check(root: Path, *args: str) -> tuple[int, list[dict[str, object]]]:
    r = runner.invoke(app, ["check", str(root), "--format", "json", "--today", "2026-11-22",
                            *args])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.output
    return r.exit_code, json.loads(r.stdout)


def _lookup(root: Path, today: dt.date = TODAY, select: tuple[str, ...] = ()) -> qc.Hit | None:
    c = qc.CheckCache.open(root)
    assert c is not None
    return c.lookup(today, list(select), [])


def test_second_check_hits_with_the_same_result(repo: Path) -> None:
    assert _lookup(repo) is None
    first = _check(repo)
    assert (repo / ".qmsdoc/cache/check.json").is_file()
    assert (repo / ".qmsdoc/cache/.gitignore").read_text().strip().endswith("*")
    hit = _lookup(repo)
    assert hit is not None
    assert _check(repo) == first
    # the same diagnostics as without the cache
    assert _check(repo, "--no-cache") == first


def test_hit_keeps_diagnostics_and_source_lines(repo: Path) -> None:
    p = repo / KHAI_SINH
    p.write_text(p.read_text(encoding="utf-8").replace("responsible: van-thu",
                                                       "responsible: thu-kho"), encoding="utf-8")
    code, diags = _check(repo)
    assert code == 1 and any(d["code"] == "QMS202" for d in diags)
    hit = _lookup(repo)
    assert hit is not None and hit.errors >= 1
    assert KHAI_SINH in hit.sources
    r = runner.invoke(app, ["check", str(repo), "--today", "2026-11-22"])
    assert "thu-kho" in r.stdout  # the text report quotes the source line from the cache


@pytest.mark.parametrize("edit", [
    lambda r: (r / KHAI_SINH).write_bytes((r / KHAI_SINH).read_bytes() + b"\n"),
    lambda r: (r / "qms.yaml").write_bytes((r / "qms.yaml").read_bytes() + b"\n# x\n"),
    lambda r: (r / "moi.md").write_text("# ghi chú\n", encoding="utf-8"),
    lambda r: (r / KHAI_SINH).unlink(),
    lambda r: (r / "profiles").mkdir() or (r / "profiles/x.yaml").write_text("id: x\n"),
])
def test_any_source_change_misses(repo: Path, edit: object) -> None:
    _check(repo)
    assert _lookup(repo) is not None
    edit(repo)  # type: ignore[operator]
    assert _lookup(repo) is None


def test_same_content_new_mtime_still_hits(repo: Path) -> None:
    _check(repo)
    p = repo / KHAI_SINH
    os.utime(p, ns=(p.stat().st_atime_ns, p.stat().st_mtime_ns + 10**10))
    assert _lookup(repo) is not None


def test_same_size_and_mtime_but_new_content_misses(repo: Path) -> None:
    _check(repo)
    p = repo / KHAI_SINH
    st = p.stat()
    data = p.read_bytes()
    p.write_bytes(data.replace(b"QT-10", b"QT-19", 1))
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert p.stat().st_size == st.st_size
    assert _lookup(repo) is None


def test_options_and_date_are_part_of_the_key(repo: Path) -> None:
    _check(repo)
    assert _lookup(repo, today=TODAY + dt.timedelta(days=1)) is None
    assert _lookup(repo, select=("QMS1",)) is None
    assert _lookup(repo) is not None


def test_code_change_misses(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _check(repo)
    monkeypatch.setattr(qc.check, "code_fingerprint", lambda: "another qmsdoc")
    assert _lookup(repo) is None


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_state_is_part_of_the_key(repo: Path) -> None:
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "init"], check=True)
    _check(repo)
    assert _lookup(repo) is not None
    subprocess.run([*git, "tag", "-a", "qms/2026-11-20", "-m", "release"], check=True)
    assert _lookup(repo) is None
    _check(repo)
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "x"], check=True)
    assert _lookup(repo) is None


@pytest.mark.parametrize("content", [b"", b"{not json", b"[]", b'{"format": 1, "key": 5}',
                                     json.dumps({"format": 99}).encode()])
def test_corrupt_or_foreign_cache_is_ignored(repo: Path, content: bytes) -> None:
    first = _check(repo)
    (repo / ".qmsdoc/cache/check.json").write_bytes(content)
    assert _lookup(repo) is None
    assert _check(repo) == first
    assert _lookup(repo) is not None  # rewritten


def test_cache_from_another_user_never_matches(repo: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    _check(repo)
    assert _lookup(repo) is not None
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "other-user"))
    qc._secret.cache_clear()
    assert _lookup(repo) is None  # a committed or copied check.json proves nothing


def test_no_cache_option_neither_reads_nor_writes(repo: Path) -> None:
    _check(repo, "--no-cache")
    assert not (repo / ".qmsdoc").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write read-only folders")
def test_read_only_folder_is_checked_without_cache(repo: Path) -> None:
    first = _check(repo, "--no-cache")
    mode = repo.stat().st_mode
    repo.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        assert _check(repo) == first
        assert not (repo / ".qmsdoc").exists()
    finally:
        repo.chmod(mode)


def test_unwritable_cache_folder_is_skipped_silently(repo: Path) -> None:
    (repo / ".qmsdoc").write_text("not a folder", encoding="utf-8")
    first = _check(repo)
    assert (repo / ".qmsdoc").read_text(encoding="utf-8") == "not a folder"
    assert _check(repo) == first


def test_check_never_touches_sources(repo: Path) -> None:
    before = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()}
    _check(repo)
    _check(repo)
    after = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()
             and ".qmsdoc" not in p.parts}
    assert after == before


def test_cache_folder_is_not_read_as_sources(repo: Path) -> None:
    _check(repo)
    (repo / ".qmsdoc/cache/broken.yaml").write_text("kind: [\n", encoding="utf-8")
    code, diags = _check(repo, "--no-cache")
    assert not any(".qmsdoc" in str(d.get("path", "")) for d in diags)


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_entry_point_cold_and_warm_same_as_without_cache(repo: Path, tmp_path: Path,
                                                         fmt: str) -> None:
    p = repo / KHAI_SINH  # an error, so that output and exit status are not trivial
    p.write_text(p.read_text(encoding="utf-8").replace("responsible: van-thu",
                                                       "responsible: thu-kho"), encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg"), "COLUMNS": "100"}
    cmd = [sys.executable, "-m", "qmsdoc", "check", str(repo), "--format", fmt, "--today",
           "2026-11-22"]
    full = subprocess.run([*cmd, "--no-cache"], capture_output=True, text=True, env=env)
    cold = subprocess.run(cmd, capture_output=True, text=True, env=env)  # a miss, stored
    assert (repo / ".qmsdoc/cache/check.json").is_file()
    warm = subprocess.run(cmd, capture_output=True, text=True, env=env)  # a hit
    assert full.returncode == 1
    for r in (cold, warm):
        assert (r.returncode, r.stdout) == (full.returncode, full.stdout)
    bad = subprocess.run([*cmd[:5], "--today", "22/11/2026"], capture_output=True, text=True,
                         env=env)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    missing = subprocess.run([*cmd[:4], str(tmp_path / "nowhere")], capture_output=True,
                             text=True, env=env)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
