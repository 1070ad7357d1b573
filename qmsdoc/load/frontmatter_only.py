"""The documents ``qmsdoc history`` lists: path and front-matter metadata, cached per file.

History needs only each document's path and a few front-matter fields (:data:`FIELDS`), but
finding them means reading, parsing and converting every file: 0.7 s at N = 400 and 3.5 s at
N = 2000 (docs/performance.md), far more than the history itself. So each file's fields are
kept in ``.qmsdoc/cache/history-files.json`` under its path and the BLAKE2 digest of its bytes
(:func:`qmsdoc.cache.source_digests`, computed once for the result cache too). A file is loaded
again — with the loader's own :func:`~qmsdoc.load.files.load_file`, so the values are exactly
the loader's — only when its bytes changed. Everything else is redone on every run, as
:func:`~qmsdoc.load.load_repository` does it: qms.yaml (people, exclusions, limits, with
:func:`~qmsdoc.load.read_settings`) and the discovery of the files.

This module reads sources only: the cache file is read and written by
:mod:`qmsdoc.commands.history`, whose entries are valid only for the checker that wrote them
(the file's key is a keyed BLAKE2 digest, with the user's cache secret, of
:func:`qmsdoc.cache.code_fingerprint`); here they are used only for the limits they were loaded
with (``max_file_bytes``, ``max_depth``, ``max_nodes``); a value of a type JSON would not give
back unchanged is simply not cached.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qmsdoc.diagnostics import Diagnostic
from qmsdoc.load import problems as codes
from qmsdoc.model.documents import Document
from qmsdoc.model.span import Span

if TYPE_CHECKING:
    from qmsdoc.load import KeptFiles
    from qmsdoc.load.discover import Candidate
    from qmsdoc.load.files import FileResult
    from qmsdoc.model.config import Limits

#: The metadata the history command reads from a document (besides its path):
#: History.revisions/state and the JSON/text output. Keep in step with qmsdoc.history.timeline
#: (tests/history/test_history_cache.py compares with a full load).
FIELDS = ("code", "title", "edition", "status", "issued", "effective", "approved", "approved_by")
_DATES = frozenset({"issued", "effective", "approved"})
CACHE_FILE = "history-files.json"
FORMAT = 2  # 2: each entry also keeps why the file was skipped (its notice)


@dataclass
class DocumentList:
    """What history needs from the repository: its documents (in the loader's order) and names."""

    documents: list[Document] = field(default_factory=list)
    people: dict[str, str] = field(default_factory=dict)  # person id → name
    unstable: bool = False  # a file changed while it was being read: do not cache the result
    #: (vi, en) notices: each file or folder skipped as unreadable (with its diagnostic, as
    #: the loader reports it).
    notices: list[tuple[str, str]] = field(default_factory=list)
    #: What to keep in the per-file cache (``config``, ``limits``, ``files``; the caller adds
    #: its format and key and writes it); None when qms.yaml could not be read.
    store: dict[str, Any] | None = None


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _meta(doc: Document) -> list[Any] | None:
    """The cached form of a document's fields; None when one would not come back unchanged."""
    out: list[Any] = []
    for name in FIELDS:
        v = getattr(doc, name)
        if name in _DATES:
            if v is not None and type(v) is not dt.date:
                return None
            out.append(v.isoformat() if v is not None else None)
        elif v is None or type(v) is str or (type(v) is int and name == "edition"):
            out.append(v)
        else:
            return None
    return out


def _document(path: str, meta: list[Any]) -> Document:
    values: dict[str, Any] = {
        name: dt.date.fromisoformat(v) if name in _DATES and v is not None else v
        for name, v in zip(FIELDS, meta, strict=True)}
    return Document(path=path, **values)


def _load_config(cfg_path: Path) -> tuple[dict[str, Any], Limits, str | None]:
    """What history uses of qms.yaml, read as load_repository reads it (JSON-ready), the
    limits object load_file takes, and the digest of the bytes read (None: not read)."""
    from qmsdoc.load import read_settings
    from qmsdoc.load.files import load_file
    from qmsdoc.model.config import QmsConfig

    config: QmsConfig | None = None
    defaults = read_settings(None)  # qms.yaml itself is read with the default limits
    data = _read_config(cfg_path, defaults.max_file_bytes)
    if data is not None:  # else, as for the loader, there is no configuration
        obj = load_file(cfg_path.name, data, defaults.limits, is_config=True).obj
        config = obj if isinstance(obj, QmsConfig) else None
    st = read_settings(config)
    people = [[p.id, p.name] for p in (config.people if config else []) if p.id and p.name]
    info = {"people": people, "output_dir": st.output_dir, "exclude": st.exclude,
            "max_documents": st.max_documents,
            # what a file's load_file result depends on besides its bytes:
            "limits": [st.max_file_bytes, st.limits.max_depth or 40,
                       st.limits.max_nodes or 200_000]}
    return info, st.limits, _digest(data) if data is not None else None


def _entries(data: Mapping[str, Any], limits: list[int]) -> dict[str, list[Any]]:
    """The stored per-file entries when loaded with these limits (malformed ones dropped)."""
    files = data.get("files")
    if data.get("limits") != limits or not isinstance(files, dict):
        return {}
    return {str(rel): e for rel, e in files.items()
            if isinstance(e, list) and len(e) == 3 and isinstance(e[0], str)
            and (e[1] is None or (isinstance(e[1], list) and len(e[1]) == len(FIELDS)))
            and (e[2] is None or (isinstance(e[2], list) and len(e[2]) == 2
                                  and all(type(x) is str for x in e[2])))}


def notice(d: Diagnostic) -> tuple[str, str]:
    """A skipped file's diagnostic as a history notice: severity, file:line:col, message."""
    where = f"{d.span.path}:{d.span.line}:{d.span.column}"
    return (f"{d.severity.label('vi')}: {where}: bỏ qua: {d.vi} ({d.code})",
            f"{d.severity.label('en')}: {where}: skipped: {d.en} ({d.code})")


def load_documents(root: Path, digests: Mapping[str, str] | None = None,
                   stored: Mapping[str, Any] | None = None,
                   kept: KeptFiles | None = None) -> DocumentList:
    """The documents under ``root`` (a folder with a qms.yaml), as ``load_repository`` finds them.

    ``digests`` are :func:`qmsdoc.cache.source_digests` of ``root``; with them, unchanged files
    (and qms.yaml) are taken from ``stored``, the per-file cache as the caller read it
    (:mod:`qmsdoc.commands.history` reads and writes it: this module only reads sources), and
    ``DocumentList.store`` is what to keep. Light :class:`Document` objects: only ``path`` and
    :data:`FIELDS` are set. ``kept``: the loader's results kept by a check or build
    (:class:`~qmsdoc.load.KeptFiles`), taken for a file not in ``stored`` whose bytes they
    loaded, before the file is read here.
    """
    from qmsdoc.load.discover import discover, find_config

    root = Path(root)
    out = DocumentList()
    stored = stored if stored is not None and digests is not None else {}

    cfg_path = find_config(root)
    if cfg_path is None:
        raise FileNotFoundError(root / "qms.yaml")  # the caller checks for it first
    cfg_token = digests.get(cfg_path.name) if digests is not None else None
    cfg_old = stored.get("config")
    limits_obj: Limits | None = None
    info: dict[str, Any] = {}
    if cfg_token is not None and isinstance(cfg_old, list) and len(cfg_old) == 3 \
            and cfg_old[:2] == [cfg_path.name, cfg_token] and _valid_info(cfg_old[2]):
        info = cfg_old[2]
    else:
        info, limits_obj, cfg_digest = _load_config(cfg_path)
        if cfg_token is not None and cfg_digest != cfg_token:
            out.unstable = True  # changed (or became readable) since it was hashed
        cfg_token = cfg_digest  # the entry is for the bytes actually read
    out.people = {i: n for i, n in info["people"]}
    limits: list[int] = info["limits"]
    max_file_bytes = limits[0]

    old_entries = _entries(stored, limits)
    entries: dict[str, list[Any]] = {}
    candidates = discover(root, info["exclude"], info["output_dir"])
    if len(candidates) > info["max_documents"]:
        out.notices.append(notice(_too_many(cfg_path.name, len(candidates),
                                            info["max_documents"])))
    for cand in candidates[:info["max_documents"]]:
        if cand.problem:  # a FIFO, a link out of the repository, a nested repository…
            from qmsdoc.load import candidate_diagnostic

            out.notices.append(notice(candidate_diagnostic(cand)))
            continue
        token = digests.get(cand.rel) if digests is not None else None
        old = old_entries.get(cand.rel)
        skip: list[str] | None
        if token is not None and old is not None and old[0] == token:
            meta, skip = old[1], old[2]
        else:
            data = _read(cand, max_file_bytes)
            if not isinstance(data, bytes):
                out.notices.append(notice(data))
                continue  # unreadable: not a document, nothing to cache
            digest = _digest(data)
            if token is not None and digest != token:
                out.unstable = True  # changed since it was hashed
            if limits_obj is None:  # qms.yaml came from the cache: its limits are needed
                fresh, limits_obj, _ = _load_config(cfg_path)
                out.unstable |= fresh != info
            entry = kept.summary(cand.rel, data, limits_obj) if kept is not None else None
            if entry is None:
                doc, why = _load_document(cand.rel, data, limits_obj, kept)
                entry = _entry(doc, why)
                if entry is None:  # not cacheable: use the object itself
                    assert doc is not None
                    out.documents.append(doc)
                    continue
            meta, skip = entry
            token = digest
        entries[cand.rel] = [token, meta, skip]
        if meta is not None:
            out.documents.append(_document(cand.rel, meta))
        if skip is not None:
            out.notices.append((skip[0], skip[1]))
    if cfg_token is not None:
        out.store = {"config": [cfg_path.name, cfg_token, info], "limits": limits,
                     "files": entries}
    return out


def _too_many(cfg_name: str, count: int, limit: int) -> Diagnostic:
    return codes.TOO_MANY_FILES.make(Span(cfg_name, 1, 1), count=count, limit=limit)


def _valid_info(info: Any) -> bool:
    """Whether a stored qms.yaml entry has the shape :func:`_load_config` gives."""
    def strings(v: Any, n: int | None = None) -> bool:
        return isinstance(v, list) and all(type(x) is str for x in v) \
            and (n is None or len(v) == n)

    return isinstance(info, dict) and set(info) == {"people", "output_dir", "exclude",
                                                     "max_documents", "limits"} \
        and isinstance(info["people"], list) and all(strings(p, 2) for p in info["people"]) \
        and (info["output_dir"] is None or type(info["output_dir"]) is str) \
        and strings(info["exclude"]) and type(info["max_documents"]) is int \
        and isinstance(info["limits"], list) and len(info["limits"]) == 3 \
        and all(type(x) is int for x in info["limits"])


def summary(result: FileResult) -> list[Any] | None:
    """What history keeps of a file the loader loaded (its entry of the per-file cache,
    ``[fields, skipped]``), to be kept beside its result (:class:`~qmsdoc.load.KeptFiles`)."""
    return _entry(*_found(result))


def _entry(doc: Document | None, why: Diagnostic | None) -> list[Any] | None:
    """A file's ``[fields, skipped]`` in the per-file cache; None when a field of its document
    would not come back unchanged (the document itself is used then)."""
    meta = _meta(doc) if doc is not None else None
    if doc is not None and meta is None:
        return None
    return [meta, list(notice(why)) if why is not None else None]


def _load_document(rel: str, data: bytes, limits: Limits, kept: KeptFiles | None = None
                   ) -> tuple[Document | None, Diagnostic | None]:
    """The document in a file, or why a file that loads nothing was skipped (see
    :func:`_found`)."""
    from qmsdoc.load.files import load_file

    res = kept.get(rel, data, limits) if kept is not None else None
    if res is None:
        doc = _fields_only(rel, data, limits)
        if doc is not None:
            return doc, None
        res = load_file(rel, data, limits)
    return _found(res)


def _found(res: FileResult) -> tuple[Document | None, Diagnostic | None]:
    """The document a loader result holds, or why a file that loads nothing was skipped (the
    loader's :func:`~qmsdoc.load.skip_reason`; None for plain Markdown or a register)."""
    from qmsdoc.load import skip_reason

    if isinstance(res.obj, Document):
        return res.obj, None
    return None, skip_reason(res.diagnostics) if res.obj is None else None


#: The top-level keys read from a document: its kind (which class) and the fields history uses.
_WANTED = frozenset({"kind", *FIELDS})
# A line that starts at column 0, but not a comment nor an item of a list written under its key
# at the same indentation ("legal_basis:" then "- ref: …"): those belong to the entry above.
_TOP = re.compile(r"^(?!-(?:[ \t\r\n]|$))[^ \t\r\n#]", re.M)
_KEY = re.compile(r"[A-Za-z_][\w-]*(?=[ \t]*:(?:[ \t\r\n]|$))")
# An anchor or alias can only start a token: after white space, a flow indicator or a colon. A
# "&" or "*" inside a word ("R&D", "(*)") is text; one after a space may be either.
_ANCHOR = re.compile(r"[\s\[\]{},:]&")
_ALIAS = re.compile(r"[\s\[\]{},:]\*")
_MARKERS = ("\n---", "\n...", "\n%")  # a second document, a directive (at a line's start)


@cache
def _indented(width: int) -> re.Pattern[str]:
    # From a newline (a fast scan for it), not ^ with re.M (tried at every position).
    return re.compile(rf"\n[ \t?-]{{{width}}}")


def _fields_only(rel: str, data: bytes, limits: Limits) -> Document | None:
    """The document's :data:`FIELDS`, found without building the rest of its front matter; None
    when this shortcut cannot be sure to give what :func:`~qmsdoc.load.files.load_file` gives
    (the caller then loads the whole file).

    A real procedure's front matter is mostly steps, dossier items and legal bases; history
    needs a handful of top-level scalars. libyaml checks the whole text without building
    anything (:func:`~qmsdoc.load.yamlpos.event_count`), so a file the loader would skip for its
    syntax is still loaded in full; the nesting depth and the node count are bounded from the
    text (no anchor or alias, at most two levels per column of indentation plus one per
    bracket, no more nodes than events). Then each top-level entry is the text from its key at
    column 0 to the next one (an entry with a quote or a bracket must parse on its own, so that
    a quoted or flow value cannot run over a later line at column 0), and the wanted entries,
    the first of each key as the loader keeps it, are parsed and converted as a front matter of
    their own (:func:`~qmsdoc.load.files.to_model`): the same parser and converter give the same
    values.
    """
    from qmsdoc.load.files import front_matter, to_model
    from qmsdoc.load.text import decode_source
    from qmsdoc.load.yamlpos import composes, event_count, parse_yaml

    if not rel.lower().endswith(".md"):
        return None
    text = decode_source(data).text
    if not text:
        return None
    split = front_matter(text)
    if split is None:
        return None
    yaml_text = split[0]
    # ("&" in …: a substring test is far faster than the pattern, which starts with a class.)
    if ("&" in yaml_text and _ANCHOR.search(yaml_text)) \
            or yaml_text.startswith(("---", "...", "%", "*", "&")) \
            or any(m in yaml_text for m in _MARKERS):
        return None
    # With no anchor, an alias cannot resolve: libyaml's composer refuses it. So a text with
    # " * " bullets (published procedures have them) is composed once to know it has none.
    if "*" in yaml_text and _ALIAS.search(yaml_text) and not composes(yaml_text):
        return None
    # Deeper than allowed only if some line is indented (with its "- " and "? ") this far.
    room = ((limits.max_depth or 40) - 3 - yaml_text.count("[") - yaml_text.count("{")) // 2
    if room < 0 or _indented(room + 1).search("\n" + yaml_text):
        return None
    events = event_count(yaml_text)
    if events is None or events > (limits.max_nodes or 200_000):
        return None
    starts = [m.start() for m in _TOP.finditer(yaml_text)]
    if not starts:
        return None
    wanted: dict[str, str] = {}
    for start, end in zip(starts, [*starts[1:], len(yaml_text)], strict=True):
        key = _KEY.match(yaml_text, start)
        if key is None:
            return None  # a quoted or complex key, a list at the top…: not this shortcut's
        entry = yaml_text[start:end]
        if any(c in entry for c in "\"'[{") and event_count(entry) is None:
            return None
        if key.group() in _WANTED and key.group() not in wanted:
            wanted[key.group()] = entry if entry.endswith("\n") else entry + "\n"
    if "kind" not in wanted:
        return None
    tree, problems = parse_yaml("".join(wanted.values()))
    obj = to_model(rel, tree) if tree is not None and not problems else None
    return obj if isinstance(obj, Document) else None


def _read(cand: Candidate, limit: int) -> bytes | Diagnostic:
    """The file's bytes, or the loader's diagnostic saying why it cannot be read."""
    from qmsdoc.load import _read as load_read

    return load_read(cand.path, cand.rel, limit, follow=cand.is_link)


def _read_config(path: Path, limit: int) -> bytes | None:
    """qms.yaml's bytes; None when unreadable or too large (as for the loader)."""
    from qmsdoc.load.discover import read_source

    try:
        return read_source(path, limit)
    except Exception:  # noqa: BLE001 - TooLarge or OSError: the loader has no configuration
        return None
