"""The base of every model object: its source span, per-field spans, and described fields.

Model classes are plain frozen dataclasses. Their fields double as the file-format schema: the
type hint is the accepted type and ``fld()`` metadata carries the Vietnamese and English
description used in error messages, the JSON Schema and the format reference.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field
from typing import Any

from qmsdoc.model.pickling import ByFields
from qmsdoc.model.span import NOSPAN, Span, line_column


def fld(
    vi: str,
    en: str,
    *,
    required: bool = False,
    default: Any = None,
    factory: Any = MISSING,
    example: Any = None,
) -> Any:
    """A documented model field (with a default, so that partly wrong input still loads)."""
    meta = {"vi": vi, "en": en, "required": required, "example": example}
    if factory is not MISSING:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True, slots=True, kw_only=True)
class Located(ByFields):
    """Where an object and each of its fields were written."""

    span: Span = field(default=NOSPAN, compare=False, repr=False, metadata={"internal": True})
    #: Where each field (``name``), its key (``name:key``) and list item (``name.i``) were
    #: written: a Span, or a position in the object's own file (what the loader stores, see
    #: span.position: a repository has one per value, and an int costs a fraction of a Span).
    spans: Mapping[str, Span | int] = field(
        default_factory=dict, compare=False, repr=False, metadata={"internal": True}
    )
    present: frozenset[str] = field(
        default=frozenset(), compare=False, repr=False, metadata={"internal": True}
    )

    def at(self, name: str, index: int | None = None) -> Span:
        """The span of a field's value (or of one list item), falling back to the object."""
        if index is not None:
            s = self.spans.get(f"{name}.{index}")
            if s is not None:
                return self._span(s)
        s = self.spans.get(name)
        return self.span if s is None else self._span(s)

    def key_at(self, name: str) -> Span:
        """The span of a field's key (where to point when its value is wrong or missing)."""
        s = self.spans.get(f"{name}:key")
        return self.at(name) if s is None else self._span(s)

    def _span(self, s: Span | int) -> Span:
        return s if isinstance(s, Span) else Span(self.span.path, *line_column(s))

    def has(self, name: str) -> bool:
        """Whether the source wrote this field at all (even if its value was empty or wrong)."""
        return name in self.present
