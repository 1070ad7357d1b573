"""``--format sarif``: SARIF 2.1.0 for code-scanning dashboards."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from qmsdoc import __version__
from qmsdoc.diagnostics import Diagnostic, Severity
from qmsdoc.model.source import Reported

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(diags: Sequence[Diagnostic], repo: Reported, out: TextIO, lang: str) -> None:
    # Every code's rule, also when the check was answered from the cache and no rule module
    # was imported; imported here because listing them all costs ~0.1 s at start-up.
    from qmsdoc.catalogue import all_rules

    RULES = {r.code: r for r in all_rules()}  # noqa: N806
    codes = sorted({d.code for d in diags})
    rules: list[dict[str, Any]] = []
    for code in codes:
        r = RULES[code]
        rules.append({
            "id": code,
            "name": r.name,
            "shortDescription": {"text": r.en if lang == "en" else r.vi},
            "fullDescription": {"text": r.explain(lang)},
            "defaultConfiguration": {"level": _LEVEL[r.severity]},
            "properties": {"clause": r.clause, "family": r.family},
        })
    index = {code: i for i, code in enumerate(codes)}
    results = []
    for d in diags:
        message = d.message(lang) + (f" — {d.hint(lang)}" if d.hint(lang) else "")
        results.append({
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": _LEVEL[d.severity],
            "message": {"text": message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": d.span.path, "uriBaseId": "SRCROOT"},
                "region": {"startLine": max(d.span.line, 1), "startColumn": max(d.span.column, 1)},
            }}],
        })
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "qmsdoc", "version": __version__, "rules": rules}},
            "originalUriBaseIds": {"SRCROOT": {"uri": repo.root.as_uri() + "/"}},
            "results": results,
        }],
    }
    json.dump(doc, out, ensure_ascii=False, indent=2)
    out.write("\n")
