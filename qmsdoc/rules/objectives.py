"""QMS4xx: the quality policy (5.2) and the quality objectives with their plans (6.2)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from qmsdoc.diagnostics import Severity as S
from qmsdoc.diagnostics.registry import Finding, rule
from qmsdoc.model.documents import Commitments
from qmsdoc.model.schema import fields_of
from qmsdoc.rules.context import RuleContext


@rule("QMS401", "policy-commitment-missing", S.ERROR,
      "Chính sách chất lượng thiếu cam kết {letter}: {what}",
      "The quality policy lacks commitment {letter}: {what_en}",
      hint_vi="Bổ sung vào chính sách và trích câu tương ứng vào commitments.{key}.",
      hint_en="Add it to the policy and quote the sentence under commitments.{key}.",
      clause="5.2.1")
def policy_commitment_missing(ctx: RuleContext) -> Iterator[Finding]:
    letters = {"purpose": "a", "framework": "b", "requirements": "c", "improvement": "d"}
    for policy in ctx.repo.policies:
        c = policy.commitments
        text = _norm(" ".join(filter(None, (policy.statement, policy.body))))
        for key, info in fields_of(Commitments).items():
            value = getattr(c, key) if c else None
            what_vi = info.vi.split(") ", 1)[-1]
            what_en = info.en.split(") ", 1)[-1]
            where = c.key_at(key) if c and c.has(key) else (
                policy.key_at("commitments") if c else policy.at("kind"))
            if not value:
                yield where, {"letter": f"({letters[key]})", "what": what_vi, "what_en": what_en,
                              "key": key}
            elif text and _norm(value) not in text:
                yield where, {"letter": f"({letters[key]})",
                              "what": f"câu trích \"{value[:60]}\" không có trong chính sách",
                              "what_en": f"the quote \"{value[:60]}\" is not in the policy",
                              "key": key}


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[*_>#]", " ", text).split()).casefold()


_OBJECTIVE_PARTS = (("indicator", "chỉ số đo lường (indicator)", "an indicator"),
                    ("target", "chỉ tiêu (target)", "a target"),
                    ("owner", "người/bộ phận chịu trách nhiệm (owner)", "an owner"))


@rule("QMS402", "objective-incomplete", S.ERROR,
      "Mục tiêu {id} thiếu {missing_vi}",
      "Objective {id} lacks {missing_en}",
      hint_vi="Mỗi mục tiêu cần indicator, target và owner để đo lường và theo dõi được.",
      hint_en="Each objective needs an indicator, a target and an owner to be measurable.",
      clause="6.2.1")
def objective_incomplete(ctx: RuleContext) -> Iterator[Finding]:
    for doc in ctx.repo.objectives:
        for o in doc.objectives:
            missing = [(vi, en) for key, vi, en in _OBJECTIVE_PARTS if not getattr(o, key)]
            if missing:
                yield o.span, {"id": o.id or "?",
                               "missing_vi": ", ".join(m[0] for m in missing),
                               "missing_en": ", ".join(m[1] for m in missing)}


@rule("QMS403", "objective-without-plan", S.ERROR,
      "Mục tiêu {id} chưa có kế hoạch thực hiện (plan)",
      "Objective {id} has no plan",
      hint_vi="Thêm plan: mỗi việc ghi what, resources, who, when, evaluation (6.2.2).",
      hint_en="Add plan: entries with what, resources, who, when, evaluation (6.2.2).",
      clause="6.2.2")
def objective_without_plan(ctx: RuleContext) -> Iterator[Finding]:
    for doc in ctx.repo.objectives:
        for o in doc.objectives:
            if not o.plan:
                yield (o.key_at("plan") if o.has("plan") else o.span), {"id": o.id or "?"}


_PLAN_PARTS = (("what", "việc cần làm (what)", "what will be done"),
               ("resources", "nguồn lực (resources)", "resources"),
               ("who", "người chịu trách nhiệm (who)", "who is responsible"),
               ("when", "thời hạn (when)", "when it will be completed"),
               ("evaluation", "cách đánh giá kết quả (evaluation)", "how results are evaluated"))


@rule("QMS404", "plan-incomplete", S.ERROR,
      "Kế hoạch của mục tiêu {id} thiếu {missing_vi}",
      "The plan of objective {id} does not say {missing_en}",
      hint_vi="Theo 6.2.2, kế hoạch phải nêu: việc gì, nguồn lực, ai, khi nào, đánh giá thế nào.",
      hint_en="Per 6.2.2 a plan states what, resources, who, when and how it is evaluated.",
      clause="6.2.2")
def plan_incomplete(ctx: RuleContext) -> Iterator[Finding]:
    for doc in ctx.repo.objectives:
        for o in doc.objectives:
            for action in o.plan:
                missing = [(vi, en) for k, vi, en in _PLAN_PARTS if not getattr(action, k)]
                if missing:
                    yield action.span, {"id": o.id or "?",
                                        "missing_vi": ", ".join(m[0] for m in missing),
                                        "missing_en": ", ".join(m[1] for m in missing)}


@rule("QMS405", "target-not-measurable", S.WARNING,
      "Chỉ tiêu \"{target}\" của mục tiêu {id} không có con số để đo",
      "Target \"{target}\" of objective {id} has no number to measure against",
      hint_vi="Ghi chỉ tiêu định lượng, ví dụ ≥ 98% hoặc 0 hồ sơ trễ hạn.",
      hint_en="Give a quantified target, e.g. ≥ 98% or 0 late dossiers.", clause="6.2.1")
def target_not_measurable(ctx: RuleContext) -> Iterator[Finding]:
    for doc in ctx.repo.objectives:
        for o in doc.objectives:
            if o.target and not re.search(r"\d", o.target):
                yield o.at("target"), {"target": o.target, "id": o.id or "?"}
