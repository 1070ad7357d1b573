"""QMS3xx: procedure content: steps, responsibilities, durations against the legal time, records."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from qmsdoc.diagnostics import Severity as S
from qmsdoc.model.documents import Procedure
from qmsdoc.model.duration import Duration, TimeUnit, format_hours
from qmsdoc.rules.context import RuleContext, fmt_date
from qmsdoc.rules.registry import Finding, rule


def legal_time(ctx: RuleContext, p: Procedure) -> Duration | None:
    """The procedure's processing time, else the one its TTHC catalogue entry gives."""
    if p.processing_time:
        return p.processing_time
    entry = ctx.index.tthc.get(p.tthc or "")
    return entry.legal_time if entry else None


def step_hours(ctx: RuleContext, p: Procedure) -> Fraction | None:
    """Total working hours of the steps; None when a step is counted in calendar days."""
    total = Fraction(0)
    for s in p.steps:
        if s.duration is None:
            continue
        if s.duration.unit is TimeUnit.CALENDAR_DAY:
            return None
        total += s.duration.working_hours(ctx.hours_per_day)
    return total


def _legal_hours(ctx: RuleContext, limit: Duration) -> tuple[Fraction, Fraction]:
    """(typical, worst case) working hours available within the legal time."""
    hpd = ctx.hours_per_day
    if limit.unit is not TimeUnit.CALENDAR_DAY:
        h = limit.working_hours(hpd)
        return h, h
    days = int(limit.value)
    typical = ctx.calendar.typical_window(days, ctx.today.year)
    worst, _ = ctx.calendar.worst_case_window(days, ctx.today.year)
    return Fraction(typical * hpd), Fraction(worst * hpd)


@rule("QMS301", "steps-exceed-time", S.ERROR,
      "Tổng thời gian các bước ({total}) vượt quá thời hạn giải quyết {limit}",
      "The steps add up to {total_en}, more than the legal processing time {limit_en}",
      hint_vi="Rút ngắn thời gian của các bước, hoặc kiểm tra lại thời hạn theo quy định "
      "(processing_time).",
      hint_en="Shorten the steps, or check the legal processing time (processing_time).",
      clause="8.1")
def steps_exceed_time(ctx: RuleContext) -> Iterator[Finding]:
    """The durations of a procedure's steps add up to more than its legal processing time.

    A procedure whose steps cannot be done within the time the law allows makes every dossier
    late by design. Step durations are added in working hours (8 a day by default, see
    ``calendar.hours_per_day``): ``0,5 ngày`` is 4 hours. A legal time in calendar days
    (``15 ngày theo lịch``) is compared with the working days such a period usually holds,
    using the Vietnamese public holidays; see QMS307 for periods that fall over holidays.
    """
    hpd = ctx.hours_per_day
    for p in ctx.repo.procedures:
        limit = legal_time(ctx, p)
        total = step_hours(ctx, p) if limit else None
        if limit is None or total is None:
            continue
        typical, _ = _legal_hours(ctx, limit)
        if total > typical:
            yield p.key_at("steps"), {
                "total": format_hours(total, hpd), "total_en": format_hours(total, hpd, "en"),
                "limit": limit.describe(), "limit_en": limit.describe("en")}


@rule("QMS302", "step-without-responsible", S.ERROR,
      "Bước {n} (\"{action}\") chưa ghi trách nhiệm thực hiện",
      "Step {n} (\"{action}\") has no responsible role",
      hint_vi="Thêm responsible: <mã vai trò> cho bước này.",
      hint_en="Add responsible: <role id> to this step.", clause="5.3")
def step_without_responsible(ctx: RuleContext) -> Iterator[Finding]:
    """A step of a procedure says what is done but not who does it.

    Every step needs a responsible role (the Trách nhiệm column); otherwise nobody is
    accountable for the time it takes (5.3, 8.1).
    """
    for p in ctx.repo.procedures:
        for n, step in enumerate(p.steps, 1):
            if not step.responsible:
                yield step.span, {"n": n, "action": _short(step.action)}


@rule("QMS303", "record-incomplete", S.ERROR,
      "Hồ sơ \"{name}\" thiếu {missing_vi}",
      "Record \"{name}\" has no {missing_en}",
      hint_vi="Ghi rõ keeper (vai trò lưu hồ sơ) và retention (thời gian lưu, ví dụ 05 năm).",
      hint_en="State keeper (the role keeping it) and retention (e.g. 05 năm).", clause="7.5.3.2")
def record_incomplete(ctx: RuleContext) -> Iterator[Finding]:
    """A record kept by a procedure has no keeper or no retention period.

    Records are evidence (7.5.3.2): for each, who keeps it and for how long must be stated, or
    it will be lost or destroyed too early.
    """
    for p in ctx.repo.procedures:
        for rec in p.records:
            missing = [(vi, en) for name, vi, en in (
                ("keeper", "người/vai trò lưu (keeper)", "keeper"),
                ("retention", "thời gian lưu (retention)", "retention period"))
                if not getattr(rec, name)]
            if missing:
                yield rec.span, {"name": rec.name or "?",
                                 "missing_vi": " và ".join(m[0] for m in missing),
                                 "missing_en": " and ".join(m[1] for m in missing)}


@rule("QMS304", "step-without-duration", S.WARNING,
      "Bước {n} (\"{action}\") chưa ghi thời gian thực hiện",
      "Step {n} (\"{action}\") has no duration",
      hint_vi="Thêm duration (ví dụ 0,5 ngày; 4 giờ; 0 cho bước trả kết quả).",
      hint_en="Add a duration (e.g. 0,5 ngày, 4 giờ, 0 for the return step).", clause="8.1")
def step_without_duration(ctx: RuleContext) -> Iterator[Finding]:
    """A step of a procedure with a legal processing time has no duration, so the total cannot
    be checked against the time limit."""
    for p in ctx.repo.procedures:
        if legal_time(ctx, p) is None:
            continue
        for n, step in enumerate(p.steps, 1):
            if step.duration is None and not step.has("duration"):
                yield step.span, {"n": n, "action": _short(step.action)}


@rule("QMS305", "procedure-without-steps", S.ERROR,
      "Quy trình chưa có bước thực hiện nào (steps)",
      "The procedure has no steps",
      hint_vi="Thêm danh sách steps: mỗi bước có action, responsible, duration.",
      hint_en="Add steps: each with action, responsible and duration.", clause="8.1")
def procedure_without_steps(ctx: RuleContext) -> Iterator[Finding]:
    """A procedure must say how the work is done: its step table is empty or missing."""
    for p in ctx.repo.procedures:
        if not p.steps:
            yield (p.key_at("steps") if p.has("steps") else p.at("kind")), {}


@rule("QMS306", "processing-time-differs", S.WARNING,
      "Thời hạn giải quyết {own} khác với danh mục TTHC ({catalogue})",
      "Processing time {own_en} differs from the TTHC catalogue ({catalogue_en})",
      hint_vi="Đối chiếu với quyết định công bố TTHC và sửa một trong hai.",
      hint_en="Compare with the decision publishing the TTHC and fix one of them.",
      clause="8.2.2")
def processing_time_differs(ctx: RuleContext) -> Iterator[Finding]:
    """A procedure's processing time is not the one its TTHC catalogue entry states.

    The catalogue follows the decision that published the administrative procedure; the
    internal procedure may be shorter, but a longer time breaks the law. Only a longer time is
    reported.
    """
    hpd = ctx.hours_per_day
    for p in ctx.repo.procedures:
        entry = ctx.index.tthc.get(p.tthc or "")
        own, cat = p.processing_time, entry.legal_time if entry else None
        if own is None or cat is None or own.unit != cat.unit:
            continue
        longer = (own.value > cat.value if own.unit is TimeUnit.CALENDAR_DAY
                  else own.working_hours(hpd) > cat.working_hours(hpd))
        if longer:
            yield p.at("processing_time"), {
                "own": own.describe(), "own_en": own.describe("en"),
                "catalogue": cat.describe(), "catalogue_en": cat.describe("en")}


@rule("QMS307", "holiday-window", S.WARNING,
      "Tổng thời gian các bước ({total}) có thể vượt thời hạn {limit} khi hồ sơ nhận ngày "
      "{date}: khi đó chỉ có {worst} ngày làm việc do nghỉ lễ",
      "The steps ({total_en}) can overrun {limit_en} for a dossier received on {date}: that "
      "period holds only {worst} working days because of public holidays",
      hint_vi="Rút ngắn các bước hoặc ghi chú cách xử lý hồ sơ nhận trước kỳ nghỉ lễ.",
      hint_en="Shorten the steps or say how dossiers received before holidays are handled.",
      clause="8.1")
def holiday_window(ctx: RuleContext) -> Iterator[Finding]:
    """With a legal time in calendar days, the steps fit a usual period but not one that falls
    over public holidays (Tết, 30/4–1/5, 2/9) in the current year, from the ``holidays``
    calendar of Vietnam plus the organisation's own days in ``calendar``."""
    hpd = ctx.hours_per_day
    for p in ctx.repo.procedures:
        limit = legal_time(ctx, p)
        total = step_hours(ctx, p) if limit else None
        if limit is None or total is None or limit.unit is not TimeUnit.CALENDAR_DAY:
            continue
        typical, worst = _legal_hours(ctx, limit)
        if worst < total <= typical:
            n, when = ctx.calendar.worst_case_window(int(limit.value), ctx.today.year)
            yield p.key_at("steps"), {
                "total": format_hours(total, hpd), "total_en": format_hours(total, hpd, "en"),
                "limit": limit.describe(), "limit_en": limit.describe("en"),
                "date": fmt_date(when), "worst": n}


def _short(text: str | None, width: int = 50) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"
