"""Which fonts the Typst engine uses: the configured body font where installed, else a
metric-compatible or bundled one that covers Vietnamese.

Order for the body text: ``output.font`` (default Times New Roman) → Times New Roman →
Liberation Serif (same metrics as Times New Roman) → Libertinus Serif (bundled with Typst,
covers Vietnamese). Monospaced text: Courier New → Liberation Mono → DejaVu Sans Mono
(bundled). Discovery is Typst's own (:class:`typst.Fonts`), done once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

#: Fonts bundled inside the typst package (always available) that cover Vietnamese.
BUNDLED_SERIF = "Libertinus Serif"
BUNDLED_MONO = "DejaVu Sans Mono"
SERIF_CHAIN = ("Times New Roman", "Liberation Serif", BUNDLED_SERIF)
MONO_CHAIN = ("Courier New", "Liberation Mono", BUNDLED_MONO)
#: Installed fonts with the symbols forms use (☐ ☑ ☒ ✓ ✗ ▶ …) that serif text fonts lack, in
#: order of preference (Windows, macOS, Linux); they follow the body font in Typst's list.
#: Typst's own fallback does not reliably find them, so they are named.
SYMBOL_FONTS = ("Segoe UI Symbol", "Apple Symbols", "DejaVu Sans", "Noto Sans Symbols 2",
                "Noto Sans Symbols", "Symbola", "FreeSerif")


@dataclass(frozen=True)
class FontInfo:
    """One family as Typst sees it: where it comes from."""

    family: str
    bundled: bool  # inside the typst package, not installed on the system
    paths: tuple[str, ...]  # files of its faces (empty for bundled fonts)


@dataclass(frozen=True)
class FontChoice:
    """The fonts a PDF is set in, and why."""

    body: str
    mono: str
    symbols: tuple[str, ...]  # installed symbol fonts after the body font (may be empty)
    requested: str  # output.font
    substituted: bool  # the requested font is not installed

    @property
    def key(self) -> str:
        """Part of the build cache key: other fonts give another PDF."""
        return "|".join((self.body, self.mono, *self.symbols))


@cache
def installed_fonts() -> dict[str, FontInfo]:
    """Every font family Typst can use here (system and bundled), by lower-case name."""
    import typst

    families: dict[str, tuple[str, bool, list[str]]] = {}
    for face in typst.Fonts(include_system_fonts=True, include_embedded_fonts=True).fonts():
        name = face.family
        entry = families.setdefault(name.casefold(), (name, True, []))
        if face.path:
            entry[2].append(str(face.path))
            families[name.casefold()] = (entry[0], False, entry[2])
    return {k: FontInfo(name, bundled, tuple(sorted(set(paths), key=_regular_first)))
            for k, (name, bundled, paths) in families.items()}


def _regular_first(path: str) -> tuple[bool, str]:
    name = path.rsplit("/", 1)[-1].casefold()
    return (any(w in name for w in ("bold", "italic", "oblique", "light")), path)


def find_font(family: str) -> FontInfo | None:
    return installed_fonts().get(family.strip().casefold())


def _first(chain: tuple[str, ...]) -> str:
    for name in chain:
        info = find_font(name)
        if info is not None:
            return info.family
    return chain[-1]  # bundled: always there


@cache
def choose_fonts(requested: str | None) -> FontChoice:
    """The body and monospaced fonts for ``output.font`` = ``requested``."""
    wanted = (requested or SERIF_CHAIN[0]).strip() or SERIF_CHAIN[0]
    info = find_font(wanted)
    body = info.family if info is not None else _first(SERIF_CHAIN)
    symbols = tuple(f.family for name in SYMBOL_FONTS if (f := find_font(name)) is not None)
    return FontChoice(body, _first(MONO_CHAIN), symbols[:2], wanted, info is None)
