"""Column widths from the content of a table, and the page orientation that lets them fit.

Decided once, when a document is composed, so that the DOCX, the Typst PDF and LibreOffice's
PDF (converted from the DOCX) lay a table out alike. A column is never narrower than its
longest unbreakable word (header included) at the table's text size, plus the cell margins:
otherwise Typst prints the word across the border and Word and LibreOffice break it letter by
letter ("STT" stacked one letter a line). Nor is it wider than its widest line unwrapped (a
code column gives the room it cannot use to the columns that wrap). Between those bounds the
room is shared as the table's own weights ask. When even the minimums do not fit the page's
text width, the table needs a landscape page (a register of 14 columns:
:func:`needs_landscape`).

Codes and dates never break: ``BM-QT01-01`` and ``QT-18`` take non-breaking hyphens
(U+2011, which Times New Roman and Liberation Serif both draw as a hyphen), so no engine
breaks them at the hyphen (Word and LibreOffice would, Typst after "BM-").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache

from qmsdoc.render.headerfit import advance_em
from qmsdoc.render.tree import (
    Block,
    BlockQuote,
    BulletList,
    Cell,
    Code,
    Emph,
    Inline,
    Link,
    OrderedList,
    PageSetup,
    Paragraph,
    Row,
    Strong,
    Table,
    Text,
    block_text,
)

NB_HYPHEN = "\u2011"
_PT_PER_MM = 72 / 25.4
#: Word's cell margins (85 twips each side) and a little slack for rounding and borders.
CELL_MARGINS_MM = 2 * 1.5 + 0.6
#: Table text is one point under the body size (ParaStyle.TABLE / TABLE_HEADING).
TABLE_DELTA = 1.0

#: A document code (BM-06, BM-QT01-01, QT-18, QĐ-01, MTCL-2026, 15/QĐ-UBND) or a hyphenated
#: date: letters or digits joined by hyphens, with at least one capital letter or digit run
#: on each side. Ordinary hyphenated words ("Độc lập - Tự do") have spaces around the dash.
_CODE = re.compile(r"(?<![\w-])[\w/.]+(?:-[\w/.]+)+(?![\w-])")


def nobreak(text: str) -> str:
    """``text`` with the hyphens inside codes made non-breaking."""
    if "-" not in text:
        return text
    return _CODE.sub(lambda m: m.group(0).replace("-", NB_HYPHEN)
                     if _is_code(m.group(0)) else m.group(0), text)


def _is_code(word: str) -> bool:
    """A code has a capital or a digit in each part (``BM-QT01-01``, ``QT-18``, ``2026-01``),
    not an ordinary compound word written in lower case."""
    return all(any(c.isupper() or c.isdigit() for c in part) for part in word.split("-"))


def nobreak_inlines(content: Sequence[Inline]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for node in content:
        match node:
            case Text(text=t):
                out.append(Text(nobreak(t)))
            case Code(text=t):
                out.append(Code(nobreak(t)))
            case Strong(content=c):
                out.append(Strong(nobreak_inlines(c)))
            case Emph(content=c):
                out.append(Emph(nobreak_inlines(c)))
            case Link(content=c, target=url):
                out.append(Link(nobreak_inlines(c), url))
            case _:
                out.append(node)
    return tuple(out)


def nobreak_blocks(blocks: Sequence[Block]) -> list[Block]:
    """Every paragraph of ``blocks`` (tables and lists included) with unbreakable codes."""
    out: list[Block] = []
    for b in blocks:
        match b:
            case Paragraph(content=c):
                out.append(replace(b, content=nobreak_inlines(c)))
            case Table(rows=rows):
                out.append(replace(b, rows=tuple(Row(tuple(
                    replace(cell, blocks=tuple(nobreak_blocks(cell.blocks)))
                    for cell in row.cells)) for row in rows)))
            case BulletList(items=items):
                out.append(BulletList(tuple(tuple(nobreak_blocks(i)) for i in items)))
            case OrderedList(items=items, start=start):
                out.append(OrderedList(tuple(tuple(nobreak_blocks(i)) for i in items), start))
            case BlockQuote(blocks=inner):
                out.append(BlockQuote(tuple(nobreak_blocks(inner))))
            case _:
                out.append(b)
    return out


# ----------------------------------------------------------------------------- widths
def word_width_mm(word: str, size_pt: float) -> float:
    """Printed width of one word (estimated a little wide: bold Times New Roman)."""
    return sum(map(_column_em, word)) * size_pt / _PT_PER_MM


@cache
def _column_em(c: str) -> float:
    # An ellipsis is a full em wide (fill-in dots of forms: "……………").
    return 1.0 if c == "…" else advance_em(c)


def _words(blocks: Sequence[Block]) -> list[str]:
    return block_text(list(blocks)).split()


def cell_min_mm(cell: Cell, size_pt: float) -> float:
    """The narrowest the cell can be without breaking a word."""
    longest = max((word_width_mm(w, size_pt) for w in _words(cell.blocks)), default=0.0)
    return longest + CELL_MARGINS_MM


def cell_natural_mm(cell: Cell, size_pt: float) -> float:
    """The width the cell's longest line takes unwrapped."""
    lines = block_text(list(cell.blocks)).split("\n")
    return max((word_width_mm(line.strip(), size_pt) for line in lines), default=0.0) \
        + CELL_MARGINS_MM


def minimum_widths(table: Table, size_pt: float) -> list[float]:
    """Each column's minimum width (mm), from the cells that sit in that column alone."""
    return _column_widths(table, size_pt, cell_min_mm)


def natural_widths(table: Table, size_pt: float) -> list[float]:
    """Each column's widest unwrapped line (mm): more room than that is of no use to it."""
    return _column_widths(table, size_pt, cell_natural_mm)


def _column_widths(table: Table, size_pt: float,
                   measure: Callable[[Cell, float], float]) -> list[float]:
    ncols = len(table.widths)
    mins = [CELL_MARGINS_MM + size_pt / _PT_PER_MM] * ncols  # room for one character
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row.cells:
            while (r, c) in covered:
                c += 1
            if c >= ncols:
                break
            if cell.colspan == 1:
                mins[c] = max(mins[c], measure(cell, size_pt))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    covered.add((r + dr, c + dc))
            c += cell.colspan
    return mins


def fit_widths(weights: Sequence[float], mins: Sequence[float], width_mm: float,
               maxes: Sequence[float] | None = None) -> tuple[float, ...] | None:
    """Column widths (mm) summing to ``width_mm``: each at least its minimum, at most its
    natural width (``maxes``: room it cannot use goes to the columns that wrap), otherwise as
    close to the weights' share as those bounds allow; None when the minimums do not fit."""
    if sum(mins) > width_mm:
        return None
    n = len(weights)
    upper = [max(m, x) for m, x in zip(mins, maxes, strict=True)] if maxes else None
    if upper is not None and sum(upper) <= width_mm:
        upper = None  # everything fits unwrapped: share the page by the weights
    widths = [0.0] * n
    fixed = [False] * n
    # Water-filling: share the free room by weights; a column below its minimum is raised to
    # it, one above its natural width lowered to it, and the rest shared again.
    for _ in range(2 * n + 1):
        free = [i for i in range(n) if not fixed[i]]
        room = width_mm - sum(widths[i] for i in range(n) if fixed[i])
        share = sum(weights[i] for i in free) or 1.0
        for i in free:
            widths[i] = room * (weights[i] or 0.0) / share
        under = [i for i in free if widths[i] < mins[i] - 1e-9]
        over = [i for i in free if upper is not None and widths[i] > upper[i] + 1e-9]
        if not under and not over:
            break
        for i in under or over:  # the minimums first: they may free nothing
            fixed[i] = True
            widths[i] = mins[i] if under else upper[i]  # type: ignore[index]
    return tuple(round(w, 2) for w in widths)


def table_size(page: PageSetup) -> float:
    return max(page.font_size - TABLE_DELTA, 6.0)


def fit_table(table: Table, width_mm: float, size_pt: float) -> Table | None:
    """The table with content-based widths (mm, as weights), or None when it cannot fit."""
    if not table.widths or not table.rows:
        return table
    widths = fit_widths(table.widths, minimum_widths(table, size_pt), width_mm,
                        natural_widths(table, size_pt))
    return None if widths is None else replace(table, widths=widths)


def fit_tables(blocks: Sequence[Block], page: PageSetup) -> tuple[list[Block], bool]:
    """Top-level bordered tables of ``blocks`` fitted to the page; the flag says whether one
    could not fit (its widths are then left as they were)."""
    out: list[Block] = []
    overflow = False
    size = table_size(page)
    for b in blocks:
        if isinstance(b, Table) and b.borders:
            fitted = fit_table(b, page.text_width_mm, size)
            if fitted is None:
                overflow = True
                fitted = b
            out.append(fitted)
        else:
            out.append(b)
    return out, overflow


def landscape(page: PageSetup) -> PageSetup:
    """The same paper turned sideways (margins kept: the binding edge stays on the left)."""
    if page.width_mm > page.height_mm:
        return page
    return replace(page, width_mm=page.height_mm, height_mm=page.width_mm)


def needs_landscape(blocks: Sequence[Block], page: PageSetup) -> bool:
    """Whether some bordered table's columns cannot fit the portrait text width."""
    return fit_tables(blocks, page)[1]


__all__ = ["NB_HYPHEN", "fit_table", "fit_tables", "fit_widths", "landscape",
           "minimum_widths", "needs_landscape", "nobreak", "nobreak_blocks"]
