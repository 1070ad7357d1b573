"""Diagnostics of the render and build stages (codes QMS8xx), worded in both languages.

They are plain :class:`~qmsdoc.diagnostics.Diagnostic` values: they come from building, not from
``qmsdoc check``, so they are not in the rule registry and cannot be selected or ignored.
"""

from __future__ import annotations

from qmsdoc.diagnostics import Diagnostic, Severity
from qmsdoc.model.span import Span

IMAGE_REFUSED = "QMS801"
IMAGE_MISSING = "QMS802"
TEMPLATE_ERROR = "QMS803"
RENDER_FAILED = "QMS804"
REFERENCE_DOCX = "QMS805"
PDF_ENGINE = "QMS806"


def image_refused(span: Span, target: str) -> Diagnostic:
    return Diagnostic(
        IMAGE_REFUSED, Severity.WARNING, span,
        f'Ảnh "{target}" không phải là tệp trong kho tài liệu (đường dẫn tuyệt đối, địa chỉ web '
        "hoặc trỏ ra ngoài kho); ảnh không được đưa vào, chỉ in chú thích.",
        f'The image "{target}" is not a file inside the repository (absolute path, URL or a '
        "path leading outside); it is left out and its alt text printed instead.",
        hint_vi="Chép ảnh vào kho tài liệu và ghi đường dẫn tương đối, ví dụ hinh/luu-do.png.",
        hint_en="Copy the image into the repository and use a relative path, e.g. img/flow.png.",
        name="image-outside-repository")


def image_missing(span: Span, path: str) -> Diagnostic:
    return Diagnostic(
        IMAGE_MISSING, Severity.WARNING, span,
        f'Không đọc được ảnh "{path}" (không có tệp hoặc không phải ảnh PNG, JPEG, GIF, BMP); '
        "chỉ in chú thích.",
        f'Cannot read the image "{path}" (no such file, or not a PNG, JPEG, GIF or BMP '
        "picture); its alt text is printed instead.",
        name="image-missing")


def template_error(span: Span, detail: str) -> Diagnostic:
    return Diagnostic(
        TEMPLATE_ERROR, Severity.ERROR, span,
        f"Lỗi trong mẫu văn bản (templates/): {detail}",
        f"Error in a wording template (templates/): {detail}",
        hint_vi="Sửa hoặc xóa tệp mẫu trong thư mục templates/ của kho tài liệu.",
        hint_en="Fix or remove the template in the repository's templates/ folder.",
        name="template-error")


def render_failed(span: Span, target: str, detail: str, detail_vi: str = "") -> Diagnostic:
    return Diagnostic(
        RENDER_FAILED, Severity.ERROR, span,
        f"Không tạo được {target}: {detail_vi or detail}",
        f"Could not build {target}: {detail}",
        name="render-failed")


def pdf_engine_missing(span: Span, detail_vi: str, detail_en: str) -> Diagnostic:
    return Diagnostic(
        PDF_ENGINE, Severity.ERROR, span,
        f"Không xuất được PDF: {detail_vi}",
        f"No PDF was built: {detail_en}",
        name="pdf-engine-missing")


def reference_docx(span: Span, path: str, detail_vi: str, detail_en: str) -> Diagnostic:
    return Diagnostic(
        REFERENCE_DOCX, Severity.ERROR, span,
        f'Tệp Word mẫu "{path}" (output.reference_docx) không dùng được: {detail_vi}',
        f'The reference document "{path}" (output.reference_docx) cannot be used: {detail_en}',
        name="reference-docx")
