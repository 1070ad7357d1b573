"""Join PDFs page for page into one file: how a combined set's PDF is made from its documents'.

Each document of a set already has its PDF (Typst or LibreOffice made it, with its own "Trang
x/y"); the set's PDF is those pages as they are, one level-1 bookmark per document, and the
set's own properties. Copying pages with pikepdf (qpdf) takes about a second for 3,000 pages,
where typesetting or converting the whole set again takes minutes. The bytes are
deterministic: the same parts give the same file.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from qmsdoc.diagnostics import QmsdocError

if TYPE_CHECKING:  # imported when a set is joined: most commands never need it
    import pikepdf

    from qmsdoc.render.tree import RenderedDocument


class PdfJoinError(QmsdocError):
    """A part cannot be read as a PDF; worded in both languages."""


def bookmark(doc: RenderedDocument) -> str:
    """A document's entry in the bookmarks of a set: its code and title."""
    return " ".join(x for x in (doc.fields.code, doc.fields.title) if x)


def join_set(doc: RenderedDocument, parts: Sequence[tuple[str, bytes | Path]]) -> bytes:
    """The PDF of the combined set ``doc`` from its parts, with the set's properties."""
    props = doc.properties
    return join_pdfs(parts, title=props.title or doc.fields.title,
                     author=props.author or doc.fields.organization, subject=props.subject,
                     keywords=(props.keywords or doc.fields.code, props.subject),
                     language=props.language, created=props.created)


def join_pdfs(parts: Sequence[tuple[str, bytes | Path]], *, title: str, author: str = "",
              subject: str = "", keywords: Sequence[str] = (), language: str = "vi-VN",
              created: dt.date | None = None) -> bytes:
    """One PDF of the pages of ``parts`` ((bookmark, PDF bytes or file) in order)."""
    import pikepdf

    out = pikepdf.new()
    opened: list[pikepdf.Pdf] = []  # pages are copied from these on save: kept open till then
    try:
        with out.open_outline() as outline:
            for bookmark, source in parts:
                pdf = _open(source, bookmark)
                opened.append(pdf)
                start = len(out.pages)
                out.pages.extend(pdf.pages)
                outline.root.append(pikepdf.OutlineItem(bookmark, start))
        for page in out.pages:
            # Structure entries point into a part's tag tree, which is not copied.
            if pikepdf.Name.StructParents in page.obj:
                del page.obj[pikepdf.Name.StructParents]
        out.Root.PageMode = pikepdf.Name.UseOutlines
        out.Root.Lang = pikepdf.String(language)
        info = {"/Title": title, "/Author": author, "/Subject": subject,
                "/Keywords": ", ".join(k for k in keywords if k), "/Creator": "qmsdoc"}
        for key, value in info.items():
            if value:
                out.docinfo[key] = pikepdf.String(value)
        if created is not None:
            out.docinfo["/CreationDate"] = pikepdf.String(created.strftime("D:%Y%m%d000000Z"))
        buffer = io.BytesIO()
        out.save(buffer, deterministic_id=True)
        return buffer.getvalue()
    finally:
        for pdf in opened:
            pdf.close()
        out.close()


def _open(source: bytes | Path, bookmark: str) -> pikepdf.Pdf:
    import pikepdf

    try:
        return pikepdf.open(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (pikepdf.PdfError, OSError, ValueError) as e:
        where = bookmark if isinstance(source, bytes) else f"{bookmark} ({source})"
        raise PdfJoinError(f"Không đọc được PDF của {where} để ghép bộ tài liệu: {e}",
                           f"Cannot read the PDF of {where} to join the set: {e}") from None
