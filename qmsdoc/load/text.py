"""Decoding of source-file bytes into text, with diagnostics for Vietnamese encoding problems.

The module is pure (it never touches the file system): ``decode_source`` receives the raw bytes
of a file and returns NFC text with LF line endings plus a list of problems: binary or empty
files, UTF-16, byte-order marks, CRLF, invalid UTF-8, the legacy Vietnamese encodings
Windows-1258, TCVN3 (ABC, ``.VnTime`` fonts) and VNI (``VNI-Times`` fonts), both as raw 8-bit
bytes and as "mojibake" pasted into otherwise valid Unicode, and decomposed (NFD) Unicode.

Positions are 1-based. For text that decoded, they count characters of the text after BOM
removal and line-ending normalisation (NFD spots: before NFC; mojibake: after NFC). For bytes
that did not decode, the column counts the line decoded as UTF-8 with ``errors="replace"``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

__all__ = [
    "PROBLEM_KINDS",
    "DecodedText",
    "TextProblem",
    "convert_legacy",
    "decode_source",
    "encode_legacy",
    "find_nfd",
]


@dataclass(frozen=True, slots=True)
class TextProblem:
    """One encoding finding; ``kind`` is one of the kinds listed in ``PROBLEM_KINDS``."""

    kind: str
    line: int
    column: int
    sample: str = ""
    suggestion: str = ""


@dataclass(frozen=True, slots=True)
class DecodedText:
    """NFC, LF-only text (None when the bytes cannot be used as text) and what was found."""

    text: str | None
    problems: tuple[TextProblem, ...]


PROBLEM_KINDS: Final = frozenset(
    {"empty", "binary", "utf16", "invalid-utf8", "cp1258", "tcvn3", "vni", "nfd", "bom", "crlf",
     "private-use"}
)

# --- Thresholds -------------------------------------------------------------------------------

# Mojibake inside valid UTF-8 keeps the file usable, so a false alarm would nag about correct
# text: demand two different converting words, one of them carrying a character that correct
# Vietnamese never contains, and that 3/4 of the words with legacy characters that are not
# already Vietnamese convert (real legacy text scores ~100 %; Nordic text, whose "så", "gå"
# convert to "sồ", "gồ", stays around 50 %).
_LEGACY_MIN_HITS: Final = 2
_LEGACY_MIN_STRONG: Final = 1
_LEGACY_MIN_RATIO: Final = 0.75
# Invalid UTF-8 is an error whatever we call it; the legacy tests only choose a better label, so
# one convincing word is enough there.
_BYTES_MIN_HITS: Final = 1
# Share of C0 control bytes (not tab/LF/VT/FF/CR) above which a NUL-free file counts as binary;
# text files have essentially none, random binary data has about 12 %.
_CONTROL_MAX_SHARE: Final = 0.10
_CONTROL_SAMPLE: Final = 65536
_SAMPLE_LEN: Final = 40
# The longest Vietnamese syllable in VNI spelling ("nghieâng", "khuyeách") has 8 characters;
# anything much longer cannot be one, and skipping it bounds the work on huge tokens.
_MAX_WORD: Final = 10
# Enough evidence to decide; caps the heuristic's cost on very large mojibake files.
_MAX_RELEVANT: Final = 5000

_UTF8_BOM: Final = b"\xef\xbb\xbf"
_UTF16_BOMS: Final = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_CONTROL_BYTES: Final = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_CONTROL_RE: Final = re.compile("[\x00-\x08\x0e-\x1f\x7f]")

# --- Legacy tables ----------------------------------------------------------------------------

# Tone marks in the order both legacy tables list them: huyền, hỏi, ngã, sắc, nặng.
_TONES: Final = "\u0300\u0309\u0303\u0301\u0323"
_STOP_TONES: Final = "\u0301\u0323"

# TCVN3 (TCVN 5712:1993, VN3 subset used by the .VnTime fonts): one byte per toned lowercase
# letter; capitals with tones do not exist (the all-caps .VnTimeH fonts draw these bytes as
# capitals).  Each row: base letter, then the bytes of its five toned forms in _TONES order.
_TCVN3_TONED: Final = (
    ("a", "b5 b6 b7 b8 b9"),
    ("ă", "bb bc bd be c6"),
    ("â", "c7 c8 c9 ca cb"),
    ("e", "cc ce cf d0 d1"),
    ("ê", "d2 d3 d4 d5 d6"),
    ("i", "d7 d8 dc dd de"),
    ("o", "df e1 e2 e3 e4"),
    ("ô", "e5 e6 e7 e8 e9"),
    ("ơ", "ea eb ec ed ee"),
    ("u", "ef f1 f2 f3 f4"),
    ("ư", "f5 f6 f7 f8 f9"),
    ("y", "fa fb fc fd fe"),
)
# Untoned modified letters: the only ones VN3 has in both cases.
_TCVN3_PLAIN: Final = {
    "ă": 0xA8, "â": 0xA9, "ê": 0xAA, "ô": 0xAB, "ơ": 0xAC, "ư": 0xAD, "đ": 0xAE,
    "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7,
}

# VNI (VNI-Windows, VNI-Times fonts): base letter followed by Latin-1 modifier characters.
# Lowercase forms; capitals use the Latin-1 capital of every character.
_VNI_TONE: Final = "øûõùï"  # after a e o u y ơ ư
_VNI_CIRCUMFLEX: Final = ("â", "àåãáä")  # after a e o: plain, then with each tone
_VNI_BREVE: Final = ("ê", "èúüéë")  # after a
_VNI_SINGLE: Final = {
    "ì": "ì", "í": "í", "æ": "ỉ", "ó": "ĩ", "ò": "ị",
    "î": "ỵ", "ô": "ơ", "ö": "ư", "ñ": "đ",
}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _build_tcvn3() -> tuple[dict[int, str], dict[int, str], dict[str, str]]:
    lower: dict[int, str] = {}
    for base, codes in _TCVN3_TONED:
        for tone, hex_code in zip(_TONES, codes.split(), strict=True):
            lower[int(hex_code, 16)] = _nfc(base + tone)
    for letter, byte in _TCVN3_PLAIN.items():
        lower[byte] = letter
    # Capitals: what .VnTimeH shows; plain capitals (¡ ¢ ...) are already capital letters.
    upper = {byte: letter.upper() for byte, letter in lower.items()}
    inverse = {letter: chr(byte) for byte, letter in lower.items()}
    for byte, letter in lower.items():
        inverse.setdefault(letter.upper(), chr(byte))  # capitals with tones fall back to lowercase
    return lower, upper, inverse


def _build_vni() -> tuple[dict[str, str], dict[str, str]]:
    """(decode, encode): decode accepts modifiers in either case (case follows the base)."""
    canonical: dict[str, str] = {}  # VNI lowercase sequence -> Unicode lowercase
    for base in "aeouy":
        for mod, tone in zip(_VNI_TONE, _TONES, strict=True):
            canonical[base + mod] = _nfc(base + tone)
    del canonical["yï"]  # VNI writes ỵ as the single character î (see _VNI_SINGLE)
    for horn, letter in (("ô", "ơ"), ("ö", "ư")):
        for mod, tone in zip(_VNI_TONE, _TONES, strict=True):
            canonical[horn + mod] = _nfc(letter + tone)
    for marks, bases, mark in ((_VNI_CIRCUMFLEX, "aeo", "\u0302"), (_VNI_BREVE, "a", "\u0306")):
        plain, toned = marks
        for base in bases:
            canonical[base + plain] = _nfc(base + mark)
            for mod, tone in zip(toned, _TONES, strict=True):
                canonical[base + mod] = _nfc(base + mark + tone)
    canonical.update(_VNI_SINGLE)

    decode: dict[str, str] = {}
    encode: dict[str, str] = {}
    for seq, letter in canonical.items():
        for first in {seq[0], seq[0].upper()}:
            cased = letter if first == seq[0] else letter.upper()
            for rest in {seq[1:], seq[1:].upper()}:
                decode[first + rest] = cased
            encode.setdefault(cased, first + (seq[1:] if first == seq[0] else seq[1:].upper()))
    decode["yï"], decode["Yï"], decode["yÏ"], decode["YÏ"] = "ỵ", "Ỵ", "ỵ", "Ỵ"  # seen in the wild
    return decode, encode


_TCVN3_LOWER, _TCVN3_UPPER, _TCVN3_ENCODE = _build_tcvn3()
_VNI_DECODE, _VNI_ENCODE = _build_vni()


def _vni_pattern() -> re.Pattern[str]:
    # One alternative per first character keeps the regex small and linear.
    pairs: dict[str, set[str]] = {}
    singles: set[str] = set()
    for seq in _VNI_DECODE:
        if len(seq) == 1:
            singles.add(seq)
        else:
            pairs.setdefault(seq[0], set()).add(seq[1])
    alts = [
        re.escape(first) + "[" + re.escape("".join(sorted(seconds))) + "]"
        for first, seconds in sorted(pairs.items())
    ]
    alts.append("[" + re.escape("".join(sorted(singles))) + "]")
    return re.compile("|".join(alts))


_VNI_RE: Final = _vni_pattern()

# Latin-1 letters that correct Vietnamese uses; legacy characters outside this set can only
# come from a legacy encoding (or another language) and make a word "strong" evidence.
_VIET_LATIN1: Final = frozenset("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_TCVN3_CHARS: Final = frozenset(chr(c) for c in _TCVN3_LOWER)
_VNI_CHARS: Final = frozenset(c for seq in _VNI_DECODE for c in seq if ord(c) >= 0x80)
_TCVN3_DISTINCT: Final = _TCVN3_CHARS - _VIET_LATIN1
_VNI_DISTINCT: Final = _VNI_CHARS - _VIET_LATIN1


def _char_class(chars: frozenset[str]) -> str:
    return "[" + re.escape("".join(sorted(chars))) + "]"


# Quick gate: correct Vietnamese, English, and most other text contain none of these.
_SUSPECT_RE: Final = re.compile(_char_class(_TCVN3_DISTINCT | _VNI_DISTINCT))
# Words: letters plus TCVN3 code points that are symbols in Latin-1 (µ¶·¸ ...), so that a
# legacy word such as "x·" stays one token.
_WORD_RE: Final = re.compile(
    r"(?:[^\W\d_]|" + _char_class(frozenset(c for c in _TCVN3_CHARS if not c.isalpha())) + ")+"
)
_ASCII_UPPER_RE: Final = re.compile("[A-Z]")
_ASCII_LOWER_RE: Final = re.compile("[a-z]")


def _cp1252_table() -> dict[int, str]:
    # Legacy 8-bit files were written on Windows: bytes 0x80-0x9F are cp1252 punctuation.
    table: dict[int, str] = {}
    for byte in range(0x80, 0xA0):
        try:
            table[byte] = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            continue
    return table


_CP1252_HIGH: Final = _cp1252_table()

# --- Vietnamese syllable check ----------------------------------------------------------------

_SYLLABLE_RE: Final = re.compile(
    r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnrstvx]?)([aăâeêioôơuưy]+)(ch|nh|ng|[cmnpt]?)"
)
# Vowel groups: (may end the syllable, may take a final consonant).
_OPEN, _CLOSED, _BOTH = (True, False), (False, True), (True, True)
_NUCLEI: Final = {
    **dict.fromkeys(("a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư"), _BOTH),
    **dict.fromkeys(("oa", "oe", "uê", "uy"), _BOTH),
    **dict.fromkeys(("ă", "â", "iê", "yê", "uô", "ươ", "uyê", "oă", "uâ", "oo"), _CLOSED),
    **dict.fromkeys(
        (
            "y", "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi",
            "ui", "ưi", "ưu", "ua", "ưa", "uơ", "iêu", "yêu", "uôi", "ươi", "ươu", "oai", "oay",
            "oeo", "uây", "uya", "uyu",
        ),
        _OPEN,
    ),
}
_FRONT: Final = "eêiy"
_VOWELS: Final = "aăâeêioôơuưy"
# Every lowercase letter a Vietnamese syllable may contain, with and without tone.
_VIET_LETTERS: Final = frozenset(
    "bcdđghklmnpqrstvx" + _VOWELS + "".join(_nfc(v + t) for v in _VOWELS for t in _TONES)
)


def _rhyme_ok(initial: str, nucleus: str, final: str, tone: str) -> bool:
    flags = _NUCLEI.get(nucleus)
    if flags is None:
        return False
    open_ok, closed_ok = flags
    if initial == "qu":
        if nucleus[0] == "u":
            return False
        if nucleus == "y":
            closed_ok = True  # quýt, quỳnh
    if final:
        if not closed_ok:
            return False
        if final in ("ch", "nh") and nucleus[-1] not in "aêiy":
            return False
        if final in ("c", "ng") and nucleus in ("i", "ê", "y", "uy", "uê"):
            return False
        if final in ("c", "ch", "p", "t") and (not tone or tone not in _STOP_TONES):
            return False  # stop finals only carry sắc or nặng
    elif not open_ok:
        return False
    front = nucleus[0] in _FRONT
    if initial in ("k", "gh", "ngh") and not front:
        return False
    if initial in ("c", "ng") and front:
        return False
    return not (initial == "g" and nucleus[0] in "eêy")  # g + i is the "gì" spelling


@lru_cache(maxsize=8192)
def _is_syllable(word: str) -> bool:
    """Whether a lowercase NFC word is one well-formed Vietnamese syllable."""
    if not word or len(word) > 8 or not all(c in _VIET_LETTERS for c in word):
        return False  # also rejects ñ, ä ...: their marks must not pass for tones
    tones = [c for c in unicodedata.normalize("NFD", word) if c in _TONES]
    if len(tones) > 1:
        return False
    base = _nfc("".join(c for c in unicodedata.normalize("NFD", word) if c not in _TONES))
    match = _SYLLABLE_RE.fullmatch(base)
    if match is None:
        return False
    initial, nucleus, final = match.groups()
    tone = tones[0] if tones else ""
    if _rhyme_ok(initial, nucleus, final, tone):
        return True
    # "gi" may also be g + a nucleus starting with i (gìn, gịt).
    return initial == "gi" and _rhyme_ok("g", "i" + nucleus, final, tone)


# --- Public conversion helpers ----------------------------------------------------------------


def _tcvn3_line(line: str) -> str:
    # A line whose ASCII letters are all capitals was typed in a .VnTimeH heading font, where
    # the lowercase toned bytes show as capitals.
    caps = len(_ASCII_UPPER_RE.findall(line)) >= 2 and _ASCII_LOWER_RE.search(line) is None
    return line.translate(_TCVN3_UPPER if caps else _TCVN3_LOWER)


def convert_legacy(text: str, encoding: str) -> str:
    """Convert TCVN3 ("tcvn3") or VNI ("vni") legacy-font text to NFC Unicode.

    Characters outside the legacy table are kept, so only pass the legacy part of mixed text.
    TCVN3 has no toned capitals: they come back lowercase unless the whole line is in capitals.
    Raises ValueError for any other encoding name.
    """
    if encoding == "tcvn3":
        return _nfc("\n".join(_tcvn3_line(line) for line in text.split("\n")))
    if encoding == "vni":
        return _nfc(_VNI_RE.sub(lambda m: _VNI_DECODE[m.group()], text))
    raise ValueError(f"unknown legacy encoding: {encoding!r}")


def encode_legacy(text: str, encoding: str) -> str:
    """Inverse of ``convert_legacy`` (Unicode to TCVN3/VNI as Latin-1 characters); for tests.

    TCVN3 has no toned capitals, so they are written with their lowercase codes.
    """
    if encoding == "tcvn3":
        table = _TCVN3_ENCODE
    elif encoding == "vni":
        table = _VNI_ENCODE
    else:
        raise ValueError(f"unknown legacy encoding: {encoding!r}")
    return "".join(table.get(c, c) for c in _nfc(text))


def find_nfd(text: str) -> list[tuple[int, int, str]]:
    """(line, column, excerpt) of the first non-NFC spot of every line that is not NFC."""
    return list(_iter_nfd(text))


def _iter_nfd(text: str) -> Iterator[tuple[int, int, str]]:
    if unicodedata.is_normalized("NFC", text):
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if not unicodedata.is_normalized("NFC", line):
            spot = _first_non_nfc(line)
            yield number, spot + 1, _nfd_excerpt(line, spot)


def _first_non_nfc(line: str) -> int:
    # Composition changes the starter itself, so the first difference from the NFC form is at
    # (or, for a reordered or replaced mark, just after) the offending sequence.
    normal = _nfc(line)
    i = 0
    limit = min(len(line), len(normal))
    while i < limit and line[i] == normal[i]:
        i += 1
    i = min(i, len(line) - 1)
    while i > 0 and unicodedata.combining(line[i]):
        i -= 1
    return i


def _nfd_excerpt(line: str, spot: int) -> str:
    start = spot
    while start > 0 and spot - start < 15 and not line[start - 1].isspace():
        start -= 1
    end = min(len(line), start + _SAMPLE_LEN)
    # Do not cut a letter from its combining marks: that would hide the very problem.
    while end < len(line) and end > spot + 1 and unicodedata.combining(line[end]):
        end -= 1
    return line[start:end].rstrip("\r")


# --- Legacy detection -------------------------------------------------------------------------


@dataclass(slots=True)
class _Score:
    hits: int = 0  # converting word occurrences
    relevant: int = 0  # occurrences that need explaining (legacy characters, not Vietnamese)
    first: int = -1  # index of the first converting word
    distinct: set[str] = field(default_factory=set)  # different converting words
    strong: set[str] = field(default_factory=set)  # ... of which carry a non-Vietnamese char

    def passes(self, min_hits: int) -> bool:
        # Distinct words, so that one repeated unit such as "µm" (TCVN3 "àm") is not enough.
        return (
            len(self.distinct) >= min_hits
            and len(self.strong) >= _LEGACY_MIN_STRONG
            and self.hits >= _LEGACY_MIN_RATIO * self.relevant
        )

    def add(self, word: str, index: int, hit: bool, strong: bool) -> None:
        self.relevant += 1
        if hit:
            self.hits += 1
            key = word.lower()
            if len(self.distinct) < _MAX_RELEVANT:
                self.distinct.add(key)
                if strong:
                    self.strong.add(key)
            if self.first < 0:
                self.first = index


@lru_cache(maxsize=8192)
def _judge(word: str, encoding: str) -> tuple[bool, bool, bool]:
    """(relevant, hit, strong) of one token for one legacy encoding."""
    chars, distinct = (
        (_TCVN3_CHARS, _TCVN3_DISTINCT) if encoding == "tcvn3" else (_VNI_CHARS, _VNI_DISTINCT)
    )
    if not any(c in chars for c in word) or _is_syllable(word.lower()):
        return False, False, False  # nothing legacy about it, or already correct Vietnamese
    if encoding == "tcvn3":
        converted = word.translate(_TCVN3_LOWER)
    else:
        converted = _VNI_RE.sub(lambda m: _VNI_DECODE[m.group()], word)
    hit = converted != word and _is_syllable(_nfc(converted).lower())
    # Single characters are too weak alone: "«", "»" or "·" would convert to ô, ằ, ã.
    strong = hit and len(word) >= 2 and any(c in distinct for c in word)
    return True, hit, strong


def _score_legacy(text: str) -> dict[str, _Score]:
    scores = {"tcvn3": _Score(), "vni": _Score()}
    for match in _WORD_RE.finditer(text):
        word = match.group()
        if len(word) > _MAX_WORD or word.isascii():
            continue
        for encoding, score in scores.items():
            relevant, hit, strong = _judge(word, encoding)
            if relevant:
                score.add(word, match.start(), hit, strong)
        if all(s.relevant >= _MAX_RELEVANT for s in scores.values()):
            break
    return scores


def _best_legacy(text: str, min_hits: int) -> tuple[str, int] | None:
    """(encoding, index of the first converting word) when the text looks like TCVN3/VNI."""
    scores = _score_legacy(text)
    passing = [(s.hits, e, s.first) for e, s in scores.items() if s.passes(min_hits)]
    if not passing:
        return None
    _, encoding, first = max(passing, key=lambda p: p[0])
    return encoding, first


def _score_cp1258(text: str) -> _Score:
    score = _Score()
    for match in _WORD_RE.finditer(text):
        word = match.group()
        if word.isascii():
            continue
        hit = _is_syllable(word.lower())
        score.add(word, match.start(), hit, hit and len(word) >= 2)  # "í" alone proves little
        if score.relevant >= _MAX_RELEVANT:
            break
    return score


# --- Positions and excerpts -------------------------------------------------------------------


def _text_pos(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of a character index in LF-only text."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _byte_pos(data: bytes, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a byte; the column counts the line decoded with "replace"."""
    head = data[:offset].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    line_start = head.rfind(b"\n") + 1
    return head.count(b"\n") + 1, len(head[line_start:].decode("utf-8", "replace")) + 1


def _line_around(text: str, index: int) -> tuple[str, int]:
    """The line (without CR) holding ``index`` and the index's offset inside it."""
    start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
    end = len(text)
    for sep in ("\n", "\r"):
        found = text.find(sep, index)
        if found != -1:
            end = min(end, found)
    return text[start:end], index - start


def _excerpt(line: str, start: int) -> str:
    piece = line[start : start + _SAMPLE_LEN]
    if len(line) - start > _SAMPLE_LEN:
        cut = piece.rfind(" ")
        if cut > _SAMPLE_LEN // 2:
            piece = piece[:cut]
    return piece.rstrip()


def _word_start(line: str, index: int) -> int:
    limit = max(0, index - _SAMPLE_LEN)
    while index > limit and _WORD_RE.match(line[index - 1]):
        index -= 1
    return index


# --- Decoding ---------------------------------------------------------------------------------


def _control_share(sample: bytes) -> float:
    if not sample:
        return 0.0
    return (len(sample) - len(sample.translate(None, _CONTROL_BYTES))) / len(sample)


def _binary_problem_text(text: str) -> TextProblem | None:
    sample = text[:_CONTROL_SAMPLE]
    controls = _CONTROL_RE.findall(sample)
    if "\x00" in text or (sample and len(controls) / len(sample) > _CONTROL_MAX_SHARE):
        found = _CONTROL_RE.search(text)
        index = found.start() if found else 0
        normal = text[:index].replace("\r\n", "\n").replace("\r", "\n")
        line, column = _text_pos(normal, len(normal))
        return TextProblem("binary", line, column)
    return None


#: Unicode's private-use areas: no standard font has these; Word writes its Symbol and
#: Wingdings characters there (U+F0A7 "", U+F0B7 "" bullets), which print as empty boxes.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")


#: The UTF-8 lead bytes of the private-use areas (U+E000–U+F8FF: EE, EF; planes 15 and 16:
#: F3, F4): bytes without them have no private-use character, which a byte search tells far
#: faster than a regular expression over the text.
_PRIVATE_LEADS = (b"\xee", b"\xef", b"\xf3", b"\xf4")


def _may_hold_private_use(utf8: bytes | None) -> bool:
    return utf8 is None or any(lead in utf8 for lead in _PRIVATE_LEADS)


def _finish_text(text: str, problems: list[TextProblem],
                 utf8: bytes | None = None) -> DecodedText:
    """Shared tail for decoded Unicode: empty, CRLF, NFD and mojibake checks (``utf8``: the
    bytes the text was decoded from, if UTF-8)."""
    if not text or text.isspace():
        problems.append(TextProblem("empty", 1, 1))
        return DecodedText("", tuple(problems))
    if "\r" in text:
        index = text.find("\r")
        normal = text[:index].replace("\r\n", "\n").replace("\r", "\n")
        line, column = _text_pos(normal, len(normal))
        problems.append(TextProblem("crlf", line, column))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not unicodedata.is_normalized("NFC", text):
        spot = next(_iter_nfd(text), None)  # only the first one is reported
        if spot is not None:
            line, column, sample = spot
            problems.append(TextProblem("nfd", line, column, sample))
        text = _nfc(text)
    private = None if text.isascii() or not _may_hold_private_use(utf8) \
        else _PRIVATE_USE.search(text)
    if private is not None:  # a Symbol/Wingdings character pasted from Word: prints as a box
        line, column = _text_pos(text, private.start())
        problems.append(TextProblem("private-use", line, column, private.group()))
    if not text.isascii() and _SUSPECT_RE.search(text):
        found = _best_legacy(text, _LEGACY_MIN_HITS)
        if found is not None:
            encoding, index = found
            line, column = _text_pos(text, index)
            line_text, offset = _line_around(text, index)
            sample = _excerpt(line_text, offset)
            problems.append(
                TextProblem(encoding, line, column, sample, convert_legacy(sample, encoding))
            )
    return DecodedText(text, tuple(problems))


def _decode_utf16(data: bytes, codec: str) -> DecodedText:
    body = data[2:]
    try:
        text = body.decode(codec)
    except UnicodeDecodeError:
        text = body.decode(codec, "replace")  # odd length or lone surrogate: still show it
    problems = [TextProblem("utf16", 1, 1)]
    binary = _binary_problem_text(text)
    if binary is not None:
        return DecodedText(None, (*problems, binary))
    return _finish_text(text, problems)


def _bytes_legacy(data: bytes, bad: int) -> TextProblem | None:
    """Label undecodable bytes as Windows-1258, TCVN3 or VNI when they read as Vietnamese."""
    candidates: list[tuple[int, int, TextProblem]] = []
    try:
        cp1258 = data.decode("cp1258")
    except UnicodeDecodeError:
        cp1258 = None
    if cp1258 is not None:
        score = _score_cp1258(_nfc(cp1258))
        if score.passes(_BYTES_MIN_HITS):
            line, column = _byte_pos(data, bad)
            line_text, offset = _line_around(cp1258, bad)
            sample = _nfc(_excerpt(line_text, _word_start(line_text, offset)))
            candidates.append((score.hits, 0, TextProblem("cp1258", line, column, sample, sample)))
    latin = data.decode("latin-1").translate(_CP1252_HIGH)
    if _SUSPECT_RE.search(latin):
        scores = _score_legacy(latin)
        for rank, encoding in enumerate(("tcvn3", "vni"), start=1):
            score = scores[encoding]
            if score.passes(_BYTES_MIN_HITS):
                line, column = _byte_pos(data, score.first)
                line_text, offset = _line_around(latin, score.first)
                sample = _excerpt(line_text, offset)
                problem = TextProblem(
                    encoding, line, column, sample, convert_legacy(sample, encoding)
                )
                candidates.append((score.hits, -rank, problem))
    if not candidates:
        return None
    return max(candidates, key=lambda c: (c[0], c[1]))[2]


def _invalid_utf8(data: bytes, bad: int) -> TextProblem:
    line, column = _byte_pos(data, bad)
    line_start = data.rfind(b"\n", 0, bad) + 1
    line_end = data.find(b"\n", bad)
    shown = data[line_start : len(data) if line_end == -1 else line_end]
    shown_text = shown.decode("utf-8", "replace").replace("\r", "")
    # Column counts CR-normalised lines; for the excerpt only the current LF line matters.
    local = len(data[line_start:bad].decode("utf-8", "replace").replace("\r", ""))
    start = max(0, local - 10)
    return TextProblem("invalid-utf8", line, column, _excerpt(shown_text, start))


def decode_source(data: bytes) -> DecodedText:
    """Decode a source file's bytes; report every encoding problem instead of raising."""
    if not data:
        return DecodedText("", (TextProblem("empty", 1, 1),))
    for bom, codec in _UTF16_BOMS:
        # A UTF-32 LE BOM also starts with FF FE; its NULs then mark the file as binary.
        if data.startswith(bom):
            return _decode_utf16(data, codec)
    problems: list[TextProblem] = []
    if data.startswith(_UTF8_BOM):
        problems.append(TextProblem("bom", 1, 1))
        data = data[len(_UTF8_BOM) :]
    nul = data.find(b"\x00")
    if nul != -1:
        line, column = _byte_pos(data, nul)
        return DecodedText(None, (*problems, TextProblem("binary", line, column)))
    if _control_share(data[:_CONTROL_SAMPLE]) > _CONTROL_MAX_SHARE:
        first = min(i for i, b in enumerate(data[:_CONTROL_SAMPLE]) if b in _CONTROL_BYTES)
        line, column = _byte_pos(data, first)
        return DecodedText(None, (*problems, TextProblem("binary", line, column)))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = error.start
        legacy = _bytes_legacy(data, bad)
        return DecodedText(None, (*problems, legacy or _invalid_utf8(data, bad)))
    return _finish_text(text, problems, data)


def detect_legacy(text: str, min_words: int = _LEGACY_MIN_HITS) -> str | None:
    """"tcvn3" or "vni" when Unicode text reads as TCVN3/VNI mojibake (at least ``min_words``
    different converting words, one of them with a character Vietnamese never has)."""
    found = _best_legacy(text, min_words)
    return found[0] if found else None


def convert_legacy_words(text: str, encoding: str) -> str:
    """Convert the words of an all-Latin-1 ``text`` that become Vietnamese syllables when read
    as TCVN3/VNI: for short pieces ("4 giê") of a document already known to be legacy text,
    where a test of the piece alone has too little evidence. Text with any character above
    U+00FF is Unicode Vietnamese and is returned as it is."""

    if any(ord(c) > 0xFF for c in text):
        return text  # Unicode Vietnamese (ư, ơ, đ, ạ…): legacy text is all Latin-1

    def one(match: re.Match[str]) -> str:
        word = match.group()
        if word.isascii():
            return word
        converted = convert_legacy(word, encoding)
        return converted if _is_syllable(converted.lower()) else word

    return _nfc(_WORD_RE.sub(one, text))
