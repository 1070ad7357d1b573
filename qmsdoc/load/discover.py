"""Find the source files of a repository: every .md, .yaml and .yml file under the root.

Hidden folders and files (``.git``, ``.github``…), folders starting with ``_`` (``_build``), the
output folder, the top-level ``profiles`` folder (the organisation's own profiles, read by
qmsdoc.standards) and the ``exclude`` globs of qms.yaml are skipped. Symbolic links are never
followed out of the repository, and linked folders are not entered (no loops).
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path

EXTENSIONS = (".md", ".yaml", ".yml")
CONFIG_NAMES = ("qms.yaml", "qms.yml")


@dataclass(frozen=True, slots=True)
class Candidate:
    path: Path  # absolute
    rel: str  # posix path relative to the root
    problem: str = ""  # why it cannot be read, if known already (link outside, loop)


def find_config(root: Path) -> Path | None:
    for name in CONFIG_NAMES:
        p = root / name
        if p.is_file():
            return p
    return None


def discover(root: Path, exclude: list[str], output_dir: str | None) -> list[Candidate]:
    """Source files under ``root`` in a stable (sorted) order, qms.yaml excluded."""
    root = root.resolve()
    skip_dirs = {output_dir.strip("/")} if output_dir else set()
    out: list[Candidate] = []

    def excluded(rel: str) -> bool:
        return any(fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(rel, pat.rstrip("/") + "/*")
                   for pat in exclude)

    def walk(folder: Path, prefix: str) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            name = entry.name
            rel = f"{prefix}{name}"
            if name.startswith(".") or excluded(rel):
                continue
            try:
                is_link = entry.is_symlink()
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if is_dir:
                if name.startswith("_") or rel in skip_dirs or name in ("node_modules", "venv") \
                        or rel == "profiles":  # the organisation's own profiles (standards)
                    continue
                walk(Path(entry.path), rel + "/")
                continue
            if not name.lower().endswith(EXTENSIONS) or (not prefix and name in CONFIG_NAMES):
                continue
            path = Path(entry.path)
            if is_link:
                problem = _link_problem(path, root)
                if problem == "dir":
                    continue
                out.append(Candidate(path, rel, problem))
            else:
                out.append(Candidate(path, rel))

    walk(root, "")
    return out


def _link_problem(path: Path, root: Path) -> str:
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "link-broken"
    if target.is_dir():
        return "dir"
    if not target.is_relative_to(root):
        return "link-outside"
    return ""
