"""Parsing the one git log, trailers, and following renames."""

from __future__ import annotations

import datetime as dt

from qmsdoc.history.log import RECORD, UNIT, RawCommit, follow_renames, parse_log
from qmsdoc.history.trailers import parse_trailers
from tests.history.conftest import Scenario


def _record(sha: str, message: str, changes: list[str], when: str = "1767229200",
            tz: str = "2026-01-01T08:00:00+07:00") -> str:
    fields = "\x00".join(changes)
    return (f"{RECORD}{sha}{UNIT}{when}{UNIT}{tz}{UNIT}Lê Văn Cường{UNIT}c@x{UNIT}{message}"
            f"{UNIT}\x00\n{fields}\x00")


def test_trailers_vietnamese_english_and_unaccented() -> None:
    msg = ("QT-10: sửa bước 2\n\nNội dung dài.\n\nSửa-đổi: Rút ngắn thời gian\n"
           "  thẩm định\nVị trí: Mục 5\nApproved-by: nguyen-van-an\nPhe-duyet: tran-thi-binh\n"
           "Signed-off-by: A <a@x>\n")
    t = parse_trailers(msg)
    assert t["change"] == ("Rút ngắn thời gian thẩm định",)
    assert t["position"] == ("Mục 5",)
    assert t["approved-by"] == ("nguyen-van-an", "tran-thi-binh")
    assert t["signed-off-by"] == ("A <a@x>",)


def test_trailers_need_a_last_paragraph_of_key_value_lines() -> None:
    assert parse_trailers("Sửa-đổi: chỉ có tiêu đề") == {}
    assert parse_trailers("Tiêu đề\n\nSửa-đổi: x\nmột câu văn xuôi\n") == {}
    assert parse_trailers("Tiêu đề\n\nChange: x\n")["change"] == ("x",)


def test_parse_log_fields_dates_and_name_status() -> None:
    text = (_record("a" * 40, "Đổi tên\n\nSửa-đổi: chuyển thư mục\n",
                    ["R087", "cũ/QT-01.md", "mới/QT-01.md", "M", "qms.yaml"])
            + _record("b" * 40, "Trống\n", [], when="1767200000",
                      tz="2026-01-01T00:00:00-05:00"))
    raw = parse_log(text)
    assert [r.commit.subject for r in raw] == ["Đổi tên", "Trống"]
    first = raw[0]
    assert first.commit.author == "Lê Văn Cường"
    assert first.commit.trailer("change") == "chuyển thư mục"
    assert first.commit.date == dt.date(2026, 1, 1)
    assert [(c.status, c.old_path, c.path, c.score) for c in first.changes] == [
        ("R", "cũ/QT-01.md", "mới/QT-01.md", 87), ("M", "", "qms.yaml", 100)]
    # 1767200000 is 2025-12-31 16:53 UTC: 11:53 on 31/12 in the committer's UTC-5
    assert raw[1].commit.date == dt.date(2025, 12, 31)
    assert raw[1].changes == ()


def _raw(*commits: tuple[str, list[str]]) -> list[RawCommit]:
    text = "".join(_record(sha.ljust(40, "0"), f"c {sha}\n", ch) for sha, ch in commits)
    return parse_log(text)


def test_renames_followed_back_to_the_first_name() -> None:
    raw = _raw(("3", ["M", "c.md"]), ("2", ["R100", "b.md", "c.md"]),
               ("1", ["R090", "a.md", "b.md"]), ("0", ["A", "a.md"]))
    log = follow_renames(raw)
    touches = log.touches["c.md"]
    assert [(t.commit.subject, t.status, t.path, t.pure_rename) for t in touches] == [
        ("c 3", "M", "c.md", False), ("c 2", "R", "c.md", True),
        ("c 1", "R", "b.md", False), ("c 0", "A", "a.md", False)]
    assert set(log.touches) == {"c.md"}


def test_deleted_and_recreated_path_is_a_new_file() -> None:
    raw = _raw(("2", ["A", "a.md"]), ("1", ["D", "a.md"]), ("0", ["A", "a.md"]))
    log = follow_renames(raw)
    assert [t.commit.subject for t in log.touches["a.md"]] == ["c 2"]


def test_swapped_names_and_the_root_prefix() -> None:
    raw = _raw(("1", ["R100", "qms/a.md", "qms/b.md", "R100", "qms/b.md", "qms/a.md",
                      "M", "src/x.py"]),
               ("0", ["A", "qms/a.md", "A", "qms/b.md", "A", "src/x.py"]))
    log = follow_renames(raw, "qms", {1: ["a.md"]})
    assert [t.path for t in log.touches["b.md"]] == ["b.md", "a.md"]
    assert [t.path for t in log.touches["a.md"]] == ["a.md", "b.md"]
    assert "src/x.py" not in log.touches and "x.py" not in log.touches
    assert log.resolved[(1, "a.md")] == "b.md"  # what was a.md before commit 1 is b.md now


def test_rename_from_outside_the_root_is_an_addition() -> None:
    raw = _raw(("1", ["R100", "drafts/a.md", "qms/a.md"]), ("0", ["A", "drafts/a.md"]))
    log = follow_renames(raw, "qms")
    assert [(t.status, t.path) for t in log.touches["a.md"]] == [("A", "a.md")]


def test_reading_history_never_rewrites_the_git_index(scenario: Scenario) -> None:
    # A tracked file touched (same bytes, new mtime): `git status` would refresh the index
    # under index.lock, and a git command of the user's at that moment would fail.
    import os

    from qmsdoc.history import load_history

    root = scenario.root
    proc = root / scenario.proc
    st = proc.stat()
    os.utime(proc, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    index = root / ".git" / "index"
    before = index.read_bytes()
    load_history(root)
    assert index.read_bytes() == before
