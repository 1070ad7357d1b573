"""One build at a time per output folder: an exclusive lock on ``<out>/.qmsdoc.lock``.

A second ``qmsdoc build`` of the same output folder waits (saying so on stderr) until the
first one finishes, then works on the first one's result; after ``QMSDOC_LOCK_TIMEOUT``
seconds (default 600) it gives up with a BuildError. The lock is an ``fcntl.flock`` on POSIX
and ``msvcrt.locking`` on Windows; the operating system releases it when the process ends,
however it ends, so a killed build never leaves a stale lock. Where neither exists, or the
lock file cannot be created (a read-only folder, reported clearly by ``output_dir``), the build
runs without it.

Holding the lock, the build also removes the temporary files that a build killed mid-write
(SIGKILL, power loss) left behind (``.<name>.*.tmp``, see qmsdoc.atomic).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from qmsdoc.build.cache import STAGING
from qmsdoc.build.inputs import BuildError

LOCK_FILE = ".qmsdoc.lock"
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
    try:
        out.mkdir(parents=True, exist_ok=True)
        fh = open(out / LOCK_FILE, "a+b")  # noqa: SIM115 (closed below)
    except OSError:  # unwritable: output_dir() reports it with a clear message
        yield
        return
    try:
        deadline = time.monotonic() + _timeout()
        waited = False
        while not _try_lock(fh):
            if not waited:
                waited = True
                on_wait(str(out))
            if time.monotonic() > deadline:
                raise BuildError(
                    f"Một lần xuất bản khác vẫn đang ghi vào {out} (khóa {LOCK_FILE}); thử lại "
                    "sau.",
                    f"Another build is still writing to {out} (lock {LOCK_FILE}); try again "
                    "later.")
            time.sleep(_POLL)
        remove_stale_temporaries(out)
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                _unlock(fh)
    finally:
        fh.close()


def remove_stale_temporaries(out: Path) -> list[str]:
    """Delete the ``.<name>.<random>.tmp`` files of interrupted atomic writes under ``out``."""
    removed = []
    staging = out / STAGING  # files a killed build rendered but never put in place
    if staging.is_dir() and not staging.is_symlink():
        removed += sorted(p.relative_to(out).as_posix() for p in staging.iterdir())
        shutil.rmtree(staging, ignore_errors=True)
    for path in out.rglob(".*.tmp"):
        with contextlib.suppress(OSError):
            if path.is_file() and not path.is_symlink():
                path.unlink()
                removed.append(path.relative_to(out).as_posix())
    return removed
