"""Tests for qmsdoc.rules.calendar on real 2026 dates.

2026 per holidays.VN 0.109: 1/1 Thu; Tết Mon 16/2 - Fri 20/2 (with the weekends, 14/2-22/2 off);
Giỗ Tổ Sun 26/4, observed Mon 27/4; 30/4 Thu, 1/5 Fri; Sat 22/8 worked, swapped for Mon 31/8;
Quốc khánh Tue 1/9 and Wed 2/9; Ngày Văn hóa Việt Nam Tue 24/11.
"""

from __future__ import annotations

import statistics
import time as clock
from datetime import UTC, date, datetime, time, timedelta
from fractions import Fraction

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qmsdoc.rules.calendar import WorkCalendar, _public_holidays

CAL = WorkCalendar()

DAYS_OFF_2026 = [
    date(2026, 1, 1),
    *(date(2026, 2, d) for d in range(16, 21)),
    date(2026, 4, 27),
    date(2026, 4, 30),
    date(2026, 5, 1),
    date(2026, 8, 31),
    date(2026, 9, 1),
    date(2026, 9, 2),
    date(2026, 11, 24),
]


def test_holidays_vn_2026_is_what_these_tests_assume() -> None:
    vn = holidays.country_holidays("VN", years=2026)
    weekday_holidays = sorted(d for d in vn if d.weekday() < 5)
    assert weekday_holidays == DAYS_OFF_2026
    assert date(2026, 8, 22) in vn.weekend_workdays


@pytest.mark.parametrize("day", DAYS_OFF_2026)
def test_public_holidays_are_not_working_days(day: date) -> None:
    assert not CAL.is_working_day(day)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 3, 2), True),  # Monday
        (date(2026, 3, 6), True),  # Friday
        (date(2026, 3, 7), False),  # Saturday
        (date(2026, 3, 8), False),  # Sunday
        (date(2026, 8, 22), True),  # make-up Saturday for the 31/8 swap
        (date(2026, 2, 23), True),  # first day back after Tết
        (datetime(2026, 2, 17, 9, 0), False),  # datetimes are read as their day
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 2, 17), "Tết Nguyên Đán"),
        (date(2026, 9, 2), "Quốc khánh"),
        (date(2026, 4, 27), "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"),
        (date(2026, 8, 31), "Ngày nghỉ (thay cho ngày 22/08/2026)"),
        (date(2026, 3, 3), None),
        (date(2026, 3, 7), None),  # a weekend is not a holiday
    ],
)
def test_holiday_name(day: date, name: str | None) -> None:
    assert CAL.holiday_name(day) == name


def test_holiday_names_do_not_depend_on_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGUAGE", "en_US")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    _public_holidays.cache_clear()
    try:
        assert WorkCalendar().holiday_name(date(2026, 2, 17)) == "Tết Nguyên Đán"
    finally:
        _public_holidays.cache_clear()


@pytest.mark.parametrize(
    ("received", "days", "due"),
    [
        (date(2026, 3, 2), 1, date(2026, 3, 3)),  # Monday -> Tuesday
        (date(2026, 3, 6), 1, date(2026, 3, 9)),  # Friday -> Monday
        (date(2026, 3, 2), 5, date(2026, 3, 9)),
        (date(2026, 3, 2), 0, date(2026, 3, 2)),
        (datetime(2026, 3, 2, 15, 30), 1, date(2026, 3, 4)),  # after 15:00: from Tuesday
        (datetime(2026, 3, 2, 15, 0), 1, date(2026, 3, 3)),  # 15:00 itself is in time
        (datetime(2026, 3, 2, 8, 0), 1, date(2026, 3, 3)),
        (datetime(2026, 3, 2, 15, 30), 0, date(2026, 3, 3)),
        (datetime(2026, 3, 6, 16, 0), 1, date(2026, 3, 10)),  # Friday late -> Tuesday
        (date(2026, 3, 7), 1, date(2026, 3, 10)),  # Saturday counts as received Monday
        (datetime(2026, 3, 8, 10, 0), 1, date(2026, 3, 10)),
        (date(2026, 3, 2), Fraction(1, 2), date(2026, 3, 3)),  # a fraction ends in day 1
        (date(2026, 3, 2), Fraction(3, 2), date(2026, 3, 4)),
        (date(2026, 3, 2), Fraction(0), date(2026, 3, 2)),
        (date(2026, 2, 13), 1, date(2026, 2, 23)),  # Friday before Tết -> after Tết
        (date(2026, 2, 12), 3, date(2026, 2, 24)),
        (date(2026, 4, 29), 1, date(2026, 5, 4)),  # 30/4 and 1/5
        (date(2026, 4, 24), 1, date(2026, 4, 28)),  # Giỗ Tổ observed Monday 27/4
        (date(2026, 8, 21), 1, date(2026, 8, 22)),  # make-up Saturday is worked
        (date(2026, 8, 28), 1, date(2026, 9, 3)),  # 31/8, 1/9, 2/9 off
        (date(2025, 12, 31), 1, date(2026, 1, 2)),  # across the new year
    ],
)
def test_add_working_days(received: date, days: Fraction | int, due: date) -> None:
    assert CAL.add_working_days(received, days) == due


def test_aware_datetimes_are_read_in_vietnam_time() -> None:
    # 08:30 UTC is 15:30 in Hà Nội: after the cut-off.
    late = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
    assert CAL.add_working_days(late, 1) == date(2026, 3, 4)
    assert CAL.add_working_days(datetime(2026, 3, 2, 7, 0, tzinfo=UTC), 1) == date(2026, 3, 3)


def test_add_working_days_refuses_bad_counts() -> None:
    with pytest.raises(ValueError, match="negative"):
        CAL.add_working_days(date(2026, 3, 2), -1)
    with pytest.raises(TypeError):
        CAL.add_working_days(date(2026, 3, 2), 0.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        (date(2026, 3, 2), date(2026, 3, 6), 4),  # (Mon, Fri]
        (date(2026, 3, 2), date(2026, 3, 2), 0),
        (date(2026, 3, 6), date(2026, 3, 2), 0),  # empty interval
        (date(2026, 3, 6), date(2026, 3, 8), 0),  # a weekend
        (date(2026, 2, 13), date(2026, 2, 22), 0),  # Tết
        (date(2026, 2, 13), date(2026, 2, 23), 1),
        (date(2025, 12, 31), date(2026, 1, 5), 2),  # 1/1 off; Fri 2/1 and Mon 5/1
        # 261 weekdays - 13 weekday holidays + the worked Saturday 22/8
        (date(2025, 12, 31), date(2026, 12, 31), 249),
    ],
)
def test_working_days_between(start: date, end: date, count: int) -> None:
    assert CAL.working_days_between(start, end) == count


@given(
    received=st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)),
    days=st.integers(min_value=0, max_value=60),
)
def test_add_and_count_agree(received: date, days: int) -> None:
    due = CAL.add_working_days(received, days)
    assert CAL.is_working_day(due)
    if CAL.is_working_day(received):
        assert CAL.working_days_between(received, due) == days


@pytest.mark.parametrize(
    ("received", "calendar_days", "count"),
    [
        (date(2026, 3, 2), 15, 11),  # Tue 3/3 .. Tue 17/3
        (date(2026, 3, 2), 0, 0),
        (date(2026, 3, 5), 2, 2),  # ends Sat 7/3 -> extended to Mon 9/3, which counts
        (date(2026, 2, 6), 15, 6),  # 7/2 .. 21/2 spans Tết, extended to Mon 23/2
        (date(2026, 2, 12), 15, 6),  # 13..27/2: Fri 13/2, then Tết, then 23-27/2
    ],
)
def test_working_days_in_calendar_period(received: date, calendar_days: int, count: int) -> None:
    assert CAL.working_days_in_calendar_period(received, calendar_days) == count


def test_a_period_over_tet_has_fewer_working_days() -> None:
    ordinary = CAL.working_days_in_calendar_period(date(2026, 3, 5), 15)
    over_tet = CAL.working_days_in_calendar_period(date(2026, 2, 5), 15)
    assert over_tet < ordinary - 3


def test_worst_and_typical_window_2026() -> None:
    worst, received = CAL.worst_case_window(15, 2026)
    typical = CAL.typical_window(15, 2026)
    assert worst < typical
    # Received Fri 6/2: 9-13/2 and the extension to Mon 23/2 are the only working days.
    assert (worst, received) == (6, date(2026, 2, 6))
    assert typical == 11


@pytest.mark.parametrize("calendar_days", [0, 1, 5, 15, 30, 45])
def test_windows_match_a_day_by_day_count(calendar_days: int) -> None:
    receipts = [
        date(2026, 1, 1) + timedelta(days=i)
        for i in range(365)
        if CAL.is_working_day(date(2026, 1, 1) + timedelta(days=i))
    ]
    counts = [CAL.working_days_in_calendar_period(r, calendar_days) for r in receipts]
    worst = min(counts)
    assert CAL.worst_case_window(calendar_days, 2026) == (worst, receipts[counts.index(worst)])
    assert CAL.typical_window(calendar_days, 2026) == statistics.median_low(counts)


def test_windows_are_fast_after_the_first_call() -> None:
    cal = WorkCalendar()
    cal.worst_case_window(15, 2026)
    start = clock.perf_counter()
    for _ in range(100):
        cal.worst_case_window(15, 2026)
        cal.typical_window(15, 2026)
    assert (clock.perf_counter() - start) / 100 < 0.001
    # Another length over the same, already built, year is computed, still quickly.
    start = clock.perf_counter()
    cal.worst_case_window(20, 2026)
    assert clock.perf_counter() - start < 0.010


def test_window_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="negative"):
        CAL.worst_case_window(-1, 2026)
    with pytest.raises(TypeError):
        CAL.typical_window(1.5, 2026)  # type: ignore[arg-type]


def test_extra_holidays() -> None:
    cal = WorkCalendar(extra_holidays=[date(2026, 3, 2)])
    assert not cal.is_working_day(date(2026, 3, 2))
    assert cal.add_working_days(date(2026, 2, 27), 1) == date(2026, 3, 3)
    assert cal.holiday_name(date(2026, 3, 2)) == "Ngày nghỉ của cơ quan"
    assert cal.working_days_between(date(2026, 2, 27), date(2026, 3, 6)) == 4
    # The default calendar is unaffected.
    assert CAL.add_working_days(date(2026, 2, 27), 1) == date(2026, 3, 2)


def test_extra_holidays_with_names() -> None:
    cal = WorkCalendar(extra_holidays={date(2026, 3, 2): "Ngày thành lập tỉnh"})
    assert cal.holiday_name(date(2026, 3, 2)) == "Ngày thành lập tỉnh"


def test_extra_working_days() -> None:
    cal = WorkCalendar(extra_working_days=[date(2026, 3, 7), datetime(2026, 2, 20, 8, 0)])
    assert cal.is_working_day(date(2026, 3, 7))
    assert cal.add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 7)
    # Working on Mùng bốn Tết: the day is still named, but it counts.
    assert cal.is_working_day(date(2026, 2, 20))
    assert cal.holiday_name(date(2026, 2, 20)) == "Mùng bốn Tết Nguyên Đán"
    assert cal.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 20)


def test_extra_days_change_the_windows() -> None:
    cal = WorkCalendar(extra_holidays=[date(2026, 2, 9)])
    assert cal.worst_case_window(15, 2026) == (5, date(2026, 2, 6))
    assert CAL.worst_case_window(15, 2026) == (6, date(2026, 2, 6))


def test_a_day_cannot_be_both_off_and_worked() -> None:
    with pytest.raises(ValueError, match="2026-03-02"):
        WorkCalendar(extra_holidays=[date(2026, 3, 2)], extra_working_days=[date(2026, 3, 2)])


def test_cut_off_is_15_00() -> None:
    from qmsdoc.rules.calendar import CUTOFF

    assert time(15, 0) == CUTOFF
