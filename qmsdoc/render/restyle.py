"""One look from the organisation's reference DOCX (``output.reference_docx``) for every format.

The DOCX writer builds its documents on the reference document, so they take its styles; the
PDF engines must look the same. What the reference defines is read here once, as data:

* margins and the header's distance from the top edge (its last section; the paper stays A4,
  as Nghị định 30/2020 wants);
* the body font and size (its Normal style, else its document defaults; theme fonts resolved
  through its theme);
* the Normal style's alignment and spacing, where it defines them;
* the size, weight, slant, font and colour of Heading 1–3.

:func:`restyled_page` puts this into the :class:`~qmsdoc.render.tree.PageSetup` every writer
gets: the DOCX then has the reference's margins, the Typst template its fonts, sizes, margins
and headings, and the LibreOffice PDF, converted from that DOCX, follows. A font or size set in
``qms.yaml`` still wins over the reference's. Our own paragraph rules (justified body text,
6 pt after, 1.15 lines) stay where the reference's Normal style says nothing
(:func:`keep_paragraph_rules` for the DOCX, the same defaults in the Typst template).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, replace
from typing import Any

from qmsdoc.render.tree import PageSetup, StyleLook

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_MM_PER_TWIP = 25.4 / 1440
_JC = {"both": "justify", "distribute": "justify", "left": "left", "start": "left",
       "center": "center", "right": "right", "end": "right"}
_HEADINGS = ("heading 1", "heading 2", "heading 3")


@dataclass(frozen=True)
class ReferenceLook:
    """What a reference document defines (None: it does not say)."""

    top_mm: float | None = None
    bottom_mm: float | None = None
    left_mm: float | None = None
    right_mm: float | None = None
    header_mm: float | None = None
    font: str | None = None
    font_size: float | None = None
    styles: tuple[StyleLook, ...] = ()


def read_look(reference: bytes) -> ReferenceLook:
    """The look of a reference document (already checked by ``docx/reference.py``); parts it
    lacks or cannot be read say nothing."""
    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(reference)) as z:
            names = set(z.namelist())
            styles = etree.fromstring(z.read("word/styles.xml"))
            document = etree.fromstring(z.read("word/document.xml"))
            theme = (etree.fromstring(z.read("word/theme/theme1.xml"))
                     if "word/theme/theme1.xml" in names else None)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, etree.XMLSyntaxError):
        return ReferenceLook()
    margins = _margins(document)
    fonts = _theme_fonts(theme)
    by_name = {_val(s.find(f"{_W}name")) or "": s for s in styles.iter(f"{_W}style")
               if s.get(f"{_W}type") == "paragraph"}
    defaults = styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
    normal = by_name.get("Normal")
    base = _run_look(defaults, fonts)
    body = _merge(base, _run_look(_child(normal, "rPr"), fonts))
    looks: list[StyleLook] = []
    para = _para_look(_child(normal, "pPr"))
    looks.append(StyleLook("normal", align=para.get("align"), after=para.get("after"),
                           line=para.get("line")))
    for level, name in enumerate(_HEADINGS, 1):
        style = by_name.get(name)
        if style is None:
            style = by_name.get(name.title())
        if style is None:
            continue
        run = _run_look(_child(style, "rPr"), fonts)
        space = _para_look(_child(style, "pPr"))
        looks.append(StyleLook(f"h{level}", font=run.get("font"), size=run.get("size"),
                               bold=run.get("bold"), italic=run.get("italic"),
                               color=run.get("color"), before=space.get("before"),
                               after=space.get("after")))
    return ReferenceLook(**margins, font=body.get("font"), font_size=body.get("size"),
                         styles=tuple(looks))


def restyled_page(page: PageSetup, look: ReferenceLook, *, font_set: bool = False,
                  size_set: bool = False) -> PageSetup:
    """``page`` with what the reference defines (``font_set`` / ``size_set``: qms.yaml names
    the font / the size, which then win)."""
    changes: dict[str, Any] = {k: v for k, v in (
        ("top_mm", look.top_mm), ("bottom_mm", look.bottom_mm), ("left_mm", look.left_mm),
        ("right_mm", look.right_mm), ("header_mm", look.header_mm)) if v is not None}
    if look.font and not font_set:
        changes["font"] = look.font
        changes["font_from_reference"] = True
    if look.font_size and not size_set:
        changes["font_size"] = look.font_size
    changes["looks"] = look.styles
    return replace(page, **changes)


def keep_paragraph_rules(normal: Any) -> None:
    """Our body rules (justified, 6 pt after, 1.15 lines) on a reference's Normal style
    (python-docx style object) where it defines no alignment or spacing of its own."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p_pr = normal.element.find(f"{_W}pPr")
    jc = p_pr.find(f"{_W}jc") if p_pr is not None else None
    spacing = p_pr.find(f"{_W}spacing") if p_pr is not None else None
    pf = normal.paragraph_format
    if jc is None:
        pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if spacing is None or spacing.get(f"{_W}after") is None:
        pf.space_after = Pt(6)
    if spacing is None or spacing.get(f"{_W}line") is None:
        pf.line_spacing = 1.15


# ---------------------------------------------------------------------------------- reading
def _val(e: Any, attr: str = "val") -> str | None:
    return None if e is None else e.get(f"{_W}{attr}")


def _child(e: Any, tag: str) -> Any:
    return None if e is None else e.find(f"{_W}{tag}")


def _margins(document: Any) -> dict[str, float | None]:
    sect = None
    body = document.find(f"{_W}body")
    if body is not None:
        sect = body.find(f"{_W}sectPr")
        if sect is None:  # a document whose last section ends in a paragraph
            found = list(body.iter(f"{_W}sectPr"))
            sect = found[-1] if found else None
    mar = _child(sect, "pgMar")
    out: dict[str, float | None] = {}
    for key, attr in (("top_mm", "top"), ("bottom_mm", "bottom"), ("left_mm", "left"),
                      ("right_mm", "right"), ("header_mm", "header")):
        raw = _val(mar, attr)
        try:
            value = abs(int(raw)) * _MM_PER_TWIP if raw is not None else None
        except ValueError:
            value = None
        # Only margins that leave a page to write on (a broken value says nothing).
        out[key] = round(value, 1) if value is not None and value < 80 else None  # 0.1 mm
    return out


def _theme_fonts(theme: Any) -> dict[str, str]:
    if theme is None:
        return {}
    out: dict[str, str] = {}
    for kind in ("major", "minor"):
        latin = theme.find(f".//{_A}{kind}Font/{_A}latin")
        if latin is not None and latin.get("typeface"):
            out[kind] = latin.get("typeface")
    return out


def _run_look(r_pr: Any, theme: dict[str, str]) -> dict[str, Any]:
    if r_pr is None:
        return {}
    out: dict[str, Any] = {}
    fonts = r_pr.find(f"{_W}rFonts")
    if fonts is not None:
        name = fonts.get(f"{_W}ascii") or fonts.get(f"{_W}hAnsi")
        if not name:
            ref = fonts.get(f"{_W}asciiTheme") or fonts.get(f"{_W}hAnsiTheme") or ""
            name = theme.get("major" if ref.startswith("major") else "minor") if ref else None
        if name:
            out["font"] = name
    size = _val(r_pr.find(f"{_W}sz"))
    if size and size.isdigit() and 8 <= int(size) <= 200:
        out["size"] = int(size) / 2
    for key, tag in (("bold", "b"), ("italic", "i")):
        e = r_pr.find(f"{_W}{tag}")
        if e is not None:
            out[key] = _val(e) not in ("0", "false", "off")
    color = _val(r_pr.find(f"{_W}color"))
    if color and len(color) == 6 and all(c in "0123456789abcdefABCDEF" for c in color):
        out["color"] = color.upper()
    return out


def _para_look(p_pr: Any) -> dict[str, Any]:
    if p_pr is None:
        return {}
    out: dict[str, Any] = {}
    jc = _val(p_pr.find(f"{_W}jc"))
    if jc in _JC:
        out["align"] = _JC[jc]
    spacing = p_pr.find(f"{_W}spacing")
    if spacing is not None:
        for key in ("before", "after"):
            value = _val(spacing, key)
            if value and value.isdigit():
                out[key] = int(value) / 20
        line, rule = _val(spacing, "line"), _val(spacing, "lineRule") or "auto"
        if line and line.isdigit() and rule == "auto":
            out["line"] = round(int(line) / 240, 3)
    return out


def _merge(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    return {**a, **b}
