"""The no-op fast path: a stamp of every input's size and modification time.

Loading and checking a manual of a few hundred documents takes seconds; when nothing changed
since the last complete build, neither is needed. After such a build the cache records a
stamp: a hash of qmsdoc's code fingerprint, today's date (the check's overdue rules depend on
it), the build options, the Git HEAD and index (history rules), and the path, size and mtime
of every source file, template, reference document and picture. The next build computes the
same stamp before loading anything; when it matches and every output file is untouched, the build is
done (the StrictDoc approach: size and mtime first, content hashes only when they differ).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path

from qmsdoc.cache import code_fingerprint, git_state
from qmsdoc.load.discover import discover, find_config
from qmsdoc.render.wording import template_files


def _stat(path: Path) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return "-"
    return f"{st.st_size}:{st.st_mtime_ns}"


def _git_state(root: Path) -> Iterable[str]:
    """Every ref and HEAD (a commit or a new release tag changes revision tables and draft
    marks) and the index of the enclosing Git repository, asked of git itself: in a
    ``git worktree`` or a submodule ``.git`` is a file, and refs may be packed."""
    yield git_state(root)
    try:
        proc = subprocess.run(["git", "rev-parse", "--git-path", "index"], cwd=root,
                              capture_output=True, text=True, timeout=30,
                              env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
    except (OSError, subprocess.SubprocessError):
        return
    if proc.returncode == 0 and proc.stdout.strip():
        yield _stat(root / proc.stdout.strip())


def sources(root: Path, out: Path, *, today: dt.date, options: Sequence[str]) -> str:
    """The stamp of the sources, templates and Git state (never reads a source's content)."""
    root = root.resolve()
    h = hashlib.sha256()

    def add(*parts: str) -> None:
        h.update("\x1f".join(parts).encode("utf-8", "surrogatepass"))
        h.update(b"\x1e")

    add(code_fingerprint(), today.isoformat(), str(out.resolve()), *options)
    config = find_config(root)
    add("config", config.name if config else "-", _stat(config) if config else "-")
    try:
        out_rel = out.resolve().relative_to(root).as_posix()
    except ValueError:
        out_rel = None
    # Every .md/.yaml under the root (exclude patterns ignored: a superset is still exact).
    for cand in discover(root, [], out_rel):
        add(cand.rel, _stat(cand.path))
    for label, path in template_files(root):
        add(label, path.name, _stat(path))
    for part in _git_state(root):
        add(part)
    return h.hexdigest()


def complete(sources_stamp: str, root: Path, binaries: Sequence[str]) -> str:
    """The full stamp: the sources' and that of the binary files the build read."""
    h = hashlib.sha256(sources_stamp.encode())
    for rel in sorted(binaries):
        h.update(f"{rel}\x1f{_stat(root / rel)}\x1e".encode("utf-8", "surrogatepass"))
    return h.hexdigest()
