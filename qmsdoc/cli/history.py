"""``qmsdoc history``: each document's revision history (releases and amendments) from Git.

The work is done by :mod:`qmsdoc.commands.history`; this module parses the options and prints.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from qmsdoc.cli import command_app
from qmsdoc.cli.console import resolve_lang, say, say_error
from qmsdoc.cli.options import LANG
from qmsdoc.textsafe import one_line

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
        _print_text([json.loads(e.json) for e in result.entries], lg)


def _print_text(data: list[dict[str, Any]], lang: str) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    en = lang == "en"
    console = Console(highlight=False)
    if not console.is_terminal:
        console.width = 160  # logs and pipes: do not wrap the table at 80 columns
    c = one_line  # commit messages, names and titles are someone else's text: no escapes
    for item in data:
        title = Text(c(f"{item['code']} — {item['title']}"), style="bold")
        title.append(f"  ({'edition' if en else 'lần ban hành'} {item['edition']}, ")
        if item["state"] == "draft":
            title.append("draft" if en else "dự thảo", style="yellow")
            reason = item["reason_en"] if en else item["reason"]
            title.append(f": {c(reason)})")
        else:
            title.append("released" if en else "đã ban hành", style="green")
            title.append(")")
        console.print(title)
        console.print(Text(c(item["path"]), style="dim"))
        table = Table(box=None, pad_edge=False, show_edge=False)
        for head in (("Date", "Ngày"), ("Ed.", "Lần BH"), ("Amd.", "Lần SĐ"),
                     ("Change", "Nội dung"), ("Where", "Vị trí"), ("Author", "Người thực hiện"),
                     ("Approved", "Phê duyệt"), ("Commit", "Commit")):
            table.add_column(head[0] if en else head[1], overflow="fold")
        for r in item["revisions"]:
            y, m, d = r["date"].split("-")
            approved = Text(c(r["approved_by"]))
            if r.get("approved") is False:
                approved = Text("not yet approved" if en else "chưa phê duyệt", style="yellow")
            table.add_row(f"{d}/{m}/{y}", str(r["edition"] or ""), str(r["amendment"] or ""),
                          Text(c(r["change"]), style="bold" if r["is_release"] else ""),
                          Text(c(r["position"])), Text(c(r["author"])), approved,
                          c(r["commit"][:7]))
        console.print(table)
        console.print()
