"""The Typst writer proper: a document tree → the JSON data the fixed template renders.

Every node becomes a small JSON object (``"t"`` names its type); text stays a JSON string.
The template (``qmsdoc/templates/typst/document.typ``) walks this data with one function per
node type and only ever shows strings as text, so nothing a user writes is read as Typst
markup or code. Pictures are handed over as files with generated names (``img-3.png``), never
under a path taken from the document. Table cells get their grid position here (the same
HTML rules as the DOCX writer), so the template never has to place them itself.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from qmsdoc.render.tree import (
    LOGO,
    Block,
    BlockQuote,
    BulletList,
    Cell,
    Code,
    Diagram,
    Emph,
    Field,
    Heading,
    Image,
    Inline,
    Leader,
    LineBreak,
    Link,
    OrderedList,
    PageBreak,
    Paragraph,
    RenderedDocument,
    Row,
    Strong,
    Table,
    Text,
    Tracked,
    TrackedBlocks,
    block_text,
    shown_now,
)

Json = dict[str, Any]
_LINKABLE = ("http://", "https://", "mailto:")
# Characters that are not text (XML-invalid controls): dropped as the DOCX writer does.
_CONTROL = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 0x7F, 0xFFFE, 0xFFFF])
#: A table row with more text than this may break across pages (a longer row than a page
#: cannot be kept whole); shorter rows move to the next page whole, like Word's cantSplit.
_UNBREAKABLE_CHARS = 1200
_EMPTY_CELL: Json = {"t": "p", "s": "table", "a": None, "c": []}
_LOOK_KEYS = ("font", "size", "bold", "italic", "color", "align", "before", "after", "line")
_PICTURE_EXT = {b"\x89PNG": "png", b"\xff\xd8\xff": "jpg", b"GIF8": "gif", b"BM": "bmp"}


@dataclass
class TypstData:
    """What the engine compiles: the data (JSON-able) and the picture files it names."""

    data: Json
    files: dict[str, bytes] = field(default_factory=dict)  # generated name → bytes
    characters: set[str] = field(default_factory=set)  # every character shown (glyph check)


class _Serializer:
    def __init__(self, images: Mapping[str, bytes], logo: bytes | None) -> None:
        self.images = images
        self.logo = logo
        self.files: dict[str, bytes] = {}
        self.names: dict[str, str] = {}  # digest → generated file name
        self.chars: set[str] = set()

    # --------------------------------------------------------------------------- text
    def text(self, value: str) -> str:
        clean = unicodedata.normalize("NFC", value.translate(_CONTROL))
        self.chars.update(clean)
        return clean

    # ------------------------------------------------------------------------ inlines
    def inlines(self, content: Sequence[Inline]) -> list[Json]:
        out: list[Json] = []
        for node in content:
            match node:
                case Text(text=t):
                    if not t:
                        continue
                    if out and out[-1]["t"] == "s":  # one run for adjacent texts
                        out[-1]["v"] += self.text(t)
                    else:
                        out.append({"t": "s", "v": self.text(t)})
                case Strong(content=c):
                    out.append({"t": "b", "c": self.inlines(c)})
                case Emph(content=c):
                    out.append({"t": "i", "c": self.inlines(c)})
                case Code(text=t):
                    out.append({"t": "code", "v": self.text(t)})
                case Link(content=c, target=url):
                    inner = self.inlines(c) or [{"t": "s", "v": self.text(url)}]
                    if url.startswith(_LINKABLE):
                        out.append({"t": "a", "c": inner, "url": url})
                    else:  # a link into the repository or an anchor: the text only
                        out.extend(inner)
                case LineBreak():
                    out.append({"t": "br"})
                case Field(kind=k):
                    out.append({"t": "f", "k": k.value})
                case Tracked(content=c, revision=r):  # a redline: the new text only
                    if shown_now(r):
                        out.extend(self.inlines(c))
                case Leader():
                    out.append({"t": "lead"})
        return out

    # ------------------------------------------------------------------------- blocks
    def blocks(self, blocks: Sequence[Block]) -> list[Json]:
        out: list[Json] = []
        for b in blocks:
            if isinstance(b, TrackedBlocks):  # a redline: the new text only
                if shown_now(b.revision):
                    out.extend(self.blocks(b.blocks))
            elif (j := self.block(b)) is not None:
                out.append(j)
        return out

    def block(self, b: Block) -> Json | None:
        match b:
            case Paragraph(content=c, style=s, align=a, keep_with_next=k):
                j: Json = {"t": "p", "s": s.value, "a": a.value if a else None,
                           "c": self.inlines(c)}
                if k:
                    j["k"] = True
                return j
            case Heading(level=level, content=c, number=n):
                return {"t": "h", "l": max(1, min(level, 6)), "n": self.text(n) if n else None,
                        "c": self.inlines(c)}
            case BulletList(items=items):
                return {"t": "ul", "items": [self.blocks(i) for i in items]}
            case OrderedList(items=items, start=start):
                return {"t": "ol", "start": max(0, start),
                        "items": [self.blocks(i) for i in items]}
            case Table():
                return self.table(b)
            case BlockQuote(blocks=inner):
                return {"t": "quote", "b": self.blocks(inner)}
            case Image():
                return self.image(b)
            case PageBreak():
                return {"t": "pb"}
            case Diagram():
                return self.diagram(b)
        return None

    def diagram(self, d: Diagram) -> Json:
        """A flowchart: its grid, drawn by ``diagram.typ`` (vector graphics)."""
        return {"t": "diagram", "cols": list(d.columns), "rows": list(d.rows),
                "alt": self.text(d.alt),
                "cells": [{"r": c.row, "c": c.col, "cs": c.colspan, "s": c.shape.value,
                           "v": self.text(c.text), "l": [list(x) for x in c.lines],
                           "lb": [[x, y, self.text(t)] for x, y, t in c.labels],
                           "in": c.enter, "out": c.leave} for c in d.cells]}

    def table(self, t: Table) -> Json | None:
        if any(r.revision is not None for r in t.rows):  # a redline: the new rows only
            t = Table(tuple(r for r in t.rows if shown_now(r.revision)), t.widths,
                      t.header_rows, t.borders)
        ncols = len(t.widths) or max((sum(c.colspan for c in r.cells) for r in t.rows),
                                     default=0)
        if ncols == 0 or not t.rows:
            return None
        weights = [w if w > 0 else 1.0 for w in t.widths] or [1.0] * ncols
        total = sum(weights)
        header_rows = max(0, min(t.header_rows, len(t.rows)))
        head: list[Json] = []
        body: list[Json] = []
        foot: list[Json] = []
        rows_text = [len(block_text([Table((r,), (1.0,) * ncols)])) for r in t.rows]
        layout = _layout(t, ncols)
        # The last two rows kept together (the tree marks the one before last "keep with
        # next"): Typst keeps a footer that is not repeated in one piece, which is the same.
        last = len(t.rows) - 2
        if last >= header_rows and _keeps_with_next(t.rows[last]) and not any(
                r < last < r + rowspan for (r, _), (_, _, rowspan) in layout.items()):
            split = last
        else:
            split = len(t.rows)
        for (r, c), (cell, span, rowspan) in layout.items():
            if r < header_rows:  # a header cell cannot reach into the body
                rowspan = min(rowspan, header_rows - r)
            breakable = max(rows_text[r:r + rowspan]) > _UNBREAKABLE_CHARS
            # An empty cell still holds an empty paragraph, one line high (as in Word).
            blocks = self.blocks(cell.blocks) or [_EMPTY_CELL]
            j = {"x": c, "y": r, "cs": span, "rs": rowspan, "a": cell.align.value
                 if cell.align else None, "br": breakable, "b": blocks}
            (head if r < header_rows else foot if r >= split else body).append(j)
        return {"t": "table", "w": [w / total for w in weights], "hr": header_rows,
                "rows": len(t.rows), "border": t.borders, "head": head, "body": body,
                "foot": foot}

    def image(self, b: Image) -> Json | None:
        data = self.logo if b.path == LOGO else self.images.get(b.path)
        name = self.picture(data) if data else None
        if name is None and (b.path == LOGO or not b.alt):
            return None
        return {"t": "img", "src": name, "alt": self.text(b.alt), "w": b.width_mm}

    def picture(self, data: bytes) -> str | None:
        ext = next((e for magic, e in _PICTURE_EXT.items() if data.startswith(magic)), None)
        if ext is None:
            return None
        digest = hashlib.sha256(data).hexdigest()
        name = self.names.get(digest)
        if name is None:
            name = self.names[digest] = f"img-{len(self.names)}.{ext}"
            self.files[name] = data
        return name

    # ----------------------------------------------------------------------- document
    def document(self, doc: RenderedDocument, index: int) -> Json:
        f = doc.fields
        return {
            "index": index,
            "kind": doc.kind,
            "fields": {"organization": self.text(f.organization), "title": self.text(f.title),
                       "code": self.text(f.code), "edition": self.text(f.edition),
                       "issued": self.text(f.issued)},
            "header": self.blocks(doc.header.blocks),
            "header_first": doc.header.first_page,
            "paper": {"width": doc.page.width_mm, "height": doc.page.height_mm},
            "blocks": self.blocks(doc.blocks),
            "draft": self.text(doc.draft_mark) if doc.draft else None,
        }


def _layout(t: Table, ncols: int) -> dict[tuple[int, int], tuple[Cell, int, int]]:
    """(row, column) of each cell's origin → (cell, colspan, rowspan): a row's cells fill the
    positions that a rowspan from above does not cover (as the DOCX writer lays them out)."""
    covered: set[tuple[int, int]] = set()
    origins: dict[tuple[int, int], tuple[Cell, int, int]] = {}
    nrows = len(t.rows)
    for r, row in enumerate(t.rows):
        c = 0
        for cell in row.cells:
            while (r, c) in covered:
                c += 1
            if c >= ncols:
                break
            span = max(1, min(cell.colspan, ncols - c))
            while any((r, c + dc) in covered for dc in range(span)):
                span -= 1  # a rowspan from above cuts the colspan short
            rowspan = max(1, min(cell.rowspan, nrows - r))
            origins[(r, c)] = (cell, span, rowspan)
            for dr in range(rowspan):
                for dc in range(span):
                    covered.add((r + dr, c + dc))
            c += span
    return origins


def document_data(doc: RenderedDocument, *, images: Mapping[str, bytes], logo: bytes | None,
                  body_font: str, mono_font: str, symbol_fonts: Sequence[str] = ()) -> TypstData:
    """The data of one output file (the document and its further sections, typeset whole:
    a combined set made of its documents' PDFs is joined by ``render.pdfjoin`` instead)."""
    s = _Serializer(images, logo)
    p = doc.page
    props = doc.properties
    keywords = [k for k in (props.keywords or doc.fields.code,
                            f"Lần ban hành {doc.fields.edition}" if doc.fields.edition else "",
                            props.subject) if k]
    data: Json = {
        "page": {"width": p.width_mm, "height": p.height_mm, "top": p.top_mm,
                 "bottom": p.bottom_mm, "left": p.left_mm, "right": p.right_mm,
                 "header": p.header_mm, "size": p.font_size,
                 # The reference document's styles, where it defines them (restyle.py).
                 "looks": {look.name: {k: getattr(look, k) for k in _LOOK_KEYS
                                       if getattr(look, k) is not None} for look in p.looks}},
        "fonts": {"body": body_font, "mono": mono_font, "symbols": list(symbol_fonts)},
        "properties": {"title": s.text(props.title or doc.fields.title),
                       "author": s.text(props.author or doc.fields.organization),
                       "subject": s.text(props.subject),
                       "keywords": [s.text(k) for k in keywords],
                       "date": props.created.isoformat() if props.created else None},
        "documents": [s.document(d, i) for i, d in enumerate((doc, *doc.sections))],
        "bookmarks": bool(doc.sections),
    }
    for section in data["documents"][1:]:
        fields = section["fields"]
        section["bookmark"] = " ".join(x for x in (fields["code"], fields["title"]) if x)
    s.chars.discard("\n")
    return TypstData(data, s.files, s.chars)


def _keeps_with_next(row: Row) -> bool:
    """Every paragraph of the row keeps with the next (how the tree keeps the last rows)."""
    paras = [b for c in row.cells for b in c.blocks if isinstance(b, Paragraph)]
    return bool(paras) and all(p.keep_with_next for p in paras)
