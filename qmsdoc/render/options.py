"""What a writer may use besides the document tree (its own module: the writer registry
imports the writers, and every writer takes these options)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from qmsdoc.render.tree import SiteFrame


@dataclass(frozen=True)
class WriterOptions:
    """What a writer may use besides the tree, already read by the build."""

    images: Mapping[str, bytes] = field(default_factory=dict)  # repository path → bytes
    reference_docx: bytes | None = None  # output.reference_docx, when set
    pdfa: bool = False  # PDF writers: write PDF/A-2b (output.pdfa, --pdfa)
    #: A combined set's PDF: the PDF files already built of its documents (code → path), put
    #: in as they are instead of being typeset again.
    parts: Mapping[str, str] = field(default_factory=dict)
    #: A page of the static site: its navigation and what the site adds to the document.
    frame: SiteFrame | None = None
    #: A folder in ``.qmsdoc/cache`` keeping the documents' PDFs prepared for joining into a
    #: set ("": none; see qmsdoc.render.pdfjoin.Prepared).
    prepared: str = ""
