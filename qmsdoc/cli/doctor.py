"""``qmsdoc doctor``: which PDF engines and fonts this machine has, and what to install."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer

from qmsdoc.cli import command_app
from qmsdoc.cli.console import resolve_lang
from qmsdoc.cli.options import LANG

app = command_app()


class DoctorFormat(StrEnum):
    text = "text"
    json = "json"


@app.command()
def doctor(
    path: Path = typer.Argument(Path("."), help="Thư mục kho tài liệu, để đọc output.font trong "
                                "qms.yaml (không bắt buộc) / repository folder (optional)."),
    font: str = typer.Option(None, "--font", metavar="FONT",
                             help="Phông cần kiểm tra (mặc định output.font, tức Times New "
                             "Roman) / font to look for (default output.font)."),
    format: DoctorFormat = typer.Option(DoctorFormat.text, "--format", "-f",
                                        help="text hoặc json / text or json."),
    lang: str = LANG,
) -> None:
    """Kiểm tra máy này xuất được PDF bằng gì: Typst, LibreOffice, các phông chữ, và cần cài
    thêm gì. Luôn thoát với mã 0.

    Show which PDF engines (Typst, LibreOffice) and fonts this machine has, which font PDFs
    will use, and what to install. Always exits 0.
    """
    from qmsdoc.commands.doctor import Options, run

    lg = resolve_lang(lang)
    report = run(Options(path, font)).report
    if format is DoctorFormat.json:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        return
    for line in _text(report, lg):
        typer.echo(line)


def _text(report: object, lg: str) -> list[str]:
    from qmsdoc.commands.doctor import Report

    assert isinstance(report, Report)
    en = lg == "en"
    yes, no = ("✓", "✗")
    lines = [("PDF engines" if en else "Bộ tạo PDF") + f" ({report.system}):"]
    for e in report.engines:
        label = "Typst (built in)" if e.name == "typst" and en else (
            "Typst (có sẵn)" if e.name == "typst" else "LibreOffice")
        if e.available:
            where = f" — {e.path}" if e.name == "libreoffice" else ""
            lines.append(f"  {yes} {label}: {e.version}{where}")
        else:
            missing = "not available" if en else "không dùng được"
            lines.append(f"  {no} {label}: {missing}" + (f" ({e.detail})" if e.detail else ""))
    mark = yes if report.import_legacy_formats else no
    lines.append(f"  {mark} " + (
        ("qmsdoc import of .doc/.odt/.rtf: " if en else "qmsdoc import tệp .doc/.odt/.rtf: ")
        + (("yes (through LibreOffice)" if en else "được (qua LibreOffice)")
           if report.import_legacy_formats else
           ("no: install LibreOffice (.docx needs nothing)" if en else
            "không: cần cài LibreOffice (.docx thì không cần)"))))
    lines.append("Fonts:" if en else "Phông chữ:")
    roles_en = {"body": "body font (output.font)", "body-fallback": "fallback",
                "mono": "monospaced", "symbols": "symbols"}
    roles_vi = {"body": "phông nội dung (output.font)", "body-fallback": "thay thế",
                "mono": "đơn cách", "symbols": "ký hiệu"}
    for f in report.fonts:
        role = (roles_en if en else roles_vi).get(f.role, f.role)
        if f.found:
            where = ("bundled with Typst" if en else "đi kèm Typst") if f.bundled else (
                f.files[0] if f.files else "")
            lines.append(f"  {yes} {f.family} [{role}] — {where}")
        else:
            lines.append(f"  {no} {f.family} [{role}]")
    symbols = ", ".join(report.pdf_symbols) or "-"
    if en:
        lines.append(f"Typst PDFs use: {report.pdf_font} (text), {report.pdf_mono} (code), "
                     f"{symbols} (symbols).")
    else:
        lines.append(f"PDF của Typst dùng: {report.pdf_font} (nội dung), {report.pdf_mono} "
                     f"(mã), {symbols} (ký hiệu).")
    if report.advice:
        lines.append("What to install:" if en else "Nên cài thêm:")
        lines.extend(f"  - {a.en if en else a.vi}" for a in report.advice)
    else:
        lines.append("Nothing to install." if en else "Không cần cài thêm gì.")
    return lines
