"""Rewrite old spellings of durations to the current ones, where the meaning is certain.

Used by ``qmsdoc fmt``. Only the values of ``duration``, ``processing_time`` and ``legal_time``
are touched, and only when they read as a duration; the number is kept as written (``05``,
``0,5``), as are quotes, a start event (``kể từ …``) and a trailing comment.

* ``ngày lv``, ``wd``, ``day(s)``, ``working day(s)`` → ``ngày làm việc``;
* ``tiếng``, ``h``, ``hour(s)``, ``working hour(s)``, ``giờ làm việc`` → ``giờ``;
* ``calendar day(s)``, ``ngày lịch``, ``ngày theo lịch``, ``ngày (theo lịch)`` → ``ngày``, the
  portal's own word for a calendar day (not when the repository reads a bare ``ngày`` as a
  working day: then the explicit spelling is the only certain one);
* a bare ``ngày`` → ``ngày làm việc`` when ``qms.yaml`` says ``calendar: bare_day: working``:
  the repository has said what it means, so the rewrite keeps the meaning and the setting
  can then go.

A bare ``ngày`` in a repository that does not say how to read it is left alone: whether its
author meant a working or a calendar day is not certain.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from qmsdoc.load.files import front_matter
from qmsdoc.load.settings_file import read_settings_file
from qmsdoc.load.yamlpos import parse_yaml, plain
from qmsdoc.model.duration import DurationError, TimeUnit, parse_duration

__all__ = ["bare_day_working", "migrate_bytes", "migrate_durations"]

_LINE = re.compile(
    r"^(?P<lead>\s*(?:-\s+)?(?:duration|processing_time|legal_time):[ \t]+)"
    r"(?P<q>[\"']?)(?P<value>[^\"'#\n]*?)(?P=q)(?P<tail>[ \t]*(?:#.*)?)$",
    re.M,
)
_NUM_UNIT = re.compile(
    r"^(?P<lead>.*?(?:[0-9½¼¾⅓⅔])(?:\s*\([^()0-9]*\))?)\s*(?P<unit>[^\s,;0-9].*?)"
    r"(?P<rest>\s*[,;]?\s*\b(?:kể|tính)\s+từ\b.*)?$",
    re.IGNORECASE | re.DOTALL,
)
_WORKING_DAY = {"ngày lv", "wd", "day", "days", "working day", "working days"}
_HOUR = {"tiếng", "h", "hour", "hours", "working hour", "working hours", "giờ làm việc"}
_CALENDAR = {"calendar day", "calendar days", "ngày lịch", "ngày theo lịch", "ngày (theo lịch)"}
_OLD = _WORKING_DAY | _HOUR | _CALENDAR


def migrate_durations(text: str, *, bare_day_is_working: bool = False) -> str:
    """``text`` (YAML or a Markdown front matter) with old duration spellings rewritten."""
    return _LINE.sub(lambda m: _line(m, bare_day_is_working), text)


def migrate_bytes(name: str, data: bytes, *, bare_day_is_working: bool) -> bytes:
    """A formatted source file (UTF-8) named ``name`` with old duration spellings rewritten;
    ``bare_day_is_working``: the repository's ``calendar.bare_day`` (:func:`bare_day_working`)."""
    if not name.lower().endswith((".md", ".yaml", ".yml")):
        return data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    new = migrate_durations(text, bare_day_is_working=bare_day_is_working)
    if new == text or not _only_durations_differ(name, text, new):
        return data
    return new.encode("utf-8")


_DURATION_KEYS = frozenset({"duration", "processing_time", "legal_time"})


def _only_durations_differ(name: str, old: str, new: str) -> bool:
    """The rewrite touched duration values only: the line pattern could also match a line of a
    block scalar or of the Markdown body, which must never change (then nothing is migrated)."""
    def parts(text: str) -> tuple[Any, str] | None:
        body = ""
        if name.lower().endswith(".md"):
            split = front_matter(text)
            if split is None:
                return None
            text, body = split[0], split[1]
        tree, problems = parse_yaml(text)
        return (None, body) if problems else (plain(tree), body)

    before, after = parts(old), parts(new)
    if before is None or after is None or before[1] != after[1] or before[0] is None:
        return False
    return _same_but_durations(before[0], after[0], None)


def _same_but_durations(a: Any, b: Any, key: str | None) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same_but_durations(a[k], b[k], k) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(
            _same_but_durations(x, y, key) for x, y in zip(a, b, strict=True))
    if a == b:
        return True
    return key in _DURATION_KEYS and isinstance(a, str) and isinstance(b, str)


def bare_day_working(config: Path | None) -> bool:
    """Whether ``qms.yaml`` reads a bare ``ngày`` as a working day (leniently: False if unread)."""
    data = read_settings_file(config)
    cal = data.get("calendar") if data is not None else None
    return isinstance(cal, dict) and cal.get("bare_day") == "working"


def _line(m: re.Match[str], bare_working: bool) -> str:
    value = m["value"]
    new = _value(value.strip(), bare_working)
    if new is None or new == value.strip():
        return m.group(0)
    return f"{m['lead']}{m['q']}{new}{m['q']}{m['tail']}"


def _value(value: str, bare_working: bool) -> str | None:
    parts = _NUM_UNIT.match(value)
    if parts is None:
        return None
    unit = " ".join(parts["unit"].casefold().split())
    unit = re.sub(r"\s*\(\s*", " (", unit).replace(" )", ")")
    if not bare_working and unit not in _OLD:
        return None  # the usual case, a current spelling: no need to read the duration
    try:
        d = parse_duration(value)
    except DurationError:
        return None
    if d.unit in (TimeUnit.SAME_DAY, TimeUnit.NO_LIMIT):
        return None
    if unit in _WORKING_DAY:
        new_unit = "ngày làm việc"
    elif unit in _HOUR:
        new_unit = "giờ"
    elif unit in _CALENDAR and not bare_working:
        new_unit = "ngày"
    elif d.bare_day and bare_working:
        new_unit = "ngày làm việc"
    else:
        return None
    return f"{parts['lead'].strip()} {new_unit}{parts['rest'] or ''}"
