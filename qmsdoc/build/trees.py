"""Composed document trees kept across builds (``.qmsdoc/cache/trees``) for the combined set.

The set's DOCX holds every document, so a rebuild after one edit wrote it from all of them
composed again (Markdown parsed, tables fitted: about half of that rebuild). Each document's
tree is kept when it is composed and read back for the set while its inputs are unchanged.

The file name is a digest keyed with this user's cache secret over the document's build key
(which covers everything composing it reads: its source, the templates, the reference
document, qms.yaml, the revisions, the code of qmsdoc) and its draft mark; the content is
sealed with the same key and unpickled only when the seal holds, so a file put in the folder
by anyone else (a repository cloned with its ``.qmsdoc``) is never loaded: it is composed
again. Without a secret (an unwritable home) nothing is kept.
"""

from __future__ import annotations

import hashlib
import pickle
import re
from collections.abc import Mapping
from pathlib import Path

from qmsdoc.cache.store import (
    CACHE_DIR,
    prune,
    read_sealed,
    secret,
    write_sealed,
)
from qmsdoc.model.documents import Document
from qmsdoc.render.compose import Composed

FOLDER = CACHE_DIR / "trees"
_MARK = b"qmsdoc-tree-2\n"  # then (sealed: qmsdoc.cache.store.write_sealed) the pickle
_MAX = 64 << 20  # a tree file larger than this is not one of ours


class TreeStore:
    """The kept trees of one repository; ``keys``: each document's build key (document path
    → the key of one of its targets, the same for every lookup of this build)."""

    def __init__(self, root: Path, keys: Mapping[str, str]) -> None:
        self.folder = Path(root) / FOLDER
        self.key = secret()
        self.keys = keys

    def get(self, doc: Document, draft: bool) -> Composed | None:
        """The tree kept for the document's inputs, or None (none kept, or not sealed by this
        user)."""
        build_key = self.keys.get(doc.path)
        if self.key is None or build_key is None:
            return None
        body = read_sealed(self.folder / self._name(build_key, draft), _MARK, _MAX)
        if not body:
            return None
        try:
            tree = pickle.loads(body)  # noqa: S301  (sealed with this user's key: ours)
        except Exception:  # noqa: BLE001  (written by another version of qmsdoc)
            return None
        return tree if isinstance(tree, Composed) else None

    def put(self, doc: Document, draft: bool, tree: Composed, for_key: str = "") -> None:
        """Keep ``tree`` (a link in the way or a read-only folder: not kept). ``for_key``: the
        key of the target it was composed for, when it is kept only if that is the key looked
        up (a document is composed for each of its formats: kept once)."""
        build_key = self.keys.get(doc.path)
        if self.key is None or build_key is None or for_key not in ("", build_key):
            return
        body = pickle.dumps(tree, protocol=pickle.HIGHEST_PROTOCOL)
        write_sealed(self.folder / self._name(build_key, draft), _MARK, body, ".tree-")

    def prune(self) -> int:
        """Delete the kept trees and markups of documents (or versions of them) that this
        build does not have: every file this store wrote whose name is none of the names of
        this build's documents; how many."""
        if self.key is None:
            return 0
        live = {self._name(k, d) for k in set(self.keys.values()) for d in (False, True)}
        return prune(self.folder, _OURS, lambda name: name.partition(".")[0] in live)

    def memo(self, doc: Document, draft: bool) -> _Kept:
        """What writers keep for the document's section of a set beside its tree (its DOCX
        markup…): valid for the same inputs, sealed the same way."""
        return _Kept(self, doc, draft)

    def _name(self, build_key: str, draft: bool) -> str:
        assert self.key is not None
        return hashlib.blake2b(f"{build_key}|{draft}".encode(), key=self.key,
                               digest_size=20).hexdigest()


class _Kept:
    """A document's :class:`~qmsdoc.render.tree.SectionMemo` entries (by kind)."""

    def __init__(self, store: TreeStore, doc: Document, draft: bool) -> None:
        self.store, self.doc, self.draft = store, doc, draft

    def _path(self, kind: str) -> Path | None:
        build_key = self.store.keys.get(self.doc.path)
        if self.store.key is None or build_key is None or not kind.isalnum():
            return None
        return self.store.folder / f"{self.store._name(build_key, self.draft)}.{kind}"

    def get(self, kind: str) -> bytes | None:
        path = self._path(kind)
        return read_sealed(path, _MEMO, _MAX) if path is not None else None

    def put(self, kind: str, data: bytes) -> None:
        path = self._path(kind)
        if path is not None:
            write_sealed(path, _MEMO, data, ".memo-")


_MEMO = b"qmsdoc-section-memo-1\n"
_OURS = re.compile(r"[0-9a-f]{40}(\.[a-z0-9]+)?")  # a tree, a tree's memo ("….docx2")
