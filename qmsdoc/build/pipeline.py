"""``run(root, options)``: the whole build, one stage after the other.

load + check → settings → plan targets (with input keys) → skip what is up to date → compose
and render the rest in parallel into the build's stage → the new set (changed files, the rest of
the previous set, without the outputs of documents that are gone, with its cache and manifest)
replaces the previous one all at once, or not at all when a file failed (see promote.py).
Nothing here prints: progress goes to a callback and the outcome comes back as a
:class:`BuildResult`.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import re
import stat
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import ExitStack
from dataclasses import replace
from itertools import chain
from pathlib import Path

from qmsdoc import __version__
from qmsdoc.build import problems as build_problems
from qmsdoc.build import site as site_build
from qmsdoc.build import stamp
from qmsdoc.build.cache import CACHE_FILE, Cache, Entry, Last
from qmsdoc.build.inputs import (
    BuildError,
    output_dir,
    read_binary,
    read_reference,
)
from qmsdoc.build.lock import output_lock
from qmsdoc.build.noop import output_folder, unchanged
from qmsdoc.build.options import BuildOptions, BuildResult, Progress
from qmsdoc.build.pdf import (
    LibreOfficeStage,
    document_pdfs,
    fonts_embedded,
    pdf_settings,
    setup_pdf,
)
from qmsdoc.build.plan import PlanInputs, Target, in_force, own_file_path, plan
from qmsdoc.build.promote import Stage, is_disk_full
from qmsdoc.build.trees import TreeStore
from qmsdoc.build.worker import (
    Outcome,
    Task,
    file_digest,
    init_worker,
    interrupts_deferred,
    run_in_worker,
    run_task,
)
from qmsdoc.coverage import CoverageResult, compute_coverage
from qmsdoc.diagnostics import Diagnostic, Severity
from qmsdoc.due import KINDS_EN, KINDS_VI
from qmsdoc.load.discover import CONFIG_NAMES
from qmsdoc.model.documents import Document, Form, Procedure
from qmsdoc.model.outputs import MANIFEST, MASTER_LIST
from qmsdoc.model.repository import Repository
from qmsdoc.model.revision import RevisionEntry
from qmsdoc.model.span import Span
from qmsdoc.render import problems
from qmsdoc.render.compose import (
    ComposeContext,
    Composed,
    compose_combined,
    compose_coverage,
    compose_document,
    compose_master_list,
)
from qmsdoc.render.compose.site import CalendarRow, SiteInfo
from qmsdoc.render.images import read_pictures
from qmsdoc.render.pdf import PdfSetup
from qmsdoc.render.pdfstamp import body_family
from qmsdoc.render.tree import (
    Block,
    BlockQuote,
    BulletList,
    Image,
    LazySections,
    OrderedList,
    RenderedDocument,
    Table,
)
from qmsdoc.render.wording import WordingError, fingerprint
from qmsdoc.render.writers import WRITERS, Writer
from qmsdoc.rules.engine import CheckResult

#: Where earlier versions kept the flowcharts drawn as pictures for the DOCX files (a DOCX
#: now draws them with Word's shapes): emptied of them by the next build of a set.
PICTURES = Path(".qmsdoc") / "cache" / "diagrams"
PREPARED = Path(".qmsdoc") / "cache" / "pdfparts"  # the documents' PDFs prepared for a set
assert CACHE_FILE != MANIFEST
#: Fewer files than this are rendered in-process: starting worker processes (~0.5 s each)
#: costs more than a few dozen documents (~10 ms each) take.
_MIN_PARALLEL = 48
#: Sets of fewer documents are joined into their PDF in-process: the join of a few dozen
#: documents takes less than starting a worker process does.
_MIN_JOINED = 100
#: Batches a worker renders before it is replaced by a fresh one: Typst's memoized layouts
#: stay in its process (≈ 1 MB more per document typeset), a new worker starts in ~1 s.
_BATCHES_PER_WORKER = 5


#: The check the build runs first (root, today) → the loaded repository and its diagnostics:
#: given by the command (qmsdoc.commands.build), which composes check → history → build.
Checker = Callable[[Path, dt.date], CheckResult]
#: Fills BuildOptions.revisions and .states from Git (root, repository, options, the build's
#: diagnostics to add notices to) → the options to build with.
HistoryReader = Callable[[Path, Repository, "BuildOptions", list[Diagnostic]], "BuildOptions"]


def run(root: Path, options: BuildOptions | None = None, *, check: Checker,
        history: HistoryReader | None = None) -> BuildResult:
    """Build the release set of the repository at ``root``, holding the output folder's lock
    (one build at a time per output folder; see build/lock.py).

    ``check`` loads and checks the repository (after the no-op test, which needs neither);
    ``history`` fills the revision tables and draft marks when ``options.history`` asks for
    them and no hooks are given. The whole command is :func:`qmsdoc.commands.build.build`.
    """
    options = options or BuildOptions()
    out = output_folder(Path(root), options)
    with output_lock(out):
        return _run(root, options, out, check, history)


def _run(root: Path, options: BuildOptions, out_folder: Path | None, check: Checker,
         history: HistoryReader | None) -> BuildResult:
    """Build the release set of the repository at ``root``.

    Raises NotARepository (no qms.yaml) and BuildError (output folder, reference document,
    templates, unknown --only code); everything else is reported in the result.
    """
    root = Path(root)
    result = BuildResult(root)
    today = options.today or dt.date.today()

    # 0. Nothing changed since the last complete build (sizes and mtimes): nothing to do.
    quick, sources_stamp = unchanged(root, options, today, out_folder)
    if quick is not None:
        return quick

    # 1. Load and check: an official set only from a repository without errors.
    checked = check(root, today)
    repo = result.repo = checked.repo
    result.check_errors = checked.errors
    if checked.errors and not options.force:
        result.refused = True
        result.diagnostics = checked.diagnostics
        return result
    result.draft = checked.errors > 0
    if result.draft:  # --force: say which files are missing from the draft set
        result.diagnostics.extend(_unreadable(repo, checked.diagnostics))
    if (history is not None and options.history and options.revisions is None
            and options.states is None):
        options = history(root, repo, options, result.diagnostics)

    # 2. Settings: output folder, formats, reference document, wording templates.
    out = result.out = output_dir(root, repo, options.out)
    formats = list(options.formats) or (
        list(repo.config.output.formats) if repo.config and repo.config.output else [])
    writers = [WRITERS[f] for f in formats if f in WRITERS] or [WRITERS["docx"]]
    result.unavailable_formats = [f for f in formats if f not in WRITERS]
    reference = read_reference(root, repo)
    try:
        ctx = ComposeContext.create(repo, root=root, reference_docx=reference is not None,
                                    reference=reference)
        templates = fingerprint(root)
    except WordingError as e:
        raise BuildError(e.vi, e.en) from None
    ctx.amendments = dict(options.amendments or {})
    if any(w.name == "pdf" for w in writers):  # engine, fonts, PDF/A (see build/pdf.py)
        settings = pdf_settings(
            repo.config.output if repo.config else None, engine=options.pdf_engine,
            pdfa=options.pdfa, fallback=options.pdf_fallback,
            font=ctx.page.pdf_font)
        output = repo.config.output if repo.config else None
        where = output.at("pdf_engine") if output and "pdf_engine" in output.present else None
        result.pdf, writers = setup_pdf(settings, writers, result.diagnostics,
                                        where if where and where.path else None)

    site = (_site_info(root, repo, options, formats, today)
            if any(w.name == "html" for w in writers) else None)

    # 3. Plan every target with the hash of its inputs.
    def is_draft(d: Document) -> bool:
        state = options.states(d) if options.states else None
        return d.status == "draft" or bool(state and state.draft)

    revisions: dict[str, Sequence[RevisionEntry] | None] = {}

    def revisions_of(d: Document) -> Sequence[RevisionEntry] | None:
        # Asked for each of a document's targets (DOCX, PDF…) and again when it is composed.
        if d.path not in revisions:
            revisions[d.path] = options.revisions(d) if options.revisions else None
        return revisions[d.path]

    images = _read_images(root, in_force(repo), result.diagnostics)
    inputs = PlanInputs(repo, writers, templates, reference, images,
                        _read_copies(root, in_force(repo)), is_draft, revisions_of, result.draft,
                        site=site, amendments=ctx.amendments)
    targets = plan(inputs)
    for c in inputs.collisions:  # only with --force: QMS110 is an error of the check
        result.diagnostics.append(build_problems.collision_skipped(
            c.document.at("code"), c.document.code or "", c.file, c.other_vi, c.other_en))
    selected = _select(targets, options.only)

    # 4. Skip targets whose inputs are unchanged and whose file is untouched.
    cache = Cache.load(out)
    for file in cache.refused:
        result.diagnostics.append(build_problems.cache_entry_refused(
            _shown(root, out / CACHE_FILE), file))
    stage = cache.stage = Stage.open(out)
    try:
        _render_and_commit(root, options, result, repo, ctx, targets, selected, cache, stage,
                           writers, reference, images, sources_stamp, is_draft, revisions_of,
                           site)
    except BaseException:
        stage.discard()  # the previous set stays as it was (a kill leaves it to the next run)
        raise
    result.diagnostics = sorted(set(result.diagnostics), key=lambda d: d.sort_key)
    return result


def _render_and_commit(root: Path, options: BuildOptions, result: BuildResult,
                       repo: Repository, ctx: ComposeContext, targets: list[Target],
                       selected: list[Target], cache: Cache, stage: Stage,
                       writers: Sequence[Writer], reference: bytes | None,
                       images: dict[str, bytes | None], sources_stamp: str,
                       is_draft: Callable[[Document], bool],
                       revisions_of: Callable[[Document], Sequence[RevisionEntry] | None],
                       site: SiteInfo | None = None) -> None:
    """Steps 4–7: render what changed into the stage, then put the new set in place."""
    out = cache.out
    todo = [t for t in selected if not cache.fresh(t.name, t.key)]
    result.skipped = [t.file for t in selected if t not in todo]

    # 5. Compose the rest (each document once, also for the combined manual) and render it in
    #    parallel; every file is written atomically.
    composed: dict[str, Composed] = {}  # the site's pages and search index read them again
    # The documents' trees kept for the combined set (only when a set is to be written),
    # each under the key of its first target.
    trees: TreeStore | None = None
    if any(t.action == "combined" and t.writer != "html" for t in targets):
        keys: dict[str, str] = {}
        for t in targets:
            if t.action == "document" and t.writer != "html" and t.document is not None:
                keys.setdefault(t.document.path, t.key)
        trees = TreeStore(root, keys)
    lazy: list[LazySections] = []  # the combined sets: their documents' diagnostics
    coverage: list[CoverageResult] = []  # computed once, only when a matrix is rendered

    def coverage_of() -> CoverageResult:
        if not coverage:
            coverage.append(compute_coverage(repo))
        return coverage[0]

    # The last document composed: its other format comes right after it (_paired), and
    # takes the same tree (composing is most of this process's work in a build from nothing).
    last: dict[tuple[int, bool], Composed] = {}

    def compose(t: Target) -> Task:
        try:
            if t.writer == "html":
                task = _compose_site(t, ctx, site or SiteInfo(), out, images, is_draft,
                                     revisions_of, result, composed, coverage_of, targets)
            else:
                task = _compose(t, ctx, out, images, is_draft, revisions_of, result,
                                coverage_of, trees, last)
                sections = task.document.sections if task.document else ()
                if isinstance(sections, LazySections):
                    lazy.append(sections)
        except WordingError as e:  # a label macro or decision.md.j2 failing while composing
            raise BuildError(e.vi, e.en) from None
        task = replace(task, stage=str(stage.staged(t.file)))
        if task.writer != "pdf":
            return task
        if t.action == "combined":  # the documents' PDFs of this build, put in as they are
            task = replace(task, parts=document_pdfs(targets, cache, out),
                           prepared=str(root / PREPARED))
        return replace(task, pdfa=True) if pdfa else task

    jobs = options.jobs or os.cpu_count() or 1
    pdfa = bool(result.pdf and result.pdf.pdfa)
    # With the LibreOffice engine, PDF targets are conversions of their DOCX, made after it.
    lo = result.pdf if result.pdf is not None and result.pdf.engine == "libreoffice" else None
    rendered = [t for t in todo if t.writer != "pdf"] if lo else todo
    count = [len(rendered)]

    def converting(file: str) -> None:
        count[0] += 1
        if options.progress:
            options.progress(Progress(count[0], len(todo), file))

    outcomes = chain(
        _render(rendered, compose, jobs, reference, options.progress),
        LibreOfficeStage(lo, out, targets, cache, compose, reference,
                         prepared=str(root / PREPARED)).run(
            [t for t in todo if t.writer == "pdf"], jobs, converting) if lo else ())
    disk_full = False
    for t, outcome in outcomes:
        if outcome.error:
            result.failed.append(t.file)
            disk_full = disk_full or outcome.disk_full
            if not outcome.disk_full:
                result.diagnostics.append(problems.render_failed(
                    Span(t.document.path if t.document else "", 1, 1), t.file, outcome.error,
                    outcome.error_vi))
            continue
        (result.written if outcome.written else result.unchanged).append(t.file)
        was = cache.entries.get(t.name)
        cache.entries[t.name] = Entry(t.key, t.file, outcome.sha256, outcome.size,
                                      outcome.mtime_ns, t.code, t.edition, t.draft, _kind(t) or "",
                                      was.fonts if was and was.sha256 == outcome.sha256 else None)

    for sections in lazy:
        result.diagnostics.extend(sections.diagnostics)

    # 6. All or nothing: a file that failed leaves the previous set as it was.
    if result.failed:
        _keep_previous(result, stage, disk_full, f"{len(result.failed)} tệp không tạo được",
                       f"{len(result.failed)} file(s) could not be built")
        return

    # The outputs of documents that no longer exist (or no longer are in force) leave the
    # set: only in a format built this run (``-f docx`` keeps the PDFs), never with --only
    # (it plans a part of the set), and only files qmsdoc wrote that nobody changed since.
    planned = {t.name for t in targets}
    built = {w.name for w in writers} | {"copy"}
    if "html" in built:
        built.add(site_build.CHANGES)
    delete: list[str] = []
    for name in sorted(set(cache.entries) - planned):
        if options.only or name.rpartition(":")[2] not in built:
            continue
        entry = cache.entries.pop(name)
        if _ours(out / entry.file, entry.sha256):
            delete.append(entry.file)

    # 7. The cache and the manifest, then the new set in place (all at once, see promote.py).
    if sources_stamp:
        binaries = sorted({*(p for p in images), *_copy_paths(in_force(repo))} | (
            {repo.config.output.reference_docx} if reference and repo.config and
            repo.config.output and repo.config.output.reference_docx else set()))
        cache.last = Last(stamp.complete(sources_stamp, root, binaries), binaries, result.draft,
                          result.check_errors, result.unavailable_formats)
    else:
        cache.last = None
    manifest: bytes | None = _manifest(targets, cache, repo_name=ctx.org_name,
                                       draft=result.draft, pdf=result.pdf)
    if sources_stamp and not options.only:  # a whole set: what it no longer uses goes
        _prune_kept(root, trees, targets, cache)
    if _read_regular(out / MANIFEST) == manifest:
        manifest = None  # unchanged: kept as it is
    if not result.written and not delete and manifest is None:
        stage.discard()  # the set is as it was: at most the cache changes
        cache.save()
        return
    try:
        stage.commit(result.written, delete, manifest, cache.data())
    except OSError as e:
        _keep_previous(result, stage, is_disk_full(e), e.strerror or str(e),
                       e.strerror or str(e))
        return
    result.removed = delete


#: The files of the picture store of earlier versions (PICTURES): read by no version now.
_OLD_PICTURES = re.compile(r"[0-9a-f]{40}\.(?:png|measured|zipped|deflated?)")


def _prune_kept(root: Path, trees: TreeStore | None, targets: Sequence[Target],
                cache: Cache) -> None:
    """After a whole set is built, the kept trees and section markups of documents it no
    longer has (or of their earlier versions), and the kept PDF parts of PDFs it no longer
    has, are deleted: the cache does not grow with every edit and every version of qmsdoc.
    Only files of these stores' own names go (qmsdoc.cache.store.prune)."""
    from qmsdoc.cache.store import prune, secret
    from qmsdoc.render.pdfjoin import KEPT_PART, kept_part_name

    def has_set(writer: str) -> bool:
        return any(t.writer == writer and t.action == "combined" for t in targets)

    # (a build without the set's DOCX or PDF says nothing of the kept files it would use:
    # trees are kept under the key of each document's first format)
    if trees is not None and has_set("docx"):
        trees.prune()
    prune(root / PICTURES, _OLD_PICTURES, lambda name: False)
    if secret() is None or not has_set("pdf"):
        return
    live = {kept_part_name(bytes.fromhex(e.sha256)) for t in targets
            if t.writer == "pdf" and t.action == "document"
            and (e := cache.entries.get(t.name)) is not None and len(e.sha256) == 64}
    prune(root / PREPARED, KEPT_PART, live.__contains__)


def _keep_previous(result: BuildResult, stage: Stage, disk_full: bool, reason_vi: str,
                   reason_en: str) -> None:
    """The new set is dropped: the output folder keeps the previous one, untouched."""
    stage.discard()
    result.kept_previous = True
    out = _shown(result.root, stage.out)
    result.diagnostics.append(build_problems.disk_full(out, out) if disk_full
                              else build_problems.set_kept(out, out, reason_vi, reason_en))


def _shown(root: Path, path: Path) -> str:
    """A path as diagnostics show it: relative to the repository when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        return str(path)


def _ours(path: Path, sha256: str) -> bool:
    """``path`` is a regular file (not a link) still holding the bytes qmsdoc wrote."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode) and file_digest(path) == sha256
    except OSError:
        return False


def _read_regular(path: Path) -> bytes | None:
    try:
        if stat.S_ISREG(os.lstat(path).st_mode):
            return path.read_bytes()
    except OSError:
        pass
    return None


def _kind(t: Target) -> str | None:
    """The manifest's ``kind`` of a file (as it always was: bytes of unchanged builds stay)."""
    return t.action if t.action != "document" else (t.document.kind if t.document else "")


def _unreadable(repo: Repository, diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    """QMS808 for each source file that gave no document because it could not be read."""
    loaded = {d.path for d in repo.documents} | {r.path for r in repo.registers}
    codes: dict[str, list[str]] = {}
    for d in diagnostics:
        path = d.span.path
        if (d.severity is Severity.ERROR and d.code.startswith("QMS0") and path
                and path not in loaded and path not in CONFIG_NAMES):
            codes.setdefault(path, [])
            if d.code not in codes[path]:
                codes[path].append(d.code)
    return [build_problems.unreadable_skipped(path, ", ".join(c)) for path, c in codes.items()]



def _copy_paths(docs: Sequence[Document]) -> list[str]:
    return [p for d in docs if isinstance(d, Form) and d.source and (p := own_file_path(d))]


def _select(targets: list[Target], only: Sequence[str]) -> list[Target]:
    """The targets of the codes given with --only (all targets without it)."""
    if not only:
        return targets
    wanted = {c.strip() for c in only if c.strip()}
    known = {t.code for t in targets if t.code}
    unknown = sorted(wanted - known)
    if unknown:
        raise BuildError(
            f"Không có tài liệu (còn hiệu lực) mang mã hiệu: {', '.join(unknown)}.",
            f"No document in force has the code: {', '.join(unknown)}.")
    return [t for t in targets if t.code in wanted]


def _read_images(root: Path, docs: Sequence[Document],
                 diagnostics: list[Diagnostic]) -> dict[str, bytes | None]:
    # Byte and pixel ceilings, each problem at its Markdown line: see render/images.py.
    return read_pictures(root, docs, diagnostics)


def _read_copies(root: Path, docs: Sequence[Document]) -> dict[str, bytes]:
    """The own files of forms (``source:``) that can be copied into the set."""
    copies: dict[str, bytes] = {}
    for d in docs:
        if isinstance(d, Form) and d.source:
            path = own_file_path(d)
            data = read_binary(root, path) if path else None
            if path and data is not None:
                copies[path] = data
    return copies


def _compose(t: Target, ctx: ComposeContext, out: Path, images: dict[str, bytes | None],
             is_draft: Callable[[Document], bool],
             revisions_of: Callable[[Document], Sequence[RevisionEntry] | None],
             result: BuildResult, coverage: Callable[[], CoverageResult],
             trees: TreeStore | None = None,
             last: dict[tuple[int, bool], Composed] | None = None) -> Task:
    """The render task of a target; ``coverage`` gives the clause coverage (computed on
    first use); ``trees`` keeps the documents' trees for the combined set; ``last`` holds
    the document composed last, for its other format."""
    path = str(out / t.file)  # where it will be (the task gets its stage from the build)
    if t.action == "copy":
        return Task(t.name, path, "", data=_copy_bytes(ctx, t))
    if t.action == "document" and t.document is not None:
        mine = (id(t.document), t.draft)
        kept = last.get(mine) if last is not None else None
        composed = kept if kept is not None else compose_document(
            ctx, t.document, revisions=revisions_of(t.document), draft=t.draft)
        if last is not None and kept is None:
            last.clear()  # one tree at a time: memory does not grow with the set
            last[mine] = composed
        if trees is not None:  # for the set, in this or a later build
            trees.put(t.document, t.draft, composed, for_key=t.key)
    elif t.action == "master-list":
        composed = compose_master_list(ctx, in_force(ctx.repo), draft=t.draft)
    elif t.action == "coverage":
        composed = compose_coverage(ctx, coverage(), in_force(ctx.repo), draft=t.draft)
    else:
        # The set's documents are composed again as its writer comes to each, not kept from
        # their own files' tasks: holding every tree would make memory grow with the set.
        composed = compose_combined(ctx, in_force(ctx.repo), revisions=revisions_of,
                                    drafts=is_draft, draft=result.draft, lazy=True,
                                    kept=trees.get if trees else None,
                                    keep=trees.put if trees else None,
                                    memo=trees.memo if trees else None)
        result.diagnostics.extend(composed.diagnostics)
        return Task(t.name, path, t.writer, composed.document,
                    images={p: data for p, data in images.items() if data is not None})
    result.diagnostics.extend(composed.diagnostics)
    used = {p: data for p in _image_refs(composed.document.blocks)
            if (data := images.get(p)) is not None}
    return Task(t.name, path, t.writer, composed.document, images=used)


def _site_info(root: Path, repo: Repository, options: BuildOptions, formats: Sequence[str],
               today: dt.date) -> SiteInfo:
    """What the site's pages show besides the documents: download formats (those of this
    build and of qms.yaml), forms' own files, the calendar (qmsdoc due, 60 days ahead), the
    latest release and the editions to compare (from the history stage)."""
    from qmsdoc.due import due_items
    from qmsdoc.model.outputs import copy_extension, safe_name

    configured = list(repo.config.output.formats) if repo.config and repo.config.output else []
    downloads = tuple(f for f in ("docx", "pdf") if f in formats or f in configured)
    docs = in_force(repo)
    copies = {d.code: safe_name(d.code) + copy_extension(p)
              for d in docs if d.code and isinstance(d, Form) and d.source
              and (p := own_file_path(d)) and read_binary(root, p) is not None}
    horizon = 60
    calendar = tuple(CalendarRow(i.due, KINDS_VI.get(i.kind, i.kind), KINDS_EN.get(i.kind, i.kind),
                                 i.ref, i.vi if options.lang != "en" else i.en, i.days)
                     for i in due_items(repo, today, today + dt.timedelta(days=horizon)))
    changes = {}
    if options.previous is not None:
        for d in docs:
            previous = options.previous(d)
            if previous is not None and d.code:
                changes[d.code] = previous
    return SiteInfo(lang=options.lang, formats=downloads, copies=copies,
                    release=options.latest_release, today=today, calendar=calendar,
                    horizon_days=horizon, changes=changes, documents=tuple(docs),
                    pages=site_build.pages_by_code(docs), named_by=site_build.users_map(docs))


def _compose_site(t: Target, ctx: ComposeContext, info: SiteInfo, out: Path,
                  images: dict[str, bytes | None], is_draft: Callable[[Document], bool],
                  revisions_of: Callable[[Document], Sequence[RevisionEntry] | None],
                  result: BuildResult, done: dict[str, Composed],
                  coverage: Callable[[], CoverageResult], targets: Sequence[Target]) -> Task:
    """The render task of a file of the static site (see build/site.py)."""
    from qmsdoc.render.html import asset_bytes

    path = str(out / t.file)
    docs = list(info.documents)
    if t.action == "site-asset":
        return Task(t.name, path, "", data=asset_bytes(t.file))

    def tree(d: Document) -> RenderedDocument:
        c = done.get(d.path)
        if c is None:
            c = done[d.path] = compose_document(ctx, d, revisions=revisions_of(d),
                                                draft=is_draft(d) or result.draft)
        return c.document

    if t.action == "site-index":
        keys = {x.code: x.key for x in targets if x.action == "document" and x.writer == "html"}
        pages = [(f"{stem}.html", action, site_build.page_of(action, ctx, info, docs))
                 for action, stem in site_build.PAGES.items() if action != "site-search"]
        pages += [(f"{MASTER_LIST}.html", "master-list", site_build.set_page(
            ctx, info, compose_master_list(ctx, docs).document, f"{MASTER_LIST}.html"))]
        data = site_build.index_bytes(ctx, info, [d for d in docs if d.code in keys], keys,
                                      tree, pages)
        return Task(t.name, path, "", data=data)
    if t.action in site_build.PAGES:
        page = site_build.page_of(t.action, ctx, info, docs)
    elif t.action == "site-changes" and t.document is not None:
        page = site_build.changes(ctx, info, t.document, tree(t.document))
    elif t.action == "document" and t.document is not None:
        composed = compose_document(ctx, t.document, revisions=revisions_of(t.document),
                                    draft=t.draft)
        done.setdefault(t.document.path, composed)  # the search index reads it again
        result.diagnostics.extend(composed.diagnostics)
        page = site_build.document(ctx, info, t.document, composed.document,
                                   revisions_of(t.document))
    elif t.action == "master-list":
        page = site_build.set_page(ctx, info, compose_master_list(ctx, docs, draft=t.draft)
                                   .document, t.file)
    else:
        page = site_build.set_page(ctx, info, compose_coverage(ctx, coverage(), docs,
                                                               draft=t.draft).document,
                                   t.file)
    used = {p: pic for p in _image_refs(page.document.blocks)
            if (pic := images.get(p)) is not None}
    return Task(t.name, path, "html", page.document, images=used, frame=page.frame)


def _copy_bytes(ctx: ComposeContext, t: Target) -> bytes:
    data = read_binary(ctx.repo.root, t.source)
    if data is None:
        raise BuildError(f"Không đọc được tệp {t.source}.", f"Cannot read {t.source}.")
    return data


def _image_refs(*groups: Sequence[Block]) -> set[str]:
    found: set[str] = set()

    def walk(blocks: Sequence[Block]) -> None:
        for b in blocks:
            if isinstance(b, Image):
                found.add(b.path)
            elif isinstance(b, BlockQuote):
                walk(b.blocks)
            elif isinstance(b, BulletList | OrderedList):
                for item in b.items:
                    walk(item)
            elif isinstance(b, Table):
                for row in b.rows:
                    for cell in row.cells:
                        walk(cell.blocks)

    for g in groups:
        walk(g)
    return found


def _paired(targets: Sequence[Target]) -> list[Target]:
    """The targets with each document's formats next to each other (in the order they came),
    the documents in the order of their first target: the second format takes the tree the
    first was composed into."""
    first: dict[str, int] = {}
    for i, t in enumerate(targets):
        first.setdefault(t.name.rpartition(":")[0], i)
    return sorted(targets, key=lambda t: first[t.name.rpartition(":")[0]])


def _render(todo: list[Target], compose: Callable[[Target], Task], jobs: int,
            reference: bytes | None,
            progress: Callable[[Progress], None] | None) -> Iterator[tuple[Target, Outcome]]:
    """Compose and render every target, yielding outcomes as they finish.

    With several jobs, ``jobs`` worker processes render the documents in batches, each sent
    as soon as it is composed and at most a few ahead of the workers (the trees in flight
    stay few: memory does not grow with the set). A worker is replaced after some batches:
    Typst keeps what it memoized for as long as its process lives. This process renders
    the combined manual's DOCX, composing its documents again one by one as it writes them
    (sending it to a worker would mean pickling it), once every document is sent; its PDF,
    joined from the documents' PDFs, goes to a fresh worker last (:func:`_detached`). The
    procedures, the longest to typeset, go first: no worker is left alone with one at the end.
    """
    total = len(todo)
    done = 0

    def report(t: Target) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(Progress(done, total, t.file))

    def here(targets: list[Target]) -> Iterator[tuple[Target, Outcome]]:
        for t in targets:
            outcome = run_task(compose(t), reference)
            report(t)
            yield t, outcome

    def join(t: Target, pool: Callable[[], ProcessPoolExecutor]) -> Callable[[], Outcome]:
        """Start a set's PDF: in a worker of ``pool()`` when it can go there (this process
        holds the repository; see :func:`_detached`), else here. Gives what waits for it."""
        task = compose(t)
        detached = _detached(task)
        if detached is None:
            here_made = run_task(task, reference)
            return lambda: here_made
        with interrupts_deferred():  # may start a worker process
            future = pool().submit(run_in_worker, [detached])

        def outcome() -> Outcome:
            try:
                return future.result()[0]
            except Exception as e:  # the worker died (out of memory, killed)
                return Outcome(t.name, error=f"{type(e).__name__}: {e}")
        return outcome

    def beside(targets: list[Target]) -> Iterator[tuple[Target, Outcome]]:
        """:func:`here`, except that a large set's PDF is joined by a worker process while
        this one goes on with the rest (the set's DOCX): the two largest files of a small
        rebuild are written side by side."""
        joining: list[tuple[Target, Callable[[], Outcome]]] = []
        with ExitStack() as stack:
            pool = _one_worker(stack, reference)
            for t in targets:
                if _joined(t):
                    joining.append((t, join(t, pool)))
                else:
                    yield from here([t])
            for t, outcome in joining:
                joined = outcome()
                report(t)
                yield t, joined

    if jobs <= 1 or len(todo) < _MIN_PARALLEL:
        # The combined PDFs before the combined DOCX: joined beside it (see below).
        ordered = sorted(_paired(todo), key=lambda t: (t.action == "combined",
                                                        not _joined(t)))
        if jobs > 1 and any(map(_joined, ordered)) and not all(map(_joined, ordered)):
            yield from beside(ordered)
        else:
            yield from here(ordered)
        return
    # The combined PDF is put together from the documents' PDFs: after all of them.
    late = [t for t in todo if _joined(t)]
    local = [t for t in todo if t.action == "combined" and not _joined(t)]
    remote = sorted(_paired([t for t in todo if t.action != "combined"]),
                    key=lambda t: not isinstance(t.document, Procedure))
    # "spawn": workers start clean (no forked locks or open files) on every platform alike.
    context = multiprocessing.get_context("spawn")
    workers = max(1, min(jobs, len(remote)))
    size = max(4, min(16, len(remote) // (workers * 8) or 1))
    queued = 2 * workers  # batches sent ahead: enough that a worker never waits

    def collect(futures: dict[Future[list[Outcome]], list[Target]], block: bool
                ) -> Iterator[tuple[Target, Outcome]]:
        finished, _ = wait(futures, timeout=None if block else 0, return_when=FIRST_COMPLETED)
        for future in finished:
            targets = futures.pop(future)
            try:
                outcomes = future.result()
            except Exception as e:  # a worker died (out of memory, killed)
                outcomes = [Outcome(t.name, error=f"{type(e).__name__}: {e}") for t in targets]
            for t, outcome in zip(targets, outcomes, strict=True):
                report(t)
                yield t, outcome

    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=init_worker, initargs=(reference,),
                             max_tasks_per_child=_BATCHES_PER_WORKER) as pool:
        futures: dict[Future[list[Outcome]], list[Target]] = {}
        for i in range(0, len(remote), size):
            yield from collect(futures, block=len(futures) >= queued)
            tasks = [compose(t) for t in remote[i:i + size]]
            with interrupts_deferred():  # a submit may start a worker process
                futures[pool.submit(run_in_worker, tasks)] = remote[i:i + size]
            del tasks  # the pool holds them until a worker has taken them
        yield from here(local)
        while futures:
            yield from collect(futures, block=True)
    # Last, the sets' PDFs: joined by a fresh worker when they can be (not one of the pool's,
    # which keep what Typst memoized for the documents they typeset).
    with ExitStack() as stack:
        fresh = _one_worker(stack, reference)
        for t in late:
            joined = join(t, fresh)()
            report(t)
            yield t, joined


def _one_worker(stack: ExitStack, reference: bytes | None) -> Callable[[], ProcessPoolExecutor]:
    """What gives a pool of one worker process, started on first use and shut down with
    ``stack``."""
    pools: list[ProcessPoolExecutor] = []

    def pool() -> ProcessPoolExecutor:
        if not pools:
            pools.append(stack.enter_context(ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                initializer=init_worker, initargs=(reference,))))
        return pools[0]
    return pool


def _joined(t: Target) -> bool:
    """A combined PDF: joined from its documents' PDFs (see :func:`_detached`)."""
    return t.action == "combined" and t.writer == "pdf"


def _detached(task: Task) -> Task | None:
    """The task of a combined PDF as a worker can do it: when every document's PDF is built
    (none to compose: the documents go by their header fields alone), with the pictures of
    the set's own pages only; None when this process must do it."""
    doc = task.document
    if doc is None or task.pdfa or not isinstance(doc.sections, LazySections):
        return None
    fields = doc.sections.fields
    if len(fields) < _MIN_JOINED or any(f.code not in task.parts for f in fields):
        return None
    used = {p: data for p in _image_refs(doc.blocks) if (data := task.images.get(p)) is not None}
    return replace(task, document=replace(doc, sections=doc.sections.detached()), images=used)


def _manifest(targets: list[Target], cache: Cache, *, repo_name: str, draft: bool,
              pdf: PdfSetup | None = None) -> bytes:
    """``manifest.json``: every file of the set with its code, edition, draft flag, SHA-256;
    files kept from an earlier build (a format not built this run) are listed as they were."""
    rows: dict[str, dict[str, object]] = {}
    for t in targets:
        entry = cache.entries.get(t.name)
        if entry is not None:
            rows[entry.file] = {"file": entry.file, "code": t.code or None, "kind": _kind(t),
                                "edition": t.edition, "draft": t.draft, "sha256": entry.sha256}
    planned = {t.name for t in targets}
    for name, entry in cache.entries.items():
        if name not in planned and entry.file not in rows:
            rows[entry.file] = {"file": entry.file, "code": entry.code or None,
                                "kind": entry.kind, "edition": entry.edition,
                                "draft": entry.draft, "sha256": entry.sha256}
    files = [rows[f] for f in sorted(rows)]
    manifest: dict[str, object] = {
        "generator": f"qmsdoc {__version__}", "organization": repo_name,
        "draft": draft or any(f["draft"] for f in files), "files": files}
    if pdf is not None and pdf.usable:  # which engine and fonts made the PDFs
        embedded = fonts_embedded(targets, cache)
        # LibreOffice substitutes a missing font silently: the body font is the one embedded.
        font = (body_family(embedded) or pdf.font) if pdf.engine == "libreoffice" else pdf.font
        manifest["pdf"] = {"engine": pdf.engine, "version": pdf.engine_version,
                           "font": font, "symbol_fonts": list(pdf.symbols),
                           "fonts_embedded": embedded, "pdfa": pdf.pdfa,
                           "fallback": pdf.fell_back}
    return (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
