"""Standards and profiles as data: clause checklists and organisation profiles.

The data files live next to this module (``tcvn-iso-9001-2015.yaml``, ``profiles/*.yaml``)
and ship as package data. See docs/standards.md.
"""

from qmsdoc.standards import catalog
from qmsdoc.standards.catalog import *  # noqa: F403  (the public API is catalog's __all__)

__all__ = catalog.__all__
