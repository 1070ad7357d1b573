"""Reproducible DOCX bytes: the base package cloned from memory, fixed core properties, and a
zip whose entries have fixed times, order and attributes.

Opening the base document through python-docx for every document (unzip, parse ~10 parts) and
saving it (serialize, deflate every part) cost more than writing the content. A
:class:`Template` keeps the base package's parts as bytes: the parts a document changes (the
main document, numbering, core properties) are parsed again, the others stay bytes and are
written as they are, and deflated parts are remembered, so each document only pays for what
is its own.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO, Protocol, cast

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.opc.packuri import PackURI
from docx.opc.part import Part, PartFactory, XmlPart
from docx.opc.parts.coreprops import CorePropertiesPart
from docx.oxml import parse_xml
from docx.package import Package
from docx.parts.document import DocumentPart
from docx.parts.hdrftr import HeaderPart
from docx.parts.numbering import NumberingPart

from qmsdoc.render.headerfit import fit_property
from qmsdoc.render.tree import DocumentProperties

_NO_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def set_core_properties(document: Any, props: DocumentProperties, version: str) -> None:
    """Every core property written explicitly: python-docx would stamp the current time."""
    cp = document.core_properties
    when = (dt.datetime(props.created.year, props.created.month, props.created.day,
                        tzinfo=dt.UTC) if props.created else _NO_DATE)
    # Compose already fits the texts (fitted_properties); fitting again costs nothing and keeps a
    # tree built some other way from failing on python-docx's 255-character limit.
    cp.title = fit_property(props.title)
    cp.subject = fit_property(props.subject)
    cp.author = fit_property(props.author)
    cp.last_modified_by = fit_property(props.author)
    cp.keywords = fit_property(props.keywords)
    cp.category = fit_property(props.category)
    cp.comments = fit_property(props.comments)
    cp.language = props.language
    cp.content_status = ""
    cp.identifier = fit_property(props.keywords)
    cp.version = fit_property(version)
    cp.revision = max(props.revision, 1)
    cp.created = when
    cp.modified = when


# ------------------------------------------------------------------------------ parts
class SplicedPart(XmlPart):
    """An XML part whose bytes the writer may give directly (``spliced``), serialized
    from its element otherwise."""

    spliced: bytes | None = None

    @property
    def blob(self) -> bytes:
        return self.spliced if self.spliced is not None else serialize_part_xml(self._element)


class DocumentPartX(SplicedPart, DocumentPart):
    """The main document part, its bytes given by the writer."""


class HeaderPartX(SplicedPart, HeaderPart):
    """A header part, its bytes given by the writer."""


class _LazyNumberingPart(NumberingPart):
    """The numbering part, parsed only when a document adds a list instance (an ordered
    list); otherwise its bytes are the base's, unchanged."""

    def __init__(self, partname: PackURI, content_type: str, blob: bytes,
                 package: Any) -> None:
        Part.__init__(self, partname, content_type, blob, package)
        self._source = blob
        self._parsed: Any = None

    @property
    def _element(self) -> Any:  # type: ignore[override]  # what every XmlPart method reads
        if self._parsed is None:
            self._parsed = parse_xml(self._source)
        return self._parsed

    @property
    def blob(self) -> bytes:
        return self._source if self._parsed is None else serialize_part_xml(self._parsed)


@dataclass(frozen=True)
class _PartSpec:
    partname: str
    content_type: str
    reltype: str  # of the relationship that reaches it (python-docx picks the class by it)
    blob: bytes
    # "document", "numbering", "core"; "static": XML written as the bytes it is; "xml": XML
    # that would not come back as the same bytes, parsed each time; "other": not XML.
    kind: str
    rels: tuple[tuple[str, str, str, bool], ...]  # rId, reltype, target partname/URL, external


class Template:
    """The base package, opened once by python-docx and kept as its parts' bytes."""

    def __init__(self, data: bytes) -> None:
        document = Document(io.BytesIO(data))
        package = document.part.package
        reltypes: dict[str, str] = {}
        for rel in package.iter_rels():
            if not rel.is_external:
                reltypes.setdefault(str(rel.target_part.partname), rel.reltype)
        specs = []
        for part in package.parts:
            blob = part.blob
            if part is document.part:
                kind = "document"
            elif isinstance(part, NumberingPart):
                kind = "numbering"
            elif isinstance(part, CorePropertiesPart):
                kind = "core"
            elif isinstance(part, XmlPart):
                kind = "static"
            else:
                kind = "other"
            if kind in ("numbering", "static") and serialize_part_xml(parse_xml(blob)) != blob:
                kind = "xml"  # bytes that python-docx would not write back as they are
            specs.append(_PartSpec(str(part.partname), part.content_type,
                                   reltypes[str(part.partname)], blob, kind, _rels(part.rels)))
        self.parts = tuple(specs)
        self.package_rels = _rels(package.rels)
        self.has_images = any(rel.reltype == RT.IMAGE for rel in package.iter_rels())

    def open(self) -> Any:
        """A new python-docx Document of the base package, as ``Document(data)`` opens it."""
        package = Package()
        parts: dict[str, Part] = {}
        for spec in self.parts:
            name = PackURI(spec.partname)
            part: Part
            if spec.kind == "document":
                part = DocumentPartX(name, spec.content_type, parse_xml(spec.blob), package)
            elif spec.kind == "numbering":
                part = _LazyNumberingPart(name, spec.content_type, spec.blob, package)
            elif spec.kind == "core":
                part = CorePropertiesPart(name, spec.content_type, parse_xml(spec.blob), package)
            elif spec.kind == "static":
                part = Part(name, spec.content_type, spec.blob, package)
            else:
                part = cast(Part, PartFactory(name, spec.content_type, spec.reltype, spec.blob,
                                              package))
            parts[spec.partname] = part
        for r_id, reltype, target, external in self.package_rels:
            package.load_rel(reltype, target if external else parts[target], r_id, external)
        for spec in self.parts:
            source = parts[spec.partname]
            for r_id, reltype, target, external in spec.rels:
                source.load_rel(reltype, target if external else parts[target], r_id, external)
        if self.has_images:
            package.after_unmarshal()  # collects the image parts (python-docx reuses them)
        return package.main_document_part.document


def _rels(rels: Any) -> tuple[tuple[str, str, str, bool], ...]:
    return tuple((r.rId, r.reltype, r.target_ref if r.is_external else str(r.target_part.partname),
                  r.is_external) for r in rels.values())


# -------------------------------------------------------------------------------- save
def save_deterministic(document: Any) -> bytes:
    """The document as a zip whose bytes depend only on its content.

    python-docx stamps every zip entry with the current time, so the package is written here:
    the same parts in python-docx's order (content types, package rels, then each part and its
    rels), each entry with a fixed time and attributes.
    """
    return zip_entries(list(_entries(document)))


def save_deterministic_to(sink: BinaryIO, document: Any, main: Deflated) -> None:
    """:func:`save_deterministic` into ``sink``, the main document part already deflated
    (``main``), each other part's bytes asked for only when it is written."""
    write_zip(sink, _entries(document, main))


def _entries(document: Any, main: Deflated | None = None) -> Iterator[tuple[str, Any]]:
    package = document.part.package
    parts = list(_iter_parts(package))
    yield "[Content_Types].xml", _content_types(parts)
    yield "_rels/.rels", _rels_xml(package.rels, "/")
    for part in parts:
        if main is not None and part is document.part:
            yield part.partname.membername, main
        else:
            yield part.partname.membername, part.blob
        if len(part.rels):
            yield (part.partname.rels_uri.membername,
                   _rels_xml(part.rels, part.partname.baseURI))


@dataclass
class Deflated:
    """A part deflated while it was written (the main document of a combined set, tens of
    megabytes): its CRC-32 and sizes, and the raw deflate stream in a scratch file."""

    crc: int
    size: int
    compressed: int
    data: BinaryIO  # read from its start


class KeptPiece(Protocol):
    """Where a piece of a part deflated by an earlier build may be kept (see DeflatingSpool)."""

    def get(self, data: bytes) -> bytes | None: ...

    def put(self, data: bytes, piece: bytes) -> None: ...


class DeflatingSpool:
    """Deflates text as it comes into an anonymous scratch file, so the whole part is never
    held in memory. Each piece written (a set's section) is deflated on its own — level 6, a
    fresh window, ended by a sync flush on a byte boundary — so that a piece deflated by an
    earlier build can be put in as it was: the pieces joined are one deflate stream, and the
    same pieces give the same bytes whether they were kept or not."""

    def __init__(self, folder: str | None = None) -> None:
        import tempfile

        # Closed by close(); nameless, so nothing is left behind if the process dies.
        self.file = tempfile.TemporaryFile(dir=folder or None)  # noqa: SIM115
        self.crc = 0
        self.size = 0
        self.compressed = 0

    def write(self, data: bytes, kept: KeptPiece | None = None) -> None:
        self.crc = zlib.crc32(data, self.crc)
        self.size += len(data)
        piece = kept.get(data) if kept is not None else None
        if piece is None:
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            piece = compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)
            if kept is not None:
                kept.put(data, piece)
        self._out(piece)

    def _out(self, chunk: bytes) -> None:
        if chunk:
            self.file.write(chunk)
            self.compressed += len(chunk)

    def finish(self) -> Deflated:
        self._out(_LAST_BLOCK)
        self.file.seek(0)
        return Deflated(self.crc, self.size, self.compressed, cast(BinaryIO, self.file))

    def close(self) -> None:
        self.file.close()


_LAST_BLOCK = zlib.compressobj(6, zlib.DEFLATED, -15).flush()  # an empty final block


def _iter_parts(package: Any) -> Iterator[Any]:
    """python-docx's ``OpcPackage.iter_parts`` order (depth first along the relationships),
    with a set of seen parts: its list makes the combined manual's ~900 headers quadratic."""
    seen: set[int] = set()

    def walk(source: Any) -> Iterator[Any]:
        for rel in source.rels.values():
            if rel.is_external:
                continue
            part = rel.target_part
            if id(part) in seen:
                continue
            seen.add(id(part))
            yield part
            yield from walk(part)

    return walk(package)


_RELS_CACHE: dict[tuple[Any, ...], bytes] = {}


def _rels_xml(rels: Any, base_uri: str) -> bytes:
    """python-docx's ``Relationships.xml``, remembered: most documents' relationships are
    the same (its relative paths and XML cost more than the zip entry)."""
    key = (base_uri, *((r.rId, r.reltype, r.target_ref if r.is_external
                        else str(r.target_part.partname), r.is_external) for r in rels.values()))
    blob = _RELS_CACHE.get(key)
    if blob is None:
        blob = rels.xml
        if len(_RELS_CACHE) >= 64:
            _RELS_CACHE.clear()
        _RELS_CACHE[key] = blob
    return blob


_CT_CACHE: dict[tuple[tuple[str, str], ...], bytes] = {}


def _content_types(parts: list[Any]) -> bytes:
    # python-docx builds [Content_Types].xml (sorted) in a helper of its package writer; most
    # documents have the same parts, so the result is remembered.
    from docx.opc.pkgwriter import _ContentTypesItem

    key = tuple((str(p.partname), p.content_type) for p in parts)
    blob = _CT_CACHE.get(key)
    if blob is None:
        blob = _ContentTypesItem.from_parts(parts).blob
        if len(_CT_CACHE) >= 64:
            _CT_CACHE.clear()
        _CT_CACHE[key] = blob
    return blob


# --------------------------------------------------------------------------------- zip
# The zip is written by hand, byte for byte as zipfile.ZipFile writes it (writestr of a ZipInfo
# dated 1980-01-01 00:00, create_system 0, deflate level 6; zipfile then sets the permissions
# rw------- and version 2.0): the same bytes, and a part seen before (styles, theme…) is not
# deflated again.
_DOS_TIME, _DOS_DATE = 0, (1 << 5) | 1  # 1980-01-01 00:00:00
_EXTERNAL_ATTR = 0o600 << 16
_VERSION = 20
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
# blob → (CRC, deflated): the parts every document shares are met again and again; the cache
# is emptied when full (the shared ones come back at once).
_DEFLATED: dict[bytes, tuple[int, bytes]] = {}
_DEFLATED_MAX_ENTRIES, _DEFLATED_MAX_BLOB = 256, 1 << 17


def _deflate(blob: bytes) -> tuple[int, bytes]:
    """CRC-32 and raw deflate stream (level 6) of ``blob``, as zipfile makes them."""
    small = len(blob) <= _DEFLATED_MAX_BLOB
    cached = _DEFLATED.get(blob) if small else None
    if cached is not None:
        return cached
    return _compress(blob, small)


def _compress(blob: bytes, small: bool) -> tuple[int, bytes]:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)  # as zipfile: one write, then flush
    result = (zlib.crc32(blob), compressor.compress(blob) + compressor.flush())
    if small:
        if len(_DEFLATED) >= _DEFLATED_MAX_ENTRIES:
            _DEFLATED.clear()
        _DEFLATED[blob] = result
    return result


def zip_entries(entries: list[tuple[str, bytes]]) -> bytes:
    """A zip of ``entries``, identical to what zipfile writes for them."""
    if sum(len(blob) for _, blob in entries) >= 1 << 30 or not all(
            name.isascii() for name, _ in entries):
        return _zipfile_entries(entries)  # zip64 or UTF-8 names: zipfile knows them
    out = io.BytesIO()
    write_zip(out, entries)
    return out.getvalue()


#: Sizes and offsets of a zip without its 64-bit extension are below this.
_ZIP32 = 0xFFFFFFFF


class ZipTooLarge(ValueError):
    """A combined set beyond what a zip without its 64-bit extension holds (4 GB)."""

    vi = ("Bộ tài liệu DOCX vượt quá 4 GB, không ghi được thành một tệp. Hãy xuất PDF cho "
          "bộ tài liệu, hoặc chia hệ thống tài liệu thành nhiều kho.")
    en = ("The combined DOCX exceeds 4 GB and cannot be written as one file. Use the PDF of "
          "the set, or split the documentation into several repositories.")

    def __init__(self) -> None:
        super().__init__(self.en)


def write_zip(sink: BinaryIO, entries: Iterable[tuple[str, bytes | Deflated]]) -> None:
    """The zip :func:`zip_entries` makes, written entry by entry into ``sink`` (names in
    ASCII; an entry may be a :class:`Deflated` part, copied from its scratch file)."""
    central: list[bytes] = []
    offset = 0
    for name, blob in entries:
        raw = name.encode("ascii")
        if isinstance(blob, Deflated):
            crc, size, compressed = blob.crc, blob.size, blob.compressed
        else:
            crc, data = _deflate(blob)
            size, compressed = len(blob), len(data)
        if max(size, compressed, offset) >= _ZIP32:
            raise ZipTooLarge
        header = _LOCAL.pack(b"PK\x03\x04", _VERSION, 0, 0, zlib.DEFLATED, _DOS_TIME, _DOS_DATE,
                             crc, compressed, size, len(raw), 0)
        central.append(_CENTRAL.pack(b"PK\x01\x02", _VERSION, 0, _VERSION, 0, 0, zlib.DEFLATED,
                                     _DOS_TIME, _DOS_DATE, crc, compressed, size, len(raw),
                                     0, 0, 0, 0, _EXTERNAL_ATTR, offset) + raw)
        sink.write(header + raw)
        if isinstance(blob, Deflated):
            shutil.copyfileobj(blob.data, sink, 1 << 20)
        else:
            sink.write(data)
        offset += len(header) + len(raw) + compressed
    directory = b"".join(central)
    if offset + len(directory) >= _ZIP32:
        raise ZipTooLarge
    sink.write(directory + _END.pack(b"PK\x05\x06", 0, 0, len(central), len(central),
                                     len(directory), offset, 0))


def _zipfile_entries(entries: list[tuple[str, bytes]]) -> bytes:
    """The same zip written by zipfile (the reference for :func:`zip_entries`)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, blob in entries:
            entry = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0  # the same bytes on every platform
            entry.external_attr = 0
            dst.writestr(entry, blob, compresslevel=6)
    return out.getvalue()
