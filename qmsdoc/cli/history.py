"""``qmsdoc history``: each document's revision history (releases and amendments) from Git.

The work is done by :mod:`qmsdoc.history.report`; this module only parses the options.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from qmsdoc.cli import command_app
from qmsdoc.cli.console import resolve_lang
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
    from qmsdoc.history.report import run

    status = run(path, list(codes or []), format.value, resolve_lang(lang), cache=not no_cache)
    if status:
        raise typer.Exit(status)
