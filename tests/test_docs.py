"""The documentation stays in step with the code: generated references, commands, help texts."""

from __future__ import annotations

import typer
from qmsdoc_testing import ROOT
from typer.testing import CliRunner

from qmsdoc.catalogue import all_rules
from qmsdoc.cli import app
from qmsdoc.cli.rules import rules_markdown
from qmsdoc.model.reference import markdown_reference


def test_rules_reference_is_up_to_date() -> None:
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == \
        rules_markdown(all_rules()), "run: qmsdoc rules --format markdown > docs/rules.md"


def test_format_reference_is_up_to_date() -> None:
    assert (ROOT / "docs" / "format-reference.md").read_text(encoding="utf-8") == \
        markdown_reference(), "run: qmsdoc schema --format markdown > docs/format-reference.md"


def test_every_rule_has_documentation() -> None:
    for r in all_rules():
        assert r.doc and r.vi and r.en and r.vi != r.en, r.code


def test_every_command_has_help_and_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    runner = CliRunner()
    for name in commands:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0 and len(result.stdout) > 200, name
        assert f"qmsdoc {name}" in readme, f"README does not mention qmsdoc {name}"
