"""QMS0xx: syntax and text. These are reported by the loader while reading files."""

from qmsdoc.diagnostics import Severity as S
from qmsdoc.rules.registry import define

YAML_SYNTAX = define(
    "QMS001", "yaml-syntax", S.ERROR,
    "Lỗi cú pháp YAML: {detail}",
    "YAML syntax error: {detail}",
    hint_vi="Kiểm tra thụt lề (chỉ dùng dấu cách, không dùng Tab) và đặt giá trị có dấu hai chấm "
    "trong ngoặc kép.",
    hint_en="Check the indentation (spaces only, no tabs) and quote values that contain a colon.",
    doc="""
    The YAML of ``qms.yaml``, of a register or of a document's front matter cannot be parsed.
    Nothing in that file is checked until it parses. Common causes: a tab used for indentation,
    a value containing ``: `` that is not quoted, a list item indented differently from its
    neighbours. Fix the line and column shown.
    """,
)
UNCLOSED_FRONT_MATTER = define(
    "QMS002", "unclosed-front-matter", S.ERROR,
    "Phần khai báo đầu tệp (front matter) mở bằng '---' nhưng không có dòng '---' đóng lại",
    "The front matter opened with '---' is never closed by a '---' line",
    hint_vi="Thêm một dòng chỉ gồm '---' sau khối YAML, trước phần nội dung Markdown.",
    hint_en="Add a line holding only '---' after the YAML block, before the Markdown body.",
    doc="""
    A Markdown document starts with a YAML block between two ``---`` lines. Without the closing
    line the whole file would be read as YAML, so the document is not loaded.
    """,
)
INVALID_ENCODING = define(
    "QMS003", "invalid-encoding", S.ERROR,
    "Tệp không phải văn bản UTF-8 hợp lệ (byte không hợp lệ tại đây)",
    "The file is not valid UTF-8 text (invalid byte here)",
    hint_vi="Mở tệp bằng trình soạn thảo và lưu lại với bảng mã UTF-8.",
    hint_en="Open the file in an editor and save it again as UTF-8.",
    doc="""
    Sources must be UTF-8 (Unicode TCVN 6909:2001). A byte sequence that is not UTF-8 means the
    file was saved in another code page; qmsdoc does not guess and does not load it.
    """,
)
LEGACY_ENCODING = define(
    "QMS004", "legacy-vietnamese-encoding", S.ERROR,
    "Văn bản dùng bảng mã cũ {encoding} (\"{sample}\"), không phải Unicode",
    "The text uses the legacy {encoding} encoding (\"{sample}\"), not Unicode",
    hint_vi="Chuyển sang Unicode dựng sẵn (ví dụ bằng công cụ chuyển mã của Unikey); đoạn này "
    "khi chuyển đúng sẽ là \"{suggestion}\".",
    hint_en="Convert it to precomposed Unicode (e.g. with Unikey's converter); this excerpt "
    "should read \"{suggestion}\".",
    doc="""
    Text copied from old Word files made with TCVN3 (.VnTime) or VNI (VNI-Times) fonts, or
    saved in Windows-1258, shows as garbled letters in every other program and in the outputs.
    qmsdoc recognises these encodings, shows what the text should read, and asks for conversion.
    """,
)
NFD_TEXT = define(
    "QMS005", "decomposed-unicode", S.ERROR,
    "Văn bản tiếng Việt ở dạng Unicode tổ hợp (NFD): \"{sample}\"",
    "Vietnamese text stored in decomposed Unicode (NFD): \"{sample}\"",
    hint_vi="Chạy `qmsdoc fmt` để chuyển về dạng dựng sẵn (NFC), hoặc gõ lại bằng bảng mã "
    "Unicode dựng sẵn.",
    hint_en="Run `qmsdoc fmt` to convert it to precomposed form (NFC), or retype it.",
    doc="""
    Text pasted from web portals or typed with some input methods stores a letter and its tone
    mark as separate characters. It looks the same but searching, sorting and comparing codes
    fail, and TCVN 6909:2001 asks for precomposed text. qmsdoc reads it as NFC, and reports the
    file so that it is fixed at the source (``qmsdoc fmt`` does it).
    """,
)
UNKNOWN_KEY = define(
    "QMS006", "unknown-key", S.WARNING,
    "Khóa \"{key}\" không có trong định dạng của {where}",
    "Key \"{key}\" is not part of the {where_en} format",
    hint_vi="{suggest_vi}",
    hint_en="{suggest_en}",
    doc="""
    A key that qmsdoc does not know is ignored, so its content would be lost in the outputs.
    This is usually a typo (``aproved_by``) or a Vietnamese key name. Use the key suggested,
    or see the format reference (docs/format.md). Keys are English and stable.
    """,
)
WRONG_TYPE = define(
    "QMS007", "wrong-type", S.ERROR,
    "\"{key}\" phải là {expected_vi}, nhưng đang là {found_vi}",
    "\"{key}\" must be {expected_en}, but it is {found_en}",
    hint_vi="Ví dụ đúng: {example}",
    hint_en="A valid example: {example}",
    doc="""
    A field holds the wrong type of value, e.g. a list where one text is expected or a text
    where a list is expected. The value is ignored until it is fixed.
    """,
)
EMPTY_FILE = define(
    "QMS008", "empty-file", S.WARNING,
    "Tệp rỗng",
    "The file is empty",
    hint_vi="Xóa tệp hoặc điền nội dung.",
    hint_en="Delete the file or fill it in.",
    doc="An empty ``.yaml`` or ``.md`` file in the repository is probably left over by mistake.",
)
BINARY_FILE = define(
    "QMS009", "binary-file", S.ERROR,
    "Tệp nhị phân có phần mở rộng của tệp văn bản",
    "A binary file has a text file extension",
    hint_vi="Đổi tên tệp (ví dụ .docx) hoặc chuyển ra khỏi thư mục tài liệu.",
    hint_en="Rename it (e.g. .docx) or move it out of the document folders.",
    doc="A ``.md`` or ``.yaml`` file that contains binary data cannot be read as a document.",
)
FILE_TOO_LARGE = define(
    "QMS010", "file-too-large", S.ERROR,
    "Tệp quá lớn ({size} byte, giới hạn {limit} byte) nên không được đọc",
    "The file is too large ({size} bytes, limit {limit}) and was not read",
    hint_vi="Tách tệp, hoặc tăng limits.max_file_bytes trong qms.yaml nếu thật sự cần.",
    hint_en="Split the file, or raise limits.max_file_bytes in qms.yaml if really needed.",
    doc="""
    Documents are a few kilobytes. A very large file is almost always a mistake (an export or
    a log) and reading it would slow every check down, so it is skipped with this error.
    """,
)
DUPLICATE_KEY = define(
    "QMS011", "duplicate-key", S.ERROR,
    "Khóa \"{key}\" bị khai báo hai lần; chỉ giá trị đầu tiên được dùng",
    "Key \"{key}\" is given twice; only the first value is used",
    hint_vi="Xóa hoặc gộp một trong hai khai báo.",
    hint_en="Remove or merge one of the two.",
    doc="YAML forbids a key twice in one mapping; which value wins would be a guess.",
)
YAML_LIMIT = define(
    "QMS012", "yaml-limit", S.ERROR,
    "Cấu trúc YAML vượt giới hạn an toàn: {what_vi}",
    "The YAML structure exceeds a safety limit: {what_en}",
    hint_vi="Kiểm tra các neo/bí danh (&, *) và mức lồng nhau; giới hạn đặt trong mục limits "
    "của qms.yaml.",
    hint_en="Check anchors/aliases (&, *) and nesting; the limits are set under limits in "
    "qms.yaml.",
    doc="""
    Deep nesting, recursive aliases and alias bombs (a few lines that expand to billions of
    nodes) are refused in bounded time and memory instead of hanging the check.
    """,
)
UNKNOWN_KIND = define(
    "QMS013", "unknown-kind", S.ERROR,
    "Loại tệp \"{kind}\" không được hỗ trợ",
    "Unknown file kind \"{kind}\"",
    hint_vi="Các loại hợp lệ: {known}.",
    hint_en="Valid kinds: {known}.",
    doc="``kind`` decides what a file is; an unknown value means the file is not loaded.",
)
MISSING_KIND = define(
    "QMS014", "missing-kind", S.WARNING,
    "Tệp YAML/Markdown có khai báo nhưng thiếu \"kind\" nên bị bỏ qua",
    "The file has YAML data but no \"kind\", so it is ignored",
    hint_vi="Thêm dòng kind: (ví dụ kind: procedure), hoặc đưa tệp vào mục exclude của qms.yaml.",
    hint_en="Add a kind: line (e.g. kind: procedure), or list the file under exclude in qms.yaml.",
    doc="""
    Any folder layout works because ``kind`` decides what a file is. A data file without it is
    skipped; if that is intended, exclude it in ``qms.yaml`` to silence this warning.
    """,
)
NEWER_FORMAT = define(
    "QMS015", "newer-format", S.ERROR,
    "qms.yaml dùng định dạng phiên bản {found}, phiên bản qmsdoc này chỉ hiểu đến {supported}",
    "qms.yaml uses format version {found}; this qmsdoc understands up to {supported}",
    hint_vi="Cập nhật qmsdoc: pip install -U qmsdoc.",
    hint_en="Upgrade qmsdoc: pip install -U qmsdoc.",
    doc="A repository written for a newer qmsdoc may use fields this version would misread.",
)
UNREADABLE = define(
    "QMS016", "unreadable-file", S.ERROR,
    "Không đọc được tệp: {reason}",
    "The file cannot be read: {reason}",
    hint_vi="Kiểm tra quyền đọc tệp và liên kết (symlink).",
    hint_en="Check the file's permissions and symbolic links.",
    doc="""
    A file the loader cannot open (no read permission, a broken link, a link loop, or a link
    that leads outside the repository, which is never followed).
    """,
)
INVALID_VALUE = define(
    "QMS017", "invalid-value", S.ERROR,
    "Giá trị của \"{key}\" không hợp lệ: {reason_vi}",
    "Invalid value for \"{key}\": {reason_en}",
    hint_vi="{hint_vi}",
    hint_en="{hint_en}",
    doc="""
    A value has the right type but cannot be understood: a date that does not exist, a
    duration without a unit, a status that is not one of the allowed words.
    """,
)
UTF16 = define(
    "QMS018", "utf16-text", S.WARNING,
    "Tệp được lưu bằng UTF-16 thay vì UTF-8",
    "The file is saved as UTF-16 instead of UTF-8",
    hint_vi="Lưu lại tệp với bảng mã UTF-8 (Git và các công cụ khác xử lý UTF-8 tốt hơn).",
    hint_en="Save it again as UTF-8 (Git and other tools handle UTF-8 better).",
    doc="UTF-16 files load, but Git shows them as binary and diffs become useless.",
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
    doc="""
    A QMS has tens to a few thousand documents. Far more files usually means a folder of
    exports or a copied archive inside the repository; reading them all would make every check
    slow, so the loader stops at ``limits.max_documents`` and says so.
    """,
)
