"""The time rule on cases, start events, outside actors and calendar periods (issue 15)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from qmsdoc_testing import TODAY, MakeRepo, sub

from qmsdoc.commands.check import check_repository
from qmsdoc.model.duration import parse_duration
from qmsdoc.rules.calendar import WorkCalendar, calendar_length

P = "quy-trinh/QT-01.md"
STEPS = """steps:
  - action: Tiếp nhận hồ sơ
    responsible: cong-chuc
    duration: 2 giờ
    forms: [BM-01]
  - action: Ký chứng thực
    responsible: chu-tich
    duration: 4 giờ
  - action: Trả kết quả
    responsible: cong-chuc
    duration: 0
"""


def _steps(new: str, head: str = "") -> dict[str, object]:
    return {P: sub(STEPS, head + "steps:\n" + new)}


def _codes(root: object, code: str = "QMS301") -> list[str]:
    return [d.vi for d in check_repository(root, select=[code], today=TODAY).diagnostics  # type: ignore[arg-type]
            if d.code == code]


CASES = """cases:
  - id: du
    name: Hồ sơ đầy đủ
  - id: thieu
    name: Hồ sơ chưa đầy đủ
"""
ALTERNATIVES = """  - action: Tiếp nhận
    responsible: cong-chuc
    duration: 0,5 ngày làm việc
  - action: Hướng dẫn bổ sung
    responsible: cong-chuc
    duration: 4 giờ
    cases: [thieu]
  - action: Chứng thực
    responsible: chu-tich
    duration: 4 giờ
    cases: [du]
"""


def test_alternative_cases_are_checked_one_path_at_a_time(make_repo: MakeRepo) -> None:
    assert _codes(make_repo(_steps(ALTERNATIVES, CASES))) == []
    # The same steps without cases are one path: 4 + 4 + 4 hours > 1 working day.
    alone = ALTERNATIVES.replace("    cases: [thieu]\n", "").replace("    cases: [du]\n", "")
    found = _codes(make_repo(_steps(alone)))
    assert len(found) == 1 and found[0].startswith("Các bước 1, 2, 3 cộng lại 1,5 ngày làm việc")


def test_a_case_path_over_its_time_is_reported_at_the_case(make_repo: MakeRepo) -> None:
    long = ALTERNATIVES.replace("    duration: 4 giờ\n    cases: [du]",
                                "    duration: 2 ngày làm việc\n    cases: [du]")
    found = _codes(make_repo(_steps(long, CASES)))
    assert len(found) == 1
    assert found[0].startswith('Trường hợp "Hồ sơ đầy đủ", các bước 1, 3 cộng lại 2,5 ngày')
    assert "01 ngày làm việc" in found[0] or "1 ngày làm việc" in found[0]


def test_periods_from_different_start_events_are_not_added(make_repo: MakeRepo) -> None:
    steps = """  - action: Kiểm tra, hướng dẫn bổ sung
    responsible: cong-chuc
    duration: 01 ngày làm việc, kể từ ngày nhận được hồ sơ
  - action: Giải quyết
    responsible: chu-tich
    duration: 01 ngày làm việc, kể từ ngày nhận đủ hồ sơ hợp lệ
"""
    root = make_repo(_steps(steps))
    assert _codes(root) == []
    assert _codes(root, "QMS017") == []  # "…, kể từ …" is a duration, not a bad value
    # Without the events they follow each other: 2 days > 1.
    plain = steps.replace(", kể từ ngày nhận được hồ sơ", "").replace(
        ", kể từ ngày nhận đủ hồ sơ hợp lệ", "")
    assert len(_codes(make_repo(_steps(plain)))) == 1


def test_a_step_may_name_its_event_with_start(make_repo: MakeRepo) -> None:
    steps = """  - action: Giải quyết
    responsible: chu-tich
    duration: 01 ngày làm việc
  - action: Công an xã trả lời
    responsible: cong-chuc
    start: ngày nhận được văn bản của Công an xã
    duration: 01 ngày làm việc
"""
    assert _codes(make_repo(_steps(steps))) == []


def test_outside_actors_are_not_counted_unless_marked(make_repo: MakeRepo) -> None:
    steps = """  - action: Người dân bổ sung hồ sơ
    actor: nguoi-nop-ho-so
    duration: 10 ngày làm việc
  - action: Chứng thực
    responsible: chu-tich
    duration: 4 giờ
"""
    root = make_repo(_steps(steps))
    assert _codes(root) == []
    for code in ("QMS302", "QMS304", "QMS311"):
        assert _codes(root, code) == []
    counted = steps.replace("    duration: 10 ngày làm việc\n",
                            "    duration: 10 ngày làm việc\n    counted: true\n")
    assert len(_codes(make_repo(_steps(counted)))) == 1


def test_external_parties_come_from_qms_yaml(make_repo: MakeRepo) -> None:
    steps = """  - action: Công an xã xác minh
    actor: cong-an-xa
  - action: Chứng thực
    responsible: chu-tich
    duration: 4 giờ
"""
    assert len(_codes(make_repo(_steps(steps)), "QMS311")) == 1
    declared = make_repo({**_steps(steps), "qms.yaml": lambda t: t + (
        "external_parties:\n  - id: cong-an-xa\n    name: Công an xã Thử Nghiệm\n")})
    assert _codes(declared, "QMS311") == []


def test_no_time_limit_skips_the_time_rule_and_says_so(make_repo: MakeRepo) -> None:
    root = make_repo({P: sub("processing_time: 01 ngày làm việc",
                             "processing_time: Không quy định")})
    assert _codes(root) == []
    assert len(_codes(root, "QMS308")) == 1


def test_channel_times_are_limits_too(make_repo: MakeRepo) -> None:
    root = make_repo({P: sub("processing_time: 01 ngày làm việc\n",
                             "processing_time: 01 ngày làm việc\nchannels:\n"
                             "  - channel: truc-tuyen\n    processing_time: 4 giờ\n"
                             "    fee: Miễn phí\n")})
    found = _codes(root)
    assert len(found) == 1 and found[0].startswith("Nộp trực tuyến, các bước")
    assert "4 giờ làm việc" in found[0]


def test_month_and_year_on_real_dates() -> None:
    assert calendar_length(dt.date(2026, 1, 31), parse_duration("1 tháng")) == 28
    assert calendar_length(dt.date(2028, 1, 31), parse_duration("1 tháng")) == 29
    assert calendar_length(dt.date(2026, 3, 1), parse_duration("1 năm")) == 365
    assert calendar_length(dt.date(2026, 3, 1), parse_duration("2 tuần")) == 14
    cal = WorkCalendar()
    # 6 months from Friday 2026-01-16 is Thursday 2026-07-16, a working day.
    assert cal.due_date(dt.date(2026, 1, 16), parse_duration("6 Tháng")) == dt.date(2026, 7, 16)
    # "Trong ngày": the day of receipt; after 15:00 the next working day.
    assert cal.due_date(dt.datetime(2026, 1, 16, 16, 0), parse_duration("trong ngày")) == \
        dt.date(2026, 1, 19)
    assert cal.due_date(dt.date(2026, 1, 16), parse_duration("4 giờ")) == dt.date(2026, 1, 19)
    assert Fraction(parse_duration("½ ngày làm việc").working_hours()) == 4


def test_the_bare_day_reading_is_said_for_a_catalogue_limit_too(make_repo: MakeRepo) -> None:
    root = make_repo({P: sub("processing_time: 01 ngày làm việc\n", ""),
                      "dang-ky/tthc.yaml": sub("legal_time: 01 ngày làm việc",
                                               "legal_time: 2 ngày")})
    found = _codes(root, "QMS309")
    assert len(found) == 1 and '"2 ngày"' in found[0] and "ngày theo lịch" in found[0]


def test_steps_without_an_event_run_from_the_legal_times_own_event(make_repo: MakeRepo) -> None:
    limit = "processing_time: 01 ngày làm việc, kể từ ngày nhận được văn bản của Công an xã"
    steps = sub(STEPS, """steps:
  - action: Xem xét
    responsible: cong-chuc
    duration: 1 ngày làm việc
  - action: Ký
    responsible: chu-tich
    duration: 4 giờ
""")
    root = make_repo({P: lambda t: steps(sub("processing_time: 01 ngày làm việc", limit)(t))})
    found = _codes(root)
    assert len(found) == 1 and "kể từ ngày nhận được văn bản của Công an xã" in found[0]
