"""QMS1xx: document control (7.5): codes, required metadata, dates, editions, reviews."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any, get_args

from qmsdoc.diagnostics import Severity as S
from qmsdoc.diagnostics.registry import Finding, rule
from qmsdoc.model.base import Located
from qmsdoc.model.documents import Commitments, Objective, PlanAction, RecordItem, Step
from qmsdoc.model.schema import fields_of
from qmsdoc.rules.context import RuleContext, add_months, fmt_date

# Required fields that have a rule of their own with a more precise message.
_OWN_RULE = {Step: {"responsible", "duration"}, RecordItem: {"keeper", "retention"},
             Objective: {"indicator", "target", "owner"}, PlanAction: set(), Commitments: set()}
_SKIP_CLASSES = (PlanAction, Commitments)


@rule("QMS101", "duplicate-code", S.ERROR,
      "Mã hiệu \"{code}\" trùng với tài liệu {other}",
      "Code \"{code}\" is already used by {other}",
      hint_vi="Mỗi tài liệu phải có một mã hiệu riêng; đổi mã của một trong hai tài liệu.",
      hint_en="Every document needs its own code; change one of them.", clause="7.5.2")
def duplicate_code(ctx: RuleContext) -> Iterator[Finding]:
    for code, docs in ctx.index.documents_by_code.items():
        for d in docs[1:]:
            yield d.at("code"), {"code": code, "other": docs[0].path}


@cache
def _pattern_regex(pattern: str) -> re.Pattern[str]:
    out, pos = [], 0
    for m in re.finditer(r"\{(\w+)(?::0?(\d+))?\}", pattern):
        out.append(re.escape(pattern[pos:m.start()]))
        width = m.group(2)
        if m.group(1) == "n":
            out.append(rf"\d{{{width},}}" if width else r"\d+")
        else:
            out.append(r"[^\s]+")
        pos = m.end()
    out.append(re.escape(pattern[pos:]))
    return re.compile("".join(out))


def code_matches(code: str, pattern: str) -> bool:
    """Whether a code fits a numbering pattern such as ``QT-{n:02}`` or ``BM-{proc}-{n:02}``."""
    return _pattern_regex(pattern).fullmatch(code) is not None


@rule("QMS102", "code-pattern", S.ERROR,
      "Mã hiệu \"{code}\" không theo mẫu đánh mã của loại {kind}: {pattern}",
      "Code \"{code}\" does not follow the {kind} numbering pattern {pattern}",
      hint_vi="Sửa mã hiệu theo mẫu (ví dụ {example}) hoặc sửa mục numbering trong qms.yaml.",
      hint_en="Use the pattern (e.g. {example}) or change numbering in qms.yaml.", clause="7.5.2")
def code_pattern(ctx: RuleContext) -> Iterator[Finding]:
    numbering = ctx.repo.config.numbering if ctx.repo.config else {}
    for d in ctx.repo.documents:
        pattern = numbering.get(d.kind or "")
        if not pattern or not d.code:
            continue
        alternatives = [p.strip() for p in pattern.split("|")]
        if not any(code_matches(d.code, p) for p in alternatives):
            example = re.sub(r"\{n(?::0?(\d+))?\}", lambda m: "1".zfill(int(m[1] or 1)),
                             alternatives[0])
            yield d.at("code"), {"code": d.code, "kind": d.kind, "pattern": pattern,
                                 "example": example}


@cache
def _walk_plan(cls: Any) -> tuple[tuple[str, str | None], ...]:
    """The fields of ``cls`` that :func:`_missing` reads: (name, Vietnamese name if required and
    checked here, else None), leaving out the optional fields that can hold no object."""
    skip = _OWN_RULE.get(cls, set())
    checked = not issubclass(cls, _SKIP_CLASSES)
    out = []
    for name, info in fields_of(cls).items():
        required = info.required and checked and name not in skip
        if required or _may_hold_object(info.hint):
            out.append((name, info.vi if required else None))
    return tuple(out)


def _may_hold_object(hint: object) -> bool:
    if isinstance(hint, type) and issubclass(hint, Located):
        return True
    return any(_may_hold_object(a) for a in get_args(hint))


def _missing(obj: Located) -> Iterator[tuple[Located, str, str]]:
    cls: Any = type(obj)  # a class is hashable; mypy reads Located's __hash__ = None
    for name, vi in _walk_plan(cls):
        value = getattr(obj, name)
        if vi is not None and (value is None or value == "" or value == []):
            yield obj, name, vi
        if isinstance(value, Located):
            yield from _missing(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, Located):
                    yield from _missing(item)


@rule("QMS103", "missing-field", S.ERROR,
      "Thiếu thông tin bắt buộc \"{field}\" ({field_vi})",
      "Required field \"{field}\" is missing ({field_vi})",
      hint_vi="Thêm dòng {field}: … vào đây.", hint_en="Add a {field}: … line here.",
      clause="7.5.2")
def missing_field(ctx: RuleContext) -> Iterator[Finding]:
    objs: list[Located] = [*ctx.repo.documents, *ctx.repo.registers]
    if ctx.repo.config:
        objs.append(ctx.repo.config)
    for top in objs:
        for obj, name, vi in _missing(top):
            span = obj.key_at(name) if obj.has(name) else obj.span
            yield span, {"field": name, "field_vi": vi}


@rule("QMS104", "dates-out-of-order", S.ERROR,
      "Ngày không hợp lý: {what_vi}",
      "Dates out of order: {what_en}",
      hint_vi="Kiểm tra lại các ngày của tài liệu.", hint_en="Check the document's dates.",
      clause="7.5.2")
def dates_out_of_order(ctx: RuleContext) -> Iterator[Finding]:
    for d in ctx.repo.documents:
        if d.issued and d.effective and d.effective < d.issued:
            yield d.at("effective"), _pair("ngày hiệu lực", "effective date", d.effective,
                                           "ngày ban hành", "issue date", d.issued)
        if d.issued and d.approved and d.approved > d.issued:
            yield d.at("approved"), _pair("ngày phê duyệt", "approval date", d.approved,
                                          "ngày ban hành", "issue date", d.issued, after=True)
        if d.issued and d.last_reviewed and d.last_reviewed < d.issued:
            yield d.at("last_reviewed"), _pair("ngày xem xét lại", "last review", d.last_reviewed,
                                               "ngày ban hành", "issue date", d.issued)
    for doc in ctx.repo.legal_documents:
        if doc.issued and doc.effective and doc.effective < doc.issued:
            yield doc.at("effective"), _pair("ngày hiệu lực", "effective date", doc.effective,
                                             "ngày ban hành", "issue date", doc.issued)


def _pair(a_vi: str, a_en: str, a: object, b_vi: str, b_en: str, b: object,
          after: bool = False) -> dict[str, str]:
    av, bv = fmt_date(a), fmt_date(b)  # type: ignore[arg-type]
    word_vi, word_en = ("sau", "after") if after else ("trước", "before")
    return {"what_vi": f"{a_vi} {av} {word_vi} {b_vi} {bv}",
            "what_en": f"{a_en} {av} is {word_en} the {b_en} {bv}"}


@rule("QMS105", "review-overdue", S.WARNING,
      "Tài liệu đã quá hạn xem xét định kỳ: lần xem xét gần nhất {last}, chu kỳ {months} tháng "
      "(hạn {due})",
      "Periodic review overdue: last reviewed {last}, every {months} months (due {due})",
      hint_vi="Xem xét lại tài liệu và ghi ngày vào last_reviewed (hoặc ban hành lần mới).",
      hint_en="Review the document and record the date in last_reviewed (or issue a new "
      "edition).", clause="7.5.3")
def review_overdue(ctx: RuleContext) -> Iterator[Finding]:
    default = ctx.repo.config.review_interval_months if ctx.repo.config else 12
    for d in ctx.repo.documents:
        last = d.last_reviewed or d.issued
        months = d.review_interval_months or default or 12
        if d.status != "released" or last is None:
            continue
        due = add_months(last, months)
        if due < ctx.today:
            span = d.at("last_reviewed") if d.last_reviewed else d.at("issued")
            yield span, {"last": fmt_date(last), "months": months, "due": fmt_date(due)}


@rule("QMS106", "draft-document", S.INFO,
      "Tài liệu đang ở trạng thái dự thảo (draft)",
      "The document is a draft",
      hint_vi="Khi được phê duyệt, đổi status thành released.",
      hint_en="Once approved, set status to released.", clause="7.5.2")
def draft_document(ctx: RuleContext) -> Iterator[Finding]:
    for d in ctx.repo.documents:
        if d.status == "draft":
            yield d.at("status"), {}


@rule("QMS107", "invalid-edition", S.ERROR,
      "Lần ban hành phải là số nguyên từ 1 trở lên (đang là {edition})",
      "The edition must be a whole number from 1 up (it is {edition})",
      hint_vi="Lần ban hành đầu tiên là 1.", hint_en="The first edition is 1.", clause="7.5.2")
def invalid_edition(ctx: RuleContext) -> Iterator[Finding]:
    for d in ctx.repo.documents:
        if d.edition is not None and d.edition < 1:
            yield d.at("edition"), {"edition": d.edition}

