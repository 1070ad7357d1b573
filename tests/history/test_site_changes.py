"""The static site's "what changed" pages and latest release come from Git (releases)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qmsdoc.build import BuildOptions, BuildResult
from qmsdoc.commands.build import build as run
from qmsdoc.history import editions
from tests.history.conftest import Scenario


def _build(root: Path) -> BuildResult:
    result = run(root, BuildOptions(jobs=1, formats=("html",), today=dt.date(2026, 11, 22)))
    assert result.ok, result.diagnostics
    return result


def test_changes_page_compares_the_previous_edition_with_the_current_text(
        scenario: Scenario) -> None:
    result = _build(scenario.root)
    out = result.out
    assert out is not None
    page = (out / "QT-10.thay-doi.html").read_text(encoding="utf-8")
    tag1, tag2 = scenario.tags
    assert tag1 in page  # edition 1 (release 1) against the current text
    assert "Sửa đổi" in page  # a section that changed
    # the text added after release 1 is in the "after" column only
    assert "tiếp nhận hồ sơ trực tuyến qua Cổng dịch vụ công" in page
    assert '<a href="QT-10.thay-doi.html">' in (out / "QT-10.html").read_text(encoding="utf-8")
    # a document that did not change since its release has no such page, and no link to one
    assert not (out / "QT-11.thay-doi.html").exists()
    assert "thay-doi" not in (out / "QT-11.html").read_text(encoding="utf-8")
    home = (out / "index.html").read_text(encoding="utf-8")
    assert tag2 in home  # the latest release


def test_unreadable_previous_edition_is_reported_and_the_rest_built(
        scenario: Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    real = editions.previous_edition

    def broken(history: object, git: object, doc: object) -> editions.EditionText | None:
        found = real(history, git, doc)  # type: ignore[arg-type]
        if found is None:
            return None
        return editions.EditionText(found.edition, found.date, found.label, found.path, None,
                                    "fatal: path does not exist")

    monkeypatch.setattr(editions, "previous_edition", broken)
    result = _build(scenario.root)
    notes = [d for d in result.diagnostics if d.code == "QMS840"]
    assert notes and notes[0].span.path.endswith(".md") and "QT-10" in notes[0].message("vi")
    assert "fatal: path does not exist" in notes[0].message("en")
    assert result.out is not None and (result.out / "QT-10.html").is_file()
    assert not (result.out / "QT-10.thay-doi.html").exists()
