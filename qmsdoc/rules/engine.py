"""Run the selected rules over a loaded repository (loading and checking a whole repository is
:func:`qmsdoc.commands.check.check_repository`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from qmsdoc.diagnostics import Diagnostic, Severity
from qmsdoc.diagnostics.registry import RULES
from qmsdoc.diagnostics.registry import registered as all_rules  # the checks: qmsdoc.rules
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
