"""Compose the model into document trees: the one place where the layout of each document is
decided (writers only translate the tree).

Public API:

* :class:`ComposeContext` — lookups and wording for one repository (``ComposeContext.create``);
* :func:`compose_document` — one controlled document (procedure, instruction, manual, form,
  policy, objectives, decision) → :class:`Composed`;
* :func:`compose_master_list` — the danh mục tài liệu;
* :func:`compose_coverage` — the clause coverage matrix (ma trận đáp ứng);
* :func:`compose_combined` — every document in order, each in its own section;
* :func:`default_revisions` — the revision entries used when no Git history is given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from qmsdoc.diagnostics import Diagnostic
from qmsdoc.model.documents import (
    Decision,
    Document,
    Form,
    Objectives,
    Policy,
    Procedure,
)
from qmsdoc.model.revision import RevisionEntry
from qmsdoc.render.compose.common import (
    Composed,
    cover,
    default_revisions,
    fitted_properties,
    full_title_blocks,
    header_fields,
    page_header,
    para,
    properties,
    signature_grid,
)
from qmsdoc.render.compose.context import ComposeContext, fmt_date
from qmsdoc.render.compose.decision import attached_to, decision_blocks, page_number_header
from qmsdoc.render.compose.documents import (
    form_body,
    numbered_body,
    objectives_body,
    policy_body,
)
from qmsdoc.render.compose.printlayout import fill_in_left, fit_page
from qmsdoc.render.compose.procedure import procedure_sections
from qmsdoc.render.compose.sets import (
    compose_coverage,
    latest_issue,
    master_blocks,
    set_cover,
    set_order,
)
from qmsdoc.render.markdown import parse_markdown
from qmsdoc.render.tree import (
    Align,
    Block,
    HeaderFields,
    LazySections,
    PageHeader,
    ParaStyle,
    RenderedDocument,
)

__all__ = [
    "ComposeContext",
    "Composed",
    "compose_combined",
    "compose_coverage",
    "compose_document",
    "compose_master_list",
    "default_revisions",
    "set_order",
]

#: Which revisions to print for a document (the history stage passes Git-derived entries).
RevisionSource = Callable[[Document], Sequence[RevisionEntry] | None]


def compose_document(ctx: ComposeContext, doc: Document, *,
                     revisions: Sequence[RevisionEntry] | None = None,
                     draft: bool = False) -> Composed:
    """The tree of one controlled document.

    ``revisions`` fills the "Theo dõi sửa đổi" table (default: the current edition from the
    front matter); ``draft`` marks every page DỰ THẢO.
    """
    diagnostics: list[Diagnostic] = []
    parsed = parse_markdown(doc.body, path=doc.path, line_offset=doc.body_line)
    diagnostics.extend(parsed.diagnostics)
    body: list[Block] = parsed.blocks
    fields = header_fields(ctx, doc)
    header = page_header(ctx, fields)
    entries = tuple(revisions if revisions is not None else default_revisions(ctx, doc))
    grid = None
    blocks: list[Block] = []
    if isinstance(doc, Decision):
        header = page_number_header()
        blocks = decision_blocks(ctx, doc, body, diagnostics)
        entries = ()
    elif isinstance(doc, Form):
        header = _form_header(ctx, fields)
        if doc.origin:
            blocks.append(para(doc.origin, ParaStyle.NOTE, Align.RIGHT))
        blocks.extend(fill_in_left(form_body(body)))
        entries = ()
    else:
        grid = signature_grid(ctx, doc)
        blocks = [*full_title_blocks(ctx, fields), *cover(ctx, grid, entries)]
        if isinstance(doc, Procedure):
            blocks.extend(procedure_sections(ctx, doc, body))
        elif isinstance(doc, Policy):
            blocks.extend(policy_body(ctx, doc, body))
        elif isinstance(doc, Objectives):
            blocks.extend(objectives_body(ctx, doc, body))
        else:  # instruction, manual and any other kind: the body's own numbered sections
            blocks.extend(numbered_body(body))
    # Column widths from the content, unbreakable codes, and the page they need (a register
    # of many columns turns landscape unless its front matter says otherwise).
    blocks, page = fit_page(blocks, ctx.page, doc.orientation if isinstance(doc, Form) else
                            "portrait")
    rendered = RenderedDocument(
        kind=doc.kind or "", fields=fields, header=header, blocks=tuple(blocks), page=page,
        properties=properties(ctx, doc, type(doc).TITLE_VI), signatures=grid, revisions=entries,
        draft=draft, draft_mark=ctx.wording["draft_mark"])
    return Composed(rendered, tuple(diagnostics))


def _form_header(ctx: ComposeContext, fields: HeaderFields) -> PageHeader:
    """Forms carry one right-aligned control line instead of the full header table."""
    w = ctx.wording
    parts = [f"{label}: {value}" for label, value in (
        (w["header_code"], fields.code), (w["header_edition"], fields.edition),
        (w["header_issued"], fields.issued)) if value]
    return PageHeader((para("   ".join(parts), ParaStyle.HEADER, Align.RIGHT),))


def listed(documents: Sequence[Document]) -> list[Document]:
    """The documents a master list shows: controlled documents in force (not decisions)."""
    return [d for d in documents if d.status != "obsolete" and not isinstance(d, Decision)]


def compose_master_list(ctx: ComposeContext, documents: Sequence[Document], *,
                        draft: bool = False) -> Composed:
    """The danh mục tài liệu (code, title, edition, date, owner), grouped by kind."""
    shown = listed(documents)
    w = ctx.wording
    fields = HeaderFields(ctx.org_name, w["master_title"], w["master_code"], "",
                          fmt_date(latest_issue(shown)))
    rendered = RenderedDocument(
        kind="master-list", fields=fields, header=page_header(ctx, fields),
        blocks=ctx.once("master-list", documents, lambda: tuple(fit_page(
            master_blocks(ctx, shown, attached_to(documents)), ctx.page, "portrait")[0])),
        page=ctx.page,
        properties=fitted_properties(w["master_title"], w["master_title"], ctx.org_name,
                                     w["master_code"], w["master_title"],
                                     created=latest_issue(shown)),
        draft=draft, draft_mark=w["draft_mark"])
    return Composed(rendered)


class _Memo:
    """A set's :class:`~qmsdoc.render.tree.SectionMemo`: section index → its document."""

    def __init__(self, members: Sequence[Document], draft: bool,
                 drafts: Callable[[Document], bool] | None,
                 memo: Callable[[Document, bool], Any]) -> None:
        self.members, self.draft, self.drafts, self.memo = members, draft, drafts, memo

    def _of(self, index: int) -> Any:
        d = self.members[index]
        return self.memo(d, self.draft or bool(self.drafts and self.drafts(d)))

    def get(self, index: int, kind: str) -> bytes | None:
        return self._of(index).get(kind)

    def put(self, index: int, kind: str, data: bytes) -> None:
        self._of(index).put(kind, data)


def compose_combined(ctx: ComposeContext, documents: Sequence[Document], *,
                     revisions: RevisionSource | None = None,
                     drafts: Callable[[Document], bool] | None = None,
                     draft: bool = False,
                     lazy: bool = False,
                     kept: Callable[[Document, bool], Composed | None] | None = None,
                     keep: Callable[[Document, bool, Composed], None] | None = None,
                     memo: Callable[[Document, bool], Any] | None = None
                     ) -> Composed:
    """Every document in force, in set order, each a section with its own page header.

    ``lazy``: the sections are composed when a
    writer comes to each (:class:`~qmsdoc.render.tree.LazySections`, which gathers their
    diagnostics), so the set is never held whole. ``kept`` gives a section's tree kept
    from an earlier build (document, draft mark), and ``keep`` is given each one composed;
    ``memo`` gives, for a document and its draft mark, what keeps a writer's bytes for its
    section (:class:`~qmsdoc.render.tree.SectionMemo` by index, for the lazy sections).
    """
    members = [d for d in set_order(documents) if d.status != "obsolete"]
    diagnostics: list[Diagnostic] = []

    def make(d: Document) -> Composed:
        marked = draft or bool(drafts and drafts(d))
        c = kept(d, marked) if kept is not None else None
        if c is None:
            c = compose_document(ctx, d, revisions=revisions(d) if revisions else None,
                                 draft=marked)
            if keep is not None:
                keep(d, marked, c)
        return c

    sections: Sequence[RenderedDocument]
    if lazy:
        def section(i: int) -> tuple[RenderedDocument, tuple[Diagnostic, ...]]:
            c = make(members[i])
            return c.document, c.diagnostics

        sections = LazySections([header_fields(ctx, d) for d in members], section,
                                _Memo(members, draft, drafts, memo) if memo else None)
        any_draft = draft or any(bool(drafts and drafts(d)) for d in members)
    else:
        composed = []
        for d in members:
            c = make(d)
            composed.append(c.document)
            diagnostics.extend(c.diagnostics)
        sections = tuple(composed)
        any_draft = draft or any(s.draft for s in sections)
    w = ctx.wording
    shown = listed(members)
    fields = HeaderFields(ctx.org_name, w["set_title"], w["set_code"], "",
                          fmt_date(latest_issue(members)))
    rendered = RenderedDocument(
        kind="combined", fields=fields, header=page_header(ctx, fields),
        blocks=ctx.once("set-cover", members, lambda: tuple(fit_page(
            set_cover(ctx, shown, attached_to(members)), ctx.page, "portrait")[0])),
        page=ctx.page,
        properties=fitted_properties(w["set_title"], w["set_title"], ctx.org_name,
                                     w["set_code"], w["set_title"],
                                     created=latest_issue(members)),
        draft=any_draft, draft_mark=w["draft_mark"], sections=sections)
    return Composed(rendered, tuple(diagnostics))
