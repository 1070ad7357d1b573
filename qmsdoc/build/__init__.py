"""``qmsdoc build``: the official DOCX set of a repository, incremental, parallel, reproducible.

Public API: :func:`run` (``run(root, options) -> BuildResult``), :class:`BuildOptions`,
:class:`BuildResult`, :class:`Progress`, :class:`BuildError`. See docs/build.md.
"""

from qmsdoc.build.inputs import BuildError
from qmsdoc.build.pipeline import MANIFEST, BuildOptions, BuildResult, Progress, run

__all__ = ["MANIFEST", "BuildError", "BuildOptions", "BuildResult", "Progress", "run"]
