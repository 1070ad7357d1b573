"""WordprocessingML → a small tree of paragraphs and tables, with locations and legacy text
converted.

Each paragraph keeps its place (its number among the body's paragraphs, or table/row/cell),
its heading level (from the style's outline level or a "heading N" style), whether it is a
list item (and bullet or number), and its runs as Markdown with **bold** and *italic*. Runs in
a TCVN3 or VNI font are converted to Unicode by font name; a paragraph in a Unicode font whose
text reads as TCVN3/VNI is converted by detection (the font lies: the file was retyped in
Times New Roman over old text, or the font was substituted); both are recorded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from qmsdoc.ingest.legacy import convert_run, detect_paragraph, font_encoding
from qmsdoc.ingest.package import Package
from qmsdoc.load.text import convert_legacy_words

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
A_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
V_NS = "{urn:schemas-microsoft-com:vml}"


@dataclass
class Conversion:
    """One legacy-text conversion: where, from which encoding, why, before → after."""

    where: str
    encoding: str
    reason: str  # "font" (the run's font is a TCVN3/VNI font) or "detected"
    font: str
    before: str
    after: str


#: What a dotted fill-in line (a tab stop with a dot leader) is written as in the source.
FILL_IN = "…" * 20


@dataclass
class Para:
    where: str  # "đoạn 12" / "bảng 3, hàng 2, ô 4"
    index: int  # body paragraph number (1-based), 0 inside tables
    markdown: str  # runs with **bold** / *italic*, line breaks as "\n"
    text: str  # plain text
    style: str = ""  # the style's name, lower case ("heading 1", "qms title"), or its id
    heading: int = 0  # 1…9 when a heading
    list_kind: str = ""  # "bullet", "number" or ""
    list_level: int = 0
    images: list[str] = field(default_factory=list)  # rIds of embedded pictures
    align: str = ""


@dataclass
class Cell:
    paras: list[Para]
    span: int = 1
    merged: bool = False  # the continuation of a vertically merged cell

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paras).strip()

    @property
    def markdown(self) -> str:
        return "\n".join(p.markdown for p in self.paras).strip()


@dataclass
class Table:
    where: str
    number: int  # 1-based among the body's top-level tables
    rows: list[list[Cell]]  # each row expanded to grid columns (a spanned cell repeats)
    style: str = ""  # the table style's id ("QMSLayoutTable": qmsdoc's own layout block)

    def texts(self, row: int) -> list[str]:
        return [c.text for c in self.rows[row]]


Block = Para | Table


@dataclass
class Styles:
    names: dict[str, str] = field(default_factory=dict)  # styleId -> lower-case name
    outline: dict[str, int] = field(default_factory=dict)  # styleId -> heading level
    fonts: dict[str, str] = field(default_factory=dict)  # styleId -> font (resolved)
    bullet: dict[tuple[str, int], bool] = field(default_factory=dict)  # (numId, ilvl)
    default_font: str = ""
    caps: set[str] = field(default_factory=set)  # styles in all caps


def read_styles(pkg: Package) -> Styles:
    st = Styles()
    root = pkg.styles
    if root is not None:
        dflt = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
        if dflt is not None:
            st.default_font = _font_of(dflt)
        based: dict[str, str] = {}
        own_font: dict[str, str] = {}
        for s in root.iter(f"{W}style"):
            sid = s.get(f"{W}styleId", "")
            name = s.find(f"{W}name")
            st.names[sid] = (name.get(f"{W}val", "") if name is not None else "").lower()
            b = s.find(f"{W}basedOn")
            if b is not None:
                based[sid] = b.get(f"{W}val", "")
            lvl = s.find(f"{W}pPr/{W}outlineLvl")
            m = re.fullmatch(r"heading (\d)", st.names[sid])
            if lvl is not None and (lvl.get(f"{W}val") or "").isdigit():
                level = int(lvl.get(f"{W}val") or 9) + 1
                if level <= 6:
                    st.outline[sid] = level
            elif m:
                st.outline[sid] = int(m.group(1))
            f = s.find(f"{W}rPr/{W}rFonts")
            if f is not None and _font_of(f):
                own_font[sid] = _font_of(f)
            if s.find(f"{W}rPr/{W}caps") is not None:
                st.caps.add(sid)
        for sid in st.names:
            cur, seen = sid, set()
            while cur and cur not in own_font and cur not in seen:
                seen.add(cur)
                cur = based.get(cur, "")
            st.fonts[sid] = own_font.get(cur, "")
            if sid not in st.outline:
                cur, seen = sid, set()
                while cur in based and cur not in seen:
                    seen.add(cur)
                    cur = based[cur]
                    if cur in st.outline:
                        st.outline[sid] = st.outline[cur]
                        break
    num = pkg.numbering
    if num is not None:
        abstract: dict[str, dict[int, bool]] = {}
        for a in num.iter(f"{W}abstractNum"):
            levels: dict[int, bool] = {}
            for lvl in a.iter(f"{W}lvl"):
                fmt = lvl.find(f"{W}numFmt")
                levels[int(lvl.get(f"{W}ilvl", "0"))] = (
                    fmt is not None and fmt.get(f"{W}val") in ("bullet", "none"))
            abstract[a.get(f"{W}abstractNumId", "")] = levels
        for n in num.iter(f"{W}num"):
            ref = n.find(f"{W}abstractNumId")
            levels = abstract.get(ref.get(f"{W}val", "") if ref is not None else "", {})
            for ilvl, is_bullet in levels.items():
                st.bullet[(n.get(f"{W}numId", ""), ilvl)] = is_bullet
    return st


def _font_of(rfonts: ET.Element) -> str:
    return (rfonts.get(f"{W}ascii") or rfonts.get(f"{W}hAnsi") or rfonts.get(f"{W}cs")
            or "").strip()


class Reader:
    """Walks a document part; ``conversions`` collects every legacy-text conversion."""

    def __init__(self, pkg: Package, styles: Styles, doc_encoding: str = "") -> None:
        self.pkg = pkg
        self.styles = styles
        # the whole document reads as TCVN3/VNI in a Unicode font: short cells ("Bíc") are
        # converted too when they hold a character Vietnamese never has
        self.doc_encoding = doc_encoding
        self.conversions: list[Conversion] = []
        self._body_paras = 0
        self._tables = 0

    # ------------------------------------------------------------------ containers
    def body(self, root: ET.Element) -> list[Block]:
        body = root.find(f"{W}body")
        return list(self._blocks(body if body is not None else root, top=True))

    def _blocks(self, parent: ET.Element, top: bool, where: str = "") -> Iterator[Block]:
        for child in parent:
            if child.tag == f"{W}p":
                if top:
                    self._body_paras += 1
                    yield self.paragraph(child, f"đoạn {self._body_paras}", self._body_paras)
                else:
                    yield self.paragraph(child, where, 0)
            elif child.tag == f"{W}tbl":
                if top:
                    self._tables += 1
                yield self.table(child, self._tables if top else 0,
                                 f"bảng {self._tables}" if top else where)
            elif child.tag in (f"{W}sdt", f"{W}customXml"):
                content = child.find(f"{W}sdtContent")
                yield from self._blocks(content if content is not None else child, top, where)

    def table(self, tbl: ET.Element, number: int, where: str) -> Table:
        rows: list[list[Cell]] = []
        above: dict[int, Cell] = {}  # grid column -> the cell a vMerge continues
        for r, tr in enumerate(tbl.findall(f"{W}tr"), 1):
            row: list[Cell] = []
            col = 0
            for c, tc in enumerate(_cells(tr), 1):
                pr = tc.find(f"{W}tcPr")
                span = 1
                merge = None
                if pr is not None:
                    gs = pr.find(f"{W}gridSpan")
                    if gs is not None and (gs.get(f"{W}val") or "").isdigit():
                        span = max(1, min(int(gs.get(f"{W}val") or 1), 64))
                    vm = pr.find(f"{W}vMerge")
                    if vm is not None:
                        merge = vm.get(f"{W}val") or "continue"
                here = f"{where}, hàng {r}, ô {c}"
                paras: list[Para] = []
                for b in self._blocks(tc, top=False, where=here):
                    if isinstance(b, Para):
                        paras.append(b)
                    else:  # a table in a cell: its text, row by row
                        for sub in b.rows:
                            paras.append(Para(here, 0, " | ".join(x.markdown for x in sub),
                                              " | ".join(x.text for x in sub)))
                cell = Cell(paras, span)
                if merge == "continue" and col in above:
                    cell = Cell([], span, merged=True)
                elif merge == "restart":
                    above[col] = cell
                else:
                    above.pop(col, None)
                row.extend([cell] * span)
                col += span
            rows.append(row)
        style = tbl.find(f"{W}tblPr/{W}tblStyle")
        return Table(where, number, rows, style.get(f"{W}val", "") if style is not None else "")

    # ------------------------------------------------------------------ paragraphs
    def paragraph(self, p: ET.Element, where: str, index: int) -> Para:
        ppr = p.find(f"{W}pPr")
        style = ""
        heading = 0
        list_kind = ""
        list_level = 0
        align = ""
        leader = False
        if ppr is not None:
            ps = ppr.find(f"{W}pStyle")
            style = ps.get(f"{W}val", "") if ps is not None else ""
            heading = self.styles.outline.get(style, 0)
            lvl = ppr.find(f"{W}outlineLvl")
            if lvl is not None and (lvl.get(f"{W}val") or "").isdigit() and \
                    int(lvl.get(f"{W}val") or 9) < 6:
                heading = int(lvl.get(f"{W}val") or 0) + 1
            num = ppr.find(f"{W}numPr")
            if num is not None:
                nid = num.find(f"{W}numId")
                il = num.find(f"{W}ilvl")
                num_id = nid.get(f"{W}val", "") if nid is not None else ""
                list_level = int(il.get(f"{W}val", "0")) if il is not None else 0
                if num_id and num_id != "0" and not heading:
                    list_kind = ("bullet" if self.styles.bullet.get((num_id, list_level), False)
                                 else "number")
            jc = ppr.find(f"{W}jc")
            align = jc.get(f"{W}val", "") if jc is not None else ""
            # a tab stop with a dot leader: the tab is a fill-in line ("Họ và tên: ……")
            leader = any(t.get(f"{W}leader") == "dot" for t in ppr.iter(f"{W}tab"))
        name = self.styles.names.get(style, "")
        if not list_kind and name.startswith("list bullet"):
            list_kind = "bullet"
        elif not list_kind and name.startswith("list number"):
            list_kind = "number"
        pieces: list[tuple[str, bool, bool, str]] = []  # (text, bold, italic, font)
        images: list[str] = []
        style_font = self.styles.fonts.get(style, "") or self.styles.default_font
        caps_style = style in self.styles.caps
        for r in _runs(p):
            rpr = r.find(f"{W}rPr")
            font, bold, italic, caps = style_font, False, False, caps_style
            if rpr is not None:
                rf = rpr.find(f"{W}rFonts")
                if rf is not None and _font_of(rf):
                    font = _font_of(rf)
                bold = _on(rpr.find(f"{W}b"))
                italic = _on(rpr.find(f"{W}i"))
                caps = caps or _on(rpr.find(f"{W}caps"))
            text = []
            for x in r:
                if x.tag == f"{W}t":
                    text.append(x.text or "")
                elif x.tag == f"{W}tab":
                    text.append(FILL_IN if leader else "\t")
                elif x.tag in (f"{W}br", f"{W}cr"):
                    text.append("\n")
                elif x.tag == f"{W}noBreakHyphen":
                    text.append("-")
                elif x.tag in (f"{W}drawing", f"{W}pict", f"{W}object"):
                    for blip in x.iter(f"{A_NS}blip"):
                        rid = blip.get(f"{R_NS}embed")
                        if rid:
                            images.append(rid)
                    for im in x.iter(f"{V_NS}imagedata"):
                        rid = im.get(f"{R_NS}id")
                        if rid:
                            images.append(rid)
            s = "".join(text).replace("\u2011", "-")  # qmsdoc keeps codes whole with U+2011
            if not s:
                continue
            enc = font_encoding(font)
            if enc:
                after = convert_run(s, enc, font)
                if after != s:
                    self.conversions.append(Conversion(where, enc, "font", font, s, after))
                s = after
            if caps:
                s = s.upper()
            pieces.append((s, bold, italic, font))
        plain = "".join(t for t, *_ in pieces)
        # the font lies: Unicode-font text that reads as TCVN3/VNI
        if plain and not any(font_encoding(f) for *_, f in pieces):
            enc = detect_paragraph(plain)
            if not enc and self.doc_encoding:
                words = [(convert_legacy_words(t, self.doc_encoding), b, i, f)
                         for t, b, i, f in pieces]
                after = "".join(t for t, *_ in words)
                if after != unicodedata.normalize("NFC", plain):
                    self.conversions.append(Conversion(where, self.doc_encoding, "detected",
                                                       pieces[0][3], plain, after))
                    pieces, plain = words, after
            if enc:
                converted = [(convert_run(t, enc, ""), b, i, f) for t, b, i, f in pieces]
                after = "".join(t for t, *_ in converted)
                self.conversions.append(Conversion(where, enc, "detected",
                                                   pieces[0][3], plain, after))
                pieces, plain = converted, after
        md = _markdown(pieces)
        plain = unicodedata.normalize("NFC", plain)
        return Para(where, index, md, plain, name or style, heading, list_kind, list_level,
                    images, align)


def _on(el: ET.Element | None) -> bool:
    return el is not None and el.get(f"{W}val", "true") not in ("0", "false", "none")


def _cells(tr: ET.Element) -> Iterator[ET.Element]:
    for child in tr:
        if child.tag == f"{W}tc":
            yield child
        elif child.tag in (f"{W}sdt", f"{W}customXml"):
            content = child.find(f"{W}sdtContent")
            for tc in (content if content is not None else child):
                if tc.tag == f"{W}tc":
                    yield tc


def _runs(p: ET.Element) -> Iterator[ET.Element]:
    """The runs that print, in order: inside hyperlinks, insertions, smart tags, simple
    fields; not deleted text nor a field's instruction (between begin and separate)."""
    in_instr = False
    stack = list(reversed(list(p)))
    while stack:
        el = stack.pop()
        tag = el.tag
        if tag == f"{W}r":
            fc = el.find(f"{W}fldChar")
            if fc is not None:
                kind = fc.get(f"{W}fldCharType")
                if kind == "begin":
                    in_instr = True
                elif kind in ("separate", "end"):
                    in_instr = False
                continue
            if not in_instr:
                yield el
        elif tag in (f"{W}del", f"{W}moveFrom", f"{W}pPr", f"{W}rPr"):
            continue
        else:
            stack.extend(reversed(list(el)))


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def _escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _markdown(pieces: list[tuple[str, bool, bool, str]]) -> str:
    """Runs joined, neighbours with the same emphasis merged, emphasis kept off the spaces."""
    merged: list[tuple[str, bool, bool]] = []
    for text, bold, italic, _ in pieces:
        if merged and merged[-1][1] == bold and merged[-1][2] == italic:
            merged[-1] = (merged[-1][0] + text, bold, italic)
        else:
            merged.append((text, bold, italic))
    out: list[str] = []
    for text, bold, italic in merged:
        s = unicodedata.normalize("NFC", text).replace("\t", " ")
        if not (bold or italic) or not s.strip():
            out.append(_escape(s))
            continue
        lead = s[: len(s) - len(s.lstrip())]
        trail = s[len(s.rstrip()):]
        mark = "**" if bold and not italic else "*" if italic and not bold else "***"
        out.append(f"{lead}{mark}{_escape(s.strip())}{mark}{trail}")
    return "".join(out)


def document_encoding(pkg: Package, styles: Styles) -> str:
    """"tcvn3"/"vni" when the text of the body's runs in Unicode fonts, taken together, reads
    as legacy text (two converting words at least), else ""."""
    texts = [t.text for t in pkg.document.iter(f"{W}t") if t.text]
    sample = " ".join(texts)[:200_000]
    if sample.isascii():
        return ""
    return detect_paragraph(sample, min_words=2)
