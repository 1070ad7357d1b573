"""The ``qmsdoc`` command line: a thin Typer layer over the library (one module per command).

Each command lives in its own module (``qmsdoc/cli/<name>.py``, a one-command Typer app made by
:func:`command_app`), imported only when that command runs: start-up pays for Typer and the one
command, not for every command's imports (mkdocs' ``__main__`` does the same with Click).
"""

from __future__ import annotations

import importlib
from typing import Any, NoReturn

import typer
import typer.main
from typer.core import TyperGroup

from qmsdoc import __version__

#: Command name → module under qmsdoc.cli, in the order ``qmsdoc --help`` lists them.
COMMANDS = {name: name for name in (
    "build", "check", "coverage", "diff", "doctor", "due", "fmt", "history", "init", "new",
    "release", "rules", "schema",
)}
COMMANDS["import"] = "import_"  # "import" is a Python keyword: the module is import_.py


class _LazyGroup(TyperGroup):
    """The root group: a command's module is imported when the command is looked up."""

    def list_commands(self, ctx: Any) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        sub: typer.Typer = importlib.import_module(f"qmsdoc.cli.{module}").app
        return typer.main.get_command(sub)


def command_app() -> typer.Typer:
    """The one-command Typer app a command module registers its command on."""
    return typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False,
                       add_completion=False)


app = typer.Typer(
    cls=_LazyGroup,
    name="qmsdoc",
    help=(
        "qmsdoc — tài liệu HTQLCL TCVN ISO 9001:2015 dưới dạng YAML/Markdown trong Git: kiểm tra, "
        "xuất bản DOCX/PDF, lịch sử sửa đổi.\n\n"
        "ISO 9001 quality documentation as code: check it, build the official DOCX/PDF set, "
        "revision history from Git."
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"qmsdoc {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="In phiên bản / show the version."),
) -> None:
    pass


def main(*args: Any) -> None:
    """Console entry point: never shows a traceback unless QMSDOC_DEBUG is set."""
    import sys

    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("\nĐã dừng theo yêu cầu / interrupted.\n")
        sys.exit(130)
    except BrokenPipeError:  # output piped into head, less…
        sys.exit(0)
    except Exception as exc:  # last resort: a bug in qmsdoc, not in the user's files
        internal_error(exc)


def internal_error(exc: Exception) -> NoReturn:
    """Report a bug of qmsdoc without a traceback (unless QMSDOC_DEBUG is set); exit 3."""
    import os
    import sys

    if os.environ.get("QMSDOC_DEBUG"):
        raise exc
    sys.stderr.write(
        f"Lỗi nội bộ của qmsdoc ({type(exc).__name__}: {exc}). Vui lòng báo lỗi kèm lệnh đã "
        "chạy; đặt QMSDOC_DEBUG=1 để xem chi tiết.\n"
        f"Internal qmsdoc error ({type(exc).__name__}). Please report it with the command "
        "you ran; set QMSDOC_DEBUG=1 for details.\n")
    sys.exit(3)
