"""Terminal output for the CLI: one place that prints, in the user's language."""

from __future__ import annotations

import os
import sys

from rich.console import Console
from rich.text import Text

from qmsdoc.textsafe import strip_controls

err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def resolve_lang(lang: str | None) -> str:
    """``--lang`` wins, then ``QMSDOC_LANG``; Vietnamese by default."""
    value = (lang or os.environ.get("QMSDOC_LANG") or "vi").strip().lower()
    return "en" if value.startswith("en") else "vi"


def say_error(lang: str, vi: str, en: str) -> None:
    """An error on stderr; control characters of repository or Git text are removed."""
    label = "error" if lang == "en" else "lỗi"
    err_console.print(Text(f"{label}: ", style="bold red")
                      + Text(strip_controls(en if lang == "en" else vi)))


def say(lang: str, vi: str, en: str, style: str = "") -> None:
    """A message on stderr; control characters of repository or Git text are removed."""
    err_console.print(Text(strip_controls(en if lang == "en" else vi), style=style))


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()
