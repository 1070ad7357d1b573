"""What every rule sees: the repository, its index, today's date and the working calendar."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from qmsdoc.model.repository import Index, Repository
from qmsdoc.rules.calendar import WorkCalendar
from qmsdoc.rules.timing import Timing

if TYPE_CHECKING:
    from qmsdoc.coverage import CoverageResult
    from qmsdoc.history import History


@dataclass
class RuleContext:
    repo: Repository
    today: dt.date = field(default_factory=dt.date.today)
    #: Work two rules share (QMS301 and QMS307 read the same step sums), computed once.
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def index(self) -> Index:
        return Index(self.repo)

    @cached_property
    def calendar(self) -> WorkCalendar:
        cal = self.repo.config.calendar if self.repo.config else None
        if cal is None:
            return WorkCalendar()
        return WorkCalendar(cal.extra_holidays, cal.extra_working_days)

    @cached_property
    def timing(self) -> Timing:
        """How time is counted: hours per day, holidays, today, the reading of a bare "ngày"."""
        cal = self.repo.config.calendar if self.repo.config else None
        return Timing(self.hours_per_day, self.calendar, self.today,
                      bool(cal and cal.bare_day == "working"))

    @cached_property
    def coverage(self) -> CoverageResult:
        """Clause coverage, the standard and the profile of qms.yaml (computed once)."""
        from qmsdoc.coverage import compute_coverage

        return compute_coverage(self.repo)

    @cached_property
    def history(self) -> History:
        """The Git revision history (read on first use only: one git log for the repository)."""
        from qmsdoc.history import load_history

        return load_history(self.repo.root)

    @property
    def hours_per_day(self) -> int:
        cal = self.repo.config.calendar if self.repo.config else None
        return (cal.hours_per_day if cal and cal.hours_per_day else None) or 8


def add_months(d: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (clamped to the month's last day)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise ValueError(d)  # pragma: no cover


def fmt_date(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")
