"""A small repository that covers every clause, built on the minimal one of conftest.py.

``FULL_CHANGES`` are changes for the ``make_repo`` fixture: with them the repository has a
manual, a system procedure, a records register, an audit, a management review and an
announcement decision, so that no coverage or duty rule fires (at TODAY, 2026-11-22).
"""

from __future__ import annotations

from collections.abc import Callable

from qmsdoc_testing import META, sub

EXCLUSIONS = """\
  exclusions:
    - clause: "8.3"
      justification: UBND xã không thiết kế dịch vụ; TTHC do pháp luật quy định.
    - clause: "7.1.5.2"
      justification: Không dùng thiết bị đo cần hiệu chuẩn.
departments:"""

MANUAL = f"""\
---
kind: manual
code: STCL
title: Sổ tay chất lượng
{META}clauses: ["4", "5.1", "5.3", "6", "7", "8", "9", "10"]
---

Sổ tay chất lượng.
"""

SYSTEM_PROCEDURE = f"""\
---
kind: procedure
code: QT-02
title: Quy trình hệ thống
{META}clauses: ["6.1", "7.5", "8.7", "9.2", "9.3", "10.2"]
steps:
  - action: Thực hiện
    responsible: cong-chuc
    duration: 1 giờ
---
"""

RECORDS = """\
kind: records
code: DM-HS
title: Danh mục hồ sơ
records:
  - name: Hồ sơ theo dõi các quá trình
    clauses: ["4.4.2", "9.1.1"]
    keeper: cong-chuc
    retention: 05 năm
  - name: Hồ sơ năng lực công chức
    clauses: ["7.2"]
    keeper: cong-chuc
    retention: 05 năm
  - name: Hồ sơ kiểm tra phần mềm một cửa
    clauses: ["7.1.5.1"]
    keeper: cong-chuc
    retention: 03 năm
  - name: Hồ sơ đánh giá nhà cung cấp bên ngoài
    clauses: ["8.4.1"]
    keeper: cong-chuc
    retention: 05 năm
"""

AUDIT = """\
kind: internal-audit
title: Đánh giá nội bộ năm 2026
date: 2026-06-15
lead_auditor: an
"""

REVIEW = """\
kind: management-review
title: Xem xét của lãnh đạo năm 2026
date: 2026-07-01
chair: an
"""

DECISION = f"""\
---
kind: decision
code: QĐ-01
title: Quyết định công bố HTQLCL phù hợp TCVN ISO 9001:2015
{META}purpose: cong-bo
number: 15/QĐ-UBND
signer: an
---
"""

P = "quy-trinh/QT-01.md"
Q = "qms.yaml"
MAN = "so-tay.md"
SYS = "quy-trinh/QT-02.md"
REC = "ho-so/danh-muc-ho-so.yaml"
AUD = "ho-so/danh-gia-noi-bo.yaml"
REV = "ho-so/xem-xet.yaml"
DEC = "quyet-dinh/cong-bo.md"
POL = "chinh-sach.md"
OBJ = "muc-tieu.yaml"
LEG = "dang-ky/van-ban.yaml"
CAT = "dang-ky/tthc.yaml"

FULL_CHANGES: dict[str, object] = {
    Q: sub("departments:", EXCLUSIONS),
    P: sub("edition: 1", 'clauses: ["8.1", "8.2", "8.5", "8.6"]\nedition: 1'),
    POL: sub("edition: 1", 'clauses: ["5.2"]\nedition: 1'),
    OBJ: sub("edition: 1", 'clauses: ["6.2"]\nedition: 1'),
    MAN: MANUAL,
    SYS: SYSTEM_PROCEDURE,
    REC: RECORDS,
    AUD: AUDIT,
    REV: REVIEW,
    DEC: DECISION,
}


def full(more: dict[str, object] | None = None) -> dict[str, object]:
    """FULL_CHANGES followed by ``more`` (an edit of a path already changed applies after it)."""
    out = dict(FULL_CHANGES)
    for path, change in (more or {}).items():
        before = out.get(path)
        if callable(change) and before is not None:
            out[path] = _chain(before, change)
        else:
            out[path] = change
    return out


def _chain(before: object, after: Callable[[str], str]) -> object:
    if callable(before):
        return lambda text: after(before(text))
    return after(str(before))
