"""The Typst PDF writer on hand-written document trees, read back with poppler-utils."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest

from qmsdoc.render.compose import ComposeContext, compose_document
from qmsdoc.render.pdfjoin import PdfJoinError, join_set
from qmsdoc.render.tree import (
    Align,
    Block,
    BulletList,
    Cell,
    Code,
    DocumentProperties,
    Emph,
    Field,
    FieldKind,
    HeaderFields,
    Heading,
    LineBreak,
    Link,
    OrderedList,
    PageHeader,
    Paragraph,
    ParaStyle,
    RenderedDocument,
    Row,
    Strong,
    Table,
    Text,
)
from qmsdoc.render.typst import engine as typst_engine
from qmsdoc.render.typst import fonts as typst_fonts
from qmsdoc.render.typst import write_pdf, write_typst
from qmsdoc.render.typst.data import document_data
from qmsdoc.render.typst.engine import PdfError, compile_pdf, template_source
from qmsdoc.render.writers import WRITERS, WriterOptions

from . import pdftools
from .conftest import decision, procedure

HOSTILE = [
    '#import "x": *', "]", "$x^2$", "\\", "@ref", "<label>", "#set page(width: 1cm)",
    "*not bold*", "_not italic_", "// not a comment", "/* nor this */", "= not a heading",
    '#sys.inputs.at("qmsdoc-data")', "{ }", "#eval(\"1\")", "`raw`", "---", "\"quotes\"",
]
TITLE = "Quy trình đăng ký khai sinh"
A4 = (595.28, 841.89)


def para(text: str, style: ParaStyle = ParaStyle.BODY) -> Paragraph:
    return Paragraph((Text(text),), style)


def header(fields: HeaderFields) -> PageHeader:
    control = tuple(para(t, ParaStyle.HEADER) for t in (
        f"Mã hiệu: {fields.code}", f"Lần ban hành: {fields.edition}",
        f"Ngày ban hành: {fields.issued}"))
    page = Paragraph((Text("Trang: "), Field(FieldKind.PAGE), Text("/"),
                      Field(FieldKind.NUMPAGES)), ParaStyle.HEADER)
    row = Row((Cell((Paragraph((Strong((Text("ỦY BAN NHÂN DÂN"), LineBreak(),
                                        Text("XÃ HÒA PHONG"))),), ParaStyle.HEADER,
                               Align.CENTER),)),
               Cell((Paragraph((Strong((Text(fields.title.upper()),)),), ParaStyle.HEADER,
                               Align.CENTER),)),
               Cell((*control, page))))
    return PageHeader((Table((row,), (28.0, 40.0, 32.0)),))


def document(blocks: tuple = (), *, draft: bool = False, title: str = TITLE,
             code: str = "QT-10", first_page: bool = True) -> RenderedDocument:
    fields = HeaderFields("Ủy ban nhân dân xã Hòa Phong", title, code, "02", "15/01/2026")
    h = header(fields)
    return RenderedDocument(
        kind="procedure", fields=fields, header=PageHeader(h.blocks, first_page),
        blocks=tuple(blocks) or (Heading(1, (Text("Mục đích"),), "1"), para("Nội dung.")),
        properties=DocumentProperties(title=title, subject="Quy trình",
                                      author="Ủy ban nhân dân xã Hòa Phong", keywords=code,
                                      created=dt.date(2026, 1, 15)),
        draft=draft)


def steps_table(n: int) -> Table:
    head = Row(tuple(Cell((para(h, ParaStyle.TABLE_HEADING),)) for h in (
        "Bước", "Nội dung công việc", "Trách nhiệm")))
    rows = [Row((Cell((para(f"B{i}"),)), Cell((para(f"Bước thứ {i}: tiếp nhận hồ sơ"),)),
                 Cell((para("Công chức Một cửa"),)))) for i in range(1, n + 1)]
    return Table((head, *rows), (10.0, 60.0, 30.0), header_rows=1)


def pdf_of(doc: RenderedDocument, **opts: object) -> bytes:
    return WRITERS["pdf"].write(doc, WriterOptions(**opts))  # type: ignore[arg-type]


# ----------------------------------------------------------------------- data, no markup
def test_user_text_travels_as_json_data_never_as_markup() -> None:
    doc = document((para(" ".join(HOSTILE)),), title="#set text(red) ]")
    td = write_typst(doc, WriterOptions())
    strings = json.dumps(td.data, ensure_ascii=False)
    assert json.loads(strings) == td.data  # plain JSON: strings, numbers, lists, objects
    assert '"#set text(red) ]"' in strings and json.dumps(" ".join(HOSTILE)) in strings
    template = template_source().decode("utf-8")
    # The template is fixed: it never evaluates strings and never names user text.
    assert "eval(" not in template.replace("sys.version", "")
    assert "#set text(red)" not in template


@pdftools.needs_poppler
def test_hostile_text_prints_literally() -> None:
    blocks = [para(s) for s in HOSTILE]
    blocks.append(Paragraph((Code('#let x = 1 ] $'), Text(" "),
                             Link((Text("@liên kết"),), "https://example.com/?q=#]"))))
    cell = Table((Row((Cell((para("<b>$ô]</b>"),)), Cell((para("\\#"),)))),), (1.0, 1.0))
    doc = document((*blocks, cell), title="Tiêu đề #strong[x] $y$")
    text = pdftools.text(pdf_of(doc))
    lines = [pdftools.flat(line) for line in text.splitlines()]
    for s in HOSTILE:
        assert s in lines, s
    flat = pdftools.flat(text)
    assert "#let x = 1 ] $ @liên kết" in flat
    assert "<b>$ô]</b>" in flat and "\\#" in flat
    assert "TIÊU ĐỀ #STRONG[X] $Y$" in flat


@pdftools.needs_poppler
def test_vietnamese_text_is_nfc_and_complete() -> None:
    nfd = unicodedata.normalize("NFD", "Ủy ban nhân dân xã Hòa Phong, Đà Nẵng: ỹ ỵ ử ặ ẫ ự")
    pdf = pdf_of(document((para(nfd),)))
    text = pdftools.text(pdf)
    assert unicodedata.normalize("NFC", nfd) in text
    assert text == unicodedata.normalize("NFC", text)
    assert "\ufffd" not in text


# ------------------------------------------------------------------------- page layout
@pdftools.needs_poppler
def test_a4_every_page_has_the_header_with_page_x_of_n() -> None:
    blocks: list[Block] = [Heading(1, (Text("Nội dung quy trình"),), "5")]
    blocks += [para(f"Đoạn văn số {i} của quy trình, đủ dài để xuống dòng khi in ra khổ A4 "
                    "với lề trái 30 mm và lề phải 15 mm.") for i in range(1, 90)]
    pdf = pdf_of(document(tuple(blocks)))
    n = pdftools.pages(pdf)
    assert n >= 3
    width, height = (float(v) for v in pdftools.info(pdf)["Page size"].split()[0:3:2])
    assert (round(width), round(height)) == (round(A4[0]), round(A4[1]))
    for page in range(1, n + 1):
        text = pdftools.flat(pdftools.text(pdf, page))
        assert f"Trang: {page}/{n}" in text
        assert "Mã hiệu: QT-10" in text and "Lần ban hành: 02" in text
        assert "Ngày ban hành: 15/01/2026" in text and "QUY TRÌNH ĐĂNG KÝ KHAI SINH" in text


@pdftools.needs_poppler
def test_table_header_row_repeats_on_every_page() -> None:
    pdf = pdf_of(document((steps_table(80),)))
    n = pdftools.pages(pdf)
    assert n >= 2
    for page in range(1, n + 1):
        assert "Bước Nội dung công việc Trách nhiệm" in pdftools.flat(pdftools.text(pdf, page))
    flat = pdftools.flat(pdftools.text(pdf))
    assert "B80 Bước thứ 80: tiếp nhận hồ sơ Công chức Một cửa" in flat


@pdftools.needs_poppler
def test_draft_mark_on_every_page() -> None:
    blocks = tuple(para(f"Đoạn {i}. " + "Nội dung dự thảo. " * 20) for i in range(40))
    pdf = pdf_of(document(blocks, draft=True))
    n = pdftools.pages(pdf)
    assert n >= 2
    for page in range(1, n + 1):
        # The mark is set diagonally: text extraction yields it letter by letter.
        assert "DỰTHẢO" in "".join(pdftools.text(pdf, page).split())
        assert pdftools.grey_share(pdf, page) > 0.01
    final = pdf_of(document(blocks))
    assert "DỰTHẢO" not in "".join(pdftools.text(final).split())


@pdftools.needs_poppler
def test_first_page_without_header_for_decisions(ctx: ComposeContext) -> None:
    doc = compose_document(ctx, decision()).document
    assert not doc.header.first_page
    pdf = pdf_of(doc)
    assert "Số: 05/QĐ-UBND" in pdftools.text(pdf, 1)
    if pdftools.pages(pdf) > 1:
        assert pdftools.text(pdf, 2).lstrip().startswith("2")


@pdftools.needs_poppler
def test_properties_lists_numbers_and_fonts_embedded() -> None:
    doc = document((OrderedList(((para("Một"),), (para("Hai"),)), start=3),
                    BulletList(((para("Gạch đầu dòng"), OrderedList(((para("Con"),),))),)),
                    Paragraph((Strong((Text("Đậm"),)), Emph((Text("nghiêng"),)),
                               Code("mã_nguồn"))),))
    pdf = pdf_of(doc)
    meta = pdftools.info(pdf)
    assert meta["Title"] == TITLE
    assert meta["Author"] == "Ủy ban nhân dân xã Hòa Phong"
    assert "QT-10" in meta["Keywords"] and "Lần ban hành 02" in meta["Keywords"]
    flat = pdftools.flat(pdftools.text(pdf))
    assert "3. Một 4. Hai" in flat and "• Gạch đầu dòng" in flat and "a) Con" in flat
    used = pdftools.fonts(pdf)
    assert used and all(emb == "yes" for _, emb in used), used


def test_output_is_reproducible() -> None:
    doc = document((steps_table(5),), draft=True)
    assert pdf_of(doc) == pdf_of(doc)


def test_a_kept_pdf_is_the_same_and_not_typeset_again(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A set's cover is kept in the cache by everything Typst is given: the same data is not
    typeset again, other data is, and a kept file not sealed by this user is never used."""
    store = tmp_path / ".qmsdoc" / "cache" / "pdfparts"
    doc = document((steps_table(3),))
    plain = pdf_of(doc)
    assert pdf_of(doc, prepared=str(store)) == plain
    [kept] = store.glob("*.pdf")
    runs: list[object] = []
    real = typst_engine._run

    def counted(*args: object) -> object:
        runs.append(args)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(typst_engine, "_run", counted)
    assert pdf_of(doc, prepared=str(store)) == plain and not runs
    other = document((steps_table(4),))
    assert pdf_of(other, prepared=str(store)) == pdf_of(other) and len(runs) == 2
    kept.write_bytes(kept.read_bytes()[:-10] + b"%%EOF\n    ")  # changed: the seal breaks
    assert pdf_of(doc, prepared=str(store)) == plain and len(runs) == 3


@pdftools.needs_poppler
def test_pdfa_2b_on_request() -> None:
    pdf = pdf_of(document(), pdfa=True)
    assert b"pdfaid:part>2<" in pdf.replace(b"\n", b"") or b'pdfaid:part="2"' in pdf
    assert b"pdfaid:conformance>B<" in pdf or b'pdfaid:conformance="B"' in pdf
    assert pdftools.pages(pdf) == 1


@pdftools.needs_poppler
def test_composed_procedure_shows_cover_and_steps(ctx: ComposeContext) -> None:
    doc = compose_document(ctx, procedure()).document
    pdf = write_pdf(doc, WriterOptions())
    flat = pdftools.flat(pdftools.text(pdf))
    for s in ("Soạn thảo Xem xét Phê duyệt", "THEO DÕI SỬA ĐỔI TÀI LIỆU", "Tiếp nhận hồ sơ",
              "Thẩm định, in Giấy khai sinh", "Ký Giấy khai sinh", "Trả kết quả"):
        assert s in flat, s
    assert f"Trang: 1/{pdftools.pages(pdf)}" in flat


# ------------------------------------------------------------------------------ fonts
def test_missing_glyph_fails_with_the_character() -> None:
    doc = document((para("Ký tự lạ: \U0010fffd"),))
    with pytest.raises(PdfError) as info:
        pdf_of(doc)
    assert "U+10FFFD" in info.value.en and "U+10FFFD" in info.value.vi


def test_missing_glyph_detection_reads_content_streams() -> None:
    import typst

    src = b'#set text(font: "Libertinus Serif", fallback: false)\n#sys.inputs.t'
    bad = typst.compile(src, sys_inputs={"t": "a\U0010fffdb"}, ignore_system_fonts=True)
    good = typst.compile(src, sys_inputs={"t": "Việt Nam (x) \\ ) ("},
                         ignore_system_fonts=True)
    assert typst_engine.uses_missing_glyph(bad)
    assert not typst_engine.uses_missing_glyph(good)


def test_font_chain(monkeypatch: pytest.MonkeyPatch) -> None:
    def installed(*names: str) -> None:
        table = {n.casefold(): typst_fonts.FontInfo(n, n in ("Libertinus Serif",
                                                             "DejaVu Sans Mono"), ())
                 for n in names}
        monkeypatch.setattr(typst_fonts, "installed_fonts", lambda: table)
        typst_fonts.choose_fonts.cache_clear()

    installed("Times New Roman", "Liberation Serif", "Libertinus Serif", "DejaVu Sans Mono")
    assert typst_fonts.choose_fonts("Times New Roman").body == "Times New Roman"
    installed("Liberation Serif", "Libertinus Serif", "DejaVu Sans Mono", "DejaVu Sans")
    choice = typst_fonts.choose_fonts("Times New Roman")
    assert (choice.body, choice.substituted, choice.symbols) == (
        "Liberation Serif", True, ("DejaVu Sans",))
    installed("Libertinus Serif", "DejaVu Sans Mono")
    choice = typst_fonts.choose_fonts(None)
    assert (choice.body, choice.mono, choice.symbols) == (
        "Libertinus Serif", "DejaVu Sans Mono", ())
    typst_fonts.choose_fonts.cache_clear()


@pdftools.needs_poppler
def test_bundled_font_alone_covers_vietnamese_and_check_boxes(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine with no fonts at all (pip only): Typst's bundled Libertinus Serif."""
    import typst

    monkeypatch.setattr(typst_engine, "_compiler",
                        lambda: typst.Compiler(ignore_system_fonts=True))
    text = "Cộng hòa xã hội chủ nghĩa Việt Nam – Độc lập ☐ Có ☒ Không ☑"
    td = document_data(document((para(text),)), images={}, logo=None,
                       body_font="Libertinus Serif", mono_font="DejaVu Sans Mono")
    pdf = compile_pdf(td)
    assert "Cộng hòa xã hội chủ nghĩa Việt Nam – Độc lập" in pdftools.text(pdf)
    used = {name.split("+")[-1].removesuffix("-Identity-H") for name, _ in pdftools.fonts(pdf)}
    assert used <= {"LibertinusSerif-Regular", "LibertinusSerif-Bold"}, used


def test_unknown_font_is_an_error() -> None:
    td = document_data(document(), images={}, logo=None, body_font="Không Có Phông Này",
                       mono_font="DejaVu Sans Mono")
    with pytest.raises(PdfError) as info:
        compile_pdf(td)
    assert "font" in info.value.en.lower() and "phông" in info.value.vi


@pdftools.needs_poppler
def test_combined_set_puts_in_the_documents_pdfs(tmp_path: Path) -> None:
    first = document((steps_table(60),), code="QT-01", title="Quy trình một")
    second = document((para("Nội dung quy trình hai."),), code="QT-02", title="Quy trình hai")
    parts = {}
    for d in (first, second):
        path = tmp_path / f"{d.fields.code}.pdf"
        path.write_bytes(pdf_of(d))
        parts[d.fields.code] = str(path)
    cover = document((para("Bìa bộ tài liệu"),), code="HTQLCL", title="Bộ tài liệu")
    combined = replace(cover, sections=(first, second))
    merged = pdf_of(combined, parts=parts)
    n1, n2 = (pdftools.pages(Path(p).read_bytes()) for p in parts.values())
    assert n1 >= 2 and pdftools.pages(merged) == 1 + n1 + n2
    assert "Trang: 1/1" in pdftools.flat(pdftools.text(merged, 1))
    # Each document keeps its own page numbers; its text is still text.
    assert f"Trang: 2/{n1}" in pdftools.flat(pdftools.text(merged, 3))
    assert "Nội dung quy trình hai." in pdftools.text(merged, 1 + n1 + 1)
    assert pdftools.bookmarks(merged) == [
        (1, "HTQLCL Bộ tài liệu"), (1, "QT-01 Quy trình một"), (1, "QT-02 Quy trình hai")]
    # Without the parts (or for PDF/A) the set is typeset whole, and still numbers each
    # document's pages on its own, as the joined set and the combined DOCX do (issue 16).
    whole = pdf_of(combined)
    assert pdftools.pages(whole) == pdftools.pages(merged)
    assert "Trang: 1/1" in pdftools.flat(pdftools.text(whole, 1))
    assert f"Trang: 2/{n1}" in pdftools.flat(pdftools.text(whole, 3))
    assert f"Trang: 1/{n2}" in pdftools.flat(pdftools.text(whole, 1 + n1 + 1))


@pdftools.needs_poppler
def test_join_set_keeps_pages_and_adds_bookmarks(tmp_path: Path) -> None:
    """How both engines join a combined set from its documents' PDFs."""
    paths: list[tuple[str, Path | bytes]] = []
    for code in ("QT-01", "QT-02"):
        path = tmp_path / f"{code}.pdf"
        path.write_bytes(pdf_of(document((steps_table(30),), code=code)))
        paths.append((f"{code} Quy trình", path))
    merged = join_set(document(), paths)
    assert join_set(document(), paths) == merged  # deterministic
    sizes = [pdftools.pages(Path(str(p)).read_bytes()) for _, p in paths]
    assert pdftools.pages(merged) == sum(sizes)
    assert "Mã hiệu: QT-02" in pdftools.flat(pdftools.text(merged, sizes[0] + 1))
    assert pdftools.info(merged)["Title"] == TITLE
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"not a pdf")
    with pytest.raises(PdfJoinError) as info:
        join_set(document(), [("x", broken)])
    assert "broken.pdf" in info.value.en and "Không đọc được" in info.value.vi


_LEAK_PROBE = """
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from qmsdoc.render.typst import engine

def work(_: int) -> str:
    return engine._empty_root()

if __name__ == "__main__":
    engine._empty_root()
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        print(list(pool.map(work, range(4))))
"""


def test_no_scratch_folder_is_left_in_the_temp_folder(tmp_path: Path) -> None:
    # Build workers each had an empty Typst root that nobody removed: /tmp filled up with
    # qmsdoc-typst-* folders, one per worker per build.
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    script = tmp_path / "probe.py"
    script.write_text(_LEAK_PROBE, encoding="utf-8")
    env = {**os.environ, "TMPDIR": str(scratch)}
    done = subprocess.run([sys.executable, str(script)], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "qmsdoc-typst-" in done.stdout  # the workers did make their roots
    assert list(scratch.iterdir()) == []


def test_the_last_row_of_a_kept_table_never_stands_alone_on_a_page() -> None:
    # The master list and the coverage matrix keep their last two rows together (DOCX and
    # LibreOffice through keep-with-next). Typst had no such rule: for some lengths the last
    # row went alone onto a new page under the repeated header. Every length that makes the
    # table run onto a second page is tried, so one of them is the length that did.
    from qmsdoc.render.compose.sets import keep_last_rows

    alone = []
    for n in range(34, 52):
        pdf = pdf_of(document((keep_last_rows(steps_table(n)),)))
        last_page = pdftools.text(pdf, pdftools.pages(pdf))
        if f"B{n}" in last_page and f"B{n - 1}" not in last_page:
            alone.append(n)
    assert alone == []
