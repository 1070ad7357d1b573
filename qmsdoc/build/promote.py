"""Putting a new set in place all at once: at every instant the output folder holds either the
complete previous set with its manifest or the complete new one.

A build writes the files that changed into a new folder beside the output folder
(``.<out>.qmsdoc-next``, made by this build). Once every file is rendered, the files it keeps
from the previous set (unchanged outputs, files qmsdoc did not write, the lock file) are
hard-linked into it (same bytes, same modification time, no copy), the manifest and cache are
written into it, and the two folders are exchanged in one ``renameat2(RENAME_EXCHANGE)`` call
(Linux; ``renamex_np(RENAME_SWAP)`` on macOS). The new folder then holds the previous set and is
deleted. A build killed at any point leaves the output folder complete; the next build deletes
the leftover folder before it starts.

When the folders cannot be exchanged (another platform, the output folder is a mount point, its
parent cannot be written, or it holds sub-folders of its own that a swap would have to move),
the changed files are staged in ``<out>/.qmsdoc-staging`` and moved into place one by one once
all are rendered ("in place"): a failed render still leaves the previous set, but a kill during
the moves leaves a mix of files (docs/reliability.md).

Nothing here follows a symbolic link for writing or deleting: the new folder is created by the
build, files are linked with ``follow_symlinks=False``, links of the previous set are recreated
as links, and only regular files are ever deleted.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import shutil
import signal
import stat
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from qmsdoc.atomic import write_atomic
from qmsdoc.build.inputs import BuildError
from qmsdoc.model.outputs import CACHE_FILE, LOCK_FILE, MANIFEST

#: Where the in-place mode stages changed files inside the output folder.
STAGING = ".qmsdoc-staging"
NEXT_SUFFIX = ".qmsdoc-next"

#: Called with the name of every step of putting a set in place, before the step runs (tests
#: inject faults here). ``QMSDOC_FAULT_KILL_AT=<n>`` makes the build kill itself (SIGKILL, no
#: clean-up at all) just before its n-th step, counted from 0: the fault-injection tests run a
#: build in a subprocess with it.
STEP_HOOK: Callable[[str], None] | None = None
ENV_KILL = "QMSDOC_FAULT_KILL_AT"
_steps = [0]


def step(name: str) -> None:
    if STEP_HOOK is not None:
        STEP_HOOK(name)
    at = os.environ.get(ENV_KILL)
    if at is not None and at.strip() == str(_steps[0]):
        sys.stdout.flush()
        if hasattr(signal, "SIGKILL"):
            os.kill(os.getpid(), signal.SIGKILL)
        os._exit(137)  # pragma: no cover - no SIGKILL (Windows)
    _steps[0] += 1


def next_folder(out: Path) -> Path:
    return out.parent / f".{out.name}{NEXT_SUFFIX}"


def is_disk_full(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)


@dataclass
class Stage:
    """Where a build puts the bytes of the files that changed until the set is complete."""

    out: Path
    dir: Path
    swap: bool  # ``dir`` is the next set beside ``out``; else the staging folder inside it
    created: bool = field(default=False)

    @classmethod
    def open(cls, out: Path) -> Stage:
        """The stage of a build into ``out`` (held under the output folder's lock)."""
        nxt = next_folder(out)
        made = False
        if _can_swap(out):
            try:
                os.mkdir(nxt)  # never an existing folder: only one this build made is used
                made = True
                os.chmod(nxt, stat.S_IMODE(os.lstat(out).st_mode))  # the folder's permissions
                # The lock file (the same file: the lock survives the exchange) marks the
                # folder as qmsdoc's own for the next build's clean-up.
                _carry(out / LOCK_FILE, nxt / LOCK_FILE)
                return cls(out, nxt, True, True)
            except OSError:
                if made:
                    _remove_tree(nxt)
        staging = out / STAGING
        try:
            os.mkdir(staging)
        except FileExistsError:
            if not _is_real_dir(staging):
                raise BuildError(
                    f"{staging} không phải là thư mục do qmsdoc tạo ra; xóa nó rồi chạy lại.",
                    f"{staging} is not a folder qmsdoc made; delete it and run again.") from None
        return cls(out, staging, False, True)

    def staged(self, file: str) -> Path:
        return self.dir / file

    def current(self, file: str) -> Path:
        """The newest bytes of an output file: staged by this build, else the file in place."""
        s = self.staged(file)
        return s if _is_regular(s) else self.out / file

    def has_staged(self, file: str) -> bool:
        return _is_regular(self.staged(file))

    def discard(self) -> None:
        """Forget everything staged: the output folder keeps the previous set untouched."""
        _remove_tree(self.dir)

    def commit(self, written: Iterable[str], delete: Iterable[str],
               manifest: bytes | None, cache: bytes) -> None:
        """Put the new set in place: the ``written`` files (staged), without ``delete``, with
        this manifest (None: unchanged) and cache."""
        step("commit")
        if self.swap and _carriable(self.out):
            self._swap(set(written), set(delete), manifest, cache)
        else:
            self._in_place(list(written), list(delete), manifest, cache)

    def _swap(self, written: set[str], delete: set[str], manifest: bytes | None,
              cache: bytes) -> None:
        nxt = self.dir
        skip = {*written, *delete, LOCK_FILE, CACHE_FILE}
        if manifest is not None:
            skip.add(MANIFEST)
        for entry in sorted(os.scandir(self.out), key=lambda e: e.name):
            if entry.name in skip or _is_temporary(entry.name):
                continue
            step(f"link {entry.name}")
            _carry(Path(entry.path), nxt / entry.name)
        if manifest is not None:
            step("manifest")
            write_atomic(nxt / MANIFEST, manifest, within=nxt)
        step("cache")
        write_atomic(nxt / CACHE_FILE, cache, within=nxt)
        _fsync_dir(nxt)
        step("exchange")
        if not _exchange(nxt, self.out):  # cannot swap after all: move the files instead
            self._in_place_from(nxt, written, delete, manifest, cache)
            return
        _fsync_dir(self.out.parent)
        step("remove previous set")
        _remove_tree(nxt)  # the previous set: every file kept is linked in the new one
        step("done")

    def _in_place(self, written: list[str], delete: list[str], manifest: bytes | None,
                  cache: bytes) -> None:
        self._in_place_from(self.dir, set(written), set(delete), manifest, cache)

    def _in_place_from(self, folder: Path, written: set[str], delete: set[str],
                       manifest: bytes | None, cache: bytes) -> None:
        for name in sorted(written):
            step(f"replace {name}")
            os.replace(folder / name, self.out / name)  # replaces a link, never follows it
        for name in sorted(delete):
            step(f"delete {name}")
            path = self.out / name
            if _is_regular(path):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
        if manifest is not None:
            step("manifest")
            write_atomic(self.out / MANIFEST, manifest, within=self.out)
        step("cache")
        write_atomic(self.out / CACHE_FILE, cache, within=self.out)
        step("remove staging")
        _remove_tree(folder)
        step("done")


def remove_leftovers(out: Path) -> list[str]:
    """Delete what a killed build left: its next folder beside ``out`` (either an incomplete
    new set, or the previous set after the exchange) and its staging folder inside ``out``."""
    removed = []
    nxt = next_folder(out)
    if os.path.lexists(nxt):
        if not _is_real_dir(nxt) or not _is_regular(nxt / LOCK_FILE):
            raise BuildError(
                f"{nxt} không phải là thư mục do qmsdoc tạo ra; qmsdoc không xóa nó. Xóa hoặc "
                "đổi tên nó rồi chạy lại.",
                f"{nxt} is not a folder qmsdoc made, so qmsdoc does not delete it. Delete or "
                "rename it and run again.")
        _remove_tree(nxt)
        removed.append(nxt.name)
    staging = out / STAGING
    if _is_real_dir(staging):
        _remove_tree(staging)
        removed.append(STAGING)
    return removed


# ---------------------------------------------------------------------------------- helpers
def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _is_real_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _is_temporary(name: str) -> bool:
    return name.startswith(".") and name.endswith(".tmp")


def _remove_tree(path: Path) -> None:
    """Delete a folder this build made (rmtree never follows links inside it)."""
    if _is_real_dir(path):
        shutil.rmtree(path, ignore_errors=True)


def _can_swap(out: Path) -> bool:
    """Whether the output folder can be exchanged with a new folder beside it."""
    try:
        here, parent = os.lstat(out), os.lstat(out.parent)
    except OSError:
        return False
    return (stat.S_ISDIR(here.st_mode) and here.st_dev == parent.st_dev
            and _exchange_function() is not None and _carriable(out))


def _carriable(out: Path) -> bool:
    """Everything in ``out`` can be carried into the new set by a link: regular files and
    symbolic links only (a folder of the user's own, or a staging folder, is never moved
    around)."""
    try:
        with os.scandir(out) as entries:
            for e in entries:
                if not (e.is_file(follow_symlinks=False) or e.is_symlink()):
                    return False
    except OSError:
        return False
    return True


def _carry(src: Path, dst: Path) -> None:
    """``src`` into the new set, as the same file: a hard link, a copy keeping its
    modification time where links are not allowed, a link recreated as a link."""
    st = os.lstat(src)
    if stat.S_ISLNK(st.st_mode):
        os.symlink(os.readlink(src), dst)
        return
    if not stat.S_ISREG(st.st_mode):
        raise OSError(errno.EINVAL, "not a regular file", str(src))
    try:
        os.link(src, dst, follow_symlinks=False)
    except OSError as e:
        if is_disk_full(e):
            raise
        shutil.copy2(src, dst, follow_symlinks=False)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # Linux renameat2 flag
_RENAME_SWAP = 2  # macOS renamex_np flag
_exchange_cache: list[Callable[[bytes, bytes], int] | None] = []


def _exchange_function() -> Callable[[bytes, bytes], int] | None:
    """The system call that swaps two paths atomically, if this platform has one."""
    if _exchange_cache:
        return _exchange_cache[0]
    fn: Callable[[bytes, bytes], int] | None = None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
            renameat2 = libc.renameat2

            def fn(a: bytes, b: bytes) -> int:
                return int(renameat2(_AT_FDCWD, a, _AT_FDCWD, b, _RENAME_EXCHANGE))
        elif sys.platform == "darwin" and hasattr(libc, "renamex_np"):
            renamex = libc.renamex_np

            def fn(a: bytes, b: bytes) -> int:
                return int(renamex(a, b, _RENAME_SWAP))
    except (OSError, AttributeError):
        fn = None
    _exchange_cache.append(fn)
    return fn


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically; False when the file system cannot (nothing moved)."""
    fn = _exchange_function()
    if fn is None:
        return False
    if fn(os.fsencode(a), os.fsencode(b)) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EXDEV, errno.EBUSY,
               errno.EPERM, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))
