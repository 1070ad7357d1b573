"""QMS3xx: procedure content: steps, responsibilities, durations against the legal time, records."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

from qmsdoc.diagnostics import Severity as S
from qmsdoc.diagnostics.registry import Finding, rule
from qmsdoc.model.base import Located
from qmsdoc.model.documents import Case, Procedure
from qmsdoc.model.duration import Duration
from qmsdoc.model.fee import parse_fee
from qmsdoc.model.span import NOSPAN, Span
from qmsdoc.rules.calendar import calendar_length
from qmsdoc.rules.context import RuleContext, fmt_date
from qmsdoc.rules.timing import (
    Chain,
    Limit,
    Sum,
    Timing,
    actor_ids,
    available_hours,
    calendar_note,
    case_paths,
    chains,
    channel_label,
    counts,
    is_external,
    limits,
    runs_from_same_event,
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


def _overruns(ctx: RuleContext) -> list[_Overrun]:
    """Every (case path, chain, legal time from the same event) whose sum can be compared
    (computed once per check: QMS301 and QMS307 both read it)."""
    found = ctx.memo.get("overruns")
    if found is None:
        found = ctx.memo["overruns"] = list(_compute_overruns(ctx))
    return found


def _compute_overruns(ctx: RuleContext) -> Iterator[_Overrun]:
    t = ctx.timing
    for p in ctx.repo.procedures:
        entry = ctx.index.tthc.get(p.tthc or "")
        for case, path in case_paths(p):
            lims = [lim for lim in limits(t, p, case, entry) if lim.duration.limited]
            if not lims:
                continue
            for chain in chains(t, path):
                tot = None  # the chain's sum, once for all its limits (one per channel)
                for lim in lims:
                    if not runs_from_same_event(chain, lim):
                        continue
                    tot = tot or total(t, chain)
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
    where_vi, where_en = f"{case_vi}{ch_vi}", f"{case_en}{ch_en}"
    return {
        "head": f"{where_vi[:1].upper()}{where_vi[1:]}các bước" if where_vi else "Các bước",
        "head_en": f"{where_en[:1].upper()}{where_en[1:]}steps" if where_en else "Steps",
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
      "{head} {steps} cộng lại {total}, vượt thời hạn giải quyết {limit} ({calendar})",
      "{head_en} {steps} add up to {total_en}, more than the legal processing time "
      "{limit_en} ({calendar_en})",
      hint_vi="Rút ngắn thời gian của các bước, hoặc kiểm tra lại thời hạn theo quy định "
      "(processing_time) và sự kiện tính thời hạn (kể từ …).",
      hint_en="Shorten the steps, or check the legal processing time (processing_time) and "
      "the event it runs from (kể từ …).",
      clause="8.1")
def steps_exceed_time(ctx: RuleContext) -> Iterator[Finding]:
    seen: set[tuple[int, str, str]] = set()
    for o in _overruns(ctx):
        if o.total.hours <= o.available:
            continue
        key = (id(o.procedure), (o.case.id or "") if o.case else "", o.chain.event)
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
    hpd = ctx.hours_per_day
    seen: set[tuple[int, str, str]] = set()
    for o in _overruns(ctx):
        lim = o.limit.duration
        if not lim.on_calendar or not o.worst < o.total.hours <= o.available:
            continue
        key = (id(o.procedure), (o.case.id or "") if o.case else "", o.chain.event)
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


def _durations(p: Procedure) -> Iterator[tuple[Duration, Located, bool]]:
    """Every duration of a procedure: (duration, the object whose field it is, whether it is a
    legal time); its span (:func:`_duration_span`) is made only when it is reported."""
    if p.processing_time:
        yield p.processing_time, p, True
    for ch in p.channels:
        if ch.processing_time:
            yield ch.processing_time, ch, True
    for c in p.cases:
        if c.processing_time:
            yield c.processing_time, c, True
        for ch in c.channels:
            if ch.processing_time:
                yield ch.processing_time, ch, True
    for s in p.steps:
        if s.duration and counts(s):
            yield s.duration, s, False


def _duration_span(obj: Located, legal: bool) -> Span:
    return obj.at("processing_time" if legal else "duration")


@rule("QMS308", "no-time-limit", S.INFO,
      "Thời hạn \"{text}\" không quy định thời gian: không kiểm tra thời gian các bước với "
      "thời hạn này",
      "\"{text}\" sets no time limit: the steps are not checked against it",
      hint_vi="Không cần sửa nếu văn bản quy định đúng như vậy; nếu có thời hạn, ghi rõ (ví dụ "
      "05 ngày làm việc).",
      hint_en="Nothing to fix if the law says so; otherwise write the time (e.g. 05 ngày làm "
      "việc).", clause="8.1")
def no_time_limit(ctx: RuleContext) -> Iterator[Finding]:
    for p in ctx.repo.procedures:
        for d, obj, legal in _durations(p):
            if legal and not d.limited:
                yield _duration_span(obj, legal), {"text": d.text}


@rule("QMS309", "bare-day-reading", S.INFO,
      "\"{text}\" ghi \"ngày\" không rõ loại: đọc là {reading}",
      "\"{text}\" says \"ngày\" without saying which kind: read as {reading_en}",
      hint_vi="Ghi rõ \"ngày làm việc\" hoặc \"ngày\" theo đúng văn bản; kho tài liệu cũ có thể "
      "khai báo một lần calendar: bare_day: working trong qms.yaml.",
      hint_en="Write \"ngày làm việc\" or \"ngày\" as the law does; an old repository may state "
      "calendar: bare_day: working once in qms.yaml.", clause="8.1")
def bare_day_reading(ctx: RuleContext) -> Iterator[Finding]:
    working = ctx.timing.bare_day_working
    reading = ("ngày làm việc (theo calendar.bare_day trong qms.yaml)" if working
               else "ngày theo lịch (mặc định, như Cổng Dịch vụ công)")
    reading_en = ("working day (calendar.bare_day in qms.yaml)" if working
                  else "calendar day (the default, as on the national portal)")
    for p in ctx.repo.procedures:
        found = next(((d, _duration_span(obj, legal)) for d, obj, legal in _durations(p)
                      if d.bare_day), None)
        if found is None and p.processing_time is None and not p.channels:
            # The limit comes from the catalogue entry: its reading matters here too.
            entry = ctx.index.tthc.get(p.tthc or "")
            limits_of = [entry.legal_time, *(c.processing_time for c in entry.channels)] \
                if entry else []
            bare = next((d for d in limits_of if d and d.bare_day), None)
            found = (bare, p.at("tthc")) if bare else None
        if found:
            d, span = found
            yield span, {"text": d.text, "reading": reading, "reading_en": reading_en}


@rule("QMS310", "unknown-case", S.ERROR,
      "Bước {n} ghi trường hợp \"{case}\" nhưng quy trình không có trường hợp này{known}",
      "Step {n} names the case \"{case}\", which the procedure does not declare{known_en}",
      hint_vi="Khai báo trường hợp trong cases (id, name) hoặc sửa mã trường hợp của bước.",
      hint_en="Declare the case under cases (id, name) or fix the step's case id.",
      clause="8.1")
def unknown_case(ctx: RuleContext) -> Iterator[Finding]:
    for p in ctx.repo.procedures:
        ids = [c.id for c in p.cases if c.id]
        known = ", ".join(ids)
        for n, s in enumerate(p.steps, 1):
            for i, cid in enumerate(s.cases):
                if cid not in ids:
                    yield s.at("cases", i), {
                        "n": n, "case": cid,
                        "known": f" (có: {known})" if known else "",
                        "known_en": f" (declared: {known})" if known else ""}


@rule("QMS311", "unknown-actor", S.ERROR,
      "Bước {n}: bên thực hiện \"{actor}\" không phải nguoi-nop-ho-so và chưa khai báo trong "
      "external_parties của qms.yaml",
      "Step {n}: the actor \"{actor}\" is neither nguoi-nop-ho-so nor an external party of "
      "qms.yaml",
      hint_vi="Thêm vào qms.yaml: external_parties: [{{id: {actor}, name: …}}], hoặc dùng "
      "actor: nguoi-nop-ho-so cho bước của người nộp hồ sơ.",
      hint_en="Add to qms.yaml: external_parties: [{{id: {actor}, name: …}}], or use "
      "actor: nguoi-nop-ho-so for the applicant's step.", clause="8.1")
def unknown_actor(ctx: RuleContext) -> Iterator[Finding]:
    cfg = ctx.repo.config
    known = actor_ids({e.id for e in (cfg.external_parties if cfg else []) if e.id})
    for p in ctx.repo.procedures:
        for n, s in enumerate(p.steps, 1):
            if s.actor and s.actor not in known:
                yield s.at("actor"), {"n": n, "actor": s.actor}


@rule("QMS312", "channel-differs-from-catalogue", S.WARNING,
      "Cách thức {channel}: {what_vi} của quy trình ({own}) khác danh mục TTHC ({catalogue})",
      "Channel {channel_en}: the procedure's {what_en} ({own}) differs from the TTHC catalogue "
      "({catalogue})",
      hint_vi="Đối chiếu với quyết định công bố TTHC; thời hạn, phí theo từng cách thức nộp "
      "phải khớp giữa danh mục và quy trình.",
      hint_en="Compare with the decision publishing the TTHC; time and fee per channel must "
      "agree between the catalogue and the procedure.", clause="8.2.2")
def channel_differs(ctx: RuleContext) -> Iterator[Finding]:
    t = ctx.timing
    for p in ctx.repo.procedures:
        entry = ctx.index.tthc.get(p.tthc or "")
        if entry is None or not entry.channels or not p.channels:
            continue
        theirs = {c.channel: c for c in entry.channels if c.channel}
        for ch in p.channels:
            if not ch.channel:
                continue
            label = {"channel": channel_label(ch.channel),
                     "channel_en": channel_label(ch.channel, "en")}
            cat = theirs.get(ch.channel)
            if cat is None:
                yield ch.at("channel"), {**label, "what_vi": "cách thức nộp",
                                         "what_en": "channel", "own": ch.channel,
                                         "catalogue": "không có / absent"}
                continue
            if (ch.processing_time and cat.processing_time
                    and longer(t, t.read(ch.processing_time), t.read(cat.processing_time))):
                yield ch.at("processing_time"), {
                    **label, "what_vi": "thời hạn", "what_en": "time",
                    "own": ch.processing_time.text, "catalogue": cat.processing_time.text}
            if ch.fee and cat.fee and parse_fee(ch.fee).same_as(parse_fee(cat.fee)) is False:
                yield ch.at("fee"), {**label, "what_vi": "phí, lệ phí", "what_en": "fee",
                                     "own": ch.fee, "catalogue": cat.fee}


@rule("QMS313", "legal-basis-without-number", S.WARNING,
      "Căn cứ pháp lý \"{title}\" không có số, ký hiệu: trích dẫn tự do, không đối chiếu được "
      "với danh mục văn bản pháp luật",
      "Legal basis \"{title}\" has no number: a free citation, not checked against the legal "
      "register",
      hint_vi="Nếu văn bản có số, ký hiệu, ghi vào ref và thêm vào danh mục văn bản pháp luật.",
      hint_en="If the document has a number, write it as ref and add it to the legal register.",
      clause="7.5.3")
def legal_basis_without_number(ctx: RuleContext) -> Iterator[Finding]:
    for p in ctx.repo.procedures:
        for ref in p.legal_basis:
            if not ref.ref and ref.title:
                yield ref.at("title"), {"title": ref.title}


@rule("QMS314", "legal-basis-empty", S.ERROR,
      "Căn cứ pháp lý thiếu cả số, ký hiệu (ref) và tên văn bản (title)",
      "A legal basis entry has neither a number (ref) nor a title",
      hint_vi="Ghi ref: <số, ký hiệu> (ví dụ 123/2015/NĐ-CP) hoặc title: <tên văn bản>.",
      hint_en="Write ref: <number> (e.g. 123/2015/NĐ-CP) or title: <document title>.",
      clause="7.5.3")
def legal_basis_empty(ctx: RuleContext) -> Iterator[Finding]:
    for p in ctx.repo.procedures:
        for ref in p.legal_basis:
            if not ref.ref and not ref.title:
                yield ref.span, {}


@rule("QMS315", "duplicate-case-or-channel", S.ERROR,
      "{what_vi} \"{id}\" được khai báo hai lần",
      "{what_en} \"{id}\" is declared twice",
      hint_vi="Gộp hai mục thành một hoặc đổi mã.", hint_en="Merge the two or rename one.",
      clause="8.1")
def duplicate_case_or_channel(ctx: RuleContext) -> Iterator[Finding]:
    for p in ctx.repo.procedures:
        seen: set[str] = set()
        for c in p.cases:
            if c.id and c.id in seen:
                yield c.at("id"), {"what_vi": "Trường hợp", "what_en": "Case", "id": c.id}
            seen.add(c.id or "")
        for terms in [p.channels, *(c.channels for c in p.cases)]:
            names: set[str] = set()
            for ch in terms:
                if ch.channel and ch.channel in names:
                    yield ch.at("channel"), {"what_vi": "Cách thức nộp", "what_en": "Channel",
                                             "id": ch.channel}
                names.add(ch.channel or "")
