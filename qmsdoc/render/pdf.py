"""Which PDF engine a build uses, with which fonts, and how it says so.

Two engines make the PDF of a document: ``typst`` (built in, pip only: the Typst writer of
``WRITERS["pdf"]``) and ``libreoffice`` (headless LibreOffice converting the built DOCX, so the
PDF is exactly the DOCX's layout). :func:`resolve` turns the settings (``output.pdf_engine``,
``output.pdfa``, ``output.pdf_fallback`` of qms.yaml, or ``--pdf-engine``, ``--pdfa``,
``--pdf-fallback``) into a :class:`PdfSetup`: the engine actually used, why, and the writer
whose version (engine, its version, fonts, PDF/A) keys the build cache.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from qmsdoc.diagnostics import QmsdocError
from qmsdoc.render.writers import WRITERS, Writer

ENGINES = ("typst", "libreoffice")


class PdfSettingsError(QmsdocError, ValueError):
    """An unknown engine name; worded in both languages."""


@dataclass(frozen=True)
class PdfSettings:
    """What the user asked for."""

    engine: str = "typst"
    pdfa: bool = False
    fallback: bool = False  # Typst may stand in when LibreOffice is missing
    font: str | None = None  # output.font


@dataclass(frozen=True)
class PdfSetup:
    """What the build does for PDF."""

    engine: str  # "typst" or "libreoffice"; "" when no engine can be used
    requested: str
    pdfa: bool
    engine_version: str = ""
    soffice: str | None = None
    font: str = ""  # Typst: the body font; LibreOffice: the font the DOCX names
    font_requested: str = ""
    font_substituted: bool = False
    symbols: tuple[str, ...] = ()
    fell_back: bool = False  # LibreOffice was asked for but is missing: Typst used
    error_vi: str = ""  # no engine: why, and what to install
    error_en: str = ""
    cache_key: str = ""

    @property
    def usable(self) -> bool:
        return bool(self.engine)

    def writer(self) -> Writer:
        """The PDF writer of the build: the Typst writer, its version extended with everything
        that changes the PDF for the same tree (engine, fonts, PDF/A)."""
        base = WRITERS["pdf"]
        return replace(base, version=f"{base.version}|{self.engine}|{self.cache_key}")

    def summary(self) -> tuple[str, str]:
        """One line for the build report, Vietnamese and English."""
        a_vi = a_en = ""
        if self.pdfa:
            a_vi = a_en = ", PDF/A-2b"
        if self.engine == "libreoffice":
            words = self.engine_version.split()  # "LibreOffice 7.4.7.2 40(Build:2)"
            version = words[1] if len(words) > 1 else self.engine_version
            return (f"PDF: LibreOffice {version} chuyển từ DOCX{a_vi}.",
                    f"PDF: LibreOffice {version} converting the DOCX{a_en}.")
        font_vi = font_en = self.font
        if self.font_substituted:
            font_vi += f" (thay cho {self.font_requested} chưa được cài)"
            font_en += f" (in place of {self.font_requested}, which is not installed)"
        vi = f"PDF: Typst {self.engine_version}, phông {font_vi}{a_vi}."
        en = f"PDF: Typst {self.engine_version}, font {font_en}{a_en}."
        if self.fell_back:
            vi += " LibreOffice chưa được cài nên dùng Typst thay thế (--pdf-fallback)."
            en += " LibreOffice is not installed, so Typst was used instead (--pdf-fallback)."
        return vi, en


def resolve(settings: PdfSettings) -> PdfSetup:
    """The engine to use. Raises PdfSettingsError for an unknown engine name."""
    requested = (settings.engine or "typst").strip().lower()
    if requested not in ENGINES:
        raise PdfSettingsError(
            f'Bộ tạo PDF "{settings.engine}" không có; chọn typst hoặc libreoffice '
            "(output.pdf_engine, --pdf-engine).",
            f'There is no PDF engine "{settings.engine}"; choose typst or libreoffice '
            "(output.pdf_engine, --pdf-engine).")
    if requested == "libreoffice":
        from qmsdoc.render.libreoffice import INSTALL_EN, INSTALL_VI, find_soffice, soffice_version

        soffice = find_soffice()
        version = soffice_version(soffice) if soffice else None
        if soffice and version:
            return PdfSetup("libreoffice", requested, settings.pdfa, version, soffice,
                            font=settings.font or "Times New Roman",
                            cache_key=f"{version}|pdfa={settings.pdfa}")
        if not settings.fallback:
            return PdfSetup("", requested, settings.pdfa, error_vi=INSTALL_VI,
                            error_en=INSTALL_EN)
        return replace(_typst(settings, requested), fell_back=True)
    return _typst(settings, requested)


def _typst(settings: PdfSettings, requested: str) -> PdfSetup:
    from qmsdoc.render.typst import WRITER_VERSION
    from qmsdoc.render.typst.engine import typst_version
    from qmsdoc.render.typst.fonts import choose_fonts

    fonts = choose_fonts(settings.font)
    version = typst_version()
    return PdfSetup("typst", requested, settings.pdfa, version, font=fonts.body,
                    font_requested=fonts.requested, font_substituted=fonts.substituted,
                    symbols=fonts.symbols,
                    cache_key=f"{WRITER_VERSION}|{version}|{fonts.key}|pdfa={settings.pdfa}")
