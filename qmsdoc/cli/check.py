"""``qmsdoc check``: check a repository and report diagnostics."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer

from qmsdoc.cli import app
from qmsdoc.cli.console import resolve_lang, say_error
from qmsdoc.cli.options import LANG, PATH, TODAY, parse_today, split_list
from qmsdoc.load import NotARepository
from qmsdoc.report import FORMATS
from qmsdoc.rules.engine import check_repository
from qmsdoc.rules.registry import all_rules
from qmsdoc.rules.selection import unknown_selectors


class Format(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


@app.command()
def check(
    path: Path = PATH,
    format: Format = typer.Option(Format.text, "--format", "-f",
                                  help="Định dạng kết quả / output format."),
    select: list[str] = typer.Option(None, "--select", metavar="RULES",
                                     help="Chỉ bật các quy tắc này (mã, tiền tố như QMS2, nhóm, "
                                     "tên; cách nhau bằng dấu phẩy) / rules to turn on."),
    ignore: list[str] = typer.Option(None, "--ignore", metavar="RULES",
                                     help="Bỏ qua các quy tắc này / rules to turn off."),
    today: str = TODAY,
    lang: str = LANG,
) -> None:
    """Kiểm tra kho tài liệu HTQLCL và báo lỗi kèm tệp, dòng, cột.

    Check the repository; exit 0 when there is no error, 1 when errors were found, 2 for a usage
    error or a folder that is not a qmsdoc repository.
    """
    lg = resolve_lang(lang)
    sel, ign = split_list(select), split_list(ignore)
    bad = unknown_selectors(sel + ign, all_rules())
    if bad:
        say_error(lg, f"Không có quy tắc nào khớp với: {', '.join(bad)} (xem `qmsdoc rules`).",
                  f"No rule matches: {', '.join(bad)} (see `qmsdoc rules`).")
        raise typer.Exit(2)
    try:
        result = check_repository(path, sel, ign, parse_today(today))
    except NotARepository as e:
        say_error(lg, e.vi, e.en)
        raise typer.Exit(2) from None
    FORMATS[format.value](result.diagnostics, result.repo, sys.stdout, lg)
    raise typer.Exit(1 if result.errors else 0)
