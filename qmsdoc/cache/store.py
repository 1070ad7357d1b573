"""The one keyed store of qmsdoc's caches: ``.qmsdoc/cache/*.json`` in the repository.

Entries are keyed with this user's secret (:func:`secret`), read and written without ever
following a symbolic link (every folder from the repository root down is opened with
``O_NOFOLLOW`` relative to its parent), written atomically (a temporary file renamed over the
target), and ``.qmsdoc/cache/`` holds a ``.gitignore`` so that it is never committed. Anything
unreadable, foreign or keyed for someone else is a miss; an unwritable folder is skipped.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import tempfile
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

CACHE_DIR = Path(".qmsdoc") / "cache"


@cache
def secret() -> bytes | None:
    """This user's random key for cache entries, kept outside every repository.

    Keys are keyed BLAKE2 digests: a ``check.json`` committed to a repository or copied from
    another machine never matches, so a forged "no problem" result cannot pass a check in CI.
    """
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(base) / "qmsdoc" / "cache-secret"
    try:
        data = path.read_bytes()
        if len(data) == 32:
            return data
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".secret-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(os.urandom(32))
        try:
            os.link(tmp, path)  # never replaces a secret another process just created
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
        data = path.read_bytes()
        return data if len(data) == 32 else None
    except OSError:
        return None



_secret = secret  # the name older callers use


class CacheRefused(Exception):
    """A part of ``.qmsdoc/cache`` is a symbolic link: the cache is neither read nor written."""

    def __init__(self, rel: str) -> None:
        super().__init__(rel)
        self.rel = rel

    @property
    def notice(self) -> tuple[str, str]:
        """The (vi, en) notice the commands print once."""
        return (f"ghi chú: không dùng bộ nhớ đệm: {self.rel} là liên kết tượng trưng "
                "(symlink) và qmsdoc không bao giờ ghi qua liên kết; kết quả vẫn đầy đủ, chỉ "
                f"không nhanh hơn. Xóa liên kết {self.rel} để dùng lại bộ nhớ đệm.",
                f"note: the cache is not used: {self.rel} is a symbolic link, and qmsdoc "
                "never writes through links; the result is complete, only not faster. Remove "
                f"the link {self.rel} to use the cache again.")


_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0) \
    | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
# os.replace takes descriptors wherever os.rename does (it is not listed in supports_dir_fd)
_SAFE = {os.open, os.rename, os.mkdir, os.unlink, os.stat} <= os.supports_dir_fd \
    and os.stat in os.supports_follow_symlinks and _NOFOLLOW != 0
_MAX_READ = 1 << 30  # a cache file larger than this is not ours: a miss


def _split(path: Path) -> tuple[Path, tuple[str, ...], str]:
    """(root, folders from the root down, file name) of a path in ``<root>/.qmsdoc/…``."""
    parts = path.parts
    for i in range(len(parts) - 2, -1, -1):
        if parts[i] == ".qmsdoc":
            return Path(*parts[:i]) if i else Path("."), parts[i:-1], parts[-1]
    return path.parent, (), path.name


def _open_dir(path: Path, *, create: bool) -> int:
    """A descriptor of the folder of ``path``, reached from the repository root without
    following any symbolic link (the root itself may be one: the user named it).

    Raises CacheRefused when one of the folders is a link, OSError otherwise."""
    root, folders, _ = _split(path)
    fd = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    walked = ""
    try:
        for name in folders:
            walked = f"{walked}/{name}" if walked else name
            try:
                nxt = os.open(name, _DIR_FLAGS, dir_fd=fd)
            except FileNotFoundError:
                if not create:
                    raise
                with contextlib.suppress(FileExistsError):
                    os.mkdir(name, 0o777, dir_fd=fd)
                nxt = os.open(name, _DIR_FLAGS, dir_fd=fd)
            except OSError:
                if _is_link(name, fd):
                    raise CacheRefused(walked) from None
                raise
            os.close(fd)
            fd = nxt
    except BaseException:
        os.close(fd)
        raise
    return fd


def _is_link(name: str, dir_fd: int) -> bool:
    try:
        return stat.S_ISLNK(os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode)
    except OSError:
        return False


def _rel_name(path: Path, name: str) -> str:
    _, folders, _ = _split(path)
    return "/".join((*folders, name))


def read_stored(path: Path, fmt: int, key: str) -> dict[str, Any] | None:
    """The JSON object of a cache file written in format ``fmt`` for ``key``; None for no
    file, a corrupt or foreign one, another key, or one reached through a symbolic link (it
    could be a FIFO or a device outside the repository): a miss.

    The file's name is fixed, so a repository may bring one of any size: its first bytes must
    be the format and key :func:`write_stored` writes first, or the rest is not even read."""
    raw = read_blob(path, starts=_stored_head(fmt, key))
    if raw is None:
        return None
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("format") != fmt or data.get("key") != key:
        return None
    return data


def _stored_head(fmt: int, key: str) -> bytes:
    return json.dumps({"format": fmt, "key": key}, ensure_ascii=False)[:-1].encode()


def read_blob(path: Path, limit: int = _MAX_READ, starts: bytes = b"") -> bytes | None:
    """The bytes of a regular file in ``.qmsdoc/cache`` (at most ``limit``); None for no file,
    a larger one, one that does not begin with ``starts`` (then only that many bytes are
    read), or one reached through a symbolic link: a miss."""
    try:
        if _SAFE:
            dfd = _open_dir(path, create=False)
            try:
                fd = os.open(path.name, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0)
                             | getattr(os, "O_CLOEXEC", 0), dir_fd=dfd)
            finally:
                os.close(dfd)
        else:
            root, folders, _ = _split(path)
            parts = [root.joinpath(*folders[:i + 1]) for i in range(len(folders))] + [path]
            if any(p.is_symlink() for p in parts):
                return None
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0)
                         | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
                return None
            head = fh.read(len(starts)) if starts else b""
            if head != starts:
                return None
            return head + fh.read(st.st_size + 1 - len(head))
    except (OSError, CacheRefused):
        return None


def write_blob(path: Path, data: bytes | Sequence[bytes | memoryview],
               prefix: str) -> CacheRefused | None:
    """Write bytes (or pieces, one after the other) to a cache file atomically, as
    :func:`write_stored` writes JSON."""
    try:
        _atomic_write(path, data, prefix)
    except CacheRefused as e:
        return e
    return None


def keyed_name(*parts: bytes) -> str | None:
    """A file name in a store: a BLAKE2 digest keyed with this user's secret over ``parts``
    (each after its length), so that no one else can tell or make the name of a file of ours;
    None without a secret (nothing is kept then)."""
    import hashlib

    key = secret()
    if key is None:
        return None
    h = hashlib.blake2b(key=key, digest_size=20)
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


def read_sealed(path: Path, mark: bytes, limit: int = _MAX_READ) -> bytes | None:
    """The content of a file :func:`write_sealed` wrote with this user's secret, or None (no
    file, another format, or a seal that does not hold: written by someone else, changed)."""
    body = read_sealed_view(path, mark, limit)
    return bytes(body) if body is not None else None


def read_sealed_view(path: Path, mark: bytes, limit: int = _MAX_READ) -> memoryview | None:
    """:func:`read_sealed`, the content as a view of the bytes read (a large file is not
    copied once more)."""
    import hmac

    key = secret()
    data = read_blob(path, limit) if key is not None else None
    head = len(mark) + _SEAL
    if key is None or data is None or not data.startswith(mark) or len(data) < head:
        return None
    body = memoryview(data)[head:]
    return body if hmac.compare_digest(data[len(mark):head], _seal(key, path.name, (body,))) \
        else None


def write_sealed(path: Path, mark: bytes, body: bytes | Sequence[bytes | memoryview],
                 prefix: str) -> CacheRefused | None:
    """Keep ``body`` (bytes, or pieces written one after the other) at ``path`` behind
    ``mark`` and a seal keyed with this user's secret over the file's name and the body
    (nothing is kept without a secret)."""
    key = secret()
    if key is None:
        return None
    pieces = (body,) if isinstance(body, bytes) else tuple(body)
    return write_blob(path, (mark, _seal(key, path.name, pieces), *pieces), prefix)


_SEAL = 16


def prune(folder: Path, ours: re.Pattern[str], live: Callable[[str], bool]) -> int:
    """Delete the files in ``folder`` (a folder of ``.qmsdoc/cache``) that qmsdoc wrote —
    regular files named as ``ours`` names them — and that are no longer ``live``; how many.

    Nothing else is touched: not a file of another name, not a link, not a folder, nothing
    reached through a link (every folder from the repository root down is opened without
    following one). Where files cannot be opened relative to a folder, nothing is deleted.
    """
    if not _SAFE:
        return 0
    try:
        dfd = _open_dir(folder / "x", create=False)
    except (OSError, CacheRefused):
        return 0
    deleted = 0
    try:
        with os.scandir(dfd) as entries:
            names = [e.name for e in entries
                     if ours.fullmatch(e.name) and e.is_file(follow_symlinks=False)]
        for name in names:
            if not live(name):
                with contextlib.suppress(OSError):
                    os.unlink(name, dir_fd=dfd)
                    deleted += 1
    except OSError:
        pass
    finally:
        os.close(dfd)
    return deleted


def _seal(key: bytes, name: str, pieces: Sequence[bytes | memoryview]) -> bytes:
    # HMAC-SHA-256 (OpenSSL, SHA extensions): sealed files hold pictures and PDFs, hundreds
    # of megabytes in a set, which BLAKE2 here hashes three times slower.
    import hmac

    seal = hmac.new(key, name.encode("utf-8", "surrogateescape") + b"\0", "sha256")
    for piece in pieces:
        seal.update(piece)
    return seal.digest()[:_SEAL]


def write_stored(path: Path, data: dict[str, Any], prefix: str) -> CacheRefused | None:
    """Write a cache file atomically (``data`` holds its format and key).

    Returns the refusal when a part of the path is a symbolic link (nothing is written); any
    other failure (a read-only checkout) is silent: the command is simply not faster.
    """
    if "format" in data and "key" in data:  # first: see read_stored
        data = {"format": data["format"], "key": data["key"], **data}
    try:
        _atomic_write(path, json.dumps(data, ensure_ascii=False).encode(), prefix)
    except CacheRefused as e:
        return e
    return None


_IGNORE = "# Bộ nhớ đệm của qmsdoc: không commit / qmsdoc's cache\n*\n".encode()


def _atomic_write(path: Path, data: bytes | Sequence[bytes | memoryview],
                  prefix: str = ".check-") -> None:
    """Write via a temporary file renamed over ``path``; silently give up when not writable.

    Never through a symbolic link: every folder from the repository root down is opened with
    ``O_NOFOLLOW`` (relative to its parent's descriptor, so a link swapped in meanwhile is
    refused too), the ``.gitignore`` is created with ``O_EXCL`` and an existing one must be a
    regular file, the temporary file is created with ``O_EXCL | O_NOFOLLOW``, and a target
    that is a link is not replaced. Raises CacheRefused in these cases.
    """
    if not _SAFE:  # no descriptor-relative calls (Windows): check every part by its path
        _atomic_write_portable(path, data, prefix)
        return
    try:
        dfd = _open_dir(path, create=True)
    except OSError:
        return
    tmp = None
    try:
        try:
            fd = os.open(".gitignore", os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW
                         | getattr(os, "O_CLOEXEC", 0), 0o666, dir_fd=dfd)
        except FileExistsError:
            if _is_link(".gitignore", dfd):
                raise CacheRefused(_rel_name(path, ".gitignore")) from None
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_IGNORE)
        if _is_link(path.name, dfd):
            raise CacheRefused(_rel_name(path, path.name))
        tmp = f"{prefix}{os.urandom(8).hex()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW
                     | getattr(os, "O_CLOEXEC", 0), 0o600, dir_fd=dfd)
        with os.fdopen(fd, "wb") as fh:
            for piece in (data,) if isinstance(data, bytes) else data:
                fh.write(piece)
        os.replace(tmp, path.name, src_dir_fd=dfd, dst_dir_fd=dfd)
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=dfd)
        os.close(dfd)


def _atomic_write_portable(path: Path, data: bytes | Sequence[bytes | memoryview],
                           prefix: str) -> None:
    """:func:`_atomic_write` where files cannot be opened relative to a folder's descriptor:
    each folder from the root down, the ``.gitignore`` and the target are checked not to be
    links just before use (a link swapped in between those instants is not caught)."""
    root, folders, _ = _split(path)
    here, walked = root, ""
    tmp = None
    try:
        for name in folders:
            here, walked = here / name, f"{walked}/{name}" if walked else name
            if here.is_symlink():
                raise CacheRefused(walked)
            with contextlib.suppress(FileExistsError):
                here.mkdir()
        ignore = path.parent / ".gitignore"
        if ignore.is_symlink():
            raise CacheRefused(_rel_name(path, ".gitignore"))
        if not ignore.exists():
            with open(ignore, "xb") as fh:  # O_EXCL: never through a link created meanwhile
                fh.write(_IGNORE)
        if path.is_symlink():
            raise CacheRefused(_rel_name(path, path.name))
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            for piece in (data,) if isinstance(data, bytes) else data:
                fh.write(piece)
        os.replace(tmp, path)
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
