"""YAML parsing that keeps the line and column of every key and value.

libyaml (PyYAML's C binding) composes the node graph; aliases stay shared nodes, so composing an
alias bomb is cheap, and libyaml bounds nesting itself. We then walk the graph with limits on
depth and on the number of nodes visited, so that expanding aliases can never take unbounded time
or memory, and duplicate keys are reported instead of silently overwritten.

Plain scalars get their type from YAML 1.2 (ruamel.yaml's resolver table, the reference for how
qmsdoc reads and writes YAML), never from PyYAML's YAML 1.1 resolver: ``yes``, ``no``, ``on`` and
``010`` mean what they mean to ``fmt`` and ``release``. Any text libyaml refuses is composed again
by ruamel.yaml, so syntax errors keep ruamel's wording and positions. Without libyaml (a PyYAML
built without it) everything goes through ruamel.yaml: slower, same trees.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from yaml import YAMLError as LibYAMLError
from yaml.nodes import ScalarNode as LibScalarNode

try:
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover - PyYAML wheels ship libyaml on every platform we target
    CParser = None

TAG = "tag:yaml.org,2002:"
_STR = TAG + "str"
_SEQ = TAG + "seq"
_MAP = TAG + "map"


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


def _plain_resolver(resolver: Any) -> Any:
    """A memoised YAML 1.2 implicit tag of a plain scalar, as ruamel.yaml resolves it.

    The same regular expressions, indexed by first character, as ruamel's VersionedResolver for
    its default version, without its per-call version detection; keys and short values repeat a
    lot, so results are cached (bounded).
    """
    table = {k: list(v) for k, v in resolver.versioned_resolver.items()}
    extra = table.get(None, [])
    cache: dict[str, str] = {}

    def resolve(value: str) -> str:
        tag = cache.get(value)
        if tag is None:
            for t, rx in table.get(value[0] if value else "", []) + extra:
                if rx.match(value):
                    tag = str(t)
                    break
            else:
                tag = _STR
            if len(value) < 64 and len(cache) < 8192:
                cache[value] = tag
        return tag

    return resolve


_RESOLVE = _plain_resolver(_PARSER.resolver)

if CParser is not None:

    class _Composer(CParser):
        """libyaml's composer with YAML 1.2 tags for plain scalars."""

        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            if kind is LibScalarNode:
                if implicit[0] or (value == "" and not implicit[1]):  # plain, or a bare "!"
                    return _RESOLVE(value)
                return _STR
            return _SEQ if kind.id == "sequence" else _MAP

        def descend_resolver(self, parent: Any, index: Any) -> None:
            pass

        def ascend_resolver(self) -> None:
            pass


def parse_yaml(
    text: str, *, line_offset: int = 0, max_depth: int = 40, max_nodes: int = 200_000
) -> tuple[YNode | None, list[YamlProblem]]:
    """Parse one YAML document. Returns the positioned tree (None if unusable) and problems."""
    if CParser is not None:
        try:
            node = _Composer(text).get_single_node()
        except LibYAMLError as e:
            if "maximum nesting depth" in str(e):
                line, col = _too_deep_at(text, max_depth)
                return None, [YamlProblem("too-deep", line + line_offset, col, str(max_depth))]
        else:
            if node is None:
                return None, []
            return _walk(node, line_offset, max_depth, max_nodes)
    # ruamel.yaml is the reference for text libyaml refuses: its messages and positions.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. reused anchors: legal YAML, not our business
            rnode = _PARSER.compose(text)
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        col = mark.column + 1 if mark else 1
        detail = " ".join(str(x) for x in (e.context, e.problem) if x)
        return None, [YamlProblem("syntax", line, col, detail)]
    except YAMLError as e:  # errors without a mark (rare)
        return None, [YamlProblem("syntax", 1 + line_offset, 1, str(e))]
    except RecursionError:
        return None, [YamlProblem("too-deep", 1 + line_offset, 1, str(max_depth))]
    if rnode is None:
        return None, []
    return _walk(rnode, line_offset, max_depth, max_nodes)


def event_count(text: str) -> int | None:
    """How many parse events libyaml reads in ``text`` (no node is built: C speed), or None
    when it refuses the text or there is no libyaml. Every node is at least one event, so
    without aliases this bounds the number of nodes."""
    if CParser is None:
        return None
    try:
        return int(CParser(text).raw_parse())
    except LibYAMLError:
        return None


def composes(text: str) -> bool:
    """Whether libyaml composes ``text`` into one document (aliases resolved), without walking it;
    False without libyaml."""
    if CParser is None:
        return False
    try:
        _Composer(text).get_single_node()
    except LibYAMLError:
        return False
    return True


def _too_deep_at(text: str, max_depth: int) -> tuple[int, int]:
    """Where the nesting first goes deeper than ``max_depth``: libyaml's events, counted (the
    same depth the walker counts), up to there only."""
    depth = 0
    parser = _Composer(text)
    try:
        while True:
            event = parser.get_event()
            if event is None:
                break
            kind = type(event).__name__
            if kind in ("SequenceStartEvent", "MappingStartEvent"):
                if depth > max_depth:
                    return event.start_mark.line + 1, event.start_mark.column + 1
                depth += 1
            elif kind in ("SequenceEndEvent", "MappingEndEvent"):
                depth -= 1
    except LibYAMLError as e:
        mark = getattr(e, "problem_mark", None)
        if mark is not None:
            return mark.line + 1, mark.column + 1
    return 1, 1


def _walk(node: Any, line_offset: int, max_depth: int,
          max_nodes: int) -> tuple[YNode | None, list[YamlProblem]]:
    walker = _Walker(line_offset, max_depth, max_nodes)
    try:
        tree = walker.walk(node, 0, ())
    except _Abort as a:
        return None, [*walker.problems, a.problem]
    return tree, walker.problems


class _Walker:
    """Walks a libyaml or a ruamel.yaml node graph (both name their node kinds by ``id``)."""

    def __init__(self, line_offset: int, max_depth: int, max_nodes: int) -> None:
        self.offset = line_offset
        self.max_depth = max_depth
        self.max_nodes = max_nodes
        self.count = 0
        self.problems: list[YamlProblem] = []

    def walk(self, node: Any, depth: int, stack: tuple[int, ...]) -> YNode:
        self.count += 1
        m = node.start_mark
        line, col = m.line + 1 + self.offset, m.column + 1
        if self.count > self.max_nodes:
            raise _Abort(YamlProblem("too-many-nodes", line, col, str(self.max_nodes)))
        if depth > self.max_depth:
            raise _Abort(YamlProblem("too-deep", line, col, str(self.max_depth)))
        kind = node.id
        if kind == "scalar":
            return _scalar(node, line, col)
        if id(node) in stack:
            raise _Abort(YamlProblem("recursive", line, col))
        inner = (*stack, id(node))
        below = depth + 1
        off = self.offset
        # Most children are scalars: they are built here, not by a call per node, while no
        # limit is reached (then walk() reports it, at the node where it is reached).
        leaf_ok = below <= self.max_depth
        if kind == "sequence":
            items: list[YNode] = []
            for n in node.value:
                if n.id == "scalar" and leaf_ok and self.count < self.max_nodes:
                    self.count += 1
                    m = n.start_mark
                    items.append(_scalar(n, m.line + 1 + off, m.column + 1))
                else:
                    items.append(self.walk(n, below, inner))
            return YSeq(line, col, items)
        out = YMap(line, col)
        pairs = out.items
        seen: set[str] = set()
        for knode, vnode in node.value:
            m = knode.start_mark
            kline, kcol = m.line + 1 + off, m.column + 1
            if knode.id != "scalar":
                self.problems.append(YamlProblem("complex-key", kline, kcol))
                continue
            key = _scalar(knode, kline, kcol)
            if key.raw in seen:
                self.problems.append(YamlProblem("duplicate-key", kline, kcol, key.raw))
                continue
            seen.add(key.raw)
            if vnode.id == "scalar" and leaf_ok and self.count < self.max_nodes:
                self.count += 1
                m = vnode.start_mark
                pairs.append((key, _scalar(vnode, m.line + 1 + off, m.column + 1)))
            else:
                pairs.append((key, self.walk(vnode, below, inner)))
        return out


_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*|0[0-7_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|0[0-9_]+)")


def _scalar(node: Any, line: int, col: int) -> YScalar:
    raw = node.value
    if node.tag == _STR and type(raw) is str:  # most scalars: text, nothing to convert
        return YScalar(line, col, raw, raw, "str")
    raw = raw if isinstance(raw, str) else str(raw)
    return _scalar_of(raw, str(node.tag or ""), line, col)


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
