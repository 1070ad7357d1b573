"""``qmsdoc due``: the maintenance calendar — load the repository, list what falls due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from qmsdoc.due import KINDS_EN, KINDS_VI, DueItem, due_items, horizon, skipped_lines
from qmsdoc.load import NotARepository, load_repository
from qmsdoc.rules.context import fmt_date


@dataclass(frozen=True)
class Options:
    path: Path = Path(".")
    within: str = "30d"  # the horizon: 30d, 4w, 3m, 1y
    today: dt.date | None = None  # default: today
    lang: str = "vi"  # the language of the skipped-file lines


@dataclass
class Result:
    """The items due by ``until`` (sorted by date), the files skipped; the exit status."""

    status: int
    items: list[DueItem] = field(default_factory=list)
    until: dt.date | None = None
    skipped: list[str] = field(default_factory=list)  # one line per unreadable file, on stderr
    error: tuple[str, str] | None = None  # (vi, en): usage error, exit 2

    @property
    def overdue(self) -> int:
        return sum(i.overdue for i in self.items)


def run(options: Options) -> Result:
    """Exit 1 when something is overdue (for a scheduled CI job), 0 otherwise, 2 for a usage
    error or a folder that is not a repository."""
    day = options.today or dt.date.today()
    try:
        until = horizon(day, options.within)
    except ValueError:
        return Result(2, error=(
            f"--within \"{options.within}\" không hợp lệ; ví dụ 30d, 4w, 3m, 1y.",
            f"Invalid --within \"{options.within}\"; e.g. 30d, 4w, 3m, 1y."))
    try:
        loaded = load_repository(options.path)
    except NotARepository as e:
        return Result(2, error=(e.vi, e.en))
    items = due_items(loaded.repo, day, until)
    return Result(1 if any(i.overdue for i in items) else 0, items, until,
                  skipped_lines(loaded.skipped, options.lang))


__all__ = ["KINDS_EN", "KINDS_VI", "DueItem", "Options", "Result", "fmt_date", "run"]
