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
from typing import TYPE_CHECKING, Any, Protocol

from qmsdoc.diagnostics import Diagnostic, QmsdocError, Severity
from qmsdoc.load import problems as codes
from qmsdoc.load.discover import Candidate, NotRegular, TooLarge, discover, find_config, read_source
from qmsdoc.model.span import Span

# The parser and the model are imported where they are used, so that the light parts of this
# package (discover, read_settings, no_cyclic_gc) load fast: the history cache needs neither
# (qmsdoc.load.frontmatter_only). The messages (load.problems) are light and imported above.
if TYPE_CHECKING:
    from qmsdoc.load.files import FileResult
    from qmsdoc.model.config import Limits, QmsConfig
    from qmsdoc.model.repository import Repository


class KeptFiles(Protocol):
    """Results of files loaded by an earlier run, which the loader may take instead of loading
    a file again (:class:`qmsdoc.cache.loaded.LoadedFiles`): a result depends only on the
    file's path, bytes and limits."""

    def get(self, rel: str, data: bytes, limits: Limits) -> FileResult | None: ...

    def put(self, rel: str, data: bytes, limits: Limits, result: FileResult) -> None: ...

    def summary(self, rel: str, data: bytes, limits: Limits) -> Any | None: ...


class NotARepository(QmsdocError):
    """The path is not a QMS repository (no qms.yaml); the CLI exits with status 2."""

    def __init__(self, path: Path, vi: str, en: str) -> None:
        super().__init__(vi, en)
        self.path = path


@dataclass
class LoadResult:
    repo: Repository
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: One diagnostic per source file or folder that was found but not loaded (unreadable,
    #: too large, not a regular file, not parsed, nested repository…): why it was skipped.
    #: Commands that show no full diagnostics (coverage, due) still report these.
    skipped: list[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ReadSettings:
    """Which files the loader reads and with what limits, from qms.yaml (or the defaults).

    One derivation for :func:`load_repository` and the history command's metadata loader
    (:mod:`qmsdoc.load.frontmatter_only`), so both always see the same documents.
    """

    limits: Limits  # every value set and within its ceiling (LIMIT_CEILINGS)
    output_dir: str | None
    exclude: list[str]
    max_documents: int
    max_file_bytes: int
    #: (key, value given, value used) of each limit of qms.yaml outside 1…its ceiling.
    limit_problems: tuple[tuple[str, int, int], ...] = ()


def read_settings(config: QmsConfig | None) -> ReadSettings:
    """The settings of ``config``; ``read_settings(None)`` also applies to qms.yaml itself.

    A limit above its hard ceiling is replaced by the ceiling, one below 1 by its default
    (both listed in ``limit_problems``, reported as QMS020 by the loader).
    """
    from dataclasses import replace

    from qmsdoc.model.config import LIMIT_CEILINGS, Limits

    defaults = Limits()
    given = config.limits if config and config.limits else None
    used: dict[str, int] = {}
    problems: list[tuple[str, int, int]] = []
    for key, ceiling in LIMIT_CEILINGS.items():
        default: int = getattr(defaults, key)
        value = getattr(given, key) if given is not None else None
        if not isinstance(value, int) or isinstance(value, bool):
            used[key] = default
        elif value < 1:
            used[key] = default
            problems.append((key, value, default))
        elif value > ceiling:
            used[key] = ceiling
            problems.append((key, value, ceiling))
        else:
            used[key] = value
    values: dict[str, Any] = dict(used)  # (mypy: **kwargs of a dataclass with other fields)
    limits = replace(given, **values) if given is not None else Limits(**values)
    return ReadSettings(
        limits=limits,
        output_dir=config.output.dir if config and config.output else "_build",
        exclude=list(config.exclude) if config else [],
        max_documents=used["max_documents"],
        max_file_bytes=used["max_file_bytes"],
        limit_problems=tuple(problems))


def _read(path: Path, rel: str, limit: int, *, follow: bool = True) -> bytes | Diagnostic:
    """The file's bytes, read by its actual size and never from a FIFO or device."""

    try:
        return read_source(path, limit, follow=follow)
    except TooLarge as e:
        return codes.FILE_TOO_LARGE.make(Span(rel, 1, 1), size=e.size, limit=e.limit)
    except NotRegular:
        return codes.SPECIAL_FILE.make(Span(rel, 1, 1), what_vi=_SPECIAL_VI["other"],
                                        what_en=_SPECIAL_EN["other"])
    except OSError as e:
        return codes.UNREADABLE.make(Span(rel, 1, 1), reason=e.strerror or str(e))


_SPECIAL_VI = {"fifo": "một ống dẫn có tên (FIFO)", "socket": "một socket",
               "device": "một tệp thiết bị", "other": "một tệp đặc biệt"}
_SPECIAL_EN = {"fifo": "a named pipe (FIFO)", "socket": "a socket", "device": "a device file",
               "other": "a special file"}


def candidate_diagnostic(cand: Candidate) -> Diagnostic:
    """Why a file or folder that discovery found (with a ``problem``) is not read."""

    span = Span(cand.rel, 1, 1)
    if cand.problem == "special":
        kind = cand.detail if cand.detail in _SPECIAL_VI else "other"
        return codes.SPECIAL_FILE.make(span, what_vi=_SPECIAL_VI[kind],
                                        what_en=_SPECIAL_EN[kind])
    if cand.problem == "bad-name":
        return codes.BAD_FILE_NAME.make(span)
    if cand.problem == "too-deep":
        return codes.FOLDER_TOO_DEEP.make(span, limit=cand.detail)
    if cand.problem == "nested-repo":
        return codes.NESTED_REPOSITORY.make(span, marker=cand.detail)
    if cand.problem == "folder-unreadable":
        return codes.UNREADABLE.make(span, reason=cand.detail)
    return codes.UNREADABLE.make(span, reason=_LINK_REASON.get(cand.problem, cand.problem))


def limit_diagnostics(settings: ReadSettings, config: QmsConfig | None,
                      cfg_rel: str) -> list[Diagnostic]:
    """QMS020 for each limit of qms.yaml outside its allowed range, at its line."""
    from qmsdoc.model.config import LIMIT_CEILINGS

    out = []
    for key, value, used in settings.limit_problems:
        lim = config.limits if config else None
        span = lim.at(key) if lim is not None and lim.has(key) else Span(cfg_rel, 1, 1)
        out.append(codes.LIMIT_OUT_OF_RANGE.make(span, key=key, value=value,
                                                  ceiling=LIMIT_CEILINGS[key], used=used))
    return out


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


def load_repository(root: Path, kept: KeptFiles | None = None) -> LoadResult:
    """Read every source file under ``root``; with ``kept``, a file whose bytes an earlier run
    loaded is taken from it, and each file loaded here is given to it.

    Raises NotARepository only when the root or its qms.yaml is missing.
    """
    with no_cyclic_gc():  # every command that loads benefits: check, build, history…
        return _load(Path(root), kept)


def _load(root: Path, kept: KeptFiles | None = None) -> LoadResult:
    from qmsdoc.load.files import load_file
    from qmsdoc.model.config import FORMAT_VERSION, QmsConfig
    from qmsdoc.model.documents import Document
    from qmsdoc.model.registers import Register
    from qmsdoc.model.repository import Repository, SourceFile

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
        sources[cfg_rel] = SourceFile(cfg_rel, text=res.text)
        if isinstance(res.obj, QmsConfig):
            config = res.obj
            if config.format_version and config.format_version > FORMAT_VERSION:
                diagnostics.append(codes.NEWER_FORMAT.make(
                    config.at("format_version"), found=config.format_version,
                    supported=FORMAT_VERSION))
    settings = read_settings(config)
    diagnostics.extend(limit_diagnostics(settings, config, cfg_rel))
    limits = settings.limits
    repo = Repository(root=root.resolve(), config=config, sources=sources)
    candidates = discover(root, settings.exclude, settings.output_dir)
    skipped: list[Diagnostic] = []
    max_docs = settings.max_documents
    if len(candidates) > max_docs:
        where = (config.limits.at("max_documents") if config and config.limits
                 and config.limits.has("max_documents") else Span(cfg_rel, 1, 1))
        too_many = codes.TOO_MANY_FILES.make(where, count=len(candidates), limit=max_docs)
        diagnostics.append(too_many)
        skipped.append(too_many)
    for cand in candidates[:max_docs]:
        if cand.problem:
            diag = candidate_diagnostic(cand)
            diagnostics.append(diag)
            skipped.append(diag)
            continue
        data = _read(cand.path, cand.rel, settings.max_file_bytes, follow=cand.is_link)
        if isinstance(data, Diagnostic):
            diagnostics.append(data)
            skipped.append(data)
            continue
        found = kept.get(cand.rel, data, limits) if kept is not None else None
        if found is None:
            found = load_file(cand.rel, data, limits)
            if kept is not None:
                kept.put(cand.rel, data, limits, found)
        res = found
        diagnostics.extend(res.diagnostics)
        if res.obj is None and (why := skip_reason(res.diagnostics)) is not None:
            skipped.append(why)
        if res.text:
            repo.sources[cand.rel] = SourceFile(cand.rel, text=res.text)
        if isinstance(res.obj, Document):
            repo.documents.append(res.obj)
        elif isinstance(res.obj, Register):
            repo.registers.append(res.obj)
    return LoadResult(repo, diagnostics, skipped)


def skip_reason(diagnostics: list[Diagnostic]) -> Diagnostic | None:
    """Of a file that loaded no object, the diagnostic saying why (its most severe one);
    None for a plain Markdown file (no front matter), which is simply not a qmsdoc file."""
    worst = [d for d in diagnostics if d.severity is not Severity.INFO]
    return max(worst, key=lambda d: d.severity.rank) if worst else None


def read_config(root: Path) -> QmsConfig | None:
    """The repository's qms.yaml as :func:`load_repository` reads it (bounded by the default
    ``max_file_bytes``, never from a FIFO or device, converted with the default limits), without
    its diagnostics; None when there is none or it cannot be read (the check says why)."""
    from qmsdoc.load.files import load_file
    from qmsdoc.model.config import QmsConfig

    cfg_path = find_config(root)
    if cfg_path is None:
        return None
    defaults = read_settings(None)  # qms.yaml itself is read with the default limits
    raw = _read(cfg_path, cfg_path.name, defaults.max_file_bytes)
    if isinstance(raw, Diagnostic):
        return None
    obj = load_file(cfg_path.name, raw, defaults.limits, is_config=True).obj
    return obj if isinstance(obj, QmsConfig) else None
