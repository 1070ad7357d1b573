"""The files a build reads besides the sources: output folder, reference document, images.

The loader reads every source; these are the binary inputs it does not know about. Each is a
path inside the repository (no absolute path, no ``..`` out, no link leading outside), read with
a size limit.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from qmsdoc.diagnostics import QmsdocError
from qmsdoc.model.repository import Repository
from qmsdoc.render.docx.reference import reference_problem

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


def output_dir(root: Path, repo: Repository, override: Path | None) -> Path:
    """The output folder (``--out``, else ``output.dir`` inside the repository), writable."""
    if override is not None:
        out = Path(override)
    else:
        setting = (repo.config.output.dir if repo.config and repo.config.output else None)
        rel = (setting or "_build").strip()
        candidate = inside(root, rel)
        if candidate is None or candidate.resolve() == root.resolve():
            raise BuildError(
                f'output.dir "{rel}" phải là một thư mục con trong kho tài liệu (ví dụ _build).',
                f'output.dir "{rel}" must be a sub-folder of the repository (e.g. _build).')
        out = candidate
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
