"""Run the selected rules over a loaded repository."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qmsdoc.diagnostics import Diagnostic, Severity
from qmsdoc.diagnostics.registry import RULES
from qmsdoc.diagnostics.registry import registered as all_rules  # the checks: qmsdoc.rules
from qmsdoc.load import load_repository, no_cyclic_gc
from qmsdoc.model.repository import Repository
from qmsdoc.rules.context import RuleContext
from qmsdoc.rules.selection import Selection


def selection_for(repo: Repository, select: Iterable[str] = (),
                  ignore: Iterable[str] = ()) -> Selection:
    settings = repo.config.rules if repo.config else None
    return Selection(
        select=tuple(settings.select) if settings and settings.select else ("ALL",),
        ignore=tuple(settings.ignore) if settings else (),
        cli_select=tuple(select), cli_ignore=tuple(ignore))


def run_rules(repo: Repository, load_diagnostics: Iterable[Diagnostic], selection: Selection,
              today: dt.date | None = None, history: Any = None) -> list[Diagnostic]:
    """Every diagnostic of the selected rules (load diagnostics filtered too), sorted.

    ``history``: the repository's History if already read (else read on first use).
    """
    ctx = RuleContext(repo, today or dt.date.today())
    if history is not None:
        ctx.__dict__["history"] = history  # fills the cached_property
    out = [d for d in load_diagnostics if d.code not in RULES or selection.enabled(RULES[d.code])]
    for r in all_rules():
        if r.check is not None and selection.enabled(r):
            out.extend(r.run(ctx))
    # dict.fromkeys: drop duplicates but keep the rules' own order among equal positions
    return sorted(dict.fromkeys(out), key=lambda d: d.sort_key)


@dataclass
class CheckResult:
    repo: Repository
    diagnostics: list[Diagnostic]

    @property
    def errors(self) -> int:
        return sum(d.severity is Severity.ERROR for d in self.diagnostics)


def check_repository(root: Path, select: Iterable[str] = (), ignore: Iterable[str] = (),
                     today: dt.date | None = None) -> CheckResult:
    """Load and check a repository (raises NotARepository when there is no qms.yaml)."""
    # Git history is read in a thread while the files load: the git processes run on another
    # core (~0.2 s of a 5,000-commit log is hidden; docs/performance.md).
    with no_cyclic_gc(), ThreadPoolExecutor(1, thread_name_prefix="qmsdoc-history") as pool:
        history = pool.submit(_history, Path(root))
        loaded = load_repository(root)
        selection = selection_for(loaded.repo, select, ignore)
        return CheckResult(loaded.repo, run_rules(loaded.repo, loaded.diagnostics, selection,
                                                  today, history.result()))


def _history(root: Path) -> Any:
    try:
        from qmsdoc.history import load_history

        return load_history(root.resolve()) if root.is_dir() else None
    except Exception:  # read again, lazily, by the rules that need it
        return None
