"""Worked examples of the diagnostic codes: the source a user writes that triggers a code, and
the same source fixed.

They live in one data file, ``docs/examples.yaml`` next to this module, keyed by code and shared
by every language (source is source; the prose around it is in ``docs/<lang>.yaml``). Each entry:

``file``
    the path of the source in the repository (``quy-trinh/QT-01.md``).
``bad`` / ``good``
    the source that triggers the code, and the fixed source.
``excerpt: true``
    the snippets show only the top-level keys that matter; the rest of the file is unchanged.
    Without it a snippet is the whole file.
``encoding``
    how the ``bad`` snippet is saved when it is not UTF-8 (``latin-1``, ``utf-16``).
``given``
    other files as they are for this example, ``{path: source}`` (an excerpt when the file is
    one every repository has, as above).
``at``, ``line``, ``column``, ``args``
    the diagnostic the user sees: its place (``at``, by default ``file``) and the arguments
    that word it with the code's own message, in the reader's language.
``run: false``
    a situation ``qmsdoc check`` cannot reproduce from a snippet (a build, an import, Git
    history, a special file): ``command`` is what the user ran.

The examples with ``run`` (the default) are executed by ``tests/rules/test_rule_examples.py``
against a minimal repository: ``bad`` must report the code, with exactly the diagnostic shown,
and ``good`` must not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any


@dataclass(frozen=True)
class Example:
    code: str
    file: str = ""
    bad: str = ""
    good: str = ""
    excerpt: bool = False
    encoding: str = "utf-8"
    run: bool = True
    given: dict[str, str] = field(default_factory=dict)  # other files, as they are
    command: str = ""  # not-run examples: what the user ran
    at: str = ""  # where the diagnostic is reported, when not in ``file``
    line: int = 1
    column: int = 1
    args: dict[str, Any] = field(default_factory=dict)  # fill the code's message and hint


_KEYS = {"file", "bad", "good", "excerpt", "encoding", "given", "run", "command", "at", "line",
         "column", "args"}


@cache
def examples() -> dict[str, Example]:
    """Every code's example, read once from ``docs/examples.yaml``."""
    import yaml  # here, as for the explanations: only explaining a rule reads this file

    text = files("qmsdoc.diagnostics").joinpath("docs", "examples.yaml").read_text("utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(data, dict):
        raise ValueError("qmsdoc/diagnostics/docs/examples.yaml is not a mapping of codes")
    out: dict[str, Example] = {}
    for code, entry in data.items():
        if not isinstance(entry, dict) or set(entry) - _KEYS:
            raise ValueError(f"examples.yaml: {code}: unknown keys {sorted(set(entry) - _KEYS)}"
                             if isinstance(entry, dict) else f"examples.yaml: {code}: not a map")
        out[str(code)] = Example(code=str(code), **entry)
    return out


def example(code: str) -> Example | None:
    """The worked example of ``code``, or None when it has none."""
    return examples().get(code)
