"""The redline of each changed document: both editions composed as the build composes them,
then compared (:mod:`qmsdoc.diff.redline`).

The revision table ("Theo dõi sửa đổi") of each edition is the one the build prints, cut at
that edition: the rows of the document's Git history whose commit the edition contains. The
author and date of the tracked changes are those of the newest commit that changed the file
between the two states; changes not committed yet are Git's current author, now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from qmsdoc.diff.comparison import Comparison
from qmsdoc.diff.redline import Marks, changed_text, diff_blocks, redline
from qmsdoc.diff.snapshot import DiffError, Snapshot, _run, open_git
from qmsdoc.history import load_history
from qmsdoc.model.documents import Document, Form
from qmsdoc.model.revision import RevisionEntry
from qmsdoc.render.compose import ComposeContext, compose_document
from qmsdoc.render.tree import RenderedDocument


@dataclass(frozen=True)
class Redline:
    code: str
    path: str  # the new edition's source file
    document: RenderedDocument
    author: str
    date: dt.datetime | None
    tracked: bool  # holds at least one tracked change (False: only the source file changed)
    #: The build copies this document's own Word file (a form's ``source``) instead of
    #: composing it: a redline of the composed text would not be that file.
    copied: bool = False


def _identity(top: Path) -> tuple[str, dt.datetime]:
    """Git's current author, for changes not committed yet."""
    try:
        ident = _run(top, "var", "GIT_AUTHOR_IDENT").decode("utf-8", "replace").strip()
        name = ident.split(" <", 1)[0].strip()
    except DiffError:
        name = ""
    return name or "qmsdoc", dt.datetime.now(dt.UTC).replace(microsecond=0)


def _contains(top: Path, commit: str | None) -> Callable[[RevisionEntry], bool]:
    """Whether a revision row belongs to the edition at ``commit`` (None: the working tree)."""
    if commit is None:
        return lambda row: True
    ancestors = set(_run(top, "rev-list", commit).decode().split())
    return lambda row: not row.commit or row.commit in ancestors


def _context(side: Snapshot) -> ComposeContext:
    from qmsdoc.render.wording import WordingError

    try:
        return ComposeContext.create(side.repo)
    except WordingError as e:
        raise DiffError(f"Không dựng được tài liệu: {e}", f"Cannot compose documents: {e}") \
            from None


def redlines(cmp: Comparison) -> list[Redline]:
    """One redline per document added or changed (a removed document has no new edition)."""
    root = cmp.new.repo.root
    g = open_git(root)
    history = load_history(root)
    config = cmp.new.repo.config
    people = {p.id: p.name for p in (config.people if config else []) if p.id and p.name}
    in_old = _contains(g.top, cmp.old.commit)
    in_new = _contains(g.top, cmp.new.commit)
    ctx_old, ctx_new = _context(cmp.old), _context(cmp.new)
    old_docs = {d.path: d for d in cmp.old.repo.documents}
    new_docs = {d.path: d for d in cmp.new.repo.documents}
    worktree = _identity(g.top) if cmp.new.commit is None else None
    out: list[Redline] = []
    for d in cmp.documents:
        n = new_docs.get(d.path)
        if d.status == "removed" or n is None:
            continue
        o: Document | None = old_docs.get(d.old_path) if d.old_path else None
        rows = history.revisions(n, people) if history.available else []
        new_rows = [r for r in rows if in_new(r)]
        composed_new = compose_document(ctx_new, n, revisions=new_rows or None).document
        last = cmp.commits.get(d.path) or (cmp.commits.get(d.old_path) if d.old_path else None)
        if cmp.new.commit is None and worktree is not None and (
                last is None or history.is_dirty(n)):
            author, when = worktree
        elif last is not None:
            author, when = last.author, last.when.astimezone(dt.UTC)
        else:
            author, when = "qmsdoc", None
        marks = Marks(author, when)
        if o is None:
            doc = replace(composed_new,
                          blocks=tuple(diff_blocks((), composed_new.blocks, marks)))
        else:
            old_rows = [r for r in rows if in_old(r)]
            composed_old = compose_document(ctx_old, o, revisions=old_rows or None).document
            doc = redline(composed_old, composed_new, marks)
        out.append(Redline(d.code, d.path, doc, author, when, changed_text(doc),
                           copied=isinstance(n, Form) and bool(n.source)))
    return out
