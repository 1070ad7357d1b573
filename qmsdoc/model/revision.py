"""Revision entries: one row of a document's "Theo dõi sửa đổi" table.

The history stage (Git) produces them; without Git, the document's own edition metadata gives
one entry per edition. Renderers only read them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from qmsdoc.model.pickling import ByFields


@dataclass(frozen=True, slots=True)
class RevisionEntry(ByFields):
    date: dt.date
    edition: int | None  # the edition this change belongs to (Lần ban hành)
    amendment: int | None  # amendment number within the edition (Lần sửa đổi), None for an issue
    change: str  # what changed (Nội dung sửa đổi): a Sửa-đổi trailer or the commit subject
    position: str = ""  # where (Vị trí/Trang), e.g. a section name or "Toàn bộ"
    author: str = ""
    approved_by: str = ""
    note: str = ""  # Ghi chú
    commit: str = ""  # full hash when it comes from Git
    is_release: bool = False
    approved: bool = True  # False: a release that nobody approved (no --approved-by)


@dataclass(frozen=True, slots=True)
class DocumentState(ByFields):
    """Whether a document may go into an official set, and why not."""

    draft: bool
    reason_vi: str = ""
    reason_en: str = ""


@dataclass(frozen=True, slots=True)
class AmendedDocument(ByFields):
    """One document a release amends, as the issuing decision lists it."""

    code: str
    title: str
    edition: int | None  # the new edition (lần ban hành)
    change: str  # the one-line "Nội dung sửa đổi" (trailers, else proposed from the diff)

    def line(self, en: bool = False) -> str:
        """``QT-10 Quy trình … (lần ban hành 3): Bổ sung bước 3 …``: the one line that both
        ``qmsdoc release --dry-run`` and the amending decision print."""
        edition = "" if self.edition is None else f" {self.edition}"
        label = f"edition{edition}" if en else f"lần ban hành{edition}"
        text = f"{self.code} {self.title} ({label}): {self.change or '—'}"
        return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class Amendments(ByFields):
    """The documents one release amends, for an amending decision (``purpose: sua-doi``).

    ``release`` is the release's tag, or "" for the release not made yet (what ``qmsdoc
    release --dry-run`` would issue now). When the list cannot be known (no Git, the named
    release does not exist…), ``documents`` is empty and ``reason_vi``/``reason_en`` say why.
    """

    release: str = ""
    date: dt.date | None = None
    documents: tuple[AmendedDocument, ...] = ()
    reason_vi: str = ""
    reason_en: str = ""

    @property
    def pending(self) -> bool:
        return not self.release
