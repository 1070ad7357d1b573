"""YAML parsing that keeps the line and column of every key and value.

ruamel.yaml composes the node graph (aliases stay shared nodes, so composing an alias bomb is
cheap); we then walk it ourselves with limits on depth and on the number of nodes visited, so that
expanding aliases can never take unbounded time or memory, and duplicate keys are reported
instead of silently overwritten.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from qmsdoc.load.fastyaml import Unsupported as FastUnsupported
from qmsdoc.load.fastyaml import compose as fast_compose
from qmsdoc.load.fastyaml import plain_resolver

TAG = "tag:yaml.org,2002:"


@dataclass(slots=True)
class YNode:
    line: int  # 1-based, in the file (front-matter offset applied)
    column: int  # 1-based


@dataclass(slots=True)
class YScalar(YNode):
    value: Any  # str, int, float, bool, None, date or datetime
    raw: str  # the scalar's text as written (after YAML unquoting)
    tag: str  # short tag: str, int, float, bool, null, timestamp, or the full custom tag


@dataclass(slots=True)
class YMap(YNode):
    items: list[tuple[YScalar, YNode]] = field(default_factory=list)

    def get(self, key: str) -> YNode | None:
        for k, v in self.items:
            if k.raw == key:
                return v
        return None


@dataclass(slots=True)
class YSeq(YNode):
    items: list[YNode] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class YamlProblem:
    """What went wrong while reading YAML. ``kind`` selects the diagnostic to report."""

    kind: str  # syntax | duplicate-key | too-deep | too-many-nodes | recursive | complex-key
    line: int
    column: int
    detail: str = ""


class _Abort(Exception):
    def __init__(self, problem: YamlProblem) -> None:
        self.problem = problem


def _yaml() -> YAML:
    y = YAML(typ="safe", pure=True)
    y.allow_duplicate_keys = True  # we report duplicates ourselves, with positions
    return y


_PARSER = _yaml()
_RESOLVE = plain_resolver(_PARSER.resolver)


def parse_yaml(
    text: str, *, line_offset: int = 0, max_depth: int = 40, max_nodes: int = 200_000
) -> tuple[YNode | None, list[YamlProblem]]:
    """Parse one YAML document. Returns the positioned tree (None if unusable) and problems."""
    # The common plain-block subset is composed ~10x faster line by line; anything else (and
    # every error) goes through ruamel.yaml, the reference. See qmsdoc/load/fastyaml.py.
    if max_depth >= _FAST_MAX_DEPTH:  # the fast subset nests far less than that
        tree = fast_compose(text, _RESOLVE, _TreeBuilder(line_offset, max_nodes))
        if tree is not None:
            return tree, []
    else:
        node = fast_compose(text, _RESOLVE)
        if node is not None:
            return _walk(node, line_offset, max_depth, max_nodes)
    deep = flow_too_deep(text, max_depth)
    if deep is not None:  # refused before ruamel.yaml recurses once per level
        return None, [YamlProblem("too-deep", deep[0] + line_offset, deep[1], str(max_depth))]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. reused anchors: legal YAML, not our business
            node = _PARSER.compose(text)
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        col = mark.column + 1 if mark else 1
        detail = " ".join(str(x) for x in (e.context, e.problem) if x)
        return None, [YamlProblem("syntax", line, col, detail)]
    except YAMLError as e:  # errors without a mark (rare)
        return None, [YamlProblem("syntax", 1 + line_offset, 1, str(e))]
    except RecursionError:  # block nesting hundreds of levels deep (flow is refused above)
        return None, [YamlProblem("too-deep", 1 + line_offset, 1, str(max_depth))]
    if node is None:
        return None, []
    return _walk(node, line_offset, max_depth, max_nodes)


_FLOW_TOKEN = re.compile(r"[\[\]{}'\"#]")
_BLOCK_SCALAR = re.compile(r"(?:^|[\s:-])[|>][-+0-9]*\s*(?:#.*)?$")


def flow_too_deep(text: str, max_depth: int) -> tuple[int, int] | None:
    """(line, column) where the nesting first goes deeper than ``max_depth``, found in one
    pass over the text; None when it never does.

    ruamel.yaml composes a node per level recursively: ``[[[[…`` 5,000 deep once exhausted
    Python's stack. This bounds the work by the length of the text instead, and names the real
    place. Flow collections (``[``, ``{``) are counted, and block levels by indentation (plus
    ``- `` markers that open a sequence on the same line), the latter with one level of
    slack. Quoted scalars, comments and block scalars (``|``, ``>``) are skipped, and in block
    context a bracket counts only where a value starts, so the count exceeds the tree's depth
    only for text no real file has (a plain scalar continued on 40 ever more indented lines).
    """
    if text.count("[") + text.count("{") <= max_depth and text.count("\n") <= max_depth:
        return None  # cannot be deeper: the common case costs three counts
    depth = 0
    quote = ""  # the quote of a quoted scalar that continues on the next line
    literal_indent = -1  # while inside a block scalar: the indentation of its parent line
    indents: list[int] = []  # the block levels open at this point, by indentation
    for n, line in enumerate(text.split("\n"), 1):
        indent = len(line) - len(line.lstrip(" "))
        if literal_indent >= 0:
            if not line.strip() or indent > literal_indent:
                continue
            literal_indent = -1
        pos = 0
        if quote:
            pos = _quote_end(line, 0, quote)
            if pos < 0:
                continue
            quote = ""
        elif depth == 0 and line.strip() and not line.lstrip(" ").startswith("#"):
            while indents and indents[-1] > indent:
                indents.pop()
            if not indents or indents[-1] < indent:
                indents.append(indent)
            dashes, rest = 0, line[indent:]
            while rest == "-" or rest.startswith("- "):
                dashes += 1
                rest = rest[2:].lstrip(" ")
            if len(indents) + dashes > max_depth + 1:
                return n, indent + 1
        while True:
            m = _FLOW_TOKEN.search(line, pos)
            if m is None:
                break
            i, ch = m.start(), m.group()
            before = line[:i].rstrip()
            if ch == "#":
                if i == 0 or line[i - 1] in " \t":
                    break  # a comment
                pos = i + 1
                continue
            starts = not before or (depth > 0 and before.endswith(("[", "{", ","))) or (
                before[-1] in ":-?" and len(before) < i and (len(before) == 1
                                                              or before[-2] in " \t:-?"
                                                              or before[-1] == ":"))
            if ch in "'\"":
                if not starts:
                    pos = i + 1  # an apostrophe inside a plain scalar
                    continue
                end = _quote_end(line, i + 1, ch)
                if end < 0:
                    quote = ch
                    break
                pos = end
                continue
            if ch in "[{":
                if depth > 0 or starts:
                    depth += 1
                    if depth > max_depth:
                        return n, i + 1
            elif depth > 0:
                depth -= 1
            pos = i + 1
        if depth == 0 and not quote and _BLOCK_SCALAR.search(line):
            literal_indent = indent
    return None


def _quote_end(line: str, start: int, quote: str) -> int:
    """The index after the closing quote of a scalar opened before ``start``; -1: not here."""
    i = start
    while True:
        j = line.find(quote, i)
        if j < 0:
            return -1
        if quote == "'":
            if line.startswith("''", j):
                i = j + 2  # an escaped quote
                continue
            return j + 1
        k = j
        while k > start and line[k - 1] == "\\":
            k -= 1
        if (j - k) % 2 == 0:
            return j + 1
        i = j + 1


def _walk(node: Node, line_offset: int, max_depth: int,
          max_nodes: int) -> tuple[YNode | None, list[YamlProblem]]:
    walker = _Walker(line_offset, max_depth, max_nodes)
    try:
        tree = walker.walk(node, 0, ())
    except _Abort as a:
        return None, [*walker.problems, a.problem]
    return tree, walker.problems


class _Walker:
    def __init__(self, line_offset: int, max_depth: int, max_nodes: int) -> None:
        self.offset = line_offset
        self.max_depth = max_depth
        self.max_nodes = max_nodes
        self.count = 0
        self.problems: list[YamlProblem] = []

    def _pos(self, node: Node) -> tuple[int, int]:
        m = node.start_mark
        return m.line + 1 + self.offset, m.column + 1

    def walk(self, node: Node, depth: int, stack: tuple[int, ...]) -> YNode:
        self.count += 1
        line, col = self._pos(node)
        if self.count > self.max_nodes:
            raise _Abort(YamlProblem("too-many-nodes", line, col, str(self.max_nodes)))
        if depth > self.max_depth:
            raise _Abort(YamlProblem("too-deep", line, col, str(self.max_depth)))
        if isinstance(node, ScalarNode):
            return _scalar(node, line, col)
        if id(node) in stack:
            raise _Abort(YamlProblem("recursive", line, col))
        inner = (*stack, id(node))
        if isinstance(node, SequenceNode):
            return YSeq(line, col, [self.walk(n, depth + 1, inner) for n in node.value])
        if isinstance(node, MappingNode):
            out = YMap(line, col)
            seen: set[str] = set()
            for knode, vnode in node.value:
                kline, kcol = self._pos(knode)
                if not isinstance(knode, ScalarNode):
                    self.problems.append(YamlProblem("complex-key", kline, kcol))
                    continue
                key = _scalar(knode, kline, kcol)
                if key.raw in seen:
                    self.problems.append(YamlProblem("duplicate-key", kline, kcol, key.raw))
                    continue
                seen.add(key.raw)
                out.items.append((key, self.walk(vnode, depth + 1, inner)))
            return out
        return YScalar(line, col, None, "", "null")  # pragma: no cover - unknown node type


#: Positioned trees are built straight from the fast composer (no ruamel nodes, no walk) when
#: ``max_depth`` is at least this: its blocks nest at most 15 deep, i.e. fewer tree levels.
_FAST_MAX_DEPTH = 32


class _TreeBuilder:
    """Builds the positioned tree directly; gives up (slow path) past ``max_nodes``."""

    def __init__(self, line_offset: int, max_nodes: int) -> None:
        self.offset = line_offset + 1
        self.left = max_nodes

    def scalar(self, tag: str, value: str, row: int, col: int, style: str | None = None) -> YNode:
        self.left -= 1
        if self.left < 0:
            raise FastUnsupported
        return _scalar_of(value, tag, row + self.offset, col + 1)

    def seq(self, items: list[YNode], row: int, col: int, flow: bool = False) -> YNode:
        self.left -= 1
        return YSeq(row + self.offset, col + 1, items)

    def map(self, items: list[tuple[YScalar, YNode]], row: int, col: int) -> YNode:
        self.left -= 1
        return YMap(row + self.offset, col + 1, items)


_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*|0[0-7_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|0[0-9_]+)")


def _scalar(node: ScalarNode, line: int, col: int) -> YScalar:
    raw = node.value if isinstance(node.value, str) else str(node.value)
    return _scalar_of(raw, node.tag or "", line, col)


def _scalar_of(raw: str, tag: str, line: int, col: int) -> YScalar:
    short = tag[len(TAG):] if tag.startswith(TAG) else tag
    value: Any = raw
    try:
        if short == "null":
            value = None
        elif short == "bool":
            value = raw.lower() == "true"
        elif short == "int":
            text = raw.replace("_", "")
            if text.lower().startswith(("0x", "-0x", "+0x")):
                value = int(text, 16)
            elif text.lower().startswith(("0o", "-0o", "+0o")):
                value = int(text.replace("o", "").replace("O", ""), 8)
            else:
                value = int(text, 10)
        elif short == "float":
            low = raw.lower().replace("_", "")
            if low.endswith(".inf"):
                value = float("-inf") if low.startswith("-") else float("inf")
            elif low == ".nan":
                value = float("nan")
            else:
                value = float(low)
        elif short == "timestamp":
            value = _timestamp(raw)
    except ValueError:
        value = raw
    return YScalar(line, col, value, raw, short)


def _timestamp(raw: str) -> dt.date | dt.datetime | str:
    text = raw.strip()
    if len(text) == 10:
        return dt.date.fromisoformat(text)
    try:
        return dt.datetime.fromisoformat(text.replace("t", "T").replace(" ", "T", 1))
    except ValueError:
        return raw


def plain(node: YNode | None) -> Any:
    """The tree as plain Python values (positions dropped)."""
    if node is None:
        return None
    if isinstance(node, YScalar):
        return node.value
    if isinstance(node, YSeq):
        return [plain(n) for n in node.items]
    if isinstance(node, YMap):
        return {k.raw: plain(v) for k, v in node.items}
    return None
