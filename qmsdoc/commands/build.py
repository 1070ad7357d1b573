"""``qmsdoc build``: check the repository, read its history from Git, build the official set.

The build stage (:mod:`qmsdoc.build`) plans, renders and swaps the set into place; this command
composes check → history → build and gives the stage the first two as hooks, which it calls
only after its no-op test (an unchanged repository is neither loaded nor checked). That test
runs first, before the check, the history, the pipeline and the writers are even imported
(build/noop.py): a no-op rebuild is mostly Python starting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from qmsdoc.build.inputs import BuildError
from qmsdoc.build.options import BuildOptions, BuildResult, Progress
from qmsdoc.diagnostics import Diagnostic
from qmsdoc.load import NotARepository

if TYPE_CHECKING:
    from qmsdoc.history import History
    from qmsdoc.history.gitrepo import GitRepo
    from qmsdoc.model.documents import Document
    from qmsdoc.model.repository import Repository
    from qmsdoc.model.revision import Amendments
    from qmsdoc.render.compose.site import Previous
    from qmsdoc.rules.engine import CheckResult


@dataclass(frozen=True)
class Options:
    path: Path = Path(".")
    out: Path | None = None  # default: output.dir of qms.yaml
    jobs: int | None = None  # default: the number of CPUs
    only: tuple[str, ...] = ()  # document codes
    formats: tuple[str, ...] = ()  # default: output.formats of qms.yaml
    force: bool = False  # build a draft set despite check errors
    pdf_engine: str | None = None
    pdfa: bool | None = None
    pdf_fallback: bool | None = None
    today: dt.date | None = None
    lang: str = "vi"  # the words of the static site (-f html): vi or en
    progress: Callable[[Progress], None] | None = None


@dataclass
class Result:
    """The build's result (files written, diagnostics…), or a usage error; the exit status."""

    status: int
    build: BuildResult | None = None
    error: tuple[str, str] | None = None  # (vi, en): not a repository, unusable output folder…
    diagnostics: list[Diagnostic] = field(default_factory=list)  # to show, with build.repo


@dataclass
class _Reads:
    """The build's check, and its reading of the Git history: the log the check read is the
    one the revision tables are written from (read once per build, not twice)."""

    history: History | None = None

    def check(self, root: Path, today: dt.date) -> CheckResult:
        from qmsdoc.commands.check import checked

        result, self.history = checked(root, today=today)
        return result

    def with_history(self, root: Path, repo: Repository, options: BuildOptions,
                     diagnostics: list[Diagnostic]) -> BuildOptions:
        return _with_history(root, repo, options, diagnostics, self.history)


def _with_history(root: Path, repo: Repository, options: BuildOptions,
                  diagnostics: list[Diagnostic], history: History | None = None) -> BuildOptions:
    """Fill the revision tables and draft marks from Git, read once for the whole build
    (``history``: as the check read it; else read here)."""
    from qmsdoc.history import load_history
    from qmsdoc.render.compose.site import ReleaseNote

    if history is None:
        history = load_history(root)
    diagnostics.extend(history.notices)  # not a Git repository, shallow clone…
    people = {p.id: p.name for p in (repo.config.people if repo.config else []) if p.id and p.name}
    release = repo.config.release if repo.config else None
    require = bool(release and release.require_approval)  # qms.yaml release.require_approval
    latest = history.releases[-1] if history.releases else None
    note = (ReleaseNote(latest.tag, latest.date, people.get(latest.approved_by,
                                                            latest.approved_by), latest.change)
            if latest else None)
    return replace(options, revisions=lambda d: history.revisions(d, people),
                   states=lambda d: history.state(d, require_approval=require),
                   latest_release=note, previous=_previous_reader(history, repo, diagnostics),
                   amendments=_amendments(root, repo, history, options.today or dt.date.today(),
                                          diagnostics, options.only))


def _amendments(root: Path, repo: Repository, history: History, today: dt.date,
                diagnostics: list[Diagnostic], only: Sequence[str] = ()) -> dict[str, Amendments]:
    """The list of each amending decision that prints one (``purpose: sua-doi``, an empty body
    or the ``{{ amended }}`` marker in it), by its path, with a warning when it lists nothing
    (QMS725–QMS728)."""
    from qmsdoc.commands.release import decision_amendments
    from qmsdoc.history import problems
    from qmsdoc.history.amendments import find_release
    from qmsdoc.history.release import dirty_sources
    from qmsdoc.model.documents import Decision
    from qmsdoc.render.compose.decision import lists_amendments

    out: dict[str, Amendments] = {}
    memo: dict[str, Amendments] = {}  # the next release's list, planned once
    for d in repo.of_kind(Decision):
        if not lists_amendments(d) or d.status == "obsolete" or (
                only and (d.code or "") not in {c.strip() for c in only}):
            continue  # --only: the other decisions are not built
        found = out[d.path] = decision_amendments(root, repo, history, d, today, memo)
        code = d.code or d.path
        if d.release and not found.release and history.available and not history.shallow \
                and find_release(history, d.release) is None:
            known = ", ".join(r.tag for r in history.releases) or "—"
            diagnostics.append(problems.DECISION_RELEASE_UNKNOWN.make(
                d.at("release"), release=d.release, code=code, known=known))
        elif found.reason_vi:
            diagnostics.append(problems.AMENDMENTS_UNAVAILABLE.make(
                d.at("purpose"), code=code, reason_vi=found.reason_vi,
                reason_en=found.reason_en))
        elif not found.documents:
            diagnostics.append(problems.NOTHING_AMENDED.make(
                d.at("purpose"), code=code,
                release_vi=f"Lần phát hành {found.release}" if found.release else
                "Lần phát hành kế tiếp",
                release_en=f"The release {found.release}" if found.release else
                "The next release"))
        dirty = sorted(dirty_sources(history))
        if found.pending and not found.reason_vi and not d.release and dirty:
            shown = ", ".join(dirty[:5]) + (f" (+{len(dirty) - 5})" if len(dirty) > 5 else "")
            diagnostics.append(problems.AMENDMENTS_UNCOMMITTED.make(
                d.at("purpose"), code=code, files=shown))
    return out


def _previous_reader(history: History, repo: Repository, diagnostics: list[Diagnostic],
                     ) -> Callable[[Document], Previous | None]:
    """The earlier edition of a document as a model object (read from Git on first use, then
    parsed by the loader); one that cannot be read or parsed is reported (QMS840)."""
    from qmsdoc.build.problems import previous_edition_unreadable
    from qmsdoc.history.editions import open_git, previous_edition
    from qmsdoc.load import read_settings
    from qmsdoc.load.files import load_file
    from qmsdoc.model.documents import Document
    from qmsdoc.render.compose.site import Previous

    git: list[GitRepo | None] = []
    limits = read_settings(repo.config).limits

    def read(doc: Document) -> Previous | None:
        if not git:
            git.append(open_git(history))
        found = previous_edition(history, git[0], doc)
        if found is None:
            return None
        reason = ("Git không trả về tệp", "Git did not give the file")
        if found.data is not None:
            loaded = load_file(found.path, found.data, limits)
            if isinstance(loaded.obj, Document) and type(loaded.obj) is type(doc):
                return Previous(found.edition, found.date, found.label, loaded.obj)
            reason = ("tệp khi đó không đọc được như một tài liệu cùng loại",
                      "the file then does not load as a document of the same kind")
        diagnostics.append(previous_edition_unreadable(
            doc.at("code"), doc.code or "", found.label, reason[0],
            f"{reason[1]}{': ' + found.error if found.error else ''}"))
        return None

    return read


def build(root: Path, options: BuildOptions | None = None) -> BuildResult:
    """Check, read the history, build (raises NotARepository and BuildError)."""
    from qmsdoc.build.noop import up_to_date

    if options is not None and options.revisions is None and options.states is None:
        quick = up_to_date(root, options)  # nothing changed: nothing else is imported
        if quick is not None:
            return quick
    from qmsdoc.build import pipeline

    reads = _Reads()
    return pipeline.run(root, options, check=reads.check, history=reads.with_history)


def run(options: Options) -> Result:
    """``qmsdoc build``: exit 0 on success, 1 when the check finds errors (without --force) or
    a file could not be built, 2 for a folder that is not a repository or an unusable output
    folder."""
    build_options = BuildOptions(
        out=options.out, jobs=options.jobs, only=options.only, force=options.force,
        formats=options.formats, today=options.today, progress=options.progress,
        pdf_engine=options.pdf_engine, pdfa=options.pdfa, pdf_fallback=options.pdf_fallback,
        lang=options.lang)
    try:
        result = build(options.path, build_options)
    except (NotARepository, BuildError) as e:
        return Result(2, error=(e.vi, e.en))
    shown = result.diagnostics if result.repo is not None else []
    if result.refused:
        return Result(1, result, diagnostics=shown)
    return Result(0 if result.ok else 1, result, diagnostics=shown)


__all__ = ["BuildOptions", "BuildResult", "Options", "Result", "build", "run"]
