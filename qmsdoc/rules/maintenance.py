"""QMS6xx: keeping the system alive: corrective actions on time."""

from __future__ import annotations

from collections.abc import Iterator

from qmsdoc.diagnostics import Severity as S
from qmsdoc.diagnostics.registry import Finding, rule
from qmsdoc.rules.context import RuleContext, fmt_date


@rule("QMS601", "corrective-action-overdue", S.WARNING,
      "Hành động khắc phục {id} đã quá hạn (hạn {due}, quá {days} ngày) mà chưa đóng",
      "Corrective action {id} is overdue (due {due}, {days} days late) and still open",
      hint_vi="Hoàn thành và ghi completed, status: closed; hoặc gia hạn có phê duyệt.",
      hint_en="Complete it and record completed and status: closed, or agree a new date.",
      clause="10.2.1")
def corrective_action_overdue(ctx: RuleContext) -> Iterator[Finding]:
    for a in ctx.repo.corrective_actions:
        if a.status != "closed" and not a.completed and a.due and a.due < ctx.today:
            yield a.at("due"), {"id": a.id or "?", "due": fmt_date(a.due),
                                "days": (ctx.today - a.due).days}
