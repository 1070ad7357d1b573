"""The one diagnostic type every stage (load, rules, history, build) produces."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from qmsdoc.model.span import Span


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1, "info": 0}[self.value]

    def label(self, lang: str) -> str:
        if lang == "en":
            return self.value
        return {"error": "lỗi", "warning": "cảnh báo", "info": "thông tin"}[self.value]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A finding, with its message already worded in both languages."""

    code: str
    severity: Severity
    span: Span
    vi: str
    en: str
    hint_vi: str = ""
    hint_en: str = ""
    clause: str = ""
    name: str = ""

    def message(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi

    def hint(self, lang: str) -> str:
        return self.hint_en if lang == "en" else self.hint_vi

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.span.path, self.span.line, self.span.column, self.code)


class QmsdocError(Exception):
    """A failure worded in both languages; the CLI prints the one the user reads."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.vi = vi
        self.en = en
