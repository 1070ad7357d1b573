"""The clause coverage matrix written by the build (ma-tran-dap-ung.*)."""

from __future__ import annotations

import re
from pathlib import Path

import docx

from qmsdoc.build import MANIFEST
from qmsdoc.build.cache import CACHE_FILE
from qmsdoc.coverage import compute_coverage
from qmsdoc.load import load_repository
from tests.build.test_build import OUT, build, changed, mtimes, set_formats

MATRIX = "ma-tran-dap-ung.docx"
QT11 = Path("quy-trinh-tthc") / "QT-11-dang-ky-ket-hon.md"


def rows(path: Path) -> list[list[str]]:
    table = docx.Document(str(path)).tables[-1]
    # Codes are printed with non-breaking hyphens (U+2011, so they never break): read as "-".
    return [[c.text.replace("\u2011", "-") for c in table.rows[i].cells]
            for i in range(len(table.rows))]


def test_the_matrix_has_a_row_per_clause(sample_copy: Path) -> None:
    root = set_formats(sample_copy)
    result = build(root)
    assert result.ok and MATRIX in result.written
    matrix = rows(root / OUT / MATRIX)
    assert matrix[0] == ["Điều khoản", "Tên điều khoản", "Tình trạng", "Tài liệu đáp ứng",
                         "Ghi chú"]
    coverage = compute_coverage(load_repository(root).repo)
    assert len(coverage.clauses) == 91
    assert [r[0] for r in matrix[1:]] == [c.number for c in coverage.clauses]
    by_number = {r[0]: r for r in matrix[1:]}
    justification = " ".join(re.search(
        r'- clause: "8\.3"\n\s+justification: >-\n((?:\s{8}.*\n)+)',
        (root / "qms.yaml").read_text(encoding="utf-8")).group(1).split())  # type: ignore[union-attr]
    assert by_number["8.3"][2] == "Không áp dụng"
    assert by_number["8.3"][4] == justification
    assert {r[2] for r in matrix[1:]} <= {"Đáp ứng", "Đáp ứng một phần", "Chưa đáp ứng",
                                         "Không áp dụng"}
    assert "QT-11" in by_number["8.2"][3]
    assert "qms.yaml" not in by_number["4.3"][3]  # the matrix cites documents only
    header = docx.Document(str(root / OUT / MATRIX)).sections[0].header._element.xml
    assert "MA TRẬN ĐÁP ỨNG" in header


def test_rebuilt_only_when_the_claims_change(sample_copy: Path) -> None:
    root = set_formats(sample_copy)
    build(root)
    out = root / OUT
    path = root / QT11
    # A change to the body only: the matrix stays as it is.
    path.write_text(path.read_text(encoding="utf-8") + "\nThêm một đoạn.\n", encoding="utf-8")
    before = mtimes(out)
    result = build(root)
    assert sorted(result.written) == ["QT-11.docx", "bo-tai-lieu-htqlcl.docx"]
    assert MATRIX not in changed(before, mtimes(out))
    # Changing its clauses rebuilds it (and QT-11 no longer covers 8.2).
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('clauses: ["8.1", "8.2", ', 'clauses: ["8.1", '),
                    encoding="utf-8")
    before = mtimes(out)
    result = build(root)
    assert MATRIX in result.written
    assert changed(before, mtimes(out)) >= {MATRIX, MANIFEST, CACHE_FILE}
    by_number = {r[0]: r for r in rows(out / MATRIX)[1:]}
    assert "QT-11" not in by_number["8.2"][3] and "QT-11" in by_number["8.1"][3]


def test_written_for_every_format(sample_copy: Path) -> None:
    root = set_formats(sample_copy, "docx, pdf")
    result = build(root, pdf_engine="typst")
    assert result.ok
    assert {"ma-tran-dap-ung.docx", "ma-tran-dap-ung.pdf"} <= set(result.written)
