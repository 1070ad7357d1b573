"""Load a QMS repository: the only stage that reads source files.

``load_repository(root)`` discovers the files, reads each into a typed model object and returns
the :class:`~qmsdoc.model.repository.Repository` with every load diagnostic.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from qmsdoc.diagnostics import Diagnostic, QmsdocError
from qmsdoc.load.discover import discover, find_config

# The parser, the model and the rules' messages are imported where they are used, so that the
# light parts of this package (discover, read_settings, no_cyclic_gc) load fast: importing
# qmsdoc.rules takes ~0.1 s, and the history cache needs none of it (qmsdoc.history.documents).
if TYPE_CHECKING:
    from qmsdoc.model.config import Limits, QmsConfig
    from qmsdoc.model.repository import Repository


class NotARepository(QmsdocError):
    """The path is not a QMS repository (no qms.yaml); the CLI exits with status 2."""

    def __init__(self, path: Path, vi: str, en: str) -> None:
        super().__init__(vi, en)
        self.path = path


@dataclass
class LoadResult:
    repo: Repository
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ReadSettings:
    """Which files the loader reads and with what limits, from qms.yaml (or the defaults).

    One derivation for :func:`load_repository` and the history command's metadata loader
    (:mod:`qmsdoc.history.documents`), so both always see the same documents.
    """

    limits: Limits
    output_dir: str | None
    exclude: list[str]
    max_documents: int
    max_file_bytes: int


def read_settings(config: QmsConfig | None) -> ReadSettings:
    """The settings of ``config``; ``read_settings(None)`` also applies to qms.yaml itself."""
    from qmsdoc.model.config import Limits

    defaults = Limits()
    limits = (config.limits if config and config.limits else None) or defaults
    return ReadSettings(
        limits=limits,
        output_dir=config.output.dir if config and config.output else "_build",
        exclude=list(config.exclude) if config else [],
        max_documents=limits.max_documents or defaults.max_documents or 20_000,
        max_file_bytes=limits.max_file_bytes or 5_000_000)


def _read(path: Path, rel: str, limit: int) -> bytes | Diagnostic:
    from qmsdoc.model.span import Span
    from qmsdoc.rules import syntax

    try:
        size = path.stat().st_size
        if size > limit:
            return syntax.FILE_TOO_LARGE.make(Span(rel, 1, 1), size=size, limit=limit)
        with path.open("rb") as fh:
            return fh.read(limit + 1)
    except OSError as e:
        return syntax.UNREADABLE.make(Span(rel, 1, 1), reason=e.strerror or str(e))


_LINK_REASON = {"link-outside": "liên kết trỏ ra ngoài kho tài liệu / link leads outside the "
                "repository", "link-broken": "liên kết hỏng hoặc vòng lặp liên kết / broken "
                "link or link loop"}


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a repository is loaded and checked.

    Loading creates hundreds of thousands of long-lived objects without reference cycles; the
    collector only re-scans them again and again as they accumulate: a quarter of the CPU time
    at N = 400 and ~40 % at N = 2000 (docs/performance.md). Reference counting still frees
    everything that is dropped; the collector runs again as soon as the check is done.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_repository(root: Path) -> LoadResult:
    """Read every source file under ``root``.

    Raises NotARepository only when the root or its qms.yaml is missing.
    """
    with no_cyclic_gc():  # every command that loads benefits: check, build, history…
        return _load(Path(root))


def _load(root: Path) -> LoadResult:
    from qmsdoc.load.files import load_file
    from qmsdoc.model.config import FORMAT_VERSION, QmsConfig
    from qmsdoc.model.documents import Document
    from qmsdoc.model.registers import Register
    from qmsdoc.model.repository import Repository, SourceFile
    from qmsdoc.model.span import Span
    from qmsdoc.rules import syntax

    if not root.is_dir():
        raise NotARepository(root, f"Không tìm thấy thư mục {root}", f"No such folder: {root}")
    cfg_path = find_config(root)
    if cfg_path is None:
        raise NotARepository(
            root,
            f"{root} không phải kho tài liệu qmsdoc: không có tệp qms.yaml. "
            "Tạo mới bằng `qmsdoc init`.",
            f"{root} is not a qmsdoc repository: no qms.yaml. Create one with `qmsdoc init`.")
    diagnostics: list[Diagnostic] = []
    sources: dict[str, SourceFile] = {}
    cfg_rel = cfg_path.name
    defaults = read_settings(None)  # qms.yaml itself is read with the default limits
    raw = _read(cfg_path, cfg_rel, defaults.max_file_bytes)
    config: QmsConfig | None = None
    if isinstance(raw, Diagnostic):
        diagnostics.append(raw)
    else:
        res = load_file(cfg_rel, raw, defaults.limits, is_config=True)
        diagnostics.extend(res.diagnostics)
        sources[cfg_rel] = SourceFile(cfg_rel, tuple(res.text.splitlines()))
        if isinstance(res.obj, QmsConfig):
            config = res.obj
            if config.format_version and config.format_version > FORMAT_VERSION:
                diagnostics.append(syntax.NEWER_FORMAT.make(
                    config.at("format_version"), found=config.format_version,
                    supported=FORMAT_VERSION))
    settings = read_settings(config)
    limits = settings.limits
    repo = Repository(root=root.resolve(), config=config, sources=sources)
    candidates = discover(root, settings.exclude, settings.output_dir)
    max_docs = settings.max_documents
    if len(candidates) > max_docs:
        where = (config.limits.at("max_documents") if config and config.limits
                 and config.limits.has("max_documents") else Span(cfg_rel, 1, 1))
        diagnostics.append(syntax.TOO_MANY_FILES.make(where, count=len(candidates),
                                                      limit=max_docs))
    for cand in candidates[:max_docs]:
        if cand.problem:
            diagnostics.append(syntax.UNREADABLE.make(Span(cand.rel, 1, 1),
                                                      reason=_LINK_REASON[cand.problem]))
            continue
        data = _read(cand.path, cand.rel, settings.max_file_bytes)
        if isinstance(data, Diagnostic):
            diagnostics.append(data)
            continue
        res = load_file(cand.rel, data, limits)
        diagnostics.extend(res.diagnostics)
        if res.text:
            repo.sources[cand.rel] = SourceFile(cand.rel, tuple(res.text.splitlines()))
        if isinstance(res.obj, Document):
            repo.documents.append(res.obj)
        elif isinstance(res.obj, Register):
            repo.registers.append(res.obj)
    return LoadResult(repo, diagnostics)
