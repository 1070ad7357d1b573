"""Markdown bodies → document-tree blocks, parsed with markdown-it-py (CommonMark + tables).

Supported: headings, paragraphs, emphasis, code, links, hard breaks, nested ordered/unordered
lists (each ordered list keeps its own start number), tables (alignment from the delimiter row,
column widths from the text length), block quotes, fenced code, images, the layout blocks
of forms (a fence named ``header``, ``place-date`` or ``signatures``: see layoutblocks.py) and
a fenced ``mermaid`` flowchart, which is drawn (``render/mermaid.py``). Raw HTML is printed
as text, except ``<br>`` which is a line break (common in table cells).

Images must be files inside the repository: the path is resolved against the document's folder
and must stay inside the root; an absolute path, a URL (``file:``, ``http:``…) or a path that
leads outside is refused with a warning at its line and only its alt text is printed. Nothing
here reads a file (``qmsdoc.render.images`` does).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from qmsdoc.diagnostics import Diagnostic
from qmsdoc.model.span import Span
from qmsdoc.render import problems
from qmsdoc.render.layoutblocks import LAYOUT_KINDS, layout_block
from qmsdoc.render.tree import (
    Align,
    Block,
    BlockQuote,
    BulletList,
    Cell,
    Code,
    Emph,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    OrderedList,
    Paragraph,
    ParaStyle,
    Row,
    Strong,
    Table,
    Text,
    plain_text,
)

_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table")
    # markdown-it leaves ``file:``, ``javascript:``… links as plain text (an XSS guard for HTML);
    # here every target is parsed so that an image outside the repository is reported (QMS801)
    # rather than silently printed as text. Writers only ever link http(s) and mailto.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


@dataclass
class MarkdownResult:
    blocks: list[Block] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def resolve_image(target: str, doc_path: str) -> str | None:
    """The repository-relative posix path of an image target, or None when it is refused."""
    target = unquote(target.strip())
    if not target or _SCHEME.match(target) or target.startswith(("/", "\\", "~")):
        return None
    if "\\" in target or "\x00" in target:
        return None
    folder = posixpath.dirname(doc_path)
    joined = posixpath.normpath(posixpath.join(folder, target))
    if joined == ".." or joined.startswith("../") or joined.startswith("/") or joined == ".":
        return None
    return joined


def image_paths(body: str, doc_path: str) -> list[str]:
    """The images a body would embed (for the build's cache key); cheap when there are none."""
    return list(dict.fromkeys(path for path, _ in image_refs(body, doc_path)))


def image_refs(body: str, doc_path: str) -> list[tuple[str, int]]:
    """(repository path, line within the body counted from 0) of each image a body embeds;
    refused targets are left out (composing reports them)."""
    if "![" not in body:
        return []
    out: list[tuple[str, int]] = []
    for tok in _parser().parse(body):
        line = tok.map[0] if tok.map else 0
        for child in tok.children or ():
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "image":
                path = resolve_image(str(child.attrs.get("src", "")), doc_path)
                if path:
                    out.append((path, line))
    return out


_NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
#: "(Ký, ghi rõ họ tên)", "(Ký và ghi rõ họ tên)", "(Ký tên, đóng dấu)"; not "(Ký hiệu)".
_SIGN_NOTE = re.compile(r"^[\s*_]*\(\s*Ký(?:\s*,|\s+(?:và|tên|ghi|đóng)\b)")
_LAYOUT_ROW = re.compile(r"^[ \t]*\|.*(?:CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|\(\s*Ký)",
                         re.IGNORECASE | re.MULTILINE)


def layout_tables(body: str) -> list[tuple[int, str]]:
    """Tables of a body that lay out what a layout block should (line within the body from
    0, and the block to use): two columns holding the Quốc hiệu (``header``), or one or two
    columns with a "(Ký, ghi rõ họ tên)" cell (``signatures``). Cheap without a table."""
    if not _LAYOUT_ROW.search(body):
        return []  # the usual case (no table row with the Quốc hiệu or "(Ký"): no parse
    out: list[tuple[int, str]] = []
    start, columns, row = 0, 0, 0
    cells: list[str] | None = None  # None: outside a table
    for tok in _parser().parse(body):
        if tok.type == "table_open":
            start, cells, columns = (tok.map[0] if tok.map else 0), [], 0
        elif tok.type == "tr_open":
            row = 0
        elif tok.type == "inline" and cells is not None:
            cells.append(tok.content)
            row += 1
            columns = max(columns, row)
        elif tok.type == "table_close" and cells is not None:
            if columns == 2 and any(_NATIONAL in c.upper() for c in cells):
                out.append((start, "header"))
            elif columns <= 2 and any(_SIGN_NOTE.match(c) for c in cells):
                out.append((start, "signatures"))
            cells = None
    return out


def parse_markdown(text: str, *, path: str = "", line_offset: int = 0) -> MarkdownResult:
    """Blocks of a Markdown body; ``line_offset`` is the file line of the body's first line."""
    result = MarkdownResult()
    if not text.strip():
        return result
    conv = _Converter(path, max(line_offset - 1, 0), result.diagnostics)
    result.blocks = list(conv.blocks(SyntaxTreeNode(_parser().parse(text)).children))
    return result


class _Converter:
    """One handler per markdown-it node type; unknown nodes fall back to their text."""

    def __init__(self, path: str, offset: int, diagnostics: list[Diagnostic]) -> None:
        self.path = path
        self.offset = offset
        self.diagnostics = diagnostics

    def mermaid(self, node: SyntaxTreeNode) -> Block:
        """A Mermaid flowchart, drawn (``render/mermaid.py``); its source as code, with a
        warning at its line, when it is not the part of Mermaid qmsdoc reads."""
        from qmsdoc.render.mermaid import MermaidError, mermaid_diagram

        try:
            return mermaid_diagram(node.content, "")
        except MermaidError as e:
            span = self.span(node)
            self.diagnostics.append(problems.diagram_unreadable(
                Span(span.path, span.line + e.line, 1), e.vi, e.en))
        return _code_block(node)

    def span(self, node: SyntaxTreeNode) -> Span:
        line = node.map[0] + 1 if node.map else 1
        return Span(self.path, line + self.offset, 1)

    # ---------------------------------------------------------------------------- blocks
    def blocks(self, nodes: list[SyntaxTreeNode]) -> Iterator[Block]:
        for node in nodes:
            yield from self.block(node)

    def block(self, node: SyntaxTreeNode) -> Iterator[Block]:
        match node.type:
            case "heading":
                level = int(node.tag[1:]) if node.tag[1:].isdigit() else 1
                yield Heading(level, tuple(self.inlines(node.children, node)))
            case "paragraph":
                yield from self.paragraph(node, ParaStyle.BODY)
            case "bullet_list":
                yield BulletList(tuple(self.items(node)))
            case "ordered_list":
                start = node.attrs.get("start", 1)
                yield OrderedList(tuple(self.items(node)), int(start) if start else 1)
            case "table":
                yield self.table(node)
            case "blockquote":
                yield BlockQuote(tuple(self.blocks(node.children)))
            case "fence" if _info(node) == "mermaid":
                yield self.mermaid(node)
            case "fence" if _info(node) in LAYOUT_KINDS:
                yield self.layout(node)
            case "fence" | "code_block":
                yield _code_block(node)
            case "html_block":
                text = _BR.sub("\n", node.content).strip()
                if text:
                    yield Paragraph(tuple(_text_with_breaks(text)))
            case "hr":
                return  # a thematic break has no meaning in a controlled document
            case _:
                text = node.content.strip()
                if text:
                    yield Paragraph((Text(text),))

    def layout(self, node: SyntaxTreeNode) -> Block:
        """A layout block of a form (``header``, ``place-date``, ``signatures``)."""
        span = self.span(node)
        for i, line in enumerate(node.content.split("\n")):
            if line.count("|") > 1:  # the fence line comes first: content starts a line later
                self.diagnostics.append(problems.layout_columns(
                    Span(span.path, span.line + 1 + i, line.index("|", line.index("|") + 1) + 1),
                    _info(node)))
        return layout_block(_info(node), node.content, self.cell_inlines)

    def cell_inlines(self, text: str) -> tuple[Inline, ...]:
        tokens = _parser().parseInline(text)
        node = SyntaxTreeNode(tokens)
        return tuple(_trim(list(self.inlines(node.children, node))))

    def paragraph(self, node: SyntaxTreeNode, style: ParaStyle) -> Iterator[Block]:
        """A paragraph; an image inside it becomes an Image block between text parts."""
        parts: list[Inline] = []
        inline = node.children[0] if node.children else None
        breaks = 0  # line breaks before an image: its line within the paragraph
        for child in inline.children if inline else []:
            if child.type in ("softbreak", "hardbreak"):
                breaks += 1
            if child.type == "image":
                if trimmed := _trim(parts):
                    yield Paragraph(tuple(trimmed), style)
                parts = []
                yield from self.image(child, node, breaks)
            else:
                parts.extend(self.inline(child, node))
        if trimmed := _trim(parts):
            yield Paragraph(tuple(trimmed), style)

    def image(self, child: SyntaxTreeNode, owner: SyntaxTreeNode,
              breaks: int = 0) -> Iterator[Block]:
        src = str(child.attrs.get("src", ""))
        alt = plain_text(tuple(self.inlines(child.children, owner)))
        resolved = resolve_image(src, self.path)
        if resolved is None:
            span = self.span(owner)
            self.diagnostics.append(problems.image_refused(
                Span(span.path, span.line + breaks, 1), unquote(src)))
            if alt:
                yield Paragraph((Emph((Text(alt),)),), ParaStyle.CENTER)
            return
        yield Image(resolved, alt)

    def items(self, node: SyntaxTreeNode) -> Iterator[tuple[Block, ...]]:
        for item in node.children:
            yield tuple(self.blocks(item.children))

    def table(self, node: SyntaxTreeNode) -> Table:
        rows: list[Row] = []
        header_rows = 0
        lengths: list[int] = []
        for section in node.children:
            for tr in section.children:
                cells: list[Cell] = []
                for i, cell in enumerate(tr.children):
                    content = tuple(_trim(list(self.inlines(cell.children, cell))))
                    heading = cell.type == "th"
                    style = ParaStyle.TABLE_HEADING if heading else ParaStyle.TABLE
                    blocks: tuple[Block, ...] = (Paragraph(content, style),) if content else ()
                    cells.append(Cell(blocks, align=_align(cell.attrs.get("style"))))
                    size = min(max(len(plain_text(content)), 3), 60)
                    if i < len(lengths):
                        lengths[i] = max(lengths[i], size)
                    else:
                        lengths.append(size)
                rows.append(Row(tuple(cells)))
                if section.type == "thead":
                    header_rows += 1
        # A header row whose cells are all empty (a layout table) is not a header.
        if header_rows and not any(c.blocks for c in rows[0].cells):
            rows, header_rows = rows[1:], 0
        return Table(tuple(rows), tuple(float(n) for n in lengths), header_rows)

    # --------------------------------------------------------------------------- inlines
    def inlines(self, nodes: list[SyntaxTreeNode], owner: SyntaxTreeNode) -> Iterator[Inline]:
        for node in nodes:
            if node.type == "inline":
                yield from self.inlines(node.children, owner)
            elif node.type == "image":
                # An image inside a table cell or a heading: print its alt text.
                yield Text(plain_text(tuple(self.inlines(node.children, owner))))
            else:
                yield from self.inline(node, owner)

    def inline(self, node: SyntaxTreeNode, owner: SyntaxTreeNode) -> Iterator[Inline]:
        match node.type:
            case "text":
                yield Text(node.content)
            case "softbreak":
                yield Text(" ")
            case "hardbreak":
                yield LineBreak()
            case "strong":
                yield Strong(tuple(self.inlines(node.children, owner)))
            case "em":
                yield Emph(tuple(self.inlines(node.children, owner)))
            case "code_inline":
                yield Code(node.content)
            case "link":
                yield Link(tuple(self.inlines(node.children, owner)),
                           unquote(str(node.attrs.get("href", ""))))
            case "html_inline":
                if _BR.fullmatch(node.content.strip()):
                    yield LineBreak()
                else:
                    yield Text(node.content)
            case _:
                if node.children:
                    yield from self.inlines(node.children, owner)
                elif node.content:
                    yield Text(node.content)


def _code_block(node: SyntaxTreeNode) -> Paragraph:
    """Fenced or indented code, line by line (also a Mermaid block that cannot be drawn)."""
    content: list[Inline] = []
    for i, line in enumerate(node.content.rstrip("\n").split("\n")):
        if i:
            content.append(LineBreak())
        content.append(Code(line))
    return Paragraph(tuple(content), ParaStyle.CODE)


def _info(node: SyntaxTreeNode) -> str:
    return node.info.strip().split(" ")[0].casefold() if node.info else ""


def _align(style: object) -> Align | None:
    if not isinstance(style, str):
        return None
    for a in (Align.CENTER, Align.RIGHT, Align.LEFT):
        if f"text-align:{a.value}" in style.replace(" ", ""):
            return a
    return None


def _text_with_breaks(text: str) -> Iterator[Inline]:
    for i, line in enumerate(text.split("\n")):
        if i:
            yield LineBreak()
        yield Text(line)


def _trim(parts: list[Inline]) -> list[Inline]:
    """Drop whitespace-only text and line breaks at both ends (left by a split-off image)."""
    while parts and (isinstance(parts[0], LineBreak)
                     or (isinstance(parts[0], Text) and not parts[0].text.strip())):
        parts = parts[1:]
    while parts and (isinstance(parts[-1], LineBreak)
                     or (isinstance(parts[-1], Text) and not parts[-1].text.strip())):
        parts = parts[:-1]
    if parts and isinstance(parts[0], Text):
        parts = [Text(parts[0].text.lstrip()), *parts[1:]]
    if parts and isinstance(parts[-1], Text):
        parts = [*parts[:-1], Text(parts[-1].text.rstrip())]
    return parts
