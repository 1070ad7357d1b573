"""``qmsdoc diff``: what changed between two states, in a coordinator's terms (JSON asserted)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from qmsdoc.commands.diff import Options, run
from tests.diff.conftest import PROC, Editions, amend
from tests.history.conftest import git

# A small procedure the tests edit freely (steps A–D, two body sections).
QT90 = """\
---
kind: procedure
code: QT-90
title: Quy trình thử nghiệm so sánh
edition: 1
issued: 2026-01-15
status: released
owner: tu-phap
prepared_by: pham-thi-dung
reviewed_by: le-van-cuong
approved_by: nguyen-van-an
fee: Miễn phí
legal_basis:
  - ref: 123/2015/NĐ-CP
forms: [BM-01]
dossier:
  - name: Tờ khai theo mẫu
    originals: 1
  - name: Giấy tờ tùy thân
steps:
  - action: Tiếp nhận hồ sơ
    responsible: cong-chuc-mot-cua
    duration: 1 giờ
  - action: Thẩm định hồ sơ và lập dự thảo
    responsible: cong-chuc-tu-phap
    duration: 2 giờ
  - action: Ký duyệt kết quả
    responsible: chu-tich
    duration: 1 giờ
  - action: Trả kết quả cho người yêu cầu
    responsible: cong-chuc-mot-cua
    duration: 1 giờ
records:
  - name: Sổ theo dõi
    keeper: cong-chuc-mot-cua
    retention: 05 năm
---

## Mục đích

Quy định cách làm thử.

## Phạm vi

Áp dụng trong các bài kiểm thử.
"""

QT90_PATH = "quy-trinh-tthc/QT-90-thu-nghiem.md"


def _json(root: Path, *args: str | None, codes: tuple[str, ...] = ()) -> dict[str, Any]:
    result = run(Options(root, args[0] if args else None, args[1] if len(args) > 1 else None,
                         codes))
    assert result.error is None, result.error
    return result.json()


def _doc(data: dict[str, Any], code: str) -> dict[str, Any]:
    found = [d for d in data["documents"] if d["code"] == code]
    assert len(found) == 1, [d["code"] for d in data["documents"]]
    return found[0]


def _facts(doc: dict[str, Any]) -> set[tuple[Any, ...]]:
    """Each change as (kind, field, old position, new position, item or sub-fields)."""
    out = set()
    for c in doc["changes"]:
        detail: Any = c.get("item", "")
        if c["kind"] == "changed":
            detail = tuple(sorted((f["field"], f.get("old"), f.get("new")) for f in c["fields"]))
        if c["kind"] == "field":
            detail = (c.get("old"), c.get("new"))
        out.add((c["kind"], c["field"], c.get("old_pos"), c.get("new_pos"), detail))
    return out


def _with_qt90(e: Editions) -> Path:
    (e.root / QT90_PATH).write_text(QT90, encoding="utf-8")
    git(e.root, "add", "-A")
    git(e.root, "commit", "-q", "-m", "QT-90: quy trình thử nghiệm")
    return e.root


# ------------------------------------------------------------------ the scenario


def test_between_two_releases_lists_exactly_the_changes(editions: Editions) -> None:
    """A step gained, a dossier item lost, a duration changed, a section reworded: exactly
    those, the steps after the new one renumbered (moved), nothing removed and added."""
    data = _json(editions.root, *editions.tags)
    assert data["from"]["label"] == "qms/2026-02-01" and data["to"]["label"] == "qms/2026-03-01"
    assert [d["code"] for d in data["documents"]] == ["QT-10"]
    doc = _doc(data, "QT-10")
    assert doc["status"] == "changed"
    assert doc["edition"] == {"old": 1, "new": 2}
    assert {c["field"] for c in doc["control"]} == {"edition", "issued", "effective"}
    steps_after = [
        "Xem xét, ký Giấy khai sinh",
        "Đóng dấu, vào sổ văn bản; chuyển kết quả cho Bộ phận Tiếp nhận và Trả kết quả",
    ]
    facts = _facts(doc)
    expected = {
        ("removed", "dossier", 3, None, "Giấy tờ tùy thân của người đi đăng ký (xuất trình)"),
        ("moved", "dossier", 4, 3,
         "Văn bản ủy quyền có chứng thực (trường hợp ủy quyền đăng ký khai sinh)"),
        ("changed", "steps", 2, 2, (("duration", "3 giờ", "2 giờ"),)),
        ("added", "steps", None, 3, "Kiểm tra lại thông tin trước khi trình ký"),
        ("moved", "steps", 3, 4, steps_after[0]),
        ("moved", "steps", 4, 5, steps_after[1]),
        ("section-changed", "body", 2, 2, "Phạm vi"),
    }
    assert expected <= facts
    rest = facts - expected
    # the last step, renumbered 5 → 6, is the only other change
    assert [(k, f, o, n) for k, f, o, n, _ in rest] == [("moved", "steps", 5, 6)]
    # renumbered, not reordered: its neighbours keep their order
    assert all(not c["reordered"] for c in doc["changes"] if c["kind"] == "moved")
    assert not any(c["kind"] == "removed" and c["field"] == "steps" for c in doc["changes"])
    section = next(c for c in doc["changes"] if c["kind"] == "section-changed")
    (edit,) = section["edits"]
    assert "kể cả trẻ em bị bỏ rơi" in edit["new"] and "kể cả" not in edit["old"]


def test_default_from_is_the_last_release_and_to_the_working_tree(editions: Editions) -> None:
    data = _json(editions.root)
    assert data["from"]["label"] == editions.tags[1]
    assert data["to"] == {"label": "WORKTREE", "commit": None}
    assert data["documents"] == []
    amend(editions.root, PROC, "fee: >-\n  Miễn lệ phí", "fee: >-\n  Không thu lệ phí")
    doc = _doc(_json(editions.root), "QT-10")
    ((kind, field, _, _, (old, new)),) = _facts(doc)
    assert (kind, field) == ("field", "fee")
    assert old.startswith("Miễn lệ phí") and new.startswith("Không thu lệ phí")


# ------------------------------------------------------------------ steps and items


def test_steps_reordered_removed_and_reworded_are_matched_by_identity(
        editions: Editions) -> None:
    root = _with_qt90(editions)
    text = (root / QT90_PATH).read_text(encoding="utf-8")
    # swap "Ký duyệt" and "Trả kết quả", remove "Tiếp nhận", reword "Thẩm định"
    sign = "  - action: Ký duyệt kết quả\n    responsible: chu-tich\n    duration: 1 giờ\n"
    give = ("  - action: Trả kết quả cho người yêu cầu\n    responsible: cong-chuc-mot-cua\n"
            "    duration: 1 giờ\n")
    first = "  - action: Tiếp nhận hồ sơ\n    responsible: cong-chuc-mot-cua\n    duration: 1 giờ\n"
    text = text.replace(sign + give, give + sign).replace(first, "")
    text = text.replace("Thẩm định hồ sơ và lập dự thảo", "Thẩm định hồ sơ và lập dự thảo kết quả")
    (root / QT90_PATH).write_text(text, encoding="utf-8")
    doc = _doc(_json(root, "HEAD"), "QT-90")
    facts = _facts(doc)
    assert ("removed", "steps", 1, None, "Tiếp nhận hồ sơ") in facts
    assert ("changed", "steps", 2, 1, (("action", "Thẩm định hồ sơ và lập dự thảo",
                                        "Thẩm định hồ sơ và lập dự thảo kết quả"),)) in facts
    moved = {c["item"]: c for c in doc["changes"] if c["kind"] == "moved"}
    # "Trả kết quả" went before "Ký duyệt" (which keeps number 3): reordered; the reworded
    # step only shifted up when the first was removed: renumbered
    assert set(moved) == {"Trả kết quả cho người yêu cầu",
                          "Thẩm định hồ sơ và lập dự thảo kết quả"}
    assert (moved["Trả kết quả cho người yêu cầu"]["old_pos"],
            moved["Trả kết quả cho người yêu cầu"]["new_pos"]) == (4, 2)
    assert moved["Trả kết quả cho người yêu cầu"]["reordered"] is True
    assert moved["Thẩm định hồ sơ và lập dự thảo kết quả"]["reordered"] is False
    assert not any(c["kind"] == "added" for c in doc["changes"])


def test_dossier_legal_basis_forms_and_records(editions: Editions) -> None:
    root = _with_qt90(editions)
    amend(root, QT90_PATH, "  - name: Giấy tờ tùy thân\n",
          "  - name: Giấy tờ tùy thân\n    copies: 1\n  - name: Giấy ủy quyền\n")
    amend(root, QT90_PATH, "  - ref: 123/2015/NĐ-CP\n",
          "  - ref: 123/2015/NĐ-CP\n    articles: Điều 9\n  - ref: 04/2020/TT-BTP\n")
    amend(root, QT90_PATH, "forms: [BM-01]", "forms: [BM-01, BM-02]")
    amend(root, QT90_PATH, "    retention: 05 năm", "    retention: 10 năm")
    facts = _facts(_doc(_json(root, "HEAD"), "QT-90"))
    assert facts == {
        ("changed", "dossier", 2, 2, (("copies", None, 1),)),
        ("added", "dossier", None, 3, "Giấy ủy quyền"),
        ("changed", "legal_basis", 1, 1, (("articles", None, "Điều 9"),)),
        ("added", "legal_basis", None, 2, "04/2020/TT-BTP"),
        ("field", "forms", None, None, ("BM-01", "BM-01, BM-02")),
        ("changed", "records", 1, 1, (("retention", "05 năm", "10 năm"),)),
    }


def test_body_sections_added_removed_and_reworded(editions: Editions) -> None:
    root = _with_qt90(editions)
    amend(root, QT90_PATH, "## Phạm vi\n\nÁp dụng trong các bài kiểm thử.\n",
          "## Lưu ý\n\nGhi chú mới.\n")
    amend(root, QT90_PATH, "Quy định cách làm thử.", "Quy định cách làm thử nghiệm.")
    doc = _doc(_json(root, "HEAD"), "QT-90")
    kinds = {(c["kind"], c["item"]) for c in doc["changes"]}
    assert kinds == {("section-changed", "Mục đích"), ("section-removed", "Phạm vi"),
                     ("section-added", "Lưu ý")}
    changed = next(c for c in doc["changes"] if c["kind"] == "section-changed")
    assert changed["edits"] == [{"old": "Quy định cách làm thử.",
                                 "new": "Quy định cách làm thử nghiệm."}]


# ------------------------------------------------------------------ whole documents


def test_documents_added_removed_retired_renamed_recoded(editions: Editions) -> None:
    root = editions.root
    qt = root / "quy-trinh-tthc"
    git(root, "mv", "quy-trinh-tthc/QT-11-dang-ky-ket-hon.md",
        "quy-trinh-tthc/QT-11-ket-hon.md")
    amend(root, "quy-trinh-tthc/QT-12-dang-ky-khai-tu.md", "code: QT-12", "code: QT-92")
    amend(root, "quy-trinh-tthc/QT-13-dang-ky-nhan-cha-me-con.md", "status: released",
          "status: obsolete")
    git(root, "rm", "-q", "quy-trinh-tthc/QT-14-dang-ky-giam-ho.md")
    (qt / "QT-90-thu-nghiem.md").write_text(QT90, encoding="utf-8")
    data = _json(root)
    status = {(d["status"], d["code"]) for d in data["documents"]}
    assert status == {("renamed", "QT-11"), ("recoded", "QT-92"), ("retired", "QT-13"),
                      ("removed", "QT-14"), ("added", "QT-90")}
    renamed = _doc(data, "QT-11")
    assert renamed["old_path"] == "quy-trinh-tthc/QT-11-dang-ky-ket-hon.md"
    assert renamed["path"] == "quy-trinh-tthc/QT-11-ket-hon.md"
    assert renamed["changes"] == []
    assert _doc(data, "QT-92")["old_code"] == "QT-12"
    assert _facts(_doc(data, "QT-13")) == set()  # status is document control
    assert [c["field"] for c in _doc(data, "QT-13")["control"]] == ["status"]
    # CODE arguments select documents by their new or old code
    only = _json(root, None, None, codes=("QT-12",))
    assert [d["code"] for d in only["documents"]] == ["QT-92"]


def test_a_comment_only_edit_is_listed_as_source_only(editions: Editions) -> None:
    amend(editions.root, PROC, "status: released", "status: released  # đã rà soát")
    doc = _doc(_json(editions.root), "QT-10")
    assert doc["source_only"] is True and doc["changes"] == [] and doc["control"] == []


# ------------------------------------------------------------------ check --changed-since


def test_check_changed_since_sees_the_same_documents(editions: Editions) -> None:
    """The documents `diff REV` lists are the documents whose files `check --changed-since
    REV` treats as changed: both ask qmsdoc.changes.changed_between."""
    from qmsdoc.changes import changes_since
    from qmsdoc.load import load_repository

    root = editions.root
    git(root, "mv", "quy-trinh-tthc/QT-11-dang-ky-ket-hon.md", "quy-trinh-tthc/QT-11-kh.md")
    amend(root, "quy-trinh-tthc/QT-12-dang-ky-khai-tu.md", "code: QT-12", "code: QT-92")
    amend(root, PROC, "status: released", "status: released  # đã rà soát")
    (root / QT90_PATH).write_text(QT90, encoding="utf-8")  # untracked
    tag = editions.tags[1]
    data = _json(root, tag)
    listed = {p for d in data["documents"] for p in (d["path"], d.get("old_path")) if p}
    repo = load_repository(root).repo
    documents = {d.path for d in repo.documents} | {
        "quy-trinh-tthc/QT-11-dang-ky-ket-hon.md"}  # the old path of the renamed one
    changed = changes_since(repo, tag).changed
    assert listed == {p for p in changed if p in documents}
    assert listed == {"quy-trinh-tthc/QT-11-dang-ky-ket-hon.md", "quy-trinh-tthc/QT-11-kh.md",
                      "quy-trinh-tthc/QT-12-dang-ky-khai-tu.md", PROC, QT90_PATH}


# ------------------------------------------------------------------ errors


def test_unknown_revision_or_code_is_a_clear_error(editions: Editions) -> None:
    result = run(Options(editions.root, "qms/1999-01-01"))
    assert result.status == 1 and result.error is not None
    assert "qms/1999-01-01" in result.error[0] and "Unknown Git revision" in result.error[1]
    result = run(Options(editions.root, arguments=("KHONG-CO",)))
    assert result.status == 1 and result.error is not None
    assert "KHONG-CO" in result.error[0]


def test_no_release_and_no_git(tmp_path: Path) -> None:
    from tests.history.conftest import copy_sample, init_repo

    root = copy_sample(tmp_path / "qms")
    result = run(Options(root))
    assert result.status == 1 and result.error is not None
    assert "Git" in result.error[1]
    init_repo(root)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "init")
    result = run(Options(root))
    assert result.status == 1 and result.error is not None
    assert "No release yet" in result.error[1]
    assert run(Options(tmp_path / "none")).status == 2


def test_the_scratch_folder_is_removed_and_never_a_link(editions: Editions,
                                                        tmp_path: Path) -> None:
    root = editions.root
    assert run(Options(root, *editions.tags)).status == 0
    assert list((root / ".qmsdoc" / "diff").iterdir()) == []
    target = tmp_path / "elsewhere"
    target.mkdir()
    (root / ".qmsdoc" / "diff").rmdir()
    (root / ".qmsdoc" / "diff").symlink_to(target)
    result = run(Options(root, *editions.tags))
    assert result.status == 1 and result.error is not None and "liên kết" in result.error[0]
    assert list(target.iterdir()) == []


def test_git_status_is_unchanged_by_diff(editions: Editions) -> None:
    before = subprocess.run(["git", "status", "--porcelain"], cwd=editions.root,
                            capture_output=True, text=True, check=True).stdout
    assert run(Options(editions.root, *editions.tags)).status == 0
    after = subprocess.run(["git", "status", "--porcelain"], cwd=editions.root,
                           capture_output=True, text=True, check=True).stdout
    assert before == after


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_text_and_markdown_output(editions: Editions, lang: str) -> None:
    result = run(Options(editions.root, *editions.tags))
    en = lang == "en"
    text = result.text(en)
    md = result.markdown(en)
    if en:
        assert "+ Step 3: Kiểm tra lại thông tin trước khi trình ký" in text
        assert "Step 3–5 → 4–6 (renumbered)" in text
        assert md.startswith("## What changed: qms/2026-02-01 → qms/2026-03-01")
    else:
        assert "+ Bước 3: Kiểm tra lại thông tin trước khi trình ký" in text
        assert "Bước 3–5 → 4–6 (đánh số lại)" in text
        assert "- Thành phần hồ sơ 3: Giấy tờ tùy thân" in text
        assert md.startswith("## Nội dung thay đổi: qms/2026-02-01 → qms/2026-03-01")
        assert "*Bỏ thành phần hồ sơ “Giấy tờ tùy thân" in md
    assert "```diff" in md and "+ Áp dụng đối với việc đăng ký khai sinh" in md
    assert json.loads(json.dumps(result.json()))["documents"][0]["code"] == "QT-10"


def test_checkout_attributes_do_not_hide_files(editions: Editions) -> None:
    """A revision is read from Git's objects: export-ignore (which `git archive` honours)
    changes nothing."""
    root = editions.root
    (root / ".gitattributes").write_text("*.md export-ignore\n", encoding="utf-8")
    git(root, "add", ".gitattributes")
    git(root, "commit", "-q", "-m", "attributes")
    amend(root, PROC, "fee: >-\n  Miễn lệ phí", "fee: >-\n  Không thu lệ phí")
    data = _json(root, "HEAD")
    assert [(d["status"], d["code"]) for d in data["documents"]] == [("changed", "QT-10")]
