"""Diagnostics of the render and build stages (codes QMS8xx), worded in both languages.

They come from building, not from ``qmsdoc check``: registered here so that ``qmsdoc rules``
documents them and every report format knows them, with no check function of their own.
"""

from __future__ import annotations

from qmsdoc.diagnostics import Diagnostic
from qmsdoc.diagnostics import Severity as S
from qmsdoc.diagnostics.registry import define
from qmsdoc.model.span import Span

IMAGE_REFUSED = define(
    "QMS801", "image-outside-repository", S.WARNING,
    'Ảnh "{target}" không phải là tệp trong kho tài liệu (đường dẫn tuyệt đối, địa chỉ web hoặc '
    "trỏ ra ngoài kho); ảnh không được đưa vào, chỉ in chú thích.",
    'The image "{target}" is not a file inside the repository (absolute path, URL or a path '
    "leading outside); it is left out and its alt text printed instead.",
    hint_vi="Chép ảnh vào kho tài liệu và ghi đường dẫn tương đối, ví dụ hinh/luu-do.png.",
    hint_en="Copy the image into the repository and use a relative path, e.g. img/flow.png.",
)
IMAGE_MISSING = define(
    "QMS802", "image-missing", S.WARNING,
    'Không đọc được ảnh "{path}" (không có tệp hoặc không phải ảnh PNG, JPEG, GIF, BMP); chỉ '
    "in chú thích.",
    'Cannot read the image "{path}" (no such file, or not a PNG, JPEG, GIF or BMP picture); '
    "its alt text is printed instead.",
    hint_vi="Kiểm tra tên tệp ảnh và định dạng ảnh.",
    hint_en="Check the picture's file name and format.",
)
IMAGE_TOO_LARGE = define(
    "QMS820", "image-too-large", S.WARNING,
    'Ảnh "{path}" quá lớn ({size} byte, giới hạn {limit} byte): không đọc, chỉ in chú thích.',
    'The image "{path}" is too large ({size} bytes, the limit is {limit}): it is not read and '
    "its alt text is printed instead.",
    hint_vi="Nén ảnh hoặc giảm kích thước (một ảnh minh họa trong tài liệu hiếm khi cần quá "
            "1 MB).",
    hint_en="Compress or downsize the picture (a picture in a document rarely needs more than "
            "1 MB).",
)
IMAGE_TOO_MANY_PIXELS = define(
    "QMS821", "image-too-many-pixels", S.WARNING,
    'Ảnh "{path}" có {width}×{height} điểm ảnh, vượt giới hạn {limit} điểm ảnh: không đưa vào, '
    "chỉ in chú thích.",
    'The image "{path}" has {width}×{height} pixels, more than the limit of {limit} pixels: '
    "it is left out and its alt text printed instead.",
    hint_vi="Giảm độ phân giải của ảnh (ví dụ cạnh dài 2000 điểm ảnh là đủ cho trang A4).",
    hint_en="Lower the picture's resolution (a long side of 2000 pixels is plenty for A4).",
)
RENDER_FAILED = define(
    "QMS804", "render-failed", S.ERROR,
    "Không tạo được {target}: {detail_vi}",
    "Could not build {target}: {detail}",
    hint_vi="Các tệp khác vẫn được xuất; sửa nguyên nhân rồi chạy lại qmsdoc build.",
    hint_en="The other files were built; fix the cause and run qmsdoc build again.",
)
PDF_ENGINE = define(
    "QMS806", "pdf-engine-missing", S.ERROR,
    "Không xuất được PDF: {detail_vi}",
    "No PDF was built: {detail_en}",
    hint_vi="Chạy `qmsdoc doctor` để xem cần cài gì.",
    hint_en="Run `qmsdoc doctor` to see what to install.",
)

LAYOUT_COLUMNS = define(
    "QMS830", "layout-block-columns", S.WARNING,
    'Dòng của khối bố cục "{kind}" có nhiều hơn hai cột; phần sau dấu "|" thứ hai được in '
    "trong cột phải.",
    'A line of the layout block "{kind}" has more than two columns; what follows the second '
    '"|" is printed in the right column.',
    hint_vi='Khối bố cục có hai cột: trái | phải. Bỏ dấu "|" thừa.',
    hint_en='A layout block has two columns: left | right. Remove the extra "|".',
)


DIAGRAM_UNREADABLE = define(
    "QMS836", "diagram-unreadable", S.WARNING,
    "Không vẽ được lưu đồ Mermaid: {reason_vi}; khối được in nguyên văn như mã.",
    "Cannot draw the Mermaid flowchart: {reason_en}; the block is printed as code.",
    hint_vi="Viết lưu đồ dạng \"flowchart TD\" với các nút A[...], B{{...}}, C([...]) và "
            "mũi tên A --> B hoặc A -->|nhãn| B (xem docs/build.md).",
    hint_en="Write a \"flowchart TD\" with nodes A[...], B{{...}}, C([...]) and edges A --> B "
            "or A -->|label| B (see docs/build.md).",
)


def diagram_unreadable(span: Span, reason_vi: str, reason_en: str) -> Diagnostic:
    return DIAGRAM_UNREADABLE.make(span, reason_vi=reason_vi, reason_en=reason_en)


def image_refused(span: Span, target: str) -> Diagnostic:
    return IMAGE_REFUSED.make(span, target=target)


def image_missing(span: Span, path: str) -> Diagnostic:
    return IMAGE_MISSING.make(span, path=path)


def image_too_large(span: Span, path: str, size: int, limit: int) -> Diagnostic:
    return IMAGE_TOO_LARGE.make(span, path=path, size=f"{size:,}", limit=f"{limit:,}")


def image_too_many_pixels(span: Span, path: str, width: int, height: int,
                          limit: int) -> Diagnostic:
    return IMAGE_TOO_MANY_PIXELS.make(span, path=path, width=width, height=height,
                                      limit=f"{limit:,}")


def render_failed(span: Span, target: str, detail: str, detail_vi: str = "") -> Diagnostic:
    return RENDER_FAILED.make(span, target=target, detail=detail, detail_vi=detail_vi or detail)


def pdf_engine_missing(span: Span, detail_vi: str, detail_en: str) -> Diagnostic:
    return PDF_ENGINE.make(span, detail_vi=detail_vi, detail_en=detail_en)


def layout_columns(span: Span, kind: str) -> Diagnostic:
    return LAYOUT_COLUMNS.make(span, kind=kind)
