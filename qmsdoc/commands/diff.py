"""``qmsdoc diff [FROM] [TO] [CODE…]``: what changed between two editions, and Word redlines.

Composes the diff stage (:mod:`qmsdoc.diff`: two states loaded, compared, redlines composed)
with the DOCX writer, and writes the redlines into the folder given with ``--docx`` (outside
the repository, or inside its output folder), one file per changed document, atomically.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from qmsdoc.atomic import write_atomic
from qmsdoc.diagnostics import QmsdocError
from qmsdoc.diff import WORKTREE, Comparison, DiffError, compare
from qmsdoc.diff import report as diff_report
from qmsdoc.load import NotARepository


@dataclass(frozen=True)
class Options:
    path: Path = Path(".")
    old: str | None = None  # FROM: default the last release
    new: str | None = None  # TO: default the working tree
    codes: tuple[str, ...] = ()
    docx: Path | None = None  # write the redlines here
    #: The command line's positional arguments ([FROM] [TO] [CODE…]), split by run();
    #: when given, they replace old, new and codes.
    arguments: tuple[str, ...] | None = None


@dataclass
class Result:
    status: int
    comparison: Comparison | None = None
    written: list[Path] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # redlines without a tracked change
    copied: list[str] = field(default_factory=list)  # forms built from their own Word file
    error: tuple[str, str] | None = None

    def text(self, en: bool = False) -> str:
        return diff_report.text(self.comparison, en) if self.comparison else ""

    def markdown(self, en: bool = False) -> str:
        return diff_report.markdown(self.comparison, en) if self.comparison else ""

    def json(self) -> dict[str, object]:
        out = self.comparison.json() if self.comparison else {}
        if self.written:
            out["redlines"] = [str(p) for p in self.written]
        return out


def split_arguments(args: list[str], root: Path) -> tuple[str | None, str | None, list[str]]:
    """FROM, TO and codes from the positional arguments: up to two leading arguments that
    Git knows as revisions (or ``-``/``WORKTREE``: the working tree) are FROM and TO, the rest
    are document codes. Raises DiffError (no Git)."""
    from qmsdoc.diff.snapshot import is_revision, open_git

    g = open_git(Path(root).resolve())
    revisions: list[str] = []
    codes: list[str] = []
    for a in args:
        if not codes and len(revisions) < 2 and (a in ("-", WORKTREE) or is_revision(g, a)):
            revisions.append(WORKTREE if a in ("-", WORKTREE) else a)
        else:
            codes.append(a)
    old = revisions[0] if revisions else None
    new = revisions[1] if len(revisions) > 1 else None
    if old == WORKTREE:
        raise DiffError("Phiên bản gốc (FROM) phải là một phiên bản Git, không phải thư mục làm "
                        "việc.", "FROM must be a Git revision, not the working tree.")
    return old, new, codes


_UNSAFE = re.compile(r"[^\w.-]+", re.UNICODE)


def redline_name(code: str, path: str) -> str:
    """``QT-10.redline.docx``: the code (else the file's name) with anything but letters,
    digits, ``.``, ``-`` and ``_`` replaced, so that the name stays in the folder."""
    name = _UNSAFE.sub("-", code or Path(path).stem).strip("-.") or "document"
    return f"{name}.redline.docx"


def _out_folder(root: Path, out: Path) -> tuple[Path, Path]:
    """(the redline folder, the folder from which sub-folders are made without following
    links): outside the repository, or inside its output folder (``_build``)."""
    from qmsdoc.build.inputs import BuildError, configured_folder
    from qmsdoc.load import read_config

    target = Path(out).resolve()
    home = root.resolve()
    if target == home or home.is_relative_to(target):
        raise DiffError(f"Thư mục {out} chứa kho tài liệu; chọn một thư mục riêng cho bản so "
                        "sánh.", f"The folder {out} contains the repository; choose a folder "
                        "of its own for the redlines.")
    if target.is_relative_to(home):
        config = read_config(home)
        rel = (config.output.dir if config and config.output and config.output.dir
               else "_build")
        try:
            allowed = configured_folder(home, rel).resolve()
        except BuildError as e:
            raise DiffError(e.vi, e.en) from None
        if not target.is_relative_to(allowed):
            raise DiffError(f"Thư mục {out} nằm trong kho tài liệu nhưng ngoài thư mục xuất bản "
                            f"({rel}): chọn {rel}/… hoặc một thư mục ngoài kho.",
                            f"The folder {out} is inside the repository but outside its output "
                            f"folder ({rel}): choose {rel}/… or a folder outside the "
                            "repository.")
        allowed.mkdir(exist_ok=True)  # checked free of links by configured_folder
        return target, allowed
    target.mkdir(parents=True, exist_ok=True)  # the user's own folder
    return target, target


def _write_redlines(cmp: Comparison, out: Path) -> tuple[list[Path], list[str], list[str]]:
    from qmsdoc.diff.word import redlines
    from qmsdoc.render.docx import write_docx
    from qmsdoc.render.images import read_pictures
    from qmsdoc.render.writers import WriterOptions

    root = cmp.new.repo.root
    folder, within = _out_folder(root, out)
    reference = _reference(root, cmp)
    # the pictures the documents embed, read from the working tree as the build reads them
    pictures = read_pictures(root, cmp.new.repo.documents, [])
    images = {k: v for k, v in pictures.items() if v is not None}
    written: list[Path] = []
    unchanged: list[str] = []
    copied: list[str] = []
    for r in redlines(cmp):
        if r.copied:
            copied.append(r.code or r.path)
            continue
        if not r.tracked:
            unchanged.append(r.code or r.path)
            continue
        path = folder / redline_name(r.code, r.path)
        data = write_docx(r.document, WriterOptions(images=images, reference_docx=reference))
        write_atomic(path, data, within=within)
        written.append(path)
    return written, unchanged, copied


def _reference(root: Path, cmp: Comparison) -> bytes | None:
    """The reference Word document of the build (output.reference_docx), if any."""
    from qmsdoc.build.inputs import BuildError, read_reference

    try:
        return read_reference(root, cmp.new.repo)
    except BuildError as e:
        raise DiffError(e.vi, e.en) from None


def run(options: Options) -> Result:
    """Exit 0 with the comparison (and the redlines written), 1 when the comparison cannot be
    made (no Git, unknown revision, no release for the default FROM), 2 for a folder that is
    not a qmsdoc repository."""
    root = Path(options.path)
    if not (root / "qms.yaml").is_file() and not (root / "qms.yml").is_file():
        err = NotARepository(root, f"{root} không phải kho tài liệu qmsdoc: không có tệp "
                             "qms.yaml.", f"{root} is not a qmsdoc repository: no qms.yaml.")
        return Result(2, error=(err.vi, err.en))
    try:
        old, new, codes = options.old, options.new, options.codes
        if options.arguments is not None:
            old, new, listed = split_arguments(list(options.arguments), root)
            codes = tuple(listed)
        cmp = compare(root, old, new, codes)
        written: list[Path] = []
        unchanged: list[str] = []
        copied: list[str] = []
        if options.docx is not None:
            written, unchanged, copied = _write_redlines(cmp, options.docx)
    except NotARepository as e:
        return Result(2, error=(e.vi, e.en))
    except QmsdocError as e:
        return Result(1, error=(e.vi, e.en))
    except OSError as e:
        reason = e.strerror or str(e)
        return Result(1, error=(f"Không ghi được bản so sánh: {reason}",
                                f"Cannot write the redline: {reason}"))
    return Result(0, cmp, written, unchanged, copied)


__all__ = ["Options", "Result", "run", "split_arguments"]
