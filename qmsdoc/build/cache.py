"""The build cache: which inputs made each output file, kept as JSON in the output folder.

``<out>/.qmsdoc-cache.json`` maps a target's name to its input key, file, SHA-256, size and
modification time. A target is up to date when its key is unchanged and its file still has the
recorded size and mtime (so a file edited or deleted by hand is rebuilt). A cache that cannot be
read is ignored: everything is rebuilt, never trusted blindly. Each entry is checked when the
cache is read (see :func:`valid_entry`): its file must be a plain name in the output folder that
qmsdoc gives that entry's document and format, so a cache edited by hand or committed by someone
else can never make a build delete another file.

``last`` describes the last complete build: its stamp (see ``stamp``), the binary files it
read, and what it reported (draft set, check errors, formats without a writer), so that a
build with an unchanged stamp can answer without loading the repository.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

from qmsdoc.model.outputs import (
    CACHE_FILE,
    CHANGES_SUFFIX,
    OWN_FILES,
    SEARCH_INDEX,
    SET_STEMS,
    SITE_ASSETS,
    SITE_STEMS,
    safe_name,
)

if TYPE_CHECKING:
    from qmsdoc.build.promote import Stage

__all__ = ["CACHE_FILE", "CACHE_FORMAT", "Cache", "Entry", "Last", "valid_entry"]

CACHE_FORMAT = 1
_SET_ACTIONS = {"@master-list": "danh-muc-tai-lieu", "@coverage": "ma-tran-dap-ung",
                "@combined": "bo-tai-lieu-htqlcl"}
assert set(_SET_ACTIONS.values()) == set(SET_STEMS)
#: The static site's own files (html targets): target name → the only file it may have.
_SITE_FILES = {**{f"@{stem}": f"{stem}.html" for stem in SITE_STEMS},
               **{f"@{name}": name for name in (*SITE_ASSETS, SEARCH_INDEX)}}
_CHANGES = "html-changes"
_COPY_EXTENSION = re.compile(r"\.[a-z0-9]{1,16}")


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
    kind: str = ""  # as in the manifest (a file kept from an earlier build is listed again)
    #: The fonts a PDF embeds (for the manifest), read from the file once; None: not read yet.
    fonts: tuple[str, ...] | None = None


#: The extension of each writer's files (qmsdoc.render.writers.WRITERS, a test keeps them
#: equal): reading the cache, which every no-op rebuild does, must not import the writers.
EXTENSIONS = {"docx": "docx", "pdf": "pdf", "html": "html"}


def writer_extensions() -> dict[str, str]:
    return dict(EXTENSIONS)


def valid_entry(name: str, e: Entry, extensions: dict[str, str] | None = None) -> bool:
    """Whether ``e`` names a file qmsdoc could have written for the target ``name``: a plain
    file name (no folder, no ``..``, not absolute, not hidden) of the form the plan gives that
    document and format (``<code>.<ext>``, ``danh-muc-tai-lieu.<ext>``…)."""
    file = e.file
    if (not isinstance(file, str) or not file or file in OWN_FILES or file.startswith(".")
            or any(c in file for c in "/\\\x00") or os.path.isabs(file)):
        return False
    what, _, fmt = name.rpartition(":")
    if not what:
        return False
    if fmt == "html" and what in _SITE_FILES:
        return file == _SITE_FILES[what]
    if fmt == _CHANGES:
        return what == e.code and file == safe_name(e.code) + CHANGES_SUFFIX
    if fmt == "copy":
        stem = safe_name(e.code)
        return (what == e.code and file.startswith(stem)
                and _COPY_EXTENSION.fullmatch(file[len(stem):]) is not None)
    ext = (extensions if extensions is not None else writer_extensions()).get(fmt)
    if ext is None:
        return False
    if what.startswith("@"):
        return what in _SET_ACTIONS and file == f"{_SET_ACTIONS[what]}.{ext}"
    return what == e.code and file == f"{safe_name(e.code)}.{ext}"


def _fonts(value: object) -> tuple[str, ...] | None:
    """A stored font list as an entry keeps it; None (read the file again) when malformed."""
    if isinstance(value, list) and all(type(v) is str for v in value):
        return tuple(value)
    return None


class Cache:
    def __init__(self, out: Path, entries: dict[str, Entry] | None = None,
                 last: Last | None = None) -> None:
        self.out = out
        self.entries: dict[str, Entry] = entries or {}
        self.last = last
        self.refused: list[str] = []  # entries that failed valid_entry (reported, dropped)
        self.stage: Stage | None = None  # the build's new files, until they are put in place
        # What was read (entries are frozen): compared, not serialised, to tell a change. A
        # no-op build would otherwise turn 1,700 entries into JSON for nothing (~0.1 s).
        self._saved: tuple[dict[str, Entry], Last | None] = (dict(self.entries), self.last)

    @classmethod
    def load(cls, out: Path) -> Cache:
        refused: list[str] = []
        try:
            data = json.loads((out / CACHE_FILE).read_text(encoding="utf-8"))
            if data.get("format") != CACHE_FORMAT:
                return cls(out)
            known = {f.name for f in fields(Entry)}
            extensions = writer_extensions()
            entries = {}
            for name, raw in data.get("targets", {}).items():
                entry = Entry(**{k: v for k, v in raw.items() if k in known and k != "fonts"},
                              fonts=_fonts(raw.get("fonts")))
                if isinstance(name, str) and valid_entry(name, entry, extensions):
                    entries[name] = entry
                else:
                    refused.append(f"{name}: {raw.get('file', '')}")
            last = Last(**data["last"]) if data.get("last") else None
        except (OSError, ValueError, TypeError, AttributeError):
            return cls(out)
        cache = cls(out, entries, last)
        cache.refused = refused
        return cache

    def path_of(self, file: str) -> Path:
        """The newest bytes of an output file: staged by this build, else the file in place."""
        return self.stage.current(file) if self.stage else self.out / file

    def path_of_new(self, file: str) -> Path:
        """Where this build writes new bytes of an output file."""
        assert self.stage is not None
        return self.stage.staged(file)

    def fresh(self, name: str, key: str) -> bool:
        """The output of ``name`` was made from ``key`` and is still on disk untouched
        (or staged by this build, not yet put in place)."""
        e = self.entries.get(name)
        if e is None or e.key != key:
            return False
        try:
            st = os.lstat(self.path_of(e.file))
        except OSError:
            return False
        return st.st_size == e.size and st.st_mtime_ns == e.mtime_ns

    def changed(self) -> bool:
        return (self.entries, self.last) != self._saved

    def data(self) -> bytes:
        pretty = json.dumps(self._payload(), sort_keys=True, indent=1, ensure_ascii=False)
        return (pretty + "\n").encode("utf-8")

    def save(self) -> None:
        """Write the cache when it changed (a no-op build rewrites nothing)."""
        from qmsdoc.atomic import write_atomic

        if self.changed():
            write_atomic(self.out / CACHE_FILE, self.data(), within=self.out)
            self._saved = (dict(self.entries), self.last)

    def all_fresh(self) -> bool:
        """Every recorded output is still on disk as written."""
        return all(self.fresh(name, e.key) for name, e in self.entries.items())

    def _payload(self) -> dict[str, object]:
        return {"format": CACHE_FORMAT, "last": asdict(self.last) if self.last else None,
                "targets": {n: asdict(e) for n, e in sorted(self.entries.items())}}
