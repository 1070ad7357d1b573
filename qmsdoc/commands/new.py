"""``qmsdoc new``: add a document with the next free code, every required field and the
``<<…>>`` placeholders to fill in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from qmsdoc.model.documents import DOCUMENT_KINDS
from qmsdoc.scaffold.new import NewDocument, NewError, plan_document, write_document


@dataclass(frozen=True)
class Options:
    kind: str  # one of DOCUMENT_KINDS
    title: str
    path: Path = Path(".")  # the repository, a target folder or a target file
    code: str | None = None  # default: the next code of the numbering pattern
    dry_run: bool = False  # plan only: the text is printed, nothing is written
    today: dt.date | None = None


@dataclass
class Result:
    status: int
    document: NewDocument | None = None  # planned (dry run) or written
    error: tuple[str, str] | None = None  # (vi, en): refused (2) or not written (1)


def run(options: Options) -> Result:
    """Exit 0 when written (or planned), 2 when refused, 1 when the file cannot be written."""
    try:
        doc = plan_document(options.path, options.kind, options.title, options.code,
                            options.today)
        if not options.dry_run:
            write_document(doc)
    except NewError as e:
        return Result(2, error=(e.vi, e.en))
    except OSError as e:
        return Result(1, error=(f"Không ghi được tệp: {e}", f"Cannot write the file: {e}"))
    return Result(0, doc)


__all__ = ["DOCUMENT_KINDS", "Options", "Result", "run"]
