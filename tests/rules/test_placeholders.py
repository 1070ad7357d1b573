"""QMS108: placeholders left by ``qmsdoc init``/``new`` are warnings that say what to fill in."""

from __future__ import annotations

from qmsdoc_testing import TODAY, MakeRepo

from qmsdoc.commands.check import check_repository
from qmsdoc.diagnostics import Severity
from qmsdoc.rules.placeholders import find_placeholders


def _run(root):  # noqa: ANN001, ANN202
    return [d for d in check_repository(root, select=["QMS108"], today=TODAY).diagnostics
            if d.code == "QMS108"]


def test_minimal_repository_has_no_placeholder(make_repo: MakeRepo) -> None:
    assert _run(make_repo()) == []


def test_placeholders_in_yaml_and_body_are_warnings(make_repo: MakeRepo) -> None:
    root = make_repo({
        "quy-trinh/QT-01.md": lambda t: t.replace(
            "  - action: Ký chứng thực", '  - action: "<<Điền nội dung bước 2>>"').replace(
            "Quy định việc chứng thực", "<<Điền mục đích>> Quy định việc chứng thực"),
        "qms.yaml": lambda t: t.replace("place: Thử Nghiệm",
                                        "place: Thử Nghiệm  # <<không báo trong chú thích>>"),
        "README.md": "# Đọc tôi\n\nCác đoạn <<…>> là nội dung cần điền.\n",
    })
    found = _run(root)
    assert [(d.span.path, d.span.line) for d in found] == [
        ("quy-trinh/QT-01.md", 22), ("quy-trinh/QT-01.md", 37)]
    assert all(d.severity is Severity.WARNING for d in found)
    assert found[0].vi == "Cần điền: nội dung bước 2" and found[0].span.column == 14
    assert "nội dung bước 2" in found[0].en


def test_find_placeholders() -> None:
    assert find_placeholders("a <<Điền x>> b <<y>>\n<<: *merge") == [(1, 3, "Điền x"),
                                                                       (1, 16, "y")]
