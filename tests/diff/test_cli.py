"""``qmsdoc diff`` end to end through the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from qmsdoc.cli import app
from tests.diff.conftest import Editions
from tests.diff.test_diff import QT90, QT90_PATH
from tests.history.conftest import git

runner = CliRunner()


def test_json_markdown_and_codes(editions: Editions) -> None:
    root = str(editions.root)
    result = runner.invoke(app, ["diff", "-C", root, *editions.tags, "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [d["code"] for d in data["documents"]] == ["QT-10"]
    result = runner.invoke(app, ["diff", "-C", root, *editions.tags, "QT-10", "-f", "markdown",
                                 "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("## What changed: qms/2026-02-01 → qms/2026-03-01")
    assert "### QT-10" in result.stdout
    # a code that did not change: nothing listed
    result = runner.invoke(app, ["diff", "-C", root, *editions.tags, "QT-11"])
    assert result.exit_code == 0 and "0 tài liệu khác nhau" in result.stdout


def test_working_tree_is_written_as_dash_and_default(editions: Editions) -> None:
    root = str(editions.root)
    a = runner.invoke(app, ["diff", "-C", root, editions.tags[0], "-", "-f", "json"])
    b = runner.invoke(app, ["diff", "-C", root, editions.tags[0], "-f", "json"])
    assert a.exit_code == 0 and a.stdout == b.stdout
    assert json.loads(a.stdout)["to"]["label"] == "WORKTREE"


def test_errors_exit_1_with_a_message(editions: Editions, tmp_path: Path) -> None:
    result = runner.invoke(app, ["diff", "-C", str(editions.root), "KHONG-CO"])
    assert result.exit_code == 1 and "KHONG-CO" in result.output
    result = runner.invoke(app, ["diff", "-C", str(editions.root), "--lang", "en", "KHONG-CO"])
    assert "No document has the code KHONG-CO" in result.output
    result = runner.invoke(app, ["diff", "-C", str(tmp_path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_docx_folder_rules_and_output(editions: Editions, tmp_path: Path) -> None:
    root = editions.root
    out = tmp_path / "redlines"
    result = runner.invoke(app, ["diff", "-C", str(root), *editions.tags, "--docx", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "QT-10.redline.docx").is_file()
    assert "QT-10.redline.docx" in result.output
    # inside the repository only under the output folder
    refused = runner.invoke(app, ["diff", "-C", str(root), *editions.tags, "--docx",
                                  str(root / "quy-trinh-tthc")])
    assert refused.exit_code == 1 and "_build" in refused.output
    assert not list((root / "quy-trinh-tthc").glob("*.docx"))
    inside = runner.invoke(app, ["diff", "-C", str(root), *editions.tags, "--docx",
                                 str(root / "_build" / "redline")])
    assert inside.exit_code == 0, inside.output
    assert (root / "_build" / "redline" / "QT-10.redline.docx").is_file()


def test_a_file_unreadable_at_from_is_noted_qms720(editions: Editions) -> None:
    root = editions.root
    broken = QT90.replace("title: Quy trình thử nghiệm so sánh", "title: [chưa đóng")
    (root / QT90_PATH).write_text(broken, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "QT-90 (lỗi)")
    (root / QT90_PATH).write_text(QT90, encoding="utf-8")
    result = runner.invoke(app, ["diff", "-C", str(root), "HEAD", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(d["status"], d["code"]) for d in data["documents"]] == [("added", "QT-90")]
    (notice,) = data["notices"]
    assert notice["code"] == "QMS720" and notice["path"] == QT90_PATH
    assert "HEAD" in notice["message"]
    text = runner.invoke(app, ["diff", "-C", str(root), "HEAD"])
    assert f"{QT90_PATH}:" in text.output and "QMS720" in text.output


def test_an_option_like_revision_is_never_passed_to_git_as_an_option(editions: Editions,
                                                                       tmp_path: Path) -> None:
    from qmsdoc.commands.diff import Options, run

    planted = tmp_path / "planted"
    result = run(Options(editions.root, f"--output={planted}"))
    assert result.status == 1 and result.error is not None
    assert not planted.exists()
    result = runner.invoke(app, ["diff", "-C", str(editions.root), "--", "--output=x"])
    assert result.exit_code == 1 and not (editions.root / "x").exists()


def test_a_redline_file_name_never_leaves_the_folder() -> None:
    from qmsdoc.commands.diff import redline_name

    assert redline_name("QĐ-01", "x.md") == "QĐ-01.redline.docx"
    assert redline_name("", "quy-trinh/QT-90-thu.md") == "QT-90-thu.redline.docx"
    for code in ("../../etc/passwd", "a/b", "..", "a\\b", "\x00"):
        name = redline_name(code, "x.md")
        assert "/" not in name and "\\" not in name and not name.startswith(".")
        assert Path(name).name == name


def test_a_redline_embeds_the_pictures_as_the_build_does(editions: Editions,
                                                         tmp_path: Path) -> None:
    import base64
    import io
    import zipfile

    png = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8"
                           "/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==")
    root = editions.root
    (root / "quy-trinh-tthc" / "hinh").mkdir()
    (root / "quy-trinh-tthc" / "hinh" / "so-do.png").write_bytes(png)  # beside the document
    body = QT90.replace("Quy định cách làm thử.",
                        "Quy định cách làm thử.\n\n![Sơ đồ](hinh/so-do.png)")
    (root / QT90_PATH).write_text(body, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "QT-90 với sơ đồ")
    (root / QT90_PATH).write_text(body.replace("làm thử.", "làm thử nghiệm."), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["diff", "-C", str(root), "HEAD", "--docx", str(out)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(io.BytesIO((out / "QT-90.redline.docx").read_bytes())) as z:
        assert any(n.startswith("word/media/") for n in z.namelist())


def test_a_form_built_from_its_own_word_file_gets_no_redline(editions: Editions,
                                                             tmp_path: Path) -> None:
    root = editions.root
    form = ("---\nkind: form\ncode: BM-90\ntitle: Mẫu thử\nedition: 1\nissued: 2026-01-15\n"
            "owner: tu-phap\nprepared_by: pham-thi-dung\nreviewed_by: le-van-cuong\n"
            "approved_by: nguyen-van-an\nsource: BM-90.docx\n---\n\n# MẪU THỬ\n\nNội dung.\n")
    (root / "bieu-mau" / "BM-90.md").write_text(form, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "BM-90")
    (root / "bieu-mau" / "BM-90.md").write_text(form.replace("Nội dung.", "Nội dung mới."),
                                                encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["diff", "-C", str(root), "HEAD", "--docx", str(out)])
    assert result.exit_code == 0, result.output
    assert "BM-90" in result.stdout  # the diff itself lists it
    assert not (out / "BM-90.redline.docx").exists()
    assert "BM-90: biểu mẫu xuất bản từ tệp Word có sẵn" in result.output
