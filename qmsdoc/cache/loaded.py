"""The loader's result for each source file, kept between runs (``.qmsdoc/cache/*.loaded``).

Reading a repository is mostly parsing and converting front matters: about a second at
N = 400, redone in full by every check and build after any edit. Each file's result (its
model object, diagnostics and text, :class:`~qmsdoc.load.files.FileResult`) depends only on its
path, its bytes and the limits it was read with, and on qmsdoc itself; so it is kept under a
digest of those, and a file whose bytes did not change is not parsed again.

The results are pickled, so the file is sealed with this user's secret
(:func:`~qmsdoc.cache.store.read_sealed`): one put in a cloned ``.qmsdoc`` by someone else is
never unpickled, only written again. The loader itself knows nothing of this store: commands
hand it to :func:`~qmsdoc.load.load_repository` (:class:`~qmsdoc.load.KeptFiles`).
"""

from __future__ import annotations

import hashlib
import pickle
import struct
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qmsdoc.cache.fingerprint import code_fingerprint
from qmsdoc.cache.store import (
    CACHE_DIR,
    CacheRefused,
    keyed_name,
    read_sealed_view,
    secret,
    write_sealed,
)

if TYPE_CHECKING:
    from qmsdoc.load.files import FileResult
    from qmsdoc.model.config import Limits

FILE = "loaded"  # the file is named <keyed digest>.loaded
_MARK = b"qmsdoc-loaded-3\n"  # 3: framed entries, each with its summary
_MAX = 1 << 30  # a repository at the loader's own bounds stays far below
_SIZES = struct.Struct("<IIQI")  # per entry: path, digest, result and summary lengths


def _digest(rel: str, data: bytes, limits: Limits) -> bytes:
    h = hashlib.blake2b(digest_size=20)
    h.update(f"{rel}\0{limits.max_depth}\0{limits.max_nodes}\0".encode("utf-8",
                                                                        "surrogateescape"))
    h.update(data)
    return h.digest()


_Entry = tuple[bytes, "bytes | memoryview", "bytes | memoryview"]  # digest, result, summary


class LoadedFiles:
    """The kept results of one repository's files (:class:`qmsdoc.load.KeptFiles`).

    The file is one frame per source file (its path, digest, pickled result and pickled
    summary), read once as a whole and used through views of it: a large repository's results
    are neither copied again nor joined into one more buffer to be written (peak memory)."""

    def __init__(self, root: Path, summarize: Callable[[FileResult], Any] | None = None) -> None:
        # Named by a digest keyed with this user's secret: a repository cannot bring a file
        # of that name (one of a fixed name, however large, would be read before its seal
        # is found wrong).
        self.path = Path(root) / CACHE_DIR / f"{keyed_name(FILE.encode()) or FILE}.{FILE}"
        #: What a reader that needs little of a file keeps beside its result (history: a
        #: document's few fields), made when the file is loaded (None: nothing).
        self.summarize = summarize
        self._old: dict[str, _Entry] = {}
        self._kept: dict[str, _Entry] = {}  # reused this run, still pickled
        self._new: dict[str, tuple[bytes, FileResult]] = {}  # loaded this run
        self.reused = 0
        self._opened = False

    @classmethod
    def open(cls, root: Path, *, lazy: bool = False,
             summarize: Callable[[FileResult], Any] | None = None) -> LoadedFiles | None:
        """The store of ``root``'s files (what the previous run kept); None without a secret
        (nothing would be kept). ``lazy``: read only when a file is first looked up (for a
        reader that seldom needs it: history, which keeps its own fields)."""
        if secret() is None:
            return None
        store = cls(root, summarize)
        if not lazy:
            store._read()
        return store

    def _read(self) -> None:
        self._opened = True
        body = read_sealed_view(self.path, _MARK, _MAX)
        if body is None:
            return
        try:
            self._old = _frames(body)
        except (struct.error, ValueError, UnicodeDecodeError):  # another version's
            self._old = {}

    def get(self, rel: str, data: bytes, limits: Limits) -> FileResult | None:
        """The result kept for these bytes, or None (then the loader loads the file and
        :meth:`put`\\ s it)."""
        from qmsdoc.load.files import FileResult

        entry = self._entry(rel, data, limits)
        if entry is None:
            return None
        try:
            result = pickle.loads(entry[1])  # noqa: S301  (from the sealed file)
        except Exception:  # noqa: BLE001
            return None
        if not isinstance(result, FileResult):
            return None
        self._kept[rel] = entry
        self.reused += 1
        return result

    def summary(self, rel: str, data: bytes, limits: Limits) -> Any | None:
        """The summary kept with the result for these bytes (None: none, or not these)."""
        entry = self._entry(rel, data, limits)
        if entry is None or not entry[2]:
            return None
        try:
            return pickle.loads(entry[2])  # noqa: S301  (from the sealed file)
        except Exception:  # noqa: BLE001
            return None

    def _entry(self, rel: str, data: bytes, limits: Limits) -> _Entry | None:
        if not self._opened:
            self._read()
        entry = self._old.get(rel)
        return entry if entry is not None and entry[0] == _digest(rel, data, limits) else None

    def put(self, rel: str, data: bytes, limits: Limits, result: FileResult) -> None:
        self._new[rel] = (_digest(rel, data, limits), result)

    @property
    def known(self) -> int:
        """How many files the previous run kept."""
        if not self._opened:
            self._read()
        return len(self._old)

    @property
    def fresh(self) -> int:
        """How many files this run loaded (not taken from the store)."""
        return len(self._new)

    @property
    def changed(self) -> bool:
        """Whether :meth:`save` would write anything: a file loaded, or one gone."""
        return bool(self._new) or len(self._kept) != len(self._old)

    def save(self) -> CacheRefused | None:
        """Keep this run's results (only the files it read: those gone are dropped)."""
        if not self.changed:
            return None
        pieces: list[bytes | memoryview] = [_text(code_fingerprint())]
        entries: dict[str, _Entry] = dict(self._kept)
        for rel, (digest, result) in self._new.items():
            try:
                made = self.summarize(result) if self.summarize is not None else None
                entries[rel] = (digest, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL),
                                b"" if made is None else
                                pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
            except Exception:  # noqa: BLE001  (a value that does not pickle: loaded again)
                continue
        for rel, (digest, result_bytes, summary_bytes) in entries.items():
            name = rel.encode("utf-8", "surrogateescape")
            pieces += [_SIZES.pack(len(name), len(digest), len(result_bytes), len(summary_bytes)),
                       name, digest, result_bytes, summary_bytes]
        return write_sealed(self.path, _MARK, pieces, ".loaded-")


def _text(value: str) -> bytes:
    data = value.encode()
    return struct.pack("<I", len(data)) + data


def _frames(body: memoryview) -> dict[str, _Entry]:
    """The entries of a file :meth:`LoadedFiles.save` wrote (views of ``body``); empty when
    it was written by another qmsdoc (its code fingerprint differs)."""
    (size,) = struct.unpack_from("<I", body)
    if bytes(body[4:4 + size]) != code_fingerprint().encode():
        return {}
    at, end = 4 + size, len(body)
    out: dict[str, _Entry] = {}
    while at < end:
        n, d, r, m = _SIZES.unpack_from(body, at)
        at += _SIZES.size
        rel = bytes(body[at:at + n]).decode("utf-8", "surrogateescape")
        at += n
        digest = bytes(body[at:at + d])
        at += d
        out[rel] = (digest, body[at:at + r], body[at + r:at + r + m])
        at += r + m
    if at != end:
        raise ValueError("truncated")
    return out
