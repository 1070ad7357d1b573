"""An earlier edition of a document, read back from Git (the site's "what changed" pages).

For a document, the edition to compare with is the newest release that issued an older edition
(``qmsdoc release`` tags, see releases.py); when every release issued the current edition but
the document changed since the last one (an unreleased amendment, the draft of the next
edition), it is that last release. Without Git or releases there is nothing to compare.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from qmsdoc.history.gitrepo import GitRepo, GitUnavailable
from qmsdoc.history.timeline import History
from qmsdoc.model.documents import Document


@dataclass(frozen=True)
class EditionText:
    edition: int | None
    date: dt.date
    label: str  # the release tag
    path: str  # the document's path then, relative to the QMS root
    data: bytes | None  # None: Git could not give the file (reason in ``error``)
    error: str = ""


def previous_edition(history: History, git: GitRepo | None, doc: Document) -> EditionText | None:
    """The earlier edition of ``doc`` to compare its current text with, or None."""
    if not history.available or git is None:
        return None
    covering = history.releases_of(doc)
    if not covering:
        return None
    edition: int | None
    older = [(r, ed) for r, ed in covering if ed is not None and doc.edition is not None
             and ed < doc.edition]
    if older:
        rel, edition = older[-1]
    else:
        rel, edition = covering[-1]
        if not history.changes_since_release(doc) and not history.is_dirty(doc):
            return None  # the release is the current text: nothing changed
    path = next((d.path for d in rel.documents if d.code == doc.code), doc.path)
    spec = f"{rel.commit}:{git.prefix + '/' if git.prefix else ''}{path}"
    try:
        raw = git.run_bytes("show", spec)
    except Exception as e:  # noqa: BLE001  (reported as QMS840, never a traceback)
        return EditionText(edition, rel.date, rel.tag, path, None, str(e).strip()[:200])
    return EditionText(edition, rel.date, rel.tag, path, raw)


def open_git(history: History) -> GitRepo | None:
    try:
        return GitRepo.open(history.root) if history.available else None
    except GitUnavailable:
        return None
