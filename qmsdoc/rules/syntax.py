"""Compatibility: load's QMS0xx codes are defined in :mod:`qmsdoc.load.problems` now."""

from qmsdoc.load.problems import *  # noqa: F403
from qmsdoc.load.problems import __all__  # noqa: F401
