"""Source files as reported: what a reporter needs of a repository (a light module: a warm
``qmsdoc check`` answered from the cache prints through these without loading the model)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A source file as read: its path relative to the root and its decoded lines (for reports)."""

    path: str
    lines: tuple[str, ...] = ()


class Reported(Protocol):
    """What the reporters read: the repository's root and its files' lines (a Repository, or
    the cached files of an unchanged one)."""

    @property
    def root(self) -> Path: ...

    @property
    def sources(self) -> Mapping[str, SourceFile]: ...


@dataclass
class ReportedFiles:
    """The files of a check answered from the cache."""

    root: Path
    sources: dict[str, SourceFile] = field(default_factory=dict)
