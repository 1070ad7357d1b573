"""``qmsdoc schema``: the JSON Schemas of the file kinds, or the Markdown format reference."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qmsdoc.atomic import write_atomic
from qmsdoc.model.reference import file_kinds, json_schema, markdown_reference


@dataclass(frozen=True)
class Options:
    kind: str | None = None  # one file kind (procedure, form, qms…); None: all
    format: str = "json"  # json or markdown
    out: Path | None = None  # write <out>/<kind>.schema.json instead of printing


@dataclass
class Result:
    status: int
    text: str = ""  # what is printed on stdout (markdown as is; JSON without the final newline)
    written: list[Path] = field(default_factory=list)  # files written under ``out``
    error: tuple[str, str] | None = None  # (vi, en): unknown kind, exit 2


def run(options: Options) -> Result:
    kinds = file_kinds()
    kind = options.kind
    if kind and kind not in kinds:
        return Result(2, error=(f"Không có loại tệp \"{kind}\". Các loại: {', '.join(kinds)}.",
                                f"No file kind \"{kind}\". Kinds: {', '.join(kinds)}."))
    if options.format == "markdown":
        return Result(0, markdown_reference())
    selected = [kind] if kind else list(kinds)
    if options.out:
        written = []
        for k in selected:
            text = json.dumps(json_schema(k), ensure_ascii=False, indent=2) + "\n"
            write_atomic(options.out / f"{k}.schema.json", text.encode("utf-8"))
            written.append(options.out / f"{k}.schema.json")
        return Result(0, written=written)
    data: Any = json_schema(selected[0]) if kind else {k: json_schema(k) for k in selected}
    return Result(0, json.dumps(data, ensure_ascii=False, indent=2))
