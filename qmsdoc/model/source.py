"""Source files as reported: what a reporter needs of a repository (a light module: a warm
``qmsdoc check`` answered from the cache prints through these without loading the model)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol


class SourceFile:
    """A source file as read: its path relative to the root and its decoded lines (for reports).

    Made from the lines, or from the decoded text, split into lines only when they are asked
    for: a check reads the lines of the few files it reports on, and splitting every file of a
    large repository cost more than that.
    """

    __slots__ = ("_lines", "_text", "path")

    def __init__(self, path: str, lines: tuple[str, ...] = (), *, text: str | None = None) -> None:
        self.path = path
        self._lines: tuple[str, ...] | None = None if text is not None else tuple(lines)
        self._text = text

    @property
    def lines(self) -> tuple[str, ...]:
        if self._lines is None:
            self._lines = tuple((self._text or "").splitlines())
            self._text = None
        return self._lines

    def mentions(self, needle: str) -> bool:
        """Whether the file's text holds ``needle`` within a line (one search, no split)."""
        if self._lines is None:
            return needle in (self._text or "")
        return any(needle in line for line in self._lines)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SourceFile):
            return NotImplemented
        return (self.path, self.lines) == (other.path, other.lines)

    def __hash__(self) -> int:
        return hash((self.path, self.lines))

    def __repr__(self) -> str:
        return f"SourceFile(path={self.path!r}, lines=<{len(self.lines)}>)"


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
