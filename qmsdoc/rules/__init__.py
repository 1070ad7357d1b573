"""Rules: one small registered function per check, grouped by family (see registry)."""

from qmsdoc.rules import (  # noqa: F401  (importing registers the rules)
    control,
    coverage,
    duties,
    history,
    layout,
    maintenance,
    objectives,
    outputs,
    placeholders,
    procedure,
    references,
    syntax,
)
