"""qms.yaml read leniently, as plain data: the one reader for the tools that need a setting or
two before (or without) loading the repository — fmt (``exclude``, ``output.dir``), the
duration migration (``calendar.bare_day``), doctor (``output.font``).

A checked, positioned read is :func:`qmsdoc.load.load_repository`'s; here a file that cannot
be read or parsed gives None, and the caller uses its defaults (``qmsdoc check`` says why).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError


def read_settings_file(config: Path | None) -> dict[Any, Any] | None:
    """The mapping of the qms.yaml at ``config``; None when absent, unreadable, not UTF-8, not
    YAML or not a mapping."""
    if config is None:
        return None
    try:
        data = YAML(typ="safe", pure=True).load(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YAMLError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None
