"""The DOCX writer: a document tree → Word bytes (python-docx; raw XML only in ``_oxml``).

``write_docx(doc, opts)`` is the one public function. The layout is the tree's; this package
decides only how Word shows it: named styles in a base document built once per process
(``base``), reproducible packaging (``package``), one handler per node (``writer``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, BinaryIO

from qmsdoc import __version__

if TYPE_CHECKING:
    from qmsdoc.render.options import WriterOptions
    from qmsdoc.render.tree import RenderedDocument

#: Bumped whenever the DOCX output changes for the same tree (part of the build cache key).
WRITER_VERSION = "4"


def write_docx(doc: RenderedDocument, opts: WriterOptions) -> bytes:
    """The DOCX file of ``doc``; identical bytes for identical inputs."""
    from qmsdoc.render.docx.writer import write

    return write(doc, opts.images, opts.reference_docx, f"qmsdoc {__version__}")


def write_docx_to(doc: RenderedDocument, opts: WriterOptions, sink: BinaryIO) -> None:
    """:func:`write_docx` written into ``sink`` piece by piece (a combined set)."""
    from qmsdoc.render.docx.writer import write_to

    write_to(sink, doc, opts.images, opts.reference_docx, f"qmsdoc {__version__}")
