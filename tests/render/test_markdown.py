"""Markdown bodies → document-tree blocks."""

from __future__ import annotations

from qmsdoc.render.markdown import image_paths, parse_markdown, resolve_image
from qmsdoc.render.tree import (
    Align,
    BlockQuote,
    BulletList,
    Code,
    Emph,
    Heading,
    Image,
    LineBreak,
    Link,
    OrderedList,
    Paragraph,
    ParaStyle,
    Strong,
    Table,
    Text,
    plain_text,
)


def blocks(text: str, path: str = "quy-trinh/QT-10.md") -> list:
    return parse_markdown(text, path=path).blocks


def test_headings_paragraphs_and_inlines() -> None:
    out = blocks("## Mục đích\n\nQuy định *trình tự* và **trách nhiệm**, `mã`, "
                 "[cổng](https://dichvucong.gov.vn).\nDòng hai.")
    assert out[0] == Heading(2, (Text("Mục đích"),))
    para = out[1]
    assert isinstance(para, Paragraph) and para.style is ParaStyle.BODY
    assert Emph((Text("trình tự"),)) in para.content
    assert Strong((Text("trách nhiệm"),)) in para.content
    assert Code("mã") in para.content
    assert Link((Text("cổng"),), "https://dichvucong.gov.vn") in para.content
    # A soft line break is a space; the text reads on.
    assert plain_text(para.content).endswith("cổng. Dòng hai.")


def test_hard_break_and_br_in_table() -> None:
    out = blocks("a  \nb\n\n| x |\n|---|\n| 1<br>2 |\n")
    assert LineBreak() in out[0].content
    table = out[1]
    assert isinstance(table, Table)
    cell = table.rows[1].cells[0].blocks[0]
    assert LineBreak() in cell.content


def test_nested_lists_and_restarted_numbering() -> None:
    out = blocks("3. ba\n4. bốn\n   - con\n   - con nữa\n\n"
                 "đoạn\n\n1. lại từ một\n   1. a\n   2. b\n")
    first, _, second = out
    assert isinstance(first, OrderedList) and first.start == 3
    assert len(first.items) == 2
    nested = first.items[1][1]
    assert isinstance(nested, BulletList) and len(nested.items) == 2
    assert isinstance(second, OrderedList) and second.start == 1
    inner = second.items[0][1]
    assert isinstance(inner, OrderedList) and inner.start == 1


def test_table_header_alignment_and_widths() -> None:
    out = blocks("| TT | Tên hồ sơ dài hơn nhiều | Số |\n|:--:|---|--:|\n| 1 | Tờ khai | 01 |\n")
    table = out[0]
    assert isinstance(table, Table)
    assert table.header_rows == 1
    assert [c.align for c in table.rows[1].cells] == [Align.CENTER, None, Align.RIGHT]
    assert table.widths[1] > table.widths[0]
    assert table.rows[0].cells[0].blocks[0].style is ParaStyle.TABLE_HEADING


def test_layout_table_without_header_text() -> None:
    out = blocks("| | |\n|---|---|\n| a | b |\n")
    table = out[0]
    assert table.header_rows == 0 and len(table.rows) == 1


def test_block_quote_and_code() -> None:
    out = blocks("> trích dẫn\n\n```\nx = 1\ny = 2\n```\n")
    assert isinstance(out[0], BlockQuote)
    code = out[1]
    assert code.style is ParaStyle.CODE and Code("y = 2") in code.content


def test_image_inside_repository_is_resolved_from_the_document_folder() -> None:
    result = parse_markdown("Lưu đồ:\n\n![Lưu đồ](hình/lưu-đồ.png)\n", path="quy-trinh/QT-10.md")
    assert Image("quy-trinh/hình/lưu-đồ.png", "Lưu đồ") in result.blocks
    assert not result.diagnostics
    assert image_paths("![x](../anh/a.png)", "quy-trinh/QT-10.md") == ["anh/a.png"]


def test_image_in_text_splits_the_paragraph() -> None:
    out = blocks("trước ![a](a.png) sau", path="QT.md")
    assert [type(b).__name__ for b in out] == ["Paragraph", "Image", "Paragraph"]


def test_images_outside_the_repository_are_refused_with_a_warning() -> None:
    for target in ("../../etc/passwd.png", "/etc/x.png", "https://example.com/a.png",
                   "C:\\x.png", "%2E%2E/%2E%2E/x.png"):
        result = parse_markdown(f"![bí mật]({target})", path="quy-trinh/QT-10.md",
                                line_offset=20)
        assert not any(isinstance(b, Image) for b in result.blocks), target
        assert [d.code for d in result.diagnostics] == ["QMS801"], target
        assert result.diagnostics[0].span.line == 20
        assert plain_text(result.blocks[0].content) == "bí mật"
    # markdown-it itself refuses file: links: the text stays literal, nothing is embedded.
    assert not any(isinstance(b, Image) for b in blocks("![x](file:///etc/x.png)"))
    assert resolve_image("../x.png", "QT.md") is None
    assert image_paths("![x](../../x.png)", "a/QT.md") == []


def test_empty_body() -> None:
    assert parse_markdown("  \n").blocks == []
