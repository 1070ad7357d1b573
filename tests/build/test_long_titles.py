"""Long text never breaks a build (issue 15, item 7): what check passes, build builds.

The property test edits one procedure of the sample manual (which checks clean) with generated
titles, short titles and organisation names; whenever the check still passes, the build must
give its DOCX without any QMS8xx diagnostic. The PDF is built on a few fixed cases.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from qmsdoc_testing import REAL_LONG_NAME, SAMPLE

from qmsdoc.build import BuildOptions, BuildResult
from qmsdoc.commands.build import build as run
from qmsdoc.commands.check import check_repository
from qmsdoc.render.headerfit import PROPERTY_LIMIT


def _pdf_page1(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-f", "1", "-l", "1", str(path),
                           "-"], capture_output=True, timeout=120, check=True)
    return " ".join(done.stdout.decode("utf-8").split())


needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                     reason="poppler-utils not installed (pdftotext missing)")

TODAY = dt.date(2026, 8, 1)
DOC = "quy-trinh-tthc/QT-17-chung-thuc-ban-sao.md"
REAL = REAL_LONG_NAME
LONG = "Quy trình " + REAL[0].lower() + REAL[1:]
SHORT = "Quy trình đăng ký thay đổi thành viên, người đại diện, chủ sở hữu doanh nghiệp"


def edit(root: Path, title: str, short: str | None = None, org: str | None = None) -> None:
    path = root / DOC
    text = path.read_text(encoding="utf-8")
    head = f"title: {json.dumps(title, ensure_ascii=False)}\n"
    if short is not None:
        head += f"short_title: {json.dumps(short, ensure_ascii=False)}\n"
    text = re.sub(r"^title: .*\n(?:short_title: .*\n)?", lambda _: head, text, count=1,
                  flags=re.M)
    path.write_text(text, encoding="utf-8")
    if org is not None:
        cfg = root / "qms.yaml"
        ctext = cfg.read_text(encoding="utf-8")
        ctext = re.sub(r"^  name: .*$", lambda _: f"  name: {json.dumps(org, ensure_ascii=False)}",
                       ctext, count=1, flags=re.M)
        cfg.write_text(ctext, encoding="utf-8")


def build(root: Path, fmt: str) -> BuildResult:
    return run(root, BuildOptions(jobs=1, today=TODAY, only=("QT-17",), formats=(fmt,),
                                  history=False))


def qms8(result: BuildResult) -> list[str]:
    return [f"{d.code} {d.en}" for d in result.diagnostics if d.code.startswith("QMS8")]


@pytest.fixture
def sample(sample_copy: Path) -> Path:
    return sample_copy


def test_long_title_checks_with_a_warning_and_builds_docx(sample: Path) -> None:
    """Before: check passed and the build failed with QMS804 (255-character limit)."""
    edit(sample, LONG)
    checked = check_repository(sample, today=TODAY)
    codes = [d.code for d in checked.diagnostics]
    assert "QMS109" in codes
    assert not [d for d in checked.diagnostics if d.severity.name == "ERROR"]
    result = build(sample, "docx")
    assert not result.failed and not qms8(result)
    d = docx.Document(str(sample / "_build" / "QT-17.docx"))
    assert len(d.core_properties.title) <= PROPERTY_LIMIT
    assert d.core_properties.title.endswith("…")
    assert LONG.upper() in "\n".join(p.text for p in d.paragraphs)


def test_short_title_silences_the_warning(sample: Path) -> None:
    edit(sample, LONG, SHORT)
    checked = check_repository(sample, today=TODAY)
    assert "QMS109" not in [d.code for d in checked.diagnostics]


def test_an_overlong_short_title_is_warned_at_its_line(sample: Path) -> None:
    edit(sample, LONG, LONG[:-5])
    found = [d for d in check_repository(sample, today=TODAY).diagnostics if d.code == "QMS109"]
    assert len(found) == 1
    assert "short_title" in found[0].vi and "short_title" in found[0].en
    line = found[0].span.line
    assert (sample / DOC).read_text(encoding="utf-8").splitlines()[line - 1].startswith(
        "short_title:")


@pytest.mark.parametrize(("title", "short", "header"), [
    (LONG[:243].rstrip(), None, LONG[:243].rstrip()),
    (LONG, SHORT, SHORT.upper()),
    (LONG, None, None),
])
@needs_pdftotext
def test_pdf_of_long_titles(sample: Path, title: str, short: str | None,
                            header: str | None) -> None:
    edit(sample, title, short)
    result = build(sample, "pdf")
    assert not result.failed and not qms8(result), qms8(result)
    page1 = _pdf_page1(sample / "_build" / "QT-17.pdf")
    if header is not None:
        assert " ".join(header.split()) in page1
    assert " ".join((title.upper() if header != title else title).split()) in page1


# ------------------------------------------------------------------------- property test
_LETTERS = ("aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụ"
            "ứừửữựýỳỷỹỵAĂÂĐÊÔƠƯÁẾỐỨ")
_WORD = st.text(alphabet=_LETTERS + "0123456789", min_size=1, max_size=40)
_SEP = st.sampled_from([" ", " ", " ", ", ", "; ", " - ", "/", " (", ") "])


@st.composite
def _titles(draw: st.DrawFn, max_words: int) -> str:
    words = draw(st.lists(_WORD, min_size=max_words // 3, max_size=max_words))
    out = words[0]
    for w in words[1:]:
        out += draw(_SEP) + w
    return out


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dst = tmp_path_factory.mktemp("long") / "sample"
    shutil.copytree(SAMPLE, dst, ignore=shutil.ignore_patterns("_build", ".qmsdoc"))
    return dst


@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(title=_titles(60), short=st.none() | _titles(25),
       org=st.none() | _titles(40))
@example(title=LONG, short=None, org=None)
@example(title=LONG[:300], short=SHORT, org="Ủy ban nhân dân xã " + REAL[:280])
def test_what_check_passes_builds_without_qms8xx(work: Path, title: str, short: str | None,
                                                 org: str | None) -> None:
    original = (work / DOC).read_text(encoding="utf-8"), (work / "qms.yaml").read_text(
        encoding="utf-8")
    try:
        edit(work, title, short, org)
        checked = check_repository(work, today=TODAY)
        assume(not [d for d in checked.diagnostics if d.severity.name == "ERROR"])
        result = build(work, "docx")
        assert not result.refused
        assert not result.failed and not qms8(result), qms8(result)
        props = docx.Document(str(work / "_build" / "QT-17.docx")).core_properties
        assert all(len(v) <= PROPERTY_LIMIT for v in (props.title, props.author))
    finally:
        (work / DOC).write_text(original[0], encoding="utf-8")
        (work / "qms.yaml").write_text(original[1], encoding="utf-8")
