"""Documents about the whole set: the master list (danh mục tài liệu), the clause coverage
matrix (ma trận đáp ứng) and the combined manual."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from qmsdoc.model.documents import Decision, Document
from qmsdoc.render.compose.common import (
    CellValue,
    Composed,
    cell,
    fitted_properties,
    grid,
    page_header,
    para,
)
from qmsdoc.render.compose.context import ComposeContext, fmt_date, fmt_edition, natural_key
from qmsdoc.render.compose.decision import official_number
from qmsdoc.render.compose.printlayout import fit_page
from qmsdoc.render.tree import (
    Align,
    Block,
    Emph,
    HeaderFields,
    Paragraph,
    ParaStyle,
    RenderedDocument,
    Row,
    Table,
    Text,
)
from qmsdoc.render.wording import MissingLabel

if TYPE_CHECKING:
    from qmsdoc.coverage import CoverageResult
#: The order of kinds in the master list and in the combined manual.
KIND_ORDER = ("decision", "policy", "objectives", "manual", "procedure", "instruction", "form")


def set_order(documents: Sequence[Document]) -> list[Document]:
    """Documents by kind (KIND_ORDER, unknown kinds last), then by code in natural order."""
    rank = {k: i for i, k in enumerate(KIND_ORDER)}
    return sorted(documents, key=lambda d: (rank.get(d.kind or "", len(rank)),
                                            natural_key(d.code), d.path))


def latest_issue(documents: Sequence[Document]) -> dt.date | None:
    dates = [d.issued for d in documents if d.issued]
    return max(dates) if dates else None


def master_table(ctx: ComposeContext, documents: Sequence[Document]) -> Table:
    """TT | Mã hiệu | Tên tài liệu | Lần ban hành | Ngày ban hành | Bộ phận chủ trì, grouped by
    kind under a spanning row. The owner column is wide enough for a department name on two
    lines ("Văn phòng HĐND và / UBND xã"), not three."""
    w = ctx.wording
    base = grid((w["master_no"], w["master_doc_code"], w["master_doc_title"],
                 w["master_edition"], w["master_issued"], w["master_owner"]), [],
                (5, 15, 33, 8, 15, 24))
    rows = list(base.rows)
    current = None
    for n, d in enumerate(set_order(documents), 1):
        if d.kind != current:
            current = d.kind
            rows.append(Row((cell(_kind_label(ctx, d.kind), colspan=6, strong=True),)))
        values: list[CellValue] = [str(n), d.code or "", d.title or "", fmt_edition(d.edition),
                                   fmt_date(d.issued), ctx.department_name(d.owner)]
        rows.append(Row(tuple(
            cell(v, align=Align.CENTER if i in (0, 1, 3, 4) else None)
            for i, v in enumerate(values))))
    return keep_last_rows(Table(tuple(rows), base.widths, base.header_rows))


def keep_last_rows(table: Table) -> Table:
    """The last two rows keep together (the paragraphs of the one before last keep with the
    next), so that a page never holds the table's last row alone under its repeated header."""
    if len(table.rows) - table.header_rows < 2:
        return table
    last = table.rows[-2]
    kept = Row(tuple(replace(c, blocks=tuple(
        replace(b, keep_with_next=True) if isinstance(b, Paragraph) else b for b in c.blocks))
        for c in last.cells))
    return replace(table, rows=(*table.rows[:-2], kept, table.rows[-1]))


def attached_line(ctx: ComposeContext, decision: Decision | None) -> list[Block]:
    if decision is None:
        return []
    return [para((Emph((Text(ctx.wording("master_attached", official_number(
        decision.number or ""), fmt_date(decision.issued))),)),), ParaStyle.CENTER)]


def _kind_label(ctx: ComposeContext, kind: str | None) -> str:
    try:
        return ctx.wording[f"kind_{kind}"]
    except MissingLabel:  # a kind without a label prints as itself
        return kind or ""


def master_blocks(ctx: ComposeContext, documents: Sequence[Document],
                  decision: Decision | None = None) -> list[Block]:
    return [para(ctx.wording["master_title"], ParaStyle.TITLE),
            *attached_line(ctx, decision), master_table(ctx, documents)]


def set_cover(ctx: ComposeContext, documents: Sequence[Document],
              decision: Decision | None = None) -> list[Block]:
    """The first pages of the combined manual: title, organisation, then the master list."""
    w = ctx.wording
    return [
        para(w["set_title"], ParaStyle.TITLE),
        para(ctx.org_name.upper(), ParaStyle.SUBTITLE),
        para(w("set_subtitle", ctx.standard), ParaStyle.CENTER),
        para(w["master_title"], ParaStyle.SUBTITLE),
        *attached_line(ctx, decision),
        master_table(ctx, documents),
    ]


def coverage_matrix(ctx: ComposeContext, result: CoverageResult) -> Table:
    """Điều khoản | Tên điều khoản | Tình trạng | Tài liệu đáp ứng | Ghi chú: one row per clause
    of the standard, in its order; the main clauses in bold, an exclusion's justification in
    the notes."""
    from qmsdoc.coverage import coverage_table, documents_text

    w = ctx.wording
    base = grid((w["coverage_clause"], w["coverage_name"], w["coverage_status"],
                 w["coverage_documents"], w["coverage_notes"]), [], (10, 30, 14, 22, 24))
    rows = list(base.rows)
    for c, values in zip(result.clauses, coverage_table(result, "vi")[1:], strict=True):
        number, title, _, _, notes = values
        # Documents only: the scope statement of qms.yaml is a setting, not a document.
        documents = documents_text(replace(c, claims=tuple(
            claim for claim in c.claims if claim.kind != "scope")))
        main = c.clause.parent_number is None
        rows.append(Row((
            cell(number, align=Align.CENTER, strong=main), cell(title, strong=main),
            cell(w[f"coverage_{c.status}"], align=Align.CENTER), cell(documents),
            cell(notes))))
    return keep_last_rows(Table(tuple(rows), base.widths, base.header_rows))


def compose_coverage(ctx: ComposeContext, result: CoverageResult,
                     documents: Sequence[Document] = (), *, draft: bool = False) -> Composed:
    """The clause coverage matrix (ma trận đáp ứng) with the page header of the set; dated
    like the master list (the latest issue date of ``documents``)."""

    w = ctx.wording
    issued = latest_issue(documents)
    fields = HeaderFields(ctx.org_name, w["coverage_title"], w["coverage_code"], "",
                          fmt_date(issued))
    rendered = RenderedDocument(
        kind="coverage", fields=fields, header=page_header(ctx, fields),
        blocks=tuple(fit_page([para(w["coverage_title"], ParaStyle.TITLE),
                               coverage_matrix(ctx, result)], ctx.page, "portrait")[0]),
        page=ctx.page,
        properties=fitted_properties(w["coverage_title"], w["coverage_title"], ctx.org_name,
                                     w["coverage_code"], w["coverage_title"],
                                     created=issued),
        draft=draft, draft_mark=w["draft_mark"])
    return Composed(rendered)
