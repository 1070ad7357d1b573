"""``qmsdoc release``: dry run, editing front matter in place, commit and tag, refusals."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qmsdoc.cli import app
from qmsdoc.history import load_history
from qmsdoc.history.frontmatter import FrontMatterError, edit_front_matter, edit_yaml
from qmsdoc.load import load_repository
from qmsdoc.load.files import split_front_matter
from tests.history.conftest import Scenario, amend, append_body, git, procedure_path, release

runner = CliRunner()
HD = "huong-dan/HD-90-so-hoa-ho-so.md"


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".git" not in p.parts}


def _changed_two(s: Scenario) -> None:
    """After the scenario (c3 pending), also change HD-90: with a new comment in its YAML."""
    amend(s.root, HD, "owner: van-phong", "owner: van-phong   # bộ phận chủ trì")
    append_body(s.root, HD, "Bổ sung: lưu bản quét định dạng PDF/A.")
    git(s.root, "commit", "-q", "-a", "-m", "HD-90: PDF/A", date="2026-03-20T08:00:00+07:00")


def test_dry_run_lists_exactly_the_changed_documents_and_changes_nothing(
        scenario: Scenario) -> None:
    _changed_two(scenario)
    (scenario.root / "_build").mkdir()
    (scenario.root / "_build" / "QT-10.docx").write_bytes(b"output, not a source")
    before = _snapshot(scenario.root)
    head = git(scenario.root, "rev-parse", "HEAD")
    tags = git(scenario.root, "tag")
    result = runner.invoke(app, ["release", str(scenario.root), "--dry-run", "--date",
                                 "2026-04-01", "--format", "json"])
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert sorted(d["path"] for d in plan["documents"]) == sorted([scenario.proc, HD])
    assert plan["tag"] == "qms/2026-04-01" and plan["previous"] == scenario.tags[1]
    by_path = {d["path"]: d for d in plan["documents"]}
    assert (by_path[scenario.proc]["old_edition"], by_path[scenario.proc]["new_edition"]) == (2, 3)
    assert (by_path[HD]["old_edition"], by_path[HD]["new_edition"]) == (1, 2)
    text = runner.invoke(app, ["release", str(scenario.root), "-n", "--date", "2026-04-01"])
    assert text.exit_code == 0 and "chạy thử" in text.stdout and "HD-90" in text.stdout
    assert _snapshot(scenario.root) == before
    assert git(scenario.root, "rev-parse", "HEAD") == head
    assert git(scenario.root, "tag") == tags
    assert git(scenario.root, "status", "--porcelain") == "?? _build/\n"


def test_release_bumps_keeps_comments_and_body_commits_and_tags(scenario: Scenario) -> None:
    _changed_two(scenario)
    before = _snapshot(scenario.root)
    result = runner.invoke(app, ["release", str(scenario.root), "--date", "2026-04-01",
                                 "--approved-by", "Nguyễn Văn An", "-m", "Đợt cập nhật quý II"])
    assert result.exit_code == 0, result.output
    after = _snapshot(scenario.root)
    assert {p for p in after if after[p] != before[p]} == {scenario.proc, HD}
    for rel in (scenario.proc, HD):
        old, new = before[rel].decode(), after[rel].decode()
        old_split, new_split = split_front_matter(old), split_front_matter(new)
        assert old_split and new_split
        assert new_split[1] == old_split[1]  # the body, byte for byte
        changed = [(a, b) for a, b in zip(old.splitlines(), new.splitlines(), strict=True)
                   if a != b]
        assert {a.split(":")[0] for a, _ in changed} <= {"edition", "issued", "effective"}
    hd = after[HD].decode()
    for comment in ("# Hướng dẫn do các bài kiểm thử", "# tên ngắn", "# lần ban hành",
                    "# bộ phận chủ trì"):
        assert comment in hd
    assert "edition: 2   # lần ban hành" in hd and "issued: 2026-04-01" in hd
    assert "effective: 2026-04-01" in hd
    doc = {d.path: d for d in load_repository(scenario.root).repo.documents}
    assert (doc[scenario.proc].edition, doc[scenario.proc].issued) == (3, dt.date(2026, 4, 1))
    log = git(scenario.root, "log", "-1", "--format=%B")
    assert "Phê-duyệt: nguyen-van-an" in log and "Đợt cập nhật quý II" in log
    assert f"· lần 2 · {HD}" in log
    assert git(scenario.root, "status", "--porcelain") == ""
    tag = git(scenario.root, "cat-file", "-t", "qms/2026-04-01").strip()
    assert tag == "tag"  # annotated
    history = load_history(scenario.root)
    assert history.releases[-1].tag == "qms/2026-04-01"
    assert not any(history.state(d).draft for d in doc.values())
    rows = history.revisions(doc[scenario.proc])
    assert [(r.edition, r.amendment) for r in rows] == [(1, None), (1, 1), (2, None), (2, 1),
                                                        (3, None)]


def test_edition_raised_by_hand_is_not_raised_again(scenario: Scenario) -> None:
    amend(scenario.root, HD, "edition: 1", "edition: 2")
    git(scenario.root, "commit", "-q", "-a", "-m", "HD-90 lần 2", date="2026-03-20T08:00:00+07:00")
    release(scenario.root, "2026-04-01")
    doc = {d.path: d for d in load_repository(scenario.root).repo.documents}
    assert doc[HD].edition == 2 and doc[scenario.proc].edition == 3


def test_new_document_is_issued_at_its_edition(scenario: Scenario) -> None:
    new = scenario.root / "huong-dan" / "HD-91-moi.md"
    new.write_text((scenario.root / HD).read_text(encoding="utf-8").replace("HD-90", "HD-91")
                   .replace("edition: 1", "edition: 1"), encoding="utf-8")
    git(scenario.root, "add", "-A")
    git(scenario.root, "commit", "-q", "-m", "HD-91 mới", date="2026-03-20T08:00:00+07:00")
    release(scenario.root, "2026-04-01")
    doc = {d.path: d for d in load_repository(scenario.root).repo.documents}
    new_doc = doc["huong-dan/HD-91-moi.md"]
    assert (new_doc.edition, new_doc.issued) == (1, dt.date(2026, 4, 1))
    assert doc[HD].issued == dt.date(2026, 1, 15)  # untouched


def test_nothing_to_release(scenario: Scenario) -> None:
    release(scenario.root, "2026-04-01")
    result = runner.invoke(app, ["release", str(scenario.root), "--date", "2026-04-02"])
    assert result.exit_code == 0 and "Không có tài liệu nào thay đổi" in result.stdout
    assert "qms/2026-04-02" not in git(scenario.root, "tag")


def test_refuses_a_dirty_working_tree(scenario: Scenario) -> None:
    append_body(scenario.root, HD, "chưa commit")
    result = runner.invoke(app, ["release", str(scenario.root)])
    assert result.exit_code == 1
    assert "chưa commit" in result.stderr and HD in result.stderr
    en = runner.invoke(app, ["release", str(scenario.root), "--lang", "en"])
    assert "uncommitted" in en.stderr


def test_refuses_when_check_reports_errors(scenario: Scenario) -> None:
    amend(scenario.root, HD, "code: HD-90", f"code: {load_doc_code(scenario)}")
    git(scenario.root, "commit", "-q", "-a", "-m", "Trùng mã")
    result = runner.invoke(app, ["release", str(scenario.root), "--dry-run"])
    assert result.exit_code == 1
    assert "qmsdoc check" in result.stderr and "lỗi" in result.stderr


def load_doc_code(s: Scenario) -> str:
    return next(d.code for d in load_repository(s.root).repo.documents
                if d.path == s.proc) or ""


def test_refuses_an_unknown_approver(scenario: Scenario) -> None:
    result = runner.invoke(app, ["release", str(scenario.root), "--approved-by", "ai-do"])
    assert result.exit_code == 1 and "ai-do" in result.stderr


def test_first_release_is_a_baseline_that_edits_nothing(imported: Path) -> None:
    before = _snapshot(imported)
    head = git(imported, "rev-parse", "HEAD").strip()
    tag = release(imported, "2026-02-01")
    assert _snapshot(imported) == before
    assert git(imported, "rev-parse", f"{tag}^{{commit}}").strip() == head
    repo = load_repository(imported).repo
    history = load_history(imported)
    released = {d.path for d in repo.documents if d.status == "released"}
    assert {d.path for d in repo.documents if not history.state(d).draft} >= released
    proc_path = procedure_path(imported)
    proc = next(d for d in repo.documents if d.path == proc_path)
    [row] = history.revisions(proc)
    assert (row.edition, row.date, row.is_release) == (proc.edition, dt.date(2026, 2, 1), True)


# -- front matter editing ------------------------------------------------------------------------


def test_edit_keeps_bom_crlf_comments_and_body() -> None:
    data = ("\ufeff---\r\n# đầu\r\nkind: form\r\nedition: 1 # lần\r\nissued: 2026-01-15\r\n"
            "---\r\nThân bài\r\n\r\n---\r\nkhông phải front matter\r\n").encode()
    out = edit_front_matter(data, {"edition": 2, "issued": dt.date(2026, 4, 1)})
    assert out == data.replace(b"edition: 1", b"edition: 2").replace(b"2026-01-15", b"2026-04-01")


def test_edit_falls_back_to_in_place_when_the_dump_would_reformat() -> None:
    text = ("kind: procedure\nedition:    1   # lần\nissued: '2026-01-15'\nlist: [a,   b]\n"
            "steps:\n-   action: x\n    responsible: y\nnested:\n      deep: 1\n")
    out = edit_yaml(text, {"edition": 3, "issued": dt.date(2026, 4, 1)})
    assert out == text.replace("1   # lần", "3   # lần").replace("'2026-01-15'", "'2026-04-01'")


def test_same_date_in_two_keys_is_not_an_alias() -> None:
    day = dt.date(2026, 4, 1)
    out = edit_yaml("issued: 2026-01-01\neffective: 2026-01-01\n", {"issued": day,
                                                                   "effective": day})
    assert out == "issued: 2026-04-01\neffective: 2026-04-01\n"


@pytest.mark.parametrize("data", [b"no front matter\n", b"---\nkind: form\n---\n",
                                  b"\xff\xfe---\n"])
def test_edit_refuses_what_it_cannot_do_safely(data: bytes) -> None:
    with pytest.raises(FrontMatterError):
        edit_front_matter(data, {"edition": 2})
