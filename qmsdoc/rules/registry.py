"""Compatibility: the registry moved to :mod:`qmsdoc.diagnostics.registry`, the full list to
:mod:`qmsdoc.catalogue`. Import from there; this module only re-exports them for old callers.
"""

from __future__ import annotations

from qmsdoc.catalogue import all_rules
from qmsdoc.diagnostics.registry import (
    FAMILIES,
    RETIRED,
    RULES,
    Check,
    Finding,
    Rule,
    define,
    rule,
)

__all__ = ["FAMILIES", "RETIRED", "RULES", "Check", "Finding", "Rule", "all_rules", "define",
           "rule"]
