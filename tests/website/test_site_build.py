"""``qmsdoc build -f html`` on a copy of sample_manual: the site's files, incremental rebuilds,
the build cache and manifest, names that would collide, English labels."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qmsdoc.build import MANIFEST, BuildOptions, BuildResult
from qmsdoc.build.cache import Entry, valid_entry
from qmsdoc.cli import app
from qmsdoc.commands.build import build as run
from qmsdoc.commands.check import check_repository
from qmsdoc.load import load_repository
from tests.build.test_build import TODAY, set_formats

OUT = "_build"
PAGES = ("index.html", "thu-tuc-hanh-chinh.html", "van-ban-phap-luat.html",
         "lich-cong-viec.html", "tim-kiem.html", "danh-muc-tai-lieu.html",
         "ma-tran-dap-ung.html", "search-index.js", "qmsdoc.css", "qmsdoc.js")


def build(root: Path, **options: object) -> BuildResult:
    opts: dict[str, object] = {"jobs": 1, "today": TODAY, "formats": ("html",), **options}
    return run(root, BuildOptions(**opts))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    from qmsdoc_testing import SAMPLE

    root = tmp_path_factory.mktemp("site") / "sample"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("_build", ".qmsdoc"))
    return root, build(set_formats(root, "docx, html"))


def test_every_page_of_the_site(site: tuple[Path, BuildResult]) -> None:
    root, result = site
    assert result.ok, result.diagnostics
    out = root / OUT
    repo = load_repository(root).repo
    codes = [d.code for d in repo.documents if d.status != "obsolete" and d.code]
    for code in codes:
        assert (out / f"{code}.html").is_file(), code
    for name in PAGES:
        assert (out / name).is_file(), name
    assert not (out / "bo-tai-lieu-htqlcl.html").exists()  # the site is the combined form
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    files = {f["file"]: f for f in manifest["files"]}
    assert set(PAGES) <= set(files) and files["QT-10.html"]["code"] == "QT-10"


def test_document_page_has_the_same_content_links_and_downloads(
        site: tuple[Path, BuildResult]) -> None:
    out = site[0] / OUT
    page = (out / "QT-10.html").read_text(encoding="utf-8")
    assert "<h1>QT-10 · Quy trình đăng ký khai sinh</h1>" in page
    assert "MỤC ĐÍCH" in page and "Thành phần, số lượng hồ sơ" in page
    # the form named in the procedure links to its page; the set's Word file is offered
    assert '<a href="BM-10-01.html"><span class="nw">BM-10-01</span></a>' in page
    assert '<a href="QT-10.docx">' in page
    assert 'href="QT-10.pdf"' not in page  # PDF is not built in this set
    assert "Lịch sử sửa đổi" in page
    form = (out / "BM-10-01.html").read_text(encoding="utf-8")
    assert "Được dùng trong" in form and 'href="QT-10.html"' in form


def test_a_procedure_page_shows_its_flowchart_as_the_pdf_draws_it(
        site: tuple[Path, BuildResult]) -> None:
    import base64
    import re

    page = (site[0] / OUT / "QT-10.html").read_text(encoding="utf-8")
    pictures = re.findall(r'<figure class="flowchart"><img src="data:image/svg\+xml;base64,'
                          r'([^"]+)" alt="([^"]*)">', page)
    assert pictures  # the same Diagram node the DOCX and the PDF draw
    svg = base64.b64decode(pictures[0][0]).decode("utf-8")
    assert svg.lstrip().startswith(("<svg", "<?xml")) and "<path" in svg
    assert "Bắt đầu" in pictures[0][1] or "Tiếp nhận" in pictures[0][1]  # read aloud


def test_listing_legal_register_calendar_and_home(site: tuple[Path, BuildResult]) -> None:
    out = site[0] / OUT
    tthc = (out / "thu-tuc-hanh-chinh.html").read_text(encoding="utf-8")
    assert 'data-sortable data-filter-column="3"' in tthc
    assert "1.001193" in tthc and "Hộ tịch" in tthc and "Chứng thực" in tthc
    legal = (out / "van-ban-phap-luat.html").read_text(encoding="utf-8")
    assert "Luật Hộ tịch" in legal and "Còn hiệu lực" in legal
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "Chính sách chất lượng" in home and "<svg" in home
    assert "Ủy ban nhân dân xã Hòa Phong" in home
    calendar = (out / "lich-cong-viec.html").read_text(encoding="utf-8")
    assert "01/08/2026" in calendar


def test_nothing_is_fetched_from_outside(site: tuple[Path, BuildResult]) -> None:
    out = site[0] / OUT
    for path in out.iterdir():
        if path.suffix == ".html":
            text = path.read_text(encoding="utf-8")
            for m in re.finditer(r'<(?:script|link|img)\b[^>]*?(?:src|href)="([^"]+)"', text):
                assert not re.match(r"[a-z]+:|//", m.group(1)) or m.group(1).startswith(
                    "data:"), (path.name, m.group(1))
        elif path.suffix in (".css", ".js"):
            text = path.read_text(encoding="utf-8")
            assert "url(" not in text and "@import" not in text and "fetch(" not in text
            assert "XMLHttpRequest" not in text


def test_rebuild_after_editing_one_procedure(tmp_path: Path, sample_copy: Path) -> None:
    root = set_formats(sample_copy, "html")
    assert build(root).ok
    path = root / "quy-trinh-tthc" / "QT-10-dang-ky-khai-sinh.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nTra cứu kết quả trên Cổng.\n",
                    encoding="utf-8")
    again = build(root)
    assert again.ok
    # its page and the search index; every other page is either skipped or the same bytes
    assert sorted(again.written) == ["QT-10.html", "search-index.js"]
    assert "Tra cứu kết quả trên Cổng." in (root / OUT / "QT-10.html").read_text("utf-8")
    assert "cong" in (root / OUT / "search-index.js").read_text("utf-8")
    third = build(root)  # nothing changed: answered without loading (the word cache in
    assert third.written == [] and third.repo is None  # .qmsdoc/ does not disturb it)


def test_retitled_form_rewrites_the_pages_that_show_its_title(sample_copy: Path) -> None:
    root = set_formats(sample_copy, "html")
    assert build(root).ok
    form = next((root / "bieu-mau").rglob("BM-10-01*"))
    text = form.read_text(encoding="utf-8")
    form.write_text(re.sub(r"^title: .*$", "title: Tờ khai khai sinh (mẫu mới)", text, count=1,
                           flags=re.M), encoding="utf-8")
    written = set(build(root).written)
    assert {"BM-10-01.html", "QT-10.html", "danh-muc-tai-lieu.html", "search-index.js"} <= written
    # the listing shows the form's code, not its title; QT-11 does not name it
    assert not written & {"QT-11.html", "index.html", "thu-tuc-hanh-chinh.html"}


def test_english_labels(sample_copy: Path) -> None:
    root = set_formats(sample_copy, "html")
    assert build(root, lang="en").ok
    page = (root / OUT / "QT-10.html").read_text(encoding="utf-8")
    assert ">Administrative procedures</a>" in page and "Revision history" in page
    assert "MỤC ĐÍCH" in page  # the document itself is the same Vietnamese text
    again = build(root, lang="vi")  # the language is an input of every page
    assert "QT-10.html" in again.written


def test_cli_builds_the_site_in_english(sample_copy: Path) -> None:
    root = set_formats(sample_copy, "docx")
    done = CliRunner().invoke(app, ["build", str(root), "-f", "html", "--lang", "en", "-j", "1"])
    assert done.exit_code == 0, done.output
    assert "Skip to the main content" in (root / OUT / "index.html").read_text("utf-8")
    assert not (root / OUT / "QT-10.docx").exists()


def test_a_code_that_takes_a_page_name_is_reported(sample_copy: Path) -> None:
    path = root_form = next((sample_copy / "bieu-mau").rglob("BM-10-01*"))
    text = root_form.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^code: .*$", "code: tim-kiem", text, count=1, flags=re.M),
                    encoding="utf-8")
    found = [d for d in check_repository(sample_copy).diagnostics if d.code == "QMS110"]
    assert found and "tim-kiem" in found[0].message("en")


def test_cache_accepts_only_the_site_files_it_can_write() -> None:
    def entry(file: str, code: str = "") -> Entry:
        return Entry("k", file, "0" * 64, 1, 1, code)

    assert valid_entry("@index:html", entry("index.html"))
    assert valid_entry("@search-index.js:html", entry("search-index.js"))
    assert valid_entry("QT-10:html-changes", entry("QT-10.thay-doi.html", "QT-10"))
    assert not valid_entry("@index:html", entry("../index.html"))
    assert not valid_entry("@qmsdoc.css:html", entry("qms.yaml"))
    assert not valid_entry("QT-10:html-changes", entry("QT-11.thay-doi.html", "QT-10"))


def test_rebuild_composes_only_the_edited_document_for_the_index(
        sample_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from qmsdoc.build import pipeline

    root = set_formats(sample_copy, "html")
    assert build(root).ok
    composed: list[str] = []
    real = pipeline.compose_document

    def counting(ctx: object, doc: object, **kw: object) -> object:
        composed.append(doc.code)  # type: ignore[attr-defined]
        return real(ctx, doc, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "compose_document", counting)
    path = root / "quy-trinh-tthc" / "QT-10-dang-ky-khai-sinh.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nXyzzyword mới.\n", encoding="utf-8")
    again = build(root)
    assert "search-index.js" in again.written
    assert "xyzzyword" in (root / OUT / "search-index.js").read_text("utf-8")
    assert composed == ["QT-10"]  # its page; the other pages' words come from the cache


def test_a_foreign_word_cache_is_never_read(sample_copy: Path) -> None:
    root = set_formats(sample_copy, "html")
    assert build(root).ok
    index = (root / OUT / "search-index.js").read_bytes()
    cache = root / ".qmsdoc" / "cache" / "site-index.json"
    data = json.loads(cache.read_text(encoding="utf-8"))
    forged = {"format": 1, "key": "0" * 32, "pages": {k: "forged" for k in data["pages"]}}
    cache.write_text(json.dumps(forged), encoding="utf-8")
    (root / OUT / "search-index.js").unlink()  # the index is built again
    assert build(root).ok
    assert (root / OUT / "search-index.js").read_bytes() == index
