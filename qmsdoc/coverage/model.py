"""The coverage result types: claims, exclusions, evidence and the status of every clause."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from qmsdoc.model.documents import Document
from qmsdoc.model.span import Span
from qmsdoc.standards import Clause, DocumentedInfo, Profile, Standard

Status = Literal["covered", "partial", "missing", "excluded"]
STATUSES: tuple[Status, ...] = ("covered", "partial", "missing", "excluded")

STATUS_LABELS: dict[str, tuple[str, str]] = {
    # status: (Vietnamese, English)
    "covered": ("đáp ứng", "covered"),
    "partial": ("một phần", "partial"),
    "missing": ("thiếu", "missing"),
    "excluded": ("không áp dụng", "excluded"),
}

#: Why an entry of ``scope.exclusions`` is wrong ("" when it is fine).
ExclusionProblem = Literal["", "unknown-clause", "not-allowed", "no-justification",
                           "questionable"]


def status_label(status: str, lang: str) -> str:
    vi, en = STATUS_LABELS[status]
    return en if lang == "en" else vi


@dataclass(frozen=True, slots=True)
class Claim:
    """One item of a document's ``clauses`` list (or the scope in qms.yaml, which claims 4.3).

    ``clause`` is the number as claimed (canonical form); it covers that clause and all of its
    sub-clauses. ``span`` is the place of the list item.
    """

    code: str
    kind: str
    title: str
    clause: str
    span: Span
    doc: Document | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class UnknownClaim:
    """A ``clauses`` item that is not a clause of the standard (ignored for coverage)."""

    raw: str
    code: str
    span: Span
    reason: Literal["syntax", "not-in-standard"]


@dataclass(frozen=True, slots=True)
class ExclusionEntry:
    """One entry of ``scope.exclusions`` in qms.yaml, as judged against the standard."""

    raw: str
    clause: str | None  # canonical number when it exists in the standard
    justification: str
    span: Span  # the clause value
    entry_span: Span  # the whole entry (where a missing justification belongs)
    problem: ExclusionProblem = ""

    @property
    def effective(self) -> bool:
        """Whether the exclusion takes effect (a questionable one does, with a warning)."""
        return self.clause is not None and self.problem in ("", "questionable")


@dataclass(frozen=True, slots=True)
class Evidence:
    """What satisfies an item of mandatory documented information."""

    code: str
    kind: str
    span: Span
    label: str = ""


@dataclass(frozen=True, slots=True)
class DocumentedCheck:
    """One item of mandatory documented information of a clause and what satisfies it.

    ``candidates`` are codes of documents of a suitable kind that do not claim the clause (a
    hint: add the clause to their ``clauses`` list).
    """

    info: DocumentedInfo
    evidence: tuple[Evidence, ...] = ()
    candidates: tuple[str, ...] = ()

    @property
    def satisfied(self) -> bool:
        return bool(self.evidence)

    @property
    def required(self) -> bool:
        return not self.info.conditional


@dataclass(frozen=True, slots=True)
class ClauseCoverage:
    """The coverage of one clause: status, claims covering it, exclusion, documented information.

    ``claims`` include claims of an ancestor clause (a claim of 7.1 covers 7.1.5.1); at most one
    claim per document, the most specific one. ``exclusion`` is the effective exclusion of the
    clause or of an ancestor.
    """

    clause: Clause
    status: Status
    claims: tuple[Claim, ...] = ()
    exclusion: ExclusionEntry | None = None
    documented: tuple[DocumentedCheck, ...] = ()

    @property
    def number(self) -> str:
        return self.clause.number

    def title(self, lang: str) -> str:
        return self.clause.en if lang == "en" else self.clause.vi

    @property
    def codes(self) -> list[str]:
        """Codes of the documents covering the clause, each once, in repository order."""
        return list(dict.fromkeys(c.code for c in self.claims))

    @property
    def unmet(self) -> list[DocumentedCheck]:
        """Required documented information that nothing satisfies."""
        return [d for d in self.documented if d.required and not d.satisfied]


@dataclass(frozen=True, slots=True)
class ProfileProblem:
    """Why the profile named in qms.yaml cannot be used."""

    kind: Literal["unknown", "abstract", "invalid"]
    profile: str
    vi: str
    en: str
    known: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CoverageResult:
    """Coverage of every clause of the standard by one repository.

    ``anchor`` is where findings about the repository as a whole point (the ``scope`` key of
    qms.yaml), ``profile_span`` the ``profile`` line of qms.yaml.
    """

    standard: Standard
    profile: Profile | None
    profile_problem: ProfileProblem | None
    clauses: tuple[ClauseCoverage, ...]
    claims: tuple[Claim, ...] = ()
    unknown_claims: tuple[UnknownClaim, ...] = ()
    exclusions: tuple[ExclusionEntry, ...] = ()
    anchor: Span = Span("qms.yaml", 1, 1)
    profile_span: Span = Span("qms.yaml", 1, 1)
    _by_number: dict[str, ClauseCoverage] = field(default_factory=dict, compare=False,
                                                  repr=False)

    def __post_init__(self) -> None:
        self._by_number.update({c.number: c for c in self.clauses})

    def __iter__(self) -> Iterator[ClauseCoverage]:
        return iter(self.clauses)

    def get(self, number: str) -> ClauseCoverage | None:
        clause = self.standard.get(number)
        return self._by_number.get(clause.number) if clause else None

    def status(self, number: str) -> Status:
        """Status of a clause; KeyError if the standard has no such clause."""
        found = self.get(number)
        if found is None:
            raise KeyError(number)
        return found.status

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = dict.fromkeys(STATUSES, 0)
        for c in self.clauses:
            out[c.status] += 1
        return out

    @property
    def missing(self) -> list[ClauseCoverage]:
        return [c for c in self.clauses if c.status == "missing"]

    def missing_roots(self) -> list[ClauseCoverage]:
        """Missing clauses whose parent is not missing: one per missing subtree."""
        out = []
        for c in self.clauses:
            parent = c.clause.parent_number
            if c.status == "missing" and (parent is None or self._by_number[parent].status
                                          != "missing"):
                out.append(c)
        return out
