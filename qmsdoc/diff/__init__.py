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

The names are imported when first used: the catalogue of codes imports
``qmsdoc.diff.problems`` and must not pay for Git and the composer.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qmsdoc.diff.comparison import (
        WORKTREE,
        Commit,
        Comparison,
        DiffError,
        DocumentDiff,
        Snapshot,
        changed_paths,
        compare,
    )

__all__ = ["WORKTREE", "Commit", "Comparison", "DiffError", "DocumentDiff", "Snapshot",
           "changed_paths", "compare"]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'qmsdoc.diff' has no attribute {name!r}")
    return getattr(importlib.import_module("qmsdoc.diff.comparison"), name)
