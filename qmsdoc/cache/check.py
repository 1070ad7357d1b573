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
parsing them again is quicker (docs/performance.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qmsdoc.cache.fingerprint import (
    CONFIG_NAMES,
    code_fingerprint,
    combined_digest,
    source_digests,
)
from qmsdoc.cache.git import git_state
from qmsdoc.cache.store import CACHE_DIR, CacheRefused, read_stored, secret, write_stored
from qmsdoc.diagnostics import Diagnostic, Severity
from qmsdoc.model.span import Span

CACHE_FILE = "check.json"
FORMAT = 1


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
        self.files = 0  # how many source files the key covers (known once it is computed)

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
        key = secret()
        if key is None:
            return None
        digests = source_digests(self.root)
        self.files = len(digests)
        parts = [code_fingerprint(), combined_digest(digests), git_state(self.root),
                 today.isoformat(), ",".join(select), ",".join(ignore)]
        return hashlib.blake2b("\n".join(parts).encode(), key=key,
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


def _row(d: Diagnostic) -> list[Any]:
    return [d.code, d.severity.value, d.span.path, d.span.line, d.span.column, d.vi, d.en,
            d.hint_vi, d.hint_en, d.clause, d.name]


def _diag(r: list[Any]) -> Diagnostic:
    code, sev, path, line, col, vi, en, hvi, hen, clause, name = r
    return Diagnostic(str(code), Severity(sev), Span(str(path), int(line), int(col)), str(vi),
                      str(en), str(hvi), str(hen), str(clause), str(name))


