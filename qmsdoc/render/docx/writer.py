"""Translate a document tree into a Word document: one handler per node type.

Phases of :func:`write`: clone the base document (python-docx objects, from the base's
template); for the document and each further section, set up the section and its page header
through python-docx's proxies (with the DỰ THẢO mark when a draft), then write the blocks as
WordprocessingML text with ``_oxml``'s builders (style ids set directly, never looked up by
name); splice that text into the part's bytes (or, when that cannot promise lxml's bytes,
parse it into the tree, one parse per container); set the core properties; save reproducibly.
``_Env`` is the read-only context, ``_State`` what accumulates (shape numbers).
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain
from typing import Any, BinaryIO, NamedTuple, cast

from docx.enum.section import WD_HEADER_FOOTER
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.rel import Relationships, _Relationship
from docx.oxml import parse_xml
from docx.parts.hdrftr import HeaderPart
from docx.section import Section
from docx.shared import Mm
from lxml import etree

from qmsdoc.render.docx import _oxml
from qmsdoc.render.docx.base import (
    CODE_CHAR,
    HEADINGS,
    HYPERLINK,
    INDENT_TWIPS,
    LAYOUT_TABLE_STYLE,
    LIST_PARAGRAPH,
    PARAGRAPH_STYLES,
    TABLE_STYLE,
    Base,
    get_base,
)
from qmsdoc.render.docx.diagram import TOP_DRAWING_ID, diagram_shapes
from qmsdoc.render.docx.package import (
    DeflatingSpool,
    HeaderPartX,
    save_deterministic,
    save_deterministic_to,
    set_core_properties,
)
from qmsdoc.render.tree import (
    LOGO,
    Align,
    Block,
    BlockQuote,
    BulletList,
    Cell,
    Code,
    Diagram,
    Emph,
    Field,
    FieldKind,
    Heading,
    Image,
    Inline,
    Leader,
    LineBreak,
    Link,
    OrderedList,
    PageBreak,
    PageHeader,
    PageSetup,
    Paragraph,
    ParaStyle,
    RenderedDocument,
    Revision,
    Strong,
    Table,
    Text,
    Tracked,
    TrackedBlocks,
    plain_text,
)

_JC = {Align.LEFT: "left", Align.CENTER: "center", Align.RIGHT: "right", Align.JUSTIFY: "both"}
_TWIPS_PER_MM = 1440 / 25.4
_CELL_PADDING_TWIPS = 2 * 85  # the table styles' left + right cell margins


@dataclass(frozen=True)
class _Env:
    base: Base
    images: Mapping[str, bytes]
    font: str
    page: PageSetup


@dataclass
class _State:
    shapes: int = 0  # watermark shapes (their ids)
    drawings: int = 0  # flowcharts (their wp:docPr ids)
    headers: int = 0  # header parts (their names and rIds)
    revisions: int = 0  # tracked-change marks (their w:id)

    def next_revision(self) -> int:
        self.revisions += 1
        return self.revisions


@cache
def _header_scope() -> _oxml.Scope:
    """The namespaces of every header part (python-docx's default header)."""
    return _oxml.Scope(parse_xml(_empty_header_xml()))


@cache
def _empty_header_xml() -> bytes:
    """python-docx's default header without its empty paragraph."""
    element = parse_xml(HeaderPart._default_header_xml())
    for child in list(element):
        element.remove(child)
    xml: bytes = etree.tostring(element)
    return xml


class _Place(NamedTuple):
    """The context of a block: available width, list depth, alignment, table, quote (a tuple:
    one is made per table cell, ~100,000 in a combined manual)."""

    width: int  # twips
    level: int = -1  # list depth (-1: not in a list)
    align: Align | None = None
    in_table: bool = False
    quote: bool = False


#: Splice the markup into the parts' bytes (False: parse it into the tree, as qmsdoc did
#: before; the tests compare both ways).
SPLICE = True


def write(doc: RenderedDocument, images: Mapping[str, bytes], reference: bytes | None,
          version: str) -> bytes:
    """DOCX bytes of a rendered document."""
    if doc.sections:  # a set: the bytes :func:`write_to` writes (its body deflated by section)
        buffer = io.BytesIO()
        write_to(buffer, doc, images, reference, version)
        return buffer.getvalue()
    base = get_base(doc.page, reference)
    if SPLICE:
        try:
            return _write(doc, images, base, version, splice=True)
        except _oxml.CannotSplice:  # an odd reference document or text: the sure way
            pass
    return _write(doc, images, base, version, splice=False)


def write_to(sink: BinaryIO, doc: RenderedDocument, images: Mapping[str, bytes],
             reference: bytes | None, version: str) -> None:
    """:func:`write` into ``sink`` (the same bytes) for a combined set: each section's
    markup is deflated into a scratch file as soon as it is written and its tree let go,
    so memory does not grow with the number of documents. Each section is deflated on its
    own, and kept with the set's memo (see _Deflated): after one edit, only the sections
    whose markup changed are deflated again."""
    base = get_base(doc.page, reference)
    if SPLICE:
        try:
            _write(doc, images, base, version, splice=True, sink=sink)
            return
        except _oxml.CannotSplice:  # nothing was written to the sink yet
            pass
    sink.write(_write(doc, images, base, version, splice=False))


class _Unrecordable(Exception):
    """A section whose markup cannot be kept (it holds a picture of the repository): written
    the plain way."""


class _Recording:
    """A section's body markup with each id it takes from the package (a list numbering, a
    link's relationship, a drawing's id, the section's end bookmark) left as a token, and what
    takes each, in order: kept across builds and played back into any set, the ids taken then
    as the plain writer would have taken them. Tokens carry a random nonce: no text of a
    document can be one."""

    def __init__(self) -> None:
        self.nonce = os.urandom(8).hex()
        self.effects: list[tuple[Any, ...]] = []
        #: The markup cut at its tokens: text, token index, text… (cut once, when recorded,
        #: not on every playback of a set: the set's markup is large)
        self.pieces: list[str] = []

    def token(self, *effect: Any) -> str:
        self.effects.append(effect)
        return f"QmsTok{self.nonce}n{len(self.effects) - 1}e"

    def cut(self, markup: str) -> None:
        self.pieces = re.split(f"QmsTok{self.nonce}n([0-9]+)e", markup)


#: Kept section markup: what the bytes were made by (a change of any means made again).
_RECORDED = "docx4"


def _index_pictures(parts: Any) -> None:
    """python-docx's picture collection, made linear for a combined manual's many pictures:
    to add a picture it hashes (SHA-1) every picture already there, and picks the next file
    number by testing each number against a list of all numbers (quadratic in the pictures).
    Same answers (first picture with the same SHA-1, lowest free number), from a dictionary
    and a set kept up to date."""
    by_sha1: dict[str, Any] = {}
    for part in parts:
        by_sha1.setdefault(part.sha1, part)
    numbers = {part.partname.idx for part in parts}
    add = parts._add_image_part

    def get_by_sha1(sha1: str) -> Any:
        return by_sha1.get(sha1)

    def add_image_part(image: Any) -> Any:
        part = add(image)
        by_sha1.setdefault(image.sha1, part)
        numbers.add(part.partname.idx)
        return part

    def next_image_partname(ext: str) -> PackURI:
        n = next(i for i in range(1, len(parts) + 2) if i not in numbers)
        return PackURI(f"/word/media/image{n}.{ext}")

    parts._get_by_sha1 = parts.by_sha1 = get_by_sha1
    parts._add_image_part = add_image_part
    parts._next_image_partname = next_image_partname


class _IndexedRelationships(Relationships):
    """python-docx's relationships of a part, found by type and target in a dictionary: it
    scans every relationship for each picture or link added and tries every rId for a free
    one, quadratic in the combined manual's ~2,000 relationships. Same answers (the first
    matching relationship, the lowest free rId; nothing is removed while a document is
    written)."""

    _by_target: dict[tuple[str, bool, object], _Relationship]
    _free: int

    @classmethod
    def adopt(cls, rels: Relationships) -> None:
        rels.__class__ = cls
        indexed = cast(_IndexedRelationships, rels)
        indexed._by_target = {}
        for rel in rels.values():
            indexed._by_target.setdefault(cls._key(rel.reltype, rel.is_external, rel), rel)
        indexed._free = 1

    @staticmethod
    def _key(reltype: str, external: bool, rel_or_target: object) -> tuple[str, bool, object]:
        if isinstance(rel_or_target, _Relationship):
            target: object = rel_or_target.target_ref if external else rel_or_target.target_part
        else:
            target = rel_or_target
        return reltype, external, target if external else id(target)

    def add_relationship(self, reltype: str, target: Any, rId: str,
                         is_external: bool = False) -> _Relationship:
        rel = super().add_relationship(reltype, target, rId, is_external)
        self._by_target.setdefault(self._key(reltype, is_external, target), rel)
        return rel

    def _get_matching(self, reltype: str, target: Any,
                      is_external: bool = False) -> _Relationship | None:
        return self._by_target.get(self._key(reltype, is_external, target))

    @property
    def _next_rId(self) -> str:
        while f"rId{self._free}" in self:
            self._free += 1
        return f"rId{self._free}"


def _write(doc: RenderedDocument, images: Mapping[str, bytes], base: Base, version: str,
           splice: bool, sink: BinaryIO | None = None) -> bytes:
    document = base.template.open()
    _index_pictures(document.part.package.image_parts)
    _IndexedRelationships.adopt(document.part.rels)
    # The final w:sectPr describes the section being written; a section break copies it.
    sentinel = _oxml.final_sectpr(document.element.body)
    # An empty body in place first: lxml settles its namespace declarations, which is the
    # scope the markup is written for.
    body = _oxml.replace_body(document.element.body, "", sentinel)
    env = _Env(base, images, doc.page.font, doc.page)
    writer = _Writer(document, env, _State(), splice)
    # A set written into ``sink``: the body goes into a scratch file beside it as written.
    spool = DeflatingSpool(getattr(sink, "folder", None)) if sink is not None else None
    try:
        return _write_parts(doc, document, writer, sentinel, body, version, spool, sink)
    finally:
        if spool is not None:
            spool.close()


def _write_parts(doc: RenderedDocument, document: Any, writer: _Writer, sentinel: Any,
                 body: Any, version: str, spool: DeflatingSpool | None,
                 sink: BinaryIO | None) -> bytes:
    # The part's bytes up to the body's content come first; the sections do not change them.
    head = _oxml.splice_ends(document.element, body)[0] if spool is not None else b""
    if spool is not None:
        spool.write(head)
    width = round(doc.page.text_width_mm * _TWIPS_PER_MM)
    count = 1 + len(doc.sections)
    # A set's sections may be composed as they come; written as a stream and spliced, the
    # markup of each is kept for the next build (see _Section).
    memo = getattr(doc.sections, "memo", None) \
        if spool is not None and writer.body_scope is not None and sentinel is not None \
        else None
    parts: Iterable[Any] = chain((doc,), doc.sections) if memo is None else \
        chain((doc,), (_Section(doc.sections, i, memo, writer) for i in range(count - 1)))
    # A set: every document restarts its page numbers, its "Trang x/y" counts its own pages,
    # and keeps its own paper (a landscape register) and margins, as in the set's PDF. The
    # total is SECTIONPAGES, which Word computes; LibreOffice 7.4 does not (it shows the
    # stored result), so that result is a PAGEREF to a bookmark ending the section, which
    # LibreOffice computes: the number of the section's last page, i.e. its page count.
    writer.section_pages = bool(doc.sections)
    out: list[str] = []
    for i, part in enumerate(parts):
        end = f"_QmsEnd{i + 1}" if doc.sections else ""
        writer.section_end = end
        if sentinel is not None and doc.sections:
            pg = part.page
            _oxml.set_section_page(sentinel, pg.width_mm, pg.height_mm, True, (
                pg.top_mm, pg.right_mm, pg.bottom_mm, pg.left_mm, pg.header_mm))
            width = round(part.page.text_width_mm * _TWIPS_PER_MM)
        writer.header(Section(sentinel, document.part), part.header, part.draft,
                      part.draft_mark, width)
        if isinstance(part, _Section):
            out.append(part.markup(_Place(width)))
        else:
            writer.blocks(out, document.part, part.blocks, _Place(width))
        mark = _oxml.bookmark_xml(i + 1, end) if end else ""
        if i < count - 1:
            out.append(_oxml.section_break_xml(
                sentinel, lambda xml: writer.settle(xml, document.part), mark))
        elif mark:  # the last section ends with the body's own w:sectPr: a paragraph for it
            out.append(_oxml.end_p_xml(mark))
        if spool is not None:
            spool.write(_oxml.encoded("".join(out)),
                        _Deflated(memo, i - 1) if isinstance(part, _Section) else None)
            out.clear()
    if spool is not None and sink is not None:
        again, tail = _oxml.splice_ends(document.element, body)
        if again != head:
            raise _oxml.CannotSplice("head")
        spool.write(tail)
        set_core_properties(document, doc.properties, version)
        save_deterministic_to(sink, document, spool.finish())
        return b""
    markup = "".join(out)
    document.part.spliced = writer.splice(document.element, body, markup, document.part)
    if document.part.spliced is None:
        _oxml.replace_body(body, markup, sentinel)
    set_core_properties(document, doc.properties, version)
    return save_deterministic(document)


class _Section:
    """A section of a set whose markup may be kept from an earlier build: what the writer
    needs of it (page, header, draft mark) and its body's markup, read from the
    :class:`~qmsdoc.render.tree.SectionMemo` when kept for the same means of writing, else
    from the section composed (or its tree read back), recorded and kept. Either way the
    markup is played back into this set (:meth:`_Writer.replay`): the same bytes."""

    def __init__(self, sections: Any, index: int, memo: Any, writer: _Writer) -> None:
        self.sections, self.index, self.memo, self.writer = sections, index, memo, writer
        env = writer.env
        self.means = (_RECORDED, env.font, env.page.font_size, writer.section_pages)
        self.rec: _Recording | None = None
        kept = memo.get(index, _RECORDED)
        means: Any = None
        if kept:
            try:  # sealed with this user's key (see build/trees.py): written by this qmsdoc
                means, frame, rec, diagnostics = pickle.loads(kept)  # noqa: S301
            except Exception:  # noqa: BLE001  (another version's: written again)
                means = None
        if means == self.means:
            self.page, self.header, self.draft, self.draft_mark = frame
            self.rec = rec
            sections.diagnostics.extend(diagnostics)
            self.blocks: Sequence[Block] = ()
            return
        before = len(sections.diagnostics)
        part = sections[index]
        self.diagnostics = tuple(sections.diagnostics[before:])
        self.page, self.header, self.draft, self.draft_mark = (part.page, part.header,
                                                               part.draft, part.draft_mark)
        self.blocks = part.blocks

    def markup(self, place: _Place) -> str:
        writer = self.writer
        if self.rec is None:
            self.rec = writer.record(self.blocks, place)
            if self.rec is None:  # something that cannot be played back: the plain way
                out: list[str] = []
                writer.blocks(out, writer.document.part, self.blocks, place)
                return "".join(out)
            frame = (self.page, self.header, self.draft, self.draft_mark)
            self.memo.put(self.index, _RECORDED, pickle.dumps(
                (self.means, frame, self.rec, self.diagnostics), pickle.HIGHEST_PROTOCOL))
        return writer.replay(self.rec)


class _Deflated:
    """A set's section as deflated by an earlier build (package.KeptPiece), kept in the
    section's memo with the SHA-256 of the markup it is: the markup is played back with the
    ids this set gives it, so a section whose ids moved is deflated again."""

    def __init__(self, memo: Any, index: int) -> None:
        self.memo, self.index = memo, index

    def get(self, data: bytes) -> bytes | None:
        kept = self.memo.get(self.index, _DEFLATED)
        if kept and kept[:32] == hashlib.sha256(data).digest():
            return bytes(kept[32:])
        return None

    def put(self, data: bytes, piece: bytes) -> None:
        self.memo.put(self.index, _DEFLATED, hashlib.sha256(data).digest() + piece)


_DEFLATED = "docxz1"


class _Writer:
    """Each handler appends the markup of its node to ``out``; ``story`` is the part
    (document or header) that pictures and hyperlinks are related to."""

    def __init__(self, document: Any, env: _Env, state: _State, splice: bool) -> None:
        self.document = document
        self.env = env
        self.state = state
        self.ids = env.base.style_ids
        # Style ids of every style the writer names, looked up once ("Normal": no pStyle).
        self.para_ids: dict[ParaStyle, str | None] = {
            k: None if name == "Normal" else self.style(name)
            for k, name in PARAGRAPH_STYLES.items()}
        self.list_id = self.style(LIST_PARAGRAPH)
        self.table_text_id = self.style(PARAGRAPH_STYLES[ParaStyle.TABLE])
        self.heading_ids = [self.style(name) for name in HEADINGS]
        self.code_id = self.style(CODE_CHAR)
        self.hyperlink_id = self.style(HYPERLINK)
        self.table_ids = {True: self.style(TABLE_STYLE), False: self.style(LAYOUT_TABLE_STYLE)}
        self.empty_cell = _oxml.p_xml("", self.table_text_id)  # a cell ends with a paragraph
        self.section_pages = False  # NUMPAGES counts the section's pages (documents of a set)
        self.section_end = ""  # the bookmark ending the section (its page total refers to it)
        self.num_ids: set[int] | None = None  # numIds taken (see numbering())
        self.rec: _Recording | None = None  # a section's markup being recorded (see record())
        # Where the markup goes, when it is spliced into the parts' bytes (None: parsed).
        self.body_scope: _oxml.Scope | None = None
        self.header_scope: _oxml.Scope | None = None
        if splice:
            # Ids go into the markup as they are: one lxml would write otherwise (a reference
            # document's odd style id) cannot be spliced.
            used = [*self.para_ids.values(), self.list_id, self.table_text_id,
                    *self.heading_ids, self.code_id, self.hyperlink_id,
                    *self.table_ids.values()]
            if not all(i is None or _oxml.esc_attr(i) == i for i in used):
                raise _oxml.CannotSplice("style id")
            self.body_scope = _oxml.Scope(document.element.body)
            self.header_scope = _header_scope()

    def scope(self, story: Any) -> _oxml.Scope | None:
        return self.body_scope if story is self.document.part else self.header_scope

    def settle(self, fragment: str, story: Any) -> str:
        """A fragment with its own namespace declarations, as it will be written in story."""
        scope = self.scope(story)
        return scope.settle(fragment) if scope is not None else fragment

    def splice(self, root: Any, container: Any, markup: str, story: Any) -> bytes | None:
        return _oxml.spliced(root, container, markup) if self.scope(story) else None

    def numbering(self) -> Any:
        """The numbering part's root, parsed on first use (most documents have no ordered
        list: their numbering part stays the base's bytes)."""
        numbering = self.document.part.numbering_part.element
        if self.num_ids is None:
            self.num_ids = {int(n) for n in numbering.xpath("./w:num/@w:numId")}
        return numbering

    def add_num(self, level: int, start: int) -> int:
        return _oxml.add_num(self.numbering(), self.env.base.ordered_abstract, level, start,
                             self.num_ids)

    def style(self, name: str) -> str:
        return self.ids.get(name, name.replace(" ", ""))

    # ------------------------------------------------------------------ kept sections
    def record(self, blocks: Sequence[Block], place: _Place) -> _Recording | None:
        """The section's body markup recorded (nothing taken from the package yet), or None
        when it holds something that cannot be played back."""
        self.rec = rec = _Recording()
        out: list[str] = []
        try:
            self.blocks(out, self.document.part, blocks, place)
        except _Unrecordable:
            return None
        finally:
            self.rec = None
        rec.cut("".join(out))
        return rec

    def replay(self, rec: _Recording) -> str:
        """The recorded markup with the ids taken now, in the order the plain writer takes
        them."""
        story = self.document.part
        values: list[str] = []
        for effect in rec.effects:
            match effect:
                case ("num", level, start):
                    values.append(str(self.add_num(level, start)))
                case ("link", url):
                    values.append(story.relate_to(url, RT.HYPERLINK, is_external=True))
                case ("end",):
                    values.append(self.section_end)
                case ("drawing",):
                    values.append(self.next_drawing())
                case _:
                    raise ValueError(f"unknown recorded effect {effect[0]!r}")
        pieces = list(rec.pieces)
        pieces[1::2] = [values[int(i)] for i in pieces[1::2]]
        return "".join(pieces)

    # ------------------------------------------------------------------------- header
    def header(self, section: Section, header: PageHeader, draft: bool, mark: str,
               width: int) -> None:
        section.different_first_page_header_footer = not header.first_page
        part = self.new_header(section, WD_HEADER_FOOTER.PRIMARY)
        out: list[str] = []
        self.blocks(out, part, header.blocks, _Place(width))
        # A header ends with a paragraph; the draft mark is anchored in it.
        out.append(self.tail(draft, mark, part))
        self.fill_header(part, "".join(out))
        if not header.first_page:
            first = self.new_header(section, WD_HEADER_FOOTER.FIRST_PAGE)
            self.fill_header(first, self.tail(draft, mark, first))

    def fill_header(self, part: HeaderPartX, markup: str) -> None:
        part.spliced = self.splice(part.element, part.element, markup, part)
        if part.spliced is None:
            _oxml.append_xml(part.element, markup)

    def new_header(self, section: Section, kind: WD_HEADER_FOOTER) -> HeaderPartX:
        """An empty header part for the section. Made here rather than through python-docx,
        which looks up a free part name and rId by walking every part: quadratic in the
        combined manual's hundreds of sections."""
        self.state.headers += 1
        n = self.state.headers
        package = self.document.part.package
        part = HeaderPartX(PackURI(f"/word/header{n}.xml"), CT.WML_HEADER,
                           parse_xml(_empty_header_xml()), package)
        r_id = f"rIdQmsHeader{n}"
        self.document.part.rels.add_relationship(RT.HEADER, part, r_id)
        section._sectPr.add_headerReference(kind, r_id)
        return part

    def tail(self, draft: bool, mark: str, story: Any) -> str:
        content = ""
        if draft:
            self.state.shapes += 1
            content = self.settle(_oxml.watermark_xml(mark, self.env.font, self.state.shapes),
                                  story)
        return _oxml.p_xml(content, self.para_ids[ParaStyle.HEADER])

    # -------------------------------------------------------------------------- blocks
    def blocks(self, out: list[str], story: Any, blocks: Sequence[Block], place: _Place) -> None:
        for b in blocks:
            self.block(out, story, b, place)

    def block(self, out: list[str], story: Any, b: Block, place: _Place) -> None:
        match b:
            case Paragraph():
                self.paragraph(out, story, b, place)
            case Heading():
                self.heading(out, story, b)
            case BulletList(items=items):
                self.list_items(out, story, items, self.env.base.bullet_num, place)
            case OrderedList(items=items, start=start):
                # Every ordered list gets its own numbering instance, restarted at its start.
                num: Any = self.rec.token("num", min(place.level + 1, 8), start) if self.rec \
                    else self.add_num(min(place.level + 1, 8), start)
                self.list_items(out, story, items, num, place)
            case Table():
                self.table(out, story, b, place)
            case BlockQuote(blocks=inner):
                self.blocks(out, story, inner, _Place(place.width, place.level, place.align,
                                                      place.in_table, quote=True))
            case Image():
                self.image(out, story, b, place)
            case PageBreak():
                out.append(_oxml.p_xml(_oxml.br_xml(page=True)))
            case Diagram():
                self.diagram(out, story, b, place)
            case TrackedBlocks(blocks=inner, revision=rev):
                sub: list[str] = []
                self.blocks(sub, story, inner, place)
                out.append(self.tracked("".join(sub), rev, whole=True))

    def tracked(self, markup: str, rev: Revision, whole: bool) -> str:
        """Markup as a tracked change (a redline). The marked-up fragment declares its
        namespaces, so it is parsed into the part: the sure way of writing is used."""
        if self.body_scope is not None:
            raise _oxml.CannotSplice("tracked changes")
        date = rev.date.strftime("%Y-%m-%dT%H:%M:%SZ") if rev.date else ""
        build = _oxml.tracked_xml if whole else _oxml.tracked_runs_xml
        return build(markup, rev.kind.value, self.state.next_revision, rev.author, date)

    def paragraph(self, out: list[str], story: Any, b: Paragraph, place: _Place,
                  numbering: tuple[int, int] | None = None) -> None:
        style = b.style
        if place.quote and style is ParaStyle.BODY:
            style = ParaStyle.QUOTE
        if place.level >= 0 and (style is ParaStyle.BODY or style is ParaStyle.QUOTE):
            style_id: str | None = self.list_id
        elif place.in_table and style is ParaStyle.BODY:
            style_id = self.table_text_id
        else:
            style_id = self.para_ids[style]
        indent = None
        if numbering is None and place.level >= 0:  # a further paragraph of a list item
            indent = INDENT_TWIPS * (place.level + 1)
        align = b.align or place.align
        content = b.content
        if len(content) == 1 and type(content[0]) is Text:  # most paragraphs: one plain run
            text = content[0].text
            runs = _oxml.r_xml(unicodedata.normalize("NFC", text)) if text else ""
        else:
            parts: list[str] = []
            self.inlines(parts, story, content, False, False)
            runs = "".join(parts)
        # A fill-in line ends at the text edge: a right tab stop with a dot leader there.
        leader = place.width if content and type(content[-1]) is Leader else None
        out.append(_oxml.p_xml(runs, style_id, _JC[align] if align else None, numbering,
                               indent, b.keep_with_next, leader))

    def heading(self, out: list[str], story: Any, b: Heading) -> None:
        runs = [_oxml.r_xml(f"{b.number}. ")] if b.number else []
        self.inlines(runs, story, b.content, False, False)
        out.append(_oxml.p_xml("".join(runs), self.heading_ids[min(max(b.level, 1), 3) - 1]))

    def list_items(self, out: list[str], story: Any, items: Sequence[tuple[Block, ...]],
                   num_id: int, place: _Place) -> None:
        level = place.level + 1
        inner = _Place(place.width, level, place.align, place.in_table, place.quote)
        numbering = (num_id, min(level, 8))
        for item in items:
            if len(item) == 1 and isinstance(item[0], TrackedBlocks):  # an item added/removed
                sub: list[str] = []
                self.list_items(sub, story, (item[0].blocks,), num_id, place)
                out.append(self.tracked("".join(sub), item[0].revision, whole=True))
                continue
            if not item or not isinstance(item[0], Paragraph):
                # An item that starts with something else still shows its number.
                self.paragraph(out, story, Paragraph(()), inner, numbering)
                self.blocks(out, story, item, inner)
                continue
            self.paragraph(out, story, item[0], inner, numbering)
            self.blocks(out, story, item[1:], inner)

    # --------------------------------------------------------------------------- tables
    def table(self, out: list[str], story: Any, t: Table, place: _Place) -> None:
        ncols = len(t.widths) or max((sum(c.colspan for c in r.cells) for r in t.rows),
                                     default=1)
        if ncols == 0 or not t.rows:
            return
        weights = list(t.widths) if t.widths else [1.0] * ncols
        width = max(place.width - (_CELL_PADDING_TWIPS if place.in_table else 0), 720)
        total = sum(weights) or 1.0
        widths = [round(width * w / total) for w in weights]
        widths[-1] += width - sum(widths)
        out.append(_oxml.tbl_open(self.table_ids[t.borders], widths))
        if all(c.colspan == 1 and c.rowspan == 1 for r in t.rows for c in r.cells):
            self.plain_rows(out, story, t, widths)
            out.append("</w:tbl>")
            return
        grid = _layout(t, ncols)
        for r in range(len(t.rows)):
            start = len(out)
            out.append(_oxml.tr_open(header=r < t.header_rows))
            c = 0
            while c < ncols:
                slot = grid.get((r, c))
                if slot is None:  # a short row: pad with an empty cell
                    out.append(f"{_oxml.tc_open(widths[c])}{self.empty_cell}</w:tc>")
                    c += 1
                    continue
                origin, cell, span, rowspan = slot
                span = span or 1  # covered by a colspan whose first cell another cell took
                cell_width = sum(widths[c:c + span])
                vmerge = ("restart" if origin else "continue") if rowspan > 1 else None
                out.append(_oxml.tc_open(cell_width, span, vmerge))
                self.cell(out, story, cell if origin else None, cell_width)
                c += span
            out.append("</w:tr>")
            self.track_row(out, start, t.rows[r].revision)
        out.append("</w:tbl>")

    def track_row(self, out: list[str], start: int, rev: Revision | None) -> None:
        """A row inserted or deleted by a redline: its markup since ``start`` marked whole."""
        if rev is not None:
            out[start:] = [self.tracked("".join(out[start:]), rev, whole=True)]

    def plain_rows(self, out: list[str], story: Any, t: Table, widths: list[int]) -> None:
        """The rows of a table without merged cells (most tables): what the grid of
        ``_layout`` gives for them, without building it."""
        ncols = len(widths)
        opens = [_oxml.tc_open(w) for w in widths]
        for r, row in enumerate(t.rows):
            start = len(out)
            out.append(_oxml.tr_open(header=r < t.header_rows))
            cells = row.cells
            for c in range(ncols):
                if c < len(cells):
                    out.append(opens[c])
                    self.cell(out, story, cells[c], widths[c])
                else:  # a short row: pad with an empty cell
                    out.append(f"{opens[c]}{self.empty_cell}</w:tc>")
            out.append("</w:tr>")
            self.track_row(out, start, row.revision)

    def cell(self, out: list[str], story: Any, cell: Cell | None, width: int) -> None:
        """A cell's content (none when merged into another) and its end."""
        start = len(out)
        if cell is not None and cell.blocks:
            place = _Place(width - _CELL_PADDING_TWIPS, -1, cell.align, True)
            if len(cell.blocks) == 1 and type(cell.blocks[0]) is Paragraph:  # most cells
                self.paragraph(out, story, cell.blocks[0], place)
            else:
                self.blocks(out, story, cell.blocks, place)
        # A cell ends with a paragraph (after a nested table, or when empty).
        if len(out) == start or not _oxml.is_paragraph(out[-1]):
            out.append(self.empty_cell)
        out.append("</w:tc>")

    # --------------------------------------------------------------------------- images
    def image(self, out: list[str], story: Any, b: Image, place: _Place) -> None:
        if self.rec is not None:
            raise _Unrecordable
        data = self.env.base.logo if b.path == LOGO else self.env.images.get(b.path)
        alt = Paragraph((Emph((Text(b.alt),)),), ParaStyle.CENTER)
        if data is None:
            if b.path != LOGO and b.alt:
                self.paragraph(out, story, alt, place)
            return
        try:
            width = Mm(b.width_mm) if b.width_mm else None
            inline = story.new_pic_inline(io.BytesIO(data), width, None)
        except Exception:  # not a picture python-docx can size: print the alt text instead
            if b.alt and b.path != LOGO:
                self.paragraph(out, story, alt, place)
            return
        max_width = place.width * 635  # EMU
        if inline.extent.cx > max_width:
            inline.extent.cy = int(inline.extent.cy * max_width / inline.extent.cx)
            inline.extent.cx = max_width
            pic = inline.graphic.graphicData.pic
            pic.spPr.cx, pic.spPr.cy = inline.extent.cx, inline.extent.cy
        inline_xml = self.settle(_oxml.xml_of(inline), story)
        out.append(_oxml.p_xml(_oxml.drawing_xml(inline_xml), self.para_ids[ParaStyle.CENTER]))

    def diagram(self, out: list[str], story: Any, b: Diagram, place: _Place) -> None:
        """A flowchart: Word's shapes drawing it as the Typst PDF does (docx/diagram.py),
        floating over a paragraph as high as the drawing that does not split."""
        rec = self.rec

        def ids() -> str:
            return rec.token("drawing") if rec is not None else self.next_drawing()

        anchors, height_mm = diagram_shapes(b, place.width / _TWIPS_PER_MM,
                                            self.env.page.font_size - 3, self.env.font, ids)
        runs = "".join(_oxml.drawing_xml(self.settle(a, story)) for a in anchors)
        out.append(_oxml.drawing_p_xml(runs, round(height_mm * _TWIPS_PER_MM)))

    def next_drawing(self) -> str:
        self.state.drawings += 1
        return str(TOP_DRAWING_ID - self.state.drawings)

    # -------------------------------------------------------------------------- inlines
    def inlines(self, out: list[str], story: Any, content: Sequence[Inline], bold: bool,
                italic: bool) -> None:
        for node in content:
            match node:
                case Text(text=t):
                    if t:
                        out.append(_oxml.r_xml(unicodedata.normalize("NFC", t), bold, italic))
                case Strong(content=c):
                    self.inlines(out, story, c, True, italic)
                case Emph(content=c):
                    self.inlines(out, story, c, bold, True)
                case Code(text=t):
                    out.append(_oxml.r_xml(t, bold, italic, self.code_id))
                case Link(content=c, target=url):
                    self.link(out, story, c, url, bold, italic)
                case LineBreak():
                    out.append(_oxml.br_xml())
                case Leader():
                    out.append("<w:r><w:tab/></w:r>")
                case Field(kind=k):
                    if self.section_pages and k is FieldKind.NUMPAGES and self.section_end:
                        end = self.rec.token("end") if self.rec else self.section_end
                        out.append(_oxml.field_xml("SECTIONPAGES", result=_oxml.field_xml(
                            f"PAGEREF {end}")))
                    else:
                        out.append(_oxml.field_xml(k.value))
                case Tracked(content=c, revision=rev):
                    sub: list[str] = []
                    self.inlines(sub, story, c, bold, italic)
                    if sub:
                        out.append(self.tracked("".join(sub), rev, whole=False))

    def link(self, out: list[str], story: Any, content: Sequence[Inline], url: str,
             bold: bool, italic: bool) -> None:
        if url.startswith(("http://", "https://", "mailto:")):
            text = unicodedata.normalize("NFC", plain_text(tuple(content)) or url)
            r_id = self.rec.token("link", url) if self.rec \
                else story.relate_to(url, RT.HYPERLINK, is_external=True)
            out.append(_oxml.hyperlink_xml(r_id, text, self.hyperlink_id, bold, italic))
        else:  # a link into the repository or an anchor: the text only
            self.inlines(out, story, content, bold, italic)


def _layout(t: Table, ncols: int) -> dict[tuple[int, int], tuple[bool, Cell, int, int]]:
    """Grid position → (is origin, cell, colspan, rowspan), HTML rules: a row's cells fill the
    positions that a rowspan from above does not already cover."""
    grid: dict[tuple[int, int], tuple[bool, Cell, int, int]] = {}
    nrows = len(t.rows)
    for r, row in enumerate(t.rows):
        c = 0
        for cell in row.cells:
            while (r, c) in grid:
                c += grid[(r, c)][2] or 1  # a cell covered by a colspan (span 0): step over it
            if c >= ncols:
                break
            span = max(1, min(cell.colspan, ncols - c))
            rowspan = max(1, min(cell.rowspan, nrows - r))
            for dr in range(rowspan):
                grid[(r + dr, c)] = (dr == 0, cell, span, rowspan)
                for dc in range(1, span):
                    grid[(r + dr, c + dc)] = (False, cell, 0, rowspan)  # covered by the span
            c += span
    return grid
