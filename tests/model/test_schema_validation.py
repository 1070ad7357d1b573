"""``qmsdoc schema`` output validates the sample's files with a standard JSON Schema validator."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from qmsdoc_testing import SAMPLE
from ruamel.yaml import YAML
from typer.testing import CliRunner

from qmsdoc.cli import app
from qmsdoc.load.files import split_front_matter

jsonschema = pytest.importorskip("jsonschema")
runner = CliRunner()


def _iso(value: Any) -> Any:
    """Dates as ISO strings, as an editor sees them (YAML timestamps are text to JSON)."""
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _data(path: Path) -> dict[str, Any] | None:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        split = split_front_matter(text)
        if split is None:
            return None
        text = split[0]
    data = YAML(typ="safe", pure=True).load(text)
    return _iso(data) if isinstance(data, dict) else None


def _sources(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix in (".md", ".yaml")
                  and not any(part.startswith((".", "_")) for part in p.relative_to(root).parts))


@pytest.fixture(scope="module")
def schemas() -> dict[str, Any]:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_schema_validates_every_sample_file(schemas: dict[str, Any]) -> None:
    checked = 0
    for path in _sources(SAMPLE):
        data = _data(path)
        if data is None:
            continue
        kind = "qms" if path.name == "qms.yaml" else data.get("kind")
        assert kind in schemas, path
        validator = jsonschema.Draft202012Validator(schemas[kind])
        errors = [f"{'/'.join(map(str, e.path))}: {e.message}"
                  for e in validator.iter_errors(data)]
        assert errors == [], f"{path}: {errors}"
        checked += 1
    assert checked >= 40


def test_schema_rejects_a_wrong_document(schemas: dict[str, Any]) -> None:
    validator = jsonschema.Draft202012Validator(schemas["procedure"])
    bad = {"kind": "procedure", "code": "QT-01", "titel": "x", "edition": "một"}
    messages = " ".join(e.message for e in validator.iter_errors(bad))
    assert "titel" in messages and "title" in messages


def test_schema_files_written_for_the_editor(tmp_path: Path) -> None:
    result = runner.invoke(app, ["schema", "--out", str(tmp_path)])
    assert result.exit_code == 0
    for kind in ("qms", "procedure", "legal-register", "records"):
        schema = json.loads((tmp_path / f"{kind}.schema.json").read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
