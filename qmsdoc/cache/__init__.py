"""qmsdoc's caches, in one package: what makes an unchanged repository answer at once.

* :mod:`.store` — the one keyed store (``.qmsdoc/cache/*.json``): this user's secret as the
  key, never through a symbolic link, one atomic write;
* :mod:`.fingerprint` — of qmsdoc itself and of the sources, found by the loader's discovery;
* :mod:`.git` — the one reader of Git state, through git itself;
* :mod:`.check`, :mod:`.history`, :mod:`.canonical` — what ``check``, ``history`` and ``fmt``
  store in it. (The build's cache is the manifest of the output folder: qmsdoc.build.cache.)
"""

from __future__ import annotations

from qmsdoc.cache.check import CACHE_FILE, FORMAT, CheckCache, Hit
from qmsdoc.cache.fingerprint import (
    CONFIG_NAMES,
    code_fingerprint,
    combined_digest,
    source_digests,
    sources_digest,
)
from qmsdoc.cache.git import GitProbe, git_state
from qmsdoc.cache.store import (
    CACHE_DIR,
    CacheRefused,
    _secret,
    read_stored,
    secret,
    write_stored,
)

__all__ = ["CACHE_DIR", "CACHE_FILE", "CONFIG_NAMES", "FORMAT", "CacheRefused", "CheckCache",
           "GitProbe", "Hit", "_secret", "code_fingerprint", "combined_digest", "git_state",
           "read_stored", "secret", "source_digests", "sources_digest", "write_stored"]
