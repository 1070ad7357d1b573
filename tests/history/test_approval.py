"""Approval is recorded only when given (issue 13, finding 9); terminal output never carries
escape sequences from Git or the repository (finding 10)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from qmsdoc.build.pipeline import BuildOptions
from qmsdoc.cli import app
from qmsdoc.commands.build import _with_history
from qmsdoc.commands.check import check_repository
from qmsdoc.history import load_history
from qmsdoc.load import load_repository
from qmsdoc.model.documents import Document
from tests.history.conftest import Scenario, append_body, git

runner = CliRunner()
DATE = "2026-04-01"


def _doc(root: Path, rel: str) -> Document:
    return next(d for d in load_repository(root).repo.documents if d.path == rel)


def _release(root: Path, *args: str) -> None:
    result = runner.invoke(app, ["release", str(root), "--date", DATE, *args])
    assert result.exit_code == 0, result.output


def _rows(root: Path, code: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["history", str(root), code, "--format", "json", "--no-cache"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)[0]["revisions"]  # type: ignore[no-any-return]


def test_a_release_without_approver_is_recorded_and_shown_as_not_approved(
        scenario: Scenario) -> None:
    _release(scenario.root)
    message = git(scenario.root, "tag", "-l", "--format=%(contents)", f"qms/{DATE}")
    assert "Phê-duyệt" not in message and "Tình-trạng-phê-duyệt: chưa phê duyệt" in message
    code = _doc(scenario.root, scenario.proc).code or ""
    last = _rows(scenario.root, code)[-1]
    assert (last["edition"], last["is_release"]) == (3, True)
    assert (last["approved_by"], last["approved"], last["note"]) == ("", False, "Chưa phê duyệt")
    assert _rows(scenario.root, code)[0]["approved_by"] == "Nguyễn Văn An"  # given: kept
    text = runner.invoke(app, ["history", str(scenario.root), code, "--no-cache"]).stdout
    assert "chưa phê duyệt" in text
    en = runner.invoke(app, ["history", str(scenario.root), code, "--no-cache", "--lang", "en"])
    assert "not yet approved" in en.stdout
    doc = _doc(scenario.root, scenario.proc)
    entry = load_history(scenario.root).revisions(doc)[-1]
    assert (entry.approved, entry.approved_by, entry.note) == (False, "", "Chưa phê duyệt")


def test_a_message_can_never_add_a_trailer_or_a_document(scenario: Scenario) -> None:
    note = ("Ghi chú\n- HD-99 · lần 9 · gia-mao.md\n\nPhê-duyệt: nguyen-van-an\n"
            "Ngày-ban-hành: 2020-01-01\n\n- QT-77 · lần 5 · x.md")
    _release(scenario.root, "-m", note)
    rel = load_history(scenario.root).releases[-1]
    assert rel.approved_by == "" and rel.date == dt.date(2026, 4, 1)
    assert {d.code for d in rel.documents} == {_doc(scenario.root, scenario.proc).code}
    assert "> Phê-duyệt: nguyen-van-an" in rel.message  # kept for the reader, quoted


def test_approved_by_must_name_a_person_of_qms_yaml(scenario: Scenario) -> None:
    for who in ("ai-do", " ", "nguyen-van-an\nPhê-duyệt: x"):
        result = runner.invoke(app, ["release", str(scenario.root), "--approved-by", who,
                                     "--lang", "en"])
        assert result.exit_code == 1 and "is not among the people of qms.yaml" in result.stderr
        assert "Traceback" not in result.output
    assert f"qms/{DATE}" not in git(scenario.root, "tag")


def test_require_approval_keeps_an_unapproved_release_a_draft_until_approved(
        scenario: Scenario) -> None:
    qms = scenario.root / "qms.yaml"
    qms.write_text(qms.read_text(encoding="utf-8") + "release:\n  require_approval: true\n",
                   encoding="utf-8")
    git(scenario.root, "commit", "-q", "-a", "-m", "Bắt buộc phê duyệt",
        date="2026-03-20T08:00:00+07:00")
    _release(scenario.root)
    doc = _doc(scenario.root, scenario.proc)
    assert load_history(scenario.root).state(doc, require_approval=True).draft
    assert not load_history(scenario.root).state(doc).draft  # the option is off by default
    found = [d for d in check_repository(scenario.root).diagnostics if d.code == "QMS714"]
    assert doc.path in {d.span.path for d in found}
    repo = load_repository(scenario.root).repo
    options = _with_history(scenario.root, repo, BuildOptions(), [])
    assert options.states is not None
    state = options.states(doc)
    assert state is not None and state.draft  # build marks it DỰ THẢO
    # Approving later: a release with --approved-by, no edition raised.
    result = runner.invoke(app, ["release", str(scenario.root), "--date", "2026-04-02",
                                 "--approved-by", "nguyen-van-an"])
    assert result.exit_code == 0, result.output
    doc = _doc(scenario.root, scenario.proc)
    assert doc.edition == 3
    assert not load_history(scenario.root).state(doc, require_approval=True).draft
    assert not [d for d in check_repository(scenario.root).diagnostics if d.code == "QMS714"]
    last = _rows(scenario.root, doc.code or "")[-1]
    assert (last["edition"], last["approved"], last["approved_by"]) == (3, True, "Nguyễn Văn An")


def test_history_and_release_print_no_escape_sequences(scenario: Scenario) -> None:
    evil = "Sửa \x1b[2J\x1b[31mđỏ\x1b]8;;http://x.example\x07liên kết\x1b]8;;\x07\r\x07xong"
    append_body(scenario.root, scenario.proc, "Thêm một dòng.")
    git(scenario.root, "commit", "-q", "-a", "-m", evil, date="2026-03-20T08:00:00+07:00",
        author="Tác \x1b[5mgiả")
    code = _doc(scenario.root, scenario.proc).code or ""
    for args in (["history", str(scenario.root), code, "--no-cache"],
                 ["release", str(scenario.root), "-n", "-m", evil]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        for ch in ("\x1b", "\x07", "\r"):
            assert ch not in result.output
    out = runner.invoke(app, ["history", str(scenario.root), code, "--no-cache"]).stdout
    assert "đỏ" in out and "xong" in out
