"""The fixed wording of generated documents: Jinja2 templates shipped in ``qmsdoc/templates``.

``labels.j2`` holds labels, section titles and short phrases as ``{% set %}`` values and
``{% macro %}``s; ``decision.md.j2`` the default text of a decision. An organisation overrides
any of them with a ``templates/`` folder in its repository: a value or macro defined in its
``labels.j2`` wins over the shipped one (the rest still comes from qmsdoc), a whole template
such as ``decision.md.j2`` replaces the shipped one. Templates run in a sandbox (no access to
Python internals), with undefined variables as errors and no HTML escaping. Repository
templates are read only from inside the repository (no links leading out).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

TEMPLATES_DIR = "templates"
LABELS = "labels.j2"
#: The templates composing reads (other folders of qmsdoc/templates belong to other stages).
WORDING_TEMPLATES = (LABELS, "decision.md.j2")


class WordingError(Exception):
    """A repository template that does not parse or render; ``detail`` says where and why."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class _ConfinedLoader(jinja2.FileSystemLoader):
    """A file loader that refuses files whose real path leaves the repository."""

    def __init__(self, folder: Path, root: Path) -> None:
        super().__init__(str(folder), encoding="utf-8", followlinks=False)
        self._root = root.resolve()

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        if not Path(filename).resolve().is_relative_to(self._root):
            raise jinja2.TemplateNotFound(template)
        return source, filename, uptodate


def package_templates() -> Path:
    """The templates shipped with qmsdoc."""
    return Path(str(resources.files("qmsdoc") / "templates"))


def _environment(loader: jinja2.BaseLoader) -> SandboxedEnvironment:
    return SandboxedEnvironment(loader=loader, autoescape=False, undefined=jinja2.StrictUndefined,
                                keep_trailing_newline=False, trim_blocks=True,
                                lstrip_blocks=True)


def repository_templates(root: Path | None) -> Path | None:
    """The repository's ``templates/`` folder when it exists inside the repository."""
    if root is None:
        return None
    folder = root / TEMPLATES_DIR
    if folder.is_dir() and not folder.is_symlink() and folder.resolve().is_relative_to(
            root.resolve()):
        return folder
    return None


def template_files(root: Path | None) -> list[tuple[str, Path]]:
    """The wording templates that can affect output: (origin, path), shipped and repository."""
    out = []
    for label, folder in (("pkg", package_templates()), ("repo", repository_templates(root))):
        if folder is not None:
            out += [(label, folder / name) for name in WORDING_TEMPLATES]
    return out


def fingerprint(root: Path | None) -> str:
    """A hash of the wording templates (shipped and the repository's)."""
    h = hashlib.sha256()
    for label, path in template_files(root):
        h.update(f"{label}:{path.name}\0".encode())
        try:
            if path.resolve().is_relative_to(path.parent.resolve()):
                h.update(path.read_bytes())
        except OSError:
            h.update(b"-")
    return h.hexdigest()


class Wording:
    """Labels and templates for one repository, rendered with the organisation's context."""

    def __init__(self, root: Path | None, context: Mapping[str, Any]) -> None:
        self._context = dict(context)
        package_env = _environment(jinja2.FileSystemLoader(str(package_templates()),
                                                           encoding="utf-8"))
        loaders: list[jinja2.BaseLoader] = []
        folder = repository_templates(root)
        if folder is not None and root is not None:
            loaders.append(_ConfinedLoader(folder, root))
        loaders.append(jinja2.FileSystemLoader(str(package_templates()), encoding="utf-8"))
        self._env = _environment(jinja2.ChoiceLoader(loaders))
        self._modules: list[Any] = []
        try:
            labels = folder / LABELS if folder is not None else None
            if (folder is not None and labels is not None and labels.is_file()
                    and labels.resolve().is_relative_to((root or folder).resolve())):
                repo_env = _environment(_ConfinedLoader(folder, root or folder))
                self._modules.append(
                    repo_env.get_template(LABELS).make_module(vars=self._context))
            self._modules.append(package_env.get_template(LABELS).make_module(vars=self._context))
        except jinja2.TemplateError as e:
            raise WordingError(_describe(e)) from None
        self._cache: dict[str, str] = {}

    def __getitem__(self, name: str) -> str:
        """A fixed label (``{% set name = … %}``)."""
        cached = self._cache.get(name)
        if cached is not None:
            return cached
        value = self._lookup(name)
        text = _nfc((value() if callable(value) else str(value)).strip())
        self._cache[name] = text
        return text

    def __call__(self, name: str, *args: Any) -> str:
        """A phrase with arguments (``{% macro name(…) %}``)."""
        macro = self._lookup(name)
        try:
            return _nfc(str(macro(*args) if callable(macro) else macro).strip())
        except jinja2.TemplateError as e:
            raise WordingError(f"{name}: {_describe(e)}") from None

    def lines(self, name: str, *args: Any) -> list[str]:
        """A phrase split into its non-empty lines."""
        return [line.strip() for line in self(name, *args).splitlines() if line.strip()]

    def alternatives(self, name: str) -> tuple[str, ...]:
        """A ``|``-separated label as lower-case alternatives."""
        return tuple(a.strip().casefold() for a in self[name].split("|") if a.strip())

    def render(self, template: str, **context: Any) -> str:
        """A whole template (e.g. ``decision.md.j2``) rendered with ``context``."""
        try:
            return _nfc(self._env.get_template(template).render({**self._context, **context}))
        except jinja2.TemplateError as e:
            raise WordingError(_describe(e)) from None

    def _lookup(self, name: str) -> Any:
        for module in self._modules:
            value = getattr(module, name, None)
            if value is not None:
                return value
        raise WordingError(f"labels.j2: no label or macro named {name!r}")


def _nfc(text: str) -> str:
    # Templates are edited by hand in any editor; output is always precomposed Vietnamese.
    return unicodedata.normalize("NFC", text)


def _describe(e: jinja2.TemplateError) -> str:
    if isinstance(e, jinja2.TemplateNotFound):  # also a path leading out of templates/
        return (f"{e.name!r} không có trong thư mục templates/ của kho tài liệu (không đọc tệp "
                f"ngoài kho) / {e.name!r} is not a template in the repository's templates/ "
                "folder (files outside the repository are never read)")
    if isinstance(e, jinja2.TemplateSyntaxError):
        return f"{e.filename or e.name or ''}:{e.lineno}: {e.message}"
    return str(e)
