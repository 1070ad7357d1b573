"""Template packs: the layered document sets ``qmsdoc init`` writes for each profile.

A pack is read from ``qmsdoc/templates/packs/`` (package data): the ``common`` layer, then one
folder per profile of the profile's lineage, most general first (for a commune:
``co-quan-hanh-chinh``, then ``co-quan-hanh-chinh-xa``). A later layer's file replaces the file
with the same path; each layer's ``pack.yaml`` ``vars`` are merged into the earlier ones
(mappings key by key; lists and texts replaced). ``*.j2`` files are rendered with Jinja2 in a
sandbox with undefined variables as errors; other files are copied. A path part starting with
``dot-`` becomes ``.`` (``dot-gitignore`` → ``.gitignore``: setuptools does not ship dotfiles);
folders starting with ``_`` hold macros and are never written.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from jinja2 import BaseLoader, StrictUndefined, TemplateNotFound
from jinja2.exceptions import TemplateError
from jinja2.sandbox import SandboxedEnvironment
from ruamel.yaml import YAML

from qmsdoc.diagnostics import QmsdocError
from qmsdoc.rules.context import add_months
from qmsdoc.standards import ProfileError, list_profiles, load_profile

COMMON = "common"
VARS_FILE = "pack.yaml"
TEMPLATE_SUFFIX = ".j2"


class PackError(QmsdocError):
    """A pack cannot be rendered (unknown profile, broken template); words in both languages."""


def packs_root() -> Traversable:
    return resources.files("qmsdoc") / "templates" / "packs"


def available_profiles() -> list[str]:
    """Concrete profiles that have a pack layer of their own, in id order; obsolete ones (the
    district level, abolished on 1 July 2025) are never offered for a new repository."""
    root = packs_root()
    try:
        profiles = list_profiles()
    except ProfileError:  # pragma: no cover - the built-in profiles load
        return []
    return [p.id for p in profiles
            if not p.abstract and p.obsolete is None and (root / p.id).is_dir()]


def profile_titles(lang: str = "vi") -> dict[str, str]:
    """The title of each profile ``init`` offers, to show beside its id."""
    out: dict[str, str] = {}
    for pid in available_profiles():
        try:
            p = load_profile(pid)
        except ProfileError:  # pragma: no cover - the built-in profiles load
            continue
        out[pid] = p.title_en if lang == "en" else p.title_vi
    return out


def obsolete_note(profile_id: str) -> tuple[str, str] | None:
    """Why a built-in profile may not start a new repository (vi, en), or None."""
    try:
        profile = load_profile(profile_id)
    except ProfileError:
        return None
    o = profile.obsolete
    if o is None:
        return None
    since = "/".join(reversed(o.since.split("-")))
    replaced = ", ".join(o.replaced_by)
    return (f"Loại hình \"{profile_id}\" đã lỗi thời từ {since}: {o.reason_vi}. Không tạo kho "
            f"tài liệu mới theo loại hình này; dùng: {replaced}.",
            f"The profile \"{profile_id}\" is obsolete since {since}: {o.reason_en}. No new "
            f"repository is made with it; use: {replaced}.")


def layers_for(profile_id: str) -> list[str]:
    """The layer folders of a profile's pack, most general first."""
    if profile_id not in available_profiles():
        note = obsolete_note(profile_id)
        if note is not None:
            raise PackError(*note)
        known = ", ".join(available_profiles())
        raise PackError(f"Không có bộ tài liệu mẫu cho loại hình \"{profile_id}\". Các loại "
                        f"hình: {known}.",
                        f"No template pack for the profile \"{profile_id}\". Profiles: {known}.")
    lineage = load_profile(profile_id).lineage or (profile_id,)
    root = packs_root()
    return [COMMON, *[p for p in reversed(lineage) if (root / p).is_dir()]]


def _target(parts: list[str]) -> str:
    out = ["." + p[4:] if p.startswith("dot-") else p for p in parts]
    if out[-1].endswith(TEMPLATE_SUFFIX):
        out[-1] = out[-1][: -len(TEMPLATE_SUFFIX)]
    return "/".join(out)


def _walk(folder: Traversable, parts: list[str]) -> Iterator[tuple[list[str], Traversable]]:
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.startswith((".", "__")):
            continue
        if entry.is_dir():
            if not entry.name.startswith("_"):
                yield from _walk(entry, [*parts, entry.name])
        elif parts or entry.name != VARS_FILE:
            yield [*parts, entry.name], entry


@dataclass
class Pack:
    profile: str
    layers: list[str]
    # target path -> (layer, source file)
    files: dict[str, tuple[str, Traversable]] = field(default_factory=dict)
    vars: dict[str, Any] = field(default_factory=dict)


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, Mapping) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    return out


def load_pack(profile_id: str) -> Pack:
    layers = layers_for(profile_id)
    pack = Pack(profile_id, layers)
    yaml = YAML(typ="safe", pure=True)
    root = packs_root()
    for layer in layers:
        folder = root / layer
        vars_file = folder / VARS_FILE
        if vars_file.is_file():
            data = yaml.load(vars_file.read_text(encoding="utf-8")) or {}
            pack.vars = _merge(pack.vars, data.get("vars") or {})
        for parts, entry in _walk(folder, []):
            pack.files[_target(parts)] = (layer, entry)
    return pack


# --------------------------------------------------------------------------- rendering


_SAFE_YAML = YAML(typ="safe", pure=True)


def yaml_quoted(value: object) -> str:
    """A YAML scalar for a text: plain when it reads back as the same text, else double-quoted
    (JSON string syntax is valid YAML); ``null`` for None."""
    if value is None:
        return "null"
    text = str(value)
    if _plain_ok(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _plain_ok(text: str) -> bool:
    if not text or text != text.strip() or "\n" in text or text[0] in "-?:,[]{}#&*!|>'\"%@`":
        return False
    if ": " in text or " #" in text or text.endswith(":"):
        return False
    try:
        return bool(_SAFE_YAML.load(text) == text)
    except Exception:  # noqa: BLE001 - anything that does not parse back is quoted
        return False


def yaml_flow(items: object) -> str:
    """A YAML flow sequence of strings: ``["7.5.1", "7.5.2"]`` (ids stay unquoted)."""
    if not isinstance(items, list | tuple):
        items = [items]
    parts = [str(x) if re.fullmatch(r"[A-Za-z][\w.-]*", str(x))
             else json.dumps(str(x), ensure_ascii=False) for x in items]
    return "[" + ", ".join(parts) + "]"


def yaml_folded(value: object, indent: int = 2, width: int = 96) -> str:
    """A folded block scalar (``>-``) wrapped at ``width``, its lines indented by ``indent``."""
    text = " ".join(str(value).split())
    if len(text) + indent < 70 and not re.search(r"[:#'\"{}\[\],&*!|>%@`]|^[-?]", text):
        return text
    pad = " " * indent
    lines = textwrap.wrap(text, width=width - indent, break_long_words=False,
                          break_on_hyphens=False)
    return ">-\n" + "\n".join(pad + line for line in lines)


def yaml_roles(ids: list[str]) -> str:
    """Role ids for ``responsible``: one id plain, several as a flow list, duplicates dropped."""
    unique = list(dict.fromkeys(str(i) for i in ids if i))
    return unique[0] if len(unique) == 1 else yaml_flow(unique)


def ucfirst(value: object) -> str:
    text = str(value)
    return text[:1].upper() + text[1:]


class _PackLoader(BaseLoader):
    """Finds templates (and ``_partials``) in the pack's layers, the most specific first."""

    def __init__(self, layers: list[str]) -> None:
        self.layers = layers

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Any]:
        root = packs_root()
        for layer in reversed(self.layers):
            entry: Traversable = root / layer
            for part in template.split("/"):
                entry = entry / part
            if entry.is_file():
                return entry.read_text(encoding="utf-8"), f"{layer}/{template}", lambda: True
        raise TemplateNotFound(template)


def environment(layers: list[str]) -> SandboxedEnvironment:
    env = SandboxedEnvironment(loader=_PackLoader(layers), undefined=StrictUndefined,
                               keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
                               autoescape=False)
    env.filters.update(yq=yaml_quoted, flow=yaml_flow, yfold=yaml_folded, ucfirst=ucfirst,
                       roles=yaml_roles)
    return env


@dataclass(frozen=True)
class Organisation:
    name: str
    short_name: str | None = None
    place: str | None = None
    unit: str | None = None  # commune level: xa, phuong, dac-khu (or the word); None: from name


_UNIT_IN_NAME = re.compile(r"^(?:ủy ban nhân dân|uỷ ban nhân dân|ubnd)\s+(xã|phường|đặc khu)\s",
                           re.IGNORECASE)


def choose_unit(pack: Pack, org: Organisation) -> str | None:
    """The unit word of a pack with ``units`` (commune level: "xã", "phường", "đặc khu").

    ``org.unit`` (an id or the word) wins; else the word in the organisation's name
    ("UBND phường Hải Châu"); else the pack's default. Raises PackError for a unit the pack
    does not have, or a unit given to a pack without units.
    """
    units: dict[str, str] = dict(pack.vars.get("units") or {})
    if not units:
        if org.unit:
            raise PackError(f"Loại hình \"{pack.profile}\" không có tùy chọn --unit (chỉ dùng "
                            "cho cấp xã: xa, phuong, dac-khu).",
                            f"The profile \"{pack.profile}\" takes no --unit (commune level "
                            "only: xa, phuong, dac-khu).")
        return None
    if org.unit:
        wanted = unicodedata.normalize("NFC", org.unit).strip().casefold()
        for uid, word in units.items():
            if wanted in (uid, word.casefold()):
                return word
        listed = ", ".join(f"{k} ({w})" for k, w in units.items())
        raise PackError(f"Đơn vị hành chính \"{org.unit}\" không hợp lệ; chọn: {listed}.",
                        f"Unknown unit \"{org.unit}\"; choose: {listed}.")
    m = _UNIT_IN_NAME.match(" ".join(unicodedata.normalize("NFC", org.name).split()))
    if m:
        return m.group(1).lower()
    return units.get(str(pack.vars.get("unit") or ""), next(iter(units.values())))


def initials(name: str) -> str:
    """Vietnamese initials used in document numbers: "Sở Khoa học và Công nghệ" → "SKHCN"."""
    words = [w for w in name.split() if w.casefold() not in {"và", "của"}]
    letters = []
    for w in words:
        base = unicodedata.normalize("NFD", w)[0]
        letters.append("Đ" if w[0] in "Đđ" else base.upper())
    return "".join(x for x in letters if x.isalpha())


_PLACE_PREFIX = re.compile(
    r"^(?:ủy ban nhân dân|uỷ ban nhân dân|ubnd)\s+"
    r"(?:xã|phường|thị trấn|đặc khu|huyện|quận|thị xã|thành phố|tp\.?)\s+(.+)$", re.IGNORECASE)


def place_from_name(name: str) -> str | None:
    """"UBND xã Thử Nghiệm" → "Thử Nghiệm" (the place name written on documents)."""
    m = _PLACE_PREFIX.match(" ".join(name.split()))
    return m.group(1) if m else None


def _render_strings(value: Any, render: Any) -> Any:
    if isinstance(value, str):
        return render(value) if "{" in value else value
    if isinstance(value, list):
        return [_render_strings(v, render) for v in value]
    if isinstance(value, dict):
        return {k: _render_strings(v, render) for k, v in value.items()}
    return value


def build_context(pack: Pack, org: Organisation, today: dt.date) -> dict[str, Any]:
    """Everything templates see: org, profile, today, year, v (vars), r, d, s and helpers."""
    v = dict(pack.vars)
    profile = load_profile(pack.profile)
    unit = choose_unit(pack, org)
    if unit is not None:  # role and department names carry the unit word: render them first
        env0 = environment(pack.layers)
        for key in ("roles", "departments"):
            v[key] = _render_strings(v.get(key, []),
                                     lambda s: env0.from_string(s).render(unit=unit))
    roles = {r["id"]: r["title"] for r in v.get("roles", [])}
    depts = {d["id"]: d["name"] for d in v.get("departments", [])}
    short = org.short_name or v.get("short_name")
    if not short:
        short = initials(org.name) if v.get("short_name_initials") else None
    place = org.place or (place_from_name(org.name) if v.get("place_from_name") else None)
    org_ctx = {
        "name": org.name,
        "short_name": short or "<<Điền tên viết tắt dùng trong số, ký hiệu văn bản>>",
        "place": place or "<<Điền địa danh ghi trên văn bản>>",
        "parent": v.get("parent"),
        "address": "<<Điền địa chỉ trụ sở>>",
    }
    ctx: dict[str, Any] = {
        "org": org_ctx, "today": today.isoformat(), "year": today.year, "unit": unit or "",
        "profile": {"id": profile.id, "title_vi": profile.title_vi, "agency": bool(v["agency"])},
        "r": v["r"], "d": v["d"], "s": v["s"],
        "role_title": lambda rid: roles.get(rid, rid),
        "dept_name": lambda did: depts.get(did, did),
        "audit_date": add_months(today, int(v["first_audit_months"])).isoformat(),
        "review_date": add_months(today, int(v["first_review_months"])).isoformat(),
    }
    env = environment(pack.layers)
    ctx["v"] = _render_strings(v, lambda s: env.from_string(s).render(ctx))
    ctx["policy"] = {k: ctx["v"]["policy"][k]
                     for k in ("purpose", "framework", "requirements", "improvement")}
    excl = ctx["v"].get("exclusions")
    if excl is None:
        excl = [{"clause": e.clause, "justification": e.reason_vi}
                for e in profile.commonly_excluded]
    ctx["exclusions"] = excl
    return ctx


def render_pack(profile_id: str, org: Organisation, today: dt.date) -> dict[str, bytes]:
    """Every file of the pack, rendered: {posix path relative to the new repository: bytes}."""
    pack = load_pack(profile_id)
    where = f"{profile_id}/{VARS_FILE}"
    try:
        ctx = build_context(pack, org, today)
        env = environment(pack.layers)
        out: dict[str, bytes] = {}
        for target, (layer, entry) in sorted(pack.files.items()):
            where = f"{layer}/{target}"
            if entry.name.endswith(TEMPLATE_SUFFIX):
                template = env.from_string(entry.read_text(encoding="utf-8"))
                out[target] = _tidy(template.render(ctx)).encode("utf-8")
            else:
                out[target] = entry.read_bytes()
    except (TemplateError, KeyError, TypeError, ValueError) as e:
        raise PackError(f"Bộ tài liệu mẫu \"{profile_id}\" bị lỗi ({where}): {e}",
                        f"The template pack \"{profile_id}\" is broken ({where}): {e}") from e
    return out


def _tidy(text: str) -> str:
    """NFC, no trailing spaces, no blank lines at the start, exactly one newline at the end."""
    lines = [line.rstrip() for line in unicodedata.normalize("NFC", text).split("\n")]
    return "\n".join(lines).strip("\n") + "\n"
