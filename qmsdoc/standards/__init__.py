"""Standards and profiles as data: clause checklists and organisation profiles.

The data files live next to this module (``tcvn-iso-9001-2015.yaml``, ``profiles/*.yaml``)
and ship as package data. See docs/standards.md.
"""

from qmsdoc.standards.catalog import (
    DEFAULT_STANDARD_ID,
    DOCUMENT_KINDS,
    FORMAT_VERSION,
    RECORD_KINDS,
    Clause,
    DocumentedInfo,
    Duty,
    ExcludedClause,
    ExpectedProcedure,
    Profile,
    ProfileError,
    Standard,
    StandardError,
    StandardsError,
    available_standards,
    clause_is_within,
    list_profiles,
    load_profile,
    load_standard,
    normalize_clause,
)

__all__ = [
    "DEFAULT_STANDARD_ID",
    "DOCUMENT_KINDS",
    "FORMAT_VERSION",
    "RECORD_KINDS",
    "Clause",
    "DocumentedInfo",
    "Duty",
    "ExcludedClause",
    "ExpectedProcedure",
    "Profile",
    "ProfileError",
    "Standard",
    "StandardError",
    "StandardsError",
    "available_standards",
    "clause_is_within",
    "list_profiles",
    "load_profile",
    "load_standard",
    "normalize_clause",
]
