"""What a build is asked and what it answers: :class:`BuildOptions`, :class:`BuildResult`,
:class:`Progress` (their own module: the no-op test, build/noop.py, needs them without the
pipeline and the writers behind it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qmsdoc.diagnostics import Diagnostic
    from qmsdoc.model.documents import Document
    from qmsdoc.model.repository import Repository
    from qmsdoc.model.revision import Amendments, DocumentState, RevisionEntry
    from qmsdoc.render.compose.site import Previous, ReleaseNote
    from qmsdoc.render.pdf import PdfSetup


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    file: str


@dataclass(frozen=True)
class BuildOptions:
    out: Path | None = None  # default: output.dir of qms.yaml inside the repository
    jobs: int | None = None  # default: the number of CPUs
    only: tuple[str, ...] = ()  # document codes; empty: everything
    force: bool = False  # build even when the check finds errors (everything DỰ THẢO)
    formats: tuple[str, ...] = ()  # writers to run; empty: output.formats of qms.yaml
    today: dt.date | None = None  # for the check's overdue rules
    #: Revision entries per document (the history stage); None: from the edition metadata.
    revisions: Callable[[Document], Sequence[RevisionEntry] | None] | None = None
    #: Whether a document is a draft (the history stage: uncommitted changes…).
    states: Callable[[Document], DocumentState | None] | None = None
    progress: Callable[[Progress], None] | None = None
    #: Without explicit hooks, revisions and draft states come from Git (qmsdoc.history);
    #: False keeps the edition metadata only (e.g. for a build of an exported folder).
    history: bool = True
    #: PDF settings; None: ``output.pdf_engine`` / ``pdfa`` / ``pdf_fallback`` of qms.yaml.
    pdf_engine: str | None = None  # "typst" or "libreoffice"
    pdfa: bool | None = None
    pdf_fallback: bool | None = None  # Typst may stand in for a missing LibreOffice
    #: The static site (-f html): the language of its own words ("vi", "en"), the latest
    #: release and the previous edition of a document (the history stage fills both).
    lang: str = "vi"
    latest_release: ReleaseNote | None = None
    previous: Callable[[Document], Previous | None] | None = None
    #: The documents each amending decision (``purpose: sua-doi``, empty body) lists, by the
    #: decision's path (the history stage fills it: qmsdoc.commands.release).
    amendments: Mapping[str, Amendments] | None = None


@dataclass
class BuildResult:
    root: Path
    repo: Repository | None = None  # as loaded (for reporting diagnostics with their lines)
    out: Path | None = None
    refused: bool = False  # the check found errors and --force was not given
    check_errors: int = 0
    draft: bool = False  # the whole set is marked DỰ THẢO (built with --force)
    written: list[str] = field(default_factory=list)  # files whose bytes changed
    unchanged: list[str] = field(default_factory=list)  # rendered again, same bytes
    skipped: list[str] = field(default_factory=list)  # inputs unchanged: not rendered
    removed: list[str] = field(default_factory=list)  # outputs of documents that are gone
    failed: list[str] = field(default_factory=list)
    #: The new set could not be put in place (a file failed, a full disk): the output folder
    #: holds the previous set, untouched.
    kept_previous: bool = False
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unavailable_formats: list[str] = field(default_factory=list)  # e.g. pdf, not yet built
    pdf: PdfSetup | None = None  # the PDF engine and fonts used, when PDF is an output format

    @property
    def ok(self) -> bool:
        return (not self.refused and not self.failed and not self.kept_previous
                and (self.pdf is None or self.pdf.usable))


