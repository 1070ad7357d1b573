"""QMS110: two documents, or a document and the set's own files, would share an output file."""

from __future__ import annotations

from collections.abc import Iterator

from qmsdoc.diagnostics import Severity as S
from qmsdoc.diagnostics.registry import Finding, rule
from qmsdoc.model.documents import Document, Form
from qmsdoc.model.outputs import (
    OWN_FILES,
    SET_STEMS,
    SITE_STEMS,
    copy_extension,
    safe_name,
    same_file_key,
)
from qmsdoc.rules.context import RuleContext


def output_stem(d: Document) -> str:
    return safe_name(d.code or "")


@rule("QMS110", "output-name-collision", S.ERROR,
      'Mã hiệu "{code}" cho tên tệp xuất bản "{stem}" trùng với {other_vi}',
      'Code "{code}" gives the output file name "{stem}", the same as {other_en}',
      hint_vi="Mỗi tài liệu cần một tên tệp riêng trong bộ tài liệu xuất bản: đổi mã hiệu "
              "(tên tệp bỏ dấu chấm, khoảng trắng ở hai đầu, thay ký tự < > : \" / \\ | ? * "
              "bằng _ và không phân biệt chữ hoa, chữ thường).",
      hint_en="Every document needs its own file in the built set: change the code (file "
              "names drop leading and trailing dots and spaces, replace < > : \" / \\ | ? * "
              "with _ and ignore case).",
      clause="7.5.2")
def output_name_collision(ctx: RuleContext) -> Iterator[Finding]:
    claimed: dict[str, tuple[str, str, str]] = {  # key → (code, vi, en) of its owner
        same_file_key(stem): ("", f"tệp {stem} của bộ tài liệu ({label.split(' / ')[0]})",
                              f"the set's own file {stem} ({label.split(' / ')[1]})")
        for stem, label in {**SET_STEMS, **SITE_STEMS}.items()}
    own = {same_file_key(name): name for name in OWN_FILES}
    for d in ctx.repo.documents:
        if d.status == "obsolete" or not d.code:
            continue
        stem = output_stem(d)
        if isinstance(d, Form) and d.source:
            name = stem + copy_extension(d.source)
            if same_file_key(name) in own:
                yield d.at("code"), {"code": d.code, "stem": name,
                                     "other_vi": f"tệp {own[same_file_key(name)]} của bộ tài "
                                                 "liệu",
                                     "other_en": f"the set's own file {own[same_file_key(name)]}"}
                continue
        key = same_file_key(stem)
        if key in claimed:
            code, vi, en = claimed[key]
            if code != d.code:  # the same code twice is QMS101
                yield d.at("code"), {"code": d.code, "stem": stem, "other_vi": vi,
                                     "other_en": en}
            continue
        claimed[key] = (d.code, f"tài liệu {d.path} (mã hiệu \"{d.code}\")",
                        f"the document {d.path} (code \"{d.code}\")")
