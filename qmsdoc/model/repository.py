"""The whole loaded repository, and an index for lookups by code and id."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from qmsdoc.model.config import QmsConfig
from qmsdoc.model.documents import Document, Form, Objectives, Policy, Procedure
from qmsdoc.model.registers import (
    CorrectiveAction,
    CorrectiveActions,
    InternalAudit,
    LegalDocument,
    LegalRegister,
    ManagementReview,
    Register,
    TthcCatalogue,
    TthcEntry,
)
from qmsdoc.model.source import SourceFile

D = TypeVar("D", bound=Document)
R = TypeVar("R", bound=Register)



@dataclass
class Repository:
    root: Path
    config: QmsConfig | None
    documents: list[Document] = field(default_factory=list)
    registers: list[Register] = field(default_factory=list)
    sources: dict[str, SourceFile] = field(default_factory=dict)

    def of_kind(self, cls: type[D]) -> list[D]:
        return [d for d in self.documents if isinstance(d, cls)]

    def registers_of(self, cls: type[R]) -> list[R]:
        return [r for r in self.registers if isinstance(r, cls)]

    @property
    def procedures(self) -> list[Procedure]:
        return self.of_kind(Procedure)

    @property
    def forms(self) -> list[Form]:
        return self.of_kind(Form)

    @property
    def policies(self) -> list[Policy]:
        return self.of_kind(Policy)

    @property
    def objectives(self) -> list[Objectives]:
        return self.of_kind(Objectives)

    @property
    def legal_documents(self) -> list[LegalDocument]:
        return [d for r in self.registers_of(LegalRegister) for d in r.documents]

    @property
    def tthc(self) -> list[TthcEntry]:
        return [e for r in self.registers_of(TthcCatalogue) for e in r.procedures]

    @property
    def audits(self) -> list[InternalAudit]:
        return self.registers_of(InternalAudit)

    @property
    def reviews(self) -> list[ManagementReview]:
        return self.registers_of(ManagementReview)

    @property
    def corrective_actions(self) -> list[CorrectiveAction]:
        return [a for r in self.registers_of(CorrectiveActions) for a in r.actions]


class Index:
    """Derived lookups over a repository, built once per check (kept apart from the model)."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo

    @cached_property
    def documents_by_code(self) -> dict[str, list[Document]]:
        out: dict[str, list[Document]] = {}
        for d in self.repo.documents:
            if d.code:
                out.setdefault(d.code, []).append(d)
        return out

    @cached_property
    def roles(self) -> set[str]:
        cfg = self.repo.config
        return {r.id for r in cfg.roles if r.id} if cfg else set()

    @cached_property
    def departments(self) -> set[str]:
        cfg = self.repo.config
        return {d.id for d in cfg.departments if d.id} if cfg else set()

    @cached_property
    def people(self) -> set[str]:
        cfg = self.repo.config
        return {p.id for p in cfg.people if p.id} if cfg else set()

    @cached_property
    def legal(self) -> dict[str, LegalDocument]:
        return {d.id: d for d in self.repo.legal_documents if d.id}

    @cached_property
    def tthc(self) -> dict[str, TthcEntry]:
        return {e.code: e for e in self.repo.tthc if e.code}

    @cached_property
    def form_codes(self) -> set[str]:
        return {f.code for f in self.repo.forms if f.code}


def legal_changes(doc: LegalDocument,
             legal: dict[str, LegalDocument]) -> Iterator[tuple[str, str, dt.date]]:
    """(kind, changing document, effective date) of each known amendment or replacement."""
    for ref in doc.amended_by:
        other = legal.get(ref)
        when = (other.effective if other else None) or doc.status_date
        if when:
            yield "amended", ref, when
    if doc.replaced_by:
        other = legal.get(doc.replaced_by)
        when = (other.effective if other else None) or doc.status_date
        if when:
            yield "replaced", doc.replaced_by, when
    if doc.status in ("amended", "replaced") and not doc.amended_by and not doc.replaced_by \
            and doc.status_date:
        yield doc.status, "?", doc.status_date
