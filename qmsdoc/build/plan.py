"""What a build produces: one target per output file, each with the hash of its inputs.

Targets, per writer format (``docx`` now): one file per controlled document in force
(``<code>.docx``, with ``<code>.pdf`` beside it), the master list (``danh-muc-tai-lieu.docx``),
the clause coverage matrix (``ma-tran-dap-ung.docx``) and the combined manual
(``bo-tai-lieu-htqlcl.docx``). A form that keeps its own Word file
(``source:``) is copied as it is (``<code>.<ext>``).

The key of a target is a SHA-256 over everything that can change its bytes, and nothing else:

* always: qmsdoc's version, the writer's name and version, the templates (shipped and the
  repository's ``templates/``), the reference document's bytes, the text of qms.yaml, whether
  it is marked DỰ THẢO;
* a document: its own source text, the revision entries printed, the code and title of every
  document it names (forms, related documents), the legal register and TTHC catalogue texts
  (procedures), the bytes of its images; an amending decision, the list of amended documents
  it prints (code, title, edition, change of each, its release);
* the master list: code, title, kind, edition, date, owner and status of every document;
* the coverage matrix: code, kind, clauses and status of every document (whether a procedure
  lists records), the kind and code of every register and the records register's text;
* the combined manual: the keys of all its documents.

Output names are unique by construction: a document whose file would be another document's,
or one of the set's own files (same name ignoring case, see qmsdoc.model.outputs), is left out
of the plan and listed in ``PlanInputs.collisions`` (``qmsdoc check`` reports it as QMS110, so
only a ``--force`` build gets here).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from qmsdoc.build.site import document_extra, users_map
from qmsdoc.build.site import targets as site_targets
from qmsdoc.build.target import Target
from qmsdoc.cache import code_fingerprint
from qmsdoc.model.documents import Document, Form, Procedure
from qmsdoc.model.outputs import (
    CHANGES_SUFFIX,
    COMBINED,
    COVERAGE,
    MASTER_LIST,
    OWN_FILES,
    SEARCH_INDEX,
    SET_STEMS,
    SITE_ASSETS,
    SITE_STEMS,
    copy_extension,
    safe_name,
    same_file_key,
)
from qmsdoc.model.registers import LegalRegister, RecordsRegister, TthcCatalogue
from qmsdoc.model.repository import Repository
from qmsdoc.model.revision import Amendments, RevisionEntry
from qmsdoc.render.compose import set_order
from qmsdoc.render.compose.procedure import form_codes
from qmsdoc.render.compose.site import SiteInfo
from qmsdoc.render.markdown import image_paths
from qmsdoc.render.writers import Writer

__all__ = ["COMBINED", "COVERAGE", "MASTER_LIST", "Collision", "PlanInputs", "Target",
           "in_force", "own_file_path", "plan", "safe_name"]


@dataclass(frozen=True)
class PlanInputs:
    """What the plan reads besides the repository (the build has read the files already)."""

    repo: Repository
    writers: Sequence[Writer]
    templates: str  # fingerprint of the templates
    reference: bytes | None
    images: Mapping[str, bytes | None]  # repository path → bytes (None: unreadable)
    copies: Mapping[str, bytes]  # repository path of a form's own file → bytes
    draft: Callable[[Document], bool]
    revisions: Callable[[Document], Sequence[RevisionEntry] | None]
    forced: bool  # the whole set is DỰ THẢO (check errors, --force)
    #: Filled by :func:`plan`: the documents left out because their file name is taken.
    collisions: list[Collision] = field(default_factory=list)
    #: The static site's settings and data (``-f html``); None without the html writer.
    site: SiteInfo | None = None
    #: What each amending decision lists (by its path): part of that decision's key.
    amendments: Mapping[str, Amendments] = field(default_factory=dict)


@dataclass(frozen=True)
class Collision:
    document: Document
    file: str
    other_vi: str
    other_en: str


def in_force(repo: Repository) -> list[Document]:
    """The documents a build writes: every document not obsolete, in set order."""
    return set_order([d for d in repo.documents if d.status != "obsolete" and d.code])


def plan(inputs: PlanInputs) -> list[Target]:
    """Every target of a full build, in a stable order."""
    repo = inputs.repo
    docs = in_force(repo)
    common = _common(inputs)
    by_code = {d.code: d for d in repo.documents if d.code}
    # What a procedure reads of the registers: hashed once, not once per procedure and format.
    registers = [_hash(*_register_text(repo))]
    coverage_inputs = _coverage_inputs(repo, docs)
    targets: list[Target] = []
    copies = {d.code or "": path for d in docs if (path := _own_file(d, inputs))}
    docs = _unique_names(docs, copies, [w.extension for w in inputs.writers],
                         inputs.collisions)
    for d in docs:  # a form's own file is copied once, whatever the formats
        code = d.code or ""
        if code in copies:
            copy = copies[code]
            ext = copy_extension(copy)
            key = _hash(common, "copy", _source(repo, d), _digest(inputs.copies[copy]))
            targets.append(Target(f"{code}:copy", f"{safe_name(code)}{ext}",
                                  "copy", "", key, code, d.edition, False, d, copy))
    site = inputs.site or SiteInfo()
    own: dict[str, str] = {}  # a document's own inputs, hashed once for all its formats

    def own_inputs(d: Document, draft: bool) -> str:
        if d.path not in own:
            own[d.path] = _hash(str(draft), _source(repo, d), repr(inputs.revisions(d)),
                                *_references(d, by_code),
                                *(registers if isinstance(d, Procedure) else ()),
                                *_image_digests(d, inputs.images),
                                *_amendment_key(d, inputs.amendments))
        return own[d.path]

    for w in inputs.writers:
        doc_keys: list[str] = []
        html = w.name == "html"
        page_keys: dict[str, str] = {}
        named_by = users_map(docs) if html else {}
        for d in docs:
            code = d.code or ""
            draft = inputs.forced or inputs.draft(d)
            if code in copies and not html:  # a form's own file still gets its page
                continue
            extra = document_extra(d, named_by, site) if html else []
            key = _hash(common, w.name, w.version, own_inputs(d, draft), *extra)
            doc_keys.append(key)
            page_keys[code] = key
            targets.append(Target(f"{code}:{w.name}", f"{safe_name(code)}.{w.extension}",
                                  "document", w.name, key, code, d.edition, draft, d))
        listed = [d for d in docs if d.kind != "decision"]
        any_draft = inputs.forced or any(inputs.draft(d) for d in docs)
        lang = [f"lang={site.lang}"] if html else []
        master_key = _hash(common, w.name, w.version, "master", str(inputs.forced), *lang, *(
            f"{d.code}|{d.title}|{d.kind}|{d.edition}|{d.issued}|{d.owner}|{d.status}"
            for d in listed))
        targets.append(Target(f"@master-list:{w.name}", f"{MASTER_LIST}.{w.extension}",
                              "master-list", w.name, master_key, draft=inputs.forced))
        coverage_key = _hash(common, w.name, w.version, "coverage", str(inputs.forced),
                             *lang, *coverage_inputs)
        targets.append(Target(f"@coverage:{w.name}", f"{COVERAGE}.{w.extension}",
                              "coverage", w.name, coverage_key, draft=inputs.forced))
        if html:  # the site is the combined manual's web form: its own pages follow
            targets += site_targets(repo, docs, site, common, w.version, page_keys,
                                    [master_key, coverage_key])
            continue
        combined_key = _hash(common, w.name, w.version, "combined", str(any_draft),
                             *(f"{d.code}|{d.kind}|{d.edition}" for d in docs), *doc_keys)
        targets.append(Target(f"@combined:{w.name}", f"{COMBINED}.{w.extension}",
                              "combined", w.name, combined_key, draft=any_draft))
    return targets


# ------------------------------------------------------------------------------ helpers
def _unique_names(docs: list[Document], copies: Mapping[str, str], extensions: list[str],
                  collisions: list[Collision]) -> list[Document]:
    """``docs`` without those whose output file is already another's (first come, first
    served, in set order; the set's own files first)."""
    taken: dict[str, tuple[str, str]] = {}
    for ext in extensions:
        for stem, label in SET_STEMS.items():
            vi, en = label.split(" / ")
            taken[same_file_key(f"{stem}.{ext}")] = (f"tệp {stem}.{ext} ({vi})",
                                                     f"the set's file {stem}.{ext} ({en})")
    site = "html" in extensions
    own = [*OWN_FILES, *((*SITE_ASSETS, SEARCH_INDEX) if site else ())]
    if site:
        for stem, label in SITE_STEMS.items():
            vi, en = label.split(" / ")
            taken[same_file_key(f"{stem}.html")] = (f"tệp {stem}.html ({vi})",
                                                    f"the site's file {stem}.html ({en})")
    for name in own:
        taken[same_file_key(name)] = (f"tệp {name} của bộ tài liệu",
                                      f"the set's own file {name}")
    kept = []
    for d in docs:
        code = d.code or ""
        stem = safe_name(code)
        names = ([stem + copy_extension(copies[code])] if code in copies
                 else [f"{stem}.{ext}" for ext in extensions if ext != "html"])
        if site:  # its page and its "what changed" page
            names += [f"{stem}.html", stem + CHANGES_SUFFIX]
        clash = next((n for n in names if same_file_key(n) in taken), None)
        if clash is not None:
            vi, en = taken[same_file_key(clash)]
            collisions.append(Collision(d, clash, vi, en))
            continue
        for n in names:
            taken[same_file_key(n)] = (f"tài liệu {d.path} (mã hiệu \"{code}\")",
                                       f"the document {d.path} (code \"{code}\")")
        kept.append(d)
    return kept


def _hash(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def _digest(data: bytes | None) -> str:
    return hashlib.sha256(data).hexdigest() if data is not None else "-"


def _source(repo: Repository, d: Document) -> str:
    src = repo.sources.get(d.path)
    return "\n".join(src.lines) if src else repr(d)


def _common(inputs: PlanInputs) -> str:
    repo = inputs.repo
    config = next((repo.sources[p] for p in ("qms.yaml", "qms.yml") if p in repo.sources), None)
    # The code, not only the version: a fix in a writer re-renders what it writes.
    return _hash(code_fingerprint(), inputs.templates, _digest(inputs.reference),
                 "\n".join(config.lines) if config else "")


def _register_text(repo: Repository) -> list[str]:
    """The legal register and TTHC catalogue files (titles, legal times a procedure prints)."""
    out = []
    for r in repo.registers:
        if isinstance(r, LegalRegister | TthcCatalogue):
            src = repo.sources.get(r.path)
            out.append("\n".join(src.lines) if src else repr(r))
    return sorted(out)


def _coverage_inputs(repo: Repository, docs: Sequence[Document]) -> list[str]:
    """What the coverage matrix reads besides qms.yaml (scope, exclusions, profile): each
    document's claims (never its body) and what satisfies "retain" items (registers, records)."""
    out = [f"{d.code}|{d.kind}|{'/'.join(map(str, d.clauses))}|{d.status}"
           + ("|records" if isinstance(d, Procedure) and d.records else "") for d in docs]
    for r in repo.registers:
        out.append(f"register|{r.kind or r.KIND}|{r.code or r.path}")
        if isinstance(r, RecordsRegister):
            src = repo.sources.get(r.path)
            out.append("\n".join(src.lines) if src else repr(r))
    return out


def _references(d: Document, by_code: Mapping[str, Document]) -> Iterable[str]:
    codes = list(d.related)
    if isinstance(d, Procedure):
        codes += form_codes(d)
    for code in codes:
        other = by_code.get(code)
        yield f"{code}={other.title if other else '?'}"


def _amendment_key(d: Document, amendments: Mapping[str, Amendments]) -> Iterable[str]:
    """The list an amending decision prints (nothing for any other document, so that their
    keys stay as they were)."""
    found = amendments.get(d.path)
    if found is not None:
        yield f"amendments={found!r}"


def _image_digests(d: Document, images: Mapping[str, bytes | None]) -> Iterable[str]:
    for path in image_paths(d.body, d.path):
        yield f"{path}={_digest(images.get(path))}"


def _own_file(d: Document, inputs: PlanInputs) -> str | None:
    """The repository path of a form's own Word (or other) file, when it can be copied."""
    if isinstance(d, Form) and d.source:
        path = own_file_path(d)
        if path and path in inputs.copies:
            return path
    return None


def own_file_path(d: Form) -> str | None:
    """A form's ``source:`` as a repository path (relative to the form's folder)."""
    from qmsdoc.render.markdown import resolve_image

    return resolve_image(d.source or "", d.path)
