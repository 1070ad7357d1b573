"""The static site in the build (``-f html``): its targets beside the documents' pages, and
what each needs composed.

The site is flat files in the output folder, beside the DOCX and PDF it links to for download:
``<code>.html`` per document (planned like any writer's file), ``<code>.thay-doi.html`` (what
changed since the previous edition), the site's own pages (``index.html``,
``thu-tuc-hanh-chinh.html``, ``van-ban-phap-luat.html``, ``lich-cong-viec.html``,
``tim-kiem.html``), the search index (``search-index.js``) and the shipped style sheet and
script. Flat, so that pages link with plain relative names (file:// and any static server)
and the set still goes into place in one exchange (promote.py carries only files).

Every target has its own input key, so an edit to one procedure re-renders its page, the pages
that list it (master list, TTHC listing…, only when what they show of it changed) and the
search index, nothing else.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from urllib.parse import quote

from qmsdoc.build.target import Target
from qmsdoc.model.documents import Decision, Document, Objectives, Policy, Procedure
from qmsdoc.model.outputs import (
    CALENDAR,
    HOME,
    LEGAL_REGISTER,
    SEARCH,
    SEARCH_INDEX,
    SITE_ASSETS,
    TTHC_LISTING,
)
from qmsdoc.model.registers import LegalRegister, TthcCatalogue
from qmsdoc.model.repository import Repository
from qmsdoc.model.revision import RevisionEntry
from qmsdoc.render.compose import ComposeContext, compose_document
from qmsdoc.render.compose.procedure import form_codes
from qmsdoc.render.compose.site import (
    SiteInfo,
    SitePage,
    calendar_page,
    changes_file,
    changes_page,
    document_page,
    home_page,
    legal_page,
    link_codes,
    page_file,
    page_text,
    search_page,
    tthc_page,
)
from qmsdoc.render.html.search import Entry, page_words, search_index
from qmsdoc.render.tree import RenderedDocument, SiteFrame

#: Target actions of the site's own files (the documents' pages are "document" targets).
PAGES = {"site-home": HOME, "site-tthc": TTHC_LISTING, "site-legal": LEGAL_REGISTER,
         "site-calendar": CALENDAR, "site-search": SEARCH}
#: The format name of "what changed" pages in target names (``QT-10:html-changes``).
CHANGES = "html-changes"


def _hash(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def _source(repo: Repository, d: Document) -> str:
    src = repo.sources.get(d.path)
    return "\n".join(src.lines) if src else repr(d)


def _registers(repo: Repository, kinds: tuple[type, ...]) -> list[str]:
    out = []
    for r in repo.registers:
        if isinstance(r, kinds):
            src = repo.sources.get(r.path)
            out.append("\n".join(src.lines) if src else repr(r))
    return sorted(out)


def info_key(info: SiteInfo) -> list[str]:
    """What every page shows of the settings: its language and the download formats."""
    return [f"lang={info.lang}", "formats=" + ",".join(sorted(info.formats)),
            "copies=" + ",".join(f"{k}={v}" for k, v in sorted(info.copies.items()))]


def users_map(docs: Sequence[Document]) -> dict[str, list[Document]]:
    """code → the documents that name it (related documents, forms of procedures)."""
    out: dict[str, list[Document]] = {}
    for u in docs:
        named = list(u.related) + (form_codes(u) if isinstance(u, Procedure) else [])
        for code in dict.fromkeys(named):
            if code != u.code:
                out.setdefault(code, []).append(u)
    return out


def document_extra(d: Document, named_by: Mapping[str, Sequence[Document]],
                   info: SiteInfo) -> list[str]:
    """The inputs of a document's page besides those of its DOCX: who links to it, whether it
    has a "what changed" page, the site's language and formats."""
    return [*info_key(info), *(f"user={u.code}|{u.title}" for u in named_by.get(d.code or "", [])),
            f"changes={(d.code or '') in info.changes}"]


def targets(repo: Repository, docs: Sequence[Document], info: SiteInfo, common: str,
            version: str, doc_keys: Mapping[str, str], set_keys: Sequence[str]) -> list[Target]:
    """The site's own targets, after the documents' pages (``doc_keys``: code → key of its
    page; ``set_keys``: the master list's and matrix's)."""
    out: list[Target] = []
    base = [common, "html", version, *info_key(info)]
    for d in docs:
        previous = info.changes.get(d.code or "")
        if previous is None:
            continue
        key = _hash(*base, "changes", doc_keys.get(d.code or "", ""), previous.label,
                    repr(previous.document))
        out.append(Target(f"{d.code}:{CHANGES}", changes_file(d.code or ""), "site-changes",
                        "html", key, d.code or "", d.edition, False, d))
    by_kind = (Policy, Objectives, Decision)
    home = _hash(*base, "home", repr(info.release), str(info.today.year),
                 *(_source(repo, d) for d in docs if isinstance(d, by_kind)))
    procedures = [d for d in docs if isinstance(d, Procedure)]
    titles = {d.code: d.title for d in docs}
    tthc = _hash(*base, "tthc", *_registers(repo, (TthcCatalogue,)), *(
        _source(repo, p) + "|" + "|".join(f"{c}={titles.get(c)}" for c in form_codes(p))
        for p in procedures if p.tthc))
    legal = _hash(*base, "legal", *_registers(repo, (LegalRegister,)), *(
        f"{p.code}|{repr(p.legal_basis)}" for p in procedures))
    calendar = _hash(*base, "calendar", info.today.isoformat(), str(info.horizon_days),
                     repr(info.calendar), *(f"{d.code}" for d in docs))
    search = _hash(*base, "search")
    keys = {"site-home": home, "site-tthc": tthc, "site-legal": legal,
            "site-calendar": calendar, "site-search": search}
    for action, stem in PAGES.items():
        out.append(Target(f"@{stem}:html", f"{stem}.html", action, "html", keys[action]))
    index = _hash(*base, "index", *sorted(doc_keys.values()), *set_keys, *keys.values(),
                  *(t.key for t in out if t.action == "site-changes"))
    out.append(Target(f"@{SEARCH_INDEX}:html", SEARCH_INDEX, "site-index", "html", index))
    from qmsdoc.render.html import asset_bytes

    for name in SITE_ASSETS:
        key = _hash(common, version, name, hashlib.sha256(asset_bytes(name)).hexdigest())
        out.append(Target(f"@{name}:html", name, "site-asset", "html", key))
    return out


# ------------------------------------------------------------------------------ composing
def page_of(action: str, ctx: ComposeContext, info: SiteInfo,
            docs: Sequence[Document]) -> SitePage:
    """One of the site's own pages."""
    if action == "site-home":
        return home_page(ctx, info, docs)
    if action == "site-tthc":
        return tthc_page(ctx, info, docs)
    if action == "site-legal":
        return legal_page(ctx, info, docs)
    if action == "site-calendar":
        return calendar_page(ctx, info)
    return search_page(ctx, info)


def pages_by_code(docs: Iterable[Document]) -> dict[str, str]:
    return {d.code: page_file(d.code) for d in docs if d.code}


def document(ctx: ComposeContext, info: SiteInfo, d: Document, composed: RenderedDocument,
             revisions: Sequence[RevisionEntry] | None) -> SitePage:
    return document_page(ctx, info, d, composed, revisions or composed.revisions, info.pages)


def set_page(ctx: ComposeContext, info: SiteInfo, composed: RenderedDocument,
             file: str) -> SitePage:
    """The master list or the coverage matrix as a page, codes linked to their pages."""
    from dataclasses import replace

    from qmsdoc.render.compose.site import frame

    doc = replace(composed, blocks=link_codes(composed.blocks, info.pages))
    return SitePage(doc, frame(ctx, info, file, composed.fields.title))


def changes(ctx: ComposeContext, info: SiteInfo, d: Document, new: RenderedDocument) -> SitePage:
    previous = info.changes[d.code or ""]
    old = compose_document(ctx, previous.document).document
    return changes_page(ctx, info, d, new, previous, old)


def index_bytes(ctx: ComposeContext, info: SiteInfo, docs: Sequence[Document],
                page_keys: Mapping[str, str], composed: Callable[[Document], RenderedDocument],
                extra: Sequence[tuple[str, str, SitePage]]) -> bytes:
    """The search index of every page: the documents' (words of the same tree as their
    files), then the site's own pages and the master list (``extra``: file, kind, page).

    A document's words depend only on its page's inputs, so they are kept per page key in
    ``.qmsdoc/cache/site-index.json``: a rebuild after one edit composes that document again,
    not every one (the index bytes are the same either way)."""
    store = _WordCache(ctx.repo.root)
    known = store.load()
    kept: dict[str, str] = {}
    entries: list[Entry] = []
    for d in docs:
        key = page_keys.get(d.code or "", "")
        found = known.get(key) if key else None
        if found is None:
            tree = composed(d)
            text = "\n".join([tree.properties.keywords,
                              page_text(SitePage(tree, _no_frame(ctx, info)))])
            found = page_words(d.title or "", text)
        if key:
            kept[key] = found
        codes = tuple(c for c in (d.code, getattr(d, "tthc", None)) if c)
        entries.append(Entry(quote(page_file(d.code or ""), safe=""), d.title or "", codes,
                             d.kind or "", found))
    for file, kind, page in extra:
        title = page.frame.page_title
        entries.append(Entry(quote(file, safe=""), title, (), kind,
                             page_words(title, page_text(page))))
    if kept != known:
        store.save(kept)
    return search_index(entries)


def _no_frame(ctx: ComposeContext, info: SiteInfo) -> SiteFrame:
    from qmsdoc.render.compose.site import frame

    return frame(ctx, info, "", "")


class _WordCache:
    """page key → the page's search words, in the repository's ``.qmsdoc/cache`` (the check
    cache's rules: never through a symbolic link, keyed with this user's secret so that a
    file committed or copied from elsewhere is never read; any failure is only slower)."""

    FORMAT = 1

    def __init__(self, root: Path) -> None:
        from qmsdoc.cache import CACHE_DIR, _secret

        self.path = Path(root) / CACHE_DIR / "site-index.json"
        secret = _secret()
        self.key = (hashlib.blake2b(b"site-index", key=secret, digest_size=16).hexdigest()
                    if secret else None)

    def load(self) -> dict[str, str]:
        from qmsdoc.cache import read_stored

        if self.key is None:
            return {}
        data = read_stored(self.path, self.FORMAT, self.key)
        pages = data.get("pages") if data else None
        if not isinstance(pages, dict):
            return {}
        return {k: v for k, v in pages.items() if isinstance(k, str) and isinstance(v, str)}

    def save(self, pages: Mapping[str, str]) -> None:
        from qmsdoc.cache import write_stored

        if self.key is not None:
            write_stored(self.path, {"format": self.FORMAT, "key": self.key,
                                     "pages": dict(sorted(pages.items()))}, ".site-")
