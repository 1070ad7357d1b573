"""Every rule of the check families: the minimal repository passes it, a planted defect fails it.

Each case runs only the rule under test (``select``), so the passing case is the untouched
minimal repository and the failing case names the file and line of the defect.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from qmsdoc_testing import ROOT, TODAY, MakeRepo, sub

from qmsdoc.catalogue import all_rules
from qmsdoc.commands.check import check_repository

P = "quy-trinh/QT-01.md"
Q = "qms.yaml"
OBJ = "muc-tieu.yaml"
POL = "chinh-sach.md"

# code: (changes to the minimal repository, path expected, line expected or None)
CASES: dict[str, tuple[dict[str, object], str, int | None]] = {
    "QMS001": ({P: sub("title: Quy trình", "title: Quy: trình")}, P, 4),
    "QMS002": ({P: lambda t: t.replace("---\n\n## Mục đích", "\n## Mục đích")}, P, 1),
    "QMS003": ({"x.yaml": None}, "x.yaml", 2),  # written as bytes below
    "QMS004": ({"x.yaml": None}, "x.yaml", 2),
    "QMS005": ({P: sub("Tiếp nhận hồ sơ", "Tie\u0302\u0301p nha\u0323\u0302n hồ sơ")}, P, None),
    "QMS006": ({P: sub("owner:", "ownr: x\nowner:")}, P, None),
    "QMS007": ({P: sub("edition: 1", "edition: [1]")}, P, 5),
    "QMS008": ({"trong.yaml": ""}, "trong.yaml", 1),
    "QMS009": ({"x.yaml": None}, "x.yaml", 1),
    "QMS010": ({Q: lambda t: t + "limits:\n  max_file_bytes: 100\n"}, "bieu-mau/BM-01.md", 1),
    "QMS011": ({P: sub("owner: van-phong", "owner: van-phong\nowner: van-phong")}, P, None),
    "QMS012": ({"bom.yaml": "kind: form\na: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True))}, "bom.yaml", None),
    "QMS013": ({"la.yaml": "kind: thu-tuc\n"}, "la.yaml", 1),
    "QMS014": ({"khac.yaml": "name: something\n"}, "khac.yaml", 1),
    "QMS015": ({Q: sub("format_version: 1", "format_version: 9")}, Q, 1),
    "QMS016": ({"x.yaml": None}, "link.yaml", 1),
    "QMS017": ({P: sub("issued: 2026-01-15", "issued: 2026-02-30")}, P, None),
    "QMS018": ({"x.yaml": None}, "x.yaml", 1),
    "QMS831": ({"bieu-mau/BM-01.md": lambda t: t + "\n| | NGƯỜI YÊU CẦU |\n|---|---|\n"
                "| | *(Ký, ghi rõ họ tên)* |\n"}, "bieu-mau/BM-01.md", None),
    "QMS101": ({"bieu-mau/BM-02.md": "FORM_TEXT:BM-01"},
               "bieu-mau/BM-02.md", 3),
    "QMS102": ({P: sub("code: QT-01", "code: QT.1")}, P, 3),
    "QMS103": ({P: sub("prepared_by: binh\n", "")}, P, 2),
    "QMS104": ({P: sub("effective: 2026-01-15", "effective: 2026-01-10")}, P, 7),
    "QMS105": ({P: sub("issued: 2026-01-15\neffective: 2026-01-15",
                       "issued: 2025-01-15\neffective: 2025-01-15")}, P, 6),
    "QMS106": ({P: sub("edition: 1", "edition: 1\nstatus: draft")}, P, 6),
    "QMS107": ({P: sub("edition: 1", "edition: 0")}, P, 5),
    "QMS201": ({P: sub("forms: [BM-01]\n  - action: Ký", "forms: [BM-09]\n  - action: Ký")},
               P, None),
    "QMS202": ({P: sub("responsible: chu-tich", "responsible: chu-tich-xa")}, P, None),
    "QMS203": ({P: sub("owner: van-phong", "owner: tu-phap")}, P, 8),
    "QMS204": ({P: sub("approved_by: an", "approved_by: cuong")}, P, 11),
    "QMS205": ({P: sub("ref: 23/2015/NĐ-CP", "ref: 23/2016/NĐ-CP")}, P, None),
    "QMS206": ({P: sub("ref: 23/2015/NĐ-CP", "ref: 79/2007/NĐ-CP")}, P, None),
    "QMS207": ({P: sub("edition: 1", "edition: 1\nrelated: [QT-99]")}, P, 6),
    "QMS208": ({P: sub('tthc: "2.000815"', 'tthc: "2.999999"')}, P, None),
    "QMS209": ({"bieu-mau/BM-02.md": "FORM_TEXT:BM-02"},
               "bieu-mau/BM-02.md", 3),
    "QMS210": ({OBJ: sub("    owner: van-phong", "    owner: phong-x")}, OBJ, 17),
    "QMS301": ({P: sub("duration: 4 giờ", "duration: 1 ngày làm việc")}, P, None),
    "QMS302": ({P: sub("    responsible: chu-tich\n", "")}, P, None),
    "QMS303": ({P: sub("    retention: Vĩnh viễn\n", "")}, P, None),
    "QMS304": ({P: sub("    duration: 4 giờ\n", "")}, P, None),
    "QMS305": ({P: lambda t: re.sub(r"steps:\n(  .*\n|    .*\n)*", "", t)}, P, 2),
    "QMS306": ({P: sub("processing_time: 01 ngày làm việc", "processing_time: 02 ngày")},
               P, None),
    "QMS307": ({P: lambda t: t.replace("processing_time: 01 ngày làm việc",
                                       "processing_time: 15 ngày theo lịch").replace(
        "duration: 4 giờ", "duration: 9 ngày làm việc")}, P, None),
    "QMS308": ({P: sub("processing_time: 01 ngày làm việc", "processing_time: Không quy định")},
               P, None),
    "QMS309": ({P: sub("processing_time: 01 ngày làm việc", "processing_time: 01 ngày")}, P,
               None),
    "QMS310": ({P: sub("    duration: 4 giờ\n", "    duration: 4 giờ\n    cases: [khong-co]\n")},
               P, None),
    "QMS311": ({P: sub("    responsible: chu-tich\n", "    actor: cong-an-xa\n")}, P, None),
    "QMS312": ({"dang-ky/tthc.yaml": sub(
        "    legal_time: 01 ngày làm việc\n", "    legal_time: 01 ngày làm việc\n    channels:\n"
        "      - channel: truc-tiep\n        processing_time: 4 giờ\n"),
        P: sub("processing_time: 01 ngày làm việc\n", "processing_time: 01 ngày làm việc\n"
               "channels:\n  - channel: truc-tiep\n    processing_time: 01 ngày làm việc\n")},
        P, None),
    "QMS313": ({P: sub("    articles: Điều 20\n",
                       "    articles: Điều 20\n  - title: Luật Cư trú\n")}, P, None),
    "QMS314": ({P: sub("    articles: Điều 20\n", "    articles: Điều 20\n  - articles: Điều 5\n")},
               P, None),
    "QMS315": ({P: sub("steps:\n", "cases:\n  - id: a\n    name: A\n  - id: a\n    name: B\n"
                       "steps:\n")}, P, None),
    "QMS401": ({POL: sub("  improvement: Không ngừng cải tiến.\n", "")}, POL, None),
    "QMS402": ({OBJ: sub("    indicator: Tỷ lệ hồ sơ đúng hạn\n", "")}, OBJ, None),
    "QMS403": ({OBJ: lambda t: t.split("    plan:")[0]}, OBJ, None),
    "QMS404": ({OBJ: sub("        resources: Phần mềm một cửa\n", "")}, OBJ, None),
    "QMS405": ({OBJ: sub('target: "≥ 98%"', "target: Nâng cao")}, OBJ, None),
    "QMS601": ({"ho-so/khac-phuc.yaml": sub("due: 2026-12-31", "due: 2026-10-01")},
               "ho-so/khac-phuc.yaml", 8),
}

FORM_TEXT = """\
---
kind: form
code: BM-01
title: Phiếu khác
edition: 1
issued: 2026-01-15
owner: van-phong
prepared_by: binh
reviewed_by: an
approved_by: an
---
"""

BYTES: dict[str, tuple[str, bytes]] = {
    "QMS003": ("x.yaml", b"kind: form\ntitle: \xff\xfe bad\n"),
    "QMS004": ("x.yaml", "kind: form\ntitle: Thñ tôc hµnh chÝnh ë Hµ Néi vµ ViÖt Nam\n"
               .encode()),
    "QMS009": ("x.yaml", b"\x00\x01\x02binary\x00\x00\xff" * 20),
    "QMS018": ("x.yaml", "kind: tthc-catalogue\nprocedures: []\n".encode("utf-16")),
}


def _run(root: Path, code: str):  # noqa: ANN202
    return [d for d in check_repository(root, select=[code], today=TODAY).diagnostics
            if d.code == code]


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_passes_on_minimal_repository(make_repo: MakeRepo, code: str) -> None:
    root = make_repo()
    assert _run(root, code) == []


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_fires_on_planted_defect(make_repo: MakeRepo, code: str) -> None:
    changes, path, line = CASES[code]
    changes = {k: FORM_TEXT.replace("BM-01", v.split(":")[1])
               if isinstance(v, str) and v.startswith("FORM_TEXT:") else v
               for k, v in changes.items() if v is not None}
    root = make_repo(changes)
    if code in BYTES:
        name, data = BYTES[code]
        (root / name).write_bytes(data)
    if code == "QMS016":
        (root / "link.yaml").symlink_to("/etc/hostname")
    found = _run(root, code)
    assert found, f"{code} did not fire"
    assert found[0].span.path == path
    if line is not None:
        assert found[0].span.line == line
    assert found[0].vi and found[0].en and found[0].vi != found[0].en


def test_every_rule_is_tested_somewhere() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("*.py"))
    missing = [r.code for r in all_rules() if f'"{r.code}"' not in text]
    assert missing == []
