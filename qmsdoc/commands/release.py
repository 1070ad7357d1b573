"""``qmsdoc release``: refuse while the check finds errors, else issue the changed documents.

The release itself (plan, front-matter edits, commit, tag, resuming a killed run) is the
history stage's (:mod:`qmsdoc.history.release`); this command composes it with the check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from qmsdoc.commands.check import check_repository
from qmsdoc.history.amendments import find_release, released_amendments
from qmsdoc.history.gitrepo import GitUnavailable
from qmsdoc.history.release import (
    PendingRelease,
    PlannedDocument,
    ReleasePlan,
    ReleaseRefused,
    ReleaseResult,
    apply_release,
    pending_release,
    plan_documents,
    resume_release,
)
from qmsdoc.history.release import plan_release as plan_stage
from qmsdoc.history.timeline import History
from qmsdoc.load import NotARepository
from qmsdoc.model.documents import Decision
from qmsdoc.model.repository import Repository
from qmsdoc.model.revision import AmendedDocument, Amendments
from qmsdoc.rules.engine import CheckResult


@dataclass(frozen=True)
class Options:
    path: Path = Path(".")
    dry_run: bool = False
    approved_by: str = ""  # person id or name in qms.yaml people
    #: The release date (default today); a callable is called only when a plan is made: the
    #: CLI's --date is not read when an unfinished release is completed instead.
    date: dt.date | Callable[[], dt.date | None] | None = None
    message: str = ""
    #: Also write the Word redlines of the amended documents (against the previous release)
    #: into this folder once the release is made (qmsdoc diff PREVIOUS TAG --docx OUT).
    redlines: Path | None = None


@dataclass
class Result:
    """What ``qmsdoc release`` did or would do; the exit status."""

    status: int
    plan: ReleasePlan | None = None  # None when an unfinished release was found instead
    applied: ReleaseResult | None = None  # the commit and tag made (None: dry run, nothing new)
    pending: PendingRelease | None = None  # an unfinished release of a killed run
    resumed: ReleaseResult | None = None  # that release, completed
    error: tuple[str, str] | None = None  # (vi, en): refused (1) or not a repository (2)
    redlines: list[Path] = field(default_factory=list)  # the redlines written (--redlines)
    #: Why they could not be written (the release itself is made): (vi, en)
    redline_error: tuple[str, str] | None = None


def _check(root: Path, today: dt.date | None) -> CheckResult:
    return check_repository(root, today=today)


def plan_release(root: Path, date: dt.date | None = None, approved_by: str = "",
                 message: str = "", today: dt.date | None = None) -> ReleasePlan:
    """What ``qmsdoc release`` would do, the check included, with the amendment records the
    commits do not state proposed from the diff; raises ReleaseRefused."""
    return propose_records(plan_stage(root, date, approved_by, message, today, check=_check))


def propose_records(plan: ReleasePlan) -> ReleasePlan:
    """Fill each amended document's "Nội dung sửa đổi" and "Vị trí" that no Sửa-đổi:/Vị-trí:
    trailer gave, from the diff between the last release and HEAD (the release needs a clean
    working tree, so HEAD is what is released)."""
    from qmsdoc.diagnostics import QmsdocError
    from qmsdoc.diff import compare
    from qmsdoc.diff.summary import position, summary
    from qmsdoc.diff.word import redlines

    wanted = [d for d in plan.amended if not d.change or not d.position]
    if not wanted or not plan.previous:
        return plan
    try:
        cmp = compare(plan.root, plan.previous, "HEAD", [d.code for d in wanted if d.code])
        diffs = {d.path: d for d in cmp.documents}
        sections = {r.path: r.document for r in redlines(cmp)}
    except Exception as e:  # noqa: BLE001  (a proposal never stops a release)
        if isinstance(e, QmsdocError):
            vi, en = e.vi, e.en
        else:
            vi = en = f"{type(e).__name__}: {e}"
        plan.proposal_error = (f"Không đề xuất được nội dung sửa đổi từ so sánh: {vi}",
                               f"Could not propose the amendment records from the diff: {en}")
        return plan
    for i, d in enumerate(plan.documents):
        found = diffs.get(d.path)
        if d not in wanted or found is None:
            continue
        proposed: list[str] = []
        change, where = d.change, d.position
        if not change:
            change = summary(found)
            proposed.append("change")
        if not where:
            where = position(found, sections.get(d.path))
            if where:
                proposed.append("position")
        plan.documents[i] = replace(d, change=change, position=where,
                                    proposed=tuple(proposed))
    return plan


def amendments(plan: ReleasePlan) -> Amendments:
    """The documents the planned release amends, as the issuing decision lists them: the one
    source of the dry run's decision lines, its JSON ``decision`` and the built decision."""
    return Amendments("", plan.date, _listed(plan.amended))


def _listed(documents: Iterable[PlannedDocument]) -> tuple[AmendedDocument, ...]:
    return tuple(AmendedDocument(d.code, d.title, d.new_edition, d.change) for d in documents)


def decision_amendments(root: Path, repo: Repository, history: History, decision: Decision,
                        today: dt.date, memo: dict[str, Amendments] | None = None) -> Amendments:
    """What an amending decision (``purpose: sua-doi``) lists: the documents amended by its
    release — the one its ``release:`` names, else the release that issued the decision, else
    (not released yet) the release ``qmsdoc release`` would make now, computed as its dry run
    does (from what is committed; ``memo`` keeps that plan for the next decision of the same
    build). Never raises: when the list cannot be known, the result is empty and says why."""
    def unknown(vi: str, en: str) -> Amendments:
        return Amendments(reason_vi=vi, reason_en=en)

    if not history.available:
        why = history.notices[0] if history.notices else None
        return unknown(f"không đọc được lịch sử Git ({why.vi if why else 'không có Git'})",
                       f"the Git history cannot be read ({why.en if why else 'no Git'})")
    if history.shallow:
        return unknown("kho Git là bản sao nông (shallow clone), có thể thiếu các lần phát hành",
                       "the Git repository is a shallow clone that may lack the releases")
    if decision.release:
        named = find_release(history, decision.release)
        if named is None:
            return unknown(f"không có lần phát hành {decision.release}",
                           f"there is no release {decision.release}")
        return Amendments(named.tag, named.date,
                          _listed(released_amendments(history, repo, named)))
    covering = history.releases_of(decision)
    if covering:  # the decision is issued: the release that first issued it
        issued_by = covering[0][0]
        return Amendments(issued_by.tag, issued_by.date,
                          _listed(released_amendments(history, repo, issued_by)))
    if memo is not None and "next" in memo:
        return memo["next"]
    # the release date only names the tag and the new dates, never the list
    date = max(today, history.releases[-1].date) if history.releases else today
    try:
        plan = propose_records(plan_documents(root, history, repo, date))
    except (ReleaseRefused, GitUnavailable) as e:
        return unknown(e.vi, e.en)
    listed = amendments(plan)
    if plan.proposal_error is not None:
        listed = replace(listed, reason_vi=plan.proposal_error[0],
                         reason_en=plan.proposal_error[1])
    if memo is not None:
        memo["next"] = listed
    return listed


def run(options: Options) -> Result:
    """Exit 0 when released (or nothing to release), 1 when refused, 2 for a folder that is not
    a qmsdoc repository."""
    pending = pending_release(options.path)
    if pending is not None:  # finish it (no edition is raised again), nothing else
        if options.dry_run:
            return Result(0, pending=pending)
        try:
            return Result(0, pending=pending, resumed=resume_release(pending, options.path))
        except ReleaseRefused as e:
            return Result(1, pending=pending, error=(e.vi, e.en))
    date = options.date() if callable(options.date) else options.date
    try:
        plan = plan_release(options.path, date, options.approved_by, options.message)
    except NotARepository as e:
        return Result(2, error=(e.vi, e.en))
    except ReleaseRefused as e:
        return Result(1, error=(e.vi, e.en))
    if options.dry_run or not plan.documents:
        return Result(0, plan)
    try:
        done = Result(0, plan, apply_release(plan))
    except ReleaseRefused as e:
        return Result(1, plan, error=(e.vi, e.en))
    if options.redlines is not None and plan.previous and done.applied is not None:
        _write_redlines(options, plan, done)
    return done


def _write_redlines(options: Options, plan: ReleasePlan, done: Result) -> None:
    """The Word redline of each document the release amended, against the previous release."""
    from qmsdoc.commands import diff

    assert done.applied is not None
    codes = tuple(d.code for d in plan.amended if d.code)
    if not codes:
        return
    made = diff.run(diff.Options(options.path, plan.previous, done.applied.tag, codes,
                                 docx=options.redlines))
    done.redlines = made.written
    done.redline_error = made.error


__all__ = ["Options", "PendingRelease", "ReleasePlan", "Result", "amendments",
           "decision_amendments", "plan_release", "run"]
