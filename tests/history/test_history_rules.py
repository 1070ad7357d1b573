"""QMS7xx rules: editions against the last release, effective vs approval, lazy history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qmsdoc.load import load_repository
from qmsdoc.rules.engine import run_rules
from qmsdoc.rules.selection import Selection
from tests.history.conftest import Scenario, amend, git

HD = "huong-dan/HD-90-so-hoa-ho-so.md"


def _codes(root: Path, select: str = "QMS7") -> list[tuple[str, str]]:
    loaded = load_repository(root)
    diags = run_rules(loaded.repo, [], Selection(select=(select,)), dt.date(2026, 4, 1))
    return [(d.code, d.span.path) for d in diags]


def test_changed_since_release_is_information(scenario: Scenario) -> None:
    assert ("QMS703", scenario.proc) in _codes(scenario.root)
    loaded = load_repository(scenario.root)
    [diag] = [d for d in run_rules(loaded.repo, [], Selection(select=("QMS703",)))]
    assert diag.severity.value == "info" and "lần ban hành sẽ tăng lên 3" in diag.hint_vi


def test_edition_went_backwards(scenario: Scenario) -> None:
    amend(scenario.root, scenario.proc, "edition: 2", "edition: 1")
    git(scenario.root, "commit", "-q", "-a", "-m", "Lùi lần ban hành")
    codes = _codes(scenario.root)
    assert ("QMS701", scenario.proc) in codes and ("QMS703", scenario.proc) not in codes


def test_edition_skipped(scenario: Scenario) -> None:
    amend(scenario.root, HD, "edition: 1", "edition: 3")
    assert ("QMS704", HD) in _codes(scenario.root)


def test_effective_before_approval(scenario: Scenario) -> None:
    amend(scenario.root, HD, "issued: 2026-01-15", "issued: 2026-01-15\napproved: 2026-01-20")
    assert ("QMS702", HD) in _codes(scenario.root, "QMS702")


def test_history_is_not_read_unless_a_history_rule_runs(
        scenario_template: Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    import qmsdoc.history

    def boom(root: Path) -> None:
        raise AssertionError("git was read")

    monkeypatch.setattr(qmsdoc.history, "load_history", boom)
    loaded = load_repository(scenario_template.root)
    run_rules(loaded.repo, [], Selection(ignore=("QMS7",)))
    with pytest.raises(AssertionError):
        run_rules(loaded.repo, [], Selection(ignore=("QMS7",), cli_select=("QMS703",)))


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="the child needs os.fork")
def test_history_read_in_a_child_process_gives_the_same_findings(
        scenario: Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large repository's check reads the history in a forked child (pickled back by the
    records' fields); the findings are those of the in-process history."""
    from qmsdoc.commands import check as command
    from qmsdoc.commands import forked

    amend(scenario.root, HD, "edition: 1", "edition: 3")
    options = command.Options(scenario.root, today=dt.date(2026, 4, 1), cache=False)
    alone = command.run(options).diagnostics
    monkeypatch.setattr(forked, "PARALLEL_FROM", 1)
    started: list[object] = []
    start = forked.Forked.start

    def counted(work: object) -> object:
        started.append(child := start(work))  # type: ignore[arg-type]
        return child

    monkeypatch.setattr(forked.Forked, "start", counted)
    forked_run = command.check_repository(scenario.root, today=dt.date(2026, 4, 1), files=1)
    assert len(started) == 1 and started[0] is not None
    assert forked_run.diagnostics == alone
    assert {("QMS703", scenario.proc), ("QMS704", HD)} <= {
        (d.code, d.span.path) for d in forked_run.diagnostics}
