"""``qmsdoc release`` proposes the amendment records from the diff when no trailer gives them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qmsdoc.cli import app
from qmsdoc.history import load_history
from qmsdoc.history.releases import ReleasedDocument, TagRecord, make_release, release_message
from qmsdoc.load import load_repository
from tests.diff.conftest import PROC, Editions, amend, amend_qt10
from tests.history.conftest import git

runner = CliRunner()

SUMMARY = ("Bỏ thành phần hồ sơ “Giấy tờ tùy thân của người đi đăng ký (xuất trình)”; "
           "sửa bước 2 (thời gian); bổ sung bước 3 “Kiểm tra lại thông tin trước khi trình "
           "ký”; sửa nội dung mục “Phạm vi”")


def test_the_release_records_the_proposed_change_and_position(editions: Editions) -> None:
    """Release 2 of the scenario: the commit had no Sửa-đổi:/Vị-trí: trailer."""
    root = editions.root
    message = git(root, "tag", "-l", "--format=%(contents)", editions.tags[1])
    lines = message.splitlines()
    at = lines.index(f"- QT-10 · lần 2 · {PROC}")
    assert lines[at + 1] == f"  Sửa-đổi: {SUMMARY}"
    assert lines[at + 2].startswith("  Vị-trí: Mục ")
    assert "(bước 2, 3)" in lines[at + 2]
    # the revision table's row of edition 2 carries it
    doc = next(d for d in load_repository(root).repo.documents if d.code == "QT-10")
    row = next(r for r in load_history(root).revisions(doc) if r.is_release and r.edition == 2)
    assert row.change == f"Ban hành lần 2: {SUMMARY}"
    assert row.position == lines[at + 2].removeprefix("  Vị-trí: ")


def test_dry_run_shows_the_proposed_records_and_the_decision_list(editions: Editions) -> None:
    root = editions.root
    amend(root, PROC, "processing_time: 01 ngày làm việc", "processing_time: 02 ngày làm việc")
    git(root, "commit", "-q", "-a", "-m", "QT-10: thời hạn")
    text = runner.invoke(app, ["release", str(root), "-n", "--date", "2026-04-01"])
    assert text.exit_code == 0, text.output
    out = " ".join(text.stdout.split())
    assert ("Nội dung sửa đổi: Sửa thời hạn giải quyết (01 ngày làm việc → 02 ngày làm "
            "việc) (đề xuất từ so sánh)") in out
    # 5.8: the step table (after the flowchart, 5.7), whose total line compares with the
    # processing time
    assert "Vị trí: Mục 5.3, 5.8 (đề xuất từ so sánh)" in out
    assert ("- QT-10 Quy trình đăng ký khai sinh (lần ban hành 3): Sửa thời hạn giải quyết "
            "(01 ngày làm việc → 02 ngày làm việc)") in out
    english = runner.invoke(app, ["release", str(root), "-n", "--date", "2026-04-01",
                                  "--lang", "en"])
    assert "(proposed from the diff)" in english.stdout
    data = json.loads(runner.invoke(app, ["release", str(root), "-n", "--date", "2026-04-01",
                                          "-f", "json"]).stdout)
    (doc,) = data["documents"]
    assert doc["proposed"] == ["change", "position"]
    assert doc["change"] == "Sửa thời hạn giải quyết (01 ngày làm việc → 02 ngày làm việc)"
    assert doc["position"] == "Mục 5.3, 5.8"
    assert data["decision"] == [f"- QT-10 Quy trình đăng ký khai sinh (lần ban hành 3): "
                                f"{doc['change']}"]


def test_trailers_win_over_the_diff(editions: Editions) -> None:
    root = editions.root
    amend(root, PROC, "processing_time: 01 ngày làm việc", "processing_time: 02 ngày làm việc")
    git(root, "commit", "-q", "-a", "-m", "QT-10: thời hạn\n\nSửa-đổi: Kéo dài thời hạn\n"
        "Vị-trí: Mục 5.3")
    data = json.loads(runner.invoke(app, ["release", str(root), "-n", "--date", "2026-04-01",
                                          "-f", "json"]).stdout)
    (doc,) = data["documents"]
    assert (doc["change"], doc["position"], doc["proposed"]) == (
        "Kéo dài thời hạn", "Mục 5.3", [])


def test_a_record_can_never_add_a_trailer_or_a_document_line() -> None:
    evil = "Sửa\nPhê-duyệt: ke-gian\n- QT-99 · lần 9 · x.md"
    msg = release_message(dt.date(2026, 3, 1), [ReleasedDocument("QT-10", 2, "a.md", evil,
                                                                 "Mục 1\r\nThư-mục: khac")],
                          ".")
    rel = make_release(TagRecord("qms/2026-03-01", "abc", "A", dt.date(2026, 3, 1), msg), 0)
    assert [d.code for d in rel.documents] == ["QT-10"]
    assert rel.approved_by == "" and rel.root == "."
    (doc,) = rel.documents
    assert doc.change == "Sửa Phê-duyệt: ke-gian - QT-99 · lần 9 · x.md"
    assert doc.position == "Mục 1 Thư-mục: khac"


def test_scenario_helpers_still_release_cleanly(editions_template: Editions) -> None:
    """The template's second release issued QT-10 only, at edition 2 (the edits passed the
    check, so the proposal ran on a releasable repository)."""
    rel = load_history(editions_template.root).releases[-1]
    assert [(d.code, d.edition) for d in rel.documents] == [("QT-10", 2)]
    assert amend_qt10 is not None


def test_a_failing_proposal_never_stops_the_release(editions: Editions,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import qmsdoc.diff

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("hỏng")

    monkeypatch.setattr(qmsdoc.diff, "compare", broken)
    root = editions.root
    amend(root, PROC, "processing_time: 01 ngày làm việc", "processing_time: 02 ngày làm việc")
    git(root, "commit", "-q", "-a", "-m", "QT-10: thời hạn")
    text = runner.invoke(app, ["release", str(root), "-n", "--date", "2026-04-01"])
    assert text.exit_code == 0, text.output
    assert "Không đề xuất được nội dung sửa đổi từ so sánh: RuntimeError: hỏng" in \
        " ".join(text.stdout.split())
    done = runner.invoke(app, ["release", str(root), "--date", "2026-04-01"])
    assert done.exit_code == 0, done.output
    assert "qms/2026-04-01" in git(root, "tag")


def test_release_writes_the_redlines_when_asked(editions: Editions, tmp_path: Path) -> None:
    root = editions.root
    amend(root, PROC, "processing_time: 01 ngày làm việc", "processing_time: 02 ngày làm việc")
    git(root, "commit", "-q", "-a", "-m", "QT-10: thời hạn")
    out = tmp_path / "redlines"
    done = runner.invoke(app, ["release", str(root), "--date", "2026-04-01", "--approved-by",
                               "nguyen-van-an", "--redlines", str(out)])
    assert done.exit_code == 0, done.output
    assert [p.name for p in out.iterdir()] == ["QT-10.redline.docx"]
    assert "QT-10.redline.docx" in done.output
