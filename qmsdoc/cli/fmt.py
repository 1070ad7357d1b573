"""``qmsdoc fmt``: normalise the sources (NFC, key order, indentation, dates), keeping comments."""

from __future__ import annotations

from pathlib import Path

import typer

from qmsdoc.cli import command_app
from qmsdoc.cli.console import resolve_lang, say, say_error
from qmsdoc.cli.options import LANG
from qmsdoc.commands.fmt import Options, run
from qmsdoc.textsafe import one_line

app = command_app()


@app.command("fmt")
def fmt_command(
    paths: list[Path] = typer.Argument(None, help="Kho tài liệu, thư mục hoặc tệp (mặc định: "
                                       "thư mục hiện tại) / repository, folders or files."),
    check: bool = typer.Option(False, "--check", help="Không ghi gì; mã thoát 1 nếu có tệp cần "
                               "định dạng (cho CI, pre-commit) / write nothing; exit 1 when a "
                               "file would change."),
    lang: str = LANG,
    no_cache: bool = typer.Option(False, "--no-cache",
                                  help="Không dùng và không ghi bộ nhớ đệm .qmsdoc/cache/fmt.json "
                                  "/ neither read nor write fmt's cache of files already "
                                  "formatted."),
) -> None:
    """Chuẩn hóa định dạng các tệp nguồn: Unicode dựng sẵn (NFC), thứ tự khóa, thụt lề, ngày
    YYYY-MM-DD; giữ nguyên chú thích. Chỉ ghi các tệp thay đổi.

    Normalise the sources (NFC, canonical key order, indentation, YYYY-MM-DD dates) with a
    ruamel.yaml round trip that keeps comments; writes only files that change. Exit 0 when
    nothing is (or would be) changed, 1 when files would change (--check) or could not be
    formatted, 2 for a path that does not exist.
    """
    lg = resolve_lang(lang)
    result = run(Options(tuple(paths or ()), check=check, cache=not no_cache))
    if result.error is not None:
        say_error(lg, *result.error)
        raise typer.Exit(result.status)
    changed, failed, skipped, same = result.changed, result.failed, result.skipped, result.same
    for o in changed:
        typer.echo(("cần định dạng: " if lg == "vi" else "would reformat: ") + one_line(o.rel)
                   if check else
                   ("đã định dạng: " if lg == "vi" else "reformatted: ") + one_line(o.rel))
    for o in failed:
        assert o.error is not None
        say_error(lg, f"{o.rel}:{o.error.line}:{o.error.column}: không định dạng được, giữ "
                  f"nguyên tệp: {o.error.vi}",
                  f"{o.rel}:{o.error.line}:{o.error.column}: not formatted, file left as it is: "
                  f"{o.error.en}")
    for o in skipped:
        assert o.notice is not None
        say(lg, f"{o.rel}: {o.notice[0]}", f"{o.rel}: {o.notice[1]}", style="yellow")
    if check:
        say(lg, f"{len(changed)} tệp cần định dạng, {same} tệp đã đúng định dạng"
            + (f", {len(failed)} tệp lỗi" if failed else "")
            + (f", {len(skipped)} tệp bỏ qua" if skipped else "") + ".",
            f"{len(changed)} files would be reformatted, {same} already formatted"
            + (f", {len(failed)} with errors" if failed else "")
            + (f", {len(skipped)} skipped" if skipped else "") + ".")
        raise typer.Exit(result.status)
    say(lg, f"Đã định dạng {len(changed)} tệp, {same} tệp giữ nguyên"
        + (f", {len(failed)} tệp lỗi" if failed else "")
        + (f", {len(skipped)} tệp bỏ qua" if skipped else "") + ".",
        f"{len(changed)} files reformatted, {same} left unchanged"
        + (f", {len(failed)} with errors" if failed else "")
        + (f", {len(skipped)} skipped" if skipped else "") + ".")
    raise typer.Exit(result.status)
