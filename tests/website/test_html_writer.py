"""The HTML writer: tree nodes → semantic, accessible, deterministic HTML."""

from __future__ import annotations

import re

from qmsdoc.render.html import fold, search_index, write_html
from qmsdoc.render.html.search import Entry, page_words, words
from qmsdoc.render.tree import (
    Cell,
    Chart,
    ChartBar,
    Field,
    FieldKind,
    HeaderFields,
    Heading,
    Link,
    NavLink,
    PageHeader,
    Paragraph,
    RenderedDocument,
    Row,
    SiteFrame,
    Table,
    Text,
)
from qmsdoc.render.writers import WRITERS, WriterOptions


def doc(*blocks: object, draft: bool = False,
        header: tuple[object, ...] = ()) -> RenderedDocument:
    return RenderedDocument(kind="procedure", fields=HeaderFields("UBND xã", "Quy trình", "QT-1",
                                                                  "01", "01/01/2026"),
                            header=PageHeader(header), blocks=tuple(blocks),  # type: ignore[arg-type]
                            draft=draft)


FRAME = SiteFrame(file="QT-1.html", lang="vi", site_title="UBND xã", page_title="QT-1 · Quy trình",
                  nav=(NavLink("Trang chủ", "index.html"), NavLink("QT-1", "QT-1.html")),
                  labels=(("skip", "Bỏ qua"), ("search", "Tìm kiếm"), ("filter", "Lọc theo")))


def html(d: RenderedDocument, frame: SiteFrame | None = FRAME) -> str:
    return write_html(d, WriterOptions(frame=frame)).decode("utf-8")


def test_registered_as_a_writer() -> None:
    assert WRITERS["html"].extension == "html"
    assert WRITERS["html"].write(doc(), WriterOptions()).startswith(b"<!DOCTYPE html>")


def test_page_language_title_and_the_only_h1() -> None:
    page = html(doc(Heading(1, (Text("Mục đích"),), "1"), Heading(2, (Text("Con"),), "1.1")))
    assert '<html lang="vi">' in page
    assert page.count("<h1>") == 1 and "<h1>QT-1 · Quy trình</h1>" in page
    # document headings follow the page's h1 in order: 1 → h2, 2 → h3
    assert re.search(r'<h2 id="[^"]+"><span class="num">1</span> Mục đích</h2>', page)
    assert "<h3 " in page and "<h4" not in page
    assert '<a href="QT-1.html" aria-current="page">' in page
    assert 'class="skip" href="#main"' in page and '<main id="main"' in page


def test_text_is_escaped_and_only_site_or_web_links_are_links() -> None:
    page = html(doc(Paragraph((Text("<script>alert(1)</script> & \"x\""),
                               Link((Text("trang"),), "site:QT-2.html"),
                               Link((Text("mã lạ"),), "site:BM#1 50%.html"),
                               Link((Text("QĐ"),), "site:QĐ-01.html"),
                               Link((Text("web"),), "https://dichvucong.gov.vn/p"),
                               Link((Text("js"),), "javascript:alert(1)"),
                               Link((Text("md"),), "QT-02.md"),
                               Link((Text("up"),), "site:../etc/passwd"),
                               Link((Text("folder"),), "site:a/b.html")))))
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert '<a href="QT-2.html">trang</a>' in page
    assert '<a href="BM%231%2050%25.html">mã lạ</a>' in page  # still names its file
    assert '<a href="Q%C4%90-01.html">QĐ</a>' in page
    assert '<a href="https://dichvucong.gov.vn/p">web</a>' in page
    # a document's own relative link is printed as on paper; nothing leaves the site's folder
    for bad in ("javascript:", "QT-02.md", "..", "a/b.html", "a%2Fb"):
        assert f'href="{bad}' not in page
    assert ">md<" not in page and "md" in page


def test_tables_have_column_headers_widths_and_tools() -> None:
    def row(a: str, b: str) -> Row:
        return Row((Cell((Paragraph((Text(a),)),)), Cell((Paragraph((Text(b),)),))))

    table = Table((row("Mã", "Lĩnh vực"), row("1.1", "Hộ tịch")), (1.0, 3.0), header_rows=1,
                  sortable=True, filter_column=1)
    page = html(doc(table))
    assert '<th scope="col">Mã</th>' in page
    assert '<col style="width:25.0%">' in page and '<col style="width:75.0%">' in page
    assert "data-sortable" in page and 'data-filter-column="1"' in page
    assert 'data-filter-label="Lọc theo lĩnh vực:"' in page  # named by the column's heading
    assert "<td>Hộ tịch</td>" in page


def test_page_number_lines_belong_to_paper() -> None:
    header = (Paragraph((Text("Trang: "), Field(FieldKind.PAGE), Text("/"),
                         Field(FieldKind.NUMPAGES))), Paragraph((Text("Mã hiệu: QT-1"),)))
    page = html(doc(header=header))
    assert "Trang:" not in page and "Mã hiệu: QT-1" in page


def test_draft_banner_on_a_draft_document_only() -> None:
    assert 'class="draft-banner"' in html(doc(draft=True))
    assert "DỰ THẢO" in html(doc(draft=True))
    assert 'class="draft-banner"' not in html(doc())


def test_english_labels_are_marked_english() -> None:
    en = SiteFrame(file="", lang="en", site_title="UBND xã", page_title="P", nav=(),
                   labels=(("skip", "Skip to the main content"),))
    page = html(doc(), en)
    assert '<html lang="vi">' in page  # the documents stay Vietnamese
    assert '<a class="skip" href="#main" lang="en">Skip to the main content</a>' in page


def test_chart_is_inline_svg_with_its_numbers() -> None:
    chart = Chart("MT1", (ChartBar("Quý I", 99.2, "99,2%", True),
                          ChartBar("Quý II", 97.6, "97,6%", False)), 98.0, "Chỉ tiêu ≥ 98%")
    page = html(doc(chart))
    assert '<svg viewBox=' in page and 'role="img"' in page and 'aria-label="MT1"' in page
    assert 'class="bar met"' in page and 'class="bar missed"' in page
    assert "99,2" in page and 'class="target"' in page


def test_same_tree_same_bytes() -> None:
    d = doc(Heading(1, (Text("A"),)), Heading(1, (Text("A"),)))
    assert html(d) == html(d)
    assert html(d).count('id="s-a"') == 1 and 'id="s-a-2"' in html(d)  # unique anchors


def test_no_reference_outside_the_site() -> None:
    page = html(doc(Paragraph((Text("x"),))))
    for m in re.finditer(r'(?:src|href)="([^"]+)"', page):
        assert "//" not in m.group(1), m.group(1)


def test_fold_is_the_scripts_definition_for_every_character_up_to_u2000() -> None:
    import unicodedata

    def slow(text: str) -> str:  # qmsdoc.js: đ → d, NFD, drop U+0300–U+036F, lower case
        text = text.replace("đ", "d").replace("Đ", "D")
        return "".join(c for c in unicodedata.normalize("NFD", text)
                       if not "\u0300" <= c <= "\u036f").lower()

    for cp in range(0x20, 0x2000):
        c = chr(cp)
        if unicodedata.category(c) != "Cs":
            assert fold(c) == slow(c), hex(cp)
    assert fold("e\u0301 Ð") == slow("e\u0301 Ð")  # decomposed input too


def test_fold_and_words() -> None:
    assert fold("Đăng ký khai sinh") == "dang ky khai sinh"
    assert fold("ĐIỀU") == "dieu"
    assert words("Quy trình QT-10, mã 1.001193.") == ["quy", "trinh", "qt-10", "qt", "10", "ma",
                                                      "1.001193", "1", "001193"]


def test_search_index_is_a_script_with_folded_entries() -> None:
    title = "Quy trình đăng ký khai sinh"
    data = search_index([Entry("QT-10.html", title, ("QT-10", "1.001193"), "procedure",
                               page_words(title, "Quy trình: Bước 1: tiếp nhận hồ sơ"))]).decode()
    assert data.startswith("window.QMSDOC_INDEX=")
    assert '"f":"quy trinh dang ky khai sinh"' in data
    assert '"k":["qt-10","1.001193"]' in data
    assert '"w":"buoc 1 tiep nhan ho so"' in data  # the title's words are not repeated
