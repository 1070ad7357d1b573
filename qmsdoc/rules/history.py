"""QMS7xx: revision history: editions against the last release, dates, and Git notices.

The edition rules read ``ctx.history`` (computed on first use, one ``git log`` for the whole
repository). The notices (QMS710–QMS713: why history is off or incomplete) are the history
stage's own codes, registered in :mod:`qmsdoc.history.problems`.
"""

from __future__ import annotations

from collections.abc import Iterator

from qmsdoc.diagnostics import Severity as S
from qmsdoc.diagnostics.registry import Finding, rule
from qmsdoc.history import problems as _notices  # noqa: F401  (registers QMS710–QMS713)
from qmsdoc.model.documents import Document
from qmsdoc.rules.context import RuleContext, fmt_date


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
    release = ctx.repo.config.release if ctx.repo.config else None
    if not (release and release.require_approval):
        return
    for d, released, args in _released(ctx):
        last = ctx.history.last_release(d)
        if last is not None and not last[0].approved_by:
            yield d.at("edition"), {**args, "edition": released}
