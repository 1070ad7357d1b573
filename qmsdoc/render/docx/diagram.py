"""A flowchart in the DOCX as Word's own shapes (DrawingML boxes, diamonds, lines and text
boxes floating over one paragraph), drawn from the grid :mod:`qmsdoc.render.flowchart` lays
out once.

The same grid, the same shapes and the same measures as ``templates/typst/diagram.typ`` (the
PDF's drawing): only the height of a node's text, which Typst measures, is estimated here
from the font's advance widths. Word's shapes keep their text as text (it can be found,
copied and corrected in Word) and a set of hundreds of procedures stays small: no picture is
rendered, stored or copied (docs/performance.md has the figures).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from qmsdoc.render.docx._oxml import esc, esc_attr
from qmsdoc.render.headerfit import estimate_lines
from qmsdoc.render.tree import Diagram, DiagramCell, Shape

_EMU_PER_MM = 36000
_EMU_PER_PT = 12700
_PT_PER_MM = 72 / 25.4
# The drawing's measures, as diagram.typ has them (mm).
_GAP = 7.0  # a gap row (arrows only)
_PAD = 1.5  # room around a node in its row
_STROKE = round(0.6 * _EMU_PER_PT)
_RADIUS = 3.5  # a rounded box's corners
#: Word's rounded box ("roundRect") keeps its text this far inside the arcs of its corners.
_ARC_INSET = _RADIUS * 0.29289
_LABEL_RISE = 1.3  # a label above the end of a line, in em
_LEADING = 1.2  # a line of text, in em (Word's "at least": Times New Roman's own is 1.15)
#: A generous margin on estimated widths: a line Word wraps that the estimate did not would
#: make a box one line too short.
_SAFETY = 1.06

# Advance widths (1/1000 em) of Times New Roman, the documents' default font, by character;
# a Vietnamese letter is as wide as its base letter (its marks stack above or below).
_TIMES = dict(zip(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
    "abcdefghijklmnopqrstuvwxyz{|}~",
    (250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278,
     *[500] * 10, 278, 278, 564, 564, 564, 444, 921,
     722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722,
     667, 556, 611, 722, 722, 944, 722, 722, 611,
     333, 278, 333, 469, 500, 333,
     444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500,
     333, 389, 278, 500, 500, 722, 500, 500, 444,
     480, 200, 480, 541), strict=True))
_HORN = 60  # ơ, ư: the horn sticks out to the right
_BOLD = 1.08  # Times New Roman Bold is this much wider, on average
_OTHER_FONT = 1.12  # a font not known here (a sans serif is wider than Times)


class _Advances(dict[str, int]):
    """Advance widths by character, each worked out the first time it is met."""

    def __missing__(self, ch: str) -> int:
        base = unicodedata.normalize("NFD", ch)
        if ch in "đĐ":
            width = 722 if ch == "Đ" else 500
        elif base[:1] in _TIMES:
            width = _TIMES[base[0]] + (_HORN if "\u031b" in base else 0)
        elif unicodedata.east_asian_width(ch) in "WF":
            width = 1000
        else:
            width = 556
        self[ch] = width
        return width


_ADVANCES = _Advances(_TIMES)


def _em(bold: bool, font: str) -> Callable[[str], float]:
    """A character's advance in em, generously: this module's widths of Times New Roman,
    wider in bold or another font (headerfit's estimate is bold and wide throughout: a box
    sized by it would be a line or two too tall)."""
    scale = (_BOLD if bold else 1.0) * (1.0 if _is_times(font) else _OTHER_FONT) * _SAFETY
    return lambda ch: _ADVANCES[ch] * scale / 1000


def _is_times(font: str) -> bool:
    return not font or "times" in font.lower()


def text_width(text: str, size_pt: float, bold: bool = False, font: str = "") -> float:
    """The width of a line of text (mm) at ``size_pt``, a generous estimate."""
    return sum(map(_em(bold, font), text)) * size_pt / _PT_PER_MM


def text_lines(text: str, width_mm: float, size_pt: float, bold: bool = False,
               font: str = "") -> int:
    """How many lines Word sets ``text`` in at ``width_mm``: words wrapped at spaces, a
    word longer than the line cut where it runs over, a line feed starting a line."""
    em = _em(bold, font)
    return sum(estimate_lines(part, width_mm * _PT_PER_MM, size_pt, em)
               for part in text.split("\n"))


class _Box:
    """A shape's frame and its text's frame (mm, relative to the shape's cell)."""

    def __init__(self, cell: DiagramCell, width: float, size_pt: float, font: str) -> None:
        s = cell.shape
        self.arc = _ARC_INSET if s in (Shape.TERMINAL, Shape.ROUND) else 0.0
        self.bold = s in (Shape.TERMINAL, Shape.HEAD)
        self.align = "left" if s is Shape.NOTE else "center"
        line = size_pt / _PT_PER_MM * _LEADING
        if s is Shape.DECISION:
            # A diamond's text sits in its middle half, as diagram.typ's does.
            self.width, self.inset_x, self.inset_y = width * 0.8, 0.5, 0.0
            inner = self.width / 2 - 2 * self.inset_x
            text_h = text_lines(cell.text, inner, size_pt, font=font) * line
            self.height = text_h * 2 + 3.0
            return
        if s in (Shape.TERMINAL, Shape.ROUND):
            # Word sets a rounded box's text inside its corners' arcs: the insets given
            # are what is left of diagram.typ's.
            self.width = min(width, 34.0) if s is Shape.TERMINAL else width
            self.inset_x = (3.0 if s is Shape.TERMINAL else 2.5) - _ARC_INSET
            self.inset_y = 1.6 - _ARC_INSET
        elif s is Shape.PROCESS:
            self.width, self.inset_x, self.inset_y = width, 1.4, 1.4
        else:  # a note or a heading: text only
            self.width, self.inset_x, self.inset_y = width, 1.0, 0.0
        inner = self.width - 2 * (self.inset_x + self.arc)
        lines = text_lines(cell.text, inner, size_pt, self.bold, font)
        self.height = lines * line + 2 * (self.inset_y + self.arc)


def _emu(mm: float) -> int:
    return round(mm * _EMU_PER_MM)


_Placed = tuple[float, float, float, float, str]  # x, y, width, height (mm), wps:wsp


def _xfrm(w: float, h: float, flip: str = "") -> str:
    return (f'<a:xfrm{flip}><a:off x="0" y="0"/>'
            f'<a:ext cx="{_emu(w)}" cy="{_emu(h)}"/></a:xfrm>')


_LINE_PR = f'<a:ln w="{_STROKE}"><a:solidFill><a:srgbClr val="000000"/></a:solidFill>'
_WHITE = '<a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill>'


def _text(text: str, size_pt: float, align: str, bold: bool, italic: bool) -> str:
    """A text box's content: one paragraph, its lines broken where the text's are; no
    spacing, indent or style of the document's paragraphs."""
    half_points = round(size_pt * 2)
    props = (("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
             + f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>')
    line = round(size_pt * _LEADING * 20)
    runs = []
    for i, part in enumerate(unicodedata.normalize("NFC", text).split("\n")):
        if i:
            runs.append(f"<w:r><w:rPr>{props}</w:rPr><w:br/></w:r>")
        if part:
            space = ' xml:space="preserve"' if part[0] == " " or part[-1] == " " else ""
            runs.append(f"<w:r><w:rPr>{props}</w:rPr><w:t{space}>{esc(part)}</w:t></w:r>")
    return ("<wps:txbx><w:txbxContent><w:p><w:pPr>"
            f'<w:spacing w:before="0" w:after="0" w:line="{line}" w:lineRule="atLeast"/>'
            '<w:ind w:left="0" w:right="0" w:firstLine="0"/>'
            f'<w:jc w:val="{align}"/><w:rPr>{props}</w:rPr></w:pPr>{"".join(runs)}</w:p>'
            "</w:txbxContent></wps:txbx>")


def _body(inset_x: float, inset_y: float, anchor: str = "ctr", wrap: str = "square") -> str:
    return (f'<wps:bodyPr rot="0" vert="horz" wrap="{wrap}" lIns="{_emu(inset_x)}" '
            f'tIns="{_emu(inset_y)}" rIns="{_emu(inset_x)}" bIns="{_emu(inset_y)}" '
            f'anchor="{anchor}" anchorCtr="0"><a:noAutofit/></wps:bodyPr>')


def _shape(cell: DiagramCell, box: _Box, x: float, y: float, size_pt: float) -> _Placed:
    """A node: its frame (none for a note or a heading) and its text."""
    s = cell.shape
    if s in (Shape.TERMINAL, Shape.ROUND):
        adj = min(50000, round(_RADIUS / min(box.width, box.height) * 100000))
        geometry = f'<a:prstGeom prst="roundRect"><a:avLst><a:gd name="adj" fmla="val {adj}"/>' \
                   "</a:avLst></a:prstGeom>"
    else:
        prst = "diamond" if s is Shape.DECISION else "rect"
        geometry = f'<a:prstGeom prst="{prst}"><a:avLst/></a:prstGeom>'
    framed = s in (Shape.TERMINAL, Shape.ROUND, Shape.PROCESS, Shape.DECISION)
    look = f"{_WHITE}{_LINE_PR}</a:ln>" if framed else "<a:noFill/><a:ln><a:noFill/></a:ln>"
    return x, y, box.width, box.height, (
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr>'
        f"{_xfrm(box.width, box.height)}{geometry}{look}</wps:spPr>"
        f"{_text(cell.text, size_pt, box.align, box.bold, False)}"
        f'{_body(box.inset_x, box.inset_y, "ctr" if framed else "t")}</wps:wsp>')


def _line(x1: float, y1: float, x2: float, y2: float, arrow: bool) -> _Placed:
    flip = (' flipH="1"' if x2 < x1 else "") + (' flipV="1"' if y2 < y1 else "")
    head = '<a:tailEnd type="triangle" w="med" len="med"/>' if arrow else ""
    w, h = abs(x2 - x1), abs(y2 - y1)
    return min(x1, x2), min(y1, y2), w, h, (
        "<wps:wsp><wps:cNvCnPr/><wps:spPr>"
        f'{_xfrm(w, h, flip)}<a:prstGeom prst="straightConnector1"><a:avLst/></a:prstGeom>'
        f"<a:noFill/>{_LINE_PR}{head}</a:ln></wps:spPr><wps:bodyPr/></wps:wsp>")


def _label(text: str, x: float, y: float, size_pt: float, font: str) -> _Placed:
    size = size_pt * 0.9
    w = text_width(text, size, font=font) + 1.0
    h = size / _PT_PER_MM * _LEADING + 0.5
    return x, y, w, h, (
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr>'
        f'{_xfrm(w, h)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/>'
        f'<a:ln><a:noFill/></a:ln></wps:spPr>{_text(text, size, "left", False, True)}'
        f'{_body(0.0, 0.0, "t", "none")}</wps:wsp>')


def _shapes(d: Diagram, width_mm: float, size_pt: float, font: str
            ) -> tuple[list[_Placed], float]:
    """Every shape of the drawing, and its height (mm)."""
    total = sum(d.columns)
    widths = [width_mm * c / total for c in d.columns]
    lefts = [sum(widths[:i]) for i in range(len(widths))]

    def width_of(c: DiagramCell) -> float:
        return sum(widths[c.col:c.col + c.colspan])

    boxes: dict[tuple[int, int], _Box] = {}
    heights = [0.0 if node else _GAP for node in d.rows]
    for c in d.cells:
        if c.shape is not Shape.NONE:
            box = _Box(c, width_of(c) * (0.94 if c.colspan > 1 else 1.0), size_pt, font)
            boxes[c.row, c.col] = box
            if d.rows[c.row]:
                heights[c.row] = max(heights[c.row], box.height + 2 * _PAD)
    heights = [h or _GAP for h in heights]
    tops = [sum(heights[:i]) for i in range(len(heights))]
    # Lines first, then the shapes over them (white boxes hide a line's end), labels last.
    lines: list[_Placed] = []
    nodes: list[_Placed] = []
    labels: list[_Placed] = []
    for c in d.cells:
        x0, y0, w, h = lefts[c.col], tops[c.row], width_of(c), heights[c.row]
        node = boxes.get((c.row, c.col))
        sh = node.height if node else 0.0
        top = (h - sh) / 2
        if c.enter:
            lines.append(_line(x0 + w / 2, y0, x0 + w / 2, y0 + top, True))
        if c.leave:
            lines.append(_line(x0 + w / 2, y0 + top + sh, x0 + w / 2, y0 + h, False))
        for x1, y1, x2, y2, arrow in c.lines:
            lines.append(_line(x0 + x1 * w, y0 + y1 * h, x0 + x2 * w, y0 + y2 * h, arrow))
        if node is not None:
            nodes.append(_shape(c, node, x0 + (w - node.width) / 2, y0 + top, size_pt))
        for lx, ly, text in c.labels:
            rise = size_pt * 0.9 / _PT_PER_MM * (_LABEL_RISE if ly > 0 else -0.3)
            labels.append(_label(text, x0 + lx * w + 1.0, y0 + ly * h - rise, size_pt, font))
    return [*lines, *nodes, *labels], sum(heights)


#: The namespaces of a shape (lxml writes them on its root, in this order).
_NAMESPACES = (
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"')
#: Word's stacking order of floating shapes starts about here (lines under boxes, labels on
#: top: the order they are listed in).
_Z = 251658240


def diagram_shapes(d: Diagram, width_mm: float, size_pt: float, font: str,
                   ids: Callable[[], str]) -> tuple[list[str], float]:
    """The drawing as wide as ``width_mm``: each shape a ``wp:anchor`` placed from the top
    of its paragraph (markup as lxml writes it: ``Scope.settle`` can put it into a part's
    bytes as it is), and the drawing's height (mm). ``ids`` gives each its ``wp:docPr`` id
    (a recorded section, a token).

    Shapes floating over one paragraph as high as the drawing, not a group: LibreOffice
    (7.4, Debian's) draws a group's boxes without their text."""
    shapes, height_mm = _shapes(d, width_mm, size_pt, font)
    anchors = []
    for z, (x, y, w, h, shape) in enumerate(shapes):
        n = ids()
        descr = f' descr="{esc_attr(d.alt)}"' if z == 0 and d.alt else ""
        anchors.append(
            f'<wp:anchor {_NAMESPACES} distT="0" distB="0" distL="0" distR="0" simplePos="0" '
            f'relativeHeight="{_Z + z}" behindDoc="0" locked="0" layoutInCell="1" '
            'allowOverlap="1"><wp:simplePos x="0" y="0"/>'
            f'<wp:positionH relativeFrom="column"><wp:posOffset>{_emu(x)}</wp:posOffset>'
            f'</wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>{_emu(y)}'
            f'</wp:posOffset></wp:positionV><wp:extent cx="{_emu(w)}" cy="{_emu(h)}"/>'
            '<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
            f'<wp:docPr id="{n}" name="Lưu đồ {n}"{descr}/><wp:cNvGraphicFramePr/><a:graphic>'
            '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
            f'wordprocessingShape">{shape}</a:graphicData></a:graphic></wp:anchor>')
    return anchors, height_mm


#: ``wp:docPr`` ids of drawings count down from here: python-docx gives a picture it adds the
#: highest id in the part plus one, which is then never one of these.
TOP_DRAWING_ID = 0x7FFFFFFF
