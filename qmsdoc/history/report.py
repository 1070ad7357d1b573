"""The ``qmsdoc history`` command's work, without the Typer CLI (which cli/history.py wraps).

:func:`prepare` computes every document's revision history and notices; :func:`emit` prints
them. Speed (docs/performance.md, target ≤ 1 s at N = 400, ≤ 2 s at N = 2000 with 5,000
commits): an unchanged repository is answered from the history cache
(:mod:`qmsdoc.history.cache`); otherwise the Git log is read in a thread while the documents'
metadata are taken from the per-file cache (:mod:`qmsdoc.history.documents`) instead of loading
the whole repository, and the JSON is written by :func:`dumps_json`, ~1.6× faster than
``json.dumps(indent=2)`` (whose indented mode is pure Python) with the same text. Heavy modules
(rich, the loader, GitPython) are imported only on the paths that need them.
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from json.encoder import encode_basestring  # the C version when available
from pathlib import Path
from typing import Any

from qmsdoc.history.cache import Entry, GitProbe, HistoryCache, Stored
from qmsdoc.history.timeline import History, load_history
from qmsdoc.model.documents import Document
from qmsdoc.textsafe import one_line, strip_controls

CONFIG_NAMES = ("qms.yaml", "qms.yml")  # as qmsdoc.load.discover (not imported: it is heavy)


@dataclass
class Prepared:
    """What ``qmsdoc history`` prints: the entries (all documents), notices, or a usage error."""

    entries: list[Entry] = field(default_factory=list)
    notices: list[tuple[str, str]] = field(default_factory=list)  # (vi, en)
    codes: list[str] = field(default_factory=list)  # the documents asked for (all when empty)
    error: tuple[str, str] | None = None  # (vi, en): not a repository


def history_data(history: History, docs: Iterable[Document],
                 people: dict[str, str]) -> list[dict[str, Any]]:
    """The ``--format json`` document: one entry per document with its revision rows."""
    out = []
    for d in docs:
        state = history.state(d)
        out.append({
            "code": d.code, "path": d.path, "title": d.title, "edition": d.edition,
            "state": "draft" if state.draft else "released",
            "reason": state.reason_vi, "reason_en": state.reason_en,
            "revisions": [
                {"date": r.date.isoformat(), "edition": r.edition, "amendment": r.amendment,
                 "change": r.change, "position": r.position, "author": r.author,
                 "approved_by": r.approved_by, "approved": r.approved, "note": r.note,
                 "commit": r.commit, "is_release": r.is_release}
                for r in history.revisions(d, people)],
        })
    return out


def dumps_json(obj: Any, level: int = 0) -> str:
    """Exactly ``json.dumps(obj, ensure_ascii=False, indent=2)``, as if nested ``level`` deep.

    Dicts, lists, str, int, bool and None are written here (strings by json's C encoder);
    anything else is left to json.dumps.
    """
    out: list[str] = []
    put = out.append

    def emit(o: Any, nl: str) -> None:
        if isinstance(o, str):
            put(encode_basestring(o))
        elif o is None:
            put("null")
        elif o is True:
            put("true")
        elif o is False:
            put("false")
        elif type(o) is int:
            put(int.__repr__(o))
        elif type(o) is dict and all(type(k) is str for k in o):
            if not o:
                put("{}")
                return
            inner = nl + "  "
            sep = "{" + inner
            for k, v in o.items():
                put(sep)
                put(encode_basestring(k))
                put(": ")
                emit(v, inner)
                sep = "," + inner
            put(nl + "}")
        elif type(o) in (list, tuple):
            if not o:
                put("[]")
                return
            inner = nl + "  "
            sep = "[" + inner
            for v in o:
                put(sep)
                emit(v, inner)
                sep = "," + inner
            put(nl + "]")
        else:
            put(json.dumps(o, ensure_ascii=False, indent=2).replace("\n", nl))

    emit(obj, "\n" + "  " * level)
    return "".join(out)


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
    from qmsdoc.history.documents import load_documents
    from qmsdoc.load import no_cyclic_gc

    found: dict[str, Any] = {}

    def read_git() -> None:  # git log runs on the other core while the documents load
        try:
            found["history"] = load_history(root)
        except BaseException as e:  # noqa: BLE001  (re-raised in the caller's thread)
            found["error"] = e

    with no_cyclic_gc():
        thread = threading.Thread(target=read_git, name="qmsdoc-history", daemon=True)
        thread.start()
        try:
            docs = load_documents(root, digests, store.path.parent if store else None)
        finally:
            thread.join()
        if "error" in found:
            raise found["error"]
        history: History = found["history"]
        ordered = sorted(docs.documents, key=lambda d: (d.code or "", d.path))
        entries = [Entry(item["code"], item["path"], dumps_json(item, 1))
                   for item in history_data(history, ordered, docs.people)]
    notices = [(f"{n.severity.label('vi')}: {n.vi} ({n.code})",
                f"{n.severity.label('en')}: {n.en} ({n.code})") for n in history.notices]
    notices += docs.notices  # the files skipped as unreadable
    result = Stored(entries, notices)
    # A cache refused because of a symbolic link is said once, and never stored with the result.
    refusals = [docs.refused.notice] if docs.refused is not None else []
    if store is not None and not docs.unstable and GitProbe(root).digest() == store.git_state:
        # (else something changed during the run: the key may be stale)
        refused = store.store(result)
        if refused is not None and refused.notice not in refusals:
            refusals.append(refused.notice)
    return Stored(entries, notices + refusals) if refusals else result


def _select(entries: list[Entry], codes: list[str]) -> tuple[list[Entry], list[str]]:
    """The entries asked for by code (any case) or path, and the codes that match none."""
    if not codes:
        return entries, []

    def matches(e: Entry, c: str) -> bool:
        return (e.code or "").upper() == c.strip().upper() or e.path == c

    missing = [c for c in codes if not any(matches(e, c) for e in entries)]
    return [e for e in entries if any(matches(e, c) for c in codes)], missing


def emit(prepared: Prepared, fmt: str, lang: str) -> int:
    """Print the notices and the history (``json`` or ``text``); the exit status (0 or 2)."""
    for vi, en in prepared.notices:
        _say(lang, vi, en, style="yellow")
    if prepared.error is not None:
        _say_error(lang, *prepared.error)
        return 2
    selected, missing = _select(prepared.entries, prepared.codes)
    if missing:
        _say_error(lang, f"Không có tài liệu mã {', '.join(missing)}.",
                   f"No document with code {', '.join(missing)}.")
        return 2
    if fmt == "json":
        text = "[\n  " + ",\n  ".join(e.json for e in selected) + "\n]" if selected else "[]"
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    else:
        _print_text([json.loads(e.json) for e in selected], lang)
    return 0


def run(path: Path, codes: Sequence[str], fmt: str, lang: str, *, cache: bool = True) -> int:
    """``qmsdoc history``: print, and return the exit status."""
    return emit(prepare(path, codes, cache=cache), fmt, lang)


# -- printing (as qmsdoc.cli.console, which is not imported: it loads the whole CLI) ----------


def _say(lang: str, vi: str, en: str, style: str = "") -> None:
    from rich.console import Console
    from rich.text import Text

    Console(stderr=True, highlight=False, soft_wrap=True).print(
        Text(strip_controls(en if lang == "en" else vi), style=style))


def _say_error(lang: str, vi: str, en: str) -> None:
    from rich.console import Console
    from rich.text import Text

    label = "error" if lang == "en" else "lỗi"
    Console(stderr=True, highlight=False, soft_wrap=True).print(
        Text(f"{label}: ", style="bold red") + Text(strip_controls(en if lang == "en" else vi)))


def _print_text(data: list[dict[str, Any]], lang: str) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    en = lang == "en"
    console = Console(highlight=False)
    if not console.is_terminal:
        console.width = 160  # logs and pipes: do not wrap the table at 80 columns
    c = one_line  # commit messages, names and titles are someone else's text: no escapes
    for item in data:
        title = Text(c(f"{item['code']} — {item['title']}"), style="bold")
        title.append(f"  ({'edition' if en else 'lần ban hành'} {item['edition']}, ")
        if item["state"] == "draft":
            title.append("draft" if en else "dự thảo", style="yellow")
            reason = item["reason_en"] if en else item["reason"]
            title.append(f": {c(reason)})")
        else:
            title.append("released" if en else "đã ban hành", style="green")
            title.append(")")
        console.print(title)
        console.print(Text(c(item["path"]), style="dim"))
        table = Table(box=None, pad_edge=False, show_edge=False)
        for head in (("Date", "Ngày"), ("Ed.", "Lần BH"), ("Amd.", "Lần SĐ"),
                     ("Change", "Nội dung"), ("Where", "Vị trí"), ("Author", "Người thực hiện"),
                     ("Approved", "Phê duyệt"), ("Commit", "Commit")):
            table.add_column(head[0] if en else head[1], overflow="fold")
        for r in item["revisions"]:
            y, m, d = r["date"].split("-")
            approved = Text(c(r["approved_by"]))
            if r.get("approved") is False:
                approved = Text("not yet approved" if en else "chưa phê duyệt", style="yellow")
            table.add_row(f"{d}/{m}/{y}", str(r["edition"] or ""), str(r["amendment"] or ""),
                          Text(c(r["change"]), style="bold" if r["is_release"] else ""),
                          Text(c(r["position"])), Text(c(r["author"])), approved,
                          c(r["commit"][:7]))
        console.print(table)
        console.print()
