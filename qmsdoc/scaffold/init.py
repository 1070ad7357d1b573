"""``qmsdoc init``: write a profile's template pack into a new folder and make the first commit."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from qmsdoc.atomic import write_atomic
from qmsdoc.diagnostics import QmsdocError
from qmsdoc.scaffold.packs import Organisation, PackError, render_pack

#: Author of the first commit when Git has no user.name/user.email configured.
FALLBACK_AUTHOR = ("qmsdoc init", "qmsdoc@localhost")
SCHEMA_DIR = ".qmsdoc/schema"


class InitError(QmsdocError):
    """``init`` refused or failed; ``usage`` errors exit with 2, others with 1."""

    def __init__(self, vi: str, en: str, *, usage: bool = True) -> None:
        super().__init__(vi, en)
        self.usage = usage


@dataclass(frozen=True)
class InitOptions:
    directory: Path
    profile: str
    org: str
    short_name: str | None = None
    place: str | None = None
    unit: str | None = None  # commune level: xa, phuong, dac-khu (None: from the name)
    git: bool = True
    force: bool = False
    today: dt.date | None = None  # the date written in the documents (default: today)


@dataclass
class InitResult:
    directory: Path
    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already there, left untouched
    commit: str | None = None
    author_fallback: bool = False
    git_note_vi: str = ""
    git_note_en: str = ""


def check_text_option(value: str | None, name: str) -> str | None:
    """A one-line option value, NFC and trimmed; raises InitError for control characters."""
    if value is None:
        return None
    import unicodedata

    text = " ".join(unicodedata.normalize("NFC", value).split())
    if any(ord(c) < 32 for c in value if c not in " \t") or len(text) > 300:
        raise InitError(f"{name} phải là một dòng văn bản (tối đa 300 ký tự).",
                        f"{name} must be one line of text (300 characters at most).")
    return text or None


def init_repository(opts: InitOptions) -> InitResult:
    """Render the pack into ``opts.directory``; never overwrites a file."""
    org = check_text_option(opts.org, "--org")
    if not org:
        raise InitError("Thiếu tên cơ quan, tổ chức (--org).", "The organisation name (--org) "
                        "is missing.")
    org_obj = Organisation(org, check_text_option(opts.short_name, "--short-name"),
                           check_text_option(opts.place, "--place"),
                           check_text_option(opts.unit, "--unit"))
    target = opts.directory
    if target.exists() and not target.is_dir():
        raise InitError(f"{target} đã tồn tại và không phải thư mục.",
                        f"{target} exists and is not a folder.")
    if target.is_dir() and any(target.iterdir()) and not opts.force:
        raise InitError(f"Thư mục {target} không trống; dùng --force để thêm các tệp còn thiếu "
                        "(không ghi đè tệp nào).",
                        f"The folder {target} is not empty; use --force to add the missing files "
                        "(no file is overwritten).")
    try:
        files = render_pack(opts.profile, org_obj, opts.today or dt.date.today())
    except PackError as e:
        raise InitError(e.vi, e.en) from e
    result = InitResult(target)
    try:
        for rel, data in files.items():
            path = target.joinpath(*rel.split("/"))
            if path.exists():
                result.skipped.append(rel)
                continue
            write_atomic(path, data)
            result.written.append(rel)
        _write_schemas(target)
    except OSError as e:
        raise InitError(f"Không ghi được tệp: {e}", f"Cannot write files: {e}",
                        usage=False) from e
    if opts.git:
        _first_commit(result, opts.profile)
    return result


def _write_schemas(target: Path) -> None:
    """JSON Schemas for the editor (``.vscode/settings.json`` points at them; not committed)."""
    from qmsdoc.model.reference import file_kinds, json_schema

    for kind in file_kinds():
        path = target / SCHEMA_DIR / f"{kind}.schema.json"
        if not path.exists():
            text = json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"
            write_atomic(path, text.encode("utf-8"))


def _first_commit(result: InitResult, profile: str) -> None:
    try:
        import git
    except ImportError as e:  # pragma: no cover - gitpython is a dependency
        raise InitError("Không dùng được Git (gitpython).", "Git (gitpython) is unavailable.",
                        usage=False) from e
    target = result.directory
    try:
        existing = git.Repo(target, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        existing = None
    except git.GitError as e:
        raise InitError(f"Lỗi Git: {e}", f"Git error: {e}", usage=False) from e
    if existing is not None:
        result.git_note_vi = (f"Thư mục đã nằm trong kho Git {existing.working_dir}: không tạo "
                              "kho mới, không commit; hãy tự commit các tệp mới.")
        result.git_note_en = (f"The folder is already inside the Git repository "
                              f"{existing.working_dir}: no new repository and no commit; commit "
                              "the new files yourself.")
        return
    try:
        repo = git.Repo.init(target)
        reader = repo.config_reader()
        name = reader.get_value("user", "name", default="")
        email = reader.get_value("user", "email", default="")
        if name and email:
            actor = git.Actor(str(name), str(email))
        else:
            actor = git.Actor(*FALLBACK_AUTHOR)
            result.author_fallback = True
        repo.index.add(sorted(result.written))
        message = (f"Khởi tạo bộ tài liệu HTQLCL ({profile}) bằng qmsdoc init\n\n"
                   f"Initial QMS document pack ({profile}) created by qmsdoc init.")
        commit = repo.index.commit(message, author=actor, committer=actor)
        result.commit = commit.hexsha
    except (git.GitError, OSError, ValueError) as e:
        raise InitError(f"Đã tạo các tệp nhưng không tạo được commit đầu tiên: {e}",
                        f"The files were written but the first commit failed: {e}",
                        usage=False) from e
