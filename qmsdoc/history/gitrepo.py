"""Talking to Git: open the work tree around a QMS root and run the few commands history needs.

Every Git failure becomes a :class:`GitUnavailable` carrying a Vietnamese and an English reason,
so that callers degrade (history off, with a notice) instead of crashing. The commands are
few and whole-repository: ``rev-parse``, one ``log``, one ``for-each-ref``, one ``status`` and,
only when a release tag points outside the QMS root's commits, one ``rev-list``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qmsdoc.diagnostics import QmsdocError

if TYPE_CHECKING:
    import git

#: Release tags live under this prefix: ``qms/2026-03-05``, ``qms/2026-03-05.2``…
TAG_PREFIX = "qms/"


class GitUnavailable(QmsdocError):
    """Git cannot be used here; ``kind`` says why (not-a-repository, no-git, error, no-commits)."""

    def __init__(self, kind: str, vi: str, en: str) -> None:
        super().__init__(vi, en)
        self.kind = kind


def _git_module() -> Any:
    try:
        import git
    except ImportError as e:  # gitpython refuses to import when no git executable is found
        raise GitUnavailable("no-git", "không tìm thấy chương trình git (cài Git để có lịch sử)",
                             "the git program was not found (install Git for history)") from e
    return git


def _describe(e: Exception) -> tuple[str, str]:
    text = getattr(e, "stderr", "") or str(e)
    text = " ".join(str(text).replace("stderr:", "").split()).strip(" '\"")
    return text[:300], text[:300]


@dataclass
class GitRepo:
    """An open Git work tree and where the QMS root sits in it."""

    repo: git.Repo
    top: Path  # the work tree's top folder
    prefix: str  # the QMS root relative to ``top`` (posix, "" at the top)
    version: tuple[int, ...]

    @classmethod
    def open(cls, root: Path) -> GitRepo:
        """Open the repository that contains ``root``; raise GitUnavailable otherwise."""
        gitmod = _git_module()
        root = Path(root).resolve()
        try:
            repo = gitmod.Repo(root, search_parent_directories=True)
        except (gitmod.exc.InvalidGitRepositoryError, gitmod.exc.NoSuchPathError):
            raise GitUnavailable("not-a-repository",
                                 f"{root} không nằm trong một kho Git",
                                 f"{root} is not inside a Git repository") from None
        except Exception as e:  # noqa: BLE001  (any other failure: degrade, never a traceback)
            vi, en = _describe(e)
            raise GitUnavailable("error", f"không mở được kho Git: {vi}",
                                 f"cannot open the Git repository: {en}") from None
        if repo.bare or repo.working_tree_dir is None:
            raise GitUnavailable("not-a-repository", "kho Git không có thư mục làm việc (bare)",
                                 "the Git repository has no work tree (bare)")
        # `git status` would otherwise refresh and rewrite the index under index.lock, and the
        # user's own git command at that moment fails ("index.lock exists").
        repo.git.update_environment(GIT_OPTIONAL_LOCKS="0")
        top = Path(repo.working_tree_dir).resolve()
        try:
            rel = root.relative_to(top).as_posix()
        except ValueError:
            rel = "."
        prefix = "" if rel == "." else rel
        try:
            version = tuple(repo.git.version_info)
        except Exception as e:  # noqa: BLE001
            raise _failure(e) from None
        return cls(repo, top, prefix, version)

    def run(self, command: str, *args: str) -> str:
        """Run ``git <command> <args>`` in the work tree; failures become GitUnavailable."""
        try:
            out: str = getattr(self.repo.git, command.replace("-", "_"))(*args)
        except Exception as e:  # noqa: BLE001
            raise _failure(e) from None
        return out

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

    def is_detached(self) -> bool:
        try:
            return bool(self.repo.head.is_detached)
        except Exception:  # noqa: BLE001
            return False

    def branch(self) -> str:
        try:
            return str(self.repo.active_branch.name)
        except Exception:  # noqa: BLE001  (detached HEAD)
            return ""

    def log(self) -> str:
        """The single whole-repository log (see :mod:`qmsdoc.history.log`)."""
        from qmsdoc.history.log import LOG_FORMAT

        merges = ("--diff-merges=first-parent",) if self.version >= (2, 31) else ("-m",)
        return self.run("log", "--first-parent", *merges, "-M", "--name-status", "-z",
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


def _failure(e: Exception) -> GitUnavailable:
    name = type(e).__name__
    if name == "GitCommandNotFound" or isinstance(e, FileNotFoundError):
        return GitUnavailable("no-git", "không chạy được chương trình git (chưa cài Git?)",
                              "cannot run the git program (is Git installed?)")
    vi, en = _describe(e)
    return GitUnavailable("error", f"lệnh git bị lỗi: {vi}", f"a git command failed: {en}")
