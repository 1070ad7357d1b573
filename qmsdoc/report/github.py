"""``--format github``: GitHub Actions workflow commands, shown as annotations on the diff."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TextIO

from qmsdoc.diagnostics import Diagnostic, Severity
from qmsdoc.model.source import Reported

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(diags: Sequence[Diagnostic], repo: Reported, out: TextIO, lang: str) -> None:
    for d in diags:
        # Annotations need paths relative to the workspace (the current directory in Actions).
        path = os.path.relpath(repo.root / d.span.path) if d.span.path else ""
        message = d.message(lang)
        if d.hint(lang):
            message += "\n" + d.hint(lang)
        out.write(
            f"::{_LEVEL[d.severity]} file={_prop(path)},line={d.span.line},col={d.span.column},"
            f"title={_prop(d.code + ' ' + d.name)}::{_data(message)}\n")
