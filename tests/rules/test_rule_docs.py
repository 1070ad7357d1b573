"""Every code is explained in Vietnamese and in English, and each stage registers its own codes
with a registry that sits below every stage."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from qmsdoc.catalogue import all_rules
from qmsdoc.cli import app
from qmsdoc.cli.rules import rules_markdown

DOCS = Path(__file__).resolve().parents[2] / "qmsdoc" / "diagnostics" / "docs"


def _read(lang: str) -> dict[str, str]:
    data = yaml.safe_load((DOCS / f"{lang}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_code_has_an_explanation_and_no_file_has_unknown_codes(lang: str) -> None:
    docs = _read(lang)
    codes = {r.code for r in all_rules()}
    assert sorted(c for c in codes if not str(docs.get(c) or "").strip()) == []
    assert sorted(set(docs) - codes) == []


def test_the_vietnamese_explanations_are_not_copies_of_the_english_ones() -> None:
    vi, en = _read("vi"), _read("en")
    assert [c for c in vi if vi[c].strip() == en[c].strip()] == []
    # Vietnamese text carries Vietnamese letters in every entry.
    assert [c for c in vi if not any(ch in vi[c] for ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệ")] == []


def _explained(args: list[str], env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(app, ["rules", "QMS301", *args], env=env)
    assert result.exit_code == 0, result.output
    return " ".join(result.stdout.split())


def test_rules_code_explains_in_the_chosen_language() -> None:
    r = next(r for r in all_rules() if r.code == "QMS301")
    vi_first = " ".join(r.explain("vi").split("\n\n")[0].split())
    en_first = " ".join(r.explain("en").split("\n\n")[0].split())
    default = _explained([], env={"QMSDOC_LANG": ""})
    assert vi_first in default and en_first not in default
    assert en_first in _explained(["--lang", "en"])
    assert en_first in _explained([], env={"QMSDOC_LANG": "en"})
    assert vi_first in _explained(["--lang", "vi"], env={"QMSDOC_LANG": "en"})


def test_the_markdown_reference_shows_both_languages() -> None:
    rules = all_rules()
    md = rules_markdown(rules)
    for r in rules:
        assert r.explain("vi") in md and r.explain("en") in md, r.code


def test_json_lists_both_explanations() -> None:
    result = CliRunner().invoke(app, ["rules", "QMS001", "--format", "json"])
    (entry,) = json.loads(result.stdout)
    assert entry["doc_vi"].startswith("Không phân tích được") and entry["doc"] == entry["doc_en"]


def _imported_after(module: str) -> set[str]:
    code = (f"import sys, {module}; print(' '.join(m for m in sys.modules "
            "if m.startswith('qmsdoc.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_the_registry_and_the_loader_import_no_later_stage() -> None:
    stages = ("qmsdoc.rules", "qmsdoc.render", "qmsdoc.build", "qmsdoc.history",
              "qmsdoc.coverage", "qmsdoc.report", "qmsdoc.cli", "qmsdoc.catalogue")
    for module in ("qmsdoc.diagnostics.registry", "qmsdoc.load.files", "qmsdoc.load"):
        later = sorted(m for m in _imported_after(module) if m.startswith(stages))
        assert later == [], (module, later)
