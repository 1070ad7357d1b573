"""``qmsdoc history``: each document's revision history (releases and amendments) from Git.

The work is done by :mod:`qmsdoc.commands.history`; this module parses the options and prints.
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


class HistoryFormat(StrEnum):
    text = "text"
    json = "json"


@app.command("history")
def history_command(
    path: Path = typer.Argument(Path("."), help="Thư mục kho tài liệu (chứa qms.yaml) / "
                                "repository folder."),
    codes: list[str] = typer.Argument(None, help="Mã tài liệu cần xem (mặc định tất cả) / "
                                      "document codes (default all).", show_default=False),
    format: HistoryFormat = typer.Option(HistoryFormat.text, "--format", "-f",
                                         help="text hoặc json / output format."),
    lang: str = LANG,
    no_cache: bool = typer.Option(False, "--no-cache",
                                  help="Không dùng và không ghi bộ nhớ đệm .qmsdoc/cache/ "
                                  "(đọc lại toàn bộ) / neither read nor write the history "
                                  "cache in .qmsdoc/cache/."),
) -> None:
    """Lịch sử sửa đổi từng tài liệu (các lần ban hành và sửa đổi) lấy từ Git.

    Show each document's revision history: releases (editions) and the amendments between
    them, with date, author, change and commit.
    """
    from qmsdoc.commands.history import Options, run

    lg = resolve_lang(lang)
    result = run(Options(path, tuple(codes or ()), cache=not no_cache))
    for vi, en in result.notices:
        say(lg, vi, en, style="yellow")
    if result.error is not None:
        say_error(lg, *result.error)
        raise typer.Exit(result.status)
    if format is HistoryFormat.json:
        selected = result.entries
        text = "[\n  " + ",\n  ".join(e.json for e in selected) + "\n]" if selected else "[]"
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    else:
        from qmsdoc.report.history_text import print_text

        print_text([json.loads(e.json) for e in result.entries], lg)
