"""A build killed (SIGKILL: no clean-up at all) at every step of putting its new set in place.

After each kill the output folder must hold a complete set, the previous one or the new one,
whose manifest lists exactly its files with their SHA-256; the next build must complete the new
set and leave nothing behind. The kill comes from the build itself at the n-th step
(``QMSDOC_FAULT_KILL_AT``, see qmsdoc/build/promote.py), so every step is hit exactly, without
timing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from qmsdoc_testing import MakeRepo

from qmsdoc.build.promote import ENV_KILL

OUT = "_build"
MANIFEST = "manifest.json"


def rebuild(root: Path) -> None:
    """The same build as ``build`` (the CLI's options), in this process: faster."""
    from qmsdoc.build import BuildOptions
    from qmsdoc.commands.build import build as run

    assert run(root, BuildOptions(jobs=1, force=True, formats=("docx",))).ok


def build(root: Path, kill_at: int | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QMSDOC_LANG": "en"}
    env.pop(ENV_KILL, None)
    if kill_at is not None:
        env[ENV_KILL] = str(kill_at)
    proc = subprocess.run([sys.executable, "-m", "qmsdoc", "build", str(root), "--force",
                           "-f", "docx", "-j", "1"], capture_output=True, text=True,
                          env=env, timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())
            if p.is_file() and not p.name.startswith(".")}


def complete_set(out: Path) -> dict[str, bytes]:
    """The visible files, after checking that the manifest lists exactly them (SHA-256)."""
    files = outputs(out)
    manifest = json.loads(files[MANIFEST])
    listed = {f["file"]: f["sha256"] for f in manifest["files"]}
    assert set(listed) == set(files) - {MANIFEST}, (sorted(listed), sorted(files))
    for name, digest in listed.items():
        assert hashlib.sha256(files[name]).hexdigest() == digest, name
    return files


def leftovers(root: Path) -> list[str]:
    out = root / OUT
    return sorted([p.name for p in root.iterdir() if p.name.endswith(".qmsdoc-next")]
                  + [p.name for p in out.iterdir()
                     if p.name == ".qmsdoc-staging" or p.name.endswith(".tmp")])


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="no SIGKILL on this platform")
def test_a_kill_at_every_step_of_promote_leaves_a_complete_set(make_repo: MakeRepo,
                                                               tmp_path: Path) -> None:
    root = make_repo()
    assert build(root).returncode == 0
    old = complete_set(root / OUT)
    # The next set: two documents changed (written), one gone (deleted), the rest kept.
    for rel in ("chinh-sach.md", "quy-trinh/QT-01.md"):
        (root / rel).write_text((root / rel).read_text(encoding="utf-8") + "\nSửa đổi.\n",
                                encoding="utf-8")
    (root / "muc-tieu.yaml").unlink()
    before = tmp_path / "before"
    shutil.copytree(root, before, symlinks=True)

    reference = tmp_path / "reference"
    shutil.copytree(before, reference, symlinks=True)
    rebuild(reference)
    new = complete_set(reference / OUT)
    assert new != old and "MTCL-2026.docx" in old and "MTCL-2026.docx" not in new

    steps = 0
    seen = set()
    while True:
        work = tmp_path / f"kill-{steps}"
        shutil.copytree(before, work, symlinks=True)
        killed = build(work, kill_at=steps)
        if killed.returncode != -signal.SIGKILL:  # past the last step: the build completed
            assert killed.returncode == 0, killed.stderr
            assert complete_set(work / OUT) == new
            break
        now = complete_set(work / OUT)
        assert now in (old, new), f"step {steps}: a mix of the two sets"
        seen.add("new" if now == new else "old")
        rebuild(work)
        assert complete_set(work / OUT) == new, f"step {steps}: the rerun did not complete it"
        assert leftovers(work) == [], f"step {steps}"
        shutil.rmtree(work)
        steps += 1
    # commit, a link per kept file, manifest, cache, exchange, removal of the previous set…
    assert steps >= 8, steps
    assert seen == {"old", "new"}  # killed both before and after the exchange
