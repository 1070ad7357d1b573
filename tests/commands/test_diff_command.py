"""``qmsdoc.commands.diff.run`` called directly: the comparison, the redlines written, errors."""

from __future__ import annotations

from pathlib import Path

from qmsdoc.commands import diff
from tests.diff.conftest import (  # noqa: F401  (fixtures used by name)
    Editions,
    _isolated_git,
    editions,
    editions_template,
)


def test_run_compares_and_writes_redlines(editions: Editions,  # noqa: F811
                                          tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = diff.run(diff.Options(editions.root, *editions.tags, docx=out))
    assert result.status == 0 and result.error is None
    assert result.comparison is not None
    assert [d.code for d in result.comparison.documents] == ["QT-10"]
    assert result.written == [out / "QT-10.redline.docx"]
    assert result.json()["redlines"] == [str(out / "QT-10.redline.docx")]


def test_run_splits_revisions_from_codes(editions: Editions) -> None:  # noqa: F811
    result = diff.run(diff.Options(editions.root, arguments=(*editions.tags, "QT-10")))
    assert result.status == 0 and result.comparison is not None
    assert result.comparison.old.label == editions.tags[0]
    assert result.comparison.new.label == editions.tags[1]
    # FROM cannot be the working tree
    refused = diff.run(diff.Options(editions.root, arguments=("-",)))
    assert refused.status == 1 and refused.error is not None
