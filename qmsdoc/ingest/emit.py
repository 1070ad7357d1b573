"""The imported document as a qmsdoc source file: YAML front matter and a Markdown body."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from qmsdoc.ingest.extract import Extracted


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    """Short lists of scalars on one line ([BM-01, BM-05]), everything else in block style,
    as qmsdoc's own files are written."""
    flow = all(isinstance(x, str | int) and not isinstance(x, bool) for x in value) and \
        sum(len(str(x)) + 2 for x in value) < 70
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(list, _list)


def source_text(ex: Extracted, source_name: str) -> str:
    """Front matter (with the original's revision table kept as comments) and the body."""
    fields: dict[str, Any] = dict(ex.fields)
    if fields.get("kind") == "form":  # a form has no forms list (a table of codes is text)
        fields.pop("forms", None)
    front = yaml.dump(fields, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=96,
                      default_flow_style=False)
    lines = [f"# Nhập từ {source_name} bằng qmsdoc import; kiểm tra lại theo báo cáo nhập."]
    if ex.history:
        lines.append("# Theo dõi sửa đổi trong tệp gốc (STT | Ngày | Vị trí | Nội dung | Lần | "
                     "Ghi chú):")
        lines.extend(f"#   {h}" for h in ex.history)
    body = ex.body.strip()
    return "---\n" + "\n".join(lines) + "\n" + front + "---\n" + (f"\n{body}\n" if body else "")


def iso(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)
