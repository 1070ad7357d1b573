"""Durations of TTHC procedures and their steps: parsing, exact arithmetic and display.

A duration is written as a number followed by a unit, for example ``05 ngày làm việc``,
``0,5 ngày``, ``4 giờ làm việc``, ``1/2 day`` or ``15 ngày theo lịch``.

Number
    * an integer, leading zeros allowed: ``5``, ``05``, ``15``;
    * a decimal with ``,`` (Vietnamese) or ``.`` as the decimal mark: ``0,5``, ``0.25``;
    * a simple fraction: ``1/2``, ``3/4``.

    Values are kept as exact fractions (``0,5`` is 1/2, never 0.4999…). Negative numbers,
    thousands separators and ranges (``3-5 ngày``: write the maximum) are not accepted.

Unit (upper/lower case does not matter; spaces between the number and the unit are optional)
    ============== ==========================================================================
    working days   ``ngày làm việc``, ``ngày``, ``ngày lv``, ``day``, ``days``,
                   ``working day``, ``working days``, ``wd``
    working hours  ``giờ làm việc``, ``giờ``, ``tiếng``, ``h``, ``hour``, ``hours``,
                   ``working hour``, ``working hours``
    calendar days  ``ngày theo lịch``, ``ngày lịch``, ``ngày (theo lịch)``,
                   ``calendar day``, ``calendar days``
    ============== ==========================================================================

    A plain ``ngày`` / ``day`` means *working* days. Write ``ngày theo lịch`` for a period
    counted in calendar days.

Zero
    A bare ``0`` (text or a YAML number) means zero working days; it is the usual duration
    of the "return the result" step. Any other number without a unit is an error.

Examples: ``05 ngày làm việc``, ``0,5 ngày``, ``4 giờ``, ``4h``, ``1/2 day``, ``2.5 wd``,
``15 ngày (theo lịch)``, ``30 calendar days``, ``0``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

__all__ = [
    "Duration",
    "DurationError",
    "TimeUnit",
    "format_hours",
    "parse_duration",
]


class TimeUnit(StrEnum):
    """The unit a duration is counted in."""

    WORKING_DAY = "working_day"
    WORKING_HOUR = "working_hour"
    CALENDAR_DAY = "calendar_day"


# Keys are casefolded, NFC, single-spaced; see _unit_key().
_UNIT_ALIASES: dict[str, TimeUnit] = {
    **dict.fromkeys(
        (
            "ngày làm việc",
            "ngày",
            "ngày lv",
            "day",
            "days",
            "working day",
            "working days",
            "wd",
        ),
        TimeUnit.WORKING_DAY,
    ),
    **dict.fromkeys(
        (
            "giờ làm việc",
            "giờ",
            "tiếng",
            "h",
            "hour",
            "hours",
            "working hour",
            "working hours",
        ),
        TimeUnit.WORKING_HOUR,
    ),
    **dict.fromkeys(
        (
            "ngày theo lịch",
            "ngày lịch",
            "ngày (theo lịch)",
            "calendar day",
            "calendar days",
        ),
        TimeUnit.CALENDAR_DAY,
    ),
}

# (singular, plural) per language; Vietnamese nouns do not inflect.
_UNIT_NAMES: dict[str, dict[TimeUnit, tuple[str, str]]] = {
    "vi": {
        TimeUnit.WORKING_DAY: ("ngày làm việc", "ngày làm việc"),
        TimeUnit.WORKING_HOUR: ("giờ làm việc", "giờ làm việc"),
        TimeUnit.CALENDAR_DAY: ("ngày (theo lịch)", "ngày (theo lịch)"),
    },
    "en": {
        TimeUnit.WORKING_DAY: ("working day", "working days"),
        TimeUnit.WORKING_HOUR: ("working hour", "working hours"),
        TimeUnit.CALENDAR_DAY: ("calendar day", "calendar days"),
    },
}

_DECIMAL_MARK = {"vi": ",", "en": "."}

_NUMBER_RE = re.compile(r"(?P<num>[0-9]+(?:\s*/\s*[0-9]+|[.,][0-9]+)?)\s*(?P<unit>.*)", re.DOTALL)
# Hyphen-minus, minus sign, en dash: all seen in documents pasted from Word.
_MINUS_SIGNS = ("-", "\u2212", "\u2013")

_EXAMPLE_VI = '"05 ngày làm việc", "0,5 ngày", "4 giờ" hoặc "15 ngày theo lịch"'
_EXAMPLE_EN = '"05 ngày làm việc", "0.5 days", "4 hours" or "15 calendar days"'


class DurationError(ValueError):
    """A duration that cannot be read; ``vi`` and ``en`` say what is wrong and give an example."""

    def __init__(self, vi: str, en: str, raw: object) -> None:
        # str(err) is the Vietnamese message, the primary language of the documents.
        super().__init__(vi)
        self.vi = vi
        self.en = en
        self.raw = raw


@dataclass(frozen=True, slots=True)
class Duration:
    """An exact, non-negative duration with its unit and the text it was read from."""

    value: Fraction
    unit: TimeUnit
    text: str

    def __post_init__(self) -> None:
        if not isinstance(self.value, Fraction):
            if isinstance(self.value, bool) or not isinstance(self.value, int):
                raise TypeError(f"Duration.value must be a Fraction or int, got {self.value!r}")
            object.__setattr__(self, "value", Fraction(self.value))
        if self.value < 0:
            raise ValueError(f"Duration.value must not be negative, got {self.value}")

    def working_hours(self, hours_per_day: int = 8) -> Fraction:
        """The duration in working hours; calendar days have no fixed number of working hours."""
        _check_hours_per_day(hours_per_day)
        if self.unit is TimeUnit.WORKING_DAY:
            return self.value * hours_per_day
        if self.unit is TimeUnit.WORKING_HOUR:
            return self.value
        raise ValueError(
            f"{self.text!r} is counted in calendar days and cannot be converted to working "
            "hours without a receipt date; use WorkCalendar.working_days_in_calendar_period"
        )

    def describe(self, lang: str = "vi") -> str:
        """Canonical text, e.g. ``0,5 ngày làm việc`` (vi) or ``0.5 working days`` (en)."""
        return _describe(self.value, self.unit, lang)


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
    normalized = unicodedata.normalize("NFC", text)
    if normalized.startswith(_MINUS_SIGNS):
        raise DurationError(
            f'Thời hạn không được âm: "{text}". Ví dụ hợp lệ: {_EXAMPLE_VI}.',
            f'A duration cannot be negative: "{text}". Valid examples: {_EXAMPLE_EN}.',
            raw,
        )
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
            return Duration(Fraction(0), TimeUnit.WORKING_DAY, text)
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
    unit = _UNIT_ALIASES.get(_unit_key(unit_text))
    if unit is None:
        raise DurationError(
            f'Đơn vị "{unit_text.strip()}" trong thời hạn "{text}" không hợp lệ; dùng '
            f'"ngày làm việc", "giờ làm việc" hoặc "ngày theo lịch", '
            f'ví dụ "{num_text} ngày làm việc".',
            f'Unknown unit "{unit_text.strip()}" in the duration "{text}"; use working days, '
            f'working hours or calendar days, e.g. "{num_text} ngày làm việc" or '
            f'"{num_text} working days".',
            raw,
        )
    return Duration(value, unit, text)


def format_hours(hours: Fraction, hours_per_day: int = 8, lang: str = "vi") -> str:
    """Working hours as working days, e.g. 20 h -> ``2,5 ngày làm việc`` / ``2.5 working days``."""
    _check_hours_per_day(hours_per_day)
    return _describe(Fraction(hours) / hours_per_day, TimeUnit.WORKING_DAY, lang)


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
    try:
        return Fraction("".join(num_text.split()).replace(",", "."))
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
        f'"{num_text} giờ" hoặc "{num_text} ngày theo lịch".',
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
