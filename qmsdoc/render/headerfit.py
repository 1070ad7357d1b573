"""How a document's title fits the title cell of the page header, decided once for every writer.

Real procedure names reach 300 characters and more. Printed as they are, in bold capitals, they
fill a quarter of every page. The title cell therefore tries, in order: the header size in
capitals; a smaller size in capitals; the ``short_title`` (at those sizes); and finally the
full title at the smaller size in ordinary case. When even that is taller than the header's
other cells, the header is said to overflow: the document still builds (the header grows) and
``qmsdoc check`` warns (QMS109), suggesting a ``short_title``.

The width of a line is estimated from advance widths a little wider than bold Times New Roman,
the body font of Nghị định 30/2020, so that the bundled fallback (Libertinus Serif, wider) wraps
about as estimated too; a title said to fit fits, give or take a line in an unusual font.
Compose (DOCX and PDF) and the rule use this same function, so they never disagree.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from qmsdoc.render.tree import PageSetup, ParaStyle

#: Relative widths of the header table's columns: organisation | title | control values.
HEADER_WIDTHS: tuple[float, float, float] = (28.0, 40.0, 32.0)
#: Left plus right inner margin of a table cell (Word's 85 twips a side; Typst's CELL-INSET).
_CELL_INSET_MM = 3.0
#: Points below the body size of the header styles (ParaStyle.HEADER, ParaStyle.HEADER_SMALL).
HEADER_DELTA = 2.0
SMALL_DELTA = 4.0
#: The title may be as tall as this many lines at the header size: the control cell (code,
#: edition, date, page) has four, the organisation cell a logo and two or three lines.
MAX_LINES = 5
_LINE = 1.15  # line height as a multiple of the size (single spacing of Times New Roman)
_PT_PER_MM = 72 / 25.4


@dataclass(frozen=True, slots=True)
class HeaderTitle:
    """What the title cell prints and how."""

    text: str  # already in the case it is printed in
    style: ParaStyle  # HEADER or HEADER_SMALL
    short: bool  # True: the short_title stands for the title
    lines: int  # estimated lines of the whole text (before any cut)
    max_lines: int  # lines of that style that fit without making the header taller
    overflow: bool  # even the last resort was too tall: ``text`` is cut, with an ellipsis

    @property
    def full(self) -> bool:
        """Whether the whole title is printed (else the body must show it)."""
        return not self.short and not self.overflow


@cache  # a document measures millions of characters, of a few hundred distinct ones
def _advance(ch: str) -> float:
    """Estimated advance width of one character in em (bold Times New Roman, a little wide)."""
    base = unicodedata.normalize("NFD", ch)[:1] or ch
    if ch.isspace():
        return 0.25
    if base.isupper():
        return 0.78 if base in "MWĐÆŒ" else 0.72 if base not in "IJ" else 0.42
    if base.isalpha():
        return 0.82 if base in "mw" else 0.32 if base in "iljtfr" else 0.57
    if base.isdigit():
        return 0.50
    return 0.36  # punctuation and the rest


#: The estimate of one character's advance (em), shared with the column widths (columns.py).
advance_em = _advance


def estimate_lines(text: str, width_pt: float, size_pt: float,
                   advance: Callable[[str], float] = _advance) -> int:
    """Lines ``text`` wraps to in a cell ``width_pt`` wide at ``size_pt`` (greedy, by words;
    ``advance``: a character's width in em, by default this module's wide estimate)."""
    if not text.strip():
        return 1
    space = advance(" ") * size_pt
    lines, used = 1, 0.0
    for word in text.split():
        w = sum(map(advance, word)) * size_pt
        if used and used + space + w > width_pt:
            lines += 1
            used = 0.0
        elif used:
            used += space
        while w > width_pt:  # a word longer than the cell breaks anywhere
            w -= width_pt
            lines += 1
        used += w
    return lines


def title_cell_width_pt(page: PageSetup) -> float:
    share = HEADER_WIDTHS[1] / sum(HEADER_WIDTHS)
    return (page.text_width_mm * share - _CELL_INSET_MM) * _PT_PER_MM


def fit_header_title(title: str, short_title: str | None, page: PageSetup) -> HeaderTitle:
    """The first way of printing the title that keeps the header within its usual height."""
    width = title_cell_width_pt(page)
    header_size = max(page.font_size - HEADER_DELTA, 6.0)
    small_size = max(page.font_size - SMALL_DELTA, 6.0)
    budget = MAX_LINES * header_size * _LINE  # height in points

    def attempt(text: str, size: float, upper: bool, style: ParaStyle,
                short: bool) -> HeaderTitle:
        shown = text.upper() if upper else text
        n = estimate_lines(shown, width, size)
        fits = int(budget // (size * _LINE))
        return HeaderTitle(shown, style, short, n, fits, overflow=n > fits)

    full = title.strip()
    short = (short_title or "").strip()
    candidates = [(full, header_size, True, ParaStyle.HEADER, False),
                  (full, small_size, True, ParaStyle.HEADER_SMALL, False)]
    if short and short != full:
        candidates += [(short, header_size, True, ParaStyle.HEADER, True),
                       (short, small_size, True, ParaStyle.HEADER_SMALL, True),
                       (short, small_size, False, ParaStyle.HEADER_SMALL, True)]
    else:
        candidates.append((full, small_size, False, ParaStyle.HEADER_SMALL, False))
    last = None
    for text, size, upper, style, is_short in candidates:
        last = attempt(text, size, upper, style, is_short)
        if not last.overflow:
            return last
    assert last is not None
    # Last resort: the header keeps its height and prints as much as fits, cut on a whole
    # word with an ellipsis; compose then prints the full title at the top of the body.
    size = small_size
    low, high = 1, len(last.text)
    while low < high:
        mid = (low + high + 1) // 2
        if estimate_lines(fit_property(last.text, mid), width, size) <= last.max_lines:
            low = mid
        else:
            high = mid - 1
    return HeaderTitle(fit_property(last.text, low), last.style, last.short, last.lines,
                       last.max_lines, overflow=True)


# ------------------------------------------------------------------ document properties

#: python-docx (and the OOXML core properties it writes) refuses text properties longer than
#: 255 characters.
PROPERTY_LIMIT = 255
ELLIPSIS = "…"


def fit_property(text: str, limit: int = PROPERTY_LIMIT) -> str:
    """``text`` cut to at most ``limit`` characters, with an ellipsis, on a whole character.

    A base letter is never separated from the combining marks that follow it (NFD input), and
    a cut falls after the last whole word when one ends in the last fifth of the room.
    """
    if len(text) <= limit:
        return text
    end = limit - len(ELLIPSIS)
    while end > 0 and unicodedata.combining(text[end]):
        end -= 1  # the mark after the cut belongs to the letter before it: cut before both
    cut = text[:end]
    space = cut.rfind(" ")
    if space >= end * 4 // 5:
        cut = cut[:space]
    return cut.rstrip(" ,;:–-") + ELLIPSIS


def room_for(page: PageSetup) -> int:
    """About how many characters a short title may have and still print in capitals at the
    header size (the figure the check's hint suggests), rounded down to a multiple of 10."""
    low, high = 10, 400
    while low < high:  # the longest run of a typical word mix that fits
        mid = (low + high + 1) // 2
        fit = fit_header_title(("Quy trình cấp giấy phép hoạt động " * 20)[:mid], None, page)
        if fit.style is ParaStyle.HEADER:
            low = mid
        else:
            high = mid - 1
    return max(10, low // 10 * 10)
