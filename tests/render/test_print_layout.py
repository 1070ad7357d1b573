"""Print layout (issue 16, items 1–4 and 6): column widths from content and landscape pages,
unbreakable codes, layout blocks in forms, decisions measured against Nghị định 30/2020
(Phụ lục I) in the DOCX XML and in the PDF, the master list, the coverage matrix and the
combined DOCX."""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import docx
import pytest
from lxml import etree
from qmsdoc_testing import TODAY, MakeRepo

from qmsdoc.commands.check import check_repository
from qmsdoc.load import load_repository
from qmsdoc.model.documents import Decision, Document, Form
from qmsdoc.render.columns import NB_HYPHEN, fit_widths, minimum_widths, nobreak
from qmsdoc.render.compose import (
    ComposeContext,
    compose_combined,
    compose_coverage,
    compose_document,
    compose_master_list,
)
from qmsdoc.render.compose.decision import SIGNATURE_ROOM_LINES
from qmsdoc.render.markdown import parse_markdown
from qmsdoc.render.tree import (
    Align,
    Block,
    Cell,
    Leader,
    Paragraph,
    ParaStyle,
    RenderedDocument,
    Row,
    Table,
    Text,
    block_text,
    plain_text,
)
from qmsdoc.render.writers import WRITERS, WriterOptions

from . import pdftools

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_manual"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

REGISTER = """\
| STT | Mã hồ sơ | Tên TTHC | Số lượng hồ sơ (bộ) | Tên cá nhân, tổ chức | Địa chỉ, số điện thoại | Cơ quan chủ trì giải quyết | Nhận hồ sơ (ngày) | Hẹn trả kết quả (ngày) | Chuyển hồ sơ đến cơ quan giải quyết (ngày) | Nhận kết quả từ cơ quan giải quyết (ngày) | Trả kết quả cho cá nhân, tổ chức (ngày) | Ký nhận | Ghi chú |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
| 1 | | | | | | | | | | | | | |
"""  # noqa: E501


@cache
def sample_ctx() -> ComposeContext:
    repo = load_repository(SAMPLE).repo
    return ComposeContext.create(repo)


def sample_doc(code: str) -> Document:
    return next(d for d in sample_ctx().repo.documents if d.code == code)


def form(body: str, **changes: object) -> Form:
    fields: dict[str, object] = dict(
        kind="form", code="BM-06", title="Sổ theo dõi hồ sơ", edition=1, owner="mot-cua",
        path="bieu-mau/BM-06.md", body=body, body_line=10)
    fields.update(changes)
    return Form(**fields)  # type: ignore[arg-type]


def tables(blocks: tuple[Block, ...] | list[Block]) -> list[Table]:
    return [b for b in blocks if isinstance(b, Table)]


def write_docx(doc: RenderedDocument) -> bytes:
    return WRITERS["docx"].write(doc, WriterOptions())


def write_pdf(doc: RenderedDocument) -> bytes:
    return WRITERS["pdf"].write(doc, WriterOptions())


def document_xml(data: bytes) -> etree._Element:
    d = docx.Document(io.BytesIO(data))
    return d.element


# ------------------------------------------------------------------------ 1. widths, pages
def test_codes_and_dates_do_not_break() -> None:
    assert nobreak("BM-QT01-01") == f"BM{NB_HYPHEN}QT01{NB_HYPHEN}01"
    assert nobreak("QT-10 đến QT-18;") == f"QT{NB_HYPHEN}10 đến QT{NB_HYPHEN}18;"
    assert nobreak("15/QĐ-UBND") == f"15/QĐ{NB_HYPHEN}UBND"
    # Ordinary text keeps its hyphens (the Tiêu ngữ, a lower-case compound word).
    assert nobreak("Độc lập - Tự do - Hạnh phúc") == "Độc lập - Tự do - Hạnh phúc"
    assert nobreak("e-mail") == "e-mail"


def test_a_column_is_never_narrower_than_its_longest_word() -> None:
    header = Row(tuple(Cell((Paragraph((Text(t),), ParaStyle.TABLE_HEADING),))
                       for t in ("STT", "Ghi chú", "Nội dung")))
    table = Table((header,), (1.0, 1.0, 98.0), header_rows=1)
    mins = minimum_widths(table, 12.0)
    widths = fit_widths(table.widths, mins, 165.0)
    assert widths is not None
    assert all(w >= m - 0.01 for w, m in zip(widths, mins, strict=True))
    assert abs(sum(widths) - 165.0) < 0.1
    # The weights alone would give STT 1.65 mm: the text would run over the border.
    assert widths[0] > 8.0 and widths[2] > 100.0
    assert fit_widths((1.0,) * 3, (100.0, 50.0, 30.0), 165.0) is None


def test_a_register_too_wide_for_portrait_turns_landscape(ctx: ComposeContext) -> None:
    doc = compose_document(ctx, form(REGISTER)).document
    assert (doc.page.width_mm, doc.page.height_mm) == (297.0, 210.0)
    (table,) = tables(doc.blocks)
    size = ctx.page.font_size - 1
    mins = minimum_widths(table, size)
    scale = doc.page.text_width_mm / sum(table.widths)
    assert all(w * scale >= m - 0.05 for w, m in zip(table.widths, mins, strict=True))
    # Its DOCX says landscape, and both sizes agree.
    root = document_xml(write_docx(doc))
    size_el = root.find(f".//{W}sectPr/{W}pgSz")
    assert size_el is not None and size_el.get(f"{W}orient") == "landscape"
    assert int(size_el.get(f"{W}w") or 0) > int(size_el.get(f"{W}h") or 0)


def test_orientation_declared_in_front_matter(ctx: ComposeContext) -> None:
    portrait = compose_document(ctx, form(REGISTER, orientation="portrait")).document
    assert portrait.page.width_mm < portrait.page.height_mm
    narrow = "| TT | Nội dung |\n|---|---|\n| 1 | x |\n"
    turned = compose_document(ctx, form(narrow, orientation="landscape")).document
    assert turned.page.width_mm > turned.page.height_mm
    assert compose_document(ctx, form(narrow)).document.page.width_mm == 210.0


@pytest.mark.skipif(bool(pdftools.MISSING), reason="poppler-utils not installed")
def test_landscape_register_pdf_page_is_landscape(ctx: ComposeContext) -> None:
    pdf = write_pdf(compose_document(ctx, form(REGISTER)).document)
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", pdftools._run(["pdfinfo"], pdf))
    assert size and float(size.group(1)) > float(size.group(2))
    # No header word of the register is broken letter by letter: every word is whole.
    words = pdftools.flat(pdftools.text(pdf)).split()
    for word in ("STT", "TTHC", "nhận", "chú", "(ngày)"):
        assert word in words, word


# --------------------------------------------------------------------- 2. layout blocks
HEADER = """\
```header
ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
XÃ HÒA PHONG | Độc lập - Tự do - Hạnh phúc
Số: ……/…… | Hòa Phong, ngày …… tháng …… năm ……
```

## GIẤY TIẾP NHẬN HỒ SƠ

Địa chỉ: ………………………………………………………………

```signatures
NGƯỜI NỘP HỒ SƠ | NGƯỜI TIẾP NHẬN HỒ SƠ
(Ký và ghi rõ họ tên) | (Ký và ghi rõ họ tên)

Nguyễn Văn A | ……………………
```
"""


def styles_of(table: Table, column: int) -> list[ParaStyle]:
    return [b.style for b in table.rows[0].cells[column].blocks if isinstance(b, Paragraph)]


def test_layout_blocks_print_borderless_in_the_decree_styles(ctx: ComposeContext) -> None:
    doc = compose_document(ctx, form(HEADER)).document
    header, signatures = tables(doc.blocks)
    assert not header.borders and not signatures.borders
    assert styles_of(header, 0) == [ParaStyle.CENTER, ParaStyle.AGENCY, ParaStyle.RULE,
                                    ParaStyle.CENTER]
    assert styles_of(header, 1) == [ParaStyle.NATIONAL, ParaStyle.MOTTO, ParaStyle.RULE,
                                    ParaStyle.PLACE_DATE]
    # The Quốc hiệu has the wider column (one line), the agency the narrower.
    assert header.widths[1] > header.widths[0]
    left = signatures.rows[0].cells[0].blocks
    texts = [plain_text(b.content) for b in left if isinstance(b, Paragraph)]
    # An empty line above (never touching a table), then the title and the note.
    assert texts[:3] == ["", "NGƯỜI NỘP HỒ SƠ", "(Ký và ghi rõ họ tên)"]
    assert texts[-1] == "Nguyễn Văn A" and texts[3:-1] == [""] * 4  # room to sign
    # The DOCX writes them with the borderless layout table style.
    root = document_xml(write_docx(doc))
    styles = [e.get(f"{W}val") for e in root.iter(f"{W}tblStyle")]
    assert styles and set(styles) == {"QMSLayoutTable"}


def test_fill_in_lines_are_dotted_leaders_not_justified_text(ctx: ComposeContext) -> None:
    doc = compose_document(ctx, form(HEADER)).document
    fill = next(b for b in doc.blocks if isinstance(b, Paragraph)
                and plain_text(b.content).startswith("Địa chỉ"))
    assert fill.align is Align.LEFT
    assert fill.content == (Text("Địa chỉ: "), Leader())
    # DOCX: a right tab stop with a dot leader at the text edge, then a tab.
    root = document_xml(write_docx(doc))
    p = next(p for t, p in paragraphs(root) if t.startswith("Địa chỉ"))
    tab = p.find(f"{W}pPr/{W}tabs/{W}tab")
    assert tab is not None and tab.get(f"{W}leader") == "dot" and tab.get(f"{W}val") == "right"
    width_twips = round(ctx.page.text_width_mm * 1440 / 25.4)
    assert abs(int(tab.get(f"{W}pos") or 0) - width_twips) <= 2
    assert p.find(f".//{W}r/{W}tab") is not None and "…" not in "".join(
        t.text or "" for t in p.iter(f"{W}t"))
    # Dots inside a line stay as written (a blank between two labels); only the last run leads.
    (two,) = [b for b in compose_document(ctx, form("Số: ……… Thư: ………\n")).document.blocks
              if isinstance(b, Paragraph) and b.style is ParaStyle.BODY]
    assert two.content == (Text("Số: ……… Thư: "), Leader())
    # The last part of a date or a sentence keeps its own length.
    for text in ("Thời gian: từ ngày ……/……/……", "Đoàn đánh giá: thành viên ……"):
        (kept,) = [b for b in compose_document(ctx, form(text + "\n")).document.blocks
                   if isinstance(b, Paragraph) and b.style is ParaStyle.BODY]
        assert kept.content == (Text(text),)


def test_an_internal_form_header_gives_the_wider_column_to_the_agency() -> None:
    text = "```header\nỦY BAN NHÂN DÂN XÃ HÒA PHONG | BM-QT01-02\nHỆ THỐNG QLCL | Lần 1\n```\n"
    (table,) = tables(parse_markdown(text).blocks)
    assert table.widths[0] > table.widths[1]
    assert styles_of(table, 1) == [ParaStyle.CENTER, ParaStyle.CENTER]


def test_a_layout_line_with_three_columns_is_a_warning_at_its_place() -> None:
    text = "Trước\n\n```signatures\nA | B | C\n```\n"
    result = parse_markdown(text, path="bieu-mau/BM-01.md", line_offset=10)
    (d,) = result.diagnostics
    assert d.code == "QMS830"
    assert (d.span.path, d.span.line, d.span.column) == ("bieu-mau/BM-01.md", 13, 7)
    assert "C" in block_text(result.blocks)  # still printed, in the right column


def test_a_form_without_layout_blocks_loads_and_renders_as_before(ctx: ComposeContext) -> None:
    body = "| A | B |\n|:---:|:---:|\n| **x** | y |\n\n```\ncode | kept\n```\n"
    doc = compose_document(ctx, form(body)).document
    assert [t.borders for t in tables(doc.blocks)] == [True]
    assert any(isinstance(b, Paragraph) and b.style is ParaStyle.CODE for b in doc.blocks)


def test_sample_forms_have_no_bordered_layout_table() -> None:
    ctx = sample_ctx()
    for d in ctx.repo.documents:
        if not isinstance(d, Form):
            continue
        for t in tables(compose_document(ctx, d).document.blocks):
            if t.borders:
                text = block_text([t])
                assert "CỘNG HÒA" not in text and "(Ký" not in text, d.code


# ---------------------------------------------------------- 3. decisions, Nghị định 30/2020
DECISIONS = ("QĐ-01", "QĐ-02")


@cache
def decision_docx(code: str) -> bytes:
    return write_docx(compose_document(sample_ctx(), sample_doc(code)).document)


@cache
def decision_pdf(code: str) -> bytes:
    return write_pdf(compose_document(sample_ctx(), sample_doc(code)).document)


def style_sizes(data: bytes) -> dict[str, float]:
    """Style id → size (pt), following basedOn, default 13 pt."""
    d = docx.Document(io.BytesIO(data))
    out: dict[str, float] = {}
    for s in d.styles:
        size, style = None, s
        while style is not None and size is None and hasattr(style, "font"):
            size = style.font.size.pt if style.font.size else None
            style = style.base_style
        out[s.style_id] = size or 13.0
    return out


def paragraphs(root: etree._Element) -> Iterator[tuple[str, etree._Element]]:
    for p in root.iter(f"{W}p"):
        yield "".join(t.text or "" for t in p.iter(f"{W}t")), p


def para_size(p: etree._Element, sizes: dict[str, float]) -> float:
    style = p.find(f"{W}pPr/{W}pStyle")
    return sizes.get(style.get(f"{W}val") if style is not None else "Normal", 13.0)


def para_bold(p: etree._Element, data: bytes) -> bool:
    style = p.find(f"{W}pPr/{W}pStyle")
    d = docx.Document(io.BytesIO(data))
    name = style.get(f"{W}val") if style is not None else None
    s = next((x for x in d.styles if x.style_id == name), None)
    return bool(s is not None and s.font.bold) or p.find(f".//{W}rPr/{W}b") is not None


def find_para(root: etree._Element, text: str) -> etree._Element:
    return next(p for t, p in paragraphs(root) if t.strip() == text)


@pytest.mark.parametrize("code", DECISIONS)
def test_decision_docx_ten_loai_and_trich_yeu_bold_13_to_14(code: str) -> None:
    data = decision_docx(code)
    root, sizes = document_xml(data), style_sizes(data)
    d = sample_doc(code)
    assert isinstance(d, Decision)
    for text in ("QUYẾT ĐỊNH", (d.title or "").strip()):
        p = find_para(root, text)
        assert 13 <= para_size(p, sizes) <= 14, text
        assert para_bold(p, data), text


@pytest.mark.parametrize("code", DECISIONS)
def test_decision_docx_page_number_13_to_14_top_centre_not_on_page_1(code: str) -> None:
    data = decision_docx(code)
    d = docx.Document(io.BytesIO(data))
    section = d.sections[0]
    assert section.different_first_page_header_footer  # no number on page 1
    assert not any(e.text and "PAGE" in e.text
                   for e in section.first_page_header._element.iter(f"{W}instrText"))
    header = section.header._element
    (number,) = [p for p in header.iter(f"{W}p") if any(
        "PAGE" in (e.text or "") for e in p.iter(f"{W}instrText"))]
    assert 13 <= para_size(number, style_sizes(data)) <= 14
    jc = number.find(f"{W}pPr/{W}jc")
    assert jc is not None and jc.get(f"{W}val") == "center"


@pytest.mark.parametrize("code", DECISIONS)
def test_decision_docx_recipients_12_and_11(code: str) -> None:
    data = decision_docx(code)
    root, sizes = document_xml(data), style_sizes(data)
    assert para_size(find_para(root, "Nơi nhận:"), sizes) == 12
    lines = [p for t, p in paragraphs(root) if t.startswith("- ")]
    assert lines and all(para_size(p, sizes) == 11 for p in lines)


@pytest.mark.parametrize("code", DECISIONS)
def test_decision_docx_signature_has_room_for_signature_and_seal(code: str) -> None:
    root = document_xml(decision_docx(code))
    name = sample_ctx().person_name(sample_doc(code).signer)  # type: ignore[attr-defined]
    cell = next(tc for tc in root.iter(f"{W}tc") if any(t == name for t, _ in paragraphs(tc)))
    texts = [t for t, _ in paragraphs(cell)]
    empty_before_name = 0
    for t in reversed(texts[:texts.index(name)]):
        if t:
            break
        empty_before_name += 1
    assert empty_before_name >= SIGNATURE_ROOM_LINES >= 5


@pytest.mark.parametrize("code", DECISIONS)
def test_decision_docx_last_article_keeps_with_signature(code: str) -> None:
    root = document_xml(decision_docx(code))
    body = [(t, p) for t, p in paragraphs(root) if p.getparent().tag == f"{W}body"]
    articles = [i for i, (t, _) in enumerate(body) if re.match(r"Điều \d+", t)]
    assert articles
    for t, p in body[articles[-1]:]:
        if t:
            assert p.find(f"{W}pPr/{W}keepNext") is not None, t
    # An earlier article does not (the page may break there).
    if len(articles) > 1:
        assert body[articles[0]][1].find(f"{W}pPr/{W}keepNext") is None
    # Nơi nhận and the signature are one row that cannot split.
    row = next(tr for tr in root.iter(f"{W}tr") if any(
        t == "Nơi nhận:" for t, _ in paragraphs(tr)))
    assert row.find(f"{W}trPr/{W}cantSplit") is not None


def pdf_words(pdf: bytes) -> list[tuple[int, str, float, float, float, float]]:
    """(page, word, x0, y0, x1, y1) of every word (poppler's -bbox)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.pdf"
        path.write_bytes(pdf)
        html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True,
                              timeout=120, check=True).stdout.decode("utf-8")
    out = []
    for n, page in enumerate(html.split("<page ")[1:], 1):
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                             r'yMax="([\d.]+)">([^<]*)</word>', page):
            x0, y0, x1, y1 = (float(m.group(i)) for i in range(1, 5))
            out.append((n, m.group(5), x0, y0, x1, y1))
    return out


def size_of(words: list[tuple[int, str, float, float, float, float]], word: str,
            page: int = 1) -> float:
    """A word's font size (pt), from its box height relative to body text (13 pt)."""
    body = [w for w in words if w[1] == "Căn" and w[0] == 1] or [words[0]]
    unit = (body[0][5] - body[0][3]) / 13.0
    found = next(w for w in words if w[1] == word and w[0] == page)
    return (found[5] - found[3]) / unit


@pytest.mark.skipif(bool(pdftools.MISSING), reason="poppler-utils not installed")
@pytest.mark.parametrize("code", DECISIONS)
def test_decision_pdf_sizes_and_positions(code: str) -> None:
    pdf = decision_pdf(code)
    words = pdf_words(pdf)
    pages = pdftools.pages(pdf)
    # Tên loại: 13–14 pt, centred on the text width (30 mm left, 15 mm right margins).
    title = next(w for w in words if w[1] == "QUYẾT" and w[0] == 1)
    assert 12.5 <= size_of(words, "QUYẾT") <= 14.5
    mm = 72 / 25.4
    centre = (30 + (210 - 15)) / 2 * mm
    line = [w for w in words if w[0] == 1 and abs(w[3] - title[3]) < 1]
    middle = (min(w[2] for w in line) + max(w[4] for w in line)) / 2
    assert abs(middle - centre) < 3 * mm
    # Nơi nhận: 12 pt; the recipients 11 pt.
    last = pages
    assert 11.5 <= size_of(words, "Nơi", last) <= 12.5
    # Page number: none on page 1; from page 2, 13–14 pt, centred at the top.
    first_top = min(w[3] for w in words if w[0] == 1)
    assert not any(w[1].isdigit() and w[3] == first_top for w in words if w[0] == 1)
    if pages > 1:
        top = min((w for w in words if w[0] == 2), key=lambda w: w[3])
        assert top[1] == "2"
        assert 12.5 <= size_of(words, "2", 2) <= 14.5
        assert abs((top[2] + top[4]) / 2 - centre) < 3 * mm
    # The signature is never alone: the page with Nơi nhận also holds an article's text.
    page_of_sign = next(w[0] for w in words if w[1] == "Nơi")
    assert any(w[1] == "Điều" and w[0] == page_of_sign for w in words)


# ------------------------------------------------------------- 4. lists and the set
def test_master_list_says_which_decision_it_is_attached_to() -> None:
    ctx = sample_ctx()
    doc = compose_master_list(ctx, ctx.repo.documents).document
    text = block_text(list(doc.blocks))
    assert "(Kèm theo Quyết định số 15/QĐ-UBND ngày 15/01/2026)" in text
    combined = compose_combined(ctx, ctx.repo.documents).document
    assert "Kèm theo Quyết định số 15/QĐ-UBND" in block_text(list(combined.blocks))


def test_master_list_keeps_its_last_rows_together_and_codes_whole() -> None:
    ctx = sample_ctx()
    doc = compose_master_list(ctx, ctx.repo.documents).document
    (table,) = tables(doc.blocks)
    before_last = table.rows[-2]
    assert all(b.keep_with_next for c in before_last.cells for b in c.blocks
               if isinstance(b, Paragraph))
    assert not any(b.keep_with_next for c in table.rows[-3].cells for b in c.blocks
                   if isinstance(b, Paragraph))
    codes = [plain_text(r.cells[1].blocks[0].content) for r in table.rows[1:]
             if len(r.cells) > 1 and r.cells[1].blocks]
    assert f"BM{NB_HYPHEN}QT01{NB_HYPHEN}01" in codes and not any("-" in c for c in codes)


def test_coverage_matrix_cites_documents_only() -> None:
    from qmsdoc.coverage import compute_coverage

    ctx = sample_ctx()
    result = compute_coverage(ctx.repo)
    doc = compose_coverage(ctx, result, ctx.repo.documents).document
    text = block_text(list(doc.blocks))
    assert "qms.yaml" not in text
    assert "STCL" in text


def test_combined_docx_restarts_each_documents_page_numbers() -> None:
    ctx = sample_ctx()
    members = [d for d in ctx.repo.documents if d.code in ("QT-01", "BM-06", "QĐ-01")]
    combined = compose_combined(ctx, members).document
    root = document_xml(write_docx(combined))
    sections = list(root.iter(f"{W}sectPr"))
    assert len(sections) == 1 + len(members)
    for s in sections:
        start = s.find(f"{W}pgNumType")
        assert start is not None and start.get(f"{W}start") == "1"
    orients = [s.find(f"{W}pgSz").get(f"{W}orient") for s in sections]  # type: ignore[union-attr]
    assert orients.count("landscape") == 1  # BM-06 keeps its landscape paper in the set
    data = write_docx(combined)
    with io.BytesIO(data) as f:
        import zipfile

        headers = [zipfile.ZipFile(f).read(n).decode() for n in zipfile.ZipFile(f).namelist()
                   if n.startswith("word/header")]
    assert any("SECTIONPAGES" in h for h in headers)
    assert not any(" NUMPAGES " in h for h in headers)


def test_combined_docx_totals_each_document_for_word_and_libreoffice() -> None:
    """A document's page total in the set is SECTIONPAGES (Word computes it) whose stored
    result is a PAGEREF to a bookmark ending the document's section: LibreOffice does not
    compute SECTIONPAGES and shows that result, which it computes. Every section-ending
    paragraph is 1 pt high, so that it cannot push a blank page into the set."""
    ctx = sample_ctx()
    members = [d for d in ctx.repo.documents if d.code in ("QT-01", "BM-06", "QĐ-02", "QT-10")]
    d = docx.Document(io.BytesIO(write_docx(compose_combined(ctx, members).document)))
    body = d.element.body
    sections = list(body.iter(f"{W}sectPr"))
    marks = [m.get(f"{W}name") for m in body.iter(f"{W}bookmarkStart")]
    assert marks == [f"_QmsEnd{i}" for i in range(1, len(sections) + 1)]
    totals = 0
    for i, sect in enumerate(sections, 1):
        ref = sect.find(f"{W}headerReference[@{W}type='default']")
        assert ref is not None
        header = d.part.rels[ref.get(f"{{{REL}}}id")].target_part.blob.decode()
        codes = re.findall(r'w:fldCharType="(\w+)"|<w:instrText[^>]*> ([^<]*) </w:instrText>',
                           header)
        fields = [kind or f"({instr})" for kind, instr in codes if instr != "PAGE"]
        total = ["begin", "(SECTIONPAGES)", "separate",
                 "begin", f"(PAGEREF _QmsEnd{i})", "separate", "end", "end"]
        if "(SECTIONPAGES)" in fields:  # forms and decisions print no total
            totals += 1
            text = "".join(fields)
            assert "".join(total) in text, header
        # The section's own bookmark, in the paragraph ending it (the last section: the
        # body's last paragraph, before its w:sectPr).
        end = sect.getparent().getparent() if i < len(sections) else body[-2]
        mark = end.find(f"{W}bookmarkStart")
        assert end.tag == f"{W}p" and mark is not None
        assert mark.get(f"{W}name") == f"_QmsEnd{i}"
        spacing = end.find(f"{W}pPr/{W}spacing")
        assert spacing is not None and spacing.get(f"{W}line") == "20"
        assert spacing.get(f"{W}lineRule") == "exact"
    assert totals >= 3  # the cover and the two procedures count their pages


def test_combined_docx_sections_keep_each_documents_margins() -> None:
    """A document's section in the set has the margins of its own file (so it breaks its
    pages alike), not those of the cover."""
    from dataclasses import replace

    ctx = sample_ctx()
    members = [d for d in ctx.repo.documents if d.code in ("QT-01", "BM-06")]
    combined = compose_combined(ctx, members).document
    wide = replace(combined.sections[0].page, top_mm=25.0, left_mm=35.0, header_mm=10.0)
    combined = replace(combined, sections=(replace(combined.sections[0], page=wide),
                                           *combined.sections[1:]))
    sections = list(document_xml(write_docx(combined)).iter(f"{W}sectPr"))
    margins = [{k: m.get(f"{W}{k}") for k in ("top", "left", "header", "footer")}
               for m in (s.find(f"{W}pgMar") for s in sections) if m is not None]
    assert margins[1] == {"top": "1417", "left": "1984", "header": "567", "footer": "567"}
    assert margins[0] == margins[2] == {"top": "1134", "left": "1701", "header": "454",
                                        "footer": "454"}


@pytest.mark.skipif(bool(pdftools.MISSING), reason="poppler-utils not installed")
def test_a_set_typeset_whole_keeps_each_documents_paper() -> None:
    ctx = sample_ctx()
    members = [d for d in ctx.repo.documents if d.code in ("QĐ-02", "BM-06")]
    pdf = write_pdf(compose_combined(ctx, members).document)
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)",
                       pdftools._run(["pdfinfo", "-f", "1", "-l", "99"], pdf))
    landscape = [float(w) > float(h) for w, h in sizes]
    assert landscape.count(True) == 1 and len(landscape) >= 3


def test_a_header_or_signature_table_in_a_form_is_named_with_the_block_to_use(
        make_repo: MakeRepo) -> None:
    table = ("| ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n|:---:|:---:|\n"
             "| **XÃ HÒA PHONG** | **Độc lập - Tự do - Hạnh phúc** |\n\nNội dung.\n\n"
             "| NGƯỜI NỘP | NGƯỜI NHẬN |\n|---|---|\n| *(Ký và ghi rõ họ tên)* | |\n\n"
             "| TT | Nội dung |\n|---|---|\n| 1 | (Ký hiệu) |\n")
    root = make_repo({"bieu-mau/BM-01.md": lambda t: t + "\n" + table})
    found = [d for d in check_repository(root, select=["QMS831"], today=TODAY).diagnostics
             if d.code == "QMS831"]
    lines = (root / "bieu-mau/BM-01.md").read_text(encoding="utf-8").split("\n")
    assert [lines[d.span.line - 1][:8] for d in found] == ["| ỦY BAN", "| NGƯỜI "]
    assert "```header" in found[0].hint_vi and "```signatures" in found[1].hint_en
    # The sample writes its forms with layout blocks: nothing to say.
    assert not [d for d in check_repository(SAMPLE, select=["QMS831"], today=TODAY).diagnostics
                if d.code == "QMS831"]


def test_a_signing_position_in_capitals_is_bold_a_tick_box_line_is_not() -> None:
    text = ("```signatures\n| TM. ỦY BAN NHÂN DÂN\n| CHỦ TỊCH\n| ☐ Đồng ý ☐ Không đồng ý\n"
            "| (Ký, ghi rõ họ tên và đóng dấu)\n```\n")
    (table,) = tables(parse_markdown(text).blocks)
    assert styles_of(table, 1)[1:5] == [ParaStyle.SIGNATURE, ParaStyle.SIGNATURE,
                                        ParaStyle.CENTER, ParaStyle.CENTER]


def test_a_column_of_fill_in_dots_is_as_wide_as_its_dots() -> None:
    dots = Cell((Paragraph((Text("…" * 8),), ParaStyle.TABLE),))
    header = Cell((Paragraph((Text("Người nhận"),), ParaStyle.TABLE_HEADING),))
    table = Table((Row((header,)), Row((dots,))), (1.0,), header_rows=1)
    # 8 ellipses of 1 em at 12 pt: about 34 mm (an ellipsis is not a narrow full stop).
    assert minimum_widths(table, 12.0)[0] > 33
