"""The base document every DOCX is cloned from: named Word styles, list definitions, A4 page.

It is built once per process (and per reference document and font setting), kept as a
:class:`~qmsdoc.render.docx.package.Template` (its parts' bytes) and cloned for each document,
which is far cheaper than building styles, or even unzipping the package, each time. Styles are
real named styles ("QMS Title", "Heading 1", "QMS Table"…) so that a user can restyle the
output in Word or through ``output.reference_docx``: a style the reference document already
defines is kept as it is; only the missing ones are added.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt, RGBColor

from qmsdoc.render.docx import _oxml
from qmsdoc.render.docx.compat import declare_current_word
from qmsdoc.render.docx.package import Template
from qmsdoc.render.headerfit import HEADER_DELTA, SMALL_DELTA
from qmsdoc.render.restyle import keep_paragraph_rules
from qmsdoc.render.tree import PageSetup, ParaStyle

#: Word style name of each paragraph style of the tree.
PARAGRAPH_STYLES: dict[ParaStyle, str] = {
    ParaStyle.BODY: "Normal",
    ParaStyle.BODY_INDENT: "QMS Body Indent",
    ParaStyle.TITLE: "QMS Title",
    ParaStyle.SUBTITLE: "QMS Subtitle",
    ParaStyle.CENTER: "QMS Center",
    ParaStyle.RIGHT: "QMS Right",
    ParaStyle.TABLE: "QMS Table Text",
    ParaStyle.TABLE_HEADING: "QMS Table Heading",
    ParaStyle.HEADER: "QMS Header",
    ParaStyle.HEADER_SMALL: "QMS Header Small",
    ParaStyle.NATIONAL: "QMS National",
    ParaStyle.MOTTO: "QMS Motto",
    ParaStyle.AGENCY: "QMS Agency",
    ParaStyle.RULE: "QMS Rule",
    ParaStyle.PLACE_DATE: "QMS Place Date",
    ParaStyle.SIGNATURE: "QMS Signature",
    ParaStyle.RECIPIENTS_HEADING: "QMS Recipients Heading",
    ParaStyle.RECIPIENTS: "QMS Recipients",
    ParaStyle.NOTE: "QMS Note",
    ParaStyle.QUOTE: "Quote",
    ParaStyle.CODE: "QMS Code",
}
HEADINGS = ("Heading 1", "Heading 2", "Heading 3")
LIST_PARAGRAPH = "List Paragraph"
TABLE_STYLE = "QMS Table"
LAYOUT_TABLE_STYLE = "QMS Layout Table"
CODE_CHAR = "QMS Code Char"
HYPERLINK = "Hyperlink"

# The default template's styles that are worth keeping (the rest are ~400 kB of table styles).
_KEEP = {"Normal", "Default Paragraph Font", "Normal Table", "No List", "Heading 1", "Heading 2",
         "Heading 3", "Heading 1 Char", "Heading 2 Char", "Heading 3 Char", "Title",
         "Title Char", "Quote", "Quote Char", "List Paragraph", "Table Grid", "Header",
         "Header Char", "Footer", "Footer Char", "Caption", "Strong", "Emphasis"}

INDENT_TWIPS = 567  # 1 cm per list level


@dataclass(frozen=True)
class Base:
    """A ready base document and what the writer must know about it."""

    template: Template
    style_ids: dict[str, str]  # Word style name → style id
    bullet_abstract: int
    ordered_abstract: int
    bullet_num: int
    logo: bytes | None


_CACHE: dict[tuple[Any, ...], Base] = {}


def get_base(page: PageSetup, reference: bytes | None) -> Base:
    """The base for these settings, built on first use in this process."""
    key = (hashlib.sha256(reference).hexdigest() if reference else None, page.font,
           page.font_size, page.apply_font, page.width_mm, page.height_mm, page.top_mm,
           page.bottom_mm, page.left_mm, page.right_mm, page.header_mm)
    base = _CACHE.get(key)
    if base is None:
        base = _CACHE[key] = _build(page, reference)
    return base


def _build(page: PageSetup, reference: bytes | None) -> Base:
    doc = Document(io.BytesIO(reference)) if reference else Document()
    logo = _strip_reference(doc) if reference else None
    if not reference:
        _trim_default(doc)
    size = page.font_size
    _oxml.set_doc_defaults(doc.styles.element, page.font if page.apply_font else None,
                           round(size * 2) if page.apply_font else None, "vi-VN")
    existing = {s.name for s in doc.styles}
    restyle_builtins = not reference
    _normal(doc, page, restyle_builtins)
    _headings(doc, page, existing, restyle_builtins)
    _paragraph_styles(doc, page, existing)
    _character_styles(doc, existing)
    _table_styles(doc, existing)
    numbering = doc.part.numbering_part.element
    bullet = _oxml.next_abstract_id(numbering)
    _oxml.add_abstract_num(numbering, bullet, ordered=False, indent_twips=INDENT_TWIPS)
    ordered = bullet + 1
    _oxml.add_abstract_num(numbering, ordered, ordered=True, indent_twips=INDENT_TWIPS)
    bullet_num = _oxml.add_num(numbering, bullet)
    _page(doc, page)
    declare_current_word(doc.settings.element)
    ids = {s.name: s.style_id for s in doc.styles if s.name}
    buf = io.BytesIO()
    doc.save(buf)
    return Base(Template(buf.getvalue()), ids, bullet, ordered, bullet_num, logo)


# ------------------------------------------------------------------------ base document
def _trim_default(doc: Any) -> None:
    """Drop what python-docx's template carries but no qmsdoc document uses."""
    for style in list(doc.styles):
        if style.name not in _KEEP:
            style.delete()
    part = doc.part
    for r_id, rel in list(part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            part.drop_rel(r_id)
    package_rels = part.package.rels
    for r_id, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package_rels.pop(r_id)


def reference_logo(doc: Any) -> bytes | None:
    """The first picture of a reference document's headers (shown in every document's)."""
    for section in doc.sections:
        for header in (section.header, section.first_page_header):
            if not header.is_linked_to_previous:
                for r_id in _oxml.header_images(header._element):
                    blob: bytes = header.part.related_parts[r_id].blob
                    return blob
    return None


def _strip_reference(doc: Any) -> bytes | None:
    """Keep a reference document's styles only: take its header logo, drop its content."""
    logo = reference_logo(doc)
    body = doc.element.body
    for child in _oxml.body_children_except_sectpr(body):
        body.remove(child)
    for section in doc.sections:
        section.different_first_page_header_footer = False
        for hf in (section.header, section.footer, section.first_page_header,
                   section.first_page_footer, section.even_page_header,
                   section.even_page_footer):
            hf.is_linked_to_previous = True
    return logo


def _page(doc: Any, page: PageSetup) -> None:
    s = doc.sections[-1]
    if page.width_mm > page.height_mm:  # printers and Word read the orientation, not the size
        s.orientation = WD_ORIENT.LANDSCAPE
    s.page_width, s.page_height = Mm(page.width_mm), Mm(page.height_mm)
    s.top_margin, s.bottom_margin = Mm(page.top_mm), Mm(page.bottom_mm)
    s.left_margin, s.right_margin = Mm(page.left_mm), Mm(page.right_mm)
    s.header_distance, s.footer_distance = Mm(page.header_mm), Mm(page.header_mm)
    s.gutter = Mm(0)


def _para_style(doc: Any, existing: set[str], name: str, base: str = "Normal") -> Any:
    """A paragraph style to define, or None when the reference document already has it."""
    if name in existing:
        return None
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles[base]
    style.quick_style = True
    return style


def _format(style: Any, *, size: float | None = None, bold: bool | None = None,
            italic: bool | None = None, align: Any = None, before: float = 0,
            after: float = 0, line: float | None = 1.0, first_line: float | None = None,
            keep_next: bool = False, font: str | None = None) -> None:
    f, pf = style.font, style.paragraph_format
    if size is not None:
        f.size = Pt(size)
    if bold is not None:
        f.bold = bold
    if italic is not None:
        f.italic = italic
    if font:
        f.name = font
    if align is not None:
        pf.alignment = align
    pf.space_before, pf.space_after = Pt(before), Pt(after)
    if line is not None:
        pf.line_spacing = line
    if first_line is not None:
        pf.first_line_indent = Mm(first_line)
    if keep_next:
        pf.keep_with_next = True


def _normal(doc: Any, page: PageSetup, restyle: bool) -> None:
    if not restyle:  # a reference document's Normal: ours only where it defines nothing
        keep_paragraph_rules(doc.styles["Normal"])
        return
    _format(doc.styles["Normal"], align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6, line=1.15)


def _headings(doc: Any, page: PageSetup, existing: set[str], restyle: bool) -> None:
    size = page.font_size
    for level, name in enumerate(HEADINGS, 1):
        if name in existing and not restyle:
            continue
        style = doc.styles[name] if name in existing else doc.styles.add_style(
            name, WD_STYLE_TYPE.PARAGRAPH)
        if page.apply_font:
            _oxml.clear_theme_fonts(style, page.font)
        style.font.color.rgb = RGBColor(0, 0, 0)
        _format(style, size=size, bold=True, italic=level == 3, align=WD_ALIGN_PARAGRAPH.LEFT,
                before=10 if level == 1 else 6, after=4, line=1.15, keep_next=True)


def _paragraph_styles(doc: Any, page: PageSetup, existing: set[str]) -> None:
    size = page.font_size
    center, left, right = (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT,
                           WD_ALIGN_PARAGRAPH.RIGHT)
    specs: list[tuple[str, dict[str, Any]]] = [
        ("QMS Body Indent", dict(align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6, line=1.15,
                                 first_line=10)),
        ("QMS Title", dict(size=size + 2, bold=True, align=center, before=12, after=6,
                           keep_next=True)),
        ("QMS Subtitle", dict(size=size, bold=True, align=center, before=6, after=6,
                              keep_next=True)),
        ("QMS Center", dict(align=center)),
        ("QMS Right", dict(align=right)),
        ("QMS Table Text", dict(size=size - 1, align=left, before=2, after=2)),
        ("QMS Header", dict(size=size - HEADER_DELTA, align=left)),
        ("QMS Header Small", dict(size=size - SMALL_DELTA, align=left)),
        ("QMS National", dict(size=size - 1, bold=True, align=center)),
        ("QMS Motto", dict(size=size, bold=True, align=center)),
        ("QMS Agency", dict(size=size - 1, bold=True, align=center)),
        # The rule is a row of joined underscores at a small size, hugging the line above.
        ("QMS Rule", dict(size=6, align=center, after=4, line=None)),
        ("QMS Place Date", dict(size=size, italic=True, align=center)),
        ("QMS Signature", dict(size=size, bold=True, align=center)),
        ("QMS Recipients Heading", dict(size=12, bold=True, italic=True, align=left,
                                        before=6)),
        ("QMS Recipients", dict(size=11, align=left)),
        ("QMS Note", dict(size=size - 2, italic=True, after=3)),
        ("QMS Code", dict(size=size - 3, align=left, font="Courier New")),
    ]
    for name, spec in specs:
        style = _para_style(doc, existing, name)
        if style is not None:
            _format(style, **spec)
    heading = _para_style(doc, existing, "QMS Table Heading", "QMS Table Text")
    if heading is not None:
        _format(heading, bold=True, align=center, before=2, after=2)
    if "Quote" not in existing:
        _format(doc.styles.add_style("Quote", WD_STYLE_TYPE.PARAGRAPH), italic=True, after=6)
    if LIST_PARAGRAPH not in existing:
        _format(doc.styles.add_style(LIST_PARAGRAPH, WD_STYLE_TYPE.PARAGRAPH), after=3,
                line=1.15)


def _character_styles(doc: Any, existing: set[str]) -> None:
    if CODE_CHAR not in existing:
        doc.styles.add_style(CODE_CHAR, WD_STYLE_TYPE.CHARACTER).font.name = "Courier New"
    if HYPERLINK not in existing:
        style = doc.styles.add_style(HYPERLINK, WD_STYLE_TYPE.CHARACTER)
        style.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
        style.font.underline = True


def _table_styles(doc: Any, existing: set[str]) -> None:
    for name, borders in ((TABLE_STYLE, True), (LAYOUT_TABLE_STYLE, False)):
        if name in existing:
            continue
        style = doc.styles.add_style(name, WD_STYLE_TYPE.TABLE)
        style.base_style = doc.styles["Normal Table"]
        _oxml.set_table_style_borders(style, borders)
