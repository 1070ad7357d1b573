"""``qmsdoc diff``: what changed between two editions (text, JSON, Markdown) and Word redlines.

The work is done by :mod:`qmsdoc.commands.diff`; this module parses the options and prints.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer

from qmsdoc.cli import command_app
from qmsdoc.cli.console import resolve_lang, say, say_error
from qmsdoc.cli.options import LANG

app = command_app()


class DiffFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


@app.command("diff")
def diff_command(
    args: list[str] = typer.Argument(
        None, metavar="[FROM] [TO] [CODE…]", show_default=False,
        help="FROM: phiên bản gốc (mặc định lần ban hành gần nhất); TO: phiên bản mới (mặc định "
        "thư mục làm việc; - cũng là thư mục làm việc); CODE: chỉ các tài liệu này / FROM: the "
        "old revision (default the last release); TO: the new one (default the working tree, "
        "also -); CODE: only these documents."),
    path: Path = typer.Option(Path("."), "--path", "-C",
                              help="Thư mục kho tài liệu (chứa qms.yaml) / repository folder."),
    format: DiffFormat = typer.Option(DiffFormat.text, "--format", "-f",
                                      help="text, json hoặc markdown (bình luận pull request) / "
                                      "output format (markdown: a pull request comment)."),
    docx: Path = typer.Option(None, "--docx", metavar="OUT",
                              help="Ghi bản Word có theo dõi thay đổi (redline) của từng tài liệu "
                              "vào thư mục OUT / write each changed document's Word redline "
                              "into the folder OUT."),
    lang: str = LANG,
) -> None:
    """So sánh hai lần ban hành: các thay đổi theo từng tài liệu, và bản Word có theo dõi thay
    đổi.

    What changed between two editions, per document: fields, steps added, removed, reordered
    or changed, dossier items, forms, records, body sections; documents added, retired,
    renamed or recoded. With --docx, a Word redline (tracked changes) per changed document.
    """
    from qmsdoc.commands.diff import Options, run

    lg = resolve_lang(lang)
    en = lg == "en"
    result = run(Options(path, docx=docx, arguments=tuple(args or ())))
    if result.error is not None:
        say_error(lg, *result.error)
        raise typer.Exit(result.status)
    for n in result.comparison.notices if result.comparison else []:
        where = f"{n.span.path}:{n.span.line}:{n.span.column}"
        say(lg, f"{where}: cảnh báo {n.code}: {n.vi}", f"{where}: warning {n.code}: {n.en}",
            style="yellow")
    if format is DiffFormat.json:
        sys.stdout.write(json.dumps(result.json(), ensure_ascii=False, indent=2) + "\n")
    elif format is DiffFormat.markdown:
        sys.stdout.write(result.markdown(en))
    else:
        sys.stdout.write(result.text(en))
    if docx is not None and format is DiffFormat.text:
        for p in result.written:
            say(lg, f"Đã ghi {p}", f"Wrote {p}", style="green")
        for code in result.copied:
            say(lg, f"{code}: biểu mẫu xuất bản từ tệp Word có sẵn (source), không có bản so sánh",
                f"{code}: a form built from its own Word file (source), no redline", style="dim")
        for code in result.unchanged:
            say(lg, f"{code}: nội dung in ra không đổi, không ghi bản so sánh",
                f"{code}: the printed text is unchanged, no redline written", style="dim")
