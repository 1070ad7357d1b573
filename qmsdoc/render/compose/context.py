"""What composing needs besides the document: the configuration, lookups and the wording."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar, cast

from qmsdoc.model.config import QmsConfig, Role
from qmsdoc.model.documents import Document
from qmsdoc.model.duration import Duration
from qmsdoc.model.registers import LegalDocument, TthcEntry
from qmsdoc.model.repository import Repository
from qmsdoc.model.revision import Amendments
from qmsdoc.render.tree import PageSetup, base_page
from qmsdoc.render.wording import Wording

T = TypeVar("T")


def fmt_date(d: dt.date | None) -> str:
    """15/01/2026 (the form used in headers and tables)."""
    return d.strftime("%d/%m/%Y") if d else ""


def fmt_edition(edition: int | None) -> str:
    return f"{edition:02d}" if edition is not None else ""


_NATURAL = re.compile(r"(\d+)")


def natural_key(code: str | None) -> tuple[Any, ...]:
    """QT-2 before QT-10."""
    return tuple(int(p) if p.isdigit() else p.casefold() for p in _NATURAL.split(code or ""))


def org_context(config: QmsConfig | None) -> dict[str, Any]:
    """The variables templates see: plain values only (the sandbox gets no model objects)."""
    org = config.organization if config else None
    return {
        "org": {
            "name": (org.name if org else None) or "",
            "short_name": (org.short_name if org else None) or "",
            "parent": (org.parent if org else None) or "",
            "place": (org.place if org else None) or "",
            "address": (org.address if org else None) or "",
        },
        "standard": (config.standard if config else None) or "TCVN ISO 9001:2015",
        "scope": (config.scope.statement if config and config.scope else None) or "",
    }


def page_setup(config: QmsConfig | None, *, reference_docx: bool = False,
               reference: bytes | None = None) -> PageSetup:
    """A4 and the margins of Nghị định 30/2020; font and size from ``output`` of qms.yaml.

    With a reference document its own fonts are kept unless qms.yaml names a font or size;
    its margins, fonts, sizes and headings (given as ``reference``) go to every writer.
    """
    out = config.output if config else None
    page = base_page(config, keep_reference_fonts=reference_docx or reference is not None)
    if reference is None:
        return page
    from qmsdoc.render.restyle import read_look, restyled_page

    return restyled_page(page, read_look(reference), font_set=bool(out and out.has("font")),
                         size_set=bool(out and out.has("font_size")))


@dataclass
class ComposeContext:
    """Lookups over one repository, built once per build and shared by every compose call."""

    repo: Repository
    wording: Wording
    page: PageSetup = field(default_factory=PageSetup)
    #: The documents each amending decision (``purpose: sua-doi``) lists, by its path: given
    #: by the build (the history stage's release plan); absent, the decision lists none.
    amendments: dict[str, Amendments] = field(default_factory=dict)
    #: What :meth:`once` made, by key: the set's cover, the master list and the matrix are
    #: composed once per build and shared by their DOCX and PDF.
    _made: dict[tuple[Any, ...], tuple[Any, Any]] = field(default_factory=dict, repr=False,
                                                          compare=False)

    def once(self, kind: str, documents: Sequence[Any], make: Callable[[], T]) -> T:
        """``make()`` for these documents (the same objects, in this order), made once: the
        blocks of a list of documents that several formats show."""
        key = (kind, *map(id, documents))
        kept = self._made.get(key)
        if kept is None:
            # the documents are kept with it: their ids cannot be another's while it is here
            kept = self._made[key] = (tuple(documents), make())
        return cast(T, kept[1])

    @classmethod
    def create(cls, repo: Repository, *, root: Path | None = None,
               reference_docx: bool = False, reference: bytes | None = None) -> ComposeContext:
        """The context of a loaded repository (raises WordingError for a broken template)."""
        wording = Wording(root if root is not None else repo.root, org_context(repo.config))
        return cls(repo, wording, page_setup(repo.config, reference_docx=reference_docx,
                                             reference=reference))

    @property
    def config(self) -> QmsConfig | None:
        return self.repo.config

    @property
    def org_name(self) -> str:
        org = self.config.organization if self.config else None
        return (org.name if org else None) or ""

    @property
    def standard(self) -> str:
        return (self.config.standard if self.config else None) or "TCVN ISO 9001:2015"

    def read(self, d: Duration) -> Duration:
        """A duration with a bare "ngày" read as qms.yaml says (calendar.bare_day)."""
        cal = self.config.calendar if self.config else None
        return d.reading(bool(cal and cal.bare_day == "working"))

    def external_name(self, actor: str) -> str:
        """The name of an outside party of qms.yaml, else its id."""
        for e in self.config.external_parties if self.config else []:
            if e.id == actor:
                return e.name or actor
        return actor

    @property
    def hours_per_day(self) -> int:
        cal = self.config.calendar if self.config else None
        return (cal.hours_per_day if cal and cal.hours_per_day else None) or 8

    @cached_property
    def org(self) -> dict[str, str]:
        return dict(org_context(self.config)["org"])

    @cached_property
    def roles(self) -> dict[str, Role]:
        return {r.id: r for r in (self.config.roles if self.config else []) if r.id}

    @cached_property
    def people(self) -> dict[str, tuple[str, str]]:
        """person id → (name, role id)."""
        cfg = self.config
        return {p.id: (p.name or "", p.role or "") for p in (cfg.people if cfg else []) if p.id}

    @cached_property
    def departments(self) -> dict[str, tuple[str, str]]:
        """department id → (name, head role id)."""
        cfg = self.config
        return {d.id: (d.name or d.id, d.head or "")
                for d in (cfg.departments if cfg else []) if d.id}

    @cached_property
    def documents(self) -> dict[str, Document]:
        out: dict[str, Document] = {}
        for d in self.repo.documents:
            if d.code and d.code not in out:
                out[d.code] = d
        return out

    @cached_property
    def legal(self) -> dict[str, LegalDocument]:
        return {d.id: d for d in self.repo.legal_documents if d.id}

    @cached_property
    def tthc(self) -> dict[str, TthcEntry]:
        return {e.code: e for e in self.repo.tthc if e.code}

    def role_title(self, role_id: str | None) -> str:
        role = self.roles.get(role_id or "")
        return (role.title if role else None) or (role_id or "")

    def person_name(self, person_id: str | None) -> str:
        return self.people.get(person_id or "", (person_id or "", ""))[0]

    def person_title(self, person_id: str | None) -> str:
        role = self.people.get(person_id or "", ("", ""))[1]
        return self.role_title(role) if role else ""

    def department_name(self, dept_id: str | None) -> str:
        return self.departments.get(dept_id or "", (dept_id or "", ""))[0]

    def head_title(self, person_id: str | None) -> str:
        """The title of the head of the signer's department (for KT./TL. signatures)."""
        role = self.roles.get(self.people.get(person_id or "", ("", ""))[1])
        dept = self.departments.get(role.department or "") if role else None
        if dept and dept[1]:
            return self.role_title(dept[1])
        first = next(iter(self.roles.values()), None)
        return (first.title if first else None) or ""

    def owner_or_role(self, ident: str | None) -> str:
        """A department or role id as its name (objectives name either)."""
        if ident in self.departments:
            return self.department_name(ident)
        return self.role_title(ident)
