"""``--format json``: a list of objects, one per diagnostic (stable keys for scripts and CI)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from qmsdoc.diagnostics import Diagnostic
from qmsdoc.model.source import Reported


def as_dict(d: Diagnostic, lang: str) -> dict[str, Any]:
    return {
        "code": d.code,
        "name": d.name,
        "severity": d.severity.value,
        "path": d.span.path,
        "line": d.span.line,
        "column": d.span.column,
        "message": d.message(lang),
        "hint": d.hint(lang),
        "clause": d.clause,
    }


def render(diags: Sequence[Diagnostic], repo: Reported, out: TextIO, lang: str) -> None:
    json.dump([as_dict(d, lang) for d in diags], out, ensure_ascii=False, indent=2)
    out.write("\n")
