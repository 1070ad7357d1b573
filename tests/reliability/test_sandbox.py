"""Hostile templates and documents: nothing reaches Python internals or files outside the
repository, and the build says so clearly (exit 2 for a template, QMS801 for an image)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from qmsdoc_testing import MakeRepo
from typer.testing import CliRunner

from qmsdoc.cli import app
from qmsdoc.render.markdown import resolve_image

runner = CliRunner()
SECRET = "BI-MAT-KHONG-DUOC-DOC-7f3a"

ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{% set x = ''.__class__ %}{{ x }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ self._TemplateReference__context }}",
]


def _build(root: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["build", str(root), "--jobs", "1", "-f", "docx", "--force",
                                 "--lang", "en"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@pytest.mark.parametrize("payload", ESCAPES)
def test_template_escape_fails_the_build_clearly(payload: str, make_repo: MakeRepo) -> None:
    root = make_repo({"templates/labels.j2": payload + "\n"})
    code, output = _build(root)
    assert code == 2, output
    assert "wording template" in output and "unsafe" in output
    assert not (root / "_build" / "manifest.json").exists()


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("how", ["absolute", "dotdot", "dotdot-deep", "link", "import",
                                 "etc-passwd", "etc-passwd-dotdot"])
def test_template_include_outside_is_refused(how: str, make_repo: MakeRepo,
                                             secret: Path) -> None:
    target = {"absolute": str(secret), "dotdot": "../../secret.txt",
              "dotdot-deep": "../../../../../../" + str(secret).lstrip("/"),
              "link": "link.j2", "import": "../secret.txt",
              "etc-passwd": "/etc/passwd", "etc-passwd-dotdot": "../../etc/passwd"}[how]
    statement = (f"{{% import '{target}' as s %}}" if how == "import"
                 else f"{{% include '{target}' %}}")
    root = make_repo({"templates/labels.j2": statement + "\n"})
    if how == "link":
        (root / "templates" / "link.j2").symlink_to(secret)
    code, output = _build(root)
    assert code == 2, output
    assert "not a template in the repository" in output, output
    assert SECRET not in output and "root:" not in output


def test_repository_templates_folder_linked_outside_is_ignored(make_repo: MakeRepo,
                                                               tmp_path: Path) -> None:
    outside = tmp_path / "pack"
    outside.mkdir()
    (outside / "labels.j2").write_text("{{ ''.__class__ }}\n", encoding="utf-8")
    root = make_repo()
    (root / "templates").symlink_to(outside, target_is_directory=True)
    code, output = _build(root)
    assert code == 0, output  # the linked folder is not read at all


@pytest.mark.parametrize("target", ["/etc/passwd", "../../etc/passwd", "../../x.png",
                                    "file:///etc/passwd", "~/x.png", "..\\..\\x.png",
                                    "a/../../../x.png", "%2e%2e/%2e%2e/x.png", "C:/x.png"])
def test_image_outside_is_refused(target: str) -> None:
    assert resolve_image(target, "quy-trinh/QT-01.md") is None


def test_image_outside_is_reported_and_not_embedded(make_repo: MakeRepo) -> None:
    # no flowchart: the only picture the DOCX could then hold is one of these two
    root = make_repo({"quy-trinh/QT-01.md": lambda t: t.replace(
        "---\n", "---\nflowchart: false\n", 1) + "\n![x](/etc/passwd)\n\n"
        "![y](../../etc/passwd)\n"})
    code, output = _build(root)
    assert code == 0, output
    assert output.count("QMS801") == 2
    with zipfile.ZipFile(root / "_build" / "QT-01.docx") as z:
        assert not [n for n in z.namelist() if n.startswith("word/media/")]
        assert b"root:" not in b"".join(z.read(n) for n in z.namelist())
