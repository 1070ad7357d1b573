"""What this machine can build: PDF engines (Typst, LibreOffice) and fonts, with advice.

:func:`diagnose` looks (it never installs anything) and returns a :class:`Report` that the
``qmsdoc doctor`` command prints as text or JSON. Each piece of advice is worded in Vietnamese
and English.
"""

from __future__ import annotations

import platform
import re
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Engine:
    name: str  # "typst" or "libreoffice"
    available: bool
    version: str = ""
    path: str = ""
    detail: str = ""  # why it is not usable


@dataclass(frozen=True)
class Font:
    family: str
    role: str  # "body", "body-fallback", "bundled", "mono", "symbols"
    found: bool
    bundled: bool = False  # comes with the typst package
    files: tuple[str, ...] = ()


@dataclass(frozen=True)
class Advice:
    vi: str
    en: str


@dataclass
class Report:
    system: str
    engines: list[Engine] = field(default_factory=list)
    fonts: list[Font] = field(default_factory=list)
    requested_font: str = "Times New Roman"
    pdf_font: str = ""  # what the Typst engine will set the body text in
    pdf_mono: str = ""
    pdf_symbols: list[str] = field(default_factory=list)
    advice: list[Advice] = field(default_factory=list)
    #: ``qmsdoc import`` reads .doc/.odt/.rtf through LibreOffice: whether it can here.
    import_legacy_formats: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def diagnose(requested_font: str | None = None) -> Report:
    """Look at the PDF engines and fonts available here."""
    report = Report(system=f"{platform.system()} {platform.release()}".strip(),
                    requested_font=(requested_font or "Times New Roman").strip())
    report.engines.append(_typst())
    report.engines.append(_libreoffice())
    report.import_legacy_formats = report.engines[-1].available
    _fonts(report)
    _advise(report)
    return report


def _typst() -> Engine:
    try:
        import typst

        from qmsdoc.render.typst.engine import template_source
    except Exception as e:  # a broken installation: said, not raised
        return Engine("typst", False, detail=f"{type(e).__name__}: {e}")
    version = str(getattr(typst, "__version__", ""))
    try:
        compiler = typst.eval(b"", "sys.version").strip().strip('"')  # "version(0, 15, 1)"
        numbers = re.findall(r"\d+", compiler)
        version = f"{version} (Typst {'.'.join(numbers) or compiler})"
        template_source()
    except Exception as e:
        return Engine("typst", False, version, detail=f"{type(e).__name__}: {e}")
    return Engine("typst", True, version, path=str(getattr(typst, "__file__", "")))


def _libreoffice() -> Engine:
    from qmsdoc.render.libreoffice import find_soffice, soffice_version

    path = find_soffice()
    if path is None:
        return Engine("libreoffice", False, detail="soffice not found")
    version = soffice_version(path)
    if version is None:
        return Engine("libreoffice", False, path=path, detail="soffice does not start")
    return Engine("libreoffice", True, version, path)


def _fonts(report: Report) -> None:
    from qmsdoc.render.typst.fonts import (
        MONO_CHAIN,
        SERIF_CHAIN,
        SYMBOL_FONTS,
        choose_fonts,
        find_font,
    )

    roles = [(report.requested_font, "body")]
    roles += [(name, "body-fallback") for name in SERIF_CHAIN if name != report.requested_font]
    roles += [(name, "mono") for name in MONO_CHAIN]
    roles += [(name, "symbols") for name in SYMBOL_FONTS]
    seen: set[str] = set()
    for name, role in roles:
        if name.casefold() in seen:
            continue
        seen.add(name.casefold())
        info = find_font(name)
        report.fonts.append(Font(info.family if info else name, role, info is not None,
                                 bool(info and info.bundled), info.paths if info else ()))
    choice = choose_fonts(report.requested_font)
    report.pdf_font, report.pdf_mono = choice.body, choice.mono
    report.pdf_symbols = list(choice.symbols)


def _advise(report: Report) -> None:
    system = platform.system()
    found = {f.family.casefold() for f in report.fonts if f.found}
    engines = {e.name: e for e in report.engines}
    if not engines["typst"].available:
        report.advice.append(Advice(
            "Gói typst không dùng được: cài lại qmsdoc (pip install --force-reinstall qmsdoc).",
            "The typst package does not work: reinstall qmsdoc (pip install "
            "--force-reinstall qmsdoc)."))
    if "times new roman" not in found and "liberation serif" not in found:
        if system == "Linux":
            vi = ("Chưa có Times New Roman hay Liberation Serif (cùng kích thước chữ): PDF dùng "
                  f"phông {report.pdf_font} đi kèm Typst. Cài: sudo apt-get install "
                  "fonts-liberation2 (hoặc ttf-mscorefonts-installer để có Times New Roman).")
            en = ("Neither Times New Roman nor Liberation Serif (same metrics) is installed: "
                  f"PDFs use {report.pdf_font}, bundled with Typst. Install: sudo apt-get "
                  "install fonts-liberation2 (or ttf-mscorefonts-installer for Times New Roman).")
        else:
            vi = ("Chưa có phông Times New Roman: PDF dùng phông "
                  f"{report.pdf_font} đi kèm Typst. Cài Times New Roman (có sẵn trong Windows, "
                  "macOS) hoặc Liberation Serif.")
            en = (f"Times New Roman is not installed: PDFs use {report.pdf_font}, bundled with "
                  "Typst. Install Times New Roman (part of Windows and macOS) or Liberation "
                  "Serif.")
        report.advice.append(Advice(vi, en))
    elif report.requested_font.casefold() not in found:
        same = report.pdf_font.casefold() == "liberation serif" and (
            report.requested_font.casefold() == "times new roman")
        note_vi = " (cùng kích thước chữ với Times New Roman: trang ngắt như nhau)" if same else ""
        note_en = " (same metrics as Times New Roman: the same page breaks)" if same else ""
        extra_vi = extra_en = ""
        if same and system == "Linux":
            fonts = "sudo apt-get install ttf-mscorefonts-installer"
            extra_vi = f" Muốn đúng Times New Roman: {fonts}."
            extra_en = f" For Times New Roman itself: {fonts}."
        report.advice.append(Advice(
            f"Phông {report.requested_font} (output.font) chưa được cài: PDF dùng "
            f"{report.pdf_font}{note_vi}.{extra_vi}",
            f"The font {report.requested_font} (output.font) is not installed: PDFs use "
            f"{report.pdf_font}{note_en}.{extra_en}"))
    if not report.pdf_symbols:
        report.advice.append(Advice(
            "Không có phông ký hiệu (☐ ✓ ▶…): ô đánh dấu được vẽ, ký hiệu khác sẽ báo lỗi. "
            "Cài: sudo apt-get install fonts-dejavu-core.",
            "No symbol font (☐ ✓ ▶…): check boxes are drawn, other symbols fail the build. "
            "Install: sudo apt-get install fonts-dejavu-core."))
    if not engines["libreoffice"].available:
        if system == "Linux":
            how_vi = how_en = ("sudo apt-get install libreoffice-writer-nogui "
                               "fonts-liberation2")
        else:
            how_vi = "bộ cài LibreOffice tại https://www.libreoffice.org/download/"
            how_en = "the LibreOffice installer from https://www.libreoffice.org/download/"
        report.advice.append(Advice(
            "LibreOffice chưa được cài: chỉ dùng được bộ tạo PDF Typst (mặc định). Để PDF giống "
            f"hệt DOCX (--pdf-engine libreoffice), cài {how_vi}.",
            "LibreOffice is not installed: only the Typst PDF engine (the default) can be used. "
            f"For PDFs exactly like the DOCX (--pdf-engine libreoffice), install {how_en}."))
