"""PDF in ``qmsdoc build``: Typst (default) and LibreOffice engines on a copy of sample_manual.

Builds use ``--only`` so that a test renders a few documents, not the whole manual. PDFs are
read back with poppler-utils; LibreOffice tests skip when ``soffice`` is not installed (CI
installs it: ``apt-get install libreoffice-writer-nogui fonts-liberation2 poppler-utils``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qmsdoc.build import MANIFEST, BuildOptions, BuildResult
from qmsdoc.build import pipeline as build_pipeline
from qmsdoc.cli import app
from qmsdoc.commands.build import build as run
from qmsdoc.load import load_repository
from qmsdoc.model.documents import Procedure
from qmsdoc.model.revision import DocumentState
from qmsdoc.render import libreoffice
from tests.render import pdftools

TODAY = dt.date(2026, 8, 1)
QT10 = "quy-trinh-tthc/QT-10-dang-ky-khai-sinh.md"
SOFFICE = libreoffice.find_soffice()
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) not installed: apt-get install -y "
    "--no-install-recommends libreoffice-writer-nogui fonts-liberation2")


def build(root: Path, *only: str, **options: object) -> BuildResult:
    opts: dict[str, object] = {"jobs": 1, "today": TODAY, "only": only, **options}
    return run(root, BuildOptions(**opts))  # type: ignore[arg-type]


@pytest.fixture
def sample(sample_copy: Path) -> Path:
    text = (sample_copy / "qms.yaml").read_text(encoding="utf-8")
    assert re.search(r"^  formats: \[docx, pdf\]$", text, flags=re.M)
    return sample_copy


@pytest.fixture
def no_soffice(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(libreoffice.ENV_SOFFICE, "/nonexistent/soffice")
    libreoffice.find_soffice.cache_clear()
    yield
    monkeypatch.delenv(libreoffice.ENV_SOFFICE)
    libreoffice.find_soffice.cache_clear()


def procedure(root: Path, code: str) -> Procedure:
    doc = next(d for d in load_repository(root).repo.documents if d.code == code)
    assert isinstance(doc, Procedure)
    return doc


# ----------------------------------------------------------------------------- Typst
@pdftools.needs_poppler
def test_procedure_pdf_beside_its_docx_with_title_code_and_steps(sample: Path) -> None:
    result = build(sample, "QT-10")
    assert result.ok, result.diagnostics
    out = sample / "_build"
    assert {"QT-10.docx", "QT-10.pdf"} <= set(result.written)
    pdf = (out / "QT-10.pdf").read_bytes()
    text = pdftools.text(pdf)
    flat = pdftools.flat(text)
    qt10 = procedure(sample, "QT-10")
    assert qt10.title and qt10.title.upper() in flat and "Mã hiệu: QT-10" in flat
    for step in qt10.steps:
        assert step.action and pdftools.flat(step.action) in flat, step.action
    assert text == unicodedata.normalize("NFC", text) and "\ufffd" not in text
    fonts = pdftools.fonts(pdf)
    assert fonts and all(emb == "yes" for _, emb in fonts), fonts
    n = pdftools.pages(pdf)
    assert f"Trang: 1/{n}" in pdftools.flat(pdftools.text(pdf, 1))
    assert f"Trang: {n}/{n}" in pdftools.flat(pdftools.text(pdf, n))
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    files = {f["file"]: f for f in manifest["files"]}
    assert files["QT-10.pdf"]["code"] == "QT-10" and len(files["QT-10.pdf"]["sha256"]) == 64
    assert manifest["pdf"]["engine"] == "typst" and manifest["pdf"]["font"]
    assert result.pdf is not None and result.pdf.font == manifest["pdf"]["font"]


def test_one_change_rerenders_one_pdf(sample: Path) -> None:
    assert build(sample, "QT-10", "QT-11").ok
    again = build(sample, "QT-10", "QT-11")
    assert not again.written and len(again.skipped) == 4
    path = sample / QT10
    text = path.read_text(encoding="utf-8")
    step = procedure(sample, "QT-10").steps[0].action or ""
    path.write_text(text.replace(step.split()[0], "Tiếp-nhận", 1), encoding="utf-8")
    third = build(sample, "QT-10", "QT-11")
    assert sorted(third.written) == ["QT-10.docx", "QT-10.pdf"]
    assert sorted(third.skipped) == ["QT-11.docx", "QT-11.pdf"]


def test_the_manifest_fonts_read_once_per_new_pdf(sample: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The manifest names the fonts the PDFs embed; a rebuild reads only the PDFs it made
    (the others' fonts are kept in the cache), and the manifest stays the same."""
    from qmsdoc.render import pdfstamp

    assert build(sample, "QT-10", "QT-11").ok
    out = sample / "_build"
    fonts = json.loads((out / MANIFEST).read_bytes())["pdf"]["fonts_embedded"]
    assert fonts == sorted(pdfstamp.embedded_fonts(out / "QT-10.pdf")
                           | pdfstamp.embedded_fonts(out / "QT-11.pdf"))
    read: list[str] = []
    real = pdfstamp.embedded_fonts

    def spy(path: Path) -> set[str]:
        read.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(pdfstamp, "embedded_fonts", spy)
    path = sample / QT10
    path.write_text(path.read_text(encoding="utf-8") + "\nThêm một dòng.\n", encoding="utf-8")
    assert sorted(build(sample, "QT-10", "QT-11").written) == ["QT-10.docx", "QT-10.pdf"]
    assert read == ["QT-10.pdf"]
    assert json.loads((out / MANIFEST).read_bytes())["pdf"]["fonts_embedded"] == fonts


@pdftools.needs_poppler
def test_the_set_pdf_is_its_documents_pdfs_page_for_page(sample: Path) -> None:
    """The combined set is joined from the documents' PDFs of the same build, each keeping
    its own page numbers, with one bookmark per document (not typeset a second time)."""
    result = build(sample, formats=["pdf"])
    assert result.ok, result.diagnostics
    out = sample / "_build"
    joined = (out / "bo-tai-lieu-htqlcl.pdf").read_bytes()
    marks = pdftools.bookmarks(joined)
    assert all(level == 1 for level, _ in marks) and len(marks) > 40
    qt10 = next(title for _, title in marks if title.startswith("QT-10 "))
    own = (out / "QT-10.pdf").read_bytes()
    first = 1 + sum(pdftools.pages((out / f"{title.split()[0]}.pdf").read_bytes())
                    for _, title in marks[1:marks.index((1, qt10))])
    cover = pdftools.pages(joined) - sum(
        pdftools.pages((out / f"{title.split()[0]}.pdf").read_bytes()) for _, title in marks[1:])
    start = cover + first
    n = pdftools.pages(own)
    assert pdftools.text(joined, start) == pdftools.text(own, 1)
    assert f"Trang: 1/{n}" in pdftools.flat(pdftools.text(joined, start))
    assert pdftools.info(joined)["Title"] and pdftools.info(joined)["Creator"] == "qmsdoc"


def test_pdf_options_key_the_pdf_cache_only(sample: Path) -> None:
    assert build(sample, "QT-10").ok
    archived = build(sample, "QT-10", pdfa=True)
    assert archived.written == ["QT-10.pdf"] and archived.skipped == ["QT-10.docx"]
    pdf = (sample / "_build" / "QT-10.pdf").read_bytes()
    assert b"pdfaid:part" in pdf


@pdftools.needs_poppler
def test_draft_documents_are_marked_on_every_page(sample: Path) -> None:
    result = build(sample, "QT-10", states=lambda d: DocumentState(draft=True))
    assert result.ok
    pdf = (sample / "_build" / "QT-10.pdf").read_bytes()
    for page in range(1, pdftools.pages(pdf) + 1):
        assert "DỰTHẢO" in "".join(pdftools.text(pdf, page).split())


def test_spawned_workers_render_pdf(sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Typst in worker processes (spawn: Typst deadlocks in a forked child)."""
    monkeypatch.setattr(build_pipeline, "_MIN_PARALLEL", 1)
    result = build(sample, "QT-10", "QT-11", "QT-12", jobs=2)
    assert result.ok, result.diagnostics
    assert {f"QT-1{i}.pdf" for i in range(3)} <= set(result.written)


def test_missing_glyph_fails_that_pdf_only(sample: Path) -> None:
    path = sample / QT10
    # A real character no installed font has (an Egyptian hieroglyph; a private-use one is
    # refused by check already, QMS027).
    path.write_text(path.read_text(encoding="utf-8") + "\nKý hiệu lạ: \U00013000\n",
                    encoding="utf-8")
    result = build(sample, "QT-10", "QT-11")
    assert result.failed == ["QT-10.pdf"]
    (diag,) = [d for d in result.diagnostics if d.code == "QMS804"]
    assert "U+13000" in diag.vi and "U+13000" in diag.en and "không có ký tự" in diag.vi


# ------------------------------------------------------------------------ LibreOffice
def test_without_libreoffice_pdf_fails_with_install_advice(sample: Path,
                                                           no_soffice: None) -> None:
    result = build(sample, "QT-10", pdf_engine="libreoffice")
    assert not result.ok and result.pdf is not None and not result.pdf.usable
    (diag,) = [d for d in result.diagnostics if d.code == "QMS806"]
    assert "libreoffice-writer-nogui" in diag.vi and "fonts-liberation2" in diag.en
    assert "--pdf-fallback" in diag.vi
    assert result.written == ["QT-10.docx"]


def test_without_libreoffice_fallback_to_typst_when_allowed(sample: Path,
                                                            no_soffice: None) -> None:
    result = build(sample, "QT-10", pdf_engine="libreoffice", pdf_fallback=True)
    assert result.ok and result.pdf is not None
    assert result.pdf.engine == "typst" and result.pdf.fell_back
    assert "QT-10.pdf" in result.written
    assert "LibreOffice" in result.pdf.summary()[0] and "--pdf-fallback" in result.pdf.summary()[1]


def test_cli_pdf_options_and_report(sample: Path, no_soffice: None) -> None:
    runner = CliRunner()
    done = runner.invoke(app, ["build", str(sample), "--only", "QT-10", "-j", "1",
                               "--pdf-engine", "libreoffice", "--lang", "en"])
    assert done.exit_code == 1, done.output
    assert "LibreOffice is not installed" in done.output and "no PDF" in done.output
    done = runner.invoke(app, ["build", str(sample), "--only", "QT-10", "-j", "1",
                               "--pdf-engine", "libreoffice", "--pdf-fallback"])
    assert done.exit_code == 0, done.output
    assert "PDF: Typst" in done.output and "dùng Typst thay thế" in done.output


@needs_soffice
@pdftools.needs_poppler
def test_libreoffice_pdf_paginates_like_the_docx(sample: Path, tmp_path: Path) -> None:
    result = build(sample, "QT-10", "QĐ-01", pdf_engine="libreoffice",
                   states=lambda d: DocumentState(draft=d.code == "QT-10"))
    assert result.ok, result.diagnostics
    assert result.pdf is not None and result.pdf.engine == "libreoffice"
    out = sample / "_build"
    for code in ("QT-10", "QĐ-01"):
        pdf = (out / f"{code}.pdf").read_bytes()
        # The DOCX as LibreOffice paginates it, converted on its own.
        work = tmp_path / code
        work.mkdir()
        shutil.copy(out / f"{code}.docx", work / "in.docx")
        subprocess.run([str(SOFFICE), f"-env:UserInstallation={(work / 'p').as_uri()}",
                        "--headless", "--convert-to", "pdf", "--outdir", str(work),
                        str(work / "in.docx")], check=True, capture_output=True, timeout=300)
        reference = (work / "in.pdf").read_bytes()
        assert pdftools.pages(pdf) == pdftools.pages(reference)
        flat = pdftools.flat(pdftools.text(pdf))
        assert f"Mã hiệu: {code}" in flat or "Số: " in flat
        assert "\ufffd" not in flat
    qt10 = (out / "QT-10.pdf").read_bytes()
    n = pdftools.pages(qt10)
    assert f"Trang: 1/{n}" in pdftools.flat(pdftools.text(qt10, 1))
    for page in range(1, n + 1):  # the DOCX watermark, drawn by LibreOffice
        assert pdftools.grey_share(qt10, page) > 0.01
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["pdf"]["engine"] == "libreoffice"


@needs_soffice
@pdftools.needs_poppler
def test_libreoffice_pdfa_set_counts_each_documents_own_pages(sample: Path,
                                                              tmp_path: Path) -> None:
    """With --pdfa LibreOffice converts the combined DOCX whole. Each document's "Trang k/n"
    must count its own pages (LibreOffice printed SECTIONPAGES's stored result: "Trang x/1"),
    each document keeps the pages of its own PDF (no blank page after a table that fills the
    last page), and the file is still PDF/A-2b; a PDF/A converted twice is the same bytes."""
    import pikepdf

    out = tmp_path / "out"
    done = CliRunner().invoke(app, ["build", str(sample), "-o", str(out), "-j", "2",
                                    "--pdf-engine", "libreoffice", "--pdfa"])
    assert done.exit_code == 0, done.output
    combined = (out / "bo-tai-lieu-htqlcl.pdf").read_bytes()
    pages = pdftools.text(combined).split("\f")[:pdftools.pages(combined)]
    numbered: dict[str, list[tuple[int, int]]] = {}  # code → (k, n) of its pages, in order
    for page in pages:
        flat = pdftools.flat(page)
        found = re.search(r"Trang: (\d+)/(\d+)", flat)
        code = re.search(r"Mã hiệu: (\S+)", flat)
        if found and code:
            numbered.setdefault(code[1], []).append((int(found[1]), int(found[2])))
    own = {p.stem: pdftools.pages(p.read_bytes()) for p in out.glob("*.pdf")
           if p.stem not in ("bo-tai-lieu-htqlcl", "danh-muc-tai-lieu", "ma-tran-dap-ung")}
    assert {"STCL", "QT-01", "QT-19"} <= numbered.keys() and len(numbered) >= 18
    for code, shown in numbered.items():
        n = own.get(code, len(shown))  # the cover (Mã hiệu HTQLCL) has no PDF of its own
        assert shown == [(k, n) for k in range(1, n + 1)], code
    # The set is its cover and its documents' pages, page for page (QĐ-02 ends with a table
    # filling its one page: the paragraph ending its section must not add a page).
    assert len(pages) == len(numbered["HTQLCL"]) + sum(own.values())
    with pikepdf.open(out / "bo-tai-lieu-htqlcl.pdf") as pdf:
        meta = pdf.open_metadata()
        assert meta.get("pdfaid:part") == "2" and meta.get("pdfaid:conformance") == "B"
        assert "/OutputIntents" in pdf.Root
    # Converted again later (the ICC profile LibreOffice makes is dated to the second):
    # the same bytes.
    again = tmp_path / "again"
    done = CliRunner().invoke(app, ["build", str(sample), "-o", str(again), "--only", "QT-10",
                                    "--pdf-engine", "libreoffice", "--pdfa"])
    assert done.exit_code == 0, done.output
    assert (again / "QT-10.pdf").read_bytes() == (out / "QT-10.pdf").read_bytes()
