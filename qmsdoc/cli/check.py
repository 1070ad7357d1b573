"""``qmsdoc check``: check a repository and report diagnostics."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path

import typer

from qmsdoc.cli import command_app
from qmsdoc.cli.console import resolve_lang, say, say_error
from qmsdoc.cli.options import LANG, PATH, TODAY, parse_today, split_list

app = command_app()

# The loader, the rules and the reporters are imported inside the command: an unchanged
# repository is answered from the check cache without them (docs/performance.md).


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
    lg = resolve_lang(lang)
    sel, ign = split_list(select), split_list(ignore)
    if sel or ign:
        from qmsdoc.catalogue import all_rules
        from qmsdoc.rules.selection import unknown_selectors

        bad = unknown_selectors(sel + ign, all_rules())
        if bad:
            say_error(lg, f"Không có quy tắc nào khớp với: {', '.join(bad)} (xem `qmsdoc "
                      "rules`).", f"No rule matches: {', '.join(bad)} (see `qmsdoc rules`).")
            raise typer.Exit(2)
    day = parse_today(today) or dt.date.today()
    cache = None
    if not no_cache and not changed_since:
        from qmsdoc.cache import CheckCache

        cache = CheckCache.open(path)  # None unless a repository folder
        hit = cache.lookup(day, sel, ign) if cache else None
        if hit is not None:
            from qmsdoc.report import FORMATS

            FORMATS[format.value](hit.diagnostics, hit.repository(), sys.stdout, lg)
            raise typer.Exit(1 if hit.errors else 0)
    from qmsdoc.load import NotARepository
    from qmsdoc.report import FORMATS
    from qmsdoc.rules.engine import check_repository

    try:
        result = check_repository(path, sel, ign, day)
    except NotARepository as e:
        say_error(lg, e.vi, e.en)
        raise typer.Exit(2) from None
    if cache is not None:
        refused = cache.store(result.diagnostics,
                              {p: f.lines for p, f in result.repo.sources.items()})
        if refused is not None:  # a committed symlink in .qmsdoc/cache: said once, on stderr
            say(lg, *refused.notice, style="yellow")
    if changed_since:
        from qmsdoc.changes import ChangesError, restrict

        try:
            result = restrict(result, changed_since)
        except ChangesError as e:
            say_error(lg, e.vi, e.en)
            raise typer.Exit(2) from None
    FORMATS[format.value](result.diagnostics, result.repo, sys.stdout, lg)
    raise typer.Exit(1 if result.errors else 0)
