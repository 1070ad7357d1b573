"""The names of the files a build writes into its output folder, in one place.

``qmsdoc build`` (qmsdoc.build.plan) names the files and ``qmsdoc check`` (rule QMS110) tells
when two of them would be the same file, so both must agree on the names. Two names are the same
file when they are equal after NFC normalisation and case folding: Windows and macOS folders
ignore case, and macOS stores names decomposed.
"""

from __future__ import annotations

import unicodedata
from pathlib import PurePosixPath

MASTER_LIST = "danh-muc-tai-lieu"
COMBINED = "bo-tai-lieu-htqlcl"
COVERAGE = "ma-tran-dap-ung"
#: The set's own files besides the documents' (each with the writers' extensions).
SET_STEMS = {MASTER_LIST: "danh mục tài liệu / master list",
             COVERAGE: "ma trận đáp ứng / coverage matrix",
             COMBINED: "bộ tài liệu tổng hợp / combined manual"}
#: The pages of the static site (``-f html``) besides the documents' ``<code>.html``.
HOME = "index"
TTHC_LISTING = "thu-tuc-hanh-chinh"
LEGAL_REGISTER = "van-ban-phap-luat"
CALENDAR = "lich-cong-viec"
SEARCH = "tim-kiem"
SITE_STEMS = {HOME: "trang chủ / home page",
              TTHC_LISTING: "danh sách thủ tục hành chính / TTHC listing",
              LEGAL_REGISTER: "danh mục văn bản pháp luật / legal register",
              CALENDAR: "lịch công việc / maintenance calendar",
              SEARCH: "tìm kiếm / search"}
#: The site's scripts and style sheet (shipped in the package) and its search index.
SITE_ASSETS = ("qmsdoc.css", "qmsdoc.js")
SEARCH_INDEX = "search-index.js"
#: A document's "what changed" page is ``<code>`` + this suffix.
CHANGES_SUFFIX = ".thay-doi.html"
MANIFEST = "manifest.json"
CACHE_FILE = ".qmsdoc-cache.json"
LOCK_FILE = ".qmsdoc.lock"
#: Files of the output folder that are not outputs of a document.
OWN_FILES = (MANIFEST, CACHE_FILE, LOCK_FILE)
_UNSAFE = str.maketrans({c: "_" for c in '<>:"/\\|?*\x00'})


def safe_name(code: str) -> str:
    """A file name from a document code (NFC kept; characters Windows refuses replaced)."""
    return code.translate(_UNSAFE).strip(". ") or "_"


def copy_extension(source: str) -> str:
    """The extension of a form's own file copied into the set (``.bin`` when it has none)."""
    return PurePosixPath(source.replace("\\", "/")).suffix.lower() or ".bin"


def same_file_key(name: str) -> str:
    """What two names share when a file system may take them for the same file."""
    return unicodedata.normalize("NFC", name).casefold()
