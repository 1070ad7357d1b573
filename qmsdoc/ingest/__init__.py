"""Import: Word procedures (DOCX) read into qmsdoc documents, with a report of every decision.

Stages: :mod:`package` opens the zip without trusting it, :mod:`wordxml` turns the XML into
paragraphs and tables (legacy TCVN3/VNI text converted, :mod:`legacy`), :mod:`extract` maps
them onto the document model's fields, :mod:`emit` writes the source text. Nothing here
touches the repository: ``qmsdoc.commands.import_`` decides where files go.

The names are imported when first used: the catalogue of codes imports
``qmsdoc.ingest.problems`` and must not pay for the Word reader.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qmsdoc.ingest.reader import (
        Directory,
        FileImport,
        Note,
        PackageError,
        import_docx,
    )

__all__ = ["Directory", "FileImport", "Note", "PackageError", "import_docx"]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'qmsdoc.ingest' has no attribute {name!r}")
    return getattr(importlib.import_module("qmsdoc.ingest.reader"), name)
