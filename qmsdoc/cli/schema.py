"""``qmsdoc schema``: JSON Schemas of every file kind for editors, or the Markdown reference."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer

from qmsdoc.atomic import write_atomic
from qmsdoc.cli import command_app
from qmsdoc.cli.console import resolve_lang, say, say_error
from qmsdoc.cli.options import LANG
from qmsdoc.model.reference import file_kinds, json_schema, markdown_reference

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
    kinds = file_kinds()
    if kind and kind not in kinds:
        say_error(lg, f"Không có loại tệp \"{kind}\". Các loại: {', '.join(kinds)}.",
                  f"No file kind \"{kind}\". Kinds: {', '.join(kinds)}.")
        raise typer.Exit(2)
    if format is SchemaFormat.markdown:
        typer.echo(markdown_reference(), nl=False)
        return
    selected = [kind] if kind else list(kinds)
    if out:
        for k in selected:
            text = json.dumps(json_schema(k), ensure_ascii=False, indent=2) + "\n"
            write_atomic(out / f"{k}.schema.json", text.encode("utf-8"))
        say(lg, f"Đã ghi {len(selected)} schema vào {out}", f"Wrote {len(selected)} schemas to "
            f"{out}")
        return
    data = json_schema(selected[0]) if kind else {k: json_schema(k) for k in selected}
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
