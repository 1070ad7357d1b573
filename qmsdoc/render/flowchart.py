"""The flowchart (lưu đồ) of a procedure, laid out once from its step table.

As Vietnamese procedures draw it: three bands, "Trách nhiệm" (who) on the left, the drawing in
the middle, "Biểu mẫu" (which forms) on the right; a rounded box for the start and the end, a
box per step, a diamond where the path forks. A path forks in two ways, both from the data:

* a step with a ``decision`` (a check on its result): "Có" goes on down, "Không" goes right to
  a box listing what is done instead (``otherwise``);
* steps that apply only in some ``cases``: a diamond asks for the case before them, "Không"
  runs down a lane on the right past them and joins the path after them.

The layout is a grid (:class:`~qmsdoc.render.tree.Diagram`): node rows as high as their text
(measured when drawn), gap rows of a fixed height holding the arrows; every line runs between
fixed points of its cells. Typst draws it in the PDF, the DOCX writer with Word's shapes
(``render/docx/diagram.py``), so both show the same drawing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from qmsdoc.render.tree import Diagram, DiagramCell, PageSetup, Segment, Shape

# Columns: roles | drawing | lane (the "Không" branch) | side boxes | forms.
ROLE, MAIN, LANE, SIDE, FORMS = range(5)
COLUMNS = (19.0, 41.0, 6.0, 20.0, 14.0)
#: A diamond spans this share of its cell's width, centred: its right tip is at 0.5 + half.
DIAMOND = 0.8
_TIP = 0.5 + DIAMOND / 2
_DOWN: Segment = (0.5, 0.0, 0.5, 1.0, False)


@dataclass(frozen=True)
class FlowStep:
    """What the flowchart needs of a step, already worded."""

    action: str
    roles: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    cases: str = ""  # the cases it applies in, worded ("" : every case)
    decision: str = ""
    otherwise: tuple[str, ...] = ()


@dataclass(frozen=True)
class FlowWords:
    start: str = "Bắt đầu"
    end: str = "Kết thúc"
    yes: str = "Có"
    no: str = "Không"
    roles: str = "Trách nhiệm"
    drawing: str = "Lưu đồ"
    forms: str = "Biểu mẫu"
    case: Callable[[str], str] = field(default=lambda names: f"Trường hợp {names}?")


class _Grid:
    def __init__(self) -> None:
        self.rows: list[bool] = []
        self.cells: dict[tuple[int, int], DiagramCell] = {}

    def row(self, node: bool) -> int:
        self.rows.append(node)
        return len(self.rows) - 1

    def put(self, row: int, col: int, shape: Shape = Shape.NONE, text: str = "",
            lines: Sequence[Segment] = (), labels: Sequence[tuple[float, float, str]] = ()
            ) -> None:
        old = self.cells.get((row, col))
        if old is not None:  # a line through a cell that already has something
            shape, text = old.shape or shape, old.text or text
            lines = (*old.lines, *lines)
            labels = (*old.labels, *labels)
        # Shapes of the middle column are on the path: the arrow in, the line out.
        on_path = col == MAIN and shape in (Shape.TERMINAL, Shape.PROCESS, Shape.DECISION)
        self.cells[(row, col)] = DiagramCell(
            row, col, 1, shape, text, tuple(lines), tuple(labels),
            enter=on_path and row > 2, leave=on_path)  # row 2: the start

    def diagrams(self, alt: str, width_mm: float, budget_mm: float) -> list[Diagram]:
        """The grid cut between rows into drawings that each fit ``budget_mm`` (a page, with
        room for a heading), the column headings repeated on each: a drawing cannot run over a
        page in the DOCX."""
        heights = [_GAP_MM] * len(self.rows)
        for (r, c), cell in self.cells.items():
            if self.rows[r]:
                width = width_mm * COLUMNS[c] / sum(COLUMNS)
                heights[r] = max(heights[r], _estimate(cell, width))
        # Cut before the gap row above the node that would run over the budget (a drawing
        # never ends in an arrow into nothing); a lone node taller than the budget stays.
        chunks: list[list[int]] = [[]]
        used = 0.0
        for r in range(len(self.rows)):
            chunk = chunks[-1]
            if self.rows[r] and r > 2 and used + heights[r] > budget_mm:
                cut = max((i for i, row in enumerate(chunk) if not self.rows[row]), default=0)
                if cut > 0:
                    chunks[-1], rest = chunk[:cut], chunk[cut:]
                    chunks.append(rest)
                    used = heights[0] + sum(heights[x] for x in rest)
            chunks[-1].append(r)
            used += heights[r]
        # A last drawing of a row or two (the end) goes back with the one before when both
        # fit, with the room the budget keeps for a second heading: a drawing of only
        # "Kết thúc" helps nobody.
        if len(chunks) > 1:
            tail = sum(heights[r] for r in chunks[-1])
            before = sum(heights[r] for r in chunks[-2])
            if before + tail <= budget_mm + (_TAIL_SLACK_MM if tail < 30 else 0):
                chunks[-2].extend(chunks.pop())
        out: list[Diagram] = []
        for i, rows in enumerate(chunks):
            keep = rows if i == 0 else [0, *rows]  # the headings again
            index = {r: n for n, r in enumerate(keep)}
            cells = tuple(replace(cell, row=index[r]) for (r, c), cell in sorted(self.cells.items())
                          if r in index)
            out.append(Diagram(COLUMNS, tuple(self.rows[r] for r in keep), cells, alt))
        return out


_GAP_MM = 7.0
_TAIL_SLACK_MM = 15.0
_LINE_MM = 4.4  # a line of the drawing's text (10 pt) with its leading
_CHAR_MM = 1.75  # a wide estimate of a character's advance at 10 pt


def _estimate(cell: DiagramCell, width_mm: float) -> float:
    """A generous estimate of a node's height (mm): only to decide where a long drawing is
    cut; Typst measures the real heights when it draws."""
    if cell.shape is Shape.NONE:
        return 0.0
    text_width = width_mm * (0.46 if cell.shape is Shape.DECISION else 1.0) - 3.0
    per_line = max(4, int(text_width / _CHAR_MM))
    lines = sum(max(1, -(-len(line) // per_line)) for line in cell.text.split("\n"))
    height = lines * _LINE_MM * (2 if cell.shape is Shape.DECISION else 1)
    return height + 6.0


def procedure_flowchart(steps: Sequence[FlowStep], words: FlowWords, alt: str, *,
                        width_mm: float = 165.0, budget_mm: float = 190.0) -> list[Diagram]:
    """The flowchart of a procedure's steps (at least one), in as many drawings as it needs
    pages (``width_mm``: the text width)."""
    g = _Grid()
    head = g.row(True)
    g.put(head, ROLE, Shape.HEAD, words.roles)
    g.put(head, MAIN, Shape.HEAD, words.drawing)
    g.put(head, FORMS, Shape.HEAD, words.forms)
    g.put(g.row(False), MAIN)  # room under the headings
    g.put(g.row(True), MAIN, Shape.TERMINAL, words.start)
    lane = False  # the "Không" of a case diamond runs down the lane
    cases = ""
    label = ""  # the next arrow's label: "Có" after a diamond

    def down() -> int:
        nonlocal label
        row = _arrow(g, label)
        label = ""
        if lane:
            _through(g, row)
        return row

    def diamond(question: str) -> int:
        row = g.row(True)
        g.put(row, MAIN, Shape.DECISION, question, lines=[(_TIP, 0.5, 1.0, 0.5, False)],
              labels=[(_TIP, 0.5, words.no)])
        return row

    for step in steps:
        if step.cases != cases and lane:
            lane = _join(g, down())
        if step.cases and step.cases != cases:
            down()
            row = diamond(words.case(short(step.cases)))
            g.put(row, LANE, lines=[(0.0, 0.5, 0.5, 0.5, False), (0.5, 0.5, 0.5, 1.0, False)])
            lane, label = True, words.yes
        cases = step.cases
        down()
        row = g.row(True)
        g.put(row, MAIN, Shape.PROCESS, step.action)
        if step.roles:
            g.put(row, ROLE, Shape.NOTE, "\n".join(step.roles))
        if step.forms:
            g.put(row, FORMS, Shape.NOTE, "\n".join(step.forms))
        if lane:
            _through(g, row)
        if step.decision:
            down()
            row = diamond(step.decision)
            # The lane of a case fork (if any) is crossed by this branch's arrow.
            g.put(row, LANE, lines=[(0.0, 0.5, 1.0, 0.5, True), *([_DOWN] if lane else [])])
            if step.otherwise:
                g.put(row, SIDE, Shape.PROCESS, "\n".join(step.otherwise))
            else:
                g.put(row, SIDE, Shape.TERMINAL, words.end)
            label = words.yes
    row = down()
    if lane:
        _join(g, row)
    end = g.row(True)
    g.put(end, MAIN, Shape.TERMINAL, words.end)
    g.cells[(end, MAIN)] = replace(g.cells[(end, MAIN)], leave=False)
    return g.diagrams(alt, width_mm, budget_mm)


def height_mm(d: Diagram, width_mm: float) -> float:
    """The estimated height of a drawing (as :meth:`_Grid.diagrams` estimates its rows)."""
    heights = [_GAP_MM] * len(d.rows)
    total = sum(d.columns)
    for c in d.cells:
        if d.rows[c.row]:
            heights[c.row] = max(heights[c.row], _estimate(c, width_mm * d.columns[c.col] / total))
    return sum(heights)


def tall(d: Diagram, page: PageSetup) -> bool:
    """Whether a drawing takes more than half the page's text height."""
    body = page.height_mm - page.top_mm - page.bottom_mm
    return height_mm(d, page.text_width_mm) > body / 2


def short(text: str, limit: int = 60) -> str:
    """A long case name cut at a word for a diamond (the step table gives it in full)."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:(")
    return f"{cut}…"


def _arrow(g: _Grid, label: str) -> int:
    """A gap row with the arrow down the middle (labelled "Có" after a diamond)."""
    row = g.row(False)
    g.put(row, MAIN, lines=[(0.5, 0.0, 0.5, 1.0, False)],
          labels=[(0.5, 0.0, label)] if label else [])
    return row


def _through(g: _Grid, row: int) -> None:
    """The lane's line passes this row."""
    g.put(row, LANE, lines=[_DOWN])


def _join(g: _Grid, row: int) -> bool:
    """The lane turns left into the middle arrow of this gap row; the lane is closed."""
    g.cells.pop((row, LANE), None)  # the lane ends here: no line below the turn
    g.put(row, LANE, lines=[(0.5, 0.0, 0.5, 0.5, False), (0.5, 0.5, 0.0, 0.5, False)])
    g.put(row, MAIN, lines=[(1.0, 0.5, 0.5, 0.5, True)])
    return False
