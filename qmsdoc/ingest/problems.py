"""QMS900–QMS929: what ``qmsdoc import`` reports about the Word files it reads.

Like the build's QMS8xx they come from one command (``qmsdoc import``), not from ``check``;
registered here so that ``qmsdoc rules`` documents them.
"""

from __future__ import annotations

from qmsdoc.diagnostics import Severity as S
from qmsdoc.diagnostics.registry import define

NOT_DOCX = define(
    "QMS900", "import-not-docx", S.ERROR,
    "Không đọc được tệp Word: {detail}",
    "Cannot read the Word file: {detail}",
    hint_vi="Mở tệp bằng Word hoặc LibreOffice và lưu lại dạng .docx rồi nhập lại.",
    hint_en="Open it in Word or LibreOffice, save it as .docx and import it again.",
)
ZIP_BOMB = define(
    "QMS901", "import-zip-bomb", S.ERROR,
    "Tệp bị từ chối: khi giải nén quá lớn so với giới hạn an toàn ({detail})",
    "File refused: it inflates beyond the safe limit ({detail})",
    hint_vi="Tệp Word thật không lớn như vậy; kiểm tra nguồn gốc tệp. Lưu lại bằng Word nếu "
    "đó là tài liệu thật.",
    hint_en="A real Word file is never that large; check where it came from. Save it again "
    "from Word if it is a real document.",
)
EXTERNAL = define(
    "QMS902", "import-external-relationship", S.ERROR,
    "Tệp bị từ chối: tệp trỏ ra ngoài ({detail}); qmsdoc không tải gì từ bên ngoài",
    "File refused: it points outside itself ({detail}); qmsdoc fetches nothing",
    hint_vi="Trong Word, nhúng ảnh/mẫu vào tệp (bỏ liên kết) rồi lưu lại và nhập lại.",
    hint_en="In Word, embed the linked pictures or template (break the links), save and "
    "import again.",
)
DTD = define(
    "QMS903", "import-dtd", S.ERROR,
    "Tệp bị từ chối: phần {detail} có khai báo DTD/ENTITY (Word không bao giờ ghi như vậy)",
    "File refused: part {detail} declares a DTD/ENTITY (Word never writes one)",
    hint_vi="Tệp đã bị sửa bằng công cụ khác; lưu lại bằng Word rồi nhập lại.",
    hint_en="The file was altered by another tool; save it again from Word.",
)
MACROS = define(
    "QMS904", "import-macros-ignored", S.INFO,
    "Tệp có macro (vbaProject.bin): macro không được đọc cũng không được chạy",
    "The file has macros (vbaProject.bin): they are neither read nor run",
    hint_vi="Không cần làm gì; tài liệu trong qmsdoc không có macro.",
    hint_en="Nothing to do; qmsdoc documents have no macros.",
)
TARGET_EXISTS = define(
    "QMS905", "import-target-exists", S.ERROR,
    "Không ghi đè {target}: tài liệu mã hiệu {code} đã có trong kho",
    "Not overwriting {target}: a document coded {code} is already in the repository",
    hint_vi="Dùng --force để thay tài liệu cùng mã hiệu, hoặc đổi mã hiệu trong tệp Word.",
    hint_en="Use --force to replace the document with the same code, or change the code.",
)
DUPLICATE = define(
    "QMS906", "import-duplicate-code", S.ERROR,
    "Mã hiệu {code} trùng với tệp {other} trong cùng lần nhập: tệp này không được nhập",
    "Code {code} is also the code of {other} in this import: this file is not imported",
    hint_vi="Kiểm tra hai tệp: thường một tệp là bản cũ; nhập riêng bản đúng.",
    hint_en="Check both files: usually one is an old copy; import the right one alone.",
)
NO_CODE = define(
    "QMS907", "import-no-code", S.ERROR,
    "Không tìm thấy mã hiệu tài liệu (bảng đầu trang, tên tệp)",
    "No document code found (page header table, file name)",
    hint_vi="Thêm \"Mã hiệu: …\" vào đầu trang của tệp Word, hoặc đặt tên tệp bắt đầu bằng mã "
    "hiệu (ví dụ QT-05 Quy trình….docx).",
    hint_en="Add \"Mã hiệu: …\" to the page header, or start the file name with the code "
    "(e.g. QT-05 ….docx).",
)
NEEDS_LIBREOFFICE = define(
    "QMS908", "import-needs-libreoffice", S.ERROR,
    "Tệp {suffix} cần LibreOffice để chuyển sang .docx, nhưng máy này chưa cài",
    "A {suffix} file needs LibreOffice to be converted to .docx, and it is not installed",
    hint_vi="Cài LibreOffice (qmsdoc doctor cho biết), hoặc mở tệp bằng Word và lưu dạng .docx.",
    hint_en="Install LibreOffice (see qmsdoc doctor), or save the file as .docx from Word.",
)
CONVERSION_FAILED = define(
    "QMS909", "import-conversion-failed", S.ERROR,
    "LibreOffice không chuyển được tệp sang .docx: {detail}",
    "LibreOffice could not convert the file to .docx: {detail}",
    hint_vi="Mở tệp bằng LibreOffice hoặc Word để xem tệp có hỏng không, lưu dạng .docx.",
    hint_en="Open it in LibreOffice or Word to see whether it is damaged; save it as .docx.",
)
BAD_DATE = define(
    "QMS910", "import-bad-date", S.WARNING,
    "Ngày ban hành \"{value}\" không phải ngày có thật: không ghi vào issued",
    "The issue date \"{value}\" is not a real date: issued is left empty",
    hint_vi="Điền issued (YYYY-MM-DD) theo bản gốc đã ký.",
    hint_en="Fill in issued (YYYY-MM-DD) from the signed original.",
)
UNKNOWN_ROLE = define(
    "QMS911", "import-unknown-role", S.WARNING,
    "Trách nhiệm \"{value}\" không khớp chức danh nào trong roles của qms.yaml: {detail}",
    "Responsibility \"{value}\" matches no role title of qms.yaml: {detail}",
    hint_vi="Thêm vai trò đề xuất vào roles của qms.yaml (báo cáo nhập liệt kê), hoặc sửa mã "
    "vai trò trong tài liệu.",
    hint_en="Add the proposed role to roles in qms.yaml (the import report lists it), or "
    "change the role id in the document.",
)
UNKNOWN_PERSON = define(
    "QMS912", "import-unknown-person", S.WARNING,
    "Người ký \"{value}\" chưa có trong people của qms.yaml: {detail}",
    "Signer \"{value}\" is not in people of qms.yaml: {detail}",
    hint_vi="Thêm người đề xuất vào people của qms.yaml (báo cáo nhập liệt kê).",
    hint_en="Add the proposed person to people in qms.yaml (the import report lists them).",
)
LEGAL_UNKNOWN = define(
    "QMS913", "import-legal-not-in-register", S.WARNING,
    "Văn bản {value} trong căn cứ pháp lý chưa có trong danh mục văn bản pháp luật",
    "Legal document {value} of the legal basis is not in the legal register",
    hint_vi="Thêm văn bản vào danh mục văn bản pháp luật (dang-ky/van-ban-phap-luat.yaml).",
    hint_en="Add it to the legal register (dang-ky/van-ban-phap-luat.yaml).",
)
BAD_DURATION = define(
    "QMS914", "import-unreadable-duration", S.WARNING,
    "Thời gian \"{value}\" của bước không đọc được theo cú pháp thời hạn: giữ trong nội dung "
    "bước",
    "The step time \"{value}\" does not follow the duration syntax: kept in the step's action",
    hint_vi="Viết lại theo cú pháp (ví dụ 0,5 ngày làm việc; 4 giờ) trong duration của bước.",
    hint_en="Rewrite it in the syntax (e.g. 0,5 ngày làm việc, 4 giờ) as the step's duration.",
)
LEGACY_CONVERTED = define(
    "QMS915", "import-legacy-converted", S.INFO,
    "{count} đoạn văn bản mã {encoding} đã chuyển sang Unicode ({reason_vi})",
    "{count} runs of {encoding} text converted to Unicode ({reason_en})",
    hint_vi="Đối chiếu các đoạn trong báo cáo nhập với bản gốc.",
    hint_en="Compare the runs listed in the import report with the original.",
)
IMPORTED = define(
    "QMS916", "import-written", S.INFO,
    "Nhập thành {target} ({kind}, mã hiệu {code})",
    "Imports to {target} ({kind}, code {code})",
    hint_vi="Chạy `qmsdoc check` và đối chiếu báo cáo nhập với bản gốc.",
    hint_en="Run `qmsdoc check` and compare the import report with the original.",
)
NOT_SUPPORTED = define(
    "QMS917", "import-unsupported-file", S.WARNING,
    "Bỏ qua: không phải tệp Word (.docx, .doc, .odt, .rtf)",
    "Skipped: not a Word file (.docx, .doc, .odt, .rtf)",
    hint_vi="Chỉ các tệp Word và OpenDocument được nhập.",
    hint_en="Only Word and OpenDocument files are imported.",
)
NO_TITLE = define(
    "QMS918", "import-no-title", S.WARNING,
    "Không tìm thấy tên tài liệu: title để trống",
    "No document title found: title left empty",
    hint_vi="Điền title theo bản gốc.",
    hint_en="Fill in title from the original.",
)
UNSUPPORTED_KIND = define(
    "QMS919", "import-unsupported-kind", S.WARNING,
    "Không nhập: đây là một bộ tài liệu qmsdoc xuất (danh mục tài liệu, ma trận đáp ứng, bộ "
    "tài liệu gộp), không phải một tài liệu",
    "Not imported: this is a set qmsdoc builds (master list, coverage matrix, combined set), "
    "not a document",
    hint_vi="Nhập từng tài liệu của bộ (mỗi tài liệu một tệp .docx).",
    hint_en="Import the documents of the set one by one (one .docx each).",
)
