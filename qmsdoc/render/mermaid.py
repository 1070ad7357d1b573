"""Flowcharts written in Markdown as Mermaid source (a fenced ```` ```mermaid ```` block).

Read here without a browser or JavaScript: the flowchart part of Mermaid's syntax that
process diagrams use, laid out top-down on the same grid as a procedure's lưu đồ
(:class:`~qmsdoc.render.tree.Diagram`), so it is drawn in the PDF and the DOCX as a
procedure's is. Understood:

* ``flowchart TD`` / ``graph TD`` (also ``TB``; ``LR`` and ``RL`` are drawn top-down too: a
  page is taller than wide);
* nodes ``id[text]`` (a box), ``id(text)``, ``id([text])``, ``id((text))`` (rounded), ``id{text}``
  (a decision); text in quotes, ``<br>`` for a line break;
* edges ``a --> b``, ``a --- b``, ``a -.-> b``, ``a ==> b``, with a label ``a -->|text| b`` or
  ``a -- text --> b``, chained ``a --> b --> c``; ``a & b --> c``;
* ``%%`` comments; ``classDef``, ``class``, ``style``, ``linkStyle``, ``click`` lines are
  ignored (colours are not printed); ``subgraph`` … ``end`` groups are drawn as their nodes.

Layout: layers by the longest path from the first nodes (an edge back up, a loop, runs up a
lane at the right), nodes ordered in a layer by their parents, an edge over several layers
passes through empty cells. Anything else raises :class:`MermaidError` with the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qmsdoc.render.tree import Diagram, DiagramCell, Segment, Shape

MAX_NODES = 60


class MermaidError(ValueError):
    """Source this reader does not understand: (line within the block, vi, en)."""

    def __init__(self, line: int, vi: str, en: str) -> None:
        super().__init__(en)
        self.line, self.vi, self.en = line, vi, en


@dataclass
class _Graph:
    order: list[str] = field(default_factory=list)
    nodes: dict[str, tuple[Shape, str]] = field(default_factory=dict)
    edges: list[tuple[str, str, str]] = field(default_factory=list)

    def node(self, ident: str, shape: Shape | None, text: str | None) -> None:
        if ident not in self.nodes:
            self.order.append(ident)
            self.nodes[ident] = (Shape.PROCESS, ident)
        if shape is not None:
            self.nodes[ident] = (shape, text if text is not None else ident)


_HEADER = re.compile(r"^(flowchart|graph)\s+(TD|TB|LR|RL|BT)\s*;?$", re.I)
_IGNORED = re.compile(r"^(classDef|class|style|linkStyle|click|direction)\b")
_ID = r"[\w\-.À-ỹ]+"
# Longest delimiters first: ([ … ]), (( … )), [[ … ]], then [ … ], ( … ), { … }.
_SHAPES: tuple[tuple[str, str, Shape], ...] = (
    ("([", "])", Shape.ROUND), ("((", "))", Shape.ROUND), ("[[", "]]", Shape.PROCESS),
    ("[(", ")]", Shape.PROCESS), ("{{", "}}", Shape.DECISION), ("[", "]", Shape.PROCESS),
    ("(", ")", Shape.ROUND), ("{", "}", Shape.DECISION), (">", "]", Shape.PROCESS),
)
_EDGE = re.compile(r"\s*(?:--\s*(?P<mid>[^-|>][^>]*?)\s*-->|(?:-->|---|-\.->|-\.-|==>|===)"
                   r"(?:\|(?P<bar>[^|]*)\|)?)\s*")
_BR = re.compile(r"<br\s*/?>", re.I)


def parse(source: str) -> _Graph:
    g = _Graph()
    lines = source.split("\n")
    header = False
    for number, raw in enumerate(lines, 1):
        line = raw.split("%%", 1)[0].strip()
        if not line:
            continue
        if not header:
            if not _HEADER.match(line):
                raise MermaidError(number, "chỉ đọc được lưu đồ Mermaid bắt đầu bằng "
                                   "\"flowchart TD\" hoặc \"graph TD\"",
                                   "only Mermaid flowcharts starting with \"flowchart TD\" or "
                                   "\"graph TD\" are read")
            header = True
            continue
        if _IGNORED.match(line) or line == "end" or line.startswith("subgraph"):
            continue
        for statement in _statements(line):
            if statement.strip():
                _statement(g, statement.strip(), number)
    if not header:
        raise MermaidError(1, "khối mermaid trống", "the mermaid block is empty")
    if not g.nodes:
        raise MermaidError(1, "lưu đồ không có nút nào", "the flowchart has no node")
    if len(g.nodes) > MAX_NODES:
        raise MermaidError(1, f"lưu đồ có hơn {MAX_NODES} nút", f"more than {MAX_NODES} nodes")
    return g


def _statements(line: str) -> list[str]:
    """A line cut at the semicolons outside node text (``a[x; y]`` is one node)."""
    out: list[str] = []
    depth, start, quoted = 0, 0, False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "[({":
            depth += 1
        elif not quoted and ch in "])}":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0 and not quoted:
            out.append(line[start:i])
            start = i + 1
    out.append(line[start:])
    return out


def _statement(g: _Graph, s: str, number: int) -> None:
    pos = 0
    previous: list[str] = []
    label = ""
    while True:
        group: list[str] = []
        while True:
            ident, pos = _node(g, s, pos, number)
            group.append(ident)
            amp = re.compile(r"\s*&\s*").match(s, pos)
            if not amp:
                break
            pos = amp.end()
        for a in previous:
            for b in group:
                g.edges.append((a, b, label))
        if pos >= len(s):
            return
        edge = _EDGE.match(s, pos)
        if edge is None:
            raise MermaidError(number, f"không hiểu \"{s[pos:pos + 20]}\"",
                               f"cannot read \"{s[pos:pos + 20]}\"")
        label = _clean(edge.group("mid") or edge.group("bar") or "")
        pos = edge.end()
        previous = group
        if pos >= len(s):
            raise MermaidError(number, "mũi tên không có nút đích", "an edge without a target")


def _node(g: _Graph, s: str, pos: int, number: int) -> tuple[str, int]:
    m = re.compile(r"\s*(" + _ID + r")").match(s, pos)
    if m is None:
        raise MermaidError(number, f"thiếu tên nút ở \"{s[pos:pos + 20]}\"",
                           f"a node name is missing at \"{s[pos:pos + 20]}\"")
    ident, pos = m.group(1), m.end()
    for opening, closing, shape in _SHAPES:
        if s.startswith(opening, pos):
            end = s.find(closing, pos + len(opening))
            if end < 0:
                raise MermaidError(number, f"thiếu \"{closing}\" đóng nút {ident}",
                                   f"\"{closing}\" closing node {ident} is missing")
            g.node(ident, shape, _clean(s[pos + len(opening):end]))
            return ident, end + len(closing)
    g.node(ident, None, None)
    return ident, pos


def _clean(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    return "\n".join(part.strip() for part in _BR.split(text)).strip()


# ---------------------------------------------------------------------------------- layout
def layout(g: _Graph, alt: str = "") -> Diagram:
    index = {n: i for i, n in enumerate(g.order)}
    succ: dict[str, list[tuple[str, str]]] = {n: [] for n in g.order}
    for a, b, label in g.edges:
        succ[a].append((b, label))
    # Edges that close a loop (to a node still on the depth-first path) run back up.
    back: list[tuple[str, str, str]] = []
    forward: list[tuple[str, str, str]] = []
    state: dict[str, int] = {}
    for root in g.order:
        if root in state:
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        state[root] = 1
        while stack:
            n, i = stack.pop()
            if i < len(succ[n]):
                stack.append((n, i + 1))
                m, label = succ[n][i]
                if state.get(m) == 1:
                    back.append((n, m, label))
                else:
                    forward.append((n, m, label))
                    if m not in state:
                        state[m] = 1
                        stack.append((m, 0))
            else:
                state[n] = 2
    layer = {n: 0 for n in g.order}
    for _ in range(len(g.order)):  # longest path (the forward edges form no cycle)
        changed = False
        for a, b, _label in forward:
            if layer[b] < layer[a] + 1:
                layer[b], changed = layer[a] + 1, True
        if not changed:
            break
    # A node nothing leads to (an input such as "Quá trình lãnh đạo") sits just above the
    # first node it leads to, not at the top.
    targets = {b for _a, b, _l in forward}
    for n in g.order:
        after = [layer[b] for a, b, _l in forward if a == n]
        if n not in targets and after:
            layer[n] = min(after) - 1
    depth = max(layer.values()) + 1
    # Edges over several layers pass through placeholder cells ("~a~b~k").
    rows: list[list[str]] = [[] for _ in range(depth)]
    for n in sorted(g.order, key=lambda n: index[n]):
        rows[layer[n]].append(n)
    hops: list[tuple[str, str, str]] = []  # one layer each
    for a, b, label in forward:
        chain = [a, *(f"~{a}~{b}~{k}" for k in range(layer[a] + 1, layer[b])), b]
        for k, via in enumerate(chain[1:-1], layer[a] + 1):
            rows[k].append(via)
            layer[via] = k
        for x, y in zip(chain, chain[1:], strict=False):
            hops.append((x, y, label if x == a else ""))
    parents: dict[str, list[str]] = {}
    for a, b, _label in hops:
        parents.setdefault(b, []).append(a)
    width = max(len(r) for r in rows)
    col: dict[str, float] = {}
    for r in rows:  # ordered by their parents' places, then spread over the width
        r.sort(key=lambda n: (sum(col.get(p, 0) for p in parents.get(n, [])) /
                              max(1, len(parents.get(n, []))), index.get(n, 0)))
        offset = (width - len(r)) / 2
        for i, n in enumerate(r):
            col[n] = i + offset
    return _draw(g, rows, hops, back, col, width, alt)


def _draw(g: _Graph, rows: list[list[str]], hops: list[tuple[str, str, str]],
          back: list[tuple[str, str, str]], col: dict[str, float], width: int,
          alt: str) -> Diagram:
    # Columns: half-columns (so a centred odd layer sits on a boundary), then the loop lanes.
    halves = 2 * width
    pad = 1 if width == 1 else 0  # a lone column is not drawn across the whole text
    weights = [0.5] * pad + [1.0] * halves + [0.5] * pad + [0.25] * len(back)
    cells: dict[tuple[int, int], tuple[list[Segment], list[tuple[float, float, str]]]] = {}

    def at(n: str) -> int:
        return pad + round(col[n] * 2)  # the first half-column of its two

    def add(row: int, c: int, *lines: Segment, label: tuple[float, float, str] | None = None
            ) -> None:
        entry = cells.setdefault((row, c), ([], []))
        entry[0].extend(lines)
        if label:
            entry[1].append(label)

    node_row = {n: 2 * i for i, r in enumerate(rows) for n in r}
    nrows = 2 * len(rows) - 1
    for a, b, label in hops:  # the gap row under a's layer
        gap = node_row[a] + 1
        ca, cb = at(a) + 1, at(b) + 1  # the boundary between the two halves: x = 0 of ca
        if ca == cb:
            add(gap, ca, (0.0, 0.0, 0.0, 1.0, False),
                label=(0.0, 0.0, label) if label else None)
        else:
            add(gap, ca, (0.0, 0.0, 0.0, 0.5, False),
                label=(0.0, 0.0, label) if label else None)
            lo, hi = min(ca, cb), max(ca, cb)
            for c in range(lo, hi):
                add(gap, c, (0.0, 0.5, 1.0, 0.5, False))
            add(gap, cb, (0.0, 0.5, 0.0, 1.0, False))
        if b.startswith("~"):
            add(node_row[b], cb, (0.0, 0.0, 0.0, 1.0, False))
    incoming = {b for _a, b, _l in hops}
    outgoing = {a for a, _b, _l in hops}
    for k, (a, b, label) in enumerate(back):
        lane = pad * 2 + halves + k
        ra, rb = node_row[a], node_row[b]
        ea, eb = at(a) + 1, at(b) + 1
        add(ra, ea, (0.0, 0.5, 1.0, 0.5, False))
        for c in range(ea + 1, lane):
            add(ra, c, (0.0, 0.5, 1.0, 0.5, False))
        # The label just outside the node, above the line.
        add(ra, lane, (0.0, 0.5, 0.5, 0.5, False), (0.5, 0.5, 0.5, 0.0, False))
        if label:
            add(ra, ea + 1, label=(0.05, 0.5, label))
        for r in range(rb + 1, ra):
            add(r, lane, (0.5, 0.0, 0.5, 1.0, False))
        # Into the node's right side: the arrowhead at the box's edge (the cell's), or at the
        # diamond's tip.
        box = g.nodes[b][0] is not Shape.DECISION
        add(rb, lane, (0.5, 1.0, 0.5, 0.5, False), (0.5, 0.5, 0.0, 0.5, False))
        for c in range(eb + 1, lane):
            add(rb, c, (1.0, 0.5, 0.0, 0.5, False))
        # In the node's own cell (its second half): to the box, drawn 3 % in from the cell's
        # sides (diagram.typ), or to the diamond's tip.
        add(rb, eb, (1.0, 0.5, 0.94 if box else 0.8, 0.5, True))
    out: list[DiagramCell] = []
    for r, layer in enumerate(rows):
        for n in layer:
            if n.startswith("~"):
                continue
            shape, text = g.nodes[n]
            out.append(DiagramCell(2 * r, at(n), 2, shape, text, (), (),
                                   enter=n in incoming, leave=n in outgoing))
    taken = {(c.row, c.col) for c in out}
    for (r, c), (lines, labels) in sorted(cells.items()):
        if (r, c) in taken:  # lines of a node's own cell: drawn under its shape
            i = next(i for i, x in enumerate(out) if (x.row, x.col) == (r, c))
            x = out[i]
            out[i] = DiagramCell(x.row, x.col, x.colspan, x.shape, x.text,
                                 (*x.lines, *_halve(lines, True)),
                                 (*x.labels, *_halve_labels(labels)), x.enter, x.leave)
            continue
        if (r, c - 1) in taken:  # the second half of a node's cell
            i = next(i for i, x in enumerate(out) if (x.row, x.col) == (r, c - 1))
            x = out[i]
            out[i] = DiagramCell(x.row, x.col, x.colspan, x.shape, x.text,
                                 (*x.lines, *_halve(lines, False)),
                                 (*x.labels, *_halve_labels(labels, False)), x.enter, x.leave)
            continue
        out.append(DiagramCell(r, c, 1, Shape.NONE, "", tuple(lines), tuple(labels)))
    out.sort(key=lambda x: (x.row, x.col))
    return Diagram(tuple(weights), tuple(r % 2 == 0 for r in range(nrows)), tuple(out), alt)


def _halve(lines: list[Segment], first: bool) -> list[Segment]:
    """Lines of one half-column as lines of the two-column cell of a node."""
    shift = 0.0 if first else 0.5
    return [(shift + x1 / 2, y1, shift + x2 / 2, y2, arrow) for x1, y1, x2, y2, arrow in lines]


def _halve_labels(labels: list[tuple[float, float, str]], first: bool = True
                  ) -> list[tuple[float, float, str]]:
    shift = 0.0 if first else 0.5
    return [(shift + x / 2, y, t) for x, y, t in labels]


def mermaid_diagram(source: str, alt: str = "") -> Diagram:
    """The drawing of a Mermaid flowchart. Raises MermaidError."""
    return layout(parse(source), alt)
