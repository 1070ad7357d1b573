"""The build fills revision tables from Git and marks exactly the changed documents DỰ THẢO."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import docx

from qmsdoc.build import BuildOptions, BuildResult
from qmsdoc.commands.build import build as run
from tests.history.conftest import Scenario, git


def _build(root: Path) -> BuildResult:
    result = run(root, BuildOptions(jobs=1, formats=("docx",), today=dt.date(2026, 11, 22)))
    assert result.ok, result.diagnostics
    return result


def _docx_text(path: Path) -> tuple[str, str]:
    """(all table and paragraph text of the body, the first header's XML)."""
    d = docx.Document(str(path))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    body = "\n".join([p.text for p in d.paragraphs] + cells)
    return body, d.sections[0].header._element.xml


def test_revision_table_and_drafts_come_from_git(scenario: Scenario) -> None:
    root = scenario.root
    result = _build(root)
    code = "QT-10"
    body, header = _docx_text(result.out / f"{code}.docx")  # type: ignore[operator]
    # The release and the amendment between the releases, with the Sửa-đổi trailer's wording.
    assert "Bổ sung tiếp nhận hồ sơ trực tuyến" in body
    assert "Ban hành lần 2" in body or "lần 2" in body
    # Changed since the last release (the spelling fix): a draft, and only this document.
    assert "DỰ THẢO" in header
    assert "DỰ THẢO" not in _docx_text(result.out / "QT-11.docx")[1]  # type: ignore[operator]
    manifest = json.loads((result.out / "manifest.json").read_text(encoding="utf-8"))  # type: ignore[operator]
    drafts = {f["code"] for f in manifest["files"] if f["draft"] and f.get("code")}
    assert code in drafts and "QT-11" not in drafts


def test_uncommitted_change_marks_only_that_document(scenario: Scenario) -> None:
    root = scenario.root
    qt11 = next(root.rglob("QT-11-*.md"))
    qt11.write_text(qt11.read_text(encoding="utf-8") + "\nGhi chú mới.\n", encoding="utf-8")
    result = _build(root)
    assert "DỰ THẢO" in _docx_text(result.out / "QT-11.docx")[1]  # type: ignore[operator]
    assert "DỰ THẢO" not in _docx_text(result.out / "QT-12.docx")[1]  # type: ignore[operator]


def test_shallow_clone_and_plain_folder_build(scenario: Scenario, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{scenario.root}",
                    str(shallow)], check=True)
    result = _build(shallow)
    assert any(d.code == "QMS711" for d in result.diagnostics)  # a warning, not a failure
    plain = tmp_path / "plain"
    git(scenario.root, "archive", "--format=tar", "-o", str(tmp_path / "a.tar"), "HEAD")
    plain.mkdir()
    subprocess.run(["tar", "-xf", str(tmp_path / "a.tar"), "-C", str(plain)], check=True)
    result = _build(plain)
    assert any(d.code == "QMS710" for d in result.diagnostics)
    assert (result.out / "QT-10.docx").is_file()  # type: ignore[operator]
