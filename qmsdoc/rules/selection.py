"""Which rules are on: ``select``/``ignore`` lists from qms.yaml and the command line.

A selector is ``ALL``, a code prefix (``QMS2``, ``QMS203``), a family id (``references``) or a
rule name (``unknown-form``). ``--select`` on the command line replaces the ``select`` of qms.yaml
(as in ruff); ignores add up. As in flake8's decision engine, the most specific selector that
matches wins, and at equal specificity the command line beats qms.yaml and ignore beats select.
A rule that no select matches is off.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from qmsdoc.diagnostics.registry import FAMILIES, Rule


@dataclass(frozen=True)
class Selection:
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    cli_select: tuple[str, ...] = ()
    cli_ignore: tuple[str, ...] = ()

    def enabled(self, rule: Rule) -> bool:
        best: tuple[int, int, int] | None = None
        verdict = False
        for source, selectors, on in (
            (0, () if self.cli_select else self.select, True),
            (0, self.ignore, False),
            (1, self.cli_select, True),
            (1, self.cli_ignore, False),
        ):
            for sel in selectors:
                spec = _specificity(sel, rule)
                if spec is None:
                    continue
                key = (spec, source, 0 if on else 1)
                if best is None or key > best:
                    best, verdict = key, on
        return verdict


def _specificity(selector: str, rule: Rule) -> int | None:
    sel = selector.strip()
    if sel.upper() == "ALL":
        return 0
    if sel == rule.name:
        return 100
    if sel == rule.family:
        return 1
    if rule.code.startswith(sel.upper()) and sel.upper().startswith("QMS"):
        return len(sel)
    return None


def unknown_selectors(selectors: Sequence[str], rules: Sequence[Rule]) -> list[str]:
    """Selectors that match no rule at all (most likely a typo)."""
    names = {r.name for r in rules}
    families = {f[0] for f in FAMILIES.values()}
    out = []
    for sel in selectors:
        s = sel.strip()
        if s.upper() == "ALL" or s in names or s in families:
            continue
        if s.upper().startswith("QMS") and any(r.code.startswith(s.upper()) for r in rules):
            continue
        out.append(sel)
    return out
