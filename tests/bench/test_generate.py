"""The benchmark generator writes valid, realistic, deterministic repositories."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from bench import generate
from qmsdoc.commands.check import check_repository
from qmsdoc.diagnostics import Severity

TODAY = dt.date(2026, 11, 22)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".git" not in p.parts}


def test_five_procedures_check_clean(tmp_path: Path) -> None:
    manual = generate.write(tmp_path / "m", 5, seed=3)
    result = check_repository(tmp_path / "m", today=TODAY)
    problems = [d for d in result.diagnostics if d.severity is not Severity.INFO]
    assert problems == [], problems
    procs = result.repo.procedures
    assert sum(p.tthc is not None for p in procs) == 5
    for p in procs:
        if p.tthc:
            assert 8 <= len(p.steps) <= 15
            assert all(s.responsible and s.duration is not None for s in p.steps)
            assert all(r.keeper and r.retention for r in p.records)
            assert p.legal_basis and p.dossier
    assert len(manual.docs) == len(result.repo.documents)


def test_deterministic_and_nfc(tmp_path: Path) -> None:
    generate.write(tmp_path / "a", 5, seed=7)
    generate.write(tmp_path / "b", 5, seed=7)
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert a == b
    for data in a.values():
        text = data.decode("utf-8")
        assert unicodedata.is_normalized("NFC", text)
    generate.write(tmp_path / "c", 5, seed=8)
    assert _files(tmp_path / "c") != a


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_history_is_clean_and_released(tmp_path: Path) -> None:
    root = tmp_path / "h"
    generate.write(root, 5, seed=2, commits=30)
    log = subprocess.run(["git", "-C", str(root), "rev-list", "--count", "HEAD"],
                         capture_output=True, text=True, check=True).stdout.strip()
    assert log == "30"
    status = subprocess.run(["git", "-C", str(root), "status", "--porcelain"],
                            capture_output=True, text=True, check=True).stdout
    assert status == ""
    tags = subprocess.run(["git", "-C", str(root), "tag"], capture_output=True, text=True,
                          check=True).stdout.split()
    assert tags[0] == "qms/2026-01-15" and len(tags) >= 3
    result = check_repository(root, today=TODAY)
    problems = [d for d in result.diagnostics if d.severity is not Severity.INFO]
    assert problems == [], problems


def test_durations_fit_the_processing_time() -> None:
    import random

    rng = random.Random(5)
    for _ in range(200):
        weights = [rng.randint(0, 6) for _ in range(rng.randint(8, 15))]
        weights[0] = max(weights[0], 1)
        budget = rng.choice([1, 3, 5, 10, 30]) * 16
        units = generate.allocate(rng, weights, budget)
        assert sum(units) <= budget
        assert all(u >= 1 for u, w in zip(units, weights, strict=True) if w)
    assert generate.fmt_units(1) == "0,5 giờ" and generate.fmt_units(8) == "0,5 ngày"
    assert generate.fmt_units(48) == "3 ngày" and generate.fmt_units(0) == "0"


def test_yaml_scalars_round_trip() -> None:
    from qmsdoc.load.yamlpos import parse_yaml, plain

    values = ["QT-10", "1.001193", "8.1", "Lưu: VT", "a #b", "- x", "true", "2026-01-01",
              "05 ngày làm việc", "[x]", "Văn bản: có dấu hai chấm", "'q'", '"dq"']
    for v in values:
        tree, problems = parse_yaml(f"k: {generate.ys(v)}\n")
        assert not problems and plain(tree) == {"k": v}, v
