"""The files a build reads besides the sources: output folder, reference document, images.

The loader reads every source; these are the binary inputs it does not know about. Each is a
path inside the repository (no absolute path, no ``..`` out, no link leading outside), read with
a size limit.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from qmsdoc.diagnostics import QmsdocError
from qmsdoc.model.span import Span

if TYPE_CHECKING:  # the no-op test (noop.py) imports this module: not the model or a writer
    from qmsdoc.model.config import QmsConfig
    from qmsdoc.model.repository import Repository

MAX_BINARY_BYTES = 20_000_000
_PICTURE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM")


class BuildError(QmsdocError):
    """The build cannot start (output folder, reference document, template, --only)."""


def inside(root: Path, rel: str) -> Path | None:
    """``root/rel`` when it really is inside the repository, else None."""
    if not rel or Path(rel).is_absolute() or "\x00" in rel:
        return None
    path = root / rel
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        return None
    return path if resolved.is_relative_to(root.resolve()) else None


def configured_folder(root: Path, rel: str) -> Path:
    """The output folder ``output.dir`` of qms.yaml names: a real sub-folder of the repository,
    reached without a symbolic link (a link committed in its place could lead the build's
    writes anywhere)."""
    parts = PurePosixPath(rel.replace("\\", "/")).parts if rel else ()
    if (not parts or "\x00" in rel or Path(rel).is_absolute() or rel.startswith(("/", "\\"))
            or any(p in ("..", ".") for p in parts)):
        raise BuildError(
            f'output.dir "{rel}" phải là một thư mục con trong kho tài liệu (ví dụ _build).',
            f'output.dir "{rel}" must be a sub-folder of the repository (e.g. _build).')
    folder = root
    for part in parts:
        folder = folder / part
        try:
            st = os.lstat(folder)
        except FileNotFoundError:
            break  # made by the build, as a real folder
        except OSError:
            continue  # reported by output_dir (cannot write)
        if stat.S_ISLNK(st.st_mode) or not stat.S_ISDIR(st.st_mode):
            what_vi = "là một liên kết (symlink)" if stat.S_ISLNK(st.st_mode) else \
                "không phải là thư mục"
            what_en = "is a symbolic link" if stat.S_ISLNK(st.st_mode) else "is not a folder"
            raise BuildError(
                f'output.dir "{rel}": {folder.relative_to(root).as_posix()} {what_vi}; '
                "qmsdoc chỉ ghi vào một thư mục thật trong kho tài liệu.",
                f'output.dir "{rel}": {folder.relative_to(root).as_posix()} {what_en}; '
                "qmsdoc only writes into a real folder of the repository.")
    return root.joinpath(*parts)


def chosen_folder(root: Path, override: Path, configured: str | None) -> Path:
    """The output folder given with ``--out`` (the user's choice: a link in it is followed
    once, here). Inside the repository only the configured ``output.dir`` is accepted: any
    other folder there is part of the source tree."""
    out = Path(override).resolve()
    home = root.resolve()
    if out == home or home.is_relative_to(out):
        raise BuildError(
            f"Thư mục xuất bản {override} chứa kho tài liệu; chọn một thư mục riêng.",
            f"The output folder {override} contains the repository; choose a folder of its "
            "own.")
    if out.is_relative_to(home):
        allowed = None
        if configured is not None:
            with contextlib.suppress(BuildError, OSError):
                allowed = configured_folder(home, configured)
        if allowed != out:
            raise BuildError(
                f"Thư mục xuất bản {override} nằm trong kho tài liệu nhưng không phải output.dir "
                f'("{configured or "_build"}"); đặt output.dir trong qms.yaml hoặc chọn một thư '
                "mục ngoài kho.",
                f"The output folder {override} is inside the repository but is not its "
                f'output.dir ("{configured or "_build"}"); set output.dir in qms.yaml or choose '
                "a folder outside the repository.")
    return out


def output_dir(root: Path, repo: Repository, override: Path | None) -> Path:
    """The output folder (``--out``, else ``output.dir`` inside the repository), writable."""
    setting = (repo.config.output.dir if repo.config and repo.config.output else None)
    rel = (setting or "_build").strip()
    if override is not None:
        out = chosen_folder(root, override, rel)
    else:
        out = configured_folder(root, rel)
        no_sources_inside(root, repo.config, rel)
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".qmsdoc-probe-", dir=out)
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        reason = e.strerror or str(e)
        raise BuildError(
            f"Không ghi được vào thư mục xuất bản {out}: {reason}. Chọn thư mục khác bằng --out "
            "hoặc kiểm tra quyền ghi.",
            f"Cannot write to the output folder {out}: {reason}. Choose another with --out or "
            "check its permissions.") from None
    return out


def no_sources_inside(root: Path, config: QmsConfig | None, rel: str) -> None:
    """The loader never reads the output folder: a configured folder holding sources would
    drop them silently (QMS812)."""
    parts = PurePosixPath(rel.replace("\\", "/")).parts
    if any(p.startswith(("_", ".")) for p in parts):
        return  # a folder the loader never reads anyway
    from qmsdoc.build.problems import SOURCES_IN_OUTPUT
    from qmsdoc.load.discover import discover

    prefix = "/".join(parts) + "/"
    exclude = list(config.exclude) if config else []
    found = [c.rel for c in discover(root, exclude, None) if c.rel.startswith(prefix)]
    if found:
        output = config.output if config else None
        span = output.at("dir") if output is not None and "dir" in output.present else None
        d = SOURCES_IN_OUTPUT.make(span or Span("qms.yaml", 1, 1), out=rel, count=len(found),
                                   example=found[0])
        where = f"{d.span.path}:{d.span.line}:{d.span.column}: {d.code} "
        raise BuildError(where + d.vi + " " + d.hint_vi, where + d.en + " " + d.hint_en)


def read_reference(root: Path, repo: Repository) -> bytes | None:
    """The bytes of ``output.reference_docx``; a missing or broken file stops the build."""
    rel = repo.config.output.reference_docx if repo.config and repo.config.output else None
    if not rel:
        return None
    path = inside(root, rel)
    problem_vi = problem_en = ""
    data = b""
    if path is None:
        problem_vi, problem_en = ("đường dẫn phải nằm trong kho tài liệu.",
                                  "it must be inside the repository.")
    else:
        try:
            if path.exists() and not path.is_file():  # a pipe would block the read
                problem_vi, problem_en = ("không phải tệp thông thường (thư mục, pipe hoặc "
                                          "thiết bị).", "not a regular file (a folder, a pipe "
                                          "or a device).")
            elif (size := path.stat().st_size) > MAX_BINARY_BYTES:
                problem_vi, problem_en = (
                    f"tệp quá lớn ({size:,} byte, giới hạn {MAX_BINARY_BYTES:,} byte).",
                    f"the file is too large ({size:,} bytes, the limit is "
                    f"{MAX_BINARY_BYTES:,}).")
            else:
                data = path.read_bytes()
        except OSError as e:
            problem_vi = problem_en = f"{e.strerror or e}."
    if not problem_vi:  # bounded inflation, required parts, opened as the writer opens it
        from qmsdoc.render.docx.reference import reference_problem

        problem_vi, problem_en = reference_problem(data) or ("", "")
    if problem_vi:
        span = repo.config.output.at("reference_docx") if repo.config and \
            repo.config.output else None
        where = f"{span.path}:{span.line}:{span.column}: " if span and span.path else ""
        raise BuildError(
            f'{where}Tệp Word mẫu "{rel}" (output.reference_docx) không dùng được: '
            f"{problem_vi}",
            f'{where}The reference document "{rel}" (output.reference_docx) cannot be used: '
            f"{problem_en}")
    return data


def read_binary(root: Path, rel: str, *, picture: bool = False) -> bytes | None:
    """A binary file inside the repository (a picture when ``picture``), or None."""
    path = inside(root, rel)
    if path is None:
        return None
    try:
        if not path.is_file() or path.stat().st_size > MAX_BINARY_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    if picture and not data.startswith(_PICTURE_MAGIC):
        return None
    return data
