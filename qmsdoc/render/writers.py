"""The writer registry: one entry per output format, each turning a document tree into bytes.

``WRITERS["docx"]``, ``WRITERS["pdf"]`` (Typst) and ``WRITERS["html"]`` (pages of the site) are
built in; another writer
registers here under its format name and the build picks it up when ``output.formats`` of
qms.yaml lists it.
A writer never reads the repository: everything it needs is in the tree and the options.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from qmsdoc.render.options import WriterOptions
from qmsdoc.render.tree import RenderedDocument

__all__ = ["WRITERS", "Writer", "WriterOptions", "get_writer"]


@dataclass(frozen=True)
class Writer:
    name: str  # the format, as written in output.formats
    extension: str  # of the files it writes, without the dot
    version: str  # bumped when its output changes for the same tree (cache key)
    write: Callable[[RenderedDocument, WriterOptions], bytes]
    #: Writes a combined set piece by piece into a file (its bytes are those of ``write``):
    #: a set of thousands of documents is never held in memory whole.
    stream: Callable[[RenderedDocument, WriterOptions, BinaryIO], None] | None = None


def _docx(doc: RenderedDocument, opts: WriterOptions) -> bytes:
    from qmsdoc.render.docx import write_docx

    return write_docx(doc, opts)


def _docx_to(doc: RenderedDocument, opts: WriterOptions, sink: BinaryIO) -> None:
    from qmsdoc.render.docx import write_docx_to

    write_docx_to(doc, opts, sink)


def _docx_version() -> str:
    from qmsdoc.render.docx import WRITER_VERSION

    return WRITER_VERSION


def _pdf(doc: RenderedDocument, opts: WriterOptions) -> bytes:
    from qmsdoc.render.typst import write_pdf

    return write_pdf(doc, opts)


def _pdf_to(doc: RenderedDocument, opts: WriterOptions, sink: BinaryIO) -> None:
    from qmsdoc.render.typst import stream_pdf

    stream_pdf(doc, opts, sink)


def _pdf_version() -> str:
    """The Typst writer's version and Typst's; the build adds the fonts and PDF/A setting."""
    from importlib.metadata import PackageNotFoundError, version

    from qmsdoc.render.typst import WRITER_VERSION

    try:
        engine = version("typst")
    except PackageNotFoundError:
        engine = "?"
    return f"{WRITER_VERSION}+typst-{engine}"


def _html(doc: RenderedDocument, opts: WriterOptions) -> bytes:
    from qmsdoc.render.html import write_html

    return write_html(doc, opts)


def _html_version() -> str:
    from qmsdoc.render.html import WRITER_VERSION

    return WRITER_VERSION


WRITERS: dict[str, Writer] = {
    "docx": Writer("docx", "docx", _docx_version(), _docx, _docx_to),
    # PDF through Typst; the LibreOffice engine (qmsdoc.render.pdf) converts the DOCX instead.
    "pdf": Writer("pdf", "pdf", _pdf_version(), _pdf, _pdf_to),
    # One page of the static site per document, plus the site's own pages (build/site.py).
    "html": Writer("html", "html", _html_version(), _html),
}


def get_writer(name: str) -> Writer | None:
    """The writer of a format, or None when this version of qmsdoc has none yet."""
    return WRITERS.get(name)
