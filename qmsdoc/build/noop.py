"""The no-op test of a build, before anything heavy is imported or read.

When nothing changed since the last complete build (the stamp of the sources' sizes and
mtimes, see stamp.py, and every output untouched), the build is done. A no-op rebuild is
mostly this test, so this module imports neither the pipeline nor the loader's model
conversion, the rules, the history or any writer: ~0.25 s of imports a fresh process saves.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from qmsdoc.build import stamp
from qmsdoc.build.cache import Cache
from qmsdoc.build.inputs import chosen_folder, configured_folder, no_sources_inside
from qmsdoc.build.lock import output_lock
from qmsdoc.build.options import BuildOptions, BuildResult
from qmsdoc.load import read_config
from qmsdoc.load.discover import find_config
from qmsdoc.model.outputs import MANIFEST


def up_to_date(root: Path, options: BuildOptions) -> BuildResult | None:
    """The result of a build with nothing to do, or None when there is something to do (or
    ``root`` is not a repository: the full build says so). Holds the output folder's lock
    while it looks; the full build takes it again and looks again."""
    root = Path(root)
    out = output_folder(root, options)
    if out is None:
        return None
    with output_lock(out):
        result, _ = unchanged(root, options, options.today or dt.date.today(), out)
    return result


def output_folder(root: Path, options: BuildOptions) -> Path | None:
    """The output folder, checked before anything is written (None: not a repository, said
    by the loader). A folder that cannot be used stops the build (BuildError)."""
    if find_config(root) is None:
        return None
    config = read_config(root)  # qms.yaml only, as the loader reads it
    rel = ((config.output.dir if config and config.output else None) or "_build").strip()
    if options.out is not None:
        return chosen_folder(root, options.out, rel)
    out = configured_folder(root, rel)
    no_sources_inside(root, config, rel)
    return out




def options_signature(options: BuildOptions) -> list[str]:
    return [f"force={options.force}", "only=" + ",".join(sorted(options.only)),
            "formats=" + ",".join(options.formats),
            f"pdf={options.pdf_engine}|{options.pdfa}|{options.pdf_fallback}",
            f"lang={options.lang}"]


def unchanged(root: Path, options: BuildOptions, today: dt.date,
               out: Path | None) -> tuple[BuildResult | None, str]:
    """(the result of a build with nothing to do, or None; the stamp of the sources).

    Only without explicit hooks (callables cannot be stamped); the default Git history is
    covered by the Git state in the stamp (HEAD, index, refs and tags).
    """
    if options.revisions is not None or options.states is not None:
        return None, ""
    if out is None:
        return None, ""
    sources_stamp = stamp.sources(root, out, today=today,
                                  options=options_signature(options))
    cache = Cache.load(out)
    last = cache.last
    if (last is None or cache.refused
            or stamp.complete(sources_stamp, root, last.binaries) != last.stamp
            or not cache.all_fresh() or not (out / MANIFEST).is_file()):
        return None, sources_stamp
    result = BuildResult(root, out=out, draft=last.draft, check_errors=last.check_errors,
                         unavailable_formats=list(last.unavailable_formats or []))
    result.skipped = sorted(e.file for e in cache.entries.values())
    return result, sources_stamp


