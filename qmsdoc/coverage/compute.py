"""Compute clause coverage from a loaded repository (see docs/standards.md, "Clause coverage").

Matching is on clause identity, never on substrings: a claim of 7.1.5 covers 7.1.5, 7.1.5.1
and 7.1.5.2, but not 7.1 and not 7.1.50. A leaf clause is ``covered`` when a document claims it
(itself or an ancestor) and its required documented information exists, ``partial`` when it is
claimed but some of that information is missing, ``missing`` when nothing claims it. A parent
is ``covered`` when all its applicable sub-clauses are, ``missing`` when none is even partly
covered, ``partial`` otherwise. Excluded clauses (and their sub-clauses) are ``excluded``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from qmsdoc.coverage.model import (
    Claim,
    ClauseCoverage,
    CoverageResult,
    DocumentedCheck,
    Evidence,
    ExclusionEntry,
    ExclusionProblem,
    ProfileProblem,
    Status,
    UnknownClaim,
)
from qmsdoc.model.documents import Procedure
from qmsdoc.model.registers import RecordsRegister
from qmsdoc.model.repository import Repository
from qmsdoc.model.span import Span
from qmsdoc.standards import (
    DEFAULT_STANDARD_ID,
    Clause,
    DocumentedInfo,
    Profile,
    ProfileError,
    Standard,
    StandardsError,
    clause_is_within,
    list_profiles,
    load_profile,
    load_standard,
    normalize_clause,
)

#: Folder of a repository holding the organisation's own profiles (``<id>.yaml``).
PROFILES_DIR = "profiles"
#: The pseudo-document that the scope statement of qms.yaml is (it claims 4.3).
SCOPE_CODE = "qms.yaml"
SCOPE_CLAUSE = "4.3"


def profile_dirs(repo: Repository) -> list[Path]:
    folder = repo.root / PROFILES_DIR
    return [folder] if folder.is_dir() else []


def resolve_profile(repo: Repository) -> tuple[Profile | None, ProfileProblem | None]:
    """The profile named in qms.yaml, or why it cannot be used (None, None when none is named)."""
    pid = (repo.config.profile or "").strip() if repo.config else ""
    if not pid:
        return None, None
    dirs = profile_dirs(repo)
    try:
        profile = load_profile(pid, dirs)
    except ProfileError as e:
        if e.known_ids and pid not in e.known_ids:
            known = _concrete_ids(dirs) or e.known_ids
            return None, ProfileProblem("unknown", pid, e.message_vi, e.message_en, known)
        return None, ProfileProblem("invalid", pid, e.message_vi, e.message_en)
    except (StandardsError, OSError, RecursionError) as e:  # unreadable or absurd own profile
        return None, ProfileProblem("invalid", pid, str(e), str(e))
    if profile.abstract:
        return None, ProfileProblem(
            "abstract", pid,
            f"Loại hình {pid} là loại hình cơ sở (abstract), chỉ dùng để kế thừa.",
            f"Profile {pid} is abstract: a base to extend, not used directly.",
            _concrete_ids(dirs))
    return profile, None


def _concrete_ids(dirs: Sequence[Path]) -> tuple[str, ...]:
    try:
        return tuple(p.id for p in list_profiles(dirs) if not p.abstract and p.obsolete is None)
    except (StandardsError, OSError, RecursionError):
        return ()


def compute_coverage(repo: Repository, standard: Standard | None = None) -> CoverageResult:
    """The coverage of every clause of the standard (the profile's, or the default one)."""
    profile, problem = resolve_profile(repo)
    if standard is None:
        try:
            standard = load_standard(profile.standard if profile else DEFAULT_STANDARD_ID)
        except StandardsError:  # pragma: no cover - a profile names a standard that loads
            standard = load_standard(DEFAULT_STANDARD_ID)
    claims, unknown = _claims(repo, standard)
    exclusions = _exclusions(repo, standard)
    per_clause = _claims_by_clause(claims, standard)
    effective = {e.clause: e for e in exclusions if e.effective and e.clause}

    statuses: dict[str, Status] = {}
    rows: dict[str, ClauseCoverage] = {}
    for clause in reversed(standard.clauses):  # children before their parents
        own_claims = tuple(per_clause.get(clause.number, ()))
        exclusion = _exclusion_of(clause, standard, effective)
        documented: tuple[DocumentedCheck, ...] = ()
        if exclusion is not None:
            status: Status = "excluded"
        else:
            documented = tuple(_documented(info, clause, own_claims, repo)
                               for info in clause.documented)
            status = _status(clause, standard, own_claims, documented, statuses)
            if status == "excluded":  # every sub-clause is excluded
                exclusion = next((rows[k.number].exclusion for k in standard.children(clause.number)
                                  if rows[k.number].exclusion), None)
        statuses[clause.number] = status
        rows[clause.number] = ClauseCoverage(clause, status, own_claims, exclusion, documented)

    cfg = repo.config
    cfg_path = cfg.span.path if cfg and cfg.span.path else "qms.yaml"
    anchor = cfg.key_at("scope") if cfg and cfg.has("scope") else Span(cfg_path, 1, 1)
    profile_span = cfg.at("profile") if cfg and cfg.has("profile") else Span(cfg_path, 1, 1)
    return CoverageResult(
        standard=standard, profile=profile, profile_problem=problem,
        clauses=tuple(rows[c.number] for c in standard.clauses), claims=tuple(claims),
        unknown_claims=tuple(unknown), exclusions=tuple(exclusions), anchor=anchor,
        profile_span=profile_span)


# --------------------------------------------------------------------------- claims


def _claims(repo: Repository, standard: Standard) -> tuple[list[Claim], list[UnknownClaim]]:
    claims: list[Claim] = []
    unknown: list[UnknownClaim] = []
    cfg = repo.config
    if cfg and cfg.scope and (cfg.scope.statement or "").strip():
        claims.append(Claim(SCOPE_CODE, "scope", "Phạm vi áp dụng HTQLCL", SCOPE_CLAUSE,
                            cfg.scope.at("statement")))
    for doc in repo.documents:
        if doc.status == "obsolete":
            continue
        code = doc.code or doc.path
        seen: set[str] = set()
        for i, raw in enumerate(doc.clauses):
            span = doc.at("clauses", i)
            number = normalize_clause(raw)
            clause = standard.get(number) if number else None
            if clause is None:
                unknown.append(UnknownClaim(str(raw), code, span,
                                            "syntax" if number is None else "not-in-standard"))
                continue
            if clause.number in seen:
                continue
            seen.add(clause.number)
            claims.append(Claim(code, doc.kind or doc.KIND, doc.title or "", clause.number,
                                span, doc))
    return claims, unknown


def _claims_by_clause(claims: Sequence[Claim], standard: Standard) -> dict[str, list[Claim]]:
    """Claims covering each clause: one per document, the most specific, in claim order."""
    best: dict[str, dict[int, Claim]] = {}
    subtree: dict[str, list[str]] = {}
    for claim in claims:
        key = id(claim.doc) if claim.doc is not None else 0
        covered = subtree.get(claim.clause)
        if covered is None:
            covered = [claim.clause, *(c.number for c in standard.descendants(claim.clause))]
            subtree[claim.clause] = covered
        for number in covered:
            slot = best.setdefault(number, {})
            held = slot.get(key)
            if held is None or held.clause.count(".") < claim.clause.count("."):
                slot[key] = claim
    order = {id(c): i for i, c in enumerate(claims)}
    return {n: sorted(slot.values(), key=lambda c: order[id(c)]) for n, slot in best.items()}


# --------------------------------------------------------------------------- exclusions


def exclusion_not_allowed(clause: Clause, standard: Standard) -> bool:
    """A whole top-level clause, or one whose documents the standard requires (maintain)."""
    if clause.parent_number is None:
        return True
    for c in (clause, *standard.descendants(clause.number)):
        if any(d.type == "maintain" and not d.conditional for d in c.documented):
            return True
    return False


def _exclusions(repo: Repository, standard: Standard) -> list[ExclusionEntry]:
    cfg = repo.config
    if cfg is None or cfg.scope is None:
        return []
    out = []
    for ex in cfg.scope.exclusions:
        raw = (ex.clause or "").strip()
        if not raw:
            continue  # QMS103 reports the missing clause
        number = normalize_clause(raw)
        clause = standard.get(number) if number else None
        justification = (ex.justification or "").strip()
        problem: ExclusionProblem = ""
        if clause is None:
            problem = "unknown-clause"
        elif not clause.excludable and exclusion_not_allowed(clause, standard):
            problem = "not-allowed"
        elif not justification:
            problem = "no-justification"
        elif not clause.excludable:
            problem = "questionable"
        out.append(ExclusionEntry(raw, clause.number if clause else None, justification,
                                  ex.at("clause"), ex.span, problem))
    return out


def _exclusion_of(clause: Clause, standard: Standard,
                  effective: dict[str, ExclusionEntry]) -> ExclusionEntry | None:
    for c in (clause, *reversed(standard.ancestors(clause.number))):
        found = effective.get(c.number)
        if found is not None:
            return found
    return None


# --------------------------------------------------------------------------- status


def _status(clause: Clause, standard: Standard, claims: tuple[Claim, ...],
            documented: tuple[DocumentedCheck, ...], done: dict[str, Status]) -> Status:
    kids = standard.children(clause.number)
    required_met = [d.satisfied for d in documented if d.required]
    if not kids:
        if not claims:
            return "missing"
        return "covered" if all(required_met) else "partial"
    parts: list[Status] = [done[k.number] for k in kids if done[k.number] != "excluded"]
    parts += ["covered" if ok else "missing" for ok in required_met]
    if not parts:
        return "excluded"
    if all(p == "covered" for p in parts):
        return "covered"
    if all(p == "missing" for p in parts):
        return "missing"
    return "partial"


# --------------------------------------------------------------------------- documented info


def _documented(info: DocumentedInfo, clause: Clause, claims: tuple[Claim, ...],
                repo: Repository) -> DocumentedCheck:
    if info.type == "maintain":
        evidence = [Evidence(c.code, c.kind, c.span) for c in claims if c.kind in info.kinds]
        covering = {id(c.doc) for c in claims}
        candidates = [d.code or d.path for d in repo.documents
                      if d.kind in info.kinds and d.status != "obsolete"
                      and id(d) not in covering]
        return DocumentedCheck(info, tuple(evidence), tuple(candidates))
    evidence = [Evidence(r.code or r.path, r.kind or r.KIND, r.at("kind"), r.title or "")
                for r in repo.registers if (r.kind or r.KIND) in info.kinds]
    if "record" in info.kinds:
        for reg in repo.registers_of(RecordsRegister):
            for entry in reg.records:
                for i, raw in enumerate(entry.clauses):
                    if clause_is_within(clause.number, raw):
                        evidence.append(Evidence(reg.code or reg.path, "records",
                                                 entry.at("clauses", i), entry.name or ""))
                        break
        for c in claims:
            if isinstance(c.doc, Procedure) and c.doc.records:
                evidence.append(Evidence(c.code, "procedure", c.doc.at("records"),
                                         c.doc.records[0].name or ""))
    return DocumentedCheck(info, tuple(evidence))
