"""Turn a positioned YAML tree into model dataclasses, reporting unknown keys and wrong types.

The dataclass fields are the schema: type hints say what is accepted, ``fld()`` metadata gives
the descriptions. Conversion never raises: a wrong value is reported and left at its default so
the rest of the file is still checked.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
import sys
from functools import cache, lru_cache
from typing import Any, Literal, get_args, get_origin

from qmsdoc.diagnostics import Diagnostic
from qmsdoc.load import problems as codes
from qmsdoc.load.yamlpos import YMap, YNode, YScalar, YSeq
from qmsdoc.model.base import Located
from qmsdoc.model.duration import Duration, DurationError, parse_duration
from qmsdoc.model.schema import FieldInfo, fields_of, unwrap_optional
from qmsdoc.model.span import Span, position

_NOTHING = object()
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


_KIND_VI = {"map": "bảng khóa–giá trị", "seq": "danh sách", "str": "văn bản", "int": "số nguyên",
            "float": "số", "bool": "true/false", "null": "rỗng", "timestamp": "ngày"}
_KIND_EN = {"map": "a mapping", "seq": "a list", "str": "text", "int": "a whole number",
            "float": "a number", "bool": "true/false", "null": "empty", "timestamp": "a date"}


def _found(node: YNode) -> str:
    if isinstance(node, YMap):
        return "map"
    if isinstance(node, YSeq):
        return "seq"
    assert isinstance(node, YScalar)
    return node.tag if node.tag in _KIND_VI else "str"


def _expected(hint: Any) -> tuple[str, str]:
    hint = unwrap_optional(hint)
    origin = get_origin(hint)
    if origin is list:
        return "danh sách", "a list"
    if origin is dict or (isinstance(hint, type) and dataclasses.is_dataclass(hint)):
        return "bảng khóa–giá trị (mapping)", "a mapping"
    if origin is Literal:
        vals = ", ".join(str(a) for a in get_args(hint))
        return f"một trong: {vals}", f"one of: {vals}"
    return {
        str: ("văn bản", "text"),
        int: ("số nguyên", "a whole number"),
        bool: ("true hoặc false", "true or false"),
        dt.date: ("ngày dạng YYYY-MM-DD", "a date as YYYY-MM-DD"),
        Duration: ("thời gian có đơn vị (ví dụ 0,5 ngày)", "a duration with a unit"),
    }.get(hint, ("giá trị hợp lệ", "a valid value"))


@lru_cache(maxsize=4096, typed=True)
def _duration(raw: str | float) -> Duration:
    """parse_duration, memoised: step durations repeat ("2 giờ", "0,5 ngày"); errors are not
    cached (they raise), and Duration is immutable."""
    return parse_duration(raw)


# What a type hint asks the converter to do, decided once per hint (typing introspection is
# slow and the loader converts every value of every file).
_LIST, _DICT, _OBJECT, _LITERAL, _TEXT, _OTHER = range(6)


@cache
def _plan(hint: Any) -> tuple[bool, Any, int, Any]:
    """(optional, hint without None, what to do, the item hint of a list / the values of a
    Literal)."""
    inner = unwrap_optional(hint)
    optional = inner is not hint
    origin = get_origin(inner)
    if origin is list:
        return optional, inner, _LIST, get_args(inner)[0]
    if origin is dict:
        return optional, inner, _DICT, None
    if origin is Literal:
        return optional, inner, _LITERAL, get_args(inner)
    if _is_object(inner):
        return optional, inner, _OBJECT, None
    return optional, inner, _TEXT if inner is str else _OTHER, None


@cache
def _planned(cls: type) -> dict[str, tuple[FieldInfo, tuple[bool, Any, int, Any]]]:
    """Each field of ``cls`` with the plan of its type hint, found once per class."""
    return {name: (info, _plan(info.hint)) for name, info in fields_of(cls).items()}


class Converter:
    """Converts the trees of one file, collecting its diagnostics."""

    def __init__(self, path: str, where_vi: str, where_en: str) -> None:
        self.path = path
        self.where_vi = where_vi
        self.where_en = where_en
        self.diagnostics: list[Diagnostic] = []

    def span(self, node: YNode) -> Span:
        return Span(self.path, node.line, node.column)

    def to_object(self, node: YNode, cls: type, skip: frozenset[str] = frozenset(),
                  extra: dict[str, Any] | None = None) -> Any:
        """Build ``cls`` from a mapping node (unknown keys in ``skip`` are accepted silently;
        ``extra``: fields the file does not write, such as a document's path and body)."""
        if not isinstance(node, YMap):
            return None
        fields = _planned(cls)
        kwargs: dict[str, Any] = dict(extra) if extra else {}
        spans: dict[str, Span | int] = {}
        present = set()
        for key, value in node.items:
            # Names shared by every object (not one copy per object and key): a field's name
            # as the class spells it, and its key's and items' entries in spans.
            name = sys.intern(key.raw)
            entry = fields.get(name)
            if entry is None:
                if name not in skip:
                    self._unknown(key, fields_of(cls))
                continue
            present.add(name)
            spans[name] = position(value.line, value.column)
            spans[sys.intern(name + ":key")] = position(key.line, key.column)
            info, plan = entry
            if plan[2] == _TEXT and type(value) is YScalar and value.tag != "null":
                kwargs[name] = value.raw  # most values: text where text is expected
                continue
            converted = self._planned_value(value, plan, name, info.example, spans)
            if converted is not _NOTHING:
                kwargs[name] = converted
        return cls(span=self.span(node), spans=spans, present=frozenset(present), **kwargs)

    def _unknown(self, key: YScalar, fields: dict[str, FieldInfo]) -> None:
        close = difflib.get_close_matches(key.raw, list(fields), n=1, cutoff=0.6)
        names = ", ".join(fields)
        if close:
            vi, en = f"Có phải ý bạn là \"{close[0]}\"?", f"Did you mean \"{close[0]}\"?"
        else:
            vi, en = f"Các khóa hợp lệ: {names}.", f"Valid keys: {names}."
        self.diagnostics.append(codes.UNKNOWN_KEY.make(
            self.span(key), key=key.raw, where=self.where_vi, where_en=self.where_en,
            suggest_vi=vi, suggest_en=en))

    def _wrong(self, node: YNode, key: str, hint: Any, example: Any) -> object:
        evi, een = _expected(hint)
        found = _found(node)
        self.diagnostics.append(codes.WRONG_TYPE.make(
            self.span(node), key=key, expected_vi=evi, expected_en=een,
            found_vi=_KIND_VI[found], found_en=_KIND_EN[found],
            example=_example_text(key, example)))
        return _NOTHING

    def _invalid(self, node: YNode, key: str, vi: str, en: str, hvi: str = "",
                 hen: str = "") -> object:
        self.diagnostics.append(codes.INVALID_VALUE.make(
            self.span(node), key=key, reason_vi=vi, reason_en=en, hint_vi=hvi, hint_en=hen))
        return _NOTHING

    def value(self, node: YNode, hint: Any, key: str, example: Any,
              spans: dict[str, Span | int]) -> Any:
        """``node`` converted to ``hint``, or _NOTHING (reported) when it cannot be."""
        return self._planned_value(node, _plan(hint), key, example, spans)

    def _planned_value(self, node: YNode, plan: tuple[bool, Any, int, Any], key: str,
                       example: Any, spans: dict[str, Span | int]) -> Any:
        optional, hint, todo, arg = plan
        scalar = type(node) is YScalar
        if scalar:
            assert isinstance(node, YScalar)
            if node.tag == "null":
                if todo in (_LIST, _DICT):
                    return _NOTHING
                return None if optional else _NOTHING
            if todo == _TEXT:  # most values: plain text where text is expected
                return node.raw
        if todo == _LIST:
            items = node.items if isinstance(node, YSeq) else None
            if items is None:
                # A single scalar where a list of scalars is expected: accept it as one item.
                if scalar and not _is_object(arg):
                    items = [node]
                else:
                    return self._wrong(node, key, hint, example)
            out = []
            item_plan = _plan(arg)
            text = item_plan[2] == _TEXT
            for i, item in enumerate(items):
                spans[sys.intern(f"{key}.{i}")] = position(item.line, item.column)
                if text and type(item) is YScalar and item.tag != "null":
                    out.append(item.raw)
                    continue
                v = self._planned_value(item, item_plan, key, example, spans)
                if v is not _NOTHING and v is not None:
                    out.append(v)
            return out
        if todo == _DICT:
            if not isinstance(node, YMap):
                return self._wrong(node, key, hint, example)
            return {k.raw: v.raw for k, v in node.items if isinstance(v, YScalar)}
        if todo == _OBJECT:
            if not isinstance(node, YMap):
                return self._wrong(node, key, hint, example)
            return self.to_object(node, hint)
        if not scalar:
            return self._wrong(node, key, hint, example)
        assert isinstance(node, YScalar)
        if todo == _LITERAL:
            if node.raw in arg:
                return node.raw
            vals = ", ".join(arg)
            return self._invalid(node, key, f"\"{node.raw}\" không thuộc các giá trị {vals}",
                                 f"\"{node.raw}\" is not one of {vals}")
        return self._scalar(node, hint, key, example)

    def _scalar(self, node: YScalar, hint: Any, key: str, example: Any) -> Any:
        if hint is str:
            return node.raw
        if hint is bool:
            if isinstance(node.value, bool):
                return node.value
            return self._wrong(node, key, hint, example)
        if hint is int:
            if isinstance(node.value, int) and not isinstance(node.value, bool):
                return node.value
            digits = node.raw.strip()  # str.strip also drops controls int() refuses (\x1f)
            if re.fullmatch(r"[0-9]+", digits):
                return int(digits)
            return self._wrong(node, key, hint, example)
        if hint is dt.date:
            return self._date(node, key)
        if hint is Duration:
            try:
                return _duration(node.value if isinstance(node.value, int | float)
                                 and not isinstance(node.value, bool) else node.raw)
            except DurationError as e:
                return self._invalid(node, key, e.vi, e.en)
        return node.raw

    def _date(self, node: YScalar, key: str) -> Any:
        v = node.value
        if isinstance(v, dt.datetime):
            return v.date()
        if isinstance(v, dt.date):
            return v
        m = _DMY.match(node.raw.strip())
        if m:
            try:
                return dt.date(int(m[3]), int(m[2]), int(m[1]))
            except ValueError:
                pass
        return self._invalid(
            node, key, f"\"{node.raw}\" không phải là một ngày hợp lệ",
            f"\"{node.raw}\" is not a valid date",
            "Viết ngày dạng YYYY-MM-DD, ví dụ 2026-01-15.",
            "Write dates as YYYY-MM-DD, e.g. 2026-01-15.")


def _is_object(hint: Any) -> bool:
    return isinstance(hint, type) and issubclass(hint, Located)


def _example_text(key: str, example: Any) -> str:
    if example is None:
        return f"{key}: …"
    if isinstance(example, list):
        return f"{key}: [{', '.join(str(e) for e in example)}]"
    return f"{key}: {example}"
