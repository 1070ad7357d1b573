"""One build at a time per output folder: an exclusive lock on ``<out>/.qmsdoc.lock``.

A second ``qmsdoc build`` of the same output folder waits (saying so on stderr) until the
first one finishes, then works on the first one's result; after ``QMSDOC_LOCK_TIMEOUT``
seconds (default 600) it gives up with a BuildError. The lock is an ``fcntl.flock`` on POSIX
and ``msvcrt.locking`` on Windows; the operating system releases it when the process ends,
however it ends, so a killed build never leaves a stale lock. Where neither exists, or the
lock file cannot be created (a read-only folder, reported clearly by ``output_dir``), the build
runs without it.

Holding the lock, the build also removes what a build killed mid-way (SIGKILL, power loss)
left behind: its next set beside the output folder or its staging folder (see promote.py), and
the temporary files of interrupted atomic writes (``.<name>.*.tmp`` at the top of the output
folder, where qmsdoc writes; see qmsdoc.atomic).

The lock file is opened without following a symbolic link (a link committed in its place is
refused), and since the set is put in place by exchanging folders, a build that waited checks
once it holds the lock that its lock file is still the output folder's (the exchange keeps the
same file, linked into the new set; a copy would not be) and tries again otherwise.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from qmsdoc.build.inputs import BuildError
from qmsdoc.build.promote import remove_leftovers
from qmsdoc.model.outputs import LOCK_FILE

ENV_TIMEOUT = "QMSDOC_LOCK_TIMEOUT"
_POLL = 0.1

try:  # POSIX
    import fcntl

    def _try_lock(fh: IO[bytes]) -> bool:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fh: IO[bytes]) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

except ImportError:  # pragma: no cover - Windows or an exotic platform
    try:
        import msvcrt

        def _try_lock(fh: IO[bytes]) -> bool:
            try:
                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
            except OSError:
                return False
            return True

        def _unlock(fh: IO[bytes]) -> None:
            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]

    except ImportError:
        def _try_lock(fh: IO[bytes]) -> bool:
            return True

        def _unlock(fh: IO[bytes]) -> None:
            return None


def _timeout() -> float:
    try:
        return max(0.0, float(os.environ.get(ENV_TIMEOUT, "600")))
    except ValueError:
        return 600.0


def _say_waiting(out: str) -> None:
    print(f"Đang chờ một lần xuất bản khác vào {out} kết thúc… / Waiting for another build "
          f"into {out} to finish…", file=sys.stderr, flush=True)


@contextlib.contextmanager
def output_lock(out: Path | None,
                on_wait: Callable[[str], None] = _say_waiting) -> Iterator[None]:
    """Hold the exclusive lock of the output folder ``out`` (nothing when None).

    The lock file is never written to: a build that has nothing to do leaves the folder as
    it was.
    """
    if out is None:
        yield
        return
    deadline = time.monotonic() + _timeout()
    waited = False
    while True:
        try:
            out.mkdir(parents=True, exist_ok=True)
            fh = _open_lock(out / LOCK_FILE)
        except OSError:  # unwritable: output_dir() reports it with a clear message
            yield
            return
        try:
            while not _try_lock(fh):
                if not waited:
                    waited = True
                    on_wait(str(out))
                if time.monotonic() > deadline:
                    raise BuildError(
                        f"Một lần xuất bản khác vẫn đang ghi vào {out} (khóa {LOCK_FILE}); thử "
                        "lại sau.",
                        f"Another build is still writing to {out} (lock {LOCK_FILE}); try "
                        "again later.")
                time.sleep(_POLL)
            if not _still_the_lock(fh, out / LOCK_FILE):  # the folder was swapped meanwhile
                continue
            remove_leftovers(out)
            remove_stale_temporaries(out)
            try:
                yield
            finally:
                with contextlib.suppress(OSError):
                    _unlock(fh)
            return
        finally:
            fh.close()


def _open_lock(path: Path) -> IO[bytes]:
    """The lock file, created if needed, never through a symbolic link."""
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as e:
        if os.path.islink(path):
            raise BuildError(
                f"{path} là một liên kết (symlink); qmsdoc không ghi qua liên kết. Xóa nó rồi "
                "chạy lại.",
                f"{path} is a symbolic link; qmsdoc never writes through a link. Delete it and "
                "run again.") from None
        raise e
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise BuildError(f"{path} không phải là tệp thường.", f"{path} is not a regular file.")
    return os.fdopen(fd, "r+b")


def _still_the_lock(fh: IO[bytes], path: Path) -> bool:
    try:
        st, mine = os.lstat(path), os.fstat(fh.fileno())
    except OSError:
        return False
    return (st.st_dev, st.st_ino) == (mine.st_dev, mine.st_ino)


def remove_stale_temporaries(out: Path) -> list[str]:
    """Delete the ``.<name>.<random>.tmp`` files of interrupted atomic writes at the top of
    ``out`` (qmsdoc writes nowhere else in it): regular files only, never through a link."""
    removed: list[str] = []
    try:
        entries = sorted(os.scandir(out), key=lambda e: e.name)
    except OSError:
        return removed
    for entry in entries:
        if entry.name.startswith(".") and entry.name.endswith(".tmp"):
            with contextlib.suppress(OSError):
                if entry.is_file(follow_symlinks=False):
                    os.unlink(entry.path)
                    removed.append(entry.name)
    return removed
