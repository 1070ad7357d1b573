"""``qmsdoc rules``: the registered checks, or the one rule asked for by code or name."""

from __future__ import annotations

from dataclasses import dataclass, field

from qmsdoc.catalogue import all_rules
from qmsdoc.diagnostics import Diagnostic
from qmsdoc.diagnostics.examples import Example, example
from qmsdoc.diagnostics.registry import Rule
from qmsdoc.model.span import Span


@dataclass(frozen=True)
class Options:
    code: str | None = None  # a rule's code (any case) or name; None: every rule


@dataclass
class Result:
    status: int
    rules: list[Rule] = field(default_factory=list)  # in code order
    error: tuple[str, str] | None = None  # (vi, en): no such rule, exit 2


def run(options: Options) -> Result:
    rules = all_rules()
    code = options.code
    if code:
        rules = [r for r in rules if r.code == code.upper() or r.name == code]
        if not rules:
            return Result(2, error=(f"Không có quy tắc {code}.", f"No rule {code}."))
    return Result(0, rules)


def what_they_see(rule: Rule, ex: Example) -> Diagnostic:
    """The diagnostic an example shows (its place and the code's own wording)."""
    return rule.make(Span(ex.at or ex.file, ex.line, ex.column), **ex.args)


__all__ = ["Diagnostic", "Example", "Options", "Result", "Rule", "example", "run",
           "what_they_see"]
