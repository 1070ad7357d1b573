"""``qmsdoc check``: check a repository and report diagnostics."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer

from qmsdoc.cli import command_app
from qmsdoc.cli.console import resolve_lang, say, say_error
from qmsdoc.cli.options import LANG, PATH, TODAY, parse_today, split_list

app = command_app()

# The work is qmsdoc.commands.check's, imported when the command runs; it imports the loader and
# the rules only on a cache miss (docs/performance.md).


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
    changed_since: str = typer.Option(None, "--changed-since", metavar="REV",
                                      help="Chỉ báo lỗi trong các tệp thay đổi từ phiên bản Git "
                                      "REV và các tệp tham chiếu đến chúng / report only files "
                                      "changed since REV and the files referencing them."),
    today: str = TODAY,
    lang: str = LANG,
    no_cache: bool = typer.Option(False, "--no-cache",
                                  help="Không dùng và không ghi bộ nhớ đệm .qmsdoc/cache/ "
                                  "(kiểm tra lại toàn bộ) / neither read nor write the check "
                                  "cache in .qmsdoc/cache/."),
) -> None:
    """Kiểm tra kho tài liệu HTQLCL và báo lỗi kèm tệp, dòng, cột.

    Check the repository; exit 0 when there is no error, 1 when errors were found, 2 for a usage
    error or a folder that is not a qmsdoc repository.
    """
    from qmsdoc.commands.check import Options, report, run, selector_error

    lg = resolve_lang(lang)
    sel, ign = split_list(select), split_list(ignore)
    error = selector_error(sel + ign)  # said before --today is read, as always
    if error is not None:
        say_error(lg, *error)
        raise typer.Exit(2)
    result = run(Options(path, tuple(sel), tuple(ign), changed_since or None,
                         parse_today(today), cache=not no_cache))
    for notice in result.notices:
        say(lg, *notice, style="yellow")
    if result.error is not None:
        say_error(lg, *result.error)
        raise typer.Exit(result.status)
    report(result, format.value, sys.stdout, lg)
    raise typer.Exit(result.status)
