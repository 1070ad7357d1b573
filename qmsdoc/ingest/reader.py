"""Import: Word procedures (DOCX) read into qmsdoc documents, with a report of every decision.

Stages: :mod:`package` opens the zip without trusting it, :mod:`wordxml` turns the XML into
paragraphs and tables (legacy TCVN3/VNI text converted, :mod:`legacy`), :mod:`extract` maps
them onto the document model's fields, :mod:`emit` writes the source text. Nothing here
touches the repository: ``qmsdoc.commands.import_`` decides where files go.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from qmsdoc.ingest.emit import source_text
from qmsdoc.ingest.extract import Directory, Extracted, Extractor, Note
from qmsdoc.ingest.package import Package, PackageError, open_package
from qmsdoc.ingest.wordxml import Conversion, Reader, document_encoding, read_styles

__all__ = ["Directory", "FileImport", "Note", "PackageError", "import_docx"]

_DC = "{http://purl.org/dc/elements/1.1/}"
_CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"


@dataclass
class FileImport:
    """One DOCX read: the document (``text`` to write), the notes, the conversions, and the
    pictures to extract."""

    source: Path
    extracted: Extracted
    text: str
    conversions: list[Conversion] = field(default_factory=list)
    images: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # rId -> (name, data)
    macros: bool = False


def _core(pkg: Package) -> dict[str, str]:
    out: dict[str, str] = {}
    if pkg.core is not None:
        for key, tag in (("title", f"{_DC}title"), ("subject", f"{_DC}subject"),
                         ("keywords", f"{_CP}keywords"), ("revision", f"{_CP}revision")):
            el = pkg.core.find(tag)
            if el is not None and el.text:
                out[key] = el.text.strip()
    return out


def import_docx(path: Path, directory: Directory, display: str | None = None) -> FileImport:
    """Read one DOCX; raises :class:`PackageError` when it is refused."""
    pkg = open_package(path)
    try:
        styles = read_styles(pkg)
        reader = Reader(pkg, styles, document_encoding(pkg, styles))
        headers = [reader.body(h) for h in pkg.headers]
        body = reader.body(pkg.document)
        ex = Extractor(directory, _core(pkg)).run(headers, body, path.stem)
        images: dict[str, tuple[str, bytes]] = {}
        for rid, _where in ex.images:
            got = pkg.media(rid)
            if got is not None:
                images[rid] = got
        return FileImport(path, ex, source_text(ex, display or path.name), reader.conversions,
                          images, pkg.has_macros)
    except ET.ParseError as e:  # pragma: no cover - parts are parsed in open_package
        raise PackageError("not-docx", str(e)) from None
    finally:
        if pkg.archive is not None:
            pkg.archive.close()
