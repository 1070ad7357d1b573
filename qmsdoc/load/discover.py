"""Find the source files of a repository: every .md, .yaml and .yml file under the root.

Hidden folders and files (``.git``, ``.github``…), folders starting with ``_`` (``_build``), the
output folder, the top-level ``profiles`` folder (the organisation's own profiles, read by
qmsdoc.standards) and the ``exclude`` globs of qms.yaml are skipped. Symbolic links are never
followed out of the repository, and linked folders are not entered (no loops).

What is found but cannot be read is returned too, with the reason in ``problem``, so that every
command can say what it skipped (docs/reliability.md, "Reading sources"):

* ``special``: a FIFO, socket or device named like a source (never opened: it could block);
* ``bad-name``: a file or folder name that is not UTF-8 (``rel`` shows it with ``\\xNN`` escapes);
* ``too-deep``: a folder nested deeper than :data:`MAX_FOLDER_DEPTH` (not entered);
* ``nested-repo``: a folder holding its own ``.git`` (a submodule, a nested clone) or its own
  ``qms.yaml`` (another repository's root): it belongs to that repository, not this one;
* ``folder-unreadable``, ``link-outside``, ``link-broken``.

The walk is iterative (no recursion on a depth the repository decides) and reads each folder
once: the work is bounded by the number of entries, whatever the shape of the tree.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
from dataclasses import dataclass
from pathlib import Path

EXTENSIONS = (".md", ".yaml", ".yml")
CONFIG_NAMES = ("qms.yaml", "qms.yml")
#: Folders deeper than this are not entered (documents are a few levels deep; 1,100 levels
#: crashed every command before, and paths that long approach the system's PATH_MAX).
MAX_FOLDER_DEPTH = 64
#: Problems that concern a folder (the candidate's ``path`` is the folder), not a file.
FOLDER_PROBLEMS = frozenset({"too-deep", "nested-repo", "folder-unreadable"})
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Candidate:
    path: Path  # absolute
    rel: str  # posix path relative to the root (printable: undecodable bytes escaped)
    problem: str = ""  # why it cannot be read, if known already (see the module docstring)
    detail: str = ""  # more about the problem: the OS error, the marker of a nested repository
    is_link: bool = False  # a symbolic link (inside the repository) to a regular file


def find_config(root: Path) -> Path | None:
    for name in CONFIG_NAMES:
        p = root / name
        if p.is_file():
            return p
    return None


def printable(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 (surrogate escapes) shown as ``\\xNN``."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def discover(root: Path, exclude: list[str], output_dir: str | None, *,
             profiles: bool = False) -> list[Candidate]:
    """Source files under ``root`` in a stable (sorted, depth-first) order, qms.yaml excluded.

    ``profiles``: also enter the top-level ``profiles`` folder (the check cache's superset).
    """
    root = root.resolve()
    skip_dirs = {output_dir.strip("/")} if output_dir else set()
    out: list[Candidate] = []

    def excluded(rel: str) -> bool:
        return any(fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(rel, pat.rstrip("/") + "/*")
                   for pat in exclude)

    # (entry, prefix, depth): a depth-first walk with an explicit stack, children pushed in
    # reverse so that they come out sorted, exactly the order of the former recursive walk.
    stack: list[tuple[os.DirEntry[str], str, int]] = []

    def push_folder(folder: str, prefix: str, depth: int) -> str | None:
        """Push the entries of a folder; the reason it cannot be entered, if any."""
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as e:
            return f"folder-unreadable:{e.strerror or e}"
        names = {e.name for e in entries}
        if prefix and (".git" in names or names & set(CONFIG_NAMES)):
            marker = ".git" if ".git" in names else next(n for n in CONFIG_NAMES if n in names)
            return f"nested-repo:{marker}"
        stack.extend((e, prefix, depth) for e in reversed(entries))
        return None

    def folder_problem(path: Path, rel: str, reason: str) -> None:
        problem, _, detail = reason.partition(":")
        out.append(Candidate(path, rel, problem, detail))

    top = push_folder(str(root), "", 1)
    if top is not None and top.startswith("folder-unreadable"):
        return out  # the root itself: the caller reports a missing or unreadable repository
    while stack:
        entry, prefix, depth = stack.pop()
        name = entry.name
        rel = f"{prefix}{name}"
        if name.startswith(".") or excluded(rel):
            continue
        try:  # the entry's type comes with the listing (d_type): no stat for most entries
            is_dir = entry.is_dir(follow_symlinks=False)
            is_link = not is_dir and entry.is_symlink()
            is_file = not is_dir and not is_link and entry.is_file(follow_symlinks=False)
        except OSError:
            continue  # vanished meanwhile
        shown = printable(rel)
        if is_dir:
            if name.startswith("_") or rel in skip_dirs or name in ("node_modules", "venv") \
                    or (rel == "profiles" and not profiles):
                continue
            path = Path(entry.path)
            if shown != rel:
                out.append(Candidate(path, shown, "bad-name"))
            elif depth >= MAX_FOLDER_DEPTH:
                out.append(Candidate(path, rel, "too-deep", str(MAX_FOLDER_DEPTH)))
            elif (why := push_folder(entry.path, rel + "/", depth + 1)) is not None:
                folder_problem(path, rel, why)
            continue
        if not name.lower().endswith(EXTENSIONS) or (not prefix and name in CONFIG_NAMES):
            continue
        path = Path(entry.path)
        if shown != rel:
            out.append(Candidate(path, shown, "bad-name"))
        elif is_link:
            problem = _link_problem(path, root)
            if problem != "dir":
                out.append(Candidate(path, rel, problem, is_link=True))
        elif is_file:
            out.append(Candidate(path, rel))
        else:  # a FIFO, socket or device: never opened
            try:
                kind = _kind_of_mode(entry.stat(follow_symlinks=False).st_mode)
            except OSError:
                continue
            out.append(Candidate(path, rel, "special", kind))
    return out


def _link_problem(path: Path, root: Path) -> str:
    try:
        target = path.resolve(strict=True)
        mode = os.stat(target).st_mode
    except (OSError, RuntimeError):
        return "link-broken"
    if stat.S_ISDIR(mode):
        return "dir"
    if not target.is_relative_to(root):
        return "link-outside"
    if not stat.S_ISREG(mode):
        return "special"
    return ""


def _kind_of_mode(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "other"


class NotRegular(OSError):
    """The path is not a regular file (a FIFO, socket or device): it is never read."""


class TooLarge(Exception):
    """The file is larger than the limit it is read with."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(size, limit)
        self.size = size
        self.limit = limit


def open_source(path: Path, *, follow: bool = True) -> int:
    """An open descriptor of a regular file, never blocking and never opening anything else.

    ``O_NONBLOCK`` makes opening a FIFO return at once (it would wait for a writer), and the
    ``fstat`` refuses it, a socket or a device before a byte is read. ``follow=False`` adds
    ``O_NOFOLLOW``: a file that was not a link when found must not have become one.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) \
        | getattr(os, "O_BINARY", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegular(errno.EINVAL, "not a regular file", str(path))
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_source(path: Path, limit: int, *, follow: bool = True) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    The buffer is sized by the file's actual size, never by ``limit`` (a huge
    ``limits.max_file_bytes`` once allocated that much up front: MemoryError). Raises
    :class:`TooLarge`, :class:`NotRegular` or OSError.
    """
    fd = open_source(path, follow=follow)
    with os.fdopen(fd, "rb", buffering=0) as fh:
        size = os.fstat(fd).st_size
        if size > limit:
            raise TooLarge(size, limit)
        chunks: list[bytes] = []
        total = 0
        while True:  # the first read asks for size + 1: it notices a file that grew
            more = fh.read(size + 1 - total if total <= size else _CHUNK)
            if not more:
                return b"".join(chunks)
            chunks.append(more)
            total += len(more)
            if total > limit:
                raise TooLarge(total, limit)
