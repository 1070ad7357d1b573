"""QMS710–QMS713: why the revision history is off or incomplete, noted while reading Git.

:func:`qmsdoc.history.load_history` notes them (``History.note``); ``History.notices`` words
them for the commands that show history, and ``qmsdoc check`` reports them through the check
each one carries, which reads the notes of the context's history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from qmsdoc.diagnostics import Severity as S
from qmsdoc.diagnostics.registry import Finding, define


def _noted(code: str) -> Callable[[Any], Iterator[Finding]]:
    """The check of a notice: the places ``load_history`` noted it (the rules' context)."""

    def check(ctx: Any) -> Iterator[Finding]:
        yield from ctx.history.findings(code)

    return check

HISTORY_OFF = define(
    "QMS710", "history-off", S.INFO,
    "Lịch sử sửa đổi đang tắt: {reason_vi}",
    "Revision history is off: {reason_en}",
    hint_vi="Đưa thư mục vào một kho Git (git init, git add, git commit) để có bảng theo dõi "
    "sửa đổi và trạng thái dự thảo/ban hành; trong lúc đó bảng sửa đổi lấy từ edition/issued.",
    hint_en="Put the folder under Git (git init, git add, git commit) for revision tables and "
    "draft/released states; meanwhile the revision table comes from edition/issued.",
    check=_noted("QMS710"),
)

SHALLOW_CLONE = define(
    "QMS711", "shallow-clone", S.WARNING,
    "Kho Git là bản sao nông (shallow clone): lịch sử sửa đổi chỉ gồm {commits} commit gần "
    "nhất và có thể thiếu",
    "The Git repository is a shallow clone: the revision history holds only the latest "
    "{commits} commit(s) and may be incomplete",
    hint_vi="Lấy đủ lịch sử: git fetch --unshallow --tags (GitHub Actions: actions/checkout "
    "với fetch-depth: 0).",
    hint_en="Fetch the full history: git fetch --unshallow --tags (GitHub Actions: "
    "actions/checkout with fetch-depth: 0).",
    check=_noted("QMS711"),
)

GIT_UNAVAILABLE = define(
    "QMS712", "git-unavailable", S.WARNING,
    "Không đọc được lịch sử Git: {reason_vi}",
    "Cannot read the Git history: {reason_en}",
    hint_vi="Cài Git hoặc sửa lỗi trên; trong lúc đó bảng sửa đổi lấy từ edition/issued.",
    hint_en="Install Git or fix the error; meanwhile the revision table comes from "
    "edition/issued.",
    check=_noted("QMS712"),
)

NO_COMMITS = define(
    "QMS713", "no-commits", S.INFO,
    "Kho Git chưa có commit nào: mọi tài liệu đều là bản dự thảo",
    "The Git repository has no commit yet: every document is a draft",
    hint_vi="Commit tài liệu (git add . && git commit), rồi chạy `qmsdoc release`.",
    hint_en="Commit the documents (git add . && git commit), then run `qmsdoc release`.",
    check=_noted("QMS713"),
)

#: The notices by code, for :attr:`qmsdoc.history.History.notices`.
NOTICES = {r.code: r for r in (HISTORY_OFF, SHALLOW_CLONE, GIT_UNAVAILABLE, NO_COMMITS)}
