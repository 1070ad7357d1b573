"""The seven numbered sections of a procedure (quy trình), from its metadata and Markdown body.

Placement of the Markdown body (decided here, once, for every writer):

* a top-level body heading goes to the fixed section whose label it starts with (case and a
  hand-written number ignored; the words are ``match_*`` in ``labels.j2``): Mục đích → 1,
  Phạm vi → 2, Tài liệu viện dẫn/Căn cứ → 3 (after the legal basis), Định nghĩa/Viết tắt → 4,
  Nội dung quy trình → 5 (before the structured parts), Biểu mẫu → 6, Hồ sơ → 7;
* text before the first heading opens section 5;
* any other heading becomes a numbered subsection of section 5, after the structured parts
  (conditions, dossier, time, place, fee, result, step table), in the order written;
* headings inside a section are renumbered under it (5.8.1…); a section with nothing to say
  prints the ``missing`` label so that the gap is visible on paper.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from qmsdoc.model.documents import (
    APPLICANT,
    CHANNEL_TITLES,
    ChannelTerms,
    DossierItem,
    Procedure,
)
from qmsdoc.model.duration import Duration, TimeUnit, format_hours
from qmsdoc.render.compose.common import (
    BodySection,
    CellValue,
    cell,
    classify,
    fmt_date,
    grid,
    heading,
    lines,
    para,
    renumber,
    split_sections,
)
from qmsdoc.render.compose.context import ComposeContext
from qmsdoc.render.flowchart import FlowStep, FlowWords, procedure_flowchart, tall
from qmsdoc.render.tree import (
    Align,
    Block,
    BulletList,
    Diagram,
    Inline,
    PageBreak,
    Row,
    Table,
)

SECTION_KEYS = ("purpose", "scope", "references", "definitions", "content", "forms", "records")
# Matching order: the more specific labels first ("nội dung" would catch too much).
_MATCH_ORDER = ("purpose", "scope", "references", "definitions", "forms", "records", "content")


def procedure_sections(ctx: ComposeContext, p: Procedure, body: Sequence[Block]) -> list[Block]:
    """Sections 1–7 of a procedure."""
    w = ctx.wording
    preamble, sections = split_sections(body)
    choices = [(k, w.alternatives(f"match_{k}")) for k in _MATCH_ORDER]
    placed: dict[str, list[BodySection]] = {k: [] for k in SECTION_KEYS}
    extra: list[BodySection] = []
    for s in sections:
        key = classify(s.title, choices)
        (placed[key] if key else extra).append(s)

    def content_of(key: str, number: str) -> list[Block]:
        out: list[Block] = []
        for s in placed[key]:
            out.extend(renumber(s.blocks, number, 1))
        return out

    out: list[Block] = []
    # 1. Mục đích, 2. Phạm vi
    out.append(heading(1, w["sec_purpose"], "1"))
    out.extend(content_of("purpose", "1") or [para(w["missing"])])
    out.append(heading(1, w["sec_scope"], "2"))
    scope = content_of("scope", "2")
    entry = ctx.tthc.get(p.tthc or "")
    if p.tthc:
        name = (entry.name if entry else None) or p.title or ""
        scope.append(para(w("tthc_line", p.tthc, name)))
    out.extend(scope or [para(w["missing"])])
    # 3. Tài liệu viện dẫn, căn cứ pháp lý
    out.append(heading(1, w["sec_references"], "3"))
    out.extend(_references(ctx, p))
    out.extend(content_of("references", "3"))
    # 4. Định nghĩa, chữ viết tắt
    out.append(heading(1, w["sec_definitions"], "4"))
    out.extend(content_of("definitions", "4") or [para(w["nothing"])])
    # 5. Nội dung quy trình
    section5 = [heading(1, w["sec_content"], "5"), *preamble, *content_of("content", "5")]
    subsections = _structured(ctx, p)
    for s in extra:
        subsections.append((s.title, s.blocks))
    for i, (title, blocks) in enumerate(subsections, 1):
        number = f"5.{i}"
        if blocks and isinstance(blocks[0], Diagram) and tall(blocks[0], ctx.page):
            # A tall lưu đồ starts a page with its heading (and the section's, when nothing
            # comes between): LibreOffice does not keep a heading with a drawing of most of
            # a page, and leaves it alone at a page's foot.
            section5.insert(0 if len(section5) == 1 else len(section5), PageBreak())
        section5.append(heading(2, title, number))
        section5.extend(renumber(blocks, number, 2))
    out.extend(section5)
    # 6. Biểu mẫu, 7. Hồ sơ cần lưu
    out.append(heading(1, w["sec_forms"], "6"))
    out.append(_forms_table(ctx, p))
    out.extend(content_of("forms", "6"))
    out.append(heading(1, w["sec_records"], "7"))
    out.append(_records_table(ctx, p))
    out.extend(content_of("records", "7"))
    return out


def _references(ctx: ComposeContext, p: Procedure) -> list[Block]:
    w = ctx.wording
    items: list[str] = [w("standard_ref", ctx.standard)]
    for ref in p.legal_basis:
        if not ref.ref:
            if ref.title:  # a free citation: the document has no number
                items.append(w("free_citation", ref.title, ref.articles or ""))
            continue
        doc = ctx.legal.get(ref.ref or "")
        data = {"id": ref.ref or "", "type": "", "title": "", "issuer": "", "issued": ""}
        if doc:
            data.update(type=doc.type or "", title=doc.title or "", issuer=doc.issuer or "",
                        issued=fmt_date(doc.issued))
        items.append(w("legal_ref", data, ref.articles or ""))
    for code in p.related:
        other = ctx.documents.get(code)
        items.append(w("related_ref", code, (other.title if other else None) or ""))
    return [BulletList(tuple((para(f"{text};" if i < len(items) else f"{text}."),)
                             for i, text in enumerate(items, 1)))]


def _structured(ctx: ComposeContext, p: Procedure) -> list[tuple[str, list[Block]]]:
    """The subsections of section 5 that come from the front matter, where given."""
    w = ctx.wording
    out: list[tuple[str, list[Block]]] = []
    if info := _info_table(ctx, p):
        out.append((w["c_info"], [info]))
    if p.conditions:
        out.append((w["c_conditions"], [para(p.conditions)]))
    if p.dossier:
        out.append((w["c_dossier"], [_dossier_table(ctx, p.dossier)]))
    limit = _legal_time(ctx, p)
    if limit:
        out.append((w["c_time"], [para(limit.text)]))
    if p.channels:
        out.append((w["c_channels"], [_channel_table(ctx, p.channels)]))
    if p.cases:
        out.append((w["c_cases"], _cases(ctx, p)))
    if p.place:
        out.append((w["c_place"], [para(p.place)]))
    if p.fee:
        out.append((w["c_fee"], [para(p.fee)]))
    if p.result or p.results:
        results: list[Block] = [para(p.result)] if p.result else []
        if p.results:
            results.append(BulletList(tuple(
                (para(w("result_line", r.name or "", r.code or "")),) for r in p.results)))
        out.append((w["c_result"], results))
    if p.steps and p.flowchart is not False:  # where Vietnamese procedures put it
        out.append((w["c_flowchart"], list(flowchart_of(ctx, p))))
    if p.steps:
        out.append((w["c_steps"], [_step_table(ctx, p, limit)]))
    return out


def flowchart_of(ctx: ComposeContext, p: Procedure) -> list[Diagram]:
    """The lưu đồ of the procedure's steps (``render/flowchart.py`` lays it out)."""
    w = ctx.wording
    case_names = {c.id: c.name or c.id for c in p.cases if c.id}
    steps: list[FlowStep] = []
    for s in p.steps:
        roles = [ctx.role_title(r) for r in s.responsible]
        if s.actor:
            roles.insert(0, w["actor_applicant"] if s.actor == APPLICANT
                         else ctx.external_name(s.actor))
        steps.append(FlowStep(
            action=s.action or "", roles=tuple(roles), forms=tuple(s.forms),
            cases="; ".join(str(case_names.get(c, c)) for c in s.cases),
            decision=s.decision or "", otherwise=tuple(s.otherwise)))
    words = FlowWords(start=w["fc_start"], end=w["fc_end"], yes=w["fc_yes"], no=w["fc_no"],
                      roles=w["fc_roles"], drawing=w["fc_drawing"], forms=w["fc_forms"],
                      case=lambda names: w("fc_case", names))
    page = ctx.page
    # A drawing fits a page under the header and a heading (cut where it would not).
    body = page.height_mm - page.top_mm - page.bottom_mm - 40.0
    return procedure_flowchart(steps, words, w("fc_alt", p.code or ""),
                               width_mm=page.text_width_mm, budget_mm=max(80.0, body))


def _info_table(ctx: ComposeContext, p: Procedure) -> Table | None:
    """Level, kind, field, applicants and the agencies, as the published record gives them."""
    w = ctx.wording
    ag = p.agencies
    pairs = [("info_level", p.level), ("info_type", p.procedure_type), ("info_field", p.field),
             ("info_applicants", p.applicants),
             ("ag_performing", ag.performing if ag else None),
             ("ag_competent", ag.competent if ag else None),
             ("ag_delegated", ag.delegated if ag else None),
             ("ag_cooperating", ag.cooperating if ag else None)]
    rows: list[list[CellValue]] = [[w[k], v] for k, v in pairs if v]
    if not rows:
        return None
    return grid((w["info_item"], w["info_value"]), rows, (30, 70))


def _dossier_table(ctx: ComposeContext, dossier: Sequence[DossierItem]) -> Table:
    w = ctx.wording
    rows: list[list[CellValue]] = []
    for i, d in enumerate(dossier, 1):
        note = "; ".join(x for x in (w("dossier_form", d.form) if d.form else "", d.note or "")
                         if x)
        rows.append([str(i), d.name or "", _count(d.originals), _count(d.copies), note])
    return grid((w["dossier_no"], w["dossier_name"], w["dossier_originals"],
                 w["dossier_copies"], w["dossier_note"]), rows, (7, 49, 11, 11, 22),
                center=(0, 2, 3))


def _channel_table(ctx: ComposeContext, channels: Sequence[ChannelTerms]) -> Table:
    """Cách thức nộp | Thời hạn | Phí, lệ phí | Mô tả: the time and fee differ per channel."""
    w = ctx.wording
    rows: list[list[CellValue]] = []
    for ch in channels:
        name = CHANNEL_TITLES.get(ch.channel or "", (ch.channel or "", ""))[0]
        rows.append([name, ch.processing_time.text if ch.processing_time else "",
                     ch.fee or "", ch.note or ""])
    return grid((w["ch_channel"], w["ch_time"], w["ch_fee"], w["ch_note"]), rows,
                (18, 24, 22, 36))


def _cases(ctx: ComposeContext, p: Procedure) -> list[Block]:
    """Each case: its name and time, its channels and its own dossier."""
    w = ctx.wording
    out: list[Block] = []
    for c in p.cases:
        time = c.processing_time.text if c.processing_time else ""
        out.append(para(w("case_title", c.name or c.id or "", time)))
        if c.note:
            out.append(para(c.note))
        if c.channels:
            out.append(_channel_table(ctx, c.channels))
        if c.dossier:
            out.append(_dossier_table(ctx, c.dossier))
    return out


def _count(n: int | None) -> str:
    return f"{n:02d}" if n else ""


def _legal_time(ctx: ComposeContext, p: Procedure) -> Duration | None:
    if p.processing_time:
        return p.processing_time
    entry = ctx.tthc.get(p.tthc or "")
    return entry.legal_time if entry else None


def _step_table(ctx: ComposeContext, p: Procedure, limit: Duration | None) -> Table:
    """Bước | Nội dung công việc | Trách nhiệm | Thời gian | Biểu mẫu/Kết quả, with a total."""
    w = ctx.wording
    header = (w["step_no"], w["step_action"], w["step_responsible"], w["step_time"],
              w["step_output"])
    rows: list[list[CellValue]] = []
    case_names = {c.id: c.name or c.id for c in p.cases if c.id}
    for i, s in enumerate(p.steps, 1):
        roles = [ctx.role_title(r) for r in s.responsible]
        if s.actor:  # the applicant or another agency: named, not an internal role
            roles.insert(0, w["actor_applicant"] if s.actor == APPLICANT
                         else ctx.external_name(s.actor))
        results = [", ".join(s.forms)] if s.forms else []
        if s.output:
            results.append(s.output)
        action: CellValue = s.action or ""
        if s.cases:
            action = lines([s.action or "", w("step_cases", "; ".join(
                str(case_names.get(c, c)) for c in s.cases))])
        rows.append([w("step_number", i), action, role_list(roles),
                     s.duration.text if s.duration else "", lines(results)])
    table = grid(header, rows, (8, 36, 19, 13, 24), center=(0, 3))
    # One total only when the steps make one path from one event; otherwise the sum of
    # alternatives or of periods from different events would mislead (see rules/timing.py).
    one_path = not p.cases and not any(s.start or (s.duration and s.duration.start)
                                       for s in p.steps)
    counted = [ctx.read(s.duration) if s.duration else None for s in p.steps
               if not s.actor or s.counted]
    total = Row((
        cell(w["step_total"], align=Align.CENTER, colspan=3, strong=True),
        cell(total_time(ctx, counted) if one_path else w["total_by_case"],
             align=Align.CENTER, strong=True),
        cell(w("legal_time", limit.text) if limit else ""),
    ))
    return Table((*table.rows, total), table.widths, table.header_rows)


def total_time(ctx: ComposeContext, durations: Sequence[Duration | None]) -> str:
    """The steps added up: working days (with the hours when some step is in hours), calendar
    days when every step is in calendar days, nothing when the units cannot be added."""
    known = [d for d in durations if d is not None]
    if not known or any(not d.limited for d in known):
        return ""
    units = {d.unit for d in known}
    if units == {TimeUnit.CALENDAR_DAY}:
        days = sum((d.value for d in known), Fraction(0))
        return Duration(days, TimeUnit.CALENDAR_DAY, "").describe("vi")
    if any(d.on_calendar for d in known):
        return ""
    hpd = ctx.hours_per_day
    hours = sum((d.working_hours(hpd) for d in known), Fraction(0))
    if units == {TimeUnit.WORKING_HOUR} and hours < hpd:
        return Duration(hours, TimeUnit.WORKING_HOUR, "").describe("vi")
    in_days = format_hours(hours, hpd, "vi")
    if TimeUnit.WORKING_HOUR in units:
        number = Duration(hours, TimeUnit.WORKING_HOUR, "").describe("vi").split(" ")[0]
        return ctx.wording("total_with_hours", in_days, number)
    return in_days


def form_codes(p: Procedure) -> list[str]:
    """Every form the procedure names, in order of first mention."""
    codes: list[str] = []
    for code in [*p.forms, *(d.form for d in p.dossier), *(c for s in p.steps for c in s.forms),
                 *(r.form for r in p.records)]:
        if code and code not in codes:
            codes.append(code)
    return codes


def _forms_table(ctx: ComposeContext, p: Procedure) -> Block:
    w = ctx.wording
    codes = form_codes(p)
    if not codes:
        return para(w["nothing"])
    rows: list[list[CellValue]] = []
    for i, code in enumerate(codes, 1):
        form = ctx.documents.get(code)
        rows.append([str(i), code, (form.title if form else None) or ""])
    return grid((w["forms_no"], w["forms_code"], w["forms_title"]), rows, (8, 20, 72),
                center=(0, 1))


def role_list(roles: Sequence[str]) -> tuple[Inline, ...]:
    """Several roles in one cell, one a line behind a dash, so they read as a list."""
    roles = [r for r in roles if r]
    if len(roles) < 2:
        return lines(roles)
    return lines(f"– {r}" for r in roles)


def record_place(ctx: ComposeContext, keeper: str | None, place: str | None) -> str:
    """Where a record is kept (Nơi lưu): as the record says, else its keeper's department."""
    if place and place.strip():
        return place.strip()
    role = ctx.roles.get(keeper or "")
    return ctx.department_name(role.department) if role and role.department else ""


def _records_table(ctx: ComposeContext, p: Procedure) -> Block:
    """TT | Tên hồ sơ | Trách nhiệm lưu | Nơi lưu | Thời gian lưu."""
    w = ctx.wording
    if not p.records:
        return para(w["nothing"])
    rows: list[list[CellValue]] = []
    for i, r in enumerate(p.records, 1):
        name = f"{r.name or ''} ({r.form})" if r.form else (r.name or "")
        rows.append([str(i), name, ctx.role_title(r.keeper),
                     record_place(ctx, r.keeper, r.place), r.retention or ""])
    return grid((w["records_no"], w["records_name"], w["records_keeper"], w["records_place"],
                 w["records_retention"]), rows, (7, 37, 21, 20, 15), center=(0, 4))

