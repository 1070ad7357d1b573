"""Atomic file writes: a reader sees the old file or the new one, never a half-written one."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def _umask_mode() -> int:
    umask = os.umask(0)  # reading the umask means setting it; done once, at import
    os.umask(umask)
    return 0o666 & ~umask


_NEW_FILE_MODE = _umask_mode()


def default_mode() -> int:
    """The permissions a new file gets from the process umask (usually 0o644)."""
    return _NEW_FILE_MODE


def real_folders(base: Path, folder: Path) -> None:
    """Create or check every folder from ``base`` (trusted) down to ``folder`` without following
    a symbolic link: a link, or anything but a folder, on the way raises OSError (ELOOP)."""
    try:
        parts = folder.relative_to(base).parts
    except ValueError:
        raise OSError(errno.EINVAL, "not inside the folder", str(folder)) from None
    current = base
    for part in parts:
        current = current / part
        try:
            os.mkdir(current)
        except FileExistsError:
            if not stat.S_ISDIR(os.lstat(current).st_mode):  # lstat: a link is not a folder
                raise OSError(errno.ELOOP, "not a real folder (a link?)", str(current)) from None


def write_atomic(path: Path, data: bytes, mode: int | None = None, *,
                 within: Path | None = None) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    The file keeps the permissions of the file it replaces, or gets the umask's for a new one,
    unless ``mode`` says otherwise (mkstemp alone would leave it owner-only). The rename
    replaces a link at ``path`` rather than writing through it; with ``within``, the folders
    from ``within`` down to ``path``'s are created or checked without following links either.
    """
    mode, fd, tmp = _temporary(path, mode, within)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _temporary(path: Path, mode: int | None, within: Path | None) -> tuple[int, int, str]:
    """The folders up to ``path`` made or checked, the mode the file will get, and a new
    temporary file beside it (descriptor, name)."""
    if within is not None:
        real_folders(within, path.parent)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    if mode is None:
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = _NEW_FILE_MODE
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    return mode, fd, tmp


class HashingSink:
    """A file being written that counts and hashes (SHA-256) what goes through it."""

    def __init__(self, fh: BinaryIO, folder: str = "") -> None:
        self.fh = fh
        self.folder = folder  # where scratch files of the writer may go
        self.size = 0
        self.sha256 = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.fh.write(data)
        self.sha256.update(data)
        self.size += len(data)
        return len(data)


def write_atomic_streamed(path: Path, produce: Callable[[HashingSink], None],
                          keep: Callable[[int, str], bool] = lambda size, digest: True,
                          mode: int | None = None, *, within: Path | None = None
                          ) -> tuple[bool, int, str]:
    """:func:`write_atomic` for a file too large to hold in memory: ``produce`` writes it
    piece by piece into a temporary file beside ``path``, which then replaces ``path``
    unless ``keep(size, sha256)`` says the new bytes are not wanted (they equal a file
    already in place). Returns (replaced, size, SHA-256 hex digest)."""
    mode, fd, tmp = _temporary(path, mode, within)
    try:
        with os.fdopen(fd, "wb") as fh:
            sink = HashingSink(fh, str(path.parent))
            produce(sink)
            digest = sink.sha256.hexdigest()
            wanted = keep(sink.size, digest)
            if wanted:
                fh.flush()
                os.fsync(fh.fileno())
        if not wanted:
            os.unlink(tmp)
            return False, sink.size, digest
        os.chmod(tmp, mode)
        os.replace(tmp, path)
        return True, sink.size, digest
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
