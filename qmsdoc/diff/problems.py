"""QMS720: a file of one of the compared states could not be read, noted by ``qmsdoc diff``.

Not a check (``qmsdoc check`` reports the file's own errors on the working tree); the diff
reports it because it then sees the document as absent from that state (added or removed).
"""

from __future__ import annotations

from qmsdoc.diagnostics import Severity as S
from qmsdoc.diagnostics.registry import define

UNREADABLE_AT_REVISION = define(
    "QMS720", "diff-unreadable-file", S.WARNING,
    "Không đọc được tệp ở phiên bản {revision}: {reason_vi}; phép so sánh coi như tài liệu "
    "không có ở phiên bản đó",
    "The file cannot be read at {revision}: {reason_en}; the comparison treats the document as "
    "absent there",
    hint_vi="Sửa lỗi của tệp (qmsdoc check chỉ ra vị trí) hoặc so sánh với một phiên bản khác.",
    hint_en="Fix the file (qmsdoc check shows where) or compare with another revision.",
)
