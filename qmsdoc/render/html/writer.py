"""Document tree → one HTML page (UTF-8 bytes), deterministic: same tree, same bytes."""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping, Sequence
from html import escape
from importlib.resources import files
from typing import TYPE_CHECKING
from urllib.parse import quote

from qmsdoc.render.tree import (
    LOGO,
    SITE,
    Align,
    Block,
    BlockQuote,
    BulletList,
    Cell,
    Chart,
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
    SiteFrame,
    Strong,
    Table,
    Text,
    Tracked,
    TrackedBlocks,
    plain_text,
    shown_now,
)

if TYPE_CHECKING:
    from qmsdoc.render.options import WriterOptions

#: The width a flowchart is drawn at on a page (a page of A4's text width).
_DIAGRAM_MM = 160.0

#: Bumped when the pages change for the same tree (part of the build's cache key).
WRITER_VERSION = "2"

#: Links the writer makes clickable: the web and mail, and files of the site itself (``site:``
#: targets made by compose: a plain file name, percent-encoded here so that a code with "#",
#: "%" or Vietnamese letters still names its file). A relative link written in a document is
#: printed, as on paper: the site's files are not the repository's.
_WEB = re.compile(r"^(https?://|mailto:)[^\s<>\"]+$", re.IGNORECASE)
_PICTURES = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8", "image/jpeg"),
             (b"GIF8", "image/gif"))


def asset_bytes(name: str) -> bytes:
    """A file the site ships (style sheet, script), read from the package."""
    return files("qmsdoc.render.html").joinpath("assets", name).read_bytes()


def write_html(doc: RenderedDocument, opts: WriterOptions) -> bytes:
    frame = opts.frame or SiteFrame(
        file="", lang="vi", site_title=doc.fields.organization,
        page_title=doc.fields.title or doc.properties.title, nav=(), labels=())
    return _Page(frame, opts.images).page(doc).encode("utf-8")


class _Page:
    def __init__(self, frame: SiteFrame, images: Mapping[str, bytes]) -> None:
        self.frame = frame
        self.images = images
        self.out: list[str] = []
        self.ids: set[str] = set()

    # ------------------------------------------------------------------------------ page
    def page(self, doc: RenderedDocument) -> str:
        f = self.frame
        en = ' lang="en"' if f.lang == "en" else ""  # the site's words; content is Vietnamese
        w = self.out.append
        title = f"{f.page_title} · {f.site_title}" if f.page_title else f.site_title
        w("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          f"<meta name=\"generator\" content=\"qmsdoc\">\n<title>{_e(title)}</title>\n"
          "<link rel=\"stylesheet\" href=\"qmsdoc.css\">\n"
          "<script src=\"qmsdoc.js\" defer></script>\n")
        if f.search_page:
            w("<script src=\"search-index.js\" defer></script>\n")
        classes = f"kind-{_token(doc.kind)}" + (" draft" if doc.draft else "")
        found = f" data-found=\"{_e(f.label('found'))}\"" if f.search_page else ""
        w(f"</head>\n<body class=\"{classes}\"{found}>\n")
        w(f"<a class=\"skip\" href=\"#main\"{en}>{_e(f.label('skip'))}</a>\n")
        w(f"<header class=\"site\"{en}>\n<p class=\"site-title\"><a href=\"index.html\" "
          f"lang=\"vi\">{_e(f.site_title)}</a></p>\n")
        if f.nav:
            w(f"<nav aria-label=\"{_e(f.label('nav'))}\"><ul>\n")
            for link in f.nav:
                current = ' aria-current="page"' if link.href == f.file else ""
                href = _e(quote(link.href, safe=""))
                w(f"<li><a href=\"{href}\"{current}>{_e(link.label)}</a></li>\n")
            w("</ul></nav>\n")
        w("<form class=\"search\" role=\"search\" action=\"tim-kiem.html\" method=\"get\">"
          f"<label for=\"q\">{_e(f.label('search'))}</label>"
          f"<input id=\"q\" name=\"q\" type=\"search\" autocomplete=\"off\" "
          f"placeholder=\"{_e(f.label('search_hint'))}\">"
          f"<button type=\"submit\">{_e(f.label('search_go'))}</button></form>\n</header>\n")
        if doc.draft:
            w(f"<div class=\"draft-banner\" role=\"note\"><strong lang=\"vi\">"
              f"{_e(doc.draft_mark)}</strong> <span{en}>{_e(f.label('draft_note'))}</span>"
              "</div>\n")
        w(f"<main id=\"main\" tabindex=\"-1\">\n<h1>{_e(f.page_title)}</h1>\n")
        if doc.header.blocks and doc.kind not in ("site",):
            w("<div class=\"doc-header\">\n")
            self.blocks(doc.header.blocks, 1)
            w("</div>\n")
        w(f"<article class=\"document\" id=\"document\" aria-label=\"{_e(f.page_title)}\">\n")
        self.blocks(doc.blocks, 1)
        for section in doc.sections:
            w("<section class=\"part\">\n")
            self.blocks(section.blocks, 1)
            w("</section>\n")
        w("</article>\n")
        if f.after:
            w(f"<div class=\"site-extra\"{en}>\n")
            self.blocks(f.after, 1)
            w("</div>\n")
        if f.search_page:
            w(f"<p id=\"search-status\" role=\"status\"{en}></p>\n"
              "<ol id=\"search-results\" class=\"results\"></ol>\n")
        w(f"</main>\n<footer class=\"site\"{en}><p>{_e(f.label('footer'))}</p></footer>\n"
          "</body>\n</html>\n")
        return "".join(self.out)

    # ---------------------------------------------------------------------------- blocks
    def blocks(self, blocks: Sequence[Block], depth: int) -> None:
        for b in blocks:
            self.block(b, depth)

    def block(self, b: Block, depth: int) -> None:
        w = self.out.append
        match b:
            case Heading(level=level, content=content, number=number):
                n = min(6, level + depth)  # the page's own title is the only h1
                anchor = self._id("s-" + (number or plain_text(content)))
                num = f"<span class=\"num\">{_e(number)}</span> " if number else ""
                w(f"<h{n} id=\"{anchor}\">{num}{self.inlines(content)}</h{n}>\n")
            case Paragraph(content=content) if _has_field(content):
                pass  # a line that shows the page number ("Trang: 1/3") belongs to paper
            case Paragraph(content=content, style=style, align=align):
                w(f"<p{_classes(f's-{style.value}', _align(align))}>"
                  f"{self.inlines(content)}</p>\n")
            case BulletList(items=items):
                w("<ul>\n")
                for item in items:
                    w("<li>")
                    self._item(item, depth)
                    w("</li>\n")
                w("</ul>\n")
            case OrderedList(items=items, start=start):
                w(f"<ol start=\"{start}\">\n" if start != 1 else "<ol>\n")
                for item in items:
                    w("<li>")
                    self._item(item, depth)
                    w("</li>\n")
                w("</ol>\n")
            case Table():
                self.table(b, depth)
            case BlockQuote(blocks=inner):
                w("<blockquote>\n")
                self.blocks(inner, depth)
                w("</blockquote>\n")
            case Image(path=path, alt=alt, width_mm=width):
                data = self.images.get(path)
                mime = next((m for sig, m in _PICTURES if data and data.startswith(sig)), None)
                if path == LOGO or data is None or mime is None:
                    if alt and path != LOGO:
                        w(f"<p class=\"image-missing\">[{_e(alt)}]</p>\n")
                    return
                size = f" style=\"width:{width:g}mm\"" if width else ""
                uri = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
                w(f"<p class=\"image\"><img src=\"{uri}\" alt=\"{_e(alt)}\"{size}></p>\n")
            case PageBreak():
                w("<hr class=\"page-break\">\n")
            case Chart():
                w(_chart(b))
            case Diagram(alt=alt):
                # The drawing of the PDF (Typst's own SVG, text as outlines), described for
                # screen readers by the steps it shows.
                from qmsdoc.render.typst.picture import diagram_svg

                svg = diagram_svg(b, width_mm=_DIAGRAM_MM, font=None, size_pt=10)
                steps = " → ".join(" ".join(c.text.split()) for c in b.cells if c.text)
                label = f"{alt}: {steps}" if alt else steps
                # As a picture, not inline: each drawing's glyph ids stay its own.
                uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
                w(f"<figure class=\"flowchart\"><img src=\"{uri}\" alt=\"{_e(label)}\">"
                  "</figure>\n")
            case TrackedBlocks(blocks=inner, revision=rev):
                if shown_now(rev):  # a page shows the new text, as the Typst PDF does
                    self.blocks(inner, depth)

    def _item(self, item: Sequence[Block], depth: int) -> None:
        # A one-paragraph item is written without <p>, like Markdown's tight lists.
        if len(item) == 1 and isinstance(item[0], Paragraph):
            self.out.append(self.inlines(item[0].content))
        else:
            self.blocks(item, depth)

    def table(self, t: Table, depth: int) -> None:
        w = self.out.append
        attrs = ""
        if t.sortable:
            attrs += " data-sortable"
        if t.filter_column is not None:
            # "Lọc theo lĩnh vực:" — the filtered column's own heading names the filter
            names = t.rows[0].cells if t.header_rows and t.rows else ()
            first = (names[t.filter_column].blocks[:1] if len(names) > t.filter_column
                     else ())
            name = (plain_text(first[0].content).strip().lower()
                    if first and isinstance(first[0], Paragraph) else "")
            label = f"{self.frame.label('filter')} {name}:" if name else \
                f"{self.frame.label('filter')}:"
            attrs += (f" data-filter-column=\"{t.filter_column}\" data-filter-label="
                      f"\"{_e(label)}\" data-filter-all=\"{_e(self.frame.label('filter_all'))}\"")
        if not t.borders:
            w(f"<div class=\"layout\"><table class=\"layout\" role=\"presentation\"{attrs}>\n")
        else:
            w(f"<div class=\"table-wrap\"><table{attrs}>\n")
        total = sum(t.widths)
        if total > 0 and len(t.widths) > 1:  # the column weights compose chose
            w("<colgroup>" + "".join(f"<col style=\"width:{100 * x / total:.1f}%\">"
                                     for x in t.widths) + "</colgroup>\n")
        head, body = t.rows[:t.header_rows], t.rows[t.header_rows:]
        if head and t.borders:
            w("<thead>\n")
            for row in head:
                w("<tr>" + "".join(self.cell(c, "th", depth, head=True) for c in row.cells)
                  + "</tr>\n")
            w("</thead>\n")
            rows = body
        else:
            rows = t.rows
        w("<tbody>\n")
        for row in rows:
            w("<tr>" + "".join(self.cell(c, "td", depth) for c in row.cells) + "</tr>\n")
        w("</tbody>\n</table></div>\n")

    def cell(self, c: Cell, tag: str, depth: int, head: bool = False) -> str:
        attrs = ' scope="col"' if head else ""
        if c.colspan > 1:
            attrs += f" colspan=\"{c.colspan}\""
        if c.rowspan > 1:
            attrs += f" rowspan=\"{c.rowspan}\""
        attrs += _classes(_align(c.align))
        if len(c.blocks) == 1 and isinstance(c.blocks[0], Paragraph):
            inner = self.inlines(c.blocks[0].content)
        else:
            saved, self.out = self.out, []
            self.blocks(c.blocks, depth)
            inner, self.out = "".join(self.out), saved
        return f"<{tag}{attrs}>{inner}</{tag}>"

    # --------------------------------------------------------------------------- inlines
    def inlines(self, content: Sequence[Inline]) -> str:
        out: list[str] = []
        for node in content:
            match node:
                case Text(text=t):
                    out.append(_unbroken(_e(t)))
                case Strong(content=c):
                    out.append(f"<strong>{self.inlines(c)}</strong>")
                case Emph(content=c):
                    out.append(f"<em>{self.inlines(c)}</em>")
                case Code(text=t):
                    out.append(f"<code>{_e(t)}</code>")
                case Link(content=c, target=target):
                    text = self.inlines(c)
                    href = site_href(target) if target.startswith(SITE) else (
                        target if _WEB.match(target) else None)
                    if href:
                        out.append(f"<a href=\"{_e(href)}\">{text}</a>")
                    else:  # anything else is printed, never followed
                        out.append(text)
                case LineBreak():
                    out.append("<br>")
                case Field():
                    pass  # page numbers belong to paper
                case Leader():
                    out.append("<span class=\"leader\" aria-hidden=\"true\"></span>")
                case Tracked(content=c, revision=rev):
                    if shown_now(rev):
                        out.append(self.inlines(c))
        return "".join(out)

    def _id(self, text: str) -> str:
        base = re.sub(r"[^\w.\-]+", "-", text.strip().casefold()).strip("-")[:60] or "s"
        anchor, n = base, 1
        while anchor in self.ids:
            n += 1
            anchor = f"{base}-{n}"
        self.ids.add(anchor)
        return _e(anchor)


# ------------------------------------------------------------------------------- helpers
def site_href(target: str) -> str | None:
    """The relative URL of a ``site:`` file; None for anything but a plain file name."""
    name = target[len(SITE):]
    if not name or any(c in name for c in "/\\\x00") or name in (".", ".."):
        return None
    return quote(name, safe="")


def _e(text: str) -> str:
    return escape(text, quote=True)


def _has_field(content: Sequence[Inline]) -> bool:
    for node in content:
        if isinstance(node, Field):
            return True
        if isinstance(node, Strong | Emph | Link) and _has_field(node.content):
            return True
    return False


def _token(text: str) -> str:
    return re.sub(r"[^a-z0-9\-]+", "-", text.lower()).strip("-") or "page"


def _align(align: Align | None) -> str:
    return f"a-{align.value}" if align else ""


_NO_BREAK = re.compile("\\S*\u2011\\S*")


def _unbroken(escaped: str) -> str:
    """Codes kept whole on paper with non-breaking hyphens (U+2011): on a page a plain hyphen
    (so that find and copy work) in a span that does not wrap."""
    if "\u2011" not in escaped:
        return escaped
    return _NO_BREAK.sub(
        lambda m: f"<span class=\"nw\">{m.group(0).replace(chr(0x2011), '-')}</span>", escaped)


def _classes(*names: str) -> str:
    kept = " ".join(n for n in names if n)
    return f" class=\"{kept}\"" if kept else ""


def _chart(c: Chart) -> str:
    """A bar chart as inline SVG (no script, no external file), with its numbers as text."""
    if not c.bars:
        return ""
    top = max([100.0, *(b.value for b in c.bars), *([c.target] if c.target else [])])
    width, height, base, left = 320, 170, 130, 36
    step = (width - left - 8) / len(c.bars)
    parts = [f"<figure class=\"chart\"><svg viewBox=\"0 0 {width} {height}\" role=\"img\" "
             f"aria-label=\"{_e(c.caption)}\" xmlns=\"http://www.w3.org/2000/svg\">"]
    parts.append(f"<line x1=\"{left}\" y1=\"{base}\" x2=\"{width - 4}\" y2=\"{base}\" "
                 "class=\"axis\"/>")
    for i, b in enumerate(c.bars):
        h = max(0.0, b.value) / top * (base - 14)
        x = left + i * step + step * 0.2
        state = "met" if b.met else ("missed" if b.met is False else "plain")
        parts.append(
            f"<rect x=\"{x:.1f}\" y=\"{base - h:.1f}\" width=\"{step * 0.6:.1f}\" "
            f"height=\"{h:.1f}\" class=\"bar {state}\"><title>{_e(b.label)}: {_e(b.shown)}"
            f"</title></rect>"
            f"<text x=\"{x + step * 0.3:.1f}\" y=\"{base - h - 3:.1f}\" class=\"value\">"
            f"{_e(_short(b.value))}</text>"
            f"<text x=\"{x + step * 0.3:.1f}\" y=\"{base + 14:.1f}\" class=\"label\">"
            f"{_e(b.label)}</text>")
    if c.target is not None:
        y = base - c.target / top * (base - 14)
        parts.append(f"<line x1=\"{left}\" y1=\"{y:.1f}\" x2=\"{width - 4}\" y2=\"{y:.1f}\" "
                     f"class=\"target\"/><text x=\"2\" y=\"{y + 4:.1f}\" class=\"target-label\">"
                     f"{_e(_short(c.target))}</text>")
    parts.append(f"</svg><figcaption>{_e(c.caption)}"
                 + (f" ({_e(c.target_label)})" if c.target_label else "")
                 + "</figcaption></figure>\n")
    return "".join(parts)


def _short(value: float) -> str:
    return f"{value:g}".replace(".", ",")
