"""Vietnamese working-day calendar: public holidays, weekends and legal time-limit arithmetic.

Public holidays, their observed (nghỉ bù) days, the government's yearly day swaps and the
make-up working Saturdays come from ``holidays.VN`` (PyPI ``holidays``), with Vietnamese names.
Saturday and Sunday are rest days. An organisation may add its own days off and its own
make-up working days.

Counting follows the Civil Code 2015, arts. 147-148, and the one-stop rules:

* the day of receipt is not counted: one working day after a Monday receipt ends on Tuesday;
* a dossier received after 15:00, or on a rest day, is treated as received on the next working
  day, so its first counted day is the working day after that;
* a period that ends on a rest day ends at the close of the next working day;
* a fractional number of days ends in the day in which the fraction ends (0.5 day -> 1 day).

Naive datetimes are read as Vietnam local time; aware ones are converted to UTC+7 first.
"""

from __future__ import annotations

import calendar
import functools
import math
import statistics
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta, timezone
from fractions import Fraction
from types import MappingProxyType

import holidays

from qmsdoc.model.duration import Duration, TimeUnit

__all__ = ["CUTOFF", "VN_TZ", "WorkCalendar", "add_months", "calendar_length"]

VN_TZ = timezone(timedelta(hours=7), "ICT")
"""Vietnam has used UTC+7 without daylight saving time since 1975."""

CUTOFF = time(15, 0)
"""Dossiers received after this time count as received on the next working day."""

_ORGANISATION_DAY_OFF = "Ngày nghỉ của cơ quan"


@functools.lru_cache(maxsize=256)
def _public_holidays(year: int) -> tuple[Mapping[date, str], frozenset[date]]:
    """Holiday names and make-up working days (weekend days that are worked) of one year."""
    # language="vi" explicitly: otherwise holidays picks the language from LANG/LC_ALL.
    vn = holidays.country_holidays("VN", years=year, language="vi")
    names = {d: str(name) for d, name in vn.items() if d.year == year}
    worked_weekends = frozenset(d for d in vn.weekend_workdays if d.year == year)
    return MappingProxyType(names), worked_weekends


class WorkCalendar:
    """Which days are working days, and time limits counted in working or calendar days."""

    def __init__(
        self,
        extra_holidays: Iterable[date] = (),
        extra_working_days: Iterable[date] = (),
    ) -> None:
        """Build a calendar on top of the public holidays.

        ``extra_holidays`` are the organisation's own days off; a mapping ``{date: name}`` is also
        accepted and gives the name ``holiday_name`` returns. ``extra_working_days`` are days the
        organisation works although they are weekend days or holidays (make-up Saturdays).
        """
        extra_names: dict[date, str] = {}
        if isinstance(extra_holidays, Mapping):
            extra_names = {_as_date(d): str(name) for d, name in extra_holidays.items()}
        self._extra_holidays = frozenset(_as_date(d) for d in extra_holidays)
        self._extra_working = frozenset(_as_date(d) for d in extra_working_days)
        if both := self._extra_holidays & self._extra_working:
            listed = ", ".join(d.isoformat() for d in sorted(both))
            raise ValueError(f"dates both in extra_holidays and extra_working_days: {listed}")
        self._extra_names = extra_names
        # year -> one byte per day of the year, 1 = working day.
        self._flags: dict[int, bytes] = {}
        # (calendar_days, year) -> (worst count, first receipt with it, median count)
        self._windows: dict[tuple[int, int], tuple[int, date, int]] = {}

    def is_working_day(self, d: date) -> bool:
        """True unless ``d`` is a weekend day or a holiday (after the organisation's own days)."""
        d = _as_date(d)
        return self._flags_of(d.year)[_day_index(d)] == 1

    def holiday_name(self, d: date) -> str | None:
        """Vietnamese name of the holiday on ``d`` (also when the organisation works that day)."""
        d = _as_date(d)
        names, _ = _public_holidays(d.year)
        if (name := names.get(d)) is not None:
            return name
        if d in self._extra_holidays:
            return self._extra_names.get(d, _ORGANISATION_DAY_OFF)
        return None

    def add_working_days(self, received: datetime | date, days: Fraction | int) -> date:
        """The due date of a limit of ``days`` working days for a dossier received at ``received``.

        Zero days gives the (effective) day of receipt itself.
        """
        count = _non_negative(days, "days")
        due = self._effective_receipt(received)
        # A fraction of a day still ends inside a whole working day: round up.
        for _ in range(math.ceil(count)):
            due = self._next_working_day(due)
        return due

    def due_date(self, received: datetime | date, limit: Duration, hours_per_day: int = 8) -> date:
        """The due date of any limited duration for a dossier received at ``received``.

        Working time is counted in working days (hours rounded up to whole days); calendar
        periods end on the same date ``n`` days, weeks, months or years later (a month from
        31 January ends on the last day of February), extended to the next working day if
        that date is a rest day (Civil Code art. 148); "trong ngày" is the day of receipt.
        """
        if limit.unit is TimeUnit.NO_LIMIT:
            raise ValueError(f"{limit.text!r} states no time limit")
        if limit.unit is TimeUnit.SAME_DAY:
            return self._effective_receipt(received)
        if not limit.on_calendar:
            return self.add_working_days(
                received, Fraction(limit.working_hours(hours_per_day), hours_per_day))
        start = self._effective_receipt(received)
        end = start + timedelta(days=calendar_length(start, limit))
        return end if self.is_working_day(end) else self._next_working_day(end)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in ``(start, end]``: ``start`` excluded, ``end`` included; 0 if empty."""
        first, end = _as_date(start) + timedelta(days=1), _as_date(end)
        total = 0
        for year in range(first.year, end.year + 1):
            flags = self._flags_of(year)
            lo = _day_index(first) if year == first.year else 0
            hi = _day_index(end) + 1 if year == end.year else len(flags)
            total += flags.count(1, lo, hi)  # 0 when hi <= lo, i.e. end < first
        return total

    def working_days_in_calendar_period(self, received: date, calendar_days: int) -> int:
        """Working days in a limit of ``calendar_days`` calendar days counted from ``received``.

        The period runs from the day after ``received``; if its last day is a rest day it is
        extended to the next working day (art. 148) and that day is counted.
        """
        received = _as_date(received)
        length = _calendar_days(calendar_days)
        if length == 0:
            return 0
        end = received + timedelta(days=length)
        if not self.is_working_day(end):
            end = self._next_working_day(end)
        return self.working_days_between(received, end)

    def worst_case_window(self, calendar_days: int, year: int) -> tuple[int, date]:
        """Fewest working days in a ``calendar_days`` limit over every working-day receipt in
        ``year``, and the first receipt date that gives it (typically just before Tết)."""
        worst, first, _ = self._window_stats(_calendar_days(calendar_days), year)
        return worst, first

    def typical_window(self, calendar_days: int, year: int) -> int:
        """Median (the lower one for an even count) working days in a ``calendar_days`` limit
        over every working-day receipt in ``year``."""
        _, _, median = self._window_stats(_calendar_days(calendar_days), year)
        return median

    def _effective_receipt(self, received: datetime | date) -> date:
        if isinstance(received, datetime):
            if received.tzinfo is not None:
                received = received.astimezone(VN_TZ)
            day = received.date()
            if self.is_working_day(day) and received.time() > CUTOFF:
                return self._next_working_day(day)
        else:
            day = received
        return day if self.is_working_day(day) else self._next_working_day(day)

    def _next_working_day(self, d: date) -> date:
        d += timedelta(days=1)
        while not self.is_working_day(d):
            d += timedelta(days=1)
        return d

    def _flags_of(self, year: int) -> bytes:
        flags = self._flags.get(year)
        if flags is None:
            flags = self._build_flags(year)
            self._flags[year] = flags
        return flags

    def _build_flags(self, year: int) -> bytes:
        names, worked_weekends = _public_holidays(year)
        day = date(year, 1, 1)
        one_day = timedelta(days=1)
        flags = bytearray()
        while day.year == year:
            if day in self._extra_working:
                working = True
            elif day in self._extra_holidays:
                working = False
            elif day.weekday() >= 5:  # Saturday, Sunday
                working = day in worked_weekends
            else:
                working = day not in names
            flags.append(working)
            day += one_day
        return bytes(flags)

    def _window_stats(self, calendar_days: int, year: int) -> tuple[int, date, int]:
        key = (calendar_days, year)
        cached = self._windows.get(key)
        if cached is not None:
            return cached
        # One flat array from 1 January of `year` far enough to hold every period's end,
        # including the art. 148 extension (a year of slack covers any run of rest days).
        years_needed = 2 + calendar_days // 365
        flags = b"".join(self._flags_of(y) for y in range(year, year + years_needed + 1))
        # prefix[i] = working days among flags[:i]
        prefix = [0]
        for flag in flags:
            prefix.append(prefix[-1] + flag)
        jan1 = date(year, 1, 1)
        days_in_year = (date(year + 1, 1, 1) - jan1).days
        counts: list[int] = []
        worst: tuple[int, int] | None = None  # (count, day index)
        for i in range(days_in_year):
            if not flags[i]:
                continue
            end = i + calendar_days
            if calendar_days:
                while not flags[end]:
                    end += 1
            count = prefix[end + 1] - prefix[i + 1]
            counts.append(count)
            if worst is None or count < worst[0]:
                worst = (count, i)
        if worst is None:
            raise ValueError(f"{year} has no working day in this calendar")
        stats = (worst[0], jan1 + timedelta(days=worst[1]), statistics.median_low(counts))
        self._windows[key] = stats
        return stats


def add_months(d: date, months: int) -> date:
    """The same day ``months`` later, clamped to the last day of a shorter month."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(d.day, last))


def calendar_length(start: date, period: Duration) -> int:
    """Calendar days in a period on the calendar that starts on ``start`` (months and years on
    real dates: 1 month from 15 January is 31 days, from 15 February 28 or 29)."""
    value = period.value
    if period.unit is TimeUnit.CALENDAR_DAY:
        return math.ceil(value)
    if period.unit is TimeUnit.WEEK:
        return math.ceil(value * 7)
    if period.unit is TimeUnit.MONTH:
        return (add_months(start, int(value)) - start).days
    if period.unit is TimeUnit.YEAR:
        return (add_months(start, 12 * int(value)) - start).days
    raise ValueError(f"{period.text!r} is not counted on the calendar")


def _day_index(d: date) -> int:
    """0 for 1 January."""
    return d.toordinal() - date(d.year, 1, 1).toordinal()


def _as_date(d: date) -> date:
    # datetime is a subclass of date but never equals one: compare days as dates.
    if isinstance(d, datetime):
        return d.date()
    if not isinstance(d, date):
        raise TypeError(f"expected a date, got {d!r}")
    return d


def _non_negative(days: Fraction | int, name: str) -> Fraction:
    if isinstance(days, bool) or not isinstance(days, (int, Fraction)):
        # Floats are refused: 0.1 + 0.2 day limits must stay exact.
        raise TypeError(f"{name} must be an int or a Fraction, got {days!r}")
    if days < 0:
        raise ValueError(f"{name} must not be negative, got {days}")
    return Fraction(days)


def _calendar_days(calendar_days: int) -> int:
    if isinstance(calendar_days, bool) or not isinstance(calendar_days, int):
        raise TypeError(f"calendar_days must be an int, got {calendar_days!r}")
    if calendar_days < 0:
        raise ValueError(f"calendar_days must not be negative, got {calendar_days}")
    return calendar_days
