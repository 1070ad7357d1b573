"""The check cache: ``qmsdoc check`` on an unchanged repository answers from the last result.

``qmsdoc check`` writes ``<root>/.qmsdoc/cache/check.json`` after each full run (never
anything else, and never a source file). The next run first computes a *key* from everything the
result depends on, and when it equals the stored one reports the stored diagnostics without
loading, parsing or checking anything:

* the bytes of every file the check could read (BLAKE2 digest of the whole content, not the
  modification time, so a touched but unchanged file still hits and an edit that keeps the
  size and time still misses) and the list of those files: every ``.md``, ``.yaml`` and ``.yml``
  file under the root outside hidden folders, ``_…`` folders, ``node_modules`` and ``venv``
  (the loader's own discovery: nested repositories are left out, and FIFOs, devices, links out
  of the repository and undecodable names enter by name only, never opened) —
  a superset of what the loader reads (``exclude`` globs, the output folder and the document
  limit of qms.yaml are deliberately not applied, so a change there can only cause a miss),
  qms.yaml itself and the organisation's own profiles (``profiles/*.yaml``);
* the Git state the history rules read: ``HEAD`` and every ref (branches, release tags), or why
  Git could not be read;
* the date used for overdue checks (``--today`` or today), ``--select``/``--ignore``;
* the checker itself: the qmsdoc version, the size and modification time of every file of the
  installed qmsdoc package (rules, standards, profiles), the Python version and the installed
  ruamel.yaml, holidays and GitPython packages.

Anything else — no cache, a corrupt or foreign file, another format — is a miss: the check runs
in full and the file is rewritten (atomically: a temporary file renamed over it). Nothing is
cached when the folder cannot be written (a read-only checkout, CI without a writable work
tree): the check is simply not faster. ``qmsdoc check --no-cache`` neither reads nor writes it.

A repository is untrusted input, and ``.qmsdoc/`` can be committed: nothing is ever written
or read through a symbolic link. ``.qmsdoc`` and ``cache`` are opened from the root down with
``O_NOFOLLOW``, each relative to its parent's descriptor; ``.gitignore`` and the temporary
file are created with ``O_EXCL | O_NOFOLLOW``; an existing ``.gitignore`` or cache file that
is a link is left alone. Then the cache is simply not used, and the command says so once
(:class:`CacheRefused`); the result is the same.
The file is JSON (no code is ever loaded from it) and ``.qmsdoc/cache/`` holds a ``.gitignore``
so that it is never committed; the loader skips hidden folders, so it is never read as a source.

Why only whole results: a per-file cache of the loaded model objects was measured and rejected:
for the 860 files of the N = 400 benchmark it is 14 MB of pickle that takes 1.2 s to read, while
parsing them again with :mod:`qmsdoc.load.fastyaml` takes 0.7 s (docs/performance.md).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from qmsdoc import __version__
from qmsdoc.diagnostics import Diagnostic, Severity
from qmsdoc.model.span import Span

CACHE_DIR = Path(".qmsdoc") / "cache"
CACHE_FILE = "check.json"
FORMAT = 1
CONFIG_NAMES = ("qms.yaml", "qms.yml")  # as qmsdoc.load.discover (not imported: it is heavy)


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@cache
def code_fingerprint() -> str:
    """What identifies the checker: version, package files, Python and key dependencies."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{FORMAT}|{__version__}|{sys.version}".encode())
    pkg = Path(__file__).resolve().parent
    for folder, dirs, files in os.walk(pkg):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".yaml", ".yml", ".json", ".toml", ".typ", ".docx", ".j2")):
                st = os.stat(os.path.join(folder, name))
                h.update(f"{folder}/{name}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    import importlib.util

    for mod in ("ruamel.yaml", "holidays", "git"):
        try:
            spec = importlib.util.find_spec(mod)
        except (ImportError, ValueError):
            spec = None
        origin = spec.origin if spec else None
        if origin and os.path.exists(origin):
            st = os.stat(origin)
            h.update(f"{mod}|{origin}|{st.st_size}|{st.st_mtime_ns}\n".encode())
        else:
            h.update(f"{mod}|-\n".encode())
    return h.hexdigest()


def git_state(root: Path) -> str:
    """HEAD and every ref of the Git repository around ``root`` (one ``git show-ref``)."""
    try:
        proc = subprocess.run(["git", "show-ref", "--head", "--dereference"], cwd=root,
                              capture_output=True, timeout=30,
                              env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
    except (OSError, subprocess.SubprocessError) as e:
        return f"no-git:{type(e).__name__}"
    if proc.returncode not in (0, 1):
        return f"git-error:{proc.returncode}:{_digest(proc.stderr)}"
    return _digest(proc.stdout)


def sources_digest(root: Path) -> str:
    """Digest of the path and content of every file the check could read (a superset)."""
    return combined_digest(source_digests(root))


def combined_digest(digests: dict[str, str]) -> str:
    """One digest of :func:`source_digests`' paths and tokens (what :func:`sources_digest` is)."""
    h = hashlib.blake2b(digest_size=16)
    for rel in sorted(digests):
        h.update(f"{rel}\0{digests[rel]}\n".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def source_digests(root: Path) -> dict[str, str]:
    """Each source file's path → the digest of its bytes (``?…`` when it is not read).

    The superset of :func:`sources_digest`; ``qmsdoc history`` also looks each file's cached
    metadata up by it (qmsdoc.load.frontmatter_only), so the files are read only once. The files
    are those of the loader's own discovery (an iterative walk; FIFOs, devices, links out of
    the repository and nested repositories are never opened) plus qms.yaml and ``profiles/``.
    """
    from qmsdoc.load.discover import discover, open_source

    root = Path(root)
    found = [(name, root / name, False, "") for name in CONFIG_NAMES
             if os.path.lexists(root / name)]
    found += [(c.rel, c.path, c.is_link, c.problem)
              for c in discover(root, [], None, profiles=True)]
    out: dict[str, str] = {}
    for rel, path, is_link, problem in sorted(found):
        if problem:
            out[rel] = f"?{problem}"
            continue
        try:
            fd = open_source(path, follow=is_link or rel in CONFIG_NAMES)
        except OSError as e:
            out[rel] = f"?{e.errno}"
            continue
        h = hashlib.blake2b(digest_size=16)
        try:
            with os.fdopen(fd, "rb", buffering=0) as fh:
                while chunk := fh.read(1 << 20):  # bounded memory, whatever the size
                    h.update(chunk)
        except OSError as e:
            out[rel] = f"?{e.errno}"
            continue
        out[rel] = h.hexdigest()
    return out


@dataclass
class Hit:
    root: Path
    diagnostics: list[Diagnostic]
    sources: dict[str, tuple[str, ...]]

    @property
    def errors(self) -> int:
        return sum(d.severity is Severity.ERROR for d in self.diagnostics)

    def repository(self) -> Any:
        """What the reporters read: the root and the reported files' lines."""
        from qmsdoc.model.source import ReportedFiles, SourceFile

        return ReportedFiles(self.root.resolve(),
                             {p: SourceFile(p, lines) for p, lines in self.sources.items()})


class CheckCache:
    """The stored result of the last check of one repository folder."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.path = self.root / CACHE_DIR / CACHE_FILE
        self.key: str | None = None

    @classmethod
    def open(cls, root: Path) -> CheckCache | None:
        """The cache of ``root``; None when it is not a repository folder (no qms.yaml)."""
        root = Path(root)
        if not root.is_dir() or not any((root / n).is_file() for n in CONFIG_NAMES):
            return None
        return cls(root)

    def compute_key(self, today: dt.date, select: Iterable[str],
                    ignore: Iterable[str]) -> str | None:
        """The key of the current state; None when this user has no cache secret."""
        secret = _secret()
        if secret is None:
            return None
        parts = [code_fingerprint(), sources_digest(self.root), git_state(self.root),
                 today.isoformat(), ",".join(select), ",".join(ignore)]
        return hashlib.blake2b("\n".join(parts).encode(), key=secret,
                               digest_size=16).hexdigest()

    def lookup(self, today: dt.date, select: Iterable[str], ignore: Iterable[str]) -> Hit | None:
        """The stored result if nothing it depends on changed. Computes (and keeps) the key
        first, so that a later :meth:`store` records the state *before* the check read the
        files: an edit made during the check can only cause a miss, never a stale hit."""
        self.key = self.compute_key(today, select, ignore)
        if self.key is None:
            return None
        data = read_stored(self.path, FORMAT, self.key)
        if data is None:
            return None
        try:
            diags = [_diag(d) for d in data["diagnostics"]]
            sources = {str(p): tuple(map(str, lines)) for p, lines in data["sources"].items()}
        except (ValueError, TypeError, KeyError, AttributeError):
            return None  # a malformed entry: a miss
        return Hit(self.root, diags, sources)

    def store(self, diagnostics: list[Diagnostic],
              sources: dict[str, tuple[str, ...]]) -> CacheRefused | None:
        """Record the result for the key of the last :meth:`lookup` (nothing without one);
        the refusal when a part of the cache's path is a symbolic link (nothing written)."""
        if self.key is None:
            return None
        paths = {d.span.path for d in diagnostics}
        data = {"format": FORMAT, "key": self.key,
                "diagnostics": [_row(d) for d in diagnostics],
                "sources": {p: list(sources[p]) for p in sorted(paths) if p in sources}}
        return write_stored(self.path, data, ".check-")


@cache
def _secret() -> bytes | None:
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


def _row(d: Diagnostic) -> list[Any]:
    return [d.code, d.severity.value, d.span.path, d.span.line, d.span.column, d.vi, d.en,
            d.hint_vi, d.hint_en, d.clause, d.name]


def _diag(r: list[Any]) -> Diagnostic:
    code, sev, path, line, col, vi, en, hvi, hen, clause, name = r
    return Diagnostic(str(code), Severity(sev), Span(str(path), int(line), int(col)), str(vi),
                      str(en), str(hvi), str(hen), str(clause), str(name))


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
    could be a FIFO or a device outside the repository): a miss."""
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
            if not stat.S_ISREG(st.st_mode) or st.st_size > _MAX_READ:
                return None
            data = json.loads(fh.read(st.st_size + 1))
    except (OSError, ValueError, CacheRefused):
        return None
    if not isinstance(data, dict) or data.get("format") != fmt or data.get("key") != key:
        return None
    return data


def write_stored(path: Path, data: dict[str, Any], prefix: str) -> CacheRefused | None:
    """Write a cache file atomically (``data`` holds its format and key).

    Returns the refusal when a part of the path is a symbolic link (nothing is written); any
    other failure (a read-only checkout) is silent: the command is simply not faster.
    """
    try:
        _atomic_write(path, json.dumps(data, ensure_ascii=False).encode(), prefix)
    except CacheRefused as e:
        return e
    return None


_IGNORE = "# Bộ nhớ đệm của qmsdoc: không commit / qmsdoc's cache\n*\n".encode()


def _atomic_write(path: Path, data: bytes, prefix: str = ".check-") -> None:
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
            fh.write(data)
        os.replace(tmp, path.name, src_dir_fd=dfd, dst_dir_fd=dfd)
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=dfd)
        os.close(dfd)


def _atomic_write_portable(path: Path, data: bytes, prefix: str) -> None:
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
            fh.write(data)
        os.replace(tmp, path)
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
