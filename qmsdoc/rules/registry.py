"""The rule catalogue: every diagnostic code, its wording in both languages and its documentation.

A rule is registered once with a stable code. Codes are never reused; a retired rule keeps its
code in ``RETIRED``. Families group codes by their hundreds:

QMS0xx syntax and text, QMS1xx document control (7.5), QMS2xx references, QMS3xx procedure
content, QMS4xx policy and objectives, QMS5xx clause coverage, QMS6xx maintenance, QMS7xx history,
QMS8xx build (reported by ``qmsdoc build``, not by ``check``).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from qmsdoc.diagnostics import Diagnostic, Severity
from qmsdoc.model.span import Span

if TYPE_CHECKING:
    from qmsdoc.rules.context import RuleContext

#: A check yields (where, template arguments) pairs; the registry words them.
Finding = tuple[Span, dict[str, Any]]
Check = Callable[["RuleContext"], Iterable[Finding]]

FAMILIES: dict[str, tuple[str, str, str]] = {
    # prefix: (family id, Vietnamese title, English title)
    "QMS0": ("syntax", "Cú pháp và văn bản", "Syntax and text"),
    "QMS1": ("control", "Kiểm soát tài liệu (7.5)", "Document control (7.5)"),
    "QMS2": ("references", "Tham chiếu", "References"),
    "QMS3": ("procedure", "Nội dung quy trình", "Procedure content"),
    "QMS4": ("objectives", "Chính sách và mục tiêu chất lượng", "Policy and objectives"),
    "QMS5": ("coverage", "Đáp ứng các điều khoản", "Clause coverage"),
    "QMS6": ("maintenance", "Duy trì hệ thống", "Maintenance"),
    "QMS7": ("history", "Lịch sử sửa đổi", "Revision history"),
    "QMS8": ("build", "Xuất bản", "Build"),
}

RETIRED: dict[str, str] = {}


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    vi: str
    en: str
    hint_vi: str = ""
    hint_en: str = ""
    clause: str = ""
    doc: str = ""
    check: Check | None = field(default=None, compare=False)

    @property
    def family(self) -> str:
        return FAMILIES[self.code[:4]][0]

    def family_title(self, lang: str) -> str:
        _, vi, en = FAMILIES[self.code[:4]]
        return en if lang == "en" else vi

    def make(self, span: Span, severity: Severity | None = None, **args: Any) -> Diagnostic:
        """Word a finding of this rule in both languages."""
        return Diagnostic(
            code=self.code,
            severity=severity or self.severity,
            span=span,
            vi=_fill(self.vi, args),
            en=_fill(self.en, args),
            hint_vi=_fill(self.hint_vi, args),
            hint_en=_fill(self.hint_en, args),
            clause=self.clause,
            name=self.name,
        )

    def run(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        if self.check is None:
            return
        for span, args in self.check(ctx):
            yield self.make(span, **args)


class _Missing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(template: str, args: dict[str, Any]) -> str:
    # Bilingual arguments are passed as {"vi": ..., "en": ...}; the caller picks via *_vi/_en keys.
    return template.format_map(_Missing(args)) if template else ""


RULES: dict[str, Rule] = {}


def define(
    code: str,
    name: str,
    severity: Severity,
    vi: str,
    en: str,
    *,
    hint_vi: str = "",
    hint_en: str = "",
    clause: str = "",
    doc: str = "",
    check: Check | None = None,
) -> Rule:
    """Register a rule; a code or name registered twice is a programming error."""
    if code in RULES or code in RETIRED:
        raise ValueError(f"rule code {code} already used")
    if any(r.name == name for r in RULES.values()):
        raise ValueError(f"rule name {name} already used")
    if code[:4] not in FAMILIES or len(code) != 6:
        raise ValueError(f"bad rule code {code}")
    r = Rule(code, name, severity, vi, en, hint_vi, hint_en, clause, inspect.cleandoc(doc), check)
    RULES[code] = r
    return r


def rule(
    code: str,
    name: str,
    severity: Severity,
    vi: str,
    en: str,
    *,
    hint_vi: str = "",
    hint_en: str = "",
    clause: str = "",
) -> Callable[[Check], Rule]:
    """Decorator form of :func:`define`; the function's docstring is the rule's documentation."""

    def wrap(fn: Check) -> Rule:
        return define(
            code, name, severity, vi, en,
            hint_vi=hint_vi, hint_en=hint_en, clause=clause, doc=fn.__doc__ or "", check=fn,
        )

    return wrap


def all_rules() -> list[Rule]:
    """Every registered rule, in code order (imports the rule modules on first use)."""
    import qmsdoc.build.problems  # noqa: F401  (the build's output folder: QMS807–QMS812)
    import qmsdoc.render.problems  # noqa: F401  (the build's QMS8xx)
    import qmsdoc.rules  # noqa: F401  (registers the families)

    return [RULES[c] for c in sorted(RULES)]
