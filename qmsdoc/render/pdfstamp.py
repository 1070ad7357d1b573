"""What a PDF engine stamps into a file that is not the document: normalised, and read back.

LibreOffice writes the time of the conversion (``/CreationDate``, and in PDF/A the XMP dates)
and a random document ID into every PDF, so two builds of the same commit differ in every
file and so does the manifest. :func:`normalize_pdf` sets the dates to the document's issue
date (as the Typst engine does), derives the ID from the content (pikepdf's deterministic
ID) and, for PDF/A, derives the XMP document and instance IDs from the content too and
dates the output intent's ICC profile (LibreOffice makes it anew, dated, at each conversion).
:func:`embedded_fonts` reads the fonts a PDF really embeds (LibreOffice substitutes Liberation
Serif for a missing Times New Roman without saying so), for the manifest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import struct
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pikepdf

#: A PDF without an issue date is dated this day (as the Typst engine dates it).
EPOCH = dt.date(1980, 1, 1)
_SUBSET = re.compile(r"^[A-Z]{6}\+")  # "BAAAAA+LiberationSerif": the subset tag
_XMP_DATES = ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate")
_XMP_IDS = ("xmpMM:DocumentID", "xmpMM:InstanceID")


def normalize_pdf(pdf: bytes, created: dt.date | None) -> bytes:
    """``pdf`` with its dates set to ``created`` and its IDs derived from its content, so
    that the same document converted twice gives the same bytes."""
    import pikepdf

    day = created or EPOCH
    stamp = day.strftime("D:%Y%m%d000000Z")
    pdf = _dated_profiles(pdf, day)
    digest = hashlib.sha256(pdf_content_digest(pdf)).hexdigest()
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for key in ("/CreationDate", "/ModDate"):
            if key in doc.docinfo:
                doc.docinfo[key] = pikepdf.String(stamp)
        # qpdf keeps the first half of an existing ID; LibreOffice's own checksum of the file
        # (a private trailer key) covers the dates.
        for key in ("/ID", "/DocChecksum"):
            if key in doc.trailer:
                del doc.trailer[key]
        if pikepdf.Name.Metadata in doc.Root:
            _normalize_xmp(doc, day, digest)
        buffer = io.BytesIO()
        doc.save(buffer, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.preserve)
        return buffer.getvalue()


def _dated_profiles(pdf: bytes, day: dt.date) -> bytes:
    """``pdf`` with the ICC colour profile of its PDF/A output intent dated ``day``:
    LibreOffice makes the sRGB profile at each conversion and its header carries the time
    (to the second), so two PDF/A conversions of one DOCX differed in that stream (and then
    in their IDs). Other PDFs come back as they are."""
    import pikepdf

    if b"/OutputIntents" not in pdf:
        return pdf
    changed = False
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for intent in doc.Root.get("/OutputIntents", []):
            stream = intent.get("/DestOutputProfile")
            if not isinstance(stream, pikepdf.Stream):
                continue
            data = stream.read_bytes()
            if len(data) < 128 or data[36:40] != b"acsp":  # not an ICC profile
                continue
            dated = data[:24] + struct.pack(">6H", day.year, day.month, day.day, 0, 0, 0) \
                + data[36:]
            if any(dated[84:100]):  # the profile ID: MD5 without flags, intent and ID
                plain = (dated[:44] + bytes(4) + dated[48:64] + bytes(4) + dated[68:84]
                         + bytes(16) + dated[100:])
                dated = dated[:84] + hashlib.md5(plain, usedforsecurity=False).digest() \
                    + dated[100:]
            if dated != data:
                stream.write(zlib.compress(dated, 9), filter=pikepdf.Name.FlateDecode)
                changed = True
        if not changed:
            return pdf
        buffer = io.BytesIO()
        # Every other stream as it was (the XMP packet stays readable for the digest).
        doc.save(buffer, compress_streams=False,
                 stream_decode_level=pikepdf.StreamDecodeLevel.none,
                 object_stream_mode=pikepdf.ObjectStreamMode.preserve)
        return buffer.getvalue()


def pdf_content_digest(pdf: bytes) -> bytes:
    """The bytes of ``pdf`` without what a conversion stamps (dates, IDs): the same for two
    conversions of the same DOCX."""
    text = re.sub(rb"/(CreationDate|ModDate)\s*\([^)]*\)", b"", pdf)
    text = re.sub(rb"/ID\s*\[[^\]]*\]|/DocChecksum\s*/\w+", b"", text)
    text = re.sub(rb"<(xmp:\w+Date|xmpMM:\w+ID)\b[^>]*>[^<]*</\1>", b"", text)
    return re.sub(rb"(xmp:\w+Date|xmpMM:\w+ID)=\"[^\"]*\"", b"", text)


def _normalize_xmp(doc: pikepdf.Pdf, day: dt.date, digest: str) -> None:
    """The XMP packet's dates and IDs (PDF/A repeats the dates there; IDs are random)."""
    when = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).isoformat()
    uuid = f"uuid:{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"
    with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        for key in _XMP_DATES:
            if key in meta:
                meta[key] = when
        for key in _XMP_IDS:
            if key in meta:
                meta[key] = uuid


def embedded_fonts(pdf: bytes | Path) -> set[str]:
    """The names of the fonts embedded in ``pdf`` (subset tags removed), from every page's
    resources and the forms they draw."""
    import pikepdf

    names: set[str] = set()
    source = io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf
    with pikepdf.open(source) as doc:
        seen: set[tuple[int, int]] = set()
        for page in doc.pages:
            _fonts_of(page.obj.get("/Resources"), names, seen)
    return names


def _fonts_of(resources: object, names: set[str], seen: set[tuple[int, int]]) -> None:
    import pikepdf

    if not isinstance(resources, pikepdf.Dictionary):
        return
    if resources.is_indirect:
        if resources.objgen in seen:
            return
        seen.add(resources.objgen)
    fonts = resources.get("/Font")
    if isinstance(fonts, pikepdf.Dictionary):
        for font in fonts.values():
            _font_names(font, names)
    xobjects = resources.get("/XObject")
    if isinstance(xobjects, pikepdf.Dictionary):
        for xobject in xobjects.values():
            if isinstance(xobject, pikepdf.Stream) and xobject.get("/Subtype") == "/Form":
                _fonts_of(xobject.get("/Resources"), names, seen)


def _font_names(font: object, names: set[str]) -> None:
    import pikepdf

    if not isinstance(font, pikepdf.Dictionary):
        return
    descendants = font.get("/DescendantFonts")
    if isinstance(descendants, pikepdf.Array):
        for d in descendants:
            _font_names(d, names)
        return
    descriptor = font.get("/FontDescriptor")
    if not isinstance(descriptor, pikepdf.Dictionary):
        return  # a standard font the viewer supplies: not embedded
    if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
        return
    base = font.get("/BaseFont")
    if base is not None:
        names.add(_SUBSET.sub("", str(base).lstrip("/")))


def family_of(name: str) -> str:
    """"LiberationSerif-BoldItalic" → "Liberation Serif": the family a font name belongs to."""
    stem = re.sub(r"(PS)?(MT)?$", "", name.split("-")[0].split(",")[0])
    return re.sub(r"(?<=[a-z])(?=[A-Z][a-z])", " ", stem).replace("Deja Vu", "DejaVu")


def body_family(fonts: Iterable[str]) -> str:
    """The family most of the embedded font names belong to, monospaced ones aside (the code
    font); "" when nothing is embedded."""
    counts: dict[str, int] = {}
    for f in fonts:
        family = family_of(f)
        if re.search(r"mono|courier", family, re.I):
            continue
        counts[family] = counts.get(family, 0) + 1
    if not counts:
        return ""
    return min(counts, key=lambda k: (-counts[k], k))
