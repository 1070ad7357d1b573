"""Checks of the organisation's reference document (``output.reference_docx``) before use.

A .docx is a zip: 3 MB on disk can inflate to gigabytes, and python-docx inflates every part
into memory. So the parts are inflated here first, counting the bytes as they come out (the
sizes in the zip's directory are only a claim), and the package is opened the way the writer
opens it. A problem is worded in both languages with how to fix it, so that the build reports it
once, at the setting, instead of failing every document with python-docx's own exception.
"""

from __future__ import annotations

import io
import zipfile

from qmsdoc.render.images import MAX_IMAGE_PIXELS, picture_size

#: Uncompressed bytes of all parts together (a reference document is styles, a theme, a
#: header logo and perhaps embedded fonts: a few MB).
MAX_REFERENCE_BYTES = 100_000_000
MAX_REFERENCE_PARTS = 2_000
_CHUNK = 1 << 16
#: Parts every Word document has; python-docx cannot open a package without them.
_REQUIRED = ("[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml")
_RESAVE_VI = "Mở tệp bằng Word (hoặc LibreOffice) và lưu lại dưới dạng .docx"
_RESAVE_EN = "Open it in Word (or LibreOffice) and save it again as .docx"


def reference_problem(data: bytes) -> tuple[str, str] | None:
    """What makes ``data`` unusable as a reference document (Vietnamese, English; each says
    how to fix it), or None when the writer can use it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            problem = _inflate_bounded(z)
            if problem is not None:
                return problem
            names = set(z.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
            NotImplementedError, RuntimeError):  # RuntimeError: an encrypted part
        return ("tệp không phải là tệp .docx (không mở được như một gói zip, hoặc bị hỏng hay "
                f"mã hóa). {_RESAVE_VI}.",
                "it is not a .docx file (not a readable zip package, or damaged or encrypted). "
                f"{_RESAVE_EN}.")
    missing = [n for n in _REQUIRED if n not in names]
    if missing:
        listed = ", ".join(missing)
        return (f"gói .docx thiếu phần bắt buộc {listed} (tệp không do Word lưu hoặc đã bị "
                f"nén lại bằng tay). {_RESAVE_VI}.",
                f"the .docx package lacks the required part(s) {listed} (it was not saved by "
                f"Word, or was zipped again by hand). {_RESAVE_EN}.")
    return _open(data)


def _inflate_bounded(z: zipfile.ZipFile) -> tuple[str, str] | None:
    infos = z.infolist()
    if len(infos) > MAX_REFERENCE_PARTS:
        return (f"gói .docx có {len(infos):,} phần (giới hạn {MAX_REFERENCE_PARTS:,}). "
                "Dùng một tệp Word chỉ chứa các kiểu định dạng, đầu trang và logo.",
                f"the .docx package has {len(infos):,} parts (the limit is "
                f"{MAX_REFERENCE_PARTS:,}). Use a Word file holding only styles, the header and "
                "the logo.")
    total = 0
    for info in infos:
        # The directory's size first (cheap), then the bytes that really come out.
        over = total + info.file_size > MAX_REFERENCE_BYTES
        if not over:
            with z.open(info) as part:
                while chunk := part.read(_CHUNK):
                    total += len(chunk)
                    if total > MAX_REFERENCE_BYTES:
                        over = True
                        break
        if over:
            limit = MAX_REFERENCE_BYTES // 1_000_000
            return (f"nội dung giải nén của gói .docx vượt {limit} MB (phần {info.filename}); "
                    "tệp mẫu chỉ cần kiểu định dạng, đầu trang và logo. Xóa nội dung, ảnh lớn "
                    "và phông chữ nhúng rồi lưu lại.",
                    f"the .docx package unpacks to more than {limit} MB (part "
                    f"{info.filename}); a reference document needs only styles, the header and "
                    "the logo. Remove its content, large pictures and embedded fonts and save "
                    "it again.")
    return None


def _open(data: bytes) -> tuple[str, str] | None:
    """Open the package as the DOCX writer does (python-docx, then its header logo)."""
    from docx import Document

    from qmsdoc.render.docx.base import reference_logo

    try:
        logo = reference_logo(Document(io.BytesIO(data)))
    except Exception as e:  # python-docx raises KeyError, ValueError, lxml errors…
        detail = f"{type(e).__name__}: {e}"
        return (f"python-docx không đọc được gói này ({detail}). "
                f"{_RESAVE_VI}.",
                f"python-docx cannot read this package ({detail}). {_RESAVE_EN}.")
    size = picture_size(logo) if logo else None
    # A logo in another format (EMF, TIFF…) is left out by the writer: only a size is judged.
    if size is not None and size[0] * size[1] > MAX_IMAGE_PIXELS:
        shown = f"{size[0]}×{size[1]}"
        return (f"ảnh logo ở đầu trang có {shown} điểm ảnh, vượt giới hạn "
                f"{MAX_IMAGE_PIXELS:,} điểm ảnh. Thay logo bằng ảnh nhỏ hơn rồi lưu lại.",
                f"the header logo has {shown} pixels, more than the limit of "
                f"{MAX_IMAGE_PIXELS:,}. Replace it with a smaller picture and save again.")
    return None
