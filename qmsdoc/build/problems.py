"""Diagnostics of the build's output folder (QMS807–QMS812) and of its static site (QMS840),
worded in both languages.

Like the render stage's QMS80x (qmsdoc.render.problems) they come from ``qmsdoc build``, not
from ``qmsdoc check``; registered here so that ``qmsdoc rules`` documents them.
"""

from __future__ import annotations

from qmsdoc.diagnostics import Diagnostic
from qmsdoc.diagnostics import Severity as S
from qmsdoc.diagnostics.registry import define
from qmsdoc.model.span import Span

COLLISION_SKIPPED = define(
    "QMS807", "output-collision-skipped", S.ERROR,
    'Tài liệu mã hiệu "{code}" không được xuất bản: tệp "{file}" trùng với {other_vi}.',
    'The document coded "{code}" was left out of the set: its file "{file}" is the same as '
    "{other_en}.",
    hint_vi="Đổi mã hiệu để mỗi tài liệu có tên tệp riêng (xem QMS110).",
    hint_en="Change the code so that every document has its own file name (see QMS110).",
)
UNREADABLE_SKIPPED = define(
    "QMS808", "document-skipped-unreadable", S.ERROR,
    "Tệp này không đọc được ({codes}) nên không có trong bộ tài liệu DỰ THẢO.",
    "This file could not be read ({codes}), so it is not in the draft set.",
    hint_vi="Chạy `qmsdoc check` để xem lỗi của tệp, sửa rồi xuất bản lại.",
    hint_en="Run `qmsdoc check` to see the file's errors, fix them and build again.",
)
DISK_FULL = define(
    "QMS809", "output-disk-full", S.ERROR,
    "Hết chỗ trống trên đĩa chứa thư mục xuất bản {out}: bộ tài liệu trước được giữ nguyên.",
    "The disk holding the output folder {out} is full: the previous set is kept as it was.",
    hint_vi="Giải phóng chỗ trống (bộ tài liệu mới cần khoảng gấp đôi bộ cũ) rồi chạy lại "
            "qmsdoc build.",
    hint_en="Free some space (a new set needs room beside the old one) and run qmsdoc build "
            "again.",
)
SET_KEPT = define(
    "QMS810", "previous-set-kept", S.ERROR,
    "Bộ tài liệu trong {out} chưa được thay: {reason_vi}. Bộ tài liệu trước được giữ nguyên.",
    "The set in {out} was not replaced: {reason_en}. The previous set is kept as it was.",
    hint_vi="Sửa nguyên nhân rồi chạy lại qmsdoc build.",
    hint_en="Fix the cause and run qmsdoc build again.",
)
CACHE_ENTRY_REFUSED = define(
    "QMS811", "build-cache-entry-refused", S.WARNING,
    'Bộ nhớ đệm {cache} có mục "{entry}" không phải tệp qmsdoc có thể tạo ra: bỏ qua, không '
    "xóa tệp nào theo mục này.",
    'The build cache {cache} has an entry "{entry}" that is not a file qmsdoc could have '
    "written: ignored, no file is deleted because of it.",
    hint_vi="Xóa tệp {cache} nếu không rõ nguồn gốc; lần xuất bản sau tạo lại.",
    hint_en="Delete {cache} if you do not know where it came from; the next build rebuilds it.",
)
SOURCES_IN_OUTPUT = define(
    "QMS812", "output-folder-holds-sources", S.ERROR,
    'Thư mục xuất bản "{out}" (output.dir) chứa {count} tệp nguồn (ví dụ {example}); các tệp '
    "này không được đọc.",
    'The output folder "{out}" (output.dir) holds {count} source file(s) (e.g. {example}); '
    "they are not read.",
    hint_vi="Đặt output.dir là một thư mục riêng cho bộ tài liệu xuất bản, ví dụ _build.",
    hint_en="Set output.dir to a folder of its own for the built set, e.g. _build.",
)

PREVIOUS_EDITION_UNREADABLE = define(
    "QMS840", "site-previous-edition-unreadable", S.INFO,
    "Không tạo được trang những thay đổi của tài liệu {code}: không đọc được lần ban hành "
    "trước ({tag}) từ Git: {reason_vi}.",
    "No \"what changed\" page for {code}: its previous edition ({tag}) could not be read "
    "from Git: {reason_en}.",
    hint_vi="Trang của tài liệu vẫn được tạo; kiểm tra tệp tại thẻ {tag} bằng "
            "`git show {tag}:<đường dẫn>`.",
    hint_en="The document's own page is still built; look at the file at {tag} with "
            "`git show {tag}:<path>`.",
)


def previous_edition_unreadable(span: Span, code: str, tag: str, reason_vi: str,
                                reason_en: str) -> Diagnostic:
    return PREVIOUS_EDITION_UNREADABLE.make(span, code=code, tag=tag, reason_vi=reason_vi,
                                            reason_en=reason_en)


def collision_skipped(span: Span, code: str, file: str, other_vi: str,
                      other_en: str) -> Diagnostic:
    return COLLISION_SKIPPED.make(span, code=code, file=file, other_vi=other_vi,
                                  other_en=other_en)


def unreadable_skipped(path: str, codes: str) -> Diagnostic:
    return UNREADABLE_SKIPPED.make(Span(path, 1, 1), codes=codes)


def disk_full(out: str, where: str) -> Diagnostic:
    return DISK_FULL.make(Span(where, 1, 1), out=out)


def set_kept(out: str, where: str, reason_vi: str, reason_en: str) -> Diagnostic:
    return SET_KEPT.make(Span(where, 1, 1), out=out, reason_vi=reason_vi, reason_en=reason_en)


def cache_entry_refused(cache: str, entry: str) -> Diagnostic:
    """``cache``: the cache file as shown (relative to the repository when inside it)."""
    return CACHE_ENTRY_REFUSED.make(Span(cache, 1, 1), cache=cache, entry=entry)
