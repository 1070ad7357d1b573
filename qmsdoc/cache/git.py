"""The one reader of Git state for the caches: through git itself (``show-ref``, ``status``,
``config``, ``rev-parse``), never by reading ``.git`` by hand, so a worktree, a submodule
checkout and a repository with ``GIT_DIR`` elsewhere all work as git says."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import time
from pathlib import Path

_REFS = ("show-ref", "--head", "--dereference")
_SHALLOW = ("rev-parse", "--git-path", "shallow")
#: HEAD and every ref with the objects tags point at: what check's history rules read.
REFS: tuple[tuple[str, ...], ...] = (_REFS,)
#: What the history output depends on besides the sources: the refs, the working-tree status
#: (changes make drafts), the configuration (rename detection, signatures…) and the
#: shallow-clone boundary.
HISTORY: tuple[tuple[str, ...], ...] = (
    _REFS,
    ("status", "--porcelain=v1", "-z", "--untracked-files=all", "--ignore-submodules", "--", "."),
    ("config", "--list", "-z", "--show-origin"),
    _SHALLOW,
)


class GitProbe:
    """A Git state: the output of git commands (:data:`HISTORY` by default), started at once
    and run concurrently (with each other and with the caller hashing the sources)."""

    def __init__(self, root: Path, probes: tuple[tuple[str, ...], ...] = HISTORY) -> None:
        self.root = root
        self.probes = probes
        self.failed = ""
        self.procs: list[subprocess.Popen[bytes]] = []
        exe = shutil.which("git")
        if exe is None:
            self.failed = "no-git"
            return
        st = os.stat(exe)
        self.exe = f"{exe}|{st.st_size}|{st.st_mtime_ns}"
        env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}  # status must not rewrite the index
        try:
            for args in probes:
                self.procs.append(subprocess.Popen(
                    ["git", *args], cwd=root, env=env, stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE))
        except OSError as e:
            self.failed = f"no-git:{type(e).__name__}"

    def digest(self) -> str:
        """Wait for the commands; the digest of their exit status and output."""
        outputs: list[tuple[int, bytes, bytes]] = []
        for p in self.procs:
            try:
                out, err = p.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                p.kill()
                p.communicate()
                self.failed = f"git-timeout:{time.time_ns()}"  # never equal again: a miss
                continue
            outputs.append((p.returncode, out, err))
        if self.failed:
            return self.failed
        h = hashlib.blake2b(self.exe.encode(), digest_size=16)
        for code, out, err in outputs:
            h.update(b"%d\0%b\0%b\0" % (code, out, err))
        code, shallow, _ = outputs[-1]
        if self.probes[-1] == _SHALLOW and code == 0 and shallow.strip():
            try:
                h.update((self.root / os.fsdecode(shallow.strip())).read_bytes())
            except OSError:
                h.update(b"-")  # not a shallow clone
        return h.hexdigest()




def git_state(root: Path) -> str:
    """HEAD and every ref of the Git repository around ``root`` (one ``git show-ref``)."""
    return GitProbe(root, REFS).digest()
