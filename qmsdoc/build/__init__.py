"""``qmsdoc build``: the official DOCX set of a repository, incremental, parallel, reproducible.

Public API: :func:`run` (``run(root, options, check=…, history=…) -> BuildResult``: the stage,
given the check and the history reader), :class:`BuildOptions`, :class:`BuildResult`,
:class:`Progress`, :class:`BuildError`. The whole command (check → history → build) is
:func:`qmsdoc.commands.build.build` (``build(root, options) -> BuildResult``). See docs/build.md.

The names are imported when first used: ``check`` imports ``qmsdoc.build.problems`` (the build's
diagnostic codes) and must not pay for the pipeline and every writer behind it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qmsdoc.build.inputs import BuildError
    from qmsdoc.build.options import BuildOptions, BuildResult, Progress
    from qmsdoc.build.pipeline import MANIFEST, run

__all__ = ["MANIFEST", "BuildError", "BuildOptions", "BuildResult", "Progress", "run"]

_HOME = {"BuildError": "inputs", "MANIFEST": "pipeline", "BuildOptions": "options",
         "BuildResult": "options", "Progress": "options", "run": "pipeline"}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'qmsdoc.build' has no attribute {name!r}")
    return getattr(importlib.import_module(f"qmsdoc.build.{module}"), name)
