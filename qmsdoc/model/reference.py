"""The file format described from the model: JSON Schemas for editors and the Markdown reference.

Both are generated from the same dataclasses the loader converts into, so the documentation,
the editor schemas and the checks can never disagree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, get_args, get_origin

from qmsdoc.model.base import Located
from qmsdoc.model.config import QmsConfig
from qmsdoc.model.documents import DOCUMENT_KINDS
from qmsdoc.model.duration import Duration
from qmsdoc.model.registers import REGISTER_KINDS
from qmsdoc.model.schema import FieldInfo, fields_of, unwrap_optional

SCHEMA_BASE = "https://qmsdoc.invalid/schema/"


def file_kinds() -> dict[str, type[Located]]:
    """Every file kind, plus ``qms`` for qms.yaml."""
    return {"qms": QmsConfig, **DOCUMENT_KINDS, **REGISTER_KINDS}


def _type_schema(hint: Any) -> dict[str, Any]:
    hint = unwrap_optional(hint)
    origin = get_origin(hint)
    if origin is list:
        (item,) = get_args(hint)
        arr = {"type": "array", "items": _type_schema(item)}
        if isinstance(item, type) and issubclass(item, Located):
            return arr
        return {"anyOf": [arr, _type_schema(item)]}  # one item may be written without a list
    if origin is dict:
        return {"type": "object", "additionalProperties": {"type": ["string", "number"]}}
    if origin is Literal:
        return {"enum": list(get_args(hint))}
    if isinstance(hint, type) and issubclass(hint, Located):
        return object_schema(hint)
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {"type": "integer"}
    if hint is dt.date:
        return {"type": "string", "pattern": r"^(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})$"}
    if hint is Duration:
        return {"type": ["string", "number"]}
    return {"type": ["string", "number"]}  # text fields accept numbers-as-text (codes like 01)


def _describe(info: FieldInfo) -> str:
    return f"{info.vi}\n\n{info.en}"


def object_schema(cls: type) -> dict[str, Any]:
    props: dict[str, Any] = {}
    required = []
    for name, info in fields_of(cls).items():
        schema = _type_schema(info.hint)
        schema["description"] = _describe(info)
        if info.example is not None:
            schema["examples"] = [info.example]
        props[name] = schema
        if info.required:
            required.append(name)
    return {"type": "object", "properties": props, "required": required,
            "additionalProperties": False}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one file kind (its front matter for Markdown files)."""
    cls = file_kinds()[kind]
    schema = object_schema(cls)
    if kind != "qms":
        schema["properties"]["kind"] = {"const": kind,
                                        "description": "Loại tệp / file kind"}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{SCHEMA_BASE}{kind}.json", "title": f"qmsdoc {kind}", **schema}


def _type_name(hint: Any) -> str:
    hint = unwrap_optional(hint)
    origin = get_origin(hint)
    if origin is list:
        return f"list of {_type_name(get_args(hint)[0])}"
    if origin is dict:
        return "mapping"
    if origin is Literal:
        return " \\| ".join(f"`{a}`" for a in get_args(hint))
    if isinstance(hint, type) and issubclass(hint, Located):
        return f"[{hint.__name__}](#{hint.__name__.lower()})"
    return {str: "text", int: "integer", bool: "true/false", dt.date: "date",
            Duration: "duration"}.get(hint, "text")


def markdown_reference() -> str:
    """The field-by-field reference of every file kind (docs/format-reference.md)."""
    lines = ["# Tham chiếu định dạng / Format reference", "",
             "Generated from the model by `qmsdoc schema --format markdown`; do not edit by hand.",
             "Required fields are marked **✓**.", ""]
    seen: set[type] = set()
    queue: list[tuple[str, type]] = list(file_kinds().items())
    while queue:
        kind, cls = queue.pop(0)
        if cls in seen:
            continue
        seen.add(cls)
        title = "qms.yaml" if kind == "qms" else (f"kind: {kind}" if kind else cls.__name__)
        lines += [f"## {cls.__name__}", "", f"*{title}*", "",
                  "| Key | Type | Req. | Mô tả | Description |", "|---|---|---|---|---|"]
        for name, info in fields_of(cls).items():
            lines.append(f"| `{name}` | {_type_name(info.hint)} | {'✓' if info.required else ''}"
                         f" | {info.vi} | {info.en} |")
            inner = unwrap_optional(info.hint)
            if get_origin(inner) is list:
                inner = get_args(inner)[0]
            if isinstance(inner, type) and issubclass(inner, Located) and inner not in seen:
                queue.append(("", inner))
        lines.append("")
    return "\n".join(lines)

