"""Revision entries: one row of a document's "Theo dõi sửa đổi" table.

The history stage (Git) produces them; without Git, the document's own edition metadata gives
one entry per edition. Renderers only read them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RevisionEntry:
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
class DocumentState:
    """Whether a document may go into an official set, and why not."""

    draft: bool
    reason_vi: str = ""
    reason_en: str = ""
