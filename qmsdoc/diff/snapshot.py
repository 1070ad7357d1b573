"""Two states of a QMS root to compare: a Git revision, or the working tree.

A revision is read from Git's objects (``git ls-tree``, ``git cat-file --batch``) into a scratch
folder under ``.qmsdoc/diff/`` (the only place qmsdoc writes besides its output), loaded with
the ordinary loader (the same discovery, exclusions and limits as ``qmsdoc check``), and the
scratch folder is removed; no checkout attribute (``export-ignore``, filters) changes what is
read. Which files
changed comes from :func:`qmsdoc.changes.changed_between`, the function ``check
--changed-since`` uses, so that both commands agree on what changed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import posixpath
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from qmsdoc.diagnostics import Diagnostic, QmsdocError
from qmsdoc.history.gitrepo import GitRepo, GitUnavailable
from qmsdoc.load import NotARepository, load_repository
from qmsdoc.model.repository import Repository

#: The subject of a release commit (qmsdoc.history.release writes it).
RELEASE_SUBJECT = "Ban hành tài liệu HTQLCL ngày "

#: The working tree as a revision name (the default TO).
WORKTREE = "WORKTREE"


class DiffError(QmsdocError):
    """The comparison cannot be made (no Git, unknown revision, no release for the default)."""


@dataclass(frozen=True)
class Commit:
    """Who last changed a document between the two states, for the redline's w:author/w:date."""

    hash: str
    author: str
    when: dt.datetime


@dataclass
class Snapshot:
    """One side of a comparison: its label, the commit (None: the working tree), the loaded
    repository and the problems loading it reported."""

    label: str
    commit: str | None
    repo: Repository
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _run(top: Path, *args: str) -> bytes:
    try:
        proc = subprocess.run(["git", *args], cwd=top, capture_output=True, timeout=300,
                              env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
    except (OSError, subprocess.SubprocessError) as e:
        raise DiffError(f"Không chạy được git: {e}", f"Cannot run git: {e}") from None
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip()[:300]
        raise DiffError(f"Lệnh git {args[0]} bị lỗi: {err}", f"git {args[0]} failed: {err}")
    return proc.stdout


def open_git(root: Path) -> GitRepo:
    try:
        return GitRepo.open(root)
    except GitUnavailable as e:
        raise DiffError(f"Không so sánh được: {e.vi}. qmsdoc diff cần một kho Git.",
                        f"Cannot compare: {e.en}. qmsdoc diff needs a Git repository.") from None


def resolve(g: GitRepo, rev: str) -> str:
    """The full commit hash of ``rev`` (a tag, branch, hash, HEAD~1…)."""
    if rev.startswith("-"):  # never let a revision be read as an option of git
        raise DiffError(f"Phiên bản Git không hợp lệ: \"{rev}\".", f"Invalid Git revision: "
                        f"\"{rev}\".")
    try:
        return _run(g.top, "rev-parse", "--verify", "--quiet", "--end-of-options",
                    f"{rev}^{{commit}}").decode().strip()
    except DiffError:
        raise DiffError(f"Không tìm thấy phiên bản Git \"{rev}\" (ví dụ hợp lệ: qms/2026-03-01, "
                        "HEAD~1, origin/main, một mã commit).",
                        f"Unknown Git revision \"{rev}\" (e.g. qms/2026-03-01, HEAD~1, "
                        "origin/main, a commit hash).") from None


def is_revision(g: GitRepo, rev: str) -> bool:
    """Whether Git knows ``rev`` as a commit (a document code such as QT-10 is not one)."""
    if not rev or rev.startswith("-"):
        return False
    try:
        _run(g.top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    except DiffError:
        return False
    return True


@contextlib.contextmanager
def _scratch(root: Path) -> Iterator[Path]:
    """A fresh folder under ``root/.qmsdoc/diff/``, removed afterwards; never through a
    symbolic link (a link there could send the extraction elsewhere)."""
    base = root / ".qmsdoc"
    for folder in (base, base / "diff"):
        if folder.is_symlink():
            raise DiffError(f"{folder} là một liên kết tượng trưng: qmsdoc không ghi qua đó.",
                            f"{folder} is a symbolic link: qmsdoc does not write through it.")
        folder.mkdir(exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix="rev-", dir=base / "diff"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _tree_files(g: GitRepo, commit: str) -> dict[str, bytes]:
    """Every file of the QMS root at ``commit`` (root-relative path → bytes), read from Git's
    objects: no checkout attributes (``export-ignore``, filters) apply, a symbolic link is read
    as the file it names inside the tree, submodules are skipped."""
    pre = f"{g.prefix}/" if g.prefix else ""
    spec = [f":(literal){g.prefix}"] if g.prefix else []
    listing = _run(g.top, "ls-tree", "-r", "-z", "--full-tree", commit, "--", *spec)
    entries: dict[str, tuple[str, str]] = {}  # path → (mode, object)
    for record in listing.decode("utf-8", "surrogateescape").split("\0"):
        if "\t" not in record:
            continue
        meta, path = record.split("\t", 1)
        mode, kind, obj = meta.split()
        if kind == "blob" and path.startswith(pre):
            entries[path[len(pre):]] = (mode, obj)
    wanted = sorted({obj for _, obj in entries.values()})
    blobs: dict[str, bytes] = {}
    if wanted:
        data = _run_input(g.top, ("\n".join(wanted) + "\n").encode(), "cat-file", "--batch")
        pos = 0
        while pos < len(data):
            end = data.index(b"\n", pos)
            sha, _kind, size = data[pos:end].decode().split()
            start = end + 1
            blobs[sha] = data[start:start + int(size)]
            pos = start + int(size) + 1
    out: dict[str, bytes] = {}
    for path, (mode, obj) in entries.items():
        if mode == "120000":  # a link: the file it names, when that is in the tree
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path),
                                                       blobs[obj].decode("utf-8", "replace")))
            found = entries.get(target)
            if found is None or found[0] == "120000":
                continue
            out[path] = blobs[found[1]]
        else:
            out[path] = blobs[obj]
    return out


def _run_input(top: Path, data: bytes, *args: str) -> bytes:
    try:
        proc = subprocess.run(["git", *args], cwd=top, input=data, capture_output=True,
                              timeout=300, env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
    except (OSError, subprocess.SubprocessError) as e:
        raise DiffError(f"Không chạy được git: {e}", f"Cannot run git: {e}") from None
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip()[:300]
        raise DiffError(f"Lệnh git {args[0]} bị lỗi: {err}", f"git {args[0]} failed: {err}")
    return proc.stdout


def load_revision(root: Path, g: GitRepo, commit: str, label: str) -> Snapshot:
    """The QMS root as it was at ``commit``: its files written into a scratch folder (regular
    files only, every path checked to stay inside it) and loaded by the ordinary loader."""
    files = _tree_files(g, commit)
    with _scratch(root) as scratch:
        for rel, data in files.items():
            parts = PurePosixPath(rel).parts
            if not parts or any(p in ("", ".", "..") for p in parts) or "\0" in rel:
                continue
            target = scratch.joinpath(*parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "xb") as fh:  # a fresh folder: never an existing file or link
                fh.write(data)
        try:
            loaded = load_repository(scratch)
        except NotARepository:
            raise DiffError(f"Ở phiên bản {label} chưa có kho tài liệu (không có qms.yaml).",
                            f"At {label} there is no qmsdoc repository yet (no qms.yaml).") \
                from None
    repo = loaded.repo
    repo.root = root.resolve()  # paths stay relative: the snapshot reads as the real root
    return Snapshot(label, commit, repo, loaded.diagnostics)


def load_worktree(root: Path) -> Snapshot:
    loaded = load_repository(root)
    return Snapshot(WORKTREE, None, loaded.repo, loaded.diagnostics)


def last_release_tag(root: Path) -> str:
    """The newest release tag of this root (the default FROM)."""
    from qmsdoc.history import load_history

    history = load_history(root)
    if not history.releases:
        raise DiffError("Chưa có lần ban hành nào (thẻ qms/…) để so sánh: hãy nêu phiên bản "
                        "gốc, ví dụ qmsdoc diff HEAD~1.",
                        "No release yet (qms/… tag) to compare with: name the revision, e.g. "
                        "qmsdoc diff HEAD~1.")
    return history.releases[-1].tag


def last_commits(g: GitRepo, old: str, new: str | None, paths: list[str]) -> dict[str, Commit]:
    """Per root-relative path, the newest commit in ``old..new`` (the working tree: HEAD's
    range) that changed it: a commit of the coordinator, not a release commit (which only
    raises the edition and the dates), unless only releases changed it."""
    out: dict[str, Commit] = {}
    releases: dict[str, Commit] = {}
    if not paths:
        return out
    pre = f"{g.prefix}/" if g.prefix else ""
    tip = new or "HEAD"
    text = _run(g.top, "log", "--no-renames", "--format=\x1e%H\x1f%an\x1f%aI\x1f%s",
                "--name-only", "-z", f"{old}..{tip}", "--",
                *(f":(literal){pre}{p}" for p in paths))
    for record in text.decode("utf-8", "replace").split("\x1e"):
        if "\x1f" not in record:
            continue
        head, _, names = record.partition("\n")
        sha, author, when, subject = (head.split("\x1f") + [""])[:4]
        try:
            stamp = dt.datetime.fromisoformat(when.strip())
        except ValueError:
            continue
        target = releases if subject.startswith(RELEASE_SUBJECT) else out
        for name in names.split("\0"):
            name = name.strip("\n")
            rel = name[len(pre):] if pre and name.startswith(pre) else name
            if rel and rel not in target:
                target[rel] = Commit(sha, author, stamp)
    return {**releases, **out}


def renames(g: GitRepo, old: str, new: str | None) -> dict[str, str]:
    """Old path → new path of the files Git sees as renamed (root-relative)."""
    pre = f"{g.prefix}/" if g.prefix else ""
    args = ["diff", "-M", "--name-status", "-z", old, *([new] if new else []), "--",
            f":(literal){g.prefix}" if g.prefix else "."]
    fields_ = _run(g.top, *args).decode("utf-8", "replace").split("\0")
    out: dict[str, str] = {}
    i = 0
    while i < len(fields_):
        status = fields_[i]
        if status.startswith("R") and i + 2 < len(fields_):
            a, b = fields_[i + 1], fields_[i + 2]
            if a.startswith(pre) and b.startswith(pre):
                out[a[len(pre):]] = b[len(pre):]
            i += 3
        elif status.startswith("C"):
            i += 3
        else:
            i += 2
    return out
