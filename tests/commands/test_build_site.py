"""``qmsdoc.commands.build.run`` with the static site: the language reaches the pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from qmsdoc.commands.build import Options, run


def test_run_builds_the_site_with_english_labels(sample_copy: Path) -> None:
    done = run(Options(sample_copy, formats=("html",), lang="en", jobs=1,
                       today=dt.date(2026, 8, 1)))
    assert done.status == 0 and done.build is not None and done.build.ok
    out = done.build.out
    assert out is not None
    page = (out / "thu-tuc-hanh-chinh.html").read_text(encoding="utf-8")
    assert "Filter by field:" in page and "<h1>Administrative procedures</h1>" in page
    assert "tim-kiem.html" in page  # the same file names in every language
    assert "index.html" in done.build.written
