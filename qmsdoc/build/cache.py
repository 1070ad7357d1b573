"""The build cache: which inputs made each output file, kept as JSON in the output folder.

``<out>/.qmsdoc-cache.json`` maps a target's name to its input key, file, SHA-256, size and
modification time. A target is up to date when its key is unchanged and its file still has the
recorded size and mtime (so a file edited or deleted by hand is rebuilt). A cache that cannot be
read is ignored: everything is rebuilt, never trusted blindly.

``last`` describes the last complete build: its stamp (see ``stamp``), the binary files it
read, and what it reported (draft set, check errors, formats without a writer), so that a
build with an unchanged stamp can answer without loading the repository.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from qmsdoc.atomic import write_atomic

CACHE_FILE = ".qmsdoc-cache.json"
CACHE_FORMAT = 1
#: Where a build puts the files it changed until all of them are rendered (see worker.py).
STAGING = ".qmsdoc-staging"


def staged(path: Path) -> Path:
    return path.parent / STAGING / path.name


def current(path: Path) -> Path:
    """The newest bytes of an output file: staged by this build, else the file in place."""
    s = staged(path)
    return s if s.is_file() else path


@dataclass(frozen=True)
class Last:
    stamp: str
    binaries: list[str]
    draft: bool = False
    check_errors: int = 0
    unavailable_formats: list[str] | None = None


@dataclass(frozen=True)
class Entry:
    key: str
    file: str
    sha256: str
    size: int
    mtime_ns: int
    code: str = ""
    edition: int | None = None
    draft: bool = False


class Cache:
    def __init__(self, out: Path, entries: dict[str, Entry] | None = None,
                 last: Last | None = None) -> None:
        self.out = out
        self.entries: dict[str, Entry] = entries or {}
        self.last = last
        self._saved = json.dumps(self._payload(), sort_keys=True)

    @classmethod
    def load(cls, out: Path) -> Cache:
        try:
            data = json.loads((out / CACHE_FILE).read_text(encoding="utf-8"))
            if data.get("format") != CACHE_FORMAT:
                return cls(out)
            entries = {name: Entry(**e) for name, e in data.get("targets", {}).items()}
            last = Last(**data["last"]) if data.get("last") else None
        except (OSError, ValueError, TypeError, AttributeError):
            return cls(out)
        return cls(out, entries, last)

    def fresh(self, name: str, key: str) -> bool:
        """The output of ``name`` was made from ``key`` and is still on disk untouched
        (or staged by this build, not yet put in place)."""
        e = self.entries.get(name)
        if e is None or e.key != key:
            return False
        try:
            st = os.stat(current(self.out / e.file))
        except OSError:
            return False
        return st.st_size == e.size and st.st_mtime_ns == e.mtime_ns

    def save(self) -> None:
        """Write the cache when it changed (a no-op build rewrites nothing)."""
        text = json.dumps(self._payload(), sort_keys=True)
        if text != self._saved:
            pretty = json.dumps(self._payload(), sort_keys=True, indent=1, ensure_ascii=False)
            write_atomic(self.out / CACHE_FILE, (pretty + "\n").encode("utf-8"))
            self._saved = text

    def all_fresh(self) -> bool:
        """Every recorded output is still on disk as written."""
        return all(self.fresh(name, e.key) for name, e in self.entries.items())

    def _payload(self) -> dict[str, object]:
        return {"format": CACHE_FORMAT, "last": asdict(self.last) if self.last else None,
                "targets": {n: asdict(e) for n, e in sorted(self.entries.items())}}
