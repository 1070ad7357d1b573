"""Every diagnostic code qmsdoc can report: the stages' registrations, gathered.

The registry (:mod:`qmsdoc.diagnostics.registry`) sits below every stage; each stage registers
its own codes when its module is imported. Listing them all therefore means importing every
registering module, which only the composition level (commands, the command line, reports of
the whole catalogue) may do.
"""

from __future__ import annotations

import qmsdoc.build.problems  # noqa: F401  (QMS8xx of the output folder and the build)
import qmsdoc.diff.problems  # noqa: F401  (QMS720: a file unreadable at a compared revision)
import qmsdoc.history.problems  # noqa: F401  (QMS710–QMS713: notices of reading Git)
import qmsdoc.ingest.problems  # noqa: F401  (QMS900–QMS929: qmsdoc import)
import qmsdoc.load.problems  # noqa: F401  (QMS0xx: reading sources)
import qmsdoc.render.problems  # noqa: F401  (QMS8xx of rendering)
import qmsdoc.rules  # noqa: F401  (the checks: QMS1xx–QMS7xx)
from qmsdoc.diagnostics.registry import Rule, registered


def all_rules() -> list[Rule]:
    """Every registered rule, in code order."""
    return registered()
