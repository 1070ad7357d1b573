"""QMS6xx (continued): the duties a profile adds to the standard.

For state agencies (QĐ 19/2014/QĐ-TTg as amended): one internal procedure per TTHC of the
catalogue, an internal audit and a management review at least every 12 months, procedures
revised within 3 months of a legal change, the scope defined and the system announced. Each
rule runs only when the profile of ``qms.yaml`` has the duty; its ``params`` (e.g. ``months``)
come from the profile, so an organisation's own profile can make them stricter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from qmsdoc.diagnostics import Severity as S
from qmsdoc.diagnostics.registry import Finding, rule
from qmsdoc.model.documents import Decision, Procedure
from qmsdoc.model.registers import InternalAudit, ManagementReview
from qmsdoc.model.repository import legal_changes
from qmsdoc.model.span import Span
from qmsdoc.rules.context import RuleContext, add_months, fmt_date
from qmsdoc.standards import Duty


def duty(ctx: RuleContext, duty_id: str) -> Duty | None:
    """The profile's duty ``duty_id``, or None (no usable profile, or no such duty)."""
    profile = ctx.coverage.profile
    return profile.duty(duty_id) if profile else None


def months_of(d: Duty, default: int) -> int:
    value = d.params.get("months", default)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 \
        else default


# --------------------------------------------------------------------------- TTHC


@rule("QMS602", "tthc-without-procedure", S.ERROR,
      "Thủ tục hành chính {code} ({name}) chưa có quy trình nội bộ",
      "Administrative procedure {code} ({name}) has no internal procedure",
      hint_vi="Lập quy trình (kind: procedure) ghi tthc: \"{code}\"; mỗi TTHC thuộc thẩm quyền "
      "giải quyết phải có quy trình trong HTQLCL.",
      hint_en="Write a procedure (kind: procedure) with tthc: \"{code}\"; every procedure the "
      "agency handles needs one in the QMS.", clause="8.1")
def tthc_without_procedure(ctx: RuleContext) -> Iterator[Finding]:
    if duty(ctx, "tthc-has-procedure") is None:
        return
    handled = {p.tthc.strip() for p in ctx.repo.procedures
               if p.tthc and p.status != "obsolete"}
    for entry in ctx.repo.tthc:
        if entry.code and entry.code.strip() not in handled:
            yield entry.at("code"), {"code": entry.code, "name": entry.name or "?"}


# --------------------------------------------------------------------------- audits, reviews


def _newest(records: Sequence[InternalAudit | ManagementReview],
            today: dt.date) -> InternalAudit | ManagementReview | None:
    dated = [r for r in records if r.date is not None and r.date <= today]
    return max(dated, key=lambda r: r.date or dt.date.min, default=None)


def _overdue(ctx: RuleContext, duty_id: str,
             records: Sequence[InternalAudit | ManagementReview]) -> Iterator[Finding]:
    d = duty(ctx, duty_id)
    if d is None:
        return
    months = months_of(d, 12)
    newest = _newest(records, ctx.today)
    if newest is None or newest.date is None:
        yield ctx.coverage.profile_span, {
            "months": months, "what_vi": "chưa có hồ sơ nào", "what_en": "there is no record"}
        return
    due = add_months(newest.date, months)
    if due < ctx.today:
        last = fmt_date(newest.date)
        yield newest.at("date"), {
            "months": months, "what_vi": f"lần gần nhất ngày {last}, hạn {fmt_date(due)}",
            "what_en": f"the last one was on {last}, due again by {fmt_date(due)}"}


@rule("QMS603", "internal-audit-overdue", S.WARNING,
      "Đánh giá nội bộ quá hạn: {what_vi} (ít nhất {months} tháng một lần)",
      "Internal audit overdue: {what_en} (at least every {months} months)",
      hint_vi="Tổ chức đánh giá nội bộ và lưu hồ sơ (kind: internal-audit, date: …).",
      hint_en="Carry out an internal audit and keep its record (kind: internal-audit, date: …).",
      clause="9.2.1")
def internal_audit_overdue(ctx: RuleContext) -> Iterator[Finding]:
    yield from _overdue(ctx, "internal-audit-interval", ctx.repo.audits)


@rule("QMS604", "management-review-overdue", S.WARNING,
      "Xem xét của lãnh đạo quá hạn: {what_vi} (ít nhất {months} tháng một lần)",
      "Management review overdue: {what_en} (at least every {months} months)",
      hint_vi="Tổ chức họp xem xét của lãnh đạo và lưu hồ sơ (kind: management-review, "
      "date: …).",
      hint_en="Hold a management review and keep its record (kind: management-review, "
      "date: …).", clause="9.3.1")
def management_review_overdue(ctx: RuleContext) -> Iterator[Finding]:
    yield from _overdue(ctx, "management-review-interval", ctx.repo.reviews)


# --------------------------------------------------------------------------- legal changes


def _revised(p: Procedure) -> dt.date | None:
    dates = [d for d in (p.issued, p.last_reviewed) if d is not None]
    return max(dates) if dates else None


_CHANGE_VI = {"amended": "sửa đổi, bổ sung", "replaced": "thay thế"}
_CHANGE_EN = {"amended": "amended", "replaced": "replaced"}


@rule("QMS605", "legal-change-not-applied", S.ERROR,
      "Căn cứ pháp lý \"{ref}\" đã được {change_vi} bởi {by} (hiệu lực {effective}) nhưng quy "
      "trình chưa được cập nhật trong {months} tháng (hạn {due}; quy trình ban hành hoặc xem "
      "xét lần cuối ngày {revised})",
      "Legal basis \"{ref}\" was {change_en} by {by} (in force {effective}) but the procedure "
      "was not revised within {months} months (due {due}; last issued or reviewed {revised})",
      hint_vi="Rà soát, sửa đổi quy trình theo văn bản mới, cập nhật legal_basis và ghi "
      "last_reviewed (hoặc ban hành lần mới với issued mới).",
      hint_en="Review and revise the procedure against the new document, update legal_basis "
      "and record last_reviewed (or issue a new edition).", clause="7.5.2")
def legal_change_not_applied(ctx: RuleContext) -> Iterator[Finding]:
    d = duty(ctx, "legal-change-revision")
    if d is None:
        return
    months = months_of(d, 3)
    legal = ctx.index.legal
    for p in ctx.repo.procedures:
        revised = _revised(p)
        if p.status == "obsolete" or revised is None:
            continue
        for ref in p.legal_basis:
            doc = legal.get(ref.ref or "")
            if doc is None:
                continue
            late = [(when, kind, by) for kind, by, when in legal_changes(doc, legal)
                    if revised < when and add_months(when, months) < ctx.today]
            if not late:
                continue
            when, kind, by = max(late)
            yield ref.at("ref"), {
                "ref": ref.ref, "change_vi": _CHANGE_VI[kind], "change_en": _CHANGE_EN[kind],
                "by": by, "effective": fmt_date(when), "months": months,
                "due": fmt_date(add_months(when, months)), "revised": fmt_date(revised)}


# --------------------------------------------------------------------------- scope, announcement


@rule("QMS606", "scope-missing", S.ERROR,
      "Chưa xác định phạm vi áp dụng HTQLCL (scope.statement trong qms.yaml)",
      "The QMS scope is not defined (scope.statement in qms.yaml)",
      hint_vi="Thêm scope: statement: … nêu các hoạt động áp dụng HTQLCL; với cơ quan hành "
      "chính, phạm vi gồm toàn bộ hoạt động giải quyết TTHC.",
      hint_en="Add scope: statement: … naming the activities the QMS covers; for an agency, "
      "all of its work on administrative procedures.", clause="4.3")
def scope_missing(ctx: RuleContext) -> Iterator[Finding]:
    if duty(ctx, "scope-defined") is None:
        return
    cfg = ctx.repo.config
    if cfg is None:
        return
    if cfg.scope is None or not (cfg.scope.statement or "").strip():
        span: Span = cfg.key_at("scope") if cfg.has("scope") else ctx.coverage.profile_span
        yield span, {}


@rule("QMS607", "announcement-missing", S.WARNING,
      "Chưa có quyết định công bố HTQLCL (kind: decision, purpose: cong-bo)",
      "There is no decision announcing the QMS (kind: decision, purpose: cong-bo)",
      hint_vi="Sau khi áp dụng, đánh giá nội bộ và xem xét của lãnh đạo, người đứng đầu ký quyết "
      "định công bố; niêm yết tại trụ sở, đăng trên trang thông tin điện tử, gửi Sở KH&CN.",
      hint_en="Once the system is applied, audited and reviewed, the head signs the "
      "announcement decision; post it at the office and online and send it to the provincial "
      "Department of Science and Technology.", clause="4.3")
def announcement_missing(ctx: RuleContext) -> Iterator[Finding]:
    if duty(ctx, "announcement-decision") is None:
        return
    for d in ctx.repo.of_kind(Decision):
        if d.purpose == "cong-bo" and d.status in (None, "released"):
            return
    yield ctx.coverage.profile_span, {}
