"""Revision history from Git: releases, editions, amendments and draft states.

Everything that talks to Git lives in this package, and it reads Git in one pass::

    from qmsdoc.history import load_history

    history = load_history(repo.root)          # never raises for Git problems
    rows = history.revisions(doc)              # list[RevisionEntry], oldest first
    state = history.state(doc)                 # DocumentState(draft, reason_vi, reason_en)
    history.notices                            # list[Diagnostic]: not Git, shallow clone…

Releases are annotated tags ``qms/<YYYY-MM-DD>`` made by ``qmsdoc release`` (see
docs/history.md and :mod:`qmsdoc.history.releases`).
"""

from qmsdoc.history.log import Commit, Touch
from qmsdoc.history.releases import Release, ReleasedDocument
from qmsdoc.history.timeline import History, load_history

__all__ = ["Commit", "History", "Release", "ReleasedDocument", "Touch", "load_history"]
