"""Compose: the model (written in code) → the document tree, asserted on its structure."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from qmsdoc.model.documents import RecordItem
from qmsdoc.model.revision import RevisionEntry
from qmsdoc.render.compose import (
    ComposeContext,
    compose_combined,
    compose_document,
    compose_master_list,
)
from qmsdoc.render.compose.common import date_parts
from qmsdoc.render.compose.decision import official_number
from qmsdoc.render.tree import (
    Field,
    FieldKind,
    Heading,
    Paragraph,
    ParaStyle,
    RenderedDocument,
    Table,
    block_text,
    plain_text,
)

from .conftest import decision, procedure


def headings(doc: RenderedDocument) -> list[tuple[str | None, str]]:
    return [(b.number, plain_text(b.content)) for b in doc.blocks if isinstance(b, Heading)]


def section(doc: RenderedDocument, number: str) -> list:
    """The blocks after heading ``number`` up to the next heading of the same or higher level."""
    out: list = []
    inside = False
    for b in doc.blocks:
        if isinstance(b, Heading) and b.number == number:
            inside = True
            level = b.level
            continue
        if inside and isinstance(b, Heading) and b.level <= level:
            break
        if inside:
            out.append(b)
    return out


def find_table(blocks: list, first_header: str) -> Table:
    for b in blocks:
        if isinstance(b, Table) and block_text(b.rows[0].cells[0].blocks) == first_header:
            return b
    raise AssertionError(f"no table starting with {first_header}")


def test_header_fields_and_page_fields(ctx: ComposeContext) -> None:
    doc = compose_document(ctx, procedure()).document
    assert (doc.fields.code, doc.fields.edition, doc.fields.issued) == ("QT-10", "02",
                                                                         "15/01/2026")
    header_text = block_text(doc.header.blocks)
    assert "ỦY BAN NHÂN DÂN" in header_text and "XÃ HÒA PHONG" in header_text
    assert "QUY TRÌNH ĐĂNG KÝ KHAI SINH" in header_text
    assert "Mã hiệu: QT-10" in header_text and "Lần ban hành: 02" in header_text
    assert "Ngày ban hành: 15/01/2026" in header_text
    table = doc.header.blocks[0]
    control = table.rows[0].cells[2].blocks[-1]
    assert Field(FieldKind.PAGE) in control.content
    assert Field(FieldKind.NUMPAGES) in control.content
    assert doc.header.first_page
    assert doc.page.font == "Times New Roman" and doc.page.font_size == 13
    assert doc.properties.created == dt.date(2026, 1, 15) and doc.properties.revision == 2


def test_signature_grid_from_people_and_roles(ctx: ComposeContext) -> None:
    doc = compose_document(ctx, procedure()).document
    assert doc.signatures is not None
    assert doc.signatures.columns == ("Soạn thảo", "Xem xét", "Phê duyệt")
    assert doc.signatures.names == ("Phạm Thị Dung", "Trần Thị Bình", "Nguyễn Văn An")
    assert doc.signatures.titles[2] == "Chủ tịch UBND xã"
    grid = doc.blocks[0]
    assert isinstance(grid, Table)
    assert [plain_text(c.blocks[0].content) for c in grid.rows[0].cells[1:]] == [
        "Soạn thảo", "Xem xét", "Phê duyệt"]
    assert [plain_text(grid.rows[r].cells[0].blocks[0].content) for r in (1, 2, 3)] == [
        "Chữ ký", "Họ và tên", "Chức vụ"]


def test_revision_table_default_and_given(ctx: ComposeContext) -> None:
    doc = compose_document(ctx, procedure()).document
    assert len(doc.revisions) == 1 and doc.revisions[0].edition == 2
    table = find_table(list(doc.blocks), "STT")
    assert [plain_text(c.blocks[0].content) for c in table.rows[0].cells] == [
        "STT", "Ngày", "Vị trí/Trang", "Nội dung sửa đổi", "Lần sửa đổi/ban hành", "Ghi chú"]
    assert "15/01/2026 | Toàn bộ | Ban hành lần 02 | 00/02" in block_text([table])
    entries = [RevisionEntry(dt.date(2025, 3, 1), 1, None, "Ban hành lần đầu"),
               RevisionEntry(dt.date(2025, 9, 1), 1, 1, "Sửa bước 2", position="Mục 5.7")]
    doc = compose_document(ctx, procedure(), revisions=entries).document
    text = block_text([find_table(list(doc.blocks), "STT")])
    assert "2 | 01/09/2025 | Mục 5.7 | Sửa bước 2 | 01/01" in text
    assert doc.revisions == tuple(entries)


def test_sections_in_order_and_body_placement(ctx: ComposeContext) -> None:
    doc = compose_document(ctx, procedure()).document
    top = [(n, t) for n, t in headings(doc) if n and "." not in n]
    assert top == [("1", "MỤC ĐÍCH"), ("2", "PHẠM VI ÁP DỤNG"),
                   ("3", "TÀI LIỆU VIỆN DẪN, CĂN CỨ PHÁP LÝ"), ("4", "ĐỊNH NGHĨA, CHỮ VIẾT TẮT"),
                   ("5", "NỘI DUNG QUY TRÌNH"), ("6", "BIỂU MẪU"), ("7", "HỒ SƠ CẦN LƯU")]
    assert "Quy định trình tự đăng ký khai sinh." in block_text(section(doc, "1"))
    assert "Áp dụng tại UBND xã." in block_text(section(doc, "2"))
    assert "UBND: Ủy ban nhân dân." in block_text(section(doc, "4"))
    subs = [t for n, t in headings(doc) if n and n.startswith("5.")]
    assert subs == ["Điều kiện thực hiện", "Thành phần, số lượng hồ sơ", "Thời hạn giải quyết",
                    "Nơi tiếp nhận và trả kết quả", "Phí, lệ phí", "Kết quả giải quyết",
                    "Lưu đồ", "Trình tự thực hiện",
                    "Lưu ý khi thực hiện"]  # unmatched heading: last in 5


def test_legal_basis_with_titles_from_the_register(ctx: ComposeContext) -> None:
    text = block_text(section(compose_document(ctx, procedure()).document, "3"))
    assert "TCVN ISO 9001:2015" in text
    assert "Luật Hộ tịch số 60/2014/QH13 ngày 20/11/2014 của Quốc hội (Điều 13);" in text
    assert ("Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ quy định chi tiết "
            "Luật Hộ tịch.") in text


def test_step_table(ctx: ComposeContext) -> None:
    doc = compose_document(ctx, procedure()).document
    table = find_table(list(doc.blocks), "Bước")
    assert table.header_rows == 1
    assert len(table.rows) == 1 + 4 + 1
    actions = [plain_text(r.cells[1].blocks[0].content) for r in table.rows[1:5]]
    assert actions == ["Tiếp nhận hồ sơ", "Thẩm định, in Giấy khai sinh", "Ký Giấy khai sinh",
                       "Trả kết quả"]
    assert block_text([table]).count("B") >= 4
    third = block_text(table.rows[3].cells[2].blocks)
    # Several roles read as a list: one a line, each behind a dash (issue 16, item 6).
    assert third == "– Chủ tịch UBND xã\n– Phó Chủ tịch UBND xã"
    assert block_text(table.rows[1].cells[2].blocks) == "Công chức Một cửa"  # one: no dash
    total = table.rows[-1]
    assert total.cells[0].colspan == 3
    assert "Tổng thời gian giải quyết" in block_text(total.cells[0].blocks)
    assert block_text(total.cells[1].blocks) == "1 ngày làm việc (8 giờ)"
    assert "01 ngày làm việc" in block_text(total.cells[2].blocks)


def test_forms_and_records(ctx: ComposeContext) -> None:
    doc = compose_document(ctx, procedure()).document
    forms = block_text(section(doc, "6"))
    assert "1 | BM-10-01 | Tờ khai đăng ký khai sinh" in forms
    assert "BM-01 | Giấy tiếp nhận hồ sơ" in forms and "BM-06 | Sổ theo dõi hồ sơ" in forms
    records = block_text(section(doc, "7"))
    # Nơi lưu: the record's own place, else its keeper's department (issue 16, item 6).
    assert records.splitlines()[0].split(" | ")[3] == "Nơi lưu"
    assert ("Sổ đăng ký khai sinh | Công chức Tư pháp - Hộ tịch | Bộ phận Tư pháp - Hộ tịch | "
            "Vĩnh viễn") in records
    placed = compose_document(ctx, procedure(records=[RecordItem(
        name="Sổ đăng ký khai sinh", keeper="tu-phap", retention="Vĩnh viễn",
        place="Tủ hồ sơ số 2")])).document
    assert "| Tủ hồ sơ số 2 | Vĩnh viễn" in block_text(section(placed, "7"))


def test_missing_sections_are_visible(ctx: ComposeContext) -> None:
    doc = compose_document(ctx, procedure(body="", records=[], forms=[], dossier=[],
                                          steps=[])).document
    assert block_text(section(doc, "1")) == "(Chưa có nội dung.)"
    assert block_text(section(doc, "7")) == "Không có."


def test_draft_flag(ctx: ComposeContext) -> None:
    assert compose_document(ctx, procedure(), draft=True).document.draft
    assert compose_document(ctx, procedure()).document.draft_mark == "DỰ THẢO"


def test_decision_layout(ctx: ComposeContext) -> None:
    doc = compose_document(ctx, decision()).document
    text = block_text(doc.blocks)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 05/QĐ-UBND" in text
    assert "Hòa Phong, ngày 05 tháng 01 năm 2026" in text
    assert "QUYẾT ĐỊNH\n" in text and "Về việc ban hành tài liệu HTQLCL" in text
    assert "Điều 1." in text  # the default body of decision.md.j2
    assert "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH" in text and "Nguyễn Văn An" in text
    assert "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT." in text
    place = [b for b in doc.blocks[0].rows[1].cells[1].blocks if isinstance(b, Paragraph)][0]
    assert place.style is ParaStyle.PLACE_DATE
    assert not doc.header.first_page  # page numbers from page 2 on
    assert doc.blocks[0].borders is False


def test_decision_signature_modes(ctx: ComposeContext) -> None:
    doc = compose_document(ctx, decision(sign_mode="KT.", signer="binh")).document
    assert "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" in block_text(doc.blocks)
    doc = compose_document(ctx, decision(sign_mode=None)).document
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÒA PHONG" in block_text(doc.blocks)


def test_official_number_and_dates() -> None:
    assert official_number("5/QĐ-UBND") == "05/QĐ-UBND"
    assert official_number("15/QĐ-UBND") == "15/QĐ-UBND"
    assert date_parts(dt.date(2026, 3, 5)) == ("05", "3", "2026")
    assert date_parts(dt.date(2026, 2, 15)) == ("15", "02", "2026")


def test_objectives_plan_with_rowspan(ctx: ComposeContext) -> None:
    obj = next(d for d in ctx.repo.documents if d.kind == "objectives")
    doc = compose_document(ctx, obj).document
    plan = find_table(list(doc.blocks), "Mục tiêu")
    first = plan.rows[1].cells[0]
    assert first.rowspan == 2 and len(plan.rows[2].cells) == 5


def test_form_header_line(ctx: ComposeContext) -> None:
    form = next(d for d in ctx.repo.documents if d.code == "BM-01")
    doc = compose_document(ctx, form).document
    assert block_text(doc.header.blocks) == ("Mã hiệu: BM-01   Lần ban hành: 01   "
                                             "Ngày ban hành: 15/01/2026")
    assert doc.signatures is None
    assert any(isinstance(b, Paragraph) and b.style is ParaStyle.TITLE for b in doc.blocks)


def test_master_list_and_combined(ctx: ComposeContext) -> None:
    docs = ctx.repo.documents
    master = compose_master_list(ctx, docs).document
    text = block_text(master.blocks)
    assert "DANH MỤC TÀI LIỆU" in text
    assert "QT-10 | Quy trình đăng ký khai sinh | 02 | 15/01/2026 | Bộ phận Tư pháp" in text
    assert "QĐ-01" not in text  # decisions are not controlled documents of the list
    combined = compose_combined(ctx, docs).document
    assert [s.fields.code for s in combined.sections] == [
        "QĐ-01", "MTCL-2026", "QT-10", "BM-01", "BM-06", "BM-10-01"]



def test_a_list_shared_by_the_formats_is_composed_once_for_the_same_documents(
        ctx: ComposeContext) -> None:
    # The set's DOCX and PDF (and the master list's) show the same cover: composed once
    # per build. Another list of documents is composed again, never the old one shown.
    docs = list(ctx.repo.documents)
    first = compose_combined(ctx, docs).document
    assert compose_combined(ctx, list(docs), draft=True).document.blocks is first.blocks
    master = compose_master_list(ctx, docs).document
    assert compose_master_list(ctx, list(docs)).document.blocks is master.blocks
    fewer = [d for d in docs if d.code != "QT-10"]
    text = block_text(compose_master_list(ctx, fewer).document.blocks)
    assert "QT-10 |" not in text and "QT-10 |" in block_text(master.blocks)
    assert "QT-10" in block_text(first.blocks)
    assert "QT-10" not in block_text(compose_combined(ctx, fewer).document.blocks)


def test_repository_templates_override_labels(repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "labels.j2").write_text(
        '{% set sec_purpose = "MỤC ĐÍCH, YÊU CẦU" %}', encoding="utf-8")
    ctx = ComposeContext.create(repo, root=tmp_path)
    doc = compose_document(ctx, procedure()).document
    assert ("1", "MỤC ĐÍCH, YÊU CẦU") in headings(doc)
    assert ("2", "PHẠM VI ÁP DỤNG") in headings(doc)  # the rest still from qmsdoc


def test_template_outside_repository_is_not_read(repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outside = tmp_path.parent / "outside.j2"
    outside.write_text('{% set sec_purpose = "BỊ LỘ" %}', encoding="utf-8")
    root = tmp_path / "repo"
    (root / "templates").mkdir(parents=True)
    (root / "templates" / "labels.j2").symlink_to(outside)
    ctx = ComposeContext.create(repo, root=root)
    doc = compose_document(ctx, procedure()).document
    assert ("1", "BỊ LỘ") not in headings(doc)
