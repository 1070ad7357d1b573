"""QMS3xx: procedure content: steps, responsibilities, durations against the legal time, records."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

from qmsdoc.diagnostics import Severity as S
from qmsdoc.model.documents import Case, Procedure
from qmsdoc.model.duration import Duration
from qmsdoc.model.span import NOSPAN, Span
from qmsdoc.rules.calendar import calendar_length
from qmsdoc.rules.context import RuleContext, fmt_date
from qmsdoc.rules.registry import Finding, rule
from qmsdoc.rules.timing import (
    Chain,
    Limit,
    Sum,
    Timing,
    available_hours,
    calendar_note,
    case_paths,
    chains,
    channel_label,
    counts,
    is_external,
    limit_event,
    limits,
    step_numbers,
    total,
)


def legal_time(ctx: RuleContext, p: Procedure) -> Duration | None:
    """The procedure's processing time, else the one its TTHC catalogue entry gives."""
    if p.processing_time:
        return ctx.timing.read(p.processing_time)
    entry = ctx.index.tthc.get(p.tthc or "")
    return ctx.timing.read(entry.legal_time) if entry and entry.legal_time else None


def step_hours(ctx: RuleContext, p: Procedure) -> Fraction | None:
    """Total working hours of the counted steps of a procedure without cases; None when a step
    is counted on the calendar."""
    total = Fraction(0)
    for s in p.steps:
        if s.duration is None or not counts(s):
            continue
        d = ctx.timing.read(s.duration)
        if d.on_calendar or not d.limited:
            return None
        total += d.working_hours(ctx.hours_per_day)
    return total


@dataclass(frozen=True)
class _Overrun:
    procedure: Procedure
    case: Case | None
    limit: Limit
    chain: Chain
    total: Sum
    available: Fraction
    worst: Fraction


def _overruns(ctx: RuleContext) -> Iterator[_Overrun]:
    """Every (case path, chain, legal time from the same event) whose sum can be compared."""
    t = ctx.timing
    for p in ctx.repo.procedures:
        entry = ctx.index.tthc.get(p.tthc or "")
        for case, path in case_paths(p):
            lims = [lim for lim in limits(t, p, case, entry) if lim.duration.limited]
            if not lims:
                continue
            for chain in chains(t, path):
                for lim in lims:
                    if limit_event(lim) != chain.event:
                        continue
                    tot = total(t, chain)
                    if tot.unlimited or not chain.steps:
                        continue
                    avail = available_hours(t, lim.duration, tot.calendar_days)
                    worst = available_hours(t, lim.duration, tot.calendar_days, worst=True)
                    yield _Overrun(p, case, lim, chain, tot, avail, worst)


def _arith(ctx: RuleContext, o: _Overrun) -> dict[str, object]:
    t, hpd = ctx.timing, ctx.hours_per_day
    case_vi = f"trường hợp \"{o.case.name or o.case.id}\", " if o.case else ""
    case_en = f"case \"{o.case.name or o.case.id}\", " if o.case else ""
    ch_vi = f"nộp {channel_label(o.limit.channel)}, " if o.limit.channel else ""
    ch_en = f"filed {channel_label(o.limit.channel, 'en')}, " if o.limit.channel else ""
    ev = o.limit.duration.start or o.chain.event_text
    ev_vi = f" kể từ {ev}" if ev else ""
    ev_en = f" from {ev}" if ev else ""
    return {
        "where": f"{case_vi}{ch_vi}", "where_en": f"{case_en}{ch_en}",
        "steps": step_numbers(o.chain),
        "total": o.total.describe(hpd), "total_en": o.total.describe(hpd, "en"),
        "limit": f"{o.limit.duration.describe()}{ev_vi}",
        "limit_en": f"{o.limit.duration.describe('en')}{ev_en}",
        "calendar": calendar_note(t, o.limit.duration),
        "calendar_en": calendar_note(t, o.limit.duration, "en"),
    }


def _at(p: Procedure, o: _Overrun) -> Span:
    return o.case.span if o.case and o.case.span is not NOSPAN else p.key_at("steps")


@rule("QMS301", "steps-exceed-time", S.ERROR,
      "{where}các bước {steps} cộng lại {total}, vượt thời hạn giải quyết {limit} ({calendar})",
      "{where_en}steps {steps} add up to {total_en}, more than the legal processing time "
      "{limit_en} ({calendar_en})",
      hint_vi="Rút ngắn thời gian của các bước, hoặc kiểm tra lại thời hạn theo quy định "
      "(processing_time) và sự kiện tính thời hạn (kể từ …).",
      hint_en="Shorten the steps, or check the legal processing time (processing_time) and "
      "the event it runs from (kể từ …).",
      clause="8.1")
def steps_exceed_time(ctx: RuleContext) -> Iterator[Finding]:
    """The durations of a path of a procedure's steps add up to more than its legal time.

    A procedure whose steps cannot be done within the time the law allows makes every dossier
    late by design. Each case (``cases``) is checked on its own path: the shared steps plus
    the steps marked for that case; alternatives are never added together. Within a path only
    the steps of one chain are summed: a step may state the event its period runs from
    (``start:`` or ``… kể từ …`` in its duration), and its chain is compared with the legal
    time that runs from the same event (a legal time without ``kể từ`` runs from the receipt
    of the complete dossier). Steps of the applicant or of another agency (``actor``) are not
    counted unless ``counted: true``. The legal time is the case's, each channel's and the
    procedure's (or the catalogue's). Working time is added in working hours (8 a day by
    default, see ``calendar.hours_per_day``); a legal time on the calendar (``15 ngày``,
    ``6 tháng``) is compared with the working days such a period usually holds from today,
    using the Vietnamese public holidays; see QMS307 for periods that fall over holidays. The
    message shows the arithmetic: the steps, their sum, the limit and how it was counted.
    """
    seen: set[tuple[int, str, str | None]] = set()
    for o in _overruns(ctx):
        if o.total.hours <= o.available:
            continue
        key = (id(o.procedure), o.case.id if o.case else "", o.chain.event)
        if key in seen:  # one finding per path and chain: the strictest limit is enough
            continue
        seen.add(key)
        yield _at(o.procedure, o), _arith(ctx, o)


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
            if not step.responsible and not is_external(step):
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
            if step.duration is None and not step.has("duration") and counts(step):
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
    """A procedure's processing time is longer than the one its TTHC catalogue entry states.

    The catalogue follows the decision that published the administrative procedure; the
    internal procedure may be shorter, but a longer time breaks the law. Only a longer time is
    reported. Times in different units are compared on the calendar from today (working time
    in working days, calendar periods in the working days they usually hold).
    """
    t = ctx.timing
    for p in ctx.repo.procedures:
        entry = ctx.index.tthc.get(p.tthc or "")
        if p.processing_time is None or entry is None or entry.legal_time is None:
            continue
        own, cat = t.read(p.processing_time), t.read(entry.legal_time)
        if longer(t, own, cat):
            yield p.at("processing_time"), {
                "own": own.describe(), "own_en": own.describe("en"),
                "catalogue": cat.describe(), "catalogue_en": cat.describe("en")}


def longer(t: Timing, own: Duration, other: Duration) -> bool:
    """Whether ``own`` is a longer time than ``other`` (never when either has no limit)."""
    if not own.limited or not other.limited:
        return False
    if own.on_calendar and other.on_calendar:
        return calendar_length(t.today, own) > calendar_length(t.today, other)
    if not own.on_calendar and not other.on_calendar:
        return own.working_hours(t.hours_per_day) > other.working_hours(t.hours_per_day)
    return available_hours(t, own) > available_hours(t, other)


@rule("QMS307", "holiday-window", S.WARNING,
      "Tổng thời gian các bước ({total}) có thể vượt thời hạn {limit} khi hồ sơ nhận ngày "
      "{date}: khi đó chỉ có {worst} ngày làm việc do nghỉ lễ",
      "The steps ({total_en}) can overrun {limit_en} for a dossier received on {date}: that "
      "period holds only {worst} working days because of public holidays",
      hint_vi="Rút ngắn các bước hoặc ghi chú cách xử lý hồ sơ nhận trước kỳ nghỉ lễ.",
      hint_en="Shorten the steps or say how dossiers received before holidays are handled.",
      clause="8.1")
def holiday_window(ctx: RuleContext) -> Iterator[Finding]:
    """With a legal time on the calendar, the steps fit a usual period but not one that falls
    over public holidays (Tết, 30/4–1/5, 2/9) in the current year, from the ``holidays``
    calendar of Vietnam plus the organisation's own days in ``calendar``. Checked per case path
    and chain, like QMS301."""
    hpd = ctx.hours_per_day
    seen: set[tuple[int, str, str | None]] = set()
    for o in _overruns(ctx):
        lim = o.limit.duration
        if not lim.on_calendar or not o.worst < o.total.hours <= o.available:
            continue
        key = (id(o.procedure), o.case.id if o.case else "", o.chain.event)
        if key in seen:
            continue
        seen.add(key)
        days = calendar_length(ctx.today, lim) - o.total.calendar_days
        n, when = ctx.calendar.worst_case_window(days, ctx.today.year)
        yield _at(o.procedure, o), {
            "total": o.total.describe(hpd), "total_en": o.total.describe(hpd, "en"),
            "limit": lim.describe(), "limit_en": lim.describe("en"),
            "date": fmt_date(when), "worst": n}


def _short(text: str | None, width: int = 50) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"
