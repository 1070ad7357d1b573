"""One look from the organisation's reference DOCX (issue 16, item 7): its margins, fonts and
headings reach the DOCX, the Typst PDF and the LibreOffice PDF; our paragraph rules stay where
the reference says nothing. Read back from the files."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt, RGBColor

from qmsdoc.build import BuildOptions, BuildResult
from qmsdoc.commands.build import build as run
from qmsdoc.render import libreoffice
from qmsdoc.render.restyle import read_look, restyled_page
from qmsdoc.render.tree import PageSetup
from qmsdoc.render.typst.data import document_data
from tests.render import pdftools

TODAY = dt.date(2026, 8, 1)
needs_soffice = pytest.mark.skipif(
    libreoffice.find_soffice() is None, reason="LibreOffice (soffice) not installed: "
    "apt-get install -y --no-install-recommends libreoffice-writer-nogui fonts-liberation2")


def reference(path: Path, *, normal_rules: bool = False) -> bytes:
    d = docx.Document()
    s = d.sections[0]
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(25), Mm(22), Mm(25), Mm(20)
    s.header_distance = Mm(10)
    normal = d.styles["Normal"]
    normal.font.name, normal.font.size = "Liberation Sans", Pt(12)
    if normal_rules:
        normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        normal.paragraph_format.space_after = Pt(3)
    h1 = d.styles["Heading 1"]
    h1.font.size, h1.font.color.rgb = Pt(16), RGBColor(0x1F, 0x38, 0x64)
    d.save(str(path))
    return path.read_bytes()


def restyled(sample: Path, **options: object) -> BuildResult:
    reference(sample / "mau-word.docx")
    qms = sample / "qms.yaml"
    text = qms.read_text(encoding="utf-8")
    qms.write_text(re.sub(r"^  formats: \[docx, pdf\]$",
                          "  formats: [docx, pdf]\n  reference_docx: mau-word.docx", text,
                          count=1, flags=re.M), encoding="utf-8")
    opts: dict[str, object] = {"jobs": 1, "today": TODAY, "only": ("QT-10",), **options}
    return run(sample, BuildOptions(**opts))  # type: ignore[arg-type]


def text_box_mm(pdf: Path, page: int = 2) -> tuple[float, float]:
    """The leftmost and rightmost edge of the text of a page (mm)."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf),
                          "-"], capture_output=True, text=True, check=True).stdout
    xs = [float(x) for x in re.findall(r'xMin="([\d.]+)"', out)]
    xe = [float(x) for x in re.findall(r'xMax="([\d.]+)"', out)]
    return min(xs) * 25.4 / 72, max(xe) * 25.4 / 72


def embedded(pdf: Path) -> set[str]:
    return {re.sub(r"^[A-Z]{6}\+", "", name) for name, emb in pdftools.fonts(pdf.read_bytes())
            if emb == "yes"}


def check_pdf(pdf: Path) -> None:
    left, right = text_box_mm(pdf)
    assert abs(left - 25) < 0.6, left  # the reference's left margin (ours: 30 mm)
    assert abs(right - 190) < 1.5, right  # 210 − 20 mm
    assert any(f.startswith("LiberationSans") for f in embedded(pdf)), embedded(pdf)


@pdftools.needs_poppler
def test_reference_margins_and_fonts_in_docx_and_typst_pdf(sample_copy: Path) -> None:
    result = restyled(sample_copy)
    assert result.ok, result.diagnostics
    out = sample_copy / "_build"
    with zipfile.ZipFile(out / "QT-10.docx") as z:
        body = z.read("word/document.xml").decode()
        styles = z.read("word/styles.xml").decode()
    mar = re.search(r"<w:pgMar [^>]*>", body)
    assert mar is not None
    assert 'w:left="1417"' in mar[0] and 'w:right="1134"' in mar[0]  # 25 and 20 mm
    assert 'w:top="1417"' in mar[0] and 'w:header="567"' in mar[0]
    normal = re.search(r'<w:style w:type="paragraph" w:default="1" w:styleId="Normal">.*?'
                       r"</w:style>", styles, re.S)
    assert normal is not None
    assert 'w:ascii="Liberation Sans"' in normal[0]
    # The reference's Normal says nothing of alignment or spacing: ours are kept.
    assert '<w:jc w:val="both"/>' in normal[0] and 'w:after="120"' in normal[0]
    check_pdf(out / "QT-10.pdf")


@needs_soffice
@pdftools.needs_poppler
def test_reference_margins_and_fonts_in_libreoffice_pdf(sample_copy: Path) -> None:
    result = restyled(sample_copy, pdf_engine="libreoffice")
    assert result.ok, result.diagnostics
    check_pdf(sample_copy / "_build" / "QT-10.pdf")


def test_the_reference_paragraph_rules_win_where_it_has_them(tmp_path: Path) -> None:
    look = read_look(reference(tmp_path / "r.docx", normal_rules=True))
    assert (look.left_mm, look.right_mm, look.top_mm, look.header_mm) == (25, 20, 25, 10)
    assert (look.font, look.font_size) == ("Liberation Sans", 12)
    styles = {s.name: s for s in look.styles}
    assert styles["normal"].align == "left" and styles["normal"].after == 3
    assert styles["h1"].size == 16 and styles["h1"].color == "1F3864"
    page = restyled_page(PageSetup(), look)
    assert (page.left_mm, page.font, page.font_size, page.pdf_font) == (
        25, "Liberation Sans", 12, "Liberation Sans")
    assert (page.width_mm, page.height_mm) == (210, 297)  # the paper stays A4
    # qms.yaml's own font and size win over the reference's.
    mine = restyled_page(PageSetup(font="Times New Roman", font_size=14), look, font_set=True,
                         size_set=True)
    assert (mine.font, mine.font_size, mine.left_mm) == ("Times New Roman", 14, 25)


def test_typst_data_carries_the_reference_styles(tmp_path: Path) -> None:
    from qmsdoc.render.tree import HeaderFields, PageHeader, RenderedDocument

    look = read_look(reference(tmp_path / "r.docx", normal_rules=True))
    doc = RenderedDocument("procedure", HeaderFields("UBND", "T", "QT", "01", "15/01/2026"),
                           PageHeader(()), (), page=restyled_page(PageSetup(), look))
    data = document_data(doc, images={}, logo=None, body_font="Liberation Sans",
                         mono_font="DejaVu Sans Mono").data
    assert data["page"]["left"] == 25 and data["page"]["size"] == 12
    assert data["page"]["looks"]["normal"] == {"align": "left", "after": 3}
    assert data["page"]["looks"]["h1"]["size"] == 16


def test_a_reference_normal_with_its_own_rules_keeps_them(tmp_path: Path) -> None:
    from qmsdoc.render.tree import HeaderFields, PageHeader, RenderedDocument
    from qmsdoc.render.writers import WRITERS, WriterOptions

    data = reference(tmp_path / "r.docx", normal_rules=True)
    doc = RenderedDocument("procedure", HeaderFields("UBND", "T", "QT", "01", "15/01/2026"),
                           PageHeader(()), (), page=PageSetup(apply_font=False))
    out = WRITERS["docx"].write(doc, WriterOptions(reference_docx=data))
    with zipfile.ZipFile(io.BytesIO(out)) as z:
        styles = z.read("word/styles.xml").decode()
    normal = re.search(r'w:styleId="Normal">.*?</w:style>', styles, re.S)
    assert normal is not None
    assert '<w:jc w:val="left"/>' in normal[0] and 'w:after="60"' in normal[0]
    assert 'w:val="both"' not in normal[0]
