"""Reading sources (docs/reliability.md, "Reading sources"): what every command does with files
it cannot or must not read, with limits a repository sets, and with the check cache's folder.

Each test reproduces a finding of issue 13 (it failed, hung or crashed before the fix). Commands
run in a subprocess: a hang is caught by the subprocess timeout (a guard, not a measurement),
and a crash shows as the internal-error exit status 3.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from qmsdoc_testing import BASE_FILES, FORM, remove_deep_tree, sub

from qmsdoc.load import _read, load_repository, read_settings
from qmsdoc.load.discover import MAX_FOLDER_DEPTH, discover, read_source
from qmsdoc.model.config import LIMIT_CEILINGS, Limits, QmsConfig
from tests.reliability.test_corpus import _write_repo, no_traceback, qmsdoc

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
INTERNAL_ERROR = 3


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    _write_repo(root, {})
    return root


def _codes(proc: subprocess.CompletedProcess[str]) -> set[tuple[str, str]]:
    return {(d["code"], d["path"]) for d in json.loads(proc.stdout)}


def _git_init(root: Path) -> None:
    subprocess.run(["git", "init", "-q", str(root)], check=True)


def _run_everywhere(root: Path, command: str) -> subprocess.CompletedProcess[str]:
    args = {"check": ["check", "--format", "json", "--no-cache"],
            "check-cached": ["check", "--format", "json"],
            "fmt": ["fmt", "--check"],
            "history": ["history", "--format", "json"],
            "coverage": ["coverage", "--format", "json"],
            "due": ["due", "--format", "json", "--within", "1y"],
            "build": ["build", "-f", "docx", "--force"]}[command]
    proc, _ = qmsdoc(*args, str(root), timeout=300)
    no_traceback(proc)
    assert proc.returncode != INTERNAL_ERROR, proc.stderr
    return proc


COMMANDS = ["check", "check-cached", "fmt", "history", "coverage", "due"]


# -- finding 12: a FIFO named *.md blocked every command --------------------------------------


@needs_fifo
@pytest.mark.parametrize("command", COMMANDS)
def test_a_fifo_named_like_a_source_is_skipped_not_opened(repo: Path, command: str) -> None:
    _git_init(repo)
    os.mkfifo(repo / "ong.md")  # opening it for reading would wait for a writer forever
    proc = _run_everywhere(repo, command)
    if command.startswith("check"):
        assert ("QMS021", "ong.md") in _codes(proc)
    elif command in ("history", "due"):
        assert "ong.md" in proc.stderr and "QMS021" in proc.stderr
    elif command == "coverage":
        found = json.loads(proc.stdout)["findings"]
        assert any(f["code"] == "QMS021" and f["path"] == "ong.md" for f in found)


@needs_fifo
def test_discovery_classifies_special_files_and_links_to_them(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "ong.yaml")
    (tmp_path / "link.md").symlink_to(tmp_path / "ong.yaml")
    found = {c.rel: (c.problem, c.detail) for c in discover(tmp_path, [], None)}
    assert found == {"link.md": ("special", ""), "ong.yaml": ("special", "fifo")}


@needs_fifo
def test_read_source_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "ong.md")
    with pytest.raises(OSError):
        read_source(tmp_path / "ong.md", 1000)


# -- finding 11: internal errors --------------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "check-cached", "history"])
def test_a_file_name_that_is_not_utf8_is_reported(repo: Path, command: str) -> None:
    _git_init(repo)
    bad = os.path.join(os.fsencode(repo), b"bieu-mau", b"BM-02-c\xf4ng.md")
    try:
        with open(bad, "wb") as fh:
            fh.write(FORM.replace("BM-01", "BM-02").encode())
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    proc = _run_everywhere(repo, command)
    shown = "bieu-mau/BM-02-c\\xf4ng.md"
    if command.startswith("check"):
        assert ("QMS022", shown) in _codes(proc)
    else:
        assert shown in proc.stderr and "QMS022" in proc.stderr


def _deep_tree(root: Path, levels: int) -> None:
    # chdir into the tree: the absolute path of the last level is longer than PATH_MAX
    here = os.getcwd()
    try:
        os.chdir(root)
        for _ in range(levels):
            os.mkdir("d")
            os.chdir("d")
        Path("BM-99.md").write_text(FORM.replace("BM-01", "BM-99"), encoding="utf-8")
    finally:
        os.chdir(here)


@pytest.mark.parametrize("command", [*COMMANDS, "build"])
def test_a_folder_tree_1100_levels_deep_is_bounded(repo: Path, command: str) -> None:
    _git_init(repo)
    _deep_tree(repo, 1100)
    try:
        proc = _run_everywhere(repo, command)
    finally:
        remove_deep_tree(repo)
    where = "/".join(["d"] * MAX_FOLDER_DEPTH)
    if command.startswith("check"):
        assert ("QMS023", where) in _codes(proc)
    elif command in ("history", "due"):
        assert "QMS023" in proc.stderr


def test_discovery_does_not_recurse_and_stops_at_the_depth_limit(tmp_path: Path) -> None:
    _deep_tree(tmp_path, MAX_FOLDER_DEPTH + 5)
    (tmp_path / "a.md").write_text("x")
    found = [(c.rel, c.problem) for c in discover(tmp_path, [], None)]
    assert found == [("a.md", ""), ("/".join(["d"] * MAX_FOLDER_DEPTH), "too-deep")]


def test_a_huge_max_file_bytes_reads_by_the_actual_size(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_bytes(b"abc")
    # the former read allocated a buffer of the limit itself: MemoryError
    assert _read(p, "a.md", 10**15) == b"abc"
    assert read_source(p, 10**15) == b"abc"


def test_a_huge_limit_in_qms_yaml_is_capped_with_a_diagnostic(repo: Path) -> None:
    (repo / "qms.yaml").write_text(BASE_FILES["qms.yaml"] + "limits:\n"
                                   "  max_file_bytes: 100000000000000\n", encoding="utf-8")
    proc = _run_everywhere(repo, "check")
    found = [d for d in json.loads(proc.stdout) if d["code"] == "QMS020"]
    assert [(d["path"], d["line"]) for d in found] == \
        [("qms.yaml", BASE_FILES["qms.yaml"].count("\n") + 2)]
    assert str(LIMIT_CEILINGS["max_file_bytes"]) in found[0]["message"]


# -- finding 12: limits a repository may set have ceilings ------------------------------------


@pytest.mark.parametrize("key", sorted(LIMIT_CEILINGS))
def test_every_limit_has_a_ceiling(key: str) -> None:
    huge = LIMIT_CEILINGS[key] * 1000
    config = QmsConfig(limits=Limits(**{key: huge}))
    settings = read_settings(config)
    assert getattr(settings.limits, key) == LIMIT_CEILINGS[key]
    assert settings.limit_problems == ((key, huge, LIMIT_CEILINGS[key]),)
    low = read_settings(QmsConfig(limits=Limits(**{key: -1})))
    assert getattr(low.limits, key) == getattr(Limits(), key)
    assert low.limit_problems == ((key, -1, getattr(Limits(), key)),)


def test_limits_within_range_are_used_as_given() -> None:
    settings = read_settings(QmsConfig(limits=Limits(max_file_bytes=1000, max_depth=50)))
    assert (settings.max_file_bytes, settings.limits.max_depth) == (1000, 50)
    assert settings.limit_problems == ()


def test_deep_yaml_is_refused_at_the_limit_with_its_place(repo: Path) -> None:
    """libyaml bounds the nesting itself (no recursion in Python); the diagnostic names the limit
    and a place inside the nesting (libyaml reports where its own bound is crossed)."""
    (repo / "sau.yaml").write_bytes(b"kind: legal-register\ntitle: deep\ndocuments: "
                                    + b"[" * 5000 + b"]" * 5000 + b"\n")
    proc = _run_everywhere(repo, "check")
    found = [d for d in json.loads(proc.stdout) if d["code"] == "QMS012"]
    assert [(d["path"], d["line"]) for d in found] == [("sau.yaml", 3)]
    assert 12 < found[0]["column"] <= 12 + 5000
    assert "40 levels" in found[0]["message"]


# -- finding 7: the check cache never writes through a symbolic link --------------------------


def _link_gitignore_to_root(root: Path, tmp: Path) -> list[Path]:
    (root / ".qmsdoc/cache").mkdir(parents=True)
    (root / ".qmsdoc/cache/.gitignore").symlink_to("../../.gitignore")
    return [root / ".gitignore"]  # must not be created: it would hide every new document


def _link_gitignore_outside(root: Path, tmp: Path) -> list[Path]:
    (root / ".qmsdoc/cache").mkdir(parents=True)
    (root / ".qmsdoc/cache/.gitignore").symlink_to(tmp / "elsewhere.txt")
    return [tmp / "elsewhere.txt"]


def _link_cache_folder_outside(root: Path, tmp: Path) -> list[Path]:
    (tmp / "outside").mkdir()
    (root / ".qmsdoc").mkdir()
    (root / ".qmsdoc/cache").symlink_to(tmp / "outside")
    return [tmp / "outside/check.json", tmp / "outside/.gitignore",
            tmp / "outside/history.json", tmp / "outside/history-files.json"]


def _link_qmsdoc_folder_outside(root: Path, tmp: Path) -> list[Path]:
    (tmp / "outside").mkdir()
    (root / ".qmsdoc").symlink_to(tmp / "outside")
    return [tmp / "outside/cache"]


def _link_check_json_outside(root: Path, tmp: Path) -> list[Path]:
    (root / ".qmsdoc/cache").mkdir(parents=True)
    (root / ".qmsdoc/cache/.gitignore").write_text("*\n")
    (root / ".qmsdoc/cache/check.json").symlink_to(tmp / "stolen.json")
    (root / ".qmsdoc/cache/history.json").symlink_to(tmp / "stolen.json")
    return [tmp / "stolen.json"]


LINKS: dict[str, Callable[[Path, Path], list[Path]]] = {
    "gitignore-to-root": _link_gitignore_to_root,
    "gitignore-outside": _link_gitignore_outside,
    "cache-folder-outside": _link_cache_folder_outside,
    "qmsdoc-folder-outside": _link_qmsdoc_folder_outside,
    "check-json-outside": _link_check_json_outside,
}


@pytest.mark.parametrize("command", ["check", "history"])
@pytest.mark.parametrize("how", list(LINKS))
def test_the_cache_is_never_written_through_a_symlink(repo: Path, tmp_path: Path, how: str,
                                                      command: str) -> None:
    _git_init(repo)
    reference, _ = qmsdoc(command, "--format", "json", "--no-cache", str(repo))
    must_not_exist = LINKS[how](repo, tmp_path)
    links = {p: os.readlink(p) for p in (repo / ".qmsdoc").rglob("*") if p.is_symlink()} \
        | ({repo / ".qmsdoc": os.readlink(repo / ".qmsdoc")}
           if (repo / ".qmsdoc").is_symlink() else {})
    for _ in range(2):  # the second run must not answer from anything written the first time
        proc, _ = qmsdoc(command, "--format", "json", str(repo))
        no_traceback(proc)
        assert (proc.returncode, proc.stdout) == (reference.returncode, reference.stdout)
        assert proc.stderr.count("symbolic link") == 1, proc.stderr  # said once, as a note
        for p in must_not_exist:
            assert not p.exists(), p
        assert {p: os.readlink(p) for p in links} == links  # the links are left alone
    assert not [p for p in tmp_path.rglob("*") if p.is_file() and repo not in p.parents
                and p.suffix in (".json", ".tmp")]
    for p in links:  # without the links, the cache works again and the note is gone
        p.unlink()
    for _ in range(2):
        proc, _ = qmsdoc(command, "--format", "json", str(repo))
        assert (proc.returncode, proc.stdout) == (reference.returncode, reference.stdout)
        assert "symbolic link" not in proc.stderr, proc.stderr


def test_a_regular_cache_folder_still_works(repo: Path) -> None:
    first, _ = qmsdoc("check", "--format", "json", str(repo))
    assert (repo / ".qmsdoc/cache/check.json").is_file()
    assert (repo / ".qmsdoc/cache/.gitignore").read_text(encoding="utf-8").endswith("*\n")
    second, _ = qmsdoc("check", "--format", "json", str(repo))
    assert second.stdout == first.stdout and "symbolic link" not in second.stderr


# -- finding 13: silent or misleading messages ------------------------------------------------


def _unreadable_documents(root: Path, tmp: Path) -> None:
    (root / "bieu-mau/BM-02.md").write_bytes(FORM.replace("BM-01", "BM-02").encode()
                                             + b"\xff\xfe bad bytes\n")
    (tmp / "secret.md").write_text(FORM.replace("BM-01", "BM-03"), encoding="utf-8")
    (root / "bieu-mau/BM-03.md").symlink_to(tmp / "secret.md")


@pytest.mark.parametrize("command", ["coverage", "due", "history"])
def test_commands_name_the_documents_they_skipped(repo: Path, tmp_path: Path,
                                                  command: str) -> None:
    _git_init(repo)
    _unreadable_documents(repo, tmp_path)
    proc = _run_everywhere(repo, command)
    if command == "coverage":
        found = {(f["code"], f["path"]) for f in json.loads(proc.stdout)["findings"]}
        assert {("QMS003", "bieu-mau/BM-02.md"), ("QMS016", "bieu-mau/BM-03.md")} <= found
    else:
        for line in ("bieu-mau/BM-02.md:", "QMS003", "bieu-mau/BM-03.md:1:1", "QMS016"):
            assert line in proc.stderr, proc.stderr
        json.loads(proc.stdout)  # the JSON on stdout stays valid


@pytest.mark.parametrize("target", ["../../../etc/passwd", "/etc/passwd", "file:///etc/passwd",
                                    "~/BM-01.docx", "C:/mau/BM-01.docx", "..\\..\\x.docx"])
def test_a_form_source_outside_the_repository_is_an_error_at_its_line(
        make_repo: Callable[..., Path], target: str) -> None:
    root = make_repo({"bieu-mau/BM-01.md": sub("title:", f"source: '{target}'\ntitle:")})
    loaded = load_repository(root)
    found = [d for d in loaded.diagnostics if d.code == "QMS025"]
    assert [(d.span.path, d.span.line) for d in found] == [("bieu-mau/BM-01.md", 4)]
    assert target in found[0].en


@pytest.mark.parametrize("target", ["BM-01.docx", "../bieu-mau/BM-01.docx", "mau/BM-01.docx"])
def test_a_form_source_inside_is_not_reported(make_repo: Callable[..., Path],
                                              target: str) -> None:
    root = make_repo({"bieu-mau/BM-01.md": sub("title:", f"source: '{target}'\ntitle:")})
    assert not [d for d in load_repository(root).diagnostics if d.code == "QMS025"]


def _copy_manual_into(root: Path, folder: str, marker: str) -> None:
    for name, text in BASE_FILES.items():
        p = root / folder / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    if marker == ".git-file":  # how a submodule's work tree looks
        (root / folder / ".git").write_text("gitdir: ../.git/modules/ban-sao\n")
    elif marker == ".git-folder":  # a clone inside the repository
        (root / folder / ".git").mkdir()
    else:  # only qms.yaml: another repository's root
        pass


@pytest.mark.parametrize("marker", [".git-file", ".git-folder", "qms.yaml"])
def test_a_nested_repository_is_skipped_with_a_notice(repo: Path, marker: str) -> None:
    _copy_manual_into(repo, "vendor/ban-sao", marker)
    loaded = load_repository(repo)
    assert not any(d.path.startswith("vendor/") for d in loaded.repo.documents)
    assert not [d for d in loaded.diagnostics if d.code in ("QMS201", "QMS101", "QMS102")
                and "vendor" in d.span.path]
    notices = [(d.code, d.severity.value, d.span.path) for d in loaded.diagnostics
               if d.code == "QMS024"]
    assert notices == [("QMS024", "info", "vendor/ban-sao")]
    proc = _run_everywhere(repo, "check")
    assert not [d for d in json.loads(proc.stdout) if "vendor/ban-sao/" in d["path"]]


def test_a_kind_list_says_kind_must_be_one_value(make_repo: Callable[..., Path]) -> None:
    root = make_repo({"bieu-mau/BM-01.md": sub("kind: form", "kind: [form, procedure]")})
    found = [d for d in load_repository(root).diagnostics if d.span.path == "bieu-mau/BM-01.md"]
    assert [(d.code, d.span.line, d.span.column) for d in found] == [("QMS026", 2, 7)]
    assert "one text value" in found[0].en and "a list" in found[0].en
    for kind in ("procedure", "form", "legal-register"):
        assert kind in found[0].hint_en


@pytest.mark.parametrize("how", list(LINKS))
def test_the_portable_writer_refuses_the_same_links(repo: Path, tmp_path: Path, how: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Where descriptor-relative calls are missing (Windows), every part is checked by path."""
    from qmsdoc.cache import store as qc

    monkeypatch.setattr(qc, "_SAFE", False)
    must_not_exist = LINKS[how](repo, tmp_path)
    refused = qc.write_stored(repo / ".qmsdoc/cache/check.json", {"format": 1}, ".check-")
    assert isinstance(refused, qc.CacheRefused)
    for p in must_not_exist:
        assert not p.exists(), p
    ok = tmp_path / "ok"
    ok.mkdir()
    assert qc.write_stored(ok / ".qmsdoc/cache/check.json", {"format": 1}, ".check-") is None
    assert (ok / ".qmsdoc/cache/.gitignore").read_bytes().endswith(b"*\n")
    assert json.loads((ok / ".qmsdoc/cache/check.json").read_bytes()) == {"format": 1}


@pytest.mark.parametrize("safe", [True, False])
def test_a_cache_file_reached_through_a_link_is_a_miss(repo: Path, tmp_path: Path, safe: bool,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from qmsdoc.cache import store as qc

    monkeypatch.setattr(qc, "_SAFE", safe)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside/check.json").write_text('{"format": 1, "key": "k"}')
    (repo / ".qmsdoc").mkdir()
    (repo / ".qmsdoc/cache").symlink_to(tmp_path / "outside")
    assert qc.read_stored(repo / ".qmsdoc/cache/check.json", 1, "k") is None
    assert qc.read_stored(tmp_path / "outside/check.json", 1, "k") == {"format": 1, "key": "k"}


def test_deep_block_nesting_is_refused_at_its_line() -> None:
    """Block nesting 2,000 keys deep: refused where it crosses the limit, before ruamel.yaml
    recurses (it used to end in a RecursionError reported at 1:1)."""
    from qmsdoc.load.yamlpos import parse_yaml

    text = "".join(" " * i + f"k{i}:\n" for i in range(2000)) + " " * 2000 + "x\n"
    tree, problems = parse_yaml(text, max_depth=40)
    assert tree is None
    assert [(p.kind, p.line, p.detail) for p in problems] == [("too-deep", 42, "40")]


def test_nesting_within_the_limit_still_loads() -> None:
    from qmsdoc.load.yamlpos import parse_yaml

    text = ("a: 'it''s [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ not flow'\n"
            "b: |\n" + "".join(f"  {'[' * 50} line {i}\n" for i in range(50))
            + "c: x [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ plain\n"
            + "d: " + "[" * 30 + "]" * 30 + "  # [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n"
            + "".join(" " * i + f"k{i}:\n" for i in range(30)) + " " * 30 + "v: x\n")
    tree, problems = parse_yaml(text, max_depth=40)
    assert tree is not None and problems == []
