"""A repository's revision history: releases, per-document revisions and draft states.

:func:`load_history` reads Git once (see :mod:`qmsdoc.history.log`) and never fails: without
Git, or in a folder outside Git, it returns a :class:`History` whose ``available`` is False
and whose ``notices`` say why; every query then falls back to the documents' own metadata.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from qmsdoc.diagnostics import Diagnostic
from qmsdoc.history.gitrepo import GitRepo, GitUnavailable
from qmsdoc.history.log import FileLog, Touch, follow_renames, parse_log
from qmsdoc.history.problems import NOTICES
from qmsdoc.history.releases import Release, TagRecord, make_release, parse_tag_records
from qmsdoc.model.documents import Document
from qmsdoc.model.revision import DocumentState, RevisionEntry
from qmsdoc.model.span import Span

#: A release that names a document, with the edition it issued (None when not stated).
Coverage = tuple[Release, int | None]


@dataclass
class History:
    """Everything Git says about a QMS root. Build it with :func:`load_history`."""

    root: Path
    prefix: str = ""  # the QMS root relative to the Git work tree
    git: bool = False  # inside a usable Git work tree (working-tree status is known)
    available: bool = False  # the log was read (at least one commit)
    shallow: bool = False
    detached: bool = False
    head: str | None = None
    branch: str = ""
    releases: list[Release] = field(default_factory=list)  # oldest first
    dirty: set[str] = field(default_factory=set)  # uncommitted paths, relative to the root
    anchor: str = "qms.yaml"  # the file notices point at
    _log: FileLog = field(default_factory=FileLog, repr=False)
    _coverage: dict[str, list[Coverage]] = field(default_factory=dict, repr=False)
    _by_code: dict[str, list[Coverage]] = field(default_factory=dict, repr=False)
    _notices: list[tuple[str, dict[str, Any]]] = field(default_factory=list, repr=False)
    #: (release tag, current path) → (Sửa-đổi, Vị-trí) recorded for that document's edition
    _records: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict, repr=False)

    # -- notices ------------------------------------------------------------------------------

    def note(self, code: str, **args: Any) -> None:
        self._notices.append((code, args))

    def findings(self, code: str) -> Iterator[tuple[Span, dict[str, Any]]]:
        """The (span, arguments) of this notice code, for the QMS71x rules."""
        for c, args in self._notices:
            if c == code:
                yield Span(self.anchor, 1, 1), args

    @property
    def notices(self) -> list[Diagnostic]:
        """Why history is off or incomplete (QMS710 not a Git repository, QMS711 shallow…)."""
        return [NOTICES[c].make(Span(self.anchor, 1, 1), **args) for c, args in self._notices]

    # -- queries ------------------------------------------------------------------------------

    def commits(self, path: str) -> list[Touch]:
        """The commits that changed the file now at ``path`` (root-relative), oldest first."""
        return list(reversed(self._log.touches.get(path, [])))

    def releases_of(self, doc: Document) -> list[Coverage]:
        """The releases that issued this document, oldest first."""
        found = self._coverage.get(doc.path)
        if found:
            return found
        return self._by_code.get(doc.code or "", []) if doc.code else []

    def last_release(self, doc: Document) -> Coverage | None:
        found = self.releases_of(doc)
        return found[-1] if found else None

    def changes_since_release(self, doc: Document) -> list[Touch]:
        """Committed content changes (pure renames excluded) after the document's last release."""
        last = self.last_release(doc)
        if last is None:
            return []
        k = last[0].position
        return [t for t in self.commits(doc.path) if t.index < k and not t.pure_rename]

    def record(self, tag: str, doc: Document) -> tuple[str, str]:
        """The (Sửa-đổi, Vị-trí) the release ``tag`` wrote for this document's edition."""
        return self._records.get((tag, doc.path), ("", ""))

    def is_dirty(self, doc: Document) -> bool:
        """Uncommitted changes to the file: staged, unstaged or untracked."""
        return doc.path in self.dirty

    def revisions(self, doc: Document,
                  people: Mapping[str, str] | None = None) -> list[RevisionEntry]:
        """The rows of the document's "Theo dõi sửa đổi" table, oldest first.

        A release row (``is_release``) per release that issued the document, then one
        amendment row per commit until the next release, numbered 1, 2, … within the edition.
        Commits before the document's first release are its drafting and are not listed.
        Without Git or without any release of the document, the first row comes from its
        ``edition``/``issued`` metadata. ``people`` maps person ids (trailers, approved_by) to
        names.
        """
        def who(value: str) -> str:
            return people.get(value, value) if people and value else value

        base = _metadata_entry(doc, who(doc.approved_by or ""))
        if not self.available:
            return [base] if base else []
        touches = [t for t in self.commits(doc.path) if not t.pure_rename]
        covering = self.releases_of(doc)
        if not covering:
            rows = [base] if base else []
            n = 0
            for t in touches:
                if t.status == "A" or (doc.issued and t.commit.date <= doc.issued):
                    continue
                n += 1
                rows.append(_amendment(t, doc.edition, n, who))
            return rows
        release_commits = {rel.commit for rel, _ in covering}
        events: list[tuple[float, int, Touch | Coverage]] = [
            (-t.index, 1, t) for t in touches]
        events += [(-rel.position + 0.5, 0, (rel, ed)) for rel, ed in covering]
        events.sort(key=lambda e: (e[0], e[1]))
        out: list[RevisionEntry] = []
        edition: int | None = None
        n = 0
        for _, _, ev in events:
            if isinstance(ev, Touch):
                if out and ev.commit.hash not in release_commits:
                    n += 1
                    out.append(_amendment(ev, edition, n, who))
                continue
            rel, ed = ev
            if out and ed is not None and ed == edition:
                # The same edition listed again; a later release that approves it (qmsdoc
                # release --approved-by on an unapproved edition) fills in its approval.
                row = next((r for r in reversed(out) if r.is_release), None)
                if row is not None and not row.approved and rel.approved_by:
                    out[out.index(row)] = replace(row, approved_by=who(rel.approved_by),
                                                  note="", approved=True)
                continue
            edition, n = ed, 0
            # Approval comes only from the release's Phê-duyệt (qmsdoc release --approved-by):
            # the document's approved_by names who should approve, not who did.
            approved = bool(rel.approved_by)
            record, position = self._records.get((rel.tag, doc.path), ("", ""))
            issued = f"Ban hành lần {ed}" if ed else "Ban hành"
            out.append(RevisionEntry(
                date=rel.date, edition=ed, amendment=None,
                change=f"{issued}: {record}" if record else rel.change or issued,
                position=position,
                author=rel.author, approved_by=who(rel.approved_by) if approved else "",
                note="" if approved else "Chưa phê duyệt", commit=rel.commit,
                is_release=True, approved=approved))
        return out

    def state(self, doc: Document, require_approval: bool = False) -> DocumentState:
        """Whether the document may go into an official set (draft = marked DỰ THẢO).

        Draft when its file has uncommitted changes, when it says ``status: draft``, when it
        changed since the last release that issued it, or when releases exist and none issued
        it; with ``require_approval`` (qms.yaml ``release.require_approval``), also when the
        last release that issued it names no approver. Without Git, or before the first
        release, the front matter's ``status`` decides.
        """
        if self.git and self.is_dirty(doc):
            return DocumentState(True, "Có thay đổi chưa được commit vào Git",
                                 "Has uncommitted changes")
        if doc.status == "draft":
            return DocumentState(True, "Tài liệu khai báo status: draft",
                                 "The document says status: draft")
        if not self.available or not self.releases:
            return DocumentState(False)
        last = self.last_release(doc)
        if last is None:
            if self.shallow:
                return DocumentState(False)  # its release tag may simply not be fetched
            return DocumentState(True, "Chưa được ban hành (chưa có trong lần phát hành nào; "
                                 "chạy qmsdoc release)",
                                 "Not released yet (in no release; run qmsdoc release)")
        changed = self.changes_since_release(doc)
        if changed:
            rel = last[0]
            return DocumentState(
                True, f"Đã sửa đổi sau lần ban hành {rel.tag} ({rel.date:%d/%m/%Y}): "
                f"{len(changed)} commit chưa được ban hành",
                f"Changed since release {rel.tag} ({rel.date:%Y-%m-%d}): {len(changed)} "
                "unreleased commit(s)")
        if require_approval and not last[0].approved_by:
            rel = last[0]
            return DocumentState(
                True, f"Lần ban hành {rel.tag} ({rel.date:%d/%m/%Y}) chưa được phê duyệt",
                f"Release {rel.tag} ({rel.date:%Y-%m-%d}) is not approved yet")
        return DocumentState(False)


def _metadata_entry(doc: Document, approved_by: str) -> RevisionEntry | None:
    date = doc.issued or doc.effective or doc.approved
    if date is None:
        return None
    ed = doc.edition
    return RevisionEntry(date=date, edition=ed, amendment=None,
                         change=f"Ban hành lần {ed}" if ed else "Ban hành",
                         approved_by=approved_by, is_release=True)


def _amendment(t: Touch, edition: int | None, n: int, who: Any) -> RevisionEntry:
    c = t.commit
    return RevisionEntry(date=c.date, edition=edition, amendment=n,
                         change=c.trailer("change") or c.subject,
                         position=c.trailer("position"), author=c.author,
                         approved_by=who(c.trailer("approved-by")), commit=c.hash)


# -- loading ----------------------------------------------------------------------------------


def load_history(root: Path) -> History:
    """Read the revision history of the QMS root ``root``. Never raises for Git problems."""
    root = Path(root).resolve()
    anchor = "qms.yml" if (root / "qms.yml").is_file() and not (root / "qms.yaml").is_file() \
        else "qms.yaml"
    h = History(root, anchor=anchor)
    try:
        g = GitRepo.open(root)
    except GitUnavailable as e:
        h.note("QMS710" if e.kind == "not-a-repository" else "QMS712",
               reason_vi=e.vi, reason_en=e.en)
        return h
    h.prefix = g.prefix
    try:
        _read(h, g)
    except GitUnavailable as e:
        h.note("QMS712", reason_vi=e.vi, reason_en=e.en)
    except Exception as e:  # noqa: BLE001  (unexpected output: history off, never a traceback)
        h.note("QMS712", reason_vi=f"không hiểu kết quả của git ({e!r})",
               reason_en=f"unexpected git output ({e!r})")
        h.available, h.releases, h._log = False, [], FileLog()
        h._coverage.clear()
        h._by_code.clear()
        h._records.clear()
    return h


def _read(h: History, g: GitRepo) -> None:
    running = g.start_log()  # the long answer, written while the short questions are asked
    try:
        h.dirty = g.status()
        h.git = True
        h.head = g.head()
        if h.head is None:
            h.note("QMS713")
            return
        h.branch = g.branch()
        h.detached = not h.branch
        h.shallow = g.is_shallow()
        tags = g.tags()
        text = running.result()
    finally:
        running.discard()
    raw = parse_log(text)
    placed = _place_tags(g, parse_tag_records(tags), raw_hashes=[r.commit.hash for r in raw])
    releases = [r for r in (make_release(rec, k) for rec, k in placed)
                if r.root is None or r.root == (g.prefix or ".")]
    releases.sort(key=lambda r: (-r.position, r.date, r.tag))
    checkpoints: dict[int, set[str]] = {}
    for r in releases:
        checkpoints.setdefault(r.position, set()).update(d.path for d in r.documents)
    log = follow_renames(raw, g.prefix, checkpoints)
    for r in releases:
        if r.documents:
            for d in r.documents:
                current = log.resolved.get((r.position, d.path), d.path)
                if current is not None:
                    h._coverage.setdefault(current, []).append((r, d.edition))
                    if d.change or d.position:
                        h._records[(r.tag, current)] = (d.change, d.position)
                h._by_code.setdefault(d.code, []).append((r, d.edition))
        else:  # a hand-made tag: every file that existed at its commit
            for path, touches in log.touches.items():
                if touches and touches[-1].index >= r.position:
                    h._coverage.setdefault(path, []).append((r, None))
    h._log, h.releases, h.available = log, releases, True
    if h.shallow:
        h.note("QMS711", commits=len(raw))


def _place_tags(g: GitRepo, records: list[TagRecord],
                raw_hashes: list[str]) -> list[tuple[TagRecord, int]]:
    """Each tag on HEAD's first-parent chain with its log position (logged commits newer)."""
    position = {sha: i for i, sha in enumerate(raw_hashes)}
    out: list[tuple[TagRecord, int]] = []
    missing = [rec for rec in records if rec.commit not in position]
    for rec in records:
        if rec.commit in position:
            out.append((rec, position[rec.commit]))
    if missing:
        chain = {sha: i for i, sha in enumerate(g.first_parent_chain())}
        logged = sorted(chain[sha] for sha in raw_hashes if sha in chain)
        for rec in missing:
            at = chain.get(rec.commit)
            if at is not None:  # else: not an ancestor of HEAD on the main line
                out.append((rec, bisect.bisect_left(logged, at)))
    return out
