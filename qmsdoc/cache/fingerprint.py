"""Fingerprints: of qmsdoc itself (:func:`code_fingerprint`) and of a repository's sources,
found by the loader's own discovery (:func:`source_digests`)."""

from __future__ import annotations

import hashlib
import os
import sys
from functools import cache
from pathlib import Path

from qmsdoc import __version__

CONFIG_NAMES = ("qms.yaml", "qms.yml")  # as qmsdoc.load.discover (imported only when hashing)
_FORMAT = 2  # of the fingerprint itself


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@cache
def code_fingerprint() -> str:
    """What identifies the checker: version, package files, Python and key dependencies."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{_FORMAT}|{__version__}|{sys.version}".encode())
    pkg = Path(__file__).resolve().parents[1]  # the whole qmsdoc package
    for folder, dirs, files in os.walk(pkg):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".yaml", ".yml", ".json", ".toml", ".typ", ".docx", ".j2")):
                st = os.stat(os.path.join(folder, name))
                h.update(f"{folder}/{name}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    import importlib.util

    for mod in ("ruamel.yaml", "yaml", "holidays", "git"):
        try:
            spec = importlib.util.find_spec(mod)
        except (ImportError, ValueError):
            spec = None
        origin = spec.origin if spec else None
        if origin and os.path.exists(origin):
            st = os.stat(origin)
            h.update(f"{mod}|{origin}|{st.st_size}|{st.st_mtime_ns}\n".encode())
        else:
            h.update(f"{mod}|-\n".encode())
    return h.hexdigest()


def sources_digest(root: Path) -> str:
    """Digest of the path and content of every file the check could read (a superset)."""
    return combined_digest(source_digests(root))


def combined_digest(digests: dict[str, str]) -> str:
    """One digest of :func:`source_digests`' paths and tokens (what :func:`sources_digest` is)."""
    h = hashlib.blake2b(digest_size=16)
    for rel in sorted(digests):
        h.update(f"{rel}\0{digests[rel]}\n".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def source_digests(root: Path) -> dict[str, str]:
    """Each source file's path → the digest of its bytes (``?…`` when it is not read).

    The superset of :func:`sources_digest`; ``qmsdoc history`` also looks each file's cached
    metadata up by it (qmsdoc.load.frontmatter_only), so the files are read only once. The files
    are those of the loader's own discovery (an iterative walk; FIFOs, devices, links out of
    the repository and nested repositories are never opened) plus qms.yaml and ``profiles/``.
    """
    from qmsdoc.load.discover import discover, open_source

    root = Path(root)
    found = [(name, root / name, False, "") for name in CONFIG_NAMES
             if os.path.lexists(root / name)]
    found += [(c.rel, c.path, c.is_link, c.problem)
              for c in discover(root, [], None, profiles=True)]
    out: dict[str, str] = {}
    for rel, path, is_link, problem in sorted(found):
        if problem:
            out[rel] = f"?{problem}"
            continue
        try:
            fd = open_source(path, follow=is_link or rel in CONFIG_NAMES)
        except OSError as e:
            out[rel] = f"?{e.errno}"
            continue
        h = hashlib.blake2b(digest_size=16)
        try:
            with os.fdopen(fd, "rb", buffering=0) as fh:
                while chunk := fh.read(1 << 20):  # bounded memory, whatever the size
                    h.update(chunk)
        except OSError as e:
            out[rel] = f"?{e.errno}"
            continue
        out[rel] = h.hexdigest()
    return out


