"""QMS109: a document title too long for the page header (the build's layout, checked early).
QMS831: a form's header or signature block written as a table (it prints with borders).

The decision is the build's own (:func:`qmsdoc.render.headerfit.fit_header_title`, the same
function compose calls for DOCX and PDF), so check and build never disagree.
"""

from __future__ import annotations

from collections.abc import Iterator

from qmsdoc.diagnostics import Severity as S
from qmsdoc.diagnostics.registry import Finding, rule
from qmsdoc.model.documents import Decision, Form
from qmsdoc.model.span import Span
from qmsdoc.rules.context import RuleContext


@rule("QMS109", "header-title-overflow", S.WARNING,
      "Tên tài liệu dài {length} ký tự{short_vi}, không vừa ô tên ở đầu trang (khoảng {lines} "
      "dòng, ô chỉ chứa {max_lines} dòng): đầu trang chỉ in phần đầu của tên, kết thúc bằng "
      "\"…\"",
      "The title is {length} characters long{short_en} and does not fit the title cell of the "
      "page header (about {lines} lines, room for {max_lines}): the header prints only its "
      "beginning, ending in \"…\"",
      hint_vi="Thêm (hoặc rút ngắn) trường short_title, khoảng {room} ký tự, để in ở đầu trang; "
      "tên đầy đủ vẫn in ở đầu nội dung tài liệu.",
      hint_en="Add (or shorten) a short_title of about {room} characters for the page header; "
      "the full title is still printed at the top of the document.", clause="7.5.2")
def header_title_overflow(ctx: RuleContext) -> Iterator[Finding]:
    from qmsdoc.render.headerfit import fit_header_title, room_for
    from qmsdoc.render.tree import base_page

    page = base_page(ctx.repo.config)
    for d in ctx.repo.documents:
        if isinstance(d, (Decision, Form)) or not d.title:
            continue
        fit = fit_header_title(d.title, d.short_title, page)
        if not fit.overflow:
            continue
        short = bool(fit.short)
        yield d.at("short_title" if short else "title"), {
            "length": len(d.short_title or "") if short else len(d.title),
            "short_vi": " (tên rút gọn short_title)" if short else "",
            "short_en": " (short_title)" if short else "",
            "lines": fit.lines, "max_lines": fit.max_lines, "room": room_for(page)}


@rule("QMS831", "layout-table-in-form", S.INFO,
      "Bảng này là {what_vi} của biểu mẫu: viết dạng bảng, nó được in có kẻ khung và ô trống",
      "This table is the form's {what_en}: written as a table it prints with borders and "
      "empty cells",
      hint_vi="Viết bằng khối bố cục ```{block} (mỗi dòng: cột trái | cột phải) để in không kẻ "
      "khung, đúng cỡ chữ của Nghị định 30/2020 (xem docs/format.md).",
      hint_en="Write it as a ```{block} layout block (each line: left | right) to print it "
      "borderless in the Nghị định 30/2020 sizes (see docs/format.md).")
def layout_table_in_form(ctx: RuleContext) -> Iterator[Finding]:
    from qmsdoc.render.markdown import layout_tables

    for d in ctx.repo.documents:
        if not isinstance(d, Form) or not d.body:
            continue
        for line, block in layout_tables(d.body):
            header = block == "header"
            yield Span(d.path, d.body_line + line, 1), {
                "block": block,
                "what_vi": "phần đầu (Quốc hiệu, tên cơ quan)" if header else "khối chữ ký",
                "what_en": "header (Quốc hiệu, issuing body)" if header else "signature block"}
