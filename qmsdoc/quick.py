"""Console entry point: run a plain ``qmsdoc check`` or ``history`` without loading the whole CLI.

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

A plain ``qmsdoc history [PATH] [CODE…]`` with only ``--format``/``-f``, ``--lang`` and
``--no-cache`` is run the same way, by :mod:`qmsdoc.history.report`, the code the ``history``
command itself calls (tests/history/test_history_cache.py compares both paths).
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
    refused = cache.store(result.diagnostics,
                          {p: f.lines for p, f in result.repo.sources.items()})
    if refused is not None:  # a committed symlink in .qmsdoc/cache: said once, as check says it
        vi, en = refused.notice
        sys.stderr.write((en if lang == "en" else vi) + "\n")
    return result, result.repo, fmt, lang


def _parse_history(args: list[str]) -> tuple[Path, list[str], str, str, bool] | None:
    """(path, codes, format, language, cache) of a plain ``qmsdoc history``; None otherwise."""
    positional: list[str] = []
    fmt, lang, cache = "text", None, True
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("--format", "-f", "--lang"):
            if i + 1 >= len(args):
                return None
            value = args[i + 1]
            if a == "--lang":
                lang = value
            elif value in ("text", "json"):
                fmt = value
            else:
                return None
            i += 2
            continue
        if a == "--no-cache":
            cache = False
        elif a.startswith("-") or not a:
            return None  # anything else is for the full CLI to parse and validate
        else:
            positional.append(a)
        i += 1
    value = (lang or os.environ.get("QMSDOC_LANG") or "vi").strip().lower()
    path = Path(positional[0]) if positional else Path(".")
    return path, positional[1:], fmt, "en" if value.startswith("en") else "vi", cache


def _quick_history(args: list[str]) -> None:
    """Run a plain ``qmsdoc history`` (the command's own code, qmsdoc.history.report) and
    exit; return, for the full CLI to parse and validate, when the arguments are not plain."""
    parsed = _parse_history(args)
    if parsed is None:
        return
    path, codes, fmt, lang, cache = parsed
    import gc

    gc.disable()  # a short process of long-lived objects: see load.no_cyclic_gc
    try:
        from qmsdoc.history.report import emit, prepare

        prepared = prepare(path, codes, cache=cache)
        status = emit(prepared, fmt, lang)
    except KeyboardInterrupt:
        sys.stderr.write("\nĐã dừng theo yêu cầu / interrupted.\n")
        sys.exit(130)
    except BrokenPipeError:  # output piped into head, less…
        sys.exit(0)
    except Exception as exc:  # a bug: the CLI's last-resort message, as the command gives
        from qmsdoc.cli import internal_error

        internal_error(exc)
    sys.exit(status)


def main() -> None:
    argv = sys.argv[1:]
    if argv[:1] == ["history"] and not os.environ.get("QMSDOC_NO_QUICK"):
        _quick_history(argv[1:])
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
