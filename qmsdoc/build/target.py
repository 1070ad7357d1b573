"""One output file of the set and how to make it (its own module: the plan and the site's
pages both make targets)."""

from __future__ import annotations

from dataclasses import dataclass, field

from qmsdoc.model.documents import Document


@dataclass(frozen=True)
class Target:
    """One output file and how to make it."""

    name: str  # stable id: "QT-10:docx", "@master-list:docx", "@coverage:docx", "@combined:docx"
    file: str  # path inside the output folder, posix
    action: str  # "document", "master-list", "coverage", "combined" or "copy"
    writer: str  # format name ("" for a copy)
    key: str  # hash of the inputs
    code: str = ""
    edition: int | None = None
    draft: bool = False
    document: Document | None = field(default=None, compare=False, repr=False)
    source: str = ""  # repository path of a copied file
