"""The history cache: ``qmsdoc history`` on an unchanged repository answers from the last result.

``qmsdoc history`` writes ``<root>/.qmsdoc/cache/history.json`` after each run: every
document's entry of the ``--format json`` output (already rendered) and the notices. The next
run computes a key from everything that output depends on and, when it equals the stored one,
prints the stored entries without loading the documents or reading the Git log:

* the path and bytes of every source file (:func:`qmsdoc.cache.source_digests`: the superset
  the check cache hashes, qms.yaml included), and the QMS root's absolute path (notices name it);
* Git: HEAD and every ref with the objects tags point at (``git show-ref --head
  --dereference``), the working-tree status (``git status --porcelain``: staged, unstaged and
  untracked changes make drafts), the configuration (``git config --list``: rename detection,
  signatures…), the shallow-clone boundary (``.git/shallow``) and the git program itself;
  or why Git could not be run;
* the checker (:func:`qmsdoc.cache.code_fingerprint`), the time zone (release-tag dates are
  local dates), the git program named by ``GIT_PYTHON_GIT_EXECUTABLE`` if set, and the date;
* the user's cache secret as the BLAKE2 key, as for the check cache: a file copied from another
  machine or committed never matches.

The key is computed before anything is read for the result, and the result is stored only if
no source file changed while it was read and Git still shows the same state afterwards, so a
change made during a run never leaves a stale result. Misses rewrite the file atomically; an
unwritable folder is skipped silently. The entries are JSON text, never code.
``qmsdoc history --no-cache`` neither reads nor writes it. The history command composes it
(:mod:`qmsdoc.commands.history`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qmsdoc.cache.fingerprint import code_fingerprint, combined_digest
from qmsdoc.cache.git import GitProbe
from qmsdoc.cache.store import CACHE_DIR, CacheRefused, read_stored, secret, write_stored

CACHE_FILE = "history.json"
FORMAT = 1


@dataclass
class Entry:
    """One document's entry: its code and path (for selecting) and its rendered JSON object."""

    code: str | None
    path: str
    json: str  # the object as ``json.dumps(..., indent=2)`` writes it inside the list


@dataclass
class Stored:
    entries: list[Entry]
    notices: list[tuple[str, str]]  # (Vietnamese, English) lines, already worded


def _environment() -> str:
    """The time zone (release-tag dates are local dates) and the git program named for
    GitPython (:mod:`qmsdoc.history.gitrepo` honours it too)."""
    return (f"{os.environ.get('TZ')}|{time.tzname}|{time.timezone}|{time.altzone}|"
            f"{os.environ.get('GIT_PYTHON_GIT_EXECUTABLE')}")


class HistoryCache:
    """The stored output of the last ``qmsdoc history`` of one repository folder."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.path = self.root / CACHE_DIR / CACHE_FILE
        self.key: str | None = None
        self.git_state = ""  # the Git part of the key

    def compute_key(self, digests: dict[str, str], git: GitProbe) -> str | None:
        """The key of the current state (None when this user has no cache secret)."""
        state = self.git_state = git.digest()  # always: waits for its processes
        key = secret()
        if key is None:
            return None
        parts = [str(FORMAT), code_fingerprint(), str(self.root.resolve()),
                 combined_digest(digests), state, _environment(),
                 dt.date.today().isoformat()]
        self.key = hashlib.blake2b("\n".join(parts).encode(), key=key,
                                   digest_size=16).hexdigest()
        return self.key

    def lookup(self) -> Stored | None:
        """The stored result for :attr:`key` (set by :meth:`compute_key`), if any."""
        if self.key is None:
            return None
        data = read_stored(self.path, FORMAT, self.key)
        if data is None:
            return None
        try:
            entries = [Entry(None if c is None else str(c), str(p), str(j))
                       for c, p, j in data["entries"]]
            notices = [(str(vi), str(en)) for vi, en in data["notices"]]
        except (ValueError, TypeError, KeyError, AttributeError):
            return None  # a malformed entry: a miss
        return Stored(entries, notices)

    def store(self, stored: Stored) -> CacheRefused | None:
        """Record the result for :attr:`key` (nothing without one); the refusal when a part
        of the cache's path is a symbolic link (nothing written)."""
        if self.key is None:
            return None
        data: dict[str, Any] = {
            "format": FORMAT, "key": self.key,
            "entries": [[e.code, e.path, e.json] for e in stored.entries],
            "notices": [list(n) for n in stored.notices]}
        return write_stored(self.path, data, ".history-")
