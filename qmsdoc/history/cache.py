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
  local dates), the git program GitPython is told to use, and the date;
* the user's cache secret as the BLAKE2 key, as for the check cache: a file copied from another
  machine or committed never matches.

The key is computed before anything is read for the result, and the result is stored only if
no source file changed while it was read and Git still shows the same state afterwards, so a
change made during a run never leaves a stale result. Misses rewrite the file atomically; an
unwritable folder is skipped silently. The entries are JSON text, never code.
``qmsdoc history --no-cache`` neither reads nor writes it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qmsdoc.cache import CacheRefused

CACHE_FILE = "history.json"
FORMAT = 1

#: The Git commands whose output the history depends on besides the sources (see above).
_PROBES: tuple[tuple[str, ...], ...] = (
    ("show-ref", "--head", "--dereference"),
    ("status", "--porcelain=v1", "-z", "--untracked-files=all", "--ignore-submodules", "--", "."),
    ("config", "--list", "-z", "--show-origin"),
    ("rev-parse", "--git-path", "shallow"),
)


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


class GitProbe:
    """The Git state the history reads: the :data:`_PROBES`, started at once and run
    concurrently (with each other and with the caller hashing the sources)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.failed = ""
        self.procs: list[subprocess.Popen[bytes]] = []
        exe = shutil.which("git")
        if exe is None:
            self.failed = "no-git"
            return
        st = os.stat(exe)
        self.exe = f"{exe}|{st.st_size}|{st.st_mtime_ns}"
        env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}  # status must not rewrite the index
        try:
            for args in _PROBES:
                self.procs.append(subprocess.Popen(
                    ["git", *args], cwd=root, env=env, stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE))
        except OSError as e:
            self.failed = f"no-git:{type(e).__name__}"

    def digest(self) -> str:
        """Wait for the commands; the digest of their exit status and output."""
        outputs: list[tuple[int, bytes, bytes]] = []
        for p in self.procs:
            try:
                out, err = p.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                p.kill()
                p.communicate()
                self.failed = f"git-timeout:{time.time_ns()}"  # never equal again: a miss
                continue
            outputs.append((p.returncode, out, err))
        if self.failed:
            return self.failed
        h = hashlib.blake2b(self.exe.encode(), digest_size=16)
        for code, out, err in outputs:
            h.update(b"%d\0%b\0%b\0" % (code, out, err))
        code, shallow, _ = outputs[-1]
        if code == 0 and shallow.strip():
            try:
                h.update((self.root / os.fsdecode(shallow.strip())).read_bytes())
            except OSError:
                h.update(b"-")  # not a shallow clone
        return h.hexdigest()


def _environment() -> str:
    """The time zone (release-tag dates are local dates) and the git GitPython runs."""
    return (f"{os.environ.get('TZ')}|{time.tzname}|{time.timezone}|{time.altzone}|"
            f"{os.environ.get('GIT_PYTHON_GIT_EXECUTABLE')}")


class HistoryCache:
    """The stored output of the last ``qmsdoc history`` of one repository folder."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.path = self.root / ".qmsdoc" / "cache" / CACHE_FILE
        self.key: str | None = None
        self.git_state = ""  # the Git part of the key

    def compute_key(self, digests: dict[str, str], git: GitProbe) -> str | None:
        """The key of the current state (None when this user has no cache secret)."""
        import datetime as dt

        from qmsdoc.cache import _secret, code_fingerprint, combined_digest

        state = self.git_state = git.digest()  # always: waits for its processes
        secret = _secret()
        if secret is None:
            return None
        parts = [str(FORMAT), code_fingerprint(), str(self.root.resolve()),
                 combined_digest(digests), state, _environment(),
                 dt.date.today().isoformat()]
        self.key = hashlib.blake2b("\n".join(parts).encode(), key=secret,
                                   digest_size=16).hexdigest()
        return self.key

    def lookup(self) -> Stored | None:
        """The stored result for :attr:`key` (set by :meth:`compute_key`), if any."""
        if self.key is None:
            return None
        from qmsdoc.cache import read_stored

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
        from qmsdoc.cache import write_stored

        if self.key is None:
            return None
        data: dict[str, Any] = {
            "format": FORMAT, "key": self.key,
            "entries": [[e.code, e.path, e.json] for e in stored.entries],
            "notices": [list(n) for n in stored.notices]}
        return write_stored(self.path, data, ".history-")
