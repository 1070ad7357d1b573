"""The pages of the static site (``qmsdoc build -f html``), composed like every other document.

A document's page is the very tree its DOCX and PDF are written from (``compose_document``),
with the codes it names turned into links and the site's parts after it (downloads, links
between documents, revision history); the site's own pages (home, public TTHC listing, legal
register, maintenance calendar, search, what changed) are trees of the same nodes. Each page
comes with its :class:`SiteFrame` (navigation and the site's words in Vietnamese, or English
with ``--lang en``); the HTML writer only translates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from qmsdoc.model.documents import (
    CHANNEL_TITLES,
    Decision,
    Document,
    Form,
    Objectives,
    Policy,
    Procedure,
)
from qmsdoc.model.outputs import (
    CALENDAR,
    CHANGES_SUFFIX,
    COVERAGE,
    HOME,
    LEGAL_REGISTER,
    MASTER_LIST,
    SEARCH,
    TTHC_LISTING,
    safe_name,
)
from qmsdoc.model.registers import LegalRegister, TthcCatalogue, TthcEntry
from qmsdoc.model.revision import RevisionEntry
from qmsdoc.render.compose.common import cell, grid, heading, para
from qmsdoc.render.compose.context import ComposeContext, fmt_date, fmt_edition, natural_key
from qmsdoc.render.compose.procedure import form_codes
from qmsdoc.render.tree import (
    SITE,
    Block,
    BlockQuote,
    BulletList,
    Cell,
    Chart,
    ChartBar,
    Emph,
    HeaderFields,
    Inline,
    Link,
    NavLink,
    OrderedList,
    PageHeader,
    Paragraph,
    RenderedDocument,
    Row,
    SiteFrame,
    Strong,
    Table,
    Text,
    block_text,
)

LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "skip": "Bỏ qua, đến nội dung chính", "nav": "Điều hướng chính",
        "search": "Tìm kiếm", "search_hint": "Mã hiệu hoặc tên, có dấu hay không dấu",
        "search_go": "Tìm", "found": "Tìm thấy {n} trang",
        "draft_note": "Tài liệu chưa được ban hành chính thức.",
        "footer": "Trang được tạo bởi qmsdoc từ bộ tài liệu HTQLCL; bản in chính thức là "
                  "tệp DOCX/PDF của bộ tài liệu.",
        "filter": "Lọc theo", "filter_all": "Tất cả",
        "home": "Trang chủ", "master": "Danh mục tài liệu", "coverage": "Ma trận đáp ứng",
        "tthc": "Thủ tục hành chính", "legal": "Văn bản pháp luật",
        "calendar": "Lịch công việc", "downloads": "Tải về", "word": "Word (DOCX)",
        "pdf": "PDF", "own_file": "Tệp gốc", "links": "Liên kết",
        "uses_forms": "Biểu mẫu sử dụng", "used_by": "Được dùng trong",
        "related": "Tài liệu liên quan", "legal_basis": "Căn cứ pháp lý",
        "tthc_entry": "Thủ tục hành chính", "history": "Lịch sử sửa đổi",
        "date": "Ngày", "edition": "Lần ban hành", "amendment": "Lần sửa đổi",
        "change": "Nội dung sửa đổi", "commit": "Commit", "changes": "Những thay đổi",
        "changes_link": "Xem những thay đổi so với lần ban hành trước",
        "org": "Tổ chức", "scope": "Phạm vi áp dụng", "sites": "Địa điểm",
        "exclusions": "Điều khoản không áp dụng", "policy": "Chính sách chất lượng",
        "objectives": "Mục tiêu chất lượng", "objective": "Mục tiêu", "target": "Chỉ tiêu",
        "results": "Kết quả đo", "period": "Kỳ đo", "met": "Đạt chỉ tiêu",
        "no_results": "Chưa có kết quả đo",
        "release": "Lần ban hành gần nhất", "no_release": "Chưa có lần ban hành nào trong Git.",
        "decision": "Quyết định ban hành", "pages": "Các trang",
        "code": "Mã TTHC", "name": "Tên thủ tục", "level": "Cấp thực hiện",
        "field": "Lĩnh vực", "time_fee": "Thời hạn, phí theo cách thức nộp",
        "dossier": "Thành phần hồ sơ", "procedure_forms": "Quy trình, biểu mẫu",
        "legal_time": "Thời hạn theo quy định", "fee": "phí",
        "legal_no": "Số, ký hiệu", "legal_title": "Trích yếu", "legal_type": "Loại",
        "legal_issuer": "Cơ quan ban hành", "legal_status": "Tình trạng",
        "legal_cited": "Được viện dẫn trong", "in_force": "Còn hiệu lực",
        "amended": "Đã được sửa đổi, bổ sung bởi", "replaced": "Đã bị thay thế bởi",
        "repealed": "Hết hiệu lực", "due": "Hạn", "kind": "Loại việc", "ref": "Đối tượng",
        "what": "Nội dung", "state": "Tình trạng", "overdue": "Quá hạn {n} ngày",
        "upcoming": "Còn {n} ngày", "calendar_note": "Việc quá hạn và việc đến hạn trong {n} "
        "ngày tới, tính đến ngày {d}.", "nothing_due": "Không có việc nào quá hạn hay sắp "
        "đến hạn.", "search_note": "Gõ mã hiệu (QT-10, 1.001193) hoặc tên, có dấu hay không "
        "dấu.", "part": "Phần", "what_changed": "Thay đổi", "added": "Thêm mới",
        "removed": "Bỏ", "modified": "Sửa đổi", "before": "Trước", "after": "Sau",
        "step": "Bước", "no_changes": "Nội dung các phần và các bước không thay đổi.",
        "changes_between": "So sánh {a} với {b} (theo lịch sử Git).",
        "current": "bản hiện hành",
    },
    "en": {
        "skip": "Skip to the main content", "nav": "Main navigation", "search": "Search",
        "search_hint": "Code or name, with or without diacritics", "search_go": "Search",
        "found": "{n} page(s) found", "draft_note": "This document is not officially issued.",
        "footer": "Pages made by qmsdoc from the quality management system's documents; the "
                  "official print set is the DOCX/PDF files.",
        "filter": "Filter by", "filter_all": "All", "home": "Home",
        "master": "Master list", "coverage": "Coverage matrix",
        "tthc": "Administrative procedures", "legal": "Legal register",
        "calendar": "Calendar", "downloads": "Download", "word": "Word (DOCX)", "pdf": "PDF",
        "own_file": "Original file", "links": "Links", "uses_forms": "Forms used",
        "used_by": "Used in", "related": "Related documents", "legal_basis": "Legal basis",
        "tthc_entry": "Administrative procedure", "history": "Revision history",
        "date": "Date", "edition": "Edition", "amendment": "Amendment", "change": "Change",
        "commit": "Commit", "changes": "What changed",
        "changes_link": "See what changed since the previous edition",
        "org": "Organisation", "scope": "Scope", "sites": "Sites",
        "exclusions": "Clauses not applicable", "policy": "Quality policy",
        "objectives": "Quality objectives", "objective": "Objective", "target": "Target",
        "results": "Results", "period": "Period", "met": "Target met",
        "no_results": "No results measured yet",
        "release": "Latest release", "no_release": "No release in Git yet.",
        "decision": "Issuing decision", "pages": "Pages", "code": "TTHC code",
        "name": "Procedure", "level": "Level", "field": "Field",
        "time_fee": "Time and fee per channel", "dossier": "Dossier",
        "procedure_forms": "Procedure, forms", "legal_time": "Legal time", "fee": "fee",
        "legal_no": "Number", "legal_title": "Title", "legal_type": "Type",
        "legal_issuer": "Issued by", "legal_status": "Status", "legal_cited": "Cited in",
        "in_force": "In force", "amended": "Amended by", "replaced": "Replaced by",
        "repealed": "Repealed", "due": "Due", "kind": "Kind", "ref": "Item", "what": "What",
        "state": "State", "overdue": "{n} day(s) overdue", "upcoming": "{n} day(s) left",
        "calendar_note": "Overdue items and items due in the next {n} days, as of {d}.",
        "nothing_due": "Nothing is overdue or due soon.",
        "search_note": "Type a code (QT-10, 1.001193) or a name, with or without diacritics.",
        "part": "Part", "what_changed": "Change", "added": "Added", "removed": "Removed",
        "modified": "Changed", "before": "Before", "after": "After", "step": "Step",
        "no_changes": "No section or step changed.",
        "changes_between": "{a} compared with {b} (from the Git history).",
        "current": "current text",
    },
}


@dataclass(frozen=True)
class ReleaseNote:
    """The latest release (a ``qms/…`` tag), as the history stage found it."""

    tag: str
    date: dt.date
    approved_by: str = ""
    change: str = ""


@dataclass(frozen=True)
class CalendarRow:
    """One item of the maintenance calendar (qmsdoc.due), as plain data."""

    due: dt.date
    kind_vi: str
    kind_en: str
    ref: str
    text: str
    days: int  # negative: overdue


@dataclass(frozen=True)
class Previous:
    """An earlier edition of a document, read back from Git."""

    edition: int | None
    date: dt.date
    label: str  # the release tag or commit it was read from
    document: Document


@dataclass(frozen=True)
class SiteInfo:
    """What the site's pages need besides the repository."""

    lang: str = "vi"
    formats: tuple[str, ...] = ()  # the other formats built (docx, pdf): download links
    copies: Mapping[str, str] = field(default_factory=dict)  # form code → its own file
    release: ReleaseNote | None = None
    today: dt.date = dt.date(2000, 1, 1)
    calendar: tuple[CalendarRow, ...] = ()
    horizon_days: int = 60
    #: Documents with a "what changed" page (code → the edition compared).
    changes: Mapping[str, Previous] = field(default_factory=dict)
    #: Worked out once per build: the documents in force in set order, each code's page, and
    #: who names each code (related documents, procedures' forms).
    documents: tuple[Document, ...] = ()
    pages: Mapping[str, str] = field(default_factory=dict)
    named_by: Mapping[str, Sequence[Document]] = field(default_factory=dict)


@dataclass(frozen=True)
class SitePage:
    document: RenderedDocument
    frame: SiteFrame


def page_file(code: str) -> str:
    return f"{safe_name(code)}.html"


def changes_file(code: str) -> str:
    return f"{safe_name(code)}{CHANGES_SUFFIX}"


def labels(lang: str) -> dict[str, str]:
    return LABELS.get(lang, LABELS["vi"])


def frame(ctx: ComposeContext, info: SiteInfo, file: str, title: str,
          after: Sequence[Block] = (), *, search: bool = False) -> SiteFrame:
    lb = labels(info.lang)
    nav = (NavLink(lb["home"], f"{HOME}.html"), NavLink(lb["master"], f"{MASTER_LIST}.html"),
           NavLink(lb["tthc"], f"{TTHC_LISTING}.html"),
           NavLink(lb["legal"], f"{LEGAL_REGISTER}.html"),
           NavLink(lb["coverage"], f"{COVERAGE}.html"),
           NavLink(lb["calendar"], f"{CALENDAR}.html"), NavLink(lb["search"], f"{SEARCH}.html"))
    return SiteFrame(file=file, lang=info.lang, site_title=ctx.org_name, page_title=title,
                     nav=nav, labels=tuple(sorted(lb.items())), after=tuple(after),
                     search_page=search)


def _page(ctx: ComposeContext, info: SiteInfo, file: str, title: str,
          blocks: Sequence[Block], after: Sequence[Block] = (), *, search: bool = False,
          draft: bool = False) -> SitePage:
    doc = RenderedDocument(
        kind="site", fields=HeaderFields(ctx.org_name, title, "", "", ""),
        header=PageHeader(()), blocks=tuple(blocks), page=ctx.page, draft=draft,
        draft_mark=ctx.wording["draft_mark"])
    return SitePage(doc, frame(ctx, info, file, title, after, search=search))


# ---------------------------------------------------------------------------- links in trees
def link_codes(blocks: Sequence[Block], pages: Mapping[str, str]) -> tuple[Block, ...]:
    """``blocks`` with every text that is exactly a document code (a table cell of forms, a
    master list row) made a link to that document's page. Nodes without such a text are
    kept as they are (no copy: a big manual has ~10⁵ nodes)."""
    return tuple(_link_block(b, pages) for b in blocks)


def _link_block(b: Block, pages: Mapping[str, str]) -> Block:
    match b:
        case Paragraph(content=c):
            linked = _link_inlines(c, pages)
            return b if linked is c else Paragraph(linked, b.style, b.align)
        case Table(rows=rows):
            new_rows = tuple(_link_row(r, pages) for r in rows)
            if all(n is o for n, o in zip(new_rows, rows, strict=True)):
                return b
            return replace(b, rows=new_rows)
        case BulletList(items=items) | OrderedList(items=items):
            new_items = tuple(_same_or(link_codes(i, pages), i) for i in items)
            if all(n is o for n, o in zip(new_items, items, strict=True)):
                return b
            return replace(b, items=new_items)
        case BlockQuote(blocks=inner):
            linked_blocks = link_codes(inner, pages)
            return b if linked_blocks == inner else BlockQuote(linked_blocks)
    return b


def _same_or(new: tuple[Block, ...], old: tuple[Block, ...]) -> tuple[Block, ...]:
    return old if all(n is o for n, o in zip(new, old, strict=True)) else new


def _link_row(row: Row, pages: Mapping[str, str]) -> Row:
    cells = []
    changed = False
    for c in row.cells:
        linked = _same_or(link_codes(c.blocks, pages), c.blocks)
        if linked is not c.blocks:
            changed = True
            c = Cell(linked, c.colspan, c.rowspan, c.align)
        cells.append(c)
    return Row(tuple(cells)) if changed else row


def _link_inlines(content: tuple[Inline, ...], pages: Mapping[str, str]) -> tuple[Inline, ...]:
    """``content`` itself when no text in it is a code."""
    out: list[Inline] = []
    changed = False
    for node in content:
        new: Inline = node
        match node:
            case Text(text=t) if (code := t.strip().replace("\u2011", "-")) in pages:
                # a code kept whole on paper (U+2011 hyphens) is the same code
                new = Link((node,), SITE + pages[code])
            case Strong(content=c):
                inner = _link_inlines(c, pages)
                new = node if inner is c else Strong(inner)
            case Emph(content=c):
                inner = _link_inlines(c, pages)
                new = node if inner is c else Emph(inner)
        changed = changed or new is not node
        out.append(new)
    return tuple(out) if changed else content


def _link(text: str, file: str) -> tuple[Inline, ...]:
    """A link to a file of the site."""
    return (Link((Text(text),), SITE + file),)


def _doc_link(d: Document) -> tuple[Inline, ...]:
    return _link(f"{d.code} · {d.title or ''}", page_file(d.code or ""))


# -------------------------------------------------------------------------- document pages
def document_page(ctx: ComposeContext, info: SiteInfo, doc: Document,
                  composed: RenderedDocument, revisions: Sequence[RevisionEntry],
                  pages: Mapping[str, str]) -> SitePage:
    """A document's page: its tree with codes linked, then downloads, links, history."""
    lb = labels(info.lang)
    code = doc.code or ""
    after: list[Block] = []
    downloads: list[tuple[Inline, ...]] = []
    if code in info.copies:
        downloads.append(_link(f"{lb['own_file']} ({info.copies[code]})", info.copies[code]))
    else:
        for fmt, label in (("docx", lb["word"]), ("pdf", lb["pdf"])):
            if fmt in info.formats:
                name = f"{safe_name(code)}.{fmt}"
                downloads.append(_link(f"{label}: {name}", name))
    if downloads:
        after += [heading(1, lb["downloads"]), BulletList(tuple((para(d),) for d in downloads))]
    links = _links(ctx, info, doc)
    if links:
        after += [heading(1, lb["links"]), *links]
    after += _history(info, doc, revisions)
    document = replace(composed, blocks=link_codes(composed.blocks, pages))
    title = f"{code} · {doc.title or ''}"
    return SitePage(document, frame(ctx, info, page_file(code), title, after))


def _links(ctx: ComposeContext, info: SiteInfo, doc: Document) -> list[Block]:
    lb = labels(info.lang)
    docs = ctx.documents
    code = doc.code or ""
    out: list[Block] = []

    def listed(label: str, items: list[tuple[Inline, ...]]) -> None:
        if items:
            out.append(para((Strong((Text(label),)),)))
            out.append(BulletList(tuple((para(i),) for i in items)))

    if isinstance(doc, Procedure):
        listed(lb["uses_forms"], [_doc_link(docs[c]) if c in docs else (Text(c),)
                                  for c in form_codes(doc)])
        legal = []
        for ref in doc.legal_basis:
            text = " ".join(x for x in (ref.ref or ref.title or "", ref.articles or "") if x)
            if text:
                legal.append(_link(text, f"{LEGAL_REGISTER}.html"))
        listed(lb["legal_basis"], legal)
        if doc.tthc:
            entry = ctx.tthc.get(doc.tthc)
            listed(lb["tthc_entry"], [_link(f"{doc.tthc} · {entry.name if entry else ''}",
                                            f"{TTHC_LISTING}.html")])
    listed(lb["related"], [_doc_link(docs[c]) if c in docs else (Text(c),)
                           for c in doc.related])
    users = info.named_by.get(code, ())
    listed(lb["used_by"], [_doc_link(d) for d in sorted(users, key=lambda d:
                                                        natural_key(d.code))])
    return out


def _history(info: SiteInfo, doc: Document, revisions: Sequence[RevisionEntry]) -> list[Block]:
    lb = labels(info.lang)
    out: list[Block] = [heading(1, lb["history"])]
    rows = [[fmt_date(r.date), fmt_edition(r.edition),
             "" if r.amendment is None else str(r.amendment), r.change, r.commit[:10]]
            for r in revisions]
    out.append(grid((lb["date"], lb["edition"], lb["amendment"], lb["change"], lb["commit"]),
                    rows, (14, 12, 12, 46, 16), center=(0, 1, 2)))
    if (doc.code or "") in info.changes:
        out.append(para(_link(lb["changes_link"], changes_file(doc.code or ""))))
    return out


# ------------------------------------------------------------------------------- home page
def home_page(ctx: ComposeContext, info: SiteInfo, documents: Sequence[Document]) -> SitePage:
    """The organisation, scope, policy, this year's objectives and results, latest release."""
    lb = labels(info.lang)
    cfg = ctx.config
    blocks: list[Block] = [heading(1, lb["org"])]
    org = cfg.organization if cfg else None
    blocks.append(para((Strong((Text(ctx.org_name),)),)))
    for value in (org.parent, org.address, org.phone, org.email) if org else ():
        if value:
            blocks.append(para(value))
    scope = cfg.scope if cfg else None
    if scope:
        blocks.append(heading(1, lb["scope"]))
        if scope.statement:
            blocks.append(para(scope.statement))
        if scope.sites:
            blocks += [para((Strong((Text(lb["sites"]),)),)),
                       BulletList(tuple((para(s),) for s in scope.sites))]
        if scope.exclusions:
            blocks += [para((Strong((Text(lb["exclusions"]),)),)), BulletList(tuple(
                (para(f"{e.clause}: {e.justification or ''}"),) for e in scope.exclusions))]
    policy = next((d for d in documents if isinstance(d, Policy)), None)
    if policy is not None:
        blocks.append(heading(1, lb["policy"]))
        if policy.statement:
            blocks += [para(line) for line in policy.statement.splitlines() if line.strip()]
        blocks.append(para(_doc_link(policy)))
    blocks += _objectives(info, documents)
    blocks.append(heading(1, lb["release"]))
    if info.release:
        r = info.release
        blocks.append(para(f"{r.tag} · {fmt_date(r.date)}" + (f" · {r.change}" if r.change
                                                                 else "")))
    else:
        blocks.append(para(lb["no_release"]))
    decisions = sorted((d for d in documents if isinstance(d, Decision)),
                       key=lambda d: (d.issued or dt.date.min, natural_key(d.code)))
    if decisions:
        d = decisions[-1]
        number = f"{d.number} · " if d.number else ""
        blocks += [para((Strong((Text(lb["decision"]),)),)),
                   para(_link(f"{number}{d.title or ''} ({fmt_date(d.issued)})",
                              page_file(d.code or "")))]
    blocks += [heading(1, lb["pages"]), BulletList(tuple((para(_link(n.label, n.href)),)
                                                         for n in frame(ctx, info, "", "").nav
                                                         if n.href != f"{HOME}.html"))]
    return _page(ctx, info, f"{HOME}.html", ctx.org_name, blocks)


_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def _number(text: str | None) -> float | None:
    m = _NUMBER.search(text or "")
    return float(m.group().replace(",", ".")) if m else None


def _objectives(info: SiteInfo, documents: Sequence[Document]) -> list[Block]:
    lb = labels(info.lang)
    sets = [d for d in documents if isinstance(d, Objectives)]
    if not sets:
        return []
    this_year = [d for d in sets if d.year == info.today.year]
    chosen = (this_year or sorted(sets, key=lambda d: (d.year or 0, natural_key(d.code))))[-1]
    out: list[Block] = [heading(1, f"{lb['objectives']} {chosen.year or ''}".strip()),
                        para(_doc_link(chosen))]
    for o in chosen.objectives:
        out.append(heading(2, f"{o.id} · {o.statement or ''}"))
        rows = [[m.period or "", m.value or "", "✓" if m.achieved else
                 ("✗" if m.achieved is False else "")] for m in o.results]
        out.append(para(f"{lb['target']}: {o.target or ''}"))
        if not rows:
            out.append(para(lb["no_results"]))
            continue
        out.append(grid((lb["period"], lb["results"], lb["met"]), rows, (30, 55, 15),
                        center=(2,)))
        bars = tuple(ChartBar(m.period or "", v, m.value or "", m.achieved)
                     for m in o.results if (v := _number(m.value)) is not None)
        if bars:
            out.append(Chart(f"{o.id}: {o.indicator or o.statement or ''}", bars,
                             _number(o.target), f"{lb['target']} {o.target or ''}"))
    return out


# ---------------------------------------------------------------------- public TTHC listing
def tthc_page(ctx: ComposeContext, info: SiteInfo, documents: Sequence[Document]) -> SitePage:
    """Every administrative procedure: code, name, level, field, time and fee per channel,
    dossier, the procedure and its forms to download. Sortable, filtered by field."""
    lb = labels(info.lang)
    procedures = {p.tthc: p for p in documents if isinstance(p, Procedure) and p.tthc}
    entries: list[tuple[str, TthcEntry | None]] = []
    for r in ctx.repo.registers:
        if isinstance(r, TthcCatalogue):
            entries += [(e.code or "", e) for e in r.procedures if e.code]
    seen = {c for c, _ in entries}
    entries += [(c, None) for c in sorted(procedures, key=natural_key) if c not in seen]
    rows: list[list[str | Cell]] = []
    for code, entry in entries:
        p = procedures.get(code)
        name = (entry.name if entry else None) or (p.title if p else "") or ""
        field_ = (p.field if p else None) or (entry.field if entry else None) or ""
        rows.append([code, name, (p.level if p else None) or "", field_,
                     _channels(info, p, entry), _dossier(p), _procedure_forms(info, ctx, p)])
    table = grid((lb["code"], lb["name"], lb["level"], lb["field"], lb["time_fee"],
                  lb["dossier"], lb["procedure_forms"]), rows, (9, 19, 8, 8, 18, 22, 16))
    table = replace(table, sortable=True, filter_column=3)
    return _page(ctx, info, f"{TTHC_LISTING}.html", lb["tthc"], [table])


def _channels(info: SiteInfo, p: Procedure | None, entry: TthcEntry | None) -> Cell:
    lb = labels(info.lang)
    channels = (p.channels if p and p.channels else None) or (entry.channels if entry else [])
    items: list[tuple[Block, ...]] = []
    for ch in channels:
        name = CHANNEL_TITLES.get(ch.channel or "", (ch.channel or "", ch.channel or ""))
        parts = [ch.processing_time.text if ch.processing_time else "",
                 f"{lb['fee']}: {ch.fee}" if ch.fee else ""]
        items.append((para(f"{name[0]}: " + "; ".join(x for x in parts if x)),))
    if items:
        return Cell((BulletList(tuple(items)),))
    time = (p.processing_time if p else None) or (entry.legal_time if entry else None)
    text = "; ".join(x for x in (time.text if time else "",
                                 f"{lb['fee']}: {p.fee}" if p and p.fee else "") if x)
    return cell(text)


def _dossier(p: Procedure | None) -> Cell:
    if p is None or not p.dossier:
        return cell("")
    items = []
    for d in p.dossier:
        counts = ", ".join(x for x in (f"{d.originals} bản chính" if d.originals else "",
                                       f"{d.copies} bản sao" if d.copies else "") if x)
        items.append((para(f"{d.name or ''}" + (f" ({counts})" if counts else "")),))
    return Cell((BulletList(tuple(items)),))


def _procedure_forms(info: SiteInfo, ctx: ComposeContext, p: Procedure | None) -> Cell:
    if p is None:
        return cell("")
    items: list[tuple[Block, ...]] = [(para(_link(p.code or "", page_file(p.code or ""))),)]
    for code in form_codes(p):
        content: list[Inline] = [Link((Text(code),), SITE + page_file(code))]
        target = info.copies.get(code)
        files = [target] if target else [f"{safe_name(code)}.{f}" for f in ("docx", "pdf")
                                         if f in info.formats]
        for f in files:
            content += [Text(" · "), Link((Text(f.rpartition(".")[2].upper()),), SITE + f)]
        if code in ctx.documents:
            items.append((Paragraph(tuple(content)),))
        else:
            items.append((para(code),))
    return Cell((BulletList(tuple(items)),))


# --------------------------------------------------------------------------- legal register
def legal_page(ctx: ComposeContext, info: SiteInfo, documents: Sequence[Document]) -> SitePage:
    lb = labels(info.lang)
    cited: dict[str, list[Document]] = {}
    for d in documents:
        if isinstance(d, Procedure):
            for ref in d.legal_basis:
                if ref.ref:
                    cited.setdefault(ref.ref, [])
                    if d not in cited[ref.ref]:
                        cited[ref.ref].append(d)
    rows: list[list[str | Cell]] = []
    for r in ctx.repo.registers:
        if not isinstance(r, LegalRegister):
            continue
        for doc in r.documents:
            status: list[str] = []
            if doc.status in ("repealed", "expired"):
                status.append(lb["repealed"] + (f" ({fmt_date(doc.status_date)})"
                                                if doc.status_date else ""))
            if doc.replaced_by or doc.status == "replaced":
                status.append(f"{lb['replaced']} {doc.replaced_by or '?'}")
            if doc.amended_by:
                status.append(f"{lb['amended']} {', '.join(doc.amended_by)}")
            if not status:
                status.append(lb["in_force"])
            users = Cell((BulletList(tuple((para(_link(d.code or "", page_file(d.code or ""))),)
                                           for d in cited.get(doc.id or "", []))),)
                         ) if cited.get(doc.id or "") else cell("")
            rows.append([doc.id or "", doc.type or "", doc.title or "", doc.issuer or "",
                         fmt_date(doc.issued), "; ".join(status), users])
    table = replace(grid((lb["legal_no"], lb["legal_type"], lb["legal_title"],
                          lb["legal_issuer"], lb["date"], lb["legal_status"], lb["legal_cited"]),
                         rows, (14, 9, 30, 14, 10, 13, 10)), sortable=True)
    return _page(ctx, info, f"{LEGAL_REGISTER}.html", lb["legal"], [table])


# ------------------------------------------------------------------------ maintenance calendar
def calendar_page(ctx: ComposeContext, info: SiteInfo) -> SitePage:
    lb = labels(info.lang)
    blocks: list[Block] = [para(lb["calendar_note"].replace("{n}", str(info.horizon_days))
                                .replace("{d}", fmt_date(info.today)))]
    if not info.calendar:
        blocks.append(para(lb["nothing_due"]))
    else:
        rows: list[list[str | Cell]] = []
        for item in info.calendar:
            late = item.days < 0
            state = (lb["overdue"] if late else lb["upcoming"]).replace("{n}", str(abs(item.days)))
            ref: str | Cell = item.ref
            if item.ref in ctx.documents:
                ref = Cell((Paragraph(_link(item.ref, page_file(item.ref))),))
            rows.append([fmt_date(item.due), item.kind_en if info.lang == "en" else item.kind_vi,
                         ref, item.text, Cell((Paragraph((Strong((Text(state),)),)
                                                         if late else (Text(state),)),))])
        blocks.append(replace(grid((lb["due"], lb["kind"], lb["ref"], lb["what"], lb["state"]),
                                   rows, (12, 18, 14, 40, 16), center=(0,)), sortable=True,
                              filter_column=1))
    return _page(ctx, info, f"{CALENDAR}.html", lb["calendar"], blocks)


# ------------------------------------------------------------------------------ search page
def search_page(ctx: ComposeContext, info: SiteInfo) -> SitePage:
    lb = labels(info.lang)
    return _page(ctx, info, f"{SEARCH}.html", lb["search"], [para(lb["search_note"])],
                 search=True)


# ------------------------------------------------------------------------ what-changed page
def changes_page(ctx: ComposeContext, info: SiteInfo, doc: Document, new: RenderedDocument,
                 previous: Previous, old: RenderedDocument) -> SitePage:
    """Sections and steps added, removed and changed between an earlier edition (read back
    from Git) and the current text, side by side."""
    lb = labels(info.lang)
    a = f"{lb['edition']} {fmt_edition(previous.edition)} ({previous.label}, " \
        f"{fmt_date(previous.date)})"
    b = f"{lb['edition']} {fmt_edition(doc.edition)} ({lb['current']})"
    blocks: list[Block] = [para(lb["changes_between"].replace("{a}", a).replace("{b}", b)),
                           para(_link(f"{doc.code} · {doc.title or ''}",
                                      page_file(doc.code or "")))]
    rows: list[list[str | Cell]] = []
    for part, kind, before, after in compare(old, new, previous.document, doc, lb):
        rows.append([part, lb[kind], _text_cell(before), _text_cell(after)])
    if rows:
        blocks.append(grid((lb["part"], lb["what_changed"], lb["before"], lb["after"]), rows,
                           (20, 12, 34, 34)))
    else:
        blocks.append(para(lb["no_changes"]))
    title = f"{lb['changes']}: {doc.code} · {doc.title or ''}"
    return _page(ctx, info, changes_file(doc.code or ""), title, blocks,
                 draft=new.draft)


def _text_cell(text: str) -> Cell:
    lines = [line for line in text.splitlines() if line.strip()]
    return Cell(tuple(para(line) for line in lines))


def sections(blocks: Sequence[Block]) -> dict[str, str]:
    """A composed document cut at its headings: heading text (without its number) → text."""
    from qmsdoc.render.tree import Heading, plain_text

    out: dict[str, list[Block]] = {}
    current = ""
    for b in blocks:
        if isinstance(b, Heading):
            current = plain_text(b.content).strip()
            while current in out:  # the same title twice: keep both
                current += " "
            out[current] = []
        else:
            out.setdefault(current, []).append(b)
    return {k.strip() or "—": block_text(v).strip() for k, v in out.items()}


def compare(old: RenderedDocument, new: RenderedDocument, old_doc: Document,
            new_doc: Document, lb: Mapping[str, str]) -> list[tuple[str, str, str, str]]:
    """(part, added/removed/modified, lines before, lines after) per section, then per step
    of a procedure (matched by position). Of a changed section only the lines that differ
    are kept ("…" between separate places). The cover before the first heading (signatures,
    revision table) is document control, not content, and is left out."""
    out: list[tuple[str, str, str, str]] = []
    a, b = sections(old.blocks), sections(new.blocks)
    a.pop("—", None)
    b.pop("—", None)
    for title in [*a, *(t for t in b if t not in a)]:
        before, after = a.get(title), b.get(title)
        if before == after:
            continue
        if before is None or after is None:
            out.append((title, "added" if before is None else "removed", before or "",
                        after or ""))
        else:
            out.append((title, "modified", *_differing(before, after)))
    if isinstance(old_doc, Procedure) and isinstance(new_doc, Procedure):
        for i in range(max(len(old_doc.steps), len(new_doc.steps))):
            s = old_doc.steps[i] if i < len(old_doc.steps) else None
            t = new_doc.steps[i] if i < len(new_doc.steps) else None
            before, after = _step_text(s), _step_text(t)
            if before == after:
                continue
            kind = "added" if s is None else "removed" if t is None else "modified"
            out.append((f"{lb['step']} {i + 1}", kind, before, after))
    return out


def _differing(before: str, after: str) -> tuple[str, str]:
    """The lines of ``before`` and ``after`` that are not common to both, place by place."""
    import difflib

    a, b = before.splitlines(), after.splitlines()
    old: list[str] = []
    new: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if old or new:
            old.append("…")
            new.append("…")
        old += a[i1:i2]
        new += b[j1:j2]
    return "\n".join(old), "\n".join(new)


def _step_text(step: object) -> str:
    if step is None:
        return ""
    from qmsdoc.model.documents import Step

    assert isinstance(step, Step)
    parts = [step.action or "", ", ".join(step.responsible),
             step.duration.text if step.duration else "", ", ".join(step.forms),
             step.output or ""]
    return "\n".join(p for p in parts if p)


def page_text(page: SitePage) -> str:
    """All the text of a page (the search index)."""
    doc = page.document
    return "\n".join([block_text(doc.blocks), *(block_text(s.blocks) for s in doc.sections),
                      block_text(page.frame.after)])


def is_form(d: Document) -> bool:
    return isinstance(d, Form)
