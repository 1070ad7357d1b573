"""Measure the shape of procedures: the 60 real records (converted) beside a generated manual.

Usage::

    python -m bench.calibrate                    # the real records only
    python -m bench.calibrate /tmp/m400          # and the TTHC procedures of a generated manual

Real records are converted by ``tests/real/convert.py`` (needs the source tree, not an install).
Prints min / p10 / p50 / p90 / max per measure; the figures in ``bench/realistic.py`` come from
here.
"""

from __future__ import annotations

import re
import statistics
import sys
from pathlib import Path
from typing import Any

from qmsdoc.load.yamlpos import parse_yaml, plain

MEASURES = ("total_kb", "front_kb", "body_kb", "lines", "steps", "dossier", "legal", "cases",
            "channels", "longest_step", "continued", "quoted")
_KEY_LINE = re.compile(r"^\s*(?:- )?[A-Za-z_][A-Za-z0-9_]*:(?: |$)|^\s*- ")


def shape(text: str) -> dict[str, float]:
    """The measures of one procedure file (front matter between ``---`` lines, then body)."""
    _, front, body = text.split("---\n", 2)
    tree, _problems = parse_yaml(front)
    d: dict[str, Any] = plain(tree)
    steps = d.get("steps") or []
    return {
        "total_kb": len(text.encode()) / 1024, "front_kb": len(front.encode()) / 1024,
        "body_kb": len(body.encode()) / 1024, "lines": front.count("\n"), "steps": len(steps),
        "dossier": len(d.get("dossier") or []) + sum(len(c.get("dossier") or [])
                                                    for c in d.get("cases") or []),
        "legal": len(d.get("legal_basis") or []), "cases": len(d.get("cases") or []),
        "channels": len(d.get("channels") or []),
        "longest_step": max((len(s.get("action", "")) for s in steps), default=0),
        # lines that continue a long text (block scalar, or plain scalar on the next lines)
        "continued": sum(1 for line in front.splitlines()
                         if not _KEY_LINE.match(line) and line.strip()),
        "quoted": len(re.findall(r"""(?:: |- )["']""", front)),
    }


def real_shapes() -> list[dict[str, float]]:
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    from tests.real.convert import all_records, convert

    return [shape(convert(rel, f"QT-{i:03d}")[0]) for i, rel in enumerate(all_records(), 1)]


def generated_shapes(repo: Path) -> list[dict[str, float]]:
    return [shape(p.read_text(encoding="utf-8"))
            for p in sorted((repo / "quy-trinh-tthc").rglob("QT-*.md"))]


def summary(rows: list[dict[str, float]]) -> dict[str, tuple[float, ...]]:
    out: dict[str, tuple[float, ...]] = {}
    for k in MEASURES:
        v = sorted(r[k] for r in rows)
        q = statistics.quantiles(v, n=10) if len(v) > 1 else [v[0]] * 9
        out[k] = (v[0], q[0], statistics.median(v), q[-1], v[-1])
    return out


def table(name: str, rows: list[dict[str, float]]) -> str:
    lines = [f"{name} ({len(rows)} procedures)", f"{'':14}{'min':>8}{'p10':>8}{'p50':>8}"
             f"{'p90':>8}{'max':>8}"]
    for k, vals in summary(rows).items():
        lines.append(f"{k:14}" + "".join(f"{x:8.1f}" for x in vals))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    print(table("real records, converted", real_shapes()))
    for arg in argv:
        print()
        print(table(f"generated: {arg}", generated_shapes(Path(arg))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
