"""What the renderer reads from the repository, made hostile: wording templates that recurse,
loop without end or are not UTF-8; pictures too large in bytes or pixels or outside the
repository; a reference document that is broken or a zip bomb (issue 13, findings 11–13).

Each case builds through the command line and asserts a clear message at the right place in
both languages, never an internal error (exit 3) or a run without bound.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import struct
import subprocess
import sys
import unicodedata
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from qmsdoc_testing import META, MakeRepo
from typer.testing import CliRunner

from qmsdoc.cli import app
from qmsdoc.render.docx.reference import MAX_REFERENCE_BYTES, reference_problem
from qmsdoc.render.images import picture_size
from qmsdoc.render.wording import MAX_STEPS, Wording, WordingError

runner = CliRunner()

DECISION = f"""\
---
kind: decision
code: QĐ-01
title: Về việc ban hành tài liệu
{META}purpose: ban-hanh
number: 15/QĐ-UBND
signer: an
---
"""


def _build(root: Path, lang: str = "en") -> tuple[int, str]:
    result = runner.invoke(app, ["build", str(root), "--jobs", "1", "-f", "docx", "--force",
                                 "--lang", lang])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def _template_error(root: Path) -> tuple[str, str]:
    """The build's message in English and in Vietnamese: exit 2 each time, never 3."""
    code_en, en = _build(root, "en")
    code_vi, vi = _build(root, "vi")
    assert (code_en, code_vi) == (2, 2), en + vi
    assert "Error in a wording template" in en and "Lỗi trong mẫu văn bản" in vi
    return en, vi


# ------------------------------------------------------------------ finding 11: templates
def test_template_including_itself_is_reported_at_its_file(make_repo: MakeRepo) -> None:
    root = make_repo({"templates/labels.j2": "{% set a = 1 %}\n{% include 'labels.j2' %}\n"})
    en, vi = _template_error(root)
    assert "templates/labels.j2:2:" in en and "includes itself" in en
    assert "templates/labels.j2:2:" in vi and "chính nó" in vi


def test_decision_template_including_itself_while_composing(make_repo: MakeRepo) -> None:
    # decision.md.j2 runs while documents are composed, not when the build starts.
    root = make_repo({"quyet-dinh.md": DECISION,
                      "templates/decision.md.j2": "{% include 'decision.md.j2' %}\n"})
    en, vi = _template_error(root)
    assert "templates/decision.md.j2:1:" in en and "includes itself" in en


def test_recursive_macro_is_reported(make_repo: MakeRepo) -> None:
    root = make_repo({"templates/labels.j2":
                      "{% macro f(n) %}{{ f(n) }}{% endmacro %}\n{% set x = f(1) %}\n"})
    en, vi = _template_error(root)
    assert "templates/labels.j2:1:" in en and "calls itself" in en
    assert "tự gọi lại" in vi


def test_recursive_label_macro_called_while_composing(make_repo: MakeRepo) -> None:
    root = make_repo({"quyet-dinh.md": DECISION, "templates/labels.j2":
                      "{% macro place_date(p, d, m, y) %}{{ place_date(p, d, m, y) }}"
                      "{% endmacro %}\n"})
    en, _ = _template_error(root)
    assert "templates/labels.j2:1: place_date:" in en and "calls itself" in en


def test_labels_not_utf8_is_reported_at_its_line(make_repo: MakeRepo) -> None:
    root = make_repo()
    (root / "templates").mkdir()
    (root / "templates" / "labels.j2").write_bytes(
        "{% set a = 'Hòa' %}\n{% set b = 'Hòa' %}\n".encode()
        + unicodedata.normalize("NFD", "{% set c = 'Hòa Phong' %}\n").encode("cp1258"))
    en, vi = _template_error(root)
    assert "templates/labels.j2:3:" in en and "not UTF-8" in en
    assert "templates/labels.j2:3:" in vi and "UTF-8" in vi


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_template_that_is_a_pipe_is_refused_not_read(make_repo: MakeRepo) -> None:
    # Opening a pipe for reading blocks until a writer comes: the build would never end.
    # (A subprocess with a generous bound, so that the old behaviour fails instead of hanging.)
    root = make_repo({"quyet-dinh.md": DECISION})
    (root / "templates").mkdir()
    os.mkfifo(root / "templates" / "decision.md.j2")
    proc = subprocess.run([sys.executable, "-m", "qmsdoc", "build", str(root), "--jobs", "1",
                           "-f", "docx", "--force", "--lang", "en"], capture_output=True,
                          text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert proc.returncode == 2, proc.stderr
    assert "templates/decision.md.j2" in proc.stderr and "not a regular file" in proc.stderr


def test_template_too_large_is_refused(make_repo: MakeRepo) -> None:
    root = make_repo({"templates/labels.j2": "{# chú thích #}\n" * 100_000})
    en, _ = _template_error(root)
    assert "templates/labels.j2:" in en and "more than the 1,000,000" in en


# ------------------------------------------------------------ finding 12: template budget
NESTED = ("{% for i in range(2000) %}{% for j in range(1000) %}{% endfor %}{% endfor %}\n")


def test_nested_loops_stop_at_the_budget(make_repo: MakeRepo) -> None:
    # 2,000,000 iterations: finishes on its own, but is over the budget (the same limit stops
    # nested range(100000) loops, which would otherwise run for hours).
    root = make_repo({"templates/labels.j2": NESTED})
    en, vi = _template_error(root)
    assert "templates/labels.j2:1:" in en and f"{MAX_STEPS:,} steps" in en
    assert "vòng lặp" in vi


HOSTILE = {
    "nested range(100000)": "{% for i in range(100000) %}{% for j in range(100000) %}"
                            "{% endfor %}{% endfor %}",
    "one range reused": "{% set r = range(100000) %}{% for i in r %}{% for j in r %}"
                        "{% endfor %}{% endfor %}",
    "output": "{% for i in range(100000) %}{{ 'x' * 100 }}{% endfor %}",
    "string times": "{{ 'x' * 2000000000 }}",
    "list times join": "{% set a = 'x' * 999999 %}{{ ([a] * 100000)|join }}",
    "doubling with ~": "{% set a = 'xxxxxxxxxx' %}" + "{% set a = a ~ a %}" * 40,
    "doubling with +": "{% set a = 'xxxxxxxxxx' %}" + "{% set a = a + a %}" * 40,
    "replace": "{% set a = 'x' * 1000 %}{{ a|replace('x', a)|replace('x', a) }}",
    "str.replace": "{% set a = 'x' * 1000 %}{{ a.replace('x', a).replace('x', a) }}",
    "power": "{{ 7 ** 100000000 }}",
    "product": "{% set a = 7 ** 3000 %}{{ a * a * a * a }}",
    "center": "{{ 'x'|center(2000000000) }}",
    "str.center": "{{ 'x'.center(2000000000) }}",
    "indent": "{% set a = '\\n' * 100000 %}{{ a|indent(100000) }}",
    "percent width": "{{ '%999999999d' % 1 }}",
    "format width": "{{ '{:>999999999}'.format(1) }}",
    "format filter": "{{ '%*d'|format(999999999, 1) }}",
    "extend": "{% set l = [1] %}" + "{% set _ = l.extend(l) %}" * 40,
    "macro recursion": "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
    "include itself": "{% include 'labels.j2' %}",
    "division by zero": "{{ 1 / 0 }}",
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_template_is_stopped(name: str, tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "labels.j2").write_text(HOSTILE[name] + "\n", encoding="utf-8")
    with pytest.raises(WordingError) as err:
        Wording(tmp_path, {})
    assert err.value.detail.startswith("templates/labels.j2:1: "), err.value.detail
    assert err.value.detail_vi.startswith("templates/labels.j2:1: ")
    assert not re.search(r"\b(the|would|is|of)\b", err.value.detail_vi), err.value.detail_vi


def test_budget_is_per_call(tmp_path: Path) -> None:
    # Each call gets the whole budget: many small calls never add up to a failure.
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "labels.j2").write_text(
        "{% macro busy() %}{% for i in range(1000) %}{% for j in range(500) %}{% endfor %}"
        "{% endfor %}ok{% endmacro %}\n", encoding="utf-8")
    wording = Wording(tmp_path, {})
    assert [wording("busy") for _ in range(5)] == ["ok"] * 5


# ------------------------------------------------------------------- finding 12/13: images
def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    row = b"\0" * (min(width, 64) * 3 + 1)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                             0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row)) + chunk(b"IEND", b""))


def _jpeg(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"
    sof = b"\xff\xc2" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof + b"\xff\xd9"


def _with_image(make_repo: MakeRepo, markdown: str) -> Path:
    # Without its flowchart (a picture in the DOCX too): the pictures are the body's only.
    return make_repo({"quy-trinh/QT-01.md": lambda t: t.replace(
        "---\n", "---\nflowchart: false\n", 1) + "\nĐoạn văn.\n\n" + markdown})


def _line_of(root: Path, text: str) -> int:
    lines = (root / "quy-trinh" / "QT-01.md").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def _media(root: Path) -> list[str]:
    with zipfile.ZipFile(root / "_build" / "QT-01.docx") as z:
        return [n for n in z.namelist() if n.startswith("word/media/")]


def test_picture_of_too_many_pixels_is_refused_from_its_header(make_repo: MakeRepo) -> None:
    root = _with_image(make_repo, "![Sơ đồ](../hinh/lon.png)\n\n![Nhỏ](../hinh/nho.png)\n")
    (root / "hinh").mkdir()
    (root / "hinh" / "lon.png").write_bytes(_png(30000, 30000))  # a few hundred bytes
    (root / "hinh" / "nho.png").write_bytes(_png(40, 30))
    code, output = _build(root)
    assert code == 0, output
    line = _line_of(root, "lon.png")
    assert re.search(rf"{line}:1\s+warning\s+QMS821", output), output
    assert "30000×30000 pixels" in output and "50,000,000" in output
    assert len(_media(root)) == 1  # only the small one


def test_jpeg_of_too_many_pixels_is_refused(make_repo: MakeRepo) -> None:
    root = _with_image(make_repo, "![Ảnh](anh.jpg)\n")
    (root / "quy-trinh" / "anh.jpg").write_bytes(_jpeg(60000, 60000))
    code, output = _build(root)
    assert "QMS821" in output and "60000×60000" in output, output
    assert _media(root) == []


def test_picture_too_large_says_so(make_repo: MakeRepo) -> None:
    root = _with_image(make_repo, "![Ảnh](anh.png)\n")
    with (root / "quy-trinh" / "anh.png").open("wb") as f:
        f.write(_png(40, 30))
        f.truncate(200_000_000)  # sparse: nothing is written to disk
    code, output = _build(root, "en")
    assert code == 0, output
    assert "QMS820" in output and "too large (200,000,000 bytes, the limit is 20,000,000)" \
        in output, output
    assert "not a PNG" not in output
    shutil.rmtree(root / "_build")  # an unchanged repository is not checked again
    _, vi = _build(root, "vi")
    assert "quá lớn (200,000,000 byte" in vi


@pytest.mark.parametrize("target", ["file:///etc/passwd", "http://example.org/a.png",
                                    "/etc/passwd", "../../etc/passwd"])
def test_picture_outside_the_repository_is_reported_at_its_line(make_repo: MakeRepo,
                                                                 target: str) -> None:
    root = _with_image(make_repo, f"Một dòng\n![x]({target})\n")
    code, output = _build(root)
    assert code == 0, output
    line = _line_of(root, target)
    assert re.search(rf"QT-01.md\n?.*?{line}:1\s+warning\s+QMS801", output, re.S), output
    assert "root:" not in output and _media(root) == []


@pytest.mark.parametrize(("data", "size"), [
    (_png(123, 45), (123, 45)), (_jpeg(640, 480), (640, 480)),
    (b"GIF89a" + struct.pack("<HH", 7, 9) + b"\0" * 8, (7, 9)),
    (b"BM" + b"\0" * 12 + struct.pack("<Iii", 40, 300, -200) + b"\0" * 30, (300, 200)),
    (b"\xff\xd8\xff\xda\0\x02", None), (b"\x89PNG\r\n\x1a\nshort", None), (b"text", None)])
def test_picture_size_from_header(data: bytes, size: tuple[int, int] | None) -> None:
    assert picture_size(data) == size


# ---------------------------------------------------------- finding 12/13: reference DOCX
def _reference(make_repo: MakeRepo, data: bytes) -> Path:
    root = make_repo({"qms.yaml": lambda t: t + "output:\n  reference_docx: mau.docx\n"})
    (root / "mau.docx").write_bytes(data)
    return root


def _docx_parts(skip: tuple[str, ...] = ()) -> dict[str, bytes]:
    buf = io.BytesIO()
    docx.Document().save(buf)
    with zipfile.ZipFile(buf) as z:
        return {n: z.read(n) for n in z.namelist() if n not in skip}


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_reference_without_rels_is_reported_once_at_its_setting(make_repo: MakeRepo) -> None:
    root = _reference(make_repo, _zip(_docx_parts(skip=("_rels/.rels",))))
    line = next(i for i, t in enumerate((root / "qms.yaml").read_text(
        encoding="utf-8").splitlines(), 1) if "reference_docx" in t)
    code, en = _build(root, "en")
    assert code == 2, en
    assert f"qms.yaml:{line}:" in en and "_rels/.rels" in en and "save it again" in en
    assert en.count("_rels/.rels") == 1 and "KeyError" not in en
    assert "QMS804" not in en and "QT-01.md:1:1" not in en
    code, vi = _build(root, "vi")
    assert code == 2 and f"qms.yaml:{line}:" in vi and "lưu lại" in vi


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_reference_that_is_a_pipe_is_refused_not_read(make_repo: MakeRepo) -> None:
    root = make_repo({"qms.yaml": lambda t: t + "output:\n  reference_docx: mau.docx\n"})
    os.mkfifo(root / "mau.docx")
    proc = subprocess.run([sys.executable, "-m", "qmsdoc", "build", str(root), "--jobs", "1",
                           "-f", "docx", "--force", "--lang", "en"], capture_output=True,
                          text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert proc.returncode == 2, proc.stderr
    assert "qms.yaml:" in proc.stderr and "not a regular file" in proc.stderr


def test_reference_that_unpacks_too_large_is_refused(make_repo: MakeRepo) -> None:
    parts = _docx_parts()
    parts["word/media/fill.bin"] = b"\0" * (MAX_REFERENCE_BYTES + 1)  # ~100 kB deflated
    data = _zip(parts)
    assert len(data) < 1_000_000
    root = _reference(make_repo, data)
    code, output = _build(root)
    assert code == 2, output
    assert "unpacks to more than 100 MB" in output and "word/media/fill.bin" in output


def test_reference_whose_directory_lies_about_sizes_is_counted() -> None:
    # The directory claims 10 bytes for a part that inflates to 101 MB: the bytes that come
    # out are counted, the claim is not trusted.
    parts = _docx_parts()
    parts["word/media/fill.bin"] = b"\0" * (MAX_REFERENCE_BYTES + 1)
    data = bytearray(_zip(parts))
    central = data.rfind(b"PK\x01\x02")  # the last entry's central directory record
    local = data.rfind(b"PK\x03\x04")
    data[central + 24:central + 28] = struct.pack("<I", 10)
    data[local + 22:local + 26] = struct.pack("<I", 10)
    problem = reference_problem(bytes(data))
    assert problem is not None and ".docx" in problem[1]


def test_good_reference_passes() -> None:
    assert reference_problem(_zip(_docx_parts())) is None
