"""Whether a source is already in ``fmt``'s canonical form, told without the round trip.

``fmt`` makes the canonical form with ruamel.yaml's round trip, which keeps comments but is pure
Python (about 10 ms a file). Most files of a repository are canonical already, and for them
``fmt --check`` only has to say so. This module checks the rules of the canonical form directly
on libyaml's event stream (C, with positions) and the source lines: keys in the order of their
kind, 2-space indentation with list items indented under their key, ``key: value`` with one
space, dates of date fields as ``YYYY-MM-DD``, one-line flow lists within the width, the text in
NFC with one final newline and no trailing spaces, and no old duration spelling.

It answers "canonical" only for the plain, common subset of YAML whose round trip it can predict
(no anchors, tags, folded or multi-line flow scalars, escapes, tabs, …); anything else is left to
the round trip, so the answer is never wrong, only sometimes "don't know". A differential test
(tests/test_fmt_canonical.py) holds it to the round trip on the sample, the real records and a
few thousand mutated files.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import cache
from typing import Any, get_args, get_origin

import yaml

from qmsdoc.load.files import ALL_KINDS, split_front_matter
from qmsdoc.load.text import decode_source
from qmsdoc.migrate import migrate_bytes
from qmsdoc.model.base import Located
from qmsdoc.model.config import QmsConfig
from qmsdoc.model.schema import fields_of, unwrap_optional

__all__ = ["NO_WRAP", "as_date", "flow_items", "is_canonical", "key_order", "wrap_flow_list"]

WIDTH = 100  # fmt wraps one-line flow lists longer than this
NO_WRAP = 10**9  # ruamel's line width for fmt: a scalar is never broken over lines
HEAD = ("kind", "code", "title")
_MAX_DEPTH = 40
_MAX_KEY = 120  # ruamel writes keys of 128 characters and more as ``? key``
# Characters ruamel's emitter writes as they are (no escaping, no forced quotes).
_UNSAFE = re.compile("[^\n\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_CANON_INT = re.compile(r"0|-?[1-9][0-9]*")
_CANON_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_BLOCK_HEADER = re.compile(r"[|>]-?")


def flow_items(text: str) -> list[str] | None:
    """The items of a one-line flow list of plain or double-quoted scalars, else None."""
    items = []
    for m in re.finditer(r'\s*("(?:[^"\\]|\\.)*"|[^,\[\]{}"\'#]+?)\s*(,|$)', text):
        if m.group(0).strip():
            items.append(m.group(1))
    return items if ", ".join(items) == text.strip() else None


def wrap_flow_list(head: str, items: list[str]) -> list[str]:
    """``head`` (``key: [``) and the items, wrapped after a comma before WIDTH, each
    continuation aligned with the first item (the sample manual's style)."""
    pad = " " * len(head)
    out = []
    current = head
    for i, item in enumerate(items):
        piece = item + ("," if i < len(items) - 1 else "]")
        if i == 0:
            current += piece
        elif len(current) + 1 + len(piece) > WIDTH:
            out.append(current)
            current = pad + piece
        else:
            current += " " + piece
    out.append(current)
    return out


class _Unsure(Exception):
    """The source is outside the subset whose round trip this module predicts."""


# A node of the light tree: ("map", [(key, node)]), ("seq", [node]), ("scalar", value, style, tag)
_Node = tuple[Any, ...]


@cache
def _implicit_tags() -> dict[str, list[tuple[str, Any]]]:
    """ruamel.yaml's YAML 1.2 implicit resolvers by first character: the same regular
    expressions the round trip uses to tell a number, a date or a boolean from text."""
    from ruamel.yaml.resolver import VersionedResolver

    table = VersionedResolver(version=(1, 2)).versioned_resolver
    anywhere = list(table.get(None, []))
    return {str(first): [(str(tag).rsplit(":", 1)[-1], rx) for tag, rx in [*found, *anywhere]]
            for first, found in table.items() if first is not None}


def _tag_of(value: str) -> str:
    for tag, rx in _implicit_tags().get(value[:1], ()):
        if rx.match(value):
            return tag
    return "str"


class _Walker:
    """Checks the layout of a block-style document event by event, building a light tree."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.events = list(yaml.parse(text, Loader=yaml.CSafeLoader))
        self.i = 0

    def next(self) -> Any:
        if self.i >= len(self.events):
            raise _Unsure
        ev = self.events[self.i]
        self.i += 1
        return ev

    def peek(self) -> Any:
        if self.i >= len(self.events):
            raise _Unsure
        return self.events[self.i]

    def document(self) -> _Node | None:
        if not isinstance(self.next(), yaml.StreamStartEvent):
            raise _Unsure
        start = self.next()
        if isinstance(start, yaml.StreamEndEvent):
            return None
        if not isinstance(start, yaml.DocumentStartEvent) or start.explicit:
            raise _Unsure
        first = self.peek()
        if isinstance(first, yaml.MappingStartEvent):
            root = self.mapping(self.next(), col=0, depth=0, after_dash=False)
        else:
            # Not a mapping: not a qmsdoc file, only the text is normalised; still the YAML
            # must be one ruamel reads without complaint.
            root = self.node(self.next(), depth=0)
        end = self.next()
        if not isinstance(end, yaml.DocumentEndEvent) or end.explicit:
            raise _Unsure
        if not isinstance(self.next(), yaml.StreamEndEvent):
            raise _Unsure  # a second document
        return root

    def node(self, ev: Any, depth: int) -> _Node:
        """Any node, layout unchecked: only for the root of a file that is not a mapping."""
        if depth > _MAX_DEPTH or getattr(ev, "anchor", None) is not None:
            raise _Unsure
        if isinstance(ev, yaml.ScalarEvent):
            return self.scalar(ev)
        if isinstance(ev, yaml.SequenceStartEvent):
            items = []
            while not isinstance(self.peek(), yaml.SequenceEndEvent):
                items.append(self.node(self.next(), depth + 1))
            self.next()
            return ("seq", items)
        raise _Unsure

    def _line_before(self, line: int, col: int) -> str:
        return self.lines[line][:col]

    def _rest(self, line: int, col: int) -> str:
        return self.lines[line][col:]

    def _check_tail(self, line: int, col: int) -> None:
        """What follows a value on its line: nothing, or a comment after a space."""
        rest = self._rest(line, col)
        if rest and not re.fullmatch(r" +#.*", rest):
            raise _Unsure

    def mapping(self, start: Any, col: int, depth: int, after_dash: bool) -> _Node:
        if depth > _MAX_DEPTH or start.anchor is not None or start.flow_style \
                or not start.implicit:
            raise _Unsure
        items: list[tuple[str, _Node]] = []
        seen: set[str] = set()
        first = True
        while True:
            ev = self.next()
            if isinstance(ev, yaml.MappingEndEvent):
                break
            if not isinstance(ev, yaml.ScalarEvent) or ev.style or ev.anchor is not None \
                    or ev.tag is not None:
                raise _Unsure
            key = ev.value
            line, kcol = ev.start_mark.line, ev.start_mark.column
            if kcol != col or ev.end_mark.line != line or not key or len(key) > _MAX_KEY \
                    or _UNSAFE.search(key) or key in seen or _tag_of(key) != "str":
                raise _Unsure
            before = self._line_before(line, kcol)
            if first and after_dash:
                if before != " " * (col - 2) + "- ":
                    raise _Unsure
            elif before.strip():
                raise _Unsure
            first = False
            seen.add(key)
            items.append((key, self.value(ev, depth)))
        return ("map", items)

    def value(self, key_ev: Any, depth: int) -> _Node:
        """The value of a mapping key, checked against the layout ruamel writes."""
        line, kcol, kend = key_ev.start_mark.line, key_ev.start_mark.column, key_ev.end_mark.column
        ev = self.next()
        if isinstance(ev, yaml.ScalarEvent):
            if ev.style in ("|", ">"):
                if not self._rest(line, kend).startswith(": "):
                    raise _Unsure
                return self.block_scalar(ev, line, kend + 2, indent=kcol + 2)
            if ev.start_mark.line != line:
                raise _Unsure
            if ev.style == "" and ev.value == "" and ev.start_mark.index == ev.end_mark.index:
                if not self._rest(line, kend).startswith(":"):
                    raise _Unsure
                self._check_tail(line, kend + 1)
                return ("scalar", None, "", "null")
            if self.lines[line][kend:ev.start_mark.column] != ": ":
                raise _Unsure
            node = self.scalar(ev)
            self._check_tail(ev.end_mark.line, ev.end_mark.column)
            return node
        if isinstance(ev, yaml.SequenceStartEvent) and ev.flow_style:
            if self.lines[line][kend:ev.start_mark.column] != ": ":
                raise _Unsure
            return self.flow_sequence(ev, line)
        # A block collection starts on a later line; the key's line ends with the colon.
        if not self._rest(line, kend).startswith(":") or ev.start_mark.line <= line:
            raise _Unsure
        self._check_tail(line, kend + 1)
        if isinstance(ev, yaml.MappingStartEvent):
            return self.mapping(ev, col=kcol + 2, depth=depth + 1, after_dash=False)
        if isinstance(ev, yaml.SequenceStartEvent):
            return self.sequence(ev, dash=kcol + 2, depth=depth + 1)
        raise _Unsure

    def sequence(self, start: Any, dash: int, depth: int) -> _Node:
        if depth > _MAX_DEPTH or start.anchor is not None or not start.implicit:
            raise _Unsure
        items: list[_Node] = []
        while True:
            ev = self.peek()
            if isinstance(ev, yaml.SequenceEndEvent):
                self.next()
                return ("seq", items)
            ev = self.next()
            line, col = ev.start_mark.line, ev.start_mark.column
            if col != dash + 2 or self._line_before(line, col) != " " * dash + "- ":
                raise _Unsure
            if isinstance(ev, yaml.MappingStartEvent):
                items.append(self.mapping(ev, col=dash + 2, depth=depth + 1, after_dash=True))
            elif isinstance(ev, yaml.ScalarEvent) and ev.style in ("|", ">"):
                items.append(self.block_scalar(ev, line, col, indent=dash + 2))
            elif isinstance(ev, yaml.ScalarEvent) and ev.style not in ("|", ">") \
                    and ev.end_mark.line == line and not (ev.style == "" and ev.value == ""):
                items.append(self.scalar(ev))
                self._check_tail(line, ev.end_mark.column)
            else:
                raise _Unsure

    def flow_sequence(self, start: Any, line: int) -> _Node:
        """A flow list as fmt writes it: ``key: [a, b]`` on one line, or wrapped after a comma
        at the width with its continuation aligned under the first item."""
        if start.anchor is not None or not start.implicit:
            raise _Unsure
        items: list[_Node] = []
        sources: list[str] = []
        while True:
            ev = self.next()
            if isinstance(ev, yaml.SequenceEndEvent):
                break
            if not isinstance(ev, yaml.ScalarEvent) or ev.style not in ("", '"') \
                    or ev.end_mark.line != ev.start_mark.line:
                raise _Unsure
            node = self.scalar(ev)
            if ev.style == "" and node[3] != "str":
                raise _Unsure  # numbers and dates in flow lists: rare, left to the round trip
            items.append(node)
            sources.append(self.lines[ev.start_mark.line][ev.start_mark.column:ev.end_mark.column])
        head = self.lines[line][:start.start_mark.column + 1]
        one_line = head + ", ".join(sources) + "]"
        tail = self._rest(ev.end_mark.line, ev.end_mark.column)
        if len(one_line) <= WIDTH:
            expected = [one_line]
        elif tail or flow_items(", ".join(sources)) != sources:
            raise _Unsure  # a long list fmt cannot wrap: left to the round trip
        else:
            expected = wrap_flow_list(head, sources)
        got = self.lines[line:ev.end_mark.line + 1]
        got[-1] = got[-1][:ev.end_mark.column]
        if got != expected:
            raise _Unsure
        self._check_tail(ev.end_mark.line, ev.end_mark.column)
        return ("seq", items)

    def scalar(self, ev: Any) -> _Node:
        if ev.anchor is not None or ev.tag is not None \
                or ev.start_mark.line != ev.end_mark.line or _UNSAFE.search(ev.value):
            raise _Unsure
        if ev.style == "":
            tag = _tag_of(ev.value)
            if tag == "str":
                return ("scalar", ev.value, "", "str")
            if tag == "int" and _CANON_INT.fullmatch(ev.value):
                return ("scalar", int(ev.value), "", "int")
            if tag == "bool" and ev.value in ("true", "false"):
                return ("scalar", ev.value == "true", "", "bool")
            if tag == "timestamp" and _CANON_DATE.fullmatch(ev.value):
                try:
                    return ("scalar", dt.date.fromisoformat(ev.value), "", "date")
                except ValueError:
                    raise _Unsure from None
            raise _Unsure
        source = self.lines[ev.start_mark.line][ev.start_mark.column:ev.end_mark.column]
        if ev.style == '"' and "\\" not in source or ev.style == "'":
            return ("scalar", ev.value, ev.style, "str")
        raise _Unsure

    def block_scalar(self, ev: Any, line: int, head: int, indent: int) -> _Node:
        """A literal (``|``) or folded (``>``) block under its key, as ruamel writes it back:
        the header alone after ``: ``, every line indented by exactly two more than the key
        (none more: a more-indented line of a folded block is kept apart), no blank line at
        its end. ruamel keeps the place of each fold, so a folded block comes back as it is.
        ``head`` is the column of the header (after ``key: `` or ``- ``)."""
        header = self._rest(line, head)
        value: str = ev.value
        end = ev.end_mark.line
        if ev.start_mark.line != line or ev.start_mark.column != head \
                or not _BLOCK_HEADER.fullmatch(header) \
                or ev.end_mark.column != 0 or end <= line + 1 or _UNSAFE.search(value):
            raise _Unsure
        body = self.lines[line + 1:end]
        pad = " " * indent
        if not body[-1] or not body[0] or any(
                part and (not part.startswith(pad) or part[indent] == " ") for part in body):
            raise _Unsure
        texts = [part[indent:] for part in body]
        if header[0] == "|":
            expected = "\n".join(texts)
        else:
            expected, blank = texts[0], 0
            for part in texts[1:]:
                if not part:
                    blank += 1
                    continue
                expected += ("\n" * blank if blank else " ") + part
                blank = 0
        if not header.endswith("-"):
            expected += "\n"
        if value != expected:
            raise _Unsure
        # A blank line after the block: ruamel may move it into the value's end.
        if end < len(self.lines) - 1 and not self.lines[end].strip():
            raise _Unsure
        return ("scalar", value, header[0], "str")


# --------------------------------------------------------------------------- the data


def key_order(cls: type, top: bool) -> list[str]:
    """The model's field order; a file's own mapping starts with kind, code, title."""
    names = list(fields_of(cls))
    head = [k for k in HEAD if k in names] if top else []
    return head + [k for k in names if k not in head]


def as_date(value: Any) -> dt.date | None:
    """The date a value of a date field reads as when fmt rewrites it (``15/01/2026`` or a
    quoted ``"2026-01-15"``); None for a date already, a datetime or anything else."""
    if isinstance(value, dt.datetime) or not isinstance(value, str | dt.date):
        return None
    if isinstance(value, dt.date):
        return value
    text = value.strip()
    m = _DMY.match(text)
    try:
        if m:
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
    except ValueError:
        return None
    return None


def _date_kept(node: _Node) -> bool:
    """A date field's value that fmt leaves as it is (it rewrites dates written as text)."""
    if node[0] != "scalar" or node[3] in ("date", "null", "int", "bool"):
        return True
    return as_date(str(node[1])) is None


def _value_kept(node: _Node, hint: Any) -> bool:
    hint = unwrap_optional(hint)
    if get_origin(hint) is list:
        (item,) = get_args(hint)
        if node[0] == "seq":
            return all(_value_kept(n, item) for n in node[1])
        return _value_kept(node, item)
    if isinstance(hint, type) and issubclass(hint, Located) and node[0] == "map":
        return _map_kept(node, hint, top=False)
    if hint is dt.date:
        return _date_kept(node)
    return True


def _map_kept(node: _Node, cls: type, top: bool) -> bool:
    """The mapping's keys are in canonical order and its values need no rewriting."""
    fields = fields_of(cls)
    keys = [k for k, _ in node[1]]
    for key, child in node[1]:
        if key in fields and not _value_kept(child, fields[key].hint):
            return False
    order = [k for k in key_order(cls, top) if k in keys]
    return keys == order + [k for k in keys if k not in order]


def _class_for(root: _Node | None, is_config: bool) -> type | None:
    if is_config:
        return QmsConfig
    if root is not None and root[0] == "map":
        for key, child in root[1]:
            if key == "kind" and child[0] == "scalar" and child[3] == "str":
                return ALL_KINDS.get(child[1])
    return None


def _yaml_canonical(yaml_text: str, is_config: bool) -> bool:
    if yaml_text.startswith(("\n", " ")) or "\t" in yaml_text or any(
            line != line.rstrip() for line in yaml_text.split("\n")):
        return False
    try:
        root = _Walker(yaml_text).document()
    except (_Unsure, yaml.YAMLError, IndexError, RecursionError):
        return False
    cls = _class_for(root, is_config)
    if cls is None or root is None or root[0] != "map":
        return True  # not a qmsdoc file: fmt only normalises its text
    return _map_kept(root, cls, top=True)


def is_canonical(rel: str, data: bytes, *, is_config: bool, bare_day_working: bool) -> bool:
    """True only if ``fmt`` would leave these bytes exactly as they are.

    False means "not known": the file may be canonical, and the round trip decides.
    """
    decoded = decode_source(data)
    text = decoded.text
    if decoded.problems or text is None or not text.strip():
        return False
    if text.encode("utf-8") != data or not unicodedata.is_normalized("NFC", text) \
            or "\r" in text or text != text.rstrip() + "\n":
        return False
    if rel.lower().endswith(".md"):
        try:
            split = split_front_matter(text)
        except ValueError:
            return False
        if split is None:
            return True
        yaml_text, body, _ = split
        closing = text[4 + len(yaml_text): len(text) - len(body)]
        if not text.startswith("---\n") or closing.strip() + "\n" != closing \
                or not _yaml_canonical(yaml_text, False):
            return False
    elif not _yaml_canonical(text, is_config):
        return False
    return migrate_bytes(rel, data, bare_day_is_working=bare_day_working) == data
