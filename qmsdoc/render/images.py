"""Pictures named in Markdown bodies, read from the repository with a byte and a pixel ceiling.

A picture is only embedded, never decoded here, but the writers and viewers that open the
result do decode it: a 110 kB PNG can declare 30000×30000 pixels (2.7 GB once decoded). So
the dimensions are read from the file's header (PNG IHDR, JPEG SOFn, GIF screen, BMP DIB
header) before a picture is accepted, and the file's size is checked before it is read.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from qmsdoc.diagnostics import Diagnostic
from qmsdoc.model.documents import Document
from qmsdoc.model.span import Span
from qmsdoc.render import problems
from qmsdoc.render.markdown import image_refs

#: Bytes of one picture file; larger files are not read.
MAX_IMAGE_BYTES = 20_000_000
#: Pixels (width × height) of one picture: 50 megapixels is a large camera photo; decoding
#: takes about 4 bytes a pixel.
MAX_IMAGE_PIXELS = 50_000_000

_PNG = b"\x89PNG\r\n\x1a\n"
# JPEG start-of-frame markers (SOF0–SOF15 but DHT C4, JPG C8 and DAC CC).
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def picture_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) in pixels from a PNG, JPEG, GIF or BMP header; None for anything else
    (including a header too short or broken to say)."""
    if data.startswith(_PNG):
        if len(data) >= 24 and data[12:16] == b"IHDR":
            w, h = struct.unpack(">II", data[16:24])
            return w, h
        return None
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        w, h = struct.unpack("<HH", data[6:10])
        return w, h
    if data.startswith(b"BM") and len(data) >= 26:
        (header,) = struct.unpack("<I", data[14:18])
        if header == 12:  # OS/2 BITMAPCOREHEADER: 16-bit sizes
            w, h = struct.unpack("<HH", data[18:22])
            return w, h
        if header >= 40 and len(data) >= 26:
            w, h = struct.unpack("<ii", data[18:26])
            return abs(w), abs(h)  # a negative height is a top-down bitmap
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """Walk the JPEG segments up to the first start-of-frame (or the scan: no size then)."""
    i, n = 2, len(data)
    while i + 4 <= n:
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # standalone markers: no length
            i += 2
            continue
        if marker in (0xD9, 0xDA):  # end of image, start of scan: no frame header before
            return None
        (length,) = struct.unpack(">H", data[i + 2:i + 4])
        if length < 2:
            return None
        if marker in _SOF:
            if i + 9 > n:
                return None
            h, w = struct.unpack(">HH", data[i + 5:i + 9])
            return (w, h) if h else None  # height 0: given later (DNL), size unknown here
        i += 2 + length
    return None


def _inside(root: Path, rel: str) -> Path | None:
    """``root/rel`` when its real path (links followed) stays inside the repository."""
    path = root / rel
    try:
        return path if path.resolve().is_relative_to(root.resolve()) else None
    except (OSError, RuntimeError, ValueError):
        return None


def read_picture(root: Path, rel: str, span: Span) -> tuple[bytes | None, Diagnostic | None]:
    """The bytes of the picture ``rel`` (repository-relative, already confined by
    :func:`~qmsdoc.render.markdown.resolve_image`), or None and the reason at ``span``."""
    path = _inside(root, rel)
    if path is None:  # a link leading outside: not read (QMS801 is for the path as written)
        return None, problems.image_missing(span, rel)
    try:
        if not path.is_file():  # missing, a folder, a FIFO or a device: never opened
            return None, problems.image_missing(span, rel)
        size = path.stat().st_size
        if size > MAX_IMAGE_BYTES:
            return None, problems.image_too_large(span, rel, size, MAX_IMAGE_BYTES)
        with path.open("rb") as f:
            data = f.read(MAX_IMAGE_BYTES + 1)  # the file may have grown since stat
    except OSError:
        return None, problems.image_missing(span, rel)
    if len(data) > MAX_IMAGE_BYTES:
        return None, problems.image_too_large(span, rel, len(data), MAX_IMAGE_BYTES)
    dims = picture_size(data)
    if dims is None or not dims[0] or not dims[1]:
        return None, problems.image_missing(span, rel)
    if dims[0] * dims[1] > MAX_IMAGE_PIXELS:
        return None, problems.image_too_many_pixels(span, rel, dims[0], dims[1],
                                                    MAX_IMAGE_PIXELS)
    return data, None


def read_pictures(root: Path, docs: Sequence[Document],
                  diagnostics: list[Diagnostic]) -> dict[str, bytes | None]:
    """Every picture the documents' bodies embed (repository path → bytes, None when it cannot
    be used); each problem is reported at the Markdown line of each image that names it."""
    images: dict[str, bytes | None] = {}
    reasons: dict[str, Diagnostic | None] = {}
    for d in docs:
        for path, line in image_refs(d.body, d.path):
            span = Span(d.path, max(d.body_line, 1) + line, 1)
            if path not in images:
                images[path], reasons[path] = read_picture(root, path, span)
            reason = reasons[path]
            if reason is not None:
                diagnostics.append(replace(reason, span=span))
    return images

