"""``qmsdoc coverage``: the clause coverage matrix (terminal table or JSON) and its findings."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from qmsdoc.cli import command_app
from qmsdoc.cli.console import resolve_lang, say_error
from qmsdoc.cli.options import LANG, PATH, TODAY, parse_today
from qmsdoc.commands.coverage import (
    CoverageResult,
    CoverageRun,
    Options,
    Severity,
    coverage_json,
    documents_text,
    run,
    status_label,
)
from qmsdoc.report.json_format import as_dict

app = command_app()

_STATUS_STYLE = {"covered": "green", "partial": "yellow", "missing": "bold red",
                 "excluded": "cyan"}
_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow",
                   Severity.INFO: "cyan"}


class CoverageFormat(StrEnum):
    text = "text"
    json = "json"


@app.command("coverage")
def coverage_command(
    path: Path = PATH,
    format: CoverageFormat = typer.Option(CoverageFormat.text, "--format", "-f",
                                          help="text (bảng) hoặc json / output format."),
    today: str = TODAY,
    lang: str = LANG,
) -> None:
    """Ma trận đáp ứng các điều khoản TCVN ISO 9001:2015 và các nghĩa vụ của loại hình.

    Show which document addresses each clause (covered, partial, missing, excluded) and the
    findings of the coverage and duty rules. Exit 1 when a clause is missing or one of those
    rules finds an error, 2 for a folder that is not a qmsdoc repository.
    """
    lg = resolve_lang(lang)
    result = run(Options(path, parse_today(today)))
    if result.error is not None or result.run is None:
        say_error(lg, *(result.error or ("", "")))
        raise typer.Exit(result.status)
    done = result.run
    if format is CoverageFormat.json:
        data = coverage_json(done.result, lg)
        data["findings"] = [as_dict(d, lg) for d in done.diagnostics]
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        render_text(done, lg, Console(file=sys.stdout, highlight=False))
    raise typer.Exit(result.status)


def render_text(run: CoverageRun, lang: str, console: Console) -> None:
    """The coverage table, the exclusions with their justification, a summary, the findings."""
    result = run.result
    en = lang == "en"
    console.print(Text(_heading(result, lang), style="bold"))
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    clause_w = max(c.clause.depth - 1 + len(c.number) for c in result.clauses)
    status_w = max(len(status_label(s, lang)) for s in _STATUS_STYLE)
    free = max(30, console.width - clause_w - status_w - 10)  # 10: padding and rules
    title_w = free * 2 // 3
    docs_w = free - title_w
    table.add_column("Clause" if en else "Điều", no_wrap=True, width=clause_w)
    table.add_column("Title" if en else "Tên điều khoản", no_wrap=True, overflow="ellipsis",
                     width=title_w)
    table.add_column("Status" if en else "Tình trạng", no_wrap=True, width=status_w)
    table.add_column("Documents" if en else "Tài liệu", no_wrap=True, overflow="ellipsis",
                     width=docs_w)
    limit = max(1, (docs_w - 4) // 8)
    for c in result.clauses:
        indent = " " * (c.clause.depth - 1)
        docs = "—" if c.status == "excluded" else documents_text(c, limit, lang, compact=True)
        table.add_row(indent + c.number, Text(c.title(lang), style="bold" if c.clause.depth
                                                == 1 else ""),
                      Text(status_label(c.status, lang), style=_STATUS_STYLE[c.status]), docs)
    console.print(table)
    _exclusions(result, lang, console)
    console.print(_summary(result, lang))
    if run.diagnostics:
        console.print()
        for d in run.diagnostics:
            line = Text(f"{d.span.path}:{d.span.line}:{d.span.column} ")
            line.append(d.severity.label(lang), style=_SEVERITY_STYLE[d.severity])
            line.append(f" {d.code} ", style="dim")
            line.append(d.message(lang))
            console.print(line)


def _heading(result: CoverageResult, lang: str) -> str:
    std = result.standard.title_en if lang == "en" and result.standard.title_en else \
        result.standard.title
    if result.profile is None:
        return std
    title = result.profile.title_en if lang == "en" else result.profile.title_vi
    label = "Profile" if lang == "en" else "Loại hình"
    return f"{std}\n{label}: {title} ({result.profile.id})"


def _exclusions(result: CoverageResult, lang: str, console: Console) -> None:
    shown = [e for e in result.exclusions if e.effective]
    if not shown:
        return
    console.print(Text("Not applicable (4.3):" if lang == "en" else
                       "Không áp dụng (4.3):", style="bold"))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="cyan")
    grid.add_column()
    for e in shown:
        grid.add_row(f"  {e.clause}", e.justification)
    console.print(grid)
    console.print()


def _summary(result: CoverageResult, lang: str) -> Text:
    n = result.counts()
    total = len(result.clauses)
    parts = [f"{n[s]} {status_label(s, lang)}" for s in ("covered", "partial", "missing",
                                                          "excluded")]
    head = f"{total} clauses: " if lang == "en" else f"{total} điều khoản: "
    style = "bold red" if n["missing"] else ("bold yellow" if n["partial"] else "bold green")
    return Text(head + ", ".join(parts) + ".", style=style)
