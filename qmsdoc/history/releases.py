"""Releases: annotated Git tags ``qms/<YYYY-MM-DD>`` whose message lists the issued editions.

``qmsdoc release`` writes the same message on the release commit and on its tag::

    Ban hành tài liệu HTQLCL ngày 05/03/2026

    > Cập nhật theo Nghị định 07/2025/NĐ-CP.        <- --message, if given (quoted)

    - QT-10 · lần 2 · quy-trinh-tthc/QT-10-dang-ky-khai-sinh.md
      Sửa-đổi: Bổ sung bước 3 “Kiểm tra lại thông tin”; sửa thời hạn giải quyết
      Vị-trí: Mục 5.2, 5.7 (bước 3)
    - HD-01 · lần 1 · huong-dan/HD-01-so-hoa.md

    Phê-duyệt: nguyen-van-an
    Ngày-ban-hành: 2026-03-05
    Thư-mục: sample_manual

Without ``--approved-by`` the line ``Phê-duyệt`` is replaced by ``Tình-trạng-phê-duyệt: chưa
phê duyệt``: the release is recorded, and shown, as not yet approved (approval is read only
from ``Phê-duyệt``, never from the document's ``approved_by``). The note is quoted with ``> ``
so that it can never add a trailer or a document line.

Each ``- CODE · lần N · PATH`` line is one document issued at edition N (the path is relative to
the QMS root); the indented ``Sửa-đổi:`` and ``Vị-trí:`` lines under it are that edition's
amendment record ("Nội dung sửa đổi", "Vị trí"), which the revision table prints on the
release's row (written from the commits' trailers, else proposed from the diff).
``Thư-mục`` is the QMS root relative to the Git work tree (``.`` at the top): a tag made for
another root in the same Git repository is ignored. A ``qms/…`` tag without
document lines (made by hand) releases every document that existed at its commit, edition
unknown.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from qmsdoc.history.gitrepo import TAG_PREFIX
from qmsdoc.history.pickled import ByFields
from qmsdoc.history.trailers import parse_trailers, trailer
from qmsdoc.textsafe import one_line, strip_controls

_DOC_LINE = re.compile(r"^- (?P<code>\S.*?) · lần (?P<edition>\d+|\?) · (?P<path>\S.*?)\s*$"
                       r"(?P<record>(?:\n  [^\n]*)*)", re.MULTILINE)
_RECORD_LINE = re.compile(r"^  (?P<key>Sửa-đổi|Vị-trí): (?P<value>.*)$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class ReleasedDocument(ByFields):
    """One document named in a release: its code, the edition issued and its path then."""

    code: str
    edition: int | None
    path: str  # relative to the QMS root, as named in the release commit
    change: str = ""  # Nội dung sửa đổi of this edition (the indented Sửa-đổi: line)
    position: str = ""  # Vị trí (the indented Vị-trí: line)


@dataclass(frozen=True, slots=True)
class Release(ByFields):
    """An issued set of documents: a ``qms/…`` tag on HEAD's first-parent chain."""

    tag: str
    commit: str  # the commit the tag points at
    date: dt.date  # Ngày-ban-hành, else the tag's date
    author: str  # who made the tag
    approved_by: str = ""  # Phê-duyệt
    change: str = ""  # Sửa-đổi, when the release states what changed
    documents: tuple[ReleasedDocument, ...] = ()  # empty: every document present
    root: str | None = None  # Thư-mục
    position: int = 0  # number of logged commits newer than the release (0: at the top)
    message: str = ""


@dataclass(frozen=True, slots=True)
class TagRecord(ByFields):
    """A ``qms/…`` tag as ``git for-each-ref`` prints it, before it is placed in the log."""

    name: str
    commit: str
    author: str
    date: dt.date
    message: str


def parse_tag_records(text: str) -> list[TagRecord]:
    """Parse :meth:`GitRepo.tags` output."""
    out = []
    for record in text.split("\x1e"):
        parts = record.split("\x1f", 6)
        if len(parts) < 7:
            continue
        name, obj, peeled, tagger, author, when, message = parts
        try:
            date = dt.datetime.fromtimestamp(int(when.strip())).date()
        except ValueError:
            date = dt.date.today()
        out.append(TagRecord(name.strip(), (peeled or obj).strip(), (tagger or author).strip(),
                             date, message.strip("\n")))
    return out


def make_release(rec: TagRecord, position: int) -> Release:
    """A release from a tag: its documents, approver and date are read from the message."""
    trailers = parse_trailers(rec.message)
    docs = tuple(
        ReleasedDocument(m["code"].strip(),
                         None if m["edition"] == "?" else int(m["edition"]), m["path"],
                         *_record(m["record"] or ""))
        for m in _DOC_LINE.finditer(rec.message.replace("\r\n", "\n")))
    date = rec.date
    raw_date = trailer(trailers, "release-date")
    if raw_date:
        with contextlib.suppress(ValueError):
            date = dt.date.fromisoformat(raw_date.split(";")[0].strip())
    roots = trailers.get("root")
    return Release(rec.name, rec.commit, date, rec.author, trailer(trailers, "approved-by"),
                   trailer(trailers, "change"), docs, roots[0].strip() if roots else None,
                   position, rec.message)


def _record(text: str) -> tuple[str, str]:
    """(Sửa-đổi, Vị-trí) of the indented lines under a document line."""
    found = {m["key"]: m["value"].strip() for m in _RECORD_LINE.finditer(text)}
    return found.get("Sửa-đổi", ""), found.get("Vị-trí", "")


NOT_APPROVED = "chưa phê duyệt"


def quote_note(message: str) -> list[str]:
    """The ``--message`` note as quoted lines (``> …``), control characters removed.

    Quoting keeps the note apart from what qmsdoc reads in a release message: no line of it can
    be taken for a document line (``- CODE · lần N · PATH``) or a trailer (``Phê-duyệt: …``),
    whatever the user typed, so a note can never add an approval or a document.
    """
    text = strip_controls(message.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not text:
        return []
    return [f"> {line}".rstrip() for line in text.split("\n")]


def release_message(date: dt.date, documents: Sequence[ReleasedDocument], root: str,
                    approved_by: str = "", message: str = "") -> str:
    """The commit and tag message of a release (see the module docstring)."""
    lines = [f"Ban hành tài liệu HTQLCL ngày {date:%d/%m/%Y}", ""]
    note = quote_note(message)
    if note:
        lines += [*note, ""]
    for d in documents:
        lines.append(f"- {d.code} · lần {d.edition if d.edition is not None else '?'} · {d.path}")
        # one line each (control characters and line ends removed): a record can never add a
        # document line or a trailer
        if d.change.strip():
            lines.append(f"  Sửa-đổi: {one_line(strip_controls(d.change)).strip()}")
        if d.position.strip():
            lines.append(f"  Vị-trí: {one_line(strip_controls(d.position)).strip()}")
    lines.append("")
    if approved_by:
        lines.append(f"Phê-duyệt: {approved_by}")
    else:
        lines.append(f"Tình-trạng-phê-duyệt: {NOT_APPROVED}")
    lines.append(f"Ngày-ban-hành: {date.isoformat()}")
    lines.append(f"Thư-mục: {root or '.'}")
    return "\n".join(lines) + "\n"


def tag_name(date: dt.date, existing: set[str]) -> str:
    """``qms/2026-03-05``, or ``qms/2026-03-05.2`` … when that day already has a release."""
    base = f"{TAG_PREFIX}{date.isoformat()}"
    name, n = base, 1
    while name in existing:
        n += 1
        name = f"{base}.{n}"
    return name
