"""Talking to Git: open the work tree around a QMS root and run the few commands history needs.

Every Git failure becomes a :class:`GitUnavailable` carrying a Vietnamese and an English reason,
so that callers degrade (history off, with a notice) instead of crashing. The commands are
few and whole-repository: ``rev-parse``, one ``log``, one ``for-each-ref``, one ``status`` and,
only when a release tag points outside the QMS root's commits, one ``rev-list``.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from qmsdoc.diagnostics import QmsdocError

#: Release tags live under this prefix: ``qms/2026-03-05``, ``qms/2026-03-05.2``…
TAG_PREFIX = "qms/"


class GitUnavailable(QmsdocError):
    """Git cannot be used here; ``kind`` says why (not-a-repository, no-git, error, no-commits)."""

    def __init__(self, kind: str, vi: str, en: str) -> None:
        super().__init__(vi, en)
        self.kind = kind


class GitFailed(Exception):
    """A git command exited with an error; ``stderr`` is what it said."""

    def __init__(self, command: str, stderr: str) -> None:
        super().__init__(f"git {command}: {stderr}")
        self.stderr = stderr


def _executable() -> str:
    # The variable GitPython honours, so a setup that named its git for GitPython keeps it.
    return os.environ.get("GIT_PYTHON_GIT_EXECUTABLE") or "git"


def _environment() -> dict[str, str]:
    # English messages (some are matched); `git status` must not refresh and rewrite the index
    # under index.lock, or the user's own git command at that moment fails.
    return {**os.environ, "LANGUAGE": "C", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}


def _git(cwd: Path, *args: str) -> bytes:
    """Run git directly (a process per command, as GitPython did, without importing it: that
    alone cost every ``check`` more than its Git log); failures raise GitFailed, a missing
    git FileNotFoundError."""
    proc = subprocess.run([_executable(), *args], cwd=cwd, env=_environment(),
                          stdin=subprocess.DEVNULL, capture_output=True)
    if proc.returncode != 0:
        raise GitFailed(args[0], proc.stderr.decode("utf-8", "replace").strip())
    return proc.stdout


def _text(out: bytes) -> str:
    """Output as text, without its last newline (what GitPython gave callers)."""
    text = out.decode("utf-8", "surrogateescape")
    return text[:-1] if text.endswith("\n") else text


def _version(text: str) -> tuple[int, ...]:
    """``git version 2.39.5`` → (2, 39, 5); up to four numbers, as GitPython read it."""
    words = text.split()
    found = re.match(r"\d+(?:\.\d+){0,3}", words[2] if len(words) > 2 else "")
    return tuple(int(n) for n in found.group().split(".")) if found else ()


def _describe(e: Exception) -> tuple[str, str]:
    text = getattr(e, "stderr", "") or str(e)
    text = " ".join(str(text).replace("stderr:", "").split()).strip(" '\"")
    return text[:300], text[:300]


@dataclass
class GitRepo:
    """A Git work tree and where the QMS root sits in it."""

    top: Path  # the work tree's top folder
    prefix: str  # the QMS root relative to ``top`` (posix, "" at the top)
    version: tuple[int, ...]

    @classmethod
    def open(cls, root: Path) -> GitRepo:
        """The repository that contains ``root``; raise GitUnavailable otherwise."""
        root = Path(root).resolve()
        try:
            version = _version(_text(_git(root, "version")))
            where = _text(_git(root, "rev-parse", "--is-bare-repository",
                               "--is-inside-work-tree")).split()
            if where[:1] == ["true"] or where[1:2] != ["true"]:
                raise GitUnavailable("not-a-repository",
                                     "kho Git không có thư mục làm việc (bare)",
                                     "the Git repository has no work tree (bare)")
            top = Path(_text(_git(root, "rev-parse", "--show-toplevel"))).resolve()
        except GitFailed as e:
            if "not a git repository" in e.stderr:
                raise GitUnavailable("not-a-repository",
                                     f"{root} không nằm trong một kho Git",
                                     f"{root} is not inside a Git repository") from None
            raise _failure(e) from None
        except (OSError, subprocess.SubprocessError) as e:
            raise _failure(e) from None
        try:
            rel = root.relative_to(top).as_posix()
        except ValueError:
            rel = "."
        return cls(top, "" if rel == "." else rel, version)

    def run(self, command: str, *args: str) -> str:
        """Run ``git <command> <args>`` in the work tree; failures become GitUnavailable."""
        return _text(self.run_bytes(command, *args))

    def run_bytes(self, command: str, *args: str) -> bytes:
        """``run``, its output as bytes (a file's content as stored)."""
        try:
            return _git(self.top, command, *args)
        except (GitFailed, OSError, subprocess.SubprocessError) as e:
            raise _failure(e) from None

    @property
    def pathspec(self) -> list[str]:
        return ["--", f":(literal){self.prefix}"] if self.prefix else []

    def head(self) -> str | None:
        """The commit HEAD points at, or None before the first commit."""
        try:
            return self.run("rev-parse", "-q", "--verify", "HEAD^{commit}").strip() or None
        except GitUnavailable:
            return None

    def is_shallow(self) -> bool:
        return self.run("rev-parse", "--is-shallow-repository").strip() == "true"

    def branch(self) -> str:
        """The checked-out branch, "" on a detached HEAD (it names a commit, not a branch)."""
        try:
            return self.run("symbolic-ref", "-q", "--short", "HEAD").strip()
        except GitUnavailable:
            return ""

    def tag_names(self) -> set[str]:
        """Every tag's name (``qms/2026-03-05``…)."""
        out = self.run("for-each-ref", "--format=%(refname:strip=2)", "refs/tags/")
        return set(out.split("\n")) - {""}

    def start_log(self) -> Running:
        """The single whole-repository log (see :mod:`qmsdoc.history.log`), started: git
        writes it while the caller asks its other questions (:meth:`Running.result`)."""
        from qmsdoc.history.log import LOG_FORMAT

        merges = ("--diff-merges=first-parent",) if self.version >= (2, 31) else ("-m",)
        return Running(self.top, "log", "--first-parent", *merges, "-M", "--name-status", "-z",
                       "--no-color", "--encoding=UTF-8", f"--format={LOG_FORMAT}", "HEAD",
                       *self.pathspec)

    def first_parent_chain(self) -> list[str]:
        """Every commit hash on HEAD's first-parent chain, newest first."""
        return self.run("rev-list", "--first-parent", "HEAD").split()

    def tags(self) -> str:
        """Every release tag (``refs/tags/qms/…``): name, objects, author, date and message."""
        fmt = ("%1e%(refname:strip=2)%1f%(objectname)%1f%(*objectname)%1f%(taggername)"
               "%1f%(authorname)%1f%(creatordate:unix)%1f%(contents)")
        return self.run("for-each-ref", f"--format={fmt}", "refs/tags/" + TAG_PREFIX)

    def status(self) -> set[str]:
        """Paths (relative to the QMS root) with staged, unstaged or untracked changes."""
        out = self.run("status", "--porcelain=v1", "-z", "--untracked-files=all",
                       "--ignore-submodules", *(self.pathspec or ["--", "."]))
        dirty: set[str] = set()
        fields = out.split("\x00")
        i = 0
        while i < len(fields):
            entry = fields[i]
            i += 1
            if len(entry) < 4:
                continue
            xy, path = entry[:2], entry[3:]
            dirty.add(path)
            if "R" in xy or "C" in xy:
                if i < len(fields) and fields[i]:
                    dirty.add(fields[i])
                i += 1
        out_paths = set()
        for p in dirty:
            p = p.rstrip("/")
            if not self.prefix:
                out_paths.add(p)
            elif p.startswith(self.prefix + "/"):
                out_paths.add(p[len(self.prefix) + 1:])
        return out_paths


class Running:
    """A git command running in the background, its output read by a thread as it comes (a
    pipe holds only 64 KiB: unread, git would wait for the reader)."""

    def __init__(self, cwd: Path, *args: str) -> None:
        import threading

        self.command = args[0]
        self.out: list[bytes] = []
        self.error: Exception | None = None
        try:
            self.proc: subprocess.Popen[bytes] | None = subprocess.Popen(
                [_executable(), *args], cwd=cwd, env=_environment(), stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except (OSError, subprocess.SubprocessError) as e:
            self.proc, self.error = None, e
            return
        self.thread = threading.Thread(target=self._read, name="qmsdoc-git", daemon=True)
        self.thread.start()

    def _read(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        self.out.append(self.proc.stdout.read())

    def result(self) -> str:
        """The output (as :meth:`GitRepo.run` gives it); failures become GitUnavailable."""
        if self.proc is None:
            assert self.error is not None
            raise _failure(self.error)
        self.thread.join()
        assert self.proc.stderr is not None
        err = self.proc.stderr.read()
        self.proc.stdout.close()  # type: ignore[union-attr]
        self.proc.stderr.close()
        if self.proc.wait() != 0:
            raise _failure(GitFailed(self.command, err.decode("utf-8", "replace").strip()))
        return _text(b"".join(self.out))

    def discard(self) -> None:
        """Stop it and let it go (its answer is not needed after all)."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.kill()
        self.thread.join()
        self.proc.wait()
        for pipe in (self.proc.stdout, self.proc.stderr):
            if pipe is not None:
                pipe.close()


def _failure(e: Exception) -> GitUnavailable:
    if isinstance(e, FileNotFoundError | PermissionError | NotADirectoryError):
        return GitUnavailable("no-git", "không chạy được chương trình git (chưa cài Git?)",
                              "cannot run the git program (is Git installed?)")
    vi, en = _describe(e)
    return GitUnavailable("error", f"lệnh git bị lỗi: {vi}", f"a git command failed: {en}")
