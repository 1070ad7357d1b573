"""Every code's worked example (qmsdoc/diagnostics/docs/examples.yaml) is real: put in the
minimal repository, its ``bad`` source makes ``qmsdoc check`` report the code and its ``good``
source does not (and adds no finding the untouched repository does not have at that place).

Codes whose situation ``check`` cannot reproduce from a source snippet are listed in EXEMPT
with the reason; their examples are marked ``run: false`` and show what the user ran and saw.

A new code needs an entry in examples.yaml (the first test fails until it has one): write the
``bad``/``good`` sources, run the test, and copy the place and arguments of the diagnostic it
reports into ``line``/``column``/``args`` (``at`` when it is reported in another file); a code
check cannot reach gets ``run: false``, a ``command`` and an entry in EXEMPT.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from qmsdoc_testing import BASE_FILES, TODAY, MakeRepo
from typer.testing import CliRunner

from qmsdoc.catalogue import all_rules
from qmsdoc.cli import app
from qmsdoc.cli.rules import rules_markdown
from qmsdoc.commands.check import check_repository
from qmsdoc.commands.rules import Example, example, what_they_see
from qmsdoc.diagnostics.examples import examples

_GIT = "needs a Git history (commits, tags) that a snippet in a folder cannot give"
_BUILD = "reported by qmsdoc build, not by qmsdoc check"
_IMPORT = "reported by qmsdoc import of a Word file, not by qmsdoc check"

#: code: why its example is a situation that is not run.
EXEMPT: dict[str, str] = {
    "QMS009": "the source is binary data (NUL bytes), not text a snippet can hold",
    "QMS016": "an unreadable file is a permission or a dangling link, not a source text",
    "QMS021": "a FIFO or device named like a source is made by mkfifo, not written as text",
    "QMS022": "a file name that is not UTF-8 cannot be given as text",
    "QMS023": "needs a chain of folders more than 64 deep, not a source text",
    "QMS024": "a nested Git repository is a folder with its own .git, not a source text",
    **{c: _GIT for c in ("QMS701", "QMS703", "QMS704", "QMS711", "QMS713", "QMS714")},
    "QMS710": "the minimal repository is not in Git already: QMS710 is its normal state",
    "QMS712": "needs a computer where git is missing or fails",
    "QMS720": "reported by qmsdoc diff on a file unreadable at a past release",
    **{c: "reported by qmsdoc build for an amending decision: needs the releases in Git"
       for c in ("QMS725", "QMS726", "QMS727", "QMS728")},
    **{c: _BUILD for c in (
        "QMS801", "QMS802", "QMS804", "QMS806", "QMS807", "QMS808", "QMS809", "QMS810", "QMS811",
        "QMS812", "QMS820", "QMS821", "QMS830", "QMS836", "QMS840")},
    **{c: _IMPORT for c in (
        "QMS900", "QMS901", "QMS902", "QMS903", "QMS904", "QMS905", "QMS906", "QMS907", "QMS908",
        "QMS909", "QMS910", "QMS911", "QMS912", "QMS913", "QMS914", "QMS915", "QMS916", "QMS917",
        "QMS918", "QMS919")},
}

RUN = sorted(c for c, ex in examples().items() if ex.run)

_TOP_KEY = re.compile(r"[A-Za-z_][\w-]*:")


def _blocks(text: str) -> list[tuple[str, str]]:
    """Top-level (key, block text) pairs of a YAML mapping written in block style."""
    out: list[tuple[str, str]] = []
    for line in text.splitlines(keepends=True):
        m = _TOP_KEY.match(line)
        if m or not out:
            out.append((m.group(0)[:-1] if m else "", line))
        else:
            out[-1] = (out[-1][0], out[-1][1] + line)
    return out


def _merge_yaml(base: str, excerpt: str) -> str:
    """``base`` with the top-level keys of ``excerpt`` in place of its own (a key given twice in
    the excerpt stays twice); keys the base lacks are appended."""
    blocks = _blocks(base)
    new = _blocks(excerpt)
    done: set[str] = set()
    result: list[str] = []
    for key, text in blocks:
        mine = [t for k, t in new if k == key] if key else []
        if mine and key not in done:
            result += mine
            done.add(key)
        else:
            result.append(text)
    result += [t for k, t in new if k not in done and k not in {b for b, _ in blocks}]
    return "".join(result)


def _apply(text: str, excerpt: bool, name: str, snippet: str) -> str:
    if not excerpt:
        return snippet
    if name.endswith(".md"):
        _, front, body = text.split("---\n", 2)
        return "---\n" + _merge_yaml(front, snippet) + "---\n" + body
    return _merge_yaml(text, snippet)


Finding = tuple[str, str, int, int, str]


def _findings(root: Path) -> set[Finding]:
    # Paths in messages relative to the repository, as the examples show them.
    def rel(text: str) -> str:
        return text.replace(f"{root}/", "").replace(str(root), ".")

    return {(d.code, d.span.path, d.span.line, d.span.column, rel(d.en))
            for d in check_repository(root, today=TODAY).diagnostics}


def _write(root: Path, name: str, text: str, encoding: str = "utf-8") -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))


def _findings_with(make_repo: MakeRepo, ex: Example, fixed: bool) -> set[Finding]:
    root = make_repo()
    assert not ex.excerpt or ex.file in BASE_FILES, f"{ex.code}: an excerpt of a missing file"
    for name, text in ex.given.items():
        _write(root, name, _apply(BASE_FILES[name], True, name, text)
               if name in BASE_FILES else text)
    snippet = ex.good if fixed else ex.bad
    _write(root, ex.file, _apply(BASE_FILES.get(ex.file, ""), ex.excerpt, ex.file, snippet),
           "utf-8" if fixed else ex.encoding)
    return _findings(root)


@pytest.fixture(scope="module")
def untouched(tmp_path_factory: pytest.TempPathFactory) -> set[Finding]:
    """What the untouched minimal repository reports (QMS710: not in Git, QMS505: clauses no
    document addresses, …)."""
    root = tmp_path_factory.mktemp("untouched")
    for name, text in BASE_FILES.items():
        _write(root, name, text)
    return _findings(root)


def test_every_code_has_an_example_and_no_example_is_of_an_unknown_code() -> None:
    codes = {r.code for r in all_rules()}
    assert sorted(codes - set(examples())) == []
    assert sorted(set(examples()) - codes) == []


def test_exactly_the_exempt_codes_are_not_run() -> None:
    codes = {r.code for r in all_rules()}
    not_run = {c for c, ex in examples().items() if not ex.run}
    assert sorted(not_run) == sorted(EXEMPT)
    assert sorted(set(EXEMPT) - codes) == []


@pytest.mark.parametrize("code", RUN)
def test_the_bad_source_reports_the_code(make_repo: MakeRepo, code: str) -> None:
    # A finding of the code that the fixed source does not have: for the codes the untouched
    # repository reports already (QMS505, QMS513) this is the finding the example is about.
    ex = examples()[code]
    assert ex.good and ex.file and not ex.command, code
    bad = _findings_with(make_repo, ex, fixed=False)
    good = _findings_with(make_repo, ex, fixed=True)
    assert code in {f[0] for f in bad - good}, sorted(bad)
    # The diagnostic the example shows is one check reports, word for word.
    rule = next(r for r in all_rules() if r.code == code)
    shown = what_they_see(rule, ex)
    reported = sorted(f for f in bad - good if f[0] == code)
    assert (code, shown.span.path, shown.span.line, shown.span.column, shown.en) in reported, \
        f"the example shows {shown.span} {shown.en!r}; check reports {reported}"


@pytest.mark.parametrize("code", RUN)
def test_the_fixed_source_does_not(make_repo: MakeRepo, code: str,
                                   untouched: set[Finding]) -> None:
    # Nor anything else at a place the untouched repository has no finding: a fix that trades
    # one finding for another is no example. (At the same place the wording may change: the
    # count of clauses still missing, in QMS505.)
    ex = examples()[code]
    places = {f[:4] for f in untouched}
    new = sorted(f for f in _findings_with(make_repo, ex, fixed=True) if f[:4] not in places)
    assert new == []


@pytest.mark.parametrize("code", sorted(examples()))
def test_every_example_words_its_diagnostic_fully(code: str) -> None:
    ex = examples()[code]
    rule = next(r for r in all_rules() if r.code == code)
    seen = what_they_see(rule, ex)
    assert ex.file and (ex.command or ex.run), code
    for text in (seen.vi, seen.en, seen.hint_vi, seen.hint_en):
        assert not re.search(r"\{[a-z_]+\}", text), (code, text)  # every placeholder filled


def test_rules_code_prints_the_example_in_the_chosen_language() -> None:
    ex = example("QMS202")
    assert ex is not None
    vi = CliRunner().invoke(app, ["rules", "QMS202", "--lang", "vi"]).stdout
    en = CliRunner().invoke(app, ["rules", "QMS202", "--lang", "en"]).stdout
    first_bad = ex.bad.strip().splitlines()[0]
    first_good = ex.good.strip().splitlines()[0]
    for out, labels in ((vi, ("Ví dụ", "Sửa thành")), (en, ("Example", "Fixed"))):
        assert labels[0] in out and labels[1] in out
        assert first_bad in out and first_good in out
        assert out.index(labels[0]) < out.index(first_bad) < out.index(labels[1])


def test_json_carries_the_example() -> None:
    (entry,) = json.loads(CliRunner().invoke(app, ["rules", "QMS311", "-f", "json"]).stdout)
    ex = example("QMS311")
    assert ex is not None and entry["example"]["bad"] == ex.bad
    assert entry["example"]["given"] == ex.given and entry["example"]["run"] is True


def test_an_empty_source_is_labelled_as_such() -> None:
    out = CliRunner().invoke(app, ["rules", "QMS008", "--lang", "en"]).stdout
    assert "(empty file):" in out


def test_a_situation_prints_what_the_user_ran_and_saw() -> None:
    out = CliRunner().invoke(app, ["rules", "QMS806", "--lang", "en"]).stdout
    ex = example("QMS806")
    assert ex is not None and ex.command in out and "QMS806" in out.split("Example", 1)[1]


def test_the_markdown_reference_holds_every_example() -> None:
    md = rules_markdown(all_rules())
    for code, ex in examples().items():
        section = md.split(f"\n## {code}\n", 1)[1].split("\n## ", 1)[0]
        assert "**Ví dụ / Example**" in section, code
        for snippet in (ex.bad, ex.good):
            if snippet:
                assert snippet.rstrip("\n") in section, code
