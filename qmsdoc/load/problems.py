"""QMS0xx: syntax and text. The loader reports these while reading files, and registers them
here, with the stage that finds them.
"""

from __future__ import annotations

from qmsdoc.diagnostics import Severity as S
from qmsdoc.diagnostics.registry import define

YAML_SYNTAX = define(
    "QMS001", "yaml-syntax", S.ERROR,
    "Lỗi cú pháp YAML: {detail}",
    "YAML syntax error: {detail}",
    hint_vi="Kiểm tra thụt lề (chỉ dùng dấu cách, không dùng Tab) và đặt giá trị có dấu hai chấm "
    "trong ngoặc kép.",
    hint_en="Check the indentation (spaces only, no tabs) and quote values that contain a colon.",
)
UNCLOSED_FRONT_MATTER = define(
    "QMS002", "unclosed-front-matter", S.ERROR,
    "Phần khai báo đầu tệp (front matter) mở bằng '---' nhưng không có dòng '---' đóng lại",
    "The front matter opened with '---' is never closed by a '---' line",
    hint_vi="Thêm một dòng chỉ gồm '---' sau khối YAML, trước phần nội dung Markdown.",
    hint_en="Add a line holding only '---' after the YAML block, before the Markdown body.",
)
INVALID_ENCODING = define(
    "QMS003", "invalid-encoding", S.ERROR,
    "Tệp không phải văn bản UTF-8 hợp lệ (byte không hợp lệ tại đây)",
    "The file is not valid UTF-8 text (invalid byte here)",
    hint_vi="Mở tệp bằng trình soạn thảo và lưu lại với bảng mã UTF-8.",
    hint_en="Open the file in an editor and save it again as UTF-8.",
)
LEGACY_ENCODING = define(
    "QMS004", "legacy-vietnamese-encoding", S.ERROR,
    "Văn bản dùng bảng mã cũ {encoding} (\"{sample}\"), không phải Unicode",
    "The text uses the legacy {encoding} encoding (\"{sample}\"), not Unicode",
    hint_vi="Chuyển sang Unicode dựng sẵn (ví dụ bằng công cụ chuyển mã của Unikey); đoạn này "
    "khi chuyển đúng sẽ là \"{suggestion}\".",
    hint_en="Convert it to precomposed Unicode (e.g. with Unikey's converter); this excerpt "
    "should read \"{suggestion}\".",
)
NFD_TEXT = define(
    "QMS005", "decomposed-unicode", S.ERROR,
    "Văn bản tiếng Việt ở dạng Unicode tổ hợp (NFD): \"{sample}\"",
    "Vietnamese text stored in decomposed Unicode (NFD): \"{sample}\"",
    hint_vi="Chạy `qmsdoc fmt` để chuyển về dạng dựng sẵn (NFC), hoặc gõ lại bằng bảng mã "
    "Unicode dựng sẵn.",
    hint_en="Run `qmsdoc fmt` to convert it to precomposed form (NFC), or retype it.",
)
UNKNOWN_KEY = define(
    "QMS006", "unknown-key", S.WARNING,
    "Khóa \"{key}\" không có trong định dạng của {where}",
    "Key \"{key}\" is not part of the {where_en} format",
    hint_vi="{suggest_vi}",
    hint_en="{suggest_en}",
)
WRONG_TYPE = define(
    "QMS007", "wrong-type", S.ERROR,
    "\"{key}\" phải là {expected_vi}, nhưng đang là {found_vi}",
    "\"{key}\" must be {expected_en}, but it is {found_en}",
    hint_vi="Ví dụ đúng: {example}",
    hint_en="A valid example: {example}",
)
EMPTY_FILE = define(
    "QMS008", "empty-file", S.WARNING,
    "Tệp rỗng",
    "The file is empty",
    hint_vi="Xóa tệp hoặc điền nội dung.",
    hint_en="Delete the file or fill it in.",
)
BINARY_FILE = define(
    "QMS009", "binary-file", S.ERROR,
    "Tệp nhị phân có phần mở rộng của tệp văn bản",
    "A binary file has a text file extension",
    hint_vi="Đổi tên tệp (ví dụ .docx) hoặc chuyển ra khỏi thư mục tài liệu.",
    hint_en="Rename it (e.g. .docx) or move it out of the document folders.",
)
FILE_TOO_LARGE = define(
    "QMS010", "file-too-large", S.ERROR,
    "Tệp quá lớn ({size} byte, giới hạn {limit} byte) nên không được đọc",
    "The file is too large ({size} bytes, limit {limit}) and was not read",
    hint_vi="Tách tệp, hoặc tăng limits.max_file_bytes trong qms.yaml nếu thật sự cần.",
    hint_en="Split the file, or raise limits.max_file_bytes in qms.yaml if really needed.",
)
DUPLICATE_KEY = define(
    "QMS011", "duplicate-key", S.ERROR,
    "Khóa \"{key}\" bị khai báo hai lần; chỉ giá trị đầu tiên được dùng",
    "Key \"{key}\" is given twice; only the first value is used",
    hint_vi="Xóa hoặc gộp một trong hai khai báo.",
    hint_en="Remove or merge one of the two.",
)
YAML_LIMIT = define(
    "QMS012", "yaml-limit", S.ERROR,
    "Cấu trúc YAML vượt giới hạn an toàn: {what_vi}",
    "The YAML structure exceeds a safety limit: {what_en}",
    hint_vi="Kiểm tra các neo/bí danh (&, *) và mức lồng nhau; giới hạn đặt trong mục limits "
    "của qms.yaml.",
    hint_en="Check anchors/aliases (&, *) and nesting; the limits are set under limits in "
    "qms.yaml.",
)
UNKNOWN_KIND = define(
    "QMS013", "unknown-kind", S.ERROR,
    "Loại tệp \"{kind}\" không được hỗ trợ",
    "Unknown file kind \"{kind}\"",
    hint_vi="Các loại hợp lệ: {known}.",
    hint_en="Valid kinds: {known}.",
)
MISSING_KIND = define(
    "QMS014", "missing-kind", S.WARNING,
    "Tệp YAML/Markdown có khai báo nhưng thiếu \"kind\" nên bị bỏ qua",
    "The file has YAML data but no \"kind\", so it is ignored",
    hint_vi="Thêm dòng kind: (ví dụ kind: procedure), hoặc đưa tệp vào mục exclude của qms.yaml.",
    hint_en="Add a kind: line (e.g. kind: procedure), or list the file under exclude in qms.yaml.",
)
NEWER_FORMAT = define(
    "QMS015", "newer-format", S.ERROR,
    "qms.yaml dùng định dạng phiên bản {found}, phiên bản qmsdoc này chỉ hiểu đến {supported}",
    "qms.yaml uses format version {found}; this qmsdoc understands up to {supported}",
    hint_vi="Cập nhật qmsdoc: pip install -U qmsdoc.",
    hint_en="Upgrade qmsdoc: pip install -U qmsdoc.",
)
UNREADABLE = define(
    "QMS016", "unreadable-file", S.ERROR,
    "Không đọc được tệp: {reason}",
    "The file cannot be read: {reason}",
    hint_vi="Kiểm tra quyền đọc tệp và liên kết (symlink).",
    hint_en="Check the file's permissions and symbolic links.",
)
INVALID_VALUE = define(
    "QMS017", "invalid-value", S.ERROR,
    "Giá trị của \"{key}\" không hợp lệ: {reason_vi}",
    "Invalid value for \"{key}\": {reason_en}",
    hint_vi="{hint_vi}",
    hint_en="{hint_en}",
)
UTF16 = define(
    "QMS018", "utf16-text", S.WARNING,
    "Tệp được lưu bằng UTF-16 thay vì UTF-8",
    "The file is saved as UTF-16 instead of UTF-8",
    hint_vi="Lưu lại tệp với bảng mã UTF-8 (Git và các công cụ khác xử lý UTF-8 tốt hơn).",
    hint_en="Save it again as UTF-8 (Git and other tools handle UTF-8 better).",
)
TOO_MANY_FILES = define(
    "QMS019", "too-many-files", S.ERROR,
    "Kho tài liệu có {count} tệp nguồn, vượt giới hạn {limit}; chỉ {limit} tệp đầu được đọc",
    "The repository has {count} source files, more than the limit of {limit}; only the first "
    "{limit} were read",
    hint_vi="Đưa các thư mục không phải tài liệu vào mục exclude của qms.yaml, hoặc tăng "
    "limits.max_documents.",
    hint_en="List folders that hold no documents under exclude in qms.yaml, or raise "
    "limits.max_documents.",
)
LIMIT_OUT_OF_RANGE = define(
    "QMS020", "limit-out-of-range", S.WARNING,
    "limits.{key} = {value} nằm ngoài khoảng cho phép (1 đến {ceiling}); qmsdoc dùng {used}",
    "limits.{key} = {value} is outside the allowed range (1 to {ceiling}); qmsdoc uses {used}",
    hint_vi="Đặt một giá trị từ 1 đến {ceiling}, hoặc xóa dòng này để dùng giá trị mặc định.",
    hint_en="Set a value from 1 to {ceiling}, or remove the line to use the default.",
)
SPECIAL_FILE = define(
    "QMS021", "special-file", S.WARNING,
    "Tệp này là {what_vi}, không phải tệp văn bản thông thường, nên không được đọc",
    "This is {what_en}, not a regular file, so it is not read",
    hint_vi="Xóa hoặc đổi tên nó (không đặt phần mở rộng .md/.yaml), hoặc đưa vào mục exclude "
    "của qms.yaml.",
    hint_en="Remove or rename it (without a .md/.yaml extension), or list it under exclude in "
    "qms.yaml.",
)
BAD_FILE_NAME = define(
    "QMS022", "undecodable-file-name", S.ERROR,
    "Tên tệp hoặc thư mục không phải UTF-8 (các byte lỗi hiển thị dạng \\xNN) nên không được đọc",
    "The file or folder name is not UTF-8 (the bad bytes are shown as \\xNN), so it is not read",
    hint_vi="Đổi tên bằng chữ Unicode (UTF-8), ví dụ: git mv hoặc đổi tên trong trình quản lý "
    "tệp.",
    hint_en="Rename it in Unicode (UTF-8), e.g. with git mv or a file manager.",
)
FOLDER_TOO_DEEP = define(
    "QMS023", "folder-too-deep", S.WARNING,
    "Thư mục lồng nhau quá {limit} mức nên không được tìm tài liệu bên trong",
    "The folder is nested more than {limit} levels deep, so it is not searched for documents",
    hint_vi="Sắp xếp lại thư mục cho nông hơn, hoặc đưa thư mục này vào mục exclude của qms.yaml.",
    hint_en="Make the folder tree shallower, or list this folder under exclude in qms.yaml.",
)
NESTED_REPOSITORY = define(
    "QMS024", "nested-repository", S.INFO,
    "Thư mục này là một kho khác (có {marker}: submodule, bản sao hoặc kho qmsdoc riêng) nên "
    "không được đọc như một phần của kho này",
    "This folder is another repository (it holds {marker}: a submodule, a clone or a qmsdoc "
    "repository of its own), so it is not read as part of this one",
    hint_vi="Kiểm tra kho đó riêng (qmsdoc check <thư mục>); nếu tài liệu thuộc kho này, "
    "chuyển chúng ra khỏi kho lồng.",
    hint_en="Check that repository on its own (qmsdoc check <folder>); if its documents belong "
    "here, move them out of the nested repository.",
)
FORM_SOURCE_OUTSIDE = define(
    "QMS025", "form-source-outside", S.ERROR,
    "\"source\" của biểu mẫu trỏ ra ngoài kho tài liệu: {target}",
    "The form's \"source\" leads outside the repository: {target}",
    hint_vi="Đặt tệp Word của biểu mẫu trong kho và ghi đường dẫn tương đối từ thư mục của "
    "biểu mẫu, ví dụ source: BM-01.docx.",
    hint_en="Keep the form's Word file in the repository and give its path relative to the "
    "form's folder, e.g. source: BM-01.docx.",
)
KIND_NOT_TEXT = define(
    "QMS026", "kind-not-text", S.ERROR,
    "\"kind\" phải là một giá trị văn bản duy nhất, không phải {found_vi}; tệp bị bỏ qua",
    "\"kind\" must be one text value, not {found_en}; the file is ignored",
    hint_vi="Chọn một loại: {known}.",
    hint_en="Choose one kind: {known}.",
)
PRIVATE_USE = define(
    "QMS027", "private-use-character", S.ERROR,
    "Ký tự \"{char}\" ({code}) là ký tự riêng của một phông (thường là Symbol hoặc Wingdings "
    "dán từ Word): bản in sẽ là ô trống",
    "The character \"{char}\" ({code}) belongs to a font's private area (usually Symbol or "
    "Wingdings pasted from Word): it prints as an empty box",
    hint_vi="Thay bằng ký tự Unicode thông thường, ví dụ dấu gạch đầu dòng \"-\" hoặc \"•\".",
    hint_en="Replace it with an ordinary Unicode character, e.g. a bullet \"-\" or \"•\".",
)

__all__ = [
    "YAML_SYNTAX",
    "UNCLOSED_FRONT_MATTER",
    "INVALID_ENCODING",
    "LEGACY_ENCODING",
    "NFD_TEXT",
    "PRIVATE_USE",
    "UNKNOWN_KEY",
    "WRONG_TYPE",
    "EMPTY_FILE",
    "BINARY_FILE",
    "FILE_TOO_LARGE",
    "DUPLICATE_KEY",
    "YAML_LIMIT",
    "UNKNOWN_KIND",
    "MISSING_KIND",
    "NEWER_FORMAT",
    "UNREADABLE",
    "INVALID_VALUE",
    "UTF16",
    "TOO_MANY_FILES",
    "LIMIT_OUT_OF_RANGE",
    "SPECIAL_FILE",
    "BAD_FILE_NAME",
    "FOLDER_TOO_DEEP",
    "NESTED_REPOSITORY",
    "FORM_SOURCE_OUTSIDE",
    "KIND_NOT_TEXT",
]
