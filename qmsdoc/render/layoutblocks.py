"""Layout blocks of forms: the agency / Quốc hiệu header, the place-date line and the signature
blocks, written as fenced blocks in a form's Markdown and printed borderless in the sizes of
Nghị định 30/2020 (Phụ lục I), one line each where the rule says so.

Source (see docs/format.md, "Khối bố cục"): a fence whose info string is ``header``,
``place-date`` or ``signatures``; each line holds the left and the right column separated by
`` | `` (a line without ``|`` is the right column). A blank line in a signature block separates what
is printed above the room for the signature from what is printed below it.

* ``header``: left — the parent body (plain capitals), the issuing body (its last line: bold,
  a short rule under it), then "Số: …"; right — the Quốc hiệu ("CỘNG HÒA…": bold capitals, one
  line), the Tiêu ngữ ("Độc lập…": bold, a rule under it), the italic place-date line (a line
  with "ngày"), and any other line as written (a form's code or edition).
* ``place-date``: the italic place-date line, centred under the Quốc hiệu (right column).
* ``signatures``: the title of each signer (its first line, and any line in capitals such as
  the position under "TM. ỦY BAN NHÂN DÂN": bold capitals), the italic
  "(Ký, ghi rõ họ tên)" notes, other lines as written (tick boxes, an opinion), room for the
  signature and seal, then the lines written after the blank line (bold: the signer's name).

A table only makes sense with borders; what is laid out in these blocks never gets one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from qmsdoc.render.tree import (
    Align,
    Block,
    Cell,
    Emph,
    Inline,
    LineBreak,
    Paragraph,
    ParaStyle,
    Row,
    Table,
    Text,
    plain_text,
)

LAYOUT_KINDS = ("header", "place-date", "signatures")
#: Columns of a layout block: the issuing body is narrower than the Quốc hiệu, which must hold
#: on one line (Nghị định 30/2020 sets them side by side, the Quốc hiệu on the right).
LAYOUT_WIDTHS = (43.0, 57.0)
INTERNAL_WIDTHS = (62.0, 38.0)
#: Empty lines left for a signature and a seal (about 30 mm at 13 pt).
SIGNATURE_ROOM_LINES = 4

_NUMBER = re.compile(r"^\s*S[ốo]\s*:", re.IGNORECASE)
_DATE = re.compile(r"\bngày\b", re.IGNORECASE)
_NOTE = re.compile(r"^\s*\(.*\)\s*$")

#: Turns one cell's source text into inlines (the Markdown converter's inline parser).
InlineParser = Callable[[str], tuple[Inline, ...]]


def split_columns(content: str) -> list[tuple[str, str] | None]:
    """The lines of a block as (left, right); None for a blank line. A line with more than one
    ``|`` keeps the rest in the right column (the caller warns)."""
    rows: list[tuple[str, str] | None] = []
    for line in content.rstrip("\n").split("\n"):
        if not line.strip():
            rows.append(None)
            continue
        if "|" in line:
            left, right = line.split("|", 1)
            rows.append((left.strip(), right.strip()))
        else:
            rows.append(("", line.strip()))
    return rows


def _plain(content: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """The text without the writer's own bold/italic (the layout style decides them); line
    breaks (``<br>``) are kept."""
    out: list[Inline] = []
    for i, part in enumerate(plain_text(content).split("\n")):
        if i:
            out.append(LineBreak())
        if part:
            out.append(Text(part))
    return tuple(out)


def layout_block(kind: str, content: str, parse: InlineParser) -> Table:
    rows = split_columns(content)
    if kind == "header":
        return _header(rows, parse)
    if kind == "place-date":
        return _columns([], [Paragraph(_plain(parse(r[1] or r[0])), ParaStyle.PLACE_DATE)
                             for r in rows if r])
    return _signatures(rows, parse)


def _header(rows: Sequence[tuple[str, str] | None], parse: InlineParser) -> Table:
    lefts = [r[0] for r in rows if r and r[0]]
    rights = [r[1] for r in rows if r and r[1]]
    left: list[Block] = []
    numbered = [t for t in lefts if _NUMBER.match(t)]
    names = [t for t in lefts if not _NUMBER.match(t)]
    for i, text in enumerate(names):
        last = i == len(names) - 1
        style = ParaStyle.AGENCY if last else ParaStyle.CENTER
        left.append(Paragraph(_plain(parse(text)) if last else parse(text), style))
        if last:
            left.append(_rule(text, 0.4))
    left += [Paragraph(parse(t), ParaStyle.CENTER) for t in numbered]
    right: list[Block] = []
    national = False
    for text in rights:
        content = parse(text)
        words = plain_text(content)
        if words.upper().startswith("CỘNG HÒA"):
            right.append(Paragraph(_plain(content), ParaStyle.NATIONAL))
            national = True
        elif words.casefold().startswith("độc lập"):
            right += [Paragraph(_plain(content), ParaStyle.MOTTO), _rule(words, 1.0)]
        elif _DATE.search(words):
            right.append(Paragraph(_plain(content), ParaStyle.PLACE_DATE))
        else:  # a form's own control line (code, edition): as written
            right.append(Paragraph(content, ParaStyle.CENTER))
    # Without the Quốc hiệu (an internal form: code and edition on the right) the issuing
    # body takes the wider column.
    return _columns(left, right, LAYOUT_WIDTHS if national else INTERNAL_WIDTHS)


def _signatures(rows: Sequence[tuple[str, str] | None], parse: InlineParser) -> Table:
    two = any(r and r[0] for r in rows)
    cols: list[list[Block]] = [[], []]
    gap_done = False
    started = False
    titled = [False, False]
    for r in rows:
        if r is None:
            if started and not gap_done:
                for col in cols:
                    col.extend(_room())
                gap_done = True
            continue
        started = True
        for i, text in enumerate(r):
            if not text:
                if two and gap_done:
                    continue
                if two:
                    cols[i].append(Paragraph((), ParaStyle.CENTER))
                continue
            content = parse(text)
            if gap_done:
                cols[i].append(Paragraph(_plain(content), ParaStyle.SIGNATURE))
            elif _NOTE.match(plain_text(content)):
                cols[i].append(Paragraph((Emph(_plain(content)),), ParaStyle.CENTER))
            elif not titled[i] or _is_title(plain_text(content)):
                # the signer's title and position (TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH): bold
                cols[i].append(Paragraph(_plain(content), ParaStyle.SIGNATURE))
                titled[i] = True
            else:  # an opinion, a tick box, a fill-in line: as written
                cols[i].append(Paragraph(content, ParaStyle.CENTER))
    if not gap_done:
        for col in cols:
            col.extend(_room())
    # An empty line above: the block never touches the table or text before it.
    for col in cols:
        col.insert(0, Paragraph((), ParaStyle.CENTER))
    if not two:
        return _columns([], cols[1])
    return Table((Row((Cell(tuple(cols[0]), align=Align.CENTER),
                       Cell(tuple(cols[1]), align=Align.CENTER))),), (50.0, 50.0),
                 borders=False)


def _is_title(text: str) -> bool:
    """A line in capitals (a position under the signing authority), not a tick box line."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _room() -> list[Block]:
    return [Paragraph((), ParaStyle.CENTER) for _ in range(SIGNATURE_ROOM_LINES)]


def _rule(under: str, fraction: float) -> Paragraph:
    """A short line under the issuing body or the Tiêu ngữ (as compose.common.rule)."""
    return Paragraph((Text("_" * max(6, round(len(under) * 2.2 * fraction))),), ParaStyle.RULE)


def _columns(left: list[Block], right: list[Block],
             widths: tuple[float, float] = LAYOUT_WIDTHS) -> Table:
    return Table((Row((Cell(tuple(left), align=Align.CENTER),
                       Cell(tuple(right), align=Align.CENTER))),), widths, borders=False)
