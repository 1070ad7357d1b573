"""``qmsdoc build``: the official DOCX set of a repository, incremental, parallel, reproducible.

Public API: :func:`run` (``run(root, options, check=…, history=…) -> BuildResult``: the stage,
given the check and the history reader), :class:`BuildOptions`, :class:`BuildResult`,
:class:`Progress`, :class:`BuildError`. The whole command (check → history → build) is
:func:`qmsdoc.commands.build.build` (``build(root, options) -> BuildResult``). See docs/build.md.
"""

from qmsdoc.build.inputs import BuildError
from qmsdoc.build.pipeline import MANIFEST, BuildOptions, BuildResult, Progress, run

__all__ = ["MANIFEST", "BuildError", "BuildOptions", "BuildResult", "Progress", "run"]
