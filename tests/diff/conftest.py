"""Scratch repositories for the diff tests: a copy of sample_manual with two releases between
which QT-10 gains a step, loses a dossier item, has a step's duration changed and its Phạm vi
section reworded (a commit without Sửa-đổi:/Vị-trí: trailers)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from qmsdoc_testing import isolated_git

from tests.history.conftest import (  # noqa: F401  (_isolated_git: the autouse fixture)
    _isolated_git,
    amend,
    copy_sample,
    git,
    init_repo,
    release,
)

PROC = "quy-trinh-tthc/QT-10-dang-ky-khai-sinh.md"

NEW_STEP = """\
  - action: Kiểm tra lại thông tin trước khi trình ký
    responsible: cong-chuc-tu-phap
    duration: 1 giờ
    output: Hồ sơ đã kiểm tra
"""

DROPPED_ITEM = """\
  - name: Giấy tờ tùy thân của người đi đăng ký (xuất trình)
    note: Không phải xuất trình nếu thông tin đã được khai thác từ Cơ sở dữ liệu quốc gia về dân cư.
"""


def amend_qt10(root: Path) -> None:
    """The four edits of the issue's scenario."""
    amend(root, PROC, DROPPED_ITEM, "")
    amend(root, PROC, "    responsible: cong-chuc-tu-phap\n    duration: 3 giờ\n",
          "    responsible: cong-chuc-tu-phap\n    duration: 2 giờ\n")
    amend(root, PROC, "  - action: Xem xét, ký Giấy khai sinh\n",
          NEW_STEP + "  - action: Xem xét, ký Giấy khai sinh\n")
    amend(root, PROC, "tại xã Hòa Phong. Không áp dụng",
          "tại xã Hòa Phong, kể cả trẻ em bị bỏ rơi. Không áp dụng")


@dataclass
class Editions:
    root: Path
    tags: tuple[str, str]


def build_editions(root: Path) -> Editions:
    copy_sample(root)
    init_repo(root)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Nhập bộ tài liệu HTQLCL", date="2026-01-20T09:00:00+07:00")
    tag1 = release(root, "2026-02-01")
    amend_qt10(root)
    git(root, "commit", "-q", "-a", "-m", "QT-10: bổ sung bước kiểm tra trước khi trình ký",
        date="2026-02-10T10:00:00+07:00", author="Trương Văn Hải")
    tag2 = release(root, "2026-03-01")
    return Editions(root, (tag1, tag2))


@pytest.fixture(scope="session")
def editions_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Editions]:
    base = tmp_path_factory.mktemp("diff-template")
    with isolated_git(base):
        yield build_editions(base / "qms")


@pytest.fixture
def editions(editions_template: Editions, tmp_path: Path) -> Editions:
    """A copy of the template each test may change."""
    root = tmp_path / "qms"
    shutil.copytree(editions_template.root, root, symlinks=True)
    return Editions(root, editions_template.tags)
