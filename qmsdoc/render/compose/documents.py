"""The body of the other controlled documents: policy, objectives, instruction, manual, form."""

from __future__ import annotations

from collections.abc import Sequence

from qmsdoc.model.documents import Objectives, Policy
from qmsdoc.render.compose.common import (
    CellValue,
    cell,
    grid,
    heading,
    number_top_sections,
    para,
)
from qmsdoc.render.compose.context import ComposeContext
from qmsdoc.render.markdown import parse_markdown
from qmsdoc.render.tree import (
    Align,
    Block,
    BulletList,
    Emph,
    Heading,
    Paragraph,
    ParaStyle,
    Row,
    Strong,
    Table,
    Text,
)


def numbered_body(body: Sequence[Block]) -> list[Block]:
    """Instructions and the manual: the body's own headings numbered 1, 1.1…"""
    return number_top_sections(body)


def form_body(body: Sequence[Block]) -> list[Block]:
    """A form prints its headings as centred titles (the name of the form), not sections."""
    levels = [b.level for b in body if isinstance(b, Heading)]
    top = min(levels, default=0)
    return [Paragraph(b.content, ParaStyle.TITLE if b.level == top else ParaStyle.SUBTITLE)
            if isinstance(b, Heading) else b for b in body]


def policy_body(ctx: ComposeContext, p: Policy, body: Sequence[Block]) -> list[Block]:
    """Title, the statement, the four 5.2.1 commitments, the body, where it is communicated."""
    w = ctx.wording
    out: list[Block] = [para((p.title or "").upper(), ParaStyle.TITLE)]
    if p.statement:
        out.extend(parse_markdown(p.statement, path=p.path).blocks)
    c = p.commitments
    if c is not None:
        items: list[tuple[Block, ...]] = []
        for label, text in ((w["commit_purpose"], c.purpose),
                            (w["commit_framework"], c.framework),
                            (w["commit_requirements"], c.requirements),
                            (w["commit_improvement"], c.improvement)):
            if text:
                items.append((para((Strong((Text(f"{label}: "),)), Emph((Text(text),)))),))
        if items:
            out.append(heading(2, w["policy_commitments"]))
            out.append(BulletList(tuple(items)))
    out.extend(body)
    if p.communicated_to:
        out.append(para(f"{w['policy_communicated']}:"))
        out.append(BulletList(tuple((para(x),) for x in p.communicated_to)))
    return out


def objectives_body(ctx: ComposeContext, o: Objectives, body: Sequence[Block]) -> list[Block]:
    """Title, body, the objectives table, the plan table (6.2.2) and the measured results."""
    w = ctx.wording
    out: list[Block] = [para(w("objectives_title", o.year or ""), ParaStyle.TITLE)]
    out.extend(body)
    if not o.objectives:
        return out
    rows: list[list[CellValue]] = []
    for i, ob in enumerate(o.objectives, 1):
        rows.append([str(i), ob.statement or "", ob.indicator or "", ob.target or "",
                     ctx.owner_or_role(ob.owner), ob.frequency or ""])
    out.append(heading(2, w["obj_table"]))
    out.append(grid((w["obj_no"], w["obj_statement"], w["obj_indicator"], w["obj_target"],
                     w["obj_owner"], w["obj_frequency"]), rows, (6, 32, 20, 12, 16, 14),
                    center=(0, 3)))
    plan = _plan_table(ctx, o)
    if plan is not None:
        out.append(heading(2, w["plan_table"]))
        out.append(plan)
    results: list[list[CellValue]] = []
    for ob in o.objectives:
        for m in ob.results:
            verdict = "" if m.achieved is None else (
                w["achieved_yes"] if m.achieved else w["achieved_no"])
            results.append([ob.id or "", m.period or "", m.value or "", verdict, m.note or ""])
    if results:
        out.append(heading(2, w["results_table"]))
        out.append(grid((w["results_objective"], w["results_period"], w["results_value"],
                         w["results_achieved"], w["results_note"]), results,
                        (12, 20, 22, 14, 32), center=(0, 1, 3)))
    return out


def _plan_table(ctx: ComposeContext, o: Objectives) -> Table | None:
    """One row per action; the objective's cell spans its actions (a rowspan)."""
    w = ctx.wording
    header = (w["plan_objective"], w["plan_what"], w["plan_resources"], w["plan_who"],
              w["plan_when"], w["plan_evaluation"])
    base = grid(header, [], (12, 28, 16, 14, 12, 18))
    rows = list(base.rows)
    for ob in o.objectives:
        for j, a in enumerate(ob.plan):
            cells = [cell(a.what or ""), cell(a.resources or ""), cell(ctx.owner_or_role(a.who)),
                     cell(a.when or "", align=Align.CENTER), cell(a.evaluation or "")]
            if j == 0:
                cells.insert(0, cell(ob.id or "", align=Align.CENTER, rowspan=len(ob.plan),
                                     strong=True))
            rows.append(Row(tuple(cells)))
    if len(rows) == 1:
        return None
    return Table(tuple(rows), base.widths, base.header_rows)
