"""Joining parts' PDFs into one, streamed: small real PDFs (Typst's and hand-made) read back
with pikepdf and poppler."""

from __future__ import annotations

import datetime as dt
import io
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pikepdf
import pytest
import typst

from qmsdoc.render.pdfjoin import PdfJoinError, join_pdfs, join_pdfs_into

from . import pdftools

LONG = """#set text(lang: "vi")
Quy trình trang một #link(<cuoi>)[tới trang ba]
#pagebreak()
Quy trình trang hai
#pagebreak()
= Kết thúc <cuoi>
Quy trình trang ba
"""
WIDE = """#set page(flipped: true)
Biểu mẫu khổ ngang #link("https://example.com/iso-9001")[ISO 9001]
"""
Parts = list[tuple[str, bytes | Path]]
PROPS: dict[str, Any] = {"title": "Bộ tài liệu HTQLCL", "author": "UBND xã An Hải",
                         "subject": "ISO 9001:2015", "keywords": ("HTQLCL", "", "ISO"),
                         "language": "vi-VN", "created": dt.date(2026, 1, 15)}
A4 = [0, 0, Decimal("595.2756"), Decimal("841.8898")]


def typeset(source: str) -> bytes:
    return typst.compile(source.encode(), format="pdf")


def inherited_page() -> bytes:
    """One page whose size, rotation and font are on its page tree node, not on the page;
    an annotation on it points back at the page and at the part's page tree."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(300, 400))
    page = pdf.pages[0].obj
    for key in ("/MediaBox", "/Resources", "/Rotate"):
        if key in page:
            del page[key]
    page.Contents = pdf.make_stream(b"BT /F1 12 Tf 20 200 Td (Trang ke thua) Tj ET")
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                              BaseFont=pikepdf.Name.Helvetica)
    tree = pdf.Root.Pages
    tree.MediaBox = pikepdf.Array([0, 0, 300, 400])
    tree.Rotate = 90
    tree.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=pdf.make_indirect(font)))
    note = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link,
                              Rect=[0, 0, 50, 50], P=page, Parent=tree,
                              Dest=[page, pikepdf.Name.Fit])
    page.Annots = pikepdf.Array([pdf.make_indirect(note)])
    return _saved(pdf)


def no_pages() -> bytes:
    return _saved(pikepdf.new())


def _saved(pdf: pikepdf.Pdf) -> bytes:
    buffer = io.BytesIO()
    pdf.save(buffer, deterministic_id=True)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def parts(tmp_path_factory: pytest.TempPathFactory) -> Parts:
    """Three pages with a link inside, a landscape page with a web link, an inherited page
    (given as bytes) and a part with no pages; Vietnamese bookmarks."""
    folder = tmp_path_factory.mktemp("parts")
    (folder / "long.pdf").write_bytes(typeset(LONG))
    (folder / "wide.pdf").write_bytes(typeset(WIDE))
    return [("QT-01 Quy trình đăng ký", folder / "long.pdf"),
            ("BM-01 Biểu mẫu ngang", folder / "wide.pdf"),
            ("PL-01 Phụ lục kế thừa", inherited_page()),
            ("Rỗng", no_pages())]


@pytest.fixture(scope="module")
def joined(parts: Parts) -> bytes:
    return join_pdfs(parts, **PROPS)


@pytest.fixture()
def pdf(joined: bytes) -> Any:
    with pikepdf.open(io.BytesIO(joined)) as doc:
        yield doc


@pdftools.needs_poppler
def test_pages_are_the_parts_pages_in_order(joined: bytes) -> None:
    assert pdftools.pages(joined) == 5
    pages = [pdftools.flat(t) for t in pdftools.text(joined).split("\f")[:5]]
    assert [p.split(" tới")[0].split(" ISO")[0] for p in pages] == [
        "Quy trình trang một", "Quy trình trang hai", "Kết thúc Quy trình trang ba",
        "Biểu mẫu khổ ngang", "Trang ke thua"]


def test_each_page_keeps_its_size_and_what_it_inherited(pdf: Any) -> None:
    boxes = [list(page.obj.MediaBox) for page in pdf.pages]
    assert boxes == [A4, A4, A4, [0, 0, Decimal("841.8898"), Decimal("595.2756")],
                     [0, 0, 300, 400]]
    inherited = pdf.pages[4].obj
    assert inherited.Rotate == 90 and "/F1" in inherited.Resources.Font
    for page in pdf.pages:
        assert page.obj.Parent == pdf.Root.Pages  # the new tree's, not a part's
        assert "/StructParents" not in page.obj  # the parts' tag trees are not copied


def test_one_bookmark_per_part_with_pages_at_its_first_page(pdf: Any) -> None:
    index = {page.objgen: i for i, page in enumerate(pdf.pages)}
    with pdf.open_outline() as outline:
        marks = [(item.title, index[item.destination[0].objgen]) for item in outline.root]
    assert marks == [("QT-01 Quy trình đăng ký", 0), ("BM-01 Biểu mẫu ngang", 3),
                     ("PL-01 Phụ lục kế thừa", 4)]
    assert pdf.Root.PageMode == pikepdf.Name.UseOutlines


@pdftools.needs_poppler
def test_properties_and_language(joined: bytes, pdf: Any) -> None:
    info = pdftools.info(joined)
    assert (info["Title"], info["Author"], info["Subject"], info["Keywords"], info["Creator"]) \
        == ("Bộ tài liệu HTQLCL", "UBND xã An Hải", "ISO 9001:2015", "HTQLCL, ISO", "qmsdoc")
    assert str(pdf.docinfo.CreationDate) == "D:20260115000000Z"
    assert str(pdf.Root.Lang) == "vi-VN"


def test_links_keep_working(pdf: Any) -> None:
    (web,) = pdf.pages[3].obj.Annots
    assert str(web.A.URI) == "https://example.com/iso-9001"
    (inside,) = pdf.pages[0].obj.Annots  # a named destination of its part, made explicit
    assert inside.Dest[0] == pdf.pages[2].obj
    (back,) = pdf.pages[4].obj.Annots  # to its own page: renumbered; to the page tree: dropped
    page = pdf.pages[4].obj
    assert back.get("/P") == page and back.Dest[0] == page
    assert "/Parent" not in back


@pdftools.needs_poppler
def test_the_file_is_valid(joined: bytes, pdf: Any) -> None:
    assert pdf.check_pdf_syntax() == []
    assert joined.startswith(b"%PDF-1.7\n%") and joined.endswith(b"%%EOF\n")
    assert pdftools.info(joined)["Pages"] == "5"


def test_same_parts_same_bytes_even_into_a_pipe(parts: Parts, joined: bytes) -> None:
    class Pipe(io.BytesIO):
        def seekable(self) -> bool:
            return False

        def tell(self) -> int:
            raise io.UnsupportedOperation("a pipe")

    pipe = Pipe()
    join_pdfs_into(pipe, parts, **PROPS)
    assert pipe.getvalue() == joined
    assert join_pdfs(list(reversed(parts)), **PROPS) != joined


def _file_id(data: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as doc:
        return bytes(doc.trailer.ID[0])


def test_the_file_id_follows_the_parts_and_the_properties(parts: Parts, joined: bytes) -> None:
    """The /ID is made from the parts' bytes and the set's own objects (not by hashing the
    whole file again): the same for the same set, another for any change."""
    assert len(_file_id(joined)) == 16
    assert _file_id(join_pdfs(parts, **PROPS)) == _file_id(joined)
    changed = [*parts[:2], ("PL-01 Phụ lục kế thừa", inherited_page() + b"\n"), parts[3]]
    assert _file_id(join_pdfs(changed, **PROPS)) != _file_id(joined)
    renamed = [("QT-01 Quy trình khác", parts[0][1]), *parts[1:]]
    assert _file_id(join_pdfs(renamed, **PROPS)) != _file_id(joined)
    assert _file_id(join_pdfs(parts, **{**PROPS, "title": "Khác"})) != _file_id(joined)


def test_one_part_is_open_at_a_time(parts: Parts, monkeypatch: pytest.MonkeyPatch) -> None:
    opened, close = pikepdf.open, pikepdf.Pdf.close
    live: set[int] = set()
    most = 0

    def counted_open(*args: Any, **kwargs: Any) -> pikepdf.Pdf:
        nonlocal most
        pdf = opened(*args, **kwargs)
        live.add(id(pdf))
        most = max(most, len(live))
        return pdf

    def counted_close(self: pikepdf.Pdf) -> None:
        live.discard(id(self))
        close(self)

    monkeypatch.setattr(pikepdf, "open", counted_open)
    monkeypatch.setattr(pikepdf.Pdf, "close", counted_close)
    join_pdfs(parts * 2, **PROPS)
    assert most == 1 and not live


def locked(data: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        buffer = io.BytesIO()
        pdf.save(buffer, encryption=pikepdf.Encryption(owner="o", user="u", R=6))
    return buffer.getvalue()


@pytest.mark.parametrize("damage", [lambda b: b"not a pdf", lambda b: b[:len(b) // 3], locked],
                         ids=["garbage", "truncated", "locked"])
def test_an_unreadable_part_is_named(parts: Parts, damage: Any, tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(damage(Path(str(parts[0][1])).read_bytes()))
    with pytest.raises(PdfJoinError) as info:
        join_pdfs([parts[2], ("BM-09 Hỏng", broken)], title="x")
    assert "BM-09 Hỏng" in info.value.en and str(broken) in info.value.en
    assert "Không đọc được" in info.value.vi


def test_parts_kept_prepared_join_to_the_same_bytes(parts: Parts, joined: bytes, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A part file is prepared once (its objects, numbered from 0) and kept; joined again, it
    is read back instead of being walked by qpdf, and the set's bytes are the same."""
    store = tmp_path / ".qmsdoc" / "cache" / "pdfparts"
    first = io.BytesIO()
    join_pdfs_into(first, parts, **PROPS, store=str(store))
    assert first.getvalue() == joined
    assert len(list(store.glob("*.part"))) == 2  # the parts given as files, not as bytes
    opened: list[object] = []
    real = pikepdf.open

    def counted(*args: Any, **kwargs: Any) -> pikepdf.Pdf:
        opened.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(pikepdf, "open", counted)
    again = io.BytesIO()
    join_pdfs_into(again, parts, **PROPS, store=str(store))
    assert again.getvalue() == joined
    assert len(opened) == 2 and not any(isinstance(p, Path) for p in opened)


def test_a_kept_part_not_sealed_by_this_user_is_prepared_again(
        parts: Parts, joined: bytes, tmp_path: Path) -> None:
    store = tmp_path / ".qmsdoc" / "cache" / "pdfparts"
    join_pdfs_into(io.BytesIO(), parts, **PROPS, store=str(store))
    for path in store.glob("*.part"):  # forged: a page's text changed, the seal left as it was
        data = bytearray(path.read_bytes())
        data[-40:] = b"<< /Type /Page /Parent 1 0 R >>".ljust(40)
        path.write_bytes(bytes(data))
    again = io.BytesIO()
    join_pdfs_into(again, parts, **PROPS, store=str(store))
    assert again.getvalue() == joined


@pdftools.needs_poppler
def test_a_changed_part_file_is_prepared_again(parts: Parts, tmp_path: Path) -> None:
    store, folder = tmp_path / ".qmsdoc" / "cache" / "pdfparts", tmp_path / "parts"
    folder.mkdir()
    mine = [(mark, folder / source.name) if isinstance(source, Path) else (mark, source)
            for mark, source in parts]
    for (_, source), (_, copy) in zip(parts, mine, strict=True):
        if isinstance(source, Path):
            assert isinstance(copy, Path)
            copy.write_bytes(source.read_bytes())
    join_pdfs_into(io.BytesIO(), mine, **PROPS, store=str(store))
    edited = mine[0][1]
    assert isinstance(edited, Path)
    edited.write_bytes(typeset(LONG.replace("trang hai", "trang hai, đã sửa")))
    again = io.BytesIO()
    join_pdfs_into(again, mine, **PROPS, store=str(store))
    assert again.getvalue() == join_pdfs(mine, **PROPS)
    assert len(list(store.glob("*.part"))) == 3
    assert "đã sửa" in pdftools.text(again.getvalue())


def test_a_part_with_a_stream_larger_than_a_chunk_joins_the_same_kept_or_not(
        tmp_path: Path) -> None:
    """The writer joins small writes into 1 MiB chunks and writes a larger stream (a picture,
    a font) on its own: a part holding one, given as a file, joins to the same valid file
    whether it is walked or read back prepared, and the stream comes out whole."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    picture = random.Random(7).randbytes(1024 * 1280 * 3)  # ~3.9 MiB that do not compress
    image = pdf.make_stream(picture, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
                            Width=1024, Height=1280, ColorSpace=pikepdf.Name.DeviceRGB,
                            BitsPerComponent=8)
    page = pdf.pages[0]
    page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im1=image))
    page.obj.Contents = pdf.make_stream(b"q 200 0 0 200 0 0 cm /Im1 Do Q")
    part = tmp_path / "lon.pdf"
    part.write_bytes(_saved(pdf))
    parts: Parts = [("QT-01 Ảnh lớn", part), ("PL-01 Phụ lục kế thừa", inherited_page())]
    plain = join_pdfs(parts, **PROPS)
    store = tmp_path / ".qmsdoc" / "cache" / "pdfparts"
    for _ in range(2):  # prepared and kept, then read back
        again = io.BytesIO()
        join_pdfs_into(again, parts, **PROPS, store=str(store))
        assert again.getvalue() == plain
    with pikepdf.open(io.BytesIO(plain)) as joined:
        assert len(joined.pages) == 2
        streams = list(joined.pages[0].obj.Resources.XObject.values())
        assert [s.read_bytes() for s in streams] == [picture]
        assert len(streams[0].read_raw_bytes()) > 1 << 20  # written apart, not in a chunk
