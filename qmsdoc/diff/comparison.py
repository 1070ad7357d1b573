"""What changed between two editions: ``qmsdoc diff``, Word redlines, amendment records.

* :func:`compare` — the semantic difference between two states of a QMS root (a Git revision
  or the working tree): :mod:`qmsdoc.diff.semantic`;
* :mod:`qmsdoc.diff.redline` — one document's new edition with tracked changes against the old
  one, computed on the composed document tree;
* :mod:`qmsdoc.diff.summary` — the one-line "Nội dung sửa đổi" and the "Vị trí" of a document's
  changes, which ``qmsdoc release`` proposes;
* :mod:`qmsdoc.diff.report` — text and Markdown wording, Vietnamese and English.

A stage above history and render (it reads Git through :mod:`qmsdoc.history.gitrepo` and
composes trees through :mod:`qmsdoc.render.compose`); only the commands import it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from qmsdoc.diagnostics import Diagnostic
from qmsdoc.diff.semantic import DocumentDiff, compare_repositories
from qmsdoc.diff.snapshot import (
    WORKTREE,
    Commit,
    DiffError,
    Snapshot,
    last_commits,
    last_release_tag,
    load_revision,
    load_worktree,
    open_git,
    renames,
    resolve,
)


@dataclass
class Comparison:
    """The two states compared and the documents that differ."""

    old: Snapshot
    new: Snapshot
    documents: list[DocumentDiff]
    commits: dict[str, Commit] = field(default_factory=dict)  # new path → last commit
    notices: list[Diagnostic] = field(default_factory=list)  # QMS720

    def json(self) -> dict[str, object]:
        return {"from": {"label": self.old.label, "commit": self.old.commit},
                "to": {"label": self.new.label, "commit": self.new.commit},
                "documents": [d.json() for d in self.documents],
                "notices": [{"code": n.code, "path": n.span.path, "line": n.span.line,
                             "column": n.span.column, "message": n.vi, "message_en": n.en}
                            for n in self.notices]}


def changed_paths(root: Path, old: str, new: str | None) -> set[str]:
    """The files that differ between the two states, as ``check --changed-since`` sees them."""
    from qmsdoc.changes import ChangesError, changed_between

    try:
        paths, _ = changed_between(root, old, new, contents=False)
    except ChangesError as e:
        raise DiffError(e.vi, e.en) from None
    return paths


def compare(root: Path, old: str | None = None, new: str | None = None,
            codes: Sequence[str] = ()) -> Comparison:
    """Compare ``old`` (default: the last release) with ``new`` (default: the working tree);
    raises DiffError."""
    root = Path(root).resolve()
    g = open_git(root)
    old_label = old or last_release_tag(root)
    old_commit = resolve(g, old_label)
    new_commit = None if new in (None, WORKTREE) else resolve(g, new or "")
    before = load_revision(root, g, old_commit, old_label)
    after = (load_worktree(root) if new_commit is None
             else load_revision(root, g, new_commit, new or ""))
    if codes:
        known = {d.code for d in (*before.repo.documents, *after.repo.documents) if d.code}
        unknown = [c for c in codes if c not in known]
        if unknown:
            listed = ", ".join(unknown)
            raise DiffError(f"Không có tài liệu nào mang mã {listed} ở {old_label} hay ở "
                            f"{new or 'thư mục làm việc'} (nếu đó là một phiên bản Git: Git "
                            "không biết phiên bản này).",
                            f"No document has the code {listed} at {old_label} or at "
                            f"{new or 'the working tree'} (if it is meant as a Git revision: Git "
                            "does not know it).")
    changed = changed_paths(root, old_commit, new_commit)
    docs = compare_repositories(before.repo.documents, after.repo.documents, changed=changed,
                                renames=renames(g, old_commit, new_commit), codes=codes)
    commits = last_commits(g, old_commit, new_commit,
                           sorted({p for d in docs for p in (d.path, d.old_path) if p}))
    notices = [*unreadable(before, changed), *unreadable(after, changed)]
    return Comparison(before, after, docs, commits, notices)


def unreadable(side: Snapshot, changed: set[str]) -> list[Diagnostic]:
    """QMS720 for each changed file of ``side`` that loaded no document because of an error."""
    from qmsdoc.diagnostics import Severity
    from qmsdoc.diff.problems import UNREADABLE_AT_REVISION

    loaded = {d.path for d in side.repo.documents}
    out: list[Diagnostic] = []
    seen: set[str] = set()
    label = side.label if side.commit else "WORKTREE"
    for d in side.diagnostics:
        path = d.span.path
        if (d.severity is Severity.ERROR and path in changed and path not in loaded
                and path.endswith(".md") and path not in seen):
            seen.add(path)
            out.append(UNREADABLE_AT_REVISION.make(d.span, revision=label, reason_vi=d.vi,
                                                   reason_en=d.en))
    return out


__all__ = ["WORKTREE", "Commit", "Comparison", "DiffError", "DocumentDiff", "Snapshot",
           "changed_paths", "compare"]
