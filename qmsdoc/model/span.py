"""Source positions carried by every model object and diagnostic."""

from __future__ import annotations

from dataclasses import dataclass

from qmsdoc.model.pickling import ByFields


@dataclass(frozen=True, slots=True)
class Span(ByFields):
    """A place in a source file: path relative to the repository root, 1-based line and column."""

    path: str
    line: int = 1
    column: int = 1

    def shifted(self, lines: int) -> Span:
        """The same place in a file whose text starts ``lines`` lines further down."""
        return Span(self.path, self.line + lines, self.column)


NOSPAN = Span("", 0, 0)


#: A position (line, column) packed in one int, as the loader keeps the place of every value
#: (Located.spans): a repository has one per value, and an int is a third of a pair's memory
#: and of its time to unpickle.
_COLUMNS = 1 << 32


def position(line: int, column: int) -> int:
    return line * _COLUMNS + column


def line_column(pos: int) -> tuple[int, int]:
    """The (line, column) of a :func:`position`."""
    return divmod(pos, _COLUMNS)
