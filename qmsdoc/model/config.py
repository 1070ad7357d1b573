"""The repository configuration, ``qms.yaml``: organisation, profile, scope, people, settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from qmsdoc.model.base import Located, fld

#: The newest qms.yaml format this version of qmsdoc understands.
FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Organization(Located):
    name: str | None = fld("Tên đầy đủ của cơ quan, tổ chức", "Full name of the organisation",
                           required=True, example="Ủy ban nhân dân xã Hòa Phong")
    short_name: str | None = fld(
        "Tên viết tắt dùng trong số, ký hiệu văn bản (ví dụ UBND)",
        "Short name used in document numbers (e.g. UBND)", required=True, example="UBND")
    parent: str | None = fld("Cơ quan chủ quản (cấp trên trực tiếp)", "Parent body",
                             example="Ủy ban nhân dân thành phố Đà Nẵng")
    address: str | None = fld("Địa chỉ trụ sở", "Address")
    place: str | None = fld("Địa danh ghi trên văn bản (ví dụ Hòa Phong)",
                            "Place name written on documents", example="Hòa Phong")
    phone: str | None = fld("Số điện thoại", "Phone number")
    email: str | None = fld("Thư điện tử", "E-mail address")
    website: str | None = fld("Cổng thông tin điện tử", "Website")


@dataclass(frozen=True, slots=True, kw_only=True)
class Exclusion(Located):
    clause: str | None = fld("Điều khoản không áp dụng (ví dụ 8.3)", "Clause not applied",
                             required=True, example="8.3")
    justification: str | None = fld("Lý do không áp dụng (bắt buộc theo 4.3)",
                                    "Why it does not apply (required by 4.3)", required=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class Scope(Located):
    statement: str | None = fld("Phạm vi áp dụng HTQLCL (4.3)", "Scope of the QMS (4.3)",
                                required=True)
    sites: list[str] = fld("Các địa điểm áp dụng", "Sites covered", factory=list)
    exclusions: list[Exclusion] = fld("Các điều khoản không áp dụng và lý do",
                                      "Clauses not applied, with justification", factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class Department(Located):
    id: str | None = fld("Mã bộ phận (dùng để tham chiếu)", "Department id (used in references)",
                         required=True, example="van-phong")
    name: str | None = fld("Tên bộ phận", "Department name", required=True)
    head: str | None = fld("Vai trò phụ trách bộ phận (mã vai trò)", "Role heading it (role id)")


@dataclass(frozen=True, slots=True, kw_only=True)
class Role(Located):
    id: str | None = fld("Mã vai trò (dùng trong cột Trách nhiệm)",
                         "Role id (used in the responsibility column)", required=True,
                         example="cong-chuc-tu-phap")
    title: str | None = fld("Chức danh", "Job title", required=True,
                            example="Công chức Tư pháp - Hộ tịch")
    department: str | None = fld("Bộ phận (mã bộ phận)", "Department (id)")


@dataclass(frozen=True, slots=True, kw_only=True)
class ExternalParty(Located):
    id: str | None = fld("Mã bên ngoài (dùng trong actor của bước quy trình)",
                         "External party id (used as a step's actor)", required=True,
                         example="cong-an-xa")
    name: str | None = fld("Tên cơ quan, tổ chức bên ngoài", "Name of the outside body",
                           required=True, example="Công an xã Hòa Phong")


@dataclass(frozen=True, slots=True, kw_only=True)
class Person(Located):
    id: str | None = fld("Mã người ký (dùng trong prepared_by, approved_by…)",
                         "Person id (used in prepared_by, approved_by…)", required=True)
    name: str | None = fld("Họ và tên", "Full name", required=True)
    role: str | None = fld("Vai trò (mã vai trò)", "Role (id)", required=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleSettings(Located):
    select: list[str] = fld("Các quy tắc được bật (mã, tiền tố, nhóm hoặc tên)",
                            "Rules turned on (code, prefix, family or name)", factory=list)
    ignore: list[str] = fld("Các quy tắc bị bỏ qua", "Rules turned off", factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class CalendarSettings(Located):
    hours_per_day: int | None = fld("Số giờ làm việc trong một ngày (mặc định 8)",
                                    "Working hours per day (default 8)", default=8)
    extra_holidays: list[date] = fld("Ngày nghỉ bổ sung của cơ quan",
                                     "Additional days off", factory=list)
    extra_working_days: list[date] = fld("Ngày làm bù (thứ Bảy đi làm)",
                                         "Make-up working days", factory=list)
    bare_day: Literal["calendar", "working"] | None = fld(
        "Cách đọc chữ \"ngày\" đứng một mình trong thời hạn: calendar (ngày theo lịch, mặc "
        "định, như Cổng Dịch vụ công) hoặc working (ngày làm việc, cho kho tài liệu cũ)",
        "How a bare \"ngày\" in a duration is read: calendar (calendar day, the default, as "
        "the national portal) or working (working day, for old repositories)",
        default="calendar")


@dataclass(frozen=True, slots=True, kw_only=True)
class OutputSettings(Located):
    dir: str | None = fld("Thư mục xuất bản (mặc định _build)", "Output folder (default _build)",
                          default="_build")
    formats: list[str] = fld("Định dạng xuất (docx, pdf, html: trang web tĩnh)",
                             "Output formats (docx, pdf, html: a static site)",
                             factory=lambda: ["docx", "pdf"])
    reference_docx: str | None = fld("Tệp Word mẫu để định dạng lại (styles, logo)",
                                     "Word reference document (styles, logo)")
    pdf_engine: str | None = fld("Bộ tạo PDF: typst hoặc libreoffice",
                                 "PDF engine: typst or libreoffice", default="typst")
    pdfa: bool | None = fld("Xuất PDF/A-2b để lưu trữ (mặc định không)",
                            "Write PDF/A-2b for archiving (default no)", default=False)
    pdf_fallback: bool | None = fld(
        "Dùng Typst khi chưa cài LibreOffice (mặc định không: báo lỗi)",
        "Use Typst when LibreOffice is not installed (default no: an error)", default=False)
    font: str | None = fld("Phông chữ (mặc định Times New Roman)",
                           "Font (default Times New Roman)", default="Times New Roman")
    font_size: int | None = fld("Cỡ chữ nội dung (13 hoặc 14)", "Body font size (13 or 14)",
                                default=13)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReleaseSettings(Located):
    require_approval: bool | None = fld(
        "Chỉ coi tài liệu là bản chính thức khi lần ban hành có người phê duyệt (qmsdoc release "
        "--approved-by); mặc định không",
        "Treat a document as final only when its release names an approver (qmsdoc release "
        "--approved-by); default no", default=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Limits(Located):
    max_file_bytes: int | None = fld("Dung lượng tối đa một tệp nguồn (byte)",
                                     "Largest source file read (bytes)", default=5_000_000)
    max_depth: int | None = fld("Độ sâu lồng nhau tối đa của YAML", "Deepest YAML nesting",
                                default=40)
    max_nodes: int | None = fld("Số nút YAML tối đa một tệp (chống bom alias)",
                                "Most YAML nodes per file (alias-bomb guard)", default=200_000)
    max_documents: int | None = fld("Số tệp tài liệu tối đa", "Most documents in a repository",
                                    default=20_000)


#: The hard ceilings of the limits a repository may set in qms.yaml. A repository is untrusted
#: input too (a cloned one runs on a consultant's machine): a larger value is reported (QMS020)
#: and the ceiling is used, so that no qms.yaml can make a command allocate or recurse without
#: bound. max_depth stays well below Python's recursion limit (the parser and the converter
#: use a few frames per level).
LIMIT_CEILINGS: dict[str, int] = {
    "max_file_bytes": 64_000_000,
    "max_depth": 100,
    "max_nodes": 2_000_000,
    "max_documents": 100_000,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class QmsConfig(Located):
    format_version: int | None = fld("Phiên bản định dạng tệp qms.yaml", "qms.yaml format version",
                                     required=True, default=None, example=1)
    organization: Organization | None = fld("Thông tin cơ quan, tổ chức", "The organisation",
                                            required=True)
    standard: str | None = fld("Tiêu chuẩn áp dụng", "Standard applied",
                               default="TCVN ISO 9001:2015")
    profile: str | None = fld(
        "Hồ sơ mẫu (profile): co-quan-hanh-chinh-xa (xã, phường, đặc khu), co-quan-hanh-chinh-so, "
        "co-quan-hanh-chinh-tinh, doanh-nghiep; co-quan-hanh-chinh-huyen đã lỗi thời (từ "
        "01/7/2025)",
        "Profile: co-quan-hanh-chinh-xa (commune, ward, special zone), co-quan-hanh-chinh-so, "
        "co-quan-hanh-chinh-tinh, doanh-nghiep; co-quan-hanh-chinh-huyen is obsolete (since "
        "1 July 2025)", required=True, example="co-quan-hanh-chinh-xa")
    scope: Scope | None = fld("Phạm vi áp dụng HTQLCL và các điều khoản không áp dụng",
                              "QMS scope and exclusions", required=True)
    departments: list[Department] = fld("Các bộ phận", "Departments", factory=list)
    roles: list[Role] = fld("Các vai trò, chức danh", "Roles", factory=list)
    people: list[Person] = fld("Những người soạn thảo, xem xét, phê duyệt",
                               "People who prepare, review and approve", factory=list)
    external_parties: list[ExternalParty] = fld(
        "Cơ quan, tổ chức bên ngoài thực hiện một bước của quy trình (cơ quan phối hợp…)",
        "Outside bodies that do a step of a procedure (cooperating agencies…)", factory=list)
    numbering: dict[str, str] = fld(
        "Mẫu mã hiệu theo loại tài liệu, ví dụ procedure: \"QT-{n:02}\"",
        "Code pattern per document kind, e.g. procedure: \"QT-{n:02}\"", factory=dict)
    review_interval_months: int | None = fld(
        "Chu kỳ xem xét định kỳ tài liệu (tháng, mặc định 12)",
        "Default periodic review interval (months, default 12)", default=12)
    rules: RuleSettings | None = fld("Bật/tắt quy tắc kiểm tra", "Rule selection")
    calendar: CalendarSettings | None = fld("Lịch làm việc", "Working calendar")
    output: OutputSettings | None = fld("Thiết lập xuất bản", "Output settings")
    release: ReleaseSettings | None = fld("Thiết lập ban hành (qmsdoc release)",
                                          "Release settings (qmsdoc release)")
    limits: Limits | None = fld("Giới hạn an toàn khi đọc tệp", "Safety limits for reading")
    exclude: list[str] = fld("Các thư mục/tệp bỏ qua (mẫu glob)", "Paths to skip (glob patterns)",
                             factory=list)
