"""``qmsdoc due``: the maintenance calendar (reviews, corrective actions, audits, legal changes)."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from qmsdoc.cli import command_app
from qmsdoc.cli.console import resolve_lang, say, say_error
from qmsdoc.cli.options import LANG, PATH, TODAY, parse_today
from qmsdoc.commands.due import KINDS_EN, KINDS_VI, DueItem, Options, fmt_date, run

app = command_app()


class DueFormat(StrEnum):
    text = "text"
    json = "json"


def _table(items: list[DueItem], lang: str) -> Table:
    en = lang == "en"
    table = Table(show_lines=True, expand=False)
    table.add_column("Due" if en else "Hạn", no_wrap=True)
    table.add_column("Days" if en else "Còn", justify="right", no_wrap=True)
    table.add_column("What, where" if en else "Việc cần làm, ở đâu", overflow="fold")
    for i in items:
        style = "red" if i.overdue else ("yellow" if i.days <= 7 else "")
        days = (f"-{-i.days}" if i.overdue else str(i.days))
        what = Text((KINDS_EN if en else KINDS_VI)[i.kind], style="bold")
        what.append("\n" + i.message(lang), style="")
        what.append(f"\n{i.span.path}:{i.span.line}", style="dim")
        table.add_row(fmt_date(i.due), days, what, style=style)
    return table


@app.command("due")
def due_command(
    path: Path = PATH,
    within: str = typer.Option("30d", "--within", "-w", help="Khoảng thời gian tới: 30d, 4w, 3m, "
                               "1y (ngày, tuần, tháng, năm) / horizon."),
    format: DueFormat = typer.Option(DueFormat.text, "--format", "-f",
                                     help="text (bảng) hoặc json / table or json."),
    today: str = TODAY,
    lang: str = LANG,
) -> None:
    """Lịch duy trì HTQLCL: tài liệu đến hạn xem xét định kỳ, hành động khắc phục, đánh giá nội
    bộ, xem xét của lãnh đạo, văn bản pháp luật thay đổi cần cập nhật quy trình.

    The maintenance calendar, sorted by date. Exit 1 when something is overdue (for a scheduled
    CI job), 0 otherwise, 2 for a usage error.
    """
    lg = resolve_lang(lang)
    result = run(Options(path, within, parse_today(today), lg))
    if result.error is not None or result.until is None:
        say_error(lg, *(result.error or ("", "")))
        raise typer.Exit(result.status)
    for line in result.skipped:  # on stderr: the JSON on stdout stays valid
        say(lg, line, line, style="yellow")
    items, until, overdue = result.items, result.until, result.overdue
    if format is DueFormat.json:
        typer.echo(json.dumps([i.as_dict(lg) for i in items], ensure_ascii=False, indent=2))
    elif items:
        Console(highlight=False, soft_wrap=False).print(_table(items, lg))
        say(lg, f"{len(items)} việc đến hạn đến ngày {fmt_date(until)}, {overdue} việc quá hạn.",
            f"{len(items)} items due by {fmt_date(until)}, {overdue} overdue.",
            style="red" if overdue else "")
    else:
        say(lg, f"Không có việc nào đến hạn đến ngày {fmt_date(until)}.",
            f"Nothing is due by {fmt_date(until)}.", style="green")
    raise typer.Exit(result.status)
