"""Registers and records: legal documents, TTHC catalogue, audits, reviews, corrective actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar, Literal

from qmsdoc.model.base import Located, fld
from qmsdoc.model.documents import ChannelTerms
from qmsdoc.model.duration import Duration

LegalStatus = Literal["in_force", "amended", "replaced", "repealed", "expired"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Register(Located):
    """A YAML register file; ``kind`` says which."""

    KIND: ClassVar[str] = ""
    kind: str | None = fld("Loại tệp", "File kind", required=True)
    title: str | None = fld("Tên sổ/danh mục", "Title of the register")
    code: str | None = fld("Mã hiệu (nếu có)", "Code, if any")
    path: str = fld("", "", default="")


@dataclass(frozen=True, slots=True, kw_only=True)
class LegalDocument(Located):
    id: str | None = fld("Số, ký hiệu văn bản (dùng để tham chiếu)",
                         "Document number (used in references)", required=True,
                         example="123/2015/NĐ-CP")
    type: str | None = fld("Loại văn bản (Luật, Nghị định, Thông tư…)", "Type (law, decree…)")
    title: str | None = fld("Trích yếu", "Title", required=True)
    issuer: str | None = fld("Cơ quan ban hành", "Issuing body")
    issued: date | None = fld("Ngày ban hành", "Issue date")
    effective: date | None = fld("Ngày có hiệu lực", "Effective date")
    status: LegalStatus | None = fld(
        "Tình trạng: in_force (còn hiệu lực), amended (được sửa đổi), replaced (bị thay thế), "
        "repealed (bị bãi bỏ), expired (hết hiệu lực)",
        "Status: in_force, amended, replaced, repealed or expired", default="in_force")
    amended_by: list[str] = fld("Văn bản sửa đổi, bổ sung (số, ký hiệu)",
                                "Amending documents (numbers)", factory=list)
    replaced_by: str | None = fld("Văn bản thay thế (số, ký hiệu)", "Replaced by (number)")
    status_date: date | None = fld("Ngày thay đổi tình trạng có hiệu lực",
                                   "Date the status change took effect")
    note: str | None = fld("Ghi chú", "Note")
    verified: bool | None = fld(
        "Đã đối chiếu số hiệu, ngày, tình trạng với văn bản gốc: true (đã kiểm chứng), false "
        "(chưa kiểm chứng); bỏ trống: chưa ghi",
        "Number, dates and status checked against the primary text: true (verified), false "
        "(not verified, \"chưa kiểm chứng\"); absent: not stated")


@dataclass(frozen=True, slots=True, kw_only=True)
class LegalRegister(Register):
    KIND: ClassVar[str] = "legal-register"
    documents: list[LegalDocument] = fld("Các văn bản pháp luật", "Legal documents", factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class TthcEntry(Located):
    code: str | None = fld("Mã TTHC trên Cơ sở dữ liệu quốc gia", "National TTHC code",
                           required=True, example="1.001193")
    name: str | None = fld("Tên thủ tục hành chính", "Name of the procedure", required=True)
    field: str | None = fld("Lĩnh vực", "Field (e.g. Hộ tịch)")
    legal_time: Duration | None = fld("Thời hạn giải quyết theo quy định", "Legal processing time")
    channels: list[ChannelTerms] = fld("Thời hạn, phí theo cách thức nộp hồ sơ",
                                       "Time and fee per channel", factory=list)
    decision: str | None = fld("Quyết định công bố TTHC", "Decision publishing the procedure")


@dataclass(frozen=True, slots=True, kw_only=True)
class TthcCatalogue(Register):
    KIND: ClassVar[str] = "tthc-catalogue"
    procedures: list[TthcEntry] = fld("Các thủ tục hành chính", "Administrative procedures",
                                      factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditFinding(Located):
    id: str | None = fld("Mã phát hiện", "Finding id", required=True)
    type: Literal["nonconformity", "observation", "opportunity"] | None = fld(
        "Loại: nonconformity (không phù hợp), observation (khuyến nghị), opportunity (cơ hội "
        "cải tiến)", "Type: nonconformity, observation or opportunity", required=True)
    clause: str | None = fld("Điều khoản liên quan", "Clause concerned")
    department: str | None = fld("Bộ phận (mã)", "Department (id)")
    description: str | None = fld("Mô tả", "Description", required=True)
    action: str | None = fld("Hành động khắc phục (mã)", "Corrective action (id)")


@dataclass(frozen=True, slots=True, kw_only=True)
class InternalAudit(Register):
    KIND: ClassVar[str] = "internal-audit"
    date: date | None = fld("Ngày đánh giá", "Audit date", required=True)
    scope: str | None = fld("Phạm vi đánh giá", "Audit scope")
    lead_auditor: str | None = fld("Trưởng đoàn (mã người)", "Lead auditor (person id)")
    auditors: list[str] = fld("Thành viên đoàn (mã người hoặc họ tên)", "Auditors", factory=list)
    departments: list[str] = fld("Bộ phận được đánh giá (mã)", "Departments audited (ids)",
                                 factory=list)
    findings: list[AuditFinding] = fld("Các phát hiện", "Findings", factory=list)
    conclusion: str | None = fld("Kết luận", "Conclusion")


@dataclass(frozen=True, slots=True, kw_only=True)
class ManagementReview(Register):
    KIND: ClassVar[str] = "management-review"
    date: date | None = fld("Ngày họp xem xét", "Review date", required=True)
    chair: str | None = fld("Chủ trì (mã người)", "Chaired by (person id)")
    participants: list[str] = fld("Thành phần tham dự", "Participants", factory=list)
    inputs: list[str] = fld("Đầu vào xem xét (9.3.2)", "Review inputs (9.3.2)", factory=list)
    outputs: list[str] = fld("Kết luận, quyết định (9.3.3)", "Outputs and decisions (9.3.3)",
                             factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class CorrectiveAction(Located):
    id: str | None = fld("Mã hành động", "Action id", required=True, example="KP-2026-01")
    source: str | None = fld("Nguồn phát sinh (ví dụ mã phát hiện đánh giá)",
                             "Where it came from (e.g. an audit finding id)")
    nonconformity: str | None = fld("Mô tả sự không phù hợp", "The nonconformity", required=True)
    cause: str | None = fld("Nguyên nhân", "Root cause")
    action: str | None = fld("Hành động khắc phục", "Action taken", required=True)
    responsible: str | None = fld("Trách nhiệm (mã vai trò)", "Responsible role (id)",
                                  required=True)
    due: date | None = fld("Thời hạn hoàn thành", "Due date", required=True)
    completed: date | None = fld("Ngày hoàn thành", "Completion date")
    status: Literal["open", "closed"] | None = fld("Trạng thái: open (đang thực hiện), closed "
                                                   "(đã đóng)", "Status: open or closed",
                                                   default="open")
    verification: str | None = fld("Đánh giá hiệu lực", "Effectiveness check")


@dataclass(frozen=True, slots=True, kw_only=True)
class CorrectiveActions(Register):
    KIND: ClassVar[str] = "corrective-actions"
    actions: list[CorrectiveAction] = fld("Các hành động khắc phục", "Corrective actions",
                                          factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordType(Located):
    name: str | None = fld("Tên hồ sơ", "Record", required=True,
                           example="Hồ sơ đào tạo, bồi dưỡng công chức")
    clauses: list[str] = fld("Các điều khoản TCVN ISO 9001:2015 mà hồ sơ là bằng chứng",
                             "Clauses of the standard the record is evidence for", factory=list,
                             required=True, example=["7.2"])
    keeper: str | None = fld("Trách nhiệm lưu (mã vai trò)", "Keeper (role id)", required=True)
    retention: str | None = fld("Thời gian lưu (ví dụ 05 năm, Vĩnh viễn)",
                                "Retention period (e.g. 05 năm, Vĩnh viễn)", required=True)
    place: str | None = fld("Nơi lưu", "Where it is kept")
    form: str | None = fld("Biểu mẫu (mã hiệu), nếu có", "Form (code), if any")
    procedure: str | None = fld("Quy trình quy định hồ sơ (mã hiệu), nếu có",
                                "Procedure that defines the record (code), if any")


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordsRegister(Register):
    """The list of record types kept as evidence (thông tin dạng văn bản được lưu giữ)."""

    KIND: ClassVar[str] = "records"
    records: list[RecordType] = fld("Các loại hồ sơ được lưu giữ", "Record types kept",
                                    factory=list)


REGISTER_KINDS: dict[str, type[Register]] = {
    cls.KIND: cls
    for cls in (LegalRegister, TthcCatalogue, InternalAudit, ManagementReview, CorrectiveActions,
                RecordsRegister)
}
