"""A Word redline: the new edition's document tree with the old one's text as tracked changes.

Both editions are composed by the ordinary compose stage (same layout as the built set); the
two block sequences are then aligned (difflib over each block's text), blocks of the same
shape are compared inside (paragraph words, table rows and cells, list items), and what is
left becomes whole blocks inserted or deleted. Accepting every change gives the new edition's
text, rejecting every change the old one's. The page header is the new edition's (its edition
and date are fields of the document, not text to review).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TypeVar

from qmsdoc.render.tree import (
    Block,
    BlockQuote,
    BulletList,
    Code,
    Emph,
    Field,
    Heading,
    Inline,
    LineBreak,
    Link,
    OrderedList,
    Paragraph,
    RenderedDocument,
    Revision,
    RevisionKind,
    Row,
    Strong,
    Table,
    Text,
    Tracked,
    TrackedBlocks,
    block_text,
)

_WORD = re.compile(r"\S+\s*|\s+")
_SIMILAR = 0.35  # below this, two paragraphs are different text: delete one, insert the other


class Marks:
    """The two revisions (insert, delete) of one redline: same author and date."""

    def __init__(self, author: str, date: dt.datetime | None) -> None:
        self.ins = Revision(RevisionKind.INSERT, author, date)
        self.delete = Revision(RevisionKind.DELETE, author, date)


def redline(old: RenderedDocument, new: RenderedDocument, marks: Marks) -> RenderedDocument:
    """``new`` with the changes from ``old`` tracked (the header is ``new``'s)."""
    return replace(new, blocks=tuple(diff_blocks(old.blocks, new.blocks, marks)))


# ----------------------------------------------------------------------------- blocks


def _text(b: Block) -> str:
    return " ".join(block_text([b]).split())


def _shape(b: Block) -> tuple[object, ...]:
    """What must agree for two blocks to be compared inside rather than replaced whole."""
    match b:
        case Paragraph(style=s):
            return ("p", s)
        case Heading(level=level):
            return ("h", level)
        case Table(widths=w, borders=borders):
            return ("t", len(w), borders)
        case BulletList():
            return ("ul",)
        case OrderedList():
            return ("ol",)
        case BlockQuote():
            return ("q",)
    return (type(b).__name__, b)


def diff_blocks(old: Sequence[Block], new: Sequence[Block], marks: Marks) -> list[Block]:
    out: list[Block] = []
    sm = difflib.SequenceMatcher(None, [(_shape(b)[0], _text(b)) for b in old],
                                 [(_shape(b)[0], _text(b)) for b in new], autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            for o, n in zip(old[i1:i2], new[j1:j2], strict=True):
                out.extend(diff_block(o, n, marks))
            continue
        out.extend(_region(old[i1:i2], new[j1:j2], marks))
    return out


def _region(old: Sequence[Block], new: Sequence[Block], marks: Marks) -> list[Block]:
    """Blocks that differ: the most similar ones of the same shape, in order, are compared
    inside; the rest are deleted or inserted whole."""
    def score(o: Block, n: Block) -> float:
        if _shape(o) != _shape(n):
            return 0.0
        if isinstance(o, Paragraph | Heading):
            return _ratio(_text(o), _text(n))
        return max(_ratio(_text(o), _text(n)), _SIMILAR)  # a table, a list: compared inside

    out: list[Block] = []
    for i, j in align(old, new, score):
        if i is not None and j is not None:
            out.extend(diff_block(old[i], new[j], marks))
        elif i is not None:
            out.append(TrackedBlocks((old[i],), marks.delete))
        elif j is not None:
            out.append(TrackedBlocks((new[j],), marks.ins))
    return out


def _ratio(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


T = TypeVar("T")
U = TypeVar("U")


def align(old: Sequence[T], new: Sequence[U], score: Callable[[T, U], float],
          threshold: float = _SIMILAR) -> list[tuple[int | None, int | None]]:
    """An order-keeping alignment of two short sequences that maximises the similarity of
    the pairs made (pairs below ``threshold`` are not made): (i, j) a pair, (i, None) an old
    item alone, (None, j) a new one."""
    n, m = len(old), len(new)
    ratios = [[score(old[i], new[j]) for j in range(m)] for i in range(n)]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            value = max(best[i + 1][j], best[i][j + 1])
            if ratios[i][j] >= threshold:
                value = max(value, ratios[i][j] + best[i + 1][j + 1])
            best[i][j] = value
    out: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < n and j < m:
        r = ratios[i][j]
        if r >= threshold and best[i][j] == r + best[i + 1][j + 1]:
            out.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            out.append((i, None))
            i += 1
        else:
            out.append((None, j))
            j += 1
    out.extend((k, None) for k in range(i, n))
    out.extend((None, k) for k in range(j, m))
    return out


def diff_block(o: Block, n: Block, marks: Marks) -> list[Block]:
    """Two blocks of the same shape: the new one with the differences inside it tracked (an
    image or a page break that changed: the old deleted, the new inserted)."""
    if o == n:
        return [n]
    match o, n:
        case Paragraph(), Paragraph():
            return [replace(n, content=diff_inlines(o.content, n.content, marks))]
        case Heading(), Heading():
            return [_heading(o, n, marks)]
        case Table(), Table():
            return [replace(n, rows=tuple(_rows(o.rows, n.rows, marks)))]
        case BulletList(), BulletList():
            return [BulletList(tuple(_items(o.items, n.items, marks)))]
        case OrderedList(), OrderedList():
            return [OrderedList(tuple(_items(o.items, n.items, marks)), n.start)]
        case BlockQuote(), BlockQuote():
            return [BlockQuote(tuple(diff_blocks(o.blocks, n.blocks, marks)))]
    return [TrackedBlocks((o,), marks.delete), TrackedBlocks((n,), marks.ins)]


def _heading(o: Heading, n: Heading, marks: Marks) -> Heading:
    """A heading whose number changed gets the number as tracked text."""
    content = diff_inlines(o.content, n.content, marks)
    if o.number == n.number:
        return replace(n, content=content)
    old_no = (Tracked((Text(f"{o.number}. "),), marks.delete),) if o.number else ()
    new_no = (Tracked((Text(f"{n.number}. "),), marks.ins),) if n.number else ()
    return Heading(n.level, (*old_no, *new_no, *content), None)


def _rows(old: Sequence[Row], new: Sequence[Row], marks: Marks) -> list[Row]:
    def key(r: Row) -> str:
        return " | ".join(" ".join(block_text(c.blocks).split()) for c in r.cells)

    out: list[Row] = []
    sm = difflib.SequenceMatcher(None, [key(r) for r in old], [key(r) for r in new],
                                 autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            out.extend(new[j1:j2])
            continue
        olds, news = old[i1:i2], new[j1:j2]
        for i, j in align(olds, news, lambda a, b: _ratio(key(a), key(b))
                          if len(a.cells) == len(b.cells) else 0.0):
            if i is not None and j is not None:  # a row changed: compared cell by cell
                a, b = olds[i], news[j]
                out.append(Row(tuple(replace(cb, blocks=tuple(diff_blocks(ca.blocks, cb.blocks,
                                                                          marks)))
                                     for ca, cb in zip(a.cells, b.cells, strict=True))))
            elif i is not None:
                out.append(Row(olds[i].cells, marks.delete))
            elif j is not None:
                out.append(Row(news[j].cells, marks.ins))
    return out


def _items(old: Sequence[tuple[Block, ...]], new: Sequence[tuple[Block, ...]],
           marks: Marks) -> list[tuple[Block, ...]]:
    def key(item: tuple[Block, ...]) -> str:
        return " ".join(block_text(item).split())

    out: list[tuple[Block, ...]] = []
    sm = difflib.SequenceMatcher(None, [key(i) for i in old], [key(i) for i in new],
                                 autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            out.extend(new[j1:j2])
            continue
        olds, news = old[i1:i2], new[j1:j2]
        for i, j in align(olds, news, lambda a, b: _ratio(key(a), key(b))):
            if i is not None and j is not None:
                out.append(tuple(diff_blocks(olds[i], news[j], marks)))
            elif i is not None:
                out.append((TrackedBlocks(olds[i], marks.delete),))
            elif j is not None:
                out.append((TrackedBlocks(news[j], marks.ins),))
    return out


# ----------------------------------------------------------------------------- inlines

#: A piece of a paragraph: (bold, italic, a word with its trailing space, or an atom).
_Token = tuple[bool, bool, "str | Inline"]


def _tokens(content: Sequence[Inline], bold: bool = False, italic: bool = False) -> list[_Token]:
    out: list[_Token] = []
    for node in content:
        match node:
            case Text(text=t):
                out.extend((bold, italic, w) for w in _WORD.findall(t))
            case Strong(content=c):
                out.extend(_tokens(c, True, italic))
            case Emph(content=c):
                out.extend(_tokens(c, bold, True))
            case Code() | Link() | LineBreak() | Field():
                out.append((bold, italic, node))
            case Tracked(content=c):  # not made by compose; kept as its text
                out.extend(_tokens(c, bold, italic))
    return out


def _inlines(tokens: Sequence[_Token]) -> list[Inline]:
    """Tokens back into inlines: runs of the same formatting merged into one text."""
    out: list[Inline] = []
    buf: list[str] = []
    fmt: tuple[bool, bool] | None = None

    def flush() -> None:
        if buf and fmt is not None:
            node: Inline = Text("".join(buf))
            if fmt[1]:
                node = Emph((node,))
            if fmt[0]:
                node = Strong((node,))
            out.append(node)
        buf.clear()

    for bold, italic, piece in tokens:
        if isinstance(piece, str):
            if fmt != (bold, italic):
                flush()
                fmt = (bold, italic)
            buf.append(piece)
            continue
        flush()
        fmt = None
        node = piece
        if italic:
            node = Emph((node,))
        if bold:
            node = Strong((node,))
        out.append(node)
    flush()
    return out


def diff_inlines(old: Sequence[Inline], new: Sequence[Inline], marks: Marks) -> tuple[Inline,
                                                                                     ...]:
    """The new inlines with the words that differ from the old ones tracked."""
    if tuple(old) == tuple(new):
        return tuple(new)
    a, b = _tokens(old), _tokens(new)
    out: list[Inline] = []
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            out.extend(_inlines(b[j1:j2]))
            continue
        if i2 > i1:
            out.append(Tracked(tuple(_inlines(a[i1:i2])), marks.delete))
        if j2 > j1:
            out.append(Tracked(tuple(_inlines(b[j1:j2])), marks.ins))
    return tuple(out)


def changed_text(doc: RenderedDocument) -> bool:
    """Whether a redline holds any tracked change."""
    def blocks(bs: Sequence[Block]) -> bool:
        return any(block(b) for b in bs)

    def inl(content: Sequence[Inline]) -> bool:
        for node in content:
            if isinstance(node, Tracked):
                return True
            if isinstance(node, Strong | Emph | Link) and inl(node.content):
                return True
        return False

    def block(b: Block) -> bool:
        match b:
            case TrackedBlocks():
                return True
            case Paragraph(content=c) | Heading(content=c):
                return inl(c)
            case Table(rows=rows):
                return any(r.revision is not None or any(blocks(c.blocks) for c in r.cells)
                           for r in rows)
            case BulletList(items=items) | OrderedList(items=items):
                return any(blocks(i) for i in items)
            case BlockQuote(blocks=inner):
                return blocks(inner)
        return False

    return blocks(doc.blocks)


__all__ = ["Marks", "align", "changed_text", "diff_blocks", "diff_inlines", "redline"]

