"""Fees (phí, lệ phí) as published: free, an amount, a percentage, a range, or a text.

The portal writes ``Miễn phí``, ``20,000 Việt Nam Đồng``, ``100 VNĐ``, ``10 USD``, ``Bằng 50% mức
thu …``, ``từ 10.000 đến 50.000 đồng``; anything else (``Theo quy định của HĐND tỉnh``) is kept as
text. Reading a fee never fails: a text is a valid fee.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from qmsdoc.model.pickling import ByFields

__all__ = ["Fee", "parse_fee"]

FeeKind = Literal["free", "amount", "percent", "range", "text"]

_FREE = re.compile(r"^(?:miễn\s+(?:phí|lệ\s+phí|thu)|không\s+(?:thu|mất)\s+(?:phí|lệ\s+phí)|"
                   r"0\s*(?:đồng|vnđ|vnd))\b", re.IGNORECASE)
_CURRENCY = r"(?P<cur>đồng|việt\s+nam\s+đồng|vnđ|vnd|usd|đ)"
_NUM = r"[0-9]+(?:[.,][0-9]{3})*(?:[.,][0-9]+)?"
_AMOUNT = re.compile(rf"^(?P<n>{_NUM})\s*(?:triệu\s+)?{_CURRENCY}\b", re.IGNORECASE)
_RANGE = re.compile(rf"^(?:từ\s+)?(?P<a>{_NUM})\s*(?:đồng|vnđ|vnd|đ)?\s*(?:-|–|đến)\s*"
                    rf"(?P<b>{_NUM})\s*{_CURRENCY}", re.IGNORECASE)
_PERCENT = re.compile(r"(?P<p>[0-9]+(?:[.,][0-9]+)?)\s*%")


@dataclass(frozen=True, slots=True)
class Fee(ByFields):
    kind: FeeKind
    text: str
    low: Decimal | None = None  # amount, or the lower end of a range, or the percentage
    high: Decimal | None = None  # the upper end of a range
    currency: str | None = None

    def same_as(self, other: Fee) -> bool | None:
        """Whether two fees are the same; None when that cannot be told (texts)."""
        if "text" in (self.kind, other.kind):
            return None
        return (self.kind, self.low, self.high, self.currency) == (
            other.kind, other.low, other.high, other.currency)


def _number(text: str) -> Decimal:
    """``20,000`` and ``20.000`` are twenty thousand (grouping), ``0,5`` is a half."""
    if re.fullmatch(r"[0-9]{1,3}(?:[.,][0-9]{3})+", text):
        return Decimal(re.sub(r"[.,]", "", text))
    return Decimal(text.replace(",", "."))


def _currency(cur: str) -> str:
    cur = " ".join(cur.casefold().split())
    return "USD" if cur == "usd" else "VND"


def parse_fee(raw: str) -> Fee:
    text = " ".join(unicodedata.normalize("NFC", raw).split())
    if _FREE.match(text):
        return Fee("free", text, Decimal(0))
    if m := _RANGE.match(text):
        return Fee("range", text, _number(m["a"]), _number(m["b"]), _currency(m["cur"]))
    if m := _AMOUNT.match(text):
        value = _number(m["n"])
        if re.search(r"triệu", m.group(0), re.IGNORECASE):
            value *= 1_000_000
        return Fee("amount", text, value, None, _currency(m["cur"]))
    if m := _PERCENT.search(text):
        return Fee("percent", text, _number(m["p"]))
    return Fee("text", text)
