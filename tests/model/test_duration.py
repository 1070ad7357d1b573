"""Tests for qmsdoc.model.duration: parsing, exact values, conversion and display."""

from __future__ import annotations

import unicodedata
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qmsdoc.model.duration import (
    Duration,
    DurationError,
    TimeUnit,
    format_hours,
    parse_duration,
)

WD, WH, CD = TimeUnit.WORKING_DAY, TimeUnit.WORKING_HOUR, TimeUnit.CALENDAR_DAY


@pytest.mark.parametrize(
    ("raw", "value", "unit"),
    [
        # working days, every alias
        ("05 ngày làm việc", Fraction(5), WD),
        ("0,5 ngày làm việc", Fraction(1, 2), WD),
        ("0.5 ngày làm việc", Fraction(1, 2), WD),
        ("2 ngày lv", Fraction(2), WD),
        ("1 day", Fraction(1), WD),
        ("3 days", Fraction(3), WD),
        ("1 working day", Fraction(1), WD),
        ("2.5 working days", Fraction(5, 2), WD),
        ("4 wd", Fraction(4), WD),
        ("1/2 ngày làm việc", Fraction(1, 2), WD),
        ("3 / 4 day", Fraction(3, 4), WD),
        # working hours, every alias
        ("04 giờ làm việc", Fraction(4), WH),
        ("4 giờ", Fraction(4), WH),
        ("2 tiếng", Fraction(2), WH),
        ("4h", Fraction(4), WH),
        ("4 h", Fraction(4), WH),
        ("1 hour", Fraction(1), WH),
        ("1,5 hours", Fraction(3, 2), WH),
        ("1 working hour", Fraction(1), WH),
        ("16 working hours", Fraction(16), WH),
        # calendar days, every alias
        ("15 ngày theo lịch", Fraction(15), CD),
        ("15 ngày lịch", Fraction(15), CD),
        ("15 ngày (theo lịch)", Fraction(15), CD),
        ("15 ngày(theo lịch)", Fraction(15), CD),
        ("1 calendar day", Fraction(1), CD),
        ("30 calendar days", Fraction(30), CD),
        # case, spacing, leading zeros, zero
        ("  05   NGÀY  LÀM  VIỆC ", Fraction(5), WD),
        ("0,5Ngày", Fraction(1, 2), CD),  # bare "ngày": calendar
        ("4 Giờ Làm Việc", Fraction(4), WH),
        ("15 NGÀY THEO LỊCH", Fraction(15), CD),
        ("2\u00a0ngày làm việc", Fraction(2), WD),  # non-breaking space from Word
        ("0", Fraction(0), WD),
        ("00", Fraction(0), WD),
        ("0 ngày", Fraction(0), CD),
        ("0 giờ", Fraction(0), WH),
    ],
)
def test_accepted_forms(raw: str, value: Fraction, unit: TimeUnit) -> None:
    d = parse_duration(raw)
    assert (d.value, d.unit) == (value, unit)
    assert isinstance(d.value, Fraction)
    assert d.text == raw.strip()


def test_decomposed_input_is_accepted() -> None:
    raw = unicodedata.normalize("NFD", "3 ngày làm việc")
    assert raw != unicodedata.normalize("NFC", raw)
    assert parse_duration(raw).unit is WD


@pytest.mark.parametrize("raw", [0, 0.0, "0", " 0 "])
def test_bare_zero_is_zero_working_days(raw: str | float) -> None:
    d = parse_duration(raw)
    assert (d.value, d.unit) == (Fraction(0), WD)


@pytest.mark.parametrize(
    ("raw", "shown", "vi_part", "en_part"),
    [
        ("", "", "trống", "empty"),
        ("   ", "", "trống", "empty"),
        (None, "", "trống", "empty"),
        ("5", '"5"', "thiếu đơn vị", "no unit"),
        (5, '"5"', "thiếu đơn vị", "no unit"),
        (2.5, '"2.5"', "thiếu đơn vị", "no unit"),
        ("-1 ngày", '"-1 ngày"', "âm", "negative"),
        ("−0,5 ngày", '"−0,5 ngày"', "âm", "negative"),
        (-3, '"-3"', "âm", "negative"),
        ("ngày làm việc", '"ngày làm việc"', "Không đọc được số", "No number"),
        ("năm ngày", '"năm ngày"', "Không đọc được số", "No number"),
        ("3-5 ngày", '"5 ngày"', "khoảng", "range"),
        ("3-ngày", '"3-ngày"', "không hợp lệ", "Unknown unit"),
        ("3 – 5 ngày", '"3 – 5 ngày"', "khoảng", "range"),
        ("3 tuần lễ", '"tuần lễ"', "không hợp lệ", "Unknown unit"),
        ("2 ngày làm", '"ngày làm"', "không hợp lệ", "Unknown unit"),
        ("1/0 ngày", '"1/0 ngày"', "mẫu số 0", "zero denominator"),
        (True, "True", "văn bản", "must be text"),
    ],
)
def test_errors_name_the_bad_text(
    raw: object, shown: str, vi_part: str, en_part: str
) -> None:
    with pytest.raises(DurationError) as info:
        parse_duration(raw)  # type: ignore[arg-type]
    err = info.value
    assert isinstance(err, ValueError)
    assert shown in err.vi and shown in err.en
    assert vi_part in err.vi and en_part in err.en
    assert str(err) == err.vi
    assert err.raw == raw
    # Every message shows a valid value to copy.
    assert "ngày" in err.vi and ("day" in err.en or "ngày" in err.en)


def test_missing_unit_suggests_units_with_the_same_number() -> None:
    with pytest.raises(DurationError) as info:
        parse_duration("05")
    assert '"05 ngày làm việc"' in info.value.vi
    assert '"05 working days"' in info.value.en


def test_values_are_exact_fractions() -> None:
    tenth = parse_duration("0,1 ngày").value
    assert tenth + tenth + tenth == Fraction(3, 10)
    assert parse_duration("1/3 ngày").value * 3 == 1
    assert parse_duration("0.125 day").value == Fraction(1, 8)


@pytest.mark.parametrize(
    ("raw", "hours_per_day", "hours"),
    [
        ("0,5 ngày làm việc", 8, Fraction(4)),
        ("2 ngày làm việc", 8, Fraction(16)),
        ("1/3 ngày làm việc", 8, Fraction(8, 3)),
        ("1,5 ngày làm việc", 7, Fraction(21, 2)),
        ("4 giờ", 8, Fraction(4)),
        ("4 giờ", 7, Fraction(4)),
        ("0", 8, Fraction(0)),
    ],
)
def test_working_hours(raw: str, hours_per_day: int, hours: Fraction) -> None:
    assert parse_duration(raw).working_hours(hours_per_day) == hours


def test_working_hours_refuses_calendar_days_and_bad_day_length() -> None:
    with pytest.raises(ValueError, match="calendar days"):
        parse_duration("15 ngày theo lịch").working_hours()
    with pytest.raises(ValueError, match="hours_per_day"):
        parse_duration("1 ngày").working_hours(0)


@pytest.mark.parametrize(
    ("raw", "vi", "en"),
    [
        ("0.5 ngày làm việc", "0,5 ngày làm việc", "0.5 working days"),
        ("05 ngày làm việc", "5 ngày làm việc", "5 working days"),
        ("1 day", "1 ngày làm việc", "1 working day"),
        ("0", "0 ngày làm việc", "0 working days"),
        ("4h", "4 giờ làm việc", "4 working hours"),
        ("1 tiếng", "1 giờ làm việc", "1 working hour"),
        ("15 ngày lịch", "15 ngày (theo lịch)", "15 calendar days"),
        ("1/8 ngày lv", "0,125 ngày làm việc", "0.125 working days"),
        ("1/3 ngày lv", "1/3 ngày làm việc", "1/3 working days"),
        ("15 ngày", "15 ngày (theo lịch)", "15 calendar days"),
        ("6 Tháng", "6 tháng", "6 months"),
        ("Trong ngày", "trong ngày", "the same working day"),
        ("Không quy định", "không quy định", "no time limit"),
    ],
)
def test_describe(raw: str, vi: str, en: str) -> None:
    d = parse_duration(raw)
    assert d.describe() == vi
    assert d.describe("en") == en


def test_describe_rejects_unknown_language() -> None:
    with pytest.raises(ValueError, match="lang"):
        parse_duration("1 ngày").describe("fr")


@given(
    value=st.fractions(min_value=0, max_value=1000, max_denominator=40),
    unit=st.sampled_from([u for u in TimeUnit if u not in (
        TimeUnit.MONTH, TimeUnit.YEAR, TimeUnit.SAME_DAY, TimeUnit.NO_LIMIT)]),
    lang=st.sampled_from(["vi", "en"]),
)
def test_describe_reads_back(value: Fraction, unit: TimeUnit, lang: str) -> None:
    d = Duration(value, unit, "x")
    back = parse_duration(d.describe(lang))
    assert (back.value, back.unit) == (value, unit)


@pytest.mark.parametrize(
    ("hours", "hours_per_day", "vi", "en"),
    [
        (Fraction(20), 8, "2,5 ngày làm việc", "2.5 working days"),
        (Fraction(8), 8, "1 ngày làm việc", "1 working day"),
        (Fraction(1), 8, "0,125 ngày làm việc", "0.125 working days"),
        (Fraction(0), 8, "0 ngày làm việc", "0 working days"),
        (Fraction(6), 4, "1,5 ngày làm việc", "1.5 working days"),
        (Fraction(1), 3, "1/3 ngày làm việc", "1/3 working days"),
    ],
)
def test_format_hours(hours: Fraction, hours_per_day: int, vi: str, en: str) -> None:
    assert format_hours(hours, hours_per_day) == vi
    assert format_hours(hours, hours_per_day, lang="en") == en


def test_format_hours_of_a_step_table_total() -> None:
    steps = ["0,5 ngày làm việc", "4 giờ", "1/2 ngày làm việc", "0", "2 tiếng", "1 day"]
    total = sum((parse_duration(s).working_hours() for s in steps), Fraction(0))
    assert total == 22
    assert format_hours(total) == "2,75 ngày làm việc"


def test_duration_checks_its_value() -> None:
    assert Duration(2, WD, "2 ngày").value == Fraction(2)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="negative"):
        Duration(Fraction(-1), WD, "-1 ngày")
    with pytest.raises(TypeError):
        Duration(0.5, WD, "0.5 ngày")  # type: ignore[arg-type]


def test_duration_is_frozen_and_hashable() -> None:
    d = parse_duration("1 ngày")
    with pytest.raises(AttributeError):
        d.value = Fraction(2)  # type: ignore[misc]
    assert len({d, parse_duration("1 ngày")}) == 1


# ---- wordings of the national public-service portal (issue 15) --------------------------------

MO, YR, WK = TimeUnit.MONTH, TimeUnit.YEAR, TimeUnit.WEEK
SAME, NONE = TimeUnit.SAME_DAY, TimeUnit.NO_LIMIT


@pytest.mark.parametrize(
    ("raw", "value", "unit", "start"),
    [
        ("6 Tháng", Fraction(6), MO, None),
        ("1 năm", Fraction(1), YR, None),
        ("2 tuần", Fraction(2), WK, None),
        ("15 Ngày", Fraction(15), CD, None),
        ("15 Ngày làm việc", Fraction(15), WD, None),
        ("8 Giờ", Fraction(8), WH, None),
        ("02 (hai) ngày làm việc", Fraction(2), WD, None),
        ("12 (mười hai) ngày làm việc", Fraction(12), WD, None),
        ("½ ngày làm việc", Fraction(1, 2), WD, None),
        ("1½ ngày làm việc", Fraction(3, 2), WD, None),
        ("0,5 ngày", Fraction(1, 2), CD, None),
        ("Trong ngày", Fraction(0), SAME, None),
        ("ngay trong ngày", Fraction(0), SAME, None),
        ("Không quy định", Fraction(0), NONE, None),
        ("Không phải trả kết quả cho người nộp thuế", Fraction(0), NONE, None),
        ("01 ngày làm việc, kể từ ngày nhận đủ hồ sơ hợp lệ", Fraction(1), WD,
         "ngày nhận đủ hồ sơ hợp lệ"),
        ("Trong thời hạn 05 ngày làm việc, kể từ ngày nhận đủ hồ sơ hợp lệ.", Fraction(5), WD,
         "ngày nhận đủ hồ sơ hợp lệ"),
        ("Tối đa là 15 ngày, kể từ ngày nhận đủ hồ sơ hợp lệ", Fraction(15), CD,
         "ngày nhận đủ hồ sơ hợp lệ"),
        ("03 ngày làm việc kể từ ngày nhận được văn bản của Công an xã", Fraction(3), WD,
         "ngày nhận được văn bản của Công an xã"),
        ("Ngay sau khi nhận đủ hồ sơ theo quy định", Fraction(0), SAME,
         "nhận đủ hồ sơ theo quy định"),
        ("tối đa không quá 20 ngày làm việc, kể từ ngày nộp đủ hồ sơ theo quy định",
         Fraction(20), WD, "ngày nộp đủ hồ sơ theo quy định"),
    ],
)
def test_portal_wordings(raw: str, value: Fraction, unit: TimeUnit, start: str | None) -> None:
    d = parse_duration(raw)
    assert (d.value, d.unit, d.start) == (value, unit, start)


def test_bare_day_is_a_calendar_day_unless_the_repository_says_otherwise() -> None:
    d = parse_duration("15 Ngày")
    assert d.bare_day and d.unit is CD and d.on_calendar
    assert d.reading(bare_day_is_working=True).unit is WD
    assert d.reading(bare_day_is_working=False).unit is CD
    # Only a bare "ngày" is re-read: explicit units never change.
    assert parse_duration("15 ngày theo lịch").reading(True).unit is CD
    assert not parse_duration("15 ngày làm việc").bare_day


def test_no_limit_and_same_day_arithmetic() -> None:
    assert not parse_duration("Không quy định").limited
    with pytest.raises(ValueError, match="no time limit"):
        parse_duration("Không quy định").working_hours()
    assert parse_duration("trong ngày").working_hours(8) == 8


@pytest.mark.parametrize("raw", ["1,5 tháng", "1/2 năm"])
def test_months_and_years_are_whole(raw: str) -> None:
    with pytest.raises(DurationError, match="số nguyên"):
        parse_duration(raw)


def test_event_keys_equate_the_usual_wordings() -> None:
    from qmsdoc.model.duration import event_key

    complete = {event_key(e) for e in (
        "ngày nhận đủ hồ sơ hợp lệ", "ngày nhận được hồ sơ đầy đủ và hợp lệ",
        "nộp đủ hồ sơ theo quy định", "khi nhận hồ sơ đầy đủ theo quy định")}
    assert complete == {"ho-so-hop-le"}
    assert event_key("ngày nhận được hồ sơ") == "nhan-ho-so"
    assert event_key("ngày nhận được văn bản của Công an xã") not in complete
    assert event_key(None) is None


@pytest.mark.parametrize("raw", ["99999 năm", "9999999 ngày", "2000 tháng", "9999999 giờ"])
def test_absurd_lengths_are_refused_not_crashed_on(raw: str) -> None:
    with pytest.raises(DurationError, match="100 năm"):
        parse_duration(raw)
