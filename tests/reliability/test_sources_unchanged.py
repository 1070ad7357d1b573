"""No command modifies the sources: the repository hashes the same before and after each."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from test_corpus import no_traceback, qmsdoc

SKIP = {"_build", ".qmsdoc", ".git"}


def snapshot(root: Path) -> dict[str, tuple[str, int]]:
    """SHA-256 and mode of every file (and link target) outside the output and cache folders."""
    out: dict[str, tuple[str, int]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = Path(dirpath).relative_to(root)
        if rel_dir == Path("."):
            dirnames[:] = [d for d in dirnames if d not in SKIP]
        for name in filenames:
            p = Path(dirpath) / name
            rel = (rel_dir / name).as_posix()
            if p.is_symlink():
                out[rel] = (os.readlink(p), 0)
            else:
                out[rel] = (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mode)
        out[rel_dir.as_posix() + "/"] = ("dir", Path(dirpath).stat().st_mode)
    return out


def _git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
           "GIT_AUTHOR_DATE": "2026-01-15T08:00:00", "GIT_COMMITTER_DATE": "2026-01-15T08:00:00"}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_commands_never_modify_sources(sample_copy: Path) -> None:
    _git(sample_copy, "init", "-q")
    _git(sample_copy, "add", "-A")
    _git(sample_copy, "commit", "-q", "-m", "init")
    # An uncommitted change too: history and build must read it, not "fix" it.
    form = sample_copy / "quy-trinh-he-thong" / "QT-01-kiem-soat-tai-lieu.md"
    form.write_text(form.read_text(encoding="utf-8") + "\nThêm một dòng.\n", encoding="utf-8")
    before = snapshot(sample_copy)
    commands = [
        ["check", str(sample_copy)], ["check", "--format", "json", str(sample_copy)],
        ["build", "-f", "docx", str(sample_copy)], ["build", str(sample_copy)],
        ["coverage", str(sample_copy)], ["history", str(sample_copy)],
        ["due", str(sample_copy)], ["rules"], ["rules", "QMS001"], ["schema"],
    ]
    for args in commands:
        proc, _ = qmsdoc(*args, cwd=sample_copy, timeout=120)
        no_traceback(proc)
        assert proc.returncode in (0, 1), (args, proc.stderr)
        assert snapshot(sample_copy) == before, f"`qmsdoc {' '.join(args)}` changed the sources"
    assert (sample_copy / "_build" / "manifest.json").is_file()
