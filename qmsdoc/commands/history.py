"""``qmsdoc history``: each document's revision history (releases and amendments) from Git.

:func:`prepare` computes every document's revision history and notices (the CLI prints them).
Speed (docs/performance.md, target ≤ 1 s at N = 400, ≤ 2 s at N = 2000 with 5,000 commits): an
unchanged repository is answered from the history cache (:mod:`qmsdoc.cache.history`);
otherwise the Git log is read while the documents' metadata are taken from the per-file cache
(:mod:`qmsdoc.load.frontmatter_only`, which reads only their top-level fields when it can)
instead of loading the whole repository; from ``forked.PARALLEL_FROM`` files in a forked child
process (:mod:`qmsdoc.commands.forked`), else in this one with the log in a thread. The
loader is imported only where needed.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qmsdoc.cache.history import Entry, GitProbe, HistoryCache, Stored
from qmsdoc.commands import forked
from qmsdoc.history.report import dumps_json, history_data
from qmsdoc.history.timeline import History, load_history

if TYPE_CHECKING:
    from qmsdoc.cache import CacheRefused
    from qmsdoc.load.frontmatter_only import DocumentList

CONFIG_NAMES = ("qms.yaml", "qms.yml")  # as qmsdoc.load.discover (not imported: it is heavy)


@dataclass(frozen=True)
class Options:
    path: Path = Path(".")
    codes: tuple[str, ...] = ()  # document codes or paths; empty: every document
    cache: bool = True  # read and write .qmsdoc/cache/


@dataclass
class Prepared:
    """What ``qmsdoc history`` prints: the entries (all documents), notices, or a usage error."""

    entries: list[Entry] = field(default_factory=list)
    notices: list[tuple[str, str]] = field(default_factory=list)  # (vi, en)
    codes: list[str] = field(default_factory=list)  # the documents asked for (all when empty)
    error: tuple[str, str] | None = None  # (vi, en): not a repository

    def selected(self) -> tuple[list[Entry], list[str]]:
        """The entries asked for by code (any case) or path, and the codes that match none."""
        if not self.codes:
            return self.entries, []

        def matches(e: Entry, c: str) -> bool:
            return (e.code or "").upper() == c.strip().upper() or e.path == c

        missing = [c for c in self.codes if not any(matches(e, c) for e in self.entries)]
        return [e for e in self.entries if any(matches(e, c) for c in self.codes)], missing


@dataclass
class Result:
    """The entries to print (already selected by code), the notices, or an error; the status."""

    status: int
    entries: list[Entry] = field(default_factory=list)
    notices: list[tuple[str, str]] = field(default_factory=list)  # (vi, en), on stderr first
    error: tuple[str, str] | None = None  # (vi, en): exit 2


def run(options: Options) -> Result:
    """``qmsdoc history``: exit 2 for a folder that is not a repository or an unknown code."""
    prepared = prepare(options.path, options.codes, cache=options.cache)
    if prepared.error is not None:
        return Result(2, notices=prepared.notices, error=prepared.error)
    selected, missing = prepared.selected()
    if missing:
        return Result(2, notices=prepared.notices, error=(
            f"Không có tài liệu mã {', '.join(missing)}.",
            f"No document with code {', '.join(missing)}."))
    return Result(0, selected, prepared.notices)


def _is_repository(root: Path) -> bool:
    return root.is_dir() and any((root / n).is_file() for n in CONFIG_NAMES)


def prepare(path: Path, codes: Sequence[str] = (), *, cache: bool = True) -> Prepared:
    """Compute what ``qmsdoc history PATH CODES…`` prints (nothing is printed here)."""
    codes = list(codes)
    if not path.is_dir() and not (path / "qms.yaml").exists():
        codes.insert(0, str(path))  # `qmsdoc history QT-10`: a code, in the current folder
        path = Path(".")
    if not _is_repository(path):
        bad = _not_a_repository(path, codes)
        if bad is not None:
            return bad
    store: HistoryCache | None = None
    digests: dict[str, str] | None = None
    if cache:
        from qmsdoc.cache import _secret, source_digests

        if _secret() is not None:
            store = HistoryCache(path)
            probe = GitProbe(path)  # git runs while the sources are hashed
            digests = source_digests(path)
            store.compute_key(digests, probe)
            hit = store.lookup()
            if hit is not None:
                return Prepared(hit.entries, hit.notices, codes)
    try:
        stored = _compute(path, digests, store)
    except FileNotFoundError:  # qms.yaml went away meanwhile?
        bad = _not_a_repository(path, codes)
        if bad is None:
            raise
        return bad
    return Prepared(stored.entries, stored.notices, codes)


def _not_a_repository(path: Path, codes: list[str]) -> Prepared | None:
    """The loader's "not a repository" error for ``path``, worded as for every command."""
    from qmsdoc.load import NotARepository, load_repository

    try:
        load_repository(path)
    except NotARepository as e:
        return Prepared(codes=codes, error=(e.vi, e.en))
    return None


def _compute(root: Path, digests: dict[str, str] | None, store: HistoryCache | None) -> Stored:
    from qmsdoc.load import no_cyclic_gc

    cache_dir = store.path.parent if store else None
    with no_cyclic_gc():
        parallel = digests is not None and len(digests) >= forked.PARALLEL_FROM \
            and forked.AVAILABLE
        if parallel:  # the documents in a child process while this one reads the Git log
            (docs, refused_files), history = forked.side_by_side(
                lambda: _documents(root, digests, cache_dir), lambda: load_history(root),
                valid=lambda got: isinstance(got, tuple) and len(got) == 2)
        else:
            docs, refused_files, history = _threaded(root, digests, cache_dir)
        ordered = sorted(docs.documents, key=lambda d: (d.code or "", d.path))
        entries = _entries(history, ordered, docs.people, parallel=parallel)
    notices = [(f"{n.severity.label('vi')}: {n.vi} ({n.code})",
                f"{n.severity.label('en')}: {n.en} ({n.code})") for n in history.notices]
    notices += docs.notices  # the files skipped as unreadable
    result = Stored(entries, notices)
    # A cache refused because of a symbolic link is said once, and never stored with the result.
    refusals = [refused_files.notice] if refused_files is not None else []
    if store is not None and not docs.unstable and GitProbe(root).digest() == store.git_state:
        # (else something changed during the run: the key may be stale)
        refused = store.store(result)
        if refused is not None and refused.notice not in refusals:
            refusals.append(refused.notice)
    return Stored(entries, notices + refusals) if refusals else result


def _entries(history: History, docs: list[Any], people: dict[str, str], *,
             parallel: bool) -> list[Entry]:
    """Each document's revision rows as JSON; with ``parallel``, the second half written by a
    forked child meanwhile (its entries come back pickled; if it fails, written here)."""
    def write(part: list[Any]) -> list[Entry]:
        return [Entry(item["code"], item["path"], dumps_json(item, 1))
                for item in history_data(history, part, people)]

    half = len(docs) // 2
    if not (parallel and half):
        return write(docs)
    second, first = forked.side_by_side(
        lambda: write(docs[half:]), lambda: write(docs[:half]),
        valid=lambda got: isinstance(got, list) and len(got) == len(docs) - half)
    return first + second


def _threaded(root: Path, digests: dict[str, str] | None, cache_dir: Path | None
              ) -> tuple[DocumentList, CacheRefused | None, History]:
    """The documents, read here while a thread reads the Git log (git runs on the other core)."""
    found: dict[str, Any] = {}

    def read_git() -> None:
        try:
            found["history"] = load_history(root)
        except BaseException as e:  # noqa: BLE001  (re-raised in the caller's thread)
            found["error"] = e

    thread = threading.Thread(target=read_git, name="qmsdoc-history", daemon=True)
    thread.start()
    try:
        docs, refused = _documents(root, digests, cache_dir)
    finally:
        thread.join()
    if "error" in found:
        raise found["error"]
    return docs, refused, found["history"]


def _documents(root: Path, digests: dict[str, str] | None,
               cache_dir: Path | None) -> tuple[DocumentList, CacheRefused | None]:
    """The documents' history fields, unchanged files taken from the per-file cache in
    ``cache_dir`` (``history-files.json``), which is updated; and whether writing it was refused
    (a part of its path is a symbolic link)."""
    from qmsdoc.cache import _secret, code_fingerprint, read_stored, write_stored
    from qmsdoc.load import frontmatter_only

    secret = _secret() if digests is not None and cache_dir is not None else None
    # The entries are valid only for the checker that wrote them, under the user's secret.
    key = hashlib.blake2b(f"{frontmatter_only.FORMAT}|{code_fingerprint()}".encode(),
                          key=secret, digest_size=16).hexdigest() if secret is not None else ""
    cache_path = cache_dir / frontmatter_only.CACHE_FILE if cache_dir is not None and key \
        else None
    stored = (read_stored(cache_path, frontmatter_only.FORMAT, key) or {}) \
        if cache_path is not None else {}
    kept = None
    if secret is not None:
        from qmsdoc.cache.loaded import LoadedFiles  # what a check or build loaded

        kept = LoadedFiles.open(root, lazy=True)
    docs = frontmatter_only.load_documents(root, digests, stored, kept)
    if cache_path is None or docs.store is None:
        return docs, None
    new = {"format": frontmatter_only.FORMAT, "key": key, **docs.store}
    return docs, write_stored(cache_path, new, ".history-") if new != stored else None
