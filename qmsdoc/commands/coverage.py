"""``qmsdoc coverage``: load a repository, compute coverage, run the coverage and duty rules.

The stage (:mod:`qmsdoc.coverage`) computes the matrix; this command composes it with the loader
and the rule engine. The table and JSON helpers the CLI prints with are re-exported here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from qmsdoc.catalogue import all_rules
from qmsdoc.coverage import CoverageResult, coverage_json, documents_text, status_label
from qmsdoc.diagnostics import Diagnostic, Severity
from qmsdoc.diagnostics.registry import RULES, Rule
from qmsdoc.load import NotARepository, load_repository
from qmsdoc.model.repository import Repository
from qmsdoc.rules.context import RuleContext
from qmsdoc.rules.engine import selection_for

#: Rule modules whose findings the coverage command shows.
COVERAGE_MODULES = ("qmsdoc.rules.coverage", "qmsdoc.rules.duties")


def coverage_rules() -> list[Rule]:
    """The clause coverage rules (QMS5xx) and the profile duty rules, in code order."""
    return [r for r in all_rules()
            if r.check is not None and r.check.__module__ in COVERAGE_MODULES]


@dataclass
class CoverageRun:
    repo: Repository
    result: CoverageResult
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """A clause is missing, or a coverage or duty rule found an error."""
        return bool(self.result.missing) or any(
            d.severity is Severity.ERROR for d in self.diagnostics)


@dataclass(frozen=True)
class Options:
    path: Path = Path(".")
    today: dt.date | None = None  # default: today


@dataclass
class Result:
    """The coverage run, or a usage error (not a repository); the exit status."""

    status: int
    run: CoverageRun | None = None
    error: tuple[str, str] | None = None  # (vi, en)


def run(options: Options) -> Result:
    """``qmsdoc coverage``: exit 1 when a clause is missing or a coverage or duty rule finds an
    error, 2 for a folder that is not a qmsdoc repository."""
    try:
        done = run_coverage(options.path, options.today)
    except NotARepository as e:
        return Result(2, error=(e.vi, e.en))
    return Result(1 if done.failed else 0, done)


def run_coverage(root: Path, today: dt.date | None = None) -> CoverageRun:
    """Coverage of the repository at ``root`` with its findings (rule selection of qms.yaml
    applies). Raises NotARepository when there is no qms.yaml."""
    loaded = load_repository(root)
    selection = selection_for(loaded.repo)
    ctx = RuleContext(loaded.repo, today or dt.date.today())
    # Documents the loader skipped (unreadable, too large, a FIFO, a nested repository…) are
    # missing from the matrix: say which, or a clause could look missing for no visible reason.
    diags: list[Diagnostic] = [d for d in loaded.skipped
                               if d.code not in RULES or selection.enabled(RULES[d.code])]
    for r in coverage_rules():
        if selection.enabled(r):
            diags.extend(r.run(ctx))
    diags = sorted(dict.fromkeys(diags), key=lambda d: d.sort_key)
    return CoverageRun(loaded.repo, ctx.coverage, diags)


__all__ = ["CoverageResult", "CoverageRun", "Options", "Result", "Severity", "coverage_json",
           "coverage_rules", "documents_text", "run", "run_coverage", "status_label"]
