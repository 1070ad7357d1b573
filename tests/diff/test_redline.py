"""Word redlines: the new edition with w:ins/w:del against the old one, in the built layout."""

from __future__ import annotations

import subprocess
from pathlib import Path

import docx
import pytest

from qmsdoc.commands.build import Options as BuildOptions
from qmsdoc.commands.build import run as build
from qmsdoc.commands.diff import Options, run
from qmsdoc.diff.redline import Marks, diff_blocks, diff_inlines
from qmsdoc.render.tree import (
    Cell,
    Heading,
    Paragraph,
    RenderedDocument,
    Strong,
    Text,
    Tracked,
    block_text,
    plain_text,
)
from tests.diff.conftest import Editions
from tests.diff.review import review, tracked
from tests.history.conftest import git


def _built(root: Path, tag: str, where: Path) -> bytes:
    """QT-10 as `qmsdoc build` writes it from a checkout of ``tag``."""
    git(root, "worktree", "add", "-q", "--detach", str(where), tag)
    result = build(BuildOptions(where, out=where.parent / f"{where.name}-out", only=("QT-10",),
                                formats=("docx",), jobs=1))
    assert result.status == 0, result.error
    return (where.parent / f"{where.name}-out" / "QT-10.docx").read_bytes()


@pytest.fixture(scope="module")
def redlined(editions_template: Editions, tmp_path_factory: pytest.TempPathFactory
             ) -> tuple[bytes, bytes, bytes, Path]:
    """(the redline, the old edition built, the new edition built, the redline's path)."""
    base = tmp_path_factory.mktemp("redline")
    root = base / "qms"
    import shutil

    shutil.copytree(editions_template.root, root, symlinks=True)
    import os

    env = {"GIT_CONFIG_GLOBAL": str(base / "gitconfig"), "GIT_CONFIG_NOSYSTEM": "1"}
    (base / "gitconfig").touch()
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        out = base / "redlines"
        result = run(Options(root, *editions_template.tags, docx=out))
        assert result.status == 0, result.error
        assert [p.name for p in result.written] == ["QT-10.redline.docx"]
        old = _built(root, editions_template.tags[0], base / "old")
        new = _built(root, editions_template.tags[1], base / "new")
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    path = result.written[0]
    return path.read_bytes(), old, new, path


def test_accepting_all_gives_the_new_edition_and_rejecting_all_the_old(
        redlined: tuple[bytes, bytes, bytes, Path]) -> None:
    red, old, new, _ = redlined
    assert review(red, accept=True) == review(new, accept=True)
    assert review(red, accept=False) == review(old, accept=True)
    assert review(red, accept=True) != review(red, accept=False)


def test_the_tracked_changes_are_those_of_the_diff(
        redlined: tuple[bytes, bytes, bytes, Path]) -> None:
    red, _, _, path = redlined
    document = docx.Document(str(path))  # python-docx opens it
    assert document.paragraphs
    changes = tracked(red, drawings=False)
    # exactly the diff's changes, as the printed edition shows them: the two new rows of the
    # revision table (the amendment and the release with its proposed record), the reworded
    # sentence of Phạm vi (only the words that changed), the dossier row removed and the next
    # one renumbered, the flowchart drawn again (its text, in its shapes, checked below), step
    # 2's duration, the new step's row and the steps renumbered after it
    record = ("Ban hành lần 2: Bỏ thành phần hồ sơ “Giấy tờ tùy thân của người đi đăng ký "
              "(xuất trình)”; sửa bước 2 (thời gian); bổ sung bước 3 “Kiểm tra lại thông tin "
              "trước khi trình ký”; sửa nội dung mục “Phạm vi”")
    assert [t for k, t in changes if k == "ins"] == [
        "2", "10/02/2026", "QT-10: bổ sung bước kiểm tra trước khi trình ký", "01/01",
        "3", "01/03/2026", "Mục 2, 5.2, 5.7, 5.8 (bước 2, 3)", record, "00/02",
        "Phong, kể cả trẻ em bị bỏ rơi. ",
        "3",
        "2 ",
        "B3", "Kiểm tra lại thông tin trước khi trình ký", "Công chức Tư pháp - Hộ tịch",
        "1 giờ", "Hồ sơ đã kiểm tra",
        "B4", "B5", "B6",
    ]
    assert [t for k, t in changes if k == "del"] == [
        "Phong. ",
        "3", "Giấy tờ tùy thân của người đi đăng ký (xuất trình)",
        "Không phải xuất trình nếu thông tin đã được khai thác từ Cơ sở dữ liệu quốc gia về "
        "dân cư.",
        "4",
        "3 ",
        "B3", "B4", "B5",
    ]
    # The flowchart: the old drawing deleted whole, the new one (with the new step) inserted.
    drawn = tracked(red, drawings=True)
    inserted = " ".join(t for k, t in drawn if k == "ins")
    deleted = " ".join(t for k, t in drawn if k == "del")
    assert "Kiểm tra lại thông tin trước khi trình ký" in inserted
    assert "Kiểm tra lại thông tin trước khi trình ký" not in deleted
    assert "Bắt đầu" in inserted and "Bắt đầu" in deleted
    # author and date from the commit that made the change
    xml = _document_xml(red)
    assert 'w:author="Trương Văn Hải"' in xml
    assert 'w:date="2026-02-10T03:00:00Z"' in xml


def _document_xml(data: bytes) -> str:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml").decode("utf-8")


def test_libreoffice_converts_the_redline_with_changes_shown(
        redlined: tuple[bytes, bytes, bytes, Path], tmp_path: Path) -> None:
    from qmsdoc.render.libreoffice import convert, find_soffice

    soffice = find_soffice()
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    red = redlined[0]
    result = convert(soffice, {"QT-10.redline.docx": red})["QT-10.redline.docx"]
    assert result.pdf is not None, result
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(result.pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    text = " ".join(text.split())
    # a review shows both: the deleted item (struck through) and the inserted step
    assert "Giấy tờ tùy thân của người đi đăng ký" in text
    assert "Kiểm tra lại thông tin trước khi trình ký" in text


# ------------------------------------------------------------------ the tree diff


MARKS = Marks("Người sửa", None)


def _accept(content: tuple) -> str:  # type: ignore[type-arg]
    return plain_text(content)


def _reject(content: tuple) -> str:  # type: ignore[type-arg]
    out = []
    for node in content:
        if isinstance(node, Tracked):
            if node.revision.kind.value == "del":
                out.append(plain_text(node.content))
        else:
            out.append(plain_text((node,)))
    return "".join(out)


@pytest.mark.parametrize(("old", "new"), [
    ("Bảo đảm đúng quy định và đúng thời hạn.", "Bảo đảm đúng pháp luật và đúng thời hạn."),
    ("", "Một câu mới."),
    ("Một câu cũ.", ""),
    ("a  b   c", "a b c d"),
    ("Giống hệt.", "Giống hệt."),
])
def test_inline_diff_accepts_to_new_and_rejects_to_old(old: str, new: str) -> None:
    out = diff_inlines((Text(old),) if old else (), (Text(new),) if new else (), MARKS)
    assert _accept(out) == new
    assert _reject(out) == old
    if old == new:
        assert out == (Text(new),)


def test_formatting_is_kept_around_tracked_words() -> None:
    old = (Strong((Text("Điều 1."),)), Text(" Ban hành quy trình cũ."))
    new = (Strong((Text("Điều 1."),)), Text(" Ban hành quy trình mới."))
    out = diff_inlines(old, new, MARKS)
    assert out[0] == Strong((Text("Điều 1. "),)) or isinstance(out[0], Strong)
    assert _accept(out) == plain_text(new)
    assert _reject(out) == plain_text(old)


def test_blocks_renumbered_heading_and_inserted_paragraph() -> None:
    old = (Heading(2, (Text("Thời hạn"),), "5.2"), Paragraph((Text("Một ngày."),)))
    new = (Heading(2, (Text("Hồ sơ"),), "5.2"), Paragraph((Text("Hai bản."),)),
           Heading(2, (Text("Thời hạn"),), "5.3"), Paragraph((Text("Một ngày."),)))
    out = diff_blocks(old, new, MARKS)
    # (block_text prints a heading's number without the writers' ". ")
    assert block_text(out).replace("5.3. ", "5.3 ") == block_text(new)
    heading = next(b for b in out if isinstance(b, Heading) and "Thời hạn" in plain_text(
        b.content))
    assert heading.number is None  # the number is tracked text: 5.2 deleted, 5.3 inserted
    assert plain_text(heading.content) == "5.3. Thời hạn"


def test_the_typst_writer_shows_the_new_text_of_a_redline() -> None:
    """A writer without change tracking prints the new edition: inserted text, inserted rows
    and blocks; nothing deleted."""
    import json as json_

    from qmsdoc.render.tree import HeaderFields, PageHeader, Row, Table, TrackedBlocks
    from qmsdoc.render.typst.data import document_data

    blocks = (
        Paragraph(diff_inlines((Text("đúng quy định"),), (Text("đúng pháp luật"),), MARKS)),
        TrackedBlocks((Paragraph((Text("ĐOẠN ĐÃ XÓA"),)),), MARKS.delete),
        TrackedBlocks((Paragraph((Text("Đoạn mới"),)),), MARKS.ins),
        Table((Row((Cell((Paragraph((Text("HÀNG ĐÃ XÓA"),)),)),), MARKS.delete),
               Row((Cell((Paragraph((Text("Hàng mới"),)),)),), MARKS.ins)), (1.0,)),
    )
    doc = RenderedDocument("procedure", HeaderFields("Tổ chức", "Tên", "QT-1", "01", ""),
                           PageHeader(()), blocks)
    data = document_data(doc, images={}, logo=None, body_font="Times New Roman",
                         mono_font="DejaVu Sans Mono")
    text = json_.dumps(data.data, ensure_ascii=False)
    assert "pháp luật" in text and "Đoạn mới" in text and "Hàng mới" in text
    assert "quy định" not in text and "ĐÃ XÓA" not in text
