"""Test data shared by the test modules: paths, the date tests run on, a minimal repository."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_manual"
TODAY = dt.date(2026, 11, 22)

QMS_YAML = """\
format_version: 1
organization:
  name: Ủy ban nhân dân xã Thử Nghiệm
  short_name: UBND
  place: Thử Nghiệm
profile: co-quan-hanh-chinh-xa
scope:
  statement: Hoạt động giải quyết thủ tục hành chính của UBND xã.
departments:
  - id: van-phong
    name: Văn phòng
    head: chu-tich
roles:
  - id: chu-tich
    title: Chủ tịch UBND xã
    department: van-phong
  - id: cong-chuc
    title: Công chức một cửa
    department: van-phong
people:
  - id: an
    name: Nguyễn Văn An
    role: chu-tich
  - id: binh
    name: Trần Thị Bình
    role: cong-chuc
numbering:
  procedure: "QT-{n:02}"
  form: "BM-{n:02}"
"""

META = """\
edition: 1
issued: 2026-01-15
effective: 2026-01-15
owner: van-phong
prepared_by: binh
reviewed_by: an
approved_by: an
"""

PROCEDURE = f"""\
---
kind: procedure
code: QT-01
title: Quy trình chứng thực bản sao từ bản chính
{META}tthc: "2.000815"
legal_basis:
  - ref: 23/2015/NĐ-CP
    articles: Điều 20
processing_time: 01 ngày làm việc
steps:
  - action: Tiếp nhận hồ sơ
    responsible: cong-chuc
    duration: 2 giờ
    forms: [BM-01]
  - action: Ký chứng thực
    responsible: chu-tich
    duration: 4 giờ
  - action: Trả kết quả
    responsible: cong-chuc
    duration: 0
forms: [BM-01]
records:
  - name: Sổ chứng thực
    keeper: cong-chuc
    retention: Vĩnh viễn
---

## Mục đích

Quy định việc chứng thực bản sao từ bản chính.
"""

FORM = f"""\
---
kind: form
code: BM-01
title: Giấy tiếp nhận hồ sơ và hẹn trả kết quả
{META}---

Họ và tên: ……………
"""

POLICY = f"""\
---
kind: policy
code: CSCL
title: Chính sách chất lượng
{META}statement: >-
  Phục vụ người dân tận tình. Lấy mục tiêu chất lượng làm khung hành động.
  Tuân thủ pháp luật. Không ngừng cải tiến.
commitments:
  purpose: Phục vụ người dân tận tình.
  framework: Lấy mục tiêu chất lượng làm khung hành động.
  requirements: Tuân thủ pháp luật.
  improvement: Không ngừng cải tiến.
---
"""

OBJECTIVES = f"""\
kind: objectives
code: MTCL-2026
title: Mục tiêu chất lượng năm 2026
{META}year: 2026
objectives:
  - id: MT1
    statement: Giải quyết hồ sơ đúng hạn
    indicator: Tỷ lệ hồ sơ đúng hạn
    target: "≥ 98%"
    owner: van-phong
    plan:
      - what: Theo dõi hồ sơ hằng tuần
        resources: Phần mềm một cửa
        who: cong-chuc
        when: Hằng tuần
        evaluation: Báo cáo quý
"""

LEGAL = """\
kind: legal-register
title: Danh mục văn bản pháp luật
documents:
  - id: 23/2015/NĐ-CP
    type: Nghị định
    title: Về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính
    issued: 2015-02-16
    effective: 2015-04-10
    status: in_force
  - id: 79/2007/NĐ-CP
    title: Về cấp bản sao từ sổ gốc, chứng thực (cũ)
    issued: 2007-05-18
    effective: 2007-06-15
    status: replaced
    replaced_by: 23/2015/NĐ-CP
    status_date: 2015-04-10
"""

CATALOGUE = """\
kind: tthc-catalogue
title: Danh mục TTHC
procedures:
  - code: "2.000815"
    name: Chứng thực bản sao từ bản chính
    legal_time: 01 ngày làm việc
"""

ACTIONS = """\
kind: corrective-actions
title: Theo dõi hành động khắc phục
actions:
  - id: KP-01
    nonconformity: Hồ sơ trễ hạn
    action: Nhắc việc tự động
    responsible: cong-chuc
    due: 2026-12-31
    status: open
"""

BASE_FILES: dict[str, str] = {
    "qms.yaml": QMS_YAML,
    "quy-trinh/QT-01.md": PROCEDURE,
    "bieu-mau/BM-01.md": FORM,
    "chinh-sach.md": POLICY,
    "muc-tieu.yaml": OBJECTIVES,
    "dang-ky/van-ban.yaml": LEGAL,
    "dang-ky/tthc.yaml": CATALOGUE,
    "ho-so/khac-phuc.yaml": ACTIONS,
}

MakeRepo = Callable[..., Path]


def sub(old: str, new: str) -> Callable[[str], str]:
    """An edit for ``make_repo``: replace the first ``old`` (which must be there) by ``new``."""

    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return edit


def remove_deep_tree(top: Path, name: str = "d") -> None:
    """Remove a chain of folders ``top/name/name/…`` deeper than shutil.rmtree can recurse
    (pytest's own clean-up of such a tmp_path ends in a RecursionError), bottom-up."""
    import os
    import shutil

    here = os.getcwd()
    try:
        os.chdir(top)
        depth = 0
        while os.path.isdir(name) and not os.path.islink(name):
            os.chdir(name)
            depth += 1
        for _ in range(depth):
            os.chdir("..")
            shutil.rmtree(name)
    finally:
        os.chdir(here)


#: A real TTHC name of 395 characters (national portal, Bộ Tài chính).
REAL_LONG_NAME = (
    "Đăng ký thay đổi thành viên hợp danh; đăng ký thay đổi thành viên công ty trách nhiệm "
    "hữu hạn hai thành viên trở lên; đăng ký thay đổi người đại diện theo pháp luật của công "
    "ty trách nhiệm hữu hạn, công ty cổ phần; đăng ký thay đổi chủ sở hữu công ty trách nhiệm "
    "hữu hạn một thành viên; đăng ký thay đổi chủ doanh nghiệp tư nhân trong trường hợp bán, "
    "tặng cho doanh nghiệp, chủ doanh nghiệp chết")


@contextmanager
def isolated_git(base: Path) -> Iterator[None]:
    """Git with no user or system configuration (an empty global file in ``base``), for
    session fixtures that build repositories once (the monkeypatch fixture is per test)."""
    empty = base / "gitconfig"
    empty.touch()
    mp = pytest.MonkeyPatch()
    mp.setenv("GIT_CONFIG_GLOBAL", str(empty))
    mp.setenv("GIT_CONFIG_NOSYSTEM", "1")
    try:
        yield
    finally:
        mp.undo()
