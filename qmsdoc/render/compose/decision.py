"""A decision in the layout of Nghị định 30/2020/NĐ-CP (Phụ lục I).

Top: a borderless two-column table, the issuing body (bold capitals, a short rule beneath) on
the left and the Quốc hiệu and Tiêu ngữ (with a rule) on the right; under them "Số: 15/QĐ-UBND"
and the italic place-date line. Then QUYẾT ĐỊNH, the trích yếu, the issuing authority, the body
(Markdown, or ``decision.md.j2`` when the body is empty), and a borderless table with "Nơi
nhận:" on the left and the signature block (TM./KT./TL./Q., position, name) on the right. Page
numbers are centred in the top margin from page 2 on.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from qmsdoc.diagnostics import Diagnostic
from qmsdoc.model.documents import Decision, Document
from qmsdoc.model.revision import AmendedDocument, Amendments
from qmsdoc.render.compose.common import date_parts, lines, para, restyle, rule
from qmsdoc.render.compose.context import ComposeContext
from qmsdoc.render.markdown import parse_markdown
from qmsdoc.render.tree import (
    Align,
    Block,
    BulletList,
    Cell,
    Field,
    FieldKind,
    OrderedList,
    PageHeader,
    Paragraph,
    ParaStyle,
    Row,
    Table,
    Text,
    plain_text,
)

_NUMBER = re.compile(r"^\s*(\d+)(\s*/.*)$")


def official_number(number: str) -> str:
    """"5/QĐ-UBND" → "05/QĐ-UBND": numbers below 10 take a leading zero."""
    m = _NUMBER.match(number)
    if m and int(m.group(1)) < 10:
        return f"{int(m.group(1)):02d}{m.group(2).strip()}"
    return number.strip()


#: Empty lines left between the signer's position and name: room for a signature and the seal
#: (about 28 mm at 13 pt; Nghị định 30/2020 leaves the space to the signer, a seal is ~35 mm
#: across and overlaps a third of the signature).
SIGNATURE_ROOM_LINES = 5

_ARTICLE = re.compile(r"^\s*Điều\s+\d+", re.IGNORECASE)


def page_number_header() -> PageHeader:
    """Nghị định 30/2020: the page number in Arabic figures, 13–14 pt (the body size: CENTER),
    centred in the top margin, none on page 1."""
    return PageHeader((Paragraph((Field(FieldKind.PAGE),), ParaStyle.CENTER, Align.CENTER),),
                      first_page=False)


def decision_blocks(ctx: ComposeContext, d: Decision, body: Sequence[Block],
                    diagnostics: list[Diagnostic]) -> list[Block]:
    w = ctx.wording
    org = ctx.org
    # Issuing body | Quốc hiệu, Tiêu ngữ
    left: list[Block] = [para(t, ParaStyle.CENTER) for t in w.lines("parent_lines", org)]
    agency = w.lines("agency_lines", org)
    left += [para(lines(agency), ParaStyle.AGENCY), rule(max(agency, key=len, default=""), 0.4)]
    right: list[Block] = [para(w["national"], ParaStyle.NATIONAL),
                          para(w["motto"], ParaStyle.MOTTO), rule(w["motto"])]
    place = org["place"] or ctx.org_name
    when = d.issued or d.approved
    date_line = w("place_date", place, *date_parts(when)) if when else ""
    top = Table((
        Row((Cell(tuple(left), align=Align.CENTER), Cell(tuple(right), align=Align.CENTER))),
        Row((Cell((para(w("number_line", official_number(d.number or "")), ParaStyle.CENTER),)),
             Cell((para(date_line, ParaStyle.PLACE_DATE),)))),
    ), (40.0, 60.0), borders=False)
    # Tên loại and trích yếu: bold, 13–14 pt (SUBTITLE is the body size, bold, centred).
    out: list[Block] = [top, para(w["decision_title"], ParaStyle.SUBTITLE)]
    out.append(para(d.title or "", ParaStyle.SUBTITLE))
    out.append(rule(d.title or "", 0.25))
    # The issuing authority: the collective body (TM.) or the head's position and the body.
    mode = (d.sign_mode or "").strip().upper()
    if mode == "TM.":
        authority = ctx.org_name.upper()
    else:
        head = ctx.person_title(d.signer) if not mode else ctx.head_title(d.signer)
        authority = f"{w('position', head)} {ctx.org_name.upper()}".strip()
    out.append(para(authority, ParaStyle.SUBTITLE))
    if body and d.purpose == "sua-doi":
        body = _fill_marker(ctx, d, body)
    if not body:
        extra = _amending_context(ctx, d) if d.purpose == "sua-doi" else {}
        text = w.render("decision.md.j2", decision={
            "number": official_number(d.number or ""), "title": d.title or "",
            "purpose": d.purpose or "ban-hanh"},
            signer={"name": ctx.person_name(d.signer), "title": ctx.person_title(d.signer)},
            **extra)
        parsed = parse_markdown(text, path=d.path)
        diagnostics.extend(parsed.diagnostics)
        body = parsed.blocks
    out.extend(keep_last_article(_center_decides(ctx, restyle(body, ParaStyle.BODY_INDENT))))
    out.append(_signature_table(ctx, d, mode))
    return out


def attached_to(documents: Sequence[Document]) -> Decision | None:
    """The decision that issues the documents (purpose ban-hanh), in force, the latest: the
    master list is "kèm theo" it, and an amending decision cites it among its grounds."""
    issuing = [d for d in documents if isinstance(d, Decision) and d.purpose == "ban-hanh"
               and d.status != "obsolete" and d.number]
    return max(issuing, key=lambda d: (d.issued or dt.date.min, d.code or ""), default=None)


def _amending_context(ctx: ComposeContext, d: Decision) -> dict[str, Any]:
    """What ``decision.md.j2`` gets for an amending decision (``purpose: sua-doi``):

    * ``amended``: one entry per document the release amends (``code``, ``title``,
      ``edition``, ``change``, and ``line``, the line ``qmsdoc release --dry-run`` prints),
      each value escaped for Markdown; ``end`` is the punctuation that closes the item (";",
      "." for the last, "" when the line ends with its own);
    * ``release``: its ``tag`` ("" before the release is made) and ``date`` (dd/mm/yyyy);
    * ``issuing``: the decision that issued the documents (``number``, ``date`` as "ngày 15
      tháng 01 năm 2026"), or None.
    """
    found = ctx.amendments.get(d.path) or Amendments()
    amended = [{"code": md_escape(a.code), "title": md_escape(a.title), "edition": a.edition,
                "change": md_escape(a.change), "line": md_escape(line), "end": end}
               for a, line, end in _items(found)]
    issuing = attached_to(ctx.repo.documents)
    cited = None
    if issuing is not None and issuing.path != d.path:
        when = issuing.issued or issuing.approved
        day, month, year = date_parts(when) if when else ("", "", "")
        cited = {"number": md_escape(official_number(issuing.number or "")),
                 "date": f"ngày {day} tháng {month} năm {year}" if when else ""}
    return {"amended": amended, "issuing": cited,
            "release": {"tag": found.release,
                        "date": found.date.strftime("%d/%m/%Y") if found.date else ""}}


def _items(found: Amendments) -> list[tuple[AmendedDocument, str, str]]:
    """Each amended document, its line and the punctuation closing its item (";", "." for the
    last, "" when the line ends with its own)."""
    out = []
    for i, a in enumerate(found.documents, 1):
        line = a.line()
        end = "" if line.endswith((".", ";", "!", "?", "…")) else \
            ("." if i == len(found.documents) else ";")
        out.append((a, line, end))
    return out


#: In the hand-written body of an amending decision, a paragraph of only this text is replaced
#: by the numbered list of the documents its release amends (opt-in; the rest stays as written).
AMENDED_MARKER = "{{ amended }}"


def lists_amendments(d: Decision) -> bool:
    """Whether the decision prints the list of the documents its release amends: an amending
    decision (``purpose: sua-doi``) whose body is empty (qmsdoc writes it) or holds
    :data:`AMENDED_MARKER` on a line of its own."""
    return d.purpose == "sua-doi" and (not d.body.strip() or any(
        line.strip() == AMENDED_MARKER for line in d.body.splitlines()))


def _fill_marker(ctx: ComposeContext, d: Decision, body: Sequence[Block]) -> list[Block]:
    """The body with its marker paragraph replaced by the list (left out when there is none:
    the build warns, QMS725–QMS727)."""
    found = ctx.amendments.get(d.path) or Amendments()
    out: list[Block] = []
    for b in body:
        if not (isinstance(b, Paragraph) and plain_text(b.content).strip() == AMENDED_MARKER):
            out.append(b)
        elif found.documents:
            out.append(OrderedList(tuple((Paragraph((Text(line + end),)),)
                                         for _, line, end in _items(found))))
    return out


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~!&{}])")


def md_escape(text: str) -> str:
    """Text put into Markdown as it is: every character Markdown could read as markup is
    escaped (a title or a summary with ``*`` or ``<`` stays text)."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def keep_last_article(blocks: Sequence[Block]) -> list[Block]:
    """The last article's paragraphs keep with what follows, so the article, Nơi nhận and
    the signature (one unsplittable row) always share a page: never a signature alone."""
    starts = [i for i, b in enumerate(blocks)
              if isinstance(b, Paragraph) and _ARTICLE.match(plain_text(b.content))]
    first = starts[-1] if starts else max(len(blocks) - 1, 0)
    return [*blocks[:first], *(_keep(b) for b in blocks[first:])]


def _keep(b: Block) -> Block:
    if isinstance(b, Paragraph):
        return replace(b, keep_with_next=True)
    if isinstance(b, BulletList):
        return BulletList(tuple(tuple(_keep(x) for x in item) for item in b.items))
    if isinstance(b, OrderedList):
        return OrderedList(tuple(tuple(_keep(x) for x in item) for item in b.items), b.start)
    return b


def _center_decides(ctx: ComposeContext, blocks: Sequence[Block]) -> list[Block]:
    """The "QUYẾT ĐỊNH:" line between the grounds and the articles is centred and bold."""
    marker = f"{ctx.wording['decision_title']}:".casefold()
    out: list[Block] = []
    for b in blocks:
        if isinstance(b, Paragraph) and plain_text(b.content).strip().casefold() == marker:
            out.append(Paragraph(b.content, ParaStyle.SUBTITLE))
        else:
            out.append(b)
    return out


def _signature_table(ctx: ComposeContext, d: Decision, mode: str) -> Table:
    w = ctx.wording
    recipients: list[Block] = [para(w["recipients_heading"], ParaStyle.RECIPIENTS_HEADING)]
    for i, r in enumerate(d.recipients, 1):
        text = r.strip()
        if not text.startswith(("-", "–")):
            text = f"- {text}"
        if not text.endswith((";", ".")):
            text += "." if i == len(d.recipients) else ";"
        recipients.append(para(text, ParaStyle.RECIPIENTS))
    position = w("position", ctx.person_title(d.signer))
    if mode == "TM.":
        sign = [f"TM. {w('collective', ctx.org)}", position]
    elif mode in ("KT.", "TL.", "Q."):
        sign = [f"{mode} {w('position', ctx.head_title(d.signer))}"]
        if mode != "Q.":
            sign.append(position)
    else:
        sign = [position]
    block: list[Block] = [para(t, ParaStyle.SIGNATURE) for t in sign if t.strip()]
    block += [para("", ParaStyle.CENTER) for _ in range(SIGNATURE_ROOM_LINES)]
    block.append(Paragraph((Text(ctx.person_name(d.signer)),), ParaStyle.SIGNATURE))
    return Table((Row((Cell(tuple(recipients)), Cell(tuple(block), align=Align.CENTER))),),
                 (45.0, 55.0), borders=False)
