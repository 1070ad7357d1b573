"""``qmsdoc due``: the maintenance calendar and its exit code."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from qmsdoc_testing import MakeRepo
from typer.testing import CliRunner

from qmsdoc.cli import app
from qmsdoc.due import due_items, horizon
from qmsdoc.load import load_repository

runner = CliRunner()
ACTIONS = "ho-so/hanh-dong-khac-phuc-2026.yaml"


def _due(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["due", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


def _make_action_overdue(root: Path) -> str:
    path = root / ACTIONS
    text = path.read_text(encoding="utf-8")
    assert "due: 2026-12-31\n    status: open" in text
    path.write_text(text.replace("due: 2026-12-31\n    status: open",
                                 "due: 2026-10-01\n    status: open"), encoding="utf-8")
    return "KP-2026-03"


def test_overdue_corrective_action_fails_and_is_named(sample_copy: Path) -> None:
    code, _ = _due(sample_copy, "--today", "2026-11-22")
    assert code == 0
    action = _make_action_overdue(sample_copy)
    code, out = _due(sample_copy, "--today", "2026-11-22", "--format", "json")
    assert code == 1
    items = json.loads(out)
    overdue = [i for i in items if i["status"] == "overdue"]
    assert [i["ref"] for i in overdue] == [action]
    assert overdue[0]["kind"] == "corrective-action" and overdue[0]["days"] == -52
    assert overdue[0]["path"] == ACTIONS and overdue[0]["line"] > 0
    code, out = _due(sample_copy, "--today", "2026-11-22")
    assert code == 1 and action in out


def test_items_are_sorted_and_limited_to_the_window(make_repo: MakeRepo) -> None:
    root = make_repo({"dang-ky/van-ban.yaml": lambda t: t.replace(
        "    status: in_force\n", "    status: amended\n    amended_by: [07/2025/NĐ-CP]\n", 1)
        + "  - id: 07/2025/NĐ-CP\n    title: Sửa đổi\n    issued: 2026-09-01\n"
          "    effective: 2026-10-01\n"})
    repo = load_repository(root).repo
    today = dt.date(2026, 11, 22)
    items = due_items(repo, today, horizon(today, "3m"))
    assert [i.due for i in items] == sorted(i.due for i in items)
    legal = [i for i in items if i.kind == "legal-change"]
    assert len(legal) == 1 and legal[0].due == dt.date(2027, 1, 1)
    assert "QT-01" in legal[0].vi and "07/2025/NĐ-CP" in legal[0].vi
    assert not legal[0].overdue
    action = [i for i in items if i.kind == "corrective-action"]
    assert action and action[0].ref == "KP-01" and action[0].days == 39
    audit = [i for i in items if i.kind == "internal-audit"]
    assert audit and audit[0].due == dt.date(2027, 1, 15)  # 12 months after the first issue
    assert all(i.due <= dt.date(2027, 2, 22) for i in items)
    later = due_items(repo, dt.date(2027, 2, 1), dt.date(2027, 2, 1))
    assert any(i.kind == "legal-change" and i.overdue for i in later)


def test_released_documents_come_up_for_review(make_repo: MakeRepo) -> None:
    repo = load_repository(make_repo()).repo
    items = due_items(repo, dt.date(2027, 1, 20), dt.date(2027, 1, 20))
    reviews = {i.ref for i in items if i.kind == "review" and i.overdue}
    assert {"QT-01", "BM-01", "CSCL", "MTCL-2026"} <= reviews


@pytest.mark.parametrize(("text", "days"), [("30d", 30), ("30", 30), ("2w", 14), ("1m", 31),
                                            ("1y", 365)])
def test_horizon(text: str, days: int) -> None:
    assert (horizon(dt.date(2026, 1, 1), text) - dt.date(2026, 1, 1)).days == days


def test_usage_errors(make_repo: MakeRepo, tmp_path: Path) -> None:
    assert _due(make_repo(), "--within", "sớm")[0] == 2
    assert _due(tmp_path)[0] == 2
    result = runner.invoke(app, ["due", str(make_repo()), "--today", "2026-01-16", "--lang", "en"])
    assert result.exit_code == 0 and "Nothing is due" in result.output
