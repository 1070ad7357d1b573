"""``qmsdoc new``: add a document with the next free code and every required field."""

from __future__ import annotations

from pathlib import Path

import typer

from qmsdoc.cli import command_app
from qmsdoc.cli.console import resolve_lang, say, say_error
from qmsdoc.cli.options import LANG, TODAY, parse_today
from qmsdoc.commands.new import DOCUMENT_KINDS, Options, run

app = command_app()


@app.command("new")
def new_command(
    kind: str = typer.Argument(..., help="Loại tài liệu / document kind: "
                               + ", ".join(DOCUMENT_KINDS) + "."),
    path: Path = typer.Argument(Path("."), help="Kho tài liệu, thư mục đích hoặc tệp đích / "
                                "repository, target folder or target file."),
    title: str = typer.Option(..., "--title", "-t", help="Tên tài liệu / document title."),
    code: str = typer.Option(None, "--code", help="Mã hiệu (mặc định: mã kế tiếp theo mẫu "
                             "numbering) / code (default: the next one of the pattern)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Chỉ in nội dung, không ghi tệp / "
                                 "print the file instead of writing it."),
    today: str = TODAY,
    lang: str = LANG,
) -> None:
    """Thêm tài liệu mới (quy trình, biểu mẫu, hướng dẫn…) với mã hiệu kế tiếp, đủ các trường
    bắt buộc và các đoạn <<…>> cần điền; in đường dẫn tệp mới.

    Add a document with the next free code of the numbering pattern, every required field and
    <<…>> placeholders to fill in; prints the new file's path.
    """
    lg = resolve_lang(lang)
    result = run(Options(kind, title, path, code, dry_run, parse_today(today)))
    if result.error is not None or result.document is None:
        say_error(lg, *(result.error or ("", "")))
        raise typer.Exit(result.status)
    doc = result.document
    if dry_run:
        typer.echo(doc.text, nl=False)
        return
    typer.echo(doc.path)
    if doc.tthc_handled_by:
        say(lg, f"Lưu ý: tên tài liệu trùng với một TTHC trong danh mục đã có quy trình "
            f"{doc.tthc_handled_by}; quy trình mới không ghi mã TTHC.",
            f"Note: the title names a TTHC of the catalogue that {doc.tthc_handled_by} already "
            "implements; the new procedure has no TTHC code.", style="yellow")
    extra_vi = f"; gắn với TTHC {doc.tthc} trong danh mục" if doc.tthc else ""
    extra_en = f"; linked to TTHC {doc.tthc} of the catalogue" if doc.tthc else ""
    say(lg, f"Đã tạo {doc.code} ({doc.rel}){extra_vi}. Điền các đoạn <<…>> rồi chạy "
        "`qmsdoc check`.",
        f"Created {doc.code} ({doc.rel}){extra_en}. Fill in the <<…>> placeholders, then run "
        "`qmsdoc check`.")
