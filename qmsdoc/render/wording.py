"""The fixed wording of generated documents: Jinja2 templates shipped in ``qmsdoc/templates``.

``labels.j2`` holds labels, section titles and short phrases as ``{% set %}`` values and
``{% macro %}``s; ``decision.md.j2`` the default text of a decision. An organisation overrides
any of them with a ``templates/`` folder in its repository: a value or macro defined in its
``labels.j2`` wins over the shipped one (the rest still comes from qmsdoc), a whole template
such as ``decision.md.j2`` replaces the shipped one. Templates run in a sandbox (no access to
Python internals), with undefined variables as errors and no HTML escaping. Repository
templates are read only from inside the repository (no links leading out), only as regular
UTF-8 files of at most 1 MB. Each rendering has a counted budget (loop items and calls, text
written, the size of any value made): a runaway or recursive template, or any other failure,
is a :class:`WordingError` naming the template's file and line.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment
from jinja2.visitor import NodeTransformer

TEMPLATES_DIR = "templates"
LABELS = "labels.j2"
#: The templates composing reads (other folders of qmsdoc/templates belong to other stages).
WORDING_TEMPLATES = (LABELS, "decision.md.j2")


class WordingError(Exception):
    """A template that does not parse or render: ``vi``/``en`` say where and why in full
    ("Error in a wording template (templates/): templates/labels.j2:3: …")."""

    def __init__(self, detail: str, detail_vi: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.detail_vi = detail_vi if detail_vi is not None else detail

    @property
    def vi(self) -> str:
        return f"Lỗi trong mẫu văn bản (templates/): {self.detail_vi}"

    @property
    def en(self) -> str:
        return f"Error in a wording template (templates/): {self.detail}"


class MissingLabel(WordingError):
    """``labels.j2`` defines no label or macro of that name."""


class _TemplateProblem(jinja2.TemplateError):
    """A failure of a repository template worded in both languages (not Jinja2's own)."""

    def __init__(self, en: str, vi: str, filename: str | None = None,
                 lineno: int | None = None) -> None:
        super().__init__(en)
        self.en, self.vi = en, vi
        self.filename, self.lineno = filename, lineno


class _ConfinedLoader(jinja2.FileSystemLoader):
    """A file loader that refuses files whose real path leaves the repository and reports a
    file that is not UTF-8 at its line."""

    def __init__(self, folder: Path, root: Path) -> None:
        super().__init__(str(folder), encoding="utf-8", followlinks=False)
        self._root = root.resolve()

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        self._check_file(template)
        try:
            source, filename, uptodate = super().get_source(environment, template)
        except UnicodeDecodeError as e:
            line = bytes(e.object[:e.start]).count(b"\n") + 1
            raise _TemplateProblem(
                f"the file is not UTF-8 text (byte 0x{e.object[e.start]:02x} at line {line}); "
                "save it as UTF-8 in your editor",
                f"tệp không phải văn bản UTF-8 (byte 0x{e.object[e.start]:02x} ở dòng {line}); "
                "lưu lại tệp với bảng mã UTF-8 trong trình soạn thảo",
                self._filename(template), line) from None
        if not Path(filename).resolve().is_relative_to(self._root):
            raise jinja2.TemplateNotFound(template)
        return source, filename, uptodate

    def _filename(self, template: str) -> str:
        return str(Path(self.searchpath[0], *template.split("/")))

    def _check_file(self, template: str) -> None:
        """A pipe would block the read and a huge file fill memory: only a regular file of
        at most MAX_TEMPLATE_BYTES is read (a missing one is Jinja2's TemplateNotFound)."""
        filename = self._filename(template)
        try:
            st = os.stat(filename)
        except (OSError, ValueError):
            return
        if not stat.S_ISREG(st.st_mode):
            raise _TemplateProblem(
                "not a regular file (a folder, a pipe or a device); make it a text file",
                "không phải tệp thông thường (thư mục, pipe hoặc thiết bị); hãy dùng tệp văn bản",
                filename)
        if st.st_size > MAX_TEMPLATE_BYTES:
            raise _TemplateProblem(
                f"the file is {st.st_size:,} bytes, more than the {MAX_TEMPLATE_BYTES:,} a "
                "template may have",
                f"tệp có {st.st_size:,} byte, quá giới hạn {MAX_TEMPLATE_BYTES:,} byte của một "
                "mẫu", filename)


# ------------------------------------------------------------------------------ budget
#: Bytes of one repository template (the shipped labels.j2 is about 12 kB).
MAX_TEMPLATE_BYTES = 1_000_000
#: Work one rendering may do: loop iterations and calls, each call also paying for the size
#: of its arguments. Counted, not timed, so that the same template always passes or fails;
#: the shipped templates have no loops and write under 1,000 characters per call.
MAX_STEPS = 1_000_000
#: Characters one rendering may output.
MAX_OUTPUT = 1_000_000
#: Length of any one value a template makes (a string, a list).
MAX_VALUE = 1_000_000
#: Macro calls nested inside each other (a macro that calls itself runs into it).
MAX_DEPTH = 50
_INT_BITS = 10_000  # integers of up to ~3,000 digits
_PERCENT_WIDE = re.compile(r"%(\([^)]*\))?[-#0 +]*(\*|\d{7,}|\d*\.(\*|\d{7,}))")
_BRACE_WIDE = re.compile(r"\{[^{}]*:[^{}]*(\{|\d{7,})")
_WIDTH_ARG_FILTERS = {"center", "indent", "wordwrap", "truncate", "batch", "slice"}
_WIDTH_ARG_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs"}


class _Budget:
    """What the current rendering has used; reset at each entry from Python."""

    def __init__(self) -> None:
        self.steps = self.output = self.depth = 0

    def reset(self) -> None:
        self.steps = self.output = self.depth = 0

    def step(self, n: int = 1) -> None:
        self.steps += n
        if self.steps > MAX_STEPS:
            raise _TemplateProblem(
                f"the template does more than {MAX_STEPS:,} steps of work (loops, calls): "
                "a loop nested too deep or over too many items",
                f"mẫu thực hiện quá {MAX_STEPS:,} bước (vòng lặp, lời gọi): vòng lặp lồng nhau "
                "quá sâu hoặc lặp quá nhiều phần tử")

    def emit(self, n: int) -> None:
        self.output += n
        if self.output > MAX_OUTPUT:
            raise _TemplateProblem(
                f"the template writes more than {MAX_OUTPUT:,} characters",
                f"mẫu sinh ra quá {MAX_OUTPUT:,} ký tự")


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | bytes | list | tuple | dict | set |
                                    frozenset) else 0


_VI_WHAT = (("the filter ", "bộ lọc "), ("the operator ", "phép toán "),
            ("the call of a function", "lời gọi hàm"), ("the call ", "lời gọi "),
            ("a text joined with ~", "chuỗi nối bằng ~"), ("a value", "một giá trị"))


def _vi(what: str) -> str:
    """The Vietnamese of an operation named by the checks below ("the filter join"…)."""
    for en, vi in _VI_WHAT:
        if what.startswith(en):
            return vi + what[len(en):]
    return what


def _too_big(what: str) -> _TemplateProblem:
    return _TemplateProblem(
        f"{what} would be longer than {MAX_VALUE:,} characters or items",
        f"{_vi(what)} sẽ cho kết quả dài quá {MAX_VALUE:,} ký tự hoặc phần tử")


def _too_big_int(what: str) -> _TemplateProblem:
    return _TemplateProblem(f"{what} would make a number of more than {_INT_BITS:,} bits",
                            f"{_vi(what)} sẽ tạo ra số lớn quá {_INT_BITS:,} bit")


def _check_value(value: Any, what: str = "a value") -> Any:
    if _size(value) > MAX_VALUE:
        raise _too_big(what)
    if isinstance(value, int) and value.bit_length() > _INT_BITS:
        raise _too_big_int(what)
    return value


def _check_width(value: Any, what: str) -> None:
    if isinstance(value, int) and abs(value) > MAX_VALUE:
        raise _too_big(what)


def _check_format(fmt: Any, what: str, braces: bool = False) -> None:
    """Refuse a format whose width or precision is a million or more, or comes from the
    arguments (``%*d``, ``{:{}}``)."""
    if isinstance(fmt, str) and (_BRACE_WIDE if braces else _PERCENT_WIDE).search(
            fmt.replace("%%", "").replace("{{", "")):
        raise _too_big(what)


def _estimate(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    """The length a filter's result may reach, for the filters whose result can be much
    longer than their input."""
    value = args[0] if args else None
    if not isinstance(value, str):
        return 0
    if name == "replace" and len(args) >= 3 and isinstance(args[1], str) and \
            isinstance(args[2], str):
        hits = value.count(args[1]) if args[1] else len(value) + 1
        return len(value) + hits * len(args[2])
    if name == "indent":
        width = args[1] if len(args) > 1 else kwargs.get("width", 4)
        pad = len(width) if isinstance(width, str) else int(width or 0)
        return len(value) + (value.count("\n") + 1) * pad
    if name == "wordwrap":
        width = args[1] if len(args) > 1 else kwargs.get("width", 79)
        wrap = args[4] if len(args) > 4 else kwargs.get("wrapstring") or "\n"
        return len(value) + (len(value) // max(int(width or 1), 1) + 1) * len(str(wrap))
    return 0


def _guard_filter(name: str, f: Callable[..., Any], budget: _Budget) -> Callable[..., Any]:
    """``f`` with its work charged and its result's size bounded (``jinja_pass_arg`` and the
    other markers are kept by ``wraps``)."""
    passes = getattr(f, "jinja_pass_arg", None) is not None

    @functools.wraps(f)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        plain = args[1:] if passes else args
        what = f"the filter {name}"
        budget.step(1 + sum(_size(a) for a in plain))
        if name in _WIDTH_ARG_FILTERS:
            for a in (*plain[1:], *kwargs.values()):
                _check_width(a, what)
        if name == "format" and plain:
            _check_format(plain[0], what)
        if name == "join" and plain and not isinstance(plain[0], str | dict):
            items = list(_Counted(plain[0], budget))  # a generator is only known by running it
            sep = plain[1] if len(plain) > 1 else kwargs.get("d", "")
            if sum(len(x) if isinstance(x, str) else 24 for x in items) + \
                    len(items) * _size(sep) > MAX_VALUE:
                raise _too_big(what)
            args = (*args[:len(args) - len(plain)], items, *plain[1:])
        if _estimate(name, plain, kwargs) > MAX_VALUE:
            raise _too_big(what)
        result = f(*args, **kwargs)
        budget.step(_size(result))
        return _check_value(result, what)

    return guarded


class _Counted:
    """An iterable whose items are charged as they come (a ``for`` loop's items)."""

    def __init__(self, iterable: Any, budget: _Budget) -> None:
        self._iterable = iterable
        self._budget = budget

    def __iter__(self) -> Iterator[Any]:
        budget = self._budget
        for item in self._iterable:
            budget.step()
            yield item

    def __len__(self) -> int:  # loop.length without consuming the items (TypeError if none)
        return len(self._iterable)


class _BudgetedEnvironment(SandboxedEnvironment):
    """The sandbox (no Python internals) with the work, output and value sizes counted.

    Every ``for`` loop's iterable and every output node is wrapped at parse time in a filter
    that charges the budget; calls, filters and the operators that can multiply a size
    (``*``, ``**``, ``+``, ``%``) are checked before they run and their results after.
    """

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, budget: _Budget, **options: Any) -> None:
        super().__init__(**options)
        self.budget = budget
        self.filters = {name: _guard_filter(name, f, budget)
                        for name, f in self.filters.items()}
        self.filters[_ITER] = self._iterate
        self.filters[_OUT] = self._output
        self.filters[_SIZE] = self._sized

    # Context-passing filters are never folded at compile time: they always run.
    @jinja2.pass_context
    def _iterate(self, _context: Any, iterable: Any) -> Any:
        self.budget.step()
        return _Counted(iterable, self.budget)

    @jinja2.pass_context
    def _output(self, _context: Any, value: Any) -> Any:
        self.budget.emit(len(value) if isinstance(value, str) else len(str(value)))
        return value

    @jinja2.pass_context
    def _sized(self, _context: Any, value: Any) -> Any:
        return _check_value(value, "a text joined with ~")

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = _Instrument().visit(super()._parse(source, name, filename))
        assert isinstance(tree, nodes.Template)
        return tree

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        what = f"the operator {operator}"
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if _size(seq) and isinstance(n, int) and _size(seq) * max(n, 0) > MAX_VALUE:
                    raise _too_big(what)
            if isinstance(left, int) and isinstance(right, int) and \
                    left.bit_length() + right.bit_length() > _INT_BITS:
                raise _too_big_int(what)
        elif operator == "**":
            if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and \
                    right * left.bit_length() > _INT_BITS:
                raise _too_big_int(what)
        elif operator == "+":
            if _size(left) + _size(right) > MAX_VALUE:
                raise _too_big(what)
        elif operator == "%" and isinstance(left, str):
            _check_format(left, what)
        self.budget.step(1 + _size(left) + _size(right))
        return _check_value(super().call_binop(context, operator, left, right), what)

    def call(__self, __context: Any, __obj: Any, *args: Any,  # noqa: N805
             **kwargs: Any) -> Any:
        budget = __self.budget
        target = getattr(__obj, "__wrapped__", __obj)  # str.format comes wrapped by the sandbox
        owner, name = getattr(target, "__self__", None), getattr(target, "__name__", "")
        what = f"the call {name or 'of a function'}"
        if isinstance(owner, str):
            if name in ("format", "format_map"):
                _check_format(owner, what, braces=True)
            if name in _WIDTH_ARG_METHODS:
                for a in (*args, *kwargs.values()):
                    _check_width(a, what)
            if name == "replace" and _estimate("replace", (owner, *args), {}) > MAX_VALUE:
                raise _too_big(what)
            if name == "join" and args and not isinstance(args[0], str | dict):
                items = list(_Counted(args[0], budget))
                if sum(_size(x) for x in items) + len(items) * len(owner) > MAX_VALUE:
                    raise _too_big(what)
                args = (items, *args[1:])
        budget.step(1 + sum(_size(a) for a in (*args, *kwargs.values())) + _size(owner))
        budget.depth += 1
        try:
            if budget.depth > MAX_DEPTH:
                raise _TemplateProblem(
                    f"macro calls are nested more than {MAX_DEPTH} deep: a macro that calls "
                    "itself without end?",
                    f"lời gọi macro lồng nhau quá {MAX_DEPTH} tầng: một macro tự gọi lại chính "
                    "nó không dừng?")
            result = super().call(__context, __obj, *args, **kwargs)
        finally:
            budget.depth -= 1
        budget.step(_size(result))
        return _check_value(result, what)


_ITER, _OUT, _SIZE = "qmsdoc_budget_iter", "qmsdoc_budget_output", "qmsdoc_budget_size"


def _filter(node: nodes.Node, name: str) -> nodes.Filter:
    return nodes.Filter(node, name, [], [], None, None, lineno=node.lineno)


class _Instrument(NodeTransformer):
    """Every loop's iterable, ``~`` and output node goes through a budget filter."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)  # changes the node's fields in place
        node.iter = _filter(node.iter, _ITER)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return _filter(node, _SIZE)

    def visit_Output(self, node: nodes.Output) -> nodes.Node:
        self.generic_visit(node)
        node.nodes = [_filter(nodes.Const(n.data, lineno=n.lineno) if isinstance(
            n, nodes.TemplateData) else n, _OUT) for n in node.nodes]
        return node


def package_templates() -> Path:
    """The templates shipped with qmsdoc."""
    return Path(str(resources.files("qmsdoc") / "templates"))


def _environment(loader: jinja2.BaseLoader, budget: _Budget) -> SandboxedEnvironment:
    return _BudgetedEnvironment(budget, loader=loader, autoescape=False,
                                undefined=jinja2.StrictUndefined, keep_trailing_newline=False,
                                trim_blocks=True, lstrip_blocks=True)


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
            # Only a regular file inside its folder, read with a bound (a pipe would block).
            if path.resolve().is_relative_to(path.parent.resolve()) and path.is_file():
                with path.open("rb") as f:
                    h.update(f.read(MAX_TEMPLATE_BYTES + 1))
            else:
                h.update(b"-")
        except OSError:
            h.update(b"-")
    return h.hexdigest()


class Wording:
    """Labels and templates for one repository, rendered with the organisation's context.

    Every entry point (a label, a macro, a whole template) runs with a fresh budget and turns
    any failure of a template into a :class:`WordingError` naming the file and line.
    """

    def __init__(self, root: Path | None, context: Mapping[str, Any]) -> None:
        self._context = dict(context)
        self._root = root
        self._budget = _Budget()
        package_env = _environment(jinja2.FileSystemLoader(str(package_templates()),
                                                           encoding="utf-8"), self._budget)
        loaders: list[jinja2.BaseLoader] = []
        folder = repository_templates(root)
        if folder is not None and root is not None:
            loaders.append(_ConfinedLoader(folder, root))
        loaders.append(jinja2.FileSystemLoader(str(package_templates()), encoding="utf-8"))
        self._env = _environment(jinja2.ChoiceLoader(loaders), self._budget)
        self._modules: list[Any] = []
        with self._guard(""):
            labels = folder / LABELS if folder is not None else None
            if (folder is not None and labels is not None and labels.exists()
                    and labels.resolve().is_relative_to((root or folder).resolve())):
                repo_env = _environment(_ConfinedLoader(folder, root or folder), self._budget)
                self._modules.append(
                    repo_env.get_template(LABELS).make_module(vars=self._context))
            self._budget.reset()
            self._modules.append(package_env.get_template(LABELS).make_module(vars=self._context))
        self._cache: dict[str, str] = {}

    def __getitem__(self, name: str) -> str:
        """A fixed label (``{% set name = … %}``)."""
        cached = self._cache.get(name)
        if cached is not None:
            return cached
        value = self._lookup(name)
        with self._guard(f"{name}: "):
            text = _nfc((value() if callable(value) else str(value)).strip())
        self._cache[name] = text
        return text

    def __call__(self, name: str, *args: Any) -> str:
        """A phrase with arguments (``{% macro name(…) %}``)."""
        macro = self._lookup(name)
        with self._guard(f"{name}: "):
            return _nfc(str(macro(*args) if callable(macro) else macro).strip())

    def lines(self, name: str, *args: Any) -> list[str]:
        """A phrase split into its non-empty lines."""
        return [line.strip() for line in self(name, *args).splitlines() if line.strip()]

    def alternatives(self, name: str) -> tuple[str, ...]:
        """A ``|``-separated label as lower-case alternatives."""
        return tuple(a.strip().casefold() for a in self[name].split("|") if a.strip())

    def render(self, template: str, **context: Any) -> str:
        """A whole template (e.g. ``decision.md.j2``) rendered with ``context``."""
        with self._guard(""):
            return _nfc(self._env.get_template(template).render({**self._context, **context}))

    def _lookup(self, name: str) -> Any:
        for module in self._modules:
            value = getattr(module, name, None)
            if value is not None:
                return value
        raise MissingLabel(f"labels.j2: no label or macro named {name!r}",
                           f"labels.j2: không có nhãn hay macro tên {name!r}")

    @contextlib.contextmanager
    def _guard(self, prefix: str) -> Iterator[None]:
        """A fresh budget, and every failure (Jinja2's, the budget's, Python's own such as a
        RecursionError) as a WordingError at the template's file and line."""
        self._budget.reset()
        try:
            yield
        except WordingError:
            raise
        except RecursionError as e:  # a template that includes itself, a recursive loop()
            where = _where(e, self._root)
            raise WordingError(
                f"{where}{prefix}the template calls or includes itself without end (nesting "
                "deeper than Python allows); remove the include of the template itself or "
                "make the macro stop",
                f"{where}{prefix}mẫu tự gọi hoặc tự chèn (include) lại chính nó không dừng; bỏ "
                "lệnh include chính tệp đó hoặc sửa macro để nó dừng") from None
        except Exception as e:  # noqa: BLE001  # a template is user input: never a traceback
            en, vi = _describe(e)
            where = _where(e, self._root)
            raise WordingError(f"{where}{prefix}{en}", f"{where}{prefix}{vi}") from None


def _nfc(text: str) -> str:
    # Templates are edited by hand in any editor; output is always precomposed Vietnamese.
    return unicodedata.normalize("NFC", text)


def _where(e: BaseException, root: Path | None) -> str:
    """``file:line: `` of the innermost template frame of ``e`` (or its own file and line)."""
    filename, line = getattr(e, "filename", None), getattr(e, "lineno", None)
    if not filename:
        tb = e.__traceback__
        while tb is not None:
            template = tb.tb_frame.f_globals.get("__jinja_template__")
            if template is not None and template.filename:
                filename, line = template.filename, template.get_corresponding_lineno(
                    tb.tb_lineno)
            elif "__jinja_exception__" in tb.tb_frame.f_globals:  # Jinja2's rewritten frame
                filename, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
            tb = tb.tb_next
    if not filename:
        return ""
    return f"{_shown(str(filename), root)}:{line}: " if line else f"{_shown(str(filename), root)}: "


def _shown(filename: str, root: Path | None) -> str:
    """A template's path as the user knows it: inside the repository, or qmsdoc's own."""
    path = Path(filename)
    for base, label in ((root, ""), (package_templates().parent.parent, "")):
        if base is None:
            continue
        try:
            return label + path.resolve().relative_to(base.resolve()).as_posix()
        except (ValueError, OSError):
            continue
    return filename


def _describe(e: BaseException) -> tuple[str, str]:
    """(English, Vietnamese) of a template failure, without its place."""
    if isinstance(e, _TemplateProblem):
        return e.en, e.vi
    if isinstance(e, jinja2.TemplateNotFound):  # also a path leading out of templates/
        return (f"{e.name!r} is not a template in the repository's templates/ folder (files "
                "outside the repository are never read)",
                f"{e.name!r} không có trong thư mục templates/ của kho tài liệu (không đọc tệp "
                "ngoài kho)")
    if isinstance(e, jinja2.TemplateError):
        return e.message or str(e), e.message or str(e)
    return f"{type(e).__name__}: {e}", f"{type(e).__name__}: {e}"
