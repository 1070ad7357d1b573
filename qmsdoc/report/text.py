"""``--format text``: diagnostics grouped by file, with the source line and a caret."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from typing import TextIO

from rich.console import Console
from rich.text import Text

from qmsdoc.diagnostics import Diagnostic, Severity
from qmsdoc.model.source import Reported
from qmsdoc.textsafe import one_line, strip_controls

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def render(diags: Sequence[Diagnostic], repo: Reported, out: TextIO, lang: str) -> None:
    console = Console(file=out, highlight=False, soft_wrap=True)
    for path, group in groupby(diags, key=lambda d: d.span.path):
        console.print(Text(one_line(path or "qms.yaml"), style="bold underline"))
        source = repo.sources.get(path)
        for d in group:
            line = Text(f"  {d.span.line}:{d.span.column}  ")
            line.append(d.severity.label(lang), style=_STYLE[d.severity])
            line.append(f"  {d.code}  ", style="dim")
            line.append(strip_controls(d.message(lang)))
            console.print(line)
            if source and 0 < d.span.line <= len(source.lines):
                src = source.lines[d.span.line - 1]
                num = str(d.span.line)
                console.print(Text(f"    {num} │ ", style="dim")
                              + Text(strip_controls(src, keep="\t")))
                console.print(Text(" " * (4 + len(num)) + " │ " + " " * (d.span.column - 1),
                                   style="dim") + Text("^", style=_STYLE[d.severity]))
            hint = d.hint(lang)
            if hint:
                label = "hint" if lang == "en" else "gợi ý"
                console.print(Text(f"    {label}: ", style="green") + Text(strip_controls(hint)))
        console.print()
    console.print(summary(diags, lang))


def summary(diags: Sequence[Diagnostic], lang: str) -> Text:
    errors = sum(d.severity is Severity.ERROR for d in diags)
    warnings = sum(d.severity is Severity.WARNING for d in diags)
    infos = sum(d.severity is Severity.INFO for d in diags)
    files = len({d.span.path for d in diags})
    if not diags:
        return Text("✓ Không phát hiện vấn đề nào." if lang != "en" else "✓ No problems found.",
                    style="bold green")
    if lang == "en":
        msg = f"{errors} error(s), {warnings} warning(s), {infos} note(s) in {files} file(s)."
    else:
        msg = f"{errors} lỗi, {warnings} cảnh báo, {infos} thông tin trong {files} tệp."
    return Text(msg, style="bold red" if errors else "bold yellow")
