"""QMS7xx: revision history: editions against the last release, dates, and Git notices.

The edition rules read ``ctx.history`` (computed on first use, one ``git log`` for the whole
repository); the notice rules (QMS710…) report why history is off or incomplete.
"""

from __future__ import annotations

from collections.abc import Iterator

from qmsdoc.diagnostics import Severity as S
from qmsdoc.model.documents import Document
from qmsdoc.rules.context import RuleContext, fmt_date
from qmsdoc.rules.registry import Finding, rule


def _released(ctx: RuleContext) -> Iterator[tuple[Document, int, dict[str, object]]]:
    """(document, released edition, template args) for documents with a known released edition."""
    history = ctx.history
    if not history.available:
        return
    for d in ctx.repo.documents:
        last = history.last_release(d)
        if last is None or d.edition is None:
            continue
        rel, edition = last
        if edition is None:
            continue
        yield d, edition, {"edition": d.edition, "released": edition, "tag": rel.tag,
                           "date": fmt_date(rel.date), "next": edition + 1}


@rule("QMS701", "edition-decreased", S.ERROR,
      "Lần ban hành {edition} nhỏ hơn lần ban hành đã phát hành {released} (thẻ {tag}, ngày "
      "{date})",
      "Edition {edition} is lower than the released edition {released} (tag {tag}, {date})",
      hint_vi="Lần ban hành chỉ tăng: đặt lại edition: {released}, hoặc {next} nếu đây là lần "
      "ban hành mới.",
      hint_en="Editions only go up: set edition: {released} back, or {next} for a new edition.",
      clause="7.5.2")
def edition_decreased(ctx: RuleContext) -> Iterator[Finding]:
    """The edition in the front matter is lower than the edition last released.

    The edition (lần ban hành) identifies which version of a document is in force (7.5.2 a,
    7.5.3.2 c). The last ``qmsdoc release`` tag that included the document recorded the
    edition it issued; an edition lower than that is a mistake (often a merge or a copy of an
    old file) and would put two different texts under one edition number. ``qmsdoc release``
    refuses to run while this error stands.
    """
    for d, released, args in _released(ctx):
        if d.edition is not None and d.edition < released:
            yield d.at("edition"), args


@rule("QMS702", "effective-before-approval", S.ERROR,
      "Ngày hiệu lực {effective} trước ngày phê duyệt {approved}",
      "The effective date {effective} is before the approval date {approved}",
      hint_vi="Tài liệu chỉ có hiệu lực sau khi được phê duyệt: sửa effective hoặc approved.",
      hint_en="A document takes effect only once approved: correct effective or approved.",
      clause="7.5.2")
def effective_before_approval(ctx: RuleContext) -> Iterator[Finding]:
    """The document takes effect before it was approved.

    7.5.2 c asks that documents be approved before use; the effective date (``effective``)
    therefore cannot come before the approval date (``approved``). This is usually a date
    copied from the previous edition.
    """
    for d in ctx.repo.documents:
        if d.effective and d.approved and d.effective < d.approved:
            yield d.at("effective"), {"effective": fmt_date(d.effective),
                                      "approved": fmt_date(d.approved)}


@rule("QMS703", "edition-not-bumped", S.INFO,
      "Nội dung đã thay đổi sau khi ban hành lần {released} ({tag}, ngày {date}) nhưng lần ban "
      "hành vẫn là {edition}: tài liệu đang là bản dự thảo",
      "The content changed after edition {released} was released ({tag}, {date}) but the "
      "edition is still {edition}: the document is a draft",
      hint_vi="Khi được phê duyệt, chạy `qmsdoc release`: lần ban hành sẽ tăng lên {next}.",
      hint_en="Once approved, run `qmsdoc release`: the edition becomes {next}.",
      clause="7.5.3.2")
def edition_not_bumped(ctx: RuleContext) -> Iterator[Finding]:
    """The document changed since it was last released, but its edition did not change.

    Between releases a changed document is a draft (DỰ THẢO in the outputs). This is normal
    while a change is prepared, so it is information, not an error: ``qmsdoc release`` lists
    these documents and raises their edition by one. Changes are commits after the release
    tag (a pure rename does not count) and uncommitted changes in the working tree.
    """
    history = ctx.history
    for d, released, args in _released(ctx):
        if d.edition == released and (history.changes_since_release(d)
                                      or history.is_dirty(d)):
            yield d.at("edition"), args


@rule("QMS704", "edition-skipped", S.WARNING,
      "Lần ban hành {edition} tăng hơn một bậc so với lần đã ban hành {released} ({tag})",
      "Edition {edition} skips ahead of the released edition {released} ({tag})",
      hint_vi="Lần ban hành tiếp theo là {next}.", hint_en="The next edition is {next}.",
      clause="7.5.2")
def edition_skipped(ctx: RuleContext) -> Iterator[Finding]:
    """The edition is more than one above the edition last released.

    Editions are counted one by one; a gap makes readers look for an edition that was never
    issued. When a document is changed, raise its edition by one, or let ``qmsdoc release``
    do it.
    """
    for d, released, args in _released(ctx):
        if d.edition is not None and d.edition > released + 1:
            yield d.at("edition"), args


@rule("QMS714", "release-not-approved", S.WARNING,
      "Lần ban hành {edition} ({tag}, ngày {date}) chưa được phê duyệt: tài liệu được xuất "
      "bản như bản dự thảo (qms.yaml: release.require_approval)",
      "Edition {edition} ({tag}, {date}) is not approved yet: the document is built as a draft "
      "(qms.yaml: release.require_approval)",
      hint_vi="Khi người có thẩm quyền đã phê duyệt, chạy `qmsdoc release --approved-by "
      "<mã người>`: lần ban hành được ghi nhận là đã phê duyệt, không tăng lần ban hành.",
      hint_en="Once approved, run `qmsdoc release --approved-by <person id>`: the release is "
      "recorded as approved, without raising the edition.",
      clause="7.5.2")
def release_not_approved(ctx: RuleContext) -> Iterator[Finding]:
    """The last release of the document names no approver, and qms.yaml requires one.

    ``qmsdoc release`` records who approved a release only from ``--approved-by`` (a person of
    qms.yaml); a release made without it is recorded as not yet approved ("chưa phê duyệt"
    in ``qmsdoc history`` and in the revision table). With ``release: {require_approval:
    true}`` in qms.yaml such a document is not final: ``qmsdoc build`` marks it DỰ THẢO until
    a release approves it. The option is off by default, so repositories that do not record
    approvals in Git are not affected.
    """
    release = ctx.repo.config.release if ctx.repo.config else None
    if not (release and release.require_approval):
        return
    for d, released, args in _released(ctx):
        last = ctx.history.last_release(d)
        if last is not None and not last[0].approved_by:
            yield d.at("edition"), {**args, "edition": released}


@rule("QMS710", "history-off", S.INFO,
      "Lịch sử sửa đổi đang tắt: {reason_vi}",
      "Revision history is off: {reason_en}",
      hint_vi="Đưa thư mục vào một kho Git (git init, git add, git commit) để có bảng theo dõi "
      "sửa đổi và trạng thái dự thảo/ban hành; trong lúc đó bảng sửa đổi lấy từ edition/issued.",
      hint_en="Put the folder under Git (git init, git add, git commit) for revision tables and "
      "draft/released states; meanwhile the revision table comes from edition/issued.")
def history_off(ctx: RuleContext) -> Iterator[Finding]:
    """The repository is not inside a Git repository, so there is no revision history.

    Everything else works: documents are checked and built, their revision table has one row
    made from ``edition`` and ``issued``, and drafts are the documents with
    ``status: draft``.
    """
    yield from ctx.history.findings("QMS710")


@rule("QMS711", "shallow-clone", S.WARNING,
      "Kho Git là bản sao nông (shallow clone): lịch sử sửa đổi chỉ gồm {commits} commit gần "
      "nhất và có thể thiếu",
      "The Git repository is a shallow clone: the revision history holds only the latest "
      "{commits} commit(s) and may be incomplete",
      hint_vi="Lấy đủ lịch sử: git fetch --unshallow --tags (GitHub Actions: actions/checkout "
      "với fetch-depth: 0).",
      hint_en="Fetch the full history: git fetch --unshallow --tags (GitHub Actions: "
      "actions/checkout with fetch-depth: 0).")
def shallow_clone(ctx: RuleContext) -> Iterator[Finding]:
    """The history comes from a shallow clone (``git clone --depth N``, the CI default).

    qmsdoc works best-effort: revision tables hold only the commits present, and documents
    whose release tag is missing fall back to their ``status``. ``qmsdoc release`` refuses to
    run in a shallow clone.
    """
    yield from ctx.history.findings("QMS711")


@rule("QMS712", "git-unavailable", S.WARNING,
      "Không đọc được lịch sử Git: {reason_vi}",
      "Cannot read the Git history: {reason_en}",
      hint_vi="Cài Git hoặc sửa lỗi trên; trong lúc đó bảng sửa đổi lấy từ edition/issued.",
      hint_en="Install Git or fix the error; meanwhile the revision table comes from "
      "edition/issued.")
def git_unavailable(ctx: RuleContext) -> Iterator[Finding]:
    """Git is missing or failed (not installed, an unsafe folder owner, a damaged repository).

    History is switched off as for a folder outside Git, but as a warning: the repository is
    meant to have history.
    """
    yield from ctx.history.findings("QMS712")


@rule("QMS713", "no-commits", S.INFO,
      "Kho Git chưa có commit nào: mọi tài liệu đều là bản dự thảo",
      "The Git repository has no commit yet: every document is a draft",
      hint_vi="Commit tài liệu (git add . && git commit), rồi chạy `qmsdoc release`.",
      hint_en="Commit the documents (git add . && git commit), then run `qmsdoc release`.")
def no_commits(ctx: RuleContext) -> Iterator[Finding]:
    """The folder is in a Git repository without any commit, so nothing has been released."""
    yield from ctx.history.findings("QMS713")
