"""``qmsdoc build``: build the official DOCX/PDF set of a repository into its output folder."""

from __future__ import annotations

from contextlib import nullcontext
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from qmsdoc.cli import command_app
from qmsdoc.cli.console import err_console, resolve_lang, say, say_error
from qmsdoc.cli.options import LANG, PATH, split_list

app = command_app()


class PdfEngine(StrEnum):
    typst = "typst"
    libreoffice = "libreoffice"


@app.command()
def build(
    path: Path = PATH,
    out: Path = typer.Option(None, "--out", "-o", metavar="DIR",
                             help="Thư mục xuất bản (mặc định output.dir trong qms.yaml, tức "
                             "_build) / output folder."),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, metavar="N",
                             help="Số tiến trình song song (mặc định: số CPU) / parallel "
                             "workers (default: CPU count)."),
    only: list[str] = typer.Option(None, "--only", metavar="CODE",
                                   help="Chỉ xuất các tài liệu có mã hiệu này (lặp lại hoặc "
                                   "cách nhau bằng dấu phẩy) / build only these documents."),
    format: list[str] = typer.Option(None, "--format", "-f", metavar="FORMAT",
                                     help="Chỉ xuất các định dạng này (docx, pdf, html; mặc "
                                     "định output.formats trong qms.yaml) / formats to build."),
    force: bool = typer.Option(False, "--force",
                               help="Vẫn xuất bản khi kiểm tra còn lỗi; mọi trang được đánh "
                               "dấu DỰ THẢO / build despite check errors, marked as a draft."),
    pdf_engine: PdfEngine = typer.Option(None, "--pdf-engine", case_sensitive=False,
                                         help="Bộ tạo PDF: typst (có sẵn) hoặc libreoffice "
                                         "(chuyển từ DOCX); mặc định output.pdf_engine / PDF "
                                         "engine (default output.pdf_engine, else typst)."),
    pdfa: bool = typer.Option(None, "--pdfa/--no-pdfa",
                              help="Xuất PDF/A-2b để lưu trữ (mặc định output.pdfa) / write "
                              "PDF/A-2b for archiving.", show_default=False),
    pdf_fallback: bool = typer.Option(None, "--pdf-fallback/--no-pdf-fallback",
                                      help="Dùng Typst khi chưa cài LibreOffice (mặc định "
                                      "output.pdf_fallback) / use Typst when LibreOffice is "
                                      "missing.", show_default=False),
    lang: str = LANG,
) -> None:
    """Xuất bản bộ tài liệu DOCX chính thức (mỗi tài liệu một tệp, danh mục tài liệu, bộ tài
    liệu tổng hợp, manifest.json) vào thư mục xuất bản; chỉ tạo lại những gì đã thay đổi.

    Build the official DOCX set into the output folder, rebuilding only what changed. Exit 0 on
    success, 1 when the check finds errors (without --force) or a file could not be built, 2
    for a usage error, a folder that is not a qmsdoc repository or an unusable output folder.
    """
    from qmsdoc.commands.build import Options, Progress, run

    lg = resolve_lang(lang)
    bar: Any = None
    task: Any = None

    def progress(p: Progress) -> None:
        if bar is not None:
            bar.update(task, total=p.total, completed=p.done, description=p.file)

    if err_console.is_terminal:
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bar

        bar = Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err_console, transient=True)
        task = bar.add_task("kiểm tra kho tài liệu…" if lg == "vi" else "checking…", total=None)
    options = Options(path, out=out, jobs=jobs or None, only=tuple(split_list(only)),
                      force=force, formats=tuple(split_list(format)), progress=progress, lang=lg,
                      pdf_engine=pdf_engine.value if pdf_engine else None, pdfa=pdfa,
                      pdf_fallback=pdf_fallback)
    with bar if bar is not None else nullcontext():
        done = run(options)
    if done.error is not None or done.build is None:
        say_error(lg, *(done.error or ("", "")))
        raise typer.Exit(done.status)
    result = done.build
    if done.diagnostics and result.repo is not None:
        import sys

        from qmsdoc.report import FORMATS

        FORMATS["text"](done.diagnostics, result.repo, sys.stderr, lg)
    if result.refused:
        say_error(lg, f"Kiểm tra phát hiện {result.check_errors} lỗi nên không xuất bản bộ tài "
                  "liệu chính thức. Sửa các lỗi trên (xem `qmsdoc check`), hoặc dùng --force "
                  "để xuất bản bản DỰ THẢO.",
                  f"The check found {result.check_errors} error(s), so no official set was "
                  "built. Fix them (see `qmsdoc check`) or use --force to build a draft.")
        raise typer.Exit(done.status)
    say(lg, *summary(result), style="bold green" if result.ok else "bold red")
    if result.pdf is not None and result.pdf.usable:
        say(lg, *result.pdf.summary(), style="yellow" if result.pdf.fell_back else "")
    if result.draft:
        say(lg, f"Mọi tài liệu được đánh dấu DỰ THẢO: kiểm tra còn {result.check_errors} lỗi.",
            f"Every document is marked DỰ THẢO (draft): the check found "
            f"{result.check_errors} error(s).", style="yellow")
    if result.unavailable_formats:
        names = ", ".join(f.upper() for f in result.unavailable_formats)
        say(lg, f"Định dạng {names} (output.formats) chưa có trong phiên bản này của qmsdoc: "
            "không xuất bản định dạng này.",
            f"{names} output (output.formats) is not available in this version of qmsdoc: "
            "not built.", style="yellow")
    raise typer.Exit(done.status)


def summary(result: Any) -> tuple[str, str]:
    """The closing line, in Vietnamese and English."""
    if getattr(result, "kept_previous", False):  # nothing of this build was put in place
        failed = len(result.failed)
        vi = f"✗ Xuất bản chưa xong: bộ tài liệu trong {result.out} được giữ nguyên như trước"
        en = f"✗ Build incomplete: the set in {result.out} is kept as it was"
        if failed:
            vi += f", {failed} tệp bị lỗi"
            en += f", {failed} failed"
        return vi + ".", en + "."
    written, same = len(result.written), len(result.unchanged) + len(result.skipped)
    failed, removed = len(result.failed), len(result.removed)
    vi = f"✓ Xuất bản xong vào {result.out}: {written} tệp được ghi, {same} tệp không đổi"
    en = f"✓ Built into {result.out}: {written} file(s) written, {same} unchanged"
    if removed:
        vi += f", {removed} tệp cũ đã xóa"
        en += f", {removed} old file(s) removed"
    if failed:
        vi = vi.replace("✓ Xuất bản xong", "✗ Xuất bản chưa xong") + f", {failed} tệp bị lỗi"
        en = en.replace("✓ Built", "✗ Build incomplete") + f", {failed} failed"
    if result.pdf is not None and not result.pdf.usable:  # no PDF engine (see above)
        vi = vi.replace("✓ Xuất bản xong", "✗ Xuất bản chưa xong") + ", chưa có PDF"
        en = en.replace("✓ Built", "✗ Build incomplete") + ", no PDF"
    return vi + ".", en + "."
