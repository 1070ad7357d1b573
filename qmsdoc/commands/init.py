"""``qmsdoc init``: create a complete, valid repository for a profile and its first commit."""

from __future__ import annotations

from dataclasses import dataclass

from qmsdoc.scaffold.init import InitError, InitOptions, InitResult, init_repository
from qmsdoc.scaffold.packs import available_profiles, obsolete_note, profile_titles

#: The options of ``init`` (folder, profile, organisation, names, git, force, today).
Options = InitOptions


@dataclass
class Result:
    status: int
    init: InitResult | None = None  # the files written and kept, the first commit
    error: tuple[str, str] | None = None  # (vi, en): exit 2 (usage) or 1


def profile_problem(profile: str) -> tuple[str, str] | None:
    """Why ``profile`` cannot start a repository (vi, en): obsolete or unknown; else None."""
    profiles = available_profiles()
    if profile in profiles:
        return None
    note = obsolete_note(profile)
    if note is not None:
        return note
    return (f"Không có loại hình \"{profile}\". Các loại hình: {', '.join(profiles)}.",
            f"Unknown profile \"{profile}\". Profiles: {', '.join(profiles)}.")


def run(options: InitOptions) -> Result:
    """Exit 0 when created, 2 for a usage error (profile, folder not empty…), 1 otherwise."""
    problem = profile_problem(options.profile)
    if problem is not None:
        return Result(2, error=problem)
    try:
        return Result(0, init_repository(options))
    except InitError as e:
        return Result(2 if e.usage else 1, error=(e.vi, e.en))


__all__ = ["InitOptions", "Options", "Result", "available_profiles", "profile_problem",
           "profile_titles", "run"]
