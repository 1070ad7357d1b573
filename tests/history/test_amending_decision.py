"""An amending decision (``purpose: sua-doi``, empty body) lists the documents its release amends
(issue #17, item 3): the same lines as ``qmsdoc release --dry-run``, before and after the release,
in the DOCX and in the PDF; its build key follows the list; no list gives a warning, not an
empty "gồm:"."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from qmsdoc_testing import isolated_git
from typer.testing import CliRunner

from qmsdoc.build import BuildOptions, BuildResult
from qmsdoc.cli import app
from qmsdoc.commands.build import build
from qmsdoc.model.revision import AmendedDocument
from qmsdoc.render.compose.decision import md_escape
from tests.history.conftest import amend, copy_sample, git, init_repo, release

runner = CliRunner()

QT10 = "quy-trinh-tthc/QT-10-dang-ky-khai-sinh.md"
QT11 = "quy-trinh-tthc/QT-11-dang-ky-ket-hon.md"
DECISION = "quyet-dinh/QD-05-sua-doi-tai-lieu.md"
CODE = "QĐ-05"

NEW_STEP = """\
  - action: Kiểm tra lại thông tin trước khi trình ký
    responsible: cong-chuc-tu-phap
    duration: 1 giờ
    output: Hồ sơ đã kiểm tra
"""

DECISION_TEXT = """\
---
kind: decision
code: QĐ-05
title: >-
  Về việc sửa đổi, bổ sung tài liệu Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia
  TCVN ISO 9001:2015
edition: 1
issued: 2026-03-01
effective: 2026-03-01
status: released
owner: van-phong
prepared_by: dang-van-khoa
reviewed_by: le-van-cuong
approved_by: nguyen-van-an
clauses: ["7.5.2"]
purpose: sua-doi
number: 21/QĐ-UBND
signer: nguyen-van-an
recipients:
  - Như Điều 3
  - "Lưu: VT, VP"
{extra}---
"""

TRAILER_CHANGE = "Bổ sung bước 3 “Kiểm tra lại thông tin trước khi trình ký”"


def write_decision(root: Path, extra: str = "") -> None:
    (root / DECISION).write_text(DECISION_TEXT.format(extra=extra), encoding="utf-8")


@dataclass
class Amending:
    """Release 1 (baseline) → QT-10 gains a step (Sửa-đổi: trailer), QT-11's Phạm vi is
    reworded (no trailer), the amending decision QĐ-05 is added; release 2 not made yet."""

    root: Path
    tag1: str


def build_amending(root: Path) -> Amending:
    copy_sample(root)
    init_repo(root)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Nhập bộ tài liệu HTQLCL", date="2026-01-20T09:00:00+07:00")
    tag1 = release(root, "2026-02-01")
    amend(root, QT10, "  - action: Xem xét, ký Giấy khai sinh\n",
          NEW_STEP + "  - action: Xem xét, ký Giấy khai sinh\n")
    amend(root, QT10, "    responsible: cong-chuc-tu-phap\n    duration: 3 giờ\n",
          "    responsible: cong-chuc-tu-phap\n    duration: 2 giờ\n")  # within the legal time
    git(root, "commit", "-q", "-a", "-m", "QT-10: bước kiểm tra trước khi trình ký\n\n"
        f"Sửa-đổi: {TRAILER_CHANGE}\nVị-trí: Mục 5.7", date="2026-02-10T10:00:00+07:00")
    amend(root, QT11, "cư trú tại xã Hòa Phong. Không áp dụng",
          "cư trú tại xã Hòa Phong, kể cả khi đăng ký trực tuyến. Không áp dụng")
    git(root, "commit", "-q", "-a", "-m", "QT-11: phạm vi", date="2026-02-12T10:00:00+07:00")
    write_decision(root)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Dự thảo quyết định sửa đổi", date="2026-02-20T10:00:00+07:00")
    return Amending(root, tag1)


@pytest.fixture(scope="module")
def amending_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Amending]:
    base = tmp_path_factory.mktemp("amending")
    with isolated_git(base):
        yield build_amending(base / "qms")


@pytest.fixture
def amending(amending_template: Amending, tmp_path: Path) -> Amending:
    root = tmp_path / "qms"
    shutil.copytree(amending_template.root, root, symlinks=True)
    return Amending(root, amending_template.tag1)


def dry_run_lines(root: Path, date: str = "2026-03-01") -> list[str]:
    done = runner.invoke(app, ["release", str(root), "-n", "--date", date, "-f", "json"])
    assert done.exit_code == 0, done.output
    return [line.removeprefix("- ") for line in json.loads(done.stdout)["decision"]]


def build_decision(root: Path, *formats: str) -> BuildResult:
    result = build(root, BuildOptions(only=(CODE,), formats=formats or ("docx",), jobs=1))
    assert result.ok, [d.en for d in result.diagnostics]
    return result


def article_one(paragraphs: list[str]) -> list[str]:
    """The items of Article 1: the paragraphs between "Điều 1." and "Điều 2."."""
    start = next(i for i, p in enumerate(paragraphs) if p.startswith("Điều 1."))
    end = next(i for i, p in enumerate(paragraphs) if p.startswith("Điều 2."))
    return paragraphs[start + 1:end]


def docx_paragraphs(path: Path) -> list[str]:
    return [p.text.strip() for p in docx.Document(str(path)).paragraphs if p.text.strip()]


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    return " ".join(out.split())


def items(lines: list[str]) -> list[str]:
    return [line + (";" if i < len(lines) - 1 else ".") for i, line in enumerate(lines)]


def codes(result: BuildResult) -> list[str]:
    return sorted(d.code for d in result.diagnostics if d.code.startswith("QMS72"))


# -- end to end -------------------------------------------------------------------------------


def test_the_decision_lists_what_the_dry_run_lists_before_and_after_the_release(
        amending: Amending) -> None:
    root = amending.root
    lines = dry_run_lines(root)
    # exactly the two amended procedures, with their new editions and summaries
    assert [line.split(" ", 1)[0] for line in lines] == ["QT-10", "QT-11"]
    assert lines[0] == f"QT-10 Quy trình đăng ký khai sinh (lần ban hành 2): {TRAILER_CHANGE}"
    assert lines[1].startswith("QT-11 Quy trình đăng ký kết hôn (lần ban hành 2): ")
    assert "mục “Phạm vi”" in lines[1]  # proposed from the diff: the commit had no trailer

    result = build_decision(root, "docx", "pdf")
    assert codes(result) == []
    paragraphs = docx_paragraphs(result.out / f"{CODE}.docx")
    assert any(p.startswith("Điều 1. Sửa đổi, bổ sung các tài liệu") and p.endswith("gồm:")
               for p in paragraphs)
    assert article_one(paragraphs) == items(lines)
    text = pdf_text(result.out / f"{CODE}.pdf")
    for line in items(lines):
        assert line in text
    assert "Căn cứ Quyết định số 15/QĐ-UBND ngày 15 tháng 01 năm 2026" in text
    _imports_as_amending(result.out / f"{CODE}.docx", root.parent / "imported")

    # the release is made: the decision now belongs to it and lists the same lines
    tag2 = release(root, "2026-03-01")
    after = build_decision(root, "docx", "pdf")
    assert f"{CODE}.docx" in after.written
    assert codes(after) == []
    assert article_one(docx_paragraphs(after.out / f"{CODE}.docx")) == items(lines)
    text = pdf_text(after.out / f"{CODE}.pdf")
    for line in items(lines):
        assert line in text
    # a later change does not move the decision onto the next release
    amend(root, QT10, "tại xã Hòa Phong. Không áp dụng", "tại xã Hòa Phong, kể cả trẻ em bị bỏ "
          "rơi. Không áp dụng")
    git(root, "commit", "-q", "-a", "-m", "QT-10: phạm vi", date="2026-03-10T10:00:00+07:00")
    later = build_decision(root)
    assert article_one(docx_paragraphs(later.out / f"{CODE}.docx")) == items(lines)
    assert f"{CODE}.docx" in later.skipped  # same list, same key
    # release: names the release explicitly; the next one is planned for another decision
    assert tag2 == "qms/2026-03-01"


def test_the_decision_is_rebuilt_when_its_list_changes(amending: Amending) -> None:
    root = amending.root
    first = build_decision(root)
    assert f"{CODE}.docx" in first.written
    again = build_decision(root)
    assert f"{CODE}.docx" in again.skipped
    # QT-12 changes: the decision's own file is untouched, but its list is not
    qt12 = "quy-trinh-tthc/QT-12-dang-ky-khai-tu.md"
    text = (root / qt12).read_text(encoding="utf-8")
    (root / qt12).write_text(text.rstrip("\n") + "\n\nGhi chú: áp dụng cả khi nộp trực tuyến.\n",
                             encoding="utf-8")
    git(root, "commit", "-q", "-a", "-m", "QT-12: ghi chú\n\nSửa-đổi: Bổ sung ghi chú nộp "
        "trực tuyến", date="2026-02-25T10:00:00+07:00")
    rebuilt = build_decision(root)
    assert f"{CODE}.docx" in rebuilt.written
    listed = article_one(docx_paragraphs(rebuilt.out / f"{CODE}.docx"))
    assert [x.split(" ", 1)[0] for x in listed] == ["QT-10", "QT-11", "QT-12"]
    assert listed[2] == "QT-12 Quy trình đăng ký khai tử (lần ban hành 2): Bổ sung ghi chú nộp " \
        "trực tuyến."
    assert listed == items(dry_run_lines(root))


def test_release_field_names_the_release_listed(amending: Amending) -> None:
    root = amending.root
    tag2 = release(root, "2026-03-01")
    # a second amending decision, written after the release, names it
    second = root / "quyet-dinh" / "QD-06-sua-doi.md"
    second.write_text(DECISION_TEXT.format(extra=f"release: {tag2.removeprefix('qms/')}\n")
                      .replace("QĐ-05", "QĐ-06").replace("21/QĐ-UBND", "22/QĐ-UBND"),
                      encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Quyết định 22", date="2026-03-05T10:00:00+07:00")
    result = build(root, BuildOptions(only=(CODE, "QĐ-06"), formats=("docx",), jobs=1))
    assert codes(result) == []
    five = article_one(docx_paragraphs(result.out / f"{CODE}.docx"))
    six = article_one(docx_paragraphs(result.out / "QĐ-06.docx"))
    assert six == five and [x.split(" ", 1)[0] for x in six] == ["QT-10", "QT-11"]


def _imports_as_amending(built: Path, into: Path) -> None:
    """qmsdoc import reads the built decision back as an amending one (its title says so)."""
    from qmsdoc.commands.import_ import Options, run

    into.mkdir()
    shutil.copy(root_of(built) / "qms.yaml", into / "qms.yaml")
    done = run(Options((built,), into, dry_run=True))
    (planned,) = done.files
    assert planned.kind == "decision" and "\npurpose: sua-doi\n" in planned.text


def root_of(built: Path) -> Path:
    return built.parent.parent  # <root>/_build/<file>


# -- no list: a warning and an article without "gồm:" ---------------------------------------


def _no_list(paragraphs: list[str]) -> None:
    article = next(p for p in paragraphs if p.startswith("Điều 1."))
    assert "gồm:" not in article
    assert article.endswith("(có danh mục tài liệu sửa đổi kèm theo).")
    assert article_one(paragraphs) == []


def test_an_unknown_release_is_a_warning_at_the_field(amending: Amending) -> None:
    root = amending.root
    write_decision(root, "release: qms/2026-03-50\n")  # left uncommitted
    result = build_decision(root)
    (diag,) = [d for d in result.diagnostics if d.code == "QMS726"]
    assert diag.span.path == DECISION and diag.span.line == 22
    assert "qms/2026-03-50" in diag.vi and amending.tag1 in diag.vi
    assert codes(result) == ["QMS726"]  # nothing else: no list was planned
    _no_list(docx_paragraphs(result.out / f"{CODE}.docx"))


def test_no_release_yet_is_a_warning(tmp_path: Path) -> None:
    """Before the first release nothing is amended (the first release is a baseline)."""
    root = copy_sample(tmp_path / "qms")
    init_repo(root)
    write_decision(root)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Nhập")
    result = build_decision(root)
    assert codes(result) == ["QMS727"]
    (diag,) = [d for d in result.diagnostics if d.code == "QMS727"]
    assert diag.vi.startswith("Lần phát hành kế tiếp không sửa đổi tài liệu nào")
    assert diag.span.path == DECISION and diag.span.line == 16  # purpose:
    _no_list(docx_paragraphs(result.out / f"{CODE}.docx"))


def test_without_git_the_decision_says_why(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "qms")
    write_decision(root)
    result = build_decision(root)
    assert "QMS725" in codes(result)
    (diag,) = [d for d in result.diagnostics if d.code == "QMS725"]
    assert "Git" in diag.vi and diag.hint_vi
    _no_list(docx_paragraphs(result.out / f"{CODE}.docx"))


def test_uncommitted_changes_are_named(amending: Amending) -> None:
    root = amending.root
    amend(root, "quy-trinh-tthc/QT-12-dang-ky-khai-tu.md", "## Phạm vi", "## Phạm vi áp dụng")
    result = build(root, BuildOptions(only=(CODE,), formats=("docx",), jobs=1))
    (diag,) = [d for d in result.diagnostics if d.code == "QMS728"]
    assert "quy-trinh-tthc/QT-12-dang-ky-khai-tu.md" in diag.vi
    # the list is what is committed, as for qmsdoc release
    listed = article_one(docx_paragraphs(result.out / f"{CODE}.docx"))
    assert [x.split(" ", 1)[0] for x in listed] == ["QT-10", "QT-11"]


def test_a_written_body_is_kept(amending: Amending) -> None:
    root = amending.root
    (root / DECISION).write_text(DECISION_TEXT.format(extra="") + "\n**Điều 1.** Sửa đổi Quy "
                                 "trình QT-10.\n\n**Điều 2.** Hiệu lực kể từ ngày ký.\n",
                                 encoding="utf-8")
    git(root, "commit", "-q", "-a", "-m", "viết tay")
    result = build_decision(root)
    paragraphs = docx_paragraphs(result.out / f"{CODE}.docx")
    assert "Điều 1. Sửa đổi Quy trình QT-10." in paragraphs
    assert not any(p.startswith("QT-11") for p in paragraphs)
    assert codes(result) == []


def test_a_written_body_opts_in_with_the_marker(amending: Amending) -> None:
    root = amending.root
    lines = dry_run_lines(root)
    (root / DECISION).write_text(DECISION_TEXT.format(extra="") + "\n**Điều 1.** Sửa đổi, bổ "
                                 "sung các quy trình sau:\n\n{{ amended }}\n\n**Điều 2.** Hiệu "
                                 "lực kể từ ngày ký.\n", encoding="utf-8")
    git(root, "commit", "-q", "-a", "-m", "viết tay, có danh sách")
    result = build_decision(root)
    assert codes(result) == []
    paragraphs = docx_paragraphs(result.out / f"{CODE}.docx")
    assert "Điều 1. Sửa đổi, bổ sung các quy trình sau:" in paragraphs
    assert article_one(paragraphs) == items(lines)
    assert not any("{{" in p for p in paragraphs)


# -- pieces -----------------------------------------------------------------------------------


def test_the_line_and_its_markdown_escape() -> None:
    a = AmendedDocument("QT-10", "Quy  trình *A*", 3, "Sửa <b> & [x]")
    assert a.line() == "QT-10 Quy trình *A* (lần ban hành 3): Sửa <b> & [x]"
    assert a.line(en=True) == "QT-10 Quy trình *A* (edition 3): Sửa <b> & [x]"
    assert AmendedDocument("QT-1", "T", 2, "").line() == "QT-1 T (lần ban hành 2): —"
    assert md_escape(a.line()) == r"QT-10 Quy trình \*A\* (lần ban hành 3): Sửa \<b\> \& \[x\]"


def test_fmt_new_and_schema_know_the_field_and_the_purpose(tmp_path: Path) -> None:
    from qmsdoc.fmt import format_text

    src = DECISION_TEXT.format(extra="").replace(
        "purpose: sua-doi\n", "release: qms/2026-03-01\npurpose: sua-doi\n")
    out = format_text(DECISION, src)
    # release: goes after the decision's other fields, in the model's order
    assert "  - \"Lưu: VT, VP\"\nrelease: qms/2026-03-01\n---\n" in out
    assert format_text(DECISION, out) == out

    root = copy_sample(tmp_path / "qms")
    done = runner.invoke(app, ["new", "decision", str(root), "--title", "Về việc sửa đổi, bổ "
                               "sung tài liệu Hệ thống quản lý chất lượng", "--dry-run"])
    assert done.exit_code == 0, done.output
    assert "\npurpose: sua-doi\n" in done.stdout
    assert done.stdout.endswith("---\n")  # empty body: qmsdoc writes Article 1 and its list
    issuing = runner.invoke(app, ["new", "decision", str(root), "--title", "Về việc ban hành "
                                  "tài liệu", "--dry-run"])
    assert "\npurpose: ban-hanh\n" in issuing.stdout and "**Điều 1.**" in issuing.stdout

    schema = runner.invoke(app, ["schema", "decision"])
    assert schema.exit_code == 0, schema.output
    props = json.loads(schema.stdout)["properties"]
    assert "sua-doi" in props["purpose"]["enum"]
    assert "release" in props
