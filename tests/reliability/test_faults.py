"""Faults during a build: interruption, two builds at once, an unwritable output folder, a
corrupt Git object. The previous output set survives and a rerun completes it."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from test_corpus import no_traceback, qmsdoc

OUT = "_build"


def _env() -> dict[str, str]:
    return {**os.environ, "QMSDOC_LANG": "en"}


def outputs(root: Path) -> dict[str, bytes]:
    """The visible files of the output set (not the lock, cache, staging or temporary files)."""
    out = root / OUT
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)}


def touch_every_document(root: Path, line: str) -> None:
    for p in sorted(root.rglob("*.md")):
        if OUT not in p.parts:
            p.write_text(p.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def assert_manifest_matches(root: Path) -> None:
    manifest = json.loads((root / OUT / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["files"]
    for f in manifest["files"]:
        data = (root / OUT / f["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == f["sha256"], f["file"]


def assert_complete(name: str, data: bytes) -> None:
    if name.endswith(".docx"):
        import io

        import docx

        with zipfile.ZipFile(io.BytesIO(data)) as z:
            assert z.testzip() is None, name
        docx.Document(io.BytesIO(data))
    elif name.endswith(".json"):
        json.loads(data)


def build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    proc, _ = qmsdoc("build", "-f", "docx", *args, str(root), timeout=120)
    no_traceback(proc)
    return proc


@pytest.mark.parametrize(("sig", "group", "delay"), [
    (signal.SIGKILL, True, 1.0),  # power cut, OOM killer, CI cancellation: no cleanup at all
    (signal.SIGINT, False, 1.4),  # kill -INT: the build process alone
    (signal.SIGINT, True, 1.2),  # Ctrl-C in a terminal: the build and its workers
], ids=["SIGKILL-group", "SIGINT", "SIGINT-group"])
def test_interrupted_build_keeps_the_previous_set(sig: signal.Signals, group: bool, delay: float,
                                                  sample_copy: Path) -> None:
    root = sample_copy
    assert build(root).returncode == 0
    old = outputs(root)
    touch_every_document(root, "Sửa đổi lần hai.")
    proc = subprocess.Popen([sys.executable, "-m", "qmsdoc", "build", "-f", "docx", str(root)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=_env(), start_new_session=True)
    time.sleep(delay)
    if group:
        os.killpg(proc.pid, sig)
    else:
        os.kill(proc.pid, sig)
    _, stderr = proc.communicate(timeout=60)
    if sig == signal.SIGINT and not group:
        # A clean stop (exit 130; -2 when it lands while Python starts or exits; 0 when the
        # build had finished), never a traceback.
        assert "Traceback" not in stderr, stderr
        assert proc.returncode in (0, 130, -signal.SIGINT), stderr
    interrupted = outputs(root)
    if sig != signal.SIGKILL:
        assert "Traceback" not in stderr, stderr

    rerun = build(root)
    assert rerun.returncode == 0, rerun.stderr
    new = outputs(root)
    assert set(interrupted) <= set(old) | set(new)
    for name, data in interrupted.items():  # each file: the old bytes or the complete new ones
        assert data in (old.get(name), new.get(name)), name
        assert_complete(name, data)
    assert_manifest_matches(root)
    assert not list((root / OUT).rglob(".*.tmp")), "temporary files left behind"
    assert set(new) == set(old)


def test_two_builds_at_once_do_not_corrupt_each_other(sample_copy: Path) -> None:
    root = sample_copy
    procs = [subprocess.Popen([sys.executable, "-m", "qmsdoc", "build", "-f", "docx", "-j",
                               "2", str(root)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=_env())
             for _ in range(2)]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    for code, _, stderr in results:
        assert code == 0, stderr
        assert "Traceback" not in stderr
    assert any("Waiting for another build" in stderr for _, _, stderr in results)
    assert_manifest_matches(root)
    for name, data in outputs(root).items():
        assert_complete(name, data)
    assert build(root).returncode == 0


def test_lock_waits_and_times_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from qmsdoc.build.inputs import BuildError
    from qmsdoc.build.lock import ENV_TIMEOUT, output_lock

    out = tmp_path / "out"
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from qmsdoc.build.lock import output_lock\n"
        "with output_lock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(30)"),
        str(out)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        monkeypatch.setenv(ENV_TIMEOUT, "0.3")
        waited: list[str] = []
        with pytest.raises(BuildError) as err, output_lock(out, on_wait=waited.append):
            pass
        assert "Another build" in err.value.en and waited == [str(out)]
    finally:
        holder.kill()
        holder.wait()
    with output_lock(out, on_wait=waited.append):  # released when its holder died
        pass


def test_stale_temporary_files_are_removed(tmp_path: Path) -> None:
    """Only at the top of the output folder, where qmsdoc writes: a file of the same form in
    a folder of the user's own is not qmsdoc's to delete."""
    from qmsdoc.build.lock import output_lock

    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    (out / ".QT-01.docx.abc123.tmp").write_bytes(b"half")
    (out / "sub" / ".x.pdf.q.tmp").write_bytes(b"user's")
    (out / "keep.docx").write_bytes(b"whole")
    with output_lock(out):
        pass
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        ".qmsdoc.lock", "keep.docx", "sub", "sub/.x.pdf.q.tmp"]


def test_read_only_output_folder(sample_copy: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    proc, _ = qmsdoc("build", str(sample_copy), "--out", str(blocker / "out"))
    no_traceback(proc)
    assert proc.returncode == 2 and "Cannot write to the output folder" in proc.stderr
    if os.geteuid() == 0:
        return  # root writes into read-only folders anyway
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        proc, _ = qmsdoc("build", str(sample_copy), "--out", str(ro))
    finally:
        ro.chmod(0o755)
    no_traceback(proc)
    assert proc.returncode == 2 and "Cannot write to the output folder" in proc.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_corrupt_git_object_degrades_to_a_warning(sample_copy: Path) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "init"]):
        subprocess.run(["git", *args], cwd=sample_copy, env=env, check=True,
                       capture_output=True)
    objects = [p for p in (sample_copy / ".git" / "objects").rglob("*")
               if p.is_file() and len(p.parent.name) == 2]
    for p in objects:  # every loose object: trees, blobs and the commit
        p.chmod(0o644)
        p.write_bytes(b"garbage")
    for cmd in (["check", "--format", "json"], ["history"], ["build", "-f", "docx"]):
        proc, _ = qmsdoc(*cmd, str(sample_copy), timeout=120)
        no_traceback(proc)
        assert proc.returncode in (0, 1), (cmd, proc.stderr)


def test_interruption_before_the_set_is_replaced_leaves_it_byte_identical(
        sample_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file rendered, none yet put in place: the previous set is exactly as it was."""
    import datetime as dt

    from qmsdoc.build import BuildOptions, promote
    from qmsdoc.commands.build import build as run

    opts = BuildOptions(jobs=1, formats=("docx",), today=dt.date(2026, 11, 22), history=False)
    assert run(sample_copy, opts).ok
    old = outputs(sample_copy)
    touch_every_document(sample_copy, "Sửa đổi lần hai.")

    def interrupted(step: str) -> None:
        if step == "commit":
            raise KeyboardInterrupt

    monkeypatch.setattr(promote, "STEP_HOOK", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run(sample_copy, opts)
    assert outputs(sample_copy) == old  # byte-identical, staged files hidden
    monkeypatch.undo()
    again = run(sample_copy, opts)  # the rerun clears the staging folder and completes the set
    assert again.ok and outputs(sample_copy) != old
    assert not (sample_copy / OUT / ".qmsdoc-staging").exists()
    assert not (sample_copy / "._build.qmsdoc-next").exists()
    manifest = json.loads((sample_copy / OUT / "manifest.json").read_text(encoding="utf-8"))
    for f in manifest["files"]:
        data = (sample_copy / OUT / f["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == f["sha256"]
