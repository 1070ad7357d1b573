"""Parts shared by every composed document: page header, cover, tables, body sections."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from qmsdoc.diagnostics import Diagnostic
from qmsdoc.model.documents import Document
from qmsdoc.model.revision import RevisionEntry
from qmsdoc.render.compose.context import ComposeContext, fmt_date, fmt_edition
from qmsdoc.render.headerfit import HEADER_WIDTHS, HeaderTitle, fit_header_title, fit_property
from qmsdoc.render.tree import (
    LOGO,
    Align,
    Block,
    BlockQuote,
    Cell,
    DocumentProperties,
    Field,
    FieldKind,
    HeaderFields,
    Heading,
    Image,
    Inline,
    LineBreak,
    PageHeader,
    Paragraph,
    ParaStyle,
    RenderedDocument,
    Row,
    SignatureGrid,
    Strong,
    Table,
    Text,
    plain_text,
)

CellValue = str | Cell | Sequence[Inline]


# --------------------------------------------------------------------------- small builders
def para(text: str | Sequence[Inline], style: ParaStyle = ParaStyle.BODY,
         align: Align | None = None) -> Paragraph:
    content = (Text(text),) if isinstance(text, str) else tuple(text)
    return Paragraph(content, style, align)


def lines(texts: Iterable[str]) -> tuple[Inline, ...]:
    """Texts joined by line breaks."""
    out: list[Inline] = []
    for i, t in enumerate(texts):
        if i:
            out.append(LineBreak())
        out.append(Text(t))
    return tuple(out)


def cell(value: CellValue, style: ParaStyle = ParaStyle.TABLE, align: Align | None = None,
         colspan: int = 1, rowspan: int = 1, strong: bool = False) -> Cell:
    if isinstance(value, Cell):
        return value
    content: tuple[Inline, ...] = (Text(value),) if isinstance(value, str) else tuple(value)
    if strong:
        content = (Strong(content),)
    blocks: tuple[Block, ...] = (Paragraph(content, style),) if plain_text(content) else ()
    return Cell(blocks, colspan, rowspan, align)


def grid(header: Sequence[str], rows: Iterable[Sequence[CellValue]],
         widths: Sequence[float], *, center: Sequence[int] = ()) -> Table:
    """A bordered table with one repeating header row; ``center`` lists centred columns."""
    out = [Row(tuple(cell(h, ParaStyle.TABLE_HEADING, Align.CENTER) for h in header))]
    for values in rows:
        out.append(Row(tuple(
            v if isinstance(v, Cell) else cell(v, align=Align.CENTER if i in center else None)
            for i, v in enumerate(values))))
    return Table(tuple(out), tuple(float(w) for w in widths), header_rows=1)


def rule(under: str, fraction: float = 1.0) -> Paragraph:
    """A short line under a text (Nghị định 30/2020), about ``fraction`` of its printed width.

    Drawn as joined underscores in the small RULE style: every writer can print it, and a
    reference document can restyle it.
    """
    return para("_" * max(6, round(len(under) * 2.2 * fraction)), ParaStyle.RULE)


def heading(level: int, text: str, number: str | None = None) -> Heading:
    return Heading(level, (Text(text),), number)


# --------------------------------------------------------------------------------- header
def header_fields(ctx: ComposeContext, doc: Document) -> HeaderFields:
    return HeaderFields(ctx.org_name, doc.title or "", doc.code or "", fmt_edition(doc.edition),
                        fmt_date(doc.issued), short_title=(doc.short_title or "").strip())


def header_title(ctx: ComposeContext, fields: HeaderFields) -> HeaderTitle:
    """How the title cell prints the title (size, case, short title): see headerfit."""
    return fit_header_title(fields.title, fields.short_title, ctx.page)


def full_title_blocks(ctx: ComposeContext, fields: HeaderFields) -> list[Block]:
    """The full title as the first line of the body when the header shows the short title
    only: the document must still name itself in full."""
    if header_title(ctx, fields).full:
        return []
    return [para(fields.title.upper(), ParaStyle.TITLE)]


def page_header(ctx: ComposeContext, fields: HeaderFields) -> PageHeader:
    """Organisation | TITLE | Mã hiệu / Lần ban hành / Ngày ban hành / Trang x/y, every page."""
    w = ctx.wording
    org_content: list[Inline] = []
    for text in w.lines("parent_lines", ctx.org):
        org_content += [Text(text), LineBreak()]
    org_content.append(Strong(lines(w.lines("agency_lines", ctx.org))))
    control: list[Block] = []
    for label, value in ((w["header_code"], fields.code), (w["header_edition"], fields.edition),
                         (w["header_issued"], fields.issued)):
        if value:
            control.append(para(f"{label}: {value}", ParaStyle.HEADER))
    control.append(Paragraph((Text(f"{w['header_page']}: "), Field(FieldKind.PAGE), Text("/"),
                              Field(FieldKind.NUMPAGES)), ParaStyle.HEADER))
    title = header_title(ctx, fields)
    row = Row((
        Cell((Image(LOGO, ctx.org_name, width_mm=14.0),
              Paragraph(tuple(org_content), ParaStyle.HEADER, Align.CENTER)), align=Align.CENTER),
        Cell((Paragraph((Strong((Text(title.text),)),), title.style, Align.CENTER),),
             align=Align.CENTER),
        Cell(tuple(control), align=Align.LEFT),
    ))
    return PageHeader((Table((row,), HEADER_WIDTHS),))


def fitted_properties(title: str, subject: str, author: str, keywords: str = "",
                      category: str = "", comments: str = "", created: dt.date | None = None,
                      revision: int = 1) -> DocumentProperties:
    """File metadata with every text cut to what DOCX core properties hold (255 characters,
    whole characters, an ellipsis); the document itself keeps the full texts."""
    return DocumentProperties(
        title=fit_property(title), subject=fit_property(subject), author=fit_property(author),
        keywords=fit_property(keywords), category=fit_property(category),
        comments=fit_property(comments), created=created, revision=revision)


def properties(ctx: ComposeContext, doc: Document, kind_title: str) -> DocumentProperties:
    return fitted_properties(
        doc.title or "", kind_title, ctx.org_name, doc.code or "", kind_title,
        f"{doc.code or ''} – {ctx.standard}", doc.issued, doc.edition or 1)


# ---------------------------------------------------------------------------------- cover
def default_revisions(ctx: ComposeContext, doc: Document) -> list[RevisionEntry]:
    """Without Git history: one entry for the document's current edition."""
    if doc.issued is None:
        return []
    edition = doc.edition or 1
    return [RevisionEntry(date=doc.issued, edition=edition, amendment=None,
                          change=ctx.wording("first_issue", edition),
                          position=ctx.wording["whole_document"], is_release=True)]


def signature_grid(ctx: ComposeContext, doc: Document) -> SignatureGrid:
    w = ctx.wording
    people = (doc.prepared_by, doc.reviewed_by, doc.approved_by)
    return SignatureGrid(
        (w["sign_prepared"], w["sign_reviewed"], w["sign_approved"]),
        tuple(ctx.person_name(p) for p in people), tuple(ctx.person_title(p) for p in people))


def cover(ctx: ComposeContext, grid_data: SignatureGrid,
          revisions: Sequence[RevisionEntry]) -> list[Block]:
    """The signature grid, then the "Theo dõi sửa đổi" table."""
    w = ctx.wording
    head = Row((cell(""), *(cell(c, ParaStyle.TABLE_HEADING, Align.CENTER)
                            for c in grid_data.columns)))
    blank = Cell((Paragraph((LineBreak(), LineBreak(), LineBreak()), ParaStyle.TABLE),))
    rows = [
        head,
        Row((cell(w["sign_signature"], strong=True), blank, blank, blank)),
        Row((cell(w["sign_name"], strong=True),
             *(cell(n, align=Align.CENTER, strong=True) for n in grid_data.names))),
        Row((cell(w["sign_title"], strong=True),
             *(cell(t, align=Align.CENTER) for t in grid_data.titles))),
    ]
    signatures = Table(tuple(rows), (16.0, 28.0, 28.0, 28.0))
    rev_rows: list[list[CellValue]] = []
    for i, e in enumerate(revisions, 1):
        rev_rows.append([str(i), fmt_date(e.date), e.position, e.change,
                         w("revision_number", e.amendment, e.edition), e.note])
    if not rev_rows:
        rev_rows.append([""] * 6)
    revision_table = grid(
        (w["rev_no"], w["rev_date"], w["rev_position"], w["rev_change"], w["rev_edition"],
         w["rev_note"]), rev_rows, (7, 14, 17, 31, 16, 15), center=(0, 1, 4))
    return [signatures, para(w["revisions_title"], ParaStyle.SUBTITLE), revision_table]


# ------------------------------------------------------------------------- body sections
@dataclass(frozen=True)
class Composed:
    """One composed document tree and what composing it found."""

    document: RenderedDocument
    diagnostics: tuple[Diagnostic, ...] = ()


@dataclass
class BodySection:
    """A top-level heading of a Markdown body and what follows it."""

    title: str
    heading: Heading | None
    blocks: list[Block] = field(default_factory=list)


_LEADING_NUMBER = re.compile(r"^\s*(?:(?:\d+[.)]?)+|[IVXLC]+[.)])\s+", re.IGNORECASE)


def clean_title(text: str) -> str:
    """A heading's text without a hand-written number ("1. Mục đích" → "Mục đích")."""
    return _LEADING_NUMBER.sub("", text).strip()


def split_sections(blocks: Sequence[Block]) -> tuple[list[Block], list[BodySection]]:
    """(blocks before the first heading, sections at the body's shallowest heading level)."""
    levels = [b.level for b in blocks if isinstance(b, Heading)]
    if not levels:
        return list(blocks), []
    top = min(levels)
    preamble: list[Block] = []
    sections: list[BodySection] = []
    for b in blocks:
        if isinstance(b, Heading) and b.level == top:
            sections.append(BodySection(clean_title(plain_text(b.content)), b))
        elif sections:
            sections[-1].blocks.append(b)
        else:
            preamble.append(b)
    return preamble, sections


def classify(title: str, choices: Sequence[tuple[str, tuple[str, ...]]]) -> str | None:
    """The key of the first choice one of whose words the title starts with."""
    folded = title.casefold()
    for key, words in choices:
        if any(folded.startswith(word) for word in words):
            return key
    return None


def renumber(blocks: Sequence[Block], prefix: str, level: int) -> list[Block]:
    """Headings inside a numbered section: levels shifted under ``level`` and numbered
    ``prefix.1``, ``prefix.1.1``… (three levels deep; deeper headings keep no number)."""
    levels = [b.level for b in blocks if isinstance(b, Heading)]
    if not levels:
        return list(blocks)
    top = min(levels)
    counters: list[int] = []
    out: list[Block] = []
    for b in blocks:
        if not isinstance(b, Heading):
            out.append(b)
            continue
        depth = b.level - top  # 0 = a direct subsection
        new_level = level + 1 + depth
        del counters[depth + 1:]
        while len(counters) <= depth:
            counters.append(0)
        counters[depth] += 1
        number = ".".join([prefix, *map(str, counters)]) if new_level <= 3 and prefix else None
        text = clean_title(plain_text(b.content))
        content = (Text(text),) if text != plain_text(b.content) else b.content
        out.append(Heading(min(new_level, 6), content, number))
    return out


def number_top_sections(blocks: Sequence[Block]) -> list[Block]:
    """A body whose own headings become numbered sections 1, 2, 3… (instructions, manual)."""
    preamble, sections = split_sections(blocks)
    out = list(preamble)
    for i, s in enumerate(sections, 1):
        out.append(Heading(1, (Text(s.title),), str(i)))
        out.extend(renumber(s.blocks, str(i), 1))
    return out


def restyle(blocks: Sequence[Block], style: ParaStyle) -> list[Block]:
    """Body paragraphs given another style (e.g. the first-line indent of a decision)."""
    out: list[Block] = []
    for b in blocks:
        if isinstance(b, Paragraph) and b.style is ParaStyle.BODY:
            out.append(replace(b, style=style))
        elif isinstance(b, BlockQuote):
            out.append(BlockQuote(tuple(restyle(b.blocks, style))))
        else:
            out.append(b)
    return out


def date_parts(d: dt.date) -> tuple[str, str, str]:
    """Day, month, year as Nghị định 30/2020 writes them: a leading 0 for days below 10 and
    for January and February ("ngày 05 tháng 01", "ngày 15 tháng 3")."""
    day = f"{d.day:02d}"
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return day, month, str(d.year)
