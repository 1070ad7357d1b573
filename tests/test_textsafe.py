"""Terminal output strips escape sequences from repository and Git text (issue 13, finding 10)."""

from __future__ import annotations

import io
from types import SimpleNamespace
from typing import Any

import pytest

from qmsdoc.cli import console
from qmsdoc.diagnostics import Diagnostic, Severity
from qmsdoc.model.span import Span
from qmsdoc.report.text import render

EVIL = "a\x1b[2J\x1b[31mb\x1b]8;;http://x\x07c\x1b]8;;\x1b\\\r\x07\x9b1Jd\te\nf"


def test_strip_controls_removes_whole_sequences_and_keeps_newline_and_tab() -> None:
    from qmsdoc.textsafe import one_line, strip_controls

    assert strip_controls(EVIL) == "abcd\te\nf"
    assert one_line(EVIL) == "abc d e f"
    assert strip_controls("Tiếp nhận hồ sơ") == "Tiếp nhận hồ sơ"


def test_text_report_prints_no_control_characters() -> None:
    d = Diagnostic("QMS001", Severity.ERROR, Span(f"x{EVIL}.md", 1, 1), f"vi {EVIL}",
                   f"en {EVIL}", f"hint {EVIL}", f"hint {EVIL}", "", "name")
    source = SimpleNamespace(lines=[f"title: {EVIL}"])
    repo: Any = SimpleNamespace(sources={f"x{EVIL}.md": source})
    out = io.StringIO()
    render([d], repo, out, "en")
    text = out.getvalue()
    assert "\x1b" not in text and "\x07" not in text and "\r" not in text
    assert "abcd" in text


def test_console_helpers_print_no_control_characters(capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    monkeypatch.setattr(console, "err_console", Console(stderr=True, highlight=False))
    console.say("en", "", EVIL)
    console.say_error("vi", EVIL, "")
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err and "abcd" in err
