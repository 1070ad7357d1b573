"""Documents about the whole set: the master list (danh mục tài liệu) and the combined manual."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from qmsdoc.model.documents import Document
from qmsdoc.render.compose.common import CellValue, cell, grid, para
from qmsdoc.render.compose.context import ComposeContext, fmt_date, fmt_edition, natural_key
from qmsdoc.render.tree import Align, Block, ParaStyle, Row, Table
from qmsdoc.render.wording import WordingError

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
    kind under a spanning row."""
    w = ctx.wording
    base = grid((w["master_no"], w["master_doc_code"], w["master_doc_title"],
                 w["master_edition"], w["master_issued"], w["master_owner"]), [],
                (6, 15, 37, 9, 16, 17))
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
    return Table(tuple(rows), base.widths, base.header_rows)


def _kind_label(ctx: ComposeContext, kind: str | None) -> str:
    try:
        return ctx.wording[f"kind_{kind}"]
    except WordingError:  # a kind without a label prints as itself
        return kind or ""


def master_blocks(ctx: ComposeContext, documents: Sequence[Document]) -> list[Block]:
    return [para(ctx.wording["master_title"], ParaStyle.TITLE), master_table(ctx, documents)]


def set_cover(ctx: ComposeContext, documents: Sequence[Document]) -> list[Block]:
    """The first pages of the combined manual: title, organisation, then the master list."""
    w = ctx.wording
    return [
        para(w["set_title"], ParaStyle.TITLE),
        para(ctx.org_name.upper(), ParaStyle.SUBTITLE),
        para(w("set_subtitle", ctx.standard), ParaStyle.CENTER),
        para(w["master_title"], ParaStyle.SUBTITLE),
        master_table(ctx, documents),
    ]
