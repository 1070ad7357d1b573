"""Time arithmetic of a procedure: its cases, the limits that apply, and the chains of steps.

A procedure may have alternative cases (trường hợp); each case's path is the shared steps plus
the steps marked for that case, and is checked on its own: alternatives are never added up.
Within a path, a step may state the event its period runs from (``start:`` or ``… kể từ …`` in
its duration); it starts a chain, and the steps after it belong to that chain until another
event is stated. Only the periods of one chain are summed, and a chain is compared with the
legal time that runs from the same event. A legal time that names no event runs from the
receipt of the complete dossier (the usual rule of the one-stop regulations). The steps
before any stated event run from the legal time's own event, whatever it is.

Steps done by an outside actor (the applicant, another agency) are left out unless marked
``counted: true``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from qmsdoc.model.documents import APPLICANT, Case, ChannelTerms, Procedure, Step
from qmsdoc.model.duration import Duration, TimeUnit, event_key, format_hours
from qmsdoc.model.registers import TthcEntry
from qmsdoc.rules.calendar import WorkCalendar, calendar_length

DEFAULT_EVENT = "ho-so-hop-le"
"""The event a legal time without "kể từ …" runs from: receipt of the complete dossier."""

OWN_EVENT = ""
"""The chain of the steps before any stated event: it runs from the legal time's own event."""

_CHANNEL_VI = {"truc-tiep": "trực tiếp", "truc-tuyen": "trực tuyến", "buu-chinh": "bưu chính"}
_CHANNEL_EN = {"truc-tiep": "in person", "truc-tuyen": "online", "buu-chinh": "by post"}


@dataclass(frozen=True)
class Limit:
    """One legal time that applies to a path, with where it comes from."""

    duration: Duration
    channel: str | None = None
    source: str = "procedure"  # procedure | case | channel | catalogue


@dataclass
class Chain:
    """Steps whose periods follow each other from one start event."""

    event: str  # the event key
    event_text: str | None
    steps: list[tuple[int, Step, Duration]] = field(default_factory=list)


@dataclass(frozen=True)
class Timing:
    """How a repository counts time: hours per day, holidays, the reading of a bare "ngày"."""

    hours_per_day: int
    calendar: WorkCalendar
    today: date
    bare_day_working: bool

    def read(self, d: Duration) -> Duration:
        return d.reading(self.bare_day_working)


def is_external(step: Step) -> bool:
    return bool(step.actor)


def counts(step: Step) -> bool:
    """Whether a step's period counts against the agency's time."""
    return not is_external(step) or bool(step.counted)


def actor_ids(external: set[str]) -> set[str]:
    return {APPLICANT, *external}


def case_paths(p: Procedure) -> Iterator[tuple[Case | None, list[tuple[int, Step]]]]:
    """Each case with the numbered steps of its path (one path, case None, without cases)."""
    numbered = list(enumerate(p.steps, 1))
    if not p.cases:
        yield None, numbered
        return
    for c in p.cases:
        yield c, [(n, s) for n, s in numbered if not s.cases or (c.id or "") in s.cases]


def limits(t: Timing, p: Procedure, case: Case | None, entry: TthcEntry | None) -> list[Limit]:
    """The legal times a path must meet: the case's (or procedure's) time and each channel's."""
    out: list[Limit] = []
    base = (case.processing_time if case else None) or p.processing_time
    source = "case" if case and case.processing_time else "procedure"
    if base is None and entry and entry.legal_time:
        base, source = entry.legal_time, "catalogue"
    if base is not None:
        out.append(Limit(t.read(base), None, source))
    terms: list[ChannelTerms] = (case.channels if case and case.channels else p.channels)
    if not terms and entry and base is None:
        terms = entry.channels
    for ch in terms:
        if ch.processing_time is not None:
            out.append(Limit(t.read(ch.processing_time), ch.channel, "channel"))
    return out


def chains(t: Timing, path: list[tuple[int, Step]]) -> list[Chain]:
    """The counted steps of a path, cut into chains at each step that states its start event.

    Two steps that each say "kể từ ngày nhận đủ hồ sơ" run side by side from that event; they
    are two chains, never one sum. The steps after a step that states an event follow it.
    """
    # The steps before any stated event run from whatever the legal time runs from.
    out: list[Chain] = [Chain(OWN_EVENT, None)]
    for n, s in path:
        d = s.duration
        stated = s.start or (d.start if d else None)
        if stated:
            out.append(Chain(event_key(stated) or DEFAULT_EVENT, stated))
        if not counts(s) or d is None:
            continue
        out[-1].steps.append((n, s, t.read(d)))
    return [c for c in out if c.steps]


def limit_event(limit: Limit) -> str:
    return event_key(limit.duration.start) or DEFAULT_EVENT


def runs_from_same_event(chain: Chain, limit: Limit) -> bool:
    """Whether a chain is measured against a legal time (same start event)."""
    return chain.event == OWN_EVENT or chain.event == limit_event(limit)


@dataclass(frozen=True)
class Sum:
    """A chain's total: working hours and calendar days (None when a step has no limit)."""

    hours: Fraction
    calendar_days: int
    unlimited: bool

    def describe(self, hpd: int, lang: str = "vi") -> str:
        parts = []
        if self.hours or not self.calendar_days:
            parts.append(format_hours(self.hours, hpd, lang))
        if self.calendar_days:
            parts.append(f"{self.calendar_days} ngày (theo lịch)" if lang == "vi"
                         else f"{self.calendar_days} calendar days")
        return " + ".join(parts)


def total(t: Timing, chain: Chain) -> Sum:
    hours, days, unlimited = Fraction(0), 0, False
    start = t.today
    for _, _, d in chain.steps:
        if d.unit is TimeUnit.NO_LIMIT:
            unlimited = True
        elif d.on_calendar:
            n = calendar_length(start, d)
            days += n
        else:
            hours += d.working_hours(t.hours_per_day)
    return Sum(hours, days, unlimited)


def available_hours(t: Timing, limit: Duration, extra_calendar_days: int = 0,
                    worst: bool = False) -> Fraction:
    """Working hours within a legal time (typical or worst case for calendar periods), less
    the working days that calendar-day steps of the same chain take up."""
    hpd = t.hours_per_day
    if not limit.on_calendar:
        hours = limit.working_hours(hpd)
        if extra_calendar_days:
            hours -= Fraction(t.calendar.typical_window(extra_calendar_days, t.today.year) * hpd)
        return hours
    days = calendar_length(t.today, limit) - extra_calendar_days
    if days < 0:
        return Fraction(-1)  # the calendar-day steps alone overrun the limit
    if days == 0:
        return Fraction(0)
    if worst:
        n, _ = t.calendar.worst_case_window(days, t.today.year)
    else:
        n = t.calendar.typical_window(days, t.today.year)
    return Fraction(n * hpd)


def step_numbers(chain: Chain) -> str:
    return ", ".join(str(n) for n, _, _ in chain.steps)


def channel_label(channel: str | None, lang: str = "vi") -> str:
    if not channel:
        return ""
    return (_CHANNEL_VI if lang == "vi" else _CHANNEL_EN).get(channel, channel)


def calendar_note(t: Timing, limit: Duration, lang: str = "vi") -> str:
    """How the limit was counted, for the message."""
    hpd = t.hours_per_day
    if limit.on_calendar:
        days = calendar_length(t.today, limit)
        n = t.calendar.typical_window(days, t.today.year)
        if lang == "vi":
            return (f"{days} ngày theo lịch, thường gồm {n} ngày làm việc trừ thứ Bảy, Chủ nhật "
                    f"và ngày lễ năm {t.today.year}; {hpd} giờ một ngày")
        return (f"{days} calendar days, usually {n} working days without weekends and the "
                f"public holidays of {t.today.year}; {hpd} hours a day")
    if lang == "vi":
        return f"ngày làm việc, {hpd} giờ một ngày"
    return f"working days of {hpd} hours"
