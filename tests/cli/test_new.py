"""``qmsdoc new``: the next code, every required field, valid once the placeholders are filled."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from qmsdoc_testing import MakeRepo
from typer.testing import CliRunner

from qmsdoc.cli import app
from qmsdoc.rules.placeholders import PLACEHOLDER
from qmsdoc.scaffold.new import next_code, slug

runner = CliRunner()
TODAY = "2026-11-22"


def _new(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["new", *args, "--today", TODAY])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


def _check(root: Path) -> list[dict[str, object]]:
    result = runner.invoke(app, ["check", str(root), "--format", "json", "--today", TODAY])
    return json.loads(result.stdout)


def _fill(path: Path) -> None:
    """Replace every placeholder with real text, as the coordinator would."""
    text = path.read_text(encoding="utf-8")
    path.write_text(PLACEHOLDER.sub(lambda m: "Nội dung " + str(abs(hash(m.group(1))) % 97),
                                    text), encoding="utf-8")


def _codes(root: Path, kind: str) -> set[str]:
    return {m.group(1) for p in root.rglob("*.md")
            if (m := re.search(rf"^kind: {kind}\ncode: (\S+)", p.read_text(encoding="utf-8"),
                               re.M))}


def test_new_procedure_in_the_sample(sample_copy: Path) -> None:
    codes = _codes(sample_copy, "procedure")
    highest = max(int(c.split("-")[1]) for c in codes)
    code, out = _new("procedure", str(sample_copy), "--title", "Cấp bản sao trích lục hộ tịch")
    assert code == 0, out
    path = Path(out.strip().splitlines()[0])
    assert path.is_file() and path.is_relative_to(sample_copy)
    text = path.read_text(encoding="utf-8")
    expected = f"QT-{highest + 1:02d}"
    assert f"code: {expected}" in text and path.name.startswith(expected)
    assert "status: draft" in text and f"issued: {TODAY}" in text
    # The folder where most procedures live.
    assert path.parent.name == "quy-trinh-tthc"
    before = [d for d in _check(sample_copy) if d["path"].endswith(path.name)]
    assert {d["severity"] for d in before} <= {"warning", "info"}
    assert any(d["code"] == "QMS108" for d in before)
    _fill(path)
    after = [d for d in _check(sample_copy) if d["path"].endswith(path.name)]
    assert [d for d in after if d["severity"] != "info"] == [], after


def test_new_procedure_for_a_catalogue_tthc_gets_its_code_and_time(make_repo: MakeRepo) -> None:
    root = make_repo({"dang-ky/tthc.yaml": lambda t: t + (
        '  - code: "2.000884"\n    name: Thủ tục chứng thực chữ ký trong giấy tờ, văn bản\n'
        "    legal_time: 01 ngày làm việc\n")})
    code, out = _new("procedure", str(root), "--title", "Chứng thực chữ ký trong giấy tờ, văn bản")
    assert code == 0, out
    path = Path(out.strip().splitlines()[0])
    text = path.read_text(encoding="utf-8")
    assert "code: QT-02" in text and 'tthc: "2.000884"' in text
    assert "processing_time: 01 ngày làm việc" in text
    _fill(path)
    rel = path.relative_to(root).as_posix()
    errors = [d for d in _check(root) if d["severity"] == "error" and d["path"] == rel]
    assert errors == []


@pytest.mark.parametrize("kind", ["procedure", "form", "instruction", "decision", "objectives",
                                  "policy", "manual"])
def test_every_kind_is_valid_once_filled(make_repo: MakeRepo, kind: str) -> None:
    root = make_repo(None if kind != "policy" else {"chinh-sach.md": None})
    if kind == "objectives":
        (root / "muc-tieu.yaml").unlink()
    code, out = _new(kind, str(root), "--title", "Tài liệu mới thử nghiệm")
    assert code == 0, out
    path = Path(out.strip().splitlines()[0])
    new = [d for d in _check(root) if d["path"] == path.relative_to(root).as_posix()]
    assert [d for d in new if d["severity"] == "error"] == []
    _fill(path)
    new = [d for d in _check(root) if d["path"] == path.relative_to(root).as_posix()]
    assert [d for d in new if d["severity"] == "error"] == [], new


def test_explicit_code_and_target_folder(make_repo: MakeRepo) -> None:
    root = make_repo()
    code, out = _new("form", str(root / "bieu-mau" / "moi"), "--title", "Phiếu khảo sát",
                     "--code", "BM-07")
    assert code == 0, out
    assert Path(out.strip()).relative_to(root).as_posix() == "bieu-mau/moi/BM-07-phieu-khao-sat.md"
    code, out = _new("form", str(root), "--title", "Phiếu khác", "--code", "BM-07")
    assert code == 2  # already used
    code, out = _new("form", str(root), "--title", "Phiếu khác", "--code", "X-1")
    assert code == 2  # not the numbering pattern


def test_usage_errors(tmp_path: Path, make_repo: MakeRepo) -> None:
    assert _new("thu-tuc", str(make_repo()), "--title", "X")[0] == 2
    assert _new("procedure", str(tmp_path / "empty"), "--title", "X")[0] == 2


def test_next_code() -> None:
    assert next_code("QT-{n:02}", ["QT-01", "QT-17", "HD-40"], 2026) == "QT-18"
    assert next_code("BM-{n:02}|BM-{p}-{n:02}", ["BM-06", "BM-10-01"], 2026) == "BM-07"
    assert next_code("QĐ-{n:02}", [], 2026) == "QĐ-01"
    assert next_code("MTCL-{year}", ["MTCL-2025"], 2026) == "MTCL-2026"
    assert next_code("CSCL", ["CSCL"], 2026) is None
    assert next_code("BM-{p}-{n:02}", [], 2026) is None
    assert next_code("QT.{n}/VP", ["QT.9/VP"], 2026) == "QT.10/VP"
    assert slug("Quyết định công bố HTQLCL") == "quyet-dinh-cong-bo-htqlcl"
