"""``qmsdoc schema``: JSON Schemas of every file kind for editors, or the Markdown reference."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from qmsdoc.cli import command_app
from qmsdoc.cli.console import resolve_lang, say, say_error
from qmsdoc.cli.options import LANG
from qmsdoc.commands.schema import Options, run

app = command_app()


class SchemaFormat(StrEnum):
    json = "json"
    markdown = "markdown"


@app.command("schema")
def schema_command(
    kind: str = typer.Argument(None, help="Loại tệp (procedure, form, qms…); bỏ trống = tất cả / "
                               "file kind; empty = all.", show_default=False),
    out: Path = typer.Option(None, "--out", "-o", help="Ghi mỗi schema ra <thư mục>/<kind>."
                             "schema.json / write one file per kind into this folder."),
    format: SchemaFormat = typer.Option(SchemaFormat.json, "--format", "-f",
                                        help="json (JSON Schema) hoặc markdown (tài liệu)."),
    lang: str = LANG,
) -> None:
    """Xuất JSON Schema của các loại tệp (gợi ý và báo lỗi ngay trong trình soạn thảo).

    Export the JSON Schemas of every file kind (completion and squiggles in editors such as
    VS Code with the YAML extension), or the Markdown format reference.
    """
    lg = resolve_lang(lang)
    result = run(Options(kind, format.value, out))
    if result.error is not None:
        say_error(lg, *result.error)
        raise typer.Exit(result.status)
    if format is SchemaFormat.markdown:
        typer.echo(result.text, nl=False)
        return
    if out:
        say(lg, f"Đã ghi {len(result.written)} schema vào {out}", f"Wrote "
            f"{len(result.written)} schemas to {out}")
        return
    typer.echo(result.text)
