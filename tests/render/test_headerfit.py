"""Long titles (issue 15, item 7): the header cell, the short title, DOCX core properties."""

from __future__ import annotations

import io
import unicodedata

import docx
import pytest
from qmsdoc_testing import REAL_LONG_NAME

from qmsdoc.render.compose import ComposeContext, compose_document
from qmsdoc.render.docx import write_docx
from qmsdoc.render.headerfit import (
    PROPERTY_LIMIT,
    estimate_lines,
    fit_header_title,
    fit_property,
    title_cell_width_pt,
)
from qmsdoc.render.tree import PageSetup, Paragraph, ParaStyle, Table, block_text
from qmsdoc.render.writers import WriterOptions

from .conftest import procedure

REAL = REAL_LONG_NAME
LONG = "Quy trình " + REAL[0].lower() + REAL[1:]
#: 243 characters, the title that filled a quarter of every PDF page.
T243 = LONG[:243].rstrip()
SHORT = "Quy trình đăng ký thay đổi thành viên, người đại diện, chủ sở hữu doanh nghiệp"
PAGE = PageSetup()


# ------------------------------------------------------------------------ core properties
def test_property_cut_to_the_limit_with_an_ellipsis() -> None:
    cut = fit_property(LONG)
    assert len(LONG) > PROPERTY_LIMIT >= len(cut)
    assert cut.endswith("…")
    assert LONG.startswith(cut[:-1].rstrip())
    assert fit_property("ngắn") == "ngắn"
    assert fit_property("x" * PROPERTY_LIMIT) == "x" * PROPERTY_LIMIT


def test_property_cut_never_splits_a_letter_from_its_marks() -> None:
    nfd = unicodedata.normalize("NFD", "Đăng ký thay đổi người đại diện " * 20)
    for limit in range(200, 256):
        cut = fit_property(nfd, limit)
        assert len(cut) <= limit
        kept = cut[:-1]
        assert nfd.startswith(kept)
        # the next character of the source is never a mark left behind
        assert not unicodedata.combining(nfd[len(kept)])


# ---------------------------------------------------------------------------- header cell
def test_short_titles_keep_the_header_size_in_capitals() -> None:
    fit = fit_header_title("Quy trình đăng ký khai sinh", None, PAGE)
    assert (fit.style, fit.text, fit.full) == (ParaStyle.HEADER, "QUY TRÌNH ĐĂNG KÝ KHAI SINH",
                                              True)


def test_a_243_character_title_gets_the_smaller_size_and_stays_whole() -> None:
    fit = fit_header_title(T243, None, PAGE)
    assert fit.style is ParaStyle.HEADER_SMALL
    assert fit.full and not fit.overflow
    assert fit.lines <= fit.max_lines
    # as before (capitals at the header size) it took far more lines than the header has
    assert estimate_lines(T243.upper(), title_cell_width_pt(PAGE), 11) >= fit.max_lines + 4


def test_short_title_stands_in_for_a_title_too_long() -> None:
    fit = fit_header_title(LONG, SHORT, PAGE)
    assert fit.short and not fit.full and not fit.overflow
    assert fit.text == SHORT.upper()


def test_without_short_title_an_overflowing_title_is_cut_to_fit() -> None:
    fit = fit_header_title(LONG, None, PAGE)
    assert fit.overflow and not fit.full
    assert fit.text.endswith("…") and LONG.startswith(fit.text[:-1].rstrip())
    assert estimate_lines(fit.text, title_cell_width_pt(PAGE), 9) <= fit.max_lines


def _title_cell(doc_header: tuple[object, ...]) -> Paragraph:
    table = doc_header[0]
    assert isinstance(table, Table)
    para = table.rows[0].cells[1].blocks[0]
    assert isinstance(para, Paragraph)
    return para


@pytest.mark.parametrize(("title", "short", "shown", "in_body"), [
    (LONG, SHORT, SHORT.upper(), True),
    (LONG, None, None, True),
    (T243, None, T243, False),
])
def test_compose_decides_the_header_once_and_keeps_the_full_title(
        ctx: ComposeContext, title: str, short: str | None, shown: str | None,
        in_body: bool) -> None:
    doc = compose_document(ctx, procedure(title=title, short_title=short)).document
    cell = _title_cell(doc.header.blocks)
    text = block_text([cell])
    if shown is not None:
        assert text == shown
    else:
        assert text.endswith("…") and len(text) < len(title)
    body = block_text(doc.blocks)
    assert (title.upper() in body) is in_body
    assert len(doc.properties.title) <= PROPERTY_LIMIT


def test_docx_of_a_title_over_255_characters(ctx: ComposeContext) -> None:
    """Before: ValueError 'exceeded 255 char limit for property' (QMS804), no DOCX."""
    doc = compose_document(ctx, procedure(title=LONG, short_title=SHORT)).document
    out = io.BytesIO(write_docx(doc, WriterOptions()))
    d = docx.Document(out)
    assert d.core_properties.title == fit_property(LONG)
    header = d.sections[0].header.tables[0].rows[0].cells[1].text
    assert header == SHORT.upper()
    body = "\n".join(p.text for p in d.paragraphs)
    assert LONG.upper() in body
