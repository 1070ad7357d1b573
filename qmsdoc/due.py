"""The maintenance calendar (``qmsdoc due``): what has to be done, and by when.

* periodic review of released documents (decisions excepted): ``last_reviewed`` (else
  ``issued``) plus the review interval (the document's ``review_interval_months``, else
  qms.yaml's, else 12 months);
* open corrective actions by their ``due`` date;
* the next internal audit and management review: the newest record (dated today or earlier)
  plus the interval of the profile's duty (``internal-audit-interval``,
  ``management-review-interval``; 12 months by default); without any record, a planned one
  (a record dated in the future), else 12 months after the system's first document was issued;
* legal changes: a document of the legal register amended or replaced (``amended_by``,
  ``replaced_by`` or ``status`` with ``status_date``) while procedures still cite it and were
  not revised since the change took effect (the changing document's ``effective``, else
  ``status_date``): due the duty ``legal-change-revision`` months later (3 by default).

Only items due within the horizon (``--within``, 30 days by default) are listed; overdue items
are always listed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from qmsdoc.diagnostics import Diagnostic
from qmsdoc.model.documents import Procedure
from qmsdoc.model.registers import InternalAudit, ManagementReview
from qmsdoc.model.repository import Repository, legal_changes
from qmsdoc.model.span import Span
from qmsdoc.rules.context import add_months, fmt_date

KINDS_VI = {"review": "Xem xét định kỳ tài liệu", "corrective-action": "Hành động khắc phục",
            "internal-audit": "Đánh giá nội bộ", "management-review": "Xem xét của lãnh đạo",
            "legal-change": "Văn bản pháp luật thay đổi"}
KINDS_EN = {"review": "Periodic document review", "corrective-action": "Corrective action",
            "internal-audit": "Internal audit", "management-review": "Management review",
            "legal-change": "Legal change"}


@dataclass(frozen=True)
class DueItem:
    due: dt.date
    kind: str  # one of KINDS_VI
    ref: str  # document code, action id, record code or legal document number
    vi: str
    en: str
    span: Span
    days: int  # days left (negative: overdue)

    @property
    def overdue(self) -> bool:
        return self.days < 0

    def message(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi

    def as_dict(self, lang: str) -> dict[str, object]:
        return {"due": self.due.isoformat(), "kind": self.kind, "ref": self.ref,
                "status": "overdue" if self.overdue else "due", "days": self.days,
                "message": self.message(lang), "path": self.span.path, "line": self.span.line}


_WITHIN = re.compile(r"^\s*(\d{1,4})\s*([dwmy]|ngày|tuần|tháng|năm)?\s*$", re.IGNORECASE)


def horizon(today: dt.date, within: str) -> dt.date:
    """The last day of the window: ``30d``, ``4w``, ``3m``, ``1y`` or a number of days."""
    m = _WITHIN.match(within or "")
    if m is None:
        raise ValueError(within)
    n, unit = int(m.group(1)), (m.group(2) or "d").lower()
    if unit in ("w", "tuần"):
        return today + dt.timedelta(weeks=n)
    if unit in ("m", "tháng"):
        return add_months(today, n)
    if unit in ("y", "năm"):
        return add_months(today, 12 * n)
    return today + dt.timedelta(days=n)


def _duty_months(repo: Repository, duty_id: str, default: int) -> int:
    try:
        from qmsdoc.coverage.compute import resolve_profile

        profile, _ = resolve_profile(repo)
    except Exception:  # noqa: BLE001 - a broken profile is reported by check, not here
        return default
    duty = profile.duty(duty_id) if profile else None
    value = duty.params.get("months") if duty else None
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 \
        else default


def _item(today: dt.date, due: dt.date, kind: str, ref: str, vi: str, en: str,
          span: Span) -> DueItem:
    return DueItem(due, kind, ref, vi, en, span, (due - today).days)


def _reviews(repo: Repository, today: dt.date) -> Iterator[DueItem]:
    default = (repo.config.review_interval_months if repo.config else None) or 12
    for d in repo.documents:
        last = d.last_reviewed or d.issued
        if d.status != "released" or last is None or d.kind == "decision":
            continue  # a decision is a one-off act, not a document to review
        months = d.review_interval_months or default
        due = add_months(last, months)
        span = d.at("last_reviewed") if d.last_reviewed else d.at("issued")
        yield _item(today, due, "review", d.code or d.path,
                    f"Xem xét lại {d.code} \"{d.title}\" (chu kỳ {months} tháng, lần gần nhất "
                    f"{fmt_date(last)})",
                    f"Review {d.code} \"{d.title}\" (every {months} months, last {fmt_date(last)})",
                    span)


def _actions(repo: Repository, today: dt.date) -> Iterator[DueItem]:
    for a in repo.corrective_actions:
        if a.status == "closed" or a.completed or a.due is None:
            continue
        what = " ".join((a.action or a.nonconformity or "").split())
        what = what if len(what) <= 70 else what[:69] + "…"
        yield _item(today, a.due, "corrective-action", a.id or "?",
                    f"Hoàn thành hành động khắc phục {a.id}: {what}",
                    f"Complete corrective action {a.id}: {what}", a.at("due"))


def _first_issue(repo: Repository) -> dt.date | None:
    dates = [d.issued for d in repo.documents if d.issued]
    return min(dates) if dates else None


def _periodic(repo: Repository, today: dt.date, kind: str, duty_id: str,
              records: Sequence[InternalAudit | ManagementReview]) -> Iterator[DueItem]:
    months = _duty_months(repo, duty_id, 12)
    done = [r for r in records if r.date and r.date <= today]
    planned = sorted((r for r in records if r.date and r.date > today),
                     key=lambda r: r.date or dt.date.max)
    name_vi, name_en = KINDS_VI[kind], KINDS_EN[kind]
    if done:
        last = max(done, key=lambda r: r.date or dt.date.min)
        assert last.date is not None
        due = add_months(last.date, months)
        plan = next((r for r in planned if r.date and r.date <= due), None)
        note_vi = f"; đã lên kế hoạch ngày {fmt_date(plan.date)}" if plan and plan.date else ""
        note_en = f"; planned on {fmt_date(plan.date)}" if plan and plan.date else ""
        yield _item(today, due, kind, last.code or last.path,
                    f"{name_vi} tiếp theo (lần gần nhất {fmt_date(last.date)}, ít nhất {months} "
                    f"tháng một lần){note_vi}",
                    f"Next {name_en.lower()} (last on {fmt_date(last.date)}, at least every "
                    f"{months} months){note_en}", last.at("date"))
    elif planned:
        first = planned[0]
        assert first.date is not None
        yield _item(today, first.date, kind, first.code or first.path,
                    f"{name_vi} lần đầu theo kế hoạch",
                    f"First {name_en.lower()}, as planned", first.at("date"))
    elif (start := _first_issue(repo)) is not None:
        cfg = repo.config
        span = cfg.at("profile") if cfg else Span("qms.yaml", 1, 1)
        yield _item(today, add_months(start, months), kind, "",
                    f"{name_vi} lần đầu: chưa có hồ sơ; hạn {months} tháng kể từ khi ban hành "
                    f"tài liệu đầu tiên ({fmt_date(start)})",
                    f"First {name_en.lower()}: no record yet; due {months} months after the "
                    f"first document was issued ({fmt_date(start)})", span)


def _legal(repo: Repository, today: dt.date) -> Iterator[DueItem]:
    months = _duty_months(repo, "legal-change-revision", 3)
    legal = {d.id: d for d in repo.legal_documents if d.id}
    for doc in legal.values():
        citing = [p for p in repo.procedures if p.status != "obsolete"
                  and any(r.ref == doc.id for r in p.legal_basis)]
        for change, by, when in legal_changes(doc, legal):
            late = [p for p in citing if (rev := _revised(p)) is not None and rev < when]
            if not late:
                continue
            codes = ", ".join(p.code or p.path for p in late[:6]) + ("…" if len(late) > 6 else "")
            verb_vi = "sửa đổi, bổ sung" if change == "amended" else "thay thế"
            verb_en = "amended" if change == "amended" else "replaced"
            yield _item(today, add_months(when, months), "legal-change", doc.id or "?",
                        f"Cập nhật {codes}: {doc.id} được {verb_vi} bởi {by} (hiệu lực "
                        f"{fmt_date(when)}, hạn {months} tháng)",
                        f"Revise {codes}: {doc.id} was {verb_en} by {by} (in force "
                        f"{fmt_date(when)}, {months} months to revise)", doc.at("id"))


def _revised(p: Procedure) -> dt.date | None:
    dates = [d for d in (p.issued, p.last_reviewed) if d is not None]
    return max(dates) if dates else None


def skipped_lines(skipped: Sequence[Diagnostic], lang: str) -> list[str]:
    """One line per document the loader skipped (``LoadResult.skipped``): the calendar cannot
    list what is due for a document it could not read, so ``due`` names each one."""
    word = "skipped" if lang == "en" else "bỏ qua"
    return [f"{d.span.path}:{d.span.line}:{d.span.column}: {d.severity.label(lang)}: {word}: "
            f"{d.message(lang)} ({d.code})" for d in skipped]


def due_items(repo: Repository, today: dt.date, until: dt.date) -> list[DueItem]:
    """Everything due on or before ``until`` (overdue items included), sorted by date."""
    items = [*_reviews(repo, today), *_actions(repo, today),
             *_periodic(repo, today, "internal-audit", "internal-audit-interval", repo.audits),
             *_periodic(repo, today, "management-review", "management-review-interval",
                        repo.reviews),
             *_legal(repo, today)]
    return sorted((i for i in items if i.due <= until),
                  key=lambda i: (i.due, i.kind, i.span.path, i.ref))
