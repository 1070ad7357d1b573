"""QMS2xx: references. Everything a document names must exist: forms, roles, people, laws…"""

from __future__ import annotations

from collections.abc import Iterator

from qmsdoc.diagnostics import Severity as S
from qmsdoc.diagnostics.registry import Finding, rule
from qmsdoc.model.base import Located
from qmsdoc.model.documents import Decision, Document, Procedure
from qmsdoc.model.registers import RecordsRegister
from qmsdoc.model.span import Span
from qmsdoc.rules.context import RuleContext, fmt_date


def _suggest(name: str, known: set[str]) -> tuple[str, str]:
    import difflib

    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    if close:
        return f"Có phải ý bạn là \"{close[0]}\"? ", f"Did you mean \"{close[0]}\"? "
    return "", ""


# A reference: (the code or id written, the object, its field, the item's index). The span is
# made only for a reference that is reported (most are fine, and a repository has many).
Ref = tuple[str, Located, str, int | None]


def _form_refs(p: Procedure) -> Iterator[Ref]:
    for i, code in enumerate(p.forms):
        yield code, p, "forms", i
    for step in p.steps:
        for i, code in enumerate(step.forms):
            yield code, step, "forms", i
    for item in p.dossier:
        if item.form:
            yield item.form, item, "form", None
    for rec in p.records:
        if rec.form:
            yield rec.form, rec, "form", None


@rule("QMS201", "unknown-form", S.ERROR,
      "Biểu mẫu \"{code}\" không tồn tại trong kho tài liệu",
      "Form \"{code}\" does not exist in the repository",
      hint_vi="{did_vi}Tạo biểu mẫu (kind: form, code: {code}) hoặc sửa mã hiệu.",
      hint_en="{did_en}Create the form (kind: form, code: {code}) or fix the code.",
      clause="7.5.1")
def unknown_form(ctx: RuleContext) -> Iterator[Finding]:
    known = ctx.index.form_codes
    for p in ctx.repo.procedures:
        for code, obj, name, i in _form_refs(p):
            if code not in known:
                vi, en = _suggest(code, known)
                yield obj.at(name, i), {"code": code, "did_vi": vi, "did_en": en}


def _role_refs(ctx: RuleContext) -> Iterator[Ref]:
    cfg = ctx.repo.config
    for p in ctx.repo.procedures:
        for step in p.steps:
            for i, r in enumerate(step.responsible):
                yield r, step, "responsible", i
        for rec in p.records:
            if rec.keeper:
                yield rec.keeper, rec, "keeper", None
    for a in ctx.repo.corrective_actions:
        if a.responsible:
            yield a.responsible, a, "responsible", None
    for reg in ctx.repo.registers_of(RecordsRegister):
        for item in reg.records:
            if item.keeper:
                yield item.keeper, item, "keeper", None
    if cfg:
        for dept in cfg.departments:
            if dept.head:
                yield dept.head, dept, "head", None
        for person in cfg.people:
            if person.role:
                yield person.role, person, "role", None


@rule("QMS202", "unknown-role", S.ERROR,
      "Vai trò \"{role}\" chưa được khai báo trong qms.yaml (mục roles)",
      "Role \"{role}\" is not declared in qms.yaml (roles)",
      hint_vi="{did_vi}Thêm vai trò vào mục roles của qms.yaml hoặc sửa mã vai trò.",
      hint_en="{did_en}Add it under roles in qms.yaml or fix the id.", clause="5.3")
def unknown_role(ctx: RuleContext) -> Iterator[Finding]:
    known = ctx.index.roles
    for role, obj, name, i in _role_refs(ctx):
        if role not in known:
            vi, en = _suggest(role, known)
            yield obj.at(name, i), {"role": role, "did_vi": vi, "did_en": en}


@rule("QMS203", "unknown-department", S.ERROR,
      "Bộ phận \"{dept}\" chưa được khai báo trong qms.yaml (mục departments)",
      "Department \"{dept}\" is not declared in qms.yaml (departments)",
      hint_vi="{did_vi}Thêm bộ phận vào mục departments hoặc sửa mã.",
      hint_en="{did_en}Add it under departments or fix the id.", clause="5.3")
def unknown_department(ctx: RuleContext) -> Iterator[Finding]:
    known = ctx.index.departments
    refs: list[tuple[str, Span]] = [(d.owner, d.at("owner")) for d in ctx.repo.documents
                                    if d.owner]
    cfg = ctx.repo.config
    if cfg:
        refs += [(r.department, r.at("department")) for r in cfg.roles if r.department]
    for audit in ctx.repo.audits:
        refs += [(x, audit.at("departments", i)) for i, x in enumerate(audit.departments)]
        refs += [(f.department, f.at("department")) for f in audit.findings if f.department]
    for dept, span in refs:
        if dept not in known:
            vi, en = _suggest(dept, known)
            yield span, {"dept": dept, "did_vi": vi, "did_en": en}


_SIGNER_FIELDS = ("prepared_by", "reviewed_by", "approved_by")


@rule("QMS204", "unknown-person", S.ERROR,
      "Người \"{person}\" chưa được khai báo trong qms.yaml (mục people)",
      "Person \"{person}\" is not declared in qms.yaml (people)",
      hint_vi="{did_vi}Thêm người vào mục people (id, name, role) hoặc sửa mã.",
      hint_en="{did_en}Add them under people (id, name, role) or fix the id.", clause="7.5.2")
def unknown_person(ctx: RuleContext) -> Iterator[Finding]:
    known = ctx.index.people
    refs: list[tuple[str, Span]] = []
    for d in ctx.repo.documents:
        refs += [(getattr(d, f), d.at(f)) for f in _SIGNER_FIELDS if getattr(d, f)]
        if isinstance(d, Decision) and d.signer:
            refs.append((d.signer, d.at("signer")))
    for a in ctx.repo.audits:
        if a.lead_auditor:
            refs.append((a.lead_auditor, a.at("lead_auditor")))
    for r in ctx.repo.reviews:
        if r.chair:
            refs.append((r.chair, r.at("chair")))
    for person, span in refs:
        if person not in known:
            vi, en = _suggest(person, known)
            yield span, {"person": person, "did_vi": vi, "did_en": en}


@rule("QMS205", "unknown-legal-document", S.ERROR,
      "Văn bản \"{ref}\" không có trong danh mục văn bản pháp luật",
      "Legal document \"{ref}\" is not in the legal register",
      hint_vi="{did_vi}Thêm văn bản vào danh mục (kind: legal-register) với tình trạng hiệu lực.",
      hint_en="{did_en}Add it to the legal register (kind: legal-register) with its status.",
      clause="4.2")
def unknown_legal_document(ctx: RuleContext) -> Iterator[Finding]:
    known = set(ctx.index.legal)
    for p in ctx.repo.procedures:
        for ref in p.legal_basis:
            if ref.ref and ref.ref not in known:
                vi, en = _suggest(ref.ref, known)
                yield ref.at("ref"), {"ref": ref.ref, "did_vi": vi, "did_en": en}
    for doc in ctx.repo.legal_documents:
        links = [(x, doc.at("amended_by", i)) for i, x in enumerate(doc.amended_by)]
        if doc.replaced_by:
            links.append((doc.replaced_by, doc.at("replaced_by")))
        for ref_id, span in links:
            if ref_id not in known:
                vi, en = _suggest(ref_id, known)
                yield span, {"ref": ref_id, "did_vi": vi, "did_en": en}


_STATUS_VI = {"repealed": "đã bị bãi bỏ", "replaced": "đã bị thay thế",
              "expired": "đã hết hiệu lực"}
_STATUS_EN = {"repealed": "was repealed", "replaced": "was replaced", "expired": "has expired"}


@rule("QMS206", "repealed-legal-basis", S.ERROR,
      "Căn cứ pháp lý \"{ref}\" {status_vi}{since_vi}{by_vi}",
      "Legal basis \"{ref}\" {status_en}{since_en}{by_en}",
      hint_vi="Cập nhật quy trình theo văn bản hiện hành và sửa căn cứ pháp lý.",
      hint_en="Revise the procedure against the law in force and update its legal basis.",
      clause="8.2.2")
def repealed_legal_basis(ctx: RuleContext) -> Iterator[Finding]:
    legal = ctx.index.legal
    for p in ctx.repo.procedures:
        for ref in p.legal_basis:
            doc = legal.get(ref.ref or "")
            if doc is None or doc.status not in _STATUS_VI:
                continue
            since = fmt_date(doc.status_date) if doc.status_date else ""
            yield ref.at("ref"), {
                "ref": ref.ref, "status_vi": _STATUS_VI[doc.status],
                "status_en": _STATUS_EN[doc.status],
                "since_vi": f" từ ngày {since}" if since else "",
                "since_en": f" on {since}" if since else "",
                "by_vi": f", thay bằng {doc.replaced_by}" if doc.replaced_by else "",
                "by_en": f", by {doc.replaced_by}" if doc.replaced_by else "",
            }


@rule("QMS207", "unknown-document", S.ERROR,
      "Tài liệu \"{code}\" được tham chiếu nhưng không tồn tại",
      "Document \"{code}\" is referenced but does not exist",
      hint_vi="{did_vi}Sửa mã hiệu hoặc tạo tài liệu.",
      hint_en="{did_en}Fix the code or create the document.", clause="7.5.1")
def unknown_document(ctx: RuleContext) -> Iterator[Finding]:
    known = set(ctx.index.documents_by_code)
    for d in ctx.repo.documents:
        for i, code in enumerate(d.related):
            if code not in known:
                vi, en = _suggest(code, known)
                yield d.at("related", i), {"code": code, "did_vi": vi, "did_en": en}


@rule("QMS208", "unknown-tthc", S.ERROR,
      "Thủ tục hành chính \"{code}\" không có trong danh mục TTHC",
      "Administrative procedure \"{code}\" is not in the TTHC catalogue",
      hint_vi="{did_vi}Thêm thủ tục vào danh mục (kind: tthc-catalogue) hoặc sửa mã.",
      hint_en="{did_en}Add it to the catalogue (kind: tthc-catalogue) or fix the code.",
      clause="8.2.2")
def unknown_tthc(ctx: RuleContext) -> Iterator[Finding]:
    known = set(ctx.index.tthc)
    for p in ctx.repo.procedures:
        if p.tthc and p.tthc not in known:
            vi, en = _suggest(p.tthc, known)
            yield p.at("tthc"), {"code": p.tthc, "did_vi": vi, "did_en": en}


@rule("QMS209", "orphan-form", S.WARNING,
      "Biểu mẫu \"{code}\" không được quy trình nào sử dụng",
      "Form \"{code}\" is not used by any procedure",
      hint_vi="Tham chiếu biểu mẫu trong một quy trình (forms hoặc bước thực hiện), hoặc đánh "
      "dấu status: obsolete.",
      hint_en="Reference it from a procedure (forms or a step), or mark it status: obsolete.",
      clause="7.5.3")
def orphan_form(ctx: RuleContext) -> Iterator[Finding]:
    used = {ref[0] for p in ctx.repo.procedures for ref in _form_refs(p)}
    used |= {c for d in ctx.repo.documents for c in d.related}
    for f in ctx.repo.forms:
        if f.code and f.code not in used and f.status != "obsolete":
            yield f.at("code"), {"code": f.code}


@rule("QMS210", "unknown-owner", S.ERROR,
      "\"{owner}\" không phải là vai trò hay bộ phận đã khai báo",
      "\"{owner}\" is neither a declared role nor a department",
      hint_vi="{did_vi}Dùng mã vai trò (roles) hoặc mã bộ phận (departments) trong qms.yaml.",
      hint_en="{did_en}Use a role or department id from qms.yaml.", clause="6.2.2")
def unknown_owner(ctx: RuleContext) -> Iterator[Finding]:
    known = ctx.index.roles | ctx.index.departments
    for doc in ctx.repo.objectives:
        for o in doc.objectives:
            refs = [(o.owner, o.at("owner"))] if o.owner else []
            refs += [(a.who, a.at("who")) for a in o.plan if a.who]
            for owner, span in refs:
                if owner not in known:
                    vi, en = _suggest(owner, known)
                    yield span, {"owner": owner, "did_vi": vi, "did_en": en}


def documents_citing(ctx: RuleContext, code: str) -> list[Document]:
    """Documents whose ``related`` list names ``code`` (used by incremental checks)."""
    return [d for d in ctx.repo.documents if code in d.related]
