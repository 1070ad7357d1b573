"""Time the phases of a cold ``qmsdoc check`` in one process (CPU and wall), for reports.

Usage::

    python -m bench.phases REPO [--today 2026-11-22] [--repeat 3]

Phases: importing the CLI's check path, reading and parsing the files (``load_repository``),
the Git history (``load_history``, which ``check`` reads in a thread beside the load), the rules
(``run_rules``). Minimum of ``--repeat`` runs per phase (the machine is shared): the least
disturbed run is the closest to the work itself.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def timed(fn: Callable[[], Any], repeat: int) -> tuple[Any, float, float]:
    """(result, min wall s, min CPU s) over ``repeat`` calls."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return result, min(walls), min(cpus)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("repo", type=Path)
    ap.add_argument("--today", default="2026-11-22")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    today = dt.date.fromisoformat(args.today)
    w, c = time.perf_counter(), time.process_time()
    from qmsdoc.catalogue import all_rules
    from qmsdoc.cli import check as _cli_check  # noqa: F401  (what `qmsdoc check` imports)
    from qmsdoc.history import load_history
    from qmsdoc.load import load_repository
    from qmsdoc.rules.engine import run_rules, selection_for

    all_rules()
    rows = [("imports (cli check, load, rules, history)", time.perf_counter() - w,
             time.process_time() - c)]
    loaded, lw, lc = timed(lambda: load_repository(args.repo), args.repeat)
    rows.append(("load_repository (read, YAML, model)", lw, lc))
    history, hw, hc = timed(lambda: load_history(args.repo.resolve()), args.repeat)
    rows.append(("load_history (git log, in a thread in check)", hw, hc))
    sel = selection_for(loaded.repo, (), ())
    _, rw, rc = timed(lambda: run_rules(loaded.repo, list(loaded.diagnostics), sel, today,
                                        history), args.repeat)
    rows.append(("run_rules", rw, rc))
    print(f"{'phase':<48}{'wall s':>8}{'CPU s':>8}")
    for name, wall, cpu in rows:
        print(f"{name:<48}{wall:8.3f}{cpu:8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
