"""The benchmark generator writes valid, realistic, deterministic repositories."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from bench import generate, realistic
from qmsdoc.commands.check import check_repository
from qmsdoc.diagnostics import Severity
from qmsdoc.load import load_repository

TODAY = dt.date(2026, 11, 22)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".git" not in p.parts}


def test_five_procedures_check_clean(tmp_path: Path) -> None:
    manual = generate.write(tmp_path / "m", 5, seed=3, shape="small")
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
    assert generate.fmt_units(1) == "0,5 giờ" and generate.fmt_units(8) == "0,5 ngày làm việc"
    assert generate.fmt_units(48) == "3 ngày làm việc" and generate.fmt_units(0) == "0"


def test_yaml_scalars_round_trip() -> None:
    from qmsdoc.load.yamlpos import parse_yaml, plain

    values = ["QT-10", "1.001193", "8.1", "Lưu: VT", "a #b", "- x", "true", "2026-01-01",
              "05 ngày làm việc", "[x]", "Văn bản: có dấu hai chấm", "'q'", '"dq"']
    for v in values:
        tree, problems = parse_yaml(f"k: {generate.ys(v)}\n")
        assert not problems and plain(tree) == {"k": v}, v


# --------------------------------------------------------------------------- real-size shape


def _tthc_sizes(root: Path) -> list[int]:
    return [p.stat().st_size for p in sorted((root / "quy-trinh-tthc").rglob("QT-*.md"))]


def test_real_shape_sizes_in_calibrated_range(tmp_path: Path) -> None:
    """Procedures are 5-90 KB, spread like the real records: not all alike, a long tail."""
    generate.write(tmp_path / "r", 60, seed=11)
    sizes = _tthc_sizes(tmp_path / "r")
    assert len(sizes) == 60
    assert all(realistic.MIN_BYTES <= s <= realistic.MAX_BYTES for s in sizes), sizes
    sizes.sort()
    median = sizes[len(sizes) // 2]
    assert 7 * 1024 <= median <= 16 * 1024, median  # real: 5.9 KB front matter + a body
    assert sizes[-1] >= 2 * median  # the tail of large procedures (real p90/p50 = 3)
    # ...and bigger than the small shape, whose procedures are all 8-10 KB
    generate.write(tmp_path / "s", 60, seed=11, shape="small")
    small = _tthc_sizes(tmp_path / "s")
    assert sum(sizes) > 1.3 * sum(small)
    assert max(small) < 11 * 1024


def test_real_shape_has_real_record_fields(tmp_path: Path) -> None:
    """Channels, agencies, results, applicant steps, cases, long and quoted text."""
    generate.write(tmp_path / "r", 40, seed=5)
    repo = load_repository(tmp_path / "r").repo
    procs = [p for p in repo.procedures if p.tthc]
    assert len(procs) == 40
    assert all(p.channels and p.agencies and p.results and p.level for p in procs)
    assert any(p.cases for p in procs)
    assert any(s.actor == "nguoi-nop-ho-so" for p in procs for s in p.steps)
    assert max(len(p.dossier) for p in procs) >= 15
    texts = [(tmp_path / "r" / p.path).read_text(encoding="utf-8") for p in procs]
    assert sum(t.count(": >-\n") for t in texts) > 40 * 10  # long multi-line text
    assert sum(t.count(': "') for t in texts) > 40  # quoted scalars


def test_real_shape_checks_clean_and_deterministic(tmp_path: Path) -> None:
    generate.write(tmp_path / "a", 12, seed=9)
    result = check_repository(tmp_path / "a", today=TODAY)
    problems = [d for d in result.diagnostics if d.severity is not Severity.INFO]
    assert problems == [], problems
    generate.write(tmp_path / "b", 12, seed=9)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_real_shape_cli_check_zero_errors(tmp_path: Path) -> None:
    """``qmsdoc check`` (the command, as the benchmark runs it) on a real-shape manual with
    history: exit 0, zero errors and zero warnings."""
    root = tmp_path / "h"
    generate.write(root, 8, seed=4, commits=40)
    out = subprocess.run([sys.executable, "-m", "qmsdoc", "check", str(root), "--today",
                          TODAY.isoformat(), "--no-cache"], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    summary = out.stdout.strip().splitlines()[-1]
    assert summary == "✓ Không phát hiện vấn đề nào." or summary.startswith(
        "0 lỗi, 0 cảnh báo"), out.stdout[-2000:]


def test_small_shape_is_the_earlier_generator() -> None:
    """The small shape draws what the generator drew before the real-size shape (durations now
    say "ngày làm việc")."""
    manual = generate.generate(3, seed=2, shape="small")
    procs = [d for d in manual.docs if d.kind == "procedure" and d.spec.get("tthc")]
    assert all("channels" not in d.spec and "agencies" not in d.spec for d in procs)
    assert all(8 * 1024 <= len(d.render().encode()) <= 11 * 1024 for d in procs)
    with pytest.raises(ValueError):
        generate.generate(1, shape="huge")
