"""The loader's results kept between runs (qmsdoc/cache/loaded.py): a file whose bytes did not
change is not parsed again, the result is the same as a full load, and a kept file someone
else wrote is never unpickled."""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qmsdoc import cache as qc
from qmsdoc.cache import loaded as loaded_module
from qmsdoc.cache.loaded import LoadedFiles
from qmsdoc.cli import app
from qmsdoc.commands.check import check_repository
from qmsdoc.load import load_repository

TODAY = dt.date(2026, 11, 22)
KHAI_SINH = "quy-trinh-tthc/QT-10-dang-ky-khai-sinh.md"
runner = CliRunner()


pytestmark = pytest.mark.usefixtures("own_cache_secret")


@pytest.fixture
def repo(sample_copy: Path) -> Path:
    return sample_copy


def _rows(root: Path, *args: str) -> list[dict[str, object]]:
    # --today differs from run to run in the tests below: the check's own result cache misses,
    # so the files are loaded (from the kept results or not) and checked again.
    r = runner.invoke(app, ["check", str(root), "--format", "json", *args])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.output
    return json.loads(r.stdout)


def test_unchanged_files_are_taken_from_the_kept_results(repo: Path) -> None:
    check_repository(repo, today=TODAY, cache=True)
    kept = LoadedFiles.open(repo)
    assert kept is not None
    loaded = load_repository(repo, kept)
    assert kept.reused == len(loaded.repo.sources) - 1 > 10  # all but qms.yaml
    assert kept.fresh == 0 and not kept.changed
    plain = load_repository(repo)
    assert loaded.repo.documents == plain.repo.documents
    assert loaded.repo.registers == plain.repo.registers
    assert loaded.diagnostics == plain.diagnostics
    assert {p: f.lines for p, f in loaded.repo.sources.items()} == \
        {p: f.lines for p, f in plain.repo.sources.items()}


def test_an_edited_file_is_loaded_again_and_its_problem_reported(repo: Path) -> None:
    before = _rows(repo, "--today", "2026-11-22")
    assert not any(r["code"] == "QMS002" for r in before)
    f = repo / KHAI_SINH
    f.write_text(f.read_text(encoding="utf-8").replace("title:", "title: [unclosed", 1),
                 encoding="utf-8")
    after = _rows(repo, "--today", "2026-11-23")
    assert any(r["path"] == KHAI_SINH and r["severity"] == "error" for r in after)
    kept = LoadedFiles.open(repo)
    assert kept is not None
    load_repository(repo, kept)
    assert kept.fresh == 0  # the edited file's new result was kept by that check
    # The same rows as a check that keeps nothing.
    assert after == _rows(repo, "--today", "2026-11-23", "--no-cache")


def test_a_kept_file_from_someone_else_is_never_unpickled(repo: Path, tmp_path: Path) -> None:
    expected = _rows(repo, "--today", "2026-11-22", "--no-cache")
    _rows(repo, "--today", "2026-11-21")  # a check ran here before: the next one keeps
    marker = tmp_path / "pwned"

    class Boom:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    path = LoadedFiles(repo).path
    path.parent.mkdir(parents=True, exist_ok=True)
    # An entry for a file as it is, whose result runs a command when unpickled: in the
    # right format, with the right digest, but a seal that cannot be made without the secret.
    from qmsdoc.load import read_settings

    data = (repo / KHAI_SINH).read_bytes()
    digest = loaded_module._digest(KHAI_SINH, data, read_settings(None).limits)
    boom, name = pickle.dumps(Boom()), KHAI_SINH.encode()
    evil = loaded_module._text(qc.code_fingerprint()) + loaded_module._SIZES.pack(
        len(name), len(digest), len(boom), 0) + name + digest + boom
    forged = loaded_module._MARK + b"\0" * 16 + evil
    path.write_bytes(forged)
    assert _rows(repo, "--today", "2026-11-22") == expected
    assert not marker.exists()
    assert path.read_bytes() != forged  # written again, by this user


def test_kept_results_are_not_written_through_a_link(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.write_bytes(b"the user's file\n")
    cache = repo / ".qmsdoc" / "cache"
    cache.mkdir(parents=True)
    link = LoadedFiles(repo).path
    link.symlink_to(outside)
    expected = _rows(repo, "--today", "2026-11-22", "--no-cache")
    assert _rows(repo, "--today", "2026-11-22") == expected
    assert outside.read_bytes() == b"the user's file\n"
    assert link.is_symlink()


def test_a_file_a_repository_brings_is_never_read(repo: Path) -> None:
    """The file's name is keyed with the user's secret: one of the plain name, however large,
    is not even opened (it would be read whole before its seal was found wrong)."""
    planted = repo / ".qmsdoc" / "cache" / "loaded"
    planted.parent.mkdir(parents=True)
    planted.write_bytes(b"x" * (1 << 20))
    _rows(repo, "--today", "2026-11-21")
    _rows(repo, "--today", "2026-11-22")
    kept = LoadedFiles.open(repo)
    assert kept is not None and kept.path != planted and kept.known > 10
    assert planted.read_bytes() == b"x" * (1 << 20)  # not ours: left as it is


def test_the_first_check_in_a_folder_keeps_nothing_the_second_does(repo: Path) -> None:
    """A fresh clone's first check (CI) is not made slower to keep results for a run that
    may never come; from the second check in the folder on, they are kept."""
    _rows(repo, "--today", "2026-11-22")
    assert not LoadedFiles(repo).path.exists()
    second = _rows(repo, "--today", "2026-11-23")
    kept = LoadedFiles.open(repo)
    assert kept is not None and kept.known > 10
    assert second == _rows(repo, "--today", "2026-11-23", "--no-cache")


def test_no_cache_keeps_nothing(repo: Path) -> None:
    _rows(repo, "--today", "2026-11-22", "--no-cache")
    assert not LoadedFiles(repo).path.exists()
