"""``qmsdoc doctor``: which PDF engines and fonts this machine has (always exit 0)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qmsdoc.doctor import Report, diagnose
from qmsdoc.load.settings_file import read_settings_file


@dataclass(frozen=True)
class Options:
    path: Path = Path(".")  # a repository, for output.font (optional)
    font: str | None = None  # the font to look for; default output.font


@dataclass
class Result:
    report: Report
    status: int = 0


def configured_font(root: Path) -> str | None:
    """``output.font`` of the repository's qms.yaml, if there is one that can be read."""
    data = read_settings_file(root / "qms.yaml")
    output = data.get("output") if data is not None else None
    value = output.get("font") if isinstance(output, dict) else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def run(options: Options) -> Result:
    return Result(diagnose(options.font or configured_font(options.path)))


__all__ = ["Options", "Report", "Result", "configured_font", "run"]
