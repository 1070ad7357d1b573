"""Incremental checks: which files a change since a Git revision touches, directly or not.

``check --changed-since REV`` runs the full check (cross-references need the whole repository)
and keeps the diagnostics of:

* the files changed since ``REV`` (``git diff --name-only REV``, staged and unstaged) and the
  untracked files, deleted ones included;
* the files that reference anything defined in a changed file whose definition changed: a
  document code (forms, related documents), a role, department or person of ``qms.yaml``, a
  legal document of the register, a TTHC of the catalogue. Definitions are compared between
  ``REV`` and the working tree, so renaming a form code also reports every procedure that still
  uses the old code, and editing qms.yaml only pulls in the files using the ids that changed.

Diagnostics without a file (repository-wide findings) are always kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import Any

from qmsdoc.diagnostics import Diagnostic, QmsdocError
from qmsdoc.load.files import load_file
from qmsdoc.model.base import Located
from qmsdoc.model.config import Limits, QmsConfig
from qmsdoc.model.documents import Decision, Document, Objectives, Procedure
from qmsdoc.model.registers import (
    CorrectiveActions,
    InternalAudit,
    LegalRegister,
    ManagementReview,
    RecordsRegister,
    Register,
    TthcCatalogue,
)
from qmsdoc.model.repository import Repository
from qmsdoc.rules.engine import CheckResult

#: (namespace, id): "doc" codes, "role", "dept", "person", "legal", "tthc".
Name = tuple[str, str]


class ChangesError(QmsdocError):
    """The revision cannot be compared (not a Git repository, unknown revision)."""


@dataclass(frozen=True)
class ChangeSet:
    changed: frozenset[str]  # paths relative to the repository root (qms.yaml's folder)
    affected: frozenset[str]  # changed files plus the files referencing what they changed
    names: frozenset[Name]  # definitions added, removed or modified


# --------------------------------------------------------------------------- git


def _git(root: Path) -> Any:
    try:
        import git
    except ImportError as e:  # pragma: no cover - gitpython is a dependency
        raise ChangesError("Không dùng được Git (gitpython).", "Git is unavailable.") from e
    try:
        return git.Git(str(root)), git
    except Exception as e:  # noqa: BLE001 - gitpython raises several kinds
        raise ChangesError(f"Lỗi Git: {e}", f"Git error: {e}") from e


def changed_files(root: Path, rev: str) -> tuple[set[str], dict[str, bytes]]:
    """(paths changed since ``rev`` relative to ``root``, their content at ``rev``)."""
    return changed_between(root, rev)


def changed_between(root: Path, rev: str, to: str | None = None, *,
                    contents: bool = True) -> tuple[set[str], dict[str, bytes]]:
    """The files that differ between ``rev`` and ``to`` (None: the working tree, staged and
    unstaged changes and untracked files), relative to ``root``, and (``contents``) their bytes
    at ``rev``. ``check --changed-since`` and ``qmsdoc diff`` both ask this, so that they agree
    on what changed."""
    g, git = _git(root)
    try:
        g.rev_parse("--is-inside-work-tree")
    except git.GitCommandError:
        raise ChangesError(f"{root} không nằm trong một kho Git nên không dùng được "
                           "--changed-since.",
                           f"{root} is not inside a Git repository: --changed-since needs one.") \
            from None
    try:
        g.rev_parse("--verify", "--quiet", f"{rev}^{{commit}}")
    except git.GitCommandError:
        raise ChangesError(f"Không tìm thấy phiên bản Git \"{rev}\" (ví dụ hợp lệ: HEAD~1, "
                           "origin/main, một mã commit).",
                           f"Unknown Git revision \"{rev}\" (e.g. HEAD~1, origin/main, a commit "
                           "hash).") from None
    try:
        if to is None:
            diff = g.diff("--name-only", "-z", "--relative", "--no-renames", rev, "--", ".")
            untracked = g.ls_files("-z", "--others", "--exclude-standard", "--", ".")
        else:
            diff = g.diff("--name-only", "-z", "--relative", "--no-renames", rev, to, "--", ".")
            untracked = ""
        prefix = g.rev_parse("--show-prefix").strip()
    except git.GitCommandError as e:
        raise ChangesError(f"Lỗi Git: {e.stderr or e}", f"Git error: {e.stderr or e}") from None
    paths = {p for p in (diff + "\0" + untracked).split("\0") if p.strip()}
    before: dict[str, bytes] = {}
    for rel in paths if contents else ():
        try:
            data = g.show(f"{rev}:{prefix}{rel}", stdout_as_string=False)
        except git.GitCommandError:
            continue  # added since rev
        before[rel] = data if isinstance(data, bytes) else str(data).encode("utf-8")
    return paths, before


# --------------------------------------------------------------------------- definitions


def _fingerprint(obj: Any) -> Any:
    """A comparable value of a model object without its positions."""
    if isinstance(obj, Located) and is_dataclass(obj):
        return tuple((f.name, _fingerprint(getattr(obj, f.name))) for f in fields(obj)
                     if not f.metadata.get("internal") and f.name not in ("body_line",))
    if isinstance(obj, list | tuple):
        return tuple(_fingerprint(x) for x in obj)
    if isinstance(obj, dict):
        return tuple(sorted((str(k), _fingerprint(v)) for k, v in obj.items()))
    return obj if isinstance(obj, str | int | float | bool | type(None)) else str(obj)


def definitions(obj: object) -> dict[Name, Any]:
    """What a loaded file defines that other files may name, with a fingerprint of each."""
    out: dict[Name, Any] = {}
    if isinstance(obj, Document) and obj.code:
        out[("doc", obj.code)] = _fingerprint(obj)
    elif isinstance(obj, QmsConfig):
        out.update({("role", r.id): _fingerprint(r) for r in obj.roles if r.id})
        out.update({("dept", d.id): _fingerprint(d) for d in obj.departments if d.id})
        out.update({("person", p.id): _fingerprint(p) for p in obj.people if p.id})
    elif isinstance(obj, LegalRegister):
        out.update({("legal", d.id): _fingerprint(d) for d in obj.documents if d.id})
    elif isinstance(obj, TthcCatalogue):
        out.update({("tthc", e.code): _fingerprint(e) for e in obj.procedures if e.code})
    return out


def references(obj: object) -> set[Name]:
    """Every name a loaded file refers to."""
    refs: set[Name] = set()

    def add(ns: str, values: Iterable[str | None]) -> None:
        refs.update((ns, v) for v in values if v)

    if isinstance(obj, Document):
        add("dept", [obj.owner])
        add("person", [obj.prepared_by, obj.reviewed_by, obj.approved_by])
        add("doc", obj.related)
    if isinstance(obj, Procedure):
        add("doc", obj.forms)
        add("doc", [f for s in obj.steps for f in s.forms])
        add("doc", [d.form for d in obj.dossier] + [r.form for r in obj.records])
        add("role", [r for s in obj.steps for r in s.responsible])
        add("role", [r.keeper for r in obj.records])
        add("legal", [ref.ref for ref in obj.legal_basis])
        add("tthc", [obj.tthc])
    elif isinstance(obj, Decision):
        add("person", [obj.signer])
    elif isinstance(obj, Objectives):
        owners = [o.owner for o in obj.objectives] + [a.who for o in obj.objectives
                                                      for a in o.plan]
        add("role", owners)
        add("dept", owners)
    elif isinstance(obj, CorrectiveActions):
        add("role", [a.responsible for a in obj.actions])
    elif isinstance(obj, InternalAudit):
        add("person", [obj.lead_auditor])
        add("dept", [*obj.departments, *(f.department for f in obj.findings)])
    elif isinstance(obj, ManagementReview):
        add("person", [obj.chair])
    elif isinstance(obj, RecordsRegister):
        add("role", [r.keeper for r in obj.records])
        add("doc", [r.form for r in obj.records] + [r.procedure for r in obj.records])
    elif isinstance(obj, LegalRegister):
        add("legal", [x for d in obj.documents for x in (*d.amended_by, d.replaced_by)])
    elif isinstance(obj, QmsConfig):
        add("role", [d.head for d in obj.departments] + [p.role for p in obj.people])
        add("dept", [r.department for r in obj.roles])
    return refs


def _objects(repo: Repository) -> Iterator[tuple[str, object]]:
    if repo.config is not None:
        yield repo.config.span.path or "qms.yaml", repo.config
    for d in repo.documents:
        yield d.path, d
    for r in repo.registers:
        yield r.path, r


def _old_definitions(rel: str, data: bytes) -> dict[Name, Any]:
    res = load_file(rel, data, Limits(), is_config=rel in ("qms.yaml", "qms.yml"))
    return definitions(res.obj) if isinstance(res.obj, Document | Register | QmsConfig) else {}


def compute_changes(repo: Repository, changed: set[str], before: dict[str, bytes]) -> ChangeSet:
    """The changed files and every file that names a definition they added, removed or
    modified."""
    now: dict[str, dict[Name, Any]] = {}
    for path, obj in _objects(repo):
        if path in changed:
            now.setdefault(path, {}).update(definitions(obj))
    names: set[Name] = set()
    for path in changed:
        old = _old_definitions(path, before[path]) if path in before else {}
        new = now.get(path, {})
        names |= {n for n in old.keys() | new.keys() if old.get(n) != new.get(n)}
    affected = set(changed)
    if names:
        for path, obj in _objects(repo):
            if references(obj) & names:
                affected.add(path)
    return ChangeSet(frozenset(changed), frozenset(affected), frozenset(names))


def changes_since(repo: Repository, rev: str) -> ChangeSet:
    paths, before = changed_files(repo.root, rev)
    return compute_changes(repo, paths, before)


def keep(diagnostics: Iterable[Diagnostic], changes: ChangeSet) -> list[Diagnostic]:
    """The diagnostics in affected files (and those that name no file)."""
    return [d for d in diagnostics if not d.span.path or d.span.path in changes.affected]


def restrict(result: CheckResult, rev: str) -> CheckResult:
    """A check result reduced to what the changes since ``rev`` touch (raises ChangesError)."""
    changes = changes_since(result.repo, rev)
    return CheckResult(result.repo, keep(result.diagnostics, changes))
