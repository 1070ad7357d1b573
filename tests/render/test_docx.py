"""The DOCX writer: write a composed document, read it back with python-docx."""

from __future__ import annotations

import io
import struct
import unicodedata
import zipfile
import zlib

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Mm, Pt

from qmsdoc.render.compose import ComposeContext, compose_combined, compose_document
from qmsdoc.render.tree import Image, Paragraph, RenderedDocument, Text
from qmsdoc.render.writers import WRITERS, WriterOptions

from .conftest import decision, procedure

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def write(doc: RenderedDocument, **opts: object) -> bytes:
    return WRITERS["docx"].write(doc, WriterOptions(**opts))  # type: ignore[arg-type]


def read(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


@pytest.fixture
def qt10(ctx: ComposeContext) -> bytes:
    return write(compose_document(ctx, procedure()).document)


def all_text(d: docx.document.Document) -> list[str]:
    out = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            out.extend(c.text for c in row.cells)
    return out


def test_header_holds_code_edition_date_and_page_fields(qt10: bytes) -> None:
    d = read(qt10)
    header = d.sections[0].header
    assert not header.is_linked_to_previous
    cells = header.tables[0].rows[0].cells
    assert "ỦY BAN NHÂN DÂN" in cells[0].text and "QUY TRÌNH ĐĂNG KÝ KHAI SINH" in cells[1].text
    control = cells[2].text
    assert "Mã hiệu: QT-10" in control and "Lần ban hành: 02" in control
    assert "Ngày ban hành: 15/01/2026" in control and "Trang: 1/1" in control
    xml = header._element.xml
    instructions = [e.text.strip() for e in header._element.iter(f"{W}instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml


def test_step_table_rows_in_order_with_repeating_header_and_total(qt10: bytes) -> None:
    d = read(qt10)
    table = next(t for t in d.tables if t.rows[0].cells[0].text == "Bước")
    rows = table.rows
    assert [c.text for c in rows[0].cells] == ["Bước", "Nội dung công việc", "Trách nhiệm",
                                               "Thời gian", "Biểu mẫu/Kết quả"]
    assert rows[0]._tr.trPr.find(f"{W}tblHeader") is not None
    assert all(r._tr.trPr.find(f"{W}tblHeader") is None for r in rows[1:])
    assert [r.cells[1].text for r in rows[1:-1]] == [
        "Tiếp nhận hồ sơ", "Thẩm định, in Giấy khai sinh", "Ký Giấy khai sinh", "Trả kết quả"]
    assert [r.cells[0].text for r in rows[1:-1]] == ["B1", "B2", "B3", "B4"]
    total = rows[-1]
    assert total.cells[0].text == "Tổng thời gian giải quyết"
    assert total._tr.tc_lst[0].grid_span == 3
    assert total.cells[3].text == "1 ngày làm việc (8 giờ)"


def test_text_is_nfc(ctx: ComposeContext) -> None:
    decomposed = unicodedata.normalize("NFD", "Quy trình đăng ký khai sinh")
    d = read(write(compose_document(ctx, procedure(title=decomposed)).document))
    texts = all_text(d) + [p.text for p in d.sections[0].header.tables[0].rows[0].cells]
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)
    assert "QUY TRÌNH ĐĂNG KÝ KHAI SINH" in d.sections[0].header.tables[0].rows[0].cells[1].text


def test_a4_margins_font_and_language(qt10: bytes) -> None:
    d = read(qt10)
    s = d.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    assert (round(s.top_margin.mm), round(s.bottom_margin.mm)) == (20, 20)
    assert (round(s.left_margin.mm), round(s.right_margin.mm)) == (30, 15)
    styles_xml = d.styles.element.xml
    assert 'w:ascii="Times New Roman"' in styles_xml and 'w:val="vi-VN"' in styles_xml
    assert '<w:sz w:val="26"/>' in styles_xml  # 13 pt body
    names = {s.name for s in d.styles}
    assert {"QMS Title", "QMS Table Text", "QMS Header", "Heading 1", "QMS Table"} <= names
    headings = [p for p in d.paragraphs if p.style.name == "Heading 1"]
    assert [p.text for p in headings][:2] == ["1. MỤC ĐÍCH", "2. PHẠM VI ÁP DỤNG"]


def test_decision_layout_strings(ctx: ComposeContext) -> None:
    d = read(write(compose_document(ctx, decision()).document))
    text = "\n".join(all_text(d))
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "Số: 05/QĐ-UBND", "Hòa Phong, ngày 05 tháng 01 năm 2026", "QUYẾT ĐỊNH",
                     "TM. ỦY BAN NHÂN DÂN", "Nơi nhận:"):
        assert expected in text, expected
    s = d.sections[0]
    assert s.different_first_page_header_footer  # no page number on page 1
    assert [e.text.strip() for e in s.header._element.iter(f"{W}instrText")] == ["PAGE"]


def test_identical_bytes_and_fixed_properties(ctx: ComposeContext) -> None:
    doc = compose_document(ctx, procedure()).document
    first, second = write(doc), write(doc)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert z.namelist()[0] == "[Content_Types].xml"
        assert "docProps/thumbnail.jpeg" not in z.namelist()
    props = read(first).core_properties
    assert props.created.date().isoformat() == "2026-01-15" == props.modified.date().isoformat()
    assert props.title == "Quy trình đăng ký khai sinh" and props.keywords == "QT-10"


def test_draft_mark_on_every_page(ctx: ComposeContext) -> None:
    d = read(write(compose_document(ctx, procedure(), draft=True).document))
    assert 'string="DỰ THẢO"' in d.sections[0].header._element.xml
    clean = read(write(compose_document(ctx, procedure()).document))
    assert "DỰ THẢO" not in clean.sections[0].header._element.xml
    dec = read(write(compose_document(ctx, decision(), draft=True).document))
    assert 'string="DỰ THẢO"' in dec.sections[0].first_page_header._element.xml


def test_combined_manual_has_a_section_per_document(ctx: ComposeContext) -> None:
    combined = compose_combined(ctx, ctx.repo.documents).document
    d = read(write(combined))
    assert len(d.sections) == 1 + len(combined.sections)
    codes = [s.header.tables[0].rows[0].cells[2].text.split("\n")[0]
             for s in d.sections if s.header.tables]
    assert "Mã hiệu: QT-10" in codes and "Mã hiệu: MTCL-2026" in codes


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                              0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def test_images_are_embedded_and_fit_the_text_width(ctx: ComposeContext) -> None:
    doc = compose_document(ctx, procedure(flowchart=False)).document  # its only picture
    from dataclasses import replace

    wide = replace(doc, blocks=(*doc.blocks, Image("hinh/luu-do.png", "Lưu đồ"),
                                Image("hinh/khong-co.png", "Không có ảnh")))
    d = read(write(wide, images={"hinh/luu-do.png": _png(4000, 100)}))
    shapes = d.inline_shapes
    assert len(shapes) == 1
    assert shapes[0].width <= Mm(165) + 1
    assert "Không có ảnh" in [p.text for p in d.paragraphs]


def test_reference_document_styles_and_logo_are_used(ctx: ComposeContext) -> None:
    ref = docx.Document()
    title = ref.styles.add_style("QMS Title", WD_STYLE_TYPE.PARAGRAPH)
    title.font.size = Pt(30)
    ref.sections[0].header.paragraphs[0].add_run().add_picture(io.BytesIO(_png(20, 20)),
                                                                 width=Mm(10))
    ref.add_paragraph("Nội dung mẫu không được chép sang")
    buf = io.BytesIO()
    ref.save(buf)
    doc = compose_document(ctx, procedure()).document
    out = read(write(doc, reference_docx=buf.getvalue()))
    assert out.styles["QMS Title"].font.size == Pt(30)
    assert "Nội dung mẫu không được chép sang" not in [p.text for p in out.paragraphs]
    header = out.sections[0].header
    assert header._element.xml.count("<pic:pic") == 1  # the logo in the organisation cell


def test_lists_restart_numbering(ctx: ComposeContext) -> None:
    from dataclasses import replace

    from qmsdoc.render.tree import OrderedList

    doc = compose_document(ctx, procedure()).document
    one = OrderedList(((Paragraph((Text("a"),)),),), start=1)
    three = OrderedList(((Paragraph((Text("c"),)),),), start=3)
    d = read(write(replace(doc, blocks=(one, three))))
    nums = [p._p.pPr.numPr.numId.val for p in d.paragraphs if p.text in ("a", "c")]
    assert len(set(nums)) == 2  # each list its own instance
    numbering = d.part.numbering_part.element.xml
    assert '<w:startOverride w:val="3"/>' in numbering


# ------------------------------------------------------------------ the fast paths' bytes
def _reference_with_logo() -> bytes:
    ref = docx.Document()
    ref.sections[0].header.paragraphs[0].add_run().add_picture(io.BytesIO(_png(20, 20)),
                                                                 width=Mm(10))
    buf = io.BytesIO()
    ref.save(buf)
    return buf.getvalue()


def test_spliced_markup_gives_the_bytes_of_parsed_markup(ctx: ComposeContext) -> None:
    """The writer splices its markup into the parts' bytes; parsing it into the tree (the way
    it falls back to) must give the same file, byte for byte."""
    from dataclasses import replace

    from qmsdoc.render.docx import writer
    from qmsdoc.render.docx.base import get_base
    from qmsdoc.render.tree import (
        BulletList,
        Emph,
        Field,
        FieldKind,
        Heading,
        LineBreak,
        Link,
        OrderedList,
        PageHeader,
        Strong,
    )

    odd = "a & b < c > d \"e\" 'f' \r\n\tg \x01\x0b h  ]]> Đà Nẵng \u2028 😀 "
    inlines = (Text(odd), Strong((Emph((Text(" x "),)),)), LineBreak(), Field(FieldKind.PAGE),
               Link((Text("trang"),), "https://a.vn/?a=1&b=\"2\""), Link((Text(odd),), "b.md"))
    proc = compose_document(ctx, procedure(), draft=True).document
    extra = (Paragraph(inlines), Paragraph(()), Heading(2, inlines, "3"),
             OrderedList(((Paragraph((Text("một"),)), BulletList(((Paragraph(()),),))),), 3),
             Image("hinh/a.png", odd))
    header = PageHeader((*proc.header.blocks, Image(":logo:"), Paragraph(inlines)), False)
    docs = [proc, compose_document(ctx, decision(), draft=True).document,
            replace(proc, blocks=(*proc.blocks, *extra), header=header, draft_mark=odd)]
    docs.append(replace(docs[0], sections=(docs[1], docs[2])))
    images = {"hinh/a.png": _png(40, 10)}
    for reference in (None, _reference_with_logo()):
        for doc in docs:
            base = get_base(doc.page, reference)
            spliced = writer._write(doc, images, base, "t", splice=True)  # no CannotSplice
            assert spliced == writer._write(doc, images, base, "t", splice=False)
            if not doc.sections:
                assert spliced == writer.write(doc, images, reference, "t")
            else:  # a set's body is deflated by section (see DeflatingSpool): the same parts
                assert _unzipped(spliced) == _unzipped(writer.write(doc, images, reference, "t"))


def _unzipped(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(info.filename, z.read(info)) for info in z.infolist()]


def test_zip_is_written_as_zipfile_writes_it() -> None:
    from qmsdoc.render.docx.package import _zipfile_entries, zip_entries

    entries = [("[Content_Types].xml", b"<a/>" * 100), ("empty", b""),
               ("word/document.xml", bytes(range(256)) * 300), ("word/x.xml", b"<a/>" * 100)]
    assert zip_entries(entries) == _zipfile_entries(entries)
    with zipfile.ZipFile(io.BytesIO(zip_entries(entries))) as z:
        assert z.testzip() is None and z.read("word/x.xml") == b"<a/>" * 100


def test_overlapping_row_and_column_spans_end(ctx: ComposeContext) -> None:
    """A cell spanning two columns into a cell that spans two rows from above: no hang."""
    from dataclasses import replace

    from qmsdoc.render.tree import Cell, Row, Table

    def cell(text: str, colspan: int = 1, rowspan: int = 1) -> Cell:
        return Cell((Paragraph((Text(text),)),), colspan, rowspan)

    table = Table((Row((cell("A"), cell("B", 2, 2))), Row((cell("C", 2), cell("D")))), ())
    doc = replace(compose_document(ctx, procedure()).document, blocks=(table,))
    with zipfile.ZipFile(io.BytesIO(write(doc))) as z:
        body = z.read("word/document.xml").decode()
    assert all(f"<w:t>{t}</w:t>" in body for t in "ABC")  # no room left for D


def test_many_pictures_are_added_in_linear_time(ctx: ComposeContext,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # The combined manual has ~1,200 flowcharts: python-docx hashed every picture already in
    # the file to add one (~3 min of CPU at N = 400). Counted in hashes, not seconds.
    from dataclasses import replace

    from docx.parts.image import ImagePart

    doc = compose_document(ctx, procedure(flowchart=False)).document
    count = 40
    pictures = {f"hinh/{i}.png": _png(10 + i, 10) for i in range(count)}
    blocks = [Image(p, f"Hình {i}") for i, p in enumerate(pictures)]
    blocks.append(Image("hinh/0.png", "Lại hình 0"))  # the same picture: one file
    hashed = [0]
    real = ImagePart.sha1

    def counted(self: ImagePart) -> str:
        hashed[0] += 1
        return real.fget(self)  # type: ignore[attr-defined, no-any-return]

    monkeypatch.setattr(ImagePart, "sha1", property(counted))
    data = write(replace(doc, blocks=(*doc.blocks, *blocks)), images=pictures)
    assert hashed[0] <= 5  # the template's own pictures, once (was ~count² / 2)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        media = sorted(n for n in z.namelist() if n.startswith("word/media/"))
    assert media == sorted(f"word/media/image{i}.png" for i in range(1, count + 1))
    assert len(read(data).inline_shapes) == count + 1
