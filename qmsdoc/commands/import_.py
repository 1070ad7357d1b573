"""``qmsdoc import``: Word procedures (DOCX, and .doc/.odt through LibreOffice) become documents
of the repository, with a report of what was mapped, guessed, converted and left as text.

Composes: load (what qms.yaml and the registers already name, and which codes exist) →
ingest (read and interpret each file) → atomic writes into the repository, and the report
(text and ``.qmsdoc/import-report.json``).
"""

from __future__ import annotations

import json
import os
import posixpath
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qmsdoc.diagnostics import Diagnostic
from qmsdoc.model.span import Span

#: Where each kind goes in the repository (the folders ``qmsdoc init`` makes).
FOLDERS = {"procedure": "quy-trinh", "form": "bieu-mau", "instruction": "huong-dan",
           "manual": "so-tay", "policy": "chinh-sach", "objectives": "muc-tieu",
           "decision": "quyet-dinh"}
KIND_VI = {"procedure": "quy trình", "form": "biểu mẫu", "instruction": "hướng dẫn",
           "manual": "sổ tay", "policy": "chính sách chất lượng",
           "objectives": "mục tiêu chất lượng", "decision": "quyết định"}
MAX_FILES = 5000
REPORT = ".qmsdoc/import-report.json"


@dataclass(frozen=True)
class Options:
    paths: tuple[Path, ...]
    into: Path = Path(".")
    dry_run: bool = False
    force: bool = False


@dataclass
class FileResult:
    source: str
    status: str  # "written", "planned", "refused", "skipped"
    target: str = ""
    code: str = ""
    kind: str = ""
    text: str = ""
    notes: list[dict[str, str]] = field(default_factory=list)
    conversions: list[dict[str, str]] = field(default_factory=list)
    history: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)


@dataclass
class Result:
    status: int
    files: list[FileResult] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    proposed_people: dict[str, str] = field(default_factory=dict)
    proposed_roles: dict[str, str] = field(default_factory=dict)
    report_path: str = ""
    error: tuple[str, str] | None = None
    #: What ``check`` says about the written files afterwards, each finding judged: "original"
    #: (true of the Word file: a field it does not print, an undeclared role, a time over the
    #: limit…) or "import" (the import wrote something check cannot read: a bug to report).
    findings: list[dict[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "files": [vars(f) | {"text": None} for f in self.files],
            "proposed": {"people": [{"id": k, "name": v} for k, v in
                                    self.proposed_people.items()],
                         "roles": [{"id": k, "title": v} for k, v in
                                   self.proposed_roles.items()]},
            "check": self.findings,
            "diagnostics": [{"code": d.code, "severity": str(d.severity), "file": d.span.path,
                             "vi": d.vi, "en": d.en, "hint_vi": d.hint_vi,
                             "hint_en": d.hint_en} for d in self.diagnostics],
        }


def _directory(root: Path) -> tuple[Any, dict[str, str]]:
    """What the repository names (people, roles, parties, registers) and code → file."""
    from qmsdoc.ingest.extract import Directory, fold
    from qmsdoc.load import load_repository

    repo = load_repository(root).repo
    d = Directory()
    cfg = repo.config
    if cfg is not None:
        d.people = {fold(p.name): p.id for p in cfg.people if p.name and p.id}
        d.roles = {fold(r.title): r.id for r in cfg.roles if r.title and r.id}
        d.departments = {fold(x.name): x.id for x in cfg.departments if x.name and x.id}
        d.external = {fold(x.name): x.id for x in cfg.external_parties if x.name and x.id}
        d.standard = cfg.standard or d.standard
        d.role_of_person = {p.id: p.role for p in cfg.people if p.id and p.role}
        d.department_of_role = {r.id: r.department for r in cfg.roles if r.id and r.department}
        d.department_heads = {x.id: x.head for x in cfg.departments if x.id and x.head}
    d.legal = {fold(x.id): x.id for x in repo.legal_documents if x.id}
    d.legal_titles = {x.id: x.title or "" for x in repo.legal_documents if x.id}
    d.tthc = {e.code: e.legal_time.text for e in repo.tthc if e.code and e.legal_time}
    d.documents = {x.code: x.title or "" for x in repo.documents if x.code}
    existing = {x.code: x.path for x in repo.documents if x.code and x.path}
    return d, existing


#: Folders deeper than this are not walked (a hostile tree thousands of levels deep).
MAX_DEPTH = 32


def _regular(path: Path) -> bool:
    """A regular file, not a link, a FIFO (opening one waits forever) or a device."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _inputs(paths: tuple[Path, ...]) -> tuple[list[Path], list[Path]]:
    """(Word files in name order, other entries skipped); folders walked without following
    links and at most MAX_DEPTH deep; Word's lock files ("~$…") ignored; anything but a
    regular file (a FIFO, a device, a link) skipped, never opened."""
    from qmsdoc.ingest.office import CONVERTIBLE, DIRECT

    wanted = DIRECT + CONVERTIBLE
    found: list[Path] = []
    skipped: list[Path] = []
    for p in paths:
        if p.is_dir() and not p.is_symlink():
            base = len(p.parts)
            for folder, dirs, names in os.walk(p, followlinks=False):
                depth = len(Path(folder).parts) - base
                dirs[:] = [] if depth >= MAX_DEPTH else sorted(
                    x for x in dirs if not x.startswith("."))
                for name in sorted(names):
                    f = Path(folder) / name
                    if name.startswith(("~$", ".")):
                        continue
                    ok = f.suffix.lower() in wanted and _regular(f)
                    (found if ok else skipped).append(f)
                if len(found) > MAX_FILES:
                    break
        elif p.suffix.lower() in wanted and _regular(p):
            found.append(p)
        else:
            skipped.append(p)
    return found[:MAX_FILES], skipped


def _diag(rule: Any, path: str, **args: Any) -> Diagnostic:
    d: Diagnostic = rule.make(Span(path, 1, 1), **args)
    return d


def run(options: Options) -> Result:
    from qmsdoc.ingest import FileImport, PackageError, import_docx
    from qmsdoc.ingest import problems as P
    from qmsdoc.ingest.emit import source_text
    from qmsdoc.ingest.extract import slug
    from qmsdoc.ingest.office import CONVERTIBLE, ConversionError, to_docx
    from qmsdoc.load import NotARepository

    root = options.into
    try:
        directory, existing = _directory(root)
    except NotARepository as e:
        return Result(2, error=(e.vi, e.en))
    files, skipped = _inputs(options.paths)
    result = Result(0)
    for s in skipped:
        result.diagnostics.append(_diag(P.NOT_SUPPORTED, str(s)))
        result.files.append(FileResult(str(s), "skipped"))
    if not files and not skipped:
        return Result(2, error=("Không có tệp Word nào để nhập.", "No Word file to import."))
    soffice: str | None = None
    if any(f.suffix.lower() in CONVERTIBLE for f in files):
        from qmsdoc.render.libreoffice import find_soffice

        soffice = find_soffice()
    taken: dict[str, str] = {}  # code -> source, in this import
    planned: list[tuple[FileResult, Path, bytes, dict[Path, bytes]]] = []
    with tempfile.TemporaryDirectory(prefix="qmsdoc-import-") as work:
        for f in files:
            shown = str(f)
            fr = FileResult(shown, "refused")
            result.files.append(fr)
            source = f
            if f.suffix.lower() in CONVERTIBLE:
                if soffice is None:
                    result.diagnostics.append(_diag(P.NEEDS_LIBREOFFICE, shown,
                                                    suffix=f.suffix.lower()))
                    continue
                try:
                    source = to_docx(soffice, f, Path(work))
                except (ConversionError, OSError) as e:
                    result.diagnostics.append(_diag(P.CONVERSION_FAILED, shown, detail=str(e)))
                    continue
            try:
                imp: FileImport = import_docx(source, directory, f.name)
            except PackageError as e:
                rule = {"bomb": P.ZIP_BOMB, "too-large": P.ZIP_BOMB, "external": P.EXTERNAL,
                        "dtd": P.DTD}.get(e.kind, P.NOT_DOCX)
                result.diagnostics.append(_diag(rule, shown, detail=e.detail))
                continue
            except (ValueError, KeyError, IndexError, RecursionError, OSError) as e:
                # one odd file must not stop a batch of hundreds: said, and the rest goes on
                result.diagnostics.append(_diag(P.NOT_DOCX, shown,
                                                detail=f"{type(e).__name__}: {e}"))
                continue
            ex = imp.extracted
            fr.kind, fr.code = ex.kind, str(ex.fields.get("code", ""))
            fr.notes = [vars(n) for n in ex.notes]
            fr.conversions = [vars(c) for c in imp.conversions]
            fr.history = ex.history
            result.proposed_people.update(ex.proposed_people)
            result.proposed_roles.update(ex.proposed_roles)
            _file_notes(result, shown, imp)
            if ex.kind == "unsupported":
                result.diagnostics.append(_diag(P.UNSUPPORTED_KIND, shown))
                continue
            # the document, then the forms appended to it (each becomes a form document)
            docs: list[tuple[FileResult, Any, str]] = [(fr, ex, imp.text)]
            for child in ex.children:
                code = str(child.fields.get("code", ""))
                cfr = FileResult(f"{shown}#{code}", "refused", kind=child.kind, code=code,
                                 notes=[vars(n) for n in child.notes])
                result.files.append(cfr)
                docs.append((cfr, child, source_text(child, f.name)))
            for dfr, dex, text in docs:
                where = dfr.source
                if not dfr.code:
                    result.diagnostics.append(_diag(P.NO_CODE, where))
                    continue
                if dfr.code in taken:
                    result.diagnostics.append(_diag(P.DUPLICATE, where, code=dfr.code,
                                                    other=taken[dfr.code]))
                    continue
                taken[dfr.code] = where
                title = str(dex.fields.get("title", ""))
                rel = existing.get(dfr.code) or posixpath.join(
                    FOLDERS.get(dex.kind, "tai-lieu"),
                    f"{dfr.code}-{slug(title)[:50]}.md" if title else f"{dfr.code}.md")
                target = root / rel
                if (dfr.code in existing or target.exists() or target.is_symlink()) \
                        and not options.force:
                    result.diagnostics.append(_diag(P.TARGET_EXISTS, where, target=rel,
                                                    code=dfr.code))
                    continue
                pictures: dict[Path, bytes] = {}
                for rid, _at in dex.images:
                    if rid not in imp.images:
                        continue
                    name, data = imp.images[rid]
                    pic_rel = posixpath.join("hinh-anh", slug(dfr.code),
                                             f"{slug(rid)}-{posixpath.basename(name)}")
                    pictures[root / pic_rel] = data
                    link = posixpath.relpath(pic_rel, posixpath.dirname(rel))
                    text = text.replace(f"(ảnh:{rid})", f"({link})")
                    dfr.images.append(pic_rel)
                dfr.target, dfr.text = rel, text
                dfr.status = "planned"
                planned.append((dfr, target, text.encode("utf-8"), pictures))
                result.diagnostics.append(_diag(P.IMPORTED, where, target=rel,
                                                kind=KIND_VI.get(dex.kind, dex.kind),
                                                code=dfr.code))
    if not options.dry_run:
        from qmsdoc.atomic import write_atomic

        for fr, target, data, pictures in planned:
            try:
                for path, pic in pictures.items():
                    write_atomic(path, pic, within=root)
                write_atomic(target, data, within=root)
                fr.status = "written"
            except OSError as e:
                fr.status = "refused"
                result.diagnostics.append(_diag(P.NOT_DOCX, fr.source,
                                                detail=f"không ghi được / cannot write: {e}"))
        if any(fr.status == "written" for fr, *_ in planned):
            result.findings = _check_written(root, [fr for fr, *_ in planned
                                                    if fr.status == "written"])
        try:
            write_atomic(root / REPORT, json.dumps(result.to_json(), ensure_ascii=False,
                                                   indent=2, default=str).encode("utf-8"),
                         within=root)
            result.report_path = REPORT
        except OSError:
            pass
    errors = any(d.severity == "error" for d in result.diagnostics)
    result.status = 1 if errors or any(f["verdict"] == "import" for f in result.findings) else 0
    return result


def _check_written(root: Path, written: list[FileResult]) -> list[dict[str, str]]:
    """``check`` over the repository, kept to the findings in the files just written.

    A syntax or format finding (QMS0xx) in a written file means the import wrote something
    wrong; any other finding comes from what the Word file says, or does not say."""
    from qmsdoc.commands.check import check_repository

    paths = {fr.target: fr for fr in written}
    out: list[dict[str, str]] = []
    for d in check_repository(root).diagnostics:
        if d.span.path not in paths or d.severity == "info":
            continue
        out.append({"file": d.span.path, "line": str(d.span.line), "code": d.code,
                    "severity": str(d.severity), "vi": d.vi, "en": d.en,
                    "verdict": "import" if d.code.startswith("QMS0") else "original"})
    return out


def _file_notes(result: Result, shown: str, imp: Any) -> None:
    """The diagnostics of one file's notes: macros, conversions, unknown names."""
    from qmsdoc.ingest import problems as P

    if imp.macros:
        result.diagnostics.append(_diag(P.MACROS, shown))
    by: dict[tuple[str, str], int] = {}
    for c in imp.conversions:
        by[(c.encoding, c.reason)] = by.get((c.encoding, c.reason), 0) + 1
    for (encoding, reason), count in sorted(by.items()):
        result.diagnostics.append(_diag(
            P.LEGACY_CONVERTED, shown, count=count, encoding=encoding.upper(),
            reason_vi="theo tên phông" if reason == "font" else "nhận dạng, phông không khớp",
            reason_en="by font name" if reason == "font" else "detected, the font lies"))
    rules = {"QMS911": P.UNKNOWN_ROLE, "QMS912": P.UNKNOWN_PERSON, "QMS913": P.LEGAL_UNKNOWN,
             "QMS914": P.BAD_DURATION, "QMS910": P.BAD_DATE}
    seen: set[tuple[str, str]] = set()
    for n in imp.extracted.notes:
        rule = rules.get(n.code)
        if rule is None or (n.code, n.value) in seen:
            continue
        seen.add((n.code, n.value))
        result.diagnostics.append(_diag(rule, shown, value=n.value,
                                        detail=f"{n.where}: {n.evidence}"))
    if not imp.extracted.fields.get("title"):
        result.diagnostics.append(_diag(P.NO_TITLE, shown))


__all__ = ["FileResult", "Options", "Result", "run"]
