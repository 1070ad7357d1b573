"""The intermediate document tree: what every writer (DOCX, PDF, HTML) translates into bytes.

A small closed set of frozen node types, in the manner of pandoc's ``Block``/``Inline``:
``compose`` turns the model into one :class:`RenderedDocument`, deciding the whole layout of a
document (page header, cover, numbered sections, tables) once; a writer only maps each node to
its format and never looks at the model, the repository or the wording templates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol, TypeAlias, overload

from qmsdoc.model.config import QmsConfig
from qmsdoc.model.revision import RevisionEntry

if TYPE_CHECKING:
    from qmsdoc.diagnostics import Diagnostic


class _Node:
    """Base of every node: pickles as (class, field values), which the build sends to its
    worker processes; the generic dataclass state is several times slower for big trees."""

    __slots__ = ()

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        names: tuple[str, ...] = self.__slots__
        return type(self), tuple(getattr(self, name) for name in names)

# ----------------------------------------------------------------------------------- inlines


class FieldKind(StrEnum):
    """A value the word processor computes when it lays out the page."""

    PAGE = "PAGE"  # the current page number
    NUMPAGES = "NUMPAGES"  # the number of pages of the file


@dataclass(frozen=True, slots=True)
class Text(_Node):
    """Plain text (NFC)."""

    text: str


@dataclass(frozen=True, slots=True)
class Strong(_Node):
    """Bold text."""

    content: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Emph(_Node):
    """Italic text."""

    content: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Code(_Node):
    """Literal text in a monospaced font."""

    text: str


#: ``Link.target`` prefix naming a file of the static site (``site:QT-10.html``): the HTML
#: writer links it (percent-encoded, relative); every other writer prints the text.
SITE = "site:"


@dataclass(frozen=True, slots=True)
class Link(_Node):
    """A hyperlink; writers link only absolute http(s)/mailto targets (the HTML writer also
    :data:`SITE` files) and print the rest."""

    content: tuple[Inline, ...]
    target: str


@dataclass(frozen=True, slots=True)
class LineBreak(_Node):
    """A forced line break inside a paragraph."""


@dataclass(frozen=True, slots=True)
class Field(_Node):
    """A live field such as the page number."""

    kind: FieldKind


class RevisionKind(StrEnum):
    INSERT = "ins"
    DELETE = "del"


@dataclass(frozen=True, slots=True)
class Revision(_Node):
    """A tracked change (a Word redline): what, by whom, when (``qmsdoc diff --docx``)."""

    kind: RevisionKind
    author: str
    date: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class Tracked(_Node):
    """Inlines inserted or deleted by ``revision``; a writer without change tracking shows the
    new text (inserted content, no deleted content)."""

    content: tuple[Inline, ...]
    revision: Revision


@dataclass(frozen=True, slots=True)
class Leader(_Node):
    """A dotted fill-in line from here to the end of the text line (a form's blank to fill):
    a right tab stop with a dot leader in Word, a repeated dot in Typst. Last in its
    paragraph."""


Inline: TypeAlias = (
    Text | Strong | Emph | Code | Link | LineBreak | Field | Tracked | Leader
)

# ------------------------------------------------------------------------------------ blocks


class ParaStyle(StrEnum):
    """Named paragraph styles; each writer maps them to its own (the DOCX writer to Word styles)."""

    BODY = "body"  # running text
    BODY_INDENT = "body-indent"  # running text with a first-line indent (Nghị định 30/2020)
    TITLE = "title"  # the title of a document, bold capitals, centred
    SUBTITLE = "subtitle"  # a bold centred line under the title (trích yếu, year…)
    CENTER = "center"
    RIGHT = "right"
    TABLE = "table"  # text in a table cell
    TABLE_HEADING = "table-heading"  # a table's header cell, bold, centred
    HEADER = "header"  # text in the page header
    HEADER_SMALL = "header-small"  # a long title in the page header, two points smaller
    NATIONAL = "national"  # Quốc hiệu: bold capitals
    MOTTO = "motto"  # Tiêu ngữ: bold
    AGENCY = "agency"  # the issuing body: bold capitals
    RULE = "rule"  # the short line under the agency name, Quốc hiệu or title
    PLACE_DATE = "place-date"  # "Hòa Phong, ngày … tháng … năm …": italic
    SIGNATURE = "signature"  # signature block lines: bold capitals, centred
    RECIPIENTS_HEADING = "recipients-heading"  # "Nơi nhận:": bold italic, 12 pt
    RECIPIENTS = "recipients"  # the recipient list: 11 pt
    NOTE = "note"  # a small italic note
    QUOTE = "quote"  # text of a block quote
    CODE = "code"  # preformatted text


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"
    JUSTIFY = "justify"


@dataclass(frozen=True, slots=True)
class Heading(_Node):
    """A section heading; ``number`` ("5.2") is printed before the text when set."""

    level: int  # 1..6
    content: tuple[Inline, ...]
    number: str | None = None


@dataclass(frozen=True, slots=True)
class Paragraph(_Node):
    content: tuple[Inline, ...]
    style: ParaStyle = ParaStyle.BODY
    align: Align | None = None  # overrides the style's alignment
    keep_with_next: bool = False  # never the last line of a page (keeps a signature company)


@dataclass(frozen=True, slots=True)
class BulletList(_Node):
    """Items are block sequences; a nested list is a block inside an item."""

    items: tuple[tuple[Block, ...], ...]


@dataclass(frozen=True, slots=True)
class OrderedList(_Node):
    """Numbered 1, 2, 3… from ``start``; every list restarts its own numbering."""

    items: tuple[tuple[Block, ...], ...]
    start: int = 1


@dataclass(frozen=True, slots=True)
class Cell(_Node):
    blocks: tuple[Block, ...]
    colspan: int = 1
    rowspan: int = 1
    align: Align | None = None


@dataclass(frozen=True, slots=True)
class Row(_Node):
    """The cells actually written in a row; positions covered by a rowspan above are skipped.
    ``revision``: the whole row was inserted or deleted (a redline)."""

    cells: tuple[Cell, ...]
    revision: Revision | None = None


@dataclass(frozen=True, slots=True)
class Table(_Node):
    """A table across the text width.

    ``widths`` are relative column weights (one per grid column); the first ``header_rows`` rows
    repeat at the top of every page; ``borders=False`` is a layout table (Quốc hiệu block,
    signature block).
    """

    rows: tuple[Row, ...]
    widths: tuple[float, ...]
    header_rows: int = 0
    borders: bool = True
    #: Interactive writers (HTML) let the reader sort the rows by a column and filter them
    #: by the values of ``filter_column`` (0-based); paper writers ignore both.
    sortable: bool = False
    filter_column: int | None = None


@dataclass(frozen=True, slots=True)
class BlockQuote(_Node):
    blocks: tuple[Block, ...]


#: ``Image.path`` of the organisation's logo (taken from the reference document, else omitted).
LOGO = ":logo:"


@dataclass(frozen=True, slots=True)
class Image(_Node):
    """A picture stored in the repository (``path`` is repository-relative, posix, checked)."""

    path: str
    alt: str = ""
    width_mm: float | None = None  # None: natural size, shrunk to the text width


#: A straight line inside a diagram cell: x1, y1, x2, y2 as fractions of the cell's width and
#: height, and whether an arrowhead ends it.
Segment: TypeAlias = tuple[float, float, float, float, bool]


class Shape(StrEnum):
    """What a diagram cell draws around its text."""

    NONE = ""  # lines only
    TERMINAL = "terminal"  # start / end: a rounded box
    PROCESS = "process"  # a step: a box
    ROUND = "round"  # a box with round ends across its cell (Mermaid's (…), ([…]), ((…)))
    DECISION = "decision"  # a question: a diamond
    NOTE = "note"  # text beside the drawing (who, which form)
    HEAD = "head"  # a column heading


@dataclass(frozen=True, slots=True)
class DiagramCell(_Node):
    """One cell of a diagram's grid: a shape with its text, and the lines crossing it."""

    row: int
    col: int
    colspan: int = 1
    shape: Shape = Shape.NONE
    text: str = ""
    lines: tuple[Segment, ...] = ()
    labels: tuple[tuple[float, float, str], ...] = ()  # x, y (fractions), text ("Có")
    enter: bool = False  # an arrow comes in from the cell's top to the shape (drawn by it)
    leave: bool = False  # a line leaves the shape's bottom to the cell's bottom


@dataclass(frozen=True, slots=True)
class Diagram(_Node):
    """A flowchart laid out once on a grid (``render/flowchart.py``): node rows take the
    height of their text, gap rows a fixed height; lines run between cell edges, so that
    the same layout draws the PDF's vector graphics and the DOCX's shapes."""

    columns: tuple[float, ...]  # relative widths, across the text width
    rows: tuple[bool, ...]  # True: a node row, False: a gap row (arrows only)
    cells: tuple[DiagramCell, ...]
    alt: str = ""


@dataclass(frozen=True, slots=True)
class PageBreak(_Node):
    """Start the next block on a new page."""


@dataclass(frozen=True, slots=True)
class TrackedBlocks(_Node):
    """Whole blocks inserted or deleted by ``revision`` (paragraph marks included); a writer
    without change tracking shows the new text."""

    blocks: tuple[Block, ...]
    revision: Revision


@dataclass(frozen=True, slots=True)
class ChartBar(_Node):
    label: str  # the period measured ("Quý I/2026")
    value: float  # the measured number (a percentage, a count…)
    shown: str  # the value as written ("99,2% (496/500 hồ sơ)")
    met: bool | None = None  # target met, not met, not said


@dataclass(frozen=True, slots=True)
class Chart(_Node):
    """A small bar chart of measured results (pages of the site; paper shows the table the
    numbers come from). ``target`` draws the line to reach."""

    caption: str
    bars: tuple[ChartBar, ...]
    target: float | None = None
    target_label: str = ""


Block: TypeAlias = (
    Heading | Paragraph | BulletList | OrderedList | Table | BlockQuote | Image | PageBreak
    | TrackedBlocks | Diagram | Chart
)


def shown_now(revision: Revision | None) -> bool:
    """Whether content under ``revision`` is part of the new text (not a deletion)."""
    return revision is None or revision.kind is RevisionKind.INSERT

# ---------------------------------------------------------------------------------- document


@dataclass(frozen=True, slots=True)
class StyleLook(_Node):
    """A style as the organisation's reference document defines it (None: not defined);
    ``name`` is "normal", "h1", "h2" or "h3" (``render/restyle.py``)."""

    name: str
    font: str | None = None
    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    color: str | None = None  # "1F3864"
    align: str | None = None  # an Align value
    before: float | None = None  # pt
    after: float | None = None  # pt
    line: float | None = None  # line spacing, a multiple


@dataclass(frozen=True, slots=True)
class PageSetup(_Node):
    """Paper, margins (mm) and the body font (from ``output`` of qms.yaml)."""

    width_mm: float = 210.0  # A4
    height_mm: float = 297.0
    top_mm: float = 20.0
    bottom_mm: float = 20.0
    left_mm: float = 30.0
    right_mm: float = 15.0
    header_mm: float = 8.0  # distance from the top edge to the page header
    font: str = "Times New Roman"
    font_size: float = 13.0
    apply_font: bool = True  # False: keep the reference document's own fonts
    font_from_reference: bool = False  # ``font`` is the reference document's (PDF engines)
    looks: tuple[StyleLook, ...] = ()  # the reference document's styles (restyle.py)

    @property
    def pdf_font(self) -> str | None:
        """The body font the PDF engines use: qms.yaml's or the reference's, else their
        default."""
        return self.font if self.apply_font or self.font_from_reference else None

    @property
    def text_width_mm(self) -> float:
        return self.width_mm - self.left_mm - self.right_mm



def base_page(config: QmsConfig | None, *, keep_reference_fonts: bool = False) -> PageSetup:
    """A4 and the margins of Nghị định 30/2020; font and size from ``output`` of qms.yaml
    (a reference document's fonts kept, if asked, unless qms.yaml names a font or size).
    Here, not in compose: the check's header rule needs it without importing the composers."""
    out = config.output if config else None
    font = (out.font if out else None) or "Times New Roman"
    size = float((out.font_size if out else None) or 13)
    explicit = bool(out and (out.has("font") or out.has("font_size")))
    return PageSetup(font=font, font_size=size, apply_font=explicit or not keep_reference_fonts)


@dataclass(frozen=True, slots=True)
class PageHeader(_Node):
    """What is printed at the top of the pages: already laid out as blocks by compose."""

    blocks: tuple[Block, ...]
    first_page: bool = True  # False: page 1 has no header (Nghị định 30/2020 page numbers)


@dataclass(frozen=True, slots=True)
class HeaderFields(_Node):
    """The document-control values shown in the header, kept as data for writers and metadata."""

    organization: str
    title: str
    code: str
    edition: str  # "01"
    issued: str  # "15/01/2026"
    short_title: str = ""  # printed in the header instead of a title too long for it


@dataclass(frozen=True, slots=True)
class SignatureGrid(_Node):
    """Soạn thảo / Xem xét / Phê duyệt: one column per step, names and job titles."""

    columns: tuple[str, ...]
    names: tuple[str, ...]
    titles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DocumentProperties(_Node):
    """File metadata; ``created`` is the issue date so that output is reproducible."""

    title: str = ""
    subject: str = ""
    author: str = ""
    keywords: str = ""
    category: str = ""
    comments: str = ""
    created: dt.date | None = None
    revision: int = 1
    language: str = "vi-VN"


@dataclass(frozen=True, slots=True)
class RenderedDocument(_Node):
    """One output file.

    The cover parts (signature grid, revision table) are both kept as data and already placed in
    ``blocks`` by compose. ``sections`` are further documents (the combined set), each starting
    on a new page with its own page header and its own paper (``page``); each section numbers its
    pages from 1 and its NUMPAGES counts its own pages, as the set's PDF (joined from the
    documents' PDFs) does. ``draft`` puts
    ``draft_mark`` on every page of the document or section.
    """

    kind: str
    fields: HeaderFields
    header: PageHeader
    blocks: tuple[Block, ...]
    page: PageSetup = PageSetup()
    properties: DocumentProperties = DocumentProperties()
    signatures: SignatureGrid | None = None
    revisions: tuple[RevisionEntry, ...] = ()
    draft: bool = False
    draft_mark: str = "DỰ THẢO"
    sections: Sequence[RenderedDocument] = field(default=())


class SectionMemo(Protocol):
    """Bytes a writer keeps for a section of a set across builds, valid while the section's
    document and its inputs are unchanged (the build keeps them with its composed tree)."""

    def get(self, index: int, kind: str) -> bytes | None: ...

    def put(self, index: int, kind: str, data: bytes) -> None: ...


class LazySections(Sequence[RenderedDocument]):
    """The documents of a combined set, each composed when a writer comes to it and let go
    once written: a set of thousands of documents is never held in memory whole. ``fields``
    (code, title… of each) are known without composing; ``diagnostics`` gathers what
    composing them reported."""

    def __init__(self, fields: Sequence[HeaderFields],
                 make: Callable[[int], tuple[RenderedDocument, Sequence[Diagnostic]]],
                 memo: SectionMemo | None = None) -> None:
        self.fields = tuple(fields)
        self._make = make
        self.diagnostics: list[Diagnostic] = []
        #: What a writer kept of each section in an earlier build (its markup…), by kind.
        self.memo = memo

    def __len__(self) -> int:
        return len(self.fields)

    @overload
    def __getitem__(self, i: int) -> RenderedDocument: ...

    @overload
    def __getitem__(self, i: slice) -> Sequence[RenderedDocument]: ...

    def __getitem__(self, i: int | slice) -> RenderedDocument | Sequence[RenderedDocument]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        document, diagnostics = self._make(i % len(self))
        self.diagnostics.extend(diagnostics)
        return document

    def __iter__(self) -> Iterator[RenderedDocument]:
        return (self[i] for i in range(len(self)))

    def detached(self) -> LazySections:
        """The same documents known by their fields alone, picklable: for a worker that
        needs nothing more of them (the PDF of a set joined from its documents' PDFs)."""
        return LazySections(self.fields, _not_composed)


def _not_composed(index: int) -> tuple[RenderedDocument, Sequence[Diagnostic]]:
    raise RuntimeError(f"document {index + 1} of a detached set cannot be composed here")


@dataclass(frozen=True, slots=True)
class NavLink(_Node):
    """A link of the site's navigation bar (``href`` is a file of the site)."""

    label: str
    href: str


@dataclass(frozen=True, slots=True)
class SiteFrame(_Node):
    """What surrounds one page of the static site (``qmsdoc build -f html``), decided by
    compose like a page header: the navigation, the words of the page's fixed parts in the
    site's language (``labels``: skip link, search…) and the parts the site adds after the
    document (downloads, revision history, links), as blocks. The document itself is the same
    :class:`RenderedDocument` the DOCX and PDF are written from."""

    file: str  # this page's file name ("QT-10.html")
    lang: str  # language of the site's own words ("vi", "en"); documents stay Vietnamese
    site_title: str
    page_title: str
    nav: tuple[NavLink, ...]
    labels: tuple[tuple[str, str], ...]
    after: tuple[Block, ...] = ()
    search_page: bool = False  # loads the search index and shows the results

    def label(self, key: str) -> str:
        return dict(self.labels).get(key, key)


def plain_text(content: tuple[Inline, ...] | list[Inline]) -> str:
    """The text of inlines without formatting (fields print as their name)."""
    out: list[str] = []
    for node in content:
        match node:
            case Text(text=t) | Code(text=t):
                out.append(t)
            case Strong(content=c) | Emph(content=c) | Link(content=c):
                out.append(plain_text(c))
            case LineBreak():
                out.append("\n")
            case Field(kind=k):
                out.append(k.value)
            case Tracked(content=c, revision=r):
                if shown_now(r):
                    out.append(plain_text(c))
            case Leader():
                out.append("…")
    return "".join(out)


def block_text(blocks: tuple[Block, ...] | list[Block]) -> str:
    """All text of a block sequence, one line per paragraph (tests and search); the
    non-breaking hyphens of codes (U+2011, see render/columns.py) read as plain hyphens."""
    return _block_text(blocks).replace("\u2011", "-")


def _block_text(blocks: tuple[Block, ...] | list[Block]) -> str:
    lines: list[str] = []
    for b in blocks:
        match b:
            case Heading(content=c, number=n):
                lines.append(f"{n} {plain_text(c)}" if n else plain_text(c))
            case Paragraph(content=c):
                lines.append(plain_text(c))
            case BulletList(items=items) | OrderedList(items=items):
                for item in items:
                    lines.append(block_text(item))
            case Table(rows=rows):
                for row in rows:
                    if shown_now(row.revision):
                        lines.append(" | ".join(block_text(c.blocks) for c in row.cells))
            case BlockQuote(blocks=inner):
                lines.append(block_text(inner))
            case Image(alt=alt):
                lines.append(alt)
            case Diagram(cells=cells):
                lines.extend(c.text for c in cells if c.text)
            case Chart(caption=caption, bars=bars):
                lines.append(caption)
                lines.extend(f"{b.label}: {b.shown}" for b in bars)
            case PageBreak():
                pass
            case TrackedBlocks(blocks=inner, revision=r):
                if shown_now(r):
                    lines.append(block_text(inner))
    return "\n".join(lines)
