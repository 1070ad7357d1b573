"""Controlled documents: policy, procedures, instructions, forms, manual, decisions, objectives."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar, Literal

from qmsdoc.model.base import Located, fld
from qmsdoc.model.duration import Duration

Status = Literal["draft", "released", "obsolete"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Document(Located):
    """Document-control metadata shared by every controlled document (7.5.2, 7.5.3)."""

    KIND: ClassVar[str] = ""
    TITLE_VI: ClassVar[str] = "Tài liệu"
    TITLE_EN: ClassVar[str] = "Document"

    kind: str | None = fld("Loại tài liệu", "Document kind", required=True, example="procedure")
    code: str | None = fld("Mã hiệu tài liệu", "Document code", required=True, example="QT-05")
    title: str | None = fld("Tên tài liệu", "Document title", required=True,
                            example="Quy trình đăng ký khai sinh")
    short_title: str | None = fld(
        "Tên rút gọn in ở đầu trang khi tên tài liệu quá dài (tên đầy đủ vẫn in trong tài liệu)",
        "Short title printed in the page header when the title is too long for it (the full "
        "title is still printed in the document)", example="Quy trình đăng ký thay đổi thành viên")
    edition: int | None = fld("Lần ban hành (1, 2, …)", "Edition (1, 2, …)", required=True,
                              example=1)
    issued: date | None = fld("Ngày ban hành (YYYY-MM-DD)", "Issue date (YYYY-MM-DD)",
                              required=True)
    effective: date | None = fld("Ngày có hiệu lực", "Effective date")
    status: Status | None = fld("Trạng thái: draft (dự thảo), released (ban hành), obsolete (hết "
                                "hiệu lực)", "Status: draft, released or obsolete",
                                default="released")
    owner: str | None = fld("Bộ phận chủ trì (mã bộ phận)", "Owning department (id)",
                            required=True)
    prepared_by: str | None = fld("Người soạn thảo (mã người)", "Prepared by (person id)",
                                  required=True)
    reviewed_by: str | None = fld("Người xem xét (mã người)", "Reviewed by (person id)",
                                  required=True)
    approved_by: str | None = fld("Người phê duyệt (mã người)", "Approved by (person id)",
                                  required=True)
    approved: date | None = fld("Ngày phê duyệt", "Approval date")
    clauses: list[str] = fld("Các điều khoản TCVN ISO 9001:2015 tài liệu đáp ứng",
                             "Clauses of the standard the document addresses", factory=list,
                             example=["8.1", "8.5.1"])
    review_interval_months: int | None = fld("Chu kỳ xem xét lại (tháng)",
                                             "Review interval (months)")
    last_reviewed: date | None = fld("Ngày xem xét lại gần nhất", "Date of the last review")
    related: list[str] = fld("Tài liệu liên quan (mã hiệu)", "Related documents (codes)",
                             factory=list)
    # Set by the loader, not read from front matter:
    path: str = fld("", "", default="")
    body: str = fld("", "", default="")
    body_line: int = fld("", "", default=0)


@dataclass(frozen=True, slots=True, kw_only=True)
class LegalRef(Located):
    ref: str | None = fld("Số, ký hiệu văn bản trong danh mục văn bản pháp luật (để trống nếu "
                          "văn bản không có số: khi đó ghi title)",
                          "Number of the legal document in the legal register (leave out for "
                          "a document without a number, and write title)",
                          example="123/2015/NĐ-CP")
    title: str | None = fld("Tên văn bản, khi trích dẫn tự do (văn bản không có số, ký hiệu)",
                            "Title, for a free citation (a document without a number)",
                            example="Luật Cư trú 2020")
    articles: str | None = fld("Điều, khoản áp dụng", "Articles relied on", example="Điều 9")


@dataclass(frozen=True, slots=True, kw_only=True)
class DossierItem(Located):
    name: str | None = fld("Tên giấy tờ", "Document in the dossier", required=True)
    form: str | None = fld("Biểu mẫu (mã hiệu), nếu có", "Form used (code), if any")
    originals: int | None = fld("Số bản chính", "Number of originals", default=None)
    copies: int | None = fld("Số bản sao", "Number of copies", default=None)
    note: str | None = fld("Ghi chú", "Note")


APPLICANT = "nguoi-nop-ho-so"
"""The actor id of the person or organisation that files the dossier (built in)."""

ChannelName = Literal["truc-tiep", "truc-tuyen", "buu-chinh"]
CHANNEL_TITLES: dict[str, tuple[str, str]] = {
    "truc-tiep": ("Trực tiếp", "In person"),
    "truc-tuyen": ("Trực tuyến", "Online"),
    "buu-chinh": ("Dịch vụ bưu chính", "By post"),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Step(Located):
    action: str | None = fld("Nội dung công việc", "What is done", required=True)
    actor: str | None = fld(
        "Bên ngoài thực hiện bước này: nguoi-nop-ho-so (người nộp hồ sơ) hoặc mã cơ quan "
        "trong external_parties của qms.yaml; khi đó không cần responsible, duration",
        "Outside actor doing this step: nguoi-nop-ho-so (the applicant) or an external party "
        "id of qms.yaml; then responsible and duration are not needed", example="cong-an-xa")
    # Not "required" in the schema: a step of an outside actor has none; QMS302 asks for it on
    # every other step.
    responsible: list[str] = fld("Trách nhiệm (mã vai trò; bắt buộc trừ bước của bên ngoài)",
                                 "Responsible role(s) (ids; required unless an outside actor)",
                                 factory=list)
    start: str | None = fld(
        "Sự kiện mà thời gian của bước được tính từ đó (bắt đầu một chuỗi thời gian mới)",
        "The event the step's period runs from (starts a new time chain)",
        example="ngày nhận được văn bản của Công an xã")
    duration: Duration | None = fld(
        "Thời gian thực hiện (ví dụ 0,5 ngày làm việc; 4 giờ; 0; có thể thêm \"kể từ …\")",
        "Time allowed (e.g. 0,5 ngày làm việc, 4 giờ, 0; may add \"kể từ …\")")
    counted: bool | None = fld(
        "Bước của bên ngoài có tính vào thời hạn giải quyết của cơ quan không (mặc định không)",
        "Whether an outside actor's step counts against the agency's time (default no)")
    cases: list[str] = fld("Chỉ áp dụng cho các trường hợp (mã trường hợp); để trống: mọi "
                           "trường hợp", "Only in these cases (case ids); empty: every case",
                           factory=list)
    forms: list[str] = fld("Biểu mẫu sử dụng (mã hiệu)", "Forms used (codes)", factory=list)
    output: str | None = fld("Kết quả của bước", "Output of the step")
    decision: str | None = fld(
        "Câu hỏi kiểm tra kết quả của bước, vẽ thành ô quyết định trong lưu đồ (nhánh \"Có\" "
        "sang bước sau)", "A check on the step's result, drawn as a decision in the flowchart "
        "(\"Có\" goes on to the next step)", example="Hồ sơ đầy đủ, hợp lệ?")
    otherwise: list[str] = fld(
        "Việc làm khi kết quả không đạt (nhánh \"Không\" của decision), mỗi dòng một việc",
        "What is done when the check fails (the \"Không\" branch of decision), one per line",
        factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelTerms(Located):
    channel: ChannelName | None = fld(
        "Cách thức nộp: truc-tiep (trực tiếp), truc-tuyen (trực tuyến), buu-chinh (dịch vụ "
        "bưu chính)", "Channel: truc-tiep (in person), truc-tuyen (online), buu-chinh (post)",
        required=True, example="truc-tuyen")
    processing_time: Duration | None = fld("Thời hạn giải quyết qua cách thức này",
                                           "Processing time by this channel",
                                           example="03 ngày làm việc")
    fee: str | None = fld(
        "Phí, lệ phí: số tiền (20.000 đồng), tỷ lệ (50%), khoảng (10.000 - 50.000 đồng), "
        "văn bản, hoặc Miễn phí", "Fee: an amount, a percentage, a range, a text or Miễn phí",
        example="Miễn phí")
    note: str | None = fld("Mô tả, ghi chú", "Description, note")


@dataclass(frozen=True, slots=True, kw_only=True)
class Case(Located):
    id: str | None = fld("Mã trường hợp (dùng trong cases của bước)",
                         "Case id (used in a step's cases)", required=True, example="day-du")
    name: str | None = fld("Tên trường hợp", "Name of the case", required=True,
                           example="Trường hợp hồ sơ đầy đủ, hợp lệ")
    processing_time: Duration | None = fld("Thời hạn giải quyết của trường hợp này",
                                           "Processing time of this case")
    channels: list[ChannelTerms] = fld("Thời hạn, phí theo cách thức nộp của trường hợp này",
                                       "Time and fee per channel in this case", factory=list)
    dossier: list[DossierItem] = fld("Thành phần hồ sơ riêng của trường hợp này",
                                     "Dossier of this case", factory=list)
    note: str | None = fld("Ghi chú", "Note")


@dataclass(frozen=True, slots=True, kw_only=True)
class Agencies(Located):
    performing: str | None = fld("Cơ quan thực hiện", "Agency that processes the dossier")
    competent: str | None = fld("Cơ quan có thẩm quyền", "Agency with authority")
    delegated: str | None = fld("Cơ quan được ủy quyền", "Delegated agency")
    cooperating: str | None = fld("Cơ quan phối hợp", "Cooperating agency")


@dataclass(frozen=True, slots=True, kw_only=True)
class ResultDocument(Located):
    name: str | None = fld("Tên giấy tờ là kết quả", "Result document", required=True,
                           example="Giấy khai sinh")
    code: str | None = fld("Mã kết quả trên Cổng Dịch vụ công", "Result code on the portal",
                           example="KQ.G15.000031")


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordItem(Located):
    name: str | None = fld("Tên hồ sơ", "Record", required=True)
    form: str | None = fld("Biểu mẫu (mã hiệu), nếu có", "Form (code), if any")
    keeper: str | None = fld("Trách nhiệm lưu (mã vai trò)", "Keeper (role id)", required=True)
    retention: str | None = fld("Thời gian lưu (ví dụ 05 năm, Vĩnh viễn)",
                                "Retention period (e.g. 05 năm, Vĩnh viễn)", required=True)
    place: str | None = fld("Nơi lưu", "Where it is kept")


@dataclass(frozen=True, slots=True, kw_only=True)
class Procedure(Document):
    KIND: ClassVar[str] = "procedure"
    TITLE_VI: ClassVar[str] = "Quy trình"
    TITLE_EN: ClassVar[str] = "Procedure"

    tthc: str | None = fld("Mã thủ tục hành chính trong danh mục TTHC (nếu là quy trình TTHC)",
                           "Administrative procedure code in the TTHC catalogue, if any",
                           example="1.001193")
    level: str | None = fld("Cấp thực hiện (Cấp tỉnh, Cấp xã…)", "Level (Cấp tỉnh, Cấp xã…)",
                            example="Cấp xã")
    procedure_type: str | None = fld("Loại thủ tục", "Kind of procedure",
                                     example="TTHC được luật giao cho địa phương quy định")
    field: str | None = fld("Lĩnh vực", "Field", example="Hộ tịch")
    applicants: str | None = fld("Đối tượng thực hiện", "Who may apply",
                                 example="Công dân Việt Nam")
    agencies: Agencies | None = fld("Cơ quan thực hiện, có thẩm quyền, được ủy quyền, phối hợp",
                                    "Processing, competent, delegated and cooperating agencies")
    legal_basis: list[LegalRef] = fld("Căn cứ pháp lý", "Legal basis", factory=list)
    conditions: str | None = fld("Điều kiện thực hiện", "Conditions")
    dossier: list[DossierItem] = fld("Thành phần, số lượng hồ sơ", "Dossier components",
                                     factory=list)
    processing_time: Duration | None = fld("Thời hạn giải quyết theo quy định",
                                           "Legal processing time", example="03 ngày làm việc")
    channels: list[ChannelTerms] = fld("Thời hạn, phí theo cách thức nộp hồ sơ",
                                       "Time and fee per channel", factory=list)
    cases: list[Case] = fld("Các trường hợp (mỗi trường hợp có hồ sơ, thời hạn riêng)",
                            "Cases, each with its own dossier and time", factory=list)
    place: str | None = fld("Nơi tiếp nhận và trả kết quả", "Where dossiers are received")
    fee: str | None = fld("Phí, lệ phí", "Fees")
    result: str | None = fld("Kết quả giải quyết", "Result of the procedure")
    results: list[ResultDocument] = fld("Các giấy tờ là kết quả giải quyết",
                                        "Result documents", factory=list)
    steps: list[Step] = fld("Các bước thực hiện", "Steps", factory=list)
    forms: list[str] = fld("Biểu mẫu sử dụng (mã hiệu)", "Forms used (codes)", factory=list)
    records: list[RecordItem] = fld("Hồ sơ cần lưu", "Records kept", factory=list)
    flowchart: bool | None = fld(
        "Vẽ lưu đồ từ các bước (mặc định có; false: không vẽ)",
        "Draw a flowchart from the steps (default yes; false: none)", example=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Instruction(Document):
    KIND: ClassVar[str] = "instruction"
    TITLE_VI: ClassVar[str] = "Hướng dẫn"
    TITLE_EN: ClassVar[str] = "Instruction"


@dataclass(frozen=True, slots=True, kw_only=True)
class Manual(Document):
    KIND: ClassVar[str] = "manual"
    TITLE_VI: ClassVar[str] = "Sổ tay chất lượng"
    TITLE_EN: ClassVar[str] = "Quality manual"


@dataclass(frozen=True, slots=True, kw_only=True)
class Form(Document):
    KIND: ClassVar[str] = "form"
    TITLE_VI: ClassVar[str] = "Biểu mẫu"
    TITLE_EN: ClassVar[str] = "Form"

    source: str | None = fld("Tệp Word có sẵn của biểu mẫu (đường dẫn tương đối)",
                             "Existing Word file of the form (relative path)")
    origin: str | None = fld("Nguồn gốc biểu mẫu (ví dụ Mẫu 01, Thông tư 01/2018/TT-VPCP)",
                             "Where the form comes from (e.g. a circular's annex)")
    orientation: Literal["portrait", "landscape", "auto"] | None = fld(
        "Hướng trang: portrait (dọc), landscape (ngang) hoặc auto (mặc định: ngang khi các cột "
        "của bảng không vừa trang dọc)",
        "Page orientation: portrait, landscape or auto (the default: landscape when a table's "
        "columns cannot fit a portrait page)", example="landscape")


@dataclass(frozen=True, slots=True, kw_only=True)
class Commitments(Located):
    purpose: str | None = fld("(a) Phù hợp với mục đích, bối cảnh của tổ chức",
                              "(a) Fits the organisation's purpose and context", required=True)
    framework: str | None = fld("(b) Cơ sở để thiết lập mục tiêu chất lượng",
                                "(b) Framework for setting quality objectives", required=True)
    requirements: str | None = fld("(c) Cam kết đáp ứng các yêu cầu áp dụng",
                                   "(c) Commitment to meet applicable requirements",
                                   required=True)
    improvement: str | None = fld("(d) Cam kết cải tiến liên tục",
                                  "(d) Commitment to continual improvement", required=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class Policy(Document):
    KIND: ClassVar[str] = "policy"
    TITLE_VI: ClassVar[str] = "Chính sách chất lượng"
    TITLE_EN: ClassVar[str] = "Quality policy"

    statement: str | None = fld("Nội dung chính sách chất lượng", "The policy statement",
                                required=True)
    commitments: Commitments | None = fld(
        "Các cam kết theo 5.2.1 (trích câu tương ứng trong chính sách)",
        "The 5.2.1 commitments (quote the matching sentence of the policy)", required=True)
    communicated_to: list[str] = fld("Nơi phổ biến, công bố chính sách (5.2.2)",
                                     "Where the policy is communicated (5.2.2)", factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class Decision(Document):
    KIND: ClassVar[str] = "decision"
    TITLE_VI: ClassVar[str] = "Quyết định"
    TITLE_EN: ClassVar[str] = "Decision"

    purpose: Literal["ban-hanh", "sua-doi", "cong-bo"] | None = fld(
        "Mục đích: ban-hanh (ban hành tài liệu), sua-doi (sửa đổi, bổ sung tài liệu: thân văn "
        "bản để trống thì Điều 1 liệt kê các tài liệu sửa đổi của lần phát hành; thân văn bản "
        "viết tay có đoạn {{ amended }} thì danh sách thay vào đoạn đó) hoặc cong-bo (công bố "
        "HTQLCL)",
        "Purpose: ban-hanh (issue documents), sua-doi (amend documents: with an empty body, "
        "Article 1 lists the documents its release amends; in a written body, a paragraph "
        "{{ amended }} is replaced by that list) or cong-bo (announce the QMS)",
        required=True)
    number: str | None = fld("Số, ký hiệu (ví dụ 15/QĐ-UBND)", "Number (e.g. 15/QĐ-UBND)",
                             required=True)
    signer: str | None = fld("Người ký (mã người)", "Signer (person id)", required=True)
    sign_mode: str | None = fld("Thẩm quyền ký: TM., KT., TL., Q. (để trống nếu ký trực tiếp)",
                                "Signing authority: TM., KT., TL., Q.")
    recipients: list[str] = fld("Nơi nhận", "Recipients", factory=list)
    release: str | None = fld(
        "Lần phát hành mà quyết định sửa đổi (purpose: sua-doi) liệt kê, theo thẻ Git (ví dụ "
        "qms/2026-03-05); mặc định: lần phát hành ban hành chính quyết định này, hoặc lần phát "
        "hành kế tiếp khi quyết định chưa được phát hành",
        "The release whose amended documents an amending decision (purpose: sua-doi) lists, by "
        "its Git tag (e.g. qms/2026-03-05); default: the release that issues the decision "
        "itself, or the next release while the decision is not released yet",
        example="qms/2026-03-05")


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanAction(Located):
    what: str | None = fld("Việc cần làm", "What will be done", required=True)
    resources: str | None = fld("Nguồn lực", "Resources", required=True)
    who: str | None = fld("Người/bộ phận chịu trách nhiệm (mã vai trò hoặc bộ phận)",
                          "Who is responsible (role or department id)", required=True)
    when: str | None = fld("Thời hạn hoàn thành", "When it will be completed", required=True)
    evaluation: str | None = fld("Cách đánh giá kết quả", "How results will be evaluated",
                                 required=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class Measurement(Located):
    period: str | None = fld("Kỳ đo (ví dụ Quý I/2026)", "Period measured", required=True)
    value: str | None = fld("Kết quả đo", "Measured value", required=True)
    achieved: bool | None = fld("Đạt mục tiêu?", "Target met?")
    note: str | None = fld("Ghi chú", "Note")


@dataclass(frozen=True, slots=True, kw_only=True)
class Objective(Located):
    id: str | None = fld("Mã mục tiêu", "Objective id", required=True, example="MT1")
    statement: str | None = fld("Nội dung mục tiêu", "The objective", required=True)
    indicator: str | None = fld("Chỉ số đo lường", "Indicator", required=True)
    target: str | None = fld("Chỉ tiêu (giá trị cần đạt)", "Target value", required=True,
                             example="≥ 98%")
    owner: str | None = fld("Bộ phận/vai trò chịu trách nhiệm (mã)",
                            "Owning department or role (id)", required=True)
    frequency: str | None = fld("Tần suất theo dõi", "Monitoring frequency")
    plan: list[PlanAction] = fld("Kế hoạch thực hiện (6.2.2)", "Plan to achieve it (6.2.2)",
                                 factory=list)
    results: list[Measurement] = fld("Kết quả đo lường", "Measured results", factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class Objectives(Document):
    KIND: ClassVar[str] = "objectives"
    TITLE_VI: ClassVar[str] = "Mục tiêu chất lượng"
    TITLE_EN: ClassVar[str] = "Quality objectives"

    year: int | None = fld("Năm áp dụng", "Year", required=True, example=2026)
    objectives: list[Objective] = fld("Các mục tiêu", "The objectives", factory=list)


DOCUMENT_KINDS: dict[str, type[Document]] = {
    cls.KIND: cls
    for cls in (Procedure, Instruction, Manual, Form, Policy, Decision, Objectives)
}
