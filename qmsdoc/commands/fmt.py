"""``qmsdoc fmt``: normalise the sources (NFC, key order, indentation, dates), keep comments."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from qmsdoc.fmt import FmtOutcome, format_paths


@dataclass(frozen=True)
class Options:
    paths: tuple[Path, ...] = ()  # repositories, folders or files; empty: the current folder
    check: bool = False  # write nothing; exit 1 when a file would change
    cache: bool = True  # read and write .qmsdoc/cache/fmt.json


@dataclass
class Result:
    """Each file's outcome, sorted into what changed, failed and was skipped; the status."""

    status: int
    changed: list[FmtOutcome] = field(default_factory=list)
    failed: list[FmtOutcome] = field(default_factory=list)
    skipped: list[FmtOutcome] = field(default_factory=list)  # with a notice: why
    same: int = 0  # files already formatted
    error: tuple[str, str] | None = None  # (vi, en): a path that does not exist, exit 2


def run(options: Options) -> Result:
    """Exit 0 when nothing is (or would be) changed, 1 when files would change (check) or could
    not be formatted, 2 for a path that does not exist."""
    targets = list(options.paths) or [Path(".")]
    missing = [p for p in targets if not p.exists()]
    if missing:
        return Result(2, error=(f"Không tìm thấy: {', '.join(map(str, missing))}",
                                f"Not found: {', '.join(map(str, missing))}"))
    outcomes = format_paths(targets, check=options.check, cache=options.cache)
    changed = [o for o in outcomes if o.changed]
    failed = [o for o in outcomes if o.error]
    skipped = [o for o in outcomes if o.notice]
    same = len(outcomes) - len(changed) - len(failed) - len(skipped)
    status = 1 if failed or (options.check and changed) else 0
    return Result(status, changed, failed, skipped, same)
