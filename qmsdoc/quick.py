"""Console entry point: run a plain ``qmsdoc check`` without loading the whole CLI.

Importing the command line (Typer, pydantic, Rich, every command's module) takes ~0.25 s, as
long as checking an unchanged repository should take in all. So the entry point first looks at
the arguments: a plain ``qmsdoc check [PATH]`` with only ``--format``/``-f``, ``--today`` and
``--lang`` (values as separate arguments) on a folder with a qms.yaml is answered here, with the
same library calls and reporters as the ``check`` command and the same exit status: from the
check cache (:mod:`qmsdoc.cache`) when its result is still valid, else by checking and storing
the result. Anything else — another command, any other option, ``--opt=value`` spelling, an
invalid value, not a repository, an unexpected error before output — goes to the full Typer CLI
(:func:`qmsdoc.cli.main`), which validates and reports errors. ``QMSDOC_NO_QUICK=1`` turns this
off. tests/load/test_cache.py compares both paths.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

_FORMATS = ("text", "json", "github", "sarif")


def _parse(args: list[str]) -> tuple[Path, str, dt.date, str] | None:
    path: Path | None = None
    fmt, today, lang = "text", None, None
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("--format", "-f", "--today", "--lang"):
            if i + 1 >= len(args):
                return None
            value = args[i + 1]
            if a in ("--format", "-f"):
                if value not in _FORMATS:
                    return None
                fmt = value
            elif a == "--today":
                try:
                    today = dt.date.fromisoformat(value)
                except ValueError:
                    return None
            else:
                lang = value
            i += 2
            continue
        if a.startswith("-") or path is not None:
            return None  # anything else is for the full CLI to parse and validate
        path = Path(a)
        i += 1
    value = (lang or os.environ.get("QMSDOC_LANG") or "vi").strip().lower()
    return (path or Path("."), fmt, today or dt.date.today(),
            "en" if value.startswith("en") else "vi")


def _plain_check(args: list[str]) -> tuple[Any, Any, str, str] | None:
    """(diagnostics source, repository, format, language) of a plain ``check``.

    From the cache when its result is still valid; otherwise the check runs here, exactly as
    the ``check`` command runs it for these arguments (no --select/--ignore, no
    --changed-since, cache on), and stores its result.
    """
    parsed = _parse(args)
    if parsed is None:
        return None
    path, fmt, today, lang = parsed
    from qmsdoc.cache import CheckCache

    cache = CheckCache.open(path)
    if cache is None:
        return None  # not a repository: the full CLI says so
    hit = cache.lookup(today, [], [])
    if hit is not None:
        return hit, hit.repository(), fmt, lang
    from qmsdoc.rules.engine import check_repository

    result = check_repository(path, [], [], today)
    cache.store(result.diagnostics, {p: f.lines for p, f in result.repo.sources.items()})
    return result, result.repo, fmt, lang


def main() -> None:
    argv = sys.argv[1:]
    if argv[:1] == ["check"] and not os.environ.get("QMSDOC_NO_QUICK"):
        import gc

        gc.disable()  # a short process of long-lived objects: see rules.engine._no_cyclic_gc
        try:
            found = _plain_check(argv[1:])
        except Exception:  # never mind: the full CLI checks (and reports real problems)
            found = None
        if found is not None:
            from qmsdoc.report import FORMATS

            res, repo, fmt, lang = found
            try:
                FORMATS[fmt](res.diagnostics, repo, sys.stdout, lang)
                sys.stdout.flush()
            except BrokenPipeError:
                sys.exit(0)
            sys.exit(1 if res.errors else 0)
    from qmsdoc.cli import main as cli_main

    cli_main()
