"""QMS5xx: clause coverage. Every applicable clause addressed, exclusions justified, mandatory
documented information present, the profile known and its expected procedures in place.

The findings come from :func:`qmsdoc.coverage.compute_coverage` (``ctx.coverage``); see
docs/standards.md, "Clause coverage", for the semantics.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from qmsdoc.coverage import ClauseCoverage, CoverageResult, DocumentedCheck
from qmsdoc.diagnostics import Severity as S
from qmsdoc.diagnostics.registry import Finding, rule
from qmsdoc.model.span import Span
from qmsdoc.rules.context import RuleContext
from qmsdoc.standards import Standard, clause_is_within

_NUMBER = re.compile(r"\d+(?:\.\d+)*")


def _usual_exclusions(std: Standard) -> str:
    """The clauses marked excludable, without repeating sub-clauses of one already listed."""
    tops = [c.number for c in std.clauses if c.excludable and not (
        c.parent_number and (p := std.get(c.parent_number)) is not None and p.excludable)]
    return ", ".join(tops)


def _kinds(check: DocumentedCheck) -> str:
    return ", ".join(check.info.kinds)


_WHERE_FIRST = ("procedure", "manual", "instruction", "policy", "objectives", "scope")


def _first_span(c: ClauseCoverage, result: CoverageResult) -> Span:
    """Where a finding about a claimed clause points: the first procedure (then the manual, …)
    that claims it; the scope of qms.yaml when nothing claims it."""
    for kind in _WHERE_FIRST:
        for claim in c.claims:
            if claim.kind == kind:
                return claim.span
    return c.claims[0].span if c.claims else result.anchor


# --------------------------------------------------------------------------- profile


@rule("QMS501", "unknown-profile", S.ERROR,
      "Loại hình tổ chức (profile) \"{profile}\" không tồn tại",
      "Unknown profile \"{profile}\"",
      hint_vi="Dùng một trong các loại hình: {known}. Loại hình riêng của tổ chức đặt trong "
      "thư mục profiles/ của kho tài liệu (tệp <mã>.yaml).",
      hint_en="Use one of: {known}. An organisation's own profiles go in the profiles/ folder "
      "of the repository (one <id>.yaml file each).", clause="4.1")
def unknown_profile(ctx: RuleContext) -> Iterator[Finding]:
    p = ctx.coverage.profile_problem
    if p is not None and p.kind == "unknown":
        yield ctx.coverage.profile_span, {"profile": p.profile, "known": ", ".join(p.known)}


@rule("QMS502", "abstract-profile", S.ERROR,
      "Loại hình \"{profile}\" là loại hình cơ sở (abstract), không dùng trực tiếp được",
      "Profile \"{profile}\" is abstract and cannot be used directly",
      hint_vi="Chọn một loại hình cụ thể: {known}; hoặc tạo loại hình riêng kế thừa "
      "(extends: {profile}).",
      hint_en="Choose a concrete profile: {known}; or write your own that extends {profile}.",
      clause="4.1")
def abstract_profile(ctx: RuleContext) -> Iterator[Finding]:
    p = ctx.coverage.profile_problem
    if p is not None and p.kind == "abstract":
        yield ctx.coverage.profile_span, {"profile": p.profile, "known": ", ".join(p.known)}


@rule("QMS503", "invalid-profile", S.ERROR,
      "Không đọc được loại hình tổ chức \"{profile}\": {detail_vi}",
      "Cannot read profile \"{profile}\": {detail_en}",
      hint_vi="Sửa tệp loại hình trong thư mục profiles/ (định dạng: docs/standards.md).",
      hint_en="Fix the profile file in profiles/ (format: docs/standards.md).", clause="4.1")
def invalid_profile(ctx: RuleContext) -> Iterator[Finding]:
    p = ctx.coverage.profile_problem
    if p is not None and p.kind == "invalid":
        yield ctx.coverage.profile_span, {"profile": p.profile, "detail_vi": p.vi,
                                          "detail_en": p.en}


@rule("QMS514", "obsolete-profile", S.WARNING,
      "Loại hình tổ chức \"{profile}\" đã lỗi thời từ {since}: {reason_vi}",
      "Profile \"{profile}\" is obsolete since {since}: {reason_en}",
      hint_vi="Kho tài liệu vẫn được kiểm tra theo loại hình cũ. Khi cơ quan đã chuyển đổi, đổi "
      "profile trong qms.yaml sang loại hình phù hợp: {replaced}.",
      hint_en="The repository is still checked with the old profile. Once the organisation has "
      "changed, set profile in qms.yaml to the one that fits: {replaced}.", clause="4.1")
def obsolete_profile(ctx: RuleContext) -> Iterator[Finding]:
    p = ctx.coverage.profile
    if p is not None and p.obsolete is not None:
        o = p.obsolete
        since = "/".join(reversed(o.since.split("-")))
        yield ctx.coverage.profile_span, {"profile": p.id, "since": since,
                                          "reason_vi": o.reason_vi, "reason_en": o.reason_en,
                                          "replaced": ", ".join(o.replaced_by)}


# --------------------------------------------------------------------------- clause numbers


def _did_you_mean(raw: str, std: Standard) -> tuple[str, str]:
    found = _NUMBER.search(raw)
    guess = None
    if found and found.group(0) != raw.strip() and std.get(found.group(0)):
        guess = std.get(found.group(0))
    if guess is None:
        close = difflib.get_close_matches(raw.strip(), [c.number for c in std.clauses], n=1,
                                          cutoff=0.8)
        guess = std.get(close[0]) if close else None
    if guess is None:
        return "", ""
    return (f"Có phải ý bạn là \"{guess.number}\" ({guess.vi})? ",
            f"Did you mean \"{guess.number}\" ({guess.en})? ")


@rule("QMS504", "unknown-clause", S.ERROR,
      "\"{raw}\" không phải là điều khoản của {standard}{why_vi}",
      "\"{raw}\" is not a clause of {standard}{why_en}",
      hint_vi="{did_vi}Sửa số hiệu (chỉ gồm các số cách nhau bằng dấu chấm, ví dụ \"7.1.5\"); "
      "mục này không được tính khi xác định mức độ đáp ứng.",
      hint_en="{did_en}Fix the number (digits separated by dots, e.g. \"7.1.5\"); this item "
      "is ignored for coverage.", clause="4.4")
def unknown_clause(ctx: RuleContext) -> Iterator[Finding]:
    cov = ctx.coverage
    std = cov.standard
    for u in cov.unknown_claims:
        did_vi, did_en = _did_you_mean(u.raw, std)
        why = u.reason == "syntax"
        yield u.span, {"raw": u.raw, "standard": _standard_name(std),
                       "why_vi": " (không đúng dạng số hiệu điều khoản)" if why else "",
                       "why_en": " (not a clause number)" if why else "",
                       "did_vi": did_vi, "did_en": did_en}
    for e in cov.exclusions:
        if e.problem == "unknown-clause":
            did_vi, did_en = _did_you_mean(e.raw, std)
            yield e.span, {"raw": e.raw, "standard": _standard_name(std), "why_vi": "",
                           "why_en": "", "did_vi": did_vi, "did_en": did_en}


def _standard_name(std: Standard) -> str:
    """"TCVN ISO 9001:2015" from the standard's title (its first three words)."""
    words = std.title.split()
    return " ".join(words[:3]) if len(words) >= 3 else std.id


# --------------------------------------------------------------------------- coverage


@rule("QMS505", "clause-missing", S.ERROR,
      "Điều khoản {clause} ({title_vi}){sub_vi} chưa được tài liệu nào đáp ứng",
      "Clause {clause} ({title_en}){sub_en} is not addressed by any document",
      hint_vi="Ghi \"{clause}\" vào danh sách clauses của tài liệu đáp ứng điều khoản này"
      "{need_vi}{excl_vi}.",
      hint_en="Add \"{clause}\" to the clauses list of the document that addresses it"
      "{need_en}{excl_en}.", clause="4.4")
def clause_missing(ctx: RuleContext) -> Iterator[Finding]:
    cov = ctx.coverage
    invalid = [e.clause for e in cov.exclusions if e.clause and not e.effective]
    for c in cov.missing_roots():
        if any(clause_is_within(c.number, x) for x in invalid):
            continue  # the exclusion's own diagnostic says what to fix
        subs = sum(1 for d in cov.standard.descendants(c.number)
                   if (cd := cov.get(d.number)) is not None and cd.status != "excluded")
        needs = [d for x in (c.clause, *cov.standard.descendants(c.number))
                 if (cx := cov.get(x.number)) is not None for d in cx.unmet
                 if d.info.type == "maintain"]
        excludable = c.clause.excludable
        yield cov.anchor, {
            "clause": c.number, "title_vi": c.clause.vi, "title_en": c.clause.en,
            "sub_vi": f" và {subs} điều khoản con" if subs else "",
            "sub_en": f" and its {subs} sub-clauses" if subs else "",
            "need_vi": "; tiêu chuẩn yêu cầu có: " + "; ".join(
                f"{d.info.vi} ({_kinds(d)})" for d in needs) if needs else "",
            "need_en": "; the standard requires: " + "; ".join(
                f"{d.info.en} ({_kinds(d)})" for d in needs) if needs else "",
            "excl_vi": ", hoặc nếu không áp dụng thì khai báo trong scope.exclusions của "
            "qms.yaml kèm lý do" if excludable else "",
            "excl_en": ", or if it does not apply declare it under scope.exclusions in qms.yaml "
            "with a justification" if excludable else "",
        }


# --------------------------------------------------------------------------- exclusions


@rule("QMS506", "exclusion-without-justification", S.ERROR,
      "Điều khoản {clause} được khai báo không áp dụng nhưng không nêu lý do",
      "Clause {clause} is declared not applicable without a justification",
      hint_vi="Thêm justification: … nêu vì sao yêu cầu không áp dụng và không ảnh hưởng đến "
      "khả năng cung cấp sản phẩm, dịch vụ phù hợp. Khi chưa có lý do, điều khoản vẫn được coi "
      "là áp dụng.",
      hint_en="Add justification: … saying why the requirement does not apply and does not "
      "affect the conformity of products and services. Until then the clause counts as "
      "applicable.", clause="4.3")
def exclusion_without_justification(ctx: RuleContext) -> Iterator[Finding]:
    for e in ctx.coverage.exclusions:
        if e.problem == "no-justification":
            yield e.entry_span, {"clause": e.clause}


@rule("QMS507", "exclusion-not-allowed", S.ERROR,
      "Không thể khai báo điều khoản {clause} ({title_vi}) là không áp dụng: {why_vi}",
      "Clause {clause} ({title_en}) cannot be declared not applicable: {why_en}",
      hint_vi="Bỏ mục này khỏi scope.exclusions và lập tài liệu đáp ứng; chỉ loại trừ từng yêu "
      "cầu cụ thể không áp dụng (thường là: {usual}).",
      hint_en="Remove it from scope.exclusions and document the clause; only exclude the "
      "specific requirements that do not apply (usually: {usual}).", clause="4.3")
def exclusion_not_allowed(ctx: RuleContext) -> Iterator[Finding]:
    cov = ctx.coverage
    std = cov.standard
    for e in cov.exclusions:
        if e.problem != "not-allowed" or e.clause is None:
            continue
        c = std.get(e.clause)
        assert c is not None
        if c.parent_number is None:
            why_vi, why_en = "đây là cả một điều chính của tiêu chuẩn", "it is a whole main clause"
        else:
            docs = [d for x in (c, *std.descendants(c.number)) for d in x.documented
                    if d.type == "maintain" and not d.conditional]
            why_vi = "tiêu chuẩn yêu cầu duy trì " + "; ".join(d.vi for d in docs)
            why_en = "the standard requires " + "; ".join(d.en for d in docs)
        yield e.span, {"clause": c.number, "title_vi": c.vi, "title_en": c.en,
                       "why_vi": why_vi, "why_en": why_en, "usual": _usual_exclusions(std)}


@rule("QMS508", "exclusion-questionable", S.WARNING,
      "Điều khoản {clause} ({title_vi}) thường không được khai báo là không áp dụng",
      "Clause {clause} ({title_en}) is not usually declared not applicable",
      hint_vi="Chỉ loại trừ khi yêu cầu thực sự không áp dụng và không ảnh hưởng đến sự phù hợp "
      "của sản phẩm, dịch vụ (4.3); chuyên gia đánh giá sẽ xem xét lý do. Các điều khoản "
      "thường được loại trừ: {usual}.",
      hint_en="Exclude it only if it really does not apply and does not affect the conformity "
      "of products and services (4.3); auditors will question it. Commonly excluded: {usual}.",
      clause="4.3")
def exclusion_questionable(ctx: RuleContext) -> Iterator[Finding]:
    cov = ctx.coverage
    for e in cov.exclusions:
        c = cov.standard.get(e.clause) if e.clause else None
        if e.problem == "questionable" and c is not None:
            yield e.span, {"clause": c.number, "title_vi": c.vi, "title_en": c.en,
                           "usual": _usual_exclusions(cov.standard)}


@rule("QMS509", "claims-excluded-clause", S.WARNING,
      "Tài liệu đáp ứng điều khoản {clause}, nhưng qms.yaml khai báo điều khoản {excluded} "
      "không áp dụng",
      "The document addresses clause {clause}, which qms.yaml declares not applicable "
      "({excluded})",
      hint_vi="Bỏ \"{clause}\" khỏi clauses của tài liệu, hoặc bỏ mục {excluded} khỏi "
      "scope.exclusions nếu yêu cầu thực ra có áp dụng.",
      hint_en="Remove \"{clause}\" from the document's clauses, or remove {excluded} from "
      "scope.exclusions if the requirement does apply.", clause="4.3")
def claims_excluded_clause(ctx: RuleContext) -> Iterator[Finding]:
    cov = ctx.coverage
    effective = [e for e in cov.exclusions if e.effective and e.clause]
    for claim in cov.claims:
        for e in effective:
            if e.clause and clause_is_within(claim.clause, e.clause):
                yield claim.span, {"clause": claim.clause, "excluded": e.clause}
                break


# --------------------------------------------------------------------------- documented info


def _applicable_claimed(cov: CoverageResult) -> Iterator[ClauseCoverage]:
    for c in cov.clauses:
        if c.status in ("covered", "partial") and c.claims:
            yield c


@rule("QMS510", "mandatory-document-missing", S.ERROR,
      "Điều khoản {clause} thiếu tài liệu bắt buộc: {what_vi} (tài liệu loại {kinds})",
      "Clause {clause} lacks a mandatory document: {what_en} (a document of kind {kinds})",
      hint_vi="{how_vi}", hint_en="{how_en}", clause="7.5.1")
def mandatory_document_missing(ctx: RuleContext) -> Iterator[Finding]:
    cov = ctx.coverage
    for c in _applicable_claimed(cov):
        for d in c.unmet:
            if d.info.type != "maintain":
                continue
            if d.candidates:
                cands = ", ".join(d.candidates[:3])
                how_vi = f"Thêm \"{c.number}\" vào clauses của {cands}."
                how_en = f"Add \"{c.number}\" to the clauses of {cands}."
            else:
                how_vi = (f"Lập tài liệu loại {_kinds(d)} và ghi \"{c.number}\" trong "
                          "clauses của tài liệu đó.")
                how_en = f"Write a document of kind {_kinds(d)} listing \"{c.number}\" in clauses."
            yield _first_span(c, cov), {"clause": c.number, "what_vi": d.info.vi,
                                        "what_en": d.info.en, "kinds": _kinds(d),
                                        "how_vi": how_vi, "how_en": how_en}


def _record_how(clause: str, d: DocumentedCheck) -> tuple[str, str]:
    if "record" in d.info.kinds:
        return (f"Khai báo loại hồ sơ trong danh mục hồ sơ (kind: records) với clauses: "
                f"[\"{clause}\"], hoặc ghi hồ sơ cần lưu (records) trong quy trình đáp ứng "
                "điều khoản này.",
                f"List the record type in a records register (kind: records) with clauses: "
                f"[\"{clause}\"], or list it under records in the procedure that addresses "
                "the clause.")
    return (f"Lập hồ sơ loại {_kinds(d)} (một tệp YAML có kind: {d.info.kinds[0]}).",
            f"Keep a record of kind {_kinds(d)} (a YAML file with kind: {d.info.kinds[0]}).")


@rule("QMS511", "mandatory-record-missing", S.ERROR,
      "Điều khoản {clause} thiếu hồ sơ bắt buộc: {what_vi}",
      "Clause {clause} lacks a mandatory record: {what_en}",
      hint_vi="{how_vi}", hint_en="{how_en}", clause="7.5.3")
def mandatory_record_missing(ctx: RuleContext) -> Iterator[Finding]:
    cov = ctx.coverage
    for c in _applicable_claimed(cov):
        for d in c.unmet:
            if d.info.type == "retain":
                how_vi, how_en = _record_how(c.number, d)
                yield _first_span(c, cov), {"clause": c.number, "what_vi": d.info.vi,
                                            "what_en": d.info.en, "how_vi": how_vi,
                                            "how_en": how_en}


@rule("QMS512", "conditional-information-missing", S.INFO,
      "Điều khoản {clause} yêu cầu lưu hồ sơ khi có trường hợp: {what_vi}; chưa có loại hồ sơ "
      "nào",
      "Clause {clause} asks for a record when it arises: {what_en}; no record type is kept",
      hint_vi="{how_vi} Nếu trường hợp này không xảy ra ở đơn vị thì có thể bỏ qua.",
      hint_en="{how_en} If this never happens in the organisation, ignore this note.",
      clause="7.5.3")
def conditional_information_missing(ctx: RuleContext) -> Iterator[Finding]:
    cov = ctx.coverage
    for c in cov.clauses:
        if c.status in ("excluded", "missing"):
            continue
        for d in c.documented:
            if d.info.conditional and not d.satisfied:
                how_vi, how_en = _record_how(c.number, d)
                yield _first_span(c, cov), {"clause": c.number, "what_vi": d.info.vi,
                                            "what_en": d.info.en, "how_vi": how_vi,
                                            "how_en": how_en}


# --------------------------------------------------------------------------- profile


@rule("QMS513", "expected-procedure-missing", S.WARNING,
      "Chưa có quy trình \"{name_vi}\" (điều khoản {clauses}) mà loại hình {profile} thường có",
      "No procedure for \"{name_en}\" (clauses {clauses}), which a {profile} manual normally "
      "has",
      hint_vi="Lập quy trình (kind: procedure) ghi {clauses} trong clauses, hoặc ghi các điều "
      "khoản này vào quy trình hiện có đang đảm nhiệm nội dung đó.",
      hint_en="Write a procedure (kind: procedure) listing {clauses} in clauses, or add these "
      "clauses to the existing procedure that does this job.", clause="4.4")
def expected_procedure_missing(ctx: RuleContext) -> Iterator[Finding]:
    cov = ctx.coverage
    if cov.profile is None:
        return
    procs = [c.clause for c in cov.claims if c.kind == "procedure"]
    excluded = {c.number for c in cov.clauses if c.status == "excluded"}
    for ep in cov.profile.expected_procedures:
        needed = [x for x in ep.clauses if x not in excluded]
        if all(any(clause_is_within(p, x) or clause_is_within(x, p) for p in procs)
               for x in needed):
            continue
        yield cov.profile_span, {"name_vi": ep.vi, "name_en": ep.en,
                                 "clauses": ", ".join(ep.clauses), "profile": cov.profile.id}
