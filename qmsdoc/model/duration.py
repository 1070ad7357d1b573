"""Durations of TTHC procedures and their steps: parsing, exact arithmetic and display.

Durations are written the way Vietnamese legal texts and the national public-service portal
write them: ``05 ngày làm việc``, ``02 (hai) ngày làm việc``, ``15 Ngày``, ``6 Tháng``, ``8 Giờ``,
``½ ngày``, ``Trong ngày``, ``Không quy định``, ``01 ngày làm việc, kể từ ngày nhận đủ hồ sơ hợp
lệ``.

Number
    * an integer, leading zeros allowed: ``5``, ``05``, ``15``;
    * a decimal with ``,`` (Vietnamese) or ``.`` as the decimal mark: ``0,5``, ``0.25``;
    * a simple fraction: ``1/2``, ``3/4``, or one of ``½ ¼ ¾ ⅓ ⅔``;
    * optionally followed by the number in words in brackets: ``02 (hai)``.

    Values are kept as exact fractions (``0,5`` is 1/2, never 0.4999…). Negative numbers,
    thousands separators and ranges (``3-5 ngày``: write the maximum) are not accepted. Months
    and years must be whole numbers.

Unit (upper/lower case does not matter; spaces between the number and the unit are optional)
    ============== ==========================================================================
    working days   ``ngày làm việc``, ``ngày lv``, ``day``, ``days``, ``working day(s)``, ``wd``
    working hours  ``giờ làm việc``, ``giờ``, ``tiếng``, ``h``, ``hour(s)``, ``working hour(s)``
    calendar days  ``ngày``, ``ngày theo lịch``, ``ngày lịch``, ``ngày (theo lịch)``,
                   ``calendar day(s)``
    weeks          ``tuần``, ``week(s)`` (7 calendar days each)
    months         ``tháng``, ``month(s)`` (same day of the month, on real calendar dates)
    years          ``năm``, ``year(s)``
    ============== ==========================================================================

    A bare ``ngày`` is a *calendar* day: the portal offers "Ngày" and "Ngày làm việc" as two
    units. ``Duration.bare_day`` remembers it was written bare, so that a repository that states
    ``calendar.bare_day: working`` in ``qms.yaml`` (old repositories, written when a bare
    ``ngày`` meant a working day) reads it as a working day instead (``Duration.reading``).

Words instead of a number
    * ``trong ngày``, ``ngay trong ngày``, ``trong ngày làm việc`` and ``ngay sau khi …``: the
      same working day (unit ``same_day``);
    * ``không quy định`` (and the portal's ``Không phải trả kết quả …``): no time limit (unit
      ``no_limit``); the time rules skip such a duration and say so.

Lead-in words are accepted and ignored: ``trong thời hạn``, ``trong vòng``, ``tối đa (là)``,
``không quá``, ``thời hạn giải quyết:``.

Start event
    ``…, kể từ ngày nhận đủ hồ sơ hợp lệ`` or ``… tính từ khi nhận được văn bản của …``: the
    event the period runs from, kept in ``Duration.start`` (without ``kể từ`` and a leading
    ``ngày``/``khi``); ``event_key()`` compares two events.

Zero
    A bare ``0`` (text or a YAML number) means zero working days; it is the usual duration
    of the "return the result" step. Any other number without a unit is an error.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, replace
from enum import StrEnum
from fractions import Fraction

from qmsdoc.model.pickling import ByFields

__all__ = [
    "Duration",
    "DurationError",
    "TimeUnit",
    "event_key",
    "format_hours",
    "parse_duration",
]


class TimeUnit(StrEnum):
    """The unit a duration is counted in."""

    WORKING_DAY = "working_day"
    WORKING_HOUR = "working_hour"
    CALENDAR_DAY = "calendar_day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    SAME_DAY = "same_day"
    NO_LIMIT = "no_limit"


#: Units counted on the calendar (not in working time): they need a start date to convert.
CALENDAR_UNITS = frozenset({TimeUnit.CALENDAR_DAY, TimeUnit.WEEK, TimeUnit.MONTH, TimeUnit.YEAR})

_BARE_DAY = "ngày"

# Keys are casefolded, NFC, single-spaced; see _unit_key().
_UNIT_ALIASES: dict[str, TimeUnit] = {
    **dict.fromkeys(
        ("ngày làm việc", "ngày lv", "day", "days", "working day", "working days", "wd"),
        TimeUnit.WORKING_DAY,
    ),
    **dict.fromkeys(
        ("giờ làm việc", "giờ", "tiếng", "h", "hour", "hours", "working hour", "working hours"),
        TimeUnit.WORKING_HOUR,
    ),
    **dict.fromkeys(
        (_BARE_DAY, "ngày theo lịch", "ngày lịch", "ngày (theo lịch)", "calendar day",
         "calendar days"),
        TimeUnit.CALENDAR_DAY,
    ),
    **dict.fromkeys(("tuần", "week", "weeks"), TimeUnit.WEEK),
    **dict.fromkeys(("tháng", "month", "months"), TimeUnit.MONTH),
    **dict.fromkeys(("năm", "year", "years"), TimeUnit.YEAR),
}

# (singular, plural) per language; Vietnamese nouns do not inflect.
_UNIT_NAMES: dict[str, dict[TimeUnit, tuple[str, str]]] = {
    "vi": {
        TimeUnit.WORKING_DAY: ("ngày làm việc", "ngày làm việc"),
        TimeUnit.WORKING_HOUR: ("giờ làm việc", "giờ làm việc"),
        TimeUnit.CALENDAR_DAY: ("ngày (theo lịch)", "ngày (theo lịch)"),
        TimeUnit.WEEK: ("tuần", "tuần"),
        TimeUnit.MONTH: ("tháng", "tháng"),
        TimeUnit.YEAR: ("năm", "năm"),
    },
    "en": {
        TimeUnit.WORKING_DAY: ("working day", "working days"),
        TimeUnit.WORKING_HOUR: ("working hour", "working hours"),
        TimeUnit.CALENDAR_DAY: ("calendar day", "calendar days"),
        TimeUnit.WEEK: ("week", "weeks"),
        TimeUnit.MONTH: ("month", "months"),
        TimeUnit.YEAR: ("year", "years"),
    },
}
_WORDS = {
    "vi": {TimeUnit.SAME_DAY: "trong ngày", TimeUnit.NO_LIMIT: "không quy định"},
    "en": {TimeUnit.SAME_DAY: "the same working day", TimeUnit.NO_LIMIT: "no time limit"},
}

# No legal time is longer than a century; the bound keeps calendar arithmetic in range.
_LONGEST: dict[TimeUnit, int] = {
    TimeUnit.WORKING_DAY: 26_100, TimeUnit.WORKING_HOUR: 26_100 * 24,
    TimeUnit.CALENDAR_DAY: 36_525, TimeUnit.WEEK: 5_218, TimeUnit.MONTH: 1_200,
    TimeUnit.YEAR: 100,
}

_DECIMAL_MARK = {"vi": ",", "en": "."}
_VULGAR = {"½": "1/2", "¼": "1/4", "¾": "3/4", "⅓": "1/3", "⅔": "2/3"}

_NUMBER_RE = re.compile(
    r"(?P<num>[0-9]*\s*[½¼¾⅓⅔]|[0-9]+(?:\s*/\s*[0-9]+|[.,][0-9]+)?)"
    r"(?:\s*\((?P<words>[^()0-9]*)\))?\s*(?P<unit>.*)",
    re.DOTALL,
)
# Hyphen-minus, minus sign, en dash: all seen in documents pasted from Word.
_MINUS_SIGNS = ("-", "\u2212", "\u2013")
# Words before the number that say nothing about the length: "Trong thời hạn 05 ngày".
_LEAD_IN = re.compile(
    r"^(?:thời\s+hạn(?:\s+giải\s+quyết)?(?:\s+là)?\s*:?\s*|trong\s+(?:thời\s+hạn|thời\s+gian|"
    r"vòng|hạn)(?:\s+là)?\s*:?\s*|trong\s+(?=[0-9½¼¾⅓⅔])|tối\s+đa(?:\s+là)?\s+|"
    r"không\s+quá\s+|chậm\s+nhất(?:\s+là)?\s+)",
    re.IGNORECASE,
)
# ", kể từ ngày nhận đủ hồ sơ" / "tính từ khi …": the event the period runs from.
_START_RE = re.compile(r"\s*[,;]?\s*\b(?:kể|tính)\s+từ\s+(?P<event>.*)$", re.IGNORECASE | re.DOTALL)
_SAME_DAY_RE = re.compile(
    r"^(?:ngay\s+)?trong\s+(?:cùng\s+)?(?:ngày|buổi)(?:\s+làm\s+việc)?(?:\s+(?P<event>.+))?$|"
    r"^ngay\s+(?:sau\s+khi|khi)\s+(?P<event2>.+)$",
    re.IGNORECASE | re.DOTALL,
)
_NO_LIMIT_RE = re.compile(
    r"^(?:không\s+(?:có\s+)?quy\s+định(?:\s+(?:về\s+)?thời\s+(?:hạn|gian)(?:\s+giải\s+quyết)?)?"
    r"|không\s+phải\s+trả\s+kết\s+quả\b.*|không\s+giới\s+hạn(?:\s+thời\s+gian)?)$",
    re.IGNORECASE | re.DOTALL,
)

_EXAMPLE_VI = ('"05 ngày làm việc", "0,5 ngày làm việc", "4 giờ", "15 ngày", "6 tháng", '
               '"trong ngày" hoặc "không quy định"')
_EXAMPLE_EN = ('"05 ngày làm việc", "0.5 working days", "4 hours", "15 calendar days", '
               '"6 months", "trong ngày" or "không quy định"')


class DurationError(ValueError):
    """A duration that cannot be read; ``vi`` and ``en`` say what is wrong and give an example."""

    def __init__(self, vi: str, en: str, raw: object) -> None:
        # str(err) is the Vietnamese message, the primary language of the documents.
        super().__init__(vi)
        self.vi = vi
        self.en = en
        self.raw = raw


@dataclass(frozen=True, slots=True)
class Duration(ByFields):
    """An exact, non-negative duration with its unit and the text it was read from.

    ``start`` is the event the period runs from when the text says so (``kể từ …``);
    ``bare_day`` is True when the unit was a bare ``ngày`` (see the module docstring).
    """

    value: Fraction
    unit: TimeUnit
    text: str
    start: str | None = None
    bare_day: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.value, Fraction):
            if isinstance(self.value, bool) or not isinstance(self.value, int):
                raise TypeError(f"Duration.value must be a Fraction or int, got {self.value!r}")
            object.__setattr__(self, "value", Fraction(self.value))
        if self.value < 0:
            raise ValueError(f"Duration.value must not be negative, got {self.value}")

    @property
    def limited(self) -> bool:
        """False for "không quy định": there is no time to check against."""
        return self.unit is not TimeUnit.NO_LIMIT

    @property
    def on_calendar(self) -> bool:
        """Counted in calendar time (days, weeks, months, years), not working time."""
        return self.unit in CALENDAR_UNITS

    def reading(self, bare_day_is_working: bool) -> Duration:
        """This duration with a bare ``ngày`` read as the repository says (qms.yaml)."""
        if self.bare_day and bare_day_is_working and self.unit is TimeUnit.CALENDAR_DAY:
            return replace(self, unit=TimeUnit.WORKING_DAY)
        return self

    def working_hours(self, hours_per_day: int = 8) -> Fraction:
        """The duration in working hours; calendar periods have no fixed number of them."""
        _check_hours_per_day(hours_per_day)
        if self.unit is TimeUnit.WORKING_DAY:
            return self.value * hours_per_day
        if self.unit is TimeUnit.WORKING_HOUR:
            return self.value
        if self.unit is TimeUnit.SAME_DAY:
            # Done within the working day of receipt: at most one working day.
            return Fraction(hours_per_day)
        if self.unit is TimeUnit.NO_LIMIT:
            raise ValueError(f"{self.text!r} states no time limit")
        raise ValueError(
            f"{self.text!r} is counted in calendar days (or weeks, months, years) and cannot be "
            "converted to working hours without a receipt date; use WorkCalendar.due_date"
        )

    def describe(self, lang: str = "vi") -> str:
        """Canonical text, e.g. ``0,5 ngày làm việc`` (vi) or ``0.5 working days`` (en)."""
        if self.unit in (TimeUnit.SAME_DAY, TimeUnit.NO_LIMIT):
            try:
                return _WORDS[lang][self.unit]
            except KeyError:
                raise ValueError(f"lang must be one of {sorted(_WORDS)}, got {lang!r}") from None
        return _describe(self.value, self.unit, lang)


def event_key(event: str | None) -> str | None:
    """A comparable form of a start event: the usual wordings of the same event are equal.

    "nhận đủ hồ sơ hợp lệ", "nhận được hồ sơ đầy đủ và hợp lệ", "nộp đủ hồ sơ theo quy định"
    all mean the complete dossier was received (``ho-so-hop-le``); "nhận được hồ sơ",
    "tiếp nhận hồ sơ" mean its receipt, complete or not (``nhan-ho-so``). Anything else is
    compared as written (case, spaces and a leading "ngày"/"khi" ignored).
    """
    if not event:
        return None
    text = " ".join(unicodedata.normalize("NFC", event).casefold().split()).rstrip(".;,")
    text = re.sub(r"^(?:ngày|khi|thời điểm)\s+", "", text)
    if "hồ sơ" in text and re.search(r"\b(?:nhận|nộp)", text) and "văn bản" not in text:
        if re.search(r"\bđủ\b|đầy đủ|hợp lệ", text):
            return "ho-so-hop-le"
        return "nhan-ho-so"
    return text


def parse_duration(raw: str | float) -> Duration:
    """Read a duration written in the syntax described in the module docstring.

    Raises:
        DurationError: the value is empty, negative, not a number or has no/unknown unit.
    """
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        # YAML gives None for an empty cell and True/False for "yes"/"no".
        if raw is None:
            raise _empty_error(raw)
        raise DurationError(
            f"Thời hạn phải là văn bản như {_EXAMPLE_VI}, không phải {raw!r}.",
            f"A duration must be text such as {_EXAMPLE_EN}, not {raw!r}.",
            raw,
        )
    if isinstance(raw, (int, float)):
        return _parse_bare_number(raw)

    text = raw.strip()
    if not text:
        raise _empty_error(raw)
    normalized = " ".join(unicodedata.normalize("NFC", text).split()).rstrip(".;")
    if normalized.startswith(_MINUS_SIGNS):
        raise DurationError(
            f'Thời hạn không được âm: "{text}". Ví dụ hợp lệ: {_EXAMPLE_VI}.',
            f'A duration cannot be negative: "{text}". Valid examples: {_EXAMPLE_EN}.',
            raw,
        )
    if _NO_LIMIT_RE.fullmatch(normalized):
        return Duration(Fraction(0), TimeUnit.NO_LIMIT, text)
    start: str | None = None
    if m := _START_RE.search(normalized):
        start = _clean_event(m["event"])
        if not start:
            raise DurationError(
                f'Thời hạn "{text}" ghi "kể từ" nhưng chưa ghi sự kiện, ví dụ "05 ngày làm '
                'việc, kể từ ngày nhận đủ hồ sơ hợp lệ".',
                f'The duration "{text}" says "kể từ" (from) but names no event, e.g. "05 ngày '
                'làm việc, kể từ ngày nhận đủ hồ sơ hợp lệ".',
                raw,
            )
        normalized = normalized[: m.start()].rstrip(" ,;")
    if same := _SAME_DAY_RE.fullmatch(normalized):
        event = same["event"] or same["event2"]
        if event and start is None:
            start = _clean_event(event)
        return Duration(Fraction(0), TimeUnit.SAME_DAY, text, start)
    while lead := _LEAD_IN.match(normalized):
        if not lead.end():
            break
        normalized = normalized[lead.end():]
    match = _NUMBER_RE.fullmatch(normalized)
    if match is None:
        raise DurationError(
            f'Không đọc được số trong thời hạn "{text}". Ví dụ hợp lệ: {_EXAMPLE_VI}.',
            f'No number found in the duration "{text}". Valid examples: {_EXAMPLE_EN}.',
            raw,
        )
    num_text = match["num"]
    value = _to_fraction(num_text, text, raw)
    unit_text = match["unit"]
    if not unit_text.strip():
        if value == 0:
            return Duration(Fraction(0), TimeUnit.WORKING_DAY, text, start)
        raise _missing_unit_error(text, num_text, raw)
    if unit_text.startswith(_MINUS_SIGNS) and (
        upper := _NUMBER_RE.fullmatch(unit_text[1:].lstrip())
    ):
        # "3-5 ngày": suggest the upper bound, since the limit is the maximum time.
        suggestion = f"{upper['num']} {upper['unit'].strip() or 'ngày làm việc'}"
        raise DurationError(
            f'Thời hạn "{text}" là một khoảng; ghi một giá trị là thời gian tối đa, '
            f'ví dụ "{suggestion}".',
            f'The duration "{text}" is a range; write one value, the maximum time, '
            f'e.g. "{suggestion}".',
            raw,
        )
    key = _unit_key(unit_text)
    unit = _UNIT_ALIASES.get(key)
    if unit is None:
        raise DurationError(
            f'Đơn vị "{unit_text.strip()}" trong thời hạn "{text}" không hợp lệ; dùng '
            f'"ngày làm việc", "giờ", "ngày" (ngày theo lịch), "tuần", "tháng" hoặc "năm", '
            f'ví dụ "{num_text} ngày làm việc".',
            f'Unknown unit "{unit_text.strip()}" in the duration "{text}"; use working days, '
            f'hours, calendar days, weeks, months or years, e.g. "{num_text} ngày làm việc" or '
            f'"{num_text} working days".',
            raw,
        )
    if unit in (TimeUnit.MONTH, TimeUnit.YEAR) and value.denominator != 1:
        raise DurationError(
            f'Số tháng, số năm phải là số nguyên: "{text}"; đổi sang ngày, ví dụ "15 ngày".',
            f'Months and years must be whole numbers: "{text}"; use days, e.g. "15 ngày".',
            raw,
        )
    if value > _LONGEST[unit]:
        raise DurationError(
            f'Thời hạn "{text}" dài hơn 100 năm; kiểm tra lại số và đơn vị.',
            f'The duration "{text}" is longer than 100 years; check the number and the unit.',
            raw,
        )
    return Duration(value, unit, text, start, bare_day=key == _BARE_DAY)


def format_hours(hours: Fraction, hours_per_day: int = 8, lang: str = "vi") -> str:
    """Working hours as working days, e.g. 20 h -> ``2,5 ngày làm việc`` / ``2.5 working days``."""
    _check_hours_per_day(hours_per_day)
    return _describe(Fraction(hours) / hours_per_day, TimeUnit.WORKING_DAY, lang)


def _clean_event(event: str) -> str:
    event = event.strip(" ,;.")
    return event


def _parse_bare_number(raw: float) -> Duration:
    text = str(raw)
    if isinstance(raw, float) and not math.isfinite(raw):
        raise DurationError(
            f'Không đọc được số trong thời hạn "{text}". Ví dụ hợp lệ: {_EXAMPLE_VI}.',
            f'No number found in the duration "{text}". Valid examples: {_EXAMPLE_EN}.',
            raw,
        )
    if raw < 0:
        raise DurationError(
            f'Thời hạn không được âm: "{text}". Ví dụ hợp lệ: {_EXAMPLE_VI}.',
            f'A duration cannot be negative: "{text}". Valid examples: {_EXAMPLE_EN}.',
            raw,
        )
    if raw == 0:
        return Duration(Fraction(0), TimeUnit.WORKING_DAY, text)
    # YAML turns `thoi_han: 5` into a number; the unit is ambiguous, so refuse to guess.
    num_text = text.removesuffix(".0") if isinstance(raw, float) else text
    raise _missing_unit_error(text, num_text, raw)


def _to_fraction(num_text: str, text: str, raw: object) -> Fraction:
    compact = "".join(num_text.split())
    if compact and compact[-1] in _VULGAR:
        whole = Fraction(compact[:-1] or 0)
        return whole + Fraction(_VULGAR[compact[-1]])
    try:
        return Fraction(compact.replace(",", "."))
    except ZeroDivisionError:
        raise DurationError(
            f'Phân số có mẫu số 0 trong thời hạn "{text}". Ví dụ hợp lệ: "1/2 ngày".',
            f'Fraction with a zero denominator in the duration "{text}". '
            'Valid example: "1/2 day".',
            raw,
        ) from None


def _unit_key(unit_text: str) -> str:
    key = unit_text.casefold()
    # "ngày(theo lịch)", "ngày ( theo lịch )" -> "ngày (theo lịch)"
    key = re.sub(r"\s*\(\s*", " (", key)
    key = re.sub(r"\s*\)", ")", key)
    return " ".join(key.split())


def _empty_error(raw: object) -> DurationError:
    return DurationError(
        f"Thời hạn đang để trống; cần ghi số kèm đơn vị, ví dụ {_EXAMPLE_VI}.",
        f"The duration is empty; write a number and a unit, e.g. {_EXAMPLE_EN}.",
        raw,
    )


def _missing_unit_error(text: str, num_text: str, raw: object) -> DurationError:
    return DurationError(
        f'Thời hạn "{text}" thiếu đơn vị; ghi rõ, ví dụ "{num_text} ngày làm việc", '
        f'"{num_text} giờ" hoặc "{num_text} ngày" (ngày theo lịch).',
        f'The duration "{text}" has no unit; write e.g. "{num_text} working days", '
        f'"{num_text} hours" or "{num_text} calendar days".',
        raw,
    )


def _check_hours_per_day(hours_per_day: int) -> None:
    if isinstance(hours_per_day, bool) or not isinstance(hours_per_day, int) or hours_per_day <= 0:
        raise ValueError(f"hours_per_day must be a positive integer, got {hours_per_day!r}")


def _describe(value: Fraction, unit: TimeUnit, lang: str) -> str:
    try:
        singular, plural = _UNIT_NAMES[lang][unit]
    except KeyError:
        raise ValueError(f"lang must be one of {sorted(_UNIT_NAMES)}, got {lang!r}") from None
    name = singular if value == 1 else plural
    return f"{_format_number(value, _DECIMAL_MARK[lang])} {name}"


def _format_number(value: Fraction, decimal_mark: str) -> str:
    """Exact decimal when the fraction terminates (1/8 -> 0,125), otherwise ``a/b``."""
    sign = "-" if value < 0 else ""
    value = abs(value)
    den = value.denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    if den != 1:
        # Not a terminating decimal: keep it exact; parse_duration reads "a/b" back.
        return f"{sign}{value.numerator}/{value.denominator}"
    digits = max(twos, fives)
    # value * 10**digits is an integer because den had only factors 2 and 5.
    whole, frac = divmod(value.numerator * 10**digits // value.denominator, 10**digits)
    if digits == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole}{decimal_mark}{frac:0{digits}d}"
