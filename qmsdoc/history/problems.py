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


# -- QMS725–QMS728: the list of an amending decision ------------------------------------------
# Reported by ``qmsdoc build`` (the command composes history, the diff's proposals and the
# build) for a decision with ``purpose: sua-doi`` and an empty body, whose Article 1 lists the
# documents its release amends; not checks (they need the release plan).

AMENDMENTS_UNAVAILABLE = define(
    "QMS725", "amendment-list-unavailable", S.WARNING,
    "Quyết định sửa đổi {code} không tự liệt kê được các tài liệu sửa đổi: {reason_vi}",
    "The amending decision {code} cannot list the amended documents itself: {reason_en}",
    hint_vi="Build trong kho Git có đủ lịch sử và các thẻ qms/… (git fetch --unshallow --tags), "
    "hoặc viết Điều 1 và danh sách tài liệu trong phần nội dung Markdown của quyết định.",
    hint_en="Build in a Git repository with its full history and qms/… tags (git fetch "
    "--unshallow --tags), or write Article 1 and the list in the decision's Markdown body.",
)

DECISION_RELEASE_UNKNOWN = define(
    "QMS726", "decision-release-unknown", S.WARNING,
    "release: {release} của quyết định {code} không phải lần phát hành nào của kho (có: "
    "{known})",
    "release: {release} of the decision {code} is no release of the repository (there are: "
    "{known})",
    hint_vi="Ghi thẻ của một lần phát hành (xem qmsdoc history hoặc git tag -l 'qms/*'), hoặc "
    "bỏ release: để quyết định liệt kê lần phát hành ban hành chính nó.",
    hint_en="Name the tag of a release (see qmsdoc history or git tag -l 'qms/*'), or leave "
    "release: out so the decision lists the release that issues it.",
)

NOTHING_AMENDED = define(
    "QMS727", "nothing-amended", S.WARNING,
    "{release_vi} không sửa đổi tài liệu nào: Điều 1 của quyết định sửa đổi {code} không có "
    "danh sách tài liệu",
    "{release_en} amends no document: Article 1 of the amending decision {code} lists none",
    hint_vi="Commit các sửa đổi của tài liệu (dòng Sửa-đổi: trong commit ghi nội dung sửa đổi) "
    "trước khi phát hành; nếu quyết định thuộc một lần phát hành khác, ghi release: qms/…; "
    "hoặc viết danh sách trong phần nội dung của quyết định.",
    hint_en="Commit the documents' amendments (a Sửa-đổi: line in the commit states the "
    "change) before releasing; if the decision belongs to another release, set release: "
    "qms/…; or write the list in the decision's body.",
)

AMENDMENTS_UNCOMMITTED = define(
    "QMS728", "amendments-uncommitted", S.INFO,
    "Danh sách tài liệu sửa đổi của quyết định {code} lấy từ các commit, như qmsdoc release: "
    "thay đổi chưa commit của {files} chưa có trong danh sách",
    "The amended documents the decision {code} lists come from the commits, as for qmsdoc "
    "release: the uncommitted changes of {files} are not in the list",
    hint_vi="Commit các thay đổi (kèm dòng Sửa-đổi: nếu muốn ghi nội dung sửa đổi) rồi build "
    "lại.",
    hint_en="Commit the changes (with a Sửa-đổi: line to state the change), then build again.",
)
