"""Clause coverage: which clause of TCVN ISO 9001:2015 each document addresses, what is missing.

``compute_coverage(repo)`` gives a :class:`CoverageResult` with the status of every clause
(covered, partial, missing, excluded), the claims that cover it and its mandatory documented
information; ``coverage_table`` and ``coverage_json`` turn it into a matrix or JSON data.
The rules of family QMS5xx (``qmsdoc.rules.coverage``) report its findings.
"""

from qmsdoc.coverage.compute import (
    PROFILES_DIR,
    SCOPE_CODE,
    compute_coverage,
    exclusion_not_allowed,
    profile_dirs,
    resolve_profile,
)
from qmsdoc.coverage.model import (
    STATUS_LABELS,
    STATUSES,
    Claim,
    ClauseCoverage,
    CoverageResult,
    DocumentedCheck,
    Evidence,
    ExclusionEntry,
    ProfileProblem,
    Status,
    UnknownClaim,
    status_label,
)
from qmsdoc.coverage.table import coverage_json, coverage_table, documents_text, notes_text

__all__ = [
    "PROFILES_DIR",
    "SCOPE_CODE",
    "STATUSES",
    "STATUS_LABELS",
    "Claim",
    "ClauseCoverage",
    "CoverageResult",
    "DocumentedCheck",
    "Evidence",
    "ExclusionEntry",
    "ProfileProblem",
    "Status",
    "UnknownClaim",
    "compute_coverage",
    "coverage_json",
    "coverage_table",
    "documents_text",
    "exclusion_not_allowed",
    "notes_text",
    "profile_dirs",
    "resolve_profile",
    "status_label",
]
