"""``fmt``'s cache: keyed digests of files already in canonical form (``fmt.json``)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from qmsdoc.cache.fingerprint import code_fingerprint
from qmsdoc.cache.store import CACHE_DIR, read_stored, secret, write_stored


class KnownCanonical:
    """``.qmsdoc/cache/fmt.json``: keyed digests of files already in canonical form.

    Files outside the plain subset that :mod:`qmsdoc.fmt_canonical` judges need ruamel.yaml's
    pure-Python round trip, the slow part of ``fmt``; a file whose exact bytes fmt found (or
    made) canonical before, with the same qmsdoc, is known to be canonical and is not parsed
    again. Digests are keyed
    with this user's secret (:mod:`.store`), so a committed or copied cache file never matches;
    anything unreadable is a miss. Written through the store's writer, atomically.
    """

    FORMAT = 1

    def __init__(self, root: Path) -> None:
        self.path = root / CACHE_DIR / "fmt.json"
        self.secret = secret()
        self.key = ""
        self.known: set[str] = set()
        self.dirty = False
        if self.secret is None:
            return
        self.key = self._digest(f"fmt|{code_fingerprint()}".encode())
        stored = read_stored(self.path, self.FORMAT, self.key)
        if stored is not None and isinstance(stored.get("canonical"), list):
            self.known = {x for x in stored["canonical"] if isinstance(x, str)}

    def _digest(self, data: bytes) -> str:
        assert self.secret is not None
        return hashlib.blake2b(data, digest_size=16, key=self.secret).hexdigest()

    def token(self, rel: str, is_config: bool, data: bytes, bare_day_working: bool = False
              ) -> str | None:
        if self.secret is None:
            return None
        kind = "config" if is_config else rel.rsplit(".", 1)[-1].lower()
        # The migration of durations depends on how qms.yaml reads a bare "ngày".
        reading = b"working" if bare_day_working else b""
        return self._digest(kind.encode() + b"\0" + reading + b"\0" + data)

    def add(self, token: str | None) -> None:
        if token is not None and token not in self.known:
            self.known.add(token)
            self.dirty = True

    def save(self) -> None:
        if self.dirty and self.secret is not None:
            write_stored(self.path, {"format": self.FORMAT, "key": self.key,
                                     "canonical": sorted(self.known)}, ".fmt-")
