"""``qmsdoc rules``: the rule list, one rule's documentation, or the Markdown reference."""

from __future__ import annotations

import json
import re
from enum import StrEnum

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from qmsdoc.cli import command_app
from qmsdoc.cli.console import resolve_lang, say_error
from qmsdoc.cli.options import LANG
from qmsdoc.commands.rules import Example, Options, Rule, example, run, what_they_see

app = command_app()


class RulesFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


@app.command("rules")
def rules_command(
    code: str = typer.Argument(None, help="Mã hoặc tên quy tắc cần xem chi tiết / a rule to "
                               "explain (e.g. QMS201).", show_default=False),
    format: RulesFormat = typer.Option(RulesFormat.text, "--format", "-f",
                                       help="text, json hoặc markdown (tài liệu docs/rules.md)."),
    lang: str = LANG,
) -> None:
    """Liệt kê các quy tắc kiểm tra, hoặc giải thích một quy tắc.

    List every check with its code, severity and message, or explain one rule.
    """
    lg = resolve_lang(lang)
    result = run(Options(code))
    if result.error is not None:
        say_error(lg, *result.error)
        raise typer.Exit(result.status)
    rules = result.rules
    if format is RulesFormat.json:
        typer.echo(json.dumps([_as_dict(r) for r in rules], ensure_ascii=False, indent=2))
    elif format is RulesFormat.markdown:
        typer.echo(rules_markdown(rules), nl=False)
    elif code:
        _explain(rules[0], lg)
    else:
        _table(rules, lg)


def _as_dict(r: Rule) -> dict[str, object]:
    return {"code": r.code, "name": r.name, "family": r.family, "severity": r.severity.value,
            "clause": r.clause, "message_vi": r.vi, "message_en": r.en, "hint_vi": r.hint_vi,
            "hint_en": r.hint_en, "doc": r.doc, "doc_vi": r.explain("vi"),
            "doc_en": r.explain("en"), "example": _example_dict(r.code)}


def _example_dict(code: str) -> dict[str, object] | None:
    ex = example(code)
    if ex is None:
        return None
    return {"file": ex.file, "bad": ex.bad, "good": ex.good, "excerpt": ex.excerpt,
            "encoding": ex.encoding, "given": ex.given, "run": ex.run, "command": ex.command}


def _table(rules: list[Rule], lang: str) -> None:
    console = Console(highlight=False)
    en = lang == "en"
    family = ""
    table: Table | None = None
    for r in rules:
        if r.family != family:
            if table is not None:
                console.print(table)
            family = r.family
            console.print(Text(f"\n{r.family_title(lang)} ({r.code[:4]}xx)", style="bold"))
            table = Table(box=None, show_header=False, pad_edge=False)
            table.add_column(no_wrap=True)
            table.add_column(no_wrap=True)
            table.add_column(no_wrap=True)
            table.add_column(overflow="fold")
        assert table is not None
        table.add_row(r.code, r.name, Text(r.severity.label(lang), style=_SEVERITY_STYLE[
            r.severity.value]), _PLACEHOLDER.sub("…", r.en if en else r.vi))
    if table is not None:
        console.print(table)
    console.print(Text("\nqmsdoc rules QMS201 — " + ("explain one rule" if en else
                                                     "giải thích chi tiết một quy tắc"),
                       style="dim"))


_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
_SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "cyan"}


def _explain(r: Rule, lang: str) -> None:
    console = Console(highlight=False)
    console.print(Text(f"{r.code} {r.name}", style="bold"))
    console.print(Text(f"{r.family_title(lang)} · {r.severity.label(lang)}"
                       + (f" · {r.clause}" if r.clause else "")))
    console.print()
    # the message as a template: its {fields} are filled in a real finding (see the example)
    console.print(Text(_PLACEHOLDER.sub("…", r.en if lang == "en" else r.vi)))
    hint = r.hint_en if lang == "en" else r.hint_vi
    if hint:
        console.print(Text(("Fix: " if lang == "en" else "Cách sửa: ")
                           + _PLACEHOLDER.sub("…", re.sub(r"^\{[a-z_]+\}", "", hint))))
    console.print()
    for para in r.explain(lang).split("\n\n"):
        console.print(Text(" ".join(para.split())))
        console.print()
    ex = example(r.code)
    if ex is not None:
        for line in example_lines(r, ex, lang):
            console.print(Text(line), soft_wrap=True)  # source lines are never re-wrapped


_LABELS = {
    # key: (vi, en)
    "example": ("Ví dụ", "Example"),
    "fixed": ("Sửa thành", "Fixed"),
    "excerpt": ("trích, phần còn lại của tệp giữ nguyên",
                "excerpt, the rest of the file unchanged"),
    "empty": ("tệp rỗng", "empty file"),
    "saved": ("lưu bằng bảng mã {}", "saved as {}"),
    "situation": ("tình huống minh họa, không tái hiện được bằng qmsdoc check",
                  "a situation, not reproduced by qmsdoc check"),
    "run": ("người dùng chạy", "the user runs"),
    "see": ("và thấy", "and sees"),
    "reports": ("qmsdoc check báo", "qmsdoc check reports"),
    "hint": ("gợi ý", "hint"),
    "given": ("Trong kho đã có", "Already in the repository"),
}


def _label(key: str, lang: str) -> str:
    vi, en = _LABELS[key]
    return en if lang == "en" else vi


def _where(ex: Example, lang: str, snippet: str) -> str:
    notes = [_label("excerpt", lang)] if ex.excerpt else []
    if snippet == "bad" and ex.run and not ex.bad:
        notes.append(_label("empty", lang))
    if snippet == "bad" and ex.encoding != "utf-8":
        notes.append(_label("saved", lang).format(ex.encoding))
    return f"{ex.file}" + (f" ({'; '.join(notes)})" if notes else "")


def _seen(r: Rule, ex: Example, lang: str) -> list[str]:
    # Laid out as the text report lays a finding out (file, then line:column, severity, code).
    d = what_they_see(r, ex)
    lines = [d.span.path, f"  {ex.line}:{ex.column}  {d.severity.label(lang)}  {d.code}  "
                      f"{d.message(lang)}"]
    if d.hint(lang):
        lines.append(f"    {_label('hint', lang)}: {d.hint(lang)}")
    return lines


def example_lines(r: Rule, ex: Example, lang: str) -> list[str]:
    """The worked example as plain text lines (``qmsdoc rules CODE``)."""
    out: list[str] = []
    for name, text in ex.given.items():
        out += [f"{_label('given', lang)} — {name}:", *_indent(text, 2), ""]
    if not ex.run:
        out.append(f"{_label('example', lang)} ({_label('situation', lang)}):")
        if ex.bad:
            out += [f"  {_where(ex, lang, 'bad')}:", *_indent(ex.bad, 4)]
        if ex.command:
            out += [f"  {_label('run', lang)}:", *_indent(_prompt(ex.command), 4)]
        out += [f"  {_label('see', lang)}:", *_indent("\n".join(_seen(r, ex, lang)), 4)]
    else:
        out += [f"{_label('example', lang)} — {_where(ex, lang, 'bad')}:",
                *(_indent(ex.bad, 2) if ex.bad else []),
                f"{_label('reports', lang)}:", *_indent("\n".join(_seen(r, ex, lang)), 2)]
    if ex.good:
        out += ["", f"{_label('fixed', lang)} — {_where(ex, lang, 'good')}:",
                *_indent(ex.good, 2)]
    return out


def _prompt(command: str) -> str:
    return "\n".join("$ " + line for line in command.rstrip("\n").split("\n"))


def _indent(text: str, n: int) -> list[str]:
    return [(" " * n + line) if line.strip() else "" for line in text.rstrip("\n").split("\n")]


_KEY = re.compile(r"[A-Za-z_][\w-]*:")


def _fence(text: str, file: str) -> list[str]:
    # A Markdown file's excerpt that starts with a key is part of its front matter: YAML.
    lang = ("yaml" if file.endswith(".yaml") or file.endswith(".md") and _KEY.match(text) else
            "markdown" if file.endswith(".md") else "")
    fence = "~~~~" if "```" in text else "```"
    return [fence + lang, *text.rstrip("\n").split("\n"), fence]


def _example_markdown(r: Rule, ex: Example) -> list[str]:
    def where(snippet: str) -> str:
        vi, en = _where(ex, "vi", snippet), _where(ex, "en", snippet)
        return f"`{ex.file}`" + (f" ({vi[len(ex.file):].strip()[1:-1]} / "
                                 f"{en[len(ex.file):].strip()[1:-1]})" if vi != ex.file else "")

    lines = ["", "**Ví dụ / Example**" + (f" — {_label('situation', 'vi')} / "
                                          f"{_label('situation', 'en')}" if not ex.run else ""),
             ""]
    for name, text in ex.given.items():
        lines += [f"{_label('given', 'vi')} / {_label('given', 'en')}: `{name}`", "",
                  *_fence(text, name), ""]
    if ex.bad or ex.run:
        lines += [where("bad") + ":", "", *(_fence(ex.bad, ex.file) + [""] if ex.bad else [])]
    if not ex.run and ex.command:
        lines += ["Người dùng chạy / The user runs:", "", *_fence(_prompt(ex.command), ""), ""]
    lines += ["và thấy / and sees:" if not ex.run else
              "`qmsdoc check` báo / `qmsdoc check` reports:", "",
              *_fence("\n".join(_seen(r, ex, "vi") + [""] + _seen(r, ex, "en")), ""), ""]
    if ex.good:
        lines += ["**Sửa thành / Fixed** — " + where("good") + ":", "",
                  *_fence(ex.good, ex.file), ""]
    return lines[:-1]


def rules_markdown(rules: list[Rule]) -> str:
    """The rule reference (docs/rules.md), generated from the registry: messages and
    explanations in both languages."""
    lines = ["# Quy tắc kiểm tra / Rules", "",
             "Generated by `qmsdoc rules --format markdown`; do not edit by hand.", "",
             "Mỗi quy tắc có một ví dụ: nguồn gây ra thông báo và nguồn đã sửa (kiểm thử chạy "
             "từng ví dụ); một số tình huống `qmsdoc check` không tái hiện được chỉ được mô tả. "
             "/ Every rule has a worked example: the source that triggers it and the source "
             "fixed (a test runs each one); a few situations `qmsdoc check` cannot reproduce are "
             "described instead.", "",
             "| Code | Name | Severity | Clause | Thông báo (vi) |", "|---|---|---|---|---|"]
    for r in rules:
        lines.append(f"| [{r.code}](#{r.code.lower()}) | {r.name} | {r.severity.value} | "
                     f"{r.clause} | {r.vi.replace('|', '/')} |")
    for r in rules:
        lines += ["", f"## {r.code}", "", f"**{r.name}** — {r.family_title('en')} "
                  f"({r.family_title('vi')}), severity `{r.severity.value}`"
                  + (f", clause {r.clause}" if r.clause else "") + ".", "",
                  f"- Thông báo: {r.vi}", f"- Message: {r.en}"]
        if r.hint_vi:
            lines += [f"- Cách sửa: {r.hint_vi}", f"- Fix: {r.hint_en}"]
        lines += ["", "**Giải thích**", "", r.explain("vi"), "", "**Explanation**", "",
                  r.explain("en")]
        ex = example(r.code)
        if ex is not None:
            lines += _example_markdown(r, ex)
    return "\n".join(lines) + "\n"
