"""What a release amended, read back from Git once it is tagged: the list an amending decision
(``purpose: sua-doi``) carries after its release.

Before the release, the list is the plan's (:func:`qmsdoc.history.release.plan_documents`,
with the records ``qmsdoc release`` proposes from the diff); this module gives the same list
afterwards, from the same sources: a document is amended by a release when that release
issued it at a later edition than the release before it, and its "Nội dung sửa đổi" is the
``Sửa-đổi:`` trailers of the commits in between (oldest first), else the record the release
wrote for it (proposed from the diff at the time).
"""

from __future__ import annotations

from qmsdoc.history.gitrepo import TAG_PREFIX
from qmsdoc.history.release import PlannedDocument, joined
from qmsdoc.history.releases import Release
from qmsdoc.history.timeline import History
from qmsdoc.model.repository import Repository


def released_amendments(history: History, repo: Repository,
                        release: Release) -> list[PlannedDocument]:
    """The documents ``release`` amended, in the order of the plan (code, path)."""
    release_commits = {r.commit for r in history.releases}
    out: list[PlannedDocument] = []
    for doc in sorted(repo.documents, key=lambda d: (d.code or "", d.path)):
        covering = history.releases_of(doc)
        at = next((i for i, (r, _) in enumerate(covering) if r.tag == release.tag), None)
        if not at:  # not in this release, or issued by it for the first time
            continue
        (previous, old), (_, new) = covering[at - 1], covering[at]
        touches = [t for t in history.commits(doc.path)
                   if release.position <= t.index < previous.position and not t.pure_rename
                   and t.commit.hash not in release_commits]
        if old is not None and new is not None:
            if new <= old:  # the same edition issued again (an approval), not amended
                continue
        elif not touches:
            continue
        reason = "bumped-by-hand" if old is not None and new is not None and new > old + 1 \
            else "changed"
        change = joined(t.commit.trailer("change") for t in touches)
        position = joined(t.commit.trailer("position") for t in touches)
        record = history.record(release.tag, doc)
        proposed = tuple(k for k, mine, theirs in (("change", change, record[0]),
                                                   ("position", position, record[1]))
                         if not mine and theirs)
        out.append(PlannedDocument(doc.code or "", doc.title or "", doc.path, reason, old, new,
                                   None, release.date, len(touches), {},
                                   change or record[0], position or record[1], proposed))
    return out


def find_release(history: History, name: str) -> Release | None:
    """The release tagged ``name`` (its ``qms/`` prefix may be left out)."""
    name = name.strip()
    for r in history.releases:
        if r.tag in (name, f"{TAG_PREFIX}{name}"):
            return r
    return None
