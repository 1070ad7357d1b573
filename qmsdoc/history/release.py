"""``qmsdoc release``: issue the documents changed since the last release, commit and tag.

:func:`plan_release` works out what would change and refuses (:class:`ReleaseRefused`, with a
Vietnamese and an English message) when the repository cannot be released; it writes nothing.
:func:`apply_release` edits the front matter (:mod:`qmsdoc.history.frontmatter`), commits the
edited files only and creates the annotated tag. This is the only code in qmsdoc that writes
source files.

What is released:

- the first release of a repository (no ``qms/…`` tag yet) is a baseline: every document with
  ``status: released`` is recorded at its current edition and dates, nothing is edited and the
  tag goes on HEAD;
- afterwards, a document whose content changed (commits after the last release that issued
  it; pure renames do not count) gets ``edition`` + 1 (unless it was already raised by hand
  since that release) and ``issued`` = the release date (``effective`` too, if present and
  earlier); a document that no release issued yet keeps its edition and gets the new dates;
- documents with ``status: draft`` or ``obsolete`` are never released (they are listed as
  skipped).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qmsdoc.atomic import write_atomic
from qmsdoc.diagnostics import QmsdocError
from qmsdoc.history.frontmatter import FrontMatterError, edit_front_matter
from qmsdoc.history.gitrepo import GitRepo, GitUnavailable
from qmsdoc.history.releases import ReleasedDocument, release_message, tag_name
from qmsdoc.history.timeline import History, load_history
from qmsdoc.model.documents import Document
from qmsdoc.model.repository import Repository


class ReleaseRefused(QmsdocError):
    """The repository cannot be released now; the messages say why and what to do."""


@dataclass(frozen=True, slots=True)
class PlannedDocument:
    """One document of a release and the front-matter values it gets."""

    code: str
    title: str
    path: str  # relative to the QMS root
    reason: str  # baseline | new | changed | bumped-by-hand
    old_edition: int | None
    new_edition: int | None
    old_issued: dt.date | None
    new_issued: dt.date | None
    commits: int = 0  # commits since the last release
    edits: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class ReleasePlan:
    root: Path
    date: dt.date
    tag: str
    baseline: bool
    approved_by: str = ""
    message: str = ""
    previous: str = ""  # the last release's tag
    documents: list[PlannedDocument] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (code, status)
    prefix: str = ""

    @property
    def commit_message(self) -> str:
        docs = [ReleasedDocument(d.code, d.new_edition, d.path) for d in self.documents]
        return release_message(self.date, docs, self.prefix, self.approved_by, self.message)


@dataclass(frozen=True, slots=True)
class ReleaseResult:
    tag: str
    commit: str  # the commit tagged (a new release commit, or HEAD for a baseline)
    committed: bool


def _resolve_person(repo: Repository, who: str) -> str:
    people = repo.config.people if repo.config else []
    for p in people:
        if who in (p.id, p.name):
            return p.id or who
    known = ", ".join(p.id for p in people if p.id)
    raise ReleaseRefused(f"Người phê duyệt \"{who}\" không có trong danh sách people của "
                         f"qms.yaml (có: {known}).",
                         f"Approver \"{who}\" is not among the people of qms.yaml ({known}).")


def _ready(history: History) -> None:
    if not history.git:
        reasons = [d for d in history.notices]
        why_vi = reasons[0].vi if reasons else "không có Git"
        why_en = reasons[0].en if reasons else "no Git"
        raise ReleaseRefused(f"Không thể ban hành: {why_vi}. Phát hành cần một kho Git.",
                             f"Cannot release: {why_en}. Releasing needs a Git repository.")
    if history.head is None:
        raise ReleaseRefused("Không thể ban hành: kho Git chưa có commit nào. Hãy commit tài "
                             "liệu trước (git add . && git commit).",
                             "Cannot release: the Git repository has no commit yet.")
    if history.shallow:
        raise ReleaseRefused("Không thể ban hành từ bản sao nông (shallow clone): thiếu lịch sử "
                             "và các lần ban hành trước. Chạy git fetch --unshallow --tags.",
                             "Cannot release from a shallow clone: run git fetch --unshallow "
                             "--tags first.")
    if history.detached:
        raise ReleaseRefused("Không thể ban hành khi HEAD không ở trên nhánh nào (detached "
                             "HEAD). Chuyển sang nhánh chính (git switch main).",
                             "Cannot release on a detached HEAD; switch to a branch first.")
    # Output folders (_build) and tool folders (.qmsdoc) are not sources (the loader skips them).
    sources = {p for p in history.dirty
               if not any(part[:1] in ("_", ".") for part in p.split("/")[:-1])}
    if sources:
        listed = sorted(sources)
        shown = "\n  ".join(listed[:10]) + (f"\n  … và {len(listed) - 10} tệp khác"
                                            if len(listed) > 10 else "")
        shown_en = "\n  ".join(listed[:10]) + (f"\n  … and {len(listed) - 10} more"
                                               if len(listed) > 10 else "")
        raise ReleaseRefused("Không thể ban hành: có thay đổi chưa commit (bản ban hành phải "
                             f"đúng với nội dung trong Git):\n  {shown}\nHãy commit hoặc hủy "
                             "các thay đổi này rồi chạy lại.",
                             f"Cannot release: there are uncommitted changes:\n  {shown_en}\n"
                             "Commit or discard them, then run again.")


def plan_release(root: Path, date: dt.date | None = None, approved_by: str = "",
                 message: str = "", today: dt.date | None = None) -> ReleasePlan:
    """What ``qmsdoc release`` would do; raises ReleaseRefused. Writes nothing."""
    from qmsdoc.rules.engine import check_repository

    root = Path(root).resolve()
    history = load_history(root)
    _ready(history)
    result = check_repository(root, today=today)
    if result.errors:
        raise ReleaseRefused(f"Không thể ban hành: `qmsdoc check` còn {result.errors} lỗi. Sửa "
                             "các lỗi (chạy qmsdoc check để xem) rồi chạy lại.",
                             f"Cannot release: `qmsdoc check` reports {result.errors} error(s). "
                             "Fix them (run qmsdoc check) and run again.")
    repo = result.repo
    date = date or today or dt.date.today()
    last = history.releases[-1] if history.releases else None
    if last is not None and date < last.date:
        raise ReleaseRefused(f"Ngày ban hành {date:%d/%m/%Y} trước lần ban hành gần nhất "
                             f"{last.tag} ({last.date:%d/%m/%Y}).",
                             f"The release date {date} is before the last release {last.tag} "
                             f"({last.date}).")
    approver = _resolve_person(repo, approved_by) if approved_by else ""
    existing = {t.name for t in GitRepo.open(root).repo.tags}
    plan = ReleasePlan(root, date, tag_name(date, existing), baseline=last is None,
                       approved_by=approver, message=message, previous=last.tag if last else "",
                       prefix=history.prefix)
    for doc in sorted(repo.documents, key=lambda d: (d.code or "", d.path)):
        if doc.status in ("draft", "obsolete"):
            plan.skipped.append((doc.code or doc.path, doc.status))
            continue
        planned = _plan_document(doc, history, date, plan.baseline)
        if planned is not None:
            plan.documents.append(planned)
    return plan


def _plan_document(doc: Document, history: History, date: dt.date,
                   baseline: bool) -> PlannedDocument | None:
    def planned(reason: str, edition: int | None, commits: int = 0) -> PlannedDocument:
        edits: dict[str, Any] = {}
        if reason != "baseline":
            if edition != doc.edition:
                edits["edition"] = edition
            if doc.issued != date:
                edits["issued"] = date
            if doc.has("effective") and doc.effective is not None and doc.effective < date:
                edits["effective"] = date
        return PlannedDocument(doc.code or "", doc.title or "", doc.path, reason, doc.edition,
                               edition, doc.issued, edits.get("issued", doc.issued), commits,
                               edits)

    if baseline:
        return planned("baseline", doc.edition)
    last = history.last_release(doc)
    if last is None:
        return planned("new", doc.edition or 1)
    changes = history.changes_since_release(doc)
    if not changes:
        return None
    released = last[1]
    if released is not None and doc.edition is not None and doc.edition > released:
        return planned("bumped-by-hand", doc.edition, len(changes))
    base = released if released is not None else (doc.edition or 0)
    return planned("changed", base + 1, len(changes))


def apply_release(plan: ReleasePlan) -> ReleaseResult:
    """Edit the front matter, commit the edited files and tag. Undoes the edits if commit fails."""
    g = GitRepo.open(plan.root)
    originals: dict[Path, bytes] = {}
    try:
        for d in plan.documents:
            if not d.edits:
                continue
            path = plan.root / d.path
            data = path.read_bytes()
            new = edit_front_matter(data, d.edits)
            originals[path] = data
            write_atomic(path, new)
        if originals:
            rel = [p.relative_to(g.top).as_posix() for p in originals]
            g.run("commit", "-q", "-m", plan.commit_message, "--", *rel)
    except (FrontMatterError, GitUnavailable, OSError) as e:
        for path, data in originals.items():
            write_atomic(path, data)
        vi = getattr(e, "vi", str(e))
        en = getattr(e, "en", str(e))
        raise ReleaseRefused(f"Ban hành thất bại, đã khôi phục các tệp: {vi}",
                             f"The release failed and the files were restored: {en}") from None
    head = g.head() or ""
    try:
        g.run("tag", "-a", plan.tag, "-m", plan.commit_message, head)
    except GitUnavailable as e:
        raise ReleaseRefused(f"Đã commit {head[:7]} nhưng không tạo được thẻ {plan.tag}: {e.vi}. "
                             f"Tạo thẻ bằng: git tag -a {plan.tag} {head[:7]}",
                             f"Committed {head[:7]} but could not create tag {plan.tag}: {e.en}"
                             ) from None
    return ReleaseResult(plan.tag, head, bool(originals))
