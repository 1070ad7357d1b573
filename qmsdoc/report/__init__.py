"""Diagnostic formats: one ``render`` function per format, chosen by name."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TextIO

from qmsdoc.diagnostics import Diagnostic
from qmsdoc.model.source import Reported
from qmsdoc.report import github, json_format, sarif, text

Renderer = Callable[[Sequence[Diagnostic], Reported, TextIO, str], None]

FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "json": json_format.render,
    "github": github.render,
    "sarif": sarif.render,
}
