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

import contextlib
import datetime as dt
import os
import subprocess
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qmsdoc.atomic import write_atomic
from qmsdoc.diagnostics import QmsdocError
from qmsdoc.history.frontmatter import FrontMatterError, edit_front_matter
from qmsdoc.history.gitrepo import GitRepo, GitUnavailable
from qmsdoc.history.log import Touch
from qmsdoc.history.releases import ReleasedDocument, release_message, tag_name
from qmsdoc.history.timeline import History, load_history
from qmsdoc.model.documents import Document
from qmsdoc.model.repository import Repository
from qmsdoc.textsafe import one_line

_SUBJECT = "Ban hành tài liệu HTQLCL ngày "


class ReleaseRefused(QmsdocError):
    """The repository cannot be released now; the messages say why and what to do."""


@dataclass(frozen=True, slots=True)
class PlannedDocument:
    """One document of a release and the front-matter values it gets."""

    code: str
    title: str
    path: str  # relative to the QMS root
    reason: str  # baseline | new | changed | bumped-by-hand | approve
    old_edition: int | None
    new_edition: int | None
    old_issued: dt.date | None
    new_issued: dt.date | None
    commits: int = 0  # commits since the last release
    edits: Mapping[str, Any] = field(default_factory=dict)
    #: The amendment record of the new edition ("Nội dung sửa đổi", "Vị trí"): the commits'
    #: Sửa-đổi:/Vị-trí: trailers, else what the command proposes from the diff.
    change: str = ""
    position: str = ""
    proposed: tuple[str, ...] = ()  # which of "change", "position" were proposed


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
    #: Why no amendment record could be proposed from the diff ((vi, en); None: no problem).
    proposal_error: tuple[str, str] | None = None

    @property
    def amended(self) -> list[PlannedDocument]:
        """The documents the issuing decision lists as amended (a new edition with its record)."""
        return [d for d in self.documents if d.reason in ("changed", "bumped-by-hand")]

    @property
    def commit_message(self) -> str:
        # Only a proposed record goes into the message: one the commits' trailers state is
        # already on the revision table's amendment rows.
        docs = [ReleasedDocument(d.code, d.new_edition, d.path,
                                 d.change if "change" in d.proposed else "",
                                 d.position if "position" in d.proposed else "")
                for d in self.documents]
        return release_message(self.date, docs, self.prefix, self.approved_by, self.message)


@dataclass(frozen=True, slots=True)
class ReleaseResult:
    tag: str
    commit: str  # the commit tagged (a new release commit, or HEAD for a baseline)
    committed: bool


def _resolve_person(repo: Repository, who: str) -> str:
    people = repo.config.people if repo.config else []
    for p in people:
        if who.strip() and who in (p.id, p.name):
            # one line: a trailer value can never carry a second trailer
            return one_line(p.id or who).strip()
    known = one_line(", ".join(p.id for p in people if p.id))
    who = one_line(who)
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
    sources = dirty_sources(history)
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


def dirty_sources(history: History) -> set[str]:
    """The uncommitted paths that are sources: output folders (_build) and tool folders
    (.qmsdoc) are not (the loader skips them)."""
    return {p for p in history.dirty
            if not any(part[:1] in ("_", ".") for part in p.split("/")[:-1])}


#: The check a release runs (root, today) → the repository and its error count: given by the
#: command (qmsdoc.commands.release), which composes the check with the release.
Checker = Callable[[Path, "dt.date | None"], Any]


def plan_release(root: Path, date: dt.date | None = None, approved_by: str = "",
                 message: str = "", today: dt.date | None = None, *,
                 check: Checker) -> ReleasePlan:
    """What ``qmsdoc release`` would do; raises ReleaseRefused. Writes nothing.

    ``check`` runs after the working tree is found clean (a CheckResult: ``errors``, ``repo``).
    """
    root = Path(root).resolve()
    history = load_history(root)
    _ready(history)
    result = check(root, today)
    if result.errors:
        raise ReleaseRefused(f"Không thể ban hành: `qmsdoc check` còn {result.errors} lỗi. Sửa "
                             "các lỗi (chạy qmsdoc check để xem) rồi chạy lại.",
                             f"Cannot release: `qmsdoc check` reports {result.errors} error(s). "
                             "Fix them (run qmsdoc check) and run again.")
    return plan_documents(root, history, result.repo, date or today or dt.date.today(),
                          approved_by, message)


def plan_documents(root: Path, history: History, repo: Repository, date: dt.date,
                   approved_by: str = "", message: str = "") -> ReleasePlan:
    """The documents a release on ``date`` would issue, from what is committed (the part of
    :func:`plan_release` after its refusals: the build asks it for an amending decision's list
    without requiring a clean working tree). Raises ReleaseRefused (a date before the last
    release, an unknown approver)."""
    root = Path(root).resolve()
    last = history.releases[-1] if history.releases else None
    if last is not None and date < last.date:
        raise ReleaseRefused(f"Ngày ban hành {date:%d/%m/%Y} trước lần ban hành gần nhất "
                             f"{last.tag} ({last.date:%d/%m/%Y}).",
                             f"The release date {date} is before the last release {last.tag} "
                             f"({last.date}).")
    approver = _resolve_person(repo, approved_by) if approved_by else ""
    existing = GitRepo.open(root).tag_names()
    plan = ReleasePlan(root, date, tag_name(date, existing), baseline=last is None,
                       approved_by=approver, message=message, previous=last.tag if last else "",
                       prefix=history.prefix)
    for doc in sorted(repo.documents, key=lambda d: (d.code or "", d.path)):
        if doc.status in ("draft", "obsolete"):
            plan.skipped.append((doc.code or doc.path, doc.status))
            continue
        planned = _plan_document(doc, history, date, plan.baseline, bool(approver))
        if planned is not None:
            plan.documents.append(planned)
    return plan


def _plan_document(doc: Document, history: History, date: dt.date,
                   baseline: bool, approving: bool = False) -> PlannedDocument | None:
    """What the release does to one document; ``approving``: an approver was named, so an
    unchanged document whose last release nobody approved is released again at the same
    edition, approved (nothing is edited)."""
    def planned(reason: str, edition: int | None, commits: int = 0,
                touches: Sequence[Touch] = ()) -> PlannedDocument:
        edits: dict[str, Any] = {}
        if reason not in ("baseline", "approve"):
            if edition != doc.edition:
                edits["edition"] = edition
            if doc.issued != date:
                edits["issued"] = date
            if doc.has("effective") and doc.effective is not None and doc.effective < date:
                edits["effective"] = date
        # the amendment record the commits state (oldest first, each value once)
        change = joined(t.commit.trailer("change") for t in touches)
        position = joined(t.commit.trailer("position") for t in touches)
        return PlannedDocument(doc.code or "", doc.title or "", doc.path, reason, doc.edition,
                               edition, doc.issued, edits.get("issued", doc.issued), commits,
                               edits, change, position)

    if baseline:
        return planned("baseline", doc.edition)
    last = history.last_release(doc)
    if last is None:
        return planned("new", doc.edition or 1)
    changes = history.changes_since_release(doc)
    if not changes:
        if approving and not last[0].approved_by:
            return planned("approve", last[1] if last[1] is not None else doc.edition)
        return None
    released = last[1]
    if released is not None and doc.edition is not None and doc.edition > released:
        return planned("bumped-by-hand", doc.edition, len(changes), changes)
    base = released if released is not None else (doc.edition or 0)
    return planned("changed", base + 1, len(changes), changes)


def joined(values: Iterable[str]) -> str:
    out: list[str] = []
    for v in values:
        v = one_line(v).strip()
        if v and v not in out:
            out.append(v)
    return "; ".join(out)


#: Called with the name of each step of :func:`apply_release` and :func:`resume_release`
#: before it runs: the tests raise from it to simulate a kill at that point.
STEP_HOOK: Callable[[str], None] | None = None


def _step(name: str) -> None:
    if STEP_HOOK is not None:
        STEP_HOOK(name)


def _git(top: Path, *args: str, data: bytes | None = None,
         env: Mapping[str, str] | None = None) -> bytes:
    """Run a git plumbing command (stdin, environment); failures become GitUnavailable."""
    try:
        proc = subprocess.run(["git", *args], cwd=top, input=data, capture_output=True,
                              env={**os.environ, **(env or {})}, timeout=300)
    except (OSError, subprocess.SubprocessError) as e:
        raise GitUnavailable("error", f"không chạy được git: {e}",
                             f"cannot run git: {e}") from None
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip()
        raise GitUnavailable("error", f"lệnh git {args[0]} bị lỗi: {err}",
                             f"git {args[0]} failed: {err}")
    return proc.stdout


def apply_release(plan: ReleasePlan) -> ReleaseResult:
    """Create the release commit and its tag, then move the branch and the files onto it.

    The steps are ordered so that a kill at any point leaves a state that the next run of
    ``qmsdoc release`` finishes (:func:`resume_release`) without bumping anything twice:

    1. the edited files are written as Git objects and the release commit is built with a
       temporary index (nothing visible changes: a kill leaves only unreachable objects);
    2. the annotated tag is created on that commit (from here on the release exists: a kill
       leaves a tag whose commit's parent is HEAD, which the next run completes);
    3. each edited file is replaced atomically by its new text, the files are staged, and the
       branch is moved from the old HEAD to the release commit (compare-and-swap).
    """
    g = GitRepo.open(plan.root)
    head = g.head() or ""
    edited: dict[str, bytes] = {}
    try:
        for d in plan.documents:
            if d.edits:
                path = plan.root / d.path
                edited[path.relative_to(g.top).as_posix()] = edit_front_matter(
                    path.read_bytes(), d.edits)
    except (FrontMatterError, OSError) as e:
        vi, en = getattr(e, "vi", str(e)), getattr(e, "en", str(e))
        raise ReleaseRefused(f"Ban hành thất bại, không tệp nào bị thay đổi: {vi}",
                             f"The release failed and no file was changed: {en}") from None
    if not edited:
        _step("tag")
        _tag(g, plan.tag, plan.commit_message, head)
        return ReleaseResult(plan.tag, head, False)
    try:
        _step("objects")
        commit = _build_commit(g, head, edited, plan.commit_message)
        _step("tag")
        _tag(g, plan.tag, plan.commit_message, commit)
    except GitUnavailable as e:
        raise ReleaseRefused(f"Ban hành thất bại, không tệp nào bị thay đổi: {e.vi}",
                             f"The release failed and no file was changed: {e.en}") from None
    _finish(g, head, commit, plan.tag)
    return ReleaseResult(plan.tag, commit, True)


def _build_commit(g: GitRepo, head: str, edited: Mapping[str, bytes], message: str) -> str:
    """The release commit (HEAD's tree with the edited files), without touching the index."""
    gitdir = Path(_git(g.top, "rev-parse", "--absolute-git-dir").decode().strip())
    index = gitdir / "qmsdoc-release.index"
    env = {"GIT_INDEX_FILE": str(index)}
    try:
        _git(g.top, "read-tree", head, env=env)
        for rel, data in edited.items():
            blob = _git(g.top, "hash-object", "-w", f"--path={rel}", "--stdin", data=data)
            mode = _git(g.top, "ls-files", "-s", "--", f":(literal){rel}",
                        env=env).decode().split(" ", 1)[0] or "100644"
            _git(g.top, "update-index", "--cacheinfo", f"{mode},{blob.decode().strip()},{rel}",
                 env=env)
        tree = _git(g.top, "write-tree", env=env).decode().strip()
    finally:
        with contextlib.suppress(OSError):
            index.unlink()
    return _git(g.top, "commit-tree", tree, "-p", head, "-F", "-",
                data=message.encode("utf-8")).decode().strip()


def _tag(g: GitRepo, tag: str, message: str, commit: str) -> None:
    try:
        _git(g.top, "tag", "-a", tag, "-F", "-", commit, data=message.encode("utf-8"))
    except GitUnavailable as e:
        raise ReleaseRefused(f"Không tạo được thẻ {tag} trên {commit[:7]}: {e.vi}. Tạo thẻ "
                             f"bằng: git tag -a {tag} {commit[:7]}",
                             f"Could not create tag {tag} on {commit[:7]}: {e.en}") from None


def _finish(g: GitRepo, head: str, commit: str, tag: str) -> None:
    """Bring the work tree, the index and the branch from ``head`` to the tagged ``commit``.

    Idempotent: each file is written only when it does not hold the release's text yet, so the
    next run repeats this after a kill at any point of it.
    """
    names = [n for n in _git(g.top, "diff", "--name-only", "-z", "--no-renames", head,
                             commit).decode("utf-8").split("\0") if n]
    try:
        for rel in names:
            _step(f"file:{rel}")
            new = _git(g.top, "cat-file", "--filters", f"{commit}:{rel}")
            path = g.top / rel
            if path.read_bytes() != new:
                write_atomic(path, new)
        _step("index")
        _git(g.top, "add", "--", *(f":(literal){n}" for n in names))
        _step("ref")
        _git(g.top, "update-ref", "-m", f"qmsdoc release {tag}", "HEAD", commit, head)
    except (GitUnavailable, OSError) as e:
        vi, en = getattr(e, "vi", str(e)), getattr(e, "en", str(e))
        raise ReleaseRefused(f"Đã tạo thẻ {tag} nhưng chưa chuyển được nhánh sang {commit[:7]}: "
                             f"{vi}. Chạy lại qmsdoc release để hoàn tất.",
                             f"Tag {tag} was created but the branch could not be moved to "
                             f"{commit[:7]}: {en}. Run qmsdoc release again to finish.") from None


@dataclass(frozen=True, slots=True)
class PendingRelease:
    """A release that a killed run left unfinished, and what completing it does."""

    tag: str
    commit: str
    kind: str  # "move": tag made, branch not moved yet | "tag": release commit without tag
    message: str


def pending_release(root: Path) -> PendingRelease | None:
    """The release a killed ``qmsdoc release`` left unfinished, if any (reads only)."""
    from qmsdoc.history.releases import parse_tag_records
    from qmsdoc.history.trailers import parse_trailers, trailer

    try:
        g = GitRepo.open(Path(root).resolve())
        head = g.head()
        if head is None:
            return None
        records = parse_tag_records(g.tags())
    except GitUnavailable:
        return None
    here = g.prefix or "."

    def ours(message: str) -> bool:
        t = parse_trailers(message)
        return message.startswith(_SUBJECT) and bool(trailer(t, "release-date")) \
            and trailer(t, "root") == here

    tagged = {r.commit for r in records}
    for r in records:  # 1. a tag whose commit is a child of HEAD: the branch was not moved
        if r.commit != head and ours(r.message):
            parents = _git(g.top, "rev-list", "--parents", "-n", "1", r.commit).decode().split()
            if parents[1:2] == [head]:
                return PendingRelease(r.name, r.commit, "move", r.message)
    # 2. a release commit on the branch without its tag (killed between commit and tag by an
    #    older qmsdoc, or a tag deleted): look back to the newest tagged commit only.
    out = _git(g.top, "log", "--first-parent", "--format=%H%x1f%B%x1e", "-n", "500",
               "HEAD").decode("utf-8", "replace")
    for record in out.split("\x1e"):
        if "\x1f" not in record:
            continue
        commit, message = record.strip("\n").split("\x1f", 1)
        if commit in tagged:
            return None
        if ours(message):
            date = trailer(parse_trailers(message), "release-date").split(";")[0].strip()
            try:
                when = dt.date.fromisoformat(date)
            except ValueError:
                return None
            name = tag_name(when, {r.name for r in records})
            return PendingRelease(name, commit, "tag", message)
    return None


def resume_release(pending: PendingRelease, root: Path) -> ReleaseResult:
    """Complete a release a killed run left unfinished: no edition is bumped again."""
    g = GitRepo.open(Path(root).resolve())
    try:
        if pending.kind == "tag":
            _step("tag")
            _tag(g, pending.tag, pending.message, pending.commit)
            return ReleaseResult(pending.tag, pending.commit, True)
        head = g.head() or ""
        for rel in [n for n in _git(g.top, "diff", "--name-only", "-z", "--no-renames", head,
                                    pending.commit).decode("utf-8").split("\0") if n]:
            path = g.top / rel
            current = path.read_bytes() if path.is_file() else b""
            allowed = {_git(g.top, "cat-file", "--filters", f"{c}:{rel}") for c in
                       (head, pending.commit)}
            if current not in allowed:
                raise ReleaseRefused(
                    f"Lần ban hành dở dang {pending.tag} chưa hoàn tất được: tệp {rel} đã bị "
                    "sửa sau đó. Hãy commit hoặc hủy thay đổi đó rồi chạy lại.",
                    f"The unfinished release {pending.tag} cannot be completed: {rel} was "
                    "edited since. Commit or discard that change and run again.")
    except GitUnavailable as e:
        raise ReleaseRefused(f"Không hoàn tất được lần ban hành dở dang: {e.vi}",
                             f"Cannot complete the unfinished release: {e.en}") from None
    _finish(g, head, pending.commit, pending.tag)
    return ReleaseResult(pending.tag, pending.commit, True)
