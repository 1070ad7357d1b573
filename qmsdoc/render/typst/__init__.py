"""The Typst PDF writer: a document tree → PDF through Typst (PyPI ``typst``, pip only).

Two steps, as pandoc makes PDF: :func:`write_typst` is the text writer (the tree as JSON data
for the one fixed template ``qmsdoc/templates/typst/document.typ``), and :func:`write_pdf`
feeds it to the Typst compiler (``engine``). User text travels only as JSON string values and
the template shows them as text, so it can never inject Typst markup or code. Fonts are
chosen by ``fonts.choose_fonts`` (Times New Roman → Liberation Serif → Libertinus Serif).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from qmsdoc.render.options import WriterOptions
    from qmsdoc.render.tree import RenderedDocument
    from qmsdoc.render.typst.data import TypstData
    from qmsdoc.render.typst.fonts import FontChoice

#: Bumped whenever the PDF changes for the same tree (part of the build cache key, together
#: with the Typst version and the fonts chosen).
WRITER_VERSION = "4"


def fonts_for(doc: RenderedDocument) -> FontChoice:
    from qmsdoc.render.typst.fonts import choose_fonts

    return choose_fonts(doc.page.pdf_font)


def write_typst(doc: RenderedDocument, opts: WriterOptions) -> TypstData:
    """The template's data for ``doc`` (and the picture files it names)."""
    from qmsdoc.render.typst.data import document_data

    fonts = fonts_for(doc)
    logo = _logo(doc, opts)
    doc = _installed_looks(doc)
    return document_data(doc, images=opts.images, logo=logo, body_font=fonts.body,
                         mono_font=fonts.mono, symbol_fonts=fonts.symbols)


def write_pdf(doc: RenderedDocument, opts: WriterOptions) -> bytes:
    """PDF bytes of ``doc``; identical bytes for identical inputs. Raises PdfError.

    A combined set whose documents already have their PDF (``opts.parts``: code → file) is
    joined from those files, its cover and any document without a PDF typeset alone: each
    document keeps its own page numbers, as in its own file. A PDF/A set is typeset whole
    (joined pages would not make one conforming file).
    """
    from qmsdoc.render.typst.engine import compile_pdf

    pdfa = getattr(opts, "pdfa", False)
    if doc.sections and opts.parts and not pdfa:
        sink = io.BytesIO()
        _joined(doc, opts, sink)
        return sink.getvalue()
    # (opts.prepared is given for a set: its cover, typeset alone, is kept across builds)
    return compile_pdf(write_typst(doc, opts), pdfa=pdfa, created=doc.properties.created,
                       store=opts.prepared)


def stream_pdf(doc: RenderedDocument, opts: WriterOptions, sink: BinaryIO) -> None:
    """:func:`write_pdf` into ``sink``: a set joined from its documents' PDFs is written as
    it is joined, one document at a time (see pdfjoin)."""
    if doc.sections and opts.parts and not getattr(opts, "pdfa", False):
        _joined(doc, opts, sink)
    else:
        sink.write(write_pdf(doc, opts))


def _joined(doc: RenderedDocument, opts: WriterOptions, sink: BinaryIO) -> None:
    from pathlib import Path

    from qmsdoc.render.pdfjoin import bookmark, bookmark_of, join_set_into, section_fields

    def alone(d: RenderedDocument) -> bytes:
        return write_pdf(replace(d, sections=()), replace(opts, parts={}))

    def parts() -> Iterator[tuple[str, bytes | Path]]:
        yield bookmark(doc), alone(doc)
        for i, fields in enumerate(section_fields(doc)):
            made = opts.parts.get(fields.code)
            # A document without its PDF (not built) is composed and typeset alone, then let go.
            yield bookmark_of(fields), Path(made) if made else alone(doc.sections[i])

    join_set_into(sink, doc, parts(), opts.prepared)


def _installed_looks(doc: RenderedDocument) -> RenderedDocument:
    """The reference document's heading fonts that are installed (Typst fails on an unknown
    font; Word's theme fonts such as Calibri often are not): the others give way to the body
    font, as LibreOffice substitutes them."""
    from qmsdoc.render.typst.fonts import find_font

    looks = doc.page.looks
    if not any(look.font for look in looks):
        return doc
    fixed = tuple(replace(look, font=info.family if look.font and (
        info := find_font(look.font)) is not None else None) for look in looks)
    return replace(doc, page=replace(doc.page, looks=fixed))


def _logo(doc: RenderedDocument, opts: WriterOptions) -> bytes | None:
    """The organisation's logo, taken from the reference document's header as in DOCX."""
    if opts.reference_docx is None:
        return None
    from qmsdoc.render.docx.base import get_base

    return get_base(doc.page, opts.reference_docx).logo
