"""A fast composer for the plain block YAML that qmsdoc files are written in.

ruamel.yaml's pure-Python scanner reads character by character: composing the front matter of
one procedure (~7 KB, 8–15 steps) takes 15–25 ms, which made parsing ~90 % of ``qmsdoc check``
(see docs/performance.md). This module composes the same node graph line by line, ~10–20×
faster, for the subset of YAML that front matter and registers use in practice:

* block mappings whose keys are plain words (``[A-Za-z_][A-Za-z0-9_-]*``), block sequences
  (indented or not, ``- key: value`` compact items), comments;
* single-line plain scalars, single- and double-quoted scalars without backslash escapes,
  one-line flow sequences of such scalars (``[BM-01, "8.1"]``), folded and literal block scalars
  (``>``, ``>-``, ``|``, ``|-``) without more-indented or trailing-space lines.

Anything else — anchors, aliases, tags, flow mappings, multi-line plain or quoted scalars,
escapes, tabs, document markers, empty values, keep chomping, odd indentation, syntax errors —
makes :func:`compose` return ``None`` and the caller falls back to ruamel.yaml, which stays the
reference: the fast path only ever produces the node graph ruamel.yaml would (same tags via
ruamel's own resolver, same values, same start positions), which the tests check on every
sample and generated file and on random inputs. It never raises.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_TAG_STR = "tag:yaml.org,2002:str"
_TAG_MAP = "tag:yaml.org,2002:map"
_TAG_SEQ = "tag:yaml.org,2002:seq"

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +|$)")
# First characters a plain scalar may not start with (YAML indicators); "-" is allowed when
# followed by a digit (a negative number).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_MAX_DEPTH = 15  # nesting of blocks; real files use 5 at most


class Unsupported(Exception):
    """Raised by the composer or a builder: this text is for ruamel.yaml."""


_Unsupported = Unsupported


class _Mark:
    __slots__ = ("line", "column")

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column


# ruamel.yaml nodes keep their tag as a Tag object and rebuild the string (with URI decoding)
# on every ``node.tag`` read, which cost more than composing. These subclasses store the tag
# string in a plain slot that shadows the property; otherwise they are the same nodes.
class _Scalar(ScalarNode):
    __slots__ = ("tag",)

    def __init__(self, tag: str, value: str, line: int, column: int,
                 style: str | None = None) -> None:
        self.tag = tag
        self.value = value
        self.start_mark = _Mark(line, column)
        self.end_mark = self.comment = self.anchor = None
        self.style = style


class _Seq(SequenceNode):
    __slots__ = ("tag",)

    def __init__(self, value: list[Node], line: int, column: int, flow: bool = False) -> None:
        self.tag = _TAG_SEQ
        self.value = value
        self.start_mark = _Mark(line, column)
        self.end_mark = self.comment = self.anchor = None
        self.flow_style = flow


class _Map(MappingNode):
    __slots__ = ("tag",)

    def __init__(self, value: list[tuple[Node, Node]], line: int, column: int) -> None:
        self.tag = _TAG_MAP
        self.value = value
        self.start_mark = _Mark(line, column)
        self.end_mark = self.comment = self.anchor = self.merge = None
        self.flow_style = False


class NodeBuilder:
    """Builds ruamel.yaml-compatible nodes (what :func:`compose` returns by default)."""

    def scalar(self, tag: str, value: str, row: int, col: int, style: str | None = None) -> Any:
        return _Scalar(tag, value, row, col, style)

    def seq(self, items: list[Any], row: int, col: int, flow: bool = False) -> Any:
        return _Seq(items, row, col, flow)

    def map(self, items: list[tuple[Any, Any]], row: int, col: int) -> Any:
        return _Map(items, row, col)


_NODES = NodeBuilder()


def _bail() -> Any:
    raise _Unsupported


class _Composer:
    def __init__(self, text: str, resolve: Any, build: Any) -> None:
        self.lines = text.split("\n")
        self.n = len(self.lines)
        self.resolve = resolve
        self.b = build
        self.i = 0

    # ------------------------------------------------------------------ lines

    def skip(self) -> None:
        """Move to the next line holding content (not blank, not a comment)."""
        lines, i, n = self.lines, self.i, self.n
        while i < n:
            s = lines[i].lstrip(" ")
            if s and s[0] != "#":
                break
            i += 1
        self.i = i

    def indent(self, i: int) -> int:
        line = self.lines[i]
        return len(line) - len(line.lstrip(" "))

    # ------------------------------------------------------------------ blocks

    def block(self, depth: int) -> Node:
        if depth > _MAX_DEPTH:
            _bail()
        self.skip()
        if self.i >= self.n:
            _bail()
        ind = self.indent(self.i)
        s = self.lines[self.i][ind:]
        if s == "-" or s.startswith("- "):
            return self.sequence(ind, depth)
        return self.mapping(ind, depth)

    def mapping(self, ind: int, depth: int) -> MappingNode:
        items: list[tuple[Node, Node]] = []
        node = self.b.map(items, self.i, ind)
        seen: set[str] = set()
        while True:
            self.skip()
            if self.i >= self.n:
                break
            cur = self.indent(self.i)
            if cur < ind:
                break
            if cur > ind:
                _bail()
            line = self.lines[self.i]
            m = _KEY.match(line, ind)
            if m is None:
                if line.startswith("-", ind):  # a sequence item where a key belongs
                    break
                raise Unsupported
            row = self.i
            name = m.group(1)
            if name in seen:
                _bail()  # a duplicate key: ruamel.yaml and the walker report it
            seen.add(name)
            key = self.b.scalar(self.resolve(ScalarNode, name), name, row, ind)
            rest = line[m.end():]
            if not rest or rest[0] == "#":
                self.i += 1
                value = self.nested(ind, depth)
            else:
                value = self.inline(rest, row, m.end(), ind)
            items.append((key, value))
        if not items:
            _bail()
        return node

    def nested(self, ind: int, depth: int, indentless: bool = True) -> Node:
        """The value of ``key:`` (or ``-``) written on the following lines."""
        self.skip()
        if self.i >= self.n:
            _bail()  # an empty value: ruamel places its null oddly; let it
        cur = self.indent(self.i)
        s = self.lines[self.i][cur:]
        if cur > ind:
            return self.block(depth + 1)
        if indentless and cur == ind and (s == "-" or s.startswith("- ")):
            return self.sequence(ind, depth + 1)  # an indentless sequence (mapping values)
        return _bail()

    def sequence(self, ind: int, depth: int) -> SequenceNode:
        items: list[Node] = []
        node = self.b.seq(items, self.i, ind)
        while True:
            self.skip()
            if self.i >= self.n:
                break
            cur = self.indent(self.i)
            line = self.lines[self.i]
            if cur < ind:
                break
            if cur > ind:
                _bail()
            if not (line.endswith("-") and len(line) == ind + 1) \
                    and not line.startswith("- ", ind):
                break  # a key of the enclosing (indentless) mapping
            rest = line[ind + 1:]
            col = ind + 1 + len(rest) - len(rest.lstrip(" "))
            rest = rest.lstrip(" ")
            row = self.i
            if not rest or rest[0] == "#":
                self.i += 1
                items.append(self.nested(ind, depth, indentless=False))
            elif rest[0] == "-":
                _bail()  # "- - x": nested compact sequence
            elif _KEY.match(rest):
                # a compact mapping: blank out "- " so the item is a mapping at column col
                self.lines[row] = " " * col + rest
                items.append(self.mapping(col, depth + 1))
            else:
                items.append(self.inline(rest, row, col, ind))
        return node

    # ------------------------------------------------------------------ scalars

    def inline(self, rest: str, row: int, col: int, ind: int) -> Node:
        """A value starting on this line at ``col``; ``ind`` is the enclosing block's indent."""
        c = rest[0]
        if c == ">" or c == "|":
            return self.block_scalar(rest, row, col, ind)
        self.i = row + 1
        if c == "[":
            node = self.flow(rest, row, col)
        elif c == '"' or c == "'":
            value, end = _quoted(rest)
            _only_comment(rest[end:])
            node = self.b.scalar(_TAG_STR, value, row, col, c)
        else:
            value = _plain(rest, block=True)
            node = self.b.scalar(self.resolve(ScalarNode, value), value, row, col)
        # a more-indented line next would continue a multi-line scalar (or be an error)
        self.skip()
        if self.i < self.n and self.indent(self.i) > ind:
            _bail()
        return node

    def flow(self, rest: str, row: int, col: int) -> SequenceNode:
        close = rest.find("]")
        if close < 0:
            _bail()
        inner = rest[1:close]
        _only_comment(rest[close + 1:])
        items: list[Node] = []
        node = self.b.seq(items, row, col, True)
        if not inner.strip():
            return node
        if "#" in inner or "{" in inner or "[" in inner:
            _bail()
        size = len(inner)
        start = 0
        while True:
            while start < size and inner[start] == " ":
                start += 1
            if start >= size:
                _bail()  # an empty item or a trailing comma
            c = inner[start]
            if c == '"' or c == "'":
                value, end = _quoted(inner[start:])
                items.append(self.b.scalar(_TAG_STR, value, row, col + 1 + start, c))
                j = start + end
                while j < size and inner[j] == " ":
                    j += 1
                if j >= size:
                    break
                if inner[j] != ",":
                    _bail()
                start = j + 1
            else:
                comma = inner.find(",", start)
                value = _plain(inner[start:comma if comma >= 0 else size], block=False)
                items.append(self.b.scalar(self.resolve(ScalarNode, value), value, row,
                                           col + 1 + start))
                if comma < 0:
                    break
                start = comma + 1
        return node

    def block_scalar(self, rest: str, row: int, col: int, ind: int) -> ScalarNode:
        style = rest[0]
        head = rest[1:]
        chomp = ""
        if head.startswith("-"):
            chomp, head = "-", head[1:]
        if head.strip(" "):
            _bail()  # indentation indicator, keep chomping or a comment: let ruamel do it
        lines, n = self.lines, self.n
        i = row + 1
        content: list[str] = []
        m = last = -1
        while i < n:
            line = lines[i]
            if not line.strip(" "):
                if line or m < 0:
                    _bail()  # whitespace-only or leading empty lines: let ruamel decide
                if style == ">" and content:
                    # an empty line inside a folded scalar becomes a line break: only fine
                    # at the end (trailing), checked below
                    content.append("")
                elif style == "|" and content:
                    content.append("")
                i += 1
                continue
            cur = len(line) - len(line.lstrip(" "))
            if m < 0:
                if cur <= ind:
                    _bail()  # empty block scalar
                m = cur
            if cur < m:
                break
            if (cur > m and style == ">") or line[-1] == " ":
                _bail()
            content.append(line[m:])
            last = i
            i += 1
        if m < 0:
            _bail()
        while content and content[-1] == "":
            content.pop()
        if style == ">":
            if "" in content:
                _bail()
            value = " ".join(content)
        else:
            value = "\n".join(content)
        if chomp != "-" and last < n - 1:  # clip keeps the final line break, if there is one
            value += "\n"
        self.i = i
        return self.b.scalar(_TAG_STR, value, row, col, style)


def _quoted(s: str) -> tuple[str, int]:
    """(value, index after the closing quote) of a one-line quoted scalar at the start of s."""
    q = s[0]
    if q == '"':
        end = s.find('"', 1)
        if end < 0 or "\\" in s[1:end]:
            _bail()
        return s[1:end], end + 1
    out = []
    pos = 1
    while True:
        end = s.find("'", pos)
        if end < 0:
            _bail()
        out.append(s[pos:end])
        if s.startswith("''", end):
            out.append("'")
            pos = end + 2
            continue
        return "".join(out), end + 1


def _only_comment(tail: str) -> None:
    t = tail.lstrip(" ")
    if t and (t[0] != "#" or len(t) == len(tail)):
        _bail()


def _plain(s: str, *, block: bool) -> str:
    c = s[0]
    if c in _INDICATORS and not (c == "-" and len(s) > 1 and s[1].isdigit()):
        _bail()
    hash_at = s.find(" #")
    if hash_at >= 0:
        s = s[:hash_at]
    s = s.rstrip(" ")
    if not s or ": " in s or s.endswith(":") or "\t" in s:
        _bail()
    if not block and (":" in s or any(ch in s for ch in ",[]{}")):
        _bail()
    return s


def plain_resolver(resolver: Any) -> Any:
    """A memoised ``resolve(ScalarNode, value, (True, False))`` of a ruamel.yaml resolver.

    Same lookup as ruamel.yaml's VersionedResolver.resolve for implicit plain scalars (regular
    expressions indexed by first character, the default YAML version), without its per-call
    version detection; keys and short values repeat a lot, so results are cached.
    """
    table = {k: list(v) for k, v in resolver.versioned_resolver.items()}
    extra = table.get(None, [])
    cache: dict[str, str] = {}

    def resolve(kind: Any, value: str, implicit: Any = (True, False)) -> str:
        tag = cache.get(value)
        if tag is None:
            for t, rx in table.get(value[0] if value else "", []) + extra:
                if rx.match(value):
                    tag = str(t)
                    break
            else:
                tag = _TAG_STR
            if len(value) < 64 and len(cache) < 8192:
                cache[value] = tag
        return tag

    return resolve


def compose(text: str, resolve: Any, build: Any = _NODES) -> Any:
    """The node graph of ``text``, or None when it is outside the fast subset (or invalid).

    ``resolve`` gives the implicit tag of a plain scalar, as ruamel.yaml's
    ``resolver.resolve(ScalarNode, value, (True, False))`` (see :func:`plain_resolver`).
    ``build`` makes the nodes (:class:`NodeBuilder`: ruamel.yaml nodes); a builder may raise
    :class:`Unsupported` to give up (the result is then None).
    """
    if "\t" in text or "\r" in text or "\ufeff" in text or "\x85" in text \
            or "\u2028" in text or "\u2029" in text:
        return None
    if re.search(r"^(?:---|\.\.\.|%)", text, re.MULTILINE):
        return None
    try:
        c = _Composer(text, resolve, build)
        c.skip()
        if c.i >= c.n:
            return None
        if c.indent(c.i) != 0:
            return None
        node = c.block(0)
        c.skip()
        if c.i < c.n:
            return None  # content left over (e.g. a less-indented line): a syntax error
        return node
    except _Unsupported:
        return None
    except Exception:  # pragma: no cover - defensive: the fast path must never break a load
        return None
