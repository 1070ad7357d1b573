"""The broken-repository corpus: each case is a small valid repository plus one broken file,
generated at test time. ``qmsdoc check --format json`` must report the listed diagnostics
(code and path) and never print a traceback.

No case is bounded by wall time (the machine's load is no property of qmsdoc): the work is
bounded instead, and the cases say where it stops (the YAML depth limit at the bracket that
crosses it, the folder depth limit at the first folder not entered). The subprocess timeout
only turns a hang (a FIFO opened for reading, once) into a failure."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from qmsdoc_testing import BASE_FILES, FORM, remove_deep_tree

from qmsdoc.load.text import encode_legacy

VI = "Tiếp nhận hồ sơ và trả kết quả cho người dân đúng hẹn"
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _cp1258(text: str) -> bytes:
    """Windows-1258 bytes: letters precomposed with their vowel marks, tones as combining."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        d = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in d if c in _TONES)
        base = "".join(c for c in d if c not in _TONES)
        out.append(unicodedata.normalize("NFC", base) + tones if tones else ch)
    return "".join(out).encode("cp1258")


def _form(title: bytes, code: str = "BM-09") -> bytes:
    return (b"---\nkind: form\ncode: " + code.encode() + b"\ntitle: " + title
            + b"\nedition: 1\nissued: 2026-01-15\n---\n\nNoi dung.\n")


def _alias_bomb() -> bytes:
    lines = ["kind: legal-register", "title: bom", 'a0: &a0 ["x","x","x","x","x","x","x","x"]']
    for i in range(1, 12):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 8)}]")
    return ("\n".join(lines) + "\n").encode()


def _deep() -> bytes:
    return b"kind: legal-register\ntitle: deep\ndocuments: " + b"[" * 5000 + b"]" * 5000 + b"\n"


def _huge(path: Path) -> None:
    block = b"# " + b"x" * 1021 + b"\n"
    with path.open("wb") as fh:
        for _ in range(50 * 1024):  # 50 MB
            fh.write(block)


@dataclass(frozen=True)
class Case:
    id: str
    files: dict[str, bytes]
    expect: set[tuple[str, str]]  # (code, path) that must be reported
    setup: Callable[[Path, Path], None] | None = None  # (root, tmp_path)
    exit_codes: tuple[int, ...] = (1,)
    no_errors: bool = False  # the file must load without a syntax diagnostic (BOM, CRLF)
    #: (code, path, line, column, text in the English message) that must be reported: where
    #: a bounded piece of work stopped, and why
    where: tuple[str, str, int, int | None, str] | None = None


def _link_loop(root: Path, tmp: Path) -> None:
    (root / "a.md").symlink_to("b.md")
    (root / "b.md").symlink_to("a.md")
    (root / "vong").symlink_to(".")  # a folder link back to the root: never entered


def _link_out(root: Path, tmp: Path) -> None:
    secret = tmp / "outside.md"
    secret.write_bytes(_form(b"Outside"))
    (root / "ra-ngoai.md").symlink_to(secret)


def _no_read(root: Path, tmp: Path) -> None:
    p = root / "khoa.md"
    p.write_bytes(_form(b"Locked"))
    p.chmod(0)


def _huge_setup(root: Path, tmp: Path) -> None:
    _huge(root / "lon.md")


def _fifo(root: Path, tmp: Path) -> None:
    os.mkfifo(root / "ong.md")  # opened for reading, it would wait for a writer forever


def _bad_name(root: Path, tmp: Path) -> None:
    with open(os.path.join(os.fsencode(root), b"c\xf4ng-v\xe3n.md"), "wb") as fh:
        fh.write(_form(b"Latin-1 name"))


def _deep_folders(root: Path, tmp: Path) -> None:
    here = os.getcwd()
    try:  # relative steps: the last level's absolute path is longer than PATH_MAX
        os.chdir(root)
        for _ in range(1100):
            os.mkdir("d")
            os.chdir("d")
        Path("BM-09.md").write_bytes(_form(b"Deep"))
    finally:
        os.chdir(here)


def _submodule(root: Path, tmp: Path) -> None:
    for name, text in BASE_FILES.items():  # a copy of the manual, as a submodule holds it
        p = root / "ban-sao" / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    (root / "ban-sao/.git").write_text("gitdir: ../.git/modules/ban-sao\n")


CASES = [
    Case("empty", {"trong.md": b""}, {("QMS008", "trong.md")}, exit_codes=(0, 1)),
    Case("binary", {"nhi-phan.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))},
         {("QMS009", "nhi-phan.md")}),
    Case("invalid-utf8", {"hong.md": _form(b"abc \xff\xfe\xc3\x28 def")},
         {("QMS003", "hong.md")}),
    Case("windows-1258", {"cp1258.md": _form(_cp1258(VI))}, {("QMS004", "cp1258.md")}),
    Case("tcvn3", {"tcvn3.md": _form(encode_legacy(VI, "tcvn3").encode("latin-1"))},
         {("QMS004", "tcvn3.md")}),
    Case("vni", {"vni.md": _form(encode_legacy(VI, "vni").encode("latin-1"))},
         {("QMS004", "vni.md")}),
    Case("utf8-bom", {"bieu-mau/BM-01.md": b"\xef\xbb\xbf" + FORM.encode()}, set(),
         exit_codes=(0, 1), no_errors=True),
    Case("crlf", {"bieu-mau/BM-01.md": FORM.replace("\n", "\r\n").encode()}, set(),
         exit_codes=(0, 1), no_errors=True),
    Case("unclosed-front-matter", {"mo.md": b"---\nkind: form\ncode: BM-09\ntitle: x\n\nbody\n"},
         {("QMS002", "mo.md")}),
    Case("duplicate-keys", {"trung.yaml": b"kind: legal-register\ntitle: a\ntitle: b\n"},
         {("QMS011", "trung.yaml")}),
    Case("alias-bomb", {"bom.yaml": _alias_bomb()}, {("QMS012", "bom.yaml")}),
    Case("deep-nesting", {"sau.yaml": _deep()}, {("QMS012", "sau.yaml")},
         # libyaml stops at its own bound inside the brackets: any column of line 3.
         where=("QMS012", "sau.yaml", 3, None, "deeper than 40 levels")),
    Case("50-mb-file", {}, {("QMS010", "lon.md")}, setup=_huge_setup),
    Case("symlink-loop", {}, {("QMS016", "a.md"), ("QMS016", "b.md")}, setup=_link_loop),
    Case("symlink-outside", {}, {("QMS016", "ra-ngoai.md")}, setup=_link_out),
    Case("no-read-permission", {}, {("QMS016", "khoa.md")}, setup=_no_read),
    Case("too-many-files",
         {"qms.yaml": (BASE_FILES["qms.yaml"] + "limits:\n  max_documents: 3\n").encode()},
         {("QMS019", "qms.yaml")}),
    Case("fifo", {}, {("QMS021", "ong.md")}, setup=_fifo),
    Case("non-utf8-file-name", {}, {("QMS022", "c\\xf4ng-v\\xe3n.md")}, setup=_bad_name),
    Case("deep-folders", {}, set(), setup=_deep_folders,
         where=("QMS023", "/".join(["d"] * 64), 1, 1, "more than 64 levels")),
    Case("submodule", {}, {("QMS024", "ban-sao")}, setup=_submodule),
    Case("huge-limit",
         {"qms.yaml": (BASE_FILES["qms.yaml"] + "limits:\n  max_file_bytes: 10000000000000\n"
                       "  max_depth: 100000\n").encode()},
         {("QMS020", "qms.yaml")}),
    Case("kind-list", {"k.md": b"---\nkind: [form, procedure]\ncode: BM-09\n---\n"},
         {("QMS026", "k.md")}),
    Case("form-source-outside",
         {"bieu-mau/BM-09.md": _form(b"Outside").replace(b"title:", b"source: ../../etc/passwd"
                                                         b"\ntitle:")},
         {("QMS025", "bieu-mau/BM-09.md")}),
    Case("newer-format-version",
         {"qms.yaml": BASE_FILES["qms.yaml"].replace("format_version: 1",
                                                     "format_version: 99").encode()},
         {("QMS015", "qms.yaml")}),
]


def _write_repo(root: Path, files: dict[str, bytes]) -> None:
    for name, text in BASE_FILES.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    for name, data in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)


def qmsdoc(*args: str, cwd: Path | None = None,
           timeout: float = 60) -> tuple[subprocess.CompletedProcess[str], float]:
    env = {**os.environ, "QMSDOC_LANG": "en", "PYTHONFAULTHANDLER": "1"}
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "qmsdoc", *args], capture_output=True,
                          text=True, timeout=timeout, cwd=cwd, env=env)
    return proc, time.monotonic() - start


def no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_broken_repository(case: Case, tmp_path: Path) -> None:
    if case.id == "no-read-permission" and os.geteuid() == 0:
        pytest.skip("running as root: file permissions do not stop root from reading")
    if case.setup is not None and "symlink" in case.id and not hasattr(os, "symlink"):
        pytest.skip("no symbolic links on this platform")
    if case.id == "fifo" and not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    root = tmp_path / "repo"
    _write_repo(root, case.files)
    if case.setup is not None:
        case.setup(root, tmp_path)
    try:
        proc, _ = qmsdoc("check", "--format", "json", str(root))
    finally:
        if case.id == "no-read-permission":
            (root / "khoa.md").chmod(0o644)
        if case.id == "deep-folders":  # pytest's clean-up would recurse 1,100 deep
            remove_deep_tree(root)
    no_traceback(proc)
    assert proc.returncode in case.exit_codes, (proc.returncode, proc.stdout, proc.stderr)
    found = json.loads(proc.stdout)
    got = {(d["code"], d["path"]) for d in found}
    assert case.expect <= got, found
    for d in found:  # every diagnostic says what and where
        assert d["message"] and d["path"] is not None and d["line"] >= 1
    if case.where is not None:
        code, path, line, column, text = case.where
        assert [(d["line"], d["column"] if column is not None else None) for d in found
                if (d["code"], d["path"]) == (code, path)] == [(line, column)], found
        assert any(text in d["message"] for d in found if d["code"] == code), found
    if case.no_errors:
        assert not [d for d in found if d["path"] in case.files and d["code"] < "QMS1"], found


def test_missing_config_exits_2(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    _write_repo(root, {})
    (root / "qms.yaml").unlink()
    proc, _ = qmsdoc("check", "--format", "json", str(root))
    no_traceback(proc)
    assert proc.returncode == 2
    assert "qms.yaml" in proc.stderr


def test_missing_folder_exits_2(tmp_path: Path) -> None:
    proc, _ = qmsdoc("check", "--format", "json", str(tmp_path / "nowhere"))
    no_traceback(proc)
    assert proc.returncode == 2
