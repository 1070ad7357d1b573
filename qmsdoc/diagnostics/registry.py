"""The neutral diagnostics registry: every code, its severity and its wording in both languages.

It sits below every stage and imports none: each stage registers its own codes here (load's
QMS0xx in :mod:`qmsdoc.load.problems`, the checks in :mod:`qmsdoc.rules`, render's and build's
QMS8xx in :mod:`qmsdoc.render.problems` and :mod:`qmsdoc.build.problems`), and
:func:`qmsdoc.catalogue.all_rules` imports those modules to list them all. The explanation of a
code (what, why, how to fix) is not in the code but in one data file per language,
``docs/<lang>.yaml`` next to this module, keyed by code, so translators edit one file; its worked
example (source that triggers it, source fixed) is in ``docs/examples.yaml``, shared by the
languages (:mod:`qmsdoc.diagnostics.examples`).

A rule is registered once with a stable code. Codes are never reused; a retired rule keeps its
code in ``RETIRED``. Families group codes by their hundreds:

QMS0xx syntax and text, QMS1xx document control (7.5), QMS2xx references, QMS3xx procedure
content, QMS4xx policy and objectives, QMS5xx clause coverage, QMS6xx maintenance, QMS7xx history,
QMS8xx build (reported by ``qmsdoc build``, not by ``check``), QMS9xx import (reported by
``qmsdoc import``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

from qmsdoc.diagnostics import Diagnostic, Severity
from qmsdoc.model.span import Span

#: A check yields (where, template arguments) pairs; the registry words them.
Finding = tuple[Span, dict[str, Any]]
#: A check takes the rules' context (:class:`qmsdoc.rules.context.RuleContext`); typed loosely
#: here because the registry sits below the rules and must not import them.
Check = Callable[[Any], Iterable[Finding]]

#: The languages every code is explained in (one ``docs/<lang>.yaml`` each).
DOC_LANGS = ("vi", "en")

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
    "QMS9": ("import", "Nhập tài liệu Word", "Import of Word files"),
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
    check: Check | None = field(default=None, compare=False)

    @property
    def doc(self) -> str:
        """The explanation in English (kept for callers that predate the Vietnamese one)."""
        return self.explain("en")

    def explain(self, lang: str) -> str:
        """What the rule finds, why it matters and how to fix it, in ``lang`` (vi or en)."""
        return explanations("en" if lang == "en" else "vi").get(self.code, "")

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

    def run(self, ctx: Any) -> Iterator[Diagnostic]:
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
    check: Check | None = None,
) -> Rule:
    """Register a rule; a code or name registered twice is a programming error."""
    if code in RULES or code in RETIRED:
        raise ValueError(f"rule code {code} already used")
    if any(r.name == name for r in RULES.values()):
        raise ValueError(f"rule name {name} already used")
    if code[:4] not in FAMILIES or len(code) != 6:
        raise ValueError(f"bad rule code {code}")
    r = Rule(code, name, severity, vi, en, hint_vi, hint_en, clause, check)
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
    """Decorator form of :func:`define`: the function is the rule's check."""

    def wrap(fn: Check) -> Rule:
        return define(
            code, name, severity, vi, en, hint_vi=hint_vi, hint_en=hint_en, clause=clause, check=fn,
        )

    return wrap


def registered() -> list[Rule]:
    """The rules registered so far, in code order (see :func:`qmsdoc.catalogue.all_rules`)."""
    return [RULES[c] for c in sorted(RULES)]


@cache
def explanations(lang: str) -> dict[str, str]:
    """The explanations of every code in ``lang``, read once from ``docs/<lang>.yaml``."""
    import yaml  # here: ~40 ms, and only explaining a rule reads these files

    text = files("qmsdoc.diagnostics").joinpath("docs", f"{lang}.yaml").read_text("utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built with it
    data = yaml.load(text, Loader=loader)
    if not isinstance(data, dict):
        raise ValueError(f"qmsdoc/diagnostics/docs/{lang}.yaml is not a mapping of codes")
    return {str(k): str(v).strip() for k, v in data.items()}
