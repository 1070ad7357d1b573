"""``qmsdoc check``: load a repository, run the selected rules, keep the result in the cache.

The loader, the rules and the reporters are imported inside :func:`run`: an unchanged
repository is answered from the check cache without them (docs/performance.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qmsdoc.diagnostics import Diagnostic
    from qmsdoc.rules.engine import CheckResult


@dataclass(frozen=True)
class Options:
    path: Path = Path(".")
    select: tuple[str, ...] = ()  # rule selectors, already split on commas
    ignore: tuple[str, ...] = ()
    changed_since: str | None = None  # report only what changed since this Git revision
    today: dt.date | None = None  # default: today
    cache: bool = True  # read and write .qmsdoc/cache/


@dataclass
class Result:
    """What ``qmsdoc check`` prints: the diagnostics (with the repository for their lines), or a
    usage error; the exit status."""

    status: int
    diagnostics: list[Diagnostic] = field(default_factory=list)
    repo: Any = None  # Repository, or the cache hit's light stand-in (report needs lines only)
    error: tuple[str, str] | None = None  # (vi, en): on stderr, exit 2
    notices: list[tuple[str, str]] = field(default_factory=list)  # (vi, en), on stderr


def check_repository(root: Path, select: Iterable[str] = (), ignore: Iterable[str] = (),
                     today: dt.date | None = None, *, files: int = 0,
                     cache: bool = False, start: bool = True) -> CheckResult:
    """Load and check a repository (raises NotARepository when there is no qms.yaml).

    ``files``: how many source files it has, if known (the check cache counted them); from
    ``forked.PARALLEL_FROM`` the Git history is read in a forked child process instead of a
    thread, so that parsing its log does not share the loader's core. ``cache``: files whose
    bytes an earlier run loaded are taken from ``.qmsdoc/cache`` (:mod:`qmsdoc.cache.loaded`),
    and this run's are kept there (``qmsdoc check`` and ``build``; not by default). ``start``:
    whether to keep them when nothing is kept yet (pickling a whole repository's results
    makes a cold check slower, which a fresh clone in CI would pay on every run for nothing).
    """
    return checked(root, select, ignore, today, files=files, cache=cache, start=start)[0]


def checked(root: Path, select: Iterable[str] = (), ignore: Iterable[str] = (),
            today: dt.date | None = None, *, files: int = 0,
            cache: bool = True, start: bool = True) -> tuple[CheckResult, Any]:
    """:func:`check_repository` and the Git history it read (a History; None when it could
    not be read up front: the rules then read it themselves), for a caller that needs it too
    (``qmsdoc build``'s revision tables)."""
    from concurrent.futures import ThreadPoolExecutor

    from qmsdoc.commands import forked
    from qmsdoc.load import load_repository, no_cyclic_gc
    from qmsdoc.rules.engine import CheckResult, run_rules, selection_for

    root = Path(root)
    kept = _kept_files(root) if cache else None
    with no_cyclic_gc():  # (a forked child too: it is forked inside)
        if files >= forked.PARALLEL_FROM and forked.AVAILABLE and root.is_dir():
            history, loaded = forked.side_by_side(lambda: _history(root),
                                                  lambda: load_repository(root, kept))
        else:  # the history in a thread while the files load: git runs on another core
            with ThreadPoolExecutor(1, thread_name_prefix="qmsdoc-history") as pool:
                future = pool.submit(_history, root)
                loaded = load_repository(root, kept)
                history = future.result()
        saving = _keep(kept, start)  # (no thread left: safe to fork)
        try:
            selection = selection_for(loaded.repo, select, ignore)
            result = CheckResult(loaded.repo, run_rules(loaded.repo, loaded.diagnostics,
                                                        selection, today, history))
        finally:
            if saving is not None:
                saving.result()
        return result, history


def _kept_files(root: Path) -> Any:
    """The files an earlier run loaded (None: no cache secret, or not a folder)."""
    if not root.is_dir():
        return None
    from qmsdoc.cache.loaded import LoadedFiles
    from qmsdoc.load.frontmatter_only import summary

    return LoadedFiles.open(root, summarize=summary)  # (history reads the summaries)


def _keep(kept: Any, start: bool) -> Any:
    """Keep the files loaded this run for the next one (when nothing is kept yet, only if
    ``start``): pickling a whole repository's results costs about as much as checking it, so
    from ``forked.PARALLEL_FROM`` new files it is done in a forked child while the rules run
    here (the returned Forked, to wait for); else here. A failure only makes the next run
    slower."""
    from qmsdoc.commands import forked

    if kept is None or not kept.changed or not (start or kept.known):
        return None
    if kept.fresh >= forked.PARALLEL_FROM and forked.AVAILABLE:
        child = forked.Forked.start(kept.save)
        if child is not None:
            return child
    kept.save()
    return None


def _history(root: Path) -> Any:
    try:
        from qmsdoc.history import load_history

        return load_history(root.resolve()) if root.is_dir() else None
    except Exception:  # read again, lazily, by the rules that need it
        return None


def selector_error(selectors: Iterable[str]) -> tuple[str, str] | None:
    """(vi, en) naming the selectors (``--select``/``--ignore``) that match no rule; None when
    every one matches (the rule registry is imported only when there are selectors)."""
    selectors = list(selectors)
    if not selectors:
        return None
    from qmsdoc.catalogue import all_rules
    from qmsdoc.rules.selection import unknown_selectors

    bad = unknown_selectors(selectors, all_rules())
    if not bad:
        return None
    return (f"Không có quy tắc nào khớp với: {', '.join(bad)} (xem `qmsdoc rules`).",
            f"No rule matches: {', '.join(bad)} (see `qmsdoc rules`).")


def run(options: Options) -> Result:
    sel, ign = list(options.select), list(options.ignore)
    error = selector_error(sel + ign)
    if error is not None:
        return Result(2, error=error)
    day = options.today or dt.date.today()
    cache = None
    checked_here = False
    if options.cache and not options.changed_since:
        from qmsdoc.cache import CheckCache

        cache = CheckCache.open(options.path)  # None unless a repository folder
        # The files' loader results are first kept by the second check in a folder (or by a
        # build): a first check, as in a fresh clone in CI, is not made slower for a later
        # run that may never come.
        checked_here = cache is not None and cache.path.is_file()
        hit = cache.lookup(day, sel, ign) if cache else None
        if hit is not None:
            return Result(1 if hit.errors else 0, hit.diagnostics, hit.repository())
    from qmsdoc.load import NotARepository

    try:
        result = check_repository(options.path, sel, ign, day,
                                  files=cache.files if cache is not None else 0,
                                  cache=options.cache, start=checked_here)
    except NotARepository as e:
        return Result(2, error=(e.vi, e.en))
    notices: list[tuple[str, str]] = []
    if cache is not None:
        refused = cache.store(result.diagnostics,
                              {p: f.lines for p, f in result.repo.sources.items()})
        if refused is not None:  # a committed symlink in .qmsdoc/cache: said once, on stderr
            notices.append(refused.notice)
    if options.changed_since:
        from qmsdoc.changes import ChangesError, restrict

        try:
            result = restrict(result, options.changed_since)
        except ChangesError as e:
            return Result(2, error=(e.vi, e.en), notices=notices)
    return Result(1 if result.errors else 0, result.diagnostics, result.repo, notices=notices)


def report(result: Result, fmt: str, out: Any, lang: str) -> None:
    """Write the diagnostics in ``fmt`` (text, json, github, sarif) to ``out``."""
    from qmsdoc.report import FORMATS

    FORMATS[fmt](result.diagnostics, result.repo, out, lang)


__all__ = ["Options", "Result", "check_repository", "report", "run", "selector_error"]
