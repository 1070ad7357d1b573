"""Clause checklists and profiles, read from YAML data files shipped in this package.

The standard (``tcvn-iso-9001-2015.yaml``) and the profiles (``profiles/*.yaml``) are data,
never code. This module only reads and validates them and offers a small typed API.
See docs/standards.md for the file formats.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Literal, cast

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

__all__ = [
    "DEFAULT_STANDARD_ID",
    "DOCUMENT_KINDS",
    "FORMAT_VERSION",
    "RECORD_KINDS",
    "Clause",
    "DocumentedInfo",
    "Duty",
    "ExcludedClause",
    "ExpectedProcedure",
    "Obsolescence",
    "Profile",
    "ProfileError",
    "Standard",
    "StandardError",
    "StandardsError",
    "available_standards",
    "clause_is_within",
    "list_profiles",
    "load_profile",
    "load_standard",
    "normalize_clause",
]

DEFAULT_STANDARD_ID = "tcvn-iso-9001-2015"
FORMAT_VERSION = 1

#: qmsdoc file kinds that are controlled documents (can satisfy "maintain").
DOCUMENT_KINDS: frozenset[str] = frozenset(
    {
        "policy",
        "manual",
        "procedure",
        "instruction",
        "form",
        "decision",
        "objectives",
        "scope",
    }
)
#: qmsdoc file kinds that are records (can satisfy "retain").
RECORD_KINDS: frozenset[str] = frozenset(
    {"internal-audit", "management-review", "corrective-actions", "record"}
)

_CLAUSE_RE = re.compile(r"[1-9][0-9]*(?:\.[1-9][0-9]*)*")
_ID_RE = re.compile(r"[a-z0-9][a-z0-9._-]*")
_PROFILES_DIR = "profiles"
_SUFFIX = ".yaml"


# --------------------------------------------------------------------------- errors


class StandardsError(ValueError):
    """Base error of this package: carries a Vietnamese and an English message."""

    def __init__(self, message_vi: str, message_en: str) -> None:
        super().__init__(f"{message_vi} | {message_en}")
        self.message_vi = message_vi
        self.message_en = message_en

    def message(self, lang: str = "vi") -> str:
        """The message in ``lang`` ("vi" or "en")."""
        return self.message_en if lang == "en" else self.message_vi


class StandardError(StandardsError):
    """A standard's data file is missing or malformed."""


class ProfileError(StandardsError):
    """Unknown profile, cycle in ``extends``, or malformed profile data."""

    def __init__(self, message_vi: str, message_en: str, known_ids: Sequence[str] = ()) -> None:
        self.known_ids: tuple[str, ...] = tuple(known_ids)
        if self.known_ids:
            listed = ", ".join(self.known_ids)
            message_vi = f"{message_vi} Các loại hình tổ chức (profile) đã biết: {listed}."
            message_en = f"{message_en} Known profiles: {listed}."
        super().__init__(message_vi, message_en)


# --------------------------------------------------------------------------- clause numbers


def normalize_clause(raw: object) -> str | None:
    """Return the canonical form of a clause number, or ``None`` if ``raw`` is not one.

    Syntax only: the result need not exist in any standard (use :meth:`Standard.get`).

    - ``"7.1.5"``, ``" 7.1.5 "``, ``"7.1.5."`` -> ``"7.1.5"`` (surrounding blanks and one
      trailing dot are dropped; full-width digits are folded by NFKC);
    - ``8`` -> ``"8"``; ``7.1`` (a YAML float) -> ``"7.1"``. Beware: YAML reads an unquoted
      ``7.10`` as the float 7.1, which cannot be told apart here; data files quote numbers;
    - ``None`` for anything else: prefixes or words (``"cl. 7.5"``, ``"Điều 7.5"``), empty
      parts (``"7..1"``), zero or leading-zero parts (``"7.0"``, ``"07.1"``), comma
      separators (``"7,1"``), inner blanks, booleans, non-finite or negative numbers,
      other types.
    """
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        text = str(raw)
    elif isinstance(raw, float):
        if not math.isfinite(raw):
            return None
        text = repr(raw)
    elif isinstance(raw, str):
        text = unicodedata.normalize("NFKC", raw).strip()
        text = text.removesuffix(".")
    else:
        return None
    return text if _CLAUSE_RE.fullmatch(text) else None


def clause_is_within(number: object, ancestor: object) -> bool:
    """True if clause ``number`` is ``ancestor`` itself or one of its sub-clauses.

    Compares whole dotted parts, never substrings: "7.1.5" is within "7.1"; "7.1.50" is not
    within "7.1.5"; "5.1.12" is not within "5.1.1". Both are normalised first; if either is
    not a clause number the answer is False. Existence in a standard is not checked.
    """
    n = normalize_clause(number)
    a = normalize_clause(ancestor)
    if n is None or a is None:
        return False
    return n == a or n.startswith(a + ".")


# --------------------------------------------------------------------------- standard


@dataclass(frozen=True, slots=True)
class DocumentedInfo:
    """Mandatory documented information of a clause.

    ``type`` is "maintain" (a controlled document) or "retain" (a record). ``kinds`` are the
    qmsdoc file kinds that can satisfy it. ``conditional`` marks information required only
    under a condition named in the clause itself (e.g. only when traceability is required).
    """

    type: Literal["maintain", "retain"]
    vi: str
    en: str
    kinds: tuple[str, ...]
    conditional: bool = False


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause or sub-clause: number, short titles, our own one-line summary."""

    number: str
    vi: str
    en: str
    summary_vi: str
    documented: tuple[DocumentedInfo, ...] = ()
    excludable: bool = False

    @property
    def parent_number(self) -> str | None:
        """Parent number: "7.1" for "7.1.5"; None for a top-level clause."""
        head, sep, _ = self.number.rpartition(".")
        return head if sep else None

    @property
    def depth(self) -> int:
        """Number of dotted parts: 1 for "7", 2 for "7.1", 4 for "7.1.5.1"."""
        return self.number.count(".") + 1


class Standard:
    """A standard's clause checklist. Clauses keep the order of the data file.

    Methods taking a clause number accept any form :func:`normalize_clause` accepts.
    ``children``, ``descendants`` and ``ancestors`` raise ``KeyError`` for a number that
    is not a clause of this standard; ``get`` returns None; ``is_within`` is structural.
    """

    __slots__ = (
        "_by_number",
        "_children",
        "clauses",
        "edition",
        "id",
        "title",
        "title_en",
    )

    def __init__(
        self,
        id: str,
        title: str,
        clauses: Sequence[Clause],
        *,
        title_en: str = "",
        edition: str = "",
    ) -> None:
        self.id = id
        self.title = title
        self.title_en = title_en
        self.edition = edition
        self.clauses: tuple[Clause, ...] = tuple(clauses)
        by_number: dict[str, Clause] = {}
        children: dict[str, list[Clause]] = {}
        for clause in self.clauses:
            if normalize_clause(clause.number) != clause.number:
                raise StandardError(
                    f"{id}: số hiệu điều khoản không hợp lệ: {clause.number!r}.",
                    f"{id}: invalid clause number {clause.number!r}.",
                )
            if clause.number in by_number:
                raise StandardError(
                    f"{id}: điều khoản {clause.number} bị lặp.",
                    f"{id}: clause {clause.number} appears twice.",
                )
            parent = clause.parent_number
            if parent is not None:
                if parent not in by_number:
                    raise StandardError(
                        f"{id}: điều khoản {clause.number} đứng trước hoặc thiếu "
                        f"điều khoản cha {parent}.",
                        f"{id}: clause {clause.number} comes before, or lacks, "
                        f"its parent {parent}.",
                    )
                children[parent].append(clause)
            by_number[clause.number] = clause
            children[clause.number] = []
        self._by_number = by_number
        self._children: dict[str, tuple[Clause, ...]] = {k: tuple(v) for k, v in children.items()}

    @classmethod
    def from_data(cls, data: object, source: str = "<data>") -> Standard:
        """Build a standard from parsed YAML data (the file format in docs/standards.md)."""
        return _parse_standard(data, source)

    def __repr__(self) -> str:
        return f"Standard(id={self.id!r}, clauses={len(self.clauses)})"

    def __len__(self) -> int:
        return len(self.clauses)

    def __iter__(self) -> Iterator[Clause]:
        return iter(self.clauses)

    def __contains__(self, number: object) -> bool:
        return self.get(number) is not None

    def get(self, number: object) -> Clause | None:
        key = normalize_clause(number)
        return None if key is None else self._by_number.get(key)

    def _require(self, number: object) -> str:
        clause = self.get(number)
        if clause is None:
            raise KeyError(f"{self.id}: no clause {number!r}")
        return clause.number

    def top_level(self) -> list[Clause]:
        """Clauses without a parent (4 … 10)."""
        return [c for c in self.clauses if c.parent_number is None]

    def children(self, number: object) -> list[Clause]:
        """Direct sub-clauses, in file order."""
        return list(self._children[self._require(number)])

    def descendants(self, number: object) -> list[Clause]:
        """All sub-clauses at any depth, in file (document) order."""
        key = self._require(number)
        return [c for c in self.clauses if c.number.startswith(key + ".")]

    def ancestors(self, number: object) -> list[Clause]:
        """Enclosing clauses, top-level first: ancestors("7.1.5.1") -> [7, 7.1, 7.1.5]."""
        clause = self._by_number[self._require(number)]
        chain: list[Clause] = []
        parent = clause.parent_number
        while parent is not None:
            chain.append(self._by_number[parent])
            parent = chain[-1].parent_number
        chain.reverse()
        return chain

    def is_within(self, number: object, ancestor: object) -> bool:
        """See :func:`clause_is_within` (structural, exact part matching)."""
        return clause_is_within(number, ancestor)

    def leaves(self) -> list[Clause]:
        """Clauses without sub-clauses, in file order."""
        return [c for c in self.clauses if not self._children[c.number]]


# --------------------------------------------------------------------------- profiles


@dataclass(frozen=True, slots=True)
class Obsolescence:
    """Why a profile must no longer be chosen for a new repository, and what replaces it.

    An obsolete profile still loads (existing repositories keep working) but ``qmsdoc check``
    warns (QMS514) and ``qmsdoc init`` does not offer it. Never inherited.
    """

    since: str  # YYYY-MM-DD
    replaced_by: tuple[str, ...]
    reason_vi: str
    reason_en: str


@dataclass(frozen=True, slots=True)
class ExcludedClause:
    """A clause organisations of a profile commonly declare not applicable.

    Still needs the organisation's own justification in its scope (4.3).
    """

    clause: str
    reason_vi: str
    reason_en: str = ""


@dataclass(frozen=True, slots=True)
class ExpectedProcedure:
    """A system procedure a manual of this profile normally has, and the clauses it serves."""

    id: str
    vi: str
    en: str
    clauses: tuple[str, ...]
    verified: bool = False


@dataclass(frozen=True, slots=True)
class Duty:
    """A duty of the profile beyond the standard (e.g. a legal duty of state agencies).

    ``params`` is read-only (nested lists become tuples, mappings become read-only
    mappings); so a Duty compares by value but is not hashable.
    """

    id: str
    vi: str
    en: str
    params: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))
    clauses: tuple[str, ...] = ()
    source: str = ""
    verified: bool = False


@dataclass(frozen=True, slots=True)
class Profile:
    """A resolved profile: lists already merged with those of its ancestors.

    ``lineage`` is (self, parent, grandparent, …); ``path`` is the file of an
    organisation's profile, None for a built-in one. ``abstract`` is never inherited.
    """

    id: str
    title_vi: str
    title_en: str
    standard: str
    abstract: bool
    commonly_excluded: tuple[ExcludedClause, ...]
    expected_procedures: tuple[ExpectedProcedure, ...]
    duties: tuple[Duty, ...]
    extends: str | None = None
    note_vi: str = ""
    note_en: str = ""
    lineage: tuple[str, ...] = ()
    path: Path | None = None
    obsolete: Obsolescence | None = None

    @property
    def builtin(self) -> bool:
        return self.path is None

    def duty(self, duty_id: str) -> Duty | None:
        return next((d for d in self.duties if d.id == duty_id), None)

    def procedure(self, procedure_id: str) -> ExpectedProcedure | None:
        return next((p for p in self.expected_procedures if p.id == procedure_id), None)


# --------------------------------------------------------------------------- YAML helpers


def _nfc(value: object) -> object:
    """Normalise every string (keys too) to NFC, recursively."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {_nfc(k): _nfc(v) for k, v in value.items()}
    return value


def _parse_yaml(text: str) -> object:
    # libyaml reads these files far faster than ruamel.yaml's pure-Python loader (profiles are
    # read at start-up); anything it reports as a problem goes through ruamel.yaml.
    from qmsdoc.load.yamlpos import parse_yaml, plain

    tree, problems = parse_yaml(text)
    if tree is not None and not problems:
        return _nfc(plain(tree))
    yaml = YAML(typ="safe")
    return _nfc(yaml.load(text))


def _freeze(value: object) -> object:
    if isinstance(value, dict):
        return MappingProxyType({str(k): _freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    return value


class _Ctx:
    """Where a value came from, to build bilingual error messages."""

    def __init__(self, source: str, error: type[StandardsError]) -> None:
        self.source = source
        self.error = error

    def fail(self, where: str, vi: str, en: str) -> StandardsError:
        loc = f"{self.source}: {where}: " if where else f"{self.source}: "
        return self.error(loc + vi, loc + en)

    def mapping(self, value: object, where: str) -> dict[str, object]:
        if not isinstance(value, dict):
            raise self.fail(
                where, "phải là một bảng khóa: giá trị (mapping).", "must be a mapping."
            )
        return cast("dict[str, object]", value)

    def keys(self, data: Mapping[str, object], allowed: set[str], where: str) -> None:
        unknown = sorted(str(k) for k in data if k not in allowed)
        if unknown:
            raise self.fail(
                where,
                f"khóa không hợp lệ: {', '.join(unknown)} "
                f"(cho phép: {', '.join(sorted(allowed))}).",
                f"unknown keys: {', '.join(unknown)} (allowed: {', '.join(sorted(allowed))}).",
            )

    def text(
        self, data: Mapping[str, object], key: str, where: str, *, required: bool = True
    ) -> str:
        value = data.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise self.fail(
                where,
                f"'{key}' phải là chuỗi không rỗng.",
                f"'{key}' must be a non-empty string.",
            )
        return value.strip()

    def flag(self, data: Mapping[str, object], key: str, where: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(
                where,
                f"'{key}' phải là true hoặc false.",
                f"'{key}' must be true or false.",
            )
        return value

    def seq(self, data: Mapping[str, object], key: str, where: str) -> list[object]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(where, f"'{key}' phải là một danh sách.", f"'{key}' must be a list.")
        return cast("list[object]", value)

    def ident(self, data: Mapping[str, object], key: str, where: str) -> str:
        value = self.text(data, key, where)
        if not _ID_RE.fullmatch(value):
            raise self.fail(
                where,
                f"'{key}' = {value!r} không hợp lệ (chỉ chữ thường không dấu, số, '-', '.', '_').",
                f"'{key}' = {value!r} is invalid (lowercase ASCII letters, digits, '-', '.', '_').",
            )
        return value


# --------------------------------------------------------------------------- standard loading


def _parse_documented(ctx: _Ctx, raw: object, where: str) -> DocumentedInfo:
    data = ctx.mapping(raw, where)
    ctx.keys(data, {"type", "vi", "en", "kinds", "conditional"}, where)
    kind_type = data.get("type")
    if kind_type not in ("maintain", "retain"):
        raise ctx.fail(
            where,
            "'type' phải là maintain hoặc retain.",
            "'type' must be maintain or retain.",
        )
    allowed = DOCUMENT_KINDS if kind_type == "maintain" else RECORD_KINDS
    kinds = ctx.seq(data, "kinds", where)
    if not kinds or any(not isinstance(k, str) or k not in allowed for k in kinds):
        raise ctx.fail(
            where,
            f"'kinds' phải là danh sách không rỗng lấy trong: {', '.join(sorted(allowed))}.",
            f"'kinds' must be a non-empty list taken from: {', '.join(sorted(allowed))}.",
        )
    return DocumentedInfo(
        type=kind_type,
        vi=ctx.text(data, "vi", where),
        en=ctx.text(data, "en", where),
        kinds=tuple(cast("list[str]", kinds)),
        conditional=ctx.flag(data, "conditional", where, False),
    )


def _parse_standard(data: object, source: str) -> Standard:
    ctx = _Ctx(source, StandardError)
    top = ctx.mapping(data, "")
    ctx.keys(top, {"id", "title", "title_en", "edition", "format_version", "clauses"}, "")
    if top.get("format_version") != FORMAT_VERSION:
        raise ctx.fail(
            "format_version",
            f"phiên bản định dạng phải là {FORMAT_VERSION}.",
            f"format_version must be {FORMAT_VERSION}.",
        )
    std_id = ctx.ident(top, "id", "id")
    edition = top.get("edition", "")
    raw_clauses = ctx.seq(top, "clauses", "clauses")
    if not raw_clauses:
        raise ctx.fail("clauses", "danh sách điều khoản rỗng.", "no clauses.")
    clauses: list[Clause] = []
    for index, raw in enumerate(raw_clauses):
        where = f"clauses[{index}]"
        item = ctx.mapping(raw, where)
        ctx.keys(
            item,
            {"number", "vi", "en", "summary_vi", "documented", "excludable"},
            where,
        )
        number = item.get("number")
        if not isinstance(number, str) or normalize_clause(number) != number:
            raise ctx.fail(
                where,
                f"'number' phải là số hiệu điều khoản chuẩn, đặt trong ngoặc kép "
                f"(nhận được {number!r}).",
                f"'number' must be a canonical clause number as a quoted string (got {number!r}).",
            )
        where = f"{where} ({number})"
        documented = tuple(
            _parse_documented(ctx, d, f"{where}.documented[{i}]")
            for i, d in enumerate(ctx.seq(item, "documented", where))
        )
        clauses.append(
            Clause(
                number=number,
                vi=ctx.text(item, "vi", where),
                en=ctx.text(item, "en", where),
                summary_vi=ctx.text(item, "summary_vi", where),
                documented=documented,
                excludable=ctx.flag(item, "excludable", where, False),
            )
        )
    standard = Standard(
        std_id,
        ctx.text(top, "title", "title"),
        clauses,
        title_en=ctx.text(top, "title_en", "title_en", required=False),
        edition=str(edition),
    )
    for clause in standard.clauses:
        parent = standard.get(clause.parent_number) if clause.parent_number else None
        if parent is not None and parent.excludable and not clause.excludable:
            raise ctx.fail(
                clause.number,
                f"điều khoản cha {parent.number} được phép loại trừ "
                "nên điều khoản con cũng phải vậy.",
                f"parent {parent.number} is excludable, so this sub-clause must be too.",
            )
    return standard


def _package_root() -> Traversable:
    return resources.files(__package__ or "qmsdoc.standards")


def available_standards() -> list[str]:
    """Ids of the standards shipped in the package."""
    return sorted(
        entry.name[: -len(_SUFFIX)]
        for entry in _package_root().iterdir()
        if entry.is_file() and entry.name.endswith(_SUFFIX)
    )


def load_standard(standard_id: str = DEFAULT_STANDARD_ID) -> Standard:
    """Load a standard shipped in the package (cached; the result is read-only)."""
    return _load_standard_cached(standard_id)


@functools.cache
def _load_standard_cached(standard_id: str) -> Standard:
    known = available_standards()
    if standard_id not in known:
        raise StandardError(
            f"Không có tiêu chuẩn {standard_id!r}. Các tiêu chuẩn có sẵn: {', '.join(known)}.",
            f"Unknown standard {standard_id!r}. Available: {', '.join(known)}.",
        )
    name = standard_id + _SUFFIX
    text = (_package_root() / name).read_text(encoding="utf-8")
    try:
        data = _parse_yaml(text)
    except YAMLError as exc:
        raise StandardError(
            f"{name}: lỗi cú pháp YAML: {exc}", f"{name}: YAML syntax error: {exc}"
        ) from exc
    standard = _parse_standard(data, name)
    if standard.id != standard_id:
        raise StandardError(
            f"{name}: 'id' là {standard.id!r}, phải trùng tên tệp.",
            f"{name}: 'id' is {standard.id!r}, must match the file name.",
        )
    return standard


# --------------------------------------------------------------------------- profile loading

_PROFILE_KEYS = {
    "id",
    "extends",
    "title_vi",
    "title_en",
    "standard",
    "abstract",
    "note_vi",
    "note_en",
    "commonly_excluded",
    "expected_procedures",
    "duties",
    "remove",
    "obsolete",
}
_OBSOLETE_KEYS = {"since", "replaced_by", "reason_vi", "reason_en"}
_REMOVE_KEYS = {"commonly_excluded", "expected_procedures", "duties"}


@dataclass(frozen=True, slots=True)
class _ProfileSource:
    id: str
    path: Path | None  # None for built-in

    @property
    def label(self) -> str:
        return (
            str(self.path)
            if self.path is not None
            else f"{_PROFILES_DIR}/{self.id}{_SUFFIX} (built-in)"
        )


def _builtin_sources() -> dict[str, _ProfileSource]:
    folder = _package_root() / _PROFILES_DIR
    found: dict[str, _ProfileSource] = {}
    for entry in folder.iterdir():
        if entry.is_file() and entry.name.endswith(_SUFFIX):
            pid = entry.name[: -len(_SUFFIX)]
            found[pid] = _ProfileSource(pid, None)
    return found


def _extra_sources(
    extra_dirs: Sequence[Path], builtin: Mapping[str, _ProfileSource]
) -> dict[str, _ProfileSource]:
    found: dict[str, _ProfileSource] = {}
    for folder in extra_dirs:
        folder = Path(folder)
        if not folder.is_dir():
            raise ProfileError(
                f"Không tìm thấy thư mục loại hình tổ chức (profile): {folder}.",
                f"Profile directory not found: {folder}.",
            )
        for path in sorted(folder.glob("*" + _SUFFIX)):
            pid = path.name[: -len(_SUFFIX)]
            if not _ID_RE.fullmatch(pid):
                raise ProfileError(
                    f"{path}: tên tệp không phải mã loại hình hợp lệ "
                    "(chỉ chữ thường không dấu, số, '-', '.', '_').",
                    f"{path}: file name is not a valid profile id "
                    "(lowercase ASCII letters, digits, '-', '.', '_').",
                )
            other = builtin.get(pid) or found.get(pid)
            if other is not None:
                raise ProfileError(
                    f"{path}: mã loại hình {pid!r} trùng với {other.label}; "
                    "hãy đặt mã khác và dùng 'extends'.",
                    f"{path}: profile id {pid!r} clashes with {other.label}; "
                    "choose another id and use 'extends'.",
                )
            found[pid] = _ProfileSource(pid, path)
    return found


def _all_sources(extra_dirs: Sequence[Path]) -> dict[str, _ProfileSource]:
    builtin = _builtin_sources()
    return {**builtin, **_extra_sources(extra_dirs, builtin)}


@functools.lru_cache(maxsize=64)
def _read_builtin(pid: str) -> object:
    entry = _package_root() / _PROFILES_DIR / (pid + _SUFFIX)
    return _parse_yaml(entry.read_text(encoding="utf-8"))


def _read_source(src: _ProfileSource) -> object:
    try:
        if src.path is None:
            return _read_builtin(src.id)
        return _parse_yaml(src.path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ProfileError(
            f"{src.label}: tệp không phải UTF-8 ({exc}).",
            f"{src.label}: file is not UTF-8 ({exc}).",
        ) from exc
    except YAMLError as exc:
        raise ProfileError(
            f"{src.label}: lỗi cú pháp YAML: {exc}",
            f"{src.label}: YAML syntax error: {exc}",
        ) from exc


def _clause_list(
    ctx: _Ctx, values: list[object], standard: Standard, where: str
) -> tuple[str, ...]:
    result: list[str] = []
    for value in values:
        clause = standard.get(value)
        if clause is None:
            raise ctx.fail(
                where,
                f"điều khoản {value!r} không có trong {standard.id}.",
                f"clause {value!r} does not exist in {standard.id}.",
            )
        result.append(clause.number)
    return tuple(result)


def _entries(
    ctx: _Ctx, data: Mapping[str, object], key: str, id_key: str
) -> list[tuple[str, dict[str, object]]]:
    """The entries of list ``key``, each with its id; duplicate ids in one file are an error."""
    seen: set[str] = set()
    out: list[tuple[str, dict[str, object]]] = []
    for index, raw in enumerate(ctx.seq(data, key, key)):
        where = f"{key}[{index}]"
        item = ctx.mapping(raw, where)
        if id_key == "clause":
            entry_id = normalize_clause(item.get("clause"))
            if entry_id is None:
                raise ctx.fail(
                    where,
                    "'clause' không phải số hiệu điều khoản.",
                    "'clause' is not a clause number.",
                )
        else:
            entry_id = ctx.ident(item, id_key, where)
        if entry_id in seen:
            raise ctx.fail(
                where,
                f"{entry_id!r} bị lặp trong tệp.",
                f"{entry_id!r} appears twice in the file.",
            )
        seen.add(entry_id)
        out.append((entry_id, item))
    return out


def _merge(
    inherited: list[tuple[str, object]],
    child: list[tuple[str, object]],
) -> list[tuple[str, object]]:
    """Child entries replace inherited ones with the same id in place; new ones are appended."""
    result = list(inherited)
    index = {key: i for i, (key, _) in enumerate(result)}
    for key, value in child:
        if key in index:
            result[index[key]] = (key, value)
        else:
            index[key] = len(result)
            result.append((key, value))
    return result


def _build_profile(
    src: _ProfileSource,
    data_raw: object,
    parent: Profile | None,
) -> Profile:
    ctx = _Ctx(src.label, ProfileError)
    data = ctx.mapping(data_raw, "")
    ctx.keys(data, _PROFILE_KEYS, "")
    pid = ctx.ident(data, "id", "id")
    if pid != src.id:
        raise ctx.fail(
            "id",
            f"'id' là {pid!r} nhưng tên tệp là {src.id}{_SUFFIX}; hai giá trị phải trùng nhau.",
            f"'id' is {pid!r} but the file is {src.id}{_SUFFIX}; they must match.",
        )

    # standard: required at the root, inherited (and must not change) below
    std_id = ctx.text(data, "standard", "standard", required=parent is None)
    if parent is not None:
        if std_id and std_id != parent.standard:
            raise ctx.fail(
                "standard",
                f"tiêu chuẩn {std_id!r} khác tiêu chuẩn của loại hình cha "
                f"{parent.id} ({parent.standard}).",
                f"standard {std_id!r} differs from the parent profile "
                f"{parent.id} ({parent.standard}).",
            )
        std_id = parent.standard
    try:
        standard = load_standard(std_id)
    except StandardError as exc:
        raise ctx.fail("standard", exc.message_vi, exc.message_en) from exc

    excluded: list[tuple[str, object]] = (
        [(e.clause, e) for e in parent.commonly_excluded] if parent else []
    )
    procedures: list[tuple[str, object]] = (
        [(p.id, p) for p in parent.expected_procedures] if parent else []
    )
    duties: list[tuple[str, object]] = [(d.id, d) for d in parent.duties] if parent else []

    # remove: inherited entries this profile drops
    remove_raw = data.get("remove")
    if remove_raw is not None:
        removal = ctx.mapping(remove_raw, "remove")
        ctx.keys(removal, _REMOVE_KEYS, "remove")
        targets = {
            "commonly_excluded": excluded,
            "expected_procedures": procedures,
            "duties": duties,
        }
        for key in sorted(removal):
            target = targets[key]
            for value in ctx.seq(removal, key, f"remove.{key}"):
                wanted = normalize_clause(value) if key == "commonly_excluded" else value
                keep = [(k, v) for k, v in target if k != wanted]
                if len(keep) == len(target):
                    raise ctx.fail(
                        f"remove.{key}",
                        f"{value!r} không được kế thừa từ loại hình cha nên không thể bỏ.",
                        f"{value!r} is not inherited, so it cannot be removed.",
                    )
                target[:] = keep

    # commonly_excluded
    child_excluded: list[tuple[str, object]] = []
    for clause_no, item in _entries(ctx, data, "commonly_excluded", "clause"):
        where = f"commonly_excluded ({clause_no})"
        ctx.keys(item, {"clause", "reason_vi", "reason_en"}, where)
        clause = standard.get(clause_no)
        if clause is None:
            raise ctx.fail(
                where,
                f"không có điều khoản này trong {standard.id}.",
                f"no such clause in {standard.id}.",
            )
        if not clause.excludable:
            raise ctx.fail(
                where,
                "điều khoản này không thuộc loại có thể công bố không áp dụng.",
                "this clause cannot be declared not applicable.",
            )
        child_excluded.append(
            (
                clause_no,
                ExcludedClause(
                    clause=clause_no,
                    reason_vi=ctx.text(item, "reason_vi", where),
                    reason_en=ctx.text(item, "reason_en", where, required=False),
                ),
            )
        )

    # expected_procedures: same id -> fields given override the inherited ones
    inherited_procs = {k: cast("ExpectedProcedure", v) for k, v in procedures}
    child_procs: list[tuple[str, object]] = []
    for proc_id, item in _entries(ctx, data, "expected_procedures", "id"):
        where = f"expected_procedures ({proc_id})"
        ctx.keys(item, {"id", "vi", "en", "clauses", "verified"}, where)
        base = inherited_procs.get(proc_id)
        clauses = (
            _clause_list(ctx, ctx.seq(item, "clauses", where), standard, where)
            if "clauses" in item or base is None
            else base.clauses
        )
        if not clauses:
            raise ctx.fail(where, "'clauses' không được rỗng.", "'clauses' must not be empty.")
        child_procs.append(
            (
                proc_id,
                ExpectedProcedure(
                    id=proc_id,
                    vi=ctx.text(item, "vi", where) if "vi" in item or base is None else base.vi,
                    en=ctx.text(item, "en", where) if "en" in item or base is None else base.en,
                    clauses=clauses,
                    verified=ctx.flag(item, "verified", where, base.verified if base else False),
                ),
            )
        )

    # duties: same id -> fields given override, params merged key by key
    inherited_duties = {k: cast("Duty", v) for k, v in duties}
    child_duties: list[tuple[str, object]] = []
    for duty_id, item in _entries(ctx, data, "duties", "id"):
        where = f"duties ({duty_id})"
        ctx.keys(item, {"id", "vi", "en", "params", "clauses", "source", "verified"}, where)
        base_duty = inherited_duties.get(duty_id)
        params_raw = item.get("params")
        params: dict[str, object] = dict(base_duty.params) if base_duty else {}
        if params_raw is not None:
            params.update(ctx.mapping(params_raw, f"{where}.params"))
        duty_clauses = (
            _clause_list(ctx, ctx.seq(item, "clauses", where), standard, where)
            if "clauses" in item or base_duty is None
            else base_duty.clauses
        )
        source_text = ctx.text(item, "source", where, required=False)
        child_duties.append(
            (
                duty_id,
                Duty(
                    id=duty_id,
                    vi=ctx.text(item, "vi", where)
                    if "vi" in item or base_duty is None
                    else base_duty.vi,
                    en=ctx.text(item, "en", where)
                    if "en" in item or base_duty is None
                    else base_duty.en,
                    params=cast("Mapping[str, object]", _freeze(params)),
                    clauses=duty_clauses,
                    source=source_text or (base_duty.source if base_duty else ""),
                    verified=ctx.flag(
                        item,
                        "verified",
                        where,
                        base_duty.verified if base_duty else False,
                    ),
                ),
            )
        )

    return Profile(
        id=pid,
        title_vi=ctx.text(data, "title_vi", "title_vi"),
        title_en=ctx.text(data, "title_en", "title_en"),
        standard=std_id,
        abstract=ctx.flag(data, "abstract", "abstract", False),
        commonly_excluded=tuple(
            cast("ExcludedClause", v) for _, v in _merge(excluded, child_excluded)
        ),
        expected_procedures=tuple(
            cast("ExpectedProcedure", v) for _, v in _merge(procedures, child_procs)
        ),
        duties=tuple(cast("Duty", v) for _, v in _merge(duties, child_duties)),
        extends=parent.id if parent else None,
        note_vi=ctx.text(data, "note_vi", "note_vi", required=False),
        note_en=ctx.text(data, "note_en", "note_en", required=False),
        lineage=(pid, *parent.lineage) if parent else (pid,),
        path=src.path,
        obsolete=_obsolescence(ctx, data),
    )


def _obsolescence(ctx: _Ctx, data: Mapping[str, object]) -> Obsolescence | None:
    raw = data.get("obsolete")
    if raw is None:
        return None
    item = ctx.mapping(raw, "obsolete")
    ctx.keys(item, _OBSOLETE_KEYS, "obsolete")
    since = item.get("since")
    since_text = since.isoformat() if isinstance(since, (dt.date,)) else str(since or "")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", since_text):
        raise ctx.fail("obsolete.since", "'since' phải là ngày dạng YYYY-MM-DD.",
                       "'since' must be a date (YYYY-MM-DD).")
    replaced = tuple(str(v) for v in ctx.seq(item, "replaced_by", "obsolete.replaced_by"))
    return Obsolescence(since_text, replaced,
                        ctx.text(item, "reason_vi", "obsolete.reason_vi"),
                        ctx.text(item, "reason_en", "obsolete.reason_en"))


def _resolve(
    profile_id: str, sources: Mapping[str, _ProfileSource], chain: tuple[str, ...]
) -> Profile:
    if profile_id in chain:
        cycle = " → ".join((*chain[chain.index(profile_id) :], profile_id))
        raise ProfileError(
            f"Vòng lặp 'extends' giữa các loại hình tổ chức (profile): {cycle}.",
            f"Cycle in profile 'extends': {cycle}.",
        )
    src = sources.get(profile_id)
    if src is None:
        known = sorted(sources)
        if chain:
            raise ProfileError(
                f"Loại hình tổ chức (profile) {chain[-1]!r} kế thừa (extends) "
                f"loại hình không tồn tại {profile_id!r}.",
                f"Profile {chain[-1]!r} extends unknown profile {profile_id!r}.",
                known,
            )
        raise ProfileError(
            f"Không có loại hình tổ chức (profile) {profile_id!r}.",
            f"Unknown profile {profile_id!r}.",
            known,
        )
    data = _read_source(src)
    parent: Profile | None = None
    if isinstance(data, dict):
        extends = data.get("extends")
        if extends is not None:
            if not isinstance(extends, str) or not extends.strip():
                raise ProfileError(
                    f"{src.label}: 'extends' phải là mã của một loại hình tổ chức.",
                    f"{src.label}: 'extends' must be a profile id.",
                )
            parent = _resolve(extends.strip(), sources, (*chain, profile_id))
    return _build_profile(src, data, parent)


def load_profile(profile_id: str, extra_dirs: Sequence[Path] = ()) -> Profile:
    """Load a profile merged with its ancestors.

    Looks among the built-in profiles and the organisation's own profiles in ``extra_dirs``
    (one file ``<id>.yaml`` per profile). An organisation's profile may not reuse a
    built-in id (it extends it instead). Raises :class:`ProfileError` for an unknown id
    (listing the known ids), a cycle in ``extends`` or malformed data.
    """
    return _resolve(profile_id, _all_sources(extra_dirs), ())


def list_profiles(extra_dirs: Sequence[Path] = ()) -> list[Profile]:
    """All profiles, abstract ones included: built-in first, then the organisation's, by id."""
    sources = _all_sources(extra_dirs)
    ordered = sorted(sources.values(), key=lambda s: (s.path is not None, s.id))
    return [_resolve(s.id, sources, ()) for s in ordered]
