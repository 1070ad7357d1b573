"""``qmsdoc import``: Word procedures into the repository, with an import report."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer

from qmsdoc.cli import command_app
from qmsdoc.cli.console import resolve_lang, say, say_error
from qmsdoc.cli.options import LANG
from qmsdoc.textsafe import strip_controls

app = command_app()

_WHY_VI = {"mapped": "đã ánh xạ", "guessed": "đoán", "left": "giữ nguyên dạng chữ",
           "converted": "đã chuyển mã", "dropped": "bỏ (qmsdoc tự tạo lại)",
           "problem": "vấn đề"}
_WHY_EN = {"mapped": "mapped", "guessed": "guessed", "left": "left as text",
           "converted": "converted", "dropped": "dropped (qmsdoc makes it again)",
           "problem": "problem"}


class ImportFormat(StrEnum):
    text = "text"
    json = "json"


@app.command("import")
def import_command(
    paths: list[Path] = typer.Argument(..., help="Tệp Word (.docx, .doc, .odt) hoặc thư mục / "
                                       "Word files or folders."),
    into: Path = typer.Option(Path("."), "--into", help="Kho tài liệu nhận (chứa qms.yaml) / "
                              "the repository to import into."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Chỉ báo cáo, không ghi tệp / report "
                                 "only, write nothing."),
    force: bool = typer.Option(False, "--force", help="Thay tài liệu cùng mã hiệu đã có / "
                               "replace documents with the same code."),
    format: ImportFormat = typer.Option(ImportFormat.text, "--format", "-f",
                                        help="text hoặc json / text or json."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="In từng ánh xạ / print every "
                                 "mapping."),
    lang: str = LANG,
) -> None:
    """Chuyển tài liệu Word (quy trình, biểu mẫu, hướng dẫn) sang tài liệu của kho qmsdoc, kèm
    báo cáo nhập: trường nào lấy từ đâu, điều gì được đoán, phần nào giữ nguyên dạng chữ.
    Không ghi đè tài liệu đã có nếu không có --force.

    Import Word procedures, forms and instructions into the repository, with a report of what
    was mapped where, what was guessed and what was left as text. Never overwrites an existing
    document without --force.
    """
    from qmsdoc.commands.import_ import Options, run

    lg = resolve_lang(lang)
    result = run(Options(tuple(paths), into, dry_run, force))
    if result.error is not None:
        say_error(lg, *result.error)
        raise typer.Exit(result.status)
    if format is ImportFormat.json:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2, default=str))
        raise typer.Exit(result.status)
    en = lg == "en"
    by_file: dict[str, list[str]] = {}
    for d in result.diagnostics:
        label = {"error": "lỗi", "warning": "cảnh báo", "info": "thông tin"}[str(d.severity)] \
            if not en else str(d.severity)
        line = f"  {label} {d.code} {d.message(lg)}"
        if d.severity != "info" and d.hint(lg):
            line += f"\n      {'hint' if en else 'gợi ý'}: {d.hint(lg)}"
        by_file.setdefault(d.span.path, []).append(line)
    for f in result.files:
        typer.echo(strip_controls(f.source))
        for line in by_file.get(f.source, []):
            typer.echo(strip_controls(line))
        if verbose:
            why = _WHY_EN if en else _WHY_VI
            for n in f.notes:
                extra = f" ({n['evidence']})" if n.get("evidence") else ""
                typer.echo(strip_controls(f"    [{why.get(n['kind'], n['kind'])}] {n['where']}"
                                          f" → {n['field']}: {n['value']}{extra}"))
            for c in f.conversions:
                typer.echo(strip_controls(f"    [{c['encoding']}, {c['reason']}] {c['where']}: "
                                          f"\"{c['before'][:40]}\" → \"{c['after'][:40]}\""))
    if result.proposed_people or result.proposed_roles:
        typer.echo("Proposed for qms.yaml:" if en else "Đề xuất thêm vào qms.yaml:")
        if result.proposed_people:
            typer.echo("people:")
            for pid, name in result.proposed_people.items():
                typer.echo(strip_controls(f"  - id: {pid}\n    name: {name}\n    role: "))
        if result.proposed_roles:
            typer.echo("roles:")
            for rid, title in result.proposed_roles.items():
                typer.echo(strip_controls(f"  - id: {rid}\n    title: {title}"))
    if result.findings:
        original = [x for x in result.findings if x["verdict"] == "original"]
        wrong = [x for x in result.findings if x["verdict"] == "import"]
        counts: dict[str, int] = {}
        for x in original:
            counts[x["code"]] = counts.get(x["code"], 0) + 1
        summary = ", ".join(f"{c} ×{n}" for c, n in sorted(counts.items()))
        typer.echo(strip_controls(
            (f"qmsdoc check on the imported files: {len(original)} findings true of the "
             f"originals ({summary}); {len(wrong)} caused by the import." if en else
             f"qmsdoc check trên các tệp vừa nhập: {len(original)} phát hiện đúng với bản gốc "
             f"({summary}); {len(wrong)} do bản nhập gây ra.") if original or wrong else ""))
        for x in wrong:
            typer.echo(strip_controls(f"  {x['file']}:{x['line']} {x['code']} "
                                      f"{x['en'] if en else x['vi']}"))
    written = sum(f.status == "written" for f in result.files)
    planned = sum(f.status == "planned" for f in result.files)
    refused = sum(f.status == "refused" for f in result.files)
    if dry_run:
        say(lg, f"Chạy thử: {planned} tài liệu sẽ được ghi, {refused} tệp không nhập được.",
            f"Dry run: {planned} documents would be written, {refused} files not imported.")
    else:
        where = f" Báo cáo: {result.report_path}." if result.report_path else ""
        where_en = f" Report: {result.report_path}." if result.report_path else ""
        say(lg, f"Đã ghi {written} tài liệu, {refused} tệp không nhập được.{where} Chạy "
            "`qmsdoc check` để kiểm tra.",
            f"Wrote {written} documents, {refused} files not imported.{where_en} Run "
            "`qmsdoc check` next.")
    raise typer.Exit(result.status)
