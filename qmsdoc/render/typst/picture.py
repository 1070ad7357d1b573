"""A flowchart (:class:`~qmsdoc.render.tree.Diagram`) as a PNG picture for the DOCX writer, or
as SVG for the site's pages.

Typst draws it with the same code as in the Typst PDF (``templates/typst/diagram.typ``), on
a page exactly as wide as the text of the document, so the DOCX (and the LibreOffice PDF
made from it) shows the drawing the Typst PDF shows. The PNG is rendered at print
resolution; identical inputs give identical bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from qmsdoc.render.tree import Diagram

#: Pixels per inch of the picture: sharp when printed.
PPI = 220
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


def diagram_png(d: Diagram, *, width_mm: float, font: str | None, size_pt: float,
                store: str = "") -> bytes:
    """PNG bytes of the drawing, ``width_mm`` wide (text in ``font`` at ``size_pt``).

    ``store``: a folder in ``.qmsdoc/cache`` keeping the pictures already drawn, by a keyed
    digest of everything that makes them. Drawing one takes Typst ~0.1 s, and each is needed
    by its document's DOCX (in a worker) and again by the combined manual's (in the main
    process), in every build that rewrites them: read back, the same bytes cost nothing.
    """
    return diagram_picture(d, width_mm=width_mm, font=font, size_pt=size_pt, store=store)[0]


def diagram_picture(d: Diagram, *, width_mm: float, font: str | None, size_pt: float,
                    store: str = "") -> tuple[bytes, str | None]:
    """:func:`diagram_png`, and the file in the store holding the same bytes (None: not
    stored), which a large set reads them back from when it is written."""
    from qmsdoc.render.typst.data import _Serializer

    data = json.dumps(_Serializer({}, None).diagram(d), ensure_ascii=False,
                      separators=(",", ":"))
    width = round(width_mm, 2)
    if not store:
        return _render(data, width, font, size_pt), None
    return _stored(data, width, font, size_pt, store)


#: A PNG larger than this in the store is not one of ours (a drawing is ~50–300 KB).
_MAX_PNG = 16 << 20
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _stored(data: str, width_mm: float, font: str | None, size_pt: float,
            store: str) -> tuple[bytes, str | None]:
    from pathlib import Path

    from qmsdoc.cache.store import read_blob, write_blob

    key = _store_key(data, width_mm, font, size_pt)
    if key is None:  # no secret (unwritable home): no store, only this process's memory
        return _render(data, width_mm, font, size_pt), None
    path = Path(store) / f"{key}.png"
    png = read_blob(path, _MAX_PNG)
    if png is not None and png.startswith(_PNG_MAGIC):
        return png, str(path)
    png = _render(data, width_mm, font, size_pt)
    # A link in the way or a read-only folder: not stored.
    return png, str(path) if write_blob(path, png, ".diagram-") is None else None


@dataclass(frozen=True)
class Measured:
    """What a DOCX needs of a picture in the store besides its bytes: kept beside it (sealed),
    so that a combined set names the picture without reading, parsing and hashing it."""

    path: str  # the picture in the store
    sha1: str  # of its bytes (python-docx names a package's pictures by it)
    sha256: str  # of its bytes (its zip entry is kept under it: qmsdoc.render.docx.package)
    px_width: int
    px_height: int
    horz_dpi: int
    vert_dpi: int


def measured(d: Diagram, *, width_mm: float, font: str | None, size_pt: float,
             store: str) -> Measured | None:
    """The kept measures of the picture :func:`diagram_picture` gives for these arguments,
    when it is in the store and they were kept (:func:`keep_measured`); else None."""
    import os
    from pathlib import Path

    from qmsdoc.cache.store import read_sealed
    from qmsdoc.render.typst.data import _Serializer

    data = json.dumps(_Serializer({}, None).diagram(d), ensure_ascii=False,
                      separators=(",", ":"))
    key = _store_key(data, round(width_mm, 2), font, size_pt) if store else None
    if key is None:
        return None
    path = Path(store) / f"{key}.png"
    kept = read_sealed(path.with_suffix(".measured"), _MEASURED, 4096)
    if kept is None or not os.path.isfile(path):
        return None
    try:
        sha1, sha256, *sizes = json.loads(kept)
        m = Measured(str(path), sha1, sha256, *(int(v) for v in sizes))
    except (ValueError, TypeError):
        return None
    return m if isinstance(sha1, str) and len(sha1) == 40 and isinstance(sha256, str) \
        and len(sha256) == 64 else None


def keep_measured(m: Measured) -> None:
    """Keep a stored picture's measures beside it (a link in the way: not kept)."""
    from pathlib import Path

    from qmsdoc.cache.store import write_sealed

    body = json.dumps([m.sha1, m.sha256, m.px_width, m.px_height, m.horz_dpi,
                       m.vert_dpi]).encode()
    write_sealed(Path(m.path).with_suffix(".measured"), _MEASURED, body, ".measured-")


_MEASURED = b"qmsdoc-picture-measures-2\n"


def _store_key(data: str, width_mm: float, font: str | None, size_pt: float) -> str | None:
    """The file name of a picture in the store: a BLAKE2 digest keyed with this user's secret
    (as the check cache's), so a picture put there by someone else is never one we look up,
    over the Typst version, the drawing code, the resolution, the fonts and the diagram."""
    from qmsdoc.cache.store import keyed_name
    from qmsdoc.render.typst.engine import diagram_source, typst_version

    return keyed_name(typst_version().encode(), diagram_source(), _PAGE, str(PPI).encode(),
                      json.dumps(_inputs(data, width_mm, font, size_pt), sort_keys=True).encode())


def diagram_svg(d: Diagram, *, width_mm: float, font: str | None, size_pt: float) -> str:
    """The same drawing as SVG (glyphs drawn as outlines: no font needed), for a web page."""
    from qmsdoc.render.typst.data import _Serializer

    data = json.dumps(_Serializer({}, None).diagram(d), ensure_ascii=False,
                      separators=(",", ":"))
    return _render(data, round(width_mm, 2), font, size_pt, "svg").decode("utf-8")


@lru_cache(maxsize=64)
def _render(data: str, width_mm: float, font: str | None, size_pt: float,
            fmt: str = "png") -> bytes:
    from qmsdoc.render.typst.engine import _compiler, _empty_root, diagram_source

    extra = {"ppi": PPI} if fmt == "png" else {}
    out = _compiler().compile(diagram_source() + _PAGE, format=fmt, root=_empty_root(),
                              sys_inputs=_inputs(data, width_mm, font, size_pt), **extra)
    if not isinstance(out, bytes):
        raise ValueError("Typst returned no picture")
    return out
