"""Every piece of raw WordprocessingML qmsdoc writes, in one place.

Two kinds of markup live here. (1) What python-docx's proxies have no API for: fields (PAGE,
NUMPAGES), the repeating table header row, cell merges (gridSpan/vMerge), fixed
table layout, table-style borders, list numbering definitions, hyperlinks, the document's
default font and language (vi-VN), theme fonts, and the DỰ THẢO watermark
(a VML text shape in the header, as Word writes it). (2) Fast builders for the body's
paragraphs, runs and tables: style ids are set directly, never looked up by name. Ids are
counters kept by the caller, so output is reproducible.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from copy import deepcopy
from typing import Any

from docx.opc.oxml import serialize_part_xml
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, nsmap, qn
from docx.oxml.numbering import CT_Num
from lxml import etree

_W = nsdecls("w")
_VML = ('xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:w10="urn:schemas-microsoft-com:office:word"')


def _el(tag: str, **attrs: str) -> Any:
    """A ``w:`` element with ``w:``-qualified attributes."""
    from docx.oxml.parser import OxmlElement

    e = OxmlElement(tag)
    for k, v in attrs.items():
        e.set(qn(f"w:{k}"), v)
    return e


# ------------------------------------------------------------------ fast body builders
# A document has hundreds of paragraphs, runs and cells (a combined manual ~100,000). Building
# each as an element through python-docx costs ~7 µs (~0.1 ms with its get-or-add proxies);
# writing the markup as text is ~10× faster. The builders write it as lxml serializes it
# (its escapes, ``<x/>`` for an empty element; fragments declaring namespaces of their own go
# through ``Scope.settle``), so that ``spliced`` can put it into the part's bytes as it is,
# sparing a parse and a serialization; ``append_xml``/``replace_body`` parse it into the tree
# when that cannot be promised.
_SECTPR = qn("w:sectPr")
_NAMESPACES = nsdecls("w", "r", "wp", "a", "pic")
# Characters XML 1.0 forbids (a stray control character must not break a document).
_INVALID = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF])
# Anything esc() changes; most text has none, and a search is cheaper than the translation.
_TEXT_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ATTR_SPECIAL = re.compile('[&<>"\t\n\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')


def esc(text: str) -> str:
    """Text for an XML text node, as lxml writes it once parsed: a carriage return is read
    as a line feed; ``"`` needs no escape."""
    if _TEXT_SPECIAL.search(text) is None:
        return text
    return (text.translate(_INVALID).replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace("\r", "\n"))


def esc_attr(text: str) -> str:
    """Text for an attribute value, as lxml writes it once parsed: line ends and tabs are read
    as spaces."""
    if _ATTR_SPECIAL.search(text) is None:
        return text
    text = text.translate(_INVALID).replace("\r\n", " ").replace("\r", " ")
    return (text.replace("\n", " ").replace("\t", " ").replace("&", "&amp;")
            .replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;"))


def p_xml(content: str, style_id: str | None = None, align: str | None = None,
          numbering: tuple[int, int] | None = None, indent_twips: int | None = None,
          keep_next: bool = False, leader_twips: int | None = None) -> str:
    """A paragraph; ``content`` is the markup of its runs; ``leader_twips`` sets a right tab
    stop with a dot leader there (a fill-in line)."""
    props = ""
    if style_id:
        props = f'<w:pStyle w:val="{style_id}"/>'
    if keep_next:
        props += "<w:keepNext/>"
    if numbering:
        props += (f'<w:numPr><w:ilvl w:val="{numbering[1]}"/><w:numId w:val="{numbering[0]}"/>'
                  "</w:numPr>")
    if leader_twips:
        props += (f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{leader_twips}"/>'
                  "</w:tabs>")
    if indent_twips:
        props += f'<w:ind w:left="{indent_twips}"/>'
    if align:
        props += f'<w:jc w:val="{align}"/>'
    if props:
        return f"<w:p><w:pPr>{props}</w:pPr>{content}</w:p>"
    return f"<w:p>{content}</w:p>" if content else "<w:p/>"


def is_paragraph(markup: str) -> bool:
    """Whether a builder's markup is (ends with) a paragraph."""
    return markup.endswith(("</w:p>", "<w:p/>"))


_RUN_OPEN = {(False, False): "<w:r>", (True, False): "<w:r><w:rPr><w:b/></w:rPr>",
             (False, True): "<w:r><w:rPr><w:i/></w:rPr>",
             (True, True): "<w:r><w:rPr><w:b/><w:i/></w:rPr>"}


def _t(chunk: str) -> str:
    text = esc(chunk)
    space = ' xml:space="preserve"' if chunk[0] == " " or chunk[-1] == " " else ""
    return f"<w:t{space}>{text}</w:t>" if text else f"<w:t{space}/>"


def r_xml(text: str, bold: bool = False, italic: bool = False,
          style_id: str | None = None) -> str:
    """A run of text; tabs and line feeds become ``w:tab`` and ``w:br``."""
    if style_id:
        open_ = (f'<w:r><w:rPr><w:rStyle w:val="{style_id}"/>' + ("<w:b/>" if bold else "")
                 + ("<w:i/>" if italic else "") + "</w:rPr>")
    else:
        open_ = _RUN_OPEN[bold, italic]
    if "\n" not in text and "\t" not in text:  # the common case: one w:t (or none)
        if text:
            return f"{open_}{_t(text)}</w:r>"
        return f"{open_}</w:r>" if open_ != "<w:r>" else "<w:r/>"
    out = [open_]
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append("<w:br/>")
        for j, chunk in enumerate(line.split("\t")):
            if j:
                out.append("<w:tab/>")
            if chunk:
                out.append(_t(chunk))
    out.append("</w:r>")
    return "".join(out)


def br_xml(page: bool = False) -> str:
    return '<w:r><w:br w:type="page"/></w:r>' if page else "<w:r><w:br/></w:r>"


def field_xml(instruction: str, cached: str = "1", result: str = "") -> str:
    """A complex field (begin, instruction, separate, cached result, end); ``result``: the
    markup of a result made of runs (a nested field) instead of the text ``cached``."""
    run = "<w:r><w:rPr><w:noProof/></w:rPr>{}</w:r>"
    return "".join(run.format(inner) for inner in (
        '<w:fldChar w:fldCharType="begin"/>',
        f'<w:instrText xml:space="preserve"> {instruction} </w:instrText>',
        '<w:fldChar w:fldCharType="separate"/>')) + (
        result or run.format(f"<w:t>{cached}</w:t>")) + run.format(
        '<w:fldChar w:fldCharType="end"/>')


def hyperlink_xml(r_id: str, text: str, style_id: str, bold: bool, italic: bool) -> str:
    return f'<w:hyperlink r:id="{r_id}" w:history="1">{r_xml(text, bold, italic, style_id)}' \
        "</w:hyperlink>"


def xml_of(element: Any) -> str:
    """An element's markup as lxml writes it (namespace declarations on its root)."""
    markup: str = etree.tostring(element, encoding="unicode")
    return markup


def drawing_xml(inline: str) -> str:
    """A run holding a drawing (the markup of its ``wp:inline`` or ``wp:anchor``)."""
    return f"<w:r><w:drawing>{inline}</w:drawing></w:r>"


#: The highest line Word allows (1,584 pt).
_MAX_LINE_TWIPS = 31680


def drawing_p_xml(runs: str, height_twips: int) -> str:
    """A paragraph exactly ``height_twips`` high that holds the floating shapes of a
    drawing (``runs``), placed from its top; it does not split."""
    height = min(height_twips, _MAX_LINE_TWIPS)
    return ('<w:p><w:pPr><w:keepLines/><w:spacing w:before="0" w:after="0" '
            f'w:line="{height}" w:lineRule="exact"/>'
            f'<w:ind w:left="0" w:right="0" w:firstLine="0"/></w:pPr>{runs}</w:p>')


def tbl_open(style_id: str, widths_twips: list[int]) -> str:
    """The start of a table with a fixed layout, its style and its grid."""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths_twips)
    return (f'<w:tbl><w:tblPr><w:tblStyle w:val="{style_id}"/>'
            f'<w:tblW w:w="{sum(widths_twips)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
            f'<w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>')


def tr_open(header: bool = False, cant_split: bool = True) -> str:
    """A row; a header row repeats at the top of every page (``w:tblHeader``); a row that
    cannot split moves to the next page whole."""
    props = ("<w:cantSplit/>" if cant_split else "") + ("<w:tblHeader/>" if header else "")
    return f"<w:tr><w:trPr>{props}</w:trPr>" if props else "<w:tr>"


def tc_open(width_twips: int, span: int = 1, vmerge: str | None = None,
            valign: str | None = "center") -> str:
    """A cell; ``span`` grid columns wide; ``vmerge`` "restart"/"continue" for a rowspan."""
    props = f'<w:tcW w:w="{width_twips}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if vmerge:
        props += f'<w:vMerge w:val="{vmerge}"/>'
    if valign:
        props += f'<w:vAlign w:val="{valign}"/>'
    return f"<w:tc><w:tcPr>{props}</w:tcPr>"


def append_xml(parent: Any, markup: str) -> None:
    """Parse ``markup`` (a sequence of block elements) and append it to ``parent`` (a header;
    the body is replaced whole by ``replace_body``)."""
    if not markup:
        return
    for child in list(parse_xml(f"<w:body {_NAMESPACES}>{markup}</w:body>")):
        parent.append(child)


# ---------------------------------------------------------------------------------- styles
def clear_theme_fonts(style: Any, font: str) -> None:
    """Use ``font`` for every script: theme font attributes would otherwise win over it."""
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = _el("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{attr}"), font)


def set_doc_defaults(styles_element: Any, font: str | None, half_points: int | None,
                     language: str) -> None:
    """Default font, size and language of the document (w:docDefaults/w:rPrDefault)."""
    defaults = styles_element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = _el("w:docDefaults")
        styles_element.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = _el("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = _el("w:rPr")
        rpr_default.append(rpr)
    if font:
        for old in rpr.findall(qn("w:rFonts")):
            rpr.remove(old)
        rpr.insert(0, _el("w:rFonts", ascii=font, hAnsi=font, eastAsia=font, cs=font))
    if half_points:
        for tag in ("w:sz", "w:szCs"):
            for old in rpr.findall(qn(tag)):
                rpr.remove(old)
            rpr.append(_el(tag, val=str(half_points)))
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    rpr.append(_el("w:lang", val=language, eastAsia=language, bidi="ar-SA"))
    # Children of w:rPr have a fixed order in the schema: sort them as Word expects.
    order = {qn(t): i for i, t in enumerate(("w:rStyle", "w:rFonts", "w:b", "w:i", "w:color",
                                             "w:sz", "w:szCs", "w:lang"))}
    children = sorted(rpr, key=lambda c: order.get(c.tag, 5))
    for c in children:
        rpr.remove(c)
        rpr.append(c)


def set_table_style_borders(style: Any, borders: bool, cell_margin_twips: int = 85) -> None:
    """Single 0.5 pt borders on every edge (or none) and the cell margins of a table style."""
    tblpr = style.element.find(qn("w:tblPr"))
    if tblpr is None:
        tblpr = _el("w:tblPr")
        style.element.append(tblpr)
    for tag in ("w:tblBorders", "w:tblCellMar"):
        for old in tblpr.findall(qn(tag)):
            tblpr.remove(old)
    edges = ("top", "left", "bottom", "right", "insideH", "insideV")
    tbl_borders = _el("w:tblBorders")
    for edge in edges:
        if borders:
            tbl_borders.append(_el(f"w:{edge}", val="single", sz="4", space="0", color="000000"))
        else:
            tbl_borders.append(_el(f"w:{edge}", val="nil"))
    tblpr.append(tbl_borders)
    mar = _el("w:tblCellMar")
    for edge, value in (("left", cell_margin_twips), ("right", cell_margin_twips)):
        mar.append(_el(f"w:{edge}", w=str(value), type="dxa"))
    tblpr.append(mar)


# ---------------------------------------------------------------------------------- tables
# ------------------------------------------------------------------------------- numbering
def add_abstract_num(numbering: Any, abstract_id: int, ordered: bool, indent_twips: int) -> None:
    """A 9-level list definition: 1. a) i. … for ordered lists, • – ◦ … for bullets."""
    xml = [f'<w:abstractNum {_W} w:abstractNumId="{abstract_id}">',
           '<w:multiLevelType w:val="hybridMultilevel"/>']
    bullets = ("•", "–", "◦")
    formats = (("decimal", "%{n}."), ("lowerLetter", "%{n})"), ("lowerRoman", "%{n}."))
    for lvl in range(9):
        if ordered:
            fmt, text = formats[lvl % 3]
            text = text.format(n=lvl + 1)
            font = ""
        else:
            fmt, text = "bullet", bullets[lvl % 3]
            font = '<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/></w:rPr>'
        left = indent_twips * (lvl + 1)
        xml.append(
            f'<w:lvl w:ilvl="{lvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{left}" w:hanging="{min(indent_twips, 360)}"/></w:pPr>'
            f"{font}</w:lvl>")
    xml.append("</w:abstractNum>")
    element = parse_xml("".join(xml))
    # abstractNum elements come before every w:num.
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(element)
    else:
        numbering.append(element)


def next_abstract_id(numbering: Any) -> int:
    ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    return max(ids, default=-1) + 1


def add_num(numbering: Any, abstract_id: int, restart_level: int | None = None,
            start: int = 1, used: set[int] | None = None) -> int:
    """A list instance; with ``restart_level`` its counting starts again at ``start``.

    ``used``: the numIds already taken, kept by the caller. python-docx finds the first free
    one by scanning every w:num, quadratic in the combined manual's hundreds of lists; the id
    is the same (the smallest free one from 1)."""
    if used is None:
        num = numbering.add_num(abstract_id)
    else:
        num_id = next(n for n in itertools.count(1) if n not in used)
        used.add(num_id)
        num = numbering._insert_num(CT_Num.new(num_id, abstract_id))
    if restart_level is not None:
        num.add_lvlOverride(ilvl=restart_level).add_startOverride(start)
    return int(num.numId)


# ---------------------------------------------------------------------------------- inlines
def watermark_xml(text: str, font: str, shape_number: int) -> str:
    """A run holding a diagonal, light grey text behind the page (Word's "watermark" markup,
    a VML text path anchored in the header)."""
    family = esc_attr(font.replace('"', ""))  # quoted in a style attribute
    return (
        f"<w:r {_VML}><w:rPr><w:noProof/></w:rPr><w:pict>"
        '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
        'path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas>'
        '<v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/>'
        '<v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/>'
        '<v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/>'
        '<v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/>'
        '<v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>'
        '<v:path textpathok="t" o:connecttype="custom" '
        'o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>'
        '<v:textpath on="t" fitshape="t"/><v:handles><v:h position="#0,bottomRight" '
        'xrange="6629,14971"/></v:handles><o:lock v:ext="edit" text="t" shapetype="t"/>'
        "</v:shapetype>"
        f'<v:shape id="QmsDraftMark{shape_number}" o:spid="_x0000_s{2048 + shape_number}" '
        'type="#_x0000_t136" style="position:absolute;margin-left:0;margin-top:0;'
        "width:420pt;height:105pt;rotation:315;z-index:-251654144;"
        "mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
        'mso-position-vertical:center;mso-position-vertical-relative:margin" '
        'o:allowincell="f" fillcolor="#c0c0c0" stroked="f"><v:fill opacity=".5"/>'
        f'<v:textpath style="font-family:&quot;{family}&quot;;'
        f'font-size:1pt" string="{esc_attr(text)}"/>'
        '<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r>')


#: The properties of a paragraph that only ends a section: 1 pt high, no spacing. A
#: document's own DOCX ends without one; a full-height paragraph after a table that fills
#: the last page pushed a blank page into the set (QĐ-02: 1 page alone, 2 in the set).
_END_PPR = ('<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
            '<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>')


def end_p_xml(content: str = "", sectpr: str = "") -> str:
    """A paragraph that only ends a section (``sectpr``: its w:sectPr, "" for the last)."""
    return f"<w:p><w:pPr>{_END_PPR}{sectpr}</w:pPr>{content}</w:p>"


def bookmark_xml(n: int, name: str) -> str:
    """An empty bookmark (a place for a PAGEREF field)."""
    return (f'<w:bookmarkStart w:id="{n}" w:name="{esc_attr(name)}"/>'
            f'<w:bookmarkEnd w:id="{n}"/>')


def section_break_xml(sentinel: Any, settle: Callable[[str], str], content: str = "") -> str:
    """The markup ending the current section: a paragraph (``content`` in it) carrying a copy
    of the final ``w:sectPr`` (with the section's header references), which is then reset to
    start the next section (as python-docx's add_section does, without scanning the whole
    body). ``settle`` fits the copy's namespace declarations to where it goes (see Scope)."""
    copy = deepcopy(sentinel)
    copy.attrib.clear()
    for ref in sentinel.findall(qn("w:headerReference")) + sentinel.findall(
            qn("w:footerReference")):
        sentinel.remove(ref)
    for title_pg in sentinel.findall(qn("w:titlePg")):
        sentinel.remove(title_pg)
    return end_p_xml(content, settle(xml_of(copy)))


def set_section_page(sectpr: Any, width_mm: float, height_mm: float, restart: bool,
                     margins_mm: tuple[float, float, float, float, float] | None = None) -> None:
    """The section's paper size and orientation (a landscape register inside a portrait set),
    its margins (top, right, bottom, left, header and footer distance: as the document's own
    file has them, so that it breaks its pages alike in the set) and, with ``restart``, page
    numbers starting again at 1 (each document of a set)."""
    twips = 1440 / 25.4
    margins = sectpr.find(qn("w:pgMar"))
    if margins is not None and margins_mm is not None:
        top, right, bottom, left, header = (str(round(v * twips)) for v in margins_mm)
        for name, value in (("top", top), ("right", right), ("bottom", bottom),
                            ("left", left), ("header", header), ("footer", header)):
            margins.set(qn(f"w:{name}"), value)
    size = sectpr.find(qn("w:pgSz"))
    if size is not None:
        size.set(qn("w:w"), str(round(width_mm * twips)))
        size.set(qn("w:h"), str(round(height_mm * twips)))
        if width_mm > height_mm:
            size.set(qn("w:orient"), "landscape")
        elif qn("w:orient") in size.attrib:
            del size.attrib[qn("w:orient")]
    numbering = sectpr.find(qn("w:pgNumType"))
    if restart and numbering is None:
        numbering = etree.SubElement(sectpr, qn("w:pgNumType"))
        # CT_SectPr order: ... pgSz, pgMar, paperSrc, pgBorders, lnNumType, pgNumType, cols ...
        anchor = next((sectpr.find(qn(f"w:{tag}")) for tag in ("cols", "formProt", "vAlign",
                       "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter",
                       "docGrid", "printerSettings") if sectpr.find(qn(f"w:{tag}")) is not None),
                      None)
        if anchor is not None:
            anchor.addprevious(numbering)
    if numbering is not None and restart:
        numbering.set(qn("w:start"), "1")


def replace_body(body: Any, markup: str, sentinel: Any) -> Any:
    """Make ``markup`` the body's content, followed by the final ``w:sectPr``: one parse into
    a new body element (moving parsed nodes into the old one costs as much again). Returns the
    new body."""
    new = parse_xml(f"<w:body {_NAMESPACES}>{markup}</w:body>")
    if sentinel is not None:
        new.append(sentinel)
    body.getparent().replace(body, new)
    return new


class CannotSplice(Exception):
    """Splicing cannot promise the bytes lxml would write: the document is written again by
    parsing its markup into the tree."""


_MARK = "qmsdoc-content"
_MARK_BYTES = f"<!--{_MARK}-->".encode()
_OWN_PREFIXES = (("w", nsmap["w"]), ("r", nsmap["r"]))
# The namespace declarations lxml writes on a fragment's root element (right after its name).
_ROOT_DECLS = re.compile(r'(<[^\s>/]+)((?: xmlns:[^\s=]+="[^"&<]*")*)( xmlns[:=])?')
_DECL = re.compile(r' xmlns:([^\s=]+)="([^"]*)"')


class Scope:
    """The namespaces in scope where markup goes (a document body, a header root).

    Markup moved into a tree by lxml loses, on every element, each namespace declaration the
    element's new ancestors already make (and uses their prefix). The builders write ``w:``
    and ``r:`` undeclared; the fragments that declare their own (a drawing, a section break's
    ``w:sectPr``, the watermark's VML) go through :meth:`settle`. Anything this cannot mirror
    exactly (a prefix bound elsewhere, one namespace under two prefixes) raises CannotSplice.
    """

    def __init__(self, element: Any) -> None:
        self.nsmap: dict[str | None, str] = dict(element.nsmap)
        hrefs = list(self.nsmap.values())
        self.unique = {h for h in hrefs if hrefs.count(h) == 1}
        for prefix, href in _OWN_PREFIXES:
            if self.nsmap.get(prefix) != href or href not in self.unique:
                raise CannotSplice(prefix)

    def settle(self, fragment: str) -> str:
        """``fragment`` (lxml's markup of one element) as lxml writes it once moved here."""
        m = _ROOT_DECLS.match(fragment)
        if m is None or m.group(3):  # not an element, or a default namespace, or odd text
            raise CannotSplice(fragment[:40])
        if not m.group(2):
            return fragment
        kept = []
        in_scope = set(self.nsmap.values())
        for prefix, href in _DECL.findall(m.group(2)):
            if href not in in_scope:
                kept.append(f' xmlns:{prefix}="{href}"')
            elif self.nsmap.get(prefix) != href or href not in self.unique:
                raise CannotSplice(prefix)  # lxml would switch the fragment to another prefix
        return m.group(1) + "".join(kept) + fragment[m.end(2):]


def spliced(root: Any, container: Any, markup: str) -> bytes | None:
    """The part's bytes with ``markup`` as the first content of ``container``: the bytes
    that parsing the markup into the tree and python-docx's serializer would give, without
    parsing and serializing it (the combined manual's body is tens of megabytes).

    The markup must be what lxml writes for it in ``container``'s :class:`Scope`. None for no
    markup (an empty element is written ``<x/>``): the caller parses it.
    """
    if not markup:
        return None
    head, tail = splice_ends(root, container)
    return head + encoded(markup) + tail


def encoded(markup: str) -> bytes:
    try:
        return markup.encode("utf-8")
    except UnicodeEncodeError as e:  # parsing raises lxml's own error for it
        raise CannotSplice(str(e)) from e


def splice_ends(root: Any, container: Any) -> tuple[bytes, bytes]:
    """The part's bytes before and after markup put first in ``container`` (see
    :func:`spliced`)."""
    mark = etree.Comment(_MARK)
    container.insert(0, mark)
    try:
        head, found, tail = serialize_part_xml(root).partition(_MARK_BYTES)
    finally:
        container.remove(mark)
    if not found or _MARK_BYTES in tail:
        raise CannotSplice(_MARK)
    return head, tail


def final_sectpr(body: Any) -> Any:
    """The body's last ``w:sectPr`` (content goes before it), or None."""
    last = body[-1] if len(body) else None
    return last if last is not None and last.tag == _SECTPR else None


def body_children_except_sectpr(body: Any) -> list[Any]:
    return [c for c in body if c.tag != qn("w:sectPr")]


def header_images(header_element: Any) -> list[str]:
    """The relationship ids of the pictures in a header part (for the reference logo)."""
    blips = header_element.findall(".//" + qn("a:blip"))
    return [b.get(qn("r:embed")) for b in blips if b.get(qn("r:embed"))]


# ------------------------------------------------------------------ tracked changes
_R, _P, _TR = qn("w:r"), qn("w:p"), qn("w:tr")
_PPR, _RPR, _TRPR = qn("w:pPr"), qn("w:rPr"), qn("w:trPr")
_MARKS = frozenset({qn("w:ins"), qn("w:del")})
_DELETED_NAMES = {qn("w:t"): qn("w:delText"), qn("w:instrText"): qn("w:delInstrText")}


def tracked_xml(markup: str, kind: str, next_id: Callable[[], int], author: str,
                date: str) -> str:
    """``markup`` (runs, or whole paragraphs and rows) as a tracked insertion (``kind`` "ins")
    or deletion ("del"): every run is wrapped in ``w:ins``/``w:del`` (a deleted run's text
    becomes ``w:delText``), and every paragraph mark and table row is marked too, so that
    accepting or rejecting the change removes or keeps them whole. ``next_id`` numbers the
    marks (unique in the document). The result declares its namespaces: it is parsed into the
    part, never spliced."""
    root = parse_xml(f"<w:body {_NAMESPACES}>{markup}</w:body>")
    tag = qn(f"w:{kind}")

    def mark() -> Any:
        e = etree.Element(tag)
        e.set(qn("w:id"), str(next_id()))
        e.set(qn("w:author"), author)
        if date:
            e.set(qn("w:date"), date)
        return e

    for run in list(root.iter(_R)):
        if run.getparent().tag in _MARKS:
            continue  # already tracked (a change inside a change is not made)
        wrapper = mark()
        run.addprevious(wrapper)
        wrapper.append(run)
        if kind == "del":
            for child in run.iter(*_DELETED_NAMES):
                child.tag = _DELETED_NAMES[child.tag]
    for p in root.iter(_P):
        ppr = p.find(_PPR)
        if ppr is None:
            ppr = etree.SubElement(p, _PPR)
            p.insert(0, ppr)
        rpr = ppr.find(_RPR)
        if rpr is None:
            rpr = etree.SubElement(ppr, _RPR)  # last of pPr (no sectPr in the body's blocks)
        rpr.insert(0, mark())  # ins/del come first in a paragraph mark's properties
    for tr in root.iter(_TR):
        trpr = tr.find(_TRPR)
        if trpr is None:
            trpr = etree.SubElement(tr, _TRPR)
            tr.insert(0, trpr)
        trpr.append(mark())
    return "".join(etree.tostring(child, encoding="unicode") for child in root)


def tracked_runs_xml(markup: str, kind: str, next_id: Callable[[], int], author: str,
                     date: str) -> str:
    """Runs inserted or deleted inside a paragraph (the paragraph itself stays)."""
    root = parse_xml(f"<w:p {_NAMESPACES}>{markup}</w:p>")
    tag = qn(f"w:{kind}")
    for run in list(root.iter(_R)):
        if run.getparent().tag in _MARKS:
            continue
        wrapper = etree.Element(tag)
        wrapper.set(qn("w:id"), str(next_id()))
        wrapper.set(qn("w:author"), author)
        if date:
            wrapper.set(qn("w:date"), date)
        run.addprevious(wrapper)
        wrapper.append(run)
        if kind == "del":
            for child in run.iter(*_DELETED_NAMES):
                child.tag = _DELETED_NAMES[child.tag]
    return "".join(etree.tostring(child, encoding="unicode") for child in root)
