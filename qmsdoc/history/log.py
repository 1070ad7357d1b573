"""One pass over the Git log: the commits that touched each file of the QMS root, renames followed.

qmsdoc runs a single ``git log`` for the whole repository::

    git log --first-parent -M --name-status -z --encoding=UTF-8 --format=<FORMAT> HEAD -- <root>

and parses it once into per-file commit lists keyed by the file's *current* path relative to the
QMS root. Decisions:

- ``--first-parent``: the revision history is the history of the main line. A merged branch or
  pull request is one change (the merge commit, diffed against its first parent, subject and
  trailers of the merge); the order of commits is the order of the main line, so "before" and
  "after a release" are well defined. Commits of a side branch are not listed one by one.
- ``-M``: renames are detected and followed backwards: a commit that touched ``old.md`` before
  it was renamed to ``new.md`` is listed under ``new.md``. A path deleted or re-created later is
  a different file: its older commits are not attributed to the new one.
- Paths are relative to the QMS root, which may be a sub-folder of the Git work tree (the log is
  limited to it with a literal pathspec); a rename across the root's border is an addition or a
  deletion.
- Dates are author dates, as calendar dates in the committer's time zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from qmsdoc.history.pickled import ByFields
from qmsdoc.history.trailers import parse_trailers, trailer

RECORD, UNIT = "\x1e", "\x1f"
#: hash, author time, committer ISO date (for its time zone), author name, e-mail, raw message.
LOG_FORMAT = "%x1e%H%x1f%at%x1f%cI%x1f%an%x1f%ae%x1f%B%x1f"


@dataclass(frozen=True, slots=True)
class Commit(ByFields):
    """One commit as the revision history needs it."""

    hash: str
    date: dt.date
    author: str
    email: str
    subject: str
    body: str = ""  # the message after the subject line
    trailers: Mapping[str, tuple[str, ...]] = field(default_factory=dict, compare=False)

    @property
    def short(self) -> str:
        return self.hash[:7]

    def trailer(self, name: str) -> str:
        """A trailer's values (canonical name: approved-by, change, position…), or ``""``."""
        return trailer(self.trailers, name)


@dataclass(frozen=True, slots=True)
class FileChange(ByFields):
    """One line of ``--name-status`` output (paths relative to the Git work tree)."""

    status: str  # A, M, D, T, R or C
    path: str  # the path after the change
    old_path: str = ""  # the path before a rename or copy
    score: int = 100  # similarity of a rename or copy, in percent


@dataclass(frozen=True, slots=True)
class RawCommit(ByFields):
    commit: Commit
    changes: tuple[FileChange, ...]


@dataclass(frozen=True, slots=True)
class Touch(ByFields):
    """A commit's change to a file that exists now."""

    commit: Commit
    index: int  # position in the log: 0 is the newest commit
    status: str  # A, M, T or R
    path: str  # the file's path (relative to the QMS root) in that commit
    pure_rename: bool = False  # renamed or moved without any change to its content


def _date(author_time: str, committer_iso: str) -> dt.date:
    try:
        tz = dt.datetime.fromisoformat(committer_iso.strip()).tzinfo
    except ValueError:
        tz = dt.UTC
    return dt.datetime.fromtimestamp(int(author_time), tz=tz or dt.UTC).date()


def _changes(fields: list[str]) -> tuple[FileChange, ...]:
    out: list[FileChange] = []
    i = 0
    while i < len(fields):
        status = fields[i]
        kind = status[:1]
        if kind in ("R", "C") and i + 2 < len(fields):
            score = int(status[1:]) if status[1:].isdigit() else 100
            out.append(FileChange(kind, fields[i + 2], fields[i + 1], score))
            i += 3
        elif kind and i + 1 < len(fields):
            out.append(FileChange(kind, fields[i + 1]))
            i += 2
        else:
            i += 1
    return tuple(out)


def parse_log(text: str) -> list[RawCommit]:
    """Parse the output of ``git log -z --name-status --format=LOG_FORMAT``, newest first."""
    out: list[RawCommit] = []
    for record in text.split(RECORD):
        parts = record.split(UNIT, 6)
        if len(parts) < 7:
            continue
        sha, at, ci, author, email, message, rest = parts
        message = message.replace("\r\n", "\n")
        subject, _, body = message.strip("\n").partition("\n")
        commit = Commit(sha.strip(), _date(at, ci), author, email, subject.strip(),
                        body.strip("\n"), parse_trailers(message))
        fields = [f for f in rest.lstrip("\x00\n").split("\x00") if f and f != "\n"]
        out.append(RawCommit(commit, _changes([f.lstrip("\n") for f in fields])))
    return out


@dataclass
class FileLog:
    """The parsed log: commits newest first, and each current file's touches, newest first."""

    commits: list[Commit] = field(default_factory=list)
    touches: dict[str, list[Touch]] = field(default_factory=dict)
    position: dict[str, int] = field(default_factory=dict)  # commit hash → index
    #: (checkpoint, root-relative path as of that checkpoint) → current path, or None if gone.
    resolved: dict[tuple[int, str], str | None] = field(default_factory=dict)


def _relative(path: str, prefix: str) -> str | None:
    if not prefix:
        return path
    return path[len(prefix) + 1:] if path.startswith(prefix + "/") else None


def follow_renames(raw: list[RawCommit], prefix: str = "",
                   checkpoints: Mapping[int, Iterable[str]] | None = None) -> FileLog:
    """Attribute each commit's changes to the files' current paths (relative to ``prefix``).

    ``checkpoints`` maps a log position ``k`` to paths as they were named after the commit at
    ``k`` (before the newer commits ``0..k-1``); their current names are returned in
    ``FileLog.resolved``. A release tag at commit ``k`` lists its paths that way.
    """
    log = FileLog(commits=[r.commit for r in raw])
    log.position = {c.hash: i for i, c in enumerate(log.commits)}
    alias: dict[str, str | None] = {}  # path at the current point of the walk → current path
    wanted = {k: list(v) for k, v in (checkpoints or {}).items()}

    def resolve(p: str) -> str | None:
        return alias.get(p, p)

    def snapshot(k: int) -> None:
        for p in wanted.get(k, ()):
            log.resolved[(k, p)] = resolve(p)

    for index, rc in enumerate(raw):
        snapshot(index)
        gone: list[str] = []
        moved: list[tuple[str, str | None]] = []
        for ch in rc.changes:
            new = _relative(ch.path, prefix)
            old = _relative(ch.old_path, prefix) if ch.old_path else None
            if new is None:
                if ch.status == "R" and old is not None:
                    gone.append(old)  # moved out of the QMS root: a deletion here
                continue
            if ch.status == "D":
                gone.append(new)
                continue
            current = resolve(new)
            status = ch.status
            if status in ("R", "C") and old is None:
                status = "A"  # renamed or copied in from outside the root
            if status == "C":
                status = "A"
            if current is not None:
                log.touches.setdefault(current, []).append(Touch(
                    rc.commit, index, status, new, status == "R" and ch.score >= 100))
            if status == "A":
                gone.append(new)
            elif status == "R" and old is not None:
                gone.append(new)
                moved.append((old, current))
        for p in gone:  # older commits of these paths belong to files that no longer exist
            alias[p] = None
        for old_path, current in moved:
            alias[old_path] = current
    snapshot(len(raw))
    return log
