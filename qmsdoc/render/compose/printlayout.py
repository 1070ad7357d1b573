"""Print layout decided once for every output: the page orientation of a document, its tables'
column widths from their content, unbreakable codes, and the fill-in lines of forms.

See qmsdoc/render/columns.py for the widths; this module applies them to a composed document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from qmsdoc.render.columns import fit_tables, landscape, nobreak_blocks
from qmsdoc.render.tree import (
    Align,
    Block,
    BulletList,
    Inline,
    Leader,
    OrderedList,
    PageSetup,
    Paragraph,
    ParaStyle,
    Table,
    Text,
    plain_text,
)

#: A fill-in gap: a run of dots or ellipses ("……", "....").
_FILL = re.compile(r"(?:…|\.){3,}|…{2,}")
#: The blank that ends a line after its label ("Địa chỉ: ……") or alone: not the last part of a
#: date ("……/……/……") or of a sentence, which keep their own length.
_TRAILING_FILL = re.compile(r"(?:(?<=:)|(?<=:\s)|^)\s*(?:(?:…|\.){3,}|…{2,})\s*$")


def with_leader(content: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Dots ending the paragraph's last plain text replaced by a dotted leader."""
    if not content or type(content[-1]) is not Text:
        return content
    last = content[-1]
    assert isinstance(last, Text)
    m = _TRAILING_FILL.search(last.text)
    if m is None:
        return content
    head = last.text[:m.start()]
    if head.endswith(":"):
        head += " "
    return (*content[:-1], *((Text(head),) if head else ()), Leader())


def fit_page(blocks: Sequence[Block], page: PageSetup,
             orientation: str | None = None) -> tuple[list[Block], PageSetup]:
    """The blocks with unbreakable codes in their tables and content-based column widths, and
    the page they need: ``landscape`` when asked, or (``auto``/unset) when a table's columns
    cannot fit the portrait width; ``portrait`` keeps portrait whatever the tables."""
    out = [nobreak_blocks([b])[0] if isinstance(b, Table) and b.borders else b for b in blocks]
    if orientation == "landscape":
        page = landscape(page)
    fitted, overflow = fit_tables(out, page)
    if overflow and orientation in (None, "auto") and page.width_mm < page.height_mm:
        turned = landscape(page)
        refitted, still = fit_tables(out, turned)
        return refitted, turned
    return fitted, page


def fill_in_left(blocks: Sequence[Block]) -> list[Block]:
    """Form paragraphs with fill-in dots are set flush left (justified, their dotted gaps
    would stretch unevenly from line to line), and dots ending a paragraph become a dotted
    leader to the text edge, so every blank ends at the same place."""
    out: list[Block] = []
    for b in blocks:
        match b:
            case Paragraph(content=c, style=style, align=None) if (
                    style in (ParaStyle.BODY, ParaStyle.BODY_INDENT)
                    and _FILL.search(plain_text(c))):
                out.append(replace(b, content=with_leader(c), align=Align.LEFT))
            case BulletList(items=items):
                out.append(BulletList(tuple(tuple(fill_in_left(i)) for i in items)))
            case OrderedList(items=items, start=start):
                out.append(OrderedList(tuple(tuple(fill_in_left(i)) for i in items), start))
            case _:
                out.append(b)
    return out
