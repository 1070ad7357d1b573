"""Join PDFs page for page into one file: how a combined set's PDF is made from its documents'.

Each document of a set already has its PDF (Typst or LibreOffice made it, with its own "Trang
x/y"); the set's PDF is those pages as they are, one level-1 bookmark per document, and the
set's own properties.

The join streams: one part is open at a time, its pages and what they use are written to the
sink as they are read (streams still compressed), and only the offsets and page numbers are
kept. Memory so stays at about the largest part, where copying every part into one qpdf
document grew with the set (half a gigabyte for 860 parts). The bytes are deterministic: the
same parts give the same file (the /ID is a hash of them).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import re
import struct
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from qmsdoc.diagnostics import QmsdocError

if TYPE_CHECKING:  # imported when a set is joined: most commands never need it
    import pikepdf

    from qmsdoc.render.tree import HeaderFields, RenderedDocument

Parts = Iterable[tuple[str, bytes | Path]]  # made as the join comes to each

_HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"  # the comment's high bytes mark the file as binary
_PAGES = 1  # the one /Pages node: numbered first, so each page can name its parent
_CHUNK = 1 << 20  # bytes the writer joins before handing them to the sink
# Written anew on each page; /StructParents points into the part's tag tree, not copied.
_NOT_ON_PAGES = frozenset({"/Type", "/Parent", "/StructParents"})
# What a page's graph may point into but is a part's document, not its pages: never copied
# (a /Page of the part itself is numbered before anything can point at it).
_NOT_COPIED = frozenset({"/Catalog", "/Pages", "/Page", "/Outlines", "/StructTreeRoot",
                         "/StructElem"})


class PdfJoinError(QmsdocError):
    """A part cannot be read as a PDF; worded in both languages."""


def bookmark(doc: RenderedDocument) -> str:
    """A document's entry in the bookmarks of a set: its code and title."""
    return bookmark_of(doc.fields)


def bookmark_of(fields: HeaderFields) -> str:
    return " ".join(x for x in (fields.code, fields.title) if x)


def section_fields(doc: RenderedDocument) -> Sequence[HeaderFields]:
    """The header fields of a set's documents, without composing them when they come one
    by one (:class:`~qmsdoc.render.tree.LazySections`)."""
    from qmsdoc.render.tree import LazySections

    if isinstance(doc.sections, LazySections):
        return doc.sections.fields
    return [s.fields for s in doc.sections]


def join_set(doc: RenderedDocument, parts: Parts) -> bytes:
    """The PDF of the combined set ``doc`` from its parts, with the set's properties."""
    buffer = io.BytesIO()
    join_set_into(buffer, doc, parts)
    return buffer.getvalue()


def join_set_into(sink: BinaryIO, doc: RenderedDocument, parts: Parts, store: str = "") -> None:
    """:func:`join_set` written to ``sink`` as it is made (``store``: see
    :func:`join_pdfs_into`)."""
    props = doc.properties
    join_pdfs_into(sink, parts, title=props.title or doc.fields.title,
                   author=props.author or doc.fields.organization, subject=props.subject,
                   keywords=(props.keywords or doc.fields.code, props.subject),
                   language=props.language, created=props.created, store=store)


def join_pdfs(parts: Parts, *, title: str, author: str = "", subject: str = "",
              keywords: Sequence[str] = (), language: str = "vi-VN",
              created: dt.date | None = None) -> bytes:
    """One PDF of the pages of ``parts`` ((bookmark, PDF bytes or file) in order)."""
    buffer = io.BytesIO()
    join_pdfs_into(buffer, parts, title=title, author=author, subject=subject,
                   keywords=keywords, language=language, created=created)
    return buffer.getvalue()


def join_pdfs_into(sink: BinaryIO, parts: Parts, *, title: str, author: str = "",
                   subject: str = "", keywords: Sequence[str] = (), language: str = "vi-VN",
                   created: dt.date | None = None, store: str = "") -> None:
    """:func:`join_pdfs` written to ``sink`` part by part; ``sink`` need not be seekable.

    ``store``: a folder in ``.qmsdoc/cache`` where each part file is kept prepared (its
    objects as they are written, numbered from 0: see :class:`Prepared` and :class:`_Kept`),
    so that a set joined again after one edit reads the other parts' objects back instead of
    walking them; the bytes are the same either way. When a part cannot be read,
    :class:`PdfJoinError` is raised with the parts before it already written: what ``sink``
    holds then is no PDF.
    """
    writer = _Writer(sink)
    marks: list[tuple[str, int]] = []
    for mark, source in parts:
        kept = _Kept.of(Path(store), source, mark) if store and isinstance(source, Path) \
            else source
        writer.identify(mark, kept.sha256 if isinstance(kept, _Kept) else _sha256(kept, mark))
        if isinstance(kept, _Kept):
            prepared = kept.read() or kept.prepare()
            pages = prepared.replay(writer, kept.data) if prepared is not None \
                else _copied(kept.data, mark, writer)
        else:
            pages = _copied(kept, mark, writer)
        if pages:
            marks.append((mark, pages[0]))
    info = {"/Title": title, "/Author": author, "/Subject": subject,
            "/Keywords": ", ".join(k for k in keywords if k), "/Creator": "qmsdoc"}
    if created is not None:
        info["/CreationDate"] = created.strftime("D:%Y%m%d000000Z")
    writer.finish(marks, language, {k: v for k, v in info.items() if v})


def _sha256(source: bytes | Path, mark: str) -> bytes:
    if isinstance(source, bytes):
        return hashlib.sha256(source).digest()
    try:
        with open(source, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").digest()
    except OSError as e:
        raise _unreadable(source, mark, e) from None


def _copied(source: bytes | Path, mark: str, writer: _Writer | _Recorder) -> list[int]:
    """Write the part's pages and what they use; their numbers."""
    import pikepdf

    with _open(source, mark) as pdf:
        try:
            return _Part(pdf, writer).copy()
        except pikepdf.PdfError as e:  # qpdf reads lazily: damage shows while copying
            raise _unreadable(source, mark, e) from None


class _Recorder:
    """Takes a part's objects as :class:`_Writer` would write them, numbered from 0, each
    reference to one of them marked as ``NUL number NUL`` (qpdf writes no NUL byte outside a
    stream: strings with one are written in hex)."""

    def __init__(self) -> None:
        self.count = 0
        self.references = 0
        self.pages: list[int] = []
        self.objects: list[tuple[int, bytes, bytes | None]] = []

    def reserve(self) -> int:
        self.count += 1
        return self.count - 1

    def reference(self, num: int) -> bytes:
        self.references += 1
        return b"\0%d\0" % num

    def put(self, num: int, body: bytes, stream: bytes | None = None) -> None:
        self.objects.append((num, body, stream))


@dataclass(frozen=True)
class Prepared:
    """A part file's pages and objects as the join writes them, numbered from 0: written
    again from these, with every number moved to where the part falls in the set, they are the
    bytes copying the part gives (its streams are taken from the part file itself)."""

    count: int  # object numbers the part takes
    pages: tuple[int, ...]
    #: (number, text with marked references, the stream's offset and length in the part
    #: file, or (-1, 0)), in the order they are written
    objects: tuple[tuple[int, bytes, int, int], ...]

    def replay(self, writer: _Writer, data: bytes) -> list[int]:
        """Write the part into ``writer``; its pages' numbers there."""
        base = len(writer.offsets)
        writer.offsets.extend([-1] * self.count)
        view = memoryview(data)  # the streams are written from the part file, not copied
        for num, body, start, size in self.objects:
            if b"\0" in body:
                pieces = body.split(b"\0")
                pieces[1::2] = [b"%d 0 R" % (base + int(p)) for p in pieces[1::2]]
                body = b"".join(pieces)
            writer.put(base + num, body, view[start:start + size] if start >= 0 else None)
        pages = [base + p for p in self.pages]
        writer.pages.extend(pages)
        return pages

    def packed(self) -> bytes:
        out = [struct.pack("<III", self.count, len(self.pages), len(self.objects)),
               struct.pack(f"<{len(self.pages)}I", *self.pages)]
        for num, body, start, size in self.objects:
            out.append(struct.pack("<IqQI", num, start, size, len(body)))
            out.append(body)
        return b"".join(out)

    @classmethod
    def unpacked(cls, body: bytes) -> Prepared:
        count, npages, nobjects = struct.unpack_from("<III", body)
        at = 12
        pages = struct.unpack_from(f"<{npages}I", body, at)
        at += 4 * npages
        objects = []
        for _ in range(nobjects):
            num, start, size, length = struct.unpack_from("<IqQI", body, at)
            at += 24
            if at + length > len(body) or num >= count:
                raise ValueError("truncated")
            objects.append((num, body[at:at + length], start, size))
            at += length
        if at != len(body) or any(p >= count for p in pages):
            raise ValueError("malformed")
        return cls(count, pages, tuple(objects))


class _Kept:
    """A part file and its preparation in the store: named by a digest keyed with the user's
    cache secret over the file's bytes (only those bytes have these objects), sealed with the
    same key, so a file put there by anyone else is prepared again, never used."""

    def __init__(self, store: Path, name: str, path: Path, mark: str, data: bytes,
                 seen: tuple[int, int, int, int], sha256: bytes) -> None:
        self.path, self.mark, self.data, self.seen = path, mark, data, seen
        self.file = store / name
        self.sha256 = sha256

    @classmethod
    def of(cls, store: Path, path: Path, mark: str) -> _Kept | bytes:
        """The part's kept preparation, or its bytes when there is no store (no secret)."""
        try:
            seen = _identity(path)
            data = path.read_bytes()
        except OSError as e:
            raise _unreadable(path, mark, e) from None
        sha256 = hashlib.sha256(data).digest()
        name = kept_part_name(sha256)
        return cls(store, name, path, mark, data, seen, sha256) if name is not None else data

    def read(self) -> Prepared | None:
        """The preparation kept by an earlier join of this user, or None."""
        from qmsdoc.cache.store import read_sealed

        body = read_sealed(self.file, _KEPT, _KEPT_MAX)
        try:
            return Prepared.unpacked(body) if body is not None else None
        except (struct.error, ValueError):
            return None

    def prepare(self) -> Prepared | None:
        """The part prepared (walked once, as a plain copy walks it) and kept; None when its
        objects cannot be told from the marks or a stream is not in the file as it is (then
        it is copied the plain way)."""
        from qmsdoc.cache.store import write_sealed

        recorder = _Recorder()
        _copied(self.path, self.mark, recorder)  # qpdf reads a file faster than bytes
        objects = []
        starts = _stream_starts(self.data)
        for num, body, stream in recorder.objects:
            start, size = -1, 0
            if stream is not None:
                start, size = self._find(stream, starts), len(stream)
                if start < 0:
                    return None
            objects.append((num, body, start, size))
        if sum(body.count(b"\0") for _, body, _, _ in objects) != 2 * recorder.references:
            return None
        prepared = Prepared(recorder.count, tuple(recorder.pages), tuple(objects))
        try:
            if _identity(self.path) != self.seen:
                return None  # the file changed while it was walked: its bytes are not these
        except OSError:
            return None
        write_sealed(self.file, _KEPT, prepared.packed(), ".part-")
        return prepared

    def _find(self, stream: bytes, starts: dict[bytes, list[int]]) -> int:
        """Where the stream's bytes are in the file (-1: not there as they are)."""
        if len(stream) < _LOOKUP:
            return self.data.find(stream)
        return next((at for at in starts.get(stream[:_LOOKUP], ())
                     if self.data.startswith(stream, at)), -1)


def kept_part_name(sha256: bytes) -> str | None:
    """The file keeping the preparation of the part whose bytes have this SHA-256 (None:
    no secret, nothing kept)."""
    from qmsdoc.cache.store import keyed_name

    name = keyed_name(sha256)
    return f"{name}.part" if name is not None else None


#: The files :class:`_Kept` writes (what a build may delete when no document has it now).
KEPT_PART = re.compile(r"[0-9a-f]{40}\.part")
_LOOKUP = 16  # a stream's first bytes, by which it is looked up among the file's streams
_STREAM = re.compile(rb"stream\r?\n")


def _stream_starts(data: bytes) -> dict[bytes, list[int]]:
    """Where a stream's data may start in a PDF file (after each ``stream`` keyword and its
    end of line), by the first bytes there: found in one pass instead of a search per stream."""
    starts: dict[bytes, list[int]] = {}
    for m in _STREAM.finditer(data):
        starts.setdefault(data[m.end():m.end() + _LOOKUP], []).append(m.end())
    return starts


def _identity(path: Path) -> tuple[int, int, int, int]:
    st = path.stat()
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


#: A kept part's format: this mark, then (sealed: qmsdoc.cache.store) :meth:`Prepared.packed`.
_KEPT = b"qmsdoc-pdfpart-1\n"
_KEPT_MAX = 256 << 20


def _open(source: bytes | Path, bookmark: str) -> pikepdf.Pdf:
    import pikepdf

    try:
        # The part's page tree is not copied: qpdf puts what a page inherits from it (its
        # /Resources, /MediaBox, /CropBox, /Rotate) on the page itself.
        return pikepdf.open(io.BytesIO(source) if isinstance(source, bytes) else source,
                            inherit_page_attributes=True)
    except (pikepdf.PdfError, pikepdf.PasswordError, OSError, ValueError) as e:
        raise _unreadable(source, bookmark, e) from None  # (a PasswordError is no PdfError)


def _unreadable(source: bytes | Path, bookmark: str, e: Exception) -> PdfJoinError:
    where = bookmark if isinstance(source, bytes) else f"{bookmark} ({source})"
    return PdfJoinError(f"Không đọc được PDF của {where} để ghép bộ tài liệu: {e}",
                        f"Cannot read the PDF of {where} to join the set: {e}")


class _Writer:
    """The output file: objects written as they come, with what the xref table needs."""

    def __init__(self, sink: BinaryIO) -> None:
        self.sink = sink
        self.pos = 0  # counted, not asked: the sink may be a pipe
        # The file's /ID: a digest of each part's bytes (their SHA-256, which naming a kept
        # part takes anyway) and of what the set adds, not of the ~10^8 bytes written.
        self.digest = hashlib.blake2b(digest_size=16)
        self._hashing = False  # from finish() on: the page tree, outline, catalog, info
        # A set is ~10^5 small pieces: joined into chunks before they reach the sink and the
        # digest, each call through the sink's own layers (hashing, counting) is made once
        # per chunk instead of per piece.
        self._held: list[bytes | memoryview] = []
        self._size = 0
        # By object number: 0 heads the free list, _PAGES is written last (-1: not yet).
        self.offsets = [0, -1]
        self.pages: list[int] = []
        self.write(_HEADER)

    def reference(self, num: int) -> bytes:
        return b"%d 0 R" % num

    def write(self, data: bytes | memoryview) -> None:
        self.pos += len(data)
        if len(data) >= _CHUNK:  # a large stream: not copied into a chunk
            self.flush()
            self._out(data)
            return
        self._held.append(data)
        self._size += len(data)
        if self._size >= _CHUNK:
            self.flush()

    def flush(self) -> None:
        """Hand what is held to the sink (the file is complete only after :meth:`finish`)."""
        if self._held:
            chunk = b"".join(self._held)
            self._held.clear()
            self._size = 0
            self._out(chunk)

    def _out(self, data: bytes | memoryview) -> None:
        self.sink.write(data)
        if self._hashing:
            self.digest.update(data)

    def identify(self, mark: str, sha256: bytes) -> None:
        """Count a part, by its bookmark and the SHA-256 of its bytes, into the file's /ID."""
        self.digest.update(b"%d\0%s\0%s" % (len(mark), mark.encode("utf-8", "replace"),
                                               sha256))

    def reserve(self) -> int:
        """A new object number, for an object written later."""
        self.offsets.append(-1)
        return len(self.offsets) - 1

    def put(self, num: int, body: bytes, stream: bytes | memoryview | None = None) -> None:
        self.offsets[num] = self.pos
        if stream is None:
            self.write(b"%d 0 obj\n%s\nendobj\n" % (num, body))
            return
        self.write(b"%d 0 obj\n%s\nstream\n" % (num, body))
        self.write(stream)  # written apart: a font or image is not copied once more
        self.write(b"\nendstream\nendobj\n")

    def finish(self, marks: Sequence[tuple[str, int]], language: str,
               info: dict[str, str]) -> None:
        """The page tree, outline, catalog and info, then the xref table and trailer."""
        self.flush()
        self._hashing = True
        kids = b"\n".join(b"%d 0 R" % n for n in self.pages)
        self.put(_PAGES, b"<< /Type /Pages /Count %d /Kids [\n%s\n] >>" % (len(self.pages), kids))
        catalog = [b"/Type /Catalog", b"/Pages %d 0 R" % _PAGES, b"/PageMode /UseOutlines",
                   b"/Lang " + _text(language)]
        if marks:
            catalog.append(b"/Outlines %d 0 R" % self._outline(marks))
        root = self.reserve()
        self.put(root, _dictionary(catalog))
        about = self.reserve()
        self.put(about, _dictionary(_name(k) + b" " + _text(v) for k, v in info.items()))
        self._trailer(root, about)

    def _outline(self, marks: Sequence[tuple[str, int]]) -> int:
        """One level-1 item per part, opening its first page whole."""
        top = self.reserve()
        items = [self.reserve() for _ in marks]
        self.put(top, b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>"
                 % (items[0], items[-1], len(items)))
        for i, (num, (title, page)) in enumerate(zip(items, marks, strict=True)):
            entry = [b"/Title " + _text(title), b"/Parent %d 0 R" % top,
                     b"/Dest [%d 0 R /Fit]" % page]
            if i:
                entry.append(b"/Prev %d 0 R" % items[i - 1])
            if i + 1 < len(items):
                entry.append(b"/Next %d 0 R" % items[i + 1])
            self.put(num, _dictionary(entry))
        return top

    def _trailer(self, root: int, about: int) -> None:
        assert -1 not in self.offsets, "an object was numbered but never written"
        self.flush()
        ident = self.digest.hexdigest().encode()  # before the table: a hash of the body
        start = self.pos
        self.write(b"xref\n0 %d\n0000000000 65535 f \n" % len(self.offsets))
        for chunk in _chunks(self.offsets[1:], 4096):
            self.write(b"".join(b"%010d 00000 n \n" % offset for offset in chunk))
        self.write(b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>] >>\n"
                   b"startxref\n%d\n%%%%EOF\n"
                   % (len(self.offsets), root, about, ident, ident, start))
        self.flush()


class _Part:
    """One part's pages and every object they reach, renumbered into the writer's file."""

    def __init__(self, pdf: pikepdf.Pdf, writer: _Writer | _Recorder) -> None:
        self.pdf = pdf
        self.writer = writer
        self.numbers: dict[tuple[int, int], int] = {}  # old objgen → new number
        self.pending: deque[pikepdf.Object] = deque()
        # The catalog is not copied; the page tree, tag tree and outline are known by /Type.
        self.skip = {pdf.Root.objgen}
        self.dests: dict[str, pikepdf.Object] | None = None  # named destinations, when asked

    def copy(self) -> list[int]:
        """Write the pages and what they use; the pages' new numbers."""
        pages = [page.obj for page in self.pdf.pages]
        numbers = [self._number(page) for page in pages]  # first: links may point ahead
        for page, num in zip(pages, numbers, strict=True):
            self.writer.put(num, self._page(page))
            self._drain()
        self.writer.pages.extend(numbers)
        return numbers

    def _number(self, obj: pikepdf.Object) -> int:
        num = self.numbers[obj.objgen] = self.writer.reserve()
        return num

    def _drain(self) -> None:
        import pikepdf

        while self.pending:
            obj = self.pending.popleft()
            num = self.numbers[obj.objgen]
            if obj._type_code == pikepdf.ObjectType.stream:
                raw = obj.read_raw_bytes()  # still compressed: /Filter and /DecodeParms kept
                items = ((k, v) for k, v in obj.stream_dict.items() if k != "/Length")
                self.writer.put(num, self._dictionary(items, b"/Length %d" % len(raw)), raw)
            else:
                self.writer.put(num, self._direct(obj))

    def _page(self, page: pikepdf.Object) -> bytes:
        """A page, its parent the new page tree (what it inherited is on it: see _open)."""
        items = ((k, v) for k, v in page.items() if k not in _NOT_ON_PAGES)
        return self._dictionary(items, b"/Type /Page /Parent %d 0 R" % _PAGES)

    def _value(self, value: object) -> bytes:
        import pikepdf

        if isinstance(value, pikepdf.Object):
            if value.is_indirect:
                return self._reference(value)
            return self._direct(value)
        return _scalar(value)

    def _direct(self, obj: pikepdf.Object) -> bytes:
        """An object's own text, references in it renumbered."""
        import pikepdf

        text = obj.unparse(resolved=True)  # the object, not a reference to it
        if b" R" not in text and b"/D" not in text:
            # Nothing to renumber nor a destination to resolve (a reference is "N G R"):
            # qpdf's text as it is, much faster than walking a font's widths in Python.
            return text
        kind = obj._type_code
        if kind == pikepdf.ObjectType.dictionary:
            return self._dictionary(obj.items())
        if kind == pikepdf.ObjectType.array:
            return b"[" + b" ".join(self._value(v) for v in obj) + b"]"
        return obj.unparse()  # names and strings, escaped by qpdf

    def _dictionary(self, items: Iterable[tuple[str, object]], extra: bytes = b"") -> bytes:
        import pikepdf

        entries = [extra] if extra else []
        pairs = list(items)
        goto = any(k == "/S" and v == pikepdf.Name.GoTo for k, v in pairs)
        for key, value in pairs:
            if key == "/Dest" or (key == "/D" and goto):
                value = self._destination(value)
                if value is None:
                    continue  # a named destination the part does not have: dropped
            text = self._value(value)
            if text != b"null":  # a dropped reference (a page tree node…): the key goes too
                entries.append(_name(key) + b" " + text)
        return _dictionary(entries)

    def _reference(self, obj: pikepdf.Object) -> bytes:
        """``N 0 R`` of a referenced object, numbered and queued the first time."""
        num = self.numbers.get(obj.objgen)
        if num is None:
            if not self._copied(obj):
                return b"null"
            num = self._number(obj)
            self.pending.append(obj)
        return self.writer.reference(num)

    def _copied(self, obj: pikepdf.Object) -> bool:
        import pikepdf

        kind = obj._type_code
        if obj.objgen in self.skip or kind == pikepdf.ObjectType.null:  # or a dangling one
            return False
        if kind in (pikepdf.ObjectType.dictionary, pikepdf.ObjectType.stream):
            of = obj.get("/Type")
            return not (isinstance(of, pikepdf.Name) and str(of) in _NOT_COPIED)
        return True

    def _destination(self, dest: object) -> object:
        """An explicit destination for a named one (the part's name tree is not copied)."""
        import pikepdf

        if not isinstance(dest, pikepdf.Name | pikepdf.String):
            return dest
        if self.dests is None:
            self.dests = dict(_named_destinations(self.pdf))
        found = self.dests.get(str(dest))
        if isinstance(found, pikepdf.Dictionary):
            found = found.get("/D")
        return found if isinstance(found, pikepdf.Array) else None


def _named_destinations(pdf: pikepdf.Pdf) -> Iterator[tuple[str, pikepdf.Object]]:
    """The part's named destinations: the old /Dests dictionary (by name) and the name tree."""
    import pikepdf

    old = pdf.Root.get("/Dests")
    if isinstance(old, pikepdf.Dictionary):
        yield from old.items()
    names = pdf.Root.get("/Names")
    tree = names.get("/Dests") if isinstance(names, pikepdf.Dictionary) else None
    if isinstance(tree, pikepdf.Dictionary):
        yield from pikepdf.NameTree(tree).items()


def _scalar(value: object) -> bytes:
    """A number, boolean or null as pikepdf gives them from a container (Python values)."""
    if value is None:
        return b"null"
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if isinstance(value, int):
        return b"%d" % value
    if isinstance(value, Decimal):
        return format(value, "f").encode()  # never an exponent, which PDF does not read
    raise TypeError(f"not a PDF value: {value!r}")


def _dictionary(entries: Iterable[bytes]) -> bytes:
    return b"<< " + b" ".join(entries) + b" >>"


@functools.cache  # the same few dozen keys, over and over
def _name(key: str) -> bytes:
    import pikepdf

    return pikepdf.Name(key).unparse()


def _text(value: str) -> bytes:
    """A text string: PDFDocEncoding when it fits, else UTF-16BE with its BOM (qpdf's choice)."""
    import pikepdf

    return pikepdf.String(value).unparse()


def _chunks(values: list[int], size: int) -> Iterator[list[int]]:
    for i in range(0, len(values), size):
        yield values[i:i + size]
