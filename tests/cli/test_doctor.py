"""``qmsdoc doctor``: PDF engines and fonts found here, what to install; always exit 0."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qmsdoc.cli import app
from qmsdoc.render import libreoffice

runner = CliRunner()


@pytest.fixture
def no_soffice(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(libreoffice.ENV_SOFFICE, "/nonexistent/soffice")
    libreoffice.find_soffice.cache_clear()
    yield
    monkeypatch.delenv(libreoffice.ENV_SOFFICE)
    libreoffice.find_soffice.cache_clear()


def test_json_report() -> None:
    done = runner.invoke(app, ["doctor", "--format", "json"])
    assert done.exit_code == 0, done.output
    report = json.loads(done.stdout)
    engines = {e["name"]: e for e in report["engines"]}
    assert engines["typst"]["available"] and engines["typst"]["version"]
    assert set(engines) == {"typst", "libreoffice"}
    fonts = {f["family"]: f for f in report["fonts"]}
    # Typst's own fonts are always there: a PDF can always be made.
    assert fonts["Libertinus Serif"]["found"] and fonts["Times New Roman"]["role"] == "body"
    assert report["pdf_font"] in fonts and fonts[report["pdf_font"]]["found"]
    assert report["requested_font"] == "Times New Roman"
    for advice in report["advice"]:
        assert advice["vi"] and advice["en"]


def test_without_libreoffice_says_what_to_install(no_soffice: None) -> None:
    done = runner.invoke(app, ["doctor", "--format", "json"])
    assert done.exit_code == 0
    report = json.loads(done.stdout)
    lo = next(e for e in report["engines"] if e["name"] == "libreoffice")
    assert not lo["available"]
    assert any("LibreOffice" in a["en"] for a in report["advice"])
    text = runner.invoke(app, ["doctor"])
    assert text.exit_code == 0 and "LibreOffice chưa được cài" in text.output
    english = runner.invoke(app, ["doctor", "--lang", "en"])
    assert english.exit_code == 0 and "LibreOffice is not installed" in english.output
    assert "PDF engines" in english.output and "Typst (built in)" in english.output


def test_font_option() -> None:
    done = runner.invoke(app, ["doctor", "--font", "Không Có Phông Này", "--format", "json"])
    assert done.exit_code == 0
    report = json.loads(done.stdout)
    assert report["requested_font"] == "Không Có Phông Này"
    assert report["pdf_font"] != "Không Có Phông Này"
    assert any("Không Có Phông Này" in a["vi"] or "Times New Roman" in a["vi"]
               for a in report["advice"])


def test_reads_output_font_of_the_repository(tmp_path: Path) -> None:
    (tmp_path / "qms.yaml").write_text("output:\n  font: Phông Riêng\n", encoding="utf-8")
    done = runner.invoke(app, ["doctor", str(tmp_path), "-f", "json"])
    assert done.exit_code == 0
    assert json.loads(done.stdout)["requested_font"] == "Phông Riêng"


def test_says_whether_import_reads_doc_files(no_soffice: None) -> None:
    """qmsdoc import converts .doc/.odt through LibreOffice: doctor says whether it can."""
    report = json.loads(runner.invoke(app, ["doctor", "--format", "json"]).stdout)
    assert report["import_legacy_formats"] is False
    text = runner.invoke(app, ["doctor", "--lang", "en"]).output
    assert "qmsdoc import of .doc/.odt/.rtf: no: install LibreOffice" in text


def test_says_import_reads_doc_files_when_libreoffice_is_there() -> None:
    libreoffice.find_soffice.cache_clear()
    if libreoffice.find_soffice() is None:
        pytest.skip("LibreOffice is not installed here")
    report = json.loads(runner.invoke(app, ["doctor", "--format", "json"]).stdout)
    assert report["import_legacy_formats"] is True
    assert "qmsdoc import tệp .doc/.odt/.rtf: được" in runner.invoke(app, ["doctor"]).output
