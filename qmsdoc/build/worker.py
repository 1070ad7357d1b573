"""Render one target and stage its file; runs in a worker process or in-process.

A worker gets the composed tree (or the bytes of a copied file), never the repository. A file
whose new bytes equal the ones on disk is left alone, so its modification time only changes
when its content does. New bytes go to the build's stage (the new set beside the output folder,
see promote.py); the set is put in place only once every file is rendered, so a build that is
killed or fails mid-way leaves the previous set as it was.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import signal
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, cast

from qmsdoc.atomic import HashingSink, write_atomic, write_atomic_streamed
from qmsdoc.render.tree import RenderedDocument, SiteFrame
from qmsdoc.render.writers import WRITERS, WriterOptions


@dataclass(frozen=True)
class Task:
    name: str
    path: str  # absolute output path
    writer: str  # format name, "" for a copy
    document: RenderedDocument | None = None
    data: bytes | None = None  # a copied file's bytes
    images: dict[str, bytes] = field(default_factory=dict)
    pdfa: bool = False  # a PDF writer writes PDF/A-2b
    parts: dict[str, str] = field(default_factory=dict)  # combined PDF: code → document PDF
    stage: str = ""  # where new bytes go until the set is put in place (promote.py); "": path
    frame: SiteFrame | None = None  # a page of the static site: its navigation and extras
    prepared: str = ""  # the store of PDFs prepared for joining (WriterOptions.prepared)


@dataclass(frozen=True)
class Outcome:
    name: str
    sha256: str = ""
    size: int = 0
    mtime_ns: int = 0
    written: bool = False
    error: str = ""
    error_vi: str = ""  # the error in Vietnamese, when the writer worded it
    disk_full: bool = False  # reported once for the whole build, not per file


_REFERENCE: bytes | None = None


def init_worker(reference: bytes | None) -> None:
    """Process-pool initialiser: the reference document is sent once per worker."""
    global _REFERENCE
    _REFERENCE = reference
    # Ctrl-C is the parent's to handle (it stops the build cleanly); a worker that took it
    # too would print its own KeyboardInterrupt traceback. One that came while the worker
    # was starting is pending (see interrupts_deferred) and is dropped here.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@contextlib.contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Hold Ctrl-C back while worker processes may be started (``pool.submit``).

    A spawned worker inherits the blocked signal, so a Ctrl-C that lands while the new
    interpreter is still importing qmsdoc waits until :func:`init_worker` ignores it instead
    of printing a traceback. This process gets it as soon as the block is lifted.
    """
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def run_in_worker(tasks: list[Task]) -> list[Outcome]:
    """A batch of tasks (one round trip to the worker for several small documents)."""
    return [run_task(task, _REFERENCE) for task in tasks]


def run_task(task: Task, reference: bytes | None) -> Outcome:
    """Render and write one file; failures come back as an Outcome, never as an exception."""
    try:
        if task.data is not None:
            data = task.data
        else:
            assert task.document is not None
            writer = WRITERS[task.writer]
            options = WriterOptions(images=task.images, reference_docx=reference,
                                    pdfa=task.pdfa, parts=task.parts, frame=task.frame,
                                    prepared=task.prepared)
            document = task.document
            if document.sections and writer.stream is not None:
                stream = writer.stream
                return store_streamed(task.name, Path(task.path),
                                      Path(task.stage or task.path),
                                      lambda sink: stream(document, options,
                                                          cast(BinaryIO, sink)))
            data = writer.write(task.document, options)
        return store(task.name, Path(task.path), Path(task.stage or task.path), data)
    except Exception as e:  # reported as a diagnostic by the build, the rest goes on
        if _interrupted(e):
            raise KeyboardInterrupt from None
        if isinstance(e, OSError) and e.errno in (errno.ENOSPC, errno.EDQUOT):
            return Outcome(task.name, error=f"{type(e).__name__}: {e}", disk_full=True)
        vi, en = getattr(e, "vi", ""), getattr(e, "en", "")  # errors worded in both languages
        if vi and en:
            return Outcome(task.name, error=en, error_vi=vi)
        return Outcome(task.name, error=f"{type(e).__name__}: {e}")


def _interrupted(error: BaseException) -> bool:
    """Whether Ctrl-C is behind ``error``: a KeyboardInterrupt while a file is being written
    can come out as another error raised while cleaning up (zipfile: "Can't close the ZIP
    file while there is an open writing handle"). The build must stop, not report a file."""
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__context__
    return False


def store(name: str, path: Path, stage: Path, data: bytes) -> Outcome:
    """Stage ``data`` at ``stage`` unless the file in place at ``path`` already holds it (a
    symbolic link there is never read or trusted: the file is written anew)."""
    digest = hashlib.sha256(data).hexdigest()
    st = _regular(path)
    written = not _holds(path, st, len(data), digest)
    if written:
        write_atomic(stage, data, mode=_mode(st), within=stage.parent)
    return _outcome(name, digest, stage if written else path, written)


def store_streamed(name: str, path: Path, stage: Path,
                   produce: Callable[[HashingSink], None]) -> Outcome:
    """:func:`store` for a file written piece by piece (a combined set, too large to hold in
    memory): written beside the stage and kept only when it differs from the file in place."""
    st = _regular(path)
    written, _, digest = write_atomic_streamed(
        stage, produce, lambda size, digest: not _holds(path, st, size, digest), _mode(st),
        within=stage.parent)
    return _outcome(name, digest, stage if written else path, written)


def _regular(path: Path) -> os.stat_result | None:
    """The file in place, when it is a regular file (never a link)."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return st if stat.S_ISREG(st.st_mode) else None


def _holds(path: Path, st: os.stat_result | None, size: int, digest: str) -> bool:
    return st is not None and st.st_size == size and file_digest(path) == digest


def _mode(st: os.stat_result | None) -> int | None:
    return st.st_mode & 0o7777 if st is not None else None


def _outcome(name: str, digest: str, where: Path, written: bool) -> Outcome:
    st = os.lstat(where)
    return Outcome(name, digest, st.st_size, st.st_mtime_ns, written)


def file_digest(path: Path) -> str:
    """The SHA-256 of a file, never read through a symbolic link."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()
