"""Two builds of the same sources give the same bytes, with either PDF engine (issue 16, 8).

LibreOffice stamps the time of the conversion and a random ID into every PDF; qmsdoc
normalises them (``render/pdfstamp.py``). The manifest names the fonts the PDFs embed, read
back from them, and every DOCX declares current Word's compatibility mode.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import struct
import zipfile
from pathlib import Path

import pikepdf
import pytest

from qmsdoc.build import MANIFEST, BuildOptions, BuildResult
from qmsdoc.commands.build import build as run
from qmsdoc.render import libreoffice
from qmsdoc.render.docx.compat import declare_current_word
from qmsdoc.render.pdfstamp import body_family, embedded_fonts, family_of, normalize_pdf

TODAY = dt.date(2026, 8, 1)
SOFFICE = libreoffice.find_soffice()
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) not installed: apt-get install -y "
    "--no-install-recommends libreoffice-writer-nogui fonts-liberation2")


def build(root: Path, out: Path, *only: str, **options: object) -> BuildResult:
    opts: dict[str, object] = {"jobs": 1, "today": TODAY, "only": only, "out": out,
                               "formats": ("docx", "pdf"), **options}
    return run(root, BuildOptions(**opts))  # type: ignore[arg-type]


def files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())
            if p.is_file() and not p.name.startswith(".")}


@needs_soffice
def test_libreoffice_builds_of_one_commit_are_byte_identical(sample_copy: Path,
                                                             tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        result = build(sample_copy, out, "QT-10", "QĐ-01", pdf_engine="libreoffice")
        assert result.ok, result.diagnostics
    a, b = files(first), files(second)
    assert {n for n in a if n.endswith(".pdf")} == {"QT-10.pdf", "QĐ-01.pdf"}
    assert a == b
    with pikepdf.open(first / "QĐ-01.pdf") as pdf:
        # Dated with the document's issue date, as the Typst engine dates it.
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:2026")
    manifest = json.loads(a[MANIFEST])["pdf"]
    embedded = embedded_fonts(first / "QT-10.pdf") | embedded_fonts(first / "QĐ-01.pdf")
    assert manifest["fonts_embedded"] == sorted(embedded)
    assert manifest["font"] == body_family(embedded)
    if "TimesNewRomanPSMT" not in embedded:  # LibreOffice substituted the font
        assert manifest["font"] != "Times New Roman"


def _stamped(day: str, ident: bytes, xmp_id: str) -> bytes:
    """A PDF as LibreOffice stamps it: the time, a random ID, XMP dates and IDs."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.docinfo["/CreationDate"] = pikepdf.String(f"D:{day}Z")
    pdf.trailer["/DocChecksum"] = pikepdf.Name("/" + ident.hex().upper())
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["xmp:CreateDate"] = f"{day[:4]}-{day[4:6]}-{day[6:8]}T10:00:00+00:00"
        meta["xmpMM:DocumentID"] = xmp_id
    buffer = io.BytesIO()
    pdf.save(buffer, static_id=False)
    return buffer.getvalue()


def test_normalize_removes_what_a_conversion_stamps() -> None:
    a = _stamped("20261207040333", b"\x01" * 16, "uuid:1111")
    b = _stamped("20261207040336", b"\x02" * 16, "uuid:2222")
    assert a != b
    day = dt.date(2026, 1, 15)
    na, nb = normalize_pdf(a, day), normalize_pdf(b, day)
    assert na == nb
    with pikepdf.open(io.BytesIO(na)) as pdf:
        assert str(pdf.docinfo["/CreationDate"]) == "D:20260115000000Z"
        assert "/DocChecksum" not in pdf.trailer
        meta = pdf.open_metadata()
        assert meta["xmp:CreateDate"].startswith("2026-01-15T00:00:00")
        assert meta["xmpMM:DocumentID"].startswith("uuid:")
        assert meta["xmpMM:DocumentID"] != "uuid:1111"


def _with_profile(when: tuple[int, ...]) -> bytes:
    """A PDF/A as LibreOffice writes it: an sRGB output intent whose ICC profile, made at
    the conversion, is dated with its time."""
    header = bytearray(128)
    header[0:4] = (132 + 8).to_bytes(4, "big")
    header[24:36] = struct.pack(">6H", *when)
    header[36:40] = b"acsp"
    profile = bytes(header) + (1).to_bytes(4, "big") + b"desc" + bytes(4)
    pdf = pikepdf.new()
    pdf.add_blank_page()
    icc = pikepdf.Stream(pdf, profile)
    icc["/N"] = 3
    pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFA1, DestOutputProfile=icc,
        OutputConditionIdentifier=pikepdf.String("sRGB IEC61966-2.1")))])
    buffer = io.BytesIO()
    pdf.save(buffer, static_id=False)
    return buffer.getvalue()


def test_normalize_dates_the_pdfa_colour_profile() -> None:
    """Two PDF/A conversions of one DOCX a few seconds apart gave different bytes: the ICC
    profile LibreOffice makes for the output intent carries the time of the conversion."""
    a, b = _with_profile((2026, 12, 7, 6, 59, 25)), _with_profile((2026, 12, 7, 7, 0, 7))
    day = dt.date(2026, 1, 15)
    na, nb = normalize_pdf(a, day), normalize_pdf(b, day)
    assert na == nb
    with pikepdf.open(io.BytesIO(na)) as pdf:
        profile = pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes()
        assert struct.unpack(">6H", profile[24:36]) == (2026, 1, 15, 0, 0, 0)
        assert profile[36:40] == b"acsp" and pdf.Root.OutputIntents[0].DestOutputProfile.N == 3


def test_font_families_from_postscript_names() -> None:
    assert family_of("TimesNewRomanPS-BoldMT") == "Times New Roman"
    assert family_of("LiberationSerif-Italic") == "Liberation Serif"
    assert family_of("DejaVuSansMono") == "DejaVu Sans Mono"
    assert body_family(["DejaVuSansMono", "LiberationSerif", "LiberationSerif-Bold"]) == \
        "Liberation Serif"
    assert body_family([]) == ""


def _compat(docx: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return z.read("word/settings.xml").decode()


def test_docx_declares_current_word_compatibility(sample_copy: Path, tmp_path: Path) -> None:
    result = build(sample_copy, tmp_path / "o", "QT-10", formats=("docx",))
    assert result.ok, result.diagnostics
    settings = _compat((tmp_path / "o" / "QT-10.docx").read_bytes())
    assert 'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" ' \
           'w:val="15"' in settings
    assert 'w:val="14"' not in settings


def test_compatibility_added_where_a_reference_has_none() -> None:
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    settings = parse_xml(f'<w:settings {ns}><w:zoom w:percent="100"/>'
                         '<w:decimalSymbol w:val="."/></w:settings>')
    declare_current_word(settings)
    tags = [e.tag.rsplit("}", 1)[1] for e in settings]
    assert tags == ["zoom", "compat", "decimalSymbol"]
    assert settings[1][0].get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val") == "15"
