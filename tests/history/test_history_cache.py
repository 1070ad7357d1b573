"""``qmsdoc history``'s caches: the same output as a full load, always fresh.

qmsdoc/history/cache.py answers an unchanged repository from the last result;
qmsdoc/load/frontmatter_only.py keeps each file's metadata by content. Every test compares the
command's output with a reference computed the slow way (load_repository + load_history).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qmsdoc import cache as qc
from qmsdoc.cache import history as history_cache
from qmsdoc.cache.history import GitProbe, HistoryCache
from qmsdoc.cache.loaded import LoadedFiles
from qmsdoc.cli import app
from qmsdoc.history import load_history
from qmsdoc.history.report import dumps_json, history_data
from qmsdoc.load import frontmatter_only as history_files
from qmsdoc.load import load_repository
from tests.history.conftest import Scenario, append_body, copy_sample, git

runner = CliRunner()


pytestmark = pytest.mark.usefixtures("own_cache_secret")


def _history(root: Path, *args: str) -> str:
    r = runner.invoke(app, ["history", str(root), "--format", "json", *args])
    assert r.exit_code == 0 and r.exception is None, r.output
    return r.stdout


def _reference(root: Path) -> str:
    """The output computed from the fully loaded repository, without any cache."""
    repo = load_repository(root).repo
    people = {p.id: p.name for p in (repo.config.people if repo.config else [])
              if p.id and p.name}
    docs = sorted(repo.documents, key=lambda d: (d.code or "", d.path))
    data = history_data(load_history(root), docs, people)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _hit(root: Path) -> bool:
    c = HistoryCache(root)
    c.compute_key(qc.source_digests(root), GitProbe(root))
    return c.lookup() is not None


def _no_recomputation(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(root: Path) -> None:
        raise AssertionError("history recomputed on a cache hit")

    monkeypatch.setattr("qmsdoc.commands.history.load_history", fail)


def _proc(root: Path) -> Path:
    return next(p for p in sorted((root / "quy-trinh-tthc").glob("*.md")))


def test_same_output_as_a_full_load_and_the_second_run_hits(
        scenario: Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    root = scenario.root
    assert not _hit(root)
    first = _history(root)
    assert first == _reference(root)
    assert (root / ".qmsdoc/cache/history.json").is_file()
    assert (root / ".qmsdoc/cache/history-files.json").is_file()
    assert _hit(root)
    assert _history(root, "--no-cache") == first
    with monkeypatch.context() as m:
        _no_recomputation(m)
        assert _history(root) == first
        code = json.loads(first)[0]["code"]
        assert json.loads(_history(root, code.lower())) == [json.loads(first)[0]]
    assert not git(root, "status", "--porcelain")  # the cache is never a change to commit


def _stage_and_revert(root: Path) -> None:
    """A staged change with the work tree back as committed: same bytes, still a draft."""
    p = _proc(root)
    before = p.read_bytes()
    p.write_bytes(before + "\nThay đổi đã stage.\n".encode())
    git(root, "add", str(p))
    p.write_bytes(before)


EDITS: dict[str, Callable[[Path], object]] = {
    "commit": lambda r: (append_body(r, str(_proc(r).relative_to(r)), "Sửa tiếp."),
                         git(r, "commit", "-q", "-a", "-m", "Sửa tiếp",
                             date="2026-04-02T08:00:00+07:00")),
    "tag": lambda r: git(r, "tag", "-a", "qms/2026-04-01", "-m", "Ban hành bằng tay"),
    "uncommitted": lambda r: append_body(r, str(_proc(r).relative_to(r)), "Chưa commit."),
    "staged-only": _stage_and_revert,
    "untracked": lambda r: (r / "huong-dan" / "HD-91-moi.md").write_text(
        (r / "huong-dan" / "HD-90-so-hoa-ho-so.md").read_text(encoding="utf-8")
        .replace("HD-90", "HD-91"), encoding="utf-8"),
    "people": lambda r: (r / "qms.yaml").write_text((r / "qms.yaml").read_text(
        encoding="utf-8").replace("Nguyễn Văn An", "Nguyễn Văn Ân"), encoding="utf-8"),
    "front-matter": lambda r: _proc(r).write_text(_proc(r).read_text(encoding="utf-8")
                                                  .replace("edition: ", "edition: 1", 1),
                                                  encoding="utf-8"),
    "reset": lambda r: git(r, "reset", "-q", "--hard", "HEAD~1"),
    "shallow": lambda r: (r / ".git" / "shallow").write_text(
        git(r, "rev-parse", "HEAD~1").strip() + "\n", encoding="utf-8"),
    "git-config": lambda r: git(r, "config", "diff.renameLimit", "1"),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_any_change_the_output_depends_on_misses(scenario: Scenario, edit: str) -> None:
    root = scenario.root
    before = _history(root)
    assert _hit(root)
    EDITS[edit](root)
    assert not _hit(root)
    after = _history(root)
    assert after == _reference(root)
    if edit != "git-config":
        assert after != before
    assert _hit(root)


def test_staged_change_makes_a_draft_from_the_cache_too(scenario: Scenario) -> None:
    root = scenario.root
    from tests.history.conftest import release

    release(root, "2026-04-01")
    rel = str(_proc(root).relative_to(root))
    assert next(d for d in json.loads(_history(root)) if d["path"] == rel)["state"] == "released"
    _stage_and_revert(root)
    assert next(d for d in json.loads(_history(root)) if d["path"] == rel)["state"] == "draft"


def _count_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files history reads again (qms.yaml and documents), as they are read."""
    loaded: list[str] = []
    read_doc, read_cfg = history_files._load_document, history_files._load_config

    def doc(rel: str, *args: object) -> object:
        loaded.append(rel)
        return read_doc(rel, *args)  # type: ignore[arg-type]

    def cfg(path: Path) -> object:
        loaded.append(path.name)
        return read_cfg(path)

    monkeypatch.setattr(history_files, "_load_document", doc)
    monkeypatch.setattr(history_files, "_load_config", cfg)
    return loaded


def test_only_changed_files_are_loaded_again(scenario: Scenario,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    root = scenario.root
    _history(root)
    loaded = _count_loads(monkeypatch)
    (root / ".qmsdoc/cache/history.json").unlink()  # the result cache would answer first
    unchanged = _history(root)
    assert loaded == []  # not even qms.yaml
    EDITS["front-matter"](root)
    changed = _history(root)
    assert sorted(loaded) == sorted(["qms.yaml", str(_proc(root).relative_to(root))])
    monkeypatch.undo()
    assert changed == _reference(root) != unchanged


def test_new_limits_reload_every_file(scenario: Scenario,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    root = scenario.root
    _history(root)
    loaded = _count_loads(monkeypatch)
    cfg = root / "qms.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + "limits:\n  max_depth: 39\n",
                   encoding="utf-8")
    out = _history(root)
    assert len(loaded) > 20  # every document again, not only qms.yaml
    monkeypatch.undo()
    assert out == _reference(root)


@pytest.mark.parametrize("name", ["history.json", "history-files.json"])
@pytest.mark.parametrize("content", [b"", b"{not json", b"[]", b'{"format": 1, "key": 5}',
                                     json.dumps({"format": 99}).encode()])
def test_corrupt_or_foreign_cache_is_ignored(scenario: Scenario, name: str,
                                             content: bytes) -> None:
    root = scenario.root
    first = _history(root)
    (root / ".qmsdoc/cache" / name).write_bytes(content)
    if name == "history-files.json":
        (root / ".qmsdoc/cache/history.json").unlink()  # else that answers first
    assert _history(root) == first
    expected = {"history.json": history_cache.FORMAT, "history-files.json": history_files.FORMAT}
    assert json.loads((root / ".qmsdoc/cache" / name).read_bytes())["format"] \
        == expected[name]  # rewritten


def test_tampered_entries_with_a_valid_key_do_not_crash(scenario: Scenario) -> None:
    root = scenario.root
    first = _history(root)
    path = root / ".qmsdoc/cache/history-files.json"
    data = json.loads(path.read_bytes())
    data["config"][2]["people"] = "nobody"
    data["files"] = {rel: [e[0], [1, 2]] for rel, e in data["files"].items()}
    path.write_text(json.dumps(data), encoding="utf-8")
    (root / ".qmsdoc/cache/history.json").unlink()
    assert _history(root) == first


def test_cache_from_another_user_or_folder_never_matches(scenario: Scenario, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    root = scenario.root
    _history(root)
    copy = tmp_path / "elsewhere"
    shutil.copytree(root, copy, symlinks=True)
    assert not _hit(copy)  # notices name the folder
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "other-user"))
    qc._secret.cache_clear()
    assert not _hit(root)


def test_code_change_misses(scenario: Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    _history(scenario.root)
    monkeypatch.setattr(history_cache, "code_fingerprint", lambda: "another qmsdoc")
    assert not _hit(scenario.root)


def test_no_cache_option_neither_reads_nor_writes(scenario: Scenario) -> None:
    root = scenario.root
    shutil.rmtree(root / ".qmsdoc", ignore_errors=True)
    assert _history(root, "--no-cache") == _reference(root)
    assert not (root / ".qmsdoc").exists()


def test_plain_folder_notice_comes_from_the_cache_too(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "qms")
    outs = [runner.invoke(app, ["history", str(root), "--format", "json"]) for _ in range(2)]
    assert _hit(root)
    for r in outs:
        assert r.exit_code == 0 and "QMS710" in r.stderr and str(root) in r.stderr
    assert outs[0].stdout == outs[1].stdout == _reference(root)


def test_unwritable_cache_folder_is_skipped_silently(scenario: Scenario) -> None:
    root = scenario.root
    shutil.rmtree(root / ".qmsdoc", ignore_errors=True)
    (root / ".qmsdoc").write_text("not a folder", encoding="utf-8")
    assert _history(root) == _history(root) == _reference(root)
    assert (root / ".qmsdoc").read_text(encoding="utf-8") == "not a folder"


@pytest.mark.parametrize("args", [["--format", "json"], [], ["--lang", "en"],
                                  ["-f", "json", "{code}", "--no-cache"], ["QT-999"],
                                  ["--format", "xml"], ["--format=json"]])
def test_entry_point_cold_and_warm_same_as_without_cache(scenario: Scenario, tmp_path: Path,
                                                         args: list[str]) -> None:
    root = scenario.root
    code = json.loads(_reference(root))[1]["code"]
    cmd = [sys.executable, "-m", "qmsdoc", "history", str(root),
           *[a.format(code=code) for a in args]]
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "xdg"), COLUMNS="120")
    uncached = [*cmd, "--no-cache"] if "--no-cache" not in cmd else cmd
    full = subprocess.run(uncached, capture_output=True, text=True, env=env)
    for _ in range(2):  # a miss, then a hit
        run = subprocess.run(cmd, capture_output=True, text=True, env=env)
        assert (run.returncode, run.stdout, run.stderr) == \
            (full.returncode, full.stdout, full.stderr)
    assert "Traceback" not in full.stderr


@pytest.mark.parametrize("value", [
    [], {}, [[]], [{}], "", "Tiếng Việt “ngoặc” \"quote\" \\ \n\t\x00\x1f\u2028 😀",
    {"a": [1, -2, True, False, None, 1.5, float("inf")], "b": {"c": {"d": []}}},
    {1: "int key"}, (1, 2), [{"x": [{"y": ["z"]}]}], 10**30,
])
def test_dumps_json_writes_what_json_dumps_writes(value: object) -> None:
    for level in (0, 1, 3):
        expected = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" +
                                                                            "  " * level)
        assert dumps_json(value, level) == expected


def test_nothing_is_stored_when_git_changes_during_the_run(
        scenario: Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    import qmsdoc.load.frontmatter_only as documents

    root = scenario.root
    original = documents.load_documents

    def commit_meanwhile(*args: object, **kw: object) -> documents.DocumentList:
        git(root, "commit", "-q", "--allow-empty", "-m", "Trong lúc chạy")
        return original(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(documents, "load_documents", commit_meanwhile)
    _history(root)
    assert not (root / ".qmsdoc/cache/history.json").exists()


def test_nothing_is_stored_when_a_file_changes_while_it_is_read(
        scenario: Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    root = scenario.root
    rel = str(_proc(root).relative_to(root))
    original = qc.source_digests

    def hashed_before_an_edit(r: Path) -> dict[str, str]:
        digests = original(r)
        digests[rel] = "0" * 32  # as if the file was edited between hashing and reading
        return digests

    monkeypatch.setattr(qc, "source_digests", hashed_before_an_edit)
    assert _history(root) == _reference(root)
    assert not (root / ".qmsdoc/cache/history.json").exists()
    assert rel in json.loads((root / ".qmsdoc/cache/history-files.json").read_bytes())["files"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="documents read in a child only with fork")
def test_documents_read_in_a_child_process_give_the_same_output(
        scenario: Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large repository reads its documents in a forked child while the Git log is read, and
    writes half of the JSON in another."""
    from qmsdoc.commands import forked

    monkeypatch.setattr(forked, "PARALLEL_FROM", 1)
    children: list[int] = []
    start = forked.Forked.start

    def counted(work: object) -> object:
        child = start(work)  # type: ignore[arg-type]
        children.append(child.pid if child else 0)
        return child

    monkeypatch.setattr(forked.Forked, "start", counted)
    out = _history(root := scenario.root)
    assert len(children) == 2 and all(children)  # the documents, then half of the JSON
    assert out == _reference(root)
    assert (root / ".qmsdoc/cache/history-files.json").is_file()  # written by the child


@pytest.mark.skipif(not hasattr(os, "fork"), reason="documents read in a child only with fork")
def test_a_failing_child_changes_nothing(scenario: Scenario,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from qmsdoc.commands import forked

    monkeypatch.setattr(forked, "PARALLEL_FROM", 1)
    real = forked.pickle.dumps
    parent = os.getpid()

    def broken(obj: object, *args: object, **kwargs: object) -> bytes:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return real(obj, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(forked.pickle, "dumps", broken)
    assert _history(scenario.root) == _reference(scenario.root)


def test_after_a_check_the_files_it_loaded_are_not_parsed_again(
        scenario: Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    """With no history cache of its own, history takes each document from what the last check
    loaded (.qmsdoc/cache/loaded) when its bytes are the same: none is parsed again, and the
    output is the full load's. An edited file is parsed again."""
    root = scenario.root
    for day in ("2026-11-21", "2026-11-22"):  # (the second check in a folder keeps them)
        r = runner.invoke(app, ["check", str(root), "--today", day])
        assert r.exception is None or isinstance(r.exception, SystemExit), r.output
    assert LoadedFiles(root).path.is_file()
    parsed: list[str] = []
    fields_only, load_file = history_files._fields_only, history_files_load_file()

    def counted_fields(rel: str, *args: object) -> object:
        parsed.append(rel)
        return fields_only(rel, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(history_files, "_fields_only", counted_fields)
    monkeypatch.setattr("qmsdoc.load.files.load_file",
                        lambda rel, *a, **k: parsed.append(rel) or load_file(rel, *a, **k))
    out = _history(root)
    assert parsed == ["qms.yaml"]  # (its settings are read again: a small file)
    parsed.clear()
    for name in ("history.json", "history-files.json"):
        (root / ".qmsdoc/cache" / name).unlink()
    EDITS["front-matter"](root)
    edited = _history(root)
    assert parsed == ["qms.yaml", str(_proc(root).relative_to(root))]
    monkeypatch.undo()
    assert edited == _reference(root) != out


def history_files_load_file() -> Callable[..., object]:
    from qmsdoc.load.files import load_file

    return load_file
