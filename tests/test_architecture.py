"""The layers of docs/architecture.md hold in the code, not only in the contract file."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_graph_has_no_cycle() -> None:
    # Imports inside functions and under TYPE_CHECKING count too: none may close a loop.
    graph = grimp.build_graph("qmsdoc")
    loops = [(a, b) for a in sorted(graph.modules)
             for b in graph.find_modules_directly_imported_by(a)
             if graph.chain_exists(importer=b, imported=a)]
    assert loops == []


@pytest.mark.skipif(shutil.which("lint-imports") is None and not Path(
    sys.executable).with_name("lint-imports").exists(), reason="import-linter not installed")
def test_a_planted_layer_violation_fails_the_contract(tmp_path: Path) -> None:
    # A copy of the package where the model imports the rules: lint-imports must fail.
    copy = tmp_path / "src"
    shutil.copytree(ROOT / "qmsdoc", copy / "qmsdoc")
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    span = copy / "qmsdoc" / "model" / "span.py"
    span.write_text(span.read_text(encoding="utf-8") + "\nimport qmsdoc.rules  # planted\n",
                    encoding="utf-8")
    exe = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(exe) if exe.exists() else "lint-imports", "--no-cache"],
                          cwd=copy, capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"})
    assert done.returncode != 0
    assert "qmsdoc.model" in done.stdout and "BROKEN" in done.stdout
