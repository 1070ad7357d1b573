"""A flowchart (:class:`~qmsdoc.render.tree.Diagram`) as SVG for the site's pages.

Typst draws it with the same code as in the Typst PDF (``templates/typst/diagram.typ``), on
a page exactly as wide as the text of the document, so the page shows the drawing the Typst
PDF shows. (The DOCX draws it with Word's own shapes: ``qmsdoc.render.docx.diagram``.)
"""

from __future__ import annotations

import json
from functools import lru_cache

from qmsdoc.render.tree import Diagram

_PAGE = b"""
#let FONTS = json(bytes(sys.inputs.at("fonts")))
#let W = float(sys.inputs.at("width")) * 1mm
#let SIZE = float(sys.inputs.at("size")) * 1pt
#set page(width: W, height: auto, margin: 0pt, fill: white)
#set text(font: FONTS, size: SIZE, lang: "vi", region: "VN", hyphenate: false,
          fallback: true, top-edge: 0.933em, bottom-edge: -0.216em)
#diagram(json(bytes(sys.inputs.at("diagram"))), SIZE)
"""


def _inputs(data: str, width_mm: float, font: str | None, size_pt: float) -> dict[str, str]:
    from qmsdoc.render.typst.fonts import choose_fonts

    fonts = choose_fonts(font)
    return {"diagram": data, "width": str(width_mm), "size": str(size_pt),
            "fonts": json.dumps([fonts.body, *fonts.symbols])}


def diagram_svg(d: Diagram, *, width_mm: float, font: str | None, size_pt: float) -> str:
    """The same drawing as SVG (glyphs drawn as outlines: no font needed), for a web page."""
    from qmsdoc.render.typst.data import _Serializer

    data = json.dumps(_Serializer({}, None).diagram(d), ensure_ascii=False,
                      separators=(",", ":"))
    return _render(data, round(width_mm, 2), font, size_pt).decode("utf-8")


@lru_cache(maxsize=64)
def _render(data: str, width_mm: float, font: str | None, size_pt: float) -> bytes:
    from qmsdoc.render.typst.engine import _compiler, _empty_root, diagram_source

    out = _compiler().compile(diagram_source() + _PAGE, format="svg", root=_empty_root(),
                              sys_inputs=_inputs(data, width_mm, font, size_pt))
    if not isinstance(out, bytes):
        raise ValueError("Typst returned no picture")
    return out
